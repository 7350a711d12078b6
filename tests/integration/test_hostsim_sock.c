// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The simulator's guest sockets at the frame level (libvbglr3/
 * vbgl_sockproto.h), with a raw client instead of the library: malformed
 * frames close the connection, regions are the only user memory the
 * driver sees, replies carry exactly the bytes the driver wrote (also
 * when it faulted part-way), replies come back out of order, the
 * requestor follows the socket, and a closing connection releases
 * everything it had in flight.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <linux/vboxguest.h>

#include "driver/vmmdev.h"
#include "libvbglr3/vbgl_io.h"
#include "libvbglr3/vbgl_sockproto.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

#define FN_FILL	 2
#define FN_ADD	 5
#define FN_DELAY 6

/* ---- a raw client -------------------------------------------------------- */

struct region {
	void *buf;
	uint32_t len;
	uint32_t flags;
};

/* A connection whose reads give up after 10 s (read_all() then fails). */
static int sock_open(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval limit = { .tv_sec = 10 };
	int fd;

	g_snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/%s", sim->dir, name);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit,
				    sizeof(limit)),
			 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Send all of it; the simulator closing on us fails the test. */
static void write_all(int fd, const void *p, size_t len)
{
	ck_assert_int_eq(vbgl_io_write_all(fd, p, len), 0);
}

/* Read exactly len bytes; EOF or the socket's 10 s timeout fails the test. */
static void read_all(int fd, void *p, size_t len)
{
	int ret = vbgl_io_read_all(fd, p, len);

	ck_assert_msg(ret == 1, "reading %zu bytes: %s", len,
		      ret == 0 ? "EOF" : g_strerror(-ret));
}

/* Send one request; region 0 is normally the argument buffer. */
static void send_req(int fd, uint64_t id, uint32_t cmd, const void *arg,
		     const struct region *r, unsigned int n)
{
	GByteArray *frame = g_byte_array_new();
	struct vbgl_sock_req_hdr h = {
		.magic = VBGL_SOCK_REQ_MAGIC,
		.id = id,
		.arg = (uintptr_t)arg,
		.cmd = cmd,
		.region_count = n,
	};
	static const uint8_t zeros[8];
	unsigned int i;

	g_byte_array_append(frame, (const guint8 *)&h, sizeof(h));
	for (i = 0; i < n; i++) {
		struct vbgl_sock_region sr = {
			.uaddr = (uintptr_t)r[i].buf,
			.len = r[i].len,
			.flags = r[i].flags,
		};

		g_byte_array_append(frame, (const guint8 *)&sr, sizeof(sr));
	}
	for (i = 0; i < n; i++) {
		if (!(r[i].flags & VBGL_SOCK_REGION_IN))
			continue;
		g_byte_array_append(frame, r[i].buf, r[i].len);
		g_byte_array_append(frame, zeros,
				    VBGL_SOCK_PAD8(r[i].len) - r[i].len);
	}
	((struct vbgl_sock_req_hdr *)frame->data)->frame_len = frame->len;
	write_all(fd, frame->data, frame->len);
	g_byte_array_free(frame, TRUE);
}

/*
 * Receive one reply for a request with regions r: check every extent lies
 * in its region and the frame is as long as the extents say, and write
 * the data into the region's buffer at the extent's offset (nothing else
 * of it changes).  Returns ret, sets *id and, if ext is not NULL, ext[i]
 * for every OUT region i (others are zeroed).
 */
