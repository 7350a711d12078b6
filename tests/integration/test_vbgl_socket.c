// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socket transport end to end against vbox-hostsim: the public API over
 * real frames and the real driver core, out-of-order replies to many
 * threads, buffers that must never be written, bytes the driver did not
 * write left alone, memory the caller cannot read, and a host that fails,
 * is slow or goes away (the simulator's faults, `ctl fault`): every call
 * then fails with -ENOTCONN, promptly.  Replies that break the framing,
 * which no host sends, are tested in tests/unit/test_vbgl_sock_reply.c.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

/* HostSimTest function numbers (see vbox-hostsim(1)). */
enum {
	FN_ECHO = 1,
	FN_FILL = 2,
	FN_INVERT = 4,
	FN_ADD = 5,
};

static const char *const sim_args[] = { "--host-version", "7.1.4r165100",
					NULL };

static struct vbgl_handle *h;
static uint32_t client;

/* Every test: a fresh simulator, a handle on vboxguest, a HostSimTest client.
 */
static void open_handle(void)
{
	ck_assert_int_eq(vbgl_open(sim->guest_device, 0, &h), 0);
	ck_assert_int_eq(vbgl_hgcm_connect(h, "HostSimTest", &client), 0);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run `ctl ARGS...` and require exit 0. */
#define ctl_do(...)             \
	ctl_check(#__VA_ARGS__, \
		  hostsim_ctl(sim, &ctl_status, __VA_ARGS__, NULL))

static int ctl_status;

static void ctl_check(const char *what, char *out)
{
	g_free(out);
	ck_assert_msg(ctl_status == 0, "ctl %s: exit %d", what, ctl_status);
}

/* The value of "key: value" in the output of `ctl CMD`; it must be there. */
static char *ctl_value(const char *cmd, const char *key)
{
	char *v = hostsim_ctl_value(sim, cmd, key);

	ck_assert_msg(v, "ctl %s: no %s", cmd, key);
	return v;
}

/* How often fault ID fired, from `fault list`. */
static unsigned int fault_fired(unsigned int id)
{
	g_autofree char *key = g_strdup_printf("fault.%u", id);
	g_autofree char *line = NULL;
	const char *p;

	line = hostsim_ctl(sim, NULL, "fault", "list", NULL);
	p = strstr(line, key);
	ck_assert_msg(p, "no %s in: %s", key, line);
	p = strstr(p, "fired=");
	ck_assert_ptr_nonnull(p);
	return (unsigned int)strtoul(p + 6, NULL, 10);
}

/* Poll (10 s) until fault ID fired n times. */
static void wait_fired(unsigned int id, unsigned int n)
{
	double start = now_s();

	while (fault_fired(id) < n && now_s() - start < 10)
		g_usleep(10 * 1000);
	ck_assert_uint_eq(fault_fired(id), n);
}

/* Poll (10 s) until a status key has a value. */
static void wait_status(const char *key, const char *value)
{
	ck_assert_msg(hostsim_wait_status(sim, key, value, 10000),
		      "status %s never became %s", key, value);
}

/* HostSimTest ECHO(in, out); *out_size gets the size the host reported. */
static int echo(struct vbgl_handle *hd, const void *in, uint32_t in_len,
		void *out, uint32_t out_len, uint32_t *out_size)
{
	struct vbgl_hgcm_call *c;
	int ret;

	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_ECHO, 2, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(c, 0, in, in_len), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(c, 1, out, out_len), 0);
	ret = vbgl_hgcm_call(hd, c);
	if (out_size)
		ck_assert_int_eq(vbgl_hgcm_get_buf_size(c, 1, out_size), 0);
	vbgl_hgcm_call_free(c);
	return ret;
}

/* HostSimTest ADD(u32, u64): *counter goes up by one. */
static int add(struct vbgl_handle *hd, uint32_t *counter)
{
	struct vbgl_hgcm_call *c;
	int ret;

	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_ADD, 2, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 0, *counter), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u64(c, 1, 0), 0);
	ret = vbgl_hgcm_call(hd, c);
	ck_assert_int_eq(vbgl_hgcm_get_u32(c, 0, counter), 0);
	vbgl_hgcm_call_free(c);
	return ret;
}

