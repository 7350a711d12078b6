// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Whole reads and writes on blocking descriptors (libvbglr3/vbgl_io.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "libvbglr3/vbgl_io.h"

void vbgl_io_iov_advance(struct iovec **iov, int *iovcnt, size_t done)
{
	while (*iovcnt > 0 && done >= (*iov)->iov_len) {
		done -= (*iov)->iov_len;
		(*iov)++;
		(*iovcnt)--;
	}
	if (*iovcnt > 0) {
		(*iov)->iov_base = (uint8_t *)(*iov)->iov_base + done;
		(*iov)->iov_len -= done;
	}
}

/*
 * Wait until @fd has something to read (or is at its end).  A reader
 * blocked inside read(2) on a Unix socket is also woken each time the peer
 * consumes data this side sent (the socket's write-space wake-up shares
 * the wait queue and carries no filter for readers), and on a request and
 * reply channel that is a useless pair of context switches per exchange.
 * poll(2) waits only for the events asked for.
 */
static int wait_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	n = poll(&p, 1, -1);
	if (n < 0)
		return -1;
	if (p.revents & POLLNVAL) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

/*
 * One read: into the iovecs, and with @rb (empty) also into its buffer
 * past them.  On a socket, unless @rb is one-way, the read does not block:
 * with nothing there it waits in wait_readable() and reads again.  Return
 * what went into the iovecs, or -1 with errno set.
 */
static ssize_t read_some(int fd, const struct iovec *iov, int iovcnt,
			 struct vbgl_io_rbuf *rb, int *not_socket)
{
	struct iovec v[VBGL_IO_RBUF_MAX_IOV + 1];
	struct msghdr msg = { 0 };
	size_t want = 0;
	ssize_t n;
	int k, i, flags;

	if (!rb) {
		k = iovcnt < IOV_MAX ? iovcnt : IOV_MAX;
		msg.msg_iov = (struct iovec *)iov;
	} else {
		k = iovcnt < VBGL_IO_RBUF_MAX_IOV ? iovcnt :
						    VBGL_IO_RBUF_MAX_IOV;
		for (i = 0; i < k; i++) {
			v[i] = iov[i];
			want += iov[i].iov_len;
		}
		if (k == iovcnt)
			v[k++] = (struct iovec){ rb->buf, rb->cap };
		msg.msg_iov = v;
	}
	msg.msg_iovlen = (size_t)k;
	/* One-way: nothing wakes the reader but data, so it may block. */
	flags = rb && rb->one_way ? 0 : MSG_DONTWAIT;
	for (;;) {
		n = *not_socket ? readv(fd, msg.msg_iov, k) :
				  recvmsg(fd, &msg, flags);
		if (n >= 0)
			break;
		if (errno == ENOTSOCK && !*not_socket) {
			*not_socket = 1;
			continue;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if (wait_readable(fd) < 0)
			return -1;
	}
	if (rb && n > 0 && (size_t)n > want) {
		rb->len = (size_t)n - want;
		n = (ssize_t)want;
	}
	return n;
}

/* Fill the iovecs from @fd (and @rb's buffer past them, if any). */
static int readv_loop(int fd, struct iovec *iov, int iovcnt,
		      struct vbgl_io_rbuf *rb, int got_some)
{
	int not_socket = 0;
	ssize_t n;

	while (iovcnt > 0) {
		n = read_some(fd, iov, iovcnt, rb, &not_socket);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return got_some ? -EPIPE : 0;
		got_some = 1;
		vbgl_io_iov_advance(&iov, &iovcnt, (size_t)n);
	}
	return 1;
}

int vbgl_io_readv_all(int fd, struct iovec *iov, int iovcnt)
{
	vbgl_io_iov_advance(&iov, &iovcnt, 0);
	return readv_loop(fd, iov, iovcnt, NULL, 0);
}

int vbgl_io_read_all(int fd, void *buf, size_t len)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };

	return vbgl_io_readv_all(fd, &iov, 1);
}

