// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * services/x11 against a real X server (Xvfb): the connection as a main
 * loop source, error traps, atoms, extensions, the server time, and the
 * exit with one line when the server goes away.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <glib.h>

#include "services/common/ovt_log.h"
#include "services/x11/ovt_x11.h"
#include "tests/integration/xserver_fixture.h"

static struct xserver *xs;

static void start_server(void)
{
	xs = xserver_start_xvfb();
	ck_assert_msg(xs != NULL, "Xvfb did not start");
}

/* Unchecked fixtures: the parent stops the server even if a test fails. */
static void stop_server(void)
{
	xserver_stop(xs);
	xs = NULL;
}

struct seen {
	int map_notify;
	Window window;
};

static void count_events(XEvent *event, void *data)
{
	struct seen *seen = data;

	if (event->type == MapNotify && event->xmap.window == seen->window)
		seen->map_notify++;
}

static struct ovt_x11 *open_ok(struct seen *seen)
{
	GError *error = NULL;
	struct ovt_x11 *x =
		ovt_x11_open(xs->display, count_events, seen, &error);

	ck_assert_msg(x != NULL, "open %s: %s", xs->display,
		      error ? error->message : "?");
	return x;
}

static Window make_window(struct ovt_x11 *x, long mask)
{
	Display *dpy = ovt_x11_display(x);
	Window w = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 10,
				       10, 0, 0, 0);

	XSelectInput(dpy, w, mask);
	return w;
}

START_TEST(open_refuses_missing_display)
{
	GError *error = NULL;
	struct ovt_x11 *x = ovt_x11_open(":4711", count_events, NULL, &error);

	ck_assert_ptr_null(x);
	ck_assert_ptr_nonnull(error);
	ck_assert_str_eq(error->message, "cannot open the X display :4711");
	g_error_free(error);
}
END_TEST

/*
 * Agents and tools come and go on the test server one after the other.
 * Each must get in, also the one that arrives while the server is
 * tidying up after the last one left (a server that resets when its last
 * client goes drops that newcomer now and then).
 */
START_TEST(clients_one_after_the_other_all_get_in)
{
	int i, refused = 0;

	for (i = 0; i < 500; i++) {
		GError *error = NULL;
		struct ovt_x11 *x =
			ovt_x11_open(xs->display, count_events, NULL, &error);

		if (!x) {
			refused++;
			g_clear_error(&error);
			continue;
		}
		XSync(ovt_x11_display(x), False);
		ovt_x11_close(x);
	}
	ck_assert_int_eq(refused, 0);
}
END_TEST

START_TEST(events_arrive_through_the_main_loop)
{
	struct seen seen = { 0 };
	struct ovt_x11 *x = open_ok(&seen);
	int i;

	ck_assert_str_eq(ovt_x11_name(x), xs->display);
	seen.window = make_window(x, StructureNotifyMask);
	XMapWindow(ovt_x11_display(x), seen.window);
	/* The source flushes before the loop sleeps; nothing else does. */
	for (i = 0; i < 200 && !seen.map_notify; i++)
		g_main_context_iteration(NULL, TRUE);
	ck_assert_int_eq(seen.map_notify, 1);
	ovt_x11_close(x);
}
END_TEST

START_TEST(traps_catch_errors_and_nest)
{
	struct seen seen = { 0 };
	struct ovt_x11 *x = open_ok(&seen);
	Display *dpy = ovt_x11_display(x);
	Window w = make_window(x, 0);
	XWindowAttributes attr;

	ovt_x11_trap_push(x);
	XGetWindowAttributes(dpy, (Window)0x1fffffff, &attr);
	ck_assert_int_eq(ovt_x11_trap_pop(x), BadWindow);

	/* An inner trap sees its own error; the outer one its own only. */
	ovt_x11_trap_push(x);
	XMapWindow(dpy, w);
	ovt_x11_trap_push(x);
	XDestroyWindow(dpy, (Window)0x1ffffffe);
	ck_assert_int_eq(ovt_x11_trap_pop(x), BadWindow);
	ck_assert_int_eq(ovt_x11_trap_pop(x), 0);
	ck_assert_uint_eq(ovt_x11_errors_logged(x), 0);

	/* Unexpected errors are logged and counted; the connection lives. */
	XDestroyWindow(dpy, (Window)0x1ffffffd);
	XSync(dpy, False);
	ck_assert_uint_eq(ovt_x11_errors_logged(x), 1);
	ck_assert(XGetWindowAttributes(dpy, w, &attr));
	ovt_x11_close(x);
}
END_TEST

START_TEST(atoms_and_extensions)
{
	static const char *const names[] = { "CLIPBOARD", "TARGETS",
					     "OVT_TEST_ATOM" };
	struct seen seen = { 0 };
	struct ovt_x11 *x = open_ok(&seen);
	struct ovt_x11_extension ext;
	Atom atoms[3];
	char *name;

	ck_assert(ovt_x11_intern_atoms(x, names, atoms, 3));
	name = ovt_x11_atom_name(x, atoms[2]);
	ck_assert_str_eq(name, "OVT_TEST_ATOM");
	g_free(name);
	ck_assert_ptr_null(ovt_x11_atom_name(x, None));
	ck_assert_ptr_null(ovt_x11_atom_name(x, (Atom)0x7ffffff0));
	ck_assert_uint_eq(ovt_x11_errors_logged(x), 0);

	ck_assert(ovt_x11_check_extension(x, "XFIXES", &ext));
	ck_assert_int_ge(ext.major, 5);
	ck_assert(ovt_x11_check_extension(x, "RANDR", &ext));
	ck_assert(ext.major > 1 || ext.minor >= 2);
	ck_assert(ovt_x11_check_extension(x, "SHAPE", &ext));
	ck_assert(!ovt_x11_check_extension(x, "GLX", &ext));
	ck_assert(!ext.present);
	ovt_x11_close(x);
}
END_TEST

