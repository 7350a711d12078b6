// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * seamless-floor WINDOW: the floor of bench/seamless.  A plain X client
 * that selects StructureNotify on WINDOW, prints "ready" once the
 * selection is in place, then one line "TIME_US X Y" per ConfigureNotify
 * the server sends for it (real time in microseconds since 1970, the
 * clock vbox-hostsim stamps region updates with).  Runs until killed.
 *
 * Built by bench/seamless at benchmark time, like sf_bench_tool.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <X11/Xlib.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	Display *dpy;
	Window w;
	XEvent ev;

	if (argc != 2) {
		fprintf(stderr, "usage: seamless-floor WINDOW\n");
		return 2;
	}
	dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "seamless-floor: cannot open the display\n");
		return 1;
	}
	w = (Window)strtoul(argv[1], NULL, 0);
	XSelectInput(dpy, w, StructureNotifyMask);
	XSync(dpy, False);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		XNextEvent(dpy, &ev);
		if (ev.type != ConfigureNotify || ev.xconfigure.send_event)
			continue;
		printf("%lld %d %d\n", now_us(), ev.xconfigure.x,
		       ev.xconfigure.y);
		fflush(stdout);
	}
}
