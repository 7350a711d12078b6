// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * clip-testtool: images for the clipboard tests, made and compared
 * without the agent's conversion code (PNG through libpng's simplified
 * API, BMP parsed here), and X clients that misbehave.
 *
 *   clip-testtool bmp OUT WIDTH HEIGHT BPP   a 24- or 32-bit BI_RGB BMP
 *   clip-testtool png OUT WIDTH HEIGHT       an RGBA PNG
 *   clip-testtool pixels FILE                "WxH SHA256" of its RGBA
 *                                            pixels, top row first
 *   clip-testtool stall-read SEL TARGET      an X client that asks for SEL
 *	(clipboard or primary) as TARGET and, when the answer is INCR,
 *	prints "incr", starts the transfer and then never reads a chunk;
 *	until killed.  Prints "refused" and exits 1 for a refusal, "small N"
 *	and exits 1 for an answer that is not INCR.
 *   clip-testtool stall-own SEL              an X client that owns SEL,
 *	prints "ready" and then never answers a request: one line
 *	"request TARGET" per SelectionRequest, until killed.
 *
 * The images carry the same pattern (alpha varies, never 0), so a BMP
 * and a PNG of one size have the same pixels.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <glib.h>
#include <png.h>

static void pattern(uint32_t x, uint32_t y, uint8_t px[4])
{
	px[0] = (uint8_t)(x * 7 + y * 3);     /* R */
	px[1] = (uint8_t)(x * 5);	      /* G */
	px[2] = (uint8_t)(y * 11);	      /* B */
	px[3] = (uint8_t)((x + y) % 255 + 1); /* A */
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int make_bmp(const char *out, uint32_t w, uint32_t h, uint32_t bpp)
{
	uint32_t stride = (w * (bpp / 8) + 3) & ~3u;
	size_t size = 54 + (size_t)stride * h;
	uint8_t *f = g_malloc0(size), px[4];
	uint32_t x, y;
	gboolean ok;

	f[0] = 'B';
	f[1] = 'M';
	put32(f + 2, (uint32_t)size);
	put32(f + 10, 54);
	put32(f + 14, 40);
	put32(f + 18, w);
	put32(f + 22, h);
	f[26] = 1;
	f[28] = (uint8_t)bpp;
	put32(f + 34, stride * h);
	for (y = 0; y < h; y++) {
		/* bottom-up: file row 0 is the image's last row */
		uint8_t *row = f + 54 + (size_t)(h - 1 - y) * stride;

		for (x = 0; x < w; x++) {
			uint8_t *p = row + (size_t)x * (bpp / 8);

			pattern(x, y, px);
			p[0] = px[2];
			p[1] = px[1];
			p[2] = px[0];
			if (bpp == 32)
				p[3] = px[3];
		}
	}
	ok = g_file_set_contents(out, (char *)f, (gssize)size, NULL);
	g_free(f);
	return ok ? 0 : 1;
}

static int make_png(const char *out, uint32_t w, uint32_t h)
{
	png_image img;
	uint8_t *buf = g_malloc((size_t)w * h * 4);
	uint32_t x, y;
	int ok;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			pattern(x, y, buf + ((size_t)y * w + x) * 4);
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = w;
	img.height = h;
	img.format = PNG_FORMAT_RGBA;
	ok = png_image_write_to_file(&img, out, 0, buf, 0, NULL);
	g_free(buf);
	return ok ? 0 : 1;
}

static uint8_t *png_pixels(const uint8_t *data, size_t len, uint32_t *w,
			   uint32_t *h)
{
	png_image img;
	uint8_t *buf;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len))
		return NULL;
	img.format = PNG_FORMAT_RGBA;
	buf = g_malloc(PNG_IMAGE_SIZE(img));
	if (!png_image_finish_read(&img, NULL, buf, 0, NULL)) {
		g_free(buf);
		return NULL;
	}
	*w = img.width;
	*h = img.height;
	return buf;
}

/* 24- or 32-bit BI_RGB with a 40-byte header, either row order. */
static uint8_t *bmp_pixels(const uint8_t *f, size_t len, uint32_t *w,
			   uint32_t *h)
{
	uint32_t off, bpp, stride, x, y, rows;
	int32_t height;
	bool top_down, any_alpha = false;
	uint8_t *buf;

	if (len < 54 || get32(f + 14) < 40 || get32(f + 30) != 0)
		return NULL;
	off = get32(f + 10);
	*w = get32(f + 18);
	height = (int32_t)get32(f + 22);
	top_down = height < 0;
	rows = top_down ? (uint32_t)-height : (uint32_t)height;
	bpp = f[28];
	if ((bpp != 24 && bpp != 32) || *w > 65536 || rows > 65536)
		return NULL;
	stride = (*w * (bpp / 8) + 3) & ~3u;
	if (off > len || (size_t)stride * rows > len - off)
		return NULL;
	*h = rows;
	buf = g_malloc((size_t)*w * rows * 4 + 1);
	for (y = 0; y < rows; y++) {
		const uint8_t *row =
			f + off +
			(size_t)(top_down ? y : rows - 1 - y) * stride;

		for (x = 0; x < *w; x++) {
			const uint8_t *p = row + (size_t)x * (bpp / 8);
			uint8_t *q = buf + ((size_t)y * *w + x) * 4;

			q[0] = p[2];
			q[1] = p[1];
			q[2] = p[0];
			q[3] = bpp == 32 ? p[3] : 255;
			any_alpha |= bpp == 32 && p[3];
		}
	}
	/* An alpha channel that is 0 everywhere means "opaque". */
	if (bpp == 32 && !any_alpha)
		for (y = 0; y < rows * *w; y++)
			buf[(size_t)y * 4 + 3] = 255;
	return buf;
}

