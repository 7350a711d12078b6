// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-automount's configuration (see automount_config.h).
 *
 * Every value is checked when the file is read, so a typo stops the agent
 * at start with the file, the key and the reason, instead of surfacing as
 * a failed mount later.  Unknown keys are refused for the same reason.
 */
#define G_LOG_DOMAIN "vbox-automount"

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "services/vbox-automount/automount_config.h"

#define ORACLE_GROUP "vboxsf"

static const char *const known_keys[] = { "mount-dir",
					  "mount-prefix",
					  "owner",
					  "group",
					  "dir-mode",
					  "file-mode",
					  "dir-mask",
					  "file-mask",
					  "host-mount-points",
					  "unmount-on-exit",
					  "fuse-options",
					  "vboxsf-fuse",
					  NULL };

static void set_defaults(struct automount_config *cfg, gboolean user_mode,
			 const char *vboxsf_fuse)
{
	struct group *gr;

	memset(cfg, 0, sizeof(*cfg));
	cfg->user_mode = user_mode;
	cfg->dir_mask = -1;
	cfg->file_mask = -1;
	cfg->host_mount_points = TRUE;
	cfg->unmount_on_exit = TRUE;
	cfg->vboxsf_fuse = g_strdup(vboxsf_fuse);
	if (user_mode) {
		cfg->home = g_strdup(g_get_home_dir());
		cfg->mount_dir =
			g_build_filename(cfg->home, "VBoxShares", NULL);
		cfg->mount_prefix = g_strdup("");
		cfg->uid = getuid();
		cfg->gid = getgid();
		cfg->dir_mode = -1;
		cfg->file_mode = -1;
		return;
	}
	cfg->mount_dir = g_strdup("/media");
	cfg->mount_prefix = g_strdup("sf_");
	cfg->uid = 0;
	cfg->dir_mode = 0770;
	cfg->file_mode = 0770;
	gr = getgrnam(ORACLE_GROUP);
	if (gr) {
		cfg->gid = gr->gr_gid;
	} else {
		cfg->gid = 0;
		cfg->group_warning = g_strdup(
			"there is no group '" ORACLE_GROUP
			"': shares belong to group root (set group= in the configuration)");
	}
}

static gboolean parse_id(const char *s, gboolean is_group, guint32 *id)
{
	struct passwd *pw;
	struct group *gr;
	guint64 v;

	if (g_ascii_string_to_unsigned(s, 10, 0, G_MAXUINT32 - 1, &v, NULL)) {
		*id = (guint32)v;
		return TRUE;
	}
	if (is_group) {
		gr = getgrnam(s);
		if (gr)
			*id = gr->gr_gid;
		return gr != NULL;
	}
	pw = getpwnam(s);
	if (pw)
		*id = pw->pw_uid;
	return pw != NULL;
}

struct key_reader {
	GKeyFile *kf;
	const char *file;
	const char *group;
	GError **error;
};

static gboolean bad_value(struct key_reader *r, const char *key,
			  const char *value, const char *why)
{
	g_set_error(r->error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
		    "%s: [%s] %s=%s: %s", r->file, r->group, key, value, why);
	return FALSE;
}

/* The key's value, or NULL when it is not set. */
static gchar *get_value(struct key_reader *r, const char *key)
{
	gchar *v = g_key_file_get_string(r->kf, r->group, key, NULL);

	if (v)
		g_strstrip(v);
	return v;
}

static gboolean read_mode(struct key_reader *r, const char *key, int max,
			  int *out)
{
	g_autofree gchar *v = get_value(r, key);
	guint64 m;

	if (!v)
		return TRUE;
	if (!g_ascii_string_to_unsigned(v, 8, 0, (guint64)max, &m, NULL))
		return bad_value(r, key, v,
				 max == 0777 ? "an octal mode within 0777" :
					       "an octal mask within 07777");
	*out = (int)m;
	return TRUE;
}

