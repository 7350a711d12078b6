// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pure part of vbox-display (see display_layout.h for the rules).
 */
#include "config.h"

#include "services/vbox-display/display_layout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <libxcvt/libxcvt.h>

/* ---- what the host wants ------------------------------------------------ */

static bool host_equal(const struct display_host *a,
		       const struct display_host *b)
{
	return a->state == b->state && a->primary == b->primary &&
	       a->has_origin == b->has_origin && a->x == b->x && a->y == b->y &&
	       a->width == b->width && a->height == b->height;
}

/* A definition with neither a size nor DISABLED says nothing. */
static bool def_is_empty(const struct vbgl_display_def *d)
{
	return !(d->flags & VBGL_DISPLAY_DISABLED) && (!d->cx || !d->cy);
}

static void merge_one(struct display_host *h, const struct vbgl_display_def *d)
{
	if (d->cx && d->cy) {
		h->width = d->cx;
		h->height = d->cy;
	}
	h->primary = (d->flags & VBGL_DISPLAY_PRIMARY) != 0;
	h->has_origin = (d->flags & VBGL_DISPLAY_ORIGIN) != 0;
	h->x = h->has_origin ? d->x_origin : 0;
	h->y = h->has_origin ? d->y_origin : 0;
	if (d->flags & VBGL_DISPLAY_DISABLED)
		h->state = DISPLAY_HOST_DISABLED;
	else
		h->state = DISPLAY_HOST_ENABLED;
}

bool display_host_merge(struct display_host *hosts,
			const struct vbgl_display_def *defs, unsigned int n)
{
	bool changed = false;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct display_host before;

		if (defs[i].display >= DISPLAY_MAX || def_is_empty(&defs[i]))
			continue;
		before = hosts[defs[i].display];
		merge_one(&hosts[defs[i].display], &defs[i]);
		changed |= !host_equal(&before, &hosts[defs[i].display]);
	}
	return changed;
}

char *display_host_format(const struct display_host *hosts)
{
	GString *s = g_string_new(NULL);
	unsigned int i;

	for (i = 0; i < DISPLAY_MAX; i++) {
		const struct display_host *h = &hosts[i];

		if (h->state == DISPLAY_HOST_UNKNOWN)
			continue;
		g_string_append_printf(s, "%s%u:%ux%u", s->len ? " " : "", i,
				       h->width, h->height);
		if (h->has_origin)
			g_string_append_printf(s, "@%d,%d", h->x, h->y);
		if (h->primary)
			g_string_append(s, ",primary");
		if (h->state == DISPLAY_HOST_DISABLED)
			g_string_append(s, ",disabled");
	}
	if (!s->len)
		g_string_append(s, "none");
	return g_string_free(s, FALSE);
}

/* ---- which output shows which host display ------------------------------ */

static bool names_valid(char **names, GError **error)
{
	unsigned int i, j, n = g_strv_length(names);

	if (n == 0 || n > DISPLAY_MAX) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "an output list names 1 to %u outputs",
			    DISPLAY_MAX);
		return false;
	}
	for (i = 0; i < n; i++) {
		if (!names[i][0]) {
			g_set_error(error, G_IO_ERROR,
				    G_IO_ERROR_INVALID_ARGUMENT,
				    "an empty output name in the list");
			return false;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(names[i], names[j]) == 0) {
				g_set_error(error, G_IO_ERROR,
					    G_IO_ERROR_INVALID_ARGUMENT,
					    "output %s is named twice",
					    names[i]);
				return false;
			}
		}
	}
	return true;
}

bool display_map_parse(const char *text, struct display_map *map,
		       GError **error)
{
	memset(map, 0, sizeof(*map));
	if (!text || strcmp(text, "auto") == 0)
		map->kind = DISPLAY_MAP_AUTO;
	else if (strcmp(text, "order") == 0)
		map->kind = DISPLAY_MAP_ORDER;
	else if (strcmp(text, "number") == 0)
		map->kind = DISPLAY_MAP_NUMBER;
	else {
		map->kind = DISPLAY_MAP_NAMES;
		map->names = g_strsplit(text, ",", -1);
		if (!names_valid(map->names, error)) {
			display_map_clear(map);
			return false;
		}
	}
	return true;
}

