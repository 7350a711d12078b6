// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vbox-automount state file (see automount_state.h).
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "services/vbox-automount/automount_paths.h"
#include "services/vbox-automount/automount_state.h"

static void share_free(gpointer data)
{
	struct automount_state_share *s = data;

	g_free(s->name);
	g_free(s->status);
	g_free(s->mount_point);
	g_free(s->reason);
	g_free(s->note);
	g_free(s);
}

struct automount_state *automount_state_new(gint64 pid, gboolean user_mode,
					    const char *device)
{
	struct automount_state *st = g_new0(struct automount_state, 1);

	st->pid = pid;
	st->user_mode = user_mode;
	st->device = g_strdup(device);
	st->shares = g_ptr_array_new_with_free_func(share_free);
	return st;
}

void automount_state_add(struct automount_state *st,
			 const struct automount_state_share *share)
{
	struct automount_state_share *s = g_new0(struct automount_state_share,
						 1);

	s->name = g_strdup(share->name);
	s->status = g_strdup(share->status);
	s->mount_point = g_strdup(share->mount_point);
	s->reason = g_strdup(share->reason);
	s->note = g_strdup(share->note);
	s->helper_pid = share->helper_pid;
	g_ptr_array_add(st->shares, s);
}

static void set_optional(GKeyFile *kf, const char *group, const char *key,
			 const char *value)
{
	if (value)
		g_key_file_set_string(kf, group, key, value);
}

gboolean automount_state_write(const struct automount_state *st,
			       const char *path, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree gchar *data = NULL;
	gsize len;
	guint i;

	g_key_file_set_int64(kf, "agent", "pid", st->pid);
	g_key_file_set_string(kf, "agent", "mode",
			      st->user_mode ? "user" : "system");
	set_optional(kf, "agent", "device", st->device);
	for (i = 0; i < st->shares->len; i++) {
		const struct automount_state_share *s = st->shares->pdata[i];
		g_autofree gchar *group = g_strdup_printf("share.%u", i);

		g_key_file_set_string(kf, group, "name", s->name);
		g_key_file_set_string(kf, group, "status", s->status);
		set_optional(kf, group, "mount-point", s->mount_point);
		set_optional(kf, group, "reason", s->reason);
		set_optional(kf, group, "note", s->note);
		if (s->helper_pid)
			g_key_file_set_int64(kf, group, "helper-pid",
					     s->helper_pid);
	}
	data = g_key_file_to_data(kf, &len, NULL);
	return g_file_set_contents_full(path, data, (gssize)len,
					G_FILE_SET_CONTENTS_CONSISTENT, 0644,
					error);
}

struct automount_state *automount_state_read(const char *path, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_auto(GStrv) groups = NULL;
	g_autofree gchar *mode = NULL;
	g_autofree gchar *device = NULL;
	struct automount_state *st;
	size_t i;

	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, error))
		return NULL;
	mode = g_key_file_get_string(kf, "agent", "mode", NULL);
	device = g_key_file_get_string(kf, "agent", "device", NULL);
	st = automount_state_new(g_key_file_get_int64(kf, "agent", "pid",
						      NULL),
				 g_strcmp0(mode, "user") == 0, device);
	groups = g_key_file_get_groups(kf, NULL);
	for (i = 0; groups[i]; i++) {
		struct automount_state_share s = { 0 };

		if (!g_str_has_prefix(groups[i], "share."))
			continue;
		s.name = g_key_file_get_string(kf, groups[i], "name", NULL);
		s.status = g_key_file_get_string(kf, groups[i], "status",
						 NULL);
		s.mount_point = g_key_file_get_string(kf, groups[i],
						      "mount-point", NULL);
		s.reason = g_key_file_get_string(kf, groups[i], "reason",
						 NULL);
		s.note = g_key_file_get_string(kf, groups[i], "note", NULL);
		s.helper_pid = g_key_file_get_int64(kf, groups[i],
						    "helper-pid", NULL);
		if (s.name && s.status)
			automount_state_add(st, &s);
		g_free(s.name);
		g_free(s.status);
		g_free(s.mount_point);
		g_free(s.reason);
		g_free(s.note);
	}
	return st;
}

const struct automount_state_share *
automount_state_find(const struct automount_state *st, const char *name)
{
	guint i;

	for (i = 0; i < st->shares->len; i++) {
		const struct automount_state_share *s = st->shares->pdata[i];

		if (automount_share_name_equal(s->name, name))
			return s;
	}
	return NULL;
}

void automount_state_free(struct automount_state *st)
{
	if (!st)
		return;
	g_ptr_array_unref(st->shares);
	g_free(st->device);
	g_free(st);
}
