/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Is another time service synchronising this clock?  Two signs, both
 * cheap enough to look at once per interval (no watch, no extra wakeup):
 *
 * - The kernel's NTP state (adjtimex(2) read-only): an NTP client that
 *   disciplines the clock (chronyd, ntpd, systemd-timesyncd) clears
 *   STA_UNSYNC and keeps maxerror low.  vbox-timesync never does: its
 *   adjtime(3) slews leave the status alone, and clock_settime(2) sets
 *   STA_UNSYNC.  The kernel sets it again by itself once maxerror grows
 *   past 16 s (about nine hours without an update).
 * - A running daemon: a pid file whose process lives (chronyd, ntpd,
 *   openntpd), or systemd-timesyncd's flag file that it creates once it
 *   has synchronised.  A running daemon counts even before it has
 *   synchronised: two programs correcting one clock fight each other,
 *   and --force is there for the guest whose daemon has no server.
 */
#ifndef VBOX_TIMESYNC_DETECT_H
#define VBOX_TIMESYNC_DETECT_H

#include <stdbool.h>
#include <stddef.h>

/* Above this maxerror (µs) the kernel counts the clock unsynchronised. */
#define TS_NTP_MAXERROR_LIMIT_US 16000000L

/**
 * ts_kernel_synced - whether the kernel's NTP state says an NTP client
 * keeps the clock.
 * @status: timex.status (STA_* bits)
 * @maxerror_us: timex.maxerror
 *
 * Return: true if STA_UNSYNC is clear and maxerror below the limit.
 */
bool ts_kernel_synced(int status, long maxerror_us);

/**
 * ts_find_time_daemon - look for a running time daemon.
 * @root: the file system root to look below ("/" normally)
 * @name: receives the daemon's name
 * @len: size of @name
 *
 * Return: true if one was found.
 */
bool ts_find_time_daemon(const char *root, char *name, size_t len);

#endif /* VBOX_TIMESYNC_DETECT_H */