START_TEST(atoms_cached_and_named_in_bulk)
{
	struct seen seen = { 0 };
	struct ovt_x11 *x = open_ok(&seen);
	Atom list[3];
	char **names;

	list[0] = ovt_x11_atom(x, "OVT_TEST_CACHED");
	ck_assert(list[0] != None);
	ck_assert(ovt_x11_atom(x, "OVT_TEST_CACHED") == list[0]);
	list[1] = ovt_x11_atom(x, "UTF8_STRING");
	names = ovt_x11_atom_names(x, list, 2);
	ck_assert_uint_eq(g_strv_length(names), 2);
	ck_assert_str_eq(names[0], "OVT_TEST_CACHED");
	ck_assert_str_eq(names[1], "UTF8_STRING");
	g_strfreev(names);

	/* One bad atom: the others are still named, the bad one is "". */
	list[2] = list[1];
	list[1] = (Atom)0x7ffffff0;
	names = ovt_x11_atom_names(x, list, 3);
	ck_assert_uint_eq(g_strv_length(names), 3);
	ck_assert_str_eq(names[0], "OVT_TEST_CACHED");
	ck_assert_str_eq(names[1], "");
	ck_assert_str_eq(names[2], "UTF8_STRING");
	g_strfreev(names);
	names = ovt_x11_atom_names(x, list, 0);
	ck_assert_ptr_null(names[0]);
	g_strfreev(names);
	ck_assert_uint_eq(ovt_x11_errors_logged(x), 0);
	ovt_x11_close(x);
}
END_TEST

START_TEST(server_time_moves_forward)
{
	struct seen seen = { 0 };
	struct ovt_x11 *x = open_ok(&seen);
	Window w = make_window(x, PropertyChangeMask);
	Atom scratch = XInternAtom(ovt_x11_display(x), "OVT_TIME", False);
	Time t1, t2;

	t1 = ovt_x11_server_time(x, w, scratch);
	g_usleep(30000);
	t2 = ovt_x11_server_time(x, w, scratch);
	ck_assert_uint_ne(t1, CurrentTime);
	ck_assert_uint_ge(t2, t1 + 20);
	ovt_x11_close(x);
}
END_TEST

static void ignore_events(XEvent *event, void *data)
{
	(void)event;
	(void)data;
}

/* The lost-connection hook writes one byte to the pipe it is given. */
static void write_lost_marker(void *data)
{
	int fd = GPOINTER_TO_INT(data);

	if (write(fd, "L", 1) != 1)
		_exit(78);
}

/*
 * A child runs a main loop on the server; the server is killed.  The
 * child's hook runs before it exits.
 */
START_TEST(lost_server_exits_with_one_line)
{
	int err[2], hook[2], status;
	char buf[512] = "", mark = 0;
	ssize_t len;
	pid_t child;

	ck_assert_int_eq(pipe(err), 0);
	ck_assert_int_eq(pipe(hook), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		GError *error = NULL;
		struct ovt_x11 *x;

		dup2(err[1], STDERR_FILENO);
		close(err[0]);
		close(hook[0]);
		ovt_log_setup("test-agent", OVT_LOG_STDERR, 0);
		x = ovt_x11_open(xs->display, ignore_events, NULL, &error);
		if (!x)
			_exit(77);
		ovt_x11_on_lost(x, write_lost_marker, GINT_TO_POINTER(hook[1]));
		g_main_loop_run(g_main_loop_new(NULL, FALSE));
		_exit(0);
	}
	close(err[1]);
	close(hook[1]);
	g_usleep(300000);
	/* The parent's fixture reaps it. */
	kill(xs->pid, SIGKILL);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	len = read(err[0], buf, sizeof(buf) - 1);
	close(err[0]);
	ck_assert_int_gt(len, 0);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	ck_assert_msg(g_str_has_prefix(buf, "test-agent: lost the connection "
					    "to the X server :"),
		      "stderr: %s", buf);
	ck_assert_ptr_eq(strchr(buf, '\n'), buf + len - 1);
	ck_assert_int_eq(read(hook[0], &mark, 1), 1);
	ck_assert_int_eq(mark, 'L');
	close(hook[0]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ovt_x11");
	TCase *tc = tcase_create("xvfb");
	TCase *tc_kill = tcase_create("xvfb killed");
	SRunner *sr;
	int failed;

	tcase_add_unchecked_fixture(tc, start_server, stop_server);
	tcase_add_unchecked_fixture(tc_kill, start_server, stop_server);
	tcase_set_timeout(tc, 30);
	tcase_set_timeout(tc_kill, 30);
	tcase_add_test(tc, open_refuses_missing_display);
	tcase_add_test(tc, clients_one_after_the_other_all_get_in);
	tcase_add_test(tc, events_arrive_through_the_main_loop);
	tcase_add_test(tc, traps_catch_errors_and_nest);
	tcase_add_test(tc, atoms_and_extensions);
	tcase_add_test(tc, atoms_cached_and_named_in_bulk);
	tcase_add_test(tc, server_time_moves_forward);
	tcase_add_test(tc_kill, lost_server_exits_with_one_line);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tc_kill);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
