// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socket-transport test peer (see vbgl_test_peer.h).
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <linux/vboxguest.h>

#include "tests/unit/vbgl_test_peer.h"
#include "libvbglr3/vbgl_sockframe.h"
#include "driver/vmmdev.h"

#define PEER_MAX_FRAME	(64u * 1024 * 1024)
/* A parameter buffer the frame did not carry: the ioctl faults. */
#define PEER_FAULT	1

struct peer_conn {
	struct test_peer *peer;
	struct peer_conn *next;
	int fd;
	pthread_t reader;
	pthread_mutex_t write_lock;
	int interrupted;
};

struct test_peer {
	char dir[64];
	char path[128];
	char device[140];
	int listen_fd;
	pthread_t acceptor;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct peer_conn *conns;
	uint32_t pending_events;
	unsigned int requests;
	unsigned int active;
	unsigned int kill_gen;
	int corrupt_next;
	enum test_peer_bad_extent bad_extent_next;
	int stopping;
	uint32_t last_region_count;
	uint32_t last_user_state;
	char last_user[257];
};

struct work {
	struct peer_conn *conn;
	uint8_t *frame;
	struct vbgl_frame_request req;
	uint8_t *mem[VBGL_SOCK_MAX_REGIONS];
	/* Per region: [lo, hi) the "driver" wrote, lo == hi if nothing. */
	uint64_t dirty_lo[VBGL_SOCK_MAX_REGIONS];
	uint64_t dirty_hi[VBGL_SOCK_MAX_REGIONS];
	unsigned int kill_gen;
};

