// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-automount without a host: the share-name and mount-point rules,
 * mountinfo parsing, preparing a mount point on a real directory tree,
 * the key-file configuration (defaults, values, refusals) and the round
 * trip of the shares through the agent state file that vboxctl relies on.
 */
#include "config.h"

#include "tests/common/ovt_rmtree.h"

#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "services/common/ovt_state.h"
#include "services/vbox-automount/automount_config.h"
#include "services/vbox-automount/automount_paths.h"
#include "services/vbox-automount/automount_state.h"

static gchar *tmpdir;

static void tmp_setup(void)
{
	tmpdir = g_dir_make_tmp("automount-XXXXXX", NULL);
	ck_assert_ptr_nonnull(tmpdir);
}

static void tmp_teardown(void)
{
	ovt_rmtree(tmpdir);
	g_clear_pointer(&tmpdir, g_free);
}

static gchar *tmp_path(const char *leaf)
{
	return g_build_filename(tmpdir, leaf, NULL);
}

START_TEST(sanitize_names)
{
	static const char *const cases[][2] = {
		{ "Projects", "Projects" },
		{ "my share", "my_share" },
		{ "a:b\\c$d", "a_b_c_d" },
		{ "tab\there", "tabhere" },
		{ "..", "__" },
		{ ".", "_" },
		{ "\x01", "_" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *s = automount_sanitize_name(cases[i][0]);

		ck_assert_str_eq(s, cases[i][1]);
	}
}
END_TEST

START_TEST(host_mount_points)
{
	static const char *const good[][2] = {
		{ "/mnt/projects", "/mnt/projects" },
		{ "//srv///data//", "/srv/data" },
		{ "D:/shares/x", "/shares/x" },
		{ "/media/sf_x", "/media/sf_x" },
	};
	static const char *const bad[][2] = {
		{ "relative/path", "not an absolute path" },
		{ "/mnt/../etc", "it contains . or .. components" },
		{ "/mnt/./x", "it contains . or .. components" },
		{ "/etc", "it is a system directory" },
		{ "/usr/", "it is a system directory" },
		{ "//", "it is a system directory" },
		{ "C:/", "it is a system directory" },
		{ "/mnt/a\nb", "it contains control characters" },
	};
	const char *why;
	gchar *path;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(good); i++) {
		path = NULL;
		ck_assert_msg(automount_check_host_mount_point(good[i][0], NULL,
							       &path, &why),
			      "%s refused", good[i][0]);
		ck_assert_str_eq(path, good[i][1]);
		g_free(path);
	}
	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		why = NULL;
		ck_assert_msg(!automount_check_host_mount_point(bad[i][0], NULL,
								&path, &why),
			      "%s accepted", bad[i][0]);
		ck_assert_str_eq(why, bad[i][1]);
	}
	/* Per-user: only below the home directory. */
	ck_assert(automount_check_host_mount_point("/home/u/x", "/home/u",
						   &path, &why));
	g_free(path);
	ck_assert(!automount_check_host_mount_point("/home/u", "/home/u", &path,
						    &why));
	ck_assert(!automount_check_host_mount_point("/home/uv/x", "/home/u",
						    &path, &why));
	ck_assert(!automount_check_host_mount_point("/mnt/x", "/home/u", &path,
						    &why));
	ck_assert_str_eq(
		why, "the per-user agent mounts only below the home directory");
}
END_TEST

START_TEST(default_mount_points)
{
	g_autofree gchar *a =
		automount_default_mount_point("/media", "sf_", "my share", 0);
	g_autofree gchar *b =
		automount_default_mount_point("/media", "sf_", "x", 3);
	g_autofree gchar *c = automount_default_mount_point(
		"/home/u/VBoxShares", "", "..", 0);

	ck_assert_str_eq(a, "/media/sf_my_share");
	ck_assert_str_eq(b, "/media/sf_x_3");
	ck_assert_str_eq(c, "/home/u/VBoxShares/__");
}
END_TEST

