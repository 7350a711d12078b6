// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * display-wait - how long until the X server shows a layout: starts a
 * change (host requests over the simulator's control socket, or a command
 * such as xrandr), then waits for RandR change events and, at each one,
 * compares the outputs that are on with the layout expected.  Prints the
 * milliseconds from the start of the change to the event that completed
 * it.  Events are taken in batches (all that are queued) and the layout
 * read once per batch with XRRGetMonitors, so the measuring client adds
 * one request per batch.  Used by bench/display and
 * tests/integration/vbox_display.sh.
 *
 *   display-wait --display NAME --expect LAYOUT [--timeout MS]
 *                (--control SIMDIR REQUEST... | -- COMMAND [ARG]...)
 *
 * LAYOUT lists every output that must be on, as NAME=WxH+X+Y separated by
 * blanks (outputs not listed must be off).  Each REQUEST is one control
 * line, e.g. "display set 0:1366x768,primary"; they are sent back to back
 * on one connection.  Exit status: 0 when the layout was reached, 1 on a
 * timeout (the layout seen last goes to standard error), 2 for a usage
 * error or a failure to start the change.
 */
#include <errno.h>
#include <poll.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/extensions/Xrandr.h>

#define MAX_ITEMS 64
#define ITEM_LEN  64

extern char **environ;

struct layout {
	unsigned int n;
	char item[MAX_ITEMS][ITEM_LEN];
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_item(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int parse_layout(const char *text, struct layout *l)
{
	char *copy = strdup(text), *save = NULL, *w;

	l->n = 0;
	for (w = strtok_r(copy, " ,", &save); w;
	     w = strtok_r(NULL, " ,", &save)) {
		if (l->n == MAX_ITEMS || strlen(w) >= ITEM_LEN) {
			free(copy);
			return -1;
		}
		strcpy(l->item[l->n++], w);
	}
	free(copy);
	qsort(l->item, l->n, ITEM_LEN, cmp_item);
	return 0;
}

/* Output names by atom: each is asked for once. */
static struct {
	Atom atom;
	char *name;
} names[MAX_ITEMS];
static unsigned int n_names;

static const char *atom_name(Display *dpy, Atom atom)
{
	unsigned int i;

	for (i = 0; i < n_names; i++) {
		if (names[i].atom == atom)
			return names[i].name;
	}
	if (n_names == MAX_ITEMS)
		return "?";
	names[n_names].atom = atom;
	names[n_names].name = XGetAtomName(dpy, atom);
	return names[n_names].name ? names[n_names++].name : "?";
}

/* The monitors that are on now, as NAME=WxH+X+Y, sorted (one request). */
static void read_layout(Display *dpy, struct layout *l)
{
	int i, n = 0;
	XRRMonitorInfo *m =
		XRRGetMonitors(dpy, DefaultRootWindow(dpy), True, &n);

	l->n = 0;
	for (i = 0; m && i < n && l->n < MAX_ITEMS; i++)
		snprintf(l->item[l->n++], ITEM_LEN, "%s=%dx%d+%d+%d",
			 atom_name(dpy, m[i].name), m[i].width, m[i].height,
			 m[i].x, m[i].y);
	if (m)
		XRRFreeMonitors(m);
	qsort(l->item, l->n, ITEM_LEN, cmp_item);
}

static bool same(const struct layout *a, const struct layout *b)
{
	unsigned int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->item[i], b->item[i]))
			return false;
	}
	return true;
}

/* Send the requests on one connection; 0 when each was answered OK. */
static int send_requests(const char *dir, char **req, int n)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[8192], *line;
	int fd, i, oks = 0;
	size_t len = 0;
	ssize_t got;

	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/control.sock",
		     dir) >= (int)sizeof(sa.sun_path))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("display-wait: control socket");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (dprintf(fd, "%s\n", req[i]) < 0)
			return -1;
	}
	while (oks < n &&
	       (got = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += (size_t)got;
		buf[len] = '\0';
		while ((line = strchr(buf, '\n'))) {
			*line = '\0';
			if (strncmp(buf, "ERR", 3) == 0) {
				fprintf(stderr, "display-wait: %s\n", buf);
				close(fd);
				return -1;
			}
			oks += strcmp(buf, "OK") == 0;
			len -= (size_t)(line + 1 - buf);
			memmove(buf, line + 1, len + 1);
		}
	}
	close(fd);
	return oks == n ? 0 : -1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: display-wait --display NAME --expect LAYOUT [--timeout MS] (--control SIMDIR REQUEST... | -- COMMAND...)\n");
	exit(2);
}

static void print_layout(const char *what, const struct layout *l)
{
	unsigned int i;

	fprintf(stderr, "display-wait: %s:", what);
	for (i = 0; i < l->n; i++)
		fprintf(stderr, " %s", l->item[i]);
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	const char *display = NULL, *expect = NULL, *control = NULL;
	int timeout_ms = 10000, base, err, i, first = 0;
	struct layout want, seen = { 0 };
	bool run = false, done = false, changed;
	struct pollfd pfd;
	double t0, left;
	pid_t child = -1;
	Display *dpy;
	XEvent ev;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--display") && i + 1 < argc)
			display = argv[++i];
		else if (!strcmp(argv[i], "--expect") && i + 1 < argc)
			expect = argv[++i];
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout_ms = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--control") && i + 1 < argc) {
			control = argv[++i];
			first = i + 1;
			break;
		} else if (!strcmp(argv[i], "--")) {
			run = true;
			first = i + 1;
			break;
		} else
			usage();
	}
	if (!expect || first == 0 || first >= argc || timeout_ms <= 0 ||
	    parse_layout(expect, &want) < 0)
		usage();
	dpy = XOpenDisplay(display);
	if (!dpy || !XRRQueryExtension(dpy, &base, &err)) {
		fprintf(stderr, "display-wait: no X display with RandR\n");
		return 2;
	}
	XRRSelectInput(dpy, DefaultRootWindow(dpy),
		       RRScreenChangeNotifyMask | RRCrtcChangeNotifyMask |
			       RROutputChangeNotifyMask);
	XSync(dpy, False);

	t0 = now_ms();
	if (control && send_requests(control, argv + first, argc - first) < 0)
		return 2;
	if (run && posix_spawnp(&child, argv[first], NULL, NULL, argv + first,
				environ) != 0) {
		perror("display-wait: spawn");
		return 2;
	}
	pfd.fd = ConnectionNumber(dpy);
	pfd.events = POLLIN;
	while (!done && (left = t0 + timeout_ms - now_ms()) > 0) {
		if (!XPending(dpy)) {
			poll(&pfd, 1, (int)left + 1);
			continue;
		}
		/* Every event queued now, then one look at the layout. */
		changed = false;
		while (XPending(dpy)) {
			XNextEvent(dpy, &ev);
			if (ev.type == base + RRScreenChangeNotify)
				XRRUpdateConfiguration(&ev);
			changed |= ev.type == base + RRScreenChangeNotify ||
				   ev.type == base + RRNotify;
		}
		if (!changed)
			continue;
		read_layout(dpy, &seen);
		done = same(&seen, &want);
	}
	if (done)
		printf("%.3f\n", now_ms() - t0);
	else
		print_layout("timed out; the layout seen last", &seen);
	if (child > 0)
		waitpid(child, NULL, 0);
	XCloseDisplay(dpy);
	return done ? 0 : 1;
}
