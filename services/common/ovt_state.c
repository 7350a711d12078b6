// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Agent state files: see ovt_state.h.
 */
#include "config.h"

#include "services/common/ovt_state.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef OVT_RUNSTATEDIR
#define OVT_RUNSTATEDIR "/run"
#endif

struct ovt_state {
	char *path;
	GKeyFile *kf;
	bool dirty;
	guint idle_id;
};

char *ovt_state_dir(enum ovt_state_scope scope)
{
	const char *dir;

	if (scope == OVT_STATE_SYSTEM) {
		dir = g_getenv("OVT_RUNSTATE_DIR");
		if (dir && *dir)
			return g_strdup(dir);
		return g_build_filename(OVT_RUNSTATEDIR, "open-vbox-tools",
					NULL);
	}
	dir = g_getenv("XDG_RUNTIME_DIR");
	if (!dir || !*dir)
		return NULL;
	return g_build_filename(dir, "open-vbox-tools", NULL);
}

static char *iso_time_now(void)
{
	GDateTime *now = g_date_time_new_now_utc();
	char *s = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");

	g_date_time_unref(now);
	return s;
}

guint64 ovt_state_process_start(gint64 pid)
{
	char path[64], *text = NULL, *p;
	guint64 start = 0;
	int field;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%" G_GINT64_FORMAT "/stat", pid);
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return 0;
	/* The command name may hold spaces and parentheses: fields are
	 * counted from the last ')', which ends field 2. */
	p = strrchr(text, ')');
	for (field = 2; p && field < 22; field++) {
		p = strchr(p + 1, ' ');
		if (p)
			while (p[1] == ' ')
				p++;
	}
	if (p)
		start = g_ascii_strtoull(p + 1, NULL, 10);
	g_free(text);
	return start;
}

bool ovt_state_file_alive(GKeyFile *kf)
{
	gint64 pid;
	guint64 want;

	pid = g_key_file_get_int64(kf, OVT_STATE_GROUP_AGENT, "pid", NULL);
	want = g_key_file_get_uint64(kf, OVT_STATE_GROUP_AGENT, "pid-start",
				     NULL);
	return pid > 0 && want && ovt_state_process_start(pid) == want;
}

struct ovt_state *ovt_state_open_path(const char *name, const char *instance,
				      const char *path, GError **error)
{
	struct ovt_state *st;
	char *since;

	g_return_val_if_fail(name && path, NULL);
	st = g_new0(struct ovt_state, 1);
	st->path = g_strdup(path);
	st->kf = g_key_file_new();
	g_key_file_set_string(st->kf, OVT_STATE_GROUP_AGENT, "name", name);
	if (instance)
		g_key_file_set_string(st->kf, OVT_STATE_GROUP_AGENT, "instance",
				      instance);
	g_key_file_set_int64(st->kf, OVT_STATE_GROUP_AGENT, "pid", getpid());
	g_key_file_set_uint64(st->kf, OVT_STATE_GROUP_AGENT, "pid-start",
			      ovt_state_process_start(getpid()));
	since = iso_time_now();
	g_key_file_set_string(st->kf, OVT_STATE_GROUP_AGENT, "since", since);
	g_free(since);
	g_key_file_set_string(st->kf, OVT_STATE_GROUP_AGENT, "host",
			      OVT_STATE_HOST_CONNECTING);
	st->dirty = true;
	if (!ovt_state_flush(st, error)) {
		ovt_state_close(st, false);
		return NULL;
	}
	return st;
}

char *ovt_state_display_instance(const char *display)
{
	char *s = g_strdup(display), *colon = strrchr(s, ':'), *dot;

	if (colon) {
		dot = strchr(colon, '.');
		if (dot)
			*dot = '\0';
	}
	g_strdelimit(s, "/", '_');
	return s;
}

struct ovt_state *ovt_state_open(const char *name, const char *instance,
				 enum ovt_state_scope scope, GError **error)
{
	struct ovt_state *st;
	char *dir, *file, *path;