START_TEST(test_open_and_versions)
{
	struct vbgl_driver_info info;
	struct vbgl_host_version ver;
	struct vbg_ioctl_hdr hdr;
	g_autofree char *session = NULL;
	uint64_t id = 0;
	uint32_t chunks = 1;
	char buf[32];

	open_handle();
	ck_assert_int_eq(vbgl_transport(h), VBGL_TRANSPORT_SOCKET);
	ck_assert_str_eq(vbgl_device(h), sim->guest_device);
	ck_assert_int_eq(vbgl_driver_info(h, &info), 0);
	ck_assert_uint_eq(info.session_version, 0x10000);
	ck_assert_uint_eq(info.driver_version, 0x10000);
	/* The driver core reports no revision. */
	ck_assert_uint_eq(info.driver_revision, 0);
	ck_assert_int_eq(vbgl_get_host_version(h, &ver), 0);
	ck_assert_int_gt(vbgl_host_version_format(&ver, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "7.1.4r165100");
	ck_assert_uint_eq(ver.features, 0x8000000f);

	/* A host without the request: VERR_NOT_IMPLEMENTED, translated. */
	ctl_do("fault", "add", "--request", "GetSessionId", "--status",
	       "VERR_NOT_IMPLEMENTED");
	ck_assert_int_eq(vbgl_get_session_id(h, &id), -ENOSYS);
	ck_assert_int_eq(vbgl_get_session_id(h, &id), 0);
	session = ctl_value("status", "session_id");
	ck_assert_uint_eq(id, g_ascii_strtoull(session, NULL, 16));

	/* An ioctl the driver does not know: ENOTTY straight from it. */
	vbgl_ioctl_hdr_init(&hdr, sizeof(hdr), sizeof(hdr),
			    VBG_IOCTL_HDR_TYPE_DEFAULT);
	ck_assert_int_eq(vbgl_ioctl_raw(h, _IOWR('V', 60, struct vbg_ioctl_hdr),
					&hdr, sizeof(hdr)),
			 -ENOTTY);
	/* One it does know, that the host never sees. */
	ck_assert_int_eq(vbgl_check_balloon(h, &chunks, NULL), 0);
	ck_assert_uint_eq(chunks, 0);
	vbgl_close(h);
}
END_TEST

START_TEST(test_hgcm_connect_and_echo)
{
	static const char text[] = "the quick brown fox";
	uint32_t bogus = 7, counter = 41, size;
	uint8_t *ro, out[64], small[4];
	long page = sysconf(_SC_PAGESIZE);

	open_handle();
	ck_assert_uint_ne(client, 0);
	ck_assert_int_eq(vbgl_hgcm_connect(h, "NoSuchService", &bogus), -ENXIO);

	/* The IN buffer is read-only: writing it would crash the test. */
	ro = mmap(NULL, page, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(ro, MAP_FAILED);
	memcpy(ro, text, sizeof(text));
	ck_assert_int_eq(mprotect(ro, page, PROT_READ), 0);

	memset(out, 0xaa, sizeof(out));
	ck_assert_int_eq(echo(h, ro, sizeof(text), out, sizeof(out), &size), 0);
	ck_assert_str_eq((char *)out, text);
	ck_assert_uint_eq(size, sizeof(text));
	/* Only what the host produced is written; the rest stays. */
	ck_assert_uint_eq(out[sizeof(text)], 0xaa);
	ck_assert_uint_eq(out[sizeof(out) - 1], 0xaa);
	/* A value parameter goes both ways. */
	ck_assert_int_eq(add(h, &counter), 0);
	ck_assert_uint_eq(counter, 42);

	/* Too small: the service's overflow and the size it needs. */
	ck_assert_int_eq(echo(h, ro, sizeof(text), small, sizeof(small), &size),
			 -EOVERFLOW);
	ck_assert_uint_eq(size, sizeof(text));
	munmap(ro, page);
	vbgl_close(h);
}
END_TEST

START_TEST(test_hgcm_status_and_invert)
{
	struct vbgl_hgcm_call *c;
	uint8_t buf[5] = { 0, 1, 2, 3, 0xff };

	open_handle();
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_INVERT, 1, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_call_status(c), VERR_INTERNAL_ERROR);
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
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_INVERT, 1, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 0, 1), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, c), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_call_status(c), VERR_WRONG_PARAMETER_TYPE);
	vbgl_hgcm_call_free(c);

	/* A client the driver does not know: EINVAL from the ioctl. */
	ck_assert_int_eq(vbgl_hgcm_call_new(client + 1000, FN_INVERT, 0, &c),
			 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, c), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_call_status(c), VERR_INTERNAL_ERROR);
	vbgl_hgcm_call_free(c);
	vbgl_close(h);
}
END_TEST