static int write_full(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_full(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The driver's view of user memory: only what the frame carried. */
static void *lookup(struct work *w, uint64_t uaddr, uint64_t len)
{
	unsigned int r;

	for (r = 0; r < w->req.hdr.region_count; r++) {
		const struct vbgl_sock_region *g = &w->req.regions[r];

		if (uaddr >= g->uaddr && uaddr + len <= g->uaddr + g->len)
			return w->mem[r] + (uaddr - g->uaddr);
	}
	return NULL;
}

/*
 * The "driver" wrote [uaddr, uaddr + len) of user memory (which lookup()
 * found): widen the written range of the region that holds it, as the
 * simulator's copy_to_user() does.
 */
static void written(struct work *w, uint64_t uaddr, uint64_t len)
{
	unsigned int r;

	if (!len)
		return;
	for (r = 0; r < w->req.hdr.region_count; r++) {
		const struct vbgl_sock_region *g = &w->req.regions[r];
		uint64_t lo = uaddr - g->uaddr, hi = lo + len;

		if (uaddr < g->uaddr || uaddr + len > g->uaddr + g->len)
			continue;
		if (w->dirty_hi[r] == w->dirty_lo[r]) {
			w->dirty_lo[r] = lo;
			w->dirty_hi[r] = hi;
		} else {
			if (lo < w->dirty_lo[r])
				w->dirty_lo[r] = lo;
			if (hi > w->dirty_hi[r])
				w->dirty_hi[r] = hi;
		}
		return;
	}
}

/*
 * A successful ioctl copies its output back: the argument from its start
 * up to max(size_in, size_out), as far as the region holding it goes.
 */
static void argument_written(struct work *w)
{
	uint64_t arg = w->req.hdr.arg, len = sizeof(struct vbg_ioctl_hdr);
	struct vbg_ioctl_hdr *hdr = lookup(w, arg, len);
	unsigned int r;

	if (!hdr)
		return;
	if (hdr->size_in > len)
		len = hdr->size_in;
	if (hdr->size_out > len)
		len = hdr->size_out;
	for (r = 0; r < w->req.hdr.region_count; r++) {
		const struct vbgl_sock_region *g = &w->req.regions[r];

		if (arg >= g->uaddr && arg - g->uaddr < g->len &&
		    len > g->len - (arg - g->uaddr))
			len = g->len - (arg - g->uaddr);
	}
	written(w, arg, len);
}

static void deadline_after(struct timespec *ts, uint32_t ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

/* Sleep ms, or less if the connections are killed.  Peer lock held. */
static void peer_sleep(struct work *w, uint32_t ms)
{
	struct test_peer *peer = w->conn->peer;
	struct timespec ts;

	deadline_after(&ts, ms);
	while (peer->kill_gen == w->kill_gen && !peer->stopping) {
		if (pthread_cond_timedwait(&peer->cond, &peer->lock, &ts))
			break;
	}
}

static int do_wait(struct work *w)
{
	struct test_peer *peer = w->conn->peer;
	struct vbg_ioctl_wait_for_events *ev;
	struct timespec ts;
	int ret = 0, timed_out = 0;
	uint32_t mask;

	ev = lookup(w, w->req.hdr.arg, sizeof(*ev));
	if (!ev)
		return -EFAULT;
	mask = ev->u.in.events;
	deadline_after(&ts, ev->u.in.timeout_ms);
	pthread_mutex_lock(&peer->lock);
	for (;;) {
		if (w->conn->interrupted || peer->kill_gen != w->kill_gen ||
		    peer->stopping) {
			ret = -EINTR;
			break;
		}
		if (peer->pending_events & mask) {
			ev->u.out.events = peer->pending_events & mask;
			peer->pending_events &= ~mask;
			ev->hdr.rc = VINF_SUCCESS;
			break;
		}
		if (timed_out) {
			ret = -ETIMEDOUT;
			break;
		}
		if (ev->u.in.timeout_ms == UINT32_MAX)
			pthread_cond_wait(&peer->cond, &peer->lock);
		else if (pthread_cond_timedwait(&peer->cond, &peer->lock, &ts))
			timed_out = 1;
	}
	pthread_mutex_unlock(&peer->lock);
	return ret;
}

/* Like the host: size >= 44, strings from @40, NUL inside the request. */
static int32_t user_state(struct test_peer *peer, uint8_t *req, uint32_t size)
{
	uint32_t state, user_size;

	if (size < 44 || size > 2048)
		return VERR_INVALID_PARAMETER;
	memcpy(&state, req + 24, 4);
	memcpy(&user_size, req + 28, 4);
	if (!user_size || user_size > 256 || user_size > size - 40 ||
	    req[40 + user_size - 1] != '\0')
		return VERR_INVALID_PARAMETER;
	pthread_mutex_lock(&peer->lock);
	peer->last_user_state = state;
	memcpy(peer->last_user, req + 40, user_size);
	pthread_mutex_unlock(&peer->lock);
	return VINF_SUCCESS;
}

/* Five displays pending, whatever room the guest gave (as the host does). */
static int32_t display_multi(struct vmmdev_display_change_request_multi *req)
{
	uint32_t room = req->count, i;

	if (req->header.size != VMMDEV_DISPLAY_CHANGE_MULTI_SIZE((uint64_t)room))
		return VERR_INVALID_PARAMETER;
	for (i = 0; i < room && i < 5; i++) {
		req->displays[i].flags = VMMDEV_DISPLAY_CX | VMMDEV_DISPLAY_CY;
		req->displays[i].id_display = i;
		req->displays[i].cx = 800 + i;
		req->displays[i].cy = 600;
	}
	req->count = 5;
	return VINF_SUCCESS;
}

static int do_vmmdev(struct work *w, int big)
{
	struct vmmdev_request_header *hdr;
	struct vmmdev_host_version *hv;
	struct vmmdev_video_set_visible_region *vr;
	uint32_t cmd = w->req.hdr.cmd;

	hdr = lookup(w, w->req.hdr.arg, sizeof(*hdr));
	if (!hdr)
		return -EFAULT;
	/* The uapi rule: the sized number below 1 KiB, BIG from 1 KiB. */
	if (big ? hdr->size < 1024 :
		  (hdr->size >= 1024 || _IOC_SIZE(cmd) != hdr->size))
		return -EINVAL;
	if (hdr->reserved1 != hdr->size)
		return -EINVAL;
	if (!lookup(w, w->req.hdr.arg, hdr->size))
		return -EFAULT;
	switch (hdr->request_type) {
	case VMMDEVREQ_GET_HOST_VERSION:
		hv = (void *)hdr;
		hv->major = 7;
		hv->minor = 1;
		hv->build = 4;
		hv->revision = 165100;
		hv->features = 0x8000000f;
		hdr->rc = hdr->size == sizeof(*hv) ? VINF_SUCCESS :
						     VERR_INVALID_PARAMETER;
		break;
	case VMMDEVREQ_VIDEO_SET_VISIBLE_REGION:
		vr = (void *)hdr;
		if (hdr->size != VMMDEV_VISIBLE_REGION_SIZE((uint64_t)vr->count)) {
			hdr->rc = VERR_INVALID_PARAMETER;
			break;
		}
		pthread_mutex_lock(&w->conn->peer->lock);
		w->conn->peer->last_region_count = vr->count;
		pthread_mutex_unlock(&w->conn->peer->lock);
		hdr->rc = VINF_SUCCESS;
		break;
	case VMMDEVREQ_REPORT_GUEST_USER_STATE:
		hdr->rc = user_state(w->conn->peer, (uint8_t *)hdr, hdr->size);
		break;
	case VMMDEVREQ_GET_DISPLAY_CHANGE_REQ_MULTI:
		hdr->rc = display_multi((void *)hdr);
		break;
	default:
		hdr->rc = VERR_NOT_IMPLEMENTED;
	}
	return 0;
}

static int do_connect(struct work *w)
{
	struct vbg_ioctl_hgcm_connect *c;

	c = lookup(w, w->req.hdr.arg, sizeof(*c));
	if (!c)
		return -EFAULT;
	if (!strcmp(c->u.in.loc.u.localhost.service_name, "PeerEcho")) {
		c->u.out.client_id = PEER_CLIENT_ID;
		c->hdr.rc = VINF_SUCCESS;
	} else {
		c->u.out.client_id = 0;
		c->hdr.rc = VERR_HGCM_SERVICE_NOT_FOUND;
	}
	return 0;
}

static void *parm_buf(struct work *w, struct vmmdev_hgcm_function_parameter64 *p)
{
	static uint8_t empty;

	if (!p->u.pointer.size)
		return &empty;
	return lookup(w, p->u.pointer.u.linear_addr, p->u.pointer.size);
}

static int32_t hgcm_echo(struct work *w,
			 struct vmmdev_hgcm_function_parameter64 *p,
			 unsigned int count)
{
	uint8_t *in, *out, *copy;
	uint32_t len;

	if (count != 4)
		return VERR_WRONG_PARAMETER_COUNT;
	if (p[0].type != VMMDEV_HGCM_PARM_TYPE_LINADDR_IN ||
	    p[1].type != VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT ||
	    p[2].type != VMMDEV_HGCM_PARM_TYPE_32BIT ||
	    p[3].type != VMMDEV_HGCM_PARM_TYPE_32BIT)
		return VERR_WRONG_PARAMETER_TYPE;
	in = parm_buf(w, &p[0]);
	out = parm_buf(w, &p[1]);
	if (!in || !out)
		return PEER_FAULT;
	len = p[0].u.pointer.size;
	p[2].u.value32++;
	pthread_mutex_lock(&w->conn->peer->lock);
	peer_sleep(w, p[3].u.value32);
	pthread_mutex_unlock(&w->conn->peer->lock);
	if (len > p[1].u.pointer.size) {
		p[1].u.pointer.size = len;
		return VERR_BUFFER_OVERFLOW;
	}
	/*
	 * Like the driver's separate bounce buffers: read all of in first,
	 * then scribble over the host's copy of it (an IN buffer must never
	 * travel back to the caller), then write out.
	 */
	copy = malloc(len ? len : 1);
	if (!copy)
		return VERR_NO_MEMORY;
	memcpy(copy, in, len);
	memset(in, 0xee, len);
	memcpy(out, copy, len);
	free(copy);
	written(w, p[1].u.pointer.u.linear_addr, len);
	p[1].u.pointer.size = len;
	return VINF_SUCCESS;
}

static int32_t hgcm_invert(struct work *w,
			   struct vmmdev_hgcm_function_parameter64 *p,
			   unsigned int count)
{
	uint8_t *buf;
	uint32_t i;

	if (count != 1)
		return VERR_WRONG_PARAMETER_COUNT;
	if (p[0].type != VMMDEV_HGCM_PARM_TYPE_LINADDR)
		return VERR_WRONG_PARAMETER_TYPE;
	buf = parm_buf(w, &p[0]);
	if (!buf)
		return PEER_FAULT;
	for (i = 0; i < p[0].u.pointer.size; i++)
		buf[i] ^= 0xff;
	written(w, p[0].u.pointer.u.linear_addr, p[0].u.pointer.size);
	return VINF_SUCCESS;
}

static int do_call(struct work *w)
{
	struct vbg_ioctl_hgcm_call *c;
	struct vmmdev_hgcm_function_parameter64 *p;
	int32_t rc;

	c = lookup(w, w->req.hdr.arg, sizeof(*c));
	if (!c || c->parm_count > 32)
		return c ? -E2BIG : -EFAULT;
	p = lookup(w, w->req.hdr.arg + sizeof(*c),
		   (uint64_t)c->parm_count * sizeof(*p));
	if (!p && c->parm_count)
		return -EFAULT;
	if (c->client_id != PEER_CLIENT_ID)
		return -EINVAL;
	if (c->function == PEER_FN_ECHO)
		rc = hgcm_echo(w, p, c->parm_count);
	else if (c->function == PEER_FN_INVERT)
		rc = hgcm_invert(w, p, c->parm_count);
	else
		rc = VERR_NOT_SUPPORTED;
	if (rc == PEER_FAULT)
		return -EFAULT;
	c->hdr.rc = rc;
	return 0;
}

static int dispatch(struct work *w)
{
	uint32_t cmd = w->req.hdr.cmd, nosize = cmd & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT);
	struct vbg_ioctl_driver_version_info *v;
	struct vbg_ioctl_hdr *hdr;

	if (cmd == VBG_IOCTL_DRIVER_VERSION_INFO) {
		v = lookup(w, w->req.hdr.arg, sizeof(*v));
		if (!v)
			return -EFAULT;
		v->u.out.session_version = 0x10000;
		v->u.out.driver_version = 0x10000;
		v->u.out.driver_revision = 4242;
		v->hdr.rc = VINF_SUCCESS;
		return 0;
	}
	if (nosize == (uint32_t)VBG_IOCTL_VMMDEV_REQUEST(0))
		return do_vmmdev(w, 0);
	if (cmd == VBG_IOCTL_VMMDEV_REQUEST_BIG)
		return do_vmmdev(w, 1);
	if (cmd == VBG_IOCTL_WAIT_FOR_EVENTS)
		return do_wait(w);
	if (cmd == VBG_IOCTL_HGCM_CONNECT)
		return do_connect(w);
	if (nosize == (uint32_t)VBG_IOCTL_HGCM_CALL_64(0))
		return do_call(w);
	if (cmd == VBG_IOCTL_INTERRUPT_ALL_WAIT_FOR_EVENTS ||
	    cmd == VBG_IOCTL_CHANGE_FILTER_MASK) {
		hdr = lookup(w, w->req.hdr.arg, sizeof(*hdr));
		if (!hdr)
			return -EFAULT;
		if (cmd == VBG_IOCTL_INTERRUPT_ALL_WAIT_FOR_EVENTS) {
			pthread_mutex_lock(&w->conn->peer->lock);
			w->conn->interrupted = 1;
			pthread_cond_broadcast(&w->conn->peer->cond);
			pthread_mutex_unlock(&w->conn->peer->lock);
		}
		hdr->rc = VINF_SUCCESS;
		return 0;
	}
	return -ENOTTY;
}

/* Break an extent as the test asked. */
static void break_extent(struct vbgl_sock_extent *e, uint32_t region_len,
			 enum test_peer_bad_extent how)
{
	switch (how) {
	case PEER_EXTENT_PAST_END:
		e->offset = 0;
		e->len = region_len + 1;
		break;
	case PEER_EXTENT_WRAPS:
		e->offset = UINT32_MAX - 3;
		e->len = 8;
		break;
	case PEER_EXTENT_EMPTY_WITH_OFFSET:
		e->offset = 4;
		e->len = 0;
		break;
	default:
		break;
	}
}

/* The header, the extents, then the written bytes of each OUT region. */
static void send_reply(struct work *w, int ret)
{
	struct test_peer *peer = w->conn->peer;
	struct vbgl_sock_extent ext[VBGL_SOCK_MAX_REGIONS];
	struct vbgl_sock_rep_hdr rep;
	enum test_peer_bad_extent how;
	unsigned int r, nout = 0, last = 0;
	uint8_t *buf, *p;
	uint64_t len;
	int corrupt;

	pthread_mutex_lock(&peer->lock);
	corrupt = peer->corrupt_next;
	how = peer->bad_extent_next;
	peer->corrupt_next = 0;
	peer->bad_extent_next = PEER_EXTENT_GOOD;
	pthread_mutex_unlock(&peer->lock);

	for (r = 0; r < w->req.hdr.region_count; r++) {
		const struct vbgl_sock_region *g = &w->req.regions[r];

		if (!(g->flags & VBGL_SOCK_REGION_OUT))
			continue;
		/* Nothing comes back from a failed ioctl here. */
		ext[nout].offset = ret ? 0 : (uint32_t)w->dirty_lo[r];
		ext[nout].len = ret ? 0 :
			(uint32_t)(w->dirty_hi[r] - w->dirty_lo[r]);
		last = r;
		nout++;
	}
	if (nout)
		break_extent(&ext[nout - 1], w->req.regions[last].len, how);
	len = vbgl_frame_reply_len(ext, nout);
	buf = calloc(1, len);
	if (!buf)
		return;
	vbgl_frame_reply_hdr_init(&rep, w->req.hdr.id + (corrupt ? 1000 : 0),
				  ret, len);
	memcpy(buf, &rep, sizeof(rep));
	memcpy(buf + sizeof(rep), ext, nout * sizeof(ext[0]));
	p = buf + sizeof(rep) + nout * sizeof(ext[0]);
	for (r = 0, nout = 0; r < w->req.hdr.region_count; r++) {
		const struct vbgl_sock_region *g = &w->req.regions[r];
		const struct vbgl_sock_extent *e = &ext[nout];

		if (!(g->flags & VBGL_SOCK_REGION_OUT))
			continue;
		/* A broken extent's bytes outside the region stay zero. */
		if ((uint64_t)e->offset + e->len <= g->len)
			memcpy(p, w->mem[r] + e->offset, e->len);
		p += VBGL_SOCK_PAD8(e->len);
		nout++;
	}
	pthread_mutex_lock(&w->conn->write_lock);
	write_full(w->conn->fd, buf, len);
	pthread_mutex_unlock(&w->conn->write_lock);
	free(buf);
}

static void *worker_main(void *arg)
{
	struct work *w = arg;
	struct test_peer *peer = w->conn->peer;
	unsigned int r;
	int ret = -ENOMEM;

	for (r = 0; r < w->req.hdr.region_count; r++) {
		w->mem[r] = calloc(1, w->req.regions[r].len + 1);
		if (!w->mem[r])
			goto reply;
		if (w->req.data[r])
			memcpy(w->mem[r], w->req.data[r], w->req.regions[r].len);
	}
	ret = dispatch(w);
	if (ret == 0)
		argument_written(w);
reply:
	send_reply(w, ret);
	for (r = 0; r < w->req.hdr.region_count; r++)
		free(w->mem[r]);
	free(w->frame);
	free(w);

	pthread_mutex_lock(&peer->lock);
	peer->active--;
	peer->requests++;
	pthread_cond_broadcast(&peer->cond);
	pthread_mutex_unlock(&peer->lock);
	return NULL;
}

static int start_worker(struct peer_conn *conn, uint8_t *frame, size_t len)
{
	struct test_peer *peer = conn->peer;
	struct work *w;
	pthread_attr_t attr;
	pthread_t t;

	w = calloc(1, sizeof(*w));
	if (!w || vbgl_frame_request_parse(frame, len, &w->req) < 0) {
		free(w);
		return -1;
	}
	w->conn = conn;
	w->frame = frame;
	pthread_mutex_lock(&peer->lock);
	if (peer->stopping) {
		pthread_mutex_unlock(&peer->lock);
		free(w);
		return -1;
	}
	w->kill_gen = peer->kill_gen;
	peer->active++;
	pthread_mutex_unlock(&peer->lock);

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, worker_main, w)) {
		pthread_mutex_lock(&peer->lock);
		peer->active--;
		pthread_mutex_unlock(&peer->lock);
		free(w);
		pthread_attr_destroy(&attr);
		return -1;
	}
	pthread_attr_destroy(&attr);
	return 0;
}

