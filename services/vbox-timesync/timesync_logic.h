/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The decisions of vbox-timesync, apart from every system call: from one
 * sample (the guest clock read before and after a GetHostTime request,
 * the host's answer, the VM session id, whether another time service
 * synchronises the clock) to one action: nothing, slew, step, discard the
 * sample, or stand down.
 *
 * The offset is host - midpoint, the midpoint being halfway between the
 * two guest readings: the host read its clock somewhere in between, so
 * the estimate is off by at most half the round trip.  A sample is
 * discarded when its round trip is above the maximum latency, or above
 * latency-factor times the shortest round trip seen (with a floor of
 * TS_LATENCY_FLOOR_NS, so that a few microseconds of jitter on a fast
 * transport are not taken for a slow host).
 *
 * The dynamic minimum adjustment follows VBoxService: the larger of the
 * minimum adjustment and latency-factor times this round trip, plus one
 * more minimum adjustment when the guest is ahead (moving time back is
 * worse than leaving it a little fast).  Above it the clock is slewed, or
 * stepped when the offset is above the set threshold, at the first good
 * sample with --set-start, and at the first good sample after the session
 * id changed (the VM was restored) with --set-on-restore.
 */
#ifndef VBOX_TIMESYNC_LOGIC_H
#define VBOX_TIMESYNC_LOGIC_H

#include <stdbool.h>
#include <stdint.h>

#define TS_NS_PER_MS 1000000LL

/* Below this, round trips count as this long for the latency factor. */
#define TS_LATENCY_FLOOR_NS (1 * TS_NS_PER_MS)

/* VBoxService's defaults and limits (VBoxServiceTimeSync.cpp). */
#define TS_DEFAULT_INTERVAL_MS	    10000u
#define TS_MIN_INTERVAL_MS	    50u
#define TS_DEFAULT_MIN_ADJUST_MS    100u
#define TS_MAX_MIN_ADJUST_MS	    3600000u
#define TS_DEFAULT_LATENCY_FACTOR   8u
#define TS_MAX_LATENCY_FACTOR	    1024u
#define TS_DEFAULT_MAX_LATENCY_MS   250u
#define TS_MAX_MAX_LATENCY_MS	    3600000u
#define TS_DEFAULT_SET_THRESHOLD_MS (20u * 60u * 1000u)
#define TS_MAX_SET_THRESHOLD_MS	    (7u * 24u * 60u * 60u * 1000u)

/* ts_config.given: set by the command line or the configuration file. */
#define TS_GIVEN_INTERVAL	0x01u
#define TS_GIVEN_MIN_ADJUST	0x02u
#define TS_GIVEN_LATENCY_FACTOR 0x04u
#define TS_GIVEN_MAX_LATENCY	0x08u
#define TS_GIVEN_SET_THRESHOLD	0x10u
#define TS_GIVEN_SET_START	0x20u
#define TS_GIVEN_SET_ON_RESTORE 0x40u

struct ts_config {
	uint32_t interval_ms;
	uint32_t min_adjust_ms;
	uint32_t latency_factor; /* 1 .. TS_MAX_LATENCY_FACTOR */
	uint32_t max_latency_ms;
	uint32_t set_threshold_ms;
	bool set_start; /* default true; VBoxService: false (vbox-timesync(8)) */
	bool set_on_restore;
	bool force;	/* do not stand down for other time services */
	uint32_t given; /* TS_GIVEN_*: the host's settings do not apply */
};

struct ts_sample {
	int64_t guest_before_ns; /* guest CLOCK_REALTIME before ... */
	int64_t guest_after_ns;	 /* ... and after the request */
	int64_t host_ms;	 /* the host's answer, ms since 1970 */
	bool have_session;	 /* session_id is valid */
	uint64_t session_id;
	bool external_sync; /* another time service is at work */
};

enum ts_action {
	TS_ACTION_NONE, /* within the dynamic minimum adjustment */
	TS_ACTION_SLEW,
	TS_ACTION_STEP,
	TS_ACTION_DISCARD,    /* the sample was not good enough */
	TS_ACTION_STAND_DOWN, /* another time service synchronises */
};

enum ts_reason {
	TS_REASON_NONE,
	TS_REASON_OFFSET,  /* slew or step by the offset's size */
	TS_REASON_START,   /* first good sample, --set-start */
	TS_REASON_RESTORE, /* the session id changed */
	TS_REASON_MAX_LATENCY,
	TS_REASON_LATENCY_FACTOR,
	TS_REASON_BAD_SAMPLE, /* the guest clock went back during it */
	TS_REASON_EXTERNAL,
};

struct ts_decision {
	enum ts_action action;
	enum ts_reason reason;
	int64_t offset_ns; /* host - midpoint (0 for a discarded one) */
	int64_t rtt_ns;
	int64_t min_adjust_ns; /* the dynamic minimum adjustment */
	bool standing_changed; /* standing down began or ended now */
};

struct ts_logic {
	struct ts_config cfg;
	bool started; /* a good sample was acted on */
	bool have_session;
	uint64_t session_id;
	bool restore_pending; /* session changed, no good sample since */
	int64_t min_rtt_ns;   /* -1: none yet */
	bool standing_down;
	uint64_t discarded;
	uint64_t slews;
	uint64_t steps;
	uint64_t restores;
};

/**
 * ts_config_defaults - VBoxService's defaults.
 * @cfg: filled in
 */
void ts_config_defaults(struct ts_config *cfg);

/**
 * ts_config_check - whether every value is within VBoxService's limits.
 * @cfg: the configuration
 *
 * Return: NULL, or a message naming the bad value.
 */
const char *ts_config_check(const struct ts_config *cfg);

/**
 * ts_logic_init - the state before the first sample.
 * @l: the state
 * @cfg: the configuration (copied)
 */
void ts_logic_init(struct ts_logic *l, const struct ts_config *cfg);

/**
 * ts_logic_decide - decide what to do with one sample, and count it.
 * @l: the state
 * @s: the sample
 * @d: receives the decision
 */
void ts_logic_decide(struct ts_logic *l, const struct ts_sample *s,
		     struct ts_decision *d);

/**
 * ts_action_name - "none", "slew", "step", "discard", "stand-down".
 * @a: the action
 *
 * Return: a static string.
 */
const char *ts_action_name(enum ts_action a);

/**
 * ts_reason_name - a short word for a reason ("restore", "max-latency").
 * @r: the reason
 *
 * Return: a static string.
 */
const char *ts_reason_name(enum ts_reason r);

#endif /* VBOX_TIMESYNC_LOGIC_H */
