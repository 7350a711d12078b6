// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-display's pure part: host requests -> output layout, modes and
 * the output map, table-driven.  A case gives the host's definitions in
 * the form of `vbox-hostsim ctl display set` and the layout expected, one
 * word per output: WxH+X+Y (with '*' for the primary) or '-' for off;
 * trailing '-' are left out.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "services/vbox-display/display_layout.h"

/* An X server like Xorg's dummy driver: 16 outputs, DUMMY0 on. */
struct server {
	unsigned int n;
	struct display_output outputs[DISPLAY_MAX];
	struct display_screen screen;
};

static const struct display_size dummy_modes[] = {
	{ 2048, 1536 },
	{ 1920, 1080 },
	{ 1024, 768 },
	{ 800, 600 },
};

static void server_init(struct server *s, unsigned int n)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->n = n;
	for (i = 0; i < n; i++)
		s->outputs[i].has_crtc = true;
	s->outputs[0].on = true;
	s->outputs[0].width = 2048;
	s->outputs[0].height = 1536;
	s->outputs[0].primary = true;
	s->outputs[0].modes = dummy_modes;
	s->outputs[0].n_modes = G_N_ELEMENTS(dummy_modes);
	s->screen.min_width = 64;
	s->screen.min_height = 64;
	s->screen.max_width = 32767;
	s->screen.max_height = 32767;
	s->screen.modes = dummy_modes;
	s->screen.n_modes = G_N_ELEMENTS(dummy_modes);
}

/* "ID:WxH[@X,Y][,primary][,disabled]" words into host definitions. */
static unsigned int parse_defs(const char *text, struct vbgl_display_def *defs)
{
	g_auto(GStrv) words = g_strsplit(text, " ", -1);
	unsigned int n = 0, i;

	for (i = 0; words[i]; i++) {
		struct vbgl_display_def *d = &defs[n++];
		char *p = words[i];
		int used = 0;

		memset(d, 0, sizeof(*d));
		ck_assert_int_eq(sscanf(p, "%u:%ux%u%n", &d->display, &d->cx,
					&d->cy, &used),
				 3);
		d->flags = VBGL_DISPLAY_CX | VBGL_DISPLAY_CY;
		p += used;
		if (*p == '@') {
			ck_assert_int_eq(sscanf(p, "@%d,%d%n", &d->x_origin,
						&d->y_origin, &used),
					 2);
			d->flags |= VBGL_DISPLAY_ORIGIN;
			p += used;
		}
		if (strstr(p, ",primary"))
			d->flags |= VBGL_DISPLAY_PRIMARY;
		if (strstr(p, ",disabled"))
			d->flags |= VBGL_DISPLAY_DISABLED;
	}
	return n;
}

static char *format_plan(const struct display_plan *p)
{
	GString *s = g_string_new(NULL);
	unsigned int i;
	gsize keep = 0;

	for (i = 0; i < p->n_outputs; i++) {
		const struct display_output_plan *o = &p->outputs[i];

		if (i)
			g_string_append_c(s, ' ');
		if (!o->on) {
			g_string_append_c(s, '-');
			continue;
		}
		g_string_append_printf(s, "%ux%u+%d+%d%s", o->width, o->height,
				       o->x, o->y,
				       p->primary == (int)i ? "*" : "");
		keep = s->len;
	}
	g_string_truncate(s, keep);
	return g_string_free(s, FALSE);
}

/* The layout with --output-map @map_text ("auto" when NULL). */
static void plan_for_map(struct server *srv, struct display_host *hosts,
			 const char *map_text, const char *defs_text,
			 struct display_plan *plan)
{
	struct vbgl_display_def defs[DISPLAY_MAX];
	const char *names[DISPLAY_MAX];
	char name[DISPLAY_MAX][16];
	struct display_map map;
	int h2o[DISPLAY_MAX];
	unsigned int i;

	for (i = 0; i < srv->n; i++) {
		g_snprintf(name[i], sizeof(name[i]), "DUMMY%u", i);
		names[i] = name[i];
	}
	ck_assert(display_map_parse(map_text ? map_text : "auto", &map, NULL));
	display_map_outputs(&map, names, srv->n, h2o);
	display_map_clear(&map);
	if (defs_text)
		display_host_merge(hosts, defs, parse_defs(defs_text, defs));
	display_layout_plan(hosts, h2o, srv->outputs, srv->n, &srv->screen,
			    plan);
}

