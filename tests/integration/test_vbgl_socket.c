// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socket transport end to end against the in-test peer: the public API
 * over real frames, out-of-order replies to many threads, buffers that must
 * never be written, bytes the driver did not write left alone, memory the
 * caller cannot read, and a peer that dies or breaks the protocol (every
 * call then fails with -ENOTCONN, promptly).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "libvbglr3/vbglr3.h"
#include "tests/unit/vbgl_test_peer.h"

static struct test_peer *peer;
static struct vbgl_handle *h;

static void setup(void)
{
	peer = test_peer_start();
	ck_assert_ptr_nonnull(peer);
	ck_assert_int_eq(vbgl_open(test_peer_device(peer), 0, &h), 0);
}

static void teardown(void)
{
	vbgl_close(h);
	h = NULL;
	test_peer_stop(peer);
	peer = NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ECHO(in, out, counter, delay). */
static int echo(struct vbgl_handle *hd, const void *in, uint32_t in_len,
		void *out, uint32_t out_len, uint32_t *counter, uint32_t delay,
		uint32_t *out_size)
{
	struct vbgl_hgcm_call *c;
	int ret;

	ck_assert_int_eq(vbgl_hgcm_call_new(5, 1, 4, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(c, 0, in, in_len), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(c, 1, out, out_len), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 2, counter ? *counter : 0), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 3, delay), 0);
	ret = vbgl_hgcm_call(hd, c);
	if (counter)
		ck_assert_int_eq(vbgl_hgcm_get_u32(c, 2, counter), 0);
	if (out_size)
		ck_assert_int_eq(vbgl_hgcm_get_buf_size(c, 1, out_size), 0);
	vbgl_hgcm_call_free(c);
	return ret;
}