START_TEST(mountinfo)
{
	g_autofree gchar *file = tmp_path("mountinfo");
	g_autoptr(GPtrArray) mounts = NULL;
	const struct ovt_mount *m;
	g_autofree gchar *u = ovt_mountinfo_unescape("a\\040b\\134c\\011");

	ck_assert_str_eq(u, "a b\\c\t");
	ck_assert(g_file_set_contents(
		file,
		"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
		"40 22 0:39 / /media/sf_my\\040share rw,nosuid,nodev shared:5 master:2 - fuse.vboxsf-fuse my\\040share rw,user_id=0\n"
		"41 22 0:40 / /mnt/other rw - fuse.sshfs host:/x rw\n"
		"garbage line\n",
		-1, NULL));
	mounts = ovt_mountinfo_read(file, NULL);
	ck_assert_ptr_nonnull(mounts);
	ck_assert_uint_eq(mounts->len, 3);
	m = ovt_mountinfo_find(mounts, "/media/sf_my share");
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(automount_mount_share(m), "my share");
	m = ovt_mountinfo_find(mounts, "/mnt/other");
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_null(automount_mount_share(m));
	ck_assert_ptr_null(ovt_mountinfo_find(mounts, "/media"));
	ck_assert(automount_share_name_equal("My Share", "my share"));
	ck_assert(!automount_share_name_equal("my share", "my_share"));
}
END_TEST

