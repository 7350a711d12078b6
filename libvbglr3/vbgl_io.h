/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Whole reads and writes on blocking descriptors: the one loop that the
 * library's socket transport, the simulator and the tests share.
 *
 * Both directions retry after EINTR and continue after a short transfer.
 * Writes go through sendmsg(2) with MSG_NOSIGNAL, so a peer that closed a
 * socket gives -EPIPE instead of killing the process with SIGPIPE; on a
 * descriptor that is not a socket they fall back to writev(2), where
 * SIGPIPE is the caller's business as usual.
 */
#ifndef VBGL_IO_H
#define VBGL_IO_H

#include <stddef.h>
#include <sys/uio.h>

/*
 * Drop @done transferred bytes from the front of *@iov / *@iovcnt: whole
 * iovecs first, then the start of the one the transfer stopped in.  Empty
 * iovecs at the front go too.
 */
void vbgl_io_iov_advance(struct iovec **iov, int *iovcnt, size_t done);

/**
 * vbgl_io_readv_all - fill every iovec from a blocking descriptor.
 * @fd: the descriptor
 * @iov: the buffers; consumed (the array is modified)
 * @iovcnt: how many
 *
 * Return: 1 when every byte arrived; 0 when the descriptor was at end of
 * file before the first byte (a clean close between records); -EPIPE when
 * it ended after some bytes but not all (a truncated record); another
 * negative errno from readv(2).
 */
int vbgl_io_readv_all(int fd, struct iovec *iov, int iovcnt);

/**
 * vbgl_io_read_all - read exactly @len bytes from a blocking descriptor.
 * @fd: the descriptor
 * @buf: where they go
 * @len: how many
 *
 * Return: as vbgl_io_readv_all(): 1, 0 at end of file before the first
 * byte, -EPIPE at end of file later, or another negative errno.
 */
int vbgl_io_read_all(int fd, void *buf, size_t len);

/*
 * A read-ahead buffer for records on a stream: each read(2) also takes
 * whatever follows the bytes asked for, up to @cap more, so a record that
 * arrived whole costs one system call however many parts it is read in.
 * Only one thread may use a buffer at a time; it belongs to the
 * descriptor's reader.
 */
struct vbgl_io_rbuf {
	unsigned char *buf;
	size_t cap; /* bytes buf holds */
	size_t pos; /* next unread byte */
	size_t len; /* bytes buffered */
	/*
	 * Nothing is ever written to the descriptor, so its reader can sleep
	 * in the read itself (see vbgl_io_rbuf_set_one_way()).
	 */
	int one_way;
};

/* Most iovecs one vbgl_io_rbuf_readv() read takes along with the buffer. */
#define VBGL_IO_RBUF_MAX_IOV 64

/* Start @rb empty over @buf (@cap bytes, at least 1). */
void vbgl_io_rbuf_init(struct vbgl_io_rbuf *rb, void *buf, size_t cap);

/**
 * vbgl_io_rbuf_readv - fill every iovec, first from the buffer, then from
 * the descriptor, reading at most the buffer's capacity past them.
 * @fd: a blocking descriptor
 * @rb: its read-ahead buffer
 * @iov: the buffers; consumed (the array is modified)
 * @iovcnt: how many
 *
 * Return: as vbgl_io_readv_all(): 1, 0 at end of file before the first
 * byte (nothing was buffered), -EPIPE at end of file later, or another
 * negative errno.
 */
int vbgl_io_rbuf_readv(int fd, struct vbgl_io_rbuf *rb, struct iovec *iov,
		       int iovcnt);

/**
 * vbgl_io_rbuf_set_one_way - @rb's descriptor is only ever read from: a
 * read that must wait then sleeps in recvmsg(2) itself, without the
 * poll(2) that keeps a two-way socket's reader from being woken each time
 * the peer drains what this side sent.
 * @rb: the read-ahead buffer
 */
void vbgl_io_rbuf_set_one_way(struct vbgl_io_rbuf *rb);

/**
 * vbgl_io_rbuf_fill_fd - the first read of a stream that may start with a
 * passed descriptor: one blocking read into @rb (emptied first) that also
 * takes one SCM_RIGHTS descriptor (close-on-exec) if the bytes carry one.
 * @fd: the socket
 * @rb: its read-ahead buffer, empty
 * @passed: receives the descriptor, or -1 (any further ones are closed)
 *
 * Return: the bytes now buffered, 0 at end of file, or a negative errno.
 */
long vbgl_io_rbuf_fill_fd(int fd, struct vbgl_io_rbuf *rb, int *passed);

/**
 * vbgl_io_send_fd - send @len bytes in one sendmsg(2) (no SIGPIPE) and,
 * unless @pass is negative, the descriptor @pass with them (SCM_RIGHTS).
 * @fd: the socket
 * @buf: the bytes (at least one)
 * @len: how many
 * @pass: the descriptor to pass, or -1
 *
 * Return: what sendmsg(2) returned (retried on EINTR), errno set on -1.
 */
long vbgl_io_send_fd(int fd, const void *buf, size_t len, int pass);

/* vbgl_io_rbuf_readv() of one buffer. */
int vbgl_io_rbuf_read(int fd, struct vbgl_io_rbuf *rb, void *buf, size_t len);

/**
 * vbgl_io_writev_all - send every iovec to a blocking descriptor.
 * @fd: the descriptor
 * @iov: the buffers; consumed (the array is modified)
 * @iovcnt: how many (any number: more than IOV_MAX go in several calls)
 *
 * Return: 0, or a negative errno (-EPIPE when a socket's peer is gone).
 */
int vbgl_io_writev_all(int fd, struct iovec *iov, int iovcnt);

/**
 * vbgl_io_write_all - write exactly @len bytes to a blocking descriptor.
 * @fd: the descriptor
 * @buf: the bytes
 * @len: how many
 *
 * Return: 0, or a negative errno (-EPIPE when a socket's peer is gone).
 */
int vbgl_io_write_all(int fd, const void *buf, size_t len);

#endif /* VBGL_IO_H */
