// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-seamless's X side (see seamless_windows.h).
 *
 * Geometry, map state and stacking come with the events themselves
 * (ConfigureNotify carries position, size, border and the sibling below),
 * so moving, resizing, raising and lowering a window costs no round trip.
 * What events only announce (a new shape, a new client in a frame, a
 * window type) marks the top-level window dirty, and the next
 * seamless_windows_region() reads it again: attributes, bounding shape,
 * client, type, the client's shape.
 *
 * Which window is the client of a frame: the one _NET_CLIENT_LIST names
 * whose top-level ancestor the frame is (one walk up the tree per new
 * client); without an EWMH window manager, the frame itself if it has
 * WM_STATE, else its first child that has it (the ICCCM rule, one level
 * deep).  The client's _NET_WM_WINDOW_TYPE says whether the frame is the
 * desktop.
 *
 * Synthetic events (send_event) are ignored: window managers send them to
 * clients to tell their root position after moving the frame, which the
 * frame's real ConfigureNotify already told.
 */
#include "config.h"

#define G_LOG_DOMAIN "vbox-seamless"

#include "services/vbox-seamless/seamless_windows.h"

#include <X11/Xatom.h>
#include <X11/extensions/shape.h>
#include <glib.h>

/* The most clients read from _NET_CLIENT_LIST, and tree levels walked. */
#define CLIENT_LIST_MAX 65536L
#define TREE_DEPTH_MAX	16
/* Window types read from _NET_WM_WINDOW_TYPE. */
#define WINDOW_TYPES_MAX 32L

enum {
	ATOM_WM_STATE,
	ATOM_NET_CLIENT_LIST,
	ATOM_NET_WM_WINDOW_TYPE,
	ATOM_TYPE_DESKTOP, /* the first of the EWMH types */
	ATOM_TYPE_DOCK,
	ATOM_TYPE_TOOLBAR,
	ATOM_TYPE_MENU,
	ATOM_TYPE_UTILITY,
	ATOM_TYPE_SPLASH,
	ATOM_TYPE_DIALOG,
	ATOM_TYPE_DROPDOWN_MENU,
	ATOM_TYPE_POPUP_MENU,
	ATOM_TYPE_TOOLTIP,
	ATOM_TYPE_NOTIFICATION,
	ATOM_TYPE_COMBO,
	ATOM_TYPE_DND,
	ATOM_TYPE_NORMAL,
	ATOM_COUNT,
};

static const char *const atom_names[ATOM_COUNT] = {
	"WM_STATE",
	"_NET_CLIENT_LIST",
	"_NET_WM_WINDOW_TYPE",
	"_NET_WM_WINDOW_TYPE_DESKTOP",
	"_NET_WM_WINDOW_TYPE_DOCK",
	"_NET_WM_WINDOW_TYPE_TOOLBAR",
	"_NET_WM_WINDOW_TYPE_MENU",
	"_NET_WM_WINDOW_TYPE_UTILITY",
	"_NET_WM_WINDOW_TYPE_SPLASH",
	"_NET_WM_WINDOW_TYPE_DIALOG",
	"_NET_WM_WINDOW_TYPE_DROPDOWN_MENU",
	"_NET_WM_WINDOW_TYPE_POPUP_MENU",
	"_NET_WM_WINDOW_TYPE_TOOLTIP",
	"_NET_WM_WINDOW_TYPE_NOTIFICATION",
	"_NET_WM_WINDOW_TYPE_COMBO",
	"_NET_WM_WINDOW_TYPE_DND",
	"_NET_WM_WINDOW_TYPE_NORMAL",
};

#define ROOT_MASK \
	(SubstructureNotifyMask | StructureNotifyMask | PropertyChangeMask)
#define CLIENT_MASK (PropertyChangeMask | StructureNotifyMask)

/* A bounding shape as read from the server. */
struct shape {
	bool set;
	GArray *rects; /* struct seamless_rect, window coordinates */
};