static int32_t recv_reply_ext(int fd, uint64_t *id, const struct region *r,
			      unsigned int n, struct vbgl_sock_extent *ext)
{
	struct vbgl_sock_extent table[VBGL_SOCK_MAX_REGIONS];
	struct vbgl_sock_rep_hdr h;
	uint64_t expect = sizeof(h);
	unsigned int i, nout = 0, k = 0;
	uint8_t pad[8];

	read_all(fd, &h, sizeof(h));
	ck_assert_uint_eq(h.magic, VBGL_SOCK_REP_MAGIC);
	for (i = 0; i < n; i++)
		nout += (r[i].flags & VBGL_SOCK_REGION_OUT) != 0;
	if (nout)
		read_all(fd, table, nout * sizeof(table[0]));
	expect += nout * sizeof(table[0]);
	for (i = 0; i < n; i++) {
		struct vbgl_sock_extent e = { 0, 0 };

		if (r[i].flags & VBGL_SOCK_REGION_OUT) {
			e = table[k++];
			ck_assert_uint_le((uint64_t)e.offset + e.len, r[i].len);
			if (!e.len)
				ck_assert_uint_eq(e.offset, 0);
			read_all(fd, (uint8_t *)r[i].buf + e.offset, e.len);
			read_all(fd, pad, VBGL_SOCK_PAD8(e.len) - e.len);
			expect += VBGL_SOCK_PAD8(e.len);
		}
		if (ext)
			ext[i] = e;
	}
	ck_assert_uint_eq(h.frame_len, expect);
	if (id)
		*id = h.id;
	return h.ret;
}

static int32_t recv_reply(int fd, uint64_t *id, const struct region *r,
			  unsigned int n)
{
	return recv_reply_ext(fd, id, r, n, NULL);
}

static int32_t do_ioctl(int fd, uint32_t cmd, void *arg, uint32_t len,
			const struct region *extra, unsigned int nextra)
{
	struct region r[8] = {
		{ arg, len, VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT },
	};
	uint64_t id;
	int32_t ret;

	if (nextra)
		memcpy(r + 1, extra, nextra * sizeof(*extra));
	send_req(fd, 42, cmd, arg, r, nextra + 1);
	ret = recv_reply(fd, &id, r, nextra + 1);
	ck_assert_uint_eq(id, 42);
	return ret;
}

static void init_hdr(struct vbg_ioctl_hdr *h, uint32_t in, uint32_t out)
{
	memset(h, 0, sizeof(*h));
	h->size_in = in;
	h->size_out = out;
	h->version = VBG_IOCTL_HDR_VERSION;
}

static uint32_t hgcm_connect(int fd)
{
	struct vbg_ioctl_hgcm_connect c;

	init_hdr(&c.hdr, sizeof(c), sizeof(c.hdr) + sizeof(c.u.out));
	memset(&c.u, 0, sizeof(c.u));
	c.u.in.loc.type = VMMDEV_HGCM_LOC_LOCALHOST_EXISTING;
	strcpy(c.u.in.loc.u.localhost.service_name, "HostSimTest");
	ck_assert_int_eq(do_ioctl(fd, VBG_IOCTL_HGCM_CONNECT, &c, sizeof(c),
				  NULL, 0),
			 0);
	ck_assert_int_eq(c.hdr.rc, VINF_SUCCESS);
	return c.u.out.client_id;
}

/* An HGCM call with up to 4 parameters, 64-bit layout. */
struct call {
	struct vbg_ioctl_hgcm_call hdr;
	struct vmmdev_hgcm_function_parameter64 parms[4];
};

static void init_call(struct call *c, uint32_t client, uint32_t fn, uint16_t n)
{
	uint32_t size = sizeof(c->hdr) + n * sizeof(c->parms[0]);

	memset(c, 0, sizeof(*c));
	init_hdr(&c->hdr.hdr, size, size);
	c->hdr.client_id = client;
	c->hdr.function = fn;
	c->hdr.timeout_ms = UINT32_MAX;
	c->hdr.interruptible = 1;
	c->hdr.parm_count = n;
}

static uint32_t call_size(const struct call *c)
{
	return c->hdr.hdr.size_in;
}

static void set_u32(struct call *c, unsigned int i, uint32_t v)
{
	c->parms[i].type = VMMDEV_HGCM_PARM_TYPE_32BIT;
	c->parms[i].u.value32 = v;
}

