// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host data cache (see clip_cache.h).
 *
 * A fetch is one host read with the callers waiting for it.  The slot of
 * its format points to it while it is current; a reset detaches it, so
 * that its result still reaches its waiters but is not stored.
 */
#define G_LOG_DOMAIN "vbox-clipboard"

#include "config.h"

#include <errno.h>

#include <glib.h>

#include "services/vbox-clipboard/clip_cache.h"
#include "services/vbox-clipboard/clip_formats.h"

#define CACHE_SLOTS 3u

struct waiter {
	clip_host_read_fn fn;
	void *user;
};

struct fetch {
	struct clip_cache *cache;
	unsigned int slot;
	bool current;	 /* still the slot's fetch */
	GArray *waiters; /* struct waiter */
};

struct slot {
	GBytes *data;	     /* cached data, or NULL */
	int err;	     /* cached failure, or 0 */
	struct fetch *fetch; /* the read under way, or NULL */
};

struct clip_cache {
	struct clip_host *host;
	size_t max_size;
	uint32_t formats;
	struct slot slots[CACHE_SLOTS];
};

/* An error worth remembering until the next announcement. */
static bool err_is_final(int err)
{
	return err == -ENODATA || err == -EPERM || err == -EFBIG ||
	       err == -E2BIG || err == -EINVAL;
}

static int slot_of(uint32_t format)
{
	switch (format) {
	case VBGL_CLIPBOARD_FMT_UNICODETEXT:
		return 0;
	case VBGL_CLIPBOARD_FMT_BITMAP:
		return 1;
	case VBGL_CLIPBOARD_FMT_HTML:
		return 2;
	default:
		return -1;
	}
}

static void slot_clear(struct slot *s)
{
	if (s->data)
		g_bytes_unref(s->data);
	s->data = NULL;
	s->err = 0;
	if (s->fetch)
		s->fetch->current = false;
	s->fetch = NULL;
}

void clip_cache_set_max_size(struct clip_cache *c, size_t max_size)
{
	c->max_size = max_size;
}

struct clip_cache *clip_cache_new(struct clip_host *host, size_t max_size)
{
	struct clip_cache *c = g_new0(struct clip_cache, 1);

	c->host = host;
	c->max_size = max_size;
	return c;
}

void clip_cache_free(struct clip_cache *c)
{
	unsigned int i;

	if (!c)
		return;
	for (i = 0; i < CACHE_SLOTS; i++) {
		/* The fetch is freed when its read ends; it must not point
		 * back to a freed cache. */
		if (c->slots[i].fetch)
			c->slots[i].fetch->cache = NULL;
		slot_clear(&c->slots[i]);
	}
	g_free(c);
}

void clip_cache_reset(struct clip_cache *c, uint32_t formats)
{
	unsigned int i;

	for (i = 0; i < CACHE_SLOTS; i++)
		slot_clear(&c->slots[i]);
	c->formats = formats & CLIP_FORMATS_SUPPORTED;
}

uint32_t clip_cache_formats(const struct clip_cache *c)
{
	return c->formats;
}

static void on_read(int err, GBytes *data, void *user)
{
	struct fetch *f = user;
	struct clip_cache *c = f->cache;
	guint i;

	if (c && f->current) {
		struct slot *s = &c->slots[f->slot];

		s->fetch = NULL;
		if (err == 0)
			s->data = g_bytes_ref(data);
		else if (err_is_final(err))
			s->err = err;
	}
	for (i = 0; i < f->waiters->len; i++) {
		struct waiter *w = &g_array_index(f->waiters, struct waiter, i);

		if (c)
			w->fn(err, data, w->user);
	}
	g_array_unref(f->waiters);
	g_free(f);
}

struct answer {
	clip_host_read_fn fn;
	void *user;
	GBytes *data;
	int err;
};

static gboolean on_answer(gpointer p)
{
	struct answer *a = p;

	a->fn(a->err, a->data, a->user);
	if (a->data)
		g_bytes_unref(a->data);
	g_free(a);
	return G_SOURCE_REMOVE;
}

static void answer_later(clip_host_read_fn fn, void *user, int err,
			 GBytes *data)
{
	struct answer *a = g_new0(struct answer, 1);

	a->fn = fn;
	a->user = user;
	a->err = err;
	a->data = data ? g_bytes_ref(data) : NULL;
	g_idle_add(on_answer, a);
}

void clip_cache_get(struct clip_cache *c, uint32_t format, clip_host_read_fn fn,
		    void *user)
{
	struct waiter w = { fn, user };
	int i = slot_of(format);
	struct slot *s;
	struct fetch *f;

	if (i < 0 || !(c->formats & format)) {
		answer_later(fn, user, -ENODATA, NULL);
		return;
	}
	s = &c->slots[i];
	if (s->data || s->err) {
		answer_later(fn, user, s->err, s->data);
		return;
	}
	if (!s->fetch) {
		f = g_new0(struct fetch, 1);
		f->cache = c;
		f->slot = (unsigned int)i;
		f->current = true;
		f->waiters = g_array_new(FALSE, FALSE, sizeof(struct waiter));
		s->fetch = f;
		g_array_append_val(f->waiters, w);
		clip_host_read(c->host, format, c->max_size, on_read, f);
		return;
	}
	g_array_append_val(s->fetch->waiters, w);
}
