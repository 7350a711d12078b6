// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vbox-timesync agent (see timesync_agent.h).
 *
 * One timer, one sample per interval: the session id, the clock, the
 * host's clock, the clock again; nothing runs in between (no event
 * thread: the host raises no event when its clock or the session
 * changes, so there is nothing to wait for).  A discarded sample is not
 * retried before the next interval, so the idle cost stays one wakeup per
 * interval whatever the host does.
 */
#define G_LOG_DOMAIN "vbox-timesync"

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_facility.h"
#include "services/common/ovt_reconnect.h"
#include "services/common/ovt_sd_notify.h"
#include "services/common/ovt_state.h"
#include "services/vbox-timesync/timesync_agent.h"
#include "services/vbox-timesync/timesync_hostcfg.h"

struct ts_agent {
	gchar *device;
	gchar *device_name;
	gchar *error;
	struct ts_logic logic;
	struct ts_config base; /* as given, before the host's settings */
	struct ts_clock *clock;
	struct ovt_state *state;
	struct ovt_facility *facility; /* VBoxService, shared */

	struct vbgl_handle *h; /* NULL while disconnected */
	struct ovt_reconnect reconnect;
	guint timer;
	int last_error; /* last error logged, to log each once */
	char who[64];	/* the other time service */
};

static void set_error(struct ts_agent *a, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

static void set_error(struct ts_agent *a, const char *fmt, ...)
{
	va_list ap;

	g_free(a->error);
	va_start(ap, fmt);
	a->error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

static void log_error_once(struct ts_agent *a, const char *what, int ret)
{
	if (ret != a->last_error) {
		g_warning("%s failed: %s", what, g_strerror(-ret));
		if (a->state)
			ovt_state_error(a->state, "%s failed: %s", what,
					g_strerror(-ret));
	}
	a->last_error = ret;
}

static double ms_of(int64_t ns)
{
	return (double)ns / (double)TS_NS_PER_MS;
}

static void publish(struct ts_agent *a, const struct ts_decision *d)
{
	struct ovt_state *st = a->state;
	const struct ts_logic *l = &a->logic;

	if (!st)
		return;
	if (d->action != TS_ACTION_DISCARD && d->action != TS_ACTION_STAND_DOWN)
		ovt_state_set(st, "last-offset-ms", "%.3f",
			      ms_of(d->offset_ns));
	ovt_state_set(st, "last-round-trip-ms", "%.3f", ms_of(d->rtt_ns));
	ovt_state_set(st, "last-action", "%s", ts_action_name(d->action));
	ovt_state_set(st, "last-reason", "%s", ts_reason_name(d->reason));
	ovt_state_set(st, "samples-discarded", "%" G_GUINT64_FORMAT,
		      l->discarded);
	ovt_state_set(st, "slews", "%" G_GUINT64_FORMAT, l->slews);
	ovt_state_set(st, "steps", "%" G_GUINT64_FORMAT, l->steps);
	ovt_state_set(st, "restores", "%" G_GUINT64_FORMAT, l->restores);
	ovt_state_set(st, "standing-down", "%s",
		      l->standing_down ? "yes" : "no");
	if (l->standing_down)
		ovt_state_set(st, "other-time-service", "%s", a->who);
	else
		ovt_state_unset(st, "other-time-service");
}

static void log_standing(struct ts_agent *a, const struct ts_decision *d)
{
	if (!d->standing_changed)
		return;
	if (a->logic.standing_down) {
		g_message(
			"%s synchronises the clock: standing down (--force overrides)",
			a->who);
		ovt_sd_notifyf("STATUS=Standing down for %s", a->who);
	} else {
		g_message(
			"no other time service any more: keeping the clock to the host's");
		ovt_sd_notify("STATUS=Keeping the clock to the host's");
	}
}

/* Carry out a slew or a step; a slew the clock refuses becomes a step. */
static int correct(struct ts_agent *a, struct ts_decision *d)
{
	const struct ts_clock_ops *ops = a->clock->ops;
	int64_t left;
	int ret;

	if (d->action == TS_ACTION_SLEW) {
		/* A new slew is news; renewing the one under way is not. */
		if (ops->slewing_state(a->clock, &left) < 0)
			left = 0;
		ret = ops->slew(a->clock, d->offset_ns);
		if (ret == 0 && !left)
			g_message("slewing the clock by %+.3f ms (%s)",
				  ms_of(d->offset_ns),
				  ts_reason_name(d->reason));
		else if (ret == 0)
			g_info("slewing the clock by %+.3f ms (%s), %+.3f ms were left",
			       ms_of(d->offset_ns), ts_reason_name(d->reason),
			       ms_of(left));
		if (ret == 0)
			return 0;
		g_info("slewing by %+.3f ms failed (%s): stepping instead",
		       ms_of(d->offset_ns), g_strerror(-ret));
		d->action = TS_ACTION_STEP;
		a->logic.slews--;
		a->logic.steps++;
	}
	ret = ops->step(a->clock, d->offset_ns);
	if (ret < 0)
		return ret;
	g_message("stepped the clock by %+.3f ms (%s)", ms_of(d->offset_ns),
		  ts_reason_name(d->reason));
	return 0;
}

static void act(struct ts_agent *a, struct ts_decision *d)
{
	int64_t left = 0;
	int ret = 0;

	log_standing(a, d);
	switch (d->action) {
	case TS_ACTION_SLEW:
	case TS_ACTION_STEP:
		ret = correct(a, d);
		break;
	case TS_ACTION_DISCARD:
		g_info("sample discarded: round trip %.3f ms (%s)",
		       ms_of(d->rtt_ns), ts_reason_name(d->reason));
		break;
	case TS_ACTION_NONE:
		if (a->clock->ops->slewing_state(a->clock, &left) == 0 && left)
			g_debug("offset %+.3f ms, %+.3f ms still being slewed",
				ms_of(d->offset_ns), ms_of(left));
		else
			g_debug("offset %+.3f ms: within %.3f ms, nothing to do",
				ms_of(d->offset_ns), ms_of(d->min_adjust_ns));
		break;
	case TS_ACTION_STAND_DOWN:
		break;
	}
	if (ret < 0)
		log_error_once(a, "correcting the clock", ret);
	publish(a, d);
}

/* Read the clocks around the host's answer. */
static int take_sample(struct ts_agent *a, struct ts_sample *s)
{
	const struct ts_clock_ops *ops = a->clock->ops;
	uint64_t host_ms;
	int ret;

	*s = (struct ts_sample){ .have_session = true };
	ret = vbgl_get_session_id(a->h, &s->session_id);
	if (ret < 0 && ovt_errno_is_disconnect(ret))
		return ret;
	s->have_session = ret == 0;
	ret = ops->now(a->clock, &s->guest_before_ns);
	if (ret < 0)
		return ret;
	ret = vbgl_get_host_time(a->h, &host_ms);
	if (ret < 0)
		return ret;
	ret = ops->now(a->clock, &s->guest_after_ns);
	if (ret < 0)
		return ret;
	s->host_ms = host_ms > (uint64_t)INT64_MAX ? -1 : (int64_t)host_ms;
	s->external_sync = ops->external_sync(a->clock, a->who, sizeof(a->who));
	return 0;
}

static void connection_lost(struct ts_agent *a, int error);

static int sample(struct ts_agent *a)
{
	struct ts_decision d;
	struct ts_sample s;
	int ret = take_sample(a, &s);

	if (ret < 0) {
		if (ovt_errno_is_disconnect(ret))
			return ret;
		log_error_once(
			a,
			ret == -ENOSYS ?
				"reading the host's clock (time sync is off on the host)" :
				"reading the host's clock",
			ret);
		return 0;
	}
	a->last_error = 0;
	ts_logic_decide(&a->logic, &s, &d);
	act(a, &d);
	return 0;
}

static gboolean on_timer(gpointer data)
{
	struct ts_agent *a = data;
	int ret = sample(a);

	if (ret < 0) {
		a->timer = 0;
		connection_lost(a, ret);
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

static void session_drop(struct ts_agent *a)
{
	if (a->timer)
		g_source_remove(a->timer);
	a->timer = 0;
	g_clear_pointer(&a->h, vbgl_close);
}

static void connection_lost(struct ts_agent *a, int error)
{
	if (!a->h)
		return;
	session_drop(a);
	if (a->state)
		ovt_state_host(a->state, OVT_STATE_HOST_LOST);
	ovt_sd_notifyf("STATUS=Lost %s, reconnecting", a->device_name);
	ovt_reconnect_start(&a->reconnect, error);
}

static void start_timer(struct ts_agent *a)
{
	uint32_t ms = a->logic.cfg.interval_ms;

	if (ms % 1000 == 0)
		a->timer = g_timeout_add_seconds(ms / 1000, on_timer, a);
	else
		a->timer = g_timeout_add(ms, on_timer, a);
}

struct prop_reader {
	struct vbgl_handle *h;
	uint32_t client_id;
};

static int read_prop(void *ctx, const char *name, gchar **value)
{
	struct prop_reader *r = ctx;
	char *v = NULL;
	int ret = vbgl_guestprop_get(r->h, r->client_id, name, &v, NULL, NULL);

	if (ret == 0) {
		*value = g_strdup(v);
		free(v);
	}
	return ret;
}

/*
 * The host's settings (timesync_hostcfg.h), read at each connection: a
 * host that is gone or has no property service leaves the agent's own.
 */
static int read_host_settings(struct ts_agent *a)
{
	g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
	g_autofree gchar *joined = NULL;
	struct ts_config cfg = a->base;
	struct prop_reader r = { .h = a->h };
	int ret;

	ret = vbgl_guestprop_connect(a->h, &r.client_id);
	if (ret < 0) {
		if (ovt_errno_is_disconnect(ret))
			return ret;
		g_info("no guest property service (%s): the host's time sync settings are not read",
		       g_strerror(-ret));
		return 0;
	}
	ts_hostcfg_apply(&cfg, read_prop, &r, notes);
	vbgl_guestprop_disconnect(a->h, r.client_id);
	g_ptr_array_add(notes, NULL);
	joined = g_strjoinv(", ", (gchar **)notes->pdata);
	if (notes->len > 1) {
		g_message("settings from the host: %s", joined);
		if (a->state)
			ovt_state_set(a->state, "host-settings", "%s", joined);
	} else if (a->state) {
		ovt_state_unset(a->state, "host-settings");
	}
	a->logic.cfg = cfg;
	if (a->state)
		ovt_state_set(a->state, "interval-ms", "%u", cfg.interval_ms);
	return 0;
}

static int session_open(gpointer data)
{
	struct ts_agent *a = data;
	int ret;

	g_clear_pointer(&a->error, g_free);
	ret = ovt_device_open(a->device, VBGL_OPEN_SYSTEM, a->device_name,
			      &a->h, &a->error);
	if (ret < 0)
		return ret;
	g_info("%s clock", a->clock->ops->name);
	ret = ovt_facility_report(a->facility, a->h, VBGL_FACILITY_STATUS_INIT);
	if (ret == 0)
		ret = read_host_settings(a);
	if (ret == 0)
		ret = sample(a);
	if (ret == 0)
		ret = ovt_facility_report(a->facility, a->h,
					  VBGL_FACILITY_STATUS_ACTIVE);
	if (ret < 0) {
		/* sample() fails only when the host is gone */
		set_error(a, "%s failed: %s", a->device_name, g_strerror(-ret));
		g_clear_pointer(&a->h, vbgl_close);
		return ret;
	}
	if (a->state)
		ovt_state_host(a->state, OVT_STATE_HOST_CONNECTED);
	if (!a->logic.standing_down)
		ovt_sd_notify("STATUS=Keeping the clock to the host's");
	start_timer(a);
	return 0;
}

struct ts_agent *ts_agent_new(const char *device, const struct ts_config *cfg,
			      struct ts_clock *clock)
{
	struct ts_agent *a = g_new0(struct ts_agent, 1);
	const char *env = g_getenv("VBGL_DEVICE");
	GError *error = NULL;

	a->device = g_strdup(device);
	if (device)
		a->device_name = g_strdup(device);
	else if (env && env[0])
		a->device_name = g_strdup(env);
	else
		a->device_name = g_strdup("/dev/vboxguest");
	a->clock = clock;
	a->base = *cfg;
	ts_logic_init(&a->logic, cfg);
	ovt_reconnect_init(&a->reconnect, a->device_name, session_open, a);
	a->state =
		ovt_state_open("vbox-timesync", NULL, OVT_STATE_SYSTEM, &error);
	if (!a->state) {
		g_warning("cannot publish the agent state: %s", error->message);
		g_error_free(error);
	} else {
		ovt_state_set(a->state, "interval-ms", "%u", cfg->interval_ms);
		ovt_state_set(a->state, "clock", "%s", clock->ops->name);
	}
	a->facility = ovt_facility_new(VBGL_FACILITY_VBOX_SERVICE, a->state);
	return a;
}

void ts_agent_set_config(struct ts_agent *a, const struct ts_config *cfg)
{
	uint32_t old_interval = a->logic.cfg.interval_ms;
	const struct ts_config *now = &a->logic.cfg;
	int ret = 0;

	/* The new base, with the host's settings read again on top. */
	a->base = *cfg;
	a->logic.cfg = *cfg;
	if (a->h)
		ret = read_host_settings(a);
	if (a->state)
		ovt_state_set(a->state, "interval-ms", "%u", now->interval_ms);
	g_info("new settings: interval %u ms, min-adjust %u ms, latency factor %u, max latency %u ms, set threshold %u ms",
	       now->interval_ms, now->min_adjust_ms, now->latency_factor,
	       now->max_latency_ms, now->set_threshold_ms);
	if (ret < 0) {
		connection_lost(a, ret);
		return;
	}
	if (now->interval_ms != old_interval && a->timer) {
		g_source_remove(a->timer);
		start_timer(a);
	}
}

int ts_agent_start(struct ts_agent *a)
{
	return session_open(a);
}

const char *ts_agent_error(const struct ts_agent *a)
{
	return a->error;
}

void ts_agent_sample_now(struct ts_agent *a)
{
	int ret;

	if (!a->h) {
		ovt_reconnect_now(&a->reconnect);
		return;
	}
	ret = sample(a);
	if (ret < 0)
		connection_lost(a, ret);
}

void ts_agent_free(struct ts_agent *a)
{
	if (!a)
		return;
	ovt_reconnect_cancel(&a->reconnect);
	if (a->h) {
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_TERMINATING);
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_TERMINATED);
	}
	session_drop(a);
	ovt_facility_free(a->facility);
	ovt_state_close(a->state, true);
	ts_clock_free(a->clock);
	g_free(a->device);
	g_free(a->device_name);
	g_free(a->error);
	g_free(a);
}