START_TEST(test_open_and_versions)
{
	struct vbgl_driver_info info;
	struct vbgl_host_version ver;
	char buf[32];

	ck_assert_int_eq(vbgl_transport(h), VBGL_TRANSPORT_SOCKET);
	ck_assert_str_eq(vbgl_device(h), test_peer_device(peer));
	ck_assert_int_eq(vbgl_driver_info(h, &info), 0);
	ck_assert_uint_eq(info.session_version, 0x10000);
	ck_assert_uint_eq(info.driver_version, 0x10000);
	ck_assert_uint_eq(info.driver_revision, 4242);
	ck_assert_int_eq(vbgl_get_host_version(h, &ver), 0);
	ck_assert_int_gt(vbgl_host_version_format(&ver, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "7.1.4r165100");
	ck_assert_uint_eq(ver.features, 0x8000000f);
	/* A request type the peer does not know: VERR_NOT_IMPLEMENTED. */
	ck_assert_int_eq(vbgl_get_session_id(h, &(uint64_t){ 0 }), -ENOSYS);
	/* An ioctl it does not know: ENOTTY straight from the "driver". */
	ck_assert_int_eq(vbgl_check_balloon(h, &(uint32_t){ 0 }, NULL),
			 -ENOTTY);
}
END_TEST

START_TEST(test_hgcm_connect_and_echo)
{
	static const char text[] = "the quick brown fox";
	uint32_t client, counter = 41, size;
	uint8_t *ro, out[64], small[4];
	long page = sysconf(_SC_PAGESIZE);

	ck_assert_int_eq(vbgl_hgcm_connect(h, "PeerEcho", &client), 0);
	ck_assert_uint_eq(client, 5);
	ck_assert_int_eq(vbgl_hgcm_connect(h, "NoSuchService", &client),
			 -ENXIO);

	/* The IN buffer is read-only: writing it would crash the test. */
	ro = mmap(NULL, page, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(ro, MAP_FAILED);
	memcpy(ro, text, sizeof(text));
	ck_assert_int_eq(mprotect(ro, page, PROT_READ), 0);

	memset(out, 0xaa, sizeof(out));
	ck_assert_int_eq(echo(h, ro, sizeof(text), out, sizeof(out), &counter,
			      0, &size), 0);
	ck_assert_str_eq((char *)out, text);
	ck_assert_uint_eq(size, sizeof(text));
	ck_assert_uint_eq(counter, 42);
	/* Only what the host produced is written; the rest stays. */
	ck_assert_uint_eq(out[sizeof(text)], 0xaa);
	ck_assert_uint_eq(out[sizeof(out) - 1], 0xaa);

	/* Too small: the service's overflow and the size it needs. */
	ck_assert_int_eq(echo(h, ro, sizeof(text), small, sizeof(small), NULL,
			      0, &size), -EOVERFLOW);
	ck_assert_uint_eq(size, sizeof(text));
	munmap(ro, page);
}
END_TEST

START_TEST(test_hgcm_status_and_invert)
{
	struct vbgl_hgcm_call *c;
	uint8_t buf[5] = { 0, 1, 2, 3, 0xff };

	ck_assert_int_eq(vbgl_hgcm_call_new(5, 2, 1, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_call_status(c), -225);
	ck_assert_int_eq(vbgl_hgcm_set_buf_inout(c, 0, buf, sizeof(buf)), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, c), 0);
	ck_assert_int_eq(vbgl_hgcm_call_status(c), 0);
	ck_assert_uint_eq(buf[0], 0xff);
	ck_assert_uint_eq(buf[1], 0xfe);
	ck_assert_uint_eq(buf[4], 0x00);
	/* Run it again: inverted back. */
	ck_assert_int_eq(vbgl_hgcm_call(h, c), 0);
	ck_assert_uint_eq(buf[1], 1);
	vbgl_hgcm_call_free(c);

	/* Wrong parameter type: the service's status, translated. */
	ck_assert_int_eq(vbgl_hgcm_call_new(5, 2, 1, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 0, 1), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, c), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_call_status(c), -22416);
	vbgl_hgcm_call_free(c);

	/* A client the "driver" does not know: EINVAL from the ioctl. */
	ck_assert_int_eq(vbgl_hgcm_call_new(9, 2, 0, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, c), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_call_status(c), -225);
	vbgl_hgcm_call_free(c);
}
END_TEST

/* IN [0,16) and OUT [8,24) of one array: only the OUT part is written. */
START_TEST(test_overlapping_buffers)
{
	uint8_t mem[32], orig[32];
	unsigned int i;

	for (i = 0; i < sizeof(mem); i++)
		mem[i] = (uint8_t)(i + 1);
	memcpy(orig, mem, sizeof(mem));
	ck_assert_int_eq(echo(h, mem, 16, mem + 8, 16, NULL, 0, NULL), 0);
	ck_assert_int_eq(memcmp(mem, orig, 8), 0);
	ck_assert_int_eq(memcmp(mem + 8, orig, 16), 0);
	ck_assert_int_eq(memcmp(mem + 24, orig + 24, 8), 0);

	/* IN [0,8) and OUT [4,32): 8 bytes land at 4, [12,32) stays. */
	memcpy(mem, orig, sizeof(mem));
	ck_assert_int_eq(echo(h, mem, 8, mem + 4, 28, NULL, 0, NULL), 0);
	ck_assert_int_eq(memcmp(mem, orig, 4), 0);
	ck_assert_int_eq(memcmp(mem + 4, orig, 8), 0);
	ck_assert_int_eq(memcmp(mem + 12, orig + 12, 20), 0);
}
END_TEST

/* An OUT buffer the host wrote nothing into is left as it was. */
START_TEST(test_unwritten_out_buffer)
{
	uint8_t out[24];
	uint32_t size = 99, counter = 1;
	unsigned int i;

	memset(out, 0x3c, sizeof(out));
	ck_assert_int_eq(echo(h, NULL, 0, out, sizeof(out), &counter, 0,
			      &size), 0);
	ck_assert_uint_eq(size, 0);
	ck_assert_uint_eq(counter, 2);
	for (i = 0; i < sizeof(out); i++)
		ck_assert_uint_eq(out[i], 0x3c);
}
END_TEST

/* A failed ioctl writes nothing: not the buffers, not the parameters. */
START_TEST(test_failed_call_leaves_memory)
{
	struct vbgl_hgcm_call *c;
	uint8_t buf[16];
	uint32_t size = 0;
	unsigned int i;

	memset(buf, 0x42, sizeof(buf));
	/* A client the "driver" does not know: EINVAL. */
	ck_assert_int_eq(vbgl_hgcm_call_new(9, 2, 1, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_inout(c, 0, buf, sizeof(buf)), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, c), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(c, 0, &size), 0);
	ck_assert_uint_eq(size, sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0x42);
	vbgl_hgcm_call_free(c);
}
END_TEST

/*
 * A reply whose extent does not fit its region breaks the protocol: the
 * call fails with -ENOTCONN before anything is written, and so does every
 * later call on the handle.  The 13-byte OUT buffer leaves the frame
 * length of a one-byte-too-long extent within the longest reply, so only
 * the extent check can catch it.
 */
START_TEST(test_bad_extent_rejected)
{
	static const enum test_peer_bad_extent how[] = {
		PEER_EXTENT_PAST_END,
		PEER_EXTENT_WRAPS,
		PEER_EXTENT_EMPTY_WITH_OFFSET,
	};
	uint8_t out[13];
	uint32_t counter;
	unsigned int i, j;

	for (i = 0; i < sizeof(how) / sizeof(how[0]); i++) {
		memset(out, 0x77, sizeof(out));
		counter = 10;
		test_peer_bad_extent_next_reply(peer, how[i]);
		ck_assert_int_eq(echo(h, "hello", 6, out, sizeof(out),
				      &counter, 0, NULL), -ENOTCONN);
		ck_assert_uint_eq(counter, 10);
		for (j = 0; j < sizeof(out); j++)
			ck_assert_uint_eq(out[j], 0x77);
		ck_assert_int_eq(echo(h, "b", 2, out, sizeof(out), NULL, 0,
				      NULL), -ENOTCONN);
		vbgl_close(h);
		ck_assert_int_eq(vbgl_open(test_peer_device(peer), 0, &h), 0);
	}
	/* A fresh handle works. */
	ck_assert_int_eq(echo(h, "hello", 6, out, sizeof(out), NULL, 0, NULL),
			 0);
	ck_assert_str_eq((char *)out, "hello");
	ck_assert_uint_eq(out[6], 0x77);
}
END_TEST

/* Memory the caller cannot read is not shipped; the driver faults. */
START_TEST(test_unreadable_buffer)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *gone, out[8];

	gone = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(gone, MAP_FAILED);
	memset(out, 0x99, sizeof(out));
	ck_assert_int_eq(echo(h, gone, 16, out, sizeof(out), NULL, 0, NULL),
			 -EFAULT);
	/* A failed ioctl leaves the OUT buffer alone. */
	ck_assert_uint_eq(out[0], 0x99);
	ck_assert_uint_eq(out[sizeof(out) - 1], 0x99);
	munmap(gone, page);
	/* The connection is still fine. */
	ck_assert_int_eq(echo(h, "abc", 4, out, sizeof(out), NULL, 0, NULL),
			 0);
	ck_assert_str_eq((char *)out, "abc");
}
END_TEST

