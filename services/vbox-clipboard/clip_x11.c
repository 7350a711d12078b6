// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-clipboard's X11 selections (see clip_x11.h).
 *
 * Per selection the agent knows whether it owns it (for the host) and,
 * when a guest X client does, that owner's acquisition time and what its
 * TARGETS offer.  The selection whose offer was last announced to the host
 * is the source the host's reads come from.
 *
 * A TARGETS query runs per selection at a time; owner changes that come
 * while one runs make it run again for the newest owner, so a burst of
 * changes costs two queries, and a stale answer is never announced.
 */
#define G_LOG_DOMAIN "vbox-clipboard"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xfixes.h>
#include <gio/gio.h>
#include <glib.h>

#include "services/vbox-clipboard/clip_convert.h"
#include "services/vbox-clipboard/clip_serve.h"
#include "services/vbox-clipboard/clip_x11.h"
#include "services/vbox-clipboard/clip_xfer.h"

/* The most targets read from one owner's TARGETS. */
#define X11_TARGETS_MAX 256u

enum { SEL_CLIPBOARD, SEL_PRIMARY, SEL_COUNT };

struct sel {
	struct clip_x11 *s;
	const char *name;
	Atom atom;
	bool enabled;
	bool ours; /* the agent owns it, for the host */
	Time own_time;
	Window owner;		   /* a guest owner, or None */
	Time owner_time;	   /* its acquisition time (XFixes) */
	unsigned int owner_serial; /* counts owner changes */
	uint32_t formats;	   /* what the guest owner offers */
	struct clip_choice choice;
	bool querying; /* TARGETS under way */
	bool again;    /* the owner changed meanwhile */
};

struct clip_x11 {
	struct ovt_x11 *x;
	Display *dpy;
	Window window;
	int xfixes_event;
	struct clip_xfer *xf;
	struct clip_serve *serve;
	const struct clip_x11_ops *ops;
	void *data;
	struct sel sels[SEL_COUNT];
	struct sel *source; /* whose offer the host has, or NULL */
	Atom a_targets, a_time;
};

static void query_targets(struct sel *sel);

/* ---- guest owners -------------------------------------------------------- */

static void announce(struct clip_x11 *s, struct sel *sel, uint32_t formats)
{
	s->source = formats ? sel : NULL;
	s->ops->guest_formats(s->data, sel->name, formats);
}

static uint32_t choose(struct clip_x11 *s, struct sel *sel, GBytes *data)
{
	gsize size;
	const long *atoms = g_bytes_get_data(data, &size);
	size_t n = MIN(size / sizeof(long), (size_t)X11_TARGETS_MAX);
	Atom list[X11_TARGETS_MAX];
	char **names;
	uint32_t formats;
	size_t i;

	for (i = 0; i < n; i++)
		list[i] = (Atom)atoms[i];
	names = ovt_x11_atom_names(s->x, list, n);
	formats = clip_choose_targets((const char *const *)names, n,
				      &sel->choice);
	g_strfreev(names);
	return formats & CLIP_FORMATS_SUPPORTED;
}

struct targets_query {
	struct sel *sel;
	unsigned int serial;
};

static void on_targets(int err, Atom type, int format, GBytes *data, void *user)
{
	struct targets_query *q = user;
	struct sel *sel = q->sel;
	struct clip_x11 *s = sel->s;
	bool stale = q->serial != sel->owner_serial || sel->again;
	uint32_t formats = 0;

	g_free(q);
	sel->querying = false;
	/* Logged even when the selection changed hands meanwhile. */
	if (err == -ETIMEDOUT)
		g_message(
			"the owner of %s did not answer for its TARGETS within %u s; gave up",
			sel->name, CLIP_XFER_TIMEOUT_MS / 1000);
	if (sel->ours || sel->owner == None)
		return;
	if (stale) {
		query_targets(sel);
		return;
	}
	if (err == 0 && format == 32 &&
	    (type == XA_ATOM || type == s->a_targets))
		formats = choose(s, sel, data);
	else if (err < 0 && err != -ETIMEDOUT)
		g_info("the owner of %s did not list its targets: %s",
		       sel->name, g_strerror(-err));
	sel->formats = formats;
	g_debug("%s: the guest owner offers formats 0x%x", sel->name, formats);
	announce(s, sel, formats);
}

static void query_targets(struct sel *sel)
{
	struct targets_query *q;

	if (sel->querying) {
		sel->again = true;
		return;
	}
	sel->querying = true;
	sel->again = false;
	q = g_new0(struct targets_query, 1);
	q->sel = sel;
	q->serial = sel->owner_serial;
	clip_xfer_get(sel->s->xf, sel->atom, sel->s->a_targets, sel->owner_time,
		      on_targets, q);
}

