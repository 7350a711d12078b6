// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-automount's configuration (see automount_config.h).
 *
 * Every value is checked when the file is read (services/common/
 * ovt_config), so a typo stops the agent at start with the file, the
 * line, the key and the reason, instead of surfacing as a failed mount
 * later.  Unknown keys are refused for the same reason.
 */
#define G_LOG_DOMAIN "vbox-automount"

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <stddef.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "services/common/ovt_config.h"
#include "services/vbox-automount/automount_config.h"

#define ORACLE_GROUP "vboxsf"
/* The defaults of the reference automounter, and of the per-user agent. */
#define SYSTEM_MOUNT_DIR "/media"
#define SYSTEM_PREFIX	 "sf_"
#define USER_MOUNT_DIR	 "~/VBoxShares"

/*
 * The keys as the file holds them; turned into struct automount_config
 * (ids looked up, "~/" expanded) once the file(s) are read.
 */
struct raw_config {
	gchar *mount_dir, *mount_prefix, *owner, *group;
	gint64 dir_mode, file_mode, dir_mask, file_mask;
	gboolean host_mount_points, unmount_on_exit;
	gchar *fuse_options, *vboxsf_fuse;
};

static gboolean has_control_chars(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return TRUE;
	}
	return FALSE;
}

/* The same, or below the home directory as "~/...". */
static const char *check_user_dir(const char *v)
{
	g_autofree gchar *abs = NULL;

	if (!g_str_has_prefix(v, "~/"))
		return ovt_config_check_path(v);
	abs = g_strconcat("/", v + 2, NULL);
	return ovt_config_check_path(abs);
}

static const char *check_prefix(const char *v)
{
	return strchr(v, '/') ? "up to 64 characters, no '/'" : NULL;
}

