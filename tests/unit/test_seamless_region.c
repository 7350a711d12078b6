// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests (Check) of vbox-seamless's pure part: windows and shapes ->
 * visible region.  Every result is checked against a rasterizer written
 * independently of the region code (a pixel is visible when the topmost
 * window that has it is not a desktop window): the rectangles must lie on
 * the screen, cover each visible pixel exactly once and nothing else, and
 * no two of them may share a full edge (they could have been one).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>

#include "services/vbox-seamless/seamless_region.h"

/* ---- the reference rasterizer ---------------------------------------------
 */

static bool in_rects(const struct seamless_rect *r, size_t n, int64_t x,
		     int64_t y)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (x >= r[i].x1 && x < r[i].x2 && y >= r[i].y1 && y < r[i].y2)
			return true;
	}
	return false;
}

static bool in_box(int64_t x, int64_t y, int64_t x0, int64_t y0, uint32_t w,
		   uint32_t h, uint32_t b)
{
	return x >= x0 && y >= y0 && x < x0 + w + 2 * (int64_t)b &&
	       y < y0 + h + 2 * (int64_t)b;
}

/* Whether window @w draws pixel (x, y) of the root window. */
static bool window_has(const struct seamless_window *w, int64_t x, int64_t y)
{
	int64_t ox = (int64_t)w->x + w->border, oy = (int64_t)w->y + w->border;
	const struct seamless_child *c = w->child;

	if (!w->mapped || w->input_only)
		return false;
	if (!in_box(x, y, w->x, w->y, w->width, w->height, w->border))
		return false;
	if (w->shape.set &&
	    !in_rects(w->shape.rects, w->shape.count, x - ox, y - oy))
		return false;
	if (c && c->shape.set) {
		int64_t cx = ox + c->x, cy = oy + c->y;

		if (in_box(x, y, cx - c->border, cy - c->border, c->width,
			   c->height, c->border) &&
		    !in_rects(c->shape.rects, c->shape.count, x - cx, y - cy))
			return false;
	}
	return true;
}

static bool visible(const struct seamless_window *w, size_t n, int64_t x,
		    int64_t y)
{
	size_t i;

	for (i = n; i-- > 0;) {
		if (!window_has(&w[i], x, y))
			continue;
		return w[i].type != SEAMLESS_WINDOW_DESKTOP ||
		       w[i].override_redirect;
	}
	return false;
}

/* Two rectangles that share a full edge could have been one. */
static bool mergeable(const struct seamless_rect *a,
		      const struct seamless_rect *b)
{
	if (a->x1 == b->x1 && a->x2 == b->x2)
		return a->y2 == b->y1 || b->y2 == a->y1;
	if (a->y1 == b->y1 && a->y2 == b->y2)
		return a->x2 == b->x1 || b->x2 == a->x1;
	return false;
}

/* The reference bitmap of a screen: 1 where a pixel is visible. */
static guint8 *rasterize(const struct seamless_window *w, size_t n, uint32_t sw,
			 uint32_t sh)
{
	guint8 *want = g_malloc0((size_t)sw * sh);
	uint32_t x, y;

	for (y = 0; y < sh; y++) {
		for (x = 0; x < sw; x++)
			want[(size_t)y * sw + x] = visible(w, n, x, y);
	}
	return want;
}

/*
 * Check a result against a reference bitmap.  @superset: the result was
 * capped, so it must cover every visible pixel and may cover more.  (Each
 * check of Check costs a write, so pixels are counted and checked once.)
 */