/* A child of the root window. */
struct top {
	Window id;
	int x, y;
	unsigned int width, height, border;
	bool mapped;
	bool input_only;
	bool override_redirect;
	bool dirty; /* read shape, client and type again */
	bool desktop;
	struct shape shape;
	Window listed;	/* its client in _NET_CLIENT_LIST, or None */
	Window client;	/* the client selected on (not the top), or None */
	bool child_set; /* the client is mapped and shaped */
	struct seamless_child child;
	struct shape child_shape;
	GList *link; /* in stack */
};

struct seamless_windows {
	struct ovt_x11 *x;
	Display *dpy;
	Window root;
	bool active;
	bool atoms_ok;
	Atom atoms[ATOM_COUNT];
	struct ovt_x11_extension shape_ext;
	uint32_t screen_width;
	uint32_t screen_height;
	GQueue stack;	    /* struct top *, bottom first */
	GHashTable *tops;   /* Window -> struct top * */
	GHashTable *owners; /* client Window -> its struct top * */
	GHashTable *listed; /* _NET_CLIENT_LIST entry -> top Window */
	bool have_client_list;
	bool client_list_changed; /* read it before the region */
	GArray *windows;	  /* struct seamless_window, for the region */
};

#define KEY(w) GUINT_TO_POINTER((guint)(w))

/* ---- the model ------------------------------------------------------------
 */

static struct top *find_top(const struct seamless_windows *sw, Window w)
{
	return g_hash_table_lookup(sw->tops, KEY(w));
}

/* The top-level window an event window belongs to: itself or its client. */
static struct top *owner_of(const struct seamless_windows *sw, Window w)
{
	struct top *t = find_top(sw, w);

	return t ? t : g_hash_table_lookup(sw->owners, KEY(w));
}

static void shape_init(struct shape *s)
{
	s->set = false;
	s->rects = g_array_new(FALSE, FALSE, sizeof(struct seamless_rect));
}

static unsigned long top_mask(const struct seamless_windows *sw)
{
	/* Without a client list, a client shows up by entering its frame. */
	return PropertyChangeMask |
	       (sw->have_client_list ? 0 : SubstructureNotifyMask);
}

/*
 * Select on @w what its roles ask for: a top-level window, the client of
 * one, or nothing.  A window changes roles when it is reparented, and the
 * two events that say so may come in either order.
 */
static void select_for(struct seamless_windows *sw, Window w)
{
	bool top = find_top(sw, w) != NULL;
	bool client = g_hash_table_contains(sw->owners, KEY(w));
	unsigned long mask = top ? top_mask(sw) : client ? CLIENT_MASK : 0;

	XSelectInput(sw->dpy, w, (long)mask);
	if (sw->shape_ext.present)
		XShapeSelectInput(sw->dpy, w,
				  top || client ? ShapeNotifyMask : 0);
}

/* Stop following a top's client (or start following a new one). */
static void set_client(struct seamless_windows *sw, struct top *t,
		       Window client)
{
	Window old = t->client;

	if (client == old)
		return;
	t->client = None;
	if (old) {
		g_hash_table_remove(sw->owners, KEY(old));
		select_for(sw, old);
	}
	if (client) {
		struct top *other =
			g_hash_table_lookup(sw->owners, KEY(client));

		/* A client has one frame; a stale claim goes. */
		if (other && other != t)
			other->client = None;
		t->client = client;
		g_hash_table_insert(sw->owners, KEY(client), t);
		select_for(sw, client);
	}
}

static struct top *top_add(struct seamless_windows *sw, Window w)
{
	struct top *t = find_top(sw, w);
	GHashTableIter it;
	gpointer key, value;

	if (t)
		return t;
	t = g_new0(struct top, 1);
	t->id = w;
	t->dirty = true;
	shape_init(&t->shape);
	shape_init(&t->child_shape);
	g_queue_push_tail(&sw->stack, t); /* new windows go on top */
	t->link = sw->stack.tail;
	g_hash_table_insert(sw->tops, KEY(w), t);
	/* Its client may have been listed before the frame was known. */
	g_hash_table_iter_init(&it, sw->listed);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		if (GPOINTER_TO_UINT(value) == (guint)w)
			t->listed = (Window)GPOINTER_TO_UINT(key);
	}
	select_for(sw, w);
	return t;
}