static void set_u64(struct call *c, unsigned int i, uint64_t v)
{
	c->parms[i].type = VMMDEV_HGCM_PARM_TYPE_64BIT;
	c->parms[i].u.value64 = v;
}

/*
 * Wait until the peer closes the socket (within 10 s): EOF, or a reset
 * when it closed with part of our frame still unread.
 */
static void expect_closed(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;
	char c;

	ck_assert_int_eq(poll(&pfd, 1, 10000), 1);
	n = read(fd, &c, 1);
	ck_assert_msg(n == 0 || (n < 0 && errno == ECONNRESET),
		      "read after a malformed frame: %zd (%s)", n,
		      n < 0 ? g_strerror(errno) : "data");
	close(fd);
}

static char *stat_line(const char *prefix)
{
	g_autofree char *out = hostsim_ctl(sim, NULL, "hgcm-stats", NULL);
	g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
	char **l;

	for (l = lines; *l; l++) {
		if (g_str_has_prefix(*l, prefix))
			return g_strdup(*l);
	}
	return g_strdup("");
}

/* Poll `ctl hgcm-stats` until the line with prefix contains text. */
static bool wait_stat(const char *prefix, const char *text)
{
	int i;

	for (i = 0; i < 250; i++) {
		g_autofree char *l = stat_line(prefix);

		if (strstr(l, text))
			return true;
		g_usleep(20000);
	}
	return false;
}

/* ---- tests --------------------------------------------------------------- */

static void version_init(struct vbg_ioctl_driver_version_info *v)
{
	init_hdr(&v->hdr, sizeof(v->hdr) + sizeof(v->u.in),
		 sizeof(v->hdr) + sizeof(v->u.out));
	memset(&v->u, 0, sizeof(v->u));
	v->u.in.req_version = VBG_IOC_VERSION;
	v->u.in.min_version = VBG_IOC_VERSION;
}

static void version_info(int fd, int32_t expect_ret)
{
	struct vbg_ioctl_driver_version_info v;

	version_init(&v);
	ck_assert_int_eq(do_ioctl(fd, VBG_IOCTL_DRIVER_VERSION_INFO, &v,
				  sizeof(v), NULL, 0),
			 expect_ret);
	if (expect_ret == 0)
		ck_assert_uint_eq(v.u.out.session_version, VBG_IOC_VERSION);
}

START_TEST(test_sessions_follow_connections)
{
	int a = sock_open("vboxguest.sock"), b = sock_open("vboxuser.sock");

	version_info(a, 0);
	version_info(b, 0);
	ck_assert(hostsim_wait_status(sim, "connections", "2", 5000));
	ck_assert(hostsim_wait_status(sim, "sessions", "2", 5000));
	close(a);
	ck_assert(hostsim_wait_status(sim, "sessions", "1", 5000));
	close(b);
	ck_assert(hostsim_wait_status(sim, "sessions", "0", 5000));
	ck_assert(hostsim_wait_status(sim, "connections", "0", 5000));
}
END_TEST

/* One malformed frame each; the connection must be closed. */
enum bad_frame {
	BAD_MAGIC,
	BAD_FLAGS,
	BAD_TOO_MANY_REGIONS,
	BAD_SHORT_LEN,
	BAD_LONG_LEN,
	BAD_REGION_FLAGS,
	BAD_OVERLAP,
	BAD_WRAP,
	BAD_HUGE_FRAME,
	BAD_HUGE_OUT,
	BAD_COUNT
};