void display_map_clear(struct display_map *map)
{
	g_clear_pointer(&map->names, g_strfreev);
}

int display_name_number(const char *name)
{
	size_t len = strlen(name), start = len;

	while (start > 0 && g_ascii_isdigit(name[start - 1]))
		start--;
	if (start == len || len - start > 4)
		return -1;
	return atoi(name + start);
}

/* By number; false when some output has none or two share one. */
static bool map_by_number(const char *const *names, unsigned int n,
			  int *host_to_output)
{
	int num[DISPLAY_MAX], base = -1;
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		num[i] = display_name_number(names[i]);
		if (num[i] < 0)
			return false;
		for (j = 0; j < i; j++) {
			if (num[j] == num[i])
				return false;
		}
		if (base < 0 || num[i] < base)
			base = num[i];
	}
	for (i = 0; i < n; i++) {
		if ((unsigned int)(num[i] - base) < DISPLAY_MAX)
			host_to_output[num[i] - base] = (int)i;
	}
	return true;
}

static void map_by_names(char **want, const char *const *names, unsigned int n,
			 int *host_to_output)
{
	unsigned int h, i;

	for (h = 0; want[h] && h < DISPLAY_MAX; h++) {
		for (i = 0; i < n; i++) {
			if (strcmp(want[h], names[i]) == 0)
				host_to_output[h] = (int)i;
		}
	}
}

enum display_map_kind display_map_outputs(const struct display_map *map,
					  const char *const *names,
					  unsigned int n, int *host_to_output)
{
	unsigned int i;

	for (i = 0; i < DISPLAY_MAX; i++)
		host_to_output[i] = -1;
	n = MIN(n, DISPLAY_MAX);
	switch (map->kind) {
	case DISPLAY_MAP_NAMES:
		map_by_names(map->names, names, n, host_to_output);
		return DISPLAY_MAP_NAMES;
	case DISPLAY_MAP_NUMBER:
		if (!map_by_number(names, n, host_to_output)) {
			/* Only the outputs that have a number of their own. */
			for (i = 0; i < DISPLAY_MAX; i++)
				host_to_output[i] = -1;
			for (i = 0; i < n; i++) {
				int num = display_name_number(names[i]);

				if (num >= 0 && num < (int)DISPLAY_MAX &&
				    host_to_output[num] < 0)
					host_to_output[num] = (int)i;
			}
		}
		return DISPLAY_MAP_NUMBER;
	case DISPLAY_MAP_AUTO:
		if (n && map_by_number(names, n, host_to_output))
			return DISPLAY_MAP_NUMBER;
		for (i = 0; i < DISPLAY_MAX; i++)
			host_to_output[i] = -1;
		break;
	case DISPLAY_MAP_ORDER:
		break;
	}
	for (i = 0; i < n; i++)
		host_to_output[i] = (int)i;
	return DISPLAY_MAP_ORDER;
}

/* ---- the layout -----------------------------------------------------------
 */

/* One output while the layout is worked out (64-bit: no overflow). */
struct want {
	bool on;
	bool has_origin;
	bool kept;	/* not driven by the host: x, y are where it is */
	int64_t x, y;	/* requested */
	int64_t nx, ny; /* placed */
	uint32_t w, h;
	int host;	   /* host display, -1 none */
	unsigned int rank; /* host order (outputs without one last) */
	unsigned int notes;
};

struct layout {
	struct want w[DISPLAY_MAX];
	unsigned int n;
	unsigned int order[DISPLAY_MAX]; /* scratch */
	const struct display_output *outputs;
	const struct display_host *hosts;
	const struct display_screen *screen;
};

static uint32_t clamp_dim(uint32_t v, uint32_t max, unsigned int *notes)
{
	if (v > max) {
		*notes |= DISPLAY_NOTE_CLAMPED;
		return max;
	}
	return v ? v : 1;
}

static uint32_t screen_max(uint32_t max)
{
	return max && max < DISPLAY_MAX_DIM ? max : DISPLAY_MAX_DIM;
}

