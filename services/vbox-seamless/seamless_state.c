// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-seamless's file names and state file (see seamless_state.h).
 */
#include "config.h"

#define G_LOG_DOMAIN "vbox-seamless"

#include "services/vbox-seamless/seamless_state.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

static bool safe_char(char c)
{
	return g_ascii_isalnum(c) || c == '.' || c == '-' || c == '_';
}

static void append_safe(GString *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		g_string_append_c(s, safe_char(p[i]) ? p[i] : '_');
}

char *seamless_display_key(const char *display)
{
	GString *s = g_string_new(NULL);
	const char *colon, *number, *dot;

	if (!display)
		display = "";
	colon = strrchr(display, ':');
	if (!colon) {
		append_safe(s, display, strlen(display));
	} else {
		if (colon > display) {
			append_safe(s, display, (size_t)(colon - display));
			g_string_append_c(s, '_');
		}
		number = colon + 1;
		dot = strchr(number, '.');
		append_safe(s, number,
			    dot ? (size_t)(dot - number) : strlen(number));
	}
	if (!s->len)
		g_string_append_c(s, '_');
	return g_string_free(s, FALSE);
}

char *seamless_runtime_dir(void)
{
	const char *env = g_getenv("XDG_RUNTIME_DIR");

	if (env && env[0])
		return g_build_filename(env, "open-vbox-tools", NULL);
	return g_strdup_printf("/run/user/%u/open-vbox-tools",
			       (unsigned int)getuid());
}

static void append_line(GString *s, const char *key, const char *value)
{
	const char *p;

	g_string_append_printf(s, "%s: ", key);
	for (p = value; *p; p++)
		g_string_append_c(s, *p == '\n' || *p == '\r' ? ' ' : *p);
	g_string_append_c(s, '\n');
}

char *seamless_state_format(const struct seamless_state *st)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, "pid: %" G_GINT64_FORMAT "\n", st->pid);
	append_line(s, "display", st->display ? st->display : "");
	append_line(s, "host",
		    st->host_connected ? "connected" : "reconnecting");
	append_line(s, "seamless", st->seamless ? "on" : "off");
	g_string_append_printf(s, "rects: %zu\n", st->rects);
	append_line(s, "last_error", st->last_error ? st->last_error : "none");
	return g_string_free(s, FALSE);
}

struct seamless_state_file {
	char *path;
	char *written; /* what the file holds, NULL: unknown or absent */
	bool failing;  /* the last write failed (logged) */
};

struct seamless_state_file *seamless_state_file_new(const char *path)
{
	struct seamless_state_file *sf = g_new0(struct seamless_state_file, 1);

	sf->path = g_strdup(path);
	return sf;
}

bool seamless_state_file_update(struct seamless_state_file *sf,
				const struct seamless_state *st)
{
	g_autofree char *text = seamless_state_format(st);
	g_autoptr(GError) error = NULL;

	if (sf->written && !strcmp(sf->written, text))
		return true;
	if (!g_file_set_contents_full(sf->path, text, -1,
				      G_FILE_SET_CONTENTS_CONSISTENT, 0644,
				      &error)) {
		if (!sf->failing)
			g_warning("cannot write the state file: %s",
				  error->message);
		sf->failing = true;
		return false;
	}
	sf->failing = false;
	g_free(sf->written);
	sf->written = g_steal_pointer(&text);
	return true;
}

void seamless_state_file_remove(struct seamless_state_file *sf)
{
	if (g_unlink(sf->path) < 0 && errno != ENOENT)
		g_info("cannot remove %s: %s", sf->path, g_strerror(errno));
	g_clear_pointer(&sf->written, g_free);
}

void seamless_state_file_free(struct seamless_state_file *sf)
{
	if (!sf)
		return;
	g_free(sf->path);
	g_free(sf->written);
	g_free(sf);
}
