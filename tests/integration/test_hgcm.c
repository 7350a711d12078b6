// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End to end: HGCM calls from libvbglr3 through the socket transport and
 * the driver core to the simulator's HostSimTest service — many threads
 * with calls in flight on one handle, buffer directions, out buffers larger
 * than the reply, value parameters, timeouts and cancellation.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "driver/vmmdev.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

/* HostSimTest function numbers (see vbox-hostsim(1)). */
enum {
	FN_ECHO = 1,
	FN_FILL = 2,
	FN_SUM = 3,
	FN_INVERT = 4,
	FN_ADD = 5,
	FN_DELAY = 6,
};

static struct vbgl_handle *open_guest(void)
{
	struct vbgl_handle *h = NULL;
	int rc = vbgl_open(sim->guest_device, VBGL_OPEN_SYSTEM, &h);

	ck_assert_msg(rc == 0, "vbgl_open: %s", g_strerror(-rc));
	return h;
}

static uint32_t connect_test(struct vbgl_handle *h)
{
	uint32_t client = 0;
	int rc = vbgl_hgcm_connect(h, "HostSimTest", &client);

	ck_assert_msg(rc == 0, "connect: %s", g_strerror(-rc));
	return client;
}

#define THREADS 8
#define CALLS	1000

struct echo_worker {
	struct vbgl_handle *h;
	uint32_t client;
	unsigned int id;
	unsigned int good;
	char error[256];
};

/* Each call carries a payload unique to (thread, call) and of varying size. */
static void *echo_thread(void *arg)
{
	struct echo_worker *w = arg;
	unsigned char in[600], out[600];
	struct vbgl_hgcm_call *call = NULL;
	unsigned int i, j;
	uint32_t size;
	int rc;

	for (i = 0; i < CALLS; i++) {
		size_t len = 1 + (w->id * 131 + i * 7) % sizeof(in);

		for (j = 0; j < len; j++)
			in[j] = (unsigned char)(w->id * 31 + i * 17 + j);
		memset(out, 0, sizeof(out));
		if (vbgl_hgcm_call_new(w->client, FN_ECHO, 2, &call) ||
		    vbgl_hgcm_set_buf_in(call, 0, in, len) ||
		    vbgl_hgcm_set_buf_out(call, 1, out, sizeof(out))) {
			snprintf(w->error, sizeof(w->error), "building call %u",
				 i);
			break;
		}
		rc = vbgl_hgcm_call(w->h, call);
		if (rc) {
			snprintf(w->error, sizeof(w->error), "call %u: %s", i,
				 g_strerror(-rc));
			break;
		}
		if (vbgl_hgcm_get_buf_size(call, 1, &size) || size != len) {
			snprintf(w->error, sizeof(w->error),
				 "call %u: size %u, want %zu", i, size, len);
			break;
		}
		if (memcmp(in, out, len) != 0) {
			snprintf(w->error, sizeof(w->error),
				 "call %u: payload differs", i);
			break;
		}
		w->good++;
		vbgl_hgcm_call_free(call);
		call = NULL;
	}
	vbgl_hgcm_call_free(call);
	return NULL;
}

/* 8 threads x 1000 calls in flight at once on one handle. */
START_TEST(test_concurrent_calls_one_handle)
{
	struct vbgl_handle *h = open_guest();
	struct echo_worker w[THREADS];
	pthread_t t[THREADS];
	uint32_t client = connect_test(h);
	unsigned int i;

	for (i = 0; i < THREADS; i++) {
		w[i] = (struct echo_worker){ .h = h,
					     .client = client,
					     .id = i };
		ck_assert_int_eq(
			pthread_create(&t[i], NULL, echo_thread, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < THREADS; i++)
		ck_assert_msg(w[i].good == CALLS, "thread %u: %u good; %s", i,
			      w[i].good, w[i].error);
	vbgl_close(h);
}
END_TEST

/*
 * An In buffer reaches the host but never comes back: the service
 * scribbles over its copy, the guest's buffer must stay as it was.
 */
START_TEST(test_in_buffer_is_not_copied_back)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct vbgl_hgcm_call *call;
	unsigned char buf[5000];
	uint64_t sum = 0, want = 0;
	unsigned int i;

	for (i = 0; i < sizeof(buf); i++) {
		buf[i] = (unsigned char)(i * 7 + 3);
		want += buf[i];
	}
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_SUM, 2, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(call, 0, buf, sizeof(buf)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u64(call, 1, 0), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), 0);
	ck_assert_int_eq(vbgl_hgcm_get_u64(call, 1, &sum), 0);
	ck_assert_uint_eq(sum, want);
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], (unsigned char)(i * 7 + 3));
	vbgl_hgcm_call_free(call);
	vbgl_close(h);
}
END_TEST

