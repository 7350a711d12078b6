// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The simulator transport: ioctls as frames on a Unix stream socket
 * (libvbglr3/vbgl_sockproto.h).
 *
 * Many threads may have ioctls in flight on one handle (a WAIT_FOR_EVENTS
 * can block for ever while HGCM calls go on), and replies come back in any
 * order.  Design: each caller registers a pending entry under a fresh id
 * and writes its whole frame under the write lock.  Then it waits for its
 * reply, and the first waiter that finds nobody reading the socket becomes
 * the reader (leader/follower): it reads reply headers, finds the entry by
 * id, reads the extents (the range of each OUT region the driver wrote),
 * checks them against the request, reads just those bytes straight into
 * that caller's memory at their offsets (through a small read-ahead
 * buffer, so a reply that arrived whole costs one read()) (or into a bounce buffer where a
 * merged region also covers memory the caller did not offer for writing),
 * and wakes that caller.  Once its own reply is in, the reader hands the
 * role to another pending caller, if there is one.  So a lone caller reads
 * its own reply, with no thread in between, and a caller blocked for ever
 * in WAIT_FOR_EVENTS reads the other callers' replies meanwhile.  Memory
 * the driver did not write is never touched, as with the kernel: an Out
 * buffer larger than the host's answer keeps its bytes past the answer.
 * A signal that interrupts the reader's read() is restarted (vbgl_io).
 *
 * When the socket fails (EOF, error, or a reply that breaks the protocol)
 * the handle is dead: every pending and every later call returns
 * -ENOTCONN.  Nothing retries behind the caller's back.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "libvbglr3/vbgl_internal.h"
#include "libvbglr3/vbgl_io.h"
#include "libvbglr3/vbgl_sockframe.h"

/* Bytes the reader reads past what it needs (libvbglr3/vbgl_io.h). */
#define SOCK_READ_AHEAD 8192

struct sock_call {
	struct sock_call *next;
	uint64_t id;
	const struct vbgl_frame_plan *plan;
	/* Per region: where the reply data goes when it is not direct. */
	uint8_t *bounce[VBGL_SOCK_MAX_REGIONS];
	/* Per region: what the driver wrote (valid when have_data is set). */
	struct vbgl_sock_extent ext[VBGL_SOCK_MAX_REGIONS];
	int have_data;
	pthread_cond_t cond;
	int waiting; /* in wait_reply(), so it can take over reading */
	int done;
	int ret;
};

struct sock_priv {
	int fd;	 /* the connection: requests go out here */
	int rfd; /* replies come in here: the hello's pair, or fd */
	pthread_mutex_t lock;	    /* everything below */
	pthread_mutex_t write_lock; /* one frame at a time on the socket */
	pthread_cond_t idle;	    /* users dropped to 0 */
	struct sock_call *pending;
	uint64_t next_id;
	unsigned int users; /* callers in exchange() */
	int reading;	    /* a caller is the reader */
	int dead;
	/* The reader's read-ahead: a small reply arrives in one read(). */
	struct vbgl_io_rbuf rbuf;
	unsigned char rbuf_mem[SOCK_READ_AHEAD];
};

/* Call with s->lock held. */
static void complete(struct sock_call *call, int ret)
{
	call->ret = ret;
	call->done = 1;
	pthread_cond_signal(&call->cond);
}

/* Fail everything now and later; wake the reader if it is not the caller. */
static void mark_dead(struct sock_priv *s)
{
	struct sock_call *call;

	pthread_mutex_lock(&s->lock);
	if (!s->dead) {
		s->dead = 1;
		shutdown(s->fd, SHUT_RDWR);
		if (s->rfd != s->fd)
			shutdown(s->rfd, SHUT_RDWR);
	}
	while ((call = s->pending)) {
		s->pending = call->next;
		complete(call, -ENOTCONN);
	}
	pthread_mutex_unlock(&s->lock);
}

static struct sock_call *take_pending(struct sock_priv *s, uint64_t id)
{
	struct sock_call **pp, *call = NULL;

	pthread_mutex_lock(&s->lock);
	for (pp = &s->pending; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == id) {
			call = *pp;
			*pp = call->next;
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return call;
}

/* The extent table of a reply: one per OUT region, checked. */
static int read_extents(struct sock_priv *s,
			const struct vbgl_sock_rep_hdr *rep,
			struct sock_call *call)
{
	const struct vbgl_frame_plan *plan = call->plan;
	struct vbgl_sock_extent ext[VBGL_SOCK_MAX_REGIONS];
	unsigned int r, i = 0;