/* IN [0,16) and OUT [8,24) of one array: only the OUT part is written. */
START_TEST(test_overlapping_buffers)
{
	uint8_t mem[32], orig[32];
	unsigned int i;

	open_handle();
	for (i = 0; i < sizeof(mem); i++)
		mem[i] = (uint8_t)(i + 1);
	memcpy(orig, mem, sizeof(mem));
	ck_assert_int_eq(echo(h, mem, 16, mem + 8, 16, NULL), 0);
	ck_assert_int_eq(memcmp(mem, orig, 8), 0);
	ck_assert_int_eq(memcmp(mem + 8, orig, 16), 0);
	ck_assert_int_eq(memcmp(mem + 24, orig + 24, 8), 0);

	/* IN [0,8) and OUT [4,32): 8 bytes land at 4, [12,32) stays. */
	memcpy(mem, orig, sizeof(mem));
	ck_assert_int_eq(echo(h, mem, 8, mem + 4, 28, NULL), 0);
	ck_assert_int_eq(memcmp(mem, orig, 4), 0);
	ck_assert_int_eq(memcmp(mem + 4, orig, 8), 0);
	ck_assert_int_eq(memcmp(mem + 12, orig + 12, 20), 0);
	vbgl_close(h);
}
END_TEST

/* An OUT buffer the host wrote nothing into is left as it was. */
START_TEST(test_unwritten_out_buffer)
{
	struct vbgl_hgcm_call *c;
	uint32_t size = 99, seen = 77;
	uint8_t out[24];
	unsigned int i;

	open_handle();
	memset(out, 0x3c, sizeof(out));
	ck_assert_int_eq(echo(h, NULL, 0, out, sizeof(out), &size), 0);
	ck_assert_uint_eq(size, 0);
	for (i = 0; i < sizeof(out); i++)
		ck_assert_uint_eq(out[i], 0x3c);

	/* FILL of 0 bytes: its value parameter comes back, the buffer not. */
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_FILL, 4, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 0, 0x11), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 1, 0), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(c, 2, out, sizeof(out)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 3, seen), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, c), 0);
	ck_assert_int_eq(vbgl_hgcm_get_u32(c, 3, &seen), 0);
	ck_assert_uint_eq(seen, 0);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(c, 2, &size), 0);
	ck_assert_uint_eq(size, 0);
	for (i = 0; i < sizeof(out); i++)
		ck_assert_uint_eq(out[i], 0x3c);
	vbgl_hgcm_call_free(c);
	vbgl_close(h);
}
END_TEST

