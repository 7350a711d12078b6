/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-clipboard's X11 selections: CLIPBOARD always, PRIMARY on request.
 *
 *  - Guest owners: XFixes tells of every change of owner; the agent asks a
 *    new owner for TARGETS and tells the rest of the agent which host
 *    formats it can offer (0 when the owner goes away).  When the host
 *    wants the data, clip_x11_read() converts the best target and turns it
 *    into the host's encoding.
 *  - Host data: clip_x11_take() makes the agent's window the owner, with a
 *    real server timestamp; X clients' requests (TARGETS, MULTIPLE,
 *    TIMESTAMP and the data targets) are answered from the host data cache
 *    when the data arrives.
 */
#ifndef CLIP_X11_H
#define CLIP_X11_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <X11/Xlib.h>
#include <glib.h>

#include "services/vbox-clipboard/clip_cache.h"
#include "services/x11/ovt_x11.h"

struct clip_x11;

/* What the selections tell the rest of the agent. */
struct clip_x11_ops {
	/* A guest X client's selection now offers @formats (0: none). */
	void (*guest_formats)(void *data, const char *selection,
			      uint32_t formats);
	/* An X client got the host's data in @format. */
	void (*served)(void *data, uint32_t format, const char *target,
		       size_t bytes);
};

/**
 * typedef clip_x11_read_fn - the end of a clip_x11_read().
 * @err: 0 or a negative errno
 * @format: the one VBOX_SHCL_FMT_* bit read
 * @data: the data in the host's encoding (NULL on error)
 * @user: as given
 */
typedef void (*clip_x11_read_fn)(int err, uint32_t format, GBytes *data,
				 void *user);

/**
 * clip_x11_new - start watching the selections.
 * @x: the X connection
 * @primary: PRIMARY too, not only CLIPBOARD
 * @cache: the host's data, for the requests the agent answers
 * @max_size: the largest transfer, in bytes, either way
 * @ops: the callbacks (kept as a pointer)
 * @data: passed to them
 * @error: receives the reason of a failure
 *
 * Creates the agent's window and asks the owners the selections have
 * now for their targets.
 *
 * Return: the selections, or NULL (the server lacks XFixes, ...).
 */
struct clip_x11 *clip_x11_new(struct ovt_x11 *x, bool primary,
			      struct clip_cache *cache, size_t max_size,
			      const struct clip_x11_ops *ops, void *data,
			      GError **error);

/* The largest transfer from now on (SIGHUP's max-size). */
void clip_x11_set_max_size(struct clip_x11 *s, size_t max_size);

/**
 * clip_x11_free - release the selections the agent owns and free; NULL is
 * ignored.
 * @s: the selections
 */
void clip_x11_free(struct clip_x11 *s);

/**
 * clip_x11_handle_event - the X event callback.
 * @s: the selections
 * @ev: the event
 */
void clip_x11_handle_event(struct clip_x11 *s, XEvent *ev);

/**
 * clip_x11_take - the host has data: own the selections.
 * @s: the selections
 *
 * Return: true if the agent owns CLIPBOARD now.
 */
bool clip_x11_take(struct clip_x11 *s);

/**
 * clip_x11_drop - the host clipboard is empty: release what the agent
 * owns (guest owners are left alone).
 * @s: the selections
 */
void clip_x11_drop(struct clip_x11 *s);

/**
 * clip_x11_guest_formats - what the guest's selection offers now.
 * @s: the selections
 *
 * Return: VBOX_SHCL_FMT_* bits; 0 when the agent owns the selection or no
 * one does.
 */
uint32_t clip_x11_guest_formats(const struct clip_x11 *s);

/**
 * clip_x11_read - read the guest's selection for the host.
 * @s: the selections
 * @formats: the VBOX_SHCL_FMT_* bits the host asks for; the first the
 *	owner offers (text, bitmap, HTML) is read
 * @max_out: the largest result, in bytes
 * @fn: called with the result, never from inside this call
 * @user: passed to @fn
 */
void clip_x11_read(struct clip_x11 *s, uint32_t formats, size_t max_out,
		   clip_x11_read_fn fn, void *user);

#endif /* CLIP_X11_H */
