// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socket transport's reply reader (libvbglr3/vbgl_transport_sock.c)
 * against replies that vbox-hostsim never sends: an extent outside its
 * region, an id nobody asked for.  Such a reply breaks the framing, so the
 * call fails with -ENOTCONN before any of its memory is written, and so
 * does every later call on the handle.
 *
 * The harness below is no host: it answers each request frame with the
 * reply the test scripted (by default -ENOTTY with nothing written) and
 * records the ioctl number the library chose.  Everything a host does is
 * tested against vbox-hostsim (tests/integration/test_vbgl_socket.c).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <linux/vboxguest.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbgl_io.h"
#include "libvbglr3/vbgl_sockframe.h"
#include "tests/common/ovt_rmtree.h"

/* The largest request the harness reads (the tests send small ones). */
#define HARNESS_MAX_FRAME (1024u * 1024)

enum reply_kind {
	REPLY_ENOTTY,	    /* ret -ENOTTY, nothing written */
	REPLY_WRITE4,	    /* ret 0; 0x5a in the first 4 bytes of each OUT
		       * region but the argument */
	REPLY_PAST_END,	    /* the last OUT extent one byte past its region */
	REPLY_WRAPS,	    /* offset + len of the last OUT extent wraps */
	REPLY_EMPTY_OFFSET, /* the last OUT extent empty but at offset 4 */
	REPLY_WRONG_ID,	    /* a well-formed reply to an id never sent */
};

struct harness {
	char *dir;
	char *device;
	int listen_fd;
	pthread_t thread;
	pthread_mutex_t lock;
	int conn_fd; /* the connection being served, or -1 */
	enum reply_kind next;
	uint32_t last_cmd;
};

static struct harness hs;
static struct vbgl_handle *h;

/*
 * Whole reads on a blocking stream socket: the harness thread takes no
 * signals, so MSG_WAITALL returns short only at the end of the connection.
 */
static bool recv_all(int fd, void *buf, size_t len)
{
	return recv(fd, buf, len, MSG_WAITALL) == (ssize_t)len;
}

/* The extents of a reply of this kind, one per OUT region. */
static unsigned int reply_extents(const struct vbgl_frame_request *req,
				  enum reply_kind kind,
				  struct vbgl_sock_extent *ext)
{
	unsigned int r, n = 0;
	uint32_t last_len = 0;

	for (r = 0; r < req->hdr.region_count; r++) {
		const struct vbgl_sock_region *g = &req->regions[r];

		if (!(g->flags & VBGL_SOCK_REGION_OUT))
			continue;
		ext[n].offset = 0;
		ext[n].len = kind == REPLY_WRITE4 && r > 0 ?
				     (uint32_t)MIN(g->len, 4u) :
				     0;
		last_len = (uint32_t)g->len;
		n++;
	}
	if (!n)
		return 0;
	if (kind == REPLY_PAST_END)
		ext[n - 1] = (struct vbgl_sock_extent){ 0, last_len + 1 };
	else if (kind == REPLY_WRAPS)
		ext[n - 1] = (struct vbgl_sock_extent){ UINT32_MAX - 3, 8 };
	else if (kind == REPLY_EMPTY_OFFSET)
		ext[n - 1] = (struct vbgl_sock_extent){ 4, 0 };
	return n;
}

/* Header, extents, then each extent's bytes (0x5a) padded to 8. */
static int send_reply(int fd, const struct vbgl_frame_request *req,
		      enum reply_kind kind)
{
	struct vbgl_sock_extent ext[VBGL_SOCK_MAX_REGIONS];
	struct vbgl_sock_rep_hdr rep;
	g_autofree uint8_t *frame = NULL;
	unsigned int n, i;
	uint64_t len, id;
	uint8_t *p;

	n = reply_extents(req, kind, ext);
	len = vbgl_frame_reply_len(ext, n);
	frame = g_malloc0(len);
	id = req->hdr.id + (kind == REPLY_WRONG_ID ? 1000 : 0);
	vbgl_frame_reply_hdr_init(&rep, id, kind == REPLY_ENOTTY ? -ENOTTY : 0,
				  len);
	memcpy(frame, &rep, sizeof(rep));
	memcpy(frame + sizeof(rep), ext, n * sizeof(ext[0]));
	p = frame + sizeof(rep) + n * sizeof(ext[0]);
	for (i = 0; i < n; i++) {
		memset(p, 0x5a, ext[i].len);
		p += VBGL_SOCK_PAD8(ext[i].len);
	}
	/* A blocking send writes it all or fails. */
	return send(fd, frame, len, MSG_NOSIGNAL) == (ssize_t)len ? 0 : -1;
}