/* A failed ioctl writes nothing: not the buffers, not the parameters. */
START_TEST(test_failed_call_leaves_memory)
{
	struct vbgl_hgcm_call *c;
	uint8_t buf[16];
	uint32_t size = 0;
	unsigned int i;

	open_handle();
	memset(buf, 0x42, sizeof(buf));
	/* A client the driver does not know: EINVAL. */
	ck_assert_int_eq(vbgl_hgcm_call_new(client + 1000, FN_INVERT, 1, &c),
			 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_inout(c, 0, buf, sizeof(buf)), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, c), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(c, 0, &size), 0);
	ck_assert_uint_eq(size, sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0x42);
	vbgl_hgcm_call_free(c);
	vbgl_close(h);
}
END_TEST

/* Memory the caller cannot read is not shipped; the driver faults. */
START_TEST(test_unreadable_buffer)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *gone, out[8];

	open_handle();
	gone = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(gone, MAP_FAILED);
	memset(out, 0x99, sizeof(out));
	ck_assert_int_eq(echo(h, gone, 16, out, sizeof(out), NULL), -EFAULT);
	/* A failed ioctl leaves the OUT buffer alone. */
	ck_assert_uint_eq(out[0], 0x99);
	ck_assert_uint_eq(out[sizeof(out) - 1], 0x99);
	munmap(gone, page);
	/* The connection is still fine. */
	ck_assert_int_eq(echo(h, "abc", 4, out, sizeof(out), NULL), 0);
	ck_assert_str_eq((char *)out, "abc");
	vbgl_close(h);
}
END_TEST

/* The value of "key: value" in `ctl seamless show`; it must be there. */
static char *seamless_value(const char *key)
{
	g_autofree char *out = hostsim_ctl(sim, NULL, "seamless", "show", NULL);
	g_auto(GStrv) lines = g_strsplit(out ? out : "", "\n", -1);
	size_t klen = strlen(key);
	char **l;

	for (l = lines; *l; l++) {
		if (strncmp(*l, key, klen) == 0 && (*l)[klen] == ':')
			return g_strstrip(g_strdup(*l + klen + 1));
	}
	ck_abort_msg("ctl seamless show: no %s", key);
	return NULL;
}

static void check_visible_region(const char *reports, const char *rects)
{
	g_autofree char *r = seamless_value("updates");
	g_autofree char *n = seamless_value("rects");

	ck_assert_str_eq(r, reports);
	ck_assert_str_eq(n, rects);
}

/* Requests below and above 1 KiB (VMMDEV_REQUEST and _BIG) reach the host. */
START_TEST(test_vmmdev_request_sizes)
{
	struct vbgl_rect rects[100];
	unsigned int i;

	open_handle();
	for (i = 0; i < 100; i++) {
		rects[i].left = (int32_t)i;
		rects[i].top = 0;
		rects[i].right = (int32_t)i + 10;
		rects[i].bottom = 10;
	}
	/* 44 bytes. */
	ck_assert_int_eq(vbgl_set_visible_region(h, rects, 1), 0);
	check_visible_region("1", "1");
	/* 1628 bytes. */
	ck_assert_int_eq(vbgl_set_visible_region(h, rects, 100), 0);
	check_visible_region("2", "100");
	/* 28 bytes: nothing visible. */
	ck_assert_int_eq(vbgl_set_visible_region(h, NULL, 0), 0);
	check_visible_region("3", "0");
	vbgl_close(h);
}
END_TEST

/* The user name, domain and details land where the host reads them. */
START_TEST(test_user_state_layout)
{
	g_autofree char *first = NULL;
	g_autofree char *second = NULL;

	open_handle();
	ck_assert_int_eq(vbgl_report_user_state(h, VBGL_USER_STATE_LOGGED_IN,
						"u", NULL, NULL, 0),
			 0);
	first = ctl_value("status", "user_state");
	ck_assert_str_eq(first,
			 "state=1 user=u domain=% details_bytes=0 reports=1");
	ck_assert_int_eq(vbgl_report_user_state(h, VBGL_USER_STATE_IDLE,
						"alice", "EXAMPLE", "det", 3),
			 0);
	second = ctl_value("status", "user_state");
	ck_assert_str_eq(
		second,
		"state=6 user=alice domain=EXAMPLE details_bytes=3 reports=2");
	vbgl_close(h);
}
END_TEST

