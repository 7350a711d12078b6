/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What vbox-automount publishes for `vboxctl sharedfolder list` and
 * `vboxctl status`: its shares, as groups of its own in the agent's
 * ovt_state file (services/common/ovt_state.h), which the agent rewrites
 * whenever a share's state changes and removes when it stops.
 *
 *   [agent]                (ovt_state's: name, pid, pid-start, host, ...)
 *   [state]
 *   mode=system            (or user)
 *   device=/dev/vboxguest
 *   shares=2               (auto-mount shares the agent handles)
 *   mounted=1              (of those, mounted)
 *
 *   [share.0]              (one group per auto-mount share the host offers)
 *   name=Projects
 *   status=mounted         (mounting, unmounting, not-mounted)
 *   mount-point=/media/sf_Projects
 *   reason=...             (not-mounted: why)
 *   note=...               (e.g. why the host's mount point was refused)
 *   helper-pid=1240        (the vboxsf-fuse process serving the mount)
 *
 * Default places: ovt_state_dir() of the system scope for the system
 * service (RUNSTATEDIR/open-vbox-tools/vbox-automount.state), of the
 * session scope for the per-user agent
 * ($XDG_RUNTIME_DIR/open-vbox-tools/vbox-automount.state).
 */
#ifndef AUTOMOUNT_STATE_H
#define AUTOMOUNT_STATE_H

#include <sys/types.h>

#include <glib.h>

#define AUTOMOUNT_STATE_MOUNTED	    "mounted"
#define AUTOMOUNT_STATE_MOUNTING    "mounting"
#define AUTOMOUNT_STATE_UNMOUNTING  "unmounting"
#define AUTOMOUNT_STATE_NOT_MOUNTED "not-mounted"

/* The agent's name, which names its state file too. */
#define AUTOMOUNT_AGENT_NAME "vbox-automount"

struct automount_state_share {
	gchar *name;
	gchar *status;
	gchar *mount_point; /* NULL: none chosen */
	gchar *reason;	    /* NULL: none */
	gchar *note;	    /* NULL: none */
	gint64 helper_pid;  /* 0: none */
};

struct automount_state {
	gint64 pid;
	gboolean alive; /* read: the agent that wrote it still runs */
	gboolean user_mode;
	gchar *device;
	GPtrArray *shares; /* struct automount_state_share * */
};

/**
 * automount_state_new - an empty state.
 * @pid: the agent's pid
 * @user_mode: the agent runs per user
 * @device: the device it uses (may be NULL)
 *
 * Return: the state; free with automount_state_free().
 */
struct automount_state *automount_state_new(gint64 pid, gboolean user_mode,
					    const char *device);

/**
 * automount_state_add - append a share; the strings are copied.
 * @st: the state
 * @share: the share
 */
void automount_state_add(struct automount_state *st,
			 const struct automount_state_share *share);

/**
 * automount_state_store - put a state into an agent's state key file: the
 * [state] keys above, and one share.N group per share (the share groups
 * it held before are removed first).  The [agent] group is left alone.
 * @st: the state (its pid is not stored: [agent] has it)
 * @kf: the key file, from ovt_state_keyfile()
 */
void automount_state_store(const struct automount_state *st, GKeyFile *kf);

/**
 * automount_state_load - the state an agent's state key file holds.
 * @kf: the key file
 *
 * The pid and whether the agent still runs come from the [agent] group
 * (ovt_state_file_alive()).  Share groups without a name or a status are
 * skipped.
 *
 * Return: the state; free with automount_state_free().
 */
struct automount_state *automount_state_load(GKeyFile *kf);

/**
 * automount_state_read - read a state file (automount_state_load() of it).
 * @path: the file
 * @error: receives the reason of a failure (G_FILE_ERROR_NOENT when the
 *	file does not exist)
 *
 * Return: the state, or NULL.
 */
struct automount_state *automount_state_read(const char *path, GError **error);

/**
 * automount_state_find - the share of that name (compared as the host
 * compares names).
 * @st: the state
 * @name: the share name
 *
 * Return: the share or NULL.
 */
const struct automount_state_share *
automount_state_find(const struct automount_state *st, const char *name);

/**
 * automount_state_free - free a state; NULL is ignored.
 * @st: the state
 */
void automount_state_free(struct automount_state *st);

#endif /* AUTOMOUNT_STATE_H */
