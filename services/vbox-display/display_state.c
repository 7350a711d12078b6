// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-display's state file (see display_state.h).
 */
#include "config.h"

#include "services/vbox-display/display_state.h"

#include <string.h>

void display_state_init(struct display_state *st)
{
	st->text = g_string_new(NULL);
}

void display_state_add(struct display_state *st, const char *key,
		       const char *value)
{
	const char *p;

	g_string_append_printf(st->text, "%s: ", key);
	for (p = value ? value : ""; *p; p++)
		g_string_append_c(st->text,
				  *p == '\n' || *p == '\r' ? ' ' : *p);
	g_string_append_c(st->text, '\n');
}

gboolean display_state_write(struct display_state *st, const char *path,
			     GError **error)
{
	gboolean ok = g_file_set_contents_full(
		path, st->text->str, (gssize)st->text->len,
		G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);

	g_string_truncate(st->text, 0);
	return ok;
}

void display_state_clear(struct display_state *st)
{
	if (st->text)
		g_string_free(st->text, TRUE);
	st->text = NULL;
}