/* The host counts all pending displays; only what fits is returned. */
START_TEST(test_display_multi_clamp)
{
	struct vbgl_display_def defs[8];
	uint32_t count = 3;
	char def[5][24];
	unsigned int i, round;

	open_handle();
	for (round = 0; round < 2; round++) {
		/* Five displays pending: 800x600 .. 804x600, then 900 ... */
		for (i = 0; i < 5; i++)
			snprintf(def[i], sizeof(def[i]), "%u:%ux600", i,
				 800 + 100 * round + i);
		ctl_do("display", "set", def[0], def[1], def[2], def[3],
		       def[4]);
		memset(defs, 0xcc, sizeof(defs));
		count = round == 0 ? 3 : 8;
		ck_assert_int_eq(
			vbgl_get_display_change_multi(h, 1, defs, &count), 0);
		if (round == 0) {
			ck_assert_uint_eq(count, 3);
			ck_assert_uint_eq(defs[2].display, 2);
			ck_assert_uint_eq(defs[2].cx, 802);
			ck_assert_uint_eq(defs[3].cx, 0xcccccccc);
		}
	}
	ck_assert_uint_eq(count, 5);
	ck_assert_uint_eq(defs[4].cx, 904);
	ck_assert_uint_eq(defs[4].flags, VBGL_DISPLAY_CX | VBGL_DISPLAY_CY);
	vbgl_close(h);
}
END_TEST

START_TEST(test_events)
{
	uint32_t ev = 0;

	open_handle();
	ck_assert_int_eq(vbgl_change_event_filter(h, 0x24, 0), 0);
	ck_assert_int_eq(vbgl_wait_for_events(h, 0x4, 50, &ev), -ETIMEDOUT);
	ctl_do("event", "0x24");
	ck_assert_int_eq(vbgl_wait_for_events(h, 0x4, 1000, &ev), 0);
	ck_assert_uint_eq(ev, 0x4);
	ck_assert_int_eq(vbgl_wait_for_events(h, 0x30, 0, &ev), 0);
	ck_assert_uint_eq(ev, 0x20);
	ck_assert_int_eq(vbgl_interrupt_waiters(h), 0);
	ck_assert_int_eq(vbgl_wait_for_events(h, 0x4, VBGL_TIMEOUT_INFINITE,
					      &ev),
			 -EINTR);
	vbgl_close(h);
}
END_TEST

#define THREADS 8
#define CALLS	150
#define DELAYED 400

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
		if (echo(h, in, len, out, sizeof(out), &size) != 0 ||
		    size != len || memcmp(in, out, len) != 0 ||
		    add(h, &counter) != 0 || counter != a->id * 100000 + i + 1)
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

/*
 * Replies arrive out of order (a delay fault holds back some echoes while
 * the other calls go on); every thread gets its own answers.
 */
