/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where vbox-seamless keeps its files, and its state file: one
 * "key: value" line each for
 *
 *   pid: 1234
 *   display: :0
 *   host: connected          (or reconnecting)
 *   seamless: on             (or off)
 *   rects: 12                (in the last region sent; 0 when off)
 *   last_error: none         (or the last problem, on one line)
 *
 * in $XDG_RUNTIME_DIR/open-vbox-tools/vbox-seamless.DISPLAY.state, next to
 * the pidfile vbox-seamless.DISPLAY.pid.  The file is replaced atomically
 * (a reader sees the old or the new state, never half of one), rewritten
 * only when a value changes, and removed when the agent stops.
 */
#ifndef SEAMLESS_STATE_H
#define SEAMLESS_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

struct seamless_state {
	gint64 pid;
	const char *display;
	bool host_connected;
	bool seamless;
	size_t rects;
	const char *last_error; /* NULL: none */
};

/**
 * seamless_display_key - the part of the file names that names a display.
 * @display: an X display name, "[HOST]:NUMBER[.SCREEN]"
 *
 * The screen is dropped (one agent serves a display); a host is kept,
 * joined with '_'; any character other than letters, digits, '.', '-' and
 * '_' becomes '_'.  ":0" gives "0", ":1.0" gives "1", "box:10.0" gives
 * "box_10", "/tmp/launch-x/org.x:0" gives "_tmp_launch-x_org.x_0".
 *
 * Return: a newly allocated string (never empty).
 */
char *seamless_display_key(const char *display);

/**
 * seamless_runtime_dir - the directory of the agent's pidfile and state
 * file: $XDG_RUNTIME_DIR/open-vbox-tools, or /run/user/UID/open-vbox-tools
 * when the variable is unset or empty.
 *
 * Return: a newly allocated path.
 */
char *seamless_runtime_dir(void);

/**
 * seamless_state_format - the text of a state file.
 * @st: the state
 *
 * Line breaks in the display name or the error become blanks.
 *
 * Return: a newly allocated string.
 */
char *seamless_state_format(const struct seamless_state *st);

struct seamless_state_file;

/**
 * seamless_state_file_new - a state file at @path, not written yet.
 * @path: the file (its directory must exist)
 *
 * Return: the state file.
 */
struct seamless_state_file *seamless_state_file_new(const char *path);

/**
 * seamless_state_file_update - write the state if it differs from what
 * the file holds.
 * @sf: the state file
 * @st: the state
 *
 * A failure is logged once (until a write succeeds again).
 *
 * Return: true if the file holds @st.
 */
bool seamless_state_file_update(struct seamless_state_file *sf,
				const struct seamless_state *st);

/**
 * seamless_state_file_remove - remove the file (it is written again by the
 * next update).
 * @sf: the state file
 */
void seamless_state_file_remove(struct seamless_state_file *sf);

/**
 * seamless_state_file_free - free; the file stays.  NULL is ignored.
 * @sf: the state file
 */
void seamless_state_file_free(struct seamless_state_file *sf);

#endif /* SEAMLESS_STATE_H */