	dir = ovt_state_dir(scope);
	if (!dir) {
		g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
				    "XDG_RUNTIME_DIR is not set");
		return NULL;
	}
	if (g_mkdir_with_parents(dir, 0755) < 0) {
		int e = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "cannot create %s: %s", dir, g_strerror(e));
		g_free(dir);
		return NULL;
	}
	if (instance)
		file = g_strdup_printf("%s@%s.state", name, instance);
	else
		file = g_strdup_printf("%s.state", name);
	path = g_build_filename(dir, file, NULL);
	st = ovt_state_open_path(name, instance, path, error);
	g_free(path);
	g_free(file);
	g_free(dir);
	return st;
}

const char *ovt_state_path(const struct ovt_state *st)
{
	return st->path;
}

GKeyFile *ovt_state_keyfile(struct ovt_state *st)
{
	return st->kf;
}

static gboolean write_when_idle(gpointer data)
{
	struct ovt_state *st = data;
	GError *error = NULL;

	st->idle_id = 0;
	if (!ovt_state_flush(st, &error)) {
		g_warning("cannot write the state file %s: %s", st->path,
			  error->message);
		g_error_free(error);
	}
	return G_SOURCE_REMOVE;
}

void ovt_state_changed(struct ovt_state *st)
{
	if (!st)
		return;
	st->dirty = true;
	if (!st->idle_id)
		st->idle_id = g_idle_add(write_when_idle, st);
}

/* One line: a newline in a value would end the key file's line. */
static void set_line(struct ovt_state *st, const char *group, const char *key,
		     char *value)
{
	g_strdelimit(value, "\r\n", ' ');
	g_key_file_set_string(st->kf, group, key, value);
	ovt_state_changed(st);
}

void ovt_state_set(struct ovt_state *st, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *value, *old;

	if (!st)
		return;
	va_start(ap, fmt);
	value = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_strdelimit(value, "\r\n", ' ');
	old = g_key_file_get_string(st->kf, OVT_STATE_GROUP_STATE, key, NULL);
	/* The same value again changes nothing: no write. */
	if (!old || strcmp(old, value))
		set_line(st, OVT_STATE_GROUP_STATE, key, value);
	g_free(old);
	g_free(value);
}

void ovt_state_unset(struct ovt_state *st, const char *key)
{
	if (st &&
	    g_key_file_remove_key(st->kf, OVT_STATE_GROUP_STATE, key, NULL))
		ovt_state_changed(st);
}

void ovt_state_host(struct ovt_state *st, const char *host)
{
	char *old;

	if (!st)
		return;
	old = g_key_file_get_string(st->kf, OVT_STATE_GROUP_AGENT, "host",
				    NULL);
	if (!old || strcmp(old, host)) {
		g_key_file_set_string(st->kf, OVT_STATE_GROUP_AGENT, "host",
				      host);
		ovt_state_changed(st);
	}
	g_free(old);
}

void ovt_state_error(struct ovt_state *st, const char *fmt, ...)
{
	va_list ap;
	char *msg, *when;

	if (!st)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	when = iso_time_now();
	g_key_file_set_string(st->kf, OVT_STATE_GROUP_AGENT, "last-error-time",
			      when);
	set_line(st, OVT_STATE_GROUP_AGENT, "last-error", msg);
	g_free(when);
	g_free(msg);
}

bool ovt_state_flush(struct ovt_state *st, GError **error)
{
	char *text;
	gsize len;
	bool ok;

	if (!st->dirty)
		return true;
	text = g_key_file_to_data(st->kf, &len, NULL);
	/* g_file_set_contents() writes a temporary file and renames it. */
	ok = g_file_set_contents_full(st->path, text, (gssize)len,
				      G_FILE_SET_CONTENTS_CONSISTENT, 0644,
				      error);
	g_free(text);
	if (ok)
		st->dirty = false;
	return ok;
}

void ovt_state_close(struct ovt_state *st, bool remove)
{
	if (!st)
		return;
	if (st->idle_id)
		g_source_remove(st->idle_id);
	if (remove)
		unlink(st->path);
	else
		ovt_state_flush(st, NULL);
	g_key_file_free(st->kf);
	g_free(st->path);
	g_free(st);
}