START_TEST(test_vmmdev_request_sizes)
{
	struct vbgl_rect rects[100];
	unsigned int i;

	for (i = 0; i < 100; i++) {
		rects[i].left = (int32_t)i;
		rects[i].top = 0;
		rects[i].right = (int32_t)i + 10;
		rects[i].bottom = 10;
	}
	/* 44 bytes: VMMDEV_REQUEST(44). */
	ck_assert_int_eq(vbgl_set_visible_region(h, rects, 1), 0);
	ck_assert_uint_eq(test_peer_last_region_count(peer), 1);
	/* 1628 bytes: VMMDEV_REQUEST_BIG. */
	ck_assert_int_eq(vbgl_set_visible_region(h, rects, 100), 0);
	ck_assert_uint_eq(test_peer_last_region_count(peer), 100);
	/* 28 bytes: nothing visible. */
	ck_assert_int_eq(vbgl_set_visible_region(h, NULL, 0), 0);
	ck_assert_uint_eq(test_peer_last_region_count(peer), 0);
}
END_TEST

START_TEST(test_user_state_layout)
{
	char user[64];

	ck_assert_int_eq(vbgl_report_user_state(h, VBGL_USER_STATE_LOGGED_IN,
						"u", NULL, NULL, 0), 0);
	ck_assert_uint_eq(test_peer_last_user(peer, user, sizeof(user)), 1);
	ck_assert_str_eq(user, "u");
	ck_assert_int_eq(vbgl_report_user_state(h, VBGL_USER_STATE_IDLE,
						"alice", "EXAMPLE", "det", 3),
			 0);
	ck_assert_uint_eq(test_peer_last_user(peer, user, sizeof(user)), 6);
	ck_assert_str_eq(user, "alice");
}
END_TEST