static void plan_for(struct server *srv, struct display_host *hosts,
		     const char *defs_text, struct display_plan *plan)
{
	plan_for_map(srv, hosts, NULL, defs_text, plan);
}

/* The X server once @plan is applied (what RandR then reports). */
static void server_apply(struct server *srv, const struct display_plan *plan)
{
	unsigned int i;

	for (i = 0; i < srv->n; i++) {
		const struct display_output_plan *op = &plan->outputs[i];
		struct display_output *o = &srv->outputs[i];

		o->on = op->on;
		o->x = op->on ? op->x : 0;
		o->y = op->on ? op->y : 0;
		o->width = op->on ? op->width : 0;
		o->height = op->on ? op->height : 0;
		o->primary = plan->primary == (int)i;
	}
}

/* Outputs as format_plan() writes them ("WxH+X+Y[*]" or '-', missing
 * ones off) into the server. */
static void server_set(struct server *srv, const char *text)
{
	g_auto(GStrv) words = g_strsplit(text, " ", -1);
	unsigned int i;

	for (i = 0; i < srv->n; i++) {
		struct display_output *o = &srv->outputs[i];
		const char *wd = i < g_strv_length(words) ? words[i] : "-";

		o->on = strcmp(wd, "-") != 0;
		o->primary = o->on && strchr(wd, '*');
		o->x = o->y = 0;
		o->width = o->height = 0;
		if (o->on)
			ck_assert_int_eq(sscanf(wd, "%ux%u+%d+%d", &o->width,
						&o->height, &o->x, &o->y),
					 4);
	}
}

/* A layout the X server takes: inside the screen, nothing overlapping. */
static void assert_valid(const struct server *srv, const struct display_plan *p,
			 const char *what)
{
	unsigned int i, j;

	for (i = 0; i < p->n_outputs; i++) {
		const struct display_output_plan *a = &p->outputs[i];

		if (!a->on)
			continue;
		ck_assert_msg(
			a->x >= 0 && a->y >= 0 &&
				a->x + a->width <= p->screen_width &&
				a->y + a->height <= p->screen_height &&
				p->screen_width <= srv->screen.max_width &&
				p->screen_height <= srv->screen.max_height,
			"%s: output %u outside the screen", what, i);
		for (j = i + 1; j < p->n_outputs; j++) {
			const struct display_output_plan *b = &p->outputs[j];

			ck_assert_msg(!b->on || a->x >= b->x + (int)b->width ||
					      b->x >= a->x + (int)a->width ||
					      a->y >= b->y + (int)b->height ||
					      b->y >= a->y + (int)a->height,
				      "%s: outputs %u and %u overlap", what, i,
				      j);
		}
	}
}

/* Apply a request, then the same again to the layout it produced: the
 * second must change nothing (a SIGHUP applies the request again). */
static char *plan_twice(struct server *srv, const char *map_text,
			const char *defs_text)
{
	struct display_host hosts[DISPLAY_MAX] = { 0 };
	struct display_plan first, second;
	g_autofree char *again = NULL;
	g_autofree char *before = NULL;
	struct display_plan now;
	unsigned int i;
	char *got;

	/* The server as it is, in the same words. */
	memset(&now, 0, sizeof(now));
	now.n_outputs = srv->n;
	now.primary = -1;
	for (i = 0; i < srv->n; i++) {
		now.outputs[i].on = srv->outputs[i].on;
		now.outputs[i].x = srv->outputs[i].x;
		now.outputs[i].y = srv->outputs[i].y;
		now.outputs[i].width = srv->outputs[i].width;
		now.outputs[i].height = srv->outputs[i].height;
		if (srv->outputs[i].on && srv->outputs[i].primary)
			now.primary = (int)i;
	}
	before = format_plan(&now);
	plan_for_map(srv, hosts, map_text, defs_text, &first);
	got = format_plan(&first);
	server_apply(srv, &first);
	plan_for_map(srv, hosts, map_text, NULL, &second);
	again = format_plan(&second);
	ck_assert_msg(strcmp(got, again) == 0,
		      "'%s' (map %s) from '%s' gave '%s', applied again '%s'",
		      defs_text, map_text ? map_text : "auto", before, got,
		      again);
	assert_valid(srv, &first, defs_text);
	ck_assert_uint_eq(first.screen_width, second.screen_width);
	ck_assert_uint_eq(first.screen_height, second.screen_height);
	return got;
}