static void top_free(struct top *t)
{
	g_array_free(t->shape.rects, TRUE);
	g_array_free(t->child_shape.rects, TRUE);
	g_free(t);
}

/* Forget a top; @deselect: the window still exists (reparented). */
static void top_remove(struct seamless_windows *sw, struct top *t,
		       bool deselect)
{
	Window w = t->id;

	set_client(sw, t, None);
	g_queue_delete_link(&sw->stack, t->link);
	g_hash_table_remove(sw->tops, KEY(w));
	top_free(t);
	if (deselect)
		select_for(sw, w);
}

/* Restack @t directly above the sibling @above (None: at the bottom). */
static void restack(struct seamless_windows *sw, struct top *t, Window above)
{
	struct top *sibling = above ? find_top(sw, above) : NULL;

	g_queue_unlink(&sw->stack, t->link);
	if (!above)
		g_queue_push_head_link(&sw->stack, t->link);
	else if (sibling && sibling != t)
		g_queue_insert_after_link(&sw->stack, sibling->link, t->link);
	else
		g_queue_push_tail_link(&sw->stack, t->link);
}

static void mark_all_dirty(struct seamless_windows *sw)
{
	GList *l;

	for (l = sw->stack.head; l; l = l->next)
		((struct top *)l->data)->dirty = true;
}

/* ---- reading from the server ----------------------------------------------
 */

static bool has_property(struct seamless_windows *sw, Window w, Atom prop)
{
	unsigned long n = 0, after = 0;
	unsigned char *data = NULL;
	Atom type = None;
	int format = 0;

	if (XGetWindowProperty(sw->dpy, w, prop, 0, 0, False, AnyPropertyType,
			       &type, &format, &n, &after, &data) != Success)
		return false;
	if (data)
		XFree(data);
	return type != None;
}

/* The bounding shape of @w, if it is shaped. */
static void read_shape(struct seamless_windows *sw, Window w, struct shape *s)
{
	int bounding = 0, clip = 0, n = 0, ordering, i;
	int xb, yb, xc, yc;
	unsigned int wb, hb, wc, hc;
	XRectangle *r;

	s->set = false;
	g_array_set_size(s->rects, 0);
	if (!sw->shape_ext.present ||
	    !XShapeQueryExtents(sw->dpy, w, &bounding, &xb, &yb, &wb, &hb,
				&clip, &xc, &yc, &wc, &hc) ||
	    !bounding)
		return;
	r = XShapeGetRectangles(sw->dpy, w, ShapeBounding, &n, &ordering);
	s->set = true;
	for (i = 0; r && i < n; i++) {
		struct seamless_rect q = { r[i].x, r[i].y,
					   r[i].x + (int32_t)r[i].width,
					   r[i].y + (int32_t)r[i].height };

		g_array_append_val(s->rects, q);
	}
	if (r)
		XFree(r);
}

/* Whether @w is the desktop: its first EWMH window type says so. */
static bool read_desktop_type(struct seamless_windows *sw, Window w)
{
	unsigned long n = 0, after = 0, i;
	unsigned char *data = NULL;
	bool desktop = false;
	Atom type = None;
	int format = 0, k;

	if (XGetWindowProperty(sw->dpy, w, sw->atoms[ATOM_NET_WM_WINDOW_TYPE],
			       0, WINDOW_TYPES_MAX, False, XA_ATOM, &type,
			       &format, &n, &after, &data) != Success)
		return false;
	for (i = 0; data && format == 32 && i < n; i++) {
		Atom a = ((Atom *)(void *)data)[i];

		for (k = ATOM_TYPE_DESKTOP; k < ATOM_COUNT; k++) {
			if (a == sw->atoms[k])
				break;
		}
		if (k < ATOM_COUNT) {
			desktop = k == ATOM_TYPE_DESKTOP;
			break;
		}
	}
	if (data)
		XFree(data);
	return desktop;
}

/* Without a client list: the ICCCM client of a frame (None: itself). */
static Window search_client(struct seamless_windows *sw, Window w)
{
	Window root, parent, *children = NULL, found = None;
	unsigned int n = 0, i;

	if (has_property(sw, w, sw->atoms[ATOM_WM_STATE]) ||
	    !XQueryTree(sw->dpy, w, &root, &parent, &children, &n))
		return None;
	for (i = 0; i < n && !found; i++) {
		if (has_property(sw, children[i], sw->atoms[ATOM_WM_STATE]))
			found = children[i];
	}
	if (children)
		XFree(children);
	return found;
}

