// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libvbglr3/vbgl_io.c: whole reads and writes.  A worker thread runs the
 * helper while the test waits until the kernel reports it blocked in the
 * expected system call (/proc/self/task/TID/syscall), so the interesting
 * cases happen for certain: a signal that interrupts a read before any
 * byte (EINTR), one that interrupts a send after part of it (a short
 * write), data that arrives in pieces, and end of file before or inside a
 * record.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libvbglr3/vbgl_io.h"

#define BIG_LEN (4u * 1024 * 1024)

static atomic_int signals;

static void on_signal(int sig)
{
	(void)sig;
	atomic_fetch_add(&signals, 1);
}

/* SIGUSR1 interrupts system calls: no SA_RESTART. */
static void setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	atomic_store(&signals, 0);
}

struct job {
	int fd;
	int write; /* else read */
	uint8_t *buf;
	size_t len;
	atomic_int tid;
	int ret;
	pthread_t thread;
};

static void *job_main(void *arg)
{
	struct job *j = arg;

	atomic_store(&j->tid, (int)syscall(SYS_gettid));
	if (j->write)
		j->ret = vbgl_io_write_all(j->fd, j->buf, j->len);
	else
		j->ret = vbgl_io_read_all(j->fd, j->buf, j->len);
	return NULL;
}

static void job_start(struct job *j, int fd, int write, uint8_t *buf,
		      size_t len)
{
	j->fd = fd;
	j->write = write;
	j->buf = buf;
	j->len = len;
	atomic_store(&j->tid, 0);
	ck_assert_int_eq(pthread_create(&j->thread, NULL, job_main, j), 0);
}

static int job_join(struct job *j)
{
	ck_assert_int_eq(pthread_join(j->thread, NULL), 0);
	return j->ret;
}

/* Wait (at most 10 s) until the worker sleeps in system call @nr. */
static void wait_blocked_in(struct job *j, long nr)
{
	char path[64], line[256];
	int i;

	for (i = 0; i < 10000; i++) {
		FILE *f;
		long cur = -1;

		if (atomic_load(&j->tid)) {
			snprintf(path, sizeof(path),
				 "/proc/self/task/%d/syscall",
				 atomic_load(&j->tid));
			f = fopen(path, "r");
			ck_assert_ptr_nonnull(f);
			if (fgets(line, sizeof(line), f))
				cur = strtol(line, NULL, 10);
			fclose(f);
			if (cur == nr)
				return;
		}
		usleep(1000);
	}
	ck_abort_msg("the worker never blocked in system call %ld", nr);
}

/* Wait until the worker has taken every byte queued on @fd. */
static void wait_drained(int fd)
{
	int i, queued = -1;

	for (i = 0; i < 10000; i++) {
		ck_assert_int_eq(ioctl(fd, FIONREAD, &queued), 0);
		if (!queued)
			return;
		usleep(1000);
	}
	ck_abort_msg("the worker never read the queued bytes");
}

static void pair(int sv[2])
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
}

/*
 * A worker reading @len bytes from sv[0], blocked before the first one.
 * On a socket it waits in poll(2), not in the read itself.
 */
static void start_reader(struct job *j, int sv[2], uint8_t *buf, size_t len)
{
	setup();
	pair(sv);
	job_start(j, sv[0], 0, buf, len);
	wait_blocked_in(j, SYS_poll);
}

/* Interrupt the worker once it sleeps in system call @nr. */
static void interrupt(struct job *j, long nr)
{
	int before = atomic_load(&signals);

	wait_blocked_in(j, nr);
	pthread_kill(j->thread, SIGUSR1);
	while (atomic_load(&signals) == before)
		usleep(1000);
}

START_TEST(test_read_pieces_eintr_eof)
{
	uint8_t buf[8] = { 0 };
	struct job j;
	int sv[2];

	start_reader(&j, sv, buf, sizeof(buf));
	/* Interrupted before the first byte: EINTR, and it goes on. */
	interrupt(&j, SYS_poll);
	/* Then the record arrives in two pieces. */
	wait_blocked_in(&j, SYS_poll);
	ck_assert_int_eq(write(sv[1], "abc", 3), 3);
	wait_drained(sv[0]);
	wait_blocked_in(&j, SYS_poll);
	ck_assert_int_eq(write(sv[1], "defgh", 5), 5);
	ck_assert_int_eq(job_join(&j), 1);
	ck_assert_int_eq(memcmp(buf, "abcdefgh", 8), 0);
	ck_assert_int_eq(atomic_load(&signals), 1);

	/* End of file between records: 0. */
	close(sv[1]);
	ck_assert_int_eq(vbgl_io_read_all(sv[0], buf, sizeof(buf)), 0);
	close(sv[0]);
}
END_TEST