static void check_bitmap(const guint8 *want, uint32_t sw, uint32_t sh,
			 const struct seamless_region *r, bool superset)
{
	guint8 *paint = g_malloc0((size_t)sw * sh);
	size_t i, j, overlaps = 0, wrong = 0, first = 0;
	uint32_t x, y;

	for (i = 0; i < r->count; i++) {
		const struct seamless_rect *q = &r->rects[i];

		if (q->x1 < 0 || q->y1 < 0 || q->x2 > (int32_t)sw ||
		    q->y2 > (int32_t)sh || q->x1 >= q->x2 || q->y1 >= q->y2)
			ck_abort_msg(
				"rect %zu (%d,%d)-(%d,%d) empty or off screen",
				i, q->x1, q->y1, q->x2, q->y2);
		for (y = (uint32_t)q->y1; y < (uint32_t)q->y2; y++) {
			for (x = (uint32_t)q->x1; x < (uint32_t)q->x2; x++)
				overlaps += paint[(size_t)y * sw + x]++ != 0;
		}
	}
	ck_assert_msg(!overlaps, "%zu pixels covered twice", overlaps);
	for (i = 0; i < (size_t)sw * sh; i++) {
		bool bad = superset ? want[i] && !paint[i] :
				      want[i] != paint[i];

		if (bad && !wrong++)
			first = i;
	}
	ck_assert_msg(!wrong, "%zu pixels wrong, the first at %zu,%zu (%s)",
		      wrong, first % sw, first / sw,
		      paint[first] ? "covered, should not be" : "not covered");
	g_free(paint);
	if (superset)
		return;
	/* Quadratic, so only for the small cases. */
	for (i = 0; i < r->count && r->count <= 4096; i++) {
		for (j = i + 1; j < r->count; j++) {
			if (mergeable(&r->rects[i], &r->rects[j]))
				ck_abort_msg("rects %zu and %zu could be one",
					     i, j);
		}
	}
}

static void check_region(const struct seamless_window *w, size_t n, uint32_t sw,
			 uint32_t sh, const struct seamless_region *r,
			 bool superset)
{
	guint8 *want = rasterize(w, n, sw, sh);

	check_bitmap(want, sw, sh, r, superset);
	g_free(want);
}

/* ---- the table ------------------------------------------------------------
 */

#define SW	   64
#define SH	   48
#define RECTS(...) ((const struct seamless_rect[]){ __VA_ARGS__ })
#define SHAPE(...)                                        \
	{                                                 \
		.set = true, .rects = RECTS(__VA_ARGS__), \
		.count = sizeof(RECTS(__VA_ARGS__)) /     \
			 sizeof(struct seamless_rect)     \
	}
#define EMPTY_SHAPE                                    \
	{                                              \
		.set = true, .rects = NULL, .count = 0 \
	}
#define WIN(X, Y, W, H, ...)                                             \
	{                                                                \
		.x = X, .y = Y, .width = W, .height = H, .mapped = true, \
		__VA_ARGS__                                              \
	}
#define WINDOWS(...) ((const struct seamless_window[]){ __VA_ARGS__ })
#define NWIN(...) \
	(sizeof(WINDOWS(__VA_ARGS__)) / sizeof(struct seamless_window))
#define CASE(NAME, COUNT, ...)                                       \
	{                                                            \
		NAME, WINDOWS(__VA_ARGS__), NWIN(__VA_ARGS__), COUNT \
	}

static const struct seamless_child child_half = {
	.x = 5,
	.y = 10,
	.width = 20,
	.height = 15,
	.shape = SHAPE({ 0, 0, 10, 15 }),
};
static const struct seamless_child child_empty = {
	.x = 0,
	.y = 0,
	.width = 10,
	.height = 10,
	.shape = EMPTY_SHAPE,
};
static const struct seamless_child child_unshaped = {
	.x = 2,
	.y = 2,
	.width = 10,
	.height = 10,
};
static const struct seamless_child child_outside = {
	.x = 20,
	.y = 0,
	.width = 20,
	.height = 10,
	.border = 1,
	.shape = SHAPE({ 0, 0, 5, 5 }),
};
/* A frame whose window manager propagated the client's shape. */
static const struct seamless_child child_round = {
	.x = 1,
	.y = 5,
	.width = 8,
	.height = 8,
	.shape = SHAPE({ 2, 0, 6, 2 }, { 0, 2, 8, 6 }, { 2, 6, 6, 8 }),
};

struct region_case {
	const char *name;
	const struct seamless_window *windows;
	size_t count;
	size_t want_rects; /* the exact count the canonical form gives */
};

