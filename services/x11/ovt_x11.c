// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * X11 plumbing shared by the desktop agents: see ovt_x11.h.
 */
#include "config.h"

#define G_LOG_DOMAIN "ovt-x11"

#include "services/x11/ovt_x11.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include <X11/Xatom.h>
#include <X11/extensions/Xfixes.h>
#include <X11/extensions/Xrandr.h>
#include <X11/extensions/shape.h>

#include "services/common/ovt_log.h"
#include "services/common/ovt_options.h"

#define OVT_X11_TRAP_DEPTH_MAX 8

struct ovt_x11 {
	Display *dpy;
	ovt_x11_event_fn on_event;
	void *data;
	GSource *source;
	gpointer fd_tag;
	int trap_depth;
	/* the first error seen at each trap depth (0: none) */
	int trap_error[OVT_X11_TRAP_DEPTH_MAX];
	unsigned long errors_logged;
	GHashTable *atoms; /* name -> Atom, of ovt_x11_atom() */
	ovt_x11_lost_fn on_lost;
	void *lost_data;
};

struct x11_source {
	GSource source;
	struct ovt_x11 *x;
};

/* Xlib's error handlers are process-wide; so is the one connection. */
static struct ovt_x11 *the_connection;

static int on_x_error(Display *dpy, XErrorEvent *e)
{
	struct ovt_x11 *x = the_connection;
	char text[160];

	if (x && x->trap_depth > 0) {
		int *slot = &x->trap_error[x->trap_depth - 1];

		if (!*slot)
			*slot = e->error_code;
		return 0;
	}
	XGetErrorText(dpy, e->error_code, text, sizeof(text));
	g_warning("X error: %s (request %u.%u, resource 0x%lx)", text,
		  e->request_code, e->minor_code, e->resourceid);
	if (x)
		x->errors_logged++;
	return 0;
}

static int on_x_io_error(Display *dpy)
{
	struct ovt_x11 *x = the_connection;

	ovt_print_error("lost the connection to the X server %s",
			DisplayString(dpy));
	if (x && x->on_lost)
		x->on_lost(x->lost_data);
	exit(OVT_EXIT_FAILURE);
}

static gboolean x11_source_prepare(GSource *source, gint *timeout)
{
	struct ovt_x11 *x = ((struct x11_source *)source)->x;

	*timeout = -1;
	/* Requests queued by the last dispatch must reach the server before
	 * the loop sleeps, or their replies never come. */
	XFlush(x->dpy);
	return XEventsQueued(x->dpy, QueuedAlready) > 0;
}

static gboolean x11_source_check(GSource *source)
{
	struct ovt_x11 *x = ((struct x11_source *)source)->x;

	if (g_source_query_unix_fd(source, x->fd_tag))
		return TRUE;
	return XEventsQueued(x->dpy, QueuedAlready) > 0;
}

static gboolean x11_source_dispatch(GSource *source, GSourceFunc callback,
				    gpointer user_data)
{
	struct ovt_x11 *x = ((struct x11_source *)source)->x;
	XEvent event;

	(void)callback;
	(void)user_data;
	/* XPending() reads what the socket has; a closed connection ends in
	 * on_x_io_error(). */
	while (XPending(x->dpy)) {
		XNextEvent(x->dpy, &event);
		x->on_event(&event, x->data);
	}
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs x11_source_funcs = {
	.prepare = x11_source_prepare,
	.check = x11_source_check,
	.dispatch = x11_source_dispatch,
};

struct ovt_x11 *ovt_x11_open(const char *name, ovt_x11_event_fn on_event,
			     void *data, GError **error)
{
	struct ovt_x11 *x;
	Display *dpy;

	g_return_val_if_fail(on_event, NULL);
	g_return_val_if_fail(!the_connection, NULL);

	dpy = XOpenDisplay(name);
	if (!dpy) {
		const char *shown = name ? name : g_getenv("DISPLAY");

		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "cannot open the X display %s",
			    shown && *shown ? shown : "(DISPLAY is not set)");
		return NULL;
	}
	x = g_new0(struct ovt_x11, 1);
	x->dpy = dpy;
	x->on_event = on_event;
	x->data = data;
	the_connection = x;
	XSetErrorHandler(on_x_error);
	XSetIOErrorHandler(on_x_io_error);

	x->source = g_source_new(&x11_source_funcs, sizeof(struct x11_source));
	((struct x11_source *)x->source)->x = x;
	g_source_set_name(x->source, "X11 connection");
	x->fd_tag = g_source_add_unix_fd(x->source, ConnectionNumber(dpy),
					 G_IO_IN | G_IO_HUP | G_IO_ERR);
	g_source_attach(x->source, NULL);
	return x;
}

void ovt_x11_close(struct ovt_x11 *x)
{
	if (!x)
		return;
	g_source_destroy(x->source);
	g_source_unref(x->source);
	/* Closing on purpose is not a lost connection. */
	XSetIOErrorHandler(NULL);
	XCloseDisplay(x->dpy);
	if (the_connection == x)
		the_connection = NULL;
	if (x->atoms)
		g_hash_table_destroy(x->atoms);
	g_free(x);
}

void ovt_x11_on_lost(struct ovt_x11 *x, ovt_x11_lost_fn fn, void *data)
{
	x->on_lost = fn;
	x->lost_data = data;
}

