// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Answering X clients' requests for the host's data (see clip_serve.h).
 *
 * One request is a list of (target, property) items: one item, or for
 * MULTIPLE the pairs of the requestor's ATOM_PAIR property.  Items that
 * need the host's data wait for it; when the last is resolved every
 * property is written and one SelectionNotify is sent (ICCCM 2.6.2).
 */
#define G_LOG_DOMAIN "vbox-clipboard"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <glib.h>

#include "services/vbox-clipboard/clip_convert.h"
#include "services/vbox-clipboard/clip_serve.h"
#include "libvbglr3/vbglr3_clipboard.h"

/* The most pairs one MULTIPLE request may carry. */
#define SERVE_MULTIPLE_MAX 64u

struct clip_serve {
	struct ovt_x11 *x;
	Display *dpy;
	struct clip_xfer *xf;
	struct clip_cache *cache;
	size_t max_size;
	clip_serve_done_fn done;
	void *data;
	GHashTable *targets; /* Atom -> const struct clip_target * */
	Atom a_targets, a_multiple, a_timestamp, a_atom_pair;
};

struct item {
	Atom target;
	Atom property;
	const struct clip_target *t; /* data targets */
	Atom type;
	int format;   /* 8 or 32 */
	GBytes *data; /* format 32: an array of long */
	bool failed;
};

struct request {
	struct clip_serve *sv;
	XSelectionRequestEvent ev;
	Time own_time;
	bool multiple;
	unsigned int n;
	unsigned int pending;
	struct item *items;
};

struct item_ref {
	struct request *rq;
	unsigned int i;
};

static const struct clip_target *target_of(struct clip_serve *sv, Atom atom)
{
	const struct clip_target *t;
	gpointer value;
	char *name;

	if (g_hash_table_lookup_extended(sv->targets, GSIZE_TO_POINTER(atom),
					 NULL, &value))
		return value;
	name = ovt_x11_atom_name(sv->x, atom);
	t = clip_target_lookup(name);
	g_free(name);
	g_hash_table_insert(sv->targets, GSIZE_TO_POINTER(atom), (gpointer)t);
	return t;
}

static GBytes *longs(const long *v, size_t n)
{
	return g_bytes_new(v, n * sizeof(long));
}

static GBytes *targets_list(struct clip_serve *sv)
{
	const struct clip_target *t[CLIP_TARGETS_OFFERED_MAX];
	long atoms[CLIP_TARGETS_OFFERED_MAX + 3];
	size_t n, i, k = 0;

	atoms[k++] = (long)sv->a_targets;
	atoms[k++] = (long)sv->a_multiple;
	atoms[k++] = (long)sv->a_timestamp;
	n = clip_targets_offered(clip_cache_formats(sv->cache), t,
				 G_N_ELEMENTS(t));
	for (i = 0; i < n; i++)
		atoms[k++] = (long)ovt_x11_atom(sv->x, t[i]->name);
	return longs(atoms, k);
}

static void request_finish(struct request *rq);

static void on_host_data(int err, GBytes *data, void *user)
{
	struct item_ref *ref = user;
	struct request *rq = ref->rq;
	struct item *it = &rq->items[ref->i];
	size_t len = 0;
	void *out = NULL;

	g_free(ref);
	if (err == 0) {
		gsize size;
		const void *bytes = g_bytes_get_data(data, &size);

		err = clip_convert_host_to_x11(it->t->conversion, bytes, size,
					       rq->sv->max_size, &out, &len);
		if (err == -EFBIG)
			g_message(
				"refused %s: the host's data is larger than --max-size (%zu bytes)",
				it->t->name, rq->sv->max_size);
		else if (err < 0)
			g_message(
				"the host's data cannot be converted for %s: %s",
				it->t->name, g_strerror(-err));
	} else if (err == -EFBIG) {
		g_message(
			"refused %s: the host's data is larger than --max-size (%zu bytes)",
			it->t->name, rq->sv->max_size);
	} else if (err == -E2BIG) {
		g_message(
			"refused %s: the host claims more than the %u bytes a guest reads at once",
			it->t->name, (unsigned int)VBGL_CLIPBOARD_MAX_DATA);
	} else {
		g_message("no host data for %s: %s", it->t->name,
			  g_strerror(-err));
	}
	if (err < 0) {
		it->failed = true;
	} else {
		it->data = g_bytes_new_take(out, len);
		it->format = 8;
		it->type = ovt_x11_atom(rq->sv->x, it->t->reply_type ?
							   it->t->reply_type :
							   it->t->name);
	}
	if (--rq->pending == 0)
		request_finish(rq);
}

