// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The X side of vbox-display (see display_randr.h).
 */
#include "config.h"

#define G_LOG_DOMAIN "vbox-display"

#include "services/vbox-display/display_randr.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <gio/gio.h>

#include <X11/extensions/Xrandr.h>

/* Modes this agent creates are named WxH followed by this. */
#define MODE_SUFFIX "_vbox"
#define MM_PER_INCH 25.4
#define DEFAULT_DPI 96.0

/* One look at the server's resources. */
struct snap {
	XRRScreenResources *res;
	unsigned int n;
	XRROutputInfo *out[DISPLAY_MAX];
	XRRCrtcInfo **crtc; /* res->ncrtc entries, NULL where unreadable */
	struct display_size *out_modes[DISPLAY_MAX];
	struct display_size *screen_modes;
	struct display_output outputs[DISPLAY_MAX];
	const char *names[DISPLAY_MAX];
	struct display_screen screen;
	uint32_t width, height; /* the screen now */
};

struct display_randr {
	struct ovt_x11 *x;
	Display *dpy;
	Window root;
	int event_base;
	bool probed;	  /* the outputs were probed once */
	bool own_modes;	  /* modes of this agent may be unused */
	struct snap last; /* of display_randr_read(), for the names */
};

struct display_randr *display_randr_new(struct ovt_x11 *x, GError **error)
{
	struct ovt_x11_extension ext;
	struct display_randr *r;

	if (!ovt_x11_check_extension(x, "RANDR", &ext)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
			    "the X server %s has no RandR 1.2 or later",
			    ovt_x11_name(x));
		return NULL;
	}
	r = g_new0(struct display_randr, 1);
	r->x = x;
	r->dpy = ovt_x11_display(x);
	r->root = DefaultRootWindow(r->dpy);
	r->event_base = ext.event_base;
	r->own_modes = true; /* an earlier run may have left some */
	XRRSelectInput(r->dpy, r->root,
		       RRScreenChangeNotifyMask | RRCrtcChangeNotifyMask |
			       RROutputChangeNotifyMask);
	return r;
}

static void snap_free(struct snap *s);

void display_randr_free(struct display_randr *r)
{
	if (!r)
		return;
	snap_free(&r->last);
	g_free(r);
}

bool display_randr_is_change(struct display_randr *r, XEvent *event)
{
	if (event->type == r->event_base + RRScreenChangeNotify) {
		XRRUpdateConfiguration(event);
		return true;
	}
	return event->type == r->event_base + RRNotify;
}

/* ---- reading ---------------------------------------------------------------
 */

static const XRRModeInfo *find_mode(const XRRScreenResources *res, RRMode id)
{
	int i;

	for (i = 0; i < res->nmode; i++) {
		if (res->modes[i].id == id)
			return &res->modes[i];
	}
	return NULL;
}

static XRRCrtcInfo *crtc_info(const struct snap *s, RRCrtc id)
{
	int i;

	for (i = 0; i < s->res->ncrtc; i++) {
		if (s->res->crtcs[i] == id)
			return s->crtc[i];
	}
	return NULL;
}

static void snap_free(struct snap *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		if (s->out[i])
			XRRFreeOutputInfo(s->out[i]);
		g_free(s->out_modes[i]);
	}
	if (s->crtc) {
		for (i = 0; s->res && i < (unsigned int)s->res->ncrtc; i++) {
			if (s->crtc[i])
				XRRFreeCrtcInfo(s->crtc[i]);
		}
	}
	g_free(s->crtc);
	g_free(s->screen_modes);
	if (s->res)
		XRRFreeScreenResources(s->res);
	memset(s, 0, sizeof(*s));
}