static void on_owner_change(struct clip_x11 *s, struct sel *sel,
			    const XFixesSelectionNotifyEvent *ev)
{
	sel->owner_serial++;
	sel->formats = 0;
	if (ev->owner == s->window) {
		/* Our own clip_x11_take(): the host's offer, nothing to say. */
		sel->owner = None;
		return;
	}
	sel->ours = false;
	if (ev->subtype == XFixesSetSelectionOwnerNotify && ev->owner != None) {
		sel->owner = ev->owner;
		sel->owner_time = ev->selection_timestamp;
		query_targets(sel);
		return;
	}
	sel->owner = None;
	/* Only the source's owner leaving empties the host's clipboard. */
	if (s->source == sel)
		announce(s, sel, 0);
}

/* At start: owners that were there before the agent. */
static void find_owners(struct clip_x11 *s)
{
	unsigned int i;

	for (i = 0; i < SEL_COUNT; i++) {
		struct sel *sel = &s->sels[i];
		Window owner;

		if (!sel->enabled)
			continue;
		owner = XGetSelectionOwner(s->dpy, sel->atom);
		if (owner == None)
			continue;
		sel->owner = owner;
		sel->owner_time = CurrentTime;
		query_targets(sel);
	}
}

/* ---- reading the guest's data for the host ------------------------------- */

struct read_op {
	struct clip_x11 *s;
	const struct clip_target *t;
	size_t max_out;
	clip_x11_read_fn fn;
	void *user;
};

static void on_read(int err, Atom type, int format, GBytes *data, void *user)
{
	struct read_op *op = user;
	uint32_t vbox_format = op->t->vbox_format;
	void *out = NULL;
	size_t len = 0;

	(void)type;
	if (err == 0 && format != 8)
		err = -EINVAL;
	if (err == 0) {
		gsize size;
		const void *bytes = g_bytes_get_data(data, &size);

		err = clip_convert_x11_to_host(op->t->conversion, bytes, size,
					       op->max_out, &out, &len);
	}
	if (err == -EFBIG)
		g_message(
			"refused the guest's %s: larger than --max-size (%zu bytes)",
			op->t->name, op->max_out);
	else if (err == -ETIMEDOUT)
		g_message(
			"the owner of the guest's %s stalled; gave up after %u s",
			op->t->name, CLIP_XFER_TIMEOUT_MS / 1000);
	else if (err < 0)
		g_message("cannot read the guest's %s: %s", op->t->name,
			  g_strerror(-err));
	if (err < 0) {
		op->fn(err, vbox_format, NULL, op->user);
	} else {
		GBytes *result = g_bytes_new_take(out, len);

		op->fn(0, vbox_format, result, op->user);
		g_bytes_unref(result);
	}
	g_free(op);
}

struct read_fail {
	clip_x11_read_fn fn;
	void *user;
	uint32_t format;
};

static gboolean on_read_fail(gpointer p)
{
	struct read_fail *f = p;

	f->fn(-ENODATA, f->format, NULL, f->user);
	g_free(f);
	return G_SOURCE_REMOVE;
}

void clip_x11_read(struct clip_x11 *s, uint32_t formats, size_t max_out,
		   clip_x11_read_fn fn, void *user)
{
	static const uint32_t order[] = { VBGL_CLIPBOARD_FMT_UNICODETEXT,
					  VBGL_CLIPBOARD_FMT_BITMAP,
					  VBGL_CLIPBOARD_FMT_HTML };
	struct sel *sel = s->source;
	const struct clip_target *t = NULL;
	struct read_op *op;
	unsigned int i;

	for (i = 0; sel && !sel->ours && i < G_N_ELEMENTS(order) && !t; i++)
		if (formats & sel->formats & order[i])
			t = clip_choice_get(&sel->choice, order[i]);
	if (!t) {
		struct read_fail *f = g_new0(struct read_fail, 1);

		f->fn = fn;
		f->user = user;
		f->format = formats & -formats;
		g_info("the host asked for formats 0x%x the guest does not offer",
		       formats);
		g_idle_add(on_read_fail, f);
		return;
	}
	op = g_new0(struct read_op, 1);
	op->s = s;
	op->t = t;
	op->max_out = max_out;
	op->fn = fn;
	op->user = user;
	clip_xfer_get(s->xf, sel->atom, ovt_x11_atom(s->x, t->name),
		      sel->owner_time, on_read, op);
}

uint32_t clip_x11_guest_formats(const struct clip_x11 *s)
{
	return s->source ? s->source->formats : 0;
}

/* ---- owning for the host --------------------------------------------------
 */

bool clip_x11_take(struct clip_x11 *s)
{
	Time now = ovt_x11_server_time(s->x, s->window, s->a_time);
	unsigned int i;

	s->source = NULL;
	for (i = 0; i < SEL_COUNT; i++) {
		struct sel *sel = &s->sels[i];

		if (!sel->enabled)
			continue;
		XSetSelectionOwner(s->dpy, sel->atom, s->window, now);
		sel->ours = XGetSelectionOwner(s->dpy, sel->atom) == s->window;
		if (!sel->ours) {
			g_warning("could not take %s for the host's data",
				  sel->name);
			continue;
		}
		sel->own_time = now;
		sel->owner = None;
		sel->formats = 0;
		sel->owner_serial++;
	}
	return s->sels[SEL_CLIPBOARD].ours;
}