START_TEST(test_read_truncated)
{
	uint8_t buf[8];
	struct job j;
	int sv[2];

	start_reader(&j, sv, buf, sizeof(buf));
	ck_assert_int_eq(write(sv[1], "abc", 3), 3);
	wait_drained(sv[0]);
	wait_blocked_in(&j, SYS_poll);
	close(sv[1]);
	/* End of file inside the record. */
	ck_assert_int_eq(job_join(&j), -EPIPE);
	ck_assert_int_eq(vbgl_io_read_all(-1, buf, 1), -EBADF);
	ck_assert_int_eq(vbgl_io_read_all(sv[0], buf, 0), 1);
	close(sv[0]);
}
END_TEST

/* Voluntary context switches of the worker so far. */
static long switches_of(struct job *j)
{
	char path[64], line[256];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status",
		 atomic_load(&j->tid));
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %ld", &n) == 1)
			break;
	fclose(f);
	ck_assert_int_ge(n, 0);
	return n;
}

/*
 * A blocked reader sleeps through the peer consuming what this end sent:
 * the socket's write-space wake-up does not wake it (it would, blocked in
 * readv(2)), only data does.
 */
START_TEST(test_read_sleeps_through_write_space)
{
	uint8_t buf[4] = { 0 }, sink[64];
	long before;
	struct job j;
	int sv[2], i;

	start_reader(&j, sv, buf, sizeof(buf));
	before = switches_of(&j);
	for (i = 0; i < 20; i++) {
		/* This end sends, the peer takes it: space frees up here. */
		ck_assert_int_eq(write(sv[0], "ping", 4), 4);
		ck_assert_int_eq(read(sv[1], sink, sizeof(sink)), 4);
	}
	usleep(20000);
	ck_assert_int_eq(switches_of(&j), before);
	ck_assert_int_eq(write(sv[1], "data", 4), 4);
	ck_assert_int_eq(job_join(&j), 1);
	ck_assert_int_eq(memcmp(buf, "data", 4), 0);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(test_short_write)
{
	uint8_t *out = malloc(BIG_LEN), *in = malloc(BIG_LEN);
	int sv[2], small = 4096;
	struct job j;
	size_t i;

	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(in);
	for (i = 0; i < BIG_LEN; i++)
		out[i] = (uint8_t)(i * 7 + i / 4096);
	setup();
	pair(sv);
	ck_assert_int_eq(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small,
				    sizeof(small)),
			 0);
	job_start(&j, sv[0], 1, out, BIG_LEN);
	/*
	 * Blocked in sendmsg() with part of the buffer already queued: the
	 * signal makes it return that part, and the helper sends the rest.
	 */
	for (i = 0; i < 3; i++) {
		interrupt(&j, SYS_sendmsg);
		ck_assert_int_eq(vbgl_io_read_all(sv[1], in, 1024), 1);
		ck_assert_int_eq(memcmp(in, out + i * 1024, 1024), 0);
	}
	ck_assert_int_eq(vbgl_io_read_all(sv[1], in + 3072, BIG_LEN - 3072), 1);
	ck_assert_int_eq(job_join(&j), 0);
	ck_assert_int_eq(memcmp(in + 3072, out + 3072, BIG_LEN - 3072), 0);
	close(sv[0]);
	close(sv[1]);
	free(in);
	free(out);
}
END_TEST

/* A closed peer is -EPIPE, not a SIGPIPE that would end this process. */
START_TEST(test_write_closed_peer)
{
	int sv[2];

	pair(sv);
	close(sv[1]);
	ck_assert_int_eq(vbgl_io_write_all(sv[0], "x", 1), -EPIPE);
	close(sv[0]);
}
END_TEST