/* The host counts all pending displays; only what fits is returned. */
START_TEST(test_display_multi_clamp)
{
	struct vbgl_display_def defs[8];
	uint32_t count = 3;

	memset(defs, 0xcc, sizeof(defs));
	ck_assert_int_eq(vbgl_get_display_change_multi(h, 1, defs, &count), 0);
	ck_assert_uint_eq(count, 3);
	ck_assert_uint_eq(defs[2].display, 2);
	ck_assert_uint_eq(defs[2].cx, 802);
	ck_assert_uint_eq(defs[3].cx, 0xcccccccc);
	count = 8;
	ck_assert_int_eq(vbgl_get_display_change_multi(h, 0, defs, &count), 0);
	ck_assert_uint_eq(count, 5);
	ck_assert_uint_eq(defs[4].cx, 804);
	ck_assert_uint_eq(defs[4].flags, VBGL_DISPLAY_CX | VBGL_DISPLAY_CY);
}
END_TEST

START_TEST(test_events)
{
	uint32_t ev = 0;

	ck_assert_int_eq(vbgl_change_event_filter(h, 0x24, 0), 0);
	ck_assert_int_eq(vbgl_wait_for_events(h, 0x4, 50, &ev), -ETIMEDOUT);
	test_peer_raise(peer, 0x24);
	ck_assert_int_eq(vbgl_wait_for_events(h, 0x4, 1000, &ev), 0);
	ck_assert_uint_eq(ev, 0x4);
	ck_assert_int_eq(vbgl_wait_for_events(h, 0x30, 0, &ev), 0);
	ck_assert_uint_eq(ev, 0x20);
	ck_assert_int_eq(vbgl_interrupt_waiters(h), 0);
	ck_assert_int_eq(vbgl_wait_for_events(h, 0x4, VBGL_TIMEOUT_INFINITE,
					      &ev), -EINTR);
}
END_TEST

#define THREADS	8
#define CALLS	150

struct worker_arg {
	unsigned int id;
	int failures;
};

static void *echo_worker(void *p)
{
	struct worker_arg *a = p;
	uint8_t in[300], out[300];
	uint32_t counter, size, len;
	unsigned int i, seed = a->id * 7919u;

	for (i = 0; i < CALLS; i++) {
		len = 1 + rand_r(&seed) % sizeof(in);
		memset(in, (int)(a->id * 16 + i % 16), len);
		in[0] = (uint8_t)i;
		memset(out, 0, sizeof(out));
		counter = a->id * 100000 + i;
		if (echo(h, in, len, out, sizeof(out), &counter,
			 rand_r(&seed) % 3, &size) != 0 ||
		    size != len || memcmp(in, out, len) != 0 ||
		    counter != a->id * 100000 + i + 1)
			a->failures++;
	}
	return NULL;
}

static void *blocked_waiter(void *p)
{
	int *ret = p;
	uint32_t ev;

	*ret = vbgl_wait_for_events(h, VBGL_EVENT_CPU_HOTPLUG,
				    VBGL_TIMEOUT_INFINITE, &ev);
	return NULL;
}