START_TEST(test_many_threads)
{
	struct worker_arg args[THREADS];
	pthread_t t[THREADS], waiter;
	g_autofree char *echoes = NULL;
	g_autofree char *adds = NULL;
	int wait_ret = 1;
	unsigned int i;

	open_handle();
	ctl_do("fault", "add", "--hgcm", "HostSimTest:ECHO", "--count",
	       G_STRINGIFY(DELAYED), "--delay", "2");
	ck_assert_int_eq(
		pthread_create(&waiter, NULL, blocked_waiter, &wait_ret), 0);
	for (i = 0; i < THREADS; i++) {
		args[i].id = i + 1;
		args[i].failures = 0;
		ck_assert_int_eq(
			pthread_create(&t[i], NULL, echo_worker, &args[i]), 0);
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
	ck_assert_uint_eq(fault_fired(1), DELAYED);
	echoes = ctl_value("hgcm-stats", "fn.HostSimTest.1");
	adds = ctl_value("hgcm-stats", "fn.HostSimTest.5");
	ck_assert_msg(strstr(echoes, " calls=1200 ok=1200 "), "%s", echoes);
	ck_assert_msg(strstr(adds, " calls=1200 ok=1200 "), "%s", adds);
	vbgl_close(h);
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

	a->ret = echo(h, "x", 2, out, sizeof(out), NULL);
	a->took = now_s() - start;
	return NULL;
}

/*
 * A host that goes away mid-request fails every call in flight and every
 * later one: four echoes held back for 20 s and a blocked event wait are
 * in flight when a fifth echo makes the host drop the connection.
 */
START_TEST(test_host_drops_connection)
{
	struct slow_arg args[4];
	struct vbgl_handle *h2;
	pthread_t t[4], waiter;
	int wait_ret = 1;
	unsigned int i;
	uint8_t out[8];

	open_handle();
	ctl_do("fault", "add", "--hgcm", "HostSimTest:ECHO", "--count", "4",
	       "--delay", "20000");
	ck_assert_int_eq(
		pthread_create(&waiter, NULL, blocked_waiter, &wait_ret), 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(
			pthread_create(&t[i], NULL, slow_echo, &args[i]), 0);
	wait_fired(1, 4);
	wait_status("requests_in_flight", "5");

	ctl_do("fault", "add", "--hgcm", "HostSimTest:ECHO", "--drop");
	ck_assert_int_eq(echo(h, "y", 2, out, sizeof(out), NULL), -ENOTCONN);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(args[i].ret, -ENOTCONN);
		ck_assert(args[i].took < 5.0);
	}
	pthread_join(waiter, NULL);
	ck_assert_int_eq(wait_ret, -ENOTCONN);
	ck_assert_uint_eq(fault_fired(2), 1);
	ck_assert_int_eq(echo(h, "y", 2, out, sizeof(out), NULL), -ENOTCONN);
	ck_assert_int_eq(
		vbgl_get_host_version(h, &(struct vbgl_host_version){ 0 }),
		-ENOTCONN);
	/* The host cleaned the session up. */
	wait_status("connections", "0");
	wait_status("hgcm_clients", "0");

	/* Reopening recovers. */
	ck_assert_int_eq(vbgl_open(sim->guest_device, 0, &h2), 0);
	ck_assert_int_eq(vbgl_hgcm_connect(h2, "HostSimTest", &client), 0);
	ck_assert_int_eq(echo(h2, "z", 2, out, sizeof(out), NULL), 0);
	ck_assert_str_eq((char *)out, "z");
	vbgl_close(h2);
	vbgl_close(h);
}
END_TEST

START_TEST(test_open_refused)
{
	struct vbgl_handle *h2 = NULL;
	g_autofree char *dev = g_strdup_printf("%s.none", sim->guest_device);

	/* A socket path where nobody listens. */
	ck_assert_int_eq(vbgl_open(dev, 0, &h2), -ENOENT);
	ck_assert_ptr_null(h2);
}
END_TEST

/* ---- the faults themselves ------------------------------------------------
 */

/* A status fault on a request type fails exactly COUNT of them. */
START_TEST(test_fault_request_status)
{
	struct vbgl_host_version ver;
	uint64_t id;
	unsigned int i;

	open_handle();
	ctl_do("fault", "add", "--request", "GetHostVersion", "--count", "3",
	       "--status", "VERR_NOT_SUPPORTED");
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(vbgl_get_host_version(h, &ver), -ENOSYS);
		/* Other request types are not touched. */
		ck_assert_int_eq(vbgl_get_session_id(h, &id), 0);
	}
	ck_assert_int_eq(vbgl_get_host_version(h, &ver), 0);
	ck_assert_uint_eq(fault_fired(1), 3);

	/* A status by number. */
	ctl_do("fault", "add", "--request", "4", "--status", "-2");
	ck_assert_int_eq(vbgl_get_host_version(h, &ver), -EINVAL);
	ck_assert_int_eq(vbgl_get_host_version(h, &ver), 0);
	ck_assert_uint_eq(fault_fired(2), 1);
	vbgl_close(h);
}
END_TEST