START_TEST(prepare_dir)
{
	g_autofree gchar *mp = tmp_path("media/sf_a");
	g_autofree gchar *full = tmp_path("full");
	g_autofree gchar *file = tmp_path("full/x");
	g_autofree gchar *link = tmp_path("link");
	g_autofree gchar *notdir = tmp_path("notdir");
	g_autoptr(GPtrArray) none = g_ptr_array_new();
	g_autoptr(GPtrArray) mounts = NULL;
	g_autofree gchar *mi = tmp_path("mi");
	g_autofree gchar *line = NULL;
	gchar *real = NULL, *reason = NULL;
	struct stat st;

	/* Created, with the mode asked for. */
	ck_assert(automount_prepare_dir(mp, getuid(), getgid(), 0750,
					getuid() != 0, none, &real, &reason));
	ck_assert_ptr_nonnull(real);
	ck_assert_int_eq(stat(mp, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0750);
	g_free(real);

	/* Not empty. */
	ck_assert_int_eq(g_mkdir(full, 0755), 0);
	ck_assert(g_file_set_contents(file, "x", 1, NULL));
	ck_assert(!automount_prepare_dir(full, getuid(), getgid(), 0750, FALSE,
					 none, &real, &reason));
	ck_assert(g_str_has_suffix(reason, "is not empty"));
	g_free(reason);

	/* Not a directory. */
	ck_assert(g_file_set_contents(notdir, "", 0, NULL));
	ck_assert(!automount_prepare_dir(notdir, getuid(), getgid(), 0750,
					 FALSE, none, &real, &reason));
	ck_assert(g_str_has_suffix(reason, "is not a directory"));
	g_free(reason);

	/* A symbolic link that leads to a system directory. */
	ck_assert_int_eq(symlink("/proc", link), 0);
	ck_assert(!automount_prepare_dir(link, getuid(), getgid(), 0750, FALSE,
					 none, &real, &reason));
	ck_assert_msg(strstr(reason,
			     "leads to /proc: it is a system directory"),
		      "%s", reason);
	g_free(reason);

	/* Something mounted on it already. */
	line = g_strdup_printf("40 22 0:39 / %s rw - tmpfs tmpfs rw\n", mp);
	ck_assert(g_file_set_contents(mi, line, -1, NULL));
	mounts = ovt_mountinfo_read(mi, NULL);
	ck_assert(!automount_prepare_dir(mp, getuid(), getgid(), 0750, FALSE,
					 mounts, &real, &reason));
	ck_assert(g_str_has_prefix(reason, "something is already mounted on"));
	g_free(reason);
}
END_TEST

static gboolean load(struct automount_config *cfg, gboolean user,
		     const char *text, GError **error)
{
	g_autofree gchar *file = tmp_path("am.conf");

	ck_assert(g_file_set_contents(file, text, -1, NULL));
	return automount_config_load(cfg, user, file, "/nonexistent",
				     "/usr/bin/vboxsf-fuse", error);
}

START_TEST(config_defaults)
{
	struct automount_config cfg;
	g_autofree gchar *opts = NULL;
	g_autofree gchar *vbox = NULL;

	ck_assert(automount_config_load(&cfg, FALSE, NULL, tmpdir,
					"/usr/bin/vboxsf-fuse", NULL));
	ck_assert_str_eq(cfg.mount_dir, "/media");
	ck_assert_str_eq(cfg.mount_prefix, "sf_");
	/* the defaults: the host's properties may still set them */
	ck_assert(!cfg.mount_dir_set && !cfg.mount_prefix_set);
	ck_assert_int_eq(cfg.dir_mode, 0770);
	ck_assert_int_eq(cfg.file_mode, 0770);
	ck_assert_uint_eq(cfg.uid, 0);
	ck_assert(cfg.unmount_on_exit && cfg.host_mount_points);
	opts = automount_config_fuse_options(&cfg);
	vbox = g_strdup_printf(
		"uid=0,gid=%u,dmode=0770,fmode=0770,allow_other,default_permissions",
		(unsigned int)cfg.gid);
	ck_assert_str_eq(opts, vbox);
	automount_config_clear(&cfg);

	ck_assert(automount_config_load(&cfg, TRUE, NULL, tmpdir,
					"/usr/bin/vboxsf-fuse", NULL));
	ck_assert(g_str_has_suffix(cfg.mount_dir, "/VBoxShares"));
	ck_assert_str_eq(cfg.mount_prefix, "");
	ck_assert_uint_eq(cfg.uid, getuid());
	g_clear_pointer(&opts, g_free);
	opts = automount_config_fuse_options(&cfg);
	g_free(vbox);
	vbox = g_strdup_printf("uid=%u,gid=%u", (unsigned int)getuid(),
			       (unsigned int)getgid());
	ck_assert_str_eq(opts, vbox);
	automount_config_clear(&cfg);
}
END_TEST

START_TEST(config_values)
{
	struct automount_config cfg;
	g_autofree gchar *opts = NULL;

	ck_assert(
		load(&cfg, FALSE,
		     "[vbox-automount]\nmount-dir=/srv/shares/\nmount-prefix=\n"
		     "owner=12\ngroup=34\ndir-mode=0750\nfile-mode=640\n"
		     "file-mask=0022\nunmount-on-exit=false\n"
		     "host-mount-points=no\nfuse-options=cache=none\n"
		     "vboxsf-fuse=/opt/x/vboxsf-fuse\n"
		     "[vbox-automount-user]\nmount-dir=/ignored\n",
		     NULL));
	ck_assert_str_eq(cfg.mount_dir, "/srv/shares");
	ck_assert_str_eq(cfg.mount_prefix, "");
	/* given in the file (an empty prefix too): they beat the host's */
	ck_assert(cfg.mount_dir_set && cfg.mount_prefix_set);
	ck_assert_str_eq(cfg.vboxsf_fuse, "/opt/x/vboxsf-fuse");
	ck_assert(!cfg.unmount_on_exit && !cfg.host_mount_points);
	opts = automount_config_fuse_options(&cfg);
	ck_assert_str_eq(
		opts,
		"uid=12,gid=34,dmode=0750,fmode=0640,fmask=0022,allow_other,default_permissions,cache=none");
	automount_config_clear(&cfg);
}
END_TEST

/* The per-user agent: the system's file, then the user's (which wins). */
START_TEST(config_layers)
{
	g_autofree gchar *sysdir = tmp_path("open-vbox-tools");
	g_autofree gchar *sys =
		tmp_path("open-vbox-tools/open-vbox-tools.conf");
	g_autofree gchar *home = tmp_path("xdg");
	g_autofree gchar *udir = tmp_path("xdg/open-vbox-tools");
	g_autofree gchar *own =
		tmp_path("xdg/open-vbox-tools/open-vbox-tools.conf");
	g_autofree gchar *want = NULL;
	struct automount_config cfg;

	g_setenv("XDG_CONFIG_HOME", home, TRUE);
	ck_assert_int_eq(g_mkdir_with_parents(sysdir, 0700), 0);
	ck_assert_int_eq(g_mkdir_with_parents(udir, 0700), 0);
	ck_assert(g_file_set_contents(
		sys,
		"[vbox-automount]\nmount-dir=/sys-only\n"
		"[vbox-automount-user]\nmount-dir=~/Shares\nmount-prefix=p_\n",
		-1, NULL));
	ck_assert(g_file_set_contents(
		own, "[vbox-automount-user]\nmount-prefix=q_\n", -1, NULL));
	ck_assert(automount_config_load(&cfg, TRUE, NULL, tmpdir,
					"/usr/bin/vboxsf-fuse", NULL));
	want = g_build_filename(g_get_home_dir(), "Shares", NULL);
	ck_assert_str_eq(cfg.mount_dir, want);
	ck_assert_str_eq(cfg.mount_prefix, "q_");
	automount_config_clear(&cfg);
	/* the system service reads its own section only */
	ck_assert(automount_config_load(&cfg, FALSE, NULL, tmpdir,
					"/usr/bin/vboxsf-fuse", NULL));
	ck_assert_str_eq(cfg.mount_dir, "/sys-only");
	ck_assert_str_eq(cfg.mount_prefix, "sf_");
	automount_config_clear(&cfg);
}
END_TEST

/* The host's MountDir / MountPrefix, as the reference checks them. */
START_TEST(host_properties)
{
	static const char *const dirs[][2] = {
		{ "/srv/shares", "/srv/shares" },
		{ "/srv//x/", "/srv/x" },
		{ "relative", NULL },
		{ "", NULL },
		{ "/a/../etc", NULL },
		{ "/a\tb", NULL },
	};
	static const struct {
		const char *prefix;
		gboolean ok;
	} prefixes[] = {
		{ "", TRUE },	   { "vb_", TRUE }, { "a/b", FALSE },
		{ "a\\b", FALSE }, { "..", FALSE }, { ".", TRUE },
		{ "x\ty", FALSE }, { NULL, FALSE },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(dirs); i++) {
		g_autofree gchar *d = automount_host_mount_dir(dirs[i][0]);

		if (dirs[i][1])
			ck_assert_str_eq(d, dirs[i][1]);
		else
			ck_assert_msg(!d, "accepted '%s'", dirs[i][0]);
	}
	ck_assert_ptr_null(automount_host_mount_dir(NULL));
	for (i = 0; i < G_N_ELEMENTS(prefixes); i++)
		ck_assert_msg(automount_host_mount_prefix_ok(
				      prefixes[i].prefix) == prefixes[i].ok,
			      "case %zu", i);
}
END_TEST

START_TEST(config_refusals)
{
	static const char *const cases[][2] = {
		{ "[vbox-automount]\ndir-mode=0999\n",
		  "am.conf:2: [vbox-automount] dir-mode: an octal number within 0777" },
		{ "[vbox-automount]\n\nfile-mask=77777\n",
		  "am.conf:3: [vbox-automount] file-mask: an octal number within 07777" },
		{ "[vbox-automount]\nmount-dir=media\n",
		  "am.conf:2: [vbox-automount] mount-dir: an absolute path" },
		{ "[vbox-automount]\nmount-dir=~/x\n",
		  "am.conf:2: [vbox-automount] mount-dir: an absolute path" },
		{ "[vbox-automount]\nmount-dir=/a/../etc\n",
		  "must not contain . or .." },
		{ "[vbox-automount]\nmount-prefix=a/b\n", "no '/'" },
		{ "[vbox-automount]\nowner=no-such-user-here\n",
		  "am.conf:2: [vbox-automount] owner: no such user" },
		{ "[vbox-automount]\ngroup=no-such-group-here\n",
		  "am.conf:2: [vbox-automount] group: no such group" },
		{ "[vbox-automount]\nunmount-on-exit=maybe\n",
		  "unmount-on-exit: true or false" },
		{ "[vbox-automount]\nfuse-options=a b\n", "without blanks" },
		{ "[vbox-automount]\nmountdir=/x\n",
		  "am.conf:2: [vbox-automount] mountdir: unknown key" },
		{ "[vbox-automount-user]\nowner=root\n",
		  "am.conf:2: [vbox-automount-user] owner: unknown key" },
		{ "[system]\nmount-dir=/x\n",
		  "am.conf:1: [system]: unknown section" },
		{ "not a key file", "am.conf:1: " },
	};
	struct automount_config cfg;
	GError *error = NULL;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		gboolean user =
			g_str_has_prefix(cases[i][0], "[vbox-automount-user]");

		ck_assert_msg(!load(&cfg, user, cases[i][0], &error),
			      "accepted: %s", cases[i][0]);
		ck_assert_msg(strstr(error->message, cases[i][1]) &&
				      strstr(error->message, "am.conf") &&
				      !strchr(error->message, '\n'),
			      "%s: %s", cases[i][0], error->message);
		g_clear_error(&error);
		automount_config_clear(&cfg);
	}
	/* A named file must exist. */
	ck_assert(!automount_config_load(&cfg, FALSE, "/nonexistent/x.conf",
					 "/etc", "/x", &error));
	g_clear_error(&error);
	automount_config_clear(&cfg);
}
END_TEST

