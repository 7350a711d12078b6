// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the configuration reader (services/common/ovt_config)
 * and its hand-written line scans.
 *
 * Input layout:
 *   byte 0	which section to read (an index into sections[], modulo)
 *   bytes 1-	the file's text
 *
 * Checked: the reader either applies the section or leaves the settings
 * as they were and gives one line naming the file; every line number the
 * scans give lies within the text; a successful read gives values within
 * the table's bounds.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "services/common/ovt_config.h"

struct settings {
	gboolean flag;
	gint64 count, mode, size;
	gchar *name, *dir, *kind;
};

static const char *const kinds[] = { "auto", "order", NULL };

static const struct ovt_config_key keys[] = {
	{ "flag", OVT_CONFIG_BOOL, offsetof(struct settings, flag), 0, 0, NULL,
	  NULL, FALSE },
	{ "count", OVT_CONFIG_INT, offsetof(struct settings, count), -5, 100,
	  NULL, NULL, FALSE },
	{ "mode", OVT_CONFIG_OCTAL, offsetof(struct settings, mode), 0, 07777,
	  NULL, NULL, TRUE },
	{ "size", OVT_CONFIG_SIZE, offsetof(struct settings, size), 4096,
	  1 << 30, NULL, NULL, FALSE },
	{ "name", OVT_CONFIG_STRING, offsetof(struct settings, name), 0, 64,
	  NULL, NULL, TRUE },
	{ "dir", OVT_CONFIG_PATH, offsetof(struct settings, dir), 0, 4096, NULL,
	  NULL, FALSE },
	{ "kind", OVT_CONFIG_ENUM, offsetof(struct settings, kind), 0, 0, kinds,
	  NULL, FALSE },
	OVT_CONFIG_KEY_END
};

static const char *const sections[] = { "vbox-balloon", "vbox-automount",
					"vbox-display", "nonexistent" };

static const struct settings defaults = {
	.count = 10,
	.mode = -1,
	.size = 8192,
	.name = (gchar *)"def",
	.dir = (gchar *)"/media",
	.kind = (gchar *)"auto",
};

static unsigned int count_lines(const char *text, size_t len)
{
	unsigned int n = 1;
	size_t i;

	for (i = 0; i < len; i++)
		n += text[i] == '\n';
	return n;
}

static void check_settings(const struct settings *s)
{
	if (s->count < -5 || s->count > 100 || s->mode < -1 ||
	    s->mode > 07777 || s->size < 4096 || s->size > (1 << 30) ||
	    (s->name && strlen(s->name) > 64) || !s->dir || s->dir[0] != '/' ||
	    !s->kind || !g_strv_contains(kinds, s->kind))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *section, *text;
	struct settings s = { 0 };
	GError *error = NULL;
	unsigned int lines, line;
	size_t len, i;

	if (size < 1)
		return 0;
	section = sections[data[0] % G_N_ELEMENTS(sections)];
	text = (const char *)data + 1;
	len = size - 1;
	lines = count_lines(text, len);

	line = ovt_config_find_bad_line(text, len);
	if (line > lines)
		abort();
	for (i = 0; keys[i].name; i++) {
		line = ovt_config_find_line(text, len, section, keys[i].name);
		if (line > lines)
			abort();
	}
	if (ovt_config_find_line(text, len, section, NULL) > lines)
		abort();

	ovt_config_copy(keys, &s, &defaults);
	if (ovt_config_read_data("fuzz.conf", text, len, section, keys, &s,
				 NULL, &error)) {
		if (error)
			abort();
		check_settings(&s);
	} else {
		if (!error || !g_str_has_prefix(error->message, "fuzz.conf") ||
		    strchr(error->message, '\n'))
			abort();
		/* nothing applied */
		if (s.count != 10 || strcmp(s.name, "def") != 0)
			abort();
		g_error_free(error);
	}
	for (i = 0; keys[i].name; i++) {
		g_autofree gchar *v = ovt_config_format(&keys[i], &s);

		if (!v)
			abort();
	}
	ovt_config_free(keys, &s);
	return 0;
}