static void item_resolve(struct request *rq, unsigned int i)
{
	struct clip_serve *sv = rq->sv;
	struct item *it = &rq->items[i];
	struct item_ref *ref;

	if (it->target == sv->a_targets) {
		it->type = XA_ATOM;
		it->format = 32;
		it->data = targets_list(sv);
		return;
	}
	if (it->target == sv->a_timestamp) {
		long t = (long)rq->own_time;

		it->type = XA_INTEGER;
		it->format = 32;
		it->data = longs(&t, 1);
		return;
	}
	it->t = target_of(sv, it->target);
	if (!it->t || !(clip_cache_formats(sv->cache) & it->t->vbox_format)) {
		it->failed = true;
		return;
	}
	ref = g_new0(struct item_ref, 1);
	ref->rq = rq;
	ref->i = i;
	rq->pending++;
	clip_cache_get(sv->cache, it->t->vbox_format, on_host_data, ref);
}

static void item_write(struct clip_serve *sv, struct request *rq,
		       struct item *it)
{
	gsize size;
	const void *bytes;
	int ret;

	if (it->failed)
		return;
	bytes = g_bytes_get_data(it->data, &size);
	if (it->format == 32) {
		ovt_x11_trap_push(sv->x);
		XChangeProperty(sv->dpy, rq->ev.requestor, it->property,
				it->type, 32, PropModeReplace, bytes,
				(int)(size / sizeof(long)));
		it->failed = ovt_x11_trap_pop(sv->x) != 0;
		return;
	}
	ret = clip_xfer_put(sv->xf, rq->ev.requestor, it->property, it->type,
			    it->data);
	if (ret < 0) {
		it->failed = true;
		return;
	}
	if (sv->done)
		sv->done(sv->data, it->t->vbox_format, it->t->name, size);
}

static void send_notify(struct clip_serve *sv, const XSelectionRequestEvent *ev,
			Atom property)
{
	XEvent reply;

	memset(&reply, 0, sizeof(reply));
	reply.xselection.type = SelectionNotify;
	reply.xselection.display = sv->dpy;
	reply.xselection.requestor = ev->requestor;
	reply.xselection.selection = ev->selection;
	reply.xselection.target = ev->target;
	reply.xselection.property = property;
	reply.xselection.time = ev->time;
	ovt_x11_trap_push(sv->x);
	XSendEvent(sv->dpy, ev->requestor, False, NoEventMask, &reply);
	ovt_x11_trap_pop(sv->x);
}

static void request_free(struct request *rq)
{
	unsigned int i;

	for (i = 0; i < rq->n; i++)
		if (rq->items[i].data)
			g_bytes_unref(rq->items[i].data);
	g_free(rq->items);
	g_free(rq);
}

static void request_finish(struct request *rq)
{
	struct clip_serve *sv = rq->sv;
	unsigned int i;
	Atom property;

	for (i = 0; i < rq->n; i++)
		item_write(sv, rq, &rq->items[i]);
	if (rq->multiple) {
		long *pairs = g_new(long, 2 * (size_t)rq->n);

		/* Failed conversions are reported by a None target. */
		for (i = 0; i < rq->n; i++) {
			pairs[2 * i] = rq->items[i].failed ?
					       None :
					       (long)rq->items[i].target;
			pairs[2 * i + 1] = (long)rq->items[i].property;
		}
		ovt_x11_trap_push(sv->x);
		XChangeProperty(sv->dpy, rq->ev.requestor, rq->ev.property,
				sv->a_atom_pair, 32, PropModeReplace,
				(unsigned char *)pairs, (int)(2 * rq->n));
		ovt_x11_trap_pop(sv->x);
		g_free(pairs);
		property = rq->ev.property;
	} else {
		property = rq->items[0].failed ? None : rq->items[0].property;
	}
	send_notify(sv, &rq->ev, property);
	request_free(rq);
}

