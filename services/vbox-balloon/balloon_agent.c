// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vbox-balloon agent (see balloon_agent.h).
 *
 * Statistics: the host says how often it wants them with the
 * STATISTICS_INTERVAL_CHANGE_REQUEST event; the event thread wakes the main
 * loop, which reads the interval (acknowledging it) and runs a
 * g_timeout_add_seconds() timer that sends one ReportGuestStats per CPU.
 * Interval 0 removes the timer: with nothing asked, the process sleeps.
 *
 * Balloon: the driver inflates and deflates the balloon itself, on the
 * BALLOON_CHANGE_REQUEST event, which never reaches userspace.  But the
 * host raises that event only if the bit is in the guest's event filter,
 * and the mainline driver does not keep it there on its own: the filter
 * holds the bits its sessions ask for.  So the agent asks for the bit for
 * as long as it runs (as VBoxService does), and the mainline driver then
 * follows the host's balloon requests.  The agent itself learns the size
 * with CHECK_BALLOON at start and with every statistics report (the size
 * is one of the statistics fields) and logs each change; it does not poll
 * for it when the host asks for no statistics.
 *
 * Facility: VBoxService (100), which the system agents share; the status
 * the host sees combines theirs (services/common/ovt_facility.h).
 */
#define G_LOG_DOMAIN "vbox-balloon"

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_event_waiter.h"
#include "services/common/ovt_facility.h"
#include "services/common/ovt_reconnect.h"
#include "services/common/ovt_sd_notify.h"
#include "services/vbox-balloon/balloon_agent.h"
#include "services/vbox-balloon/guest_stats.h"

/* The filter bits the agent holds, and the one it waits for. */
#define AGENT_FILTER_EVENTS                              \
	(VBGL_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST | \
	 VBGL_EVENT_BALLOON_CHANGE_REQUEST)
#define AGENT_WAIT_EVENTS VBGL_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST

struct balloon_agent {
	gchar *device;	    /* as configured (NULL: the default) */
	gchar *device_name; /* for messages */
	struct guest_stats_sampler *sampler;
	GArray *reports; /* struct vbgl_guest_stats, reused */
	gchar *error;
	struct ovt_state *state;       /* not owned; may be NULL */
	struct ovt_facility *facility; /* VBoxService, shared (see below) */

	struct vbgl_handle *h; /* NULL while disconnected */
	struct ovt_event_waiter *waiter;
	struct ovt_reconnect reconnect;

	uint32_t interval_s; /* what the host last asked for */
	guint timer;
	gboolean balloon_seen;	/* read at least once on this handle */
	gboolean balloon_valid; /* the last read succeeded */
	uint32_t balloon_chunks;
	gboolean warned_r3;
	int last_error;	 /* last error logged, to log each once */
	uint64_t rounds; /* statistics rounds sent */
};