struct layout_case {
	const char *what;
	unsigned int outputs;
	uint32_t max_w, max_h; /* 0: 32767 */
	const char *defs;
	const char *layout;
	uint32_t screen_w, screen_h;
	unsigned int notes_of_1; /* DISPLAY_NOTE_* expected on output 1 */
};

static const struct layout_case cases[] = {
	{ "one display resized", 16, 0, 0, "0:1366x768", "1366x768+0+0*", 1366,
	  768, 0 },
	{ "three with positions", 16, 0, 0,
	  "0:1600x900@0,0,primary 1:1024x768@1600,0 2:800x600@2624,0",
	  "1600x900+0+0* 1024x768+1600+0 800x600+2624+0", 3424, 900, 0 },
	{ "negative position: shifted to 0,0", 16, 0, 0,
	  "0:1600x900@0,0,primary 1:1024x768@-1024,0",
	  "1600x900+1024+0* 1024x768+0+0", 2624, 900, DISPLAY_NOTE_MOVED },
	{ "gap-leaving position: gap closed", 16, 0, 0,
	  "0:1600x900@0,0,primary 1:1024x768@2000,0",
	  "1600x900+0+0* 1024x768+1600+0", 2624, 900, DISPLAY_NOTE_MOVED },
	{ "overlap: pushed right, vertical offset kept", 16, 0, 0,
	  "0:1600x900@0,0 1:1024x768@800,100",
	  "1600x900+0+0* 1024x768+1600+100", 2624, 900, DISPLAY_NOTE_MOVED },
	{ "all at the origin: left to right", 3, 0, 0,
	  "0:800x600@0,0 1:800x600@0,0 2:800x600@0,0",
	  "800x600+0+0* 800x600+800+0 800x600+1600+0", 2400, 600,
	  DISPLAY_NOTE_MOVED },
	{ "no positions: left to right in host order", 16, 0, 0,
	  "0:800x600 1:1024x768 2:640x480",
	  "800x600+0+0* 1024x768+800+0 640x480+1824+0", 2464, 768, 0 },
	{ "stacked vertically, kept", 2, 0, 0,
	  "0:800x600@0,0,primary 1:800x600@0,600", "800x600+0+0* 800x600+0+600",
	  800, 1200, 0 },
	{ "vertical gap closed", 2, 0, 0, "0:800x600@0,0 1:800x600@0,700",
	  "800x600+0+0* 800x600+0+600", 800, 1200, DISPLAY_NOTE_MOVED },
	{ "side by side with a vertical offset above", 2, 0, 0,
	  "0:1920x1080@0,0,primary 1:1024x768@1920,-200",
	  "1920x1080+0+200* 1024x768+1920+0", 2944, 1280, DISPLAY_NOTE_MOVED },
	{ "diagonal neighbours end up stacked", 2, 0, 0,
	  "0:800x600@0,0 1:800x600@800,600", "800x600+0+0* 800x600+0+600", 800,
	  1200, DISPLAY_NOTE_MOVED },
	{ "disabled primary: the next display is primary", 3, 0, 0,
	  "0:1600x900@0,0,primary,disabled 1:1024x768@1600,0 2:800x600@2624,0",
	  "- 1024x768+0+0* 800x600+1024+0", 1824, 768, DISPLAY_NOTE_MOVED },
	{ "middle display disabled: the gap closes", 3, 0, 0,
	  "0:800x600@0,0,primary 1:800x600@800,0,disabled 2:800x600@1600,0",
	  "800x600+0+0* - 800x600+800+0", 1600, 600, 0 },
	{ "primary flagged on display 2", 3, 0, 0,
	  "0:800x600@0,0 1:800x600@800,0 2:800x600@1600,0,primary",
	  "800x600+0+0 800x600+800+0 800x600+1600+0*", 2400, 600, 0 },
	{ "more host displays than outputs", 2, 0, 0,
	  "0:800x600 1:800x600 2:800x600 3:800x600",
	  "800x600+0+0* 800x600+800+0", 1600, 600, 0 },
	{ "above the screen maximum: clamped", 2, 4096, 4096,
	  "0:5000x1000,primary 1:800x600,disabled", "4096x1000+0+0*", 4096,
	  1000, 0 },
	{ "the second does not fit: off", 2, 4096, 4096,
	  "0:3000x1000,primary 1:3000x1000", "3000x1000+0+0*", 3000, 1000,
	  DISPLAY_NOTE_NO_FIT },
	{ "a display below the others fits, the one right does not", 3, 4096,
	  4096, "0:3000x1000@0,0,primary 1:3000x1000@3000,0 2:3000x1000@0,1000",
	  "3000x1000+0+0* - 3000x1000+0+1000", 3000, 2000,
	  DISPLAY_NOTE_NO_FIT },
	{ "zero sizes: the display is left as it is", 3, 0, 0,
	  "0:0x0 1:0x0 2:0x0", "2048x1536+0+0*", 2048, 1536, 0 },
	{ "every display disabled: the first stays on", 3, 0, 0,
	  "0:800x600,disabled 1:800x600,disabled", "800x600+0+0*", 800, 600,
	  0 },
};