/* MULTIPLE: the (target, property) pairs from the requestor's property. */
static bool read_pairs(struct clip_serve *sv, struct request *rq)
{
	unsigned long nitems = 0, after;
	unsigned char *data = NULL;
	Atom type;
	int format, err;
	unsigned int i;
	long *pairs;

	ovt_x11_trap_push(sv->x);
	XGetWindowProperty(sv->dpy, rq->ev.requestor, rq->ev.property, 0,
			   2 * SERVE_MULTIPLE_MAX, False, AnyPropertyType,
			   &type, &format, &nitems, &after, &data);
	err = ovt_x11_trap_pop(sv->x);
	if (err || !data || format != 32 || nitems < 2) {
		if (data)
			XFree(data);
		return false;
	}
	pairs = (long *)data;
	rq->n = (unsigned int)(nitems / 2);
	rq->items = g_new0(struct item, rq->n);
	for (i = 0; i < rq->n; i++) {
		rq->items[i].target = (Atom)pairs[2 * i];
		rq->items[i].property = (Atom)pairs[2 * i + 1];
		if (rq->items[i].property == None)
			rq->items[i].failed = true;
	}
	XFree(data);
	return true;
}

void clip_serve_request(struct clip_serve *sv, const XSelectionRequestEvent *ev,
			Time own_time, bool owned)
{
	struct request *rq;
	unsigned int i;

	/* ICCCM: refuse a request from before the agent owned it. */
	if (!owned || (ev->time != CurrentTime && ev->time < own_time)) {
		send_notify(sv, ev, None);
		return;
	}
	rq = g_new0(struct request, 1);
	rq->sv = sv;
	rq->ev = *ev;
	rq->own_time = own_time;
	if (ev->target == sv->a_multiple) {
		rq->multiple = true;
		if (ev->property == None || !read_pairs(sv, rq)) {
			send_notify(sv, ev, None);
			request_free(rq);
			return;
		}
	} else {
		rq->n = 1;
		rq->items = g_new0(struct item, 1);
		rq->items[0].target = ev->target;
		/* Obsolete clients send None: use the target's name. */
		rq->items[0].property = ev->property != None ? ev->property :
							       ev->target;
	}
	/* One reference of its own, so that it ends only after the loop. */
	rq->pending = 1;
	for (i = 0; i < rq->n; i++)
		if (!rq->items[i].failed)
			item_resolve(rq, i);
	if (--rq->pending == 0)
		request_finish(rq);
}

void clip_serve_set_max_size(struct clip_serve *sv, size_t max_size)
{
	sv->max_size = max_size;
}

struct clip_serve *clip_serve_new(struct ovt_x11 *x, struct clip_xfer *xf,
				  struct clip_cache *cache, size_t max_size,
				  clip_serve_done_fn done, void *data)
{
	struct clip_serve *sv = g_new0(struct clip_serve, 1);

	sv->x = x;
	sv->dpy = ovt_x11_display(x);
	sv->xf = xf;
	sv->cache = cache;
	sv->max_size = max_size;
	sv->done = done;
	sv->data = data;
	sv->targets = g_hash_table_new(g_direct_hash, g_direct_equal);
	sv->a_targets = ovt_x11_atom(x, "TARGETS");
	sv->a_multiple = ovt_x11_atom(x, "MULTIPLE");
	sv->a_timestamp = ovt_x11_atom(x, "TIMESTAMP");
	sv->a_atom_pair = ovt_x11_atom(x, "ATOM_PAIR");
	return sv;
}

void clip_serve_free(struct clip_serve *sv)
{
	if (!sv)
		return;
	g_hash_table_destroy(sv->targets);
	g_free(sv);
}