static const struct region_case cases[] = {
	{ "no windows", NULL, 0, 0 },
	CASE("one window", 1, WIN(10, 10, 20, 10)),
	CASE("a border counts", 1, WIN(5, 5, 10, 10, .border = 2)),
	CASE("two overlapping windows: three bands", 3, WIN(0, 0, 20, 20),
	     WIN(10, 10, 20, 20)),
	CASE("a window inside another", 1, WIN(0, 0, 30, 30),
	     WIN(5, 5, 10, 10)),
	CASE("side by side: merged into one", 1, WIN(0, 0, 10, 10),
	     WIN(10, 0, 10, 10)),
	CASE("one above the other: merged into one", 1, WIN(0, 0, 10, 10),
	     WIN(0, 10, 10, 10)),
	CASE("a 2x2 grid of touching windows: one", 1, WIN(0, 0, 10, 10),
	     WIN(10, 0, 10, 10), WIN(0, 10, 10, 10), WIN(10, 10, 10, 10)),
	CASE("different heights side by side: joined vertically", 2,
	     WIN(0, 0, 10, 20), WIN(20, 0, 10, 10)),
	CASE("a gap of one pixel stays", 2, WIN(0, 0, 10, 10),
	     WIN(11, 0, 10, 10)),
	CASE("partly off screen, top left", 1, WIN(-5, -5, 20, 20)),
	CASE("partly off screen, bottom right", 1, WIN(60, 40, 10, 10)),
	CASE("entirely off screen", 0, WIN(-30, -30, 20, 20),
	     WIN(SW, 0, 10, 10), WIN(0, SH, 10, 10)),
	CASE("larger than the screen", 1, WIN(-100, -100, 1000, 1000)),
	CASE("unmapped windows do not count", 1, WIN(0, 0, 10, 10),
	     { .x = 20, .y = 20, .width = 10, .height = 10, .mapped = false }),
	CASE("InputOnly windows do not count", 1, WIN(0, 0, 10, 10),
	     WIN(20, 20, 10, 10, .input_only = true)),
	CASE("override-redirect windows count", 2, WIN(0, 0, 10, 10),
	     WIN(20, 20, 5, 5, .override_redirect = true)),
	CASE("a desktop window at the bottom is left out", 1,
	     WIN(0, 0, SW, SH, .type = SEAMLESS_WINDOW_DESKTOP),
	     WIN(10, 10, 10, 10)),
	CASE("a desktop window hides the windows below it", 1,
	     WIN(10, 10, 10, 10),
	     WIN(0, 0, SW, SH, .type = SEAMLESS_WINDOW_DESKTOP),
	     WIN(30, 30, 5, 5)),
	CASE("a partial desktop window cuts what is below it", 2,
	     WIN(0, 0, 20, 20),
	     WIN(10, 0, 30, 10, .type = SEAMLESS_WINDOW_DESKTOP)),
	CASE("an override-redirect window's desktop type is ignored", 1,
	     WIN(0, 0, 10, 10, .override_redirect = true,
		 .type = SEAMLESS_WINDOW_DESKTOP)),
	CASE("an L-shaped window", 2,
	     WIN(0, 0, 20, 20,
		 .shape = SHAPE({ 0, 0, 20, 5 }, { 0, 5, 5, 20 }))),
	CASE("a shape's order and overlaps do not matter", 2,
	     WIN(0, 0, 20, 20,
		 .shape = SHAPE({ 0, 5, 5, 20 }, { 0, 0, 20, 5 },
				{ 1, 1, 4, 9 }, { 0, 0, 3, 3 }))),
	CASE("an empty shape shows nothing", 1, WIN(0, 0, 10, 10),
	     WIN(20, 20, 10, 10, .shape = EMPTY_SHAPE)),
	CASE("a shape is clipped to the window and its border", 1,
	     WIN(10, 10, 10, 10, .border = 1,
		 .shape = SHAPE({ -5, -5, 30, 30 }))),
	CASE("a shape may cover the border alone", 4,
	     WIN(10, 10, 10, 10, .border = 2,
		 .shape = SHAPE({ -2, -2, 12, 0 }, { -2, 0, 0, 10 },
				{ 10, 0, 12, 10 }, { -2, 10, 12, 12 }))),
	CASE("a round window", 3,
	     WIN(3, 4, 8, 8,
		 .shape = SHAPE({ 2, 0, 6, 2 }, { 0, 2, 8, 6 },
				{ 2, 6, 6, 8 }))),
	CASE("a shaped window partly off screen", 2,
	     WIN(-3, -2, 8, 8,
		 .shape = SHAPE({ 2, 0, 6, 2 }, { 0, 2, 8, 6 },
				{ 2, 6, 6, 8 }))),
	CASE("nested: the client's shape cuts an unshaped frame", 4,
	     WIN(0, 0, 30, 30, .child = &child_half)),
	CASE("nested: a propagated shape gives the same region", 4,
	     WIN(0, 0, 10, 14,
		 .shape = SHAPE({ 0, 0, 10, 5 }, { 3, 5, 7, 7 },
				{ 1, 7, 9, 11 }, { 3, 11, 7, 13 }),
		 .child = &child_round)),
	CASE("nested: the frame's shape still limits the client", 3,
	     WIN(0, 0, 30, 30, .shape = SHAPE({ 0, 0, 30, 12 }),
		 .child = &child_half)),
	CASE("nested: an empty client shape hides the client's area", 0,
	     WIN(0, 0, 10, 10, .child = &child_empty)),
	CASE("nested: an unshaped client changes nothing", 1,
	     WIN(0, 0, 20, 20, .child = &child_unshaped)),
	CASE("nested: a client beyond its frame is clipped by it", 3,
	     WIN(0, 0, 30, 20, .child = &child_outside)),
	CASE("nested, with borders on the frame", 4,
	     WIN(2, 2, 30, 30, .border = 3, .child = &child_half)),
};

