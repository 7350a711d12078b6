// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Windows and shapes -> the visible region (see seamless_region.h).
 *
 * Regions are kept in the banded form X servers and pixman use: rectangles
 * sorted by y, then x; every rectangle of a band has the band's y1 and y2;
 * the spans of a band neither overlap nor touch; consecutive bands do not
 * overlap, and adjacent ones with equal spans are joined.  That form is
 * unique for a set of pixels, and union, intersection and difference of
 * two banded regions take one pass over both (band_op()).  A list of
 * arbitrary rectangles becomes a region by joining halves recursively
 * (union_all()), O(n log n) for n rectangles of a well-behaved input.
 */
#include "config.h"

#include "services/vbox-seamless/seamless_region.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

/* A banded region (or, in scratch use, a plain list of spans). */
struct rgn {
	struct seamless_rect *r;
	size_t n;
	size_t cap;
};

enum rgn_op {
	OP_UNION,
	OP_INTERSECT,
	OP_SUBTRACT,
};

static void rgn_free(struct rgn *g)
{
	g_free(g->r);
	memset(g, 0, sizeof(*g));
}

static void rgn_push(struct rgn *g, int32_t x1, int32_t y1, int32_t x2,
		     int32_t y2)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->r = g_renew(struct seamless_rect, g->r, g->cap);
	}
	g->r[g->n++] = (struct seamless_rect){ x1, y1, x2, y2 };
}

/* ---- bands --------------------------------------------------------------- */

/* The band of a region that a walk is at: rectangles [i, end). */
struct band {
	const struct rgn *g;
	size_t i;
	size_t end;
};

static void band_find_end(struct band *b)
{
	size_t j = b->i;

	if (j < b->g->n) {
		for (j++; j < b->g->n && b->g->r[j].y1 == b->g->r[b->i].y1; j++)
			;
	}
	b->end = j;
}

static void band_start(struct band *b, const struct rgn *g)
{
	b->g = g;
	b->i = 0;
	band_find_end(b);
}

static bool band_valid(const struct band *b)
{
	return b->i < b->g->n;
}

static int32_t band_y1(const struct band *b)
{
	return b->g->r[b->i].y1;
}

static int32_t band_y2(const struct band *b)
{
	return b->g->r[b->i].y2;
}

static void band_next(struct band *b)
{
	b->i = b->end;
	band_find_end(b);
}

/* ---- spans --------------------------------------------------------------- */

/* A span list: the x extents of rectangles [0, n) of an array. */
struct spans {
	const struct seamless_rect *r;
	size_t n;
};

static void span_push(struct rgn *out, int32_t x1, int32_t x2)
{
	/* Touching or overlapping the last span: extend it. */
	if (out->n && out->r[out->n - 1].x2 >= x1) {
		if (out->r[out->n - 1].x2 < x2)
			out->r[out->n - 1].x2 = x2;
		return;
	}
	rgn_push(out, x1, 0, x2, 0);
}

static void spans_union(struct rgn *out, struct spans a, struct spans b)
{
	size_t i = 0, j = 0;

	while (i < a.n || j < b.n) {
		const struct seamless_rect *s;

		if (j == b.n || (i < a.n && a.r[i].x1 <= b.r[j].x1))
			s = &a.r[i++];
		else
			s = &b.r[j++];
		span_push(out, s->x1, s->x2);
	}
}

static void spans_intersect(struct rgn *out, struct spans a, struct spans b)
{
	size_t i = 0, j = 0;

	while (i < a.n && j < b.n) {
		int32_t lo = MAX(a.r[i].x1, b.r[j].x1);
		int32_t hi = MIN(a.r[i].x2, b.r[j].x2);

		if (lo < hi)
			rgn_push(out, lo, 0, hi, 0);
		if (a.r[i].x2 < b.r[j].x2)
			i++;
		else
			j++;
	}
}