static int pixels(const char *path)
{
	gchar *data;
	gsize len;
	uint32_t w = 0, h = 0;
	uint8_t *px = NULL;
	gchar *sum;

	if (!g_file_get_contents(path, &data, &len, NULL))
		return 1;
	if (len >= 8 && !memcmp(data, "\x89PNG", 4))
		px = png_pixels((uint8_t *)data, len, &w, &h);
	else if (len >= 2 && data[0] == 'B' && data[1] == 'M')
		px = bmp_pixels((uint8_t *)data, len, &w, &h);
	g_free(data);
	if (!px) {
		fprintf(stderr,
			"clip-testtool: %s: not a PNG or BMP it reads\n", path);
		return 1;
	}
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, px,
					  (gsize)w * h * 4);
	printf("%ux%u %s\n", w, h, sum);
	g_free(sum);
	g_free(px);
	return 0;
}

/* ---- X clients that stall ---------------------------------------------- */

static Display *x_open(const char *sel_name, Atom *sel, Window *win)
{
	Display *dpy = XOpenDisplay(NULL);

	if (!dpy) {
		fprintf(stderr, "clip-testtool: cannot open the display\n");
		return NULL;
	}
	*sel = XInternAtom(
		dpy, strcmp(sel_name, "primary") ? "CLIPBOARD" : "PRIMARY",
		False);
	*win = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 1, 1, 0,
				   0, 0);
	XSelectInput(dpy, *win, PropertyChangeMask);
	return dpy;
}

static int stall_read(const char *sel_name, const char *target_name)
{
	Atom sel, target, prop, incr, type;
	unsigned long n, after;
	unsigned char *data = NULL;
	Display *dpy;
	Window win;
	XEvent ev;
	int format;

	dpy = x_open(sel_name, &sel, &win);
	if (!dpy)
		return 1;
	target = XInternAtom(dpy, target_name, False);
	prop = XInternAtom(dpy, "CLIP_TESTTOOL", False);
	incr = XInternAtom(dpy, "INCR", False);
	XConvertSelection(dpy, sel, target, prop, win, CurrentTime);
	do
		XNextEvent(dpy, &ev);
	while (ev.type != SelectionNotify);
	if (ev.xselection.property == None) {
		printf("refused\n");
		return 1;
	}
	if (XGetWindowProperty(dpy, win, prop, 0, 0, False, AnyPropertyType,
			       &type, &format, &n, &after, &data) != Success)
		return 1;
	if (data)
		XFree(data);
	if (type != incr) {
		printf("small %lu\n", after);
		return 1;
	}
	/* Deleting the INCR property starts the transfer; the chunks that
	 * follow are never deleted, so the owner waits for nothing. */
	XDeleteProperty(dpy, win, prop);
	XFlush(dpy);
	printf("incr\n");
	fflush(stdout);
	for (;;)
		XNextEvent(dpy, &ev);
}

static int stall_own(const char *sel_name)
{
	Display *dpy;
	Window win;
	Atom sel;
	XEvent ev;

	dpy = x_open(sel_name, &sel, &win);
	if (!dpy)
		return 1;
	XSetSelectionOwner(dpy, sel, win, CurrentTime);
	if (XGetSelectionOwner(dpy, sel) != win) {
		fprintf(stderr, "clip-testtool: could not own %s\n", sel_name);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		XNextEvent(dpy, &ev);
		if (ev.type == SelectionRequest) {
			char *name =
				XGetAtomName(dpy, ev.xselectionrequest.target);

			printf("request %s\n", name ? name : "?");
			fflush(stdout);
			if (name)
				XFree(name);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "bmp"))
		return make_bmp(argv[2], (uint32_t)atoi(argv[3]),
				(uint32_t)atoi(argv[4]),
				(uint32_t)atoi(argv[5]) == 32 ? 32 : 24);
	if (argc == 5 && !strcmp(argv[1], "png"))
		return make_png(argv[2], (uint32_t)atoi(argv[3]),
				(uint32_t)atoi(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "pixels"))
		return pixels(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "stall-read"))
		return stall_read(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "stall-own"))
		return stall_own(argv[2]);
	fprintf(stderr,
		"usage: clip-testtool bmp OUT W H BPP | png OUT W H | pixels FILE | stall-read SEL TARGET | stall-own SEL\n");
	return 2;
}
