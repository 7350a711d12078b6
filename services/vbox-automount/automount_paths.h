/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where vbox-automount mounts a share, and what the mount table says:
 * the host's mount point checked for safety, the default below the mount
 * directory, the directory prepared (created with the right owner and
 * mode, never a symlink, never non-empty, never already mounted on), and
 * the vboxsf-fuse mounts read from mountinfo (their source is the share
 * name).  No state: vboxctl uses the same functions.
 */
#ifndef AUTOMOUNT_PATHS_H
#define AUTOMOUNT_PATHS_H

#include <sys/types.h>

#include <glib.h>

#include "services/common/ovt_mountinfo.h"

/* The file system type vboxsf-fuse mounts show in mountinfo. */
#define AUTOMOUNT_FSTYPE "fuse.vboxsf-fuse"

/**
 * automount_sanitize_name - a share name made fit for a directory name:
 * blank, '/', '\\', ':' and '$' become '_', control characters are
 * dropped; a name left empty, "." or ".." becomes underscores.
 * @name: the share name
 *
 * Return: a newly allocated string.
 */
gchar *automount_sanitize_name(const char *name);

/**
 * automount_check_host_mount_point - is the host's mount point safe?
 * @hint: the mount point as the host gave it (a leading drive letter
 *	"X:" before a '/' is skipped)
 * @home: in per-user mode the user's home directory (the mount point
 *	must lie below it), else NULL
 * @path: receives the normalised path (no doubled or trailing '/')
 * @reason: receives why it is refused (a static string)
 *
 * Refused: relative paths, "." or ".." components, control characters,
 * and the system's own directories (/, /bin, /boot, /dev, /etc, /home,
 * /lib, /lib64, /proc, /root, /run, /sbin, /sys, /tmp, /usr and its
 * bin, lib, lib64, local, sbin and share, /var).
 *
 * Return: TRUE with *@path set (caller frees), or FALSE with *@reason.
 */
gboolean automount_check_host_mount_point(const char *hint, const char *home,
					  gchar **path, const char **reason);

/**
 * automount_default_mount_point - MOUNTDIR/PREFIXNAME, or with "_N"
 * appended when @suffix is not 0.
 * @mount_dir: the directory
 * @prefix: put before the sanitised name
 * @name: the share name
 * @suffix: 0, or 1..9
 *
 * Return: a newly allocated path.
 */
gchar *automount_default_mount_point(const char *mount_dir, const char *prefix,
				     const char *name, unsigned int suffix);

/**
 * automount_mount_share - the share a vboxsf-fuse mount serves.
 * @m: a mount (services/common/ovt_mountinfo.h)
 *
 * Return: its source for an AUTOMOUNT_FSTYPE mount, else NULL.
 */
const char *automount_mount_share(const struct ovt_mount *m);

/**
 * automount_share_name_equal - share names compare as the host compares
 * them: without regard to case.
 * @a: a name
 * @b: another
 *
 * Return: TRUE when they name the same share.
 */
gboolean automount_share_name_equal(const char *a, const char *b);

/**
 * automount_prepare_dir - make @path ready to be mounted on.
 * @path: the mount point (absolute, normalised)
 * @uid: owner of directories created here
 * @gid: group of directories created here
 * @mode: mode of the mount point when created here
 * @user_mode: the caller is a normal user (fusermount3 then needs write
 *	access to the mount point)
 * @mounts: the mount table (from ovt_mountinfo_read())
 * @real: receives the path with symbolic links resolved, when they lead
 *	somewhere safe
 * @reason: receives a newly allocated reason when not ready
 *
 * Missing directories are created: the mount point with @uid, @gid and
 * @mode, missing parents with the same owner and mode 0755 (0700 in user
 * mode).  Refused: a mount point that is not a directory, is mounted on,
 * is not empty, or resolves to a system directory.
 *
 * Return: TRUE, or FALSE with *@reason set.
 */
gboolean automount_prepare_dir(const char *path, uid_t uid, gid_t gid,
			       mode_t mode, gboolean user_mode,
			       GPtrArray *mounts, gchar **real, gchar **reason);

#endif /* AUTOMOUNT_PATHS_H */