/* Replies arrive out of order; every thread gets its own answers. */
START_TEST(test_many_threads)
{
	struct worker_arg args[THREADS];
	pthread_t t[THREADS], waiter;
	int wait_ret = 1;
	unsigned int i;

	ck_assert_int_eq(pthread_create(&waiter, NULL, blocked_waiter,
					&wait_ret), 0);
	for (i = 0; i < THREADS; i++) {
		args[i].id = i + 1;
		args[i].failures = 0;
		ck_assert_int_eq(pthread_create(&t[i], NULL, echo_worker,
						&args[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(args[i].failures, 0);
	}
	/* The waiter was blocked all along; interrupting frees it. */
	ck_assert_int_eq(wait_ret, 1);
	ck_assert_int_eq(vbgl_interrupt_waiters(h), 0);
	pthread_join(waiter, NULL);
	ck_assert_int_eq(wait_ret, -EINTR);
	ck_assert_uint_ge(test_peer_requests(peer), THREADS * CALLS);
}
END_TEST

struct slow_arg {
	int ret;
	double took;
};

static void *slow_echo(void *p)
{
	struct slow_arg *a = p;
	uint8_t out[8];
	double start = now_s();

	a->ret = echo(h, "x", 2, out, sizeof(out), NULL, 20000, NULL);
	a->took = now_s() - start;
	return NULL;
}

/* A dying peer fails every call in flight and every later one. */
START_TEST(test_peer_dies)
{
	struct slow_arg args[4];
	struct vbgl_handle *h2;
	pthread_t t[4], waiter;
	int wait_ret = 1;
	double start;
	unsigned int i;
	uint8_t out[8];

	ck_assert_int_eq(pthread_create(&waiter, NULL, blocked_waiter,
					&wait_ret), 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, slow_echo,
						&args[i]), 0);
	start = now_s();
	while (test_peer_active(peer) < 5 && now_s() - start < 10)
		usleep(1000);
	ck_assert_uint_eq(test_peer_active(peer), 5);

	test_peer_kill_connections(peer);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(args[i].ret, -ENOTCONN);
		ck_assert(args[i].took < 5.0);
	}
	pthread_join(waiter, NULL);
	ck_assert_int_eq(wait_ret, -ENOTCONN);
	ck_assert_int_eq(echo(h, "y", 2, out, sizeof(out), NULL, 0, NULL),
			 -ENOTCONN);
	ck_assert_int_eq(vbgl_get_host_version(h, &(struct vbgl_host_version){
						       0 }), -ENOTCONN);

	/* Reopening recovers. */
	ck_assert_int_eq(vbgl_open(test_peer_device(peer), 0, &h2), 0);
	ck_assert_int_eq(echo(h2, "z", 2, out, sizeof(out), NULL, 0, NULL), 0);
	ck_assert_str_eq((char *)out, "z");
	vbgl_close(h2);
}
END_TEST

START_TEST(test_protocol_violation)
{
	uint8_t out[8];

	test_peer_corrupt_next_reply(peer);
	ck_assert_int_eq(echo(h, "a", 2, out, sizeof(out), NULL, 0, NULL),
			 -ENOTCONN);
	ck_assert_int_eq(echo(h, "b", 2, out, sizeof(out), NULL, 0, NULL),
			 -ENOTCONN);
}
END_TEST

START_TEST(test_open_refused)
{
	struct vbgl_handle *h2 = NULL;
	char dev[200];

	/* A socket path where nobody listens. */
	strcpy(dev, test_peer_device(peer));
	strcat(dev, ".none");
	ck_assert_int_eq(vbgl_open(dev, 0, &h2), -ENOENT);
	ck_assert_ptr_null(h2);
}
END_TEST

static Suite *socket_suite(void)
{
	Suite *s = suite_create("vbgl_socket");
	TCase *tc = tcase_create("transport");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_open_and_versions);
	tcase_add_test(tc, test_hgcm_connect_and_echo);
	tcase_add_test(tc, test_hgcm_status_and_invert);
	tcase_add_test(tc, test_overlapping_buffers);
	tcase_add_test(tc, test_unwritten_out_buffer);
	tcase_add_test(tc, test_failed_call_leaves_memory);
	tcase_add_test(tc, test_bad_extent_rejected);
	tcase_add_test(tc, test_unreadable_buffer);
	tcase_add_test(tc, test_vmmdev_request_sizes);
	tcase_add_test(tc, test_user_state_layout);
	tcase_add_test(tc, test_display_multi_clamp);
	tcase_add_test(tc, test_events);
	tcase_add_test(tc, test_many_threads);
	tcase_add_test(tc, test_peer_dies);
	tcase_add_test(tc, test_protocol_violation);
	tcase_add_test(tc, test_open_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(socket_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
