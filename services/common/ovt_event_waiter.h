/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The event waiter: a worker thread that blocks in vbgl_wait_for_events()
 * (no timeout, so nothing runs while nothing happens) and hands each batch
 * of events to a callback on the program's main context.
 *
 * The thread stops when the wait fails (the error goes to the callback
 * once, e.g. -ENOTCONN when the simulator went away) or when
 * ovt_event_waiter_stop() interrupts it.  Interrupting uses
 * vbgl_interrupt_waiters(), which makes every later wait on the handle fail
 * too: stop the waiter only when the handle is about to be closed.
 */
#ifndef OVT_EVENT_WAITER_H
#define OVT_EVENT_WAITER_H

#include <stdint.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"

struct ovt_event_waiter;

/*
 * Called on the main context with the events a wait returned (error 0), or
 * once with the negative errno the thread stopped on (events 0).  Never
 * called after ovt_event_waiter_stop() returned.
 */
typedef void (*ovt_event_func)(uint32_t events, int error, gpointer data);

/**
 * ovt_event_waiter_start - start waiting for events on a handle.
 * @h: the handle (the caller has set the event filter for @mask)
 * @mask: VBGL_EVENT_* bits to wait for (non-zero)
 * @context: the main context the callback runs on (NULL: the default)
 * @func: the callback
 * @data: passed to @func
 * @out: receives the waiter
 *
 * Return: 0, -EINVAL for a NULL handle, callback or output or a bad mask,
 * or -EAGAIN when the thread cannot be created.
 */
int ovt_event_waiter_start(struct vbgl_handle *h, uint32_t mask,
			   GMainContext *context, ovt_event_func func,
			   gpointer data, struct ovt_event_waiter **out);

/**
 * ovt_event_waiter_stop - interrupt the wait, join the thread and free the
 * waiter; call on the main context's thread.  NULL is ignored.
 * @w: the waiter
 *
 * Events already queued for the callback are dropped.
 */
void ovt_event_waiter_stop(struct ovt_event_waiter *w);

#endif /* OVT_EVENT_WAITER_H */