/* The size an output shows when it must be on without a host size. */
static void fallback_size(const struct display_output *o, uint32_t *w,
			  uint32_t *h)
{
	if (o->on) {
		*w = o->width;
		*h = o->height;
	} else if (o->n_modes) {
		*w = o->modes[0].width;
		*h = o->modes[0].height;
	} else {
		*w = DISPLAY_FALLBACK_WIDTH;
		*h = DISPLAY_FALLBACK_HEIGHT;
	}
}

static void wish_current(struct want *w, const struct display_output *o)
{
	w->on = o->on;
	w->kept = true;
	w->has_origin = true;
	w->x = o->x;
	w->y = o->y;
	w->w = o->width;
	w->h = o->height;
}

/* What the host wants of one output, before the layout rules. */
static void wish(struct layout *l, unsigned int i)
{
	const struct display_output *o = &l->outputs[i];
	struct want *w = &l->w[i];
	const struct display_host *h = w->host >= 0 ? &l->hosts[w->host] : NULL;

	if (!h || h->state == DISPLAY_HOST_UNKNOWN) {
		wish_current(w, o);
	} else if (h->state == DISPLAY_HOST_ENABLED) {
		w->on = true;
		w->has_origin = h->has_origin;
		w->x = h->x;
		w->y = h->y;
		w->w = h->width;
		w->h = h->height;
		if (!w->w || !w->h)
			fallback_size(o, &w->w, &w->h);
	}
	if (w->on && !o->has_crtc) {
		w->on = false;
		w->notes |= DISPLAY_NOTE_NO_CRTC;
	}
	w->w = clamp_dim(w->w, screen_max(l->screen->max_width), &w->notes);
	w->h = clamp_dim(w->h, screen_max(l->screen->max_height), &w->notes);
}

static int cmp_rank(const struct layout *l, unsigned int a, unsigned int b)
{
	return l->w[a].rank < l->w[b].rank ? -1 : l->w[a].rank > l->w[b].rank;
}

static int cmp64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Sort the on outputs of one group (the host's displays, or the kept
 * outputs) into l->order by key (insertion sort, n <= 64). */
static unsigned int sort_on(struct layout *l, bool kept,
			    int (*cmp)(const struct layout *, unsigned int,
				       unsigned int))
{
	unsigned int i, j, n = 0;

	for (i = 0; i < l->n; i++) {
		if (!l->w[i].on || l->w[i].kept != kept)
			continue;
		for (j = n; j > 0 && cmp(l, l->order[j - 1], i) > 0; j--)
			l->order[j] = l->order[j - 1];
		l->order[j] = i;
		n++;
	}
	return n;
}

static int cmp_x(const struct layout *l, unsigned int a, unsigned int b)
{
	const struct want *p = &l->w[a], *q = &l->w[b];

	if (p->x != q->x)
		return cmp64(p->x, q->x);
	if (p->y != q->y)
		return cmp64(p->y, q->y);
	return cmp_rank(l, a, b);
}

static int cmp_y(const struct layout *l, unsigned int a, unsigned int b)
{
	const struct want *p = &l->w[a], *q = &l->w[b];

	if (p->y != q->y)
		return cmp64(p->y, q->y);
	if (p->x != q->x)
		return cmp64(p->x, q->x);
	return cmp_rank(l, a, b);
}