/*
 * Take the client's hello (libvbglr3 always sends one): the socket its
 * replies go to (vbgl_sockproto.h), or -1.  The buffer holds exactly a
 * hello, so nothing after it is read.
 */
static int take_hello(int fd)
{
	struct vbgl_sock_hello hello;
	unsigned char mem[sizeof(hello)];
	struct vbgl_io_rbuf rb;
	int out;

	vbgl_io_rbuf_init(&rb, mem, sizeof(mem));
	if (vbgl_io_rbuf_fill_fd(fd, &rb, &out) != (long)sizeof(hello)) {
		if (out >= 0)
			close(out);
		return -1;
	}
	memcpy(&hello, mem, sizeof(hello));
	if (hello.magic != VBGL_SOCK_HELLO_MAGIC && out >= 0) {
		close(out);
		out = -1;
	}
	return out;
}

/* Answer frames until the connection ends or one is malformed. */
static void serve(int fd)
{
	struct vbgl_frame_request req;
	struct vbgl_sock_req_hdr hdr;
	enum reply_kind kind;
	int out = take_hello(fd);

	if (out < 0)
		return;
	while (recv_all(fd, &hdr, sizeof(hdr))) {
		g_autofree uint8_t *frame = NULL;

		if (hdr.frame_len < sizeof(hdr) ||
		    hdr.frame_len > HARNESS_MAX_FRAME)
			break;
		frame = g_malloc(hdr.frame_len);
		memcpy(frame, &hdr, sizeof(hdr));
		if (!recv_all(fd, frame + sizeof(hdr),
			      hdr.frame_len - sizeof(hdr)) ||
		    vbgl_frame_request_parse(frame, hdr.frame_len, &req) < 0)
			break;
		pthread_mutex_lock(&hs.lock);
		hs.last_cmd = req.hdr.cmd;
		kind = hs.next;
		hs.next = REPLY_ENOTTY;
		pthread_mutex_unlock(&hs.lock);
		if (send_reply(out, &req, kind) < 0)
			break;
	}
	close(out);
}

/* One connection at a time, until the listening socket is shut down. */
static void *harness_main(void *arg)
{
	int fd;

	(void)arg;
	while ((fd = accept4(hs.listen_fd, NULL, NULL, SOCK_CLOEXEC)) >= 0 ||
	       errno == EINTR) {
		if (fd < 0)
			continue;
		pthread_mutex_lock(&hs.lock);
		hs.conn_fd = fd;
		pthread_mutex_unlock(&hs.lock);
		serve(fd);
		pthread_mutex_lock(&hs.lock);
		hs.conn_fd = -1;
		pthread_mutex_unlock(&hs.lock);
		close(fd);
	}
	return NULL;
}