/* A status fault on an HGCM function: the service never sees the call. */
START_TEST(test_fault_hgcm_status)
{
	struct vbgl_hgcm_call *c;
	uint8_t buf[4] = { 1, 2, 3, 4 };
	g_autofree char *stats = NULL;
	uint32_t counter = 0;
	unsigned int i;

	open_handle();
	ctl_do("fault", "add", "--hgcm", "HostSimTest:INVERT", "--count", "2",
	       "--status", "VERR_ACCESS_DENIED");
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_INVERT, 1, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_inout(c, 0, buf, sizeof(buf)), 0);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(vbgl_hgcm_call(h, c), -EPERM);
		ck_assert_int_eq(vbgl_hgcm_call_status(c), VERR_ACCESS_DENIED);
		ck_assert_uint_eq(buf[0], 1);
		ck_assert_uint_eq(buf[3], 4);
		/* Other functions of the service are not touched. */
		ck_assert_int_eq(add(h, &counter), 0);
	}
	ck_assert_uint_eq(counter, 2);
	ck_assert_int_eq(vbgl_hgcm_call(h, c), 0);
	ck_assert_uint_eq(buf[0], 0xfe);
	vbgl_hgcm_call_free(c);
	ck_assert_uint_eq(fault_fired(1), 2);
	stats = ctl_value("hgcm-stats", "fn.HostSimTest.4");
	ck_assert_msg(strstr(stats, " calls=3 ok=1 failed=2 cancelled=0 "),
		      "%s", stats);
	vbgl_close(h);
}
END_TEST

struct timed_arg {
	gint ret; /* 1 until the request is answered */
	double took;
};

static void *timed_host_version(void *p)
{
	struct timed_arg *a = p;
	struct vbgl_host_version ver;
	double start = now_s();
	int ret = vbgl_get_host_version(h, &ver);

	a->took = now_s() - start;
	g_atomic_int_set(&a->ret, ret);
	return NULL;
}

/*
 * A delayed VMMDev request holds up its own thread only: the guest's other
 * requests and HGCM calls go on meanwhile.
 */
START_TEST(test_fault_request_delay)
{
	struct timed_arg slow = { .ret = 1 };
	uint32_t counter = 0;
	pthread_t t;
	uint64_t id;
	unsigned int i;

	open_handle();
	ctl_do("fault", "add", "--request", "GetHostVersion", "--delay",
	       "2000");
	ck_assert_int_eq(pthread_create(&t, NULL, timed_host_version, &slow),
			 0);
	wait_fired(1, 1);
	for (i = 0; i < 20; i++) {
		ck_assert_int_eq(vbgl_get_session_id(h, &id), 0);
		ck_assert_int_eq(add(h, &counter), 0);
	}
	/* All of that happened while the delayed request was in flight. */
	ck_assert_int_eq(g_atomic_int_get(&slow.ret), 1);
	pthread_join(t, NULL);
	ck_assert_int_eq(slow.ret, 0);
	ck_assert_msg(slow.took >= 1.95, "took %.3f s", slow.took);
	ck_assert_uint_eq(counter, 20);
	/* Just one request was delayed. */
	timed_host_version(&slow);
	ck_assert_int_eq(slow.ret, 0);
	ck_assert_uint_eq(fault_fired(1), 1);
	vbgl_close(h);
}
END_TEST

/*
 * A delayed HGCM call can be cancelled while it waits (a call timeout);
 * the service never gets it, then or when the delay is over.
 */
