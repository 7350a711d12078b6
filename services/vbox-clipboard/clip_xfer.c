// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-clipboard's X11 transfers (see clip_xfer.h).
 */
#define G_LOG_DOMAIN "vbox-clipboard"

#include "config.h"

#include <errno.h>
#include <limits.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <glib.h>

#include "services/vbox-clipboard/clip_xfer.h"
#include "services/x11/ovt_x11.h"

/* Property names used in turn for gets. */
#define XFER_PROPS 8u

enum get_state {
	GET_WAIT_NOTIFY, /* ConvertSelection sent */
	GET_WAIT_CHUNK,	 /* INCR: waiting for the next chunk */
};

struct get {
	struct clip_xfer *xf;
	Atom selection;
	Atom target;
	Time time;
	clip_xfer_got_fn fn;
	void *user;
	Atom property;
	enum get_state state;
	GByteArray *buf; /* INCR: what came so far */
	Atom type;
	int format;
};

struct put {
	struct clip_xfer *xf;
	Window requestor;
	Atom property;
	Atom type;
	GBytes *data;
	size_t offset; /* bytes sent */
	bool final;    /* the zero-length chunk was written */
	guint timer;
};

struct clip_xfer {
	struct ovt_x11 *x;
	Display *dpy;
	Window window;
	size_t max_size;
	size_t chunk; /* the largest property written at once */
	Atom incr;
	Atom props[XFER_PROPS];
	unsigned int next_prop;
	GQueue gets;	    /* waiting; the head of ... */
	struct get *active; /* ... this one is running */
	guint get_timer;
	guint start_idle; /* get_next_idle() pending */
	GList *puts;	  /* struct put */
};

static void get_next(struct clip_xfer *xf);

static size_t unit_size(int format)
{
	return format == 32 ? sizeof(long) : format == 16 ? sizeof(short) : 1;
}

/*
 * Read a property of the agent's window and delete it.  Return 0 with
 * the bytes appended to @buf (created if NULL); -EFBIG when it (with what
 * @buf holds) exceeds the cap; -ENODATA when it does not exist.
 */
static int read_property(struct clip_xfer *xf, Atom property, Atom *type,
			 int *format, GByteArray **buf)
{
	unsigned long nitems, after;
	unsigned char *data = NULL;
	size_t have = *buf ? (*buf)->len : 0, len;

	if (XGetWindowProperty(xf->dpy, xf->window, property, 0, 0, False,
			       AnyPropertyType, type, format, &nitems, &after,
			       &data) != Success)
		return -ENODATA;
	if (data)
		XFree(data);
	data = NULL;
	if (*type == None)
		return -ENODATA;
	if (after > xf->max_size || have > xf->max_size - after) {
		XDeleteProperty(xf->dpy, xf->window, property);
		return -EFBIG;
	}
	if (XGetWindowProperty(xf->dpy, xf->window, property, 0,
			       (long)((after + 3) / 4), True, AnyPropertyType,
			       type, format, &nitems, &after, &data) != Success)
		return -ENODATA;
	len = nitems * unit_size(*format);
	if (!*buf)
		*buf = g_byte_array_sized_new((guint)len);
	if (data && len)
		g_byte_array_append(*buf, data, (guint)len);
	if (data)
		XFree(data);
	return 0;
}

static gboolean on_get_timeout(gpointer p);

static void get_arm(struct clip_xfer *xf)
{
	if (xf->get_timer)
		g_source_remove(xf->get_timer);
	xf->get_timer = g_timeout_add(CLIP_XFER_TIMEOUT_MS, on_get_timeout, xf);
}

static void get_finish(struct clip_xfer *xf, int err)
{
	struct get *g = xf->active;
	GBytes *data = NULL;

	xf->active = NULL;
	if (xf->get_timer)
		g_source_remove(xf->get_timer);
	xf->get_timer = 0;
	if (!err && g->buf)
		data = g_byte_array_free_to_bytes(g->buf);
	else if (g->buf)
		g_byte_array_unref(g->buf);
	g->fn(err, g->type, g->format, data, g->user);
	if (data)
		g_bytes_unref(data);
	g_free(g);
	get_next(xf);
}

static gboolean on_get_timeout(gpointer p)
{
	struct clip_xfer *xf = p;

	xf->get_timer = 0;
	if (xf->active) {
		XDeleteProperty(xf->dpy, xf->window, xf->active->property);
		get_finish(xf, -ETIMEDOUT);
	}
	return G_SOURCE_REMOVE;
}

static void get_start(struct clip_xfer *xf, struct get *g)
{
	xf->active = g;
	g->property = xf->props[xf->next_prop++ % XFER_PROPS];
	g->state = GET_WAIT_NOTIFY;
	XDeleteProperty(xf->dpy, xf->window, g->property);
	XConvertSelection(xf->dpy, g->selection, g->target, g->property,
			  xf->window, g->time);
	get_arm(xf);
}

