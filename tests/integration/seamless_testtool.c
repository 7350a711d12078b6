// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * seamless-testtool: what tests/integration/vbox_seamless.sh cannot do in
 * shell.
 *
 *   seamless-testtool union-equal W H FILE_A FILE_B
 *	Exit 0 if the rectangles in the two files ("X1 Y1 X2 Y2" lines,
 *	other lines ignored; right and bottom exclusive), clipped to a W x H
 *	screen, cover the same pixels; else print where they differ, exit 1.
 *   seamless-testtool area W H FILE
 *	Print the number of pixels the rectangles cover on the screen.
 *   seamless-testtool shape WINDOW
 *	Print the bounding shape of WINDOW (an X id) in root coordinates,
 *	one "X1 Y1 X2 Y2" line per rectangle.
 *   seamless-testtool lower WINDOW
 *	Ask for WINDOW to go to the bottom of the stack (a managed client
 *	asks its window manager, which moves the frame).
 *   seamless-testtool watch [WINDOW...]
 *	The witness: select SubstructureNotify on the root window and
 *	PropertyChange on each WINDOW, print "ready", then one line
 *	"TIME_US TYPE WINDOW" per event (real time in microseconds since
 *	1970, the clock vbox-hostsim stamps region updates with), until
 *	killed.
 *   seamless-testtool popup X Y W H
 *	Map an override-redirect window (a menu, as far as the window
 *	manager knows) there, print "ready" once it is mapped, and keep it
 *	until killed.
 *
 * The X commands use $DISPLAY.  The rasterizer is independent of the
 * agent's region code on purpose.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <X11/Xlib.h>
#include <X11/extensions/shape.h>

#define MAX_SIDE 16384

static int usage(void)
{
	fprintf(stderr,
		"usage: seamless-testtool union-equal W H FILE FILE | area W H FILE | shape WINDOW | lower WINDOW | watch [WINDOW...] | popup X Y W H\n");
	return 2;
}

static int parse_side(const char *s, long *out)
{
	char *end;

	*out = strtol(s, &end, 10);
	return *end || *out <= 0 || *out > MAX_SIDE ? -1 : 0;
}

/* Paint the rectangles of @path into @map (w x h); -1 if unreadable. */
static int paint(const char *path, unsigned char *map, long w, long h)
{
	char line[256];
	long x1, y1, x2, y2, x, y;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char extra;

		if (sscanf(line, "%ld %ld %ld %ld %c", &x1, &y1, &x2, &y2,
			   &extra) != 4)
			continue;
		x1 = x1 < 0 ? 0 : x1;
		y1 = y1 < 0 ? 0 : y1;
		x2 = x2 > w ? w : x2;
		y2 = y2 > h ? h : y2;
		for (y = y1; y < y2; y++) {
			for (x = x1; x < x2; x++)
				map[y * w + x] = 1;
		}
	}
	fclose(f);
	return 0;
}

static unsigned char *raster(const char *path, long w, long h)
{
	unsigned char *map = calloc((size_t)(w * h), 1);

	if (!map || paint(path, map, w, h) < 0) {
		free(map);
		return NULL;
	}
	return map;
}

static int cmd_union_equal(char **argv)
{
	long w, h, i, differ = 0, first = -1;
	unsigned char *a, *b;

	if (parse_side(argv[0], &w) || parse_side(argv[1], &h))
		return usage();
	a = raster(argv[2], w, h);
	b = raster(argv[3], w, h);
	if (!a || !b)
		return 2;
	for (i = 0; i < w * h; i++) {
		if (a[i] != b[i] && !differ++)
			first = i;
	}
	if (differ)
		printf("%ld pixels differ, the first at %ld,%ld (%s)\n", differ,
		       first % w, first / w,
		       a[first] ? "only in the first" : "only in the second");
	free(a);
	free(b);
	return differ ? 1 : 0;
}

static int cmd_area(char **argv)
{
	long w, h, i, n = 0;
	unsigned char *a;

	if (parse_side(argv[0], &w) || parse_side(argv[1], &h))
		return usage();
	a = raster(argv[2], w, h);
	if (!a)
		return 2;
	for (i = 0; i < w * h; i++)
		n += a[i];
	printf("%ld\n", n);
	free(a);
	return 0;
}

static Display *open_display(void)
{
	Display *dpy = XOpenDisplay(NULL);

	if (!dpy)
		fprintf(stderr, "seamless-testtool: cannot open the display\n");
	return dpy;
}

static int cmd_shape(char **argv)
{
	Window w = (Window)strtoul(argv[0], NULL, 0), child;
	int n = 0, ordering, x, y, i;
	Display *dpy = open_display();
	XRectangle *r;

	if (!dpy)
		return 2;
	if (!XTranslateCoordinates(dpy, w, DefaultRootWindow(dpy), 0, 0, &x, &y,
				   &child))
		return 1;
	r = XShapeGetRectangles(dpy, w, ShapeBounding, &n, &ordering);
	for (i = 0; r && i < n; i++)
		printf("%d %d %d %d\n", x + r[i].x, y + r[i].y,
		       x + r[i].x + r[i].width, y + r[i].y + r[i].height);
	if (r)
		XFree(r);
	XCloseDisplay(dpy);
	return 0;
}

static int cmd_lower(char **argv)
{
	Display *dpy = open_display();

	if (!dpy)
		return 2;
	XLowerWindow(dpy, (Window)strtoul(argv[0], NULL, 0));
	XCloseDisplay(dpy);
	return 0;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmd_watch(int argc, char **argv)
{
	Display *dpy = open_display();
	XEvent ev;
	int i;

	if (!dpy)
		return 2;
	XSelectInput(dpy, DefaultRootWindow(dpy), SubstructureNotifyMask);
	for (i = 0; i < argc; i++)
		XSelectInput(dpy, (Window)strtoul(argv[i], NULL, 0),
			     PropertyChangeMask);
	XSync(dpy, False);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		XNextEvent(dpy, &ev);
		printf("%lld %d 0x%lx\n", now_us(), ev.type, ev.xany.window);
		fflush(stdout);
	}
}

static int cmd_popup(char **argv)
{
	XSetWindowAttributes attr = { .override_redirect = True,
				      .background_pixel = 0 };
	Display *dpy = open_display();
	XEvent ev;
	Window w;

	if (!dpy)
		return 2;
	w = XCreateWindow(dpy, DefaultRootWindow(dpy), atoi(argv[0]),
			  atoi(argv[1]), (unsigned int)atoi(argv[2]),
			  (unsigned int)atoi(argv[3]), 0, CopyFromParent,
			  InputOutput, CopyFromParent,
			  CWOverrideRedirect | CWBackPixel, &attr);
	XSelectInput(dpy, w, StructureNotifyMask);
	XMapRaised(dpy, w);
	do {
		XNextEvent(dpy, &ev);
	} while (ev.type != MapNotify);
	printf("ready 0x%lx\n", w);
	fflush(stdout);
	for (;;)
		XNextEvent(dpy, &ev);
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "union-equal"))
		return cmd_union_equal(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "area"))
		return cmd_area(argv + 2);
	if (argc == 3 && !strcmp(argv[1], "shape"))
		return cmd_shape(argv + 2);
	if (argc == 3 && !strcmp(argv[1], "lower"))
		return cmd_lower(argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "watch"))
		return cmd_watch(argc - 2, argv + 2);
	if (argc == 6 && !strcmp(argv[1], "popup"))
		return cmd_popup(argv + 2);
	return usage();
}