static void send_bad_frame(int fd, enum bad_frame kind)
{
	struct {
		struct vbgl_sock_req_hdr h;
		struct vbgl_sock_region r[2];
		uint8_t data[16];
	} f = {
		.h = {
			.magic = VBGL_SOCK_REQ_MAGIC,
			.frame_len = sizeof(f),
			.id = 1,
			.cmd = VBG_IOCTL_DRIVER_VERSION_INFO,
			.region_count = 2,
		},
		.r = {
			{ 0x10000, 8, VBGL_SOCK_REGION_IN },
			{ 0x20000, 8, VBGL_SOCK_REGION_IN },
		},
	};

	switch (kind) {
	case BAD_MAGIC:
		f.h.magic = VBGL_SOCK_REP_MAGIC;
		break;
	case BAD_FLAGS:
		f.h.flags = 0x10;
		break;
	case BAD_TOO_MANY_REGIONS:
		f.h.region_count = VBGL_SOCK_MAX_REGIONS + 1;
		break;
	case BAD_SHORT_LEN:
		f.h.frame_len = sizeof(f) - 8;
		break;
	case BAD_LONG_LEN:
		f.h.frame_len = sizeof(f) + 8;
		break;
	case BAD_REGION_FLAGS:
		f.r[1].flags = 0;
		break;
	case BAD_OVERLAP:
		f.r[1].uaddr = 0x10004;
		break;
	case BAD_WRAP:
		f.r[1].uaddr = UINT64_MAX - 3;
		break;
	case BAD_HUGE_FRAME:
		f.h.frame_len = VBGL_SOCK_MAX_FRAME + 8ull;
		break;
	case BAD_HUGE_OUT:
		f.h.region_count = 1;
		f.h.frame_len = sizeof(f.h) + sizeof(f.r[0]);
		f.r[0].len = UINT32_MAX;
		f.r[0].flags = VBGL_SOCK_REGION_OUT;
		write_all(fd, &f, f.h.frame_len);
		return;
	default:
		break;
	}
	write_all(fd, &f, sizeof(f));
}

START_TEST(test_malformed_frames_close)
{
	int fd = sock_open("vboxguest.sock");

	send_bad_frame(fd, (enum bad_frame)_i);
	expect_closed(fd);
	ck_assert(hostsim_wait_status(sim, "sessions", "0", 5000));
	/* The simulator keeps serving. */
	fd = sock_open("vboxguest.sock");
	version_info(fd, 0);
	close(fd);
}
END_TEST

START_TEST(test_regions_are_the_user_memory)
{
	struct vbg_ioctl_driver_version_info v;
	struct vbgl_sock_extent ext[1];
	struct region r[1];
	uint64_t id;
	int fd = sock_open("vboxguest.sock");

	/* The argument is not covered by any region: a fault. */
	init_hdr(&v.hdr, sizeof(v.hdr) + sizeof(v.u.in),
		 sizeof(v.hdr) + sizeof(v.u.out));
	v.u.in.req_version = VBG_IOC_VERSION;
	v.u.in.min_version = VBG_IOC_VERSION;
	send_req(fd, 7, VBG_IOCTL_DRIVER_VERSION_INFO, &v, NULL, 0);
	ck_assert_int_eq(recv_reply(fd, &id, NULL, 0), -EFAULT);
	ck_assert_uint_eq(id, 7);

	/*
	 * An Out-only argument arrives zero-filled: version 0 is refused, and
	 * a failed ioctl writes nothing back.
	 */
	r[0] = (struct region){ &v, sizeof(v), VBGL_SOCK_REGION_OUT };
	send_req(fd, 8, VBG_IOCTL_DRIVER_VERSION_INFO, &v, r, 1);
	ck_assert_int_eq(recv_reply_ext(fd, &id, r, 1, ext), -EINVAL);
	ck_assert_uint_eq(ext[0].len, 0);
	ck_assert_uint_eq(v.u.in.req_version, VBG_IOC_VERSION);

	/* The connection is still fine. */
	version_info(fd, 0);
	close(fd);
}
END_TEST