static void spans_subtract(struct rgn *out, struct spans a, struct spans b)
{
	size_t i, j = 0;

	for (i = 0; i < a.n; i++) {
		int32_t x = a.r[i].x1;

		while (j < b.n && b.r[j].x2 <= x)
			j++;
		while (j < b.n && b.r[j].x1 < a.r[i].x2) {
			if (b.r[j].x1 > x)
				rgn_push(out, x, 0, b.r[j].x1, 0);
			x = MAX(x, b.r[j].x2);
			if (b.r[j].x2 > a.r[i].x2)
				break;
			j++;
		}
		if (x < a.r[i].x2)
			rgn_push(out, x, 0, a.r[i].x2, 0);
	}
}

static struct spans band_spans(const struct band *b, bool covers)
{
	struct spans s = { NULL, 0 };

	if (covers) {
		s.r = &b->g->r[b->i];
		s.n = b->end - b->i;
	}
	return s;
}

/* ---- building regions ---------------------------------------------------- */

/* Where the last band of a region under construction starts. */
struct builder {
	struct rgn *out;
	size_t last; /* index of its first rectangle; out->n: none */
};

static bool same_spans(const struct seamless_rect *a,
		       const struct seamless_rect *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i].x1 != b[i].x1 || a[i].x2 != b[i].x2)
			return false;
	}
	return true;
}

/*
 * Append band [y1, y2) with the spans of @s, joining it to the last band
 * when that one ends at y1 with the same spans.
 */
static void builder_band(struct builder *bd, const struct rgn *s, int32_t y1,
			 int32_t y2)
{
	struct rgn *out = bd->out;
	size_t i, last_n = out->n - bd->last;

	if (!s->n)
		return;
	if (last_n == s->n && out->r[bd->last].y2 == y1 &&
	    same_spans(&out->r[bd->last], s->r, s->n)) {
		for (i = bd->last; i < out->n; i++)
			out->r[i].y2 = y2;
		return;
	}
	bd->last = out->n;
	for (i = 0; i < s->n; i++)
		rgn_push(out, s->r[i].x1, y1, s->r[i].x2, y2);
}

static void spans_op(struct rgn *out, struct spans a, struct spans b,
		     enum rgn_op op)
{
	out->n = 0;
	if (op == OP_UNION)
		spans_union(out, a, b);
	else if (op == OP_INTERSECT)
		spans_intersect(out, a, b);
	else
		spans_subtract(out, a, b);
}

/* Whether the walk can stop: nothing more can come out of @op. */
static bool op_done(const struct band *a, const struct band *b, enum rgn_op op)
{
	if (op == OP_UNION)
		return !band_valid(a) && !band_valid(b);
	if (op == OP_INTERSECT)
		return !band_valid(a) || !band_valid(b);
	return !band_valid(a);
}

/* The next y where band @b starts or ends, after @y. */
static int64_t band_edge(const struct band *b, int64_t y)
{
	if (!band_valid(b))
		return INT64_MAX;
	return band_y1(b) > y ? band_y1(b) : band_y2(b);
}

/**
 * band_op - @out = @a OP @b, all banded.
 * @out: receives the result (must be empty)
 * @a: a region
 * @b: another
 * @op: union, intersection or @a minus @b
 *
 * Walks down both regions at once, stopping at every y where a band of
 * either starts or ends; between two such stops each region has one span
 * list (maybe none), and the result's spans there are the span operation
 * of the two.
 */
static void band_op(struct rgn *out, const struct rgn *a, const struct rgn *b,
		    enum rgn_op op)
{
	struct builder bd = { out, out->n };
	struct rgn scratch = { NULL, 0, 0 };
	struct band ba, bb;
	int64_t y = INT64_MIN;

