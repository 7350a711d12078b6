// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hgcm-echo-tool: the two round trips bench/hgcm-roundtrip compares, each
 * timed call by call with CLOCK_MONOTONIC.
 *
 *   hgcm DEVICE COUNT SIZE
 *	COUNT HostSimTest ECHO calls (function 1: buf in, buf out) of SIZE
 *	bytes through libvbglr3 on DEVICE (e.g. unix:DIR/vboxguest.sock),
 *	every answer checked; one call object, set up once, is run COUNT
 *	times, so the loop is the library's and the simulator's work only.
 *   pingpong COUNT PING PONG
 *	COUNT round trips between this process and a forked child over a
 *	Unix stream socket pair: PING bytes there, PONG bytes back, each
 *	read in full before the answer goes out.
 *
 * Both first make COUNT / 10 untimed round trips (at least 10) to warm up,
 * then print one line:
 *
 *   KIND count=N median_us=X mean_us=X p10_us=X p90_us=X min_us=X
 *
 * Exit status 0 on success, 1 with a one-line reason on standard error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libvbglr3/vbglr3.h"

#define MAX_COUNT	    10000000UL
#define MAX_SIZE	    (1024UL * 1024)
#define HOSTSIMTEST_FN_ECHO 1

static int fail(const char *what, int err)
{
	if (err)
		fprintf(stderr, "hgcm-echo-tool: %s: %s\n", what,
			strerror(err));
	else
		fprintf(stderr, "hgcm-echo-tool: %s\n", what);
	return 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/**
 * parse_count - a decimal number in [1, max].
 * @s: the text
 * @max: the largest value accepted
 * @out: receives the value
 *
 * Return: 0, or -1 for anything else.
 */
static int parse_count(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Print the summary line of @n round-trip times (sorted in place). */
static void report(const char *kind, uint64_t *ns, unsigned long n)
{
	uint64_t sum = 0;
	unsigned long i;

	qsort(ns, n, sizeof(ns[0]), cmp_u64);
	for (i = 0; i < n; i++)
		sum += ns[i];
	printf("%s count=%lu median_us=%.2f mean_us=%.2f p10_us=%.2f p90_us=%.2f min_us=%.2f\n",
	       kind, n, ns[n / 2] / 1e3, (double)sum / (double)n / 1e3,
	       ns[n / 10] / 1e3, ns[n * 9 / 10] / 1e3, ns[0] / 1e3);
}

static unsigned long warmup_count(unsigned long count)
{
	return count / 10 < 10 ? 10 : count / 10;
}

/* ---- HGCM echo ---------------------------------------------------------- */

struct echo {
	struct vbgl_handle *h;
	struct vbgl_hgcm_call *call;
	unsigned char *in;
	unsigned char *out;
	unsigned long size;
};

/* One ECHO call, checked: size and payload must come back unchanged. */
static int echo_once(struct echo *e, unsigned long i)
{
	uint32_t got = 0;
	int rc;

	e->in[0] = (unsigned char)i;
	e->out[0] = (unsigned char)~i;
	rc = vbgl_hgcm_call(e->h, e->call);
	if (rc < 0)
		return fail("HGCM call", -rc);
	if (vbgl_hgcm_get_buf_size(e->call, 1, &got) < 0 || got != e->size ||
	    memcmp(e->in, e->out, e->size) != 0)
		return fail("the echo came back different", 0);
	return 0;
}

static int echo_setup(struct echo *e, uint32_t client)
{
	unsigned long i;

	for (i = 0; i < e->size; i++)
		e->in[i] = (unsigned char)(i * 7 + 1);
	if (vbgl_hgcm_call_new(client, HOSTSIMTEST_FN_ECHO, 2, &e->call) < 0 ||
	    vbgl_hgcm_set_buf_in(e->call, 0, e->in, (uint32_t)e->size) < 0 ||
	    vbgl_hgcm_set_buf_out(e->call, 1, e->out, (uint32_t)e->size) < 0)
		return fail("building the ECHO call", 0);
	return 0;
}

static int echo_loop(struct echo *e, unsigned long count, uint64_t *ns)
{
	unsigned long i, warm = warmup_count(count);
	uint64_t t0;

	for (i = 0; i < warm; i++) {
		if (echo_once(e, i))
			return 1;
	}
	for (i = 0; i < count; i++) {
		t0 = now_ns();
		if (echo_once(e, i))
			return 1;
		ns[i] = now_ns() - t0;
	}
	return 0;
}

static int run_hgcm(const char *device, unsigned long count, unsigned long size)
{
	struct echo e = { .size = size };
	uint64_t *ns = calloc(count, sizeof(*ns));
	uint32_t client = 0;
	int rc, ret = 1;

	e.in = malloc(size);
	e.out = malloc(size);
	if (!ns || !e.in || !e.out) {
		ret = fail("out of memory", 0);
		goto out;
	}
	rc = vbgl_open(device, VBGL_OPEN_SYSTEM, &e.h);
	if (rc < 0) {
		ret = fail(device, -rc);
		goto out;
	}
	rc = vbgl_hgcm_connect(e.h, "HostSimTest", &client);
	if (rc < 0) {
		ret = fail("connecting to HostSimTest", -rc);
		goto out_close;
	}
	if (!echo_setup(&e, client) && !echo_loop(&e, count, ns)) {
		report("hgcm", ns, count);
		ret = 0;
	}
	vbgl_hgcm_call_free(e.call);
	vbgl_hgcm_disconnect(e.h, client);
out_close:
	vbgl_close(e.h);
out:
	free(e.in);
	free(e.out);
	free(ns);
	return ret;
}

/* ---- Unix socket ping-pong ---------------------------------------------- */

/* Write (@out) or read all @len bytes; 0, or -1 on EOF or an error. */
static int xfer_full(int fd, unsigned char *p, size_t len, int out)
{
	ssize_t n;

	while (len) {
		n = out ? write(fd, p, len) : read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The child: answer every PING-byte message with PONG bytes until EOF. */
static void pong_child(int fd, size_t ping, size_t pong)
{
	unsigned char *in = calloc(1, ping), *out = calloc(1, pong);

	if (!in || !out)
		_exit(1);
	while (xfer_full(fd, in, ping, 0) == 0) {
		out[0] = in[0];
		if (xfer_full(fd, out, pong, 1) < 0)
			_exit(1);
	}
	_exit(0);
}

static int ping_once(int fd, unsigned char *req, unsigned char *rep,
		     size_t ping, size_t pong, unsigned long i)
{
	req[0] = (unsigned char)i;
	if (xfer_full(fd, req, ping, 1) < 0 || xfer_full(fd, rep, pong, 0) < 0)
		return fail("the ping-pong child stopped answering", 0);
	if (rep[0] != req[0])
		return fail("the ping-pong answer came back different", 0);
	return 0;
}

static int ping_loop(int fd, unsigned long count, size_t ping, size_t pong,
		     uint64_t *ns)
{
	unsigned char *req = calloc(1, ping), *rep = calloc(1, pong);
	unsigned long i, warm = warmup_count(count);
	uint64_t t0;
	int ret = 1;

	if (!req || !rep) {
		ret = fail("out of memory", 0);
		goto out;
	}
	for (i = 0; i < warm; i++) {
		if (ping_once(fd, req, rep, ping, pong, i))
			goto out;
	}
	for (i = 0; i < count; i++) {
		t0 = now_ns();
		if (ping_once(fd, req, rep, ping, pong, i))
			goto out;
		ns[i] = now_ns() - t0;
	}
	ret = 0;
out:
	free(req);
	free(rep);
	return ret;
}

static int run_pingpong(unsigned long count, unsigned long ping,
			unsigned long pong)
{
	uint64_t *ns = calloc(count, sizeof(*ns));
	int sv[2], status, ret;
	pid_t child;

	if (!ns)
		return fail("out of memory", 0);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		free(ns);
		return fail("socketpair", errno);
	}
	child = fork();
	if (child < 0) {
		free(ns);
		return fail("fork", errno);
	}
	if (child == 0) {
		close(sv[0]);
		pong_child(sv[1], ping, pong);
	}
	close(sv[1]);
	ret = ping_loop(sv[0], count, ping, pong, ns);
	close(sv[0]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (!ret)
		report("pingpong", ns, count);
	free(ns);
	return ret;
}

static int usage(void)
{
	fputs("usage: hgcm-echo-tool hgcm DEVICE COUNT SIZE\n"
	      "       hgcm-echo-tool pingpong COUNT PING PONG\n",
	      stderr);
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long count, a, b;

	if (argc != 5)
		return usage();
	if (strcmp(argv[1], "hgcm") == 0) {
		if (parse_count(argv[3], MAX_COUNT, &count) < 0 ||
		    parse_count(argv[4], MAX_SIZE, &a) < 0)
			return usage();
		return run_hgcm(argv[2], count, a);
	}
	if (strcmp(argv[1], "pingpong") == 0) {
		if (parse_count(argv[2], MAX_COUNT, &count) < 0 ||
		    parse_count(argv[3], MAX_SIZE, &a) < 0 ||
		    parse_count(argv[4], MAX_SIZE, &b) < 0)
			return usage();
		return run_pingpong(count, a, b);
	}
	return usage();
}