static void snap_output(struct snap *s, unsigned int i, RROutput primary)
{
	XRROutputInfo *o = s->out[i];
	struct display_output *d = &s->outputs[i];
	XRRCrtcInfo *c = o->crtc ? crtc_info(s, o->crtc) : NULL;
	int k;

	s->names[i] = o->name;
	d->has_crtc = o->ncrtc > 0;
	d->primary = s->res->outputs[i] == primary;
	if (c && c->mode != None) {
		d->on = true;
		d->x = c->x;
		d->y = c->y;
		d->width = c->width;
		d->height = c->height;
	}
	s->out_modes[i] = g_new0(struct display_size, MAX(o->nmode, 1));
	for (k = 0; k < o->nmode; k++) {
		const XRRModeInfo *m = find_mode(s->res, o->modes[k]);

		if (m) {
			s->out_modes[i][k].width = m->width;
			s->out_modes[i][k].height = m->height;
		}
	}
	d->modes = s->out_modes[i];
	d->n_modes = (unsigned int)o->nmode;
}

static void snap_screen(struct display_randr *r, struct snap *s)
{
	int minw = 0, minh = 0, maxw = 0, maxh = 0, i;
	unsigned int bw, depth, w = 0, h = 0;
	Window root;
	int x, y;

	XRRGetScreenSizeRange(r->dpy, r->root, &minw, &minh, &maxw, &maxh);
	s->screen.min_width = (uint32_t)MAX(minw, 1);
	s->screen.min_height = (uint32_t)MAX(minh, 1);
	s->screen.max_width = (uint32_t)MAX(maxw, 1);
	s->screen.max_height = (uint32_t)MAX(maxh, 1);
	s->screen_modes = g_new0(struct display_size, MAX(s->res->nmode, 1));
	for (i = 0; i < s->res->nmode; i++) {
		s->screen_modes[i].width = s->res->modes[i].width;
		s->screen_modes[i].height = s->res->modes[i].height;
	}
	s->screen.modes = s->screen_modes;
	s->screen.n_modes = (unsigned int)s->res->nmode;
	XGetGeometry(r->dpy, r->root, &root, &x, &y, &w, &h, &bw, &depth);
	s->width = w;
	s->height = h;
}

/* Read everything; probes the outputs the first time only. */
static int snap_take(struct display_randr *r, struct snap *s)
{
	RROutput primary;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	ovt_x11_trap_push(r->x);
	if (r->probed)
		s->res = XRRGetScreenResourcesCurrent(r->dpy, r->root);
	else
		s->res = XRRGetScreenResources(r->dpy, r->root);
	r->probed = true;
	if (s->res) {
		s->n = MIN((unsigned int)s->res->noutput, DISPLAY_MAX);
		s->crtc = g_new0(XRRCrtcInfo *, MAX(s->res->ncrtc, 1));
		for (i = 0; i < (unsigned int)s->res->ncrtc; i++)
			s->crtc[i] = XRRGetCrtcInfo(r->dpy, s->res,
						    s->res->crtcs[i]);
		for (i = 0; i < s->n; i++)
			s->out[i] = XRRGetOutputInfo(r->dpy, s->res,
						     s->res->outputs[i]);
	}
	primary = XRRGetOutputPrimary(r->dpy, r->root);
	if (ovt_x11_trap_pop(r->x) || !s->res)
		goto failed;
	for (i = 0; i < s->n; i++) {
		if (!s->out[i])
			goto failed;
		snap_output(s, i, primary);
	}
	snap_screen(r, s);
	return 0;
failed:
	snap_free(s);
	return -EIO;
}

int display_randr_read(struct display_randr *r, struct display_now *now)
{
	struct snap *last = &r->last;
	struct snap s;
	unsigned int i;
	int ret;

	ret = snap_take(r, &s);
	if (ret < 0)
		return ret;
	/* The names live in the snapshot: keep it until the next call. */
	snap_free(last);
	*last = s;
	memset(now, 0, sizeof(*now));
	now->n = last->n;
	for (i = 0; i < last->n; i++) {
		now->names[i] = last->names[i];
		now->outputs[i] = last->outputs[i];
		now->outputs[i].modes = NULL;
		now->outputs[i].n_modes = 0;
	}
	now->screen_width = last->width;
	now->screen_height = last->height;
	return 0;
}

/* ---- applying ---------------------------------------------------------------
 */

