/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-clipboard's X11 transfers: getting a selection's value from its
 * owner and putting a value into a requestor's property, each with the
 * ICCCM INCR protocol when the data is large.
 *
 *  - Getting: conversions run one at a time, in the order asked for, each
 *    into a property of the agent's window (a small set of names used in
 *    turn, so that the late chunks of an abandoned transfer cannot be
 *    mistaken for the next one's).  An INCR reply is read chunk by chunk
 *    on PropertyNewValue until the zero-length chunk.
 *  - Putting: a value larger than one chunk is announced as INCR and fed
 *    a chunk at a time on PropertyDelete from the requestor.
 *
 * Both are bounded by a size cap and by a timeout on progress, armed only
 * while a transfer is under way: an X client that never answers, never
 * reads or never sends costs at most that long.
 */
#ifndef CLIP_XFER_H
#define CLIP_XFER_H

#include <stdbool.h>
#include <stddef.h>

#include <X11/Xlib.h>
#include <glib.h>

#include "services/x11/ovt_x11.h"

/* How long a transfer may go without progress. */
#define CLIP_XFER_TIMEOUT_MS 5000u
/* The largest chunk written at once (the server's request size may lower
 * it). */
#define CLIP_XFER_CHUNK_MAX (1u << 20)

struct clip_xfer;

/**
 * typedef clip_xfer_got_fn - the end of a clip_xfer_get().
 * @err: 0; -ENODATA when the owner refused the conversion; -EFBIG above
 *	the size cap; -ETIMEDOUT when the owner stalled
 * @type: the type of the value
 * @format: 8, 16 or 32
 * @data: the value (NULL on error): for format 32 an array of long, as
 *	Xlib gives it; the callee may keep a reference
 * @user: as given
 */
typedef void (*clip_xfer_got_fn)(int err, Atom type, int format, GBytes *data,
				 void *user);

/**
 * clip_xfer_new - transfers for one X connection.
 * @x: the connection
 * @window: the agent's window; it must select PropertyChangeMask
 * @max_size: the largest value accepted or sent, in bytes
 *
 * Return: the transfers, or NULL if the property atoms cannot be made.
 */
struct clip_xfer *clip_xfer_new(struct ovt_x11 *x, Window window,
				size_t max_size);

/* The largest value accepted or sent from now on, transfers under way
 * included (SIGHUP's max-size). */
void clip_xfer_set_max_size(struct clip_xfer *xf, size_t max_size);

/**
 * clip_xfer_free - abandon every transfer and free; NULL is ignored.
 * @xf: the transfers
 *
 * Callbacks of gets not yet finished are never called.
 */
void clip_xfer_free(struct clip_xfer *xf);

/**
 * clip_xfer_handle_event - give the transfers a look at an event.
 * @xf: the transfers
 * @ev: a SelectionNotify or PropertyNotify event (others are ignored)
 *
 * Return: true if the event belonged to a transfer.
 */
bool clip_xfer_handle_event(struct clip_xfer *xf, const XEvent *ev);

/**
 * clip_xfer_get - ask the owner of @selection for its value as @target.
 * @xf: the transfers
 * @selection: the selection
 * @target: the target
 * @time: the time of the request (the owner's acquisition time)
 * @fn: called with the result from the main loop, never from inside this
 *	call
 * @user: passed to @fn
 */
void clip_xfer_get(struct clip_xfer *xf, Atom selection, Atom target, Time time,
		   clip_xfer_got_fn fn, void *user);

/**
 * clip_xfer_put - store a format-8 value in a requestor's property, in one
 * piece or with INCR.
 * @xf: the transfers
 * @requestor: the requestor's window
 * @property: the property
 * @type: the value's type
 * @data: the value
 *
 * The caller sends the SelectionNotify after this returns; an INCR
 * transfer then goes on by itself.
 *
 * Return: 0, -EFBIG above the size cap, or -EIO when the requestor's
 * window is gone.
 */
int clip_xfer_put(struct clip_xfer *xf, Window requestor, Atom property,
		  Atom type, GBytes *data);

#endif /* CLIP_XFER_H */