Display *ovt_x11_display(const struct ovt_x11 *x)
{
	return x->dpy;
}

const char *ovt_x11_name(const struct ovt_x11 *x)
{
	return DisplayString(x->dpy);
}

void ovt_x11_trap_push(struct ovt_x11 *x)
{
	g_return_if_fail(x->trap_depth < OVT_X11_TRAP_DEPTH_MAX);
	/* Errors of earlier requests belong to whoever sent them. */
	XSync(x->dpy, False);
	x->trap_error[x->trap_depth++] = 0;
}

int ovt_x11_trap_pop(struct ovt_x11 *x)
{
	g_return_val_if_fail(x->trap_depth > 0, 0);
	XSync(x->dpy, False);
	return x->trap_error[--x->trap_depth];
}

unsigned long ovt_x11_errors_logged(const struct ovt_x11 *x)
{
	return x->errors_logged;
}

bool ovt_x11_intern_atoms(struct ovt_x11 *x, const char *const *names,
			  Atom *atoms, size_t n)
{
	if (n > INT_MAX)
		return false;
	return XInternAtoms(x->dpy, (char **)names, (int)n, False, atoms) != 0;
}

char *ovt_x11_atom_name(struct ovt_x11 *x, Atom atom)
{
	char *name, *copy;

	if (atom == None)
		return NULL;
	ovt_x11_trap_push(x);
	name = XGetAtomName(x->dpy, atom);
	if (ovt_x11_trap_pop(x) || !name) {
		if (name)
			XFree(name);
		return NULL;
	}
	copy = g_strdup(name);
	XFree(name);
	return copy;
}

Atom ovt_x11_atom(struct ovt_x11 *x, const char *name)
{
	gpointer value;
	Atom atom;

	if (!x->atoms)
		x->atoms = g_hash_table_new_full(g_str_hash, g_str_equal,
						 g_free, NULL);
	if (g_hash_table_lookup_extended(x->atoms, name, NULL, &value))
		return (Atom)GPOINTER_TO_SIZE(value);
	atom = XInternAtom(x->dpy, name, False);
	if (atom != None)
		g_hash_table_insert(x->atoms, g_strdup(name),
				    GSIZE_TO_POINTER(atom));
	return atom;
}

char **ovt_x11_atom_names(struct ovt_x11 *x, const Atom *atoms, size_t n)
{
	char **names, **xnames;
	size_t i;
	int err;

	names = g_new0(char *, n + 1);
	if (n == 0 || n > INT_MAX)
		return names;
	xnames = g_new0(char *, n);
	ovt_x11_trap_push(x);
	XGetAtomNames(x->dpy, (Atom *)atoms, (int)n, xnames);
	err = ovt_x11_trap_pop(x);
	for (i = 0; i < n; i++) {
		if (err)
			names[i] = ovt_x11_atom_name(x, atoms[i]);
		else if (xnames[i])
			names[i] = g_strdup(xnames[i]);
		if (xnames[i])
			XFree(xnames[i]);
	}
	g_free(xnames);
	/* A NULL in the middle would end the vector early for g_strfreev();
	 * unknown atoms become empty names instead. */
	for (i = 0; i < n; i++)
		if (!names[i])
			names[i] = g_strdup("");
	return names;
}

static bool query_version(struct ovt_x11 *x, const char *name,
			  struct ovt_x11_extension *ext)
{
	Display *dpy = x->dpy;

	if (!strcmp(name, "XFIXES")) {
		ext->major = 5;
		ext->minor = 0;
		return XFixesQueryVersion(dpy, &ext->major, &ext->minor) != 0;
	}
	if (!strcmp(name, "RANDR")) {
		return XRRQueryVersion(dpy, &ext->major, &ext->minor) != 0 &&
		       (ext->major > 1 || (ext->major == 1 && ext->minor >= 2));
	}
	if (!strcmp(name, "SHAPE"))
		return XShapeQueryVersion(dpy, &ext->major, &ext->minor) != 0;
	return false;
}

bool ovt_x11_check_extension(struct ovt_x11 *x, const char *name,
			     struct ovt_x11_extension *ext)
{
	memset(ext, 0, sizeof(*ext));
	if (strcmp(name, "XFIXES") && strcmp(name, "RANDR") &&
	    strcmp(name, "SHAPE"))
		return false;
	if (!XQueryExtension(x->dpy, name, &ext->opcode, &ext->event_base,
			     &ext->error_base))
		return false;
	ext->present = query_version(x, name, ext);
	return ext->present;
}

struct property_match {
	Window window;
	Atom property;
};

static Bool is_property_notify(Display *dpy, XEvent *event, XPointer arg)
{
	const struct property_match *m = (const struct property_match *)arg;

	(void)dpy;
	return event->type == PropertyNotify &&
	       event->xproperty.window == m->window &&
	       event->xproperty.atom == m->property;
}

Time ovt_x11_server_time(struct ovt_x11 *x, Window window, Atom scratch)
{
	struct property_match m = { window, scratch };
	XEvent event;

	XChangeProperty(x->dpy, window, scratch, XA_STRING, 8, PropModeAppend,
			NULL, 0);
	XIfEvent(x->dpy, &event, is_property_notify, (XPointer)&m);
	return event.xproperty.time;
}