static gboolean get_next_idle(gpointer p)
{
	struct clip_xfer *xf = p;
	xf->start_idle = 0;
	get_next(xf);
	return G_SOURCE_REMOVE;
}

static void get_next(struct clip_xfer *xf)
{
	struct get *g;

	if (xf->active)
		return;
	g = g_queue_pop_head(&xf->gets);
	if (g)
		get_start(xf, g);
}

void clip_xfer_get(struct clip_xfer *xf, Atom selection, Atom target, Time time,
		   clip_xfer_got_fn fn, void *user)
{
	struct get *g = g_new0(struct get, 1);

	g->xf = xf;
	g->selection = selection;
	g->target = target;
	g->time = time;
	g->fn = fn;
	g->user = user;
	g_queue_push_tail(&xf->gets, g);
	/* Started from the loop, so that @fn never runs inside this call. */
	if (!xf->active && !xf->start_idle)
		xf->start_idle = g_idle_add(get_next_idle, xf);
}

static void on_selection_notify(struct clip_xfer *xf, const XSelectionEvent *ev)
{
	struct get *g = xf->active;
	int ret;

	if (ev->property == None) {
		get_finish(xf, -ENODATA);
		return;
	}
	if (ev->property != g->property)
		return;
	ret = read_property(xf, g->property, &g->type, &g->format, &g->buf);
	if (ret < 0) {
		get_finish(xf, ret);
		return;
	}
	if (g->type != xf->incr) {
		get_finish(xf, 0);
		return;
	}
	/* INCR: the property was deleted, which starts the transfer; its
	 * value is a lower bound of the size, which the buffer is given at
	 * once (when there is memory for it: it is only a hint). */
	if (g->buf->len >= 4) {
		unsigned long lower = *(unsigned long *)g->buf->data;
		guint8 *room;

		if (lower > xf->max_size) {
			get_finish(xf, -EFBIG);
			return;
		}
		room = lower > g->buf->len ? g_try_malloc(lower) : NULL;
		if (room) {
			g_byte_array_unref(g->buf);
			g->buf = g_byte_array_new_take(room, lower);
		}
	}
	g_byte_array_set_size(g->buf, 0);
	g->type = None;
	g->state = GET_WAIT_CHUNK;
	get_arm(xf);
}

static void on_chunk(struct clip_xfer *xf)
{
	struct get *g = xf->active;
	Atom type;
	int format, ret;
	guint before = g->buf->len;

	ret = read_property(xf, g->property, &type, &format, &g->buf);
	if (ret == -ENODATA)
		return;
	if (ret < 0) {
		get_finish(xf, ret);
		return;
	}
	if (g->buf->len == before) {
		get_finish(xf, 0);
		return;
	}
	if (g->type == None) {
		g->type = type;
		g->format = format;
	}
	get_arm(xf);
}

/* ---- putting ------------------------------------------------------------ */

static void put_free(struct put *p)
{
	struct clip_xfer *xf = p->xf;
	GList *l;
	bool other = false;

	xf->puts = g_list_remove(xf->puts, p);
	for (l = xf->puts; l; l = l->next)
		if (((struct put *)l->data)->requestor == p->requestor)
			other = true;
	if (!other) {
		ovt_x11_trap_push(xf->x);
		XSelectInput(xf->dpy, p->requestor, NoEventMask);
		ovt_x11_trap_pop(xf->x);
	}
	if (p->timer)
		g_source_remove(p->timer);
	g_bytes_unref(p->data);
	g_free(p);
}

static gboolean on_put_timeout(gpointer data)
{
	struct put *p = data;

	p->timer = 0;
	g_message(
		"an X client stopped reading a large paste (%zu of %zu bytes sent); abandoned",
		p->offset, g_bytes_get_size(p->data));
	put_free(p);
	return G_SOURCE_REMOVE;
}

static void put_arm(struct put *p)
{
	if (p->timer)
		g_source_remove(p->timer);
	p->timer = g_timeout_add(CLIP_XFER_TIMEOUT_MS, on_put_timeout, p);
}

/* The requestor deleted the property: send the next chunk. */
static void put_continue(struct put *p)
{
	struct clip_xfer *xf = p->xf;
	gsize size;
	const guchar *data = g_bytes_get_data(p->data, &size);
	size_t n = MIN(xf->chunk, size - p->offset);

	if (p->final) {
		put_free(p);
		return;
	}
	ovt_x11_trap_push(xf->x);
	XChangeProperty(xf->dpy, p->requestor, p->property, p->type, 8,
			PropModeReplace, data + p->offset, (int)n);
	if (ovt_x11_trap_pop(xf->x)) {
		g_info("a requestor went away during a large paste");
		put_free(p);
		return;
	}
	p->offset += n;
	p->final = n == 0;
	put_arm(p);
}