/* A shape for seamless_region_build(), valid until it is read again. */
static struct seamless_shape as_shape(const struct shape *s)
{
	struct seamless_shape out = {
		.set = s->set,
		.rects = (const struct seamless_rect *)(void *)s->rects->data,
		.count = s->rects->len,
	};

	return out;
}

/* The client's shape and place in its frame, when it is mapped and shaped. */
static void read_child(struct seamless_windows *sw, struct top *t)
{
	XWindowAttributes a;
	Window dummy;
	int x, y;

	t->child_set = false;
	if (!t->client)
		return;
	read_shape(sw, t->client, &t->child_shape);
	if (!t->child_shape.set ||
	    !XGetWindowAttributes(sw->dpy, t->client, &a) ||
	    a.map_state != IsViewable ||
	    !XTranslateCoordinates(sw->dpy, t->client, t->id, 0, 0, &x, &y,
				   &dummy))
		return;
	t->child = (struct seamless_child){
		.x = x,
		.y = y,
		.width = (uint32_t)a.width,
		.height = (uint32_t)a.height,
		.border = (uint32_t)a.border_width,
		.shape = as_shape(&t->child_shape),
	};
	t->child_set = true;
}

static void set_attributes(struct top *t, const XWindowAttributes *a)
{
	t->x = a->x;
	t->y = a->y;
	t->width = (unsigned int)a->width;
	t->height = (unsigned int)a->height;
	t->border = (unsigned int)a->border_width;
	t->mapped = a->map_state != IsUnmapped;
	t->input_only = a->class == InputOnly;
	t->override_redirect = a->override_redirect;
}

/* Read a dirty top again (errors are trapped by the caller). */
static void refresh_top(struct seamless_windows *sw, struct top *t)
{
	XWindowAttributes a;
	Window client;

	t->dirty = false;
	if (!XGetWindowAttributes(sw->dpy, t->id, &a)) {
		/* Gone; its DestroyNotify is on the way. */
		t->mapped = false;
		return;
	}
	set_attributes(t, &a);
	read_shape(sw, t->id, &t->shape);
	client = sw->have_client_list ? t->listed : search_client(sw, t->id);
	set_client(sw, t, client != t->id ? client : None);
	t->desktop = read_desktop_type(sw, t->client ? t->client : t->id);
	read_child(sw, t);
}

/* The top-level ancestor of @w (None if it has none). */
static Window top_of(struct seamless_windows *sw, Window w)
{
	Window root, parent, *children;
	unsigned int n, depth;

	for (depth = 0; depth < TREE_DEPTH_MAX; depth++) {
		children = NULL;
		if (!XQueryTree(sw->dpy, w, &root, &parent, &children, &n))
			return None;
		if (children)
			XFree(children);
		if (parent == sw->root)
			return w;
		if (!parent)
			return None;
		w = parent;
	}
	return None;
}

static void set_listed(struct seamless_windows *sw, Window top, Window value,
		       Window expected)
{
	struct top *t = find_top(sw, top);

	if (t && t->listed == expected) {
		t->listed = value;
		t->dirty = true;
	}
}

/*
 * Read _NET_CLIENT_LIST: each new client is mapped to its top-level
 * window, and the tops whose client came or went are marked dirty.
 */