/*
 * An Out buffer is never copied to the host (the host finds it zeroed),
 * and the reply lands in it.
 */
START_TEST(test_out_buffer_is_not_copied_in)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct vbgl_hgcm_call *call;
	unsigned char buf[3000];
	uint32_t seen = 1234, size = 0;
	unsigned int i;

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_FILL, 4, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 0x5c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 1, sizeof(buf)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(call, 2, buf, sizeof(buf)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 3, 0), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), 0);
	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 3, &seen), 0);
	ck_assert_uint_eq(seen, 0);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(call, 2, &size), 0);
	ck_assert_uint_eq(size, sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0x5c);
	vbgl_hgcm_call_free(call);
	vbgl_close(h);
}
END_TEST

/* An In/Out buffer goes both ways. */
START_TEST(test_inout_buffer_both_ways)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct vbgl_hgcm_call *call;
	unsigned char buf[9000];
	unsigned int i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)i;
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_INVERT, 1, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_inout(call, 0, buf, sizeof(buf)), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), 0);
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], (unsigned char)~i);
	vbgl_hgcm_call_free(call);
	vbgl_close(h);
}
END_TEST

/*
 * An Out buffer larger than the reply: the host's size comes back, the
 * reply is in front, and nothing past the reply is written.
 */
START_TEST(test_out_buffer_larger_than_reply)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct vbgl_hgcm_call *call;
	unsigned char buf[8192];
	uint32_t size = 0;
	unsigned int i;

	memset(buf, 0x11, sizeof(buf));
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_FILL, 4, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 0x77), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 1, 100), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(call, 2, buf, sizeof(buf)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 3, 0), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), 0);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(call, 2, &size), 0);
	ck_assert_uint_eq(size, 100);
	for (i = 0; i < 100; i++)
		ck_assert_uint_eq(buf[i], 0x77);
	for (i = 100; i < sizeof(buf); i++)
		ck_assert_msg(buf[i] == 0x11,
			      "byte %u past the reply is 0x%02x", i, buf[i]);
	vbgl_hgcm_call_free(call);
	vbgl_close(h);
}
END_TEST

/*
 * A call the driver refuses (a client this session does not own) writes
 * nothing: neither the buffer nor the parameters change.
 */
START_TEST(test_failed_call_leaves_memory)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct vbgl_hgcm_call *call;
	unsigned char buf[4000];
	uint32_t size = 0, seen = 0;
	unsigned int i;

	memset(buf, 0x3e, sizeof(buf));
	ck_assert_int_eq(vbgl_hgcm_call_new(client + 1000, FN_FILL, 4, &call),
			 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 0x77), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 1, 100), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(call, 2, buf, sizeof(buf)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 3, 12345), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(call, 2, &size), 0);
	ck_assert_uint_eq(size, sizeof(buf));
	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 3, &seen), 0);
	ck_assert_uint_eq(seen, 12345);
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_msg(buf[i] == 0x3e, "byte %u is 0x%02x", i, buf[i]);
	vbgl_hgcm_call_free(call);
	vbgl_close(h);
}
END_TEST

/* A reply larger than the Out buffer: -EOVERFLOW and the size needed. */
START_TEST(test_out_buffer_too_small)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct vbgl_hgcm_call *call;
	unsigned char in[64], out[16];
	uint32_t size = 0;

	memset(in, 'x', sizeof(in));
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_ECHO, 2, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(call, 0, in, sizeof(in)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(call, 1, out, sizeof(out)), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), -EOVERFLOW);
	ck_assert_int_eq(vbgl_hgcm_call_status(call), VERR_BUFFER_OVERFLOW);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(call, 1, &size), 0);
	ck_assert_uint_eq(size, sizeof(in));
	vbgl_hgcm_call_free(call);
	vbgl_close(h);
}
END_TEST

/* 32- and 64-bit values make the round trip. */
START_TEST(test_value_parameters)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct vbgl_hgcm_call *call;
	uint32_t a = 0;
	uint64_t b = 0;

	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_ADD, 2, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 0xfffffffe), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u64(call, 1, 0x1122334455667788ull), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), 0);
	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 0, &a), 0);
	ck_assert_int_eq(vbgl_hgcm_get_u64(call, 1, &b), 0);
	ck_assert_uint_eq(a, 0xffffffff);
	ck_assert_uint_eq(b, 0x1122334455667789ull);
	vbgl_hgcm_call_free(call);
	vbgl_close(h);
}
END_TEST