static void *conn_main(void *arg)
{
	struct peer_conn *conn = arg;
	struct vbgl_sock_req_hdr hdr;
	uint8_t *frame;

	for (;;) {
		if (read_full(conn->fd, &hdr, sizeof(hdr)) < 0)
			break;
		if (hdr.frame_len < sizeof(hdr) || hdr.frame_len > PEER_MAX_FRAME)
			break;
		frame = malloc(hdr.frame_len);
		if (!frame)
			break;
		memcpy(frame, &hdr, sizeof(hdr));
		if (read_full(conn->fd, frame + sizeof(hdr),
			      hdr.frame_len - sizeof(hdr)) < 0 ||
		    start_worker(conn, frame, hdr.frame_len) < 0) {
			free(frame);
			break;
		}
	}
	shutdown(conn->fd, SHUT_RDWR);
	return NULL;
}

static void *acceptor_main(void *arg)
{
	struct test_peer *peer = arg;
	struct peer_conn *conn;
	int fd;

	for (;;) {
		fd = accept4(peer->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0 && errno == EINTR)
			continue;
		if (fd < 0)
			break;
		conn = calloc(1, sizeof(*conn));
		if (!conn) {
			close(fd);
			continue;
		}
		conn->peer = peer;
		conn->fd = fd;
		pthread_mutex_init(&conn->write_lock, NULL);
		pthread_mutex_lock(&peer->lock);
		if (peer->stopping ||
		    pthread_create(&conn->reader, NULL, conn_main, conn)) {
			pthread_mutex_unlock(&peer->lock);
			close(fd);
			free(conn);
			continue;
		}
		conn->next = peer->conns;
		peer->conns = conn;
		pthread_mutex_unlock(&peer->lock);
	}
	return NULL;
}