START_TEST(test_region_table)
{
	const struct region_case *c = &cases[_i];
	struct seamless_region r;

	ck_assert_int_eq(seamless_region_build(c->windows, c->count, SW, SH,
					       1000, &r),
			 0);
	check_region(c->windows, c->count, SW, SH, &r, false);
	ck_assert_msg(r.count == c->want_rects, "%s: %zu rects, wanted %zu",
		      c->name, r.count, c->want_rects);
	ck_assert(!r.capped);
	seamless_region_clear(&r);
	ck_assert_ptr_null(r.rects);
	ck_assert_uint_eq(r.count, 0);
}
END_TEST

/* The exact rectangles of two overlapping windows, in canonical order. */
START_TEST(test_canonical_order)
{
	const struct seamless_window w[] = { WIN(0, 0, 20, 20),
					     WIN(10, 10, 20, 20) };
	const struct seamless_rect want[] = { { 0, 0, 20, 10 },
					      { 0, 10, 30, 20 },
					      { 10, 20, 30, 30 } };
	struct seamless_region r, again;
	size_t i;

	ck_assert_int_eq(seamless_region_build(w, 2, SW, SH, 10, &r), 0);
	ck_assert_uint_eq(r.count, 3);
	for (i = 0; i < 3; i++)
		ck_assert_mem_eq(&r.rects[i], &want[i], sizeof(want[i]));
	ck_assert_int_eq(seamless_region_build(w, 2, SW, SH, 10, &again), 0);
	ck_assert(seamless_region_equal(&r, &again));
	again.rects[2].x2--;
	ck_assert(!seamless_region_equal(&r, &again));
	seamless_region_clear(&r);
	seamless_region_clear(&again);
}
END_TEST

/* Random windows, shapes and clients on a small screen. */
static void random_shape(GRand *rnd, struct seamless_shape *sh,
			 struct seamless_rect *buf, size_t room)
{
	size_t i;

	sh->set = g_rand_int_range(rnd, 0, 3) == 0;
	sh->count = sh->set ? (size_t)g_rand_int_range(rnd, 0, (gint32)room) :
			      0;
	sh->rects = buf;
	for (i = 0; i < sh->count; i++) {
		buf[i].x1 = g_rand_int_range(rnd, -4, 20);
		buf[i].y1 = g_rand_int_range(rnd, -4, 20);
		buf[i].x2 = buf[i].x1 + g_rand_int_range(rnd, 0, 12);
		buf[i].y2 = buf[i].y1 + g_rand_int_range(rnd, 0, 12);
	}
}

