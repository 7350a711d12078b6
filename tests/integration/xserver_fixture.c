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

struct xserver *xserver_start_xvfb(void)
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
		int null = open("/dev/null", O_RDWR);

		close(fds[0]);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		if (fds[1] != 3) {
			dup2(fds[1], 3);
			close(fds[1]);
		}
		execlp("Xvfb", "Xvfb", "-displayfd", "3", "-nolisten", "tcp",
		       "-screen", "0", "1280x1024x24", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	if (!read_display_number(fds[0], pid, number, sizeof(number))) {
		fprintf(stderr, "xserver_start_xvfb: Xvfb did not come up\n");
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