	band_start(&ba, a);
	band_start(&bb, b);
	for (;;) {
		int64_t next;
		bool ca, cb;

		while (band_valid(&ba) && band_y2(&ba) <= y)
			band_next(&ba);
		while (band_valid(&bb) && band_y2(&bb) <= y)
			band_next(&bb);
		if (op_done(&ba, &bb, op))
			break;
		ca = band_valid(&ba) && band_y1(&ba) <= y;
		cb = band_valid(&bb) && band_y1(&bb) <= y;
		next = MIN(band_edge(&ba, y), band_edge(&bb, y));
		if (ca || cb) {
			spans_op(&scratch, band_spans(&ba, ca),
				 band_spans(&bb, cb), op);
			builder_band(&bd, &scratch, (int32_t)y, (int32_t)next);
		}
		y = next;
	}
	rgn_free(&scratch);
}

static void rgn_op_in_place(struct rgn *a, const struct rgn *b, enum rgn_op op)
{
	struct rgn out = { NULL, 0, 0 };

	band_op(&out, a, b, op);
	rgn_free(a);
	*a = out;
}

/* Union of @parts[0..n), which are consumed; the result in @parts[0]. */
static void union_all(struct rgn *parts, size_t n)
{
	size_t step, i;

	/* Bottom-up pairs, so every part takes part in log2(n) unions. */
	for (step = 1; step < n; step *= 2) {
		for (i = 0; i + step < n; i += 2 * step) {
			rgn_op_in_place(&parts[i], &parts[i + step], OP_UNION);
			rgn_free(&parts[i + step]);
		}
	}
}

/* ---- from windows to rectangles ------------------------------------------ */

struct box {
	int64_t x1, y1, x2, y2;
};

static struct box box_clip(struct box a, const struct box *b)
{
	a.x1 = MAX(a.x1, b->x1);
	a.y1 = MAX(a.y1, b->y1);
	a.x2 = MIN(a.x2, b->x2);
	a.y2 = MIN(a.y2, b->y2);
	return a;
}

static bool box_empty(const struct box *a)
{
	return a->x1 >= a->x2 || a->y1 >= a->y2;
}

/* A region of one box; the box lies within the screen (int32 range). */
static void rgn_box(struct rgn *g, struct box b)
{
	memset(g, 0, sizeof(*g));
	if (!box_empty(&b))
		rgn_push(g, (int32_t)b.x1, (int32_t)b.y1, (int32_t)b.x2,
			 (int32_t)b.y2);
}

/*
 * The region of a shape: its rectangles moved by the origin and clipped to
 * @clip (the window's extent within the screen); an unshaped window is
 * @clip itself.
 */
static void shape_region(struct rgn *out, const struct seamless_shape *sh,
			 int64_t ox, int64_t oy, const struct box *clip)
{
	struct rgn *parts;
	size_t i;

	if (!sh->set) {
		rgn_box(out, *clip);
		return;
	}
	memset(out, 0, sizeof(*out));
	if (!sh->count)
		return;
	parts = g_new(struct rgn, sh->count);
	for (i = 0; i < sh->count; i++) {
		const struct seamless_rect *r = &sh->rects[i];
		struct box b = { ox + r->x1, oy + r->y1, ox + r->x2,
				 oy + r->y2 };

		rgn_box(&parts[i], box_clip(b, clip));
	}
	union_all(parts, sh->count);
	*out = parts[0];
	g_free(parts);
}

/* A window's outer extent (border included) from its outer corner. */
static struct box extent(int64_t x, int64_t y, uint32_t w, uint32_t h,
			 uint32_t border)
{
	struct box b = { x, y, x + w + 2 * (int64_t)border,
			 y + h + 2 * (int64_t)border };

	return b;
}

/*
 * Take away from a frame's region the parts of the client's rectangle
 * that the client's shape leaves out (see seamless_region.h).
 */
static void cut_client(struct rgn *g, const struct seamless_child *c,
		       int64_t fx, int64_t fy, const struct box *screen)
{
	int64_t cx = fx + c->x, cy = fy + c->y;
	struct box cbox = box_clip(extent(cx - c->border, cy - c->border,
					  c->width, c->height, c->border),
				   screen);
	struct rgn hole, shape;

	if (!c->shape.set)
		return;
	rgn_box(&hole, cbox);
	shape_region(&shape, &c->shape, cx, cy, &cbox);
	rgn_op_in_place(&hole, &shape, OP_SUBTRACT);
	rgn_op_in_place(g, &hole, OP_SUBTRACT);
	rgn_free(&hole);
	rgn_free(&shape);
}

