/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-display's state file: "key: value" lines, one per fact, written
 * atomically (a reader sees the old file or the new one, never half of
 * one) and removed when the agent stops cleanly.
 *
 *   pid: 1234
 *   display: :1
 *   device: /dev/vboxuser
 *   host: connected            (or: reconnecting)
 *   request: 0:1366x768,primary 1:1024x768@1366,0
 *   layout: DUMMY0=1366x768+0+0,primary DUMMY1=1024x768+1366+0
 *   screen: 2390x768
 *   applied: 3                 (layouts applied since the start)
 *   last_error: none
 *
 * Default place: $XDG_RUNTIME_DIR/open-vbox-tools/vbox-display.DISPLAY.state
 */
#ifndef DISPLAY_STATE_H
#define DISPLAY_STATE_H

#include <glib.h>

struct display_state {
	GString *text;
};

/* Start an empty state. */
void display_state_init(struct display_state *st);

/* Append "key: value"; line breaks in the value become blanks. */
void display_state_add(struct display_state *st, const char *key,
		       const char *value);

/**
 * display_state_write - write the state to @path atomically (mode 0644)
 * and clear it.
 * @st: the state
 * @path: the file; its directory must exist
 * @error: receives the reason of a failure
 *
 * Return: TRUE or FALSE.
 */
gboolean display_state_write(struct display_state *st, const char *path,
			     GError **error);

/* Free what the state holds (also after a write). */
void display_state_clear(struct display_state *st);

#endif /* DISPLAY_STATE_H */
