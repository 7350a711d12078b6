/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vbox-seamless agent: one X display, one session with the guest
 * driver.  While it runs it holds the seamless capability
 * (VMMDEV_GUEST_SUPPORTS_SEAMLESS), follows the host's seamless mode
 * requests through the event waiter, and while the host asks for the
 * visible region it sends the region of the guest's top-level windows
 * after each batch of X events that changed it.
 */
#ifndef SEAMLESS_AGENT_H
#define SEAMLESS_AGENT_H

#include <glib.h>

struct seamless_agent_config {
	const char *device;  /* NULL: $VBGL_DEVICE or /dev/vboxuser */
	const char *display; /* NULL: $DISPLAY */
};

struct seamless_agent;

/**
 * seamless_agent_new - an agent, connected to nothing yet.
 * @cfg: the configuration (copied)
 *
 * Return: the agent.
 */
struct seamless_agent *
seamless_agent_new(const struct seamless_agent_config *cfg);

/**
 * seamless_agent_open_display - connect to the X server.
 * @a: the agent
 *
 * Return: 0, or -ENXIO when the display cannot be opened
 * (seamless_agent_error() says which).
 */
int seamless_agent_open_display(struct seamless_agent *a);

/**
 * seamless_agent_display - the X display's name, once open.
 * @a: the agent
 *
 * Return: the name (owned by the agent).
 */
const char *seamless_agent_display(const struct seamless_agent *a);

/**
 * seamless_agent_on_display_lost - what to run when the X server goes
 * away, after the agent removed its state file and before the process
 * exits.
 * @a: the agent (its display open)
 * @fn: the function
 * @data: passed to @fn
 */
void seamless_agent_on_display_lost(struct seamless_agent *a,
				    void (*fn)(gpointer data), gpointer data);

/**
 * seamless_agent_start - open the state file (vbox-seamless@DISPLAY.state
 * in $XDG_RUNTIME_DIR/open-vbox-tools; without one the agent works on),
 * open the device, report the VBoxTrayClient facility, take the seamless
 * capability, read the host's mode and follow it from then on (on the
 * default main context).  Later losses of the device are handled
 * inside (reconnect with back-off).
 * @a: the agent (its display open)
 *
 * Return: 0, or a negative errno; seamless_agent_error() says what failed.
 */
int seamless_agent_start(struct seamless_agent *a);

/**
 * seamless_agent_error - why the last open or start failed.
 * @a: the agent
 *
 * Return: a one-line message owned by @a, or NULL.
 */
const char *seamless_agent_error(const struct seamless_agent *a);

/**
 * seamless_agent_resync - read the host's mode again and send the region
 * anew (SIGHUP); while the device is away, try to reconnect at once.
 * @a: the agent
 */
void seamless_agent_resync(struct seamless_agent *a);

/**
 * seamless_agent_stop - stop cleanly: the facility reported terminated,
 * the capability and the event bit dropped, the device closed, the state
 * file removed.
 * @a: the agent
 */
void seamless_agent_stop(struct seamless_agent *a);

/**
 * seamless_agent_free - free a stopped agent and close its display; NULL
 * is ignored.
 * @a: the agent
 */
void seamless_agent_free(struct seamless_agent *a);

#endif /* SEAMLESS_AGENT_H */
