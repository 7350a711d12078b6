/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-automount's configuration: a GLib key file with one group per mode,
 * [system] for the system service and [user] for the per-user agent.
 *
 *   mount-dir=PATH          where shares without a usable host mount point go
 *   mount-prefix=TEXT       put before the share name (sf_ / nothing)
 *   owner=USER|UID          [system] owner shown for every file (root)
 *   group=GROUP|GID         [system] group shown for every file (vboxsf)
 *   dir-mode=OCTAL          permissions of directories (0770 / host's)
 *   file-mode=OCTAL         permissions of files (0770 / host's)
 *   dir-mask=OCTAL, file-mask=OCTAL   bits removed (none)
 *   host-mount-points=BOOL  honour the host's mount points (true)
 *   unmount-on-exit=BOOL    unmount what the agent mounted when it stops
 *   fuse-options=OPTS       more -o options for vboxsf-fuse
 *   vboxsf-fuse=PATH        the program that mounts a share
 *
 * The [system] defaults are what the Oracle additions use, so existing
 * setups keep working: /media/sf_NAME, root, group vboxsf, 0770/0770.
 * The [user] defaults mount under ~/VBoxShares/NAME, owned by the user.
 */
#ifndef AUTOMOUNT_CONFIG_H
#define AUTOMOUNT_CONFIG_H

#include <sys/types.h>

#include <glib.h>

/* The config file of the system (the user's own is in $XDG_CONFIG_HOME). */
#define AUTOMOUNT_CONFIG_NAME "vbox-automount.conf"

struct automount_config {
	gboolean user_mode;
	gchar *mount_dir; /* absolute, no trailing '/' */
	gchar *mount_prefix;
	uid_t uid;
	gid_t gid;
	int dir_mode; /* -1: not forced */
	int file_mode;
	int dir_mask; /* -1: none */
	int file_mask;
	gboolean host_mount_points;
	gboolean unmount_on_exit;
	gchar *fuse_options; /* NULL: none */
	gchar *vboxsf_fuse;
	gchar *home;	      /* user mode: the home directory */
	gchar *group_warning; /* a note for the log, or NULL */
};

/**
 * automount_config_load - defaults, then the key file(s).
 * @cfg: receives the configuration (free with automount_config_clear())
 * @user_mode: read the [user] group and use the user's defaults
 * @path: the file to read, or NULL for the default: @sysconfdir's file,
 *	and in user mode also $XDG_CONFIG_HOME/vbox-automount.conf, whose
 *	keys win; missing default files are not an error
 * @sysconfdir: where the system's file lives
 * @default_vboxsf_fuse: the vboxsf-fuse program's default path
 * @error: receives a one-line reason (file and key named)
 *
 * Return: TRUE, or FALSE with @error set.
 */
gboolean automount_config_load(struct automount_config *cfg, gboolean user_mode,
			       const char *path, const char *sysconfdir,
			       const char *default_vboxsf_fuse, GError **error);

/**
 * automount_config_fuse_options - the -o options for one mount.
 * @cfg: the configuration
 *
 * Return: a newly allocated comma-separated option string.
 */
gchar *automount_config_fuse_options(const struct automount_config *cfg);

/**
 * automount_config_clear - free what automount_config_load() stored.
 * @cfg: the configuration
 */
void automount_config_clear(struct automount_config *cfg);

#endif /* AUTOMOUNT_CONFIG_H */
