/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/self/mountinfo, taken apart: the mounts vbox-automount and vboxctl
 * look for, and the device number of the mount vboxsf-fuse serves.
 */
#ifndef OVT_MOUNTINFO_H
#define OVT_MOUNTINFO_H

#include <glib.h>

/* One mount, its fields unescaped. */
struct ovt_mount {
	unsigned int major, minor; /* its device number */
	gchar *mount_point;
	gchar *fstype; /* "ext4", "fuse.vboxsf-fuse", ... */
	gchar *source;
};

/**
 * ovt_mountinfo_unescape - undo mountinfo's octal escapes (\\040 for a
 * blank, \\134 for a backslash, ...).
 * @field: the field as the file shows it
 *
 * Return: a newly allocated string.
 */
gchar *ovt_mountinfo_unescape(const char *field);

/**
 * ovt_mountinfo_parse - the mounts of a mountinfo text, in its order.
 * Lines that are not "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] -
 * FSTYPE SOURCE SUPEROPTS" are skipped.
 * @text: the file's text
 *
 * Return: an array of struct ovt_mount * (free with g_ptr_array_unref()).
 */
GPtrArray *ovt_mountinfo_parse(const char *text);

/**
 * ovt_mountinfo_read - ovt_mountinfo_parse() of a file.
 * @path: e.g. "/proc/self/mountinfo"
 * @error: receives why the file could not be read
 *
 * Return: the array, or NULL with @error set.
 */
GPtrArray *ovt_mountinfo_read(const char *path, GError **error);

/**
 * ovt_mountinfo_find - the mount on top at @mount_point: the last one of
 * those there.
 * @mounts: from ovt_mountinfo_parse()
 * @mount_point: the path, unescaped
 *
 * Return: the mount, or NULL.
 */
const struct ovt_mount *ovt_mountinfo_find(GPtrArray *mounts,
					   const char *mount_point);

#endif /* OVT_MOUNTINFO_H */
