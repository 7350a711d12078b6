// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End to end: events raised on the host side (`vbox-hostsim ctl event`)
 * reaching waiters through libvbglr3, the socket transport and the driver
 * core; timeouts, interrupt-all, and session cleanup when clients exit.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "driver/vmmdev.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

static struct vbgl_handle *open_guest(void)
{
	struct vbgl_handle *h = NULL;
	int rc = vbgl_open(sim->guest_device, VBGL_OPEN_SYSTEM, &h);

	ck_assert_msg(rc == 0, "vbgl_open(%s): %s", sim->guest_device,
		      g_strerror(-rc));
	return h;
}

static int64_t now_ms(void)
{
	return g_get_monotonic_time() / 1000;
}

static void raise_event(const char *mask)
{
	int status;
	g_autofree char *out = hostsim_ctl(sim, &status, "event", mask, NULL);

	ck_assert_msg(status == 0, "ctl event %s failed: %s", mask, out);
}

struct waiter {
	struct vbgl_handle *h;
	uint32_t mask;
	uint32_t timeout_ms;
	int rc;
	uint32_t events;
	int64_t elapsed_ms;
	gint started;
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;
	int64_t t0 = now_ms();

	g_atomic_int_set(&w->started, 1);
	w->rc = vbgl_wait_for_events(w->h, w->mask, w->timeout_ms, &w->events);
	w->elapsed_ms = now_ms() - t0;
	return NULL;
}

static void start_waiter(pthread_t *t, struct waiter *w)
{
	ck_assert_int_eq(pthread_create(t, NULL, waiter_thread, w), 0);
	while (!g_atomic_int_get(&w->started))
		g_usleep(1000);
	/* Let it reach the driver and go to sleep there. */
	g_usleep(100 * 1000);
}