START_TEST(test_random_against_raster)
{
	enum { WINDOWS = 12, SHAPE_ROOM = 6 };
	struct seamless_rect rects[WINDOWS][2][SHAPE_ROOM];
	struct seamless_child children[WINDOWS];
	struct seamless_window w[WINDOWS];
	GRand *rnd = g_rand_new_with_seed(20240611 + (guint32)_i);
	int round;

	for (round = 0; round < 50; round++) {
		size_t n = (size_t)g_rand_int_range(rnd, 0, WINDOWS + 1), i;
		struct seamless_region r;

		memset(w, 0, sizeof(w));
		for (i = 0; i < n; i++) {
			w[i].x = g_rand_int_range(rnd, -10, SW);
			w[i].y = g_rand_int_range(rnd, -10, SH);
			w[i].width = (uint32_t)g_rand_int_range(rnd, 1, 30);
			w[i].height = (uint32_t)g_rand_int_range(rnd, 1, 30);
			w[i].border = (uint32_t)g_rand_int_range(rnd, 0, 3);
			w[i].mapped = g_rand_int_range(rnd, 0, 8) != 0;
			w[i].input_only = g_rand_int_range(rnd, 0, 16) == 0;
			w[i].override_redirect = g_rand_int_range(rnd, 0, 4) ==
						 0;
			w[i].type = g_rand_int_range(rnd, 0, 8) == 0 ?
					    SEAMLESS_WINDOW_DESKTOP :
					    SEAMLESS_WINDOW_NORMAL;
			random_shape(rnd, &w[i].shape, rects[i][0], SHAPE_ROOM);
			if (g_rand_int_range(rnd, 0, 3) == 0) {
				struct seamless_child *c = &children[i];

				c->x = g_rand_int_range(rnd, -3, 15);
				c->y = g_rand_int_range(rnd, -3, 15);
				c->width =
					(uint32_t)g_rand_int_range(rnd, 1, 20);
				c->height =
					(uint32_t)g_rand_int_range(rnd, 1, 20);
				c->border =
					(uint32_t)g_rand_int_range(rnd, 0, 2);
				random_shape(rnd, &c->shape, rects[i][1],
					     SHAPE_ROOM);
				w[i].child = c;
			}
		}
		ck_assert_int_eq(
			seamless_region_build(w, n, SW, SH, 100000, &r), 0);
		check_region(w, n, SW, SH, &r, false);
		seamless_region_clear(&r);
	}
	g_rand_free(rnd);
}
END_TEST

/* Small windows on every other pixel: more rectangles than the cap. */
START_TEST(test_cap_small)
{
	struct seamless_window *w =
		g_new0(struct seamless_window, (SW / 2) * (SH / 2));
	struct seamless_region r;
	size_t n = 0, caps[] = { 100, 10, 1 };
	int x, y;
	size_t i;

	for (y = 0; y < SH; y += 2) {
		for (x = 0; x < SW; x += 2)
			w[n++] = (struct seamless_window)WIN(x, y, 1, 1);
	}
	ck_assert_int_eq(seamless_region_build(w, n, SW, SH, n, &r), 0);
	ck_assert_uint_eq(r.count, n);
	ck_assert(!r.capped);
	check_region(w, n, SW, SH, &r, false);
	seamless_region_clear(&r);
	for (i = 0; i < G_N_ELEMENTS(caps); i++) {
		ck_assert_int_eq(
			seamless_region_build(w, n, SW, SH, caps[i], &r), 0);
		ck_assert_msg(r.count <= caps[i] && r.capped,
			      "cap %zu: %zu rects", caps[i], r.count);
		check_region(w, n, SW, SH, &r, true);
		seamless_region_clear(&r);
	}
	g_free(w);
}
END_TEST

/*
 * A huge number of small windows on a real screen: the canonical form
 * has more rectangles than one VideoSetVisibleRegion request can carry
 * (65534), so the result is capped; it still covers every window.
 */