static bool spans_overlap(int64_t a, uint32_t alen, int64_t b, uint32_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Displays without a host position: right of the one before, same y
 * (the host's displays only: kept outputs are in other coordinates). */
static void place_unpositioned(struct layout *l)
{
	const struct want *prev = NULL;
	unsigned int k, n = sort_on(l, false, cmp_rank);

	for (k = 0; k < n; k++) {
		struct want *w = &l->w[l->order[k]];

		if (!w->has_origin) {
			w->x = prev ? prev->x + prev->w : 0;
			w->y = prev ? prev->y : 0;
		}
		prev = w;
	}
}

static void pack_x(struct layout *l)
{
	unsigned int k, j, n = sort_on(l, false, cmp_x);

	for (k = 0; k < n; k++) {
		struct want *w = &l->w[l->order[k]];

		w->nx = 0;
		for (j = 0; j < k; j++) {
			const struct want *p = &l->w[l->order[j]];

			if (spans_overlap(w->y, w->h, p->y, p->h))
				w->nx = MAX(w->nx, p->nx + p->w);
		}
	}
}

static bool touches(const struct want *a, int64_t ay, const struct want *b)
{
	if ((a->nx + a->w == b->nx || b->nx + b->w == a->nx) &&
	    spans_overlap(ay, a->h, b->ny, b->h))
		return true;
	return (ay + a->h == b->ny || b->ny + b->h == ay) &&
	       spans_overlap(a->nx, a->w, b->nx, b->w);
}

static void pack_y(struct layout *l)
{
	unsigned int k, j, n = sort_on(l, false, cmp_y);
	int64_t min_y = n ? l->w[l->order[0]].y : 0;

	for (k = 0; k < n; k++) {
		struct want *w = &l->w[l->order[k]];
		bool blocked = false, touching = false;
		int64_t keep = w->y - min_y;

		w->ny = 0;
		for (j = 0; j < k; j++) {
			const struct want *p = &l->w[l->order[j]];

			if (spans_overlap(w->nx, w->w, p->nx, p->w)) {
				blocked = true;
				w->ny = MAX(w->ny, p->ny + p->h);
			}
		}
		if (blocked)
			continue;
		for (j = 0; j < k && !touching; j++)
			touching = touches(w, keep, &l->w[l->order[j]]);
		w->ny = touching ? keep : 0;
	}
}

static bool fits(const struct layout *l, const struct want *w)
{
	return w->nx + w->w <= screen_max(l->screen->max_width) &&
	       w->ny + w->h <= screen_max(l->screen->max_height);
}

/* Turn off the host's displays that do not fit; true if any was. */
static bool drop_misfits(struct layout *l)
{
	bool dropped = false;
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		struct want *w = &l->w[i];

		if (w->on && !w->kept && !fits(l, w)) {
			w->on = false;
			w->notes |= DISPLAY_NOTE_NO_FIT;
			dropped = true;
		}
	}
	return dropped;
}

/*
 * The outputs the host does not drive, after the host's displays (which
 * do not move for them), one by one in output order: each stays where it
 * is when that is valid (it fits, overlaps nothing placed and touches a
 * display placed before it, or is at 0,0 when nothing is), else it moves
 * up, or else left, until it touches a display, when that is valid, else
 * it goes right of the display placed furthest right, at that one's y;
 * one that does not fit even there is turned off.  Where an output ends
 * up depends only on the displays placed before it, and a valid position
 * is kept: so the same request applied again to the layout it produced
 * changes nothing.  (Placed in one pass with the host's displays, whose
 * positions are in the host's coordinates, a kept output pushed aside by
 * one would be taken in another order the next time, and move again.)
 */
static bool kept_valid(const struct layout *l, const struct want *w,
		       const unsigned int *placed, unsigned int n_placed)
{
	bool touching = false;
	unsigned int j;

	if (w->nx < 0 || w->ny < 0 || !fits(l, w))
		return false;
	if (!n_placed)
		return w->nx == 0 && w->ny == 0;
	for (j = 0; j < n_placed; j++) {
		const struct want *p = &l->w[placed[j]];

		if (spans_overlap(w->nx, w->w, p->nx, p->w) &&
		    spans_overlap(w->ny, w->h, p->ny, p->h))
			return false;
		touching = touching || touches(w, w->ny, p);
	}
	return touching;
}

/* From where it is, up (or left) until it touches a placed display above
 * (left of) it, or to 0. */
static void slide(const struct layout *l, struct want *w,
		  const unsigned int *placed, unsigned int n_placed, bool left)
{
	int64_t to = 0;
	unsigned int j;

	w->nx = w->x;
	w->ny = w->y;
	for (j = 0; j < n_placed; j++) {
		const struct want *p = &l->w[placed[j]];

		if (left && spans_overlap(w->y, w->h, p->ny, p->h) &&
		    p->nx + p->w <= w->x)
			to = MAX(to, p->nx + p->w);
		if (!left && spans_overlap(w->x, w->w, p->nx, p->w) &&
		    p->ny + p->h <= w->y)
			to = MAX(to, p->ny + p->h);
	}
	if (left)
		w->nx = MIN(to, w->x);
	else
		w->ny = MIN(to, w->y);
}

static void place_kept(struct layout *l)
{
	unsigned int placed[DISPLAY_MAX], kept[DISPLAY_MAX];
	unsigned int i, j, k, n_placed = 0, n_kept = 0;

	for (i = 0; i < l->n; i++) {
		if (l->w[i].on && !l->w[i].kept)
			placed[n_placed++] = i;
	}
	n_kept = sort_on(l, true, cmp_rank);
	memcpy(kept, l->order, n_kept * sizeof(kept[0]));
	for (k = 0; k < n_kept; k++) {
		struct want *w = &l->w[kept[k]];
		const struct want *right = NULL;

		w->nx = w->x;
		w->ny = w->y;
		if (!kept_valid(l, w, placed, n_placed))
			slide(l, w, placed, n_placed, false);
		if (!kept_valid(l, w, placed, n_placed))
			slide(l, w, placed, n_placed, true);
		if (!kept_valid(l, w, placed, n_placed)) {
			w->nx = w->ny = 0;
			for (j = 0; j < n_placed; j++) {
				const struct want *p = &l->w[placed[j]];

				if (!right ||
				    p->nx + p->w > right->nx + right->w ||
				    (p->nx + p->w == right->nx + right->w &&
				     p->ny < right->ny))
					right = p;
			}
			if (right) {
				w->nx = right->nx + right->w;
				w->ny = right->ny;
			}
		}
		if (!fits(l, w)) {
			w->on = false;
			w->notes |= DISPLAY_NOTE_NO_FIT;
			continue;
		}
		placed[n_placed++] = kept[k];
	}
}

static int first_on(const struct layout *l)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		if (l->w[i].on && (best < 0 || l->w[i].rank < l->w[best].rank))
			best = (int)i;
	}
	return best;
}