START_TEST(test_replies_out_of_order)
{
	struct vbg_ioctl_change_filter filt;
	struct vbg_ioctl_wait_for_events w;
	struct call add;
	struct region rw[1], ra[1];
	uint32_t client;
	uint64_t id;
	int fd = sock_open("vboxguest.sock");

	init_hdr(&filt.hdr, sizeof(filt), sizeof(filt.hdr));
	filt.u.in.or_mask = VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST;
	filt.u.in.not_mask = 0;
	ck_assert_int_eq(do_ioctl(fd, VBG_IOCTL_CHANGE_FILTER_MASK, &filt,
				  sizeof(filt), NULL, 0),
			 0);
	client = hgcm_connect(fd);

	init_hdr(&w.hdr, sizeof(w.hdr) + sizeof(w.u.in),
		 sizeof(w.hdr) + sizeof(w.u.out));
	w.u.in.timeout_ms = UINT32_MAX;
	w.u.in.events = VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST;
	rw[0] = (struct region){ &w, sizeof(w),
				 VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT };
	send_req(fd, 1, VBG_IOCTL_WAIT_FOR_EVENTS, &w, rw, 1);

	init_call(&add, client, FN_ADD, 2);
	set_u32(&add, 0, 10);
	set_u64(&add, 1, 20);
	ra[0] = (struct region){ &add, call_size(&add),
				 VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT };
	send_req(fd, 2, VBG_IOCTL_HGCM_CALL_64(call_size(&add)), &add, ra, 1);

	/* The call overtakes the wait that is still blocked. */
	ck_assert_int_eq(recv_reply(fd, &id, ra, 1), 0);
	ck_assert_uint_eq(id, 2);
	ck_assert_int_eq(add.hdr.hdr.rc, VINF_SUCCESS);
	ck_assert_uint_eq(add.parms[0].u.value32, 11);
	ck_assert_uint_eq(add.parms[1].u.value64, 21);

	g_free(hostsim_ctl(sim, NULL, "event", "0x4", NULL));
	ck_assert_int_eq(recv_reply(fd, &id, rw, 1), 0);
	ck_assert_uint_eq(id, 1);
	ck_assert_uint_eq(w.u.out.events, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	close(fd);
}
END_TEST

START_TEST(test_close_releases_in_flight)
{
	struct vbg_ioctl_wait_for_events w;
	struct call delay;
	struct region rw[1], rd[1];
	uint32_t client;
	int fd = sock_open("vboxuser.sock");

	client = hgcm_connect(fd);
	init_call(&delay, client, FN_DELAY, 1);
	set_u32(&delay, 0, UINT32_MAX);
	rd[0] = (struct region){ &delay, call_size(&delay),
				 VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT };
	send_req(fd, 1, VBG_IOCTL_HGCM_CALL_64(call_size(&delay)), &delay, rd,
		 1);
	init_hdr(&w.hdr, sizeof(w.hdr) + sizeof(w.u.in),
		 sizeof(w.hdr) + sizeof(w.u.out));
	w.u.in.timeout_ms = UINT32_MAX;
	w.u.in.events = VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST;
	rw[0] = (struct region){ &w, sizeof(w),
				 VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT };
	send_req(fd, 2, VBG_IOCTL_WAIT_FOR_EVENTS, &w, rw, 1);
	ck_assert(wait_stat("fn.HostSimTest.6:", "calls=1"));
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "1", 5000));

	close(fd);
	ck_assert(hostsim_wait_status(sim, "sessions", "0", 10000));
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "0", 5000));
	ck_assert(wait_stat("fn.HostSimTest.6:", "cancelled=1"));
}
END_TEST

static struct vmmdev_report_guest_stats stats_req(uint32_t cpu)
{
	struct vmmdev_report_guest_stats r;

	memset(&r, 0, sizeof(r));
	r.header.size = sizeof(r);
	r.header.version = VMMDEV_REQUEST_HEADER_VERSION;
	r.header.request_type = VMMDEVREQ_REPORT_GUEST_STATS;
	r.header.rc = VERR_GENERAL_FAILURE;
	r.header.reserved1 = sizeof(r);
	r.stats.cpu_id = cpu;
	r.stats.page_size = 4096;
	return r;
}