struct test_peer *test_peer_start(void)
{
	struct test_peer *peer = calloc(1, sizeof(*peer));
	struct sockaddr_un addr;

	if (!peer)
		return NULL;
	strcpy(peer->dir, "/tmp/vbgl-peer-XXXXXX");
	if (!mkdtemp(peer->dir))
		goto err;
	snprintf(peer->path, sizeof(peer->path), "%s/peer.sock", peer->dir);
	snprintf(peer->device, sizeof(peer->device), "unix:%s", peer->path);
	pthread_mutex_init(&peer->lock, NULL);
	pthread_cond_init(&peer->cond, NULL);

	peer->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (peer->listen_fd < 0)
		goto err_dir;
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	strcpy(addr.sun_path, peer->path);
	if (bind(peer->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(peer->listen_fd, 16) < 0 ||
	    pthread_create(&peer->acceptor, NULL, acceptor_main, peer))
		goto err_sock;
	return peer;

err_sock:
	close(peer->listen_fd);
	unlink(peer->path);
err_dir:
	rmdir(peer->dir);
err:
	free(peer);
	return NULL;
}

const char *test_peer_device(const struct test_peer *peer)
{
	return peer->device;
}

void test_peer_kill_connections(struct test_peer *peer)
{
	struct peer_conn *conn;

	pthread_mutex_lock(&peer->lock);
	for (conn = peer->conns; conn; conn = conn->next)
		shutdown(conn->fd, SHUT_RDWR);
	peer->kill_gen++;
	pthread_cond_broadcast(&peer->cond);
	pthread_mutex_unlock(&peer->lock);
}

void test_peer_corrupt_next_reply(struct test_peer *peer)
{
	pthread_mutex_lock(&peer->lock);
	peer->corrupt_next = 1;
	pthread_mutex_unlock(&peer->lock);
}

void test_peer_bad_extent_next_reply(struct test_peer *peer,
				     enum test_peer_bad_extent how)
{
	pthread_mutex_lock(&peer->lock);
	peer->bad_extent_next = how;
	pthread_mutex_unlock(&peer->lock);
}

void test_peer_raise(struct test_peer *peer, uint32_t events)
{
	pthread_mutex_lock(&peer->lock);
	peer->pending_events |= events;
	pthread_cond_broadcast(&peer->cond);
	pthread_mutex_unlock(&peer->lock);
}

unsigned int test_peer_requests(struct test_peer *peer)
{
	unsigned int n;

	pthread_mutex_lock(&peer->lock);
	n = peer->requests;
	pthread_mutex_unlock(&peer->lock);
	return n;
}

unsigned int test_peer_active(struct test_peer *peer)
{
	unsigned int n;

	pthread_mutex_lock(&peer->lock);
	n = peer->active;
	pthread_mutex_unlock(&peer->lock);
	return n;
}

uint32_t test_peer_last_user(struct test_peer *peer, char *user, size_t len)
{
	uint32_t state;

	pthread_mutex_lock(&peer->lock);
	state = peer->last_user_state;
	snprintf(user, len, "%s", peer->last_user);
	pthread_mutex_unlock(&peer->lock);
	return state;
}

uint32_t test_peer_last_region_count(struct test_peer *peer)
{
	uint32_t n;

	pthread_mutex_lock(&peer->lock);
	n = peer->last_region_count;
	pthread_mutex_unlock(&peer->lock);
	return n;
}

void test_peer_stop(struct test_peer *peer)
{
	struct peer_conn *conn;

	if (!peer)
		return;
	shutdown(peer->listen_fd, SHUT_RDWR);
	pthread_join(peer->acceptor, NULL);

	pthread_mutex_lock(&peer->lock);
	peer->stopping = 1;
	for (conn = peer->conns; conn; conn = conn->next)
		shutdown(conn->fd, SHUT_RDWR);
	pthread_cond_broadcast(&peer->cond);
	while (peer->active)
		pthread_cond_wait(&peer->cond, &peer->lock);
	pthread_mutex_unlock(&peer->lock);

	while ((conn = peer->conns)) {
		peer->conns = conn->next;
		pthread_join(conn->reader, NULL);
		close(conn->fd);
		pthread_mutex_destroy(&conn->write_lock);
		free(conn);
	}
	close(peer->listen_fd);
	unlink(peer->path);
	rmdir(peer->dir);
	pthread_cond_destroy(&peer->cond);
	pthread_mutex_destroy(&peer->lock);
	free(peer);
}
