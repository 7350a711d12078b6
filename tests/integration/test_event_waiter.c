// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End to end: services/common's event waiter against a real vbox-hostsim.
 * Host events reach the callback on the main loop's thread, nothing is
 * called while nothing happens, stopping interrupts a blocked wait at
 * once, and a simulator that dies is reported once as -ENOTCONN.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_event_waiter.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

struct seen {
	GMainLoop *loop;
	uint32_t events;
	int error;
	int calls;
	gboolean on_main_thread;
};

static GThread *main_thread;

static void on_events(uint32_t events, int error, gpointer data)
{
	struct seen *s = data;

	s->calls++;
	s->events |= events;
	if (error)
		s->error = error;
	s->on_main_thread = g_thread_self() == main_thread;
	g_main_loop_quit(s->loop);
}

static gboolean quit_loop(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

/* Run the loop until the callback quits it or @ms pass. */
static void run_for(struct seen *s, guint ms)
{
	GSource *t = g_timeout_source_new(ms);

	g_source_set_callback(t, quit_loop, s->loop, NULL);
	g_source_attach(t, NULL);
	g_main_loop_run(s->loop);
	g_source_destroy(t);
	g_source_unref(t);
}

static struct vbgl_handle *open_guest(uint32_t filter)
{
	struct vbgl_handle *h = NULL;

	ck_assert_int_eq(vbgl_open(sim->guest_device, VBGL_OPEN_SYSTEM, &h), 0);
	ck_assert_int_eq(vbgl_change_event_filter(h, filter, 0), 0);
	return h;
}

static void raise_event(const char *mask)
{
	int status;
	char *out = hostsim_ctl(sim, &status, "event", mask, NULL);

	ck_assert_msg(status == 0, "ctl event %s: %s", mask, out);
	g_free(out);
}

static void seen_init(struct seen *s)
{
	memset(s, 0, sizeof(*s));
	s->loop = g_main_loop_new(NULL, FALSE);
	main_thread = g_thread_self();
}

START_TEST(test_events_reach_main_loop)
{
	struct ovt_event_waiter *w = NULL;
	struct vbgl_handle *h = open_guest(0x84);
	struct seen s;

	seen_init(&s);
	ck_assert_int_eq(
		ovt_event_waiter_start(h, 0x84, NULL, on_events, &s, &w), 0);
	/* Nothing happens: no call. */
	run_for(&s, 300);
	ck_assert_int_eq(s.calls, 0);

	raise_event("0x80");
	run_for(&s, 5000);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_uint_eq(s.events, 0x80);
	ck_assert_int_eq(s.error, 0);
	ck_assert(s.on_main_thread);

	/* The thread waits again: the next event comes too. */
	s.events = 0;
	raise_event("0x4");
	run_for(&s, 5000);
	ck_assert_int_eq(s.calls, 2);
	ck_assert_uint_eq(s.events, 0x4);

	ovt_event_waiter_stop(w);
	vbgl_close(h);
	g_main_loop_unref(s.loop);
}
END_TEST

START_TEST(test_stop_is_prompt_and_final)
{
	struct ovt_event_waiter *w = NULL;
	struct vbgl_handle *h = open_guest(0x80);
	gint64 t0, took_us;
	struct seen s;

	seen_init(&s);
	ck_assert_int_eq(
		ovt_event_waiter_start(h, 0x80, NULL, on_events, &s, &w), 0);
	run_for(&s, 200); /* let it block in the driver */
	t0 = g_get_monotonic_time();
	ovt_event_waiter_stop(w);
	took_us = g_get_monotonic_time() - t0;
	ck_assert_msg(took_us < 1000000, "stop took %" G_GINT64_FORMAT " us",
		      took_us);

	/* Stopped: an event afterwards calls nobody. */
	raise_event("0x80");
	run_for(&s, 300);
	ck_assert_int_eq(s.calls, 0);

	ck_assert_int_eq(ovt_event_waiter_start(h, 0, NULL, on_events, &s, &w),
			 -EINVAL);
	ck_assert_int_eq(ovt_event_waiter_start(h, 0x800, NULL, on_events, &s,
						&w),
			 -EINVAL);
	ck_assert_int_eq(ovt_event_waiter_start(NULL, 0x80, NULL, on_events, &s,
						&w),
			 -EINVAL);
	vbgl_close(h);
	g_main_loop_unref(s.loop);
}
END_TEST

START_TEST(test_host_gone_reported_once)
{
	struct ovt_event_waiter *w = NULL;
	struct vbgl_handle *h = open_guest(0x80);
	struct seen s;

	seen_init(&s);
	ck_assert_int_eq(
		ovt_event_waiter_start(h, 0x80, NULL, on_events, &s, &w), 0);
	run_for(&s, 200);
	ck_assert_int_eq(kill(sim->pid, SIGKILL), 0);
	run_for(&s, 5000);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_int_eq(s.error, -ENOTCONN);
	ck_assert_uint_eq(s.events, 0);
	/* The thread stopped: no more calls, no busy loop. */
	run_for(&s, 300);
	ck_assert_int_eq(s.calls, 1);
	ovt_event_waiter_stop(w);
	vbgl_close(h);
	g_main_loop_unref(s.loop);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("event-waiter");
	SRunner *sr;
	int failed;

	ovt_add_sim_test(s, "events", test_events_reach_main_loop, 30);
	ovt_add_sim_test(s, "stop", test_stop_is_prompt_and_final, 30);
	ovt_add_sim_test(s, "host-gone", test_host_gone_reported_once, 30);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
