/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vbox-balloon agent: guest statistics at the interval the host asks
 * for, the balloon size as the driver reports it, and the event filter
 * bits that let the host's balloon requests reach the driver.
 */
#ifndef BALLOON_AGENT_H
#define BALLOON_AGENT_H

#include <glib.h>

#include "services/common/ovt_state.h"

/* Longest statistics interval honoured; longer requests are clamped. */
#define BALLOON_AGENT_MAX_INTERVAL_S 86400u

struct balloon_agent_config {
	const char *device;	 /* NULL: $VBGL_DEVICE or /dev/vboxguest */
	const char *proc_root;	 /* NULL: /proc */
	struct ovt_state *state; /* published to (kept, not owned); or NULL */
};

/*
 * The agent's [state] keys (see ovt_state.h; [agent] host= says whether it
 * is connected, last-error= what went wrong last):
 *   balloon-size=16        the balloon in MiB (absent: not read)
 *   statistics-interval=2  the seconds between statistics reports the
 *                          host asked for (0: none)
 */

struct balloon_agent;

/**
 * balloon_agent_new - an agent, not yet connected.
 * @cfg: the configuration (copied)
 *
 * Return: the agent.
 */
struct balloon_agent *balloon_agent_new(const struct balloon_agent_config *cfg);

/**
 * balloon_agent_start - open the device and start working; the rest
 * happens on the default main context.
 * @a: the agent
 *
 * Reads the statistics interval (with an acknowledgement, so an interval
 * set before the agent started counts), reports the VBoxService facility
 * as initialising, asks for the statistics and balloon events, starts the
 * event thread and the timer, and reports the facility active (or failed,
 * when a step after the first report fails).  Later losses of the device
 * are handled inside (reconnect with back-off).
 *
 * Return: 0, or a negative errno; balloon_agent_error() says what failed.
 */
int balloon_agent_start(struct balloon_agent *a);

/**
 * balloon_agent_error - why balloon_agent_start() failed.
 * @a: the agent
 *
 * Return: a one-line message owned by @a, or NULL.
 */
const char *balloon_agent_error(const struct balloon_agent *a);

/**
 * balloon_agent_resync - read the host's statistics interval and the
 * balloon size again (SIGHUP); while the device is away, try to reconnect
 * at once.
 * @a: the agent
 */
void balloon_agent_resync(struct balloon_agent *a);

/**
 * balloon_agent_set_proc_root - read the statistics below another
 * directory from the next report on (a new configuration).
 * @a: the agent
 * @proc_root: the directory, or NULL for /proc
 */
void balloon_agent_set_proc_root(struct balloon_agent *a,
				 const char *proc_root);

/**
 * balloon_agent_stop - stop cleanly: the facility is reported terminating,
 * then terminated, the event bits are dropped and the device is closed.
 * @a: the agent
 */
void balloon_agent_stop(struct balloon_agent *a);

/**
 * balloon_agent_free - free a stopped agent; NULL is ignored.
 * @a: the agent
 */
void balloon_agent_free(struct balloon_agent *a);

#endif /* BALLOON_AGENT_H */
