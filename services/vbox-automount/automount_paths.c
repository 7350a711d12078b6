// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Mount points and the mount table for vbox-automount (see
 * automount_paths.h).
 *
 * The host's mount point is only a wish from outside the guest: it is
 * checked lexically first (absolute, no "..", not a system directory), and
 * again after symbolic links are resolved, so a link on the way cannot
 * lead the mount onto /etc.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "services/vbox-automount/automount_paths.h"

static const char *const system_dirs[] = {
	"/",	      "/bin",	  "/boot",	"/dev",	      "/etc",
	"/home",      "/lib",	  "/lib64",	"/proc",      "/root",
	"/run",	      "/sbin",	  "/sys",	"/tmp",	      "/usr",
	"/usr/bin",   "/usr/lib", "/usr/lib64", "/usr/local", "/usr/sbin",
	"/usr/share", "/var",	  NULL
};

gchar *automount_sanitize_name(const char *name)
{
	GString *s = g_string_new(NULL);
	const char *p;

	for (p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c == 0x7f)
			continue;
		if (strchr(" /\\:$", c))
			g_string_append_c(s, '_');
		else
			g_string_append_c(s, (char)c);
	}
	if (!s->len || !strcmp(s->str, ".") || !strcmp(s->str, "..")) {
		gsize n = s->len ? s->len : 1;

		g_string_truncate(s, 0);
		while (n--)
			g_string_append_c(s, '_');
	}
	return g_string_free(s, FALSE);
}

static gboolean is_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return !strncmp(path, dir, n) && path[n] == '/' && path[n + 1];
}

gboolean automount_check_host_mount_point(const char *hint, const char *home,
					  gchar **path, const char **reason)
{
	g_auto(GStrv) parts = NULL;
	GString *norm;
	const char *p;
	size_t i;

	if (g_ascii_isalpha(hint[0]) && hint[1] == ':' && hint[2] == '/')
		hint += 2;
	if (hint[0] != '/') {
		*reason = "not an absolute path";
		return FALSE;
	}
	for (p = hint; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*reason = "it contains control characters";
			return FALSE;
		}
	}
	norm = g_string_new(NULL);
	parts = g_strsplit(hint, "/", -1);
	for (i = 0; parts[i]; i++) {
		if (!parts[i][0])
			continue;
		if (!strcmp(parts[i], ".") || !strcmp(parts[i], "..")) {
			g_string_free(norm, TRUE);
			*reason = "it contains . or .. components";
			return FALSE;
		}
		g_string_append_printf(norm, "/%s", parts[i]);
	}
	if (!norm->len)
		g_string_append_c(norm, '/');
	if (g_strv_contains(system_dirs, norm->str)) {
		g_string_free(norm, TRUE);
		*reason = "it is a system directory";
		return FALSE;
	}
	if (home && !is_below(norm->str, home)) {
		g_string_free(norm, TRUE);
		*reason =
			"the per-user agent mounts only below the home directory";
		return FALSE;
	}
	*path = g_string_free(norm, FALSE);
	return TRUE;
}

gchar *automount_default_mount_point(const char *mount_dir, const char *prefix,
				     const char *name, unsigned int suffix)
{
	g_autofree gchar *clean = automount_sanitize_name(name);
	g_autofree gchar *leaf = NULL;

	if (suffix)
		leaf = g_strdup_printf("%s%s_%u", prefix, clean, suffix);
	else
		leaf = g_strdup_printf("%s%s", prefix, clean);
	return g_build_filename(mount_dir, leaf, NULL);
}

const char *automount_mount_share(const struct ovt_mount *m)
{
	return strcmp(m->fstype, AUTOMOUNT_FSTYPE) ? NULL : m->source;
}

gboolean automount_share_name_equal(const char *a, const char *b)
{
	g_autofree gchar *fa = NULL;
	g_autofree gchar *fb = NULL;

	if (!g_utf8_validate(a, -1, NULL) || !g_utf8_validate(b, -1, NULL))
		return !strcmp(a, b);
	fa = g_utf8_casefold(a, -1);
	fb = g_utf8_casefold(b, -1);
	return !strcmp(fa, fb);
}

/* mkdir -p; the last component gets @uid, @gid and @mode. */
static int make_dirs(const char *path, uid_t uid, gid_t gid, mode_t mode,
		     gboolean user_mode)
{
	g_autofree gchar *copy = g_strdup(path);
	char *slash = copy;
	struct stat st;
	gboolean leaf;

	while (slash) {
		slash = strchr(slash + 1, '/');
		if (slash)
			*slash = '\0';
		leaf = !slash;
		if (lstat(copy, &st) < 0) {
			if (errno != ENOENT)
				return -errno;
			if (mkdir(copy, leaf ? 0700 :
					       (user_mode ? 0700 : 0755)) < 0 &&
			    errno != EEXIST)
				return -errno;
			if (!user_mode && lchown(copy, uid, leaf ? gid : 0) < 0)
				return -errno;
			if (leaf && chmod(copy, mode) < 0)
				return -errno;
		}
		if (slash)
			*slash = '/';
	}
	return 0;
}

static gboolean dir_is_empty(const char *path, int *err)
{
	struct dirent *de;
	gboolean empty = TRUE;
	DIR *d = opendir(path);

	*err = 0;
	if (!d) {
		*err = -errno;
		return FALSE;
	}
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			empty = FALSE;
			break;
		}
	}
	closedir(d);
	return empty;
}

gboolean automount_prepare_dir(const char *path, uid_t uid, gid_t gid,
			       mode_t mode, gboolean user_mode,
			       GPtrArray *mounts, gchar **real, gchar **reason)
{
	char resolved[PATH_MAX];
	const char *why;
	gchar *checked = NULL;
	struct stat st;
	int ret;

	ret = make_dirs(path, uid, gid, mode, user_mode);
	if (ret < 0) {
		*reason = g_strdup_printf("cannot create %s: %s", path,
					  g_strerror(-ret));
		return FALSE;
	}
	if (!realpath(path, resolved)) {
		*reason = g_strdup_printf("cannot resolve %s: %s", path,
					  g_strerror(errno));
		return FALSE;
	}
	if (!automount_check_host_mount_point(resolved, NULL, &checked, &why)) {
		*reason = g_strdup_printf("%s leads to %s: %s", path, resolved,
					  why);
		return FALSE;
	}
	g_free(checked);
	if (stat(resolved, &st) < 0 || !S_ISDIR(st.st_mode)) {
		*reason = g_strdup_printf("%s is not a directory", resolved);
		return FALSE;
	}
	if (ovt_mountinfo_find(mounts, resolved)) {
		*reason = g_strdup_printf("something is already mounted on %s",
					  resolved);
		return FALSE;
	}
	if (!dir_is_empty(resolved, &ret)) {
		*reason = ret ? g_strdup_printf("cannot read %s: %s", resolved,
						g_strerror(-ret)) :
				g_strdup_printf("%s is not empty", resolved);
		return FALSE;
	}
	if (user_mode && access(resolved, W_OK) < 0) {
		*reason = g_strdup_printf("%s is not writable for the user: %s",
					  resolved, g_strerror(errno));
		return FALSE;
	}
	*real = g_strdup(resolved);
	return TRUE;
}
