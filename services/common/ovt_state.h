/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Agent state, one mechanism for every agent: what `vboxctl status` shows.
 *
 * Each running agent keeps one state file, a GLib key file rewritten
 * atomically (write to a temporary file, rename) and removed on a clean
 * exit:
 *
 *   [agent]
 *   name=vbox-clipboard
 *   instance=:0           (session agents: the X display; else absent)
 *   pid=1234
 *   pid-start=123456      (the process's start time in clock ticks since
 *                         boot, /proc/PID/stat field 22: tells a live agent
 *                         from a stale file whose PID was reused)
 *   since=2026-12-02T03:10:00Z
 *   host=connected        (or lost, or connecting)
 *   last-error=...        (absent until the first error)
 *   last-error-time=...
 *
 *   [state]               (what the agent is doing: its own keys)
 *   owner=host
 *
 * Agents may add groups of their own (vbox-automount: one per share).
 *
 * Where: system agents in $OVT_RUNSTATE_DIR, else RUNSTATEDIR/open-vbox-tools;
 * session agents in $XDG_RUNTIME_DIR/open-vbox-tools.  The file is named
 * NAME.state, or NAME@INSTANCE.state for per-display agents.
 *
 * Changes made during one main-loop iteration are written once, from an
 * idle callback of the default main context: an agent that changes nothing
 * writes nothing and wakes no one.
 *
 * An agent that cannot open its state file (an unwritable directory) logs
 * it and keeps working without one: ovt_state_set(), _unset(), _host(),
 * _error() and _changed() take a NULL state and then record nothing.
 */
#ifndef OVT_STATE_H
#define OVT_STATE_H

#include <stdbool.h>

#include <glib.h>

enum ovt_state_scope {
	OVT_STATE_SYSTEM,
	OVT_STATE_SESSION,
};

#define OVT_STATE_GROUP_AGENT "agent"
#define OVT_STATE_GROUP_STATE "state"

#define OVT_STATE_HOST_CONNECTING "connecting"
#define OVT_STATE_HOST_CONNECTED  "connected"
#define OVT_STATE_HOST_LOST	  "lost"

struct ovt_state;

/**
 * ovt_state_dir - the directory state files of a scope live in.
 * @scope: system or session
 *
 * Return: a newly allocated path, or NULL for the session scope when
 * $XDG_RUNTIME_DIR is not set.
 */
char *ovt_state_dir(enum ovt_state_scope scope);

/**
 * ovt_state_display_instance - the instance name of a per-display agent.
 * @display: an X display name, "[HOST]:NUMBER[.SCREEN]" (DisplayString())
 *
 * The screen is dropped (one agent serves a display) and '/' becomes '_'
 * (a launchd-style path must not make directories): ":0" and ":0.0" give
 * ":0", "box:10.1" gives "box:10".
 *
 * Return: a newly allocated string.
 */
char *ovt_state_display_instance(const char *display);

/**
 * ovt_state_open - start publishing an agent's state.
 * @name: the agent's name ("vbox-balloon")
 * @instance: for per-display agents the display (":0"), else NULL
 * @scope: where the file goes
 * @error: receives the reason of a failure
 *
 * Creates the directory (0755) if needed and writes the file at once with
 * the [agent] group filled in and host=connecting.
 *
 * Return: the state, or NULL.
 */
struct ovt_state *ovt_state_open(const char *name, const char *instance,
				 enum ovt_state_scope scope, GError **error);

/**
 * ovt_state_open_path - as ovt_state_open(), at an explicit path.
 * @name: the agent's name
 * @instance: the instance, or NULL
 * @path: the state file
 * @error: receives the reason of a failure
 *
 * Return: the state, or NULL.
 */
struct ovt_state *ovt_state_open_path(const char *name, const char *instance,
				      const char *path, GError **error);

/**
 * ovt_state_path - the file an agent's state is written to.
 * @st: the state
 *
 * Return: the path (owned by @st).
 */
const char *ovt_state_path(const struct ovt_state *st);

/**
 * ovt_state_set - set one key of the [state] group.
 * @st: the state, or NULL
 * @key: the key (letters, digits and '-')
 * @fmt: printf format of the value; the value is one line (newlines
 *	become spaces)
 *
 * Setting the value a key already has changes nothing (and writes nothing).
 */
void ovt_state_set(struct ovt_state *st, const char *key, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

/**
 * ovt_state_unset - remove one key of the [state] group.
 * @st: the state, or NULL
 * @key: the key
 */
void ovt_state_unset(struct ovt_state *st, const char *key);

/**
 * ovt_state_host - record whether the agent is connected to the host.
 * @st: the state, or NULL
 * @host: OVT_STATE_HOST_CONNECTED, _LOST or _CONNECTING
 */
void ovt_state_host(struct ovt_state *st, const char *host);

/**
 * ovt_state_error - record the last error, with the time it happened.
 * @st: the state, or NULL
 * @fmt: printf format of the message
 */
void ovt_state_error(struct ovt_state *st, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

/**
 * ovt_state_keyfile - the key file itself, for agents with groups of their
 * own; call ovt_state_changed() after changing it.
 * @st: the state
 *
 * Return: the key file (owned by @st).
 */
GKeyFile *ovt_state_keyfile(struct ovt_state *st);

/**
 * ovt_state_changed - schedule a write of the file.
 * @st: the state, or NULL
 */
void ovt_state_changed(struct ovt_state *st);

/**
 * ovt_state_flush - write the file now if anything changed.
 * @st: the state
 * @error: receives the reason of a failure
 *
 * Return: true, or false with @error set.
 */
bool ovt_state_flush(struct ovt_state *st, GError **error);

/**
 * ovt_state_close - stop publishing.
 * @st: the state, or NULL
 * @remove: remove the file (a clean exit); false leaves the last state
 *	behind, as a crash would
 */
void ovt_state_close(struct ovt_state *st, bool remove);

/**
 * ovt_state_process_start - the start time of a process, in clock ticks
 * since boot (/proc/PID/stat field 22).
 * @pid: the process
 *
 * Return: the start time, or 0 if there is no such process.
 */
guint64 ovt_state_process_start(gint64 pid);

/**
 * ovt_state_file_alive - whether the agent that wrote a state file is
 * still running: its PID exists and started when the file says.
 * @kf: the loaded state file
 *
 * Return: true if it runs.
 */
bool ovt_state_file_alive(GKeyFile *kf);

#endif /* OVT_STATE_H */
