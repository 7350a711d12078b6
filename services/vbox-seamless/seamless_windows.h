/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-seamless's X side: the top-level windows of the screen (the
 * children of the root window) in stacking order, with what the visible
 * region needs of each (geometry, border, map state, class, override-
 * redirect, bounding shape, the managed client inside a frame with its
 * shape, the desktop window type), kept up to date from X events alone.
 *
 * While active it selects on the root window SubstructureNotify (windows
 * created, destroyed, mapped, unmapped, moved, resized, restacked,
 * reparented), StructureNotify (the screen resized) and PropertyChange
 * (_NET_CLIENT_LIST); on every top-level window ShapeNotify and
 * PropertyChange (_NET_WM_WINDOW_TYPE, WM_STATE), and SubstructureNotify
 * when no EWMH window manager lists its clients; on every managed client
 * ShapeNotify, StructureNotify and PropertyChange.  Events only update
 * the model and mark windows whose contents must be read again; the
 * reading happens in seamless_windows_region(), once per batch of events.
 * Inactive, it selects nothing, so windows may change without waking the
 * agent.
 */
#ifndef SEAMLESS_WINDOWS_H
#define SEAMLESS_WINDOWS_H

#include <stdbool.h>
#include <stddef.h>

#include <X11/Xlib.h>

#include "services/vbox-seamless/seamless_region.h"
#include "services/x11/ovt_x11.h"

struct seamless_windows;

/**
 * seamless_windows_new - a model of the default screen of a connection,
 * inactive.
 * @x: the connection (must outlive the model)
 *
 * Return: the model.
 */
struct seamless_windows *seamless_windows_new(struct ovt_x11 *x);

/**
 * seamless_windows_free - stop and free; NULL is ignored.
 * @sw: the model
 */
void seamless_windows_free(struct seamless_windows *sw);

/**
 * seamless_windows_start - select the events and read the window tree.
 * @sw: the model (nothing happens if it is active)
 */
void seamless_windows_start(struct seamless_windows *sw);

/**
 * seamless_windows_stop - deselect every event and forget the windows.
 * @sw: the model (nothing happens if it is inactive)
 */
void seamless_windows_stop(struct seamless_windows *sw);

/**
 * seamless_windows_active - whether the model follows the screen.
 * @sw: the model
 *
 * Return: true between start and stop.
 */
bool seamless_windows_active(const struct seamless_windows *sw);

/**
 * seamless_windows_handle_event - update the model from one X event.
 * @sw: the model
 * @event: any event of the connection (those that do not concern the
 *	model are ignored, as are all events while it is inactive)
 *
 * Sends no request that waits for a reply.
 *
 * Return: true if the visible region may have changed.
 */
bool seamless_windows_handle_event(struct seamless_windows *sw,
				   const XEvent *event);

/**
 * seamless_windows_region - read what changed and compute the region.
 * @sw: the model (active)
 * @max_rects: the most rectangles the region may have
 * @out: receives the region (see seamless_region_build())
 *
 * Return: 0 or the negative errno of seamless_region_build().
 */
int seamless_windows_region(struct seamless_windows *sw, size_t max_rects,
			    struct seamless_region *out);

/**
 * seamless_windows_count - the top-level windows the model knows.
 * @sw: the model
 *
 * Return: the count (0 while inactive).
 */
unsigned int seamless_windows_count(const struct seamless_windows *sw);

#endif /* SEAMLESS_WINDOWS_H */
