// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mount's read-ahead (-o read_ahead=KIB).
 *
 * A FUSE mount has a backing device of its own, named after the mount's
 * device number: /sys/class/bdi/MAJOR:MINOR (fuseblk mounts, which this
 * daemon never makes, add "-fuseblk").  The kernel sets its read-ahead
 * to the smaller of its default (128 KiB) and the max_readahead of our
 * INIT answer, so asking in INIT alone never raises it; read_ahead_kb in
 * sysfs does, for this mount only, and goes with it at unmount.
 *
 * The device number comes from /proc/self/mountinfo, not stat(2) of the
 * mount point: the mount is not served yet when this runs (INIT is still
 * unanswered), and a stat would wait for it forever.  Writing before INIT
 * is answered is fine: the kernel then takes the smaller of the value
 * written and max_readahead, which vsf_init() makes at least as large.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "services/common/ovt_mountinfo.h"
#include "vboxsf-fuse/vsf.h"

int vsf_mountinfo_dev(const char *mountinfo, const char *mountpoint,
		      unsigned int *major, unsigned int *minor)
{
	g_autoptr(GPtrArray) mounts = ovt_mountinfo_parse(mountinfo);
	guint i;

	/* The last one: a later mount on the same point covers earlier ones. */
	for (i = mounts->len; i-- > 0;) {
		const struct ovt_mount *m = mounts->pdata[i];

		if (strcmp(m->mount_point, mountpoint) ||
		    (strcmp(m->fstype, "fuse") &&
		     !g_str_has_prefix(m->fstype, "fuse.")))
			continue;
		*major = m->major;
		*minor = m->minor;
		return 0;
	}
	return -ENOENT;
}

char *vsf_bdi_read_ahead_path(const char *sysfs, unsigned int major,
			      unsigned int minor)
{
	return g_strdup_printf("%s/class/bdi/%u:%u/read_ahead_kb", sysfs, major,
			       minor);
}

/* The number in @path (a sysfs attribute: digits and a newline). */
static int read_kb(const char *path, unsigned int *kb)
{
	char buf[32];
	guint64 v;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	g_strchomp(buf);
	if (!g_ascii_string_to_unsigned(buf, 10, 0, G_MAXUINT, &v, NULL))
		return -EPROTO;
	*kb = (unsigned int)v;
	return 0;
}

int vsf_read_ahead_set(const char *sysfs, const char *mountinfo,
		       const char *mountpoint, unsigned int kb, char **msg)
{
	unsigned int major, minor, now = 0;
	char *path = NULL, val[16];
	ssize_t n;
	int fd, ret;

	*msg = NULL;
	ret = vsf_mountinfo_dev(mountinfo, mountpoint, &major, &minor);
	if (ret < 0) {
		*msg = g_strdup_printf(
			"read_ahead=%u: %s is not a FUSE mount in /proc/self/mountinfo; the kernel's read-ahead stays",
			kb, mountpoint);
		return ret;
	}
	path = vsf_bdi_read_ahead_path(sysfs, major, minor);
	snprintf(val, sizeof(val), "%u\n", kb);
	/* O_TRUNC as a shell's ">" (sysfs ignores it; a test's file needs it). */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		goto fail;
	}
	n = write(fd, val, strlen(val));
	ret = n < 0 ? -errno : n != (ssize_t)strlen(val) ? -EIO : 0;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (!ret)
		ret = read_kb(path, &now);
	if (ret < 0)
		goto fail;
	if (now != kb) {
		*msg = g_strdup_printf(
			"read_ahead=%u: %s reads %u after the write", kb, path,
			now);
		ret = -ERANGE;
	} else {
		*msg = g_strdup_printf("read-ahead of %s: %u KiB (%s)",
				       mountpoint, kb, path);
	}
	g_free(path);
	return ret;
fail:
	*msg = g_strdup_printf(
		"read_ahead=%u: cannot set %s: %s; the kernel's read-ahead stays",
		kb, path, g_strerror(-ret));
	g_free(path);
	return ret;
}

bool vsf_read_ahead_wanted(const struct vsf_opts *opts)
{
	return opts->read_ahead_set ||
	       opts->read_ahead_kb != VSF_KERNEL_READ_AHEAD_KB;
}

bool vsf_read_ahead_apply(const struct vsf_opts *opts, const char *mountpoint)
{
	const char *sysfs = g_getenv(VSF_SYSFS_ROOT_ENV);
	char *mountinfo = NULL, *msg = NULL;
	GError *error = NULL;
	bool set;

	if (!vsf_read_ahead_wanted(opts))
		return false;
	if (!sysfs || !*sysfs)
		sysfs = "/sys";
	if (!g_file_get_contents("/proc/self/mountinfo", &mountinfo, NULL,
				 &error)) {
		g_log(G_LOG_DOMAIN,
		      opts->read_ahead_set ? G_LOG_LEVEL_WARNING :
					     G_LOG_LEVEL_INFO,
		      "read_ahead=%u: %s; the kernel's read-ahead stays",
		      opts->read_ahead_kb, error->message);
		g_error_free(error);
		return false;
	}
	/*
	 * Asked for: a failure is worth a warning.  The default: a normal
	 * user's mount never may write sysfs, and says so only with -d.
	 */
	set = vsf_read_ahead_set(sysfs, mountinfo, mountpoint,
				 opts->read_ahead_kb, &msg) == 0;
	if (!set && opts->read_ahead_set)
		g_warning("%s", msg);
	else
		g_info("%s", msg);
	g_free(msg);
	g_free(mountinfo);
	return set;
}