static void window_region(struct rgn *out, const struct seamless_window *w,
			  const struct box *screen)
{
	struct box wbox = box_clip(
		extent(w->x, w->y, w->width, w->height, w->border), screen);
	int64_t ox = (int64_t)w->x + w->border, oy = (int64_t)w->y + w->border;

	shape_region(out, &w->shape, ox, oy, &wbox);
	if (w->child && out->n)
		cut_client(out, w->child, ox, oy, screen);
}

static bool is_desktop(const struct seamless_window *w)
{
	return w->type == SEAMLESS_WINDOW_DESKTOP && !w->override_redirect;
}

/*
 * The visible region, banded: from the top of the stack down, each
 * window's region minus the desktop windows above it.
 */
static void visible_region(struct rgn *out,
			   const struct seamless_window *windows, size_t count,
			   const struct box *screen)
{
	struct rgn *parts = g_new0(struct rgn, count + 1);
	struct rgn desktop = { NULL, 0, 0 };
	size_t i, n = 0;

	for (i = count; i-- > 0;) {
		const struct seamless_window *w = &windows[i];
		struct rgn g;

		if (!w->mapped || w->input_only)
			continue;
		window_region(&g, w, screen);
		if (is_desktop(w)) {
			rgn_op_in_place(&desktop, &g, OP_UNION);
			rgn_free(&g);
			continue;
		}
		if (desktop.n)
			rgn_op_in_place(&g, &desktop, OP_SUBTRACT);
		parts[n++] = g;
	}
	rgn_free(&desktop);
	union_all(parts, n);
	*out = parts[0];
	g_free(parts);
}

/* ---- fitting under the cap ----------------------------------------------- */

/*
 * Join bands pairwise: band 2k and 2k+1 become one, over both and the gap
 * between them, with the union of their spans.
 */
static void coarsen_bands(struct rgn *g)
{
	struct rgn out = { NULL, 0, 0 }, merged = { NULL, 0, 0 };
	struct builder bd = { &out, 0 };
	struct band b1, b2;

	band_start(&b1, g);
	while (band_valid(&b1)) {
		int32_t y1 = band_y1(&b1), y2 = band_y2(&b1);
		struct spans s2 = { NULL, 0 };

		b2 = b1;
		band_next(&b2);
		if (band_valid(&b2)) {
			s2 = band_spans(&b2, true);
			y2 = band_y2(&b2);
		}
		spans_op(&merged, band_spans(&b1, true), s2, OP_UNION);
		builder_band(&bd, &merged, y1, y2);
		b1 = b2;
		if (band_valid(&b1))
			band_next(&b1);
	}
	rgn_free(&merged);
	rgn_free(g);
	*g = out;
}

/* Join spans pairwise within every band, filling the gap between them. */
static void coarsen_spans(struct rgn *g)
{
	struct rgn out = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < g->n; i++) {
		struct seamless_rect r = g->r[i];

		if (i + 1 < g->n && g->r[i + 1].y1 == r.y1)
			r.x2 = g->r[++i].x2;
		rgn_push(&out, r.x1, r.y1, r.x2, r.y2);
	}
	rgn_free(g);
	*g = out;
}

static size_t band_count(const struct rgn *g)
{
	struct band b;
	size_t n = 0;

	for (band_start(&b, g); band_valid(&b); band_next(&b))
		n++;
	return n;
}

/*
 * The output list: the bands' rectangles, where a rectangle of a band that
 * continues one of the band just above (same x extent, touching) extends
 * that one instead.  @open holds the indices in @out of the rectangles
 * that end where the current band starts, sorted by x.
 */
