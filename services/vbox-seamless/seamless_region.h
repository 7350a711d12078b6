/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Windows and shapes -> the visible region of seamless mode, on plain data
 * (no X11 here, so the unit tests and fuzzers reach it without a server).
 *
 * The input is what the X side knows about the top-level windows (the
 * children of the root window: the frames a reparenting window manager
 * creates, override-redirect menus and tooltips, unmanaged windows), in
 * stacking order, bottom first.  The output is the set of screen pixels
 * the host must show: a list of non-overlapping rectangles, clipped to the
 * screen, whose union is exactly the union of the visible parts of those
 * windows.
 *
 * Which pixels a window contributes:
 *  - none when it is unmapped or InputOnly (it has no pixels);
 *  - its bounding shape (in X, the default bounding shape is the window
 *    with its border), clipped to the window and its border;
 *  - inside a frame, the client's own bounding shape as well: a window
 *    manager that propagates the client's shape to the frame (openbox,
 *    metacity, kwin do) has already cut the frame to it; one that does not
 *    leaves the frame's background around a shaped client, and that filler
 *    is not part of any window the user sees as one, so the parts of the
 *    client's rectangle outside the client's shape are taken away from the
 *    frame.  With a propagating window manager both give the same pixels;
 *  - a desktop window (_NET_WM_WINDOW_TYPE_DESKTOP of a managed window:
 *    the file manager's desktop, a virtual root) contributes none and
 *    hides every window below it: those are the host's business in
 *    seamless mode, and what the desktop covers is not seen in the guest
 *    either.  This is the only place where the stacking order matters;
 *  - override-redirect windows count like any other, whatever type they
 *    claim (the window manager never interprets the type of a window it
 *    does not manage).
 *
 * The rectangles come out in a canonical form: the region is cut into
 * horizontal bands at every y where its outline changes, each band into
 * maximal x spans, vertically adjacent bands with equal spans are joined,
 * and then rectangles of equal x extent that touch vertically are joined.
 * No two output rectangles share a full edge, so no pair could be merged
 * into one.  When the region needs more rectangles than the caller allows,
 * neighbouring bands (and, if needed, neighbouring spans) are joined until
 * it fits: the result then covers a little more than the region (the host
 * shows a little more of the guest), never less.
 */
#ifndef SEAMLESS_REGION_H
#define SEAMLESS_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Input rectangles (shapes, windows) accepted in one computation. */
#define SEAMLESS_REGION_MAX_INPUT_RECTS (4u * 1024 * 1024)

/* A rectangle; x2 and y2 are exclusive (x1 == x2 is empty). */
struct seamless_rect {
	int32_t x1;
	int32_t y1;
	int32_t x2;
	int32_t y2;
};

enum seamless_window_type {
	SEAMLESS_WINDOW_NORMAL,
	SEAMLESS_WINDOW_DESKTOP,
};

/*
 * A bounding shape, in the coordinates of its window (origin inside the
 * border, so the border lies at negative coordinates and beyond the size).
 */
struct seamless_shape {
	bool set; /* false: not shaped (the window and its border) */
	const struct seamless_rect *rects;
	size_t count; /* 0 with set: an empty shape, nothing visible */
};

/* The client window inside a frame, when it is mapped. */
struct seamless_child {
	int32_t x; /* its origin (inside its border), in the frame's */
	int32_t y; /* coordinates */
	uint32_t width;
	uint32_t height;
	uint32_t border;
	struct seamless_shape shape;
};

/* One top-level window. */
struct seamless_window {
	int32_t x; /* outer corner (border included), root coordinates */
	int32_t y;
	uint32_t width; /* inside the border */
	uint32_t height;
	uint32_t border;
	bool mapped;
	bool input_only;
	bool override_redirect;
	enum seamless_window_type type;
	struct seamless_shape shape;
	const struct seamless_child *child; /* NULL: no separate client */
};

struct seamless_region {
	struct seamless_rect *rects; /* g_free() or seamless_region_clear() */
	size_t count;
	bool capped; /* covers more than the region, to fit the cap */
};

/**
 * seamless_region_build - the visible region of a set of windows.
 * @windows: @count windows, bottom of the stack first (may be NULL if
 *	@count is 0)
 * @count: the number of windows
 * @screen_width: the root window's size; every rectangle is clipped to it
 * @screen_height: (both at most INT32_MAX)
 * @max_rects: the most rectangles the result may have (at least 1)
 * @out: receives the region (cleared first; left empty on failure)
 *
 * Return: 0; -EINVAL for a NULL array with a count, a rectangle whose
 * x2/y2 lie before its x1/y1, a screen larger than INT32_MAX or a zero
 * @max_rects; -E2BIG when the windows and shapes hold more than
 * SEAMLESS_REGION_MAX_INPUT_RECTS rectangles.
 */
int seamless_region_build(const struct seamless_window *windows, size_t count,
			  uint32_t screen_width, uint32_t screen_height,
			  size_t max_rects, struct seamless_region *out);

/**
 * seamless_region_equal - whether two results hold the same rectangles
 * in the same order (the canonical form makes that the same region).
 * @a: a region
 * @b: another
 *
 * Return: true if equal.
 */
bool seamless_region_equal(const struct seamless_region *a,
			   const struct seamless_region *b);

/**
 * seamless_region_clear - free the rectangles and empty the region.
 * @r: the region (NULL is ignored)
 */
void seamless_region_clear(struct seamless_region *r);

#endif /* SEAMLESS_REGION_H */