/* Nothing on: the first output in host order that can be, at 0,0. */
static void keep_one_on(struct layout *l)
{
	const struct display_host *h;
	struct want *w;
	int best = -1;
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		if (l->outputs[i].has_crtc &&
		    (best < 0 || l->w[i].rank < l->w[best].rank))
			best = (int)i;
	}
	if (best < 0)
		return;
	w = &l->w[best];
	h = w->host >= 0 ? &l->hosts[w->host] : NULL;

	if (h && h->width && h->height) {
		w->w = h->width;
		w->h = h->height;
	} else {
		fallback_size(&l->outputs[best], &w->w, &w->h);
	}
	w->w = clamp_dim(w->w, screen_max(l->screen->max_width), &w->notes);
	w->h = clamp_dim(w->h, screen_max(l->screen->max_height), &w->notes);
	w->on = true;
	w->notes = (w->notes & ~DISPLAY_NOTE_NO_FIT) | DISPLAY_NOTE_KEPT_ON;
	w->nx = w->ny = 0;
}

static void arrange(struct layout *l)
{
	unsigned int round;

	for (round = 0; round <= l->n; round++) {
		place_unpositioned(l);
		pack_x(l);
		pack_y(l);
		if (!drop_misfits(l))
			break;
	}
	place_kept(l);
	if (first_on(l) < 0)
		keep_one_on(l);
}

static int pick_primary(const struct layout *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		const struct want *w = &l->w[i];

		if (w->on && w->host >= 0 && l->hosts[w->host].primary &&
		    l->hosts[w->host].state == DISPLAY_HOST_ENABLED)
			return (int)i;
	}
	for (i = 0; i < l->n; i++) {
		if (l->w[i].on && l->outputs[i].primary)
			return (int)i;
	}
	return first_on(l);
}

static int find_size(const struct display_size *sizes, unsigned int n,
		     uint32_t w, uint32_t h)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (sizes[i].width == w && sizes[i].height == h)
			return (int)i;
	}
	return -1;
}

static void choose_mode(const struct display_screen *screen,
			const struct display_output *o,
			struct display_output_plan *op,
			struct display_plan *plan)
{
	int i = find_size(o->modes, o->n_modes, op->width, op->height);