void vbgl_io_rbuf_init(struct vbgl_io_rbuf *rb, void *buf, size_t cap)
{
	rb->buf = buf;
	rb->cap = cap;
	rb->pos = 0;
	rb->len = 0;
	rb->one_way = 0;
}

/* Copy what is buffered into the front of *iov; the count copied. */
static size_t rbuf_drain(struct vbgl_io_rbuf *rb, struct iovec **iov,
			 int *iovcnt)
{
	size_t copied = 0, take;

	while (*iovcnt > 0 && rb->pos < rb->len) {
		take = rb->len - rb->pos;
		if (take > (*iov)->iov_len)
			take = (*iov)->iov_len;
		memcpy((*iov)->iov_base, rb->buf + rb->pos, take);
		rb->pos += take;
		copied += take;
		vbgl_io_iov_advance(iov, iovcnt, take);
	}
	if (rb->pos == rb->len)
		rb->pos = rb->len = 0;
	return copied;
}

int vbgl_io_rbuf_readv(int fd, struct vbgl_io_rbuf *rb, struct iovec *iov,
		       int iovcnt)
{
	int got_some;

	vbgl_io_iov_advance(&iov, &iovcnt, 0);
	got_some = rbuf_drain(rb, &iov, &iovcnt) > 0;
	/* The buffer is empty now if anything is left to read. */
	return readv_loop(fd, iov, iovcnt, rb, got_some);
}

void vbgl_io_rbuf_set_one_way(struct vbgl_io_rbuf *rb)
{
	rb->one_way = 1;
}

long vbgl_io_rbuf_fill_fd(int fd, struct vbgl_io_rbuf *rb, int *passed)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} ctl;
	struct iovec iov = { rb->buf, rb->cap };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *c;
	ssize_t n;

	*passed = -1;
	rb->pos = rb->len = 0;
	/* Nothing was sent yet, so nothing but data can wake this read. */
	do {
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		size_t i, count;
		int one;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
		    c->cmsg_len < CMSG_LEN(0))
			continue;
		count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < count; i++) {
			memcpy(&one, CMSG_DATA(c) + i * sizeof(int),
			       sizeof(one));
			if (*passed < 0)
				*passed = one;
			else
				close(one);
		}
	}
	rb->len = (size_t)n;
	return (long)n;
}

long vbgl_io_send_fd(int fd, const void *buf, size_t len, int pass)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { (void *)buf, len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	ssize_t n;

	if (pass >= 0) {
		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass, sizeof(int));
	}
	do {
		n = sendmsg(fd, &msg, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	return (long)n;
}

int vbgl_io_rbuf_read(int fd, struct vbgl_io_rbuf *rb, void *buf, size_t len)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };

	return vbgl_io_rbuf_readv(fd, rb, &iov, 1);
}

/* One write of at most IOV_MAX iovecs; a socket never raises SIGPIPE. */
static ssize_t write_some(int fd, struct iovec *iov, int iovcnt,
			  int *not_socket)
{
	struct msghdr msg = { 0 };
	ssize_t n;

	if (!*not_socket) {
		msg.msg_iov = iov;
		msg.msg_iovlen = (size_t)iovcnt;
		n = sendmsg(fd, &msg, MSG_NOSIGNAL);
		if (n >= 0 || errno != ENOTSOCK)
			return n;
		*not_socket = 1;
	}
	return writev(fd, iov, iovcnt);
}

int vbgl_io_writev_all(int fd, struct iovec *iov, int iovcnt)
{
	int not_socket = 0;
	ssize_t n;

	vbgl_io_iov_advance(&iov, &iovcnt, 0);
	while (iovcnt > 0) {
		n = write_some(fd, iov, iovcnt < IOV_MAX ? iovcnt : IOV_MAX,
			       &not_socket);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		/* No progress on a non-empty iovec: never loop on it. */
		if (n == 0)
			return -EIO;
		vbgl_io_iov_advance(&iov, &iovcnt, (size_t)n);
	}
	return 0;
}

int vbgl_io_write_all(int fd, const void *buf, size_t len)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };

	return vbgl_io_writev_all(fd, &iov, 1);
}