static gboolean read_bool(struct key_reader *r, const char *key, gboolean *out)
{
	g_autofree gchar *v = get_value(r, key);

	if (!v)
		return TRUE;
	if (!g_ascii_strcasecmp(v, "true") || !strcmp(v, "1") ||
	    !g_ascii_strcasecmp(v, "yes"))
		*out = TRUE;
	else if (!g_ascii_strcasecmp(v, "false") || !strcmp(v, "0") ||
		 !g_ascii_strcasecmp(v, "no"))
		*out = FALSE;
	else
		return bad_value(r, key, v, "true or false");
	return TRUE;
}

static gboolean has_control_chars(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return TRUE;
	}
	return FALSE;
}

/* An absolute path without "." or ".." components; "~/" means home. */
static gboolean read_path(struct key_reader *r, const char *key,
			  const char *home, gchar **out)
{
	g_autofree gchar *v = get_value(r, key);
	g_auto(GStrv) parts = NULL;
	gchar *path;
	size_t i;

	if (!v)
		return TRUE;
	if (home && g_str_has_prefix(v, "~/"))
		path = g_build_filename(home, v + 2, NULL);
	else
		path = g_strdup(v);
	if (!g_path_is_absolute(path) || has_control_chars(path)) {
		g_free(path);
		return bad_value(r, key, v, "an absolute path");
	}
	parts = g_strsplit(path, "/", -1);
	for (i = 0; parts[i]; i++) {
		if (!strcmp(parts[i], ".") || !strcmp(parts[i], "..")) {
			g_free(path);
			return bad_value(r, key, v,
					 "the path must not contain . or ..");
		}
	}
	g_free(*out);
	*out = g_canonicalize_filename(path, "/");
	g_free(path);
	return TRUE;
}

static gboolean read_prefix(struct key_reader *r)
{
	g_autofree gchar *v =
		g_key_file_get_string(r->kf, r->group, "mount-prefix", NULL);

	if (!v)
		return TRUE;
	if (strchr(v, '/') || has_control_chars(v) || strlen(v) > 64)
		return bad_value(r, "mount-prefix", v,
				 "up to 64 characters, no '/'");
	return TRUE;
}

static gboolean read_ids(struct key_reader *r, struct automount_config *cfg)
{
	g_autofree gchar *owner = get_value(r, "owner");
	g_autofree gchar *group = get_value(r, "group");
	guint32 id;

	if ((owner || group) && cfg->user_mode)
		return bad_value(
			r, owner ? "owner" : "group", owner ? owner : group,
			"the per-user agent always uses the user's own ids");
	if (owner) {
		if (!parse_id(owner, FALSE, &id))
			return bad_value(r, "owner", owner, "no such user");
		cfg->uid = id;
	}
	if (group) {
		if (!parse_id(group, TRUE, &id))
			return bad_value(r, "group", group, "no such group");
		cfg->gid = id;
		g_clear_pointer(&cfg->group_warning, g_free);
	}
	return TRUE;
}

static gboolean read_options(struct key_reader *r, struct automount_config *cfg)
{
	g_autofree gchar *v = get_value(r, "fuse-options");

	if (!v)
		return TRUE;
	if (has_control_chars(v) || strchr(v, ' '))
		return bad_value(r, "fuse-options", v,
				 "comma-separated options without blanks");
	g_free(cfg->fuse_options);
	cfg->fuse_options = v[0] ? g_steal_pointer(&v) : NULL;
	return TRUE;
}