static void read_client_list(struct seamless_windows *sw)
{
	GHashTable *now = g_hash_table_new(g_direct_hash, g_direct_equal);
	unsigned long n = 0, after = 0, i;
	unsigned char *data = NULL;
	bool had = sw->have_client_list;
	GHashTableIter it;
	gpointer key, value;
	Atom type = None;
	int format = 0;

	if (XGetWindowProperty(sw->dpy, sw->root,
			       sw->atoms[ATOM_NET_CLIENT_LIST], 0,
			       CLIENT_LIST_MAX, False, XA_WINDOW, &type,
			       &format, &n, &after, &data) != Success)
		type = None;
	sw->have_client_list = type == XA_WINDOW && format == 32;
	for (i = 0; sw->have_client_list && data && i < n; i++) {
		Window c = ((Window *)(void *)data)[i];
		gpointer t;

		if (!g_hash_table_lookup_extended(sw->listed, KEY(c), NULL, &t))
			t = KEY(top_of(sw, c));
		g_hash_table_insert(now, KEY(c), t);
	}
	if (data)
		XFree(data);
	g_hash_table_iter_init(&it, sw->listed);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		if (!g_hash_table_contains(now, key))
			set_listed(sw, GPOINTER_TO_UINT(value), None,
				   GPOINTER_TO_UINT(key));
	}
	g_hash_table_iter_init(&it, now);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		if (!g_hash_table_contains(sw->listed, key))
			set_listed(sw, GPOINTER_TO_UINT(value),
				   GPOINTER_TO_UINT(key), None);
	}
	g_hash_table_unref(sw->listed);
	sw->listed = now;
	if (had != sw->have_client_list) {
		GList *l;

		/* The window manager came or went: every frame is news. */
		for (l = sw->stack.head; l; l = l->next)
			select_for(sw, ((struct top *)l->data)->id);
		mark_all_dirty(sw);
	}
}

/* ---- events ---------------------------------------------------------------
 */

/* Something inside @w's top changed: read it again. */
static bool touch(struct seamless_windows *sw, Window w)
{
	struct top *t = owner_of(sw, w);

	if (!t)
		return false;
	t->dirty = true;
	return t->mapped;
}

static bool on_create(struct seamless_windows *sw, const XCreateWindowEvent *e)
{
	struct top *t;

	if (e->parent != sw->root)
		return touch(sw, e->parent);
	t = top_add(sw, e->window);
	t->x = e->x;
	t->y = e->y;
	t->width = (unsigned int)e->width;
	t->height = (unsigned int)e->height;
	t->border = (unsigned int)e->border_width;
	t->override_redirect = e->override_redirect;
	return false;
}

static bool on_destroy(struct seamless_windows *sw,
		       const XDestroyWindowEvent *e)
{
	struct top *t;
	bool mapped;

	if (e->event != sw->root)
		return touch(sw, e->event);
	t = find_top(sw, e->window);
	if (!t)
		return false;
	mapped = t->mapped;
	top_remove(sw, t, false);
	return mapped;
}

static bool on_map(struct seamless_windows *sw, const XMapEvent *e)
{
	struct top *t;

	if (e->event != sw->root)
		return touch(sw, e->event);
	t = top_add(sw, e->window);
	t->mapped = true;
	t->override_redirect = e->override_redirect;
	t->dirty = true;
	return true;
}

static bool on_unmap(struct seamless_windows *sw, const XUnmapEvent *e)
{
	struct top *t;
	bool mapped;

	if (e->event != sw->root)
		return touch(sw, e->event);
	t = find_top(sw, e->window);
	if (!t)
		return false;
	mapped = t->mapped;
	t->mapped = false;
	return mapped;
}

static bool on_configure(struct seamless_windows *sw, const XConfigureEvent *e)
{
	struct top *t;

	if (e->window == sw->root) {
		sw->screen_width = (uint32_t)e->width;
		sw->screen_height = (uint32_t)e->height;
		return true;
	}
	if (e->event != sw->root) {
		/* Only the client's place in its frame matters. */
		t = owner_of(sw, e->event);
		if (!t || e->window != t->client)
			return false;
		return touch(sw, e->window);
	}
	t = find_top(sw, e->window);
	if (!t)
		return false;
	t->x = e->x;
	t->y = e->y;
	t->width = (unsigned int)e->width;
	t->height = (unsigned int)e->height;
	t->border = (unsigned int)e->border_width;
	t->override_redirect = e->override_redirect;
	restack(sw, t, e->above);
	return t->mapped;
}