START_TEST(test_fault_hgcm_delay_cancel)
{
	struct vbgl_hgcm_call *c;
	g_autofree char *stats = NULL;
	uint8_t out[8];
	double start;

	open_handle();
	ctl_do("fault", "add", "--hgcm", "HostSimTest:ECHO", "--delay", "1000");
	ck_assert_int_eq(vbgl_hgcm_call_new(client, FN_ECHO, 2, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(c, 0, "late", 5), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(c, 1, out, sizeof(out)), 0);
	ck_assert_int_eq(vbgl_hgcm_call_set_timeout(c, 200), 0);
	start = now_s();
	ck_assert_int_eq(vbgl_hgcm_call(h, c), -ETIMEDOUT);
	ck_assert_msg(now_s() - start < 0.9, "took %.3f s", now_s() - start);
	vbgl_hgcm_call_free(c);
	/* Past the delay: the dropped call did not come back to life. */
	g_usleep(1200 * 1000);
	stats = ctl_value("hgcm-stats", "fn.HostSimTest.1");
	ck_assert_msg(strstr(stats, " calls=1 ok=0 failed=0 cancelled=1 "),
		      "%s", stats);
	ck_assert_int_eq(echo(h, "now", 4, out, sizeof(out), NULL), 0);
	ck_assert_str_eq((char *)out, "now");
	vbgl_close(h);
}
END_TEST

/* A drop fault closes the connection that made the request, only that. */
START_TEST(test_fault_request_drop)
{
	struct vbgl_host_version ver;
	struct vbgl_handle *other;
	uint64_t id;

	open_handle();
	ck_assert_int_eq(vbgl_open(sim->guest_device, 0, &other), 0);
	wait_status("connections", "2");
	ctl_do("fault", "add", "--request", "GetHostVersion", "--drop");
	ck_assert_int_eq(vbgl_get_host_version(h, &ver), -ENOTCONN);
	ck_assert_int_eq(vbgl_get_session_id(h, &id), -ENOTCONN);
	wait_status("connections", "1");
	ck_assert_int_eq(vbgl_get_host_version(other, &ver), 0);
	ck_assert_int_eq(vbgl_get_session_id(other, &id), 0);
	ck_assert_uint_eq(fault_fired(1), 1);
	vbgl_close(other);
	vbgl_close(h);
}
END_TEST

static Suite *socket_suite(void)
{
	Suite *s = suite_create("vbgl_socket");

	ovt_sim_args = sim_args;
	ovt_add_sim_test(s, "versions", test_open_and_versions, 30);
	ovt_add_sim_test(s, "echo", test_hgcm_connect_and_echo, 30);
	ovt_add_sim_test(s, "status-invert", test_hgcm_status_and_invert, 30);
	ovt_add_sim_test(s, "overlap", test_overlapping_buffers, 30);
	ovt_add_sim_test(s, "unwritten", test_unwritten_out_buffer, 30);
	ovt_add_sim_test(s, "failed-untouched", test_failed_call_leaves_memory,
			 30);
	ovt_add_sim_test(s, "unreadable", test_unreadable_buffer, 30);
	ovt_add_sim_test(s, "request-sizes", test_vmmdev_request_sizes, 30);
	ovt_add_sim_test(s, "user-state", test_user_state_layout, 30);
	ovt_add_sim_test(s, "display-multi", test_display_multi_clamp, 30);
	ovt_add_sim_test(s, "events", test_events, 30);
	ovt_add_sim_test(s, "many-threads", test_many_threads, 120);
	ovt_add_sim_test(s, "host-drops", test_host_drops_connection, 60);
	ovt_add_sim_test(s, "open-refused", test_open_refused, 30);
	ovt_add_sim_test(s, "fault-request-status", test_fault_request_status,
			 30);
	ovt_add_sim_test(s, "fault-hgcm-status", test_fault_hgcm_status, 30);
	ovt_add_sim_test(s, "fault-request-delay", test_fault_request_delay,
			 30);
	ovt_add_sim_test(s, "fault-hgcm-delay", test_fault_hgcm_delay_cancel,
			 30);
	ovt_add_sim_test(s, "fault-request-drop", test_fault_request_drop, 30);
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