static gboolean check_keys(struct key_reader *r)
{
	g_auto(GStrv) keys = g_key_file_get_keys(r->kf, r->group, NULL, NULL);
	size_t i;

	for (i = 0; keys && keys[i]; i++) {
		if (!g_strv_contains(known_keys, keys[i])) {
			g_set_error(r->error, G_KEY_FILE_ERROR,
				    G_KEY_FILE_ERROR_KEY_NOT_FOUND,
				    "%s: [%s] unknown key '%s'", r->file,
				    r->group, keys[i]);
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean read_group(struct key_reader *r, struct automount_config *cfg)
{
	g_autofree gchar *prefix = NULL;

	if (!check_keys(r) ||
	    !read_path(r, "mount-dir", cfg->home, &cfg->mount_dir) ||
	    !read_path(r, "vboxsf-fuse", cfg->home, &cfg->vboxsf_fuse) ||
	    !read_prefix(r) || !read_ids(r, cfg) ||
	    !read_mode(r, "dir-mode", 0777, &cfg->dir_mode) ||
	    !read_mode(r, "file-mode", 0777, &cfg->file_mode) ||
	    !read_mode(r, "dir-mask", 07777, &cfg->dir_mask) ||
	    !read_mode(r, "file-mask", 07777, &cfg->file_mask) ||
	    !read_bool(r, "host-mount-points", &cfg->host_mount_points) ||
	    !read_bool(r, "unmount-on-exit", &cfg->unmount_on_exit) ||
	    !read_options(r, cfg))
		return FALSE;
	prefix = g_key_file_get_string(r->kf, r->group, "mount-prefix", NULL);
	if (prefix) {
		g_free(cfg->mount_prefix);
		cfg->mount_prefix = g_steal_pointer(&prefix);
	}
	return TRUE;
}

/* Read one file; a missing file is fine unless @must_exist. */
static gboolean read_file(struct automount_config *cfg, const char *path,
			  gboolean must_exist, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	struct key_reader r = {
		.kf = kf,
		.file = path,
		.group = cfg->user_mode ? "user" : "system",
		.error = error,
	};
	GError *err = NULL;

	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &err)) {
		if (!must_exist &&
		    g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			g_error_free(err);
			return TRUE;
		}
		g_set_error(error, err->domain, err->code, "%s: %s", path,
			    err->message);
		g_error_free(err);
		return FALSE;
	}
	if (!g_key_file_has_group(kf, r.group))
		return TRUE;
	return read_group(&r, cfg);
}

gboolean automount_config_load(struct automount_config *cfg, gboolean user_mode,
			       const char *path, const char *sysconfdir,
			       const char *default_vboxsf_fuse, GError **error)
{
	g_autofree gchar *sys = NULL;
	g_autofree gchar *own = NULL;

	set_defaults(cfg, user_mode, default_vboxsf_fuse);
	if (path)
		return read_file(cfg, path, TRUE, error);
	sys = g_build_filename(sysconfdir, AUTOMOUNT_CONFIG_NAME, NULL);
	if (!read_file(cfg, sys, FALSE, error))
		return FALSE;
	if (!user_mode)
		return TRUE;
	own = g_build_filename(g_get_user_config_dir(), AUTOMOUNT_CONFIG_NAME,
			       NULL);
	return read_file(cfg, own, FALSE, error);
}

gchar *automount_config_fuse_options(const struct automount_config *cfg)
{
	GString *o = g_string_new(NULL);

	g_string_append_printf(o, "uid=%u,gid=%u", (unsigned int)cfg->uid,
			       (unsigned int)cfg->gid);
	if (cfg->dir_mode >= 0)
		g_string_append_printf(o, ",dmode=%04o", cfg->dir_mode);
	if (cfg->file_mode >= 0)
		g_string_append_printf(o, ",fmode=%04o", cfg->file_mode);
	if (cfg->dir_mask >= 0)
		g_string_append_printf(o, ",dmask=%04o", cfg->dir_mask);
	if (cfg->file_mask >= 0)
		g_string_append_printf(o, ",fmask=%04o", cfg->file_mask);
	/*
	 * The system service mounts for everyone: allow_other lets other
	 * users in, default_permissions has the kernel enforce the shown
	 * owner, group and modes (root:vboxsf 0770 by default).  The per-
	 * user agent's mounts stay the user's alone (FUSE's default).
	 */
	if (!cfg->user_mode)
		g_string_append(o, ",allow_other,default_permissions");
	if (cfg->fuse_options)
		g_string_append_printf(o, ",%s", cfg->fuse_options);
	return g_string_free(o, FALSE);
}

void automount_config_clear(struct automount_config *cfg)
{
	g_free(cfg->mount_dir);
	g_free(cfg->mount_prefix);
	g_free(cfg->fuse_options);
	g_free(cfg->vboxsf_fuse);
	g_free(cfg->home);
	g_free(cfg->group_warning);
	memset(cfg, 0, sizeof(*cfg));
}