static void server_for_case(struct server *srv, const struct layout_case *c)
{
	server_init(srv, c->outputs);
	if (c->max_w) {
		srv->screen.max_width = c->max_w;
		srv->screen.max_height = c->max_h;
	}
}

START_TEST(test_layout_table)
{
	const struct layout_case *c = &cases[_i];
	struct display_host hosts[DISPLAY_MAX] = { 0 };
	struct display_plan plan;
	g_autofree char *got = NULL;
	g_autofree char *twice = NULL;
	struct server srv;

	server_for_case(&srv, c);
	plan_for(&srv, hosts, c->defs, &plan);
	got = format_plan(&plan);
	ck_assert_msg(strcmp(got, c->layout) == 0, "%s: got '%s', want '%s'",
		      c->what, got, c->layout);
	ck_assert_msg(plan.screen_width == c->screen_w &&
			      plan.screen_height == c->screen_h,
		      "%s: screen %ux%u, want %ux%u", c->what,
		      plan.screen_width, plan.screen_height, c->screen_w,
		      c->screen_h);
	if (c->outputs > 1)
		ck_assert_msg(plan.outputs[1].notes == c->notes_of_1,
			      "%s: notes of output 1 0x%x, want 0x%x", c->what,
			      plan.outputs[1].notes, c->notes_of_1);
	/* Applied again to the layout it produced: nothing changes. */
	server_for_case(&srv, c);
	twice = plan_twice(&srv, NULL, c->defs);
	ck_assert_str_eq(twice, c->layout);
}
END_TEST

/*
 * A request applied twice: the second time changes nothing.  The first
 * layout is written; outputs the host does not drive start as @before.
 */
struct twice_case {
	const char *what;
	unsigned int outputs;
	const char *map; /* NULL: auto */
	const char *before;
	const char *defs;
	const char *layout;
};

static const struct twice_case twice_cases[] = {
	{ "SIGHUP with a new map: the unmapped outputs stay right", 4,
	  "DUMMY1,DUMMY0",
	  "1440x900+1440+0 1024x768+2880+0 640x480+800+0 800x600+0+0*",
	  "0:800x600,primary 1:640x480 2:1024x768,disabled",
	  "640x480+800+0 800x600+0+0* 640x480+1440+0 800x600+2080+0" },
	{ "a map naming the last outputs: the first ones moved right", 4,
	  "DUMMY3,DUMMY2", "1440x900+0+0* 1024x768+1440+0 1024x768+2464+0",
	  "0:800x600,primary 1:640x480 2:1024x768,disabled",
	  "1440x900+1440+0 1024x768+2880+0 640x480+800+0 800x600+0+0*" },
	{ "displays without positions over kept outputs at the origin", 4, NULL,
	  "- - 800x600+0+0 800x600+800+0", "0:800x600 1:640x480",
	  "800x600+0+0* 640x480+800+0 800x600+1440+0 800x600+2240+0" },
	{ "a kept output in a gap and one below", 4, NULL,
	  "1024x768+0+0* - 800x600+3000+0 640x480+0+768",
	  "0:1280x720 1:800x600",
	  "1280x720+0+0* 800x600+1280+0 800x600+2080+0 640x480+0+720" },
	{ "a kept output between host positions with a gap", 3, NULL,
	  "800x600+0+0 800x600+1600+0 1024x768+800+0",
	  "0:800x600@0,0 1:800x600@2000,0",
	  "800x600+0+0* 800x600+800+0 1024x768+1600+0" },
	{ "a kept output right of a disabled display", 3, NULL,
	  "1024x768+0+0* 1024x768+1024+0 800x600+2048+0",
	  "0:1024x768@0,0,primary 1:1024x768@1024,0,disabled",
	  "1024x768+0+0* - 800x600+1024+0" },
	{ "stacked host displays, a kept output right of them", 3, NULL,
	  "800x600+0+0 800x600+0+600 1024x768+800+0",
	  "0:800x600@0,0,primary 1:800x600@0,600",
	  "800x600+0+0* 800x600+0+600 1024x768+800+0" },
	{ "a kept primary stays primary", 3, NULL,
	  "800x600+0+0 - 1024x768+800+0*", "0:640x480 1:640x480",
	  "640x480+0+0 640x480+640+0 1024x768+1280+0*" },
	{ "a kept output that no longer fits goes off", 3, NULL,
	  "- - 2000x1000+0+0", "0:3000x1000,primary 1:800x600@3000,0",
	  "3000x1000+0+0* 800x600+3000+0" },
	{ "every host display disabled, a kept output on", 3, NULL,
	  "800x600+0+0* 800x600+800+0 800x600+1600+0",
	  "0:800x600,disabled 1:800x600,disabled", "- - 800x600+0+0*" },
	{ "host displays at negative positions, kept ones above", 4, NULL,
	  "- - 640x480+0+0 640x480+640+0",
	  "0:1024x768@-1024,-768 1:1024x768@0,-768,primary",
	  "1024x768+0+0 1024x768+1024+0* 640x480+2048+0 640x480+2688+0" },
};

