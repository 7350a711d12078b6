/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vbox-automount agent: keeps one vboxsf-fuse mount for each share
 * the host marks for auto-mounting, following the host's changes.
 */
#ifndef AUTOMOUNT_AGENT_H
#define AUTOMOUNT_AGENT_H

#include <glib.h>

#include "services/common/ovt_state.h"
#include "services/vbox-automount/automount_config.h"

struct automount_agent_config {
	const char *device; /* NULL: $VBGL_DEVICE or the default */
	const struct automount_config *cfg; /* kept as a pointer */
	struct ovt_state *state; /* published to (kept, not owned); or NULL */
	const char *mountinfo;	 /* NULL: /proc/self/mountinfo */
};

struct automount_agent;

/**
 * automount_agent_new - an agent, not yet connected.
 * @acfg: the configuration (strings copied, @acfg->cfg kept)
 *
 * Return: the agent.
 */
struct automount_agent *
automount_agent_new(const struct automount_agent_config *acfg);

/**
 * automount_agent_start - open the device, mount what the host asks for
 * and start following its changes; the rest happens on the default main
 * context.
 * @a: the agent
 *
 * Return: 0, or a negative errno; automount_agent_error() says why.
 */
int automount_agent_start(struct automount_agent *a);

/**
 * automount_agent_error - why automount_agent_start() failed.
 * @a: the agent
 *
 * Return: a one-line message owned by @a, or NULL.
 */
const char *automount_agent_error(const struct automount_agent *a);

/**
 * automount_agent_rescan - read the host's shares again and retry the
 * mounts that failed (SIGHUP); while the host is away, reconnect now.
 * @a: the agent
 */
void automount_agent_rescan(struct automount_agent *a);

/**
 * automount_agent_reconfigure - use a new configuration (SIGHUP): when it
 * mounts differently (places, ids, modes, options), every share is
 * unmounted and mounted again the new way.
 * @a: the agent
 * @cfg: the configuration (kept as a pointer, as the first one; the old
 *	one may be freed once this returns)
 */
void automount_agent_reconfigure(struct automount_agent *a,
				 const struct automount_config *cfg);

/**
 * automount_agent_stop - stop following the host; unmount what the agent
 * mounted (unless unmount-on-exit=false) and wait for the helpers to end.
 * Runs the default main context while it waits; the caller then closes
 * the state (removing its file).
 * @a: the agent
 */
void automount_agent_stop(struct automount_agent *a);

/**
 * automount_agent_free - free a stopped agent; NULL is ignored.
 * @a: the agent
 */
void automount_agent_free(struct automount_agent *a);

#endif /* AUTOMOUNT_AGENT_H */
