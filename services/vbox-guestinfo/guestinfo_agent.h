/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vbox-guestinfo agent: keeps the host's guest properties about the
 * guest (OS, additions, users, network) up to date.
 */
#ifndef GUESTINFO_AGENT_H
#define GUESTINFO_AGENT_H

#include <glib.h>

/* The reference's default interval, and the longest one accepted. */
#define GUESTINFO_DEFAULT_INTERVAL_S 10u
#define GUESTINFO_MAX_INTERVAL_S     86400u

struct guestinfo_agent_config {
	const char *device; /* NULL: $VBGL_DEVICE or /dev/vboxguest */
	unsigned int interval_s;
	const char *utmp_path; /* the utmp file read and watched */
};

struct guestinfo_agent;

/**
 * guestinfo_agent_new - an agent, not yet connected.
 * @cfg: the configuration (copied)
 *
 * Return: the agent.
 */
struct guestinfo_agent *
guestinfo_agent_new(const struct guestinfo_agent_config *cfg);

/**
 * guestinfo_agent_start - connect, write every property, and keep them up
 * to date from the default main context: every interval, at once when the
 * kernel reports a link or IPv4 address change (rtnetlink), and when utmp
 * changes (inotify).  A lost host is reconnected with back-off.
 * @a: the agent
 *
 * Return: 0, or a negative errno; guestinfo_agent_error() says why.
 */
int guestinfo_agent_start(struct guestinfo_agent *a);

/* Why guestinfo_agent_start() failed: a message owned by @a, or NULL. */
const char *guestinfo_agent_error(const struct guestinfo_agent *a);

/**
 * guestinfo_agent_set_interval - a new interval (a new configuration),
 * from the next timer on.
 * @a: the agent
 * @interval_s: seconds, 1 to GUESTINFO_MAX_INTERVAL_S (0: no change)
 */
void guestinfo_agent_set_interval(struct guestinfo_agent *a,
				  unsigned int interval_s);

/**
 * guestinfo_agent_refresh - run one cycle now (SIGHUP); while the host is
 * away, try to reconnect at once.
 * @a: the agent
 */
void guestinfo_agent_refresh(struct guestinfo_agent *a);

/**
 * guestinfo_agent_stop - stop cleanly: remove what the reference removes
 * (the network properties, the users list; the user count back to "0")
 * and disconnect.
 * @a: the agent
 */
void guestinfo_agent_stop(struct guestinfo_agent *a);

/* Free a stopped agent; NULL is ignored. */
void guestinfo_agent_free(struct guestinfo_agent *a);

#endif /* GUESTINFO_AGENT_H */