START_TEST(test_trusted_request_follows_socket)
{
	struct vmmdev_report_guest_stats r;
	g_autofree char *out = NULL;
	int user = sock_open("vboxuser.sock"),
	    guest = sock_open("vboxguest.sock");

	r = stats_req(3);
	ck_assert_int_eq(do_ioctl(user, VBG_IOCTL_VMMDEV_REQUEST(sizeof(r)), &r,
				  sizeof(r), NULL, 0),
			 -EPERM);
	r = stats_req(5);
	ck_assert_int_eq(do_ioctl(guest, VBG_IOCTL_VMMDEV_REQUEST(sizeof(r)),
				  &r, sizeof(r), NULL, 0),
			 0);
	ck_assert_int_eq(r.header.rc, VINF_SUCCESS);
	out = hostsim_ctl(sim, NULL, "stats", NULL);
	ck_assert_msg(strstr(out, "reports_total: 1\n") != NULL, "%s", out);
	ck_assert_msg(strstr(out, " cpu=5 ") != NULL, "%s", out);
	close(user);
	close(guest);
}
END_TEST

START_TEST(test_out_region_not_sent)
{
	struct vbgl_sock_extent ext[2];
	struct call fill;
	uint8_t buf[64];
	struct region r[2];
	uint64_t id;
	uint32_t client;
	unsigned int i;
	int fd = sock_open("vboxguest.sock");

	client = hgcm_connect(fd);
	memset(buf, 0xab, sizeof(buf));
	init_call(&fill, client, FN_FILL, 4);
	set_u32(&fill, 0, 0x11);
	set_u32(&fill, 1, 16);
	fill.parms[2].type = VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT;
	fill.parms[2].u.pointer.size = sizeof(buf);
	fill.parms[2].u.pointer.u.linear_addr = (uintptr_t)buf;
	set_u32(&fill, 3, 999);
	r[0] = (struct region){ &fill, call_size(&fill),
				VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT };
	r[1] = (struct region){ buf, sizeof(buf), VBGL_SOCK_REGION_OUT };
	send_req(fd, 9, VBG_IOCTL_HGCM_CALL_64(call_size(&fill)), &fill, r, 2);
	ck_assert_int_eq(recv_reply_ext(fd, &id, r, 2, ext), 0);
	ck_assert_int_eq(fill.hdr.hdr.rc, VINF_SUCCESS);
	/* The host saw no guest data in the Out buffer. */
	ck_assert_uint_eq(fill.parms[3].u.value32, 0);
	ck_assert_uint_eq(fill.parms[2].u.pointer.size, 16);
	/* The argument comes back whole, the buffer only as far as written. */
	ck_assert_uint_eq(ext[0].offset, 0);
	ck_assert_uint_eq(ext[0].len, call_size(&fill));
	ck_assert_uint_eq(ext[1].offset, 0);
	ck_assert_uint_eq(ext[1].len, 16);
	for (i = 0; i < 16; i++)
		ck_assert_uint_eq(buf[i], 0x11);
	for (i = 16; i < sizeof(buf); i++)
		ck_assert_msg(buf[i] == 0xab, "byte %u past the reply: 0x%02x",
			      i, buf[i]);
	close(fd);
}
END_TEST

/*
 * An ioctl that faults part-way through writing fails with EFAULT, and
 * what it wrote before the fault comes back, as in the kernel: the start
 * of an argument whose region ends early, and the part of an HGCM Out
 * buffer the region covers.
 */