static void harness_start(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	g_autofree char *path = NULL;

	hs.dir = g_dir_make_tmp("ovt-sockreply-XXXXXX", NULL);
	ck_assert_ptr_nonnull(hs.dir);
	path = g_build_filename(hs.dir, "s.sock", NULL);
	ck_assert_uint_lt(strlen(path), sizeof(addr.sun_path));
	strcpy(addr.sun_path, path);
	hs.device = g_strdup_printf("unix:%s", path);
	hs.conn_fd = -1;
	hs.next = REPLY_ENOTTY;
	pthread_mutex_init(&hs.lock, NULL);
	hs.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(hs.listen_fd, 0);
	ck_assert_int_eq(
		bind(hs.listen_fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(hs.listen_fd, 4), 0);
	ck_assert_int_eq(pthread_create(&hs.thread, NULL, harness_main, NULL),
			 0);
}

static void harness_stop(void)
{
	shutdown(hs.listen_fd, SHUT_RDWR);
	pthread_mutex_lock(&hs.lock);
	if (hs.conn_fd >= 0)
		shutdown(hs.conn_fd, SHUT_RDWR);
	pthread_mutex_unlock(&hs.lock);
	pthread_join(hs.thread, NULL);
	close(hs.listen_fd);
	pthread_mutex_destroy(&hs.lock);
	ovt_rmtree(hs.dir);
	g_free(hs.dir);
	g_free(hs.device);
}

static void harness_next(enum reply_kind kind)
{
	pthread_mutex_lock(&hs.lock);
	hs.next = kind;
	pthread_mutex_unlock(&hs.lock);
}

static uint32_t harness_last_cmd(void)
{
	uint32_t cmd;

	pthread_mutex_lock(&hs.lock);
	cmd = hs.last_cmd;
	pthread_mutex_unlock(&hs.lock);
	return cmd;
}

static void setup(void)
{
	harness_start();
	/* The driver version query of the open gets -ENOTTY: still a handle. */
	ck_assert_int_eq(vbgl_open(hs.device, 0, &h), 0);
}

static void teardown(void)
{
	vbgl_close(h);
	h = NULL;
	harness_stop();
}

/* An HGCM call with an IN buffer, an OUT buffer and a u32 value. */
static int call(const char *in, void *out, uint32_t out_len, uint32_t *value)
{
	struct vbgl_hgcm_call *c;
	int ret;

	ck_assert_int_eq(vbgl_hgcm_call_new(5, 1, 3, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(c, 0, in, strlen(in) + 1), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(c, 1, out, out_len), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 2, value ? *value : 0), 0);
	ret = vbgl_hgcm_call(h, c);
	if (value)
		ck_assert_int_eq(vbgl_hgcm_get_u32(c, 2, value), 0);
	vbgl_hgcm_call_free(c);
	return ret;
}

/*
 * A reply whose extent does not fit its region: -ENOTCONN before anything
 * is written, and for every later call on the handle.  The 13-byte OUT
 * buffer keeps the frame length of a one-byte-too-long extent within the
 * longest reply, so only the extent check can catch it.
 */
START_TEST(test_bad_extent_rejected)
{
	static const enum reply_kind kinds[] = {
		REPLY_PAST_END,
		REPLY_WRAPS,
		REPLY_EMPTY_OFFSET,
	};
	uint8_t out[13];
	uint32_t value;
	unsigned int i, j;

	for (i = 0; i < G_N_ELEMENTS(kinds); i++) {
		memset(out, 0x77, sizeof(out));
		value = 10;
		harness_next(kinds[i]);
		ck_assert_int_eq(call("hello", out, sizeof(out), &value),
				 -ENOTCONN);
		ck_assert_uint_eq(value, 10);
		for (j = 0; j < sizeof(out); j++)
			ck_assert_uint_eq(out[j], 0x77);
		ck_assert_int_eq(call("b", out, sizeof(out), NULL), -ENOTCONN);
		vbgl_close(h);
		ck_assert_int_eq(vbgl_open(hs.device, 0, &h), 0);
	}
	/* A fresh handle takes well-formed replies: just their bytes land. */
	harness_next(REPLY_WRITE4);
	ck_assert_int_ne(call("hello", out, sizeof(out), NULL), -ENOTCONN);
	for (j = 0; j < 4; j++)
		ck_assert_uint_eq(out[j], 0x5a);
	for (; j < sizeof(out); j++)
		ck_assert_uint_eq(out[j], 0x77);
	ck_assert_int_eq(call("x", out, sizeof(out), NULL), -ENOTTY);
}
END_TEST

/* A reply to an id that was never sent ends the handle. */
START_TEST(test_wrong_id_rejected)
{
	uint8_t out[8];

	harness_next(REPLY_WRONG_ID);
	ck_assert_int_eq(call("a", out, sizeof(out), NULL), -ENOTCONN);
	ck_assert_int_eq(call("b", out, sizeof(out), NULL), -ENOTCONN);
}
END_TEST

/*
 * The uapi rule the library follows for VMMDev requests: the sized ioctl
 * number below 1 KiB, VMMDEV_REQUEST_BIG from 1 KiB (the driver accepts
 * either while the size matches, so only the frames show it).
 */
START_TEST(test_vmmdev_request_numbers)
{
	struct vbgl_rect rects[100];

	memset(rects, 0, sizeof(rects));
	/* 44 bytes. */
	ck_assert_int_eq(vbgl_set_visible_region(h, rects, 1), -ENOTTY);
	ck_assert_uint_eq(harness_last_cmd(), VBG_IOCTL_VMMDEV_REQUEST(44));
	/* 1628 bytes. */
	ck_assert_int_eq(vbgl_set_visible_region(h, rects, 100), -ENOTTY);
	ck_assert_uint_eq(harness_last_cmd(), VBG_IOCTL_VMMDEV_REQUEST_BIG);
	/* 28 bytes: nothing visible. */
	ck_assert_int_eq(vbgl_set_visible_region(h, NULL, 0), -ENOTTY);
	ck_assert_uint_eq(harness_last_cmd(), VBG_IOCTL_VMMDEV_REQUEST(28));
}
END_TEST

static Suite *sock_reply_suite(void)
{
	Suite *s = suite_create("vbgl_sock_reply");
	TCase *tc = tcase_create("reader");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_bad_extent_rejected);
	tcase_add_test(tc, test_wrong_id_rejected);
	tcase_add_test(tc, test_vmmdev_request_numbers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sock_reply_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
