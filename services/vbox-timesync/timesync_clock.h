/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clock vbox-timesync keeps, behind one small interface: the system
 * clock (CLOCK_REALTIME, adjtime(3), clock_settime(2), adjtimex(2)), or a
 * simulated clock for tests, which runs at CLOCK_REALTIME plus an offset
 * of its own, slews at a rate of its own and writes its state to a file
 * after every change, so that a test can read it and the real clock is
 * never touched.
 */
#ifndef VBOX_TIMESYNC_CLOCK_H
#define VBOX_TIMESYNC_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* How fast the kernel carries out an adjtime(3): 500 µs per second. */
#define TS_KERNEL_SLEW_PPM  500u
#define TS_MAX_SIM_SLEW_PPM 1000000u

struct ts_clock;

struct ts_clock_ops {
	const char *name;
	/* The clock's time, ns since 1970. */
	int (*now)(struct ts_clock *c, int64_t *ns);
	/* Replace any slew under way by one of @delta_ns. */
	int (*slew)(struct ts_clock *c, int64_t delta_ns);
	/* Cancel any slew and move the clock by @delta_ns at once. */
	int (*step)(struct ts_clock *c, int64_t delta_ns);
	/* What is left of the slew under way. */
	int (*slewing_state)(struct ts_clock *c, int64_t *remaining_ns);
	/* Whether another time service keeps the clock; names it. */
	bool (*external_sync)(struct ts_clock *c, char *who, size_t len);
	void (*free)(struct ts_clock *c);
};

struct ts_clock {
	const struct ts_clock_ops *ops;
	gchar *root; /* where time daemons' files are looked for */
};

/**
 * ts_clock_system_new - the system clock.
 * @root: the file system root for the time daemons' files ("/")
 *
 * Return: the clock.
 */
struct ts_clock *ts_clock_system_new(const char *root);

/**
 * ts_clock_sim_new - a simulated clock that starts at CLOCK_REALTIME.
 * @path: the file its state is written to
 * @slew_ppm: how fast it slews (1 .. TS_MAX_SIM_SLEW_PPM)
 * @root: the file system root for the time daemons' files
 * @error: receives the reason of a failure
 *
 * Return: the clock, or NULL if @path cannot be written.
 */
struct ts_clock *ts_clock_sim_new(const char *path, uint32_t slew_ppm,
				  const char *root, GError **error);

/**
 * ts_clock_free - free a clock.
 * @c: the clock, or NULL
 */
void ts_clock_free(struct ts_clock *c);

#endif /* VBOX_TIMESYNC_CLOCK_H */