START_TEST(test_partial_write_before_fault)
{
	struct {
		struct vbg_ioctl_driver_version_info v;
		uint8_t tail[4];
	} a;
	struct vbgl_sock_extent ext[3];
	struct call echo;
	uint8_t in[40], out[64];
	struct region r[3];
	uint32_t client;
	uint64_t id;
	unsigned int i;
	int fd = sock_open("vboxguest.sock");

	/* size_out is 44, the region 40: the copy back faults after 40. */
	memset(&a, 0x5a, sizeof(a));
	init_hdr(&a.v.hdr, sizeof(a.v.hdr) + sizeof(a.v.u.in),
		 sizeof(a.v.hdr) + sizeof(a.v.u.out));
	memset(&a.v.u.in, 0, sizeof(a.v.u.in));
	a.v.u.in.req_version = VBG_IOC_VERSION;
	a.v.u.in.min_version = VBG_IOC_VERSION;
	r[0] = (struct region){ &a.v, a.v.hdr.size_in,
				VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT };
	ck_assert_uint_lt(r[0].len, a.v.hdr.size_out);
	send_req(fd, 1, VBG_IOCTL_DRIVER_VERSION_INFO, &a.v, r, 1);
	ck_assert_int_eq(recv_reply_ext(fd, &id, r, 1, ext), -EFAULT);
	ck_assert_uint_eq(ext[0].offset, 0);
	ck_assert_uint_eq(ext[0].len, r[0].len);
	ck_assert_uint_eq(a.v.u.out.session_version, VBG_IOC_VERSION);
	ck_assert_uint_eq(((uint8_t *)&a.v)[r[0].len], 0x5a);

	/*
	 * ECHO of 40 bytes into a 64-byte Out buffer of which the region
	 * carries 16: the copy back writes those and faults; the argument
	 * is not copied back.
	 */
	client = hgcm_connect(fd);
	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i + 1);
	memset(out, 0xcc, sizeof(out));
	init_call(&echo, client, 1, 2);
	echo.parms[0].type = VMMDEV_HGCM_PARM_TYPE_LINADDR_IN;
	echo.parms[0].u.pointer.size = sizeof(in);
	echo.parms[0].u.pointer.u.linear_addr = (uintptr_t)in;
	echo.parms[1].type = VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT;
	echo.parms[1].u.pointer.size = sizeof(out);
	echo.parms[1].u.pointer.u.linear_addr = (uintptr_t)out;
	r[0] = (struct region){ &echo, call_size(&echo),
				VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT };
	r[1] = (struct region){ in, sizeof(in), VBGL_SOCK_REGION_IN };
	r[2] = (struct region){ out, 16, VBGL_SOCK_REGION_OUT };
	send_req(fd, 2, VBG_IOCTL_HGCM_CALL_64(call_size(&echo)), &echo, r, 3);
	ck_assert_int_eq(recv_reply_ext(fd, &id, r, 3, ext), -EFAULT);
	ck_assert_uint_eq(id, 2);
	ck_assert_uint_eq(ext[0].len, 0);
	ck_assert_uint_eq(echo.parms[1].u.pointer.size, sizeof(out));
	ck_assert_uint_eq(ext[2].offset, 0);
	ck_assert_uint_eq(ext[2].len, 16);
	ck_assert_int_eq(memcmp(out, in, 16), 0);
	for (i = 16; i < sizeof(out); i++)
		ck_assert_uint_eq(out[i], 0xcc);
	close(fd);
}
END_TEST

/* Send a hello (optionally with @pass as its SCM_RIGHTS descriptor). */
static void send_hello(int fd, int pass, uint32_t flags, uint64_t len)
{
	const struct vbgl_sock_hello h = {
		.magic = VBGL_SOCK_HELLO_MAGIC,
		.flags = flags,
		.frame_len = len,
	};

	ck_assert_int_eq(vbgl_io_send_fd(fd, &h, sizeof(h), pass),
			 (long)sizeof(h));
}

/* Bytes waiting on @fd within @ms milliseconds (0: none came). */
static int waiting(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n = 0;

	if (poll(&pfd, 1, ms) == 1)
		ck_assert_int_eq(ioctl(fd, FIONREAD, &n), 0);
	return n;
}

/*
 * The hello moves the replies to the socket it passes; requests stay on
 * the connection, and the connection's end closes both.
 */
