// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The event waiter (see ovt_event_waiter.h).
 *
 * The thread hands results over by attaching a one-shot idle source to the
 * main context: g_source_attach() is safe from any thread and wakes the
 * context.  (g_main_context_invoke() is not used: when the context has no
 * owner at that moment it would run the callback on the worker thread.)
 * Each queued result holds a reference on the waiter, so a result that is
 * still queued when the waiter stops finds a "stopped" flag instead of
 * freed memory.
 *
 * The thread runs with every signal blocked: the program's signals are
 * handled on the main loop, and a wait on the device transport must not
 * end early with EINTR because a signal happened to land on this thread.
 * So -EINTR here only ever means vbgl_interrupt_waiters().
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include <glib.h>

#include "services/common/ovt_event_waiter.h"

struct ovt_event_waiter {
	gint refs;
	struct vbgl_handle *h;
	uint32_t mask;
	GMainContext *context;
	ovt_event_func func;
	gpointer data;
	GThread *thread;
	gint stopping;	  /* set before the interrupt; any thread */
	gboolean stopped; /* main context only */
};

struct ovt_event_result {
	struct ovt_event_waiter *w;
	uint32_t events;
	int error;
};

static struct ovt_event_waiter *waiter_ref(struct ovt_event_waiter *w)
{
	g_atomic_int_inc(&w->refs);
	return w;
}

static void waiter_unref(struct ovt_event_waiter *w)
{
	if (!g_atomic_int_dec_and_test(&w->refs))
		return;
	g_main_context_unref(w->context);
	g_free(w);
}

static gboolean deliver(gpointer data)
{
	struct ovt_event_result *r = data;

	if (!r->w->stopped)
		r->w->func(r->events, r->error, r->w->data);
	return G_SOURCE_REMOVE;
}

static void result_free(gpointer data)
{
	struct ovt_event_result *r = data;

	waiter_unref(r->w);
	g_free(r);
}

/* Worker thread: queue one result for the main context. */
static void post(struct ovt_event_waiter *w, uint32_t events, int error)
{
	struct ovt_event_result *r = g_new(struct ovt_event_result, 1);
	GSource *src = g_idle_source_new();

	r->w = waiter_ref(w);
	r->events = events;
	r->error = error;
	g_source_set_priority(src, G_PRIORITY_DEFAULT);
	g_source_set_callback(src, deliver, r, result_free);
	g_source_attach(src, w->context);
	g_source_unref(src);
}

static gpointer waiter_main(gpointer data)
{
	struct ovt_event_waiter *w = data;
	uint32_t events;
	int ret;

	for (;;) {
		events = 0;
		ret = vbgl_wait_for_events(w->h, w->mask, VBGL_TIMEOUT_INFINITE,
					   &events);
		if (g_atomic_int_get(&w->stopping))
			break;
		if (ret == -ETIMEDOUT)
			continue;
		if (ret < 0) {
			g_debug("waiting for events 0x%x failed: %s", w->mask,
				g_strerror(-ret));
			post(w, 0, ret);
			break;
		}
		if (events)
			post(w, events, 0);
	}
	return NULL;
}

int ovt_event_waiter_start(struct vbgl_handle *h, uint32_t mask,
			   GMainContext *context, ovt_event_func func,
			   gpointer data, struct ovt_event_waiter **out)
{
	struct ovt_event_waiter *w;
	sigset_t all, old;
	GError *error = NULL;

	if (!h || !func || !out || !mask || (mask & ~VBGL_EVENT_VALID_MASK))
		return -EINVAL;
	w = g_new0(struct ovt_event_waiter, 1);
	w->refs = 1;
	w->h = h;
	w->mask = mask;
	w->context = g_main_context_ref(context ? context :
						  g_main_context_default());
	w->func = func;
	w->data = data;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	w->thread = g_thread_try_new("event-waiter", waiter_main, w, &error);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!w->thread) {
		g_warning("cannot start the event thread: %s", error->message);
		g_error_free(error);
		waiter_unref(w);
		return -EAGAIN;
	}
	*out = w;
	return 0;
}

void ovt_event_waiter_stop(struct ovt_event_waiter *w)
{
	int ret;

	if (!w)
		return;
	w->stopped = TRUE;
	g_atomic_int_set(&w->stopping, 1);
	ret = vbgl_interrupt_waiters(w->h);
	if (ret < 0)
		g_debug("interrupting the event thread: %s", g_strerror(-ret));
	g_thread_join(w->thread);
	waiter_unref(w);
}