static const char *check_fuse_options(const char *v)
{
	return strchr(v, ' ') ? "comma-separated options without blanks" : NULL;
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

static const char *check_owner(const char *v)
{
	guint32 id;

	return parse_id(v, FALSE, &id) ? NULL : "no such user";
}

static const char *check_group(const char *v)
{
	guint32 id;

	return parse_id(v, TRUE, &id) ? NULL : "no such group";
}

#define RAW(field) offsetof(struct raw_config, field)

/* The keys of both modes (the system service's own follow). */
/* clang-format off */
#define COMMON_KEYS(dir_check)                                                \
	{ "mount-dir", OVT_CONFIG_STRING, RAW(mount_dir), 0, 4096, NULL,      \
	  dir_check, FALSE },                                                 \
	{ "mount-prefix", OVT_CONFIG_STRING, RAW(mount_prefix), 0, 64, NULL,  \
	  check_prefix, FALSE },                                              \
	{ "dir-mode", OVT_CONFIG_OCTAL, RAW(dir_mode), 0, 0777, NULL, NULL,   \
	  TRUE },                                                             \
	{ "file-mode", OVT_CONFIG_OCTAL, RAW(file_mode), 0, 0777, NULL, NULL, \
	  TRUE },                                                             \
	{ "dir-mask", OVT_CONFIG_OCTAL, RAW(dir_mask), 0, 07777, NULL, NULL,  \
	  TRUE },                                                             \
	{ "file-mask", OVT_CONFIG_OCTAL, RAW(file_mask), 0, 07777, NULL,      \
	  NULL, TRUE },                                                       \
	{ "host-mount-points", OVT_CONFIG_BOOL, RAW(host_mount_points), 0, 0, \
	  NULL, NULL, FALSE },                                                \
	{ "unmount-on-exit", OVT_CONFIG_BOOL, RAW(unmount_on_exit), 0, 0,     \
	  NULL, NULL, FALSE },                                                \
	{ "fuse-options", OVT_CONFIG_STRING, RAW(fuse_options), 0, 4096,      \
	  NULL, check_fuse_options, TRUE },                                   \
	{ "vboxsf-fuse", OVT_CONFIG_PATH, RAW(vboxsf_fuse), 0, 4096, NULL,    \
	  NULL, FALSE }
/* clang-format on */

static const struct ovt_config_key system_keys[] = {
	COMMON_KEYS(ovt_config_check_path),
	{ "owner", OVT_CONFIG_STRING, RAW(owner), 0, 256, NULL, check_owner,
	  FALSE },
	{ "group", OVT_CONFIG_STRING, RAW(group), 0, 256, NULL, check_group,
	  FALSE },
	OVT_CONFIG_KEY_END
};

static const struct ovt_config_key user_keys[] = { COMMON_KEYS(check_user_dir),
						   OVT_CONFIG_KEY_END };

/*
 * mount-dir and mount-prefix start unset (NULL), so that a value the file
 * gives, even the default one, is known to beat the host's properties;
 * @listing fills in the defaults as --list-config-keys shows them.
 */
static void raw_defaults(struct raw_config *raw, gboolean user_mode,
			 const char *vboxsf_fuse, gboolean listing)
{
	memset(raw, 0, sizeof(*raw));
	raw->dir_mask = -1;
	raw->file_mask = -1;
	raw->host_mount_points = TRUE;
	raw->unmount_on_exit = TRUE;
	raw->vboxsf_fuse = g_strdup(vboxsf_fuse);
	if (listing) {
		raw->mount_dir =
			g_strdup(user_mode ? USER_MOUNT_DIR : SYSTEM_MOUNT_DIR);
		raw->mount_prefix = g_strdup(user_mode ? "" : SYSTEM_PREFIX);
	}
	if (user_mode) {
		raw->dir_mode = -1;
		raw->file_mode = -1;
		return;
	}
	raw->owner = g_strdup("root");
	raw->group = g_strdup(ORACLE_GROUP);
	raw->dir_mode = 0770;
	raw->file_mode = 0770;
}

const char *automount_config_section(gboolean user_mode)
{
	return user_mode ? "vbox-automount-user" : "vbox-automount";
}

void automount_config_list_keys(gboolean user_mode, const char *vboxsf_fuse)
{
	const struct ovt_config_key *keys = user_mode ? user_keys : system_keys;
	struct raw_config raw;

	raw_defaults(&raw, user_mode, vboxsf_fuse, TRUE);
	for (; keys->name; keys++) {
		g_autofree gchar *v = ovt_config_format(keys, &raw);

		g_print("%s=%s\n", keys->name, v);
	}
	ovt_config_free(user_mode ? user_keys : system_keys, &raw);
}

static void convert(struct automount_config *cfg, const struct raw_config *raw,
		    gboolean user_mode)
{
	const char *dir = raw->mount_dir;
	guint32 id;

	memset(cfg, 0, sizeof(*cfg));
	cfg->user_mode = user_mode;
	cfg->mount_dir_set = dir != NULL;
	cfg->mount_prefix_set = raw->mount_prefix != NULL;
	if (!dir)
		dir = user_mode ? USER_MOUNT_DIR : SYSTEM_MOUNT_DIR;
	if (user_mode) {
		cfg->home = g_strdup(g_get_home_dir());
		cfg->uid = getuid();
		cfg->gid = getgid();
	}
	if (cfg->home && g_str_has_prefix(dir, "~/")) {
		g_autofree gchar *p =
			g_build_filename(cfg->home, dir + 2, NULL);

		cfg->mount_dir = g_canonicalize_filename(p, "/");
	} else {
		cfg->mount_dir = g_canonicalize_filename(dir, "/");
	}
	if (raw->mount_prefix)
		cfg->mount_prefix = g_strdup(raw->mount_prefix);
	else
		cfg->mount_prefix = g_strdup(user_mode ? "" : SYSTEM_PREFIX);
	if (!user_mode) {
		if (parse_id(raw->owner, FALSE, &id))
			cfg->uid = id;
		if (parse_id(raw->group, TRUE, &id)) {
			cfg->gid = id;
		} else {
			/* only the default can be missing: a set one is checked */
			cfg->gid = 0;
			cfg->group_warning = g_strdup(
				"there is no group '" ORACLE_GROUP
				"': shares belong to group root (set group= in the configuration)");
		}
	}
	cfg->dir_mode = (int)raw->dir_mode;
	cfg->file_mode = (int)raw->file_mode;
	cfg->dir_mask = (int)raw->dir_mask;
	cfg->file_mask = (int)raw->file_mask;
	cfg->host_mount_points = raw->host_mount_points;
	cfg->unmount_on_exit = raw->unmount_on_exit;
	cfg->fuse_options = g_strdup(raw->fuse_options);
	cfg->vboxsf_fuse = g_strdup(raw->vboxsf_fuse);
}

gboolean automount_config_load(struct automount_config *cfg, gboolean user_mode,
			       const char *path, const char *sysconfdir,
			       const char *default_vboxsf_fuse, GError **error)
{
	const struct ovt_config_key *keys = user_mode ? user_keys : system_keys;
	const char *section = automount_config_section(user_mode);
	g_autofree gchar *sys = NULL;
	g_autofree gchar *own = NULL;
	struct raw_config raw;
	gboolean ok;

	memset(cfg, 0, sizeof(*cfg));
	raw_defaults(&raw, user_mode, default_vboxsf_fuse, FALSE);
	if (path) {
		ok = ovt_config_read(path, TRUE, section, keys, &raw, NULL,
				     error);
	} else {
		sys = g_build_filename(sysconfdir, OVT_CONFIG_DIR_NAME,
				       OVT_CONFIG_FILE_NAME, NULL);
		ok = ovt_config_read(sys, FALSE, section, keys, &raw, NULL,
				     error);
		if (ok && user_mode) {
			own = ovt_config_user_path();
			ok = ovt_config_read(own, FALSE, section, keys, &raw,
					     NULL, error);
		}
	}
	if (ok)
		convert(cfg, &raw, user_mode);
	ovt_config_free(keys, &raw);
	return ok;
}

gboolean automount_config_same_mounts(const struct automount_config *a,
				      const struct automount_config *b)
{
	return a->uid == b->uid && a->gid == b->gid &&
	       a->dir_mode == b->dir_mode && a->file_mode == b->file_mode &&
	       a->dir_mask == b->dir_mask && a->file_mask == b->file_mask &&
	       a->host_mount_points == b->host_mount_points &&
	       !g_strcmp0(a->fuse_options, b->fuse_options) &&
	       !g_strcmp0(a->vboxsf_fuse, b->vboxsf_fuse);
}

gchar *automount_host_mount_dir(const char *value)
{
	if (!value || value[0] != '/' || strlen(value) >= 4096 ||
	    ovt_config_check_path(value))
		return NULL;
	return g_canonicalize_filename(value, "/");
}

gboolean automount_host_mount_prefix_ok(const char *value)
{
	return value && strlen(value) <= 64 && !has_control_chars(value) &&
	       !strchr(value, '/') && !strchr(value, '\\') &&
	       strcmp(value, "..") != 0;
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
