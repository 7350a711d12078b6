// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests (Check) of vbox-seamless's file names and state file: the
 * display key of the pidfile and state file names, the runtime directory,
 * the "key: value" lines, atomic rewrites only on change, removal.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "services/vbox-seamless/seamless_state.h"
#include "tests/common/ovt_rmtree.h"

static const struct {
	const char *display;
	const char *key;
} keys[] = {
	{ ":0", "0" },
	{ ":1.0", "1" },
	{ ":12.3", "12" },
	{ "box:10.0", "box_10" },
	{ "localhost:10", "localhost_10" },
	{ "/tmp/launch-x/org.x:0", "_tmp_launch-x_org.x_0" },
	{ "[::1]:2", "___1__2" },
	{ "no-colon", "no-colon" },
	{ "", "_" },
	{ ":", "_" },
	{ "a b:3", "a_b_3" },
	{ NULL, "_" },
};

START_TEST(test_display_key)
{
	g_autofree char *key = seamless_display_key(keys[_i].display);

	ck_assert_str_eq(key, keys[_i].key);
}
END_TEST

START_TEST(test_runtime_dir)
{
	g_autofree char *with = NULL, *without = NULL, *want = NULL;

	g_setenv("XDG_RUNTIME_DIR", "/run/user/4242", TRUE);
	with = seamless_runtime_dir();
	ck_assert_str_eq(with, "/run/user/4242/open-vbox-tools");
	g_setenv("XDG_RUNTIME_DIR", "", TRUE);
	without = seamless_runtime_dir();
	want = g_strdup_printf("/run/user/%u/open-vbox-tools",
			       (unsigned int)getuid());
	ck_assert_str_eq(without, want);
	g_unsetenv("XDG_RUNTIME_DIR");
	g_free(without);
	without = seamless_runtime_dir();
	ck_assert_str_eq(without, want);
}
END_TEST

START_TEST(test_format)
{
	struct seamless_state st = {
		.pid = 1234,
		.display = ":0",
		.host_connected = true,
		.seamless = true,
		.rects = 12,
	};
	g_autofree char *text = seamless_state_format(&st);
	g_autofree char *other = NULL;

	ck_assert_str_eq(text, "pid: 1234\ndisplay: :0\nhost: connected\n"
			       "seamless: on\nrects: 12\nlast_error: none\n");
	st.host_connected = false;
	st.seamless = false;
	st.rects = 0;
	st.last_error = "lost it:\nreally";
	other = seamless_state_format(&st);
	ck_assert_str_eq(
		other,
		"pid: 1234\ndisplay: :0\nhost: reconnecting\n"
		"seamless: off\nrects: 0\nlast_error: lost it: really\n");
}
END_TEST

START_TEST(test_file)
{
	g_autofree char *dir =
		g_dir_make_tmp("ovt-seamless-state.XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "s.state", NULL);
	g_autofree char *text = NULL;
	struct seamless_state st = { .pid = 7, .display = ":3" };
	struct seamless_state_file *sf;
	struct stat before, after;

	ck_assert_ptr_nonnull(dir);
	sf = seamless_state_file_new(path);
	ck_assert(seamless_state_file_update(sf, &st));
	ck_assert(g_file_get_contents(path, &text, NULL, NULL));
	ck_assert(strstr(text, "display: :3\n"));
	ck_assert_int_eq(stat(path, &before), 0);
	ck_assert_uint_eq(before.st_mode & 0777, 0644);

	/* Unchanged: not written again (the same inode stays). */
	ck_assert(seamless_state_file_update(sf, &st));
	ck_assert_int_eq(stat(path, &after), 0);
	ck_assert_uint_eq(after.st_ino, before.st_ino);

	/* Changed: replaced by a rename, never rewritten in place. */
	st.rects = 5;
	ck_assert(seamless_state_file_update(sf, &st));
	ck_assert_int_eq(stat(path, &after), 0);
	ck_assert_uint_ne(after.st_ino, before.st_ino);
	g_clear_pointer(&text, g_free);
	ck_assert(g_file_get_contents(path, &text, NULL, NULL));
	ck_assert(strstr(text, "rects: 5\n"));

	seamless_state_file_remove(sf);
	ck_assert(!g_file_test(path, G_FILE_TEST_EXISTS));
	/* After a removal the next update writes again. */
	ck_assert(seamless_state_file_update(sf, &st));
	ck_assert(g_file_test(path, G_FILE_TEST_EXISTS));
	seamless_state_file_remove(sf);
	seamless_state_file_remove(sf);
	seamless_state_file_free(sf);
	seamless_state_file_free(NULL);

	/* A directory that does not exist: the update fails. */
	sf = seamless_state_file_new("/nonexistent/ovt/s.state");
	ck_assert(!seamless_state_file_update(sf, &st));
	ck_assert(!seamless_state_file_update(sf, &st));
	seamless_state_file_free(sf);
	ck_assert_int_eq(ovt_rmtree(dir), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("seamless-state");
	TCase *tc = tcase_create("state");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_display_key, 0, G_N_ELEMENTS(keys));
	tcase_add_test(tc, test_runtime_dir);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_file);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