START_TEST(state_round_trip)
{
	g_autofree gchar *file = tmp_path("state");
	struct automount_state *st = automount_state_new(4321, TRUE, "unix:/x");
	struct automount_state_share a = {
		.name = "Projects",
		.status = AUTOMOUNT_STATE_MOUNTED,
		.mount_point = "/media/sf_Projects",
		.helper_pid = 99,
	};
	struct automount_state_share b = {
		.name = "odd [name] =x",
		.status = AUTOMOUNT_STATE_NOT_MOUNTED,
		.mount_point = "/media/sf_odd",
		.reason = "/media/sf_odd is not empty",
		.note = "the host's mount point '/etc' is refused: it is a system directory",
	};
	const struct automount_state_share *r;
	struct automount_state *back;
	struct ovt_state *os;

	automount_state_add(st, &a);
	automount_state_add(st, &b);
	os = ovt_state_open_path(AUTOMOUNT_AGENT_NAME, NULL, file, NULL);
	ck_assert_ptr_nonnull(os);
	automount_state_store(st, ovt_state_keyfile(os));
	ovt_state_changed(os);
	ck_assert(ovt_state_flush(os, NULL));
	automount_state_free(st);
	back = automount_state_read(file, NULL);
	ck_assert_ptr_nonnull(back);
	ck_assert_int_eq(back->pid, getpid());
	ck_assert(back->alive);
	ck_assert(back->user_mode);
	ck_assert_str_eq(back->device, "unix:/x");
	r = automount_state_find(back, "projects");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->mount_point, "/media/sf_Projects");
	ck_assert_int_eq(r->helper_pid, 99);
	ck_assert_ptr_null(r->reason);
	r = automount_state_find(back, "odd [name] =x");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->reason, "/media/sf_odd is not empty");
	ck_assert_str_eq(r->note, b.note);
	ck_assert_ptr_null(automount_state_find(back, "none"));
	automount_state_free(back);

	/* A second store replaces the share groups: one share is left. */
	st = automount_state_new(4321, FALSE, NULL);
	automount_state_add(st, &b);
	automount_state_store(st, ovt_state_keyfile(os));
	ovt_state_changed(os);
	ck_assert(ovt_state_flush(os, NULL));
	automount_state_free(st);
	ovt_state_close(os, false);
	back = automount_state_read(file, NULL);
	ck_assert_ptr_nonnull(back);
	ck_assert(!back->user_mode);
	ck_assert_ptr_null(back->device);
	ck_assert_uint_eq(back->shares->len, 1);
	ck_assert_ptr_null(automount_state_find(back, "projects"));
	automount_state_free(back);
}
END_TEST

static Suite *automount_suite(void)
{
	Suite *s = suite_create("automount");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, sanitize_names);
	tcase_add_test(tc, host_mount_points);
	tcase_add_test(tc, default_mount_points);
	tcase_add_test(tc, mountinfo);
	tcase_add_test(tc, prepare_dir);
	tcase_add_test(tc, config_defaults);
	tcase_add_test(tc, config_layers);
	tcase_add_test(tc, host_properties);
	tcase_add_test(tc, config_values);
	tcase_add_test(tc, config_refusals);
	tcase_add_test(tc, state_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(automount_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