void clip_x11_drop(struct clip_x11 *s)
{
	unsigned int i;

	for (i = 0; i < SEL_COUNT; i++) {
		struct sel *sel = &s->sels[i];

		if (!sel->ours)
			continue;
		XSetSelectionOwner(s->dpy, sel->atom, None, sel->own_time);
		sel->ours = false;
	}
	XFlush(s->dpy);
}

/* ---- events -------------------------------------------------------------- */

static struct sel *sel_of(struct clip_x11 *s, Atom atom)
{
	unsigned int i;

	for (i = 0; i < SEL_COUNT; i++)
		if (s->sels[i].enabled && s->sels[i].atom == atom)
			return &s->sels[i];
	return NULL;
}

void clip_x11_handle_event(struct clip_x11 *s, XEvent *ev)
{
	struct sel *sel;

	if (ev->type == s->xfixes_event + XFixesSelectionNotify) {
		XFixesSelectionNotifyEvent *fe =
			(XFixesSelectionNotifyEvent *)ev;

		sel = sel_of(s, fe->selection);
		if (sel)
			on_owner_change(s, sel, fe);
		return;
	}
	switch (ev->type) {
	case SelectionRequest:
		sel = sel_of(s, ev->xselectionrequest.selection);
		clip_serve_request(s->serve, &ev->xselectionrequest,
				   sel ? sel->own_time : CurrentTime,
				   sel && sel->ours &&
					   ev->xselectionrequest.owner ==
						   s->window);
		break;
	case SelectionClear:
		sel = sel_of(s, ev->xselectionclear.selection);
		if (sel && ev->xselectionclear.window == s->window)
			sel->ours = false;
		break;
	case SelectionNotify:
	case PropertyNotify:
		clip_xfer_handle_event(s->xf, ev);
		break;
	default:
		break;
	}
}

/* ---- setting up ------------------------------------------------------------
 */

static Window make_window(Display *dpy)
{
	XSetWindowAttributes attr = { .event_mask = PropertyChangeMask };
	Window w;

	w = XCreateWindow(dpy, DefaultRootWindow(dpy), -10, -10, 1, 1, 0,
			  CopyFromParent, InputOnly, CopyFromParent,
			  CWEventMask, &attr);
	XStoreName(dpy, w, "vbox-clipboard");
	return w;
}

struct clip_x11 *clip_x11_new(struct ovt_x11 *x, bool primary,
			      struct clip_cache *cache, size_t max_size,
			      const struct clip_x11_ops *ops, void *data,
			      GError **error)
{
	const unsigned long mask = XFixesSetSelectionOwnerNotifyMask |
				   XFixesSelectionWindowDestroyNotifyMask |
				   XFixesSelectionClientCloseNotifyMask;
	struct ovt_x11_extension ext;
	struct clip_x11 *s;
	unsigned int i;

	if (!ovt_x11_check_extension(x, "XFIXES", &ext) || ext.major < 1) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
			    "the X server %s lacks the XFIXES extension",
			    ovt_x11_name(x));
		return NULL;
	}
	s = g_new0(struct clip_x11, 1);
	s->x = x;
	s->dpy = ovt_x11_display(x);
	s->ops = ops;
	s->data = data;
	s->xfixes_event = ext.event_base;
	s->window = make_window(s->dpy);
	s->a_targets = ovt_x11_atom(x, "TARGETS");
	s->a_time = ovt_x11_atom(x, "VBOX_CLIPBOARD_TIME");
	s->xf = clip_xfer_new(x, s->window, max_size);
	if (!s->xf) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "the X server %s refused to make atoms",
			    ovt_x11_name(x));
		clip_x11_free(s);
		return NULL;
	}
	s->serve = clip_serve_new(x, s->xf, cache, max_size, ops->served, data);
	s->sels[SEL_CLIPBOARD].name = "CLIPBOARD";
	s->sels[SEL_CLIPBOARD].atom = ovt_x11_atom(x, "CLIPBOARD");
	s->sels[SEL_CLIPBOARD].enabled = true;
	s->sels[SEL_PRIMARY].name = "PRIMARY";
	s->sels[SEL_PRIMARY].atom = XA_PRIMARY;
	s->sels[SEL_PRIMARY].enabled = primary;
	for (i = 0; i < SEL_COUNT; i++) {
		s->sels[i].s = s;
		if (s->sels[i].enabled)
			XFixesSelectSelectionInput(s->dpy,
						   DefaultRootWindow(s->dpy),
						   s->sels[i].atom, mask);
	}
	find_owners(s);
	return s;
}

void clip_x11_set_max_size(struct clip_x11 *s, size_t max_size)
{
	clip_xfer_set_max_size(s->xf, max_size);
	clip_serve_set_max_size(s->serve, max_size);
}

void clip_x11_free(struct clip_x11 *s)
{
	if (!s)
		return;
	clip_x11_drop(s);
	clip_serve_free(s->serve);
	clip_xfer_free(s->xf);
	XDestroyWindow(s->dpy, s->window);
	XSync(s->dpy, False);
	g_free(s);
}