static void set_error(struct balloon_agent *a, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

static void set_error(struct balloon_agent *a, const char *fmt, ...)
{
	va_list ap;

	g_free(a->error);
	va_start(ap, fmt);
	a->error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

static void connection_lost(struct balloon_agent *a, int error);

/*
 * An error from a request while running: a lost device starts the
 * reconnect, anything else is logged once (until a different one comes).
 */
static void request_failed(struct balloon_agent *a, const char *what, int ret)
{
	if (ovt_errno_is_disconnect(ret)) {
		connection_lost(a, ret);
		return;
	}
	if (ret != a->last_error) {
		g_warning("%s failed: %s", what, g_strerror(-ret));
		ovt_state_error(a->state, "%s failed: %s", what,
				g_strerror(-ret));
	}
	a->last_error = ret;
}

static int report_facility(struct balloon_agent *a, uint32_t status)
{
	return ovt_facility_report(a->facility, a->h, status);
}

/* Read the balloon size from the driver and log a change. */
static int update_balloon(struct balloon_agent *a)
{
	uint32_t chunks;
	int in_r3, ret;

	ret = vbgl_check_balloon(a->h, &chunks, &in_r3);
	if (ret < 0) {
		g_debug("reading the balloon size failed: %s",
			g_strerror(-ret));
		a->balloon_valid = FALSE;
		ovt_state_unset(a->state, "balloon-size");
		return ret;
	}
	if (!a->balloon_seen)
		g_message("memory balloon: %u MiB", chunks);
	else if (chunks != a->balloon_chunks)
		g_message("memory balloon changed from %u MiB to %u MiB",
			  a->balloon_chunks, chunks);
	if (!a->balloon_seen || chunks != a->balloon_chunks)
		ovt_state_set(a->state, "balloon-size", "%u", chunks);
	a->balloon_seen = TRUE;
	a->balloon_valid = TRUE;
	a->balloon_chunks = chunks;
	if (in_r3 && !a->warned_r3)
		g_warning(
			"the driver leaves the balloon to userspace; this agent does not allocate balloon memory");
	a->warned_r3 |= in_r3;
	return 0;
}

/* One statistics round: the balloon size, then one report per CPU. */
static int send_reports(struct balloon_agent *a)
{
	const struct vbgl_guest_stats *st;
	int64_t chunks;
	guint i, n;
	int ret;

	ret = update_balloon(a);
	if (ret < 0 && ovt_errno_is_disconnect(ret))
		return ret;
	chunks = a->balloon_valid ? (int64_t)a->balloon_chunks : -1;
	n = guest_stats_sample(a->sampler, chunks, a->reports);
	st = (const struct vbgl_guest_stats *)(void *)a->reports->data;
	for (i = 0; i < n; i++) {
		ret = vbgl_report_guest_stats(a->h, &st[i]);
		if (ret < 0)
			return ret;
	}
	a->rounds++;
	a->last_error = 0;
	g_debug("statistics round %" G_GUINT64_FORMAT
		": %u CPUs, caps 0x%04x, %u of %u pages available, balloon %u pages",
		a->rounds, n, st[0].stat_caps, st[0].phys_mem_avail,
		st[0].phys_mem_total, st[0].phys_mem_balloon);
	return 0;
}

static gboolean on_timer(gpointer data)
{
	struct balloon_agent *a = data;
	int ret = send_reports(a);

	if (ret < 0)
		request_failed(a, "reporting statistics", ret);
	return a->timer ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void stop_timer(struct balloon_agent *a)
{
	if (a->timer)
		g_source_remove(a->timer);
	a->timer = 0;
}

/* Tell systemd and the state file the interval followed. */
static void notify_status(struct balloon_agent *a)
{
	ovt_state_set(a->state, "statistics-interval", "%u", a->interval_s);
	if (a->interval_s)
		ovt_sd_notifyf("STATUS=Reporting statistics every %u s",
			       a->interval_s);
	else
		ovt_sd_notify(
			"STATUS=Waiting for the host to ask for statistics");
}

/* Follow a new interval: restart or stop the timer, send a round now. */
static int set_interval(struct balloon_agent *a, uint32_t seconds)
{
	if (seconds > BALLOON_AGENT_MAX_INTERVAL_S) {
		g_info("statistics interval %u s clamped to %u s", seconds,
		       BALLOON_AGENT_MAX_INTERVAL_S);
		seconds = BALLOON_AGENT_MAX_INTERVAL_S;
	}
	if (seconds == a->interval_s && (!seconds || a->timer))
		return 0;
	if (seconds)
		g_message("the host asks for statistics every %u s", seconds);
	else if (a->interval_s)
		g_message("the host switched statistics off");
	stop_timer(a);
	a->interval_s = seconds;
	notify_status(a);
	if (!seconds)
		return 0;
	a->timer = g_timeout_add_seconds(seconds, on_timer, a);
	return send_reports(a);
}

static int read_interval(struct balloon_agent *a, uint32_t *seconds)
{
	return vbgl_get_stats_interval(a->h, 1, seconds);
}

static void on_events(uint32_t events, int error, gpointer data)
{
	struct balloon_agent *a = data;
	uint32_t seconds;
	int ret;

	if (error) {
		/* Without the event thread the agent is deaf: start over. */
		if (!ovt_errno_is_disconnect(error))
			g_warning(
				"waiting for host events failed: %s; reopening the device",
				g_strerror(-error));
		connection_lost(a, error);
		return;
	}
	if (!(events & VBGL_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST))
		return;
	ret = read_interval(a, &seconds);
	if (ret == 0)
		ret = set_interval(a, seconds);
	if (ret < 0)
		request_failed(a, "following the statistics interval", ret);
}

/* Close the session without telling the host (it is gone). */
static void session_drop(struct balloon_agent *a)
{
	stop_timer(a);
	g_clear_pointer(&a->waiter, ovt_event_waiter_stop);
	g_clear_pointer(&a->h, vbgl_close);
	a->interval_s = 0;
	a->balloon_seen = FALSE;
	a->balloon_valid = FALSE;
}

static void connection_lost(struct balloon_agent *a, int error)
{
	if (!a->h)
		return;
	session_drop(a);
	ovt_state_host(a->state, OVT_STATE_HOST_LOST);
	ovt_state_error(a->state, "lost %s: %s", a->device_name,
			g_strerror(-error));
	ovt_state_unset(a->state, "balloon-size");
	ovt_state_set(a->state, "statistics-interval", "0");
	ovt_sd_notifyf("STATUS=Lost %s, reconnecting", a->device_name);
	ovt_reconnect_start(&a->reconnect, error);
}

/*
 * The interval first: it is read with an acknowledgement, so an interval
 * the host set before the agent started counts.  A change that comes
 * before the event filter holds the bit stays pending in the host and is
 * delivered as soon as the filter is set, so nothing is missed in between.
 */
static int session_read_interval(struct balloon_agent *a, uint32_t *seconds)
{
	int ret = read_interval(a, seconds);

	if (ret == -EPERM)
		set_error(
			a,
			"%s refuses the statistics requests (they need /dev/vboxguest and root)",
			a->device_name);
	else if (ret < 0)
		set_error(a, "cannot read the statistics interval from %s: %s",
			  a->device_name, g_strerror(-ret));
	return ret;
}

/* Everything after the open; on failure the caller closes the handle. */
static int session_begin(struct balloon_agent *a)
{
	uint32_t seconds;
	int ret;

	ret = session_read_interval(a, &seconds);
	if (ret < 0)
		return ret;
	ret = report_facility(a, VBGL_FACILITY_STATUS_INIT);
	if (ret < 0)
		return ret;
	ret = vbgl_change_event_filter(a->h, AGENT_FILTER_EVENTS, 0);
	if (ret < 0) {
		set_error(a, "cannot set the event filter on %s: %s",
			  a->device_name, g_strerror(-ret));
		goto failed;
	}
	ret = ovt_event_waiter_start(a->h, AGENT_WAIT_EVENTS, NULL, on_events,
				     a, &a->waiter);
	if (ret < 0) {
		set_error(a, "cannot start the event thread");
		goto failed;
	}
	ret = update_balloon(a);
	if (ret < 0 && ovt_errno_is_disconnect(ret))
		return ret;
	if (ret < 0)
		g_warning("cannot read the balloon size: %s", g_strerror(-ret));
	if (!seconds)
		g_info("statistics are off until the host asks for them");
	ret = set_interval(a, seconds);
	if (ret < 0) {
		set_error(a, "cannot report statistics to %s: %s",
			  a->device_name, g_strerror(-ret));
		goto failed;
	}
	if (!a->interval_s)
		notify_status(a); /* set_interval() did it otherwise */
	return report_facility(a, VBGL_FACILITY_STATUS_ACTIVE);

failed:
	if (!ovt_errno_is_disconnect(ret))
		report_facility(a, VBGL_FACILITY_STATUS_FAILED);
	return ret;
}

/* Open the device and begin; the reconnect's connect function too. */
static int session_open(gpointer data)
{
	struct balloon_agent *a = data;
	int ret;

	g_clear_pointer(&a->error, g_free);
	ret = ovt_device_open(a->device, VBGL_OPEN_SYSTEM, a->device_name,
			      &a->h, &a->error);
	if (ret < 0) {
		ovt_state_error(a->state, "%s", a->error);
		return ret;
	}
	ret = session_begin(a);
	if (ret < 0) {
		if (!a->error)
			set_error(a, "%s failed: %s", a->device_name,
				  g_strerror(-ret));
		session_drop(a);
		ovt_state_error(a->state, "%s", a->error);
		return ret;
	}
	ovt_state_host(a->state, OVT_STATE_HOST_CONNECTED);
	return 0;
}

struct balloon_agent *balloon_agent_new(const struct balloon_agent_config *cfg)
{
	struct balloon_agent *a = g_new0(struct balloon_agent, 1);
	const char *env = g_getenv("VBGL_DEVICE");

	a->device = g_strdup(cfg->device);
	a->state = cfg->state;
	a->facility = ovt_facility_new(VBGL_FACILITY_VBOX_SERVICE, cfg->state);
	if (cfg->device)
		a->device_name = g_strdup(cfg->device);
	else if (env && env[0])
		a->device_name = g_strdup(env);
	else
		a->device_name = g_strdup("/dev/vboxguest");
	a->sampler = guest_stats_sampler_new(cfg->proc_root);
	a->reports = g_array_new(FALSE, TRUE, sizeof(struct vbgl_guest_stats));
	ovt_reconnect_init(&a->reconnect, a->device_name, session_open, a);
	return a;
}

int balloon_agent_start(struct balloon_agent *a)
{
	return session_open(a);
}

const char *balloon_agent_error(const struct balloon_agent *a)
{
	return a->error;
}

void balloon_agent_set_proc_root(struct balloon_agent *a, const char *proc_root)
{
	guest_stats_sampler_free(a->sampler);
	a->sampler = guest_stats_sampler_new(proc_root);
}

void balloon_agent_resync(struct balloon_agent *a)
{
	uint32_t seconds;
	int ret;

	if (!a->h) {
		ovt_reconnect_now(&a->reconnect);
		return;
	}
	ret = read_interval(a, &seconds);
	if (ret == 0)
		ret = set_interval(a, seconds);
	if (ret == 0)
		ret = update_balloon(a);
	if (ret < 0) {
		request_failed(a, "resynchronising with the host", ret);
		return;
	}
	g_info("statistics interval %u s, balloon %u MiB", a->interval_s,
	       a->balloon_chunks);
}

void balloon_agent_stop(struct balloon_agent *a)
{
	int ret;

	ovt_reconnect_cancel(&a->reconnect);
	if (!a->h)
		return;
	stop_timer(a);
	report_facility(a, VBGL_FACILITY_STATUS_TERMINATING);
	g_clear_pointer(&a->waiter, ovt_event_waiter_stop);
	ret = vbgl_change_event_filter(a->h, 0, AGENT_FILTER_EVENTS);
	if (ret < 0)
		g_info("dropping the event filter bits failed: %s",
		       g_strerror(-ret));
	report_facility(a, VBGL_FACILITY_STATUS_TERMINATED);
	g_clear_pointer(&a->h, vbgl_close);
	g_info("sent %" G_GUINT64_FORMAT " statistics rounds", a->rounds);
}

void balloon_agent_free(struct balloon_agent *a)
{
	if (!a)
		return;
	ovt_reconnect_cancel(&a->reconnect);
	session_drop(a);
	ovt_facility_free(a->facility);
	guest_stats_sampler_free(a->sampler);
	g_array_free(a->reports, TRUE);
	g_free(a->device);
	g_free(a->device_name);
	g_free(a->error);
	g_free(a);
}