static bool on_reparent(struct seamless_windows *sw, const XReparentEvent *e)
{
	struct top *t, *parent;
	bool changed = false;

	if (e->event != sw->root)
		return touch(sw, e->event);
	if (e->parent == sw->root) {
		t = top_add(sw, e->window);
		t->x = e->x;
		t->y = e->y;
		t->override_redirect = e->override_redirect;
		t->mapped = false;
		t->dirty = true;
		return false;
	}
	/* It left the root: usually a client going into its frame. */
	t = find_top(sw, e->window);
	if (t) {
		changed = t->mapped;
		top_remove(sw, t, true);
	}
	parent = owner_of(sw, e->parent);
	if (parent) {
		parent->dirty = true;
		changed |= parent->mapped;
	}
	return changed;
}

static bool on_circulate(struct seamless_windows *sw, const XCirculateEvent *e)
{
	struct top *t = find_top(sw, e->window);

	if (e->event != sw->root || !t)
		return false;
	g_queue_unlink(&sw->stack, t->link);
	if (e->place == PlaceOnTop)
		g_queue_push_tail_link(&sw->stack, t->link);
	else
		g_queue_push_head_link(&sw->stack, t->link);
	return t->mapped;
}

static bool on_gravity(struct seamless_windows *sw, const XGravityEvent *e)
{
	struct top *t = find_top(sw, e->window);

	if (e->event != sw->root || !t)
		return false;
	t->x = e->x;
	t->y = e->y;
	return t->mapped;
}

static bool on_property(struct seamless_windows *sw, const XPropertyEvent *e)
{
	if (e->window == sw->root) {
		if (e->atom != sw->atoms[ATOM_NET_CLIENT_LIST])
			return false;
		/* Read once per batch, before the region. */
		sw->client_list_changed = true;
		return true;
	}
	if (e->atom != sw->atoms[ATOM_NET_WM_WINDOW_TYPE] &&
	    e->atom != sw->atoms[ATOM_WM_STATE])
		return false;
	return touch(sw, e->window);
}

bool seamless_windows_handle_event(struct seamless_windows *sw,
				   const XEvent *event)
{
	if (!sw->active || event->xany.send_event)
		return false;
	if (sw->shape_ext.present &&
	    event->type == sw->shape_ext.event_base + ShapeNotify) {
		const XShapeEvent *e = (const XShapeEvent *)event;

		return e->kind == ShapeBounding && touch(sw, e->window);
	}
	switch (event->type) {
	case CreateNotify:
		return on_create(sw, &event->xcreatewindow);
	case DestroyNotify:
		return on_destroy(sw, &event->xdestroywindow);
	case MapNotify:
		return on_map(sw, &event->xmap);
	case UnmapNotify:
		return on_unmap(sw, &event->xunmap);
	case ConfigureNotify:
		return on_configure(sw, &event->xconfigure);
	case ReparentNotify:
		return on_reparent(sw, &event->xreparent);
	case CirculateNotify:
		return on_circulate(sw, &event->xcirculate);
	case GravityNotify:
		return on_gravity(sw, &event->xgravity);
	case PropertyNotify:
		return on_property(sw, &event->xproperty);
	default:
		return false;
	}
}

/* ---- the interface --------------------------------------------------------
 */

struct seamless_windows *seamless_windows_new(struct ovt_x11 *x)
{
	struct seamless_windows *sw = g_new0(struct seamless_windows, 1);

	sw->x = x;
	sw->dpy = ovt_x11_display(x);
	sw->root = DefaultRootWindow(sw->dpy);
	sw->atoms_ok =
		ovt_x11_intern_atoms(x, atom_names, sw->atoms, ATOM_COUNT);
	if (!sw->atoms_ok)
		g_warning(
			"cannot intern the window manager's atoms: window types and client lists are ignored");
	if (!ovt_x11_check_extension(x, "SHAPE", &sw->shape_ext))
		g_message(
			"the X server has no SHAPE extension: every window counts as a rectangle");
	g_queue_init(&sw->stack);
	sw->tops = g_hash_table_new(g_direct_hash, g_direct_equal);
	sw->owners = g_hash_table_new(g_direct_hash, g_direct_equal);
	sw->listed = g_hash_table_new(g_direct_hash, g_direct_equal);
	sw->windows = g_array_new(FALSE, TRUE, sizeof(struct seamless_window));
	return sw;
}