int clip_xfer_put(struct clip_xfer *xf, Window requestor, Atom property,
		  Atom type, GBytes *data)
{
	gsize size;
	const guchar *bytes = g_bytes_get_data(data, &size);
	unsigned long lower = size;
	struct put *p;

	if (size > xf->max_size)
		return -EFBIG;
	ovt_x11_trap_push(xf->x);
	if (size <= xf->chunk) {
		XChangeProperty(xf->dpy, requestor, property, type, 8,
				PropModeReplace, bytes, (int)size);
		return ovt_x11_trap_pop(xf->x) ? -EIO : 0;
	}
	XSelectInput(xf->dpy, requestor, PropertyChangeMask);
	XChangeProperty(xf->dpy, requestor, property, xf->incr, 32,
			PropModeReplace, (const unsigned char *)&lower, 1);
	if (ovt_x11_trap_pop(xf->x))
		return -EIO;
	p = g_new0(struct put, 1);
	p->xf = xf;
	p->requestor = requestor;
	p->property = property;
	p->type = type;
	p->data = g_bytes_ref(data);
	xf->puts = g_list_prepend(xf->puts, p);
	put_arm(p);
	return 0;
}

static bool on_requestor_property(struct clip_xfer *xf,
				  const XPropertyEvent *ev)
{
	GList *l;

	for (l = xf->puts; l; l = l->next) {
		struct put *p = l->data;

		if (p->requestor != ev->window || p->property != ev->atom)
			continue;
		if (ev->state == PropertyDelete)
			put_continue(p);
		return true;
	}
	return false;
}

bool clip_xfer_handle_event(struct clip_xfer *xf, const XEvent *ev)
{
	if (ev->type == SelectionNotify) {
		if (ev->xselection.requestor != xf->window || !xf->active ||
		    ev->xselection.selection != xf->active->selection ||
		    ev->xselection.target != xf->active->target ||
		    xf->active->state != GET_WAIT_NOTIFY)
			return false;
		on_selection_notify(xf, &ev->xselection);
		return true;
	}
	if (ev->type != PropertyNotify)
		return false;
	if (ev->xproperty.window != xf->window)
		return on_requestor_property(xf, &ev->xproperty);
	if (xf->active && xf->active->state == GET_WAIT_CHUNK &&
	    ev->xproperty.atom == xf->active->property &&
	    ev->xproperty.state == PropertyNewValue) {
		on_chunk(xf);
		return true;
	}
	return false;
}

void clip_xfer_set_max_size(struct clip_xfer *xf, size_t max_size)
{
	xf->max_size = max_size;
}

struct clip_xfer *clip_xfer_new(struct ovt_x11 *x, Window window,
				size_t max_size)
{
	static const char *const names[XFER_PROPS + 1] = {
		"INCR",
		"VBOX_CLIPBOARD_0",
		"VBOX_CLIPBOARD_1",
		"VBOX_CLIPBOARD_2",
		"VBOX_CLIPBOARD_3",
		"VBOX_CLIPBOARD_4",
		"VBOX_CLIPBOARD_5",
		"VBOX_CLIPBOARD_6",
		"VBOX_CLIPBOARD_7",
	};
	Atom atoms[XFER_PROPS + 1];
	struct clip_xfer *xf;
	long max_req;
	unsigned int i;

	if (!ovt_x11_intern_atoms(x, names, atoms, G_N_ELEMENTS(names)))
		return NULL;
	xf = g_new0(struct clip_xfer, 1);
	xf->x = x;
	xf->dpy = ovt_x11_display(x);
	xf->window = window;
	xf->max_size = max_size;
	xf->incr = atoms[0];
	for (i = 0; i < XFER_PROPS; i++)
		xf->props[i] = atoms[i + 1];
	g_queue_init(&xf->gets);
	/* Requests are counted in 4-byte units; leave room for the
	 * request's own header, and keep a chunk a fraction of the largest
	 * request so that a client's other traffic is not held up. */
	max_req = XExtendedMaxRequestSize(xf->dpy);
	if (max_req <= 0)
		max_req = XMaxRequestSize(xf->dpy);
	xf->chunk = MIN((size_t)max_req, (size_t)CLIP_XFER_CHUNK_MAX);
	xf->chunk = MAX(xf->chunk, (size_t)4096);
	return xf;
}

void clip_xfer_free(struct clip_xfer *xf)
{
	struct get *g;

	if (!xf)
		return;
	while (xf->puts)
		put_free(xf->puts->data);
	while ((g = g_queue_pop_head(&xf->gets)))
		g_free(g);
	if (xf->active) {
		if (xf->active->buf)
			g_byte_array_unref(xf->active->buf);
		g_free(xf->active);
	}
	if (xf->get_timer)
		g_source_remove(xf->get_timer);
	if (xf->start_idle)
		g_source_remove(xf->start_idle);
	g_free(xf);
}
