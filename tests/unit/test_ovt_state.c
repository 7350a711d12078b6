// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * services/common/ovt_state: the agent state files `vboxctl status` reads.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "services/common/ovt_state.h"
#include "tests/common/ovt_rmtree.h"

static char *tmp;

static void setup(void)
{
	tmp = g_dir_make_tmp("ovt-state-XXXXXX", NULL);
	ck_assert_ptr_nonnull(tmp);
}

static void teardown(void)
{
	ovt_rmtree(tmp);
	g_free(tmp);
}

static GKeyFile *load(const char *path)
{
	GKeyFile *kf = g_key_file_new();
	GError *error = NULL;

	ck_assert_msg(g_key_file_load_from_file(kf, path, 0, &error), "%s: %s",
		      path, error ? error->message : "?");
	return kf;
}

static char *value(const char *path, const char *group, const char *key)
{
	GKeyFile *kf = load(path);
	char *v = g_key_file_get_string(kf, group, key, NULL);

	g_key_file_free(kf);
	return v;
}

static void iterate_all(void)
{
	while (g_main_context_iteration(NULL, FALSE))
		;
}

START_TEST(open_writes_the_agent_group)
{
	char *path = g_build_filename(tmp, "a.state", NULL);
	struct ovt_state *st;
	GKeyFile *kf;
	char *v;

	st = ovt_state_open_path("vbox-test", ":3", path, NULL);
	ck_assert_ptr_nonnull(st);
	ck_assert_str_eq(ovt_state_path(st), path);
	kf = load(path);
	v = g_key_file_get_string(kf, "agent", "name", NULL);
	ck_assert_str_eq(v, "vbox-test");
	g_free(v);
	v = g_key_file_get_string(kf, "agent", "instance", NULL);
	ck_assert_str_eq(v, ":3");
	g_free(v);
	v = g_key_file_get_string(kf, "agent", "host", NULL);
	ck_assert_str_eq(v, "connecting");
	g_free(v);
	ck_assert_int_eq(g_key_file_get_int64(kf, "agent", "pid", NULL),
			 getpid());
	ck_assert(ovt_state_file_alive(kf));
	g_key_file_free(kf);
	ovt_state_close(st, true);
	ck_assert(!g_file_test(path, G_FILE_TEST_EXISTS));
	g_free(path);
}
END_TEST

START_TEST(changes_are_written_once_when_idle)
{
	char *path = g_build_filename(tmp, "b.state", NULL);
	struct ovt_state *st = ovt_state_open_path("b", NULL, path, NULL);
	struct stat before, after;
	char *v;

	ck_assert_int_eq(stat(path, &before), 0);
	ovt_state_set(st, "owner", "%s", "host");
	ovt_state_set(st, "formats", "text,%s", "html");
	ovt_state_host(st, OVT_STATE_HOST_CONNECTED);
	/* Nothing is written before the main loop runs ... */
	v = value(path, "state", "owner");
	ck_assert_ptr_null(v);
	iterate_all();
	/* ... and then everything at once, by rename (a new inode). */
	ck_assert_int_eq(stat(path, &after), 0);
	ck_assert_uint_ne(before.st_ino, after.st_ino);
	v = value(path, "state", "owner");
	ck_assert_str_eq(v, "host");
	g_free(v);
	v = value(path, "state", "formats");
	ck_assert_str_eq(v, "text,html");
	g_free(v);
	v = value(path, "agent", "host");
	ck_assert_str_eq(v, "connected");
	g_free(v);

	/* An unchanged host state or value schedules nothing. */
	ovt_state_host(st, OVT_STATE_HOST_CONNECTED);
	ovt_state_set(st, "owner", "%s", "host");
	ovt_state_set(st, "formats", "text,html");
	ck_assert(!g_main_context_pending(NULL));
	ck_assert_int_eq(stat(path, &before), 0);
	ck_assert_uint_eq(before.st_ino, after.st_ino);
	ovt_state_unset(st, "owner");
	iterate_all();
	v = value(path, "state", "owner");
	ck_assert_ptr_null(v);
	ovt_state_close(st, true);
	g_free(path);
}
END_TEST

static const struct {
	const char *display;
	const char *instance;
} instances[] = {
	{ ":0", ":0" },
	{ ":1.0", ":1" },
	{ ":12.3", ":12" },
	{ "box:10.1", "box:10" },
	{ "box.example:2", "box.example:2" },
	{ "/tmp/launch-x/org.x:0", "_tmp_launch-x_org.x:0" },
	{ "[::1]:2.5", "[::1]:2" },
	{ "no-colon.1", "no-colon.1" },
	{ "", "" },
};

START_TEST(display_instances_drop_the_screen)
{
	char *got = ovt_state_display_instance(instances[_i].display);

	ck_assert_str_eq(got, instances[_i].instance);
	g_free(got);
}
END_TEST