struct apply {
	struct display_randr *r;
	struct snap *s;
	const struct display_plan *plan;
	RRMode created[DISPLAY_MAX];
	RRMode mode[DISPLAY_MAX];
	RRCrtc crtc[DISPLAY_MAX];
	char *error;
};

static int fail(struct apply *a, int err, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

static int fail(struct apply *a, int err, const char *fmt, ...)
{
	va_list ap;

	if (!a->error) {
		va_start(ap, fmt);
		a->error = g_strdup_vprintf(fmt, ap);
		va_end(ap);
	}
	return err;
}

static RRMode create_mode(struct apply *a, const struct display_size *size)
{
	g_autofree char *name =
		g_strdup_printf("%ux%u" MODE_SUFFIX, size->width, size->height);
	struct display_timings t;
	XRRModeInfo *info;
	RRMode id;

	if (display_mode_timings(size->width, size->height, &t) < 0)
		return None;
	info = XRRAllocModeInfo(name, (int)strlen(name));
	if (!info)
		return None;
	info->width = t.width;
	info->height = t.height;
	info->dotClock = t.dot_clock_hz;
	info->hSyncStart = t.hsync_start;
	info->hSyncEnd = t.hsync_end;
	info->hTotal = t.htotal;
	info->vSyncStart = t.vsync_start;
	info->vSyncEnd = t.vsync_end;
	info->vTotal = t.vtotal;
	info->modeFlags =
		(t.hsync_positive ? RR_HSyncPositive : RR_HSyncNegative) |
		(t.vsync_positive ? RR_VSyncPositive : RR_VSyncNegative);
	id = XRRCreateMode(a->r->dpy, a->r->root, info);
	XRRFreeModeInfo(info);
	return id;
}

static bool output_has_mode(const XRROutputInfo *o, RRMode mode)
{
	int i;

	for (i = 0; i < o->nmode; i++) {
		if (o->modes[i] == mode)
			return true;
	}
	return false;
}

/* The mode of each output that is to be on, created or added if needed. */
static int prepare_modes(struct apply *a)
{
	const struct display_plan *p = a->plan;
	unsigned int i;

	ovt_x11_trap_push(a->r->x);
	for (i = 0; i < p->n_new_modes; i++)
		a->created[i] = create_mode(a, &p->new_modes[i]);
	if (p->n_new_modes)
		a->r->own_modes = true;
	if (ovt_x11_trap_pop(a->r->x))
		return fail(a, -EIO, "the X server refused to create a mode");
	ovt_x11_trap_push(a->r->x);
	for (i = 0; i < p->n_outputs; i++) {
		const struct display_output_plan *op = &p->outputs[i];
		XRROutputInfo *o = a->s->out[i];

		if (!op->on)
			continue;
		if (op->mode_source == DISPLAY_MODE_OUTPUT)
			a->mode[i] = o->modes[op->mode_index];
		else if (op->mode_source == DISPLAY_MODE_SCREEN)
			a->mode[i] = a->s->res->modes[op->mode_index].id;
		else
			a->mode[i] = a->created[op->mode_index];
		if (a->mode[i] == None)
			continue;
		if (!output_has_mode(o, a->mode[i]))
			XRRAddOutputMode(a->r->dpy, a->s->res->outputs[i],
					 a->mode[i]);
	}
	if (ovt_x11_trap_pop(a->r->x))
		return fail(a, -EIO, "the X server refused to add a mode");
	for (i = 0; i < p->n_outputs; i++) {
		if (p->outputs[i].on && a->mode[i] == None)
			return fail(a, -EIO, "no mode %ux%u for output %s",
				    p->outputs[i].width, p->outputs[i].height,
				    a->s->names[i]);
	}
	return 0;
}

static bool crtc_taken(const struct apply *a, RRCrtc crtc, unsigned int self)
{
	unsigned int i;

	for (i = 0; i < a->s->n; i++) {
		if (i != self && a->crtc[i] == crtc)
			return true;
	}
	return false;
}

/* Outputs keep the CRTC they have; the others take a free one. */
static int choose_crtcs(struct apply *a)
{
	unsigned int i;
	int k;

	for (i = 0; i < a->s->n; i++) {
		if (a->plan->outputs[i].on && a->s->out[i]->crtc)
			a->crtc[i] = a->s->out[i]->crtc;
	}
	for (i = 0; i < a->s->n; i++) {
		XRROutputInfo *o = a->s->out[i];

		if (!a->plan->outputs[i].on || a->crtc[i])
			continue;
		for (k = 0; k < o->ncrtc && !a->crtc[i]; k++) {
			XRRCrtcInfo *c = crtc_info(a->s, o->crtcs[k]);
			bool busy = c && c->noutput > 0;
			unsigned int j;

			/* A CRTC driving an output that goes off is free. */
			for (j = 0; busy && j < a->s->n; j++) {
				if (a->s->out[j]->crtc == o->crtcs[k] &&
				    !a->plan->outputs[j].on)
					busy = false;
			}
			if (!busy && !crtc_taken(a, o->crtcs[k], i))
				a->crtc[i] = o->crtcs[k];
		}
		if (!a->crtc[i])
			return fail(a, -EBUSY, "no free CRTC for output %s",
				    o->name);
	}
	return 0;
}

/* The output whose planned configuration a CRTC gets, or -1 for off. */
static int crtc_target(const struct apply *a, RRCrtc crtc)
{
	unsigned int i;

	for (i = 0; i < a->s->n; i++) {
		if (a->crtc[i] == crtc)
			return (int)i;
	}
	return -1;
}

static bool crtc_unchanged(const struct apply *a, const XRRCrtcInfo *c,
			   int target)
{
	const struct display_output_plan *op;

	if (target < 0)
		return c->mode == None;
	op = &a->plan->outputs[target];
	return c->mode == a->mode[target] && c->x == op->x && c->y == op->y &&
	       c->rotation == RR_Rotate_0 && c->noutput == 1 &&
	       c->outputs[0] == a->s->res->outputs[target];
}

static int set_crtc(struct apply *a, RRCrtc crtc, int target)
{
	RROutput out;
	Status st;

	if (target < 0) {
		st = XRRSetCrtcConfig(a->r->dpy, a->s->res, crtc, CurrentTime,
				      0, 0, None, RR_Rotate_0, NULL, 0);
	} else {
		out = a->s->res->outputs[target];
		st = XRRSetCrtcConfig(a->r->dpy, a->s->res, crtc, CurrentTime,
				      a->plan->outputs[target].x,
				      a->plan->outputs[target].y,
				      a->mode[target], RR_Rotate_0, &out, 1);
	}
	return st == RRSetConfigSuccess ? 0 : -EIO;
}

/* Off: every CRTC whose configuration changes (pass 0); on (pass 1). */
static int set_crtcs(struct apply *a, bool on)
{
	int i, target, ret = 0;

	ovt_x11_trap_push(a->r->x);
	for (i = 0; i < a->s->res->ncrtc && !ret; i++) {
		XRRCrtcInfo *c = a->s->crtc[i];

		if (!c)
			continue;
		target = crtc_target(a, a->s->res->crtcs[i]);
		if (crtc_unchanged(a, c, target))
			continue;
		if (!on && c->mode != None)
			ret = set_crtc(a, a->s->res->crtcs[i], -1);
		else if (on && target >= 0)
			ret = set_crtc(a, a->s->res->crtcs[i], target);
	}
	if (ovt_x11_trap_pop(a->r->x) || ret)
		return fail(a, -EIO, "the X server refused to %s a CRTC",
			    on ? "configure" : "switch off");
	return 0;
}

static int set_screen_size(struct apply *a)
{
	Display *dpy = a->r->dpy;
	int scr = DefaultScreen(dpy);
	uint32_t w = a->plan->screen_width, h = a->plan->screen_height;
	double xdpi = DEFAULT_DPI, ydpi = DEFAULT_DPI;

	if (w == a->s->width && h == a->s->height)
		return 0;
	if (DisplayWidthMM(dpy, scr) > 0)
		xdpi = DisplayWidth(dpy, scr) * MM_PER_INCH /
		       DisplayWidthMM(dpy, scr);
	if (DisplayHeightMM(dpy, scr) > 0)
		ydpi = DisplayHeight(dpy, scr) * MM_PER_INCH /
		       DisplayHeightMM(dpy, scr);
	ovt_x11_trap_push(a->r->x);
	XRRSetScreenSize(dpy, a->r->root, (int)w, (int)h,
			 (int)(w * MM_PER_INCH / xdpi + 0.5),
			 (int)(h * MM_PER_INCH / ydpi + 0.5));
	if (ovt_x11_trap_pop(a->r->x))
		return fail(a, -EIO,
			    "the X server refused the screen size %ux%u", w, h);
	return 0;
}

static int set_primary(struct apply *a)
{
	int p = a->plan->primary;

	if (p < 0 || a->s->outputs[p].primary)
		return 0;
	ovt_x11_trap_push(a->r->x);
	XRRSetOutputPrimary(a->r->dpy, a->r->root, a->s->res->outputs[p]);
	if (ovt_x11_trap_pop(a->r->x))
		return fail(a, -EIO, "the X server refused the primary output");
	return 0;
}

static int apply_grabbed(struct apply *a, const struct display_host *hosts,
			 const struct display_map *map,
			 struct display_plan *plan)
{
	int h2o[DISPLAY_MAX];
	int ret;

	ret = snap_take(a->r, a->s);
	if (ret < 0)
		return fail(a, ret, "cannot read the RandR configuration");
	display_map_outputs(map, a->s->names, a->s->n, h2o);
	display_layout_plan(hosts, h2o, a->s->outputs, a->s->n, &a->s->screen,
			    plan);
	a->plan = plan;
	ret = prepare_modes(a);
	if (!ret)
		ret = choose_crtcs(a);
	if (!ret)
		ret = set_crtcs(a, false);
	if (!ret)
		ret = set_screen_size(a);
	if (!ret)
		ret = set_crtcs(a, true);
	if (!ret)
		ret = set_primary(a);
	return ret;
}

static bool is_our_mode(const XRRModeInfo *m)
{
	return m->name && g_str_has_suffix(m->name, MODE_SUFFIX);
}

static bool mode_in_use(const struct snap *s, RRMode id)
{
	int i;

	for (i = 0; i < s->res->ncrtc; i++) {
		if (s->crtc[i] && s->crtc[i]->mode == id)
			return true;
	}
	return false;
}

/* Delete the modes this agent made that no CRTC uses any more. */
static void drop_unused_modes(struct display_randr *r)
{
	bool in_use = false;
	struct snap s;
	unsigned int i;
	int k;

	if (!r->own_modes || snap_take(r, &s) < 0)
		return;
	ovt_x11_trap_push(r->x);
	for (k = 0; k < s.res->nmode; k++) {
		const XRRModeInfo *m = &s.res->modes[k];

		if (!is_our_mode(m))
			continue;
		if (mode_in_use(&s, m->id)) {
			in_use = true;
			continue;
		}
		for (i = 0; i < s.n; i++) {
			if (output_has_mode(s.out[i], m->id))
				XRRDeleteOutputMode(r->dpy, s.res->outputs[i],
						    m->id);
		}
		XRRDestroyMode(r->dpy, m->id);
	}
	if (ovt_x11_trap_pop(r->x))
		g_debug("an unused mode could not be deleted");
	/* Modes in use now are checked again after the next change. */
	r->own_modes = in_use;
	snap_free(&s);
}

int display_randr_apply(struct display_randr *r,
			const struct display_host *hosts,
			const struct display_map *map,
			struct display_plan *plan, char **error)
{
	struct apply a = { .r = r };
	struct snap s;
	int ret;

	memset(&s, 0, sizeof(s));
	a.s = &s;
	XGrabServer(r->dpy);
	ret = apply_grabbed(&a, hosts, map, plan);
	XUngrabServer(r->dpy);
	XFlush(r->dpy);
	if (s.res)
		snap_free(&s);
	drop_unused_modes(r);
	if (ret < 0)
		*error = a.error ? a.error : g_strdup(g_strerror(-ret));
	else
		g_free(a.error);
	return ret;
}
