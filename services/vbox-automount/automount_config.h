/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-automount's configuration: the suite's configuration file
 * (services/common/ovt_config.h), section [vbox-automount] for the system
 * service and [vbox-automount-user] for the per-user agent, which reads
 * the system's file and then the user's own
 * ($XDG_CONFIG_HOME/open-vbox-tools/open-vbox-tools.conf; its keys win).
 *
 *   mount-dir=PATH          where shares without a usable host mount point go
 *   mount-prefix=TEXT       put before the share name (sf_ / nothing)
 *   owner=USER|UID          system only: owner shown for every file (root)
 *   group=GROUP|GID         system only: group shown for every file (vboxsf)
 *   dir-mode=OCTAL          permissions of directories (0770 / host's)
 *   file-mode=OCTAL         permissions of files (0770 / host's)
 *   dir-mask=OCTAL, file-mask=OCTAL   bits removed (none)
 *   host-mount-points=BOOL  honour the host's mount points (true)
 *   unmount-on-exit=BOOL    unmount what the agent mounted when it stops
 *   fuse-options=OPTS       more -o options for vboxsf-fuse
 *   vboxsf-fuse=PATH        the program that mounts a share
 *
 * The system defaults are what the Oracle additions use, so existing
 * setups keep working: /media/sf_NAME, root, group vboxsf, 0770/0770.
 * The per-user defaults mount under ~/VBoxShares/NAME, owned by the user.
 */
#ifndef AUTOMOUNT_CONFIG_H
#define AUTOMOUNT_CONFIG_H

#include <sys/types.h>

#include <glib.h>

struct automount_config {
	gboolean user_mode;
	gchar *mount_dir; /* absolute, no trailing '/' */
	gchar *mount_prefix;
	/* given in the file: the host's MountDir/MountPrefix do not count */
	gboolean mount_dir_set, mount_prefix_set;
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
 * @user_mode: read [vbox-automount-user] and use the user's defaults
 * @path: the file to read, or NULL for the default: the system's file,
 *	and in user mode also the user's, whose keys win; missing default
 *	files are not an error
 * @sysconfdir: the directory of the system's open-vbox-tools/ directory
 * @default_vboxsf_fuse: the vboxsf-fuse program's default path
 * @error: receives a one-line reason (file, line and key named)
 *
 * Return: TRUE, or FALSE with @error set.
 */
gboolean automount_config_load(struct automount_config *cfg, gboolean user_mode,
			       const char *path, const char *sysconfdir,
			       const char *default_vboxsf_fuse, GError **error);

/**
 * automount_config_section - the section a mode reads.
 * @user_mode: the per-user agent
 *
 * Return: "vbox-automount" or "vbox-automount-user".
 */
const char *automount_config_section(gboolean user_mode);

/**
 * automount_config_list_keys - print KEY=DEFAULT for every key of a
 * mode (--list-config-keys).
 * @user_mode: the per-user agent
 * @vboxsf_fuse: the vboxsf-fuse program's default path
 */
void automount_config_list_keys(gboolean user_mode, const char *vboxsf_fuse);

/**
 * automount_host_mount_dir - the host's MountDir guest property, checked
 * as the reference automounter does (an absolute path; here also without
 * . or .. and control characters).
 * @value: the property's value, or NULL when it is not set
 *
 * Return: the directory (newly allocated, canonical), or NULL when the
 * value is not usable (the default then applies).
 */
gchar *automount_host_mount_dir(const char *value);

/**
 * automount_host_mount_prefix_ok - whether the host's MountPrefix can be
 * used: no '/' or '\\', not "..", at most 64 bytes ("" is fine).
 * @value: the property's value, or NULL when it is not set
 *
 * Return: TRUE when usable.
 */
gboolean automount_host_mount_prefix_ok(const char *value);

/**
 * automount_config_same_mounts - whether two configurations mount alike
 * apart from the mount directory and prefix (same ids, modes, options).
 * @a: one
 * @b: the other
 *
 * Return: TRUE when a mount made under @a is right under @b.
 */
gboolean automount_config_same_mounts(const struct automount_config *a,
				      const struct automount_config *b);

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