	if (i >= 0) {
		op->mode_source = DISPLAY_MODE_OUTPUT;
		op->mode_index = (unsigned int)i;
		return;
	}
	i = find_size(screen->modes, screen->n_modes, op->width, op->height);
	if (i >= 0) {
		op->mode_source = DISPLAY_MODE_SCREEN;
		op->mode_index = (unsigned int)i;
		return;
	}
	op->mode_source = DISPLAY_MODE_NEW;
	i = find_size(plan->new_modes, plan->n_new_modes, op->width,
		      op->height);
	if (i < 0) {
		i = (int)plan->n_new_modes++;
		plan->new_modes[i].width = op->width;
		plan->new_modes[i].height = op->height;
	}
	op->mode_index = (unsigned int)i;
}

static void fill_plan(const struct layout *l, struct display_plan *plan)
{
	uint64_t sw = 0, sh = 0;
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		const struct want *w = &l->w[i];
		struct display_output_plan *op = &plan->outputs[i];

		op->on = w->on;
		op->host_display = w->host;
		op->notes = w->notes;
		if (!w->on)
			continue;
		op->x = (int32_t)w->nx;
		op->y = (int32_t)w->ny;
		op->width = w->w;
		op->height = w->h;
		if (w->has_origin && (w->nx != w->x || w->ny != w->y))
			op->notes |= DISPLAY_NOTE_MOVED;
		sw = MAX(sw, (uint64_t)w->nx + w->w);
		sh = MAX(sh, (uint64_t)w->ny + w->h);
		choose_mode(l->screen, &l->outputs[i], op, plan);
	}
	plan->screen_width = (uint32_t)MAX(sw, l->screen->min_width);
	plan->screen_height = (uint32_t)MAX(sh, l->screen->min_height);
	plan->primary = pick_primary(l);
}

void display_layout_plan(const struct display_host *hosts,
			 const int *host_to_output,
			 const struct display_output *outputs,
			 unsigned int n_outputs,
			 const struct display_screen *screen,
			 struct display_plan *plan)
{
	struct layout *l = g_new0(struct layout, 1);
	unsigned int i;
	int o;

	memset(plan, 0, sizeof(*plan));
	l->n = MIN(n_outputs, DISPLAY_MAX);
	l->outputs = outputs;
	l->hosts = hosts;
	l->screen = screen;
	for (i = 0; i < l->n; i++) {
		l->w[i].host = -1;
		l->w[i].rank = DISPLAY_MAX + i;
	}
	for (i = 0; i < DISPLAY_MAX; i++) {
		o = host_to_output[i];
		if (o >= 0 && (unsigned int)o < l->n) {
			l->w[o].host = (int)i;
			l->w[o].rank = i;
		} else if (hosts[i].state == DISPLAY_HOST_ENABLED) {
			plan->n_unplaced++;
		}
	}
	for (i = 0; i < l->n; i++)
		wish(l, i);
	plan->n_outputs = l->n;
	arrange(l);
	fill_plan(l, plan);
	g_free(l);
}

/* ---- new modes ------------------------------------------------------------
 */

int display_mode_timings(uint32_t width, uint32_t height,
			 struct display_timings *t)
{
	struct libxcvt_mode_info *m;
	uint32_t shift;

	if (!width || !height || width > DISPLAY_MAX_DIM ||
	    height > DISPLAY_MAX_DIM)
		return -EINVAL;
	m = libxcvt_gen_mode_info((int)width, (int)height, 60.0f, true, false);
	if (!m)
		return -ENOMEM;
	/* CVT rounds the width down to whole cells; keep the blanking. */
	shift = width > m->hdisplay ? width - m->hdisplay : 0;
	memset(t, 0, sizeof(*t));
	t->width = width;
	t->height = height;
	t->dot_clock_hz = m->dot_clock * 1000;
	t->hsync_start = m->hsync_start + shift;
	t->hsync_end = m->hsync_end + shift;
	t->htotal = m->htotal + shift;
	t->vsync_start = m->vsync_start;
	t->vsync_end = m->vsync_end;
	t->vtotal = m->vtotal;
	t->hsync_positive = (m->mode_flags & LIBXCVT_MODE_FLAG_HSYNC_POSITIVE);
	t->vsync_positive = (m->mode_flags & LIBXCVT_MODE_FLAG_VSYNC_POSITIVE);
	t->refresh_hz = (double)t->dot_clock_hz /
			((double)t->htotal * (double)t->vtotal);
	free(m);
	return 0;
}