START_TEST(test_layout_twice)
{
	const struct twice_case *c = &twice_cases[_i];
	g_autofree char *got = NULL;
	struct server srv;

	server_init(&srv, c->outputs);
	if (strstr(c->what, "no longer fits")) {
		srv.screen.max_width = 4096;
		srv.screen.max_height = 4096;
	}
	server_set(&srv, c->before);
	got = plan_twice(&srv, c->map, c->defs);
	ck_assert_msg(strcmp(got, c->layout) == 0, "%s: got '%s', want '%s'",
		      c->what, got, c->layout);
}
END_TEST

/*
 * Random servers (outputs on, off, without a CRTC), maps and requests
 * (sizes, positions or none, disabled, primary): applying a request a
 * second time never changes the layout.  Fixed seed: the same cases on
 * every run.
 */
START_TEST(test_layout_twice_random)
{
	static const struct display_size sizes[] = {
		{ 640, 480 },  { 800, 600 },   { 1024, 768 },
		{ 1280, 720 }, { 1920, 1080 }, { 300, 2000 },
	};
	GRand *rnd = g_rand_new_with_seed(20261202);
	unsigned int round;

	for (round = 0; round < 3000; round++) {
		unsigned int n = (unsigned int)g_rand_int_range(rnd, 1, 9);
		GString *defs = g_string_new(NULL);
		GString *map = g_string_new(NULL);
		g_autofree char *got = NULL;
		struct server srv;
		unsigned int i;

		server_init(&srv, n);
		if (g_rand_boolean(rnd)) {
			srv.screen.max_width = 4096;
			srv.screen.max_height = 4096;
		}
		for (i = 0; i < n; i++) {
			struct display_output *o = &srv.outputs[i];
			const struct display_size *z =
				&sizes[g_rand_int_range(rnd, 0, 6)];

			o->has_crtc = g_rand_int_range(rnd, 0, 8) != 0;
			o->on = o->has_crtc && g_rand_boolean(rnd);
			o->primary = false;
			if (!o->on)
				continue;
			o->width = z->width;
			o->height = z->height;
			o->x = g_rand_int_range(rnd, 0, 30) * 100;
			o->y = g_rand_int_range(rnd, 0, 20) * 100;
		}
		if (n > 1)
			srv.outputs[g_rand_int_range(rnd, 0, (int)n)].primary =
				true;
		if (g_rand_boolean(rnd)) {
			g_string_append(map, "auto");
		} else {
			/* Some outputs, in a random order. */
			unsigned int k = (unsigned int)g_rand_int_range(
				rnd, 1, (int)n + 1);
			int perm[DISPLAY_MAX];

			for (i = 0; i < n; i++)
				perm[i] = (int)i;
			for (i = n - 1; i > 0; i--) {
				int j = g_rand_int_range(rnd, 0, (int)i + 1);
				int t = perm[i];

				perm[i] = perm[j];
				perm[j] = t;
			}
			for (i = 0; i < k; i++)
				g_string_append_printf(map, "%sDUMMY%d",
						       i ? "," : "", perm[i]);
		}
		for (i = 0; i < n + 1; i++) {
			const struct display_size *z =
				&sizes[g_rand_int_range(rnd, 0, 6)];

			if (g_rand_int_range(rnd, 0, 3) == 0)
				continue;
			g_string_append_printf(defs, "%s%u:%ux%u",
					       defs->len ? " " : "", i,
					       z->width, z->height);
			if (g_rand_boolean(rnd))
				g_string_append_printf(
					defs, "@%d,%d",
					g_rand_int_range(rnd, -20, 40) * 100,
					g_rand_int_range(rnd, -10, 20) * 100);
			if (g_rand_int_range(rnd, 0, 4) == 0)
				g_string_append(defs, ",primary");
			if (g_rand_int_range(rnd, 0, 4) == 0)
				g_string_append(defs, ",disabled");
		}
		if (!defs->len)
			g_string_append(defs, "0:800x600");
		got = plan_twice(&srv, map->str, defs->str);
		g_string_free(defs, TRUE);
		g_string_free(map, TRUE);
	}
	g_rand_free(rnd);
}
END_TEST