void seamless_windows_start(struct seamless_windows *sw)
{
	Window root, parent, *children = NULL;
	unsigned int n = 0, i;

	if (sw->active)
		return;
	sw->active = true;
	sw->screen_width =
		(uint32_t)DisplayWidth(sw->dpy, DefaultScreen(sw->dpy));
	sw->screen_height =
		(uint32_t)DisplayHeight(sw->dpy, DefaultScreen(sw->dpy));
	ovt_x11_trap_push(sw->x);
	/* Select first, so nothing that happens after the query is lost. */
	XSelectInput(sw->dpy, sw->root, ROOT_MASK);
	sw->client_list_changed = false;
	if (sw->atoms_ok)
		read_client_list(sw);
	if (XQueryTree(sw->dpy, sw->root, &root, &parent, &children, &n)) {
		for (i = 0; i < n; i++) {
			XWindowAttributes a;
			struct top *t = top_add(sw, children[i]);

			if (XGetWindowAttributes(sw->dpy, children[i], &a))
				set_attributes(t, &a);
		}
	}
	if (children)
		XFree(children);
	ovt_x11_trap_pop(sw->x);
	g_info("following %u top-level windows", seamless_windows_count(sw));
}

static void forget_all(struct seamless_windows *sw)
{
	struct top *t;

	while ((t = g_queue_peek_head(&sw->stack)))
		top_remove(sw, t, true);
	g_hash_table_remove_all(sw->listed);
	sw->have_client_list = false;
}

void seamless_windows_stop(struct seamless_windows *sw)
{
	if (!sw->active)
		return;
	ovt_x11_trap_push(sw->x);
	XSelectInput(sw->dpy, sw->root, NoEventMask);
	sw->active = false;
	/* select_for() finds no roles left: every window is deselected. */
	forget_all(sw);
	ovt_x11_trap_pop(sw->x);
	g_info("stopped following the windows");
}

bool seamless_windows_active(const struct seamless_windows *sw)
{
	return sw->active;
}

unsigned int seamless_windows_count(const struct seamless_windows *sw)
{
	return g_queue_get_length((GQueue *)&sw->stack);
}

static bool any_dirty(const struct seamless_windows *sw)
{
	GList *l;

	for (l = sw->stack.head; l; l = l->next) {
		const struct top *t = l->data;

		if (t->dirty && t->mapped)
			return true;
	}
	return false;
}

int seamless_windows_region(struct seamless_windows *sw, size_t max_rects,
			    struct seamless_region *out)
{
	GList *l;

	if (sw->client_list_changed || any_dirty(sw)) {
		ovt_x11_trap_push(sw->x);
		if (sw->client_list_changed)
			read_client_list(sw);
		sw->client_list_changed = false;
		for (l = sw->stack.head; l; l = l->next) {
			struct top *t = l->data;

			if (t->dirty && t->mapped)
				refresh_top(sw, t);
		}
		ovt_x11_trap_pop(sw->x);
	}
	g_array_set_size(sw->windows, 0);
	for (l = sw->stack.head; l; l = l->next) {
		const struct top *t = l->data;
		struct seamless_window w = {
			.x = t->x,
			.y = t->y,
			.width = t->width,
			.height = t->height,
			.border = t->border,
			.mapped = t->mapped,
			.input_only = t->input_only,
			.override_redirect = t->override_redirect,
			.type = t->desktop ? SEAMLESS_WINDOW_DESKTOP :
					     SEAMLESS_WINDOW_NORMAL,
			.shape = as_shape(&t->shape),
			.child = t->child_set ? &t->child : NULL,
		};

		g_array_append_val(sw->windows, w);
	}
	return seamless_region_build(
		(const struct seamless_window *)(void *)sw->windows->data,
		sw->windows->len, sw->screen_width, sw->screen_height,
		max_rects, out);
}

void seamless_windows_free(struct seamless_windows *sw)
{
	if (!sw)
		return;
	seamless_windows_stop(sw);
	g_hash_table_unref(sw->tops);
	g_hash_table_unref(sw->owners);
	g_hash_table_unref(sw->listed);
	g_array_free(sw->windows, TRUE);
	g_free(sw);
}
