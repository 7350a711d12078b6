/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vbox-display agent: the host side (display change events, the
 * graphics capability, monitor positions back to the host) joined to the
 * X side (display_randr.c) on one main loop.
 */
#ifndef DISPLAY_AGENT_H
#define DISPLAY_AGENT_H

#include <glib.h>

#include "services/vbox-display/display_layout.h"

struct display_agent_config {
	const char *device;  /* NULL: $VBGL_DEVICE or /dev/vboxuser */
	const char *display; /* NULL: $DISPLAY */
	const struct display_map *map;
};

struct display_agent;

/**
 * display_agent_new - an agent, not yet connected.
 * @cfg: the configuration (copied; the map is kept as a pointer)
 *
 * Return: the agent.
 */
struct display_agent *display_agent_new(const struct display_agent_config *cfg);

/**
 * display_agent_open_x - connect to the X server and check RandR.
 * @a: the agent
 *
 * Return: 0, or a negative errno; display_agent_error() says why.
 */
int display_agent_open_x(struct display_agent *a);

/**
 * display_agent_display_name - the X display as one name for every way of
 * writing it (":1.0" and ":1" are ":1"), for the pidfile and state file.
 * @a: the agent, connected to X
 *
 * Return: the name, owned by @a.
 */
const char *display_agent_display_name(const struct display_agent *a);

/**
 * display_agent_on_display_lost - what to run when the X server goes away,
 * after the agent removed its state file and before the process exits.
 * @a: the agent (its display open)
 * @fn: the function
 * @data: passed to @fn
 */
void display_agent_on_display_lost(struct display_agent *a,
				   void (*fn)(gpointer data), gpointer data);

/**
 * display_agent_start - open the device, take the graphics capability,
 * read the host's current request (without acknowledging it, so one made
 * before the agent started is applied) and follow the host from then on.
 * @a: the agent, connected to X
 * @state_path: the state file to keep
 *
 * Later losses of the device are handled inside (reconnect with
 * back-off).
 *
 * Return: 0, or a negative errno (-EBUSY: another agent holds the graphics
 * capability); display_agent_error() says what failed.
 */
int display_agent_start(struct display_agent *a, const char *state_path);

/**
 * display_agent_error - why the last step failed.
 * @a: the agent
 *
 * Return: a one-line message owned by @a, or NULL.
 */
const char *display_agent_error(const struct display_agent *a);

/**
 * display_agent_resync - read the host's request again and apply it
 * (SIGHUP); while the device is away, try to reconnect at once.
 * @a: the agent
 */
void display_agent_resync(struct display_agent *a);

/**
 * display_agent_stop - give the capability and the event bits back,
 * close the device and remove the state file.
 * @a: the agent
 */
void display_agent_stop(struct display_agent *a);

/**
 * display_agent_free - free a stopped agent; NULL is ignored.
 * @a: the agent
 */
void display_agent_free(struct display_agent *a);

#endif /* DISPLAY_AGENT_H */