/* An event in the waiter's mask wakes it, with that event. */
START_TEST(test_event_wakes_matching_waiter)
{
	struct vbgl_handle *h = open_guest();
	struct waiter w = { .h = h,
			    .mask = VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST,
			    .timeout_ms = 10000 };
	pthread_t t;

	ck_assert_int_eq(vbgl_change_event_filter(h, w.mask, 0), 0);
	start_waiter(&t, &w);
	raise_event("0x4");
	pthread_join(t, NULL);
	ck_assert_msg(w.rc == 0, "wait: %s", g_strerror(-w.rc));
	ck_assert_uint_eq(w.events & VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST,
			  VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert_msg(w.elapsed_ms < 5000, "woke after %lld ms",
		      (long long)w.elapsed_ms);
	vbgl_close(h);
}
END_TEST

/*
 * An event outside the waiter's mask leaves it asleep until its own
 * timeout; the event stays pending for a waiter that does want it.
 */
START_TEST(test_event_excluded_keeps_sleeping)
{
	struct vbgl_handle *h = open_guest();
	struct waiter w = { .h = h,
			    .mask = VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST,
			    .timeout_ms = 1500 };
	uint32_t events = 0;
	pthread_t t;

	ck_assert_int_eq(
		vbgl_change_event_filter(
			h,
			VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST |
				VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST,
			0),
		0);
	start_waiter(&t, &w);
	raise_event("0x4");
	pthread_join(t, NULL);
	ck_assert_int_eq(w.rc, -ETIMEDOUT);
	ck_assert_msg(w.elapsed_ms >= 1400, "returned after %lld ms",
		      (long long)w.elapsed_ms);

	ck_assert_int_eq(
		vbgl_wait_for_events(h, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST, 0,
				     &events),
		0);
	ck_assert_uint_eq(events, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	vbgl_close(h);
}
END_TEST

/* A timed wait with nothing pending returns -ETIMEDOUT after the timeout. */
START_TEST(test_wait_timeout)
{
	struct vbgl_handle *h = open_guest();
	uint32_t events = 0xdead;
	int64_t t0;
	int rc;

	ck_assert_int_eq(
		vbgl_change_event_filter(
			h, VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST, 0),
		0);
	t0 = now_ms();
	rc = vbgl_wait_for_events(
		h, VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST, 300,
		&events);
	ck_assert_int_eq(rc, -ETIMEDOUT);
	ck_assert_msg(now_ms() - t0 >= 290, "timed out after %lld ms",
		      (long long)(now_ms() - t0));
	ck_assert_msg(now_ms() - t0 < 3000, "timed out after %lld ms",
		      (long long)(now_ms() - t0));

	/* A poll (timeout 0) returns at once. */
	t0 = now_ms();
	rc = vbgl_wait_for_events(
		h, VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST, 0, &events);
	ck_assert_int_eq(rc, -ETIMEDOUT);
	ck_assert_msg(now_ms() - t0 < 1000, "poll took %lld ms",
		      (long long)(now_ms() - t0));
	vbgl_close(h);
}
END_TEST

/* Interrupt-all wakes every waiter with -EINTR, and later waits too. */
START_TEST(test_interrupt_all)
{
	struct vbgl_handle *h = open_guest();
	struct waiter w[3];
	pthread_t t[3];
	uint32_t events;
	unsigned int i;

	ck_assert_int_eq(vbgl_change_event_filter(h, VMMDEV_EVENT_VRDP, 0), 0);
	for (i = 0; i < G_N_ELEMENTS(w); i++) {
		w[i] = (struct waiter){ .h = h,
					.mask = VMMDEV_EVENT_VRDP,
					.timeout_ms = VBGL_TIMEOUT_INFINITE };
		start_waiter(&t[i], &w[i]);
	}
	ck_assert_int_eq(vbgl_interrupt_waiters(h), 0);
	for (i = 0; i < G_N_ELEMENTS(w); i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(w[i].rc, -EINTR);
		ck_assert_msg(w[i].elapsed_ms < 5000, "woke after %lld ms",
			      (long long)w[i].elapsed_ms);
	}
	ck_assert_int_eq(vbgl_wait_for_events(h, VMMDEV_EVENT_VRDP, 1000,
					      &events),
			 -EINTR);
	vbgl_close(h);
}
END_TEST

/* Interrupting one session leaves another session's waiters alone. */
START_TEST(test_interrupt_is_per_session)
{
	struct vbgl_handle *a = open_guest();
	struct vbgl_handle *b = open_guest();
	struct waiter w = { .mask = VMMDEV_EVENT_CPU_HOTPLUG,
			    .timeout_ms = 10000 };
	pthread_t t;

	w.h = b;
	ck_assert_int_eq(
		vbgl_change_event_filter(b, VMMDEV_EVENT_CPU_HOTPLUG, 0), 0);
	start_waiter(&t, &w);
	ck_assert_int_eq(vbgl_interrupt_waiters(a), 0);
	raise_event("0x400");
	pthread_join(t, NULL);
	ck_assert_int_eq(w.rc, 0);
	ck_assert_uint_eq(w.events, VMMDEV_EVENT_CPU_HOTPLUG);
	vbgl_close(a);
	vbgl_close(b);
}
END_TEST

/*
 * Clients that exit — cleanly or not — leave nothing behind: the host sees
 * no sessions and no HGCM clients.
 */
START_TEST(test_exiting_clients_release_everything)
{
	pid_t pids[4];
	unsigned int i;
	int status;

	for (i = 0; i < G_N_ELEMENTS(pids); i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			struct vbgl_handle *h = NULL;
			uint32_t client;
			unsigned int c;

			if (vbgl_open(i % 2 ? sim->user_device :
					      sim->guest_device,
				      VBGL_OPEN_SYSTEM, &h))
				_exit(10);
			if (vbgl_change_event_filter(h, VMMDEV_EVENT_VRDP, 0))
				_exit(11);
			for (c = 0; c < 3; c++) {
				if (vbgl_hgcm_connect(h, "HostSimTest",
						      &client))
					_exit(12);
			}
			/* Half close properly, half just die. */
			if (i % 2 == 0)
				vbgl_close(h);
			_exit(0);
		}
	}
	for (i = 0; i < G_N_ELEMENTS(pids); i++) {
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			      "client %u failed: status 0x%x", i, status);
	}
	ck_assert_msg(hostsim_wait_status(sim, "sessions", "0", 5000),
		      "sessions did not drop to 0");
	ck_assert_msg(hostsim_wait_status(sim, "hgcm_clients", "0", 5000),
		      "hgcm_clients did not drop to 0");
}
END_TEST

/* While a client is connected the host sees its session and clients. */
START_TEST(test_status_counts_live_clients)
{
	struct vbgl_handle *h = open_guest();
	uint32_t c1, c2;

	ck_assert_int_eq(vbgl_hgcm_connect(h, "HostSimTest", &c1), 0);
	ck_assert_int_eq(vbgl_hgcm_connect(h, "HostSimTest", &c2), 0);
	ck_assert_uint_ne(c1, c2);
	ck_assert(hostsim_wait_status(sim, "sessions", "1", 2000));
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "2", 2000));
	ck_assert_int_eq(vbgl_hgcm_disconnect(h, c1), 0);
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "1", 2000));
	vbgl_close(h);
	ck_assert(hostsim_wait_status(sim, "sessions", "0", 2000));
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "0", 2000));
}
END_TEST

static Suite *events_suite(void)
{
	Suite *s = suite_create("events");

	ovt_add_sim_test(s, "wake", test_event_wakes_matching_waiter, 60);
	ovt_add_sim_test(s, "excluded", test_event_excluded_keeps_sleeping, 60);
	ovt_add_sim_test(s, "timeout", test_wait_timeout, 60);
	ovt_add_sim_test(s, "interrupt", test_interrupt_all, 60);
	ovt_add_sim_test(s, "interrupt-per-session",
			 test_interrupt_is_per_session, 60);
	ovt_add_sim_test(s, "cleanup", test_exiting_clients_release_everything,
			 60);
	ovt_add_sim_test(s, "status", test_status_counts_live_clients, 60);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(events_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
