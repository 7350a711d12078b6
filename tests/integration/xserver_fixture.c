// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Starting and stopping an X server for end-to-end tests.
 */
#include "config.h"

#include "tests/integration/xserver_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

/* Read the display number Xvfb writes to the pipe once it is ready. */
static bool read_display_number(int fd, pid_t pid, char *buf, size_t size)
{
	size_t have = 0;
	int waited_ms = 0;

	while (waited_ms < 10000 && have + 1 < size) {
		ssize_t n = read(fd, buf + have, size - 1 - have);

		if (n > 0) {
			have += (size_t)n;
			buf[have] = '\0';
			if (strchr(buf, '\n'))
				return true;
			continue;
		}
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return false;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return false;
		g_usleep(20000);
		waited_ms += 20;
	}
	return false;
}

/*
 * Start one Xvfb and read the display number it reports once it takes
 * clients: on DISPLAY (":N") if given, else on one it picks.  -noreset:
 * a server that resets when its last client leaves drops the client that
 * connects meanwhile, and the tests' clients come one after the other.
 */
static struct xserver *start_one(const char *display)
{
	char number[32] = "";
	struct xserver *xs;
	int fds[2];
	pid_t pid;

	if (pipe(fds) < 0) {
		perror("xserver_start_xvfb: pipe");
		return NULL;
	}
	pid = fork();
	if (pid < 0) {
		perror("xserver_start_xvfb: fork");
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		const char *argv[16];
		int argc = 0, null = open("/dev/null", O_RDWR);

		close(fds[0]);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		if (fds[1] != 3) {
			dup2(fds[1], 3);
			close(fds[1]);
		}
		argv[argc++] = "Xvfb";
		if (display)
			argv[argc++] = display;
		argv[argc++] = "-displayfd";
		argv[argc++] = "3";
		argv[argc++] = "-noreset";
		argv[argc++] = "-nolisten";
		argv[argc++] = "tcp";
		argv[argc++] = "-screen";
		argv[argc++] = "0";
		argv[argc++] = "1280x1024x24";
		argv[argc] = NULL;
		execvp("Xvfb", (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	if (!read_display_number(fds[0], pid, number, sizeof(number))) {
		close(fds[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return NULL;
	}
	close(fds[0]);
	number[strcspn(number, "\n")] = '\0';
	xs = g_new0(struct xserver, 1);
	xs->pid = pid;
	xs->display = g_strdup_printf(":%s", number);
	return xs;
}

/* OVT_TEST_X_DISPLAYS="FIRST-LAST": the display numbers tests may take. */
static bool display_range(unsigned *first, unsigned *last)
{
	const char *range = getenv("OVT_TEST_X_DISPLAYS");
	char *end;

	if (!range || !*range)
		return false;
	*first = (unsigned)strtoul(range, &end, 10);
	*last = *end == '-' ? (unsigned)strtoul(end + 1, &end, 10) : *first;
	if (*end || *last < *first || *last > 65535) {
		fprintf(stderr, "OVT_TEST_X_DISPLAYS=%s is not FIRST-LAST\n",
			range);
		*first = 1;
		*last = 0;
	}
	return true;
}

struct xserver *xserver_start_xvfb(void)
{
	struct xserver *xs = NULL;
	unsigned first, last, n;

	if (!display_range(&first, &last)) {
		xs = start_one(NULL);
	} else {
		/* A number in use: that Xvfb exits at once, try the next. */
		for (n = first; n <= last && !xs; n++) {
			char display[16];

			snprintf(display, sizeof(display), ":%u", n);
			xs = start_one(display);
		}
	}
	if (!xs)
		fprintf(stderr, "xserver_start_xvfb: Xvfb did not come up\n");
	return xs;
}

static void stop(struct xserver *xs, int sig)
{
	int i;

	if (!xs)
		return;
	kill(xs->pid, sig);
	for (i = 0; i < 250; i++) {
		pid_t r = waitpid(xs->pid, NULL, WNOHANG);

		if (r == xs->pid || (r < 0 && errno == ECHILD))
			goto done;
		g_usleep(20000);
	}
	kill(xs->pid, SIGKILL);
	waitpid(xs->pid, NULL, 0);
done:
	g_free(xs->display);
	g_free(xs);
}

void xserver_stop(struct xserver *xs)
{
	stop(xs, SIGTERM);
}

void xserver_kill(struct xserver *xs)
{
	stop(xs, SIGKILL);
}