static void join_vertically(struct rgn *out, const struct rgn *g)
{
	GArray *open = g_array_new(FALSE, FALSE, sizeof(size_t));
	GArray *next = g_array_new(FALSE, FALSE, sizeof(size_t));
	struct band b;

	memset(out, 0, sizeof(*out));
	for (band_start(&b, g); band_valid(&b); band_next(&b)) {
		size_t i, j = 0;

		g_array_set_size(next, 0);
		for (i = b.i; i < b.end; i++) {
			const struct seamless_rect *r = &g->r[i];
			size_t k = out->n;

			while (j < open->len &&
			       out->r[g_array_index(open, size_t, j)].x1 <
				       r->x1)
				j++;
			if (j < open->len) {
				size_t o = g_array_index(open, size_t, j);

				if (out->r[o].x1 == r->x1 &&
				    out->r[o].x2 == r->x2 &&
				    out->r[o].y2 == r->y1)
					k = o;
			}
			if (k == out->n)
				rgn_push(out, r->x1, r->y1, r->x2, r->y2);
			else
				out->r[k].y2 = r->y2;
			g_array_append_val(next, k);
		}
		g_array_set_size(open, 0);
		g_array_append_vals(open, next->data, next->len);
	}
	g_array_free(open, TRUE);
	g_array_free(next, TRUE);
}

static void fit(struct rgn *out, struct rgn *g, size_t max_rects, bool *capped)
{
	*capped = false;
	for (;;) {
		join_vertically(out, g);
		if (out->n <= max_rects)
			return;
		rgn_free(out);
		*capped = true;
		if (band_count(g) > 1)
			coarsen_bands(g);
		else
			coarsen_spans(g);
	}
}

/* ---- the interface ------------------------------------------------------- */

static int check_shape(const struct seamless_shape *sh, size_t *total)
{
	size_t i;

	if (!sh->set)
		return 0;
	if (sh->count && !sh->rects)
		return -EINVAL;
	if (sh->count > SEAMLESS_REGION_MAX_INPUT_RECTS - *total)
		return -E2BIG;
	*total += sh->count;
	for (i = 0; i < sh->count; i++) {
		if (sh->rects[i].x2 < sh->rects[i].x1 ||
		    sh->rects[i].y2 < sh->rects[i].y1)
			return -EINVAL;
	}
	return 0;
}

static int check_windows(const struct seamless_window *windows, size_t count)
{
	size_t i, total = 0;
	int ret;

	if (count && !windows)
		return -EINVAL;
	if (count > SEAMLESS_REGION_MAX_INPUT_RECTS)
		return -E2BIG;
	total = count;
	for (i = 0; i < count; i++) {
		ret = check_shape(&windows[i].shape, &total);
		if (ret == 0 && windows[i].child)
			ret = check_shape(&windows[i].child->shape, &total);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int seamless_region_build(const struct seamless_window *windows, size_t count,
			  uint32_t screen_width, uint32_t screen_height,
			  size_t max_rects, struct seamless_region *out)
{
	struct box screen = { 0, 0, screen_width, screen_height };
	struct rgn banded, list;
	int ret;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!max_rects || screen_width > INT32_MAX || screen_height > INT32_MAX)
		return -EINVAL;
	ret = check_windows(windows, count);
	if (ret < 0)
		return ret;
	visible_region(&banded, windows, count, &screen);
	fit(&list, &banded, max_rects, &out->capped);
	rgn_free(&banded);
	out->rects = list.r;
	out->count = list.n;
	return 0;
}

bool seamless_region_equal(const struct seamless_region *a,
			   const struct seamless_region *b)
{
	return a->count == b->count &&
	       (!a->count ||
		!memcmp(a->rects, b->rects, a->count * sizeof(a->rects[0])));
}

void seamless_region_clear(struct seamless_region *r)
{
	if (!r)
		return;
	g_free(r->rects);
	memset(r, 0, sizeof(*r));
}