START_TEST(test_cap_huge)
{
	enum { W = 1280, H = 1024, CAP = 65534 };
	size_t n = (W / 2) * (H / 4);
	struct seamless_window *w = g_new0(struct seamless_window, n);
	guint8 *want = g_malloc0((size_t)W * H);
	struct seamless_region r;
	gint64 start;
	size_t i = 0;
	int x, y;

	for (y = 0; y < H; y += 4) {
		for (x = 0; x < W; x += 2) {
			w[i++] = (struct seamless_window)WIN(x, y, 1, 2);
			want[(size_t)y * W + x] = 1;
			want[(size_t)(y + 1) * W + x] = 1;
		}
	}
	start = g_get_monotonic_time();
	ck_assert_int_eq(seamless_region_build(w, n, W, H, CAP, &r), 0);
	ck_assert_msg(r.count <= CAP && r.capped, "%zu rects", r.count);
	fprintf(stderr,
		"%zu windows -> %zu rects (capped) in %" G_GINT64_FORMAT
		" ms\n",
		n, r.count, (g_get_monotonic_time() - start) / 1000);
	check_bitmap(want, W, H, &r, true);
	seamless_region_clear(&r);
	ck_assert_int_eq(seamless_region_build(w, n, W, H, n, &r), 0);
	ck_assert_uint_eq(r.count, n);
	ck_assert(!r.capped);
	check_bitmap(want, W, H, &r, false);
	seamless_region_clear(&r);
	g_free(want);
	g_free(w);
}
END_TEST

START_TEST(test_bad_input)
{
	const struct seamless_rect bad[] = { { 5, 0, 4, 10 } };
	struct seamless_window w = WIN(0, 0, 10, 10);
	struct seamless_child c = child_half;
	struct seamless_region r;

	ck_assert_int_eq(seamless_region_build(NULL, 1, SW, SH, 10, &r),
			 -EINVAL);
	ck_assert_int_eq(seamless_region_build(&w, 1, SW, SH, 0, &r), -EINVAL);
	ck_assert_int_eq(seamless_region_build(&w, 1, 1u << 31, SH, 10, &r),
			 -EINVAL);
	ck_assert_int_eq(seamless_region_build(&w, 1, SW, SH, 10, NULL),
			 -EINVAL);
	w.shape = (struct seamless_shape){ true, bad, 1 };
	ck_assert_int_eq(seamless_region_build(&w, 1, SW, SH, 10, &r), -EINVAL);
	ck_assert_ptr_null(r.rects);
	w.shape = (struct seamless_shape){ true, NULL, 3 };
	ck_assert_int_eq(seamless_region_build(&w, 1, SW, SH, 10, &r), -EINVAL);
	w.shape = (struct seamless_shape){ true, bad,
					   SEAMLESS_REGION_MAX_INPUT_RECTS };
	ck_assert_int_eq(seamless_region_build(&w, 1, SW, SH, 10, &r), -E2BIG);
	w.shape = (struct seamless_shape){ false, NULL, 0 };
	c.shape = (struct seamless_shape){ true, bad, 1 };
	w.child = &c;
	ck_assert_int_eq(seamless_region_build(&w, 1, SW, SH, 10, &r), -EINVAL);
	/* Coordinates at the ends of the range do not overflow. */
	w = (struct seamless_window)WIN(INT32_MAX, INT32_MAX, UINT32_MAX,
					UINT32_MAX, .border = UINT32_MAX);
	ck_assert_int_eq(
		seamless_region_build(&w, 1, INT32_MAX, INT32_MAX, 10, &r), 0);
	ck_assert_uint_eq(r.count, 0);
	w = (struct seamless_window)WIN(INT32_MIN, INT32_MIN, UINT32_MAX,
					UINT32_MAX, .border = UINT32_MAX);
	ck_assert_int_eq(
		seamless_region_build(&w, 1, INT32_MAX, INT32_MAX, 10, &r), 0);
	ck_assert_uint_eq(r.count, 1);
	ck_assert_int_eq(r.rects[0].x1, 0);
	ck_assert_int_eq(r.rects[0].x2, INT32_MAX);
	seamless_region_clear(&r);
	seamless_region_clear(NULL);
}
END_TEST

static Suite *region_suite(void)
{
	Suite *s = suite_create("seamless-region");
	TCase *tc = tcase_create("region");

	tcase_add_loop_test(tc, test_region_table, 0, G_N_ELEMENTS(cases));
	tcase_add_test(tc, test_canonical_order);
	tcase_add_loop_test(tc, test_random_against_raster, 0, 20);
	tcase_add_test(tc, test_cap_small);
	tcase_add_test(tc, test_cap_huge);
	tcase_add_test(tc, test_bad_input);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(region_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