START_TEST(values_stay_on_one_line_and_errors_have_a_time)
{
	char *path = g_build_filename(tmp, "c.state", NULL);
	struct ovt_state *st = ovt_state_open_path("c", NULL, path, NULL);
	char *v;

	ovt_state_set(st, "note", "two\nlines\r\nhere");
	ovt_state_error(st, "the host said %d", -2);
	ck_assert(ovt_state_flush(st, NULL));
	v = value(path, "state", "note");
	ck_assert_str_eq(v, "two lines  here");
	g_free(v);
	v = value(path, "agent", "last-error");
	ck_assert_str_eq(v, "the host said -2");
	g_free(v);
	v = value(path, "agent", "last-error-time");
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(strlen(v), strlen("2026-12-02T03:10:00Z"));
	ck_assert_int_eq(v[strlen(v) - 1], 'Z');
	g_free(v);
	/* A close without removal leaves the last state, as a crash would. */
	ovt_state_close(st, false);
	ck_assert(g_file_test(path, G_FILE_TEST_EXISTS));
	g_free(path);
}
END_TEST

START_TEST(a_dead_or_reused_pid_is_not_alive)
{
	GKeyFile *kf = g_key_file_new();
	guint64 start;
	pid_t child;

	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	start = ovt_state_process_start(child);
	ck_assert_uint_gt(start, 0);
	g_key_file_set_int64(kf, "agent", "pid", child);
	g_key_file_set_uint64(kf, "agent", "pid-start", start);
	ck_assert(ovt_state_file_alive(kf));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	ck_assert(!ovt_state_file_alive(kf));
	ck_assert_uint_eq(ovt_state_process_start(child), 0);

	/* Our own PID, but another start time: a reused PID. */
	g_key_file_set_int64(kf, "agent", "pid", getpid());
	g_key_file_set_uint64(kf, "agent", "pid-start",
			      ovt_state_process_start(getpid()) + 1);
	ck_assert(!ovt_state_file_alive(kf));
	g_key_file_remove_key(kf, "agent", "pid-start", NULL);
	ck_assert(!ovt_state_file_alive(kf));
	g_key_file_free(kf);
}
END_TEST

/* A command name with spaces and parentheses must not shift the fields. */
START_TEST(process_start_survives_odd_command_names)
{
	int ready[2];
	char c;
	pid_t child;
	guint64 start;

	ck_assert_int_eq(pipe(ready), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		prctl(PR_SET_NAME, "a) b (c) d", 0, 0, 0);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	start = ovt_state_process_start(child);
	/* The same process, read before the rename, gives the same time. */
	ck_assert_uint_gt(start, 0);
	ck_assert_uint_le(start, ovt_state_process_start(getpid()) + 100000);
	ck_assert_uint_ge(start, ovt_state_process_start(getpid()));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(ready[0]);
	close(ready[1]);
}
END_TEST

START_TEST(directories_follow_the_environment)
{
	GError *error = NULL;
	struct ovt_state *st;
	char *dir, *path;

	g_setenv("OVT_RUNSTATE_DIR", tmp, TRUE);
	dir = ovt_state_dir(OVT_STATE_SYSTEM);
	ck_assert_str_eq(dir, tmp);
	g_free(dir);
	st = ovt_state_open("vbox-sys", NULL, OVT_STATE_SYSTEM, NULL);
	ck_assert_ptr_nonnull(st);
	path = g_build_filename(tmp, "vbox-sys.state", NULL);
	ck_assert_str_eq(ovt_state_path(st), path);
	g_free(path);
	ovt_state_close(st, true);

	g_setenv("XDG_RUNTIME_DIR", tmp, TRUE);
	st = ovt_state_open("vbox-desk", ":7", OVT_STATE_SESSION, NULL);
	ck_assert_ptr_nonnull(st);
	path = g_build_filename(tmp, "open-vbox-tools", "vbox-desk@:7.state",
				NULL);
	ck_assert_str_eq(ovt_state_path(st), path);
	ck_assert(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	g_free(path);
	ovt_state_close(st, true);

	g_unsetenv("XDG_RUNTIME_DIR");
	ck_assert_ptr_null(ovt_state_dir(OVT_STATE_SESSION));
	st = ovt_state_open("vbox-desk", ":7", OVT_STATE_SESSION, &error);
	ck_assert_ptr_null(st);
	ck_assert_str_eq(error->message, "XDG_RUNTIME_DIR is not set");
	g_error_free(error);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ovt_state");
	TCase *tc = tcase_create("state");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, open_writes_the_agent_group);
	tcase_add_test(tc, changes_are_written_once_when_idle);
	tcase_add_test(tc, values_stay_on_one_line_and_errors_have_a_time);
	tcase_add_test(tc, a_dead_or_reused_pid_is_not_alive);
	tcase_add_test(tc, process_start_survives_odd_command_names);
	tcase_add_test(tc, directories_follow_the_environment);
	tcase_add_loop_test(tc, display_instances_drop_the_screen, 0,
			    G_N_ELEMENTS(instances));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