/* Sixteen monitors in a 4x4 grid, then given in the wrong order. */
START_TEST(test_layout_sixteen)
{
	struct display_host hosts[DISPLAY_MAX] = { 0 };
	GString *defs = g_string_new(NULL), *want = g_string_new(NULL);
	struct display_plan plan;
	g_autofree char *got = NULL;
	struct server srv;
	unsigned int i;

	server_init(&srv, 16);
	for (i = 0; i < 16; i++) {
		g_string_append_printf(defs, "%s%u:1024x768@%u,%u%s",
				       i ? " " : "", i, (i % 4) * 1024,
				       (i / 4) * 768, i == 5 ? ",primary" : "");
		g_string_append_printf(want, "%s1024x768+%u+%u%s", i ? " " : "",
				       (i % 4) * 1024, (i / 4) * 768,
				       i == 5 ? "*" : "");
	}
	plan_for(&srv, hosts, defs->str, &plan);
	got = format_plan(&plan);
	ck_assert_str_eq(got, want->str);
	ck_assert_uint_eq(plan.screen_width, 4096);
	ck_assert_uint_eq(plan.screen_height, 3072);
	ck_assert_int_eq(plan.primary, 5);
	g_string_free(defs, TRUE);
	g_string_free(want, TRUE);
}
END_TEST

/* The host returns only what changed: the rest is remembered. */
START_TEST(test_merge_keeps_the_rest)
{
	struct display_host hosts[DISPLAY_MAX] = { 0 };
	struct vbgl_display_def defs[DISPLAY_MAX];
	struct display_plan plan;
	g_autofree char *got = NULL;
	g_autofree char *text = NULL;
	struct server srv;

	server_init(&srv, 4);
	ck_assert(display_host_merge(
		hosts, defs, parse_defs("0:800x600,primary 1:800x600", defs)));
	ck_assert(!display_host_merge(hosts, defs,
				      parse_defs("1:800x600", defs)));
	plan_for(&srv, hosts, "1:1024x768", &plan);
	got = format_plan(&plan);
	ck_assert_str_eq(got, "800x600+0+0* 1024x768+800+0");
	text = display_host_format(hosts);
	ck_assert_str_eq(text, "0:800x600,primary 1:1024x768");
	/* An id beyond the host's 64 is ignored. */
	defs[0].display = 64;
	ck_assert(!display_host_merge(hosts, defs, 1));
}
END_TEST

START_TEST(test_host_format)
{
	struct display_host hosts[DISPLAY_MAX] = { 0 };
	struct vbgl_display_def defs[DISPLAY_MAX];
	g_autofree char *none = display_host_format(hosts);
	g_autofree char *text = NULL;

	ck_assert_str_eq(none, "none");
	display_host_merge(
		hosts, defs,
		parse_defs("0:1600x900@0,0,primary 3:800x600@-800,10,disabled",
			   defs));
	text = display_host_format(hosts);
	ck_assert_str_eq(text,
			 "0:1600x900@0,0,primary 3:800x600@-800,10,disabled");
}
END_TEST

