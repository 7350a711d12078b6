/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vbox-timesync agent: one sample of the host's clock per interval,
 * the decision of timesync_logic.c carried out on a ts_clock, the state
 * published for `vboxctl status`, reconnecting when the host goes away.
 */
#ifndef VBOX_TIMESYNC_AGENT_H
#define VBOX_TIMESYNC_AGENT_H

#include "services/vbox-timesync/timesync_clock.h"
#include "services/vbox-timesync/timesync_logic.h"

struct ts_agent;

/**
 * ts_agent_new - set up; nothing is opened yet.
 * @device: the device (NULL: $VBGL_DEVICE or /dev/vboxguest)
 * @cfg: the configuration
 * @clock: the clock to keep (owned by the agent from now on)
 *
 * Return: the agent.
 */
struct ts_agent *ts_agent_new(const char *device, const struct ts_config *cfg,
			      struct ts_clock *clock);

/**
 * ts_agent_start - open the device, take the first sample, start the
 * interval timer.
 * @a: the agent
 *
 * Return: 0 or a negative errno (ts_agent_error() says why).
 */
int ts_agent_start(struct ts_agent *a);

/**
 * ts_agent_error - why ts_agent_start() failed.
 * @a: the agent
 *
 * Return: the message (owned by @a).
 */
const char *ts_agent_error(const struct ts_agent *a);

/**
 * ts_agent_set_config - new settings (SIGHUP): the thresholds apply from
 * the next sample, a new interval at once.
 * @a: the agent
 * @cfg: the settings (checked; copied)
 */
void ts_agent_set_config(struct ts_agent *a, const struct ts_config *cfg);

/**
 * ts_agent_sample_now - take a sample at once (SIGHUP).
 * @a: the agent
 */
void ts_agent_sample_now(struct ts_agent *a);

/**
 * ts_agent_free - stop and free.
 * @a: the agent, or NULL
 */
void ts_agent_free(struct ts_agent *a);

#endif /* VBOX_TIMESYNC_AGENT_H */
