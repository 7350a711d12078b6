/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state file vbox-automount keeps for `vboxctl sharedfolder list`: a
 * GLib key file, rewritten (atomically) whenever a share's state changes
 * and removed when the agent stops.
 *
 *   [agent]
 *   pid=1234
 *   mode=system            (or user)
 *   device=/dev/vboxguest
 *
 *   [share.0]              (one group per auto-mount share the host offers)
 *   name=Projects
 *   status=mounted         (mounting, unmounting, not-mounted)
 *   mount-point=/media/sf_Projects
 *   reason=...             (not-mounted: why)
 *   note=...               (e.g. why the host's mount point was refused)
 *   helper-pid=1240        (the vboxsf-fuse process serving the mount)
 *
 * Default places: /run/vbox-automount/state for the system service,
 * $XDG_RUNTIME_DIR/vbox-automount/state for the per-user agent.
 */
#ifndef AUTOMOUNT_STATE_H
#define AUTOMOUNT_STATE_H

#include <sys/types.h>

#include <glib.h>

#define AUTOMOUNT_STATE_MOUNTED		"mounted"
#define AUTOMOUNT_STATE_MOUNTING	"mounting"
#define AUTOMOUNT_STATE_UNMOUNTING	"unmounting"
#define AUTOMOUNT_STATE_NOT_MOUNTED	"not-mounted"

struct automount_state_share {
	gchar *name;
	gchar *status;
	gchar *mount_point;	/* NULL: none chosen */
	gchar *reason;		/* NULL: none */
	gchar *note;		/* NULL: none */
	gint64 helper_pid;	/* 0: none */
};

struct automount_state {
	gint64 pid;
	gboolean user_mode;
	gchar *device;
	GPtrArray *shares;	/* struct automount_state_share * */
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
 * automount_state_write - write the state file atomically (mode 0644).
 * @st: the state
 * @path: the file; its directory must exist
 * @error: receives the reason of a failure
 *
 * Return: TRUE or FALSE.
 */
gboolean automount_state_write(const struct automount_state *st,
			       const char *path, GError **error);

/**
 * automount_state_read - read a state file.
 * @path: the file
 * @error: receives the reason of a failure (G_FILE_ERROR_NOENT when the
 *	file does not exist)
 *
 * Groups or keys that do not parse are skipped.
 *
 * Return: the state, or NULL.
 */
struct automount_state *automount_state_read(const char *path,
					     GError **error);

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