/*
 * Not a socket: writev() instead of sendmsg(); more iovecs than IOV_MAX,
 * empty ones among them.
 */
START_TEST(test_pipe_and_many_iovecs)
{
	enum { N = IOV_MAX + 500 };
	static struct iovec iov[N];
	static uint8_t src[N], dst[N];
	int p[2], i;

	for (i = 0; i < N; i++) {
		src[i] = (uint8_t)i;
		iov[i].iov_base = &src[i];
		iov[i].iov_len = i % 3 ? 1 : 0;
	}
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(vbgl_io_writev_all(p[1], iov, N), 0);
	for (i = 0; i < N; i++) {
		iov[i].iov_base = &dst[i];
		iov[i].iov_len = i % 3 ? 1 : 0;
	}
	ck_assert_int_eq(vbgl_io_readv_all(p[0], iov, N), 1);
	for (i = 0; i < N; i++)
		ck_assert_uint_eq(dst[i], i % 3 ? src[i] : 0);
	ck_assert_int_eq(vbgl_io_write_all(p[1], "tail", 4), 0);
	ck_assert_int_eq(vbgl_io_read_all(p[0], dst, 4), 1);
	ck_assert_int_eq(memcmp(dst, "tail", 4), 0);
	close(p[0]);
	close(p[1]);
}
END_TEST

/* Read-ahead: records that arrived together come out of one read(). */
START_TEST(test_rbuf_records)
{
	static const char data[] = "abcdefghijklmnop";
	unsigned char mem[4], big[9], a[2], b[1], c[3];
	struct vbgl_io_rbuf rb;
	struct iovec iov[2];
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	vbgl_io_rbuf_init(&rb, mem, sizeof(mem));
	ck_assert_int_eq(write(sv[1], data, 16), 16);
	/* 2 asked, 4 more buffered. */
	ck_assert_int_eq(vbgl_io_rbuf_read(sv[0], &rb, a, 2), 1);
	ck_assert_int_eq(memcmp(a, "ab", 2), 0);
	ck_assert_uint_eq(rb.len - rb.pos, 4);
	/* From the buffer only. */
	iov[0] = (struct iovec){ b, 1 };
	iov[1] = (struct iovec){ c, 3 };
	ck_assert_int_eq(vbgl_io_rbuf_readv(sv[0], &rb, iov, 2), 1);
	ck_assert_int_eq(memcmp(b, "c", 1), 0);
	ck_assert_int_eq(memcmp(c, "def", 3), 0);
	/* Part buffered, the rest read straight into place. */
	ck_assert_int_eq(vbgl_io_rbuf_read(sv[0], &rb, a, 2), 1);
	ck_assert_int_eq(memcmp(a, "gh", 2), 0);
	ck_assert_int_eq(vbgl_io_rbuf_read(sv[0], &rb, big, 8), 1);
	ck_assert_int_eq(memcmp(big, "ijklmnop", 8), 0);
	ck_assert_uint_eq(rb.len - rb.pos, 0);
	/* A truncated record, then end of file. */
	ck_assert_int_eq(write(sv[1], "xy", 2), 2);
	ck_assert_int_eq(close(sv[1]), 0);
	ck_assert_int_eq(vbgl_io_rbuf_read(sv[0], &rb, a, 1), 1);
	ck_assert_int_eq(vbgl_io_rbuf_read(sv[0], &rb, c, 3), -EPIPE);
	ck_assert_int_eq(memcmp(c, "y", 1), 0);
	ck_assert_int_eq(vbgl_io_rbuf_read(sv[0], &rb, a, 1), 0);
	close(sv[0]);
}
END_TEST

static Suite *io_suite(void)
{
	Suite *s = suite_create("vbgl_io");
	TCase *tc = tcase_create("io");

	tcase_add_test(tc, test_read_pieces_eintr_eof);
	tcase_add_test(tc, test_read_truncated);
	tcase_add_test(tc, test_read_sleeps_through_write_space);
	tcase_add_test(tc, test_short_write);
	tcase_add_test(tc, test_write_closed_peer);
	tcase_add_test(tc, test_pipe_and_many_iovecs);
	tcase_add_test(tc, test_rbuf_records);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(io_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
