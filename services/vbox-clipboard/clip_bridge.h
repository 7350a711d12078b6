/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-clipboard's wiring: what the host side, the host data cache and the
 * X11 selections tell each other, and the agent state file that
 * `vboxctl status` reads.  The three parts know nothing of each other
 * beyond the calls this file makes.
 *
 * State keys ([state] group of the state file):
 *   owner=host|guest|none    who owns the shared clipboard
 *   host-formats=text,html   what the host offers (or "none")
 *   guest-formats=...        what the guest's selection offers
 *   guest-selection=CLIPBOARD|PRIMARY   where the guest's offer comes from
 *   primary=on|off           --primary
 *   max-size=BYTES           --max-size
 *   protocol=6.1|legacy      what the host speaks
 *   last-transfer=DIRECTION FORMAT BYTES   (host-to-guest, guest-to-host)
 *   last-transfer-time=ISO 8601 UTC
 *   transfers=N              transfers since start
 *   host-announcements=N     format announcements from the host
 *   guest-announcements=N    ... and to it
 */
#ifndef CLIP_BRIDGE_H
#define CLIP_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "services/common/ovt_state.h"
#include "services/x11/ovt_x11.h"

struct clip_bridge;

/* How the agent runs. */
struct clip_bridge_config {
	const char *device; /* NULL: the default */
	bool primary;
	size_t max_size;
	/* run when the X server goes away, after the state file is removed */
	void (*x_lost)(void *data);
	void *x_lost_data;
};

/**
 * clip_bridge_new - set up the host side, the cache and the selections.
 * @x: the X connection
 * @st: the state file
 * @cfg: the configuration (copied)
 * @error: receives the reason of a failure (g_free())
 *
 * Connects to the host for the first time.
 *
 * Return: the agent, or NULL.
 */
struct clip_bridge *clip_bridge_new(struct ovt_x11 *x, struct ovt_state *st,
				    const struct clip_bridge_config *cfg,
				    char **error);

/**
 * clip_bridge_event - the X event callback of ovt_x11_open().
 * @ev: the event
 * @data: a struct clip_bridge ** that points to the agent once
 *	clip_bridge_new() returned (events before are dropped)
 */
void clip_bridge_event(XEvent *ev, void *data);

/**
 * clip_bridge_free - release the selections, disconnect, free; NULL is
 * ignored.
 * @b: the agent
 */
void clip_bridge_free(struct clip_bridge *b);

#endif /* CLIP_BRIDGE_H */