/* Which modes exist, which must be added to the output or created. */
START_TEST(test_mode_choice)
{
	struct display_host hosts[DISPLAY_MAX] = { 0 };
	static const struct display_size extra[] = {
		{ 2048, 1536 }, { 1920, 1080 }, { 1024, 768 },
		{ 800, 600 },	{ 1366, 768 },
	};
	struct display_plan plan;
	struct server srv;

	server_init(&srv, 4);
	srv.screen.modes = extra;
	srv.screen.n_modes = G_N_ELEMENTS(extra);
	plan_for(&srv, hosts, "0:1024x768 1:1366x768 2:1000x700 3:1000x700",
		 &plan);
	ck_assert_int_eq(plan.outputs[0].mode_source, DISPLAY_MODE_OUTPUT);
	ck_assert_uint_eq(plan.outputs[0].mode_index, 2);
	ck_assert_int_eq(plan.outputs[1].mode_source, DISPLAY_MODE_SCREEN);
	ck_assert_uint_eq(plan.outputs[1].mode_index, 4);
	ck_assert_int_eq(plan.outputs[2].mode_source, DISPLAY_MODE_NEW);
	ck_assert_int_eq(plan.outputs[3].mode_source, DISPLAY_MODE_NEW);
	ck_assert_uint_eq(plan.n_new_modes, 1);
	ck_assert_uint_eq(plan.new_modes[0].width, 1000);
	ck_assert_uint_eq(plan.outputs[3].mode_index, 0);
}
END_TEST

/* Outputs without a CRTC stay off; outputs without a host keep theirs. */
START_TEST(test_no_crtc_and_unmapped)
{
	struct display_host hosts[DISPLAY_MAX] = { 0 };
	struct display_plan plan;
	g_autofree char *got = NULL;
	struct server srv;

	server_init(&srv, 3);
	srv.outputs[1].has_crtc = false;
	srv.outputs[2].on = true;
	srv.outputs[2].x = 2048;
	srv.outputs[2].width = 800;
	srv.outputs[2].height = 600;
	plan_for(&srv, hosts, "0:1024x768,primary 1:1024x768", &plan);
	got = format_plan(&plan);
	ck_assert_str_eq(got, "1024x768+0+0* - 800x600+1024+0");
	ck_assert_uint_eq(plan.outputs[1].notes, DISPLAY_NOTE_NO_CRTC);
	ck_assert_uint_eq(plan.outputs[2].notes, DISPLAY_NOTE_MOVED);
}
END_TEST

/* A tiny layout is padded to the screen minimum. */
START_TEST(test_screen_minimum)
{
	struct display_host hosts[DISPLAY_MAX] = { 0 };
	struct display_plan plan;
	struct server srv;

	server_init(&srv, 1);
	srv.screen.min_width = 320;
	srv.screen.min_height = 200;
	plan_for(&srv, hosts, "0:100x100", &plan);
	ck_assert_uint_eq(plan.outputs[0].width, 100);
	ck_assert_uint_eq(plan.screen_width, 320);
	ck_assert_uint_eq(plan.screen_height, 200);
}
END_TEST

struct map_case {
	const char *map;
	const char *names; /* comma-separated */
	const char *want;  /* output index per host display 0.., '.' none */
	enum display_map_kind kind;
};

static const struct map_case map_cases[] = {
	{ "auto", "DUMMY0,DUMMY1,DUMMY2", "012", DISPLAY_MAP_NUMBER },
	{ "auto", "Virtual2,Virtual1,Virtual3", "102", DISPLAY_MAP_NUMBER },
	{ "auto", "Virtual-1,Virtual-3", "0.1", DISPLAY_MAP_NUMBER },
	{ "auto", "VGA-1,HDMI-1,eDP", "012", DISPLAY_MAP_ORDER },
	{ "auto", "default", "0", DISPLAY_MAP_ORDER },
	{ "order", "DUMMY2,DUMMY0", "01", DISPLAY_MAP_ORDER },
	{ "number", "DUMMY2,DUMMY0,eDP", "1.0", DISPLAY_MAP_NUMBER },
	{ "DUMMY3,DUMMY0", "DUMMY0,DUMMY1,DUMMY2,DUMMY3", "30",
	  DISPLAY_MAP_NAMES },
	{ "nosuch,DUMMY1", "DUMMY0,DUMMY1", ".1", DISPLAY_MAP_NAMES },
};