START_TEST(test_hello_moves_replies)
{
	int fd = sock_open("vboxguest.sock"), pair[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
	send_hello(fd, pair[1], 0, sizeof(struct vbgl_sock_hello));
	close(pair[1]);
	/* A request on the connection: its reply comes on the pair. */
	{
		struct vbg_ioctl_driver_version_info v;
		struct region r = { &v, sizeof(v),
				    VBGL_SOCK_REGION_IN |
					    VBGL_SOCK_REGION_OUT };

		version_init(&v);
		send_req(fd, 7, VBG_IOCTL_DRIVER_VERSION_INFO, &v, &r, 1);
		ck_assert_int_gt(waiting(pair[0], 10000), 0);
		ck_assert_int_eq(waiting(fd, 0), 0);
		{
			uint64_t id = 0;

			ck_assert_int_eq(recv_reply(pair[0], &id, &r, 1), 0);
			ck_assert_uint_eq(id, 7);
			ck_assert_uint_eq(v.u.out.session_version,
					  VBG_IOC_VERSION);
		}
	}
	/* The client goes: the simulator closes the reply socket too. */
	close(fd);
	expect_closed(pair[0]);
}
END_TEST

/* A hello that is not right ends the connection; the simulator goes on. */
START_TEST(test_bad_hello_closes)
{
	int fd, pair[2];

	/* No descriptor. */
	fd = sock_open("vboxguest.sock");
	send_hello(fd, -1, 0, sizeof(struct vbgl_sock_hello));
	expect_closed(fd);
	/* Flags it does not know. */
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
	fd = sock_open("vboxguest.sock");
	send_hello(fd, pair[1], 1, sizeof(struct vbgl_sock_hello));
	expect_closed(fd);
	/* A wrong length. */
	fd = sock_open("vboxguest.sock");
	send_hello(fd, pair[1], 0, 8);
	expect_closed(fd);
	/* Not a stream socket. */
	close(pair[0]);
	close(pair[1]);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, pair), 0);
	fd = sock_open("vboxguest.sock");
	send_hello(fd, pair[1], 0, sizeof(struct vbgl_sock_hello));
	expect_closed(fd);
	close(pair[0]);
	close(pair[1]);
	/* A connection without a hello still gets its replies on itself. */
	fd = sock_open("vboxguest.sock");
	version_info(fd, 0);
	close(fd);
}
END_TEST

static void shared_sim_setup(void)
{
	ovt_sim = hostsim_start(NULL);
	if (!ovt_sim)
		abort();
}

static void shared_sim_teardown(void)
{
	hostsim_stop(ovt_sim);
	ovt_sim = NULL;
}

static Suite *sock_suite(void)
{
	Suite *s = suite_create("hostsim_sock");
	TCase *tc;

	ovt_add_sim_test(s, "sessions", test_sessions_follow_connections, 60);
	/* One simulator for all malformed frames: it must survive each. */
	tc = tcase_create("malformed");
	tcase_add_unchecked_fixture(tc, shared_sim_setup, shared_sim_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_malformed_frames_close, 0, BAD_COUNT);
	suite_add_tcase(s, tc);
	ovt_add_sim_test(s, "regions", test_regions_are_the_user_memory, 60);
	ovt_add_sim_test(s, "out-of-order", test_replies_out_of_order, 60);
	ovt_add_sim_test(s, "close", test_close_releases_in_flight, 60);
	ovt_add_sim_test(s, "trusted", test_trusted_request_follows_socket, 60);
	ovt_add_sim_test(s, "out-region", test_out_region_not_sent, 60);
	ovt_add_sim_test(s, "partial-write", test_partial_write_before_fault,
			 60);
	ovt_add_sim_test(s, "hello", test_hello_moves_replies, 60);
	ovt_add_sim_test(s, "bad-hello", test_bad_hello_closes, 60);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sock_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