	if (plan->nout && vbgl_io_rbuf_read(s->rfd, &s->rbuf, ext,
					    plan->nout * sizeof(ext[0])) != 1)
		return -1;
	if (vbgl_frame_reply_extents_check(rep, plan, ext) < 0)
		return -1;
	for (r = 0; r < plan->count; r++) {
		if (plan->regions[r].flags & VBGL_SOCK_REGION_OUT)
			call->ext[r] = ext[i++];
	}
	return 0;
}

/*
 * The written bytes of one reply, in region order, each followed by its
 * padding: one readv() straight into the caller's memory (or the bounce
 * buffers) at the offsets the extents give.
 */
static int read_payload(struct sock_priv *s, struct sock_call *call)
{
	const struct vbgl_frame_plan *plan = call->plan;
	struct iovec iov[2 * VBGL_SOCK_MAX_REGIONS];
	uint8_t pad_sink[8];
	unsigned int r;
	int n = 0;

	for (r = 0; r < plan->count; r++) {
		const struct vbgl_sock_region *g = &plan->regions[r];
		const struct vbgl_sock_extent *e = &call->ext[r];
		size_t pad = VBGL_SOCK_PAD8(e->len) - e->len;
		uint8_t *base;

		if (!(g->flags & VBGL_SOCK_REGION_OUT) || !e->len)
			continue;
		base = plan->direct[r] ? (uint8_t *)(uintptr_t)g->uaddr :
					 call->bounce[r];
		iov[n].iov_base = base + e->offset;
		iov[n++].iov_len = e->len;
		if (pad) {
			iov[n].iov_base = pad_sink;
			iov[n++].iov_len = pad;
		}
	}
	return vbgl_io_rbuf_readv(s->rfd, &s->rbuf, iov, n) == 1 ? 0 : -1;
}

/*
 * Read one reply and complete its call (the reader only).
 * Return: 0, or -1 if the connection is broken (the caller marks it dead).
 */
static int read_one_reply(struct sock_priv *s)
{
	struct vbgl_sock_rep_hdr rep;
	struct sock_call *call;

	if (vbgl_io_rbuf_read(s->rfd, &s->rbuf, &rep, sizeof(rep)) != 1)
		return -1;
	call = take_pending(s, rep.id);
	if (!call)
		return -1;
	if (vbgl_frame_reply_check(&rep, call->plan) < 0 ||
	    read_extents(s, &rep, call) < 0 || read_payload(s, call) < 0) {
		pthread_mutex_lock(&s->lock);
		complete(call, -ENOTCONN);
		pthread_mutex_unlock(&s->lock);
		return -1;
	}
	pthread_mutex_lock(&s->lock);
	call->have_data = 1;
	complete(call, rep.ret);
	pthread_mutex_unlock(&s->lock);
	return 0;
}

/*
 * Wait for call's reply, reading the socket whenever nobody else does.
 * Call with s->lock held; returns with it held.
 */
static void wait_reply(struct sock_priv *s, struct sock_call *call)
{
	struct sock_call *next;
	int broken;

	call->waiting = 1;
	while (!call->done) {
		if (s->reading || s->dead) {
			pthread_cond_wait(&call->cond, &s->lock);
			continue;
		}
		s->reading = 1;
		pthread_mutex_unlock(&s->lock);
		broken = read_one_reply(s);
		if (broken)
			mark_dead(s);
		pthread_mutex_lock(&s->lock);
		s->reading = 0;
	}
	call->waiting = 0;
	/*
	 * Hand the socket on to a caller already waiting (one still writing
	 * its frame will find nobody reading when it gets here).
	 */
	if (s->reading)
		return;
	for (next = s->pending; next; next = next->next) {
		if (next->waiting) {
			pthread_cond_signal(&next->cond);
			break;
		}
	}
}

static int sock_connect(const char *path)
{
	struct sockaddr_un addr;
	int fd, ret;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	strcpy(addr.sun_path, path);
	do {
		ret = connect(fd, (struct sockaddr *)&addr, sizeof(addr));
	} while (ret < 0 && errno == EINTR);
	if (ret < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

/*
 * Send the hello (vbgl_sockproto.h): a socket pair's end for the replies.
 * Return the end this side reads, or -1 (the replies then come on @fd; a
 * failed hello that sent nothing leaves the connection as it was).
 */
static int send_hello(int fd)
{
	const struct vbgl_sock_hello hello = {
		.magic = VBGL_SOCK_HELLO_MAGIC,
		.frame_len = sizeof(hello),
	};
	int pair[2];
	long n;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
		return -1;
	n = vbgl_io_send_fd(fd, &hello, sizeof(hello), pair[1]);
	close(pair[1]);
	if (n == (long)sizeof(hello))
		return pair[0];
	close(pair[0]);
	/* Half a hello would break the stream: no connection then. */
	return n > 0 ? -2 : -1;
}

static int sock_open(const char *path, void **priv)
{
	struct sock_priv *s;
	int ret;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fd = sock_connect(path);
	if (s->fd < 0) {
		ret = s->fd;
		goto err_free;
	}
	s->rfd = send_hello(s->fd);
	if (s->rfd == -2) {
		close(s->fd);
		ret = -EPROTO;
		goto err_free;
	}
	s->next_id = 1;
	vbgl_io_rbuf_init(&s->rbuf, s->rbuf_mem, sizeof(s->rbuf_mem));
	if (s->rfd < 0)
		s->rfd = s->fd;
	else
		vbgl_io_rbuf_set_one_way(&s->rbuf);
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->write_lock, NULL);
	pthread_cond_init(&s->idle, NULL);
	*priv = s;
	return 0;

err_free:
	free(s);
	return ret;
}

static void sock_close(void *priv)
{
	struct sock_priv *s = priv;

	/* Callers still in flight get -ENOTCONN; wait until they are out. */
	mark_dead(s);
	pthread_mutex_lock(&s->lock);
	while (s->users)
		pthread_cond_wait(&s->idle, &s->lock);
	pthread_mutex_unlock(&s->lock);
	if (s->rfd != s->fd)
		close(s->rfd);
	close(s->fd);
	pthread_cond_destroy(&s->idle);
	pthread_mutex_destroy(&s->write_lock);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static int alloc_bounce(struct sock_call *call)
{
	const struct vbgl_frame_plan *plan = call->plan;
	unsigned int r;

	for (r = 0; r < plan->count; r++) {
		if (plan->direct[r] ||
		    !(plan->regions[r].flags & VBGL_SOCK_REGION_OUT))
			continue;
		call->bounce[r] = malloc(plan->regions[r].len);
		if (!call->bounce[r])
			return -ENOMEM;
	}
	return 0;
}

/*
 * Copy back what the driver wrote, but only where it overlaps the ranges
 * the caller offered for writing.
 */
static void copy_bounced(struct sock_call *call)
{
	const struct vbgl_frame_plan *plan = call->plan;
	unsigned int i;

	for (i = 0; i < plan->nsrc; i++) {
		const struct vbgl_frame_src *src = &plan->src[i];
		const struct vbgl_sock_region *g = &plan->regions[src->region];
		const struct vbgl_sock_extent *e = &call->ext[src->region];
		uint64_t lo = src->uaddr - g->uaddr, hi = lo + src->len;

		if (!call->bounce[src->region] ||
		    !(src->flags & VBGL_SOCK_REGION_OUT) || !e->len)
			continue;
		if (lo < e->offset)
			lo = e->offset;
		if (hi > (uint64_t)e->offset + e->len)
			hi = (uint64_t)e->offset + e->len;
		if (lo >= hi)
			continue;
		memcpy((void *)(uintptr_t)(g->uaddr + lo),
		       call->bounce[src->region] + lo, hi - lo);
	}
}

/* Register, send, wait.  Returns the reply's ret or -ENOTCONN. */
static int exchange(struct sock_priv *s, struct sock_call *call)
{
	struct iovec iov[VBGL_FRAME_MAX_IOV];
	struct vbgl_sock_req_hdr hdr;
	unsigned int n;
	int failed;

	pthread_mutex_lock(&s->lock);
	if (s->dead) {
		pthread_mutex_unlock(&s->lock);
		return -ENOTCONN;
	}
	call->id = s->next_id++;
	call->next = s->pending;
	s->pending = call;
	s->users++;
	pthread_mutex_unlock(&s->lock);

	n = vbgl_frame_request_iov(call->plan, call->id, &hdr, iov);
	pthread_mutex_lock(&s->write_lock);
	failed = vbgl_io_writev_all(s->fd, iov, (int)n);
	pthread_mutex_unlock(&s->write_lock);
	if (failed)
		mark_dead(s);

	pthread_mutex_lock(&s->lock);
	wait_reply(s, call);
	if (!--s->users)
		pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
	return call->ret;
}

static int sock_ioctl(void *priv, unsigned long cmd, void *buf, size_t buf_len)
{
	struct sock_priv *s = priv;
	struct vbgl_frame_plan *plan;
	struct sock_call call;
	unsigned int r;
	int ret;

	plan = malloc(sizeof(*plan));
	if (!plan)
		return -ENOMEM;
	ret = vbgl_frame_plan_build(plan, (uint32_t)cmd, buf, buf_len,
				    vbgl_frame_probe_memory_ranges);
	if (ret < 0)
		goto out_plan;

	memset(&call, 0, sizeof(call));
	call.plan = plan;
	pthread_cond_init(&call.cond, NULL);
	ret = alloc_bounce(&call);
	if (ret == 0)
		ret = exchange(s, &call);
	/* A failed ioctl may have written memory before it failed, too. */
	if (call.have_data)
		copy_bounced(&call);

	for (r = 0; r < plan->count; r++)
		free(call.bounce[r]);
	pthread_cond_destroy(&call.cond);
out_plan:
	free(plan);
	return ret;
}

const struct vbgl_transport_ops vbgl_socket_transport = {
	.name = "socket",
	.open = sock_open,
	.ioctl = sock_ioctl,
	.close = sock_close,
};
