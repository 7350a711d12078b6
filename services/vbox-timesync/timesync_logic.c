// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The decisions of vbox-timesync (see timesync_logic.h).  No system
 * calls here: the agent reads the clocks, this file says what to do.
 */
#include "config.h"

#include <stddef.h>

#include "services/vbox-timesync/timesync_logic.h"

void ts_config_defaults(struct ts_config *cfg)
{
	*cfg = (struct ts_config){
		.interval_ms = TS_DEFAULT_INTERVAL_MS,
		.min_adjust_ms = TS_DEFAULT_MIN_ADJUST_MS,
		.latency_factor = TS_DEFAULT_LATENCY_FACTOR,
		.max_latency_ms = TS_DEFAULT_MAX_LATENCY_MS,
		.set_threshold_ms = TS_DEFAULT_SET_THRESHOLD_MS,
		.set_start = true,
		.set_on_restore = true,
		.force = false,
	};
}

const char *ts_config_check(const struct ts_config *cfg)
{
	if (cfg->interval_ms < TS_MIN_INTERVAL_MS)
		return "the interval must be at least 50 ms";
	if (cfg->min_adjust_ms > TS_MAX_MIN_ADJUST_MS)
		return "the minimum adjustment must be at most 3600000 ms";
	if (cfg->latency_factor < 1 ||
	    cfg->latency_factor > TS_MAX_LATENCY_FACTOR)
		return "the latency factor must be between 1 and 1024";
	if (cfg->max_latency_ms < 1 ||
	    cfg->max_latency_ms > TS_MAX_MAX_LATENCY_MS)
		return "the maximum latency must be between 1 and 3600000 ms";
	if (cfg->set_threshold_ms > TS_MAX_SET_THRESHOLD_MS)
		return "the set threshold must be at most a week (604800000 ms)";
	return NULL;
}

void ts_logic_init(struct ts_logic *l, const struct ts_config *cfg)
{
	*l = (struct ts_logic){ .cfg = *cfg, .min_rtt_ns = -1 };
}

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

/* Follow the session id; a change marks the VM as restored. */
static void track_session(struct ts_logic *l, const struct ts_sample *s)
{
	if (!s->have_session)
		return;
	if (l->have_session && s->session_id != l->session_id) {
		l->restore_pending = true;
		l->restores++;
		/* Maybe another host now: its latency is learnt anew. */
		l->min_rtt_ns = -1;
	}
	l->have_session = true;
	l->session_id = s->session_id;
}

/* Stand down while another service synchronises; true if it does. */
static bool track_external(struct ts_logic *l, const struct ts_sample *s,
			   struct ts_decision *d)
{
	bool down = s->external_sync && !l->cfg.force;

	d->standing_changed = down != l->standing_down;
	l->standing_down = down;
	if (!down)
		return false;
	d->action = TS_ACTION_STAND_DOWN;
	d->reason = TS_REASON_EXTERNAL;
	return true;
}

/* Latency filter; true (and the decision made) if the sample is no good. */
static bool discard_sample(struct ts_logic *l, const struct ts_sample *s,
			   struct ts_decision *d)
{
	int64_t rtt = s->guest_after_ns - s->guest_before_ns;
	int64_t base;

	d->rtt_ns = rtt;
	if (rtt < 0 || s->host_ms < 0 || s->host_ms > INT64_MAX / TS_NS_PER_MS)
		d->reason = TS_REASON_BAD_SAMPLE;
	else if (rtt > (int64_t)l->cfg.max_latency_ms * TS_NS_PER_MS)
		d->reason = TS_REASON_MAX_LATENCY;
	if (d->reason == TS_REASON_NONE) {
		if (l->min_rtt_ns < 0 || rtt < l->min_rtt_ns)
			l->min_rtt_ns = rtt;
		base = l->min_rtt_ns < TS_LATENCY_FLOOR_NS ?
			       TS_LATENCY_FLOOR_NS :
			       l->min_rtt_ns;
		if (rtt > base * (int64_t)l->cfg.latency_factor)
			d->reason = TS_REASON_LATENCY_FACTOR;
	}
	if (d->reason == TS_REASON_NONE)
		return false;
	d->action = TS_ACTION_DISCARD;
	l->discarded++;
	return true;
}

void ts_logic_decide(struct ts_logic *l, const struct ts_sample *s,
		     struct ts_decision *d)
{
	int64_t min_adjust = (int64_t)l->cfg.min_adjust_ms * TS_NS_PER_MS;
	int64_t threshold = (int64_t)l->cfg.set_threshold_ms * TS_NS_PER_MS;
	int64_t mid, dyn, off;
	bool start;

	*d = (struct ts_decision){ .action = TS_ACTION_NONE };
	track_session(l, s);
	if (track_external(l, s, d) || discard_sample(l, s, d))
		return;

	/* Halves first: the sum of two clock readings may overflow. */
	mid = s->guest_before_ns / 2 + s->guest_after_ns / 2 +
	      (s->guest_before_ns % 2 + s->guest_after_ns % 2) / 2;
	off = s->host_ms * TS_NS_PER_MS - mid;
	d->offset_ns = off;
	dyn = d->rtt_ns * (int64_t)l->cfg.latency_factor;
	if (dyn < min_adjust)
		dyn = min_adjust;
	if (off < 0)
		dyn += min_adjust;
	d->min_adjust_ns = dyn;

	start = !l->started && l->cfg.set_start;
	l->started = true;
	if (l->restore_pending && l->cfg.set_on_restore) {
		l->restore_pending = false;
		threshold = 0;
		d->reason = TS_REASON_RESTORE;
	}
	l->restore_pending = false;
	if (start) {
		threshold = 0;
		d->reason = TS_REASON_START;
	} else if (abs64(off) <= dyn) {
		d->reason = TS_REASON_NONE;
		return;
	}
	if (d->reason == TS_REASON_NONE)
		d->reason = TS_REASON_OFFSET;
	if (abs64(off) > threshold) {
		d->action = TS_ACTION_STEP;
		l->steps++;
	} else {
		d->action = TS_ACTION_SLEW;
		l->slews++;
	}
}

const char *ts_action_name(enum ts_action a)
{
	switch (a) {
	case TS_ACTION_NONE:
		return "none";
	case TS_ACTION_SLEW:
		return "slew";
	case TS_ACTION_STEP:
		return "step";
	case TS_ACTION_DISCARD:
		return "discard";
	case TS_ACTION_STAND_DOWN:
		return "stand-down";
	}
	return "?";
}

const char *ts_reason_name(enum ts_reason r)
{
	static const char *const names[] = {
		[TS_REASON_NONE] = "none",
		[TS_REASON_OFFSET] = "offset",
		[TS_REASON_START] = "start",
		[TS_REASON_RESTORE] = "restore",
		[TS_REASON_MAX_LATENCY] = "max-latency",
		[TS_REASON_LATENCY_FACTOR] = "latency-factor",
		[TS_REASON_BAD_SAMPLE] = "bad-sample",
		[TS_REASON_EXTERNAL] = "other-time-service",
	};

	if ((unsigned int)r >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[r];
}