/* Service errors arrive as errno values: wrong count, wrong type. */
START_TEST(test_service_errors)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct vbgl_hgcm_call *call;
	uint32_t bogus = 0;

	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_ADD, 1, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 1), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_call_status(call),
			 VERR_WRONG_PARAMETER_COUNT);
	vbgl_hgcm_call_free(call);

	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_ADD, 2, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u64(call, 0, 1), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u64(call, 1, 1), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_call_status(call),
			 VERR_WRONG_PARAMETER_TYPE);
	vbgl_hgcm_call_free(call);

	ck_assert_int_eq(vbgl_hgcm_connect(h, "NoSuchService", &bogus), -ENXIO);
	vbgl_close(h);
}
END_TEST

/*
 * A call that never completes times out after its timeout; the host drops
 * it (nothing stays pending) and the client stays usable.
 */
START_TEST(test_call_timeout_cancels)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct vbgl_hgcm_call *call;
	int64_t t0;

	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_DELAY, 1, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 0xffffffff), 0);
	ck_assert_int_eq(vbgl_hgcm_call_set_timeout(call, 300), 0);
	t0 = g_get_monotonic_time();
	ck_assert_int_eq(vbgl_hgcm_call(h, call), -ETIMEDOUT);
	ck_assert_msg(g_get_monotonic_time() - t0 >= 290 * 1000,
		      "timed out too early");
	ck_assert_msg(g_get_monotonic_time() - t0 < 5000 * 1000,
		      "timed out too late");
	vbgl_hgcm_call_free(call);

	/* A short delay completes normally. */
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_DELAY, 1, &call), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 50), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), 0);
	vbgl_hgcm_call_free(call);
	vbgl_close(h);
}
END_TEST

/* Calls on one client do not wait for a slow call on another thread. */
struct slow_call {
	struct vbgl_handle *h;
	uint32_t client;
	int rc;
};

static void *slow_thread(void *arg)
{
	struct slow_call *s = arg;
	struct vbgl_hgcm_call *call;

	vbgl_hgcm_call_new(s->client, FN_DELAY, 1, &call);
	vbgl_hgcm_set_u32(call, 0, 1500);
	s->rc = vbgl_hgcm_call(s->h, call);
	vbgl_hgcm_call_free(call);
	return NULL;
}

START_TEST(test_calls_complete_asynchronously)
{
	struct vbgl_handle *h = open_guest();
	uint32_t client = connect_test(h);
	struct slow_call s = { .h = h, .client = client, .rc = 1 };
	struct vbgl_hgcm_call *call;
	pthread_t t;
	int64_t t0;
	uint32_t a;
	unsigned int i;

	ck_assert_int_eq(pthread_create(&t, NULL, slow_thread, &s), 0);
	g_usleep(100 * 1000);
	t0 = g_get_monotonic_time();
	for (i = 0; i < 50; i++) {
		ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_ADD, 2, &call),
				 0);
		vbgl_hgcm_set_u32(call, 0, i);
		vbgl_hgcm_set_u64(call, 1, i);
		ck_assert_int_eq(vbgl_hgcm_call(h, call), 0);
		ck_assert_int_eq(vbgl_hgcm_get_u32(call, 0, &a), 0);
		ck_assert_uint_eq(a, i + 1);
		vbgl_hgcm_call_free(call);
	}
	ck_assert_msg(g_get_monotonic_time() - t0 < 1000 * 1000,
		      "quick calls waited for the slow one");
	pthread_join(t, NULL);
	ck_assert_int_eq(s.rc, 0);
	vbgl_close(h);
}
END_TEST

static Suite *hgcm_suite(void)
{
	Suite *s = suite_create("hgcm");

	ovt_add_sim_test(s, "concurrent", test_concurrent_calls_one_handle,
			 120);
	ovt_add_sim_test(s, "in", test_in_buffer_is_not_copied_back, 30);
	ovt_add_sim_test(s, "out", test_out_buffer_is_not_copied_in, 30);
	ovt_add_sim_test(s, "inout", test_inout_buffer_both_ways, 30);
	ovt_add_sim_test(s, "out-larger", test_out_buffer_larger_than_reply,
			 30);
	ovt_add_sim_test(s, "out-small", test_out_buffer_too_small, 30);
	ovt_add_sim_test(s, "failed-untouched", test_failed_call_leaves_memory,
			 30);
	ovt_add_sim_test(s, "values", test_value_parameters, 30);
	ovt_add_sim_test(s, "service-errors", test_service_errors, 30);
	ovt_add_sim_test(s, "timeout", test_call_timeout_cancels, 30);
	ovt_add_sim_test(s, "async", test_calls_complete_asynchronously, 30);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(hgcm_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