START_TEST(test_map_table)
{
	const struct map_case *c = &map_cases[_i];
	g_auto(GStrv) names = g_strsplit(c->names, ",", -1);
	struct display_map map;
	int h2o[DISPLAY_MAX];
	GString *got = g_string_new(NULL);
	unsigned int i, len = (unsigned int)strlen(c->want);

	ck_assert(display_map_parse(c->map, &map, NULL));
	ck_assert_int_eq(display_map_outputs(&map, (const char *const *)names,
					     g_strv_length(names), h2o),
			 c->kind);
	for (i = 0; i < len; i++)
		g_string_append_c(got, h2o[i] < 0 ? '.' : (char)('0' + h2o[i]));
	for (i = len; i < DISPLAY_MAX; i++)
		ck_assert_int_eq(h2o[i], -1);
	ck_assert_msg(strcmp(got->str, c->want) == 0, "%s on %s: %s, want %s",
		      c->map, c->names, got->str, c->want);
	g_string_free(got, TRUE);
	display_map_clear(&map);
}
END_TEST

START_TEST(test_map_parse_errors)
{
	static const char *const bad[] = { "", "a,,b", "a,a", ",", "a," };
	struct display_map map;
	unsigned int i;

	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		GError *error = NULL;

		ck_assert_msg(!display_map_parse(bad[i], &map, &error),
			      "'%s' accepted", bad[i]);
		ck_assert(error != NULL);
		g_error_free(error);
	}
	ck_assert_int_eq(display_name_number("DUMMY15"), 15);
	ck_assert_int_eq(display_name_number("Virtual-1"), 1);
	ck_assert_int_eq(display_name_number("eDP"), -1);
	ck_assert_int_eq(display_name_number("X123456"), -1);
}
END_TEST

/* CVT reduced blanking from libxcvt, exactly the size asked for. */
START_TEST(test_mode_timings)
{
	struct display_timings t;

	ck_assert_int_eq(display_mode_timings(1920, 1080, &t), 0);
	ck_assert_uint_eq(t.width, 1920);
	ck_assert_uint_eq(t.htotal, 2080);
	ck_assert_uint_eq(t.vtotal, 1111);
	ck_assert_uint_eq(t.dot_clock_hz, 138500000);
	ck_assert(t.hsync_positive && !t.vsync_positive);
	ck_assert(t.refresh_hz > 59.5 && t.refresh_hz < 60.5);

	/* 1366 is special-cased by CVT; 801 is not a multiple of 8. */
	ck_assert_int_eq(display_mode_timings(1366, 768, &t), 0);
	ck_assert_uint_eq(t.width, 1366);
	ck_assert(t.hsync_start > 1366 && t.hsync_end > t.hsync_start &&
		  t.htotal > t.hsync_end);
	ck_assert_int_eq(display_mode_timings(801, 601, &t), 0);
	ck_assert_uint_eq(t.width, 801);
	ck_assert_uint_eq(t.height, 601);
	ck_assert(t.hsync_start > 801 && t.vsync_start > 601);
	ck_assert_uint_eq(t.htotal - t.width, 960 - 800);

	ck_assert_int_eq(display_mode_timings(0, 600, &t), -EINVAL);
	ck_assert_int_eq(display_mode_timings(800, DISPLAY_MAX_DIM + 1, &t),
			 -EINVAL);
	ck_assert_int_eq(
		display_mode_timings(DISPLAY_MAX_DIM, DISPLAY_MAX_DIM, &t), 0);
}
END_TEST

static Suite *display_layout_suite(void)
{
	Suite *s = suite_create("display_layout");
	TCase *tc = tcase_create("layout");

	tcase_add_loop_test(tc, test_layout_table, 0, G_N_ELEMENTS(cases));
	tcase_add_loop_test(tc, test_layout_twice, 0,
			    G_N_ELEMENTS(twice_cases));
	tcase_add_test(tc, test_layout_twice_random);
	tcase_add_test(tc, test_layout_sixteen);
	tcase_add_test(tc, test_merge_keeps_the_rest);
	tcase_add_test(tc, test_host_format);
	tcase_add_test(tc, test_mode_choice);
	tcase_add_test(tc, test_no_crtc_and_unmapped);
	tcase_add_test(tc, test_screen_minimum);
	suite_add_tcase(s, tc);

	tc = tcase_create("map");
	tcase_add_loop_test(tc, test_map_table, 0, G_N_ELEMENTS(map_cases));
	tcase_add_test(tc, test_map_parse_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("modes");
	tcase_add_test(tc, test_mode_timings);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(display_layout_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
