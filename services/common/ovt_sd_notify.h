/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The systemd readiness protocol (sd_notify(3)) without libsystemd: one
 * datagram of "KEY=VALUE" lines to the Unix socket named by
 * $NOTIFY_SOCKET, so a Type=notify unit knows when the agent is ready.
 */
#ifndef OVT_SD_NOTIFY_H
#define OVT_SD_NOTIFY_H

#include <glib.h>

/**
 * ovt_sd_notify - send a state string to the service manager.
 * @state: e.g. "READY=1", "STOPPING=1", "STATUS=text"; lines separated by
 *	newlines
 *
 * $NOTIFY_SOCKET is a filesystem path or, starting with '@', an abstract
 * socket name.  Without it (not started by systemd) nothing is sent.
 *
 * Return: 1 when sent, 0 when there is no $NOTIFY_SOCKET, or a negative
 * errno (-EINVAL for an empty state, a relative path or a name longer than
 * a socket address holds; the errno of socket(2)/sendto(2)).
 */
int ovt_sd_notify(const char *state);

/**
 * ovt_sd_notifyf - ovt_sd_notify() with a printf format.
 * @fmt: the format
 *
 * Return: as ovt_sd_notify().
 */
int ovt_sd_notifyf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#endif /* OVT_SD_NOTIFY_H */
