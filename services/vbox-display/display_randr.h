/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The X side of vbox-display: reads the outputs, CRTCs and modes from
 * RandR (1.2 or later), applies a layout from display_layout.c in one
 * consistent change, and tells when the screen configuration changed.
 *
 * Applying, with the server grabbed so that no client sees a state in
 * between: read the resources, work out the plan, create the modes it
 * needs (CVT reduced blanking) and add them to their outputs, switch off
 * every CRTC whose configuration changes (so none overlaps another or lies
 * outside the new screen), set the screen size, set the changed CRTCs,
 * set the primary output, ungrab.  Afterwards, modes this agent created
 * that no CRTC uses any more are deleted.
 */
#ifndef DISPLAY_RANDR_H
#define DISPLAY_RANDR_H

#include <stdbool.h>

#include <X11/Xlib.h>
#include <glib.h>

#include "services/vbox-display/display_layout.h"
#include "services/x11/ovt_x11.h"

struct display_randr;

/**
 * display_randr_new - check RandR and select its change events on the
 * root window.
 * @x: the X connection
 * @error: receives the reason when the server has no RandR 1.2
 *
 * Return: the X side, or NULL.
 */
struct display_randr *display_randr_new(struct ovt_x11 *x, GError **error);

void display_randr_free(struct display_randr *r);

/**
 * display_randr_is_change - whether an event tells of a new screen, CRTC
 * or output configuration (and let Xlib update its screen size).
 * @r: the X side
 * @event: the event
 *
 * Return: true for RRScreenChangeNotify and RRNotify events.
 */
bool display_randr_is_change(struct display_randr *r, XEvent *event);

/* The outputs as RandR shows them now. */
struct display_now {
	unsigned int n;
	const char *names[DISPLAY_MAX];
	struct display_output outputs[DISPLAY_MAX];
	uint32_t screen_width, screen_height;
};

/**
 * display_randr_read - the outputs and where they are now.
 * @r: the X side
 * @now: filled in (the names stay valid until the next call)
 *
 * Return: 0, or -EIO when the server refused.
 */
int display_randr_read(struct display_randr *r, struct display_now *now);

/**
 * display_randr_apply - lay the outputs out as the host wants.
 * @r: the X side
 * @hosts: what the host wants (DISPLAY_MAX entries)
 * @map: which output shows which host display
 * @plan: receives the layout worked out
 * @error: receives a one-line reason when a step failed (caller frees)
 *
 * Return: 0, or a negative errno (-EIO for a request the server refused);
 * the steps before the failure stay applied.
 */
int display_randr_apply(struct display_randr *r,
			const struct display_host *hosts,
			const struct display_map *map,
			struct display_plan *plan, char **error);

#endif /* DISPLAY_RANDR_H */
