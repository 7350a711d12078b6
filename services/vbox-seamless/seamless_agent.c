// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vbox-seamless agent (see seamless_agent.h).
 *
 * Three sources drive it, all on the default main context: the X
 * connection (ovt_x11), the event waiter (a thread blocked in the driver
 * until the host raises SEAMLESS_MODE_CHANGE_REQUEST) and, after a loss
 * of the device, the reconnect timer.  Nothing else runs: with no X event
 * and no host request the process sleeps, seamless mode or not.
 *
 * X events only update the window model; the region is computed and sent
 * from an idle source, which GLib runs once the X source has drained the
 * queue (the X source has the higher priority).  A burst of events -- a
 * window dragged, an application mapping ten windows -- so gives one
 * update, and an update that would repeat the last one is not sent.
 *
 * While the host does not ask for the visible region the model is
 * stopped: no event is selected and windows change without waking the
 * agent.  Switching on reads the window tree once and sends the region.
 *
 * State and facility: the agent publishes its state through ovt_state
 * (vbox-seamless@DISPLAY.state in $XDG_RUNTIME_DIR/open-vbox-tools, what
 * `vboxctl status` shows) and reports the VBoxTrayClient facility (101),
 * which the desktop agents share (services/common/ovt_facility.h): init
 * once the device is open, active once the capability is held and the
 * mode read, failed when a session cannot begin, terminating and
 * terminated on a clean stop and when the X server goes away (the
 * session ended), again from init after a reconnect.
 */
#include "config.h"

#define G_LOG_DOMAIN "vbox-seamless"

#include "services/vbox-seamless/seamless_agent.h"

#include <errno.h>
#include <stdarg.h>

#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_event_waiter.h"
#include "services/common/ovt_facility.h"
#include "services/common/ovt_options.h"
#include "services/common/ovt_reconnect.h"
#include "services/common/ovt_sd_notify.h"
#include "services/common/ovt_state.h"
#include "services/vbox-seamless/seamless_region.h"
#include "services/vbox-seamless/seamless_windows.h"
#include "services/x11/ovt_x11.h"

#define SEAMLESS_EVENT VBGL_EVENT_SEAMLESS_MODE_CHANGE_REQUEST

_Static_assert(sizeof(struct seamless_rect) == sizeof(struct vbgl_rect),
	       "one rectangle layout");

struct seamless_agent {
	gchar *device;	    /* as configured (NULL: the default) */
	gchar *device_name; /* for messages */
	gchar *display_opt; /* as configured */
	gchar *display;	    /* the open display's name */
	gchar *error;

	struct ovt_x11 *x;
	struct seamless_windows *windows;
	struct ovt_state *state;       /* NULL: none (see ovt_state.h) */
	struct ovt_facility *facility; /* VBoxTrayClient, shared */
	void (*lost_fn)(gpointer data);
	gpointer lost_data;

	struct vbgl_handle *h; /* NULL while disconnected */
	struct ovt_event_waiter *waiter;
	struct ovt_reconnect reconnect;

	uint32_t mode; /* what the host last asked for */
	bool warned_mode;
	guint idle;	 /* the pending region update */
	bool force_send; /* send even if it equals the last one */
	struct seamless_region sent;
	bool sent_valid;
	bool warned_capped;
	uint64_t updates;
	int last_error; /* logged once, until another comes */
};

static void set_error(struct seamless_agent *a, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

static void set_error(struct seamless_agent *a, const char *fmt, ...)
{
	va_list ap;

	g_free(a->error);
	va_start(ap, fmt);
	a->error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

/* What the agent does, for `vboxctl status` (the same again writes nothing). */
static void update_state(struct seamless_agent *a)
{
	bool on = a->h && a->windows && seamless_windows_active(a->windows);

	ovt_state_set(a->state, "seamless", "%s", on ? "on" : "off");
	ovt_state_set(a->state, "rects", "%zu",
		      on && a->sent_valid ? a->sent.count : 0);
}

static void note_error(struct seamless_agent *a, const char *what, int ret)
{
	if (ret != a->last_error) {
		g_warning("%s failed: %s", what, g_strerror(-ret));
		ovt_state_error(a->state, "%s failed: %s", what,
				g_strerror(-ret));
	}
	a->last_error = ret;
	update_state(a);
}

static int report_facility(struct seamless_agent *a, uint32_t status)
{
	return ovt_facility_report(a->facility, a->h, status);
}

static void connection_lost(struct seamless_agent *a, int error);

/* ---- the region -----------------------------------------------------------
 */

static void forget_sent(struct seamless_agent *a)
{
	seamless_region_clear(&a->sent);
	a->sent_valid = false;
}

static void send_region(struct seamless_agent *a, struct seamless_region *r)
{
	int ret;

	if (!a->force_send && a->sent_valid &&
	    seamless_region_equal(r, &a->sent)) {
		seamless_region_clear(r);
		return;
	}
	ret = vbgl_set_visible_region(
		a->h, (const struct vbgl_rect *)(const void *)r->rects,
		(uint32_t)r->count);
	if (ret < 0) {
		seamless_region_clear(r);
		if (ovt_errno_is_disconnect(ret))
			connection_lost(a, ret);
		else
			note_error(a, "sending the visible region", ret);
		return;
	}
	if (r->capped && !a->warned_capped)
		g_info("the region needs more rectangles than the host takes; sending a slightly larger one");
	a->warned_capped |= r->capped;
	seamless_region_clear(&a->sent);
	a->sent = *r;
	a->sent_valid = true;
	a->force_send = false;
	a->updates++;
	g_debug("region update %" G_GUINT64_FORMAT ": %zu rectangles",
		a->updates, a->sent.count);
	update_state(a);
}

static gboolean on_idle(gpointer data)
{
	struct seamless_agent *a = data;
	struct seamless_region r;
	int ret;

	a->idle = 0;
	if (!a->h || !seamless_windows_active(a->windows))
		return G_SOURCE_REMOVE;
	ret = seamless_windows_region(a->windows, VBGL_VISIBLE_REGION_MAX_RECTS,
				      &r);
	if (ret < 0) {
		note_error(a, "computing the visible region", ret);
		return G_SOURCE_REMOVE;
	}
	send_region(a, &r);
	return G_SOURCE_REMOVE;
}

static void schedule_update(struct seamless_agent *a)
{
	if (!a->idle)
		a->idle = g_idle_add(on_idle, a);
}

static void cancel_update(struct seamless_agent *a)
{
	if (a->idle)
		g_source_remove(a->idle);
	a->idle = 0;
}

static void on_x_event(XEvent *event, void *data)
{
	struct seamless_agent *a = data;

	if (seamless_windows_handle_event(a->windows, event))
		schedule_update(a);
}

/* ---- the host's mode ------------------------------------------------------
 */

static void follow_windows(struct seamless_agent *a, bool on)
{
	if (!a->windows || on == seamless_windows_active(a->windows))
		return;
	if (on) {
		seamless_windows_start(a->windows);
		a->force_send = true;
		schedule_update(a);
	} else {
		seamless_windows_stop(a->windows);
		cancel_update(a);
		forget_sent(a);
	}
}

static void apply_mode(struct seamless_agent *a, uint32_t mode)
{
	bool on = mode == VBGL_SEAMLESS_VISIBLE_REGION;

	if (mode != VBGL_SEAMLESS_DISABLED && !on && !a->warned_mode)
		g_warning(
			"the host asks for seamless mode %u, which this agent does not offer; staying out of seamless mode",
			mode);
	a->warned_mode |= mode != VBGL_SEAMLESS_DISABLED && !on;
	if (on != seamless_windows_active(a->windows)) {
		g_message("the host switched seamless mode %s",
			  on ? "on" : "off");
		ovt_sd_notifyf("STATUS=Seamless mode %s", on ? "on" : "off");
	}
	a->mode = mode;
	follow_windows(a, on);
	update_state(a);
}

static int read_mode(struct seamless_agent *a)
{
	uint32_t mode;
	int ret = vbgl_get_seamless_mode(a->h, 1, &mode);

	if (ret == 0)
		apply_mode(a, mode);
	return ret;
}

static void on_events(uint32_t events, int error, gpointer data)
{
	struct seamless_agent *a = data;
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
	if (!(events & SEAMLESS_EVENT))
		return;
	ret = read_mode(a);
	if (ret < 0 && ovt_errno_is_disconnect(ret))
		connection_lost(a, ret);
	else if (ret < 0)
		note_error(a, "reading the seamless mode", ret);
}

/* ---- the session ----------------------------------------------------------
 */

/* Close the session without telling the host (it is gone). */
static void session_drop(struct seamless_agent *a)
{
	follow_windows(a, false);
	g_clear_pointer(&a->waiter, ovt_event_waiter_stop);
	g_clear_pointer(&a->h, vbgl_close);
}

static void connection_lost(struct seamless_agent *a, int error)
{
	if (!a->h)
		return;
	session_drop(a);
	ovt_state_host(a->state, OVT_STATE_HOST_LOST);
	ovt_state_error(a->state, "lost %s: %s", a->device_name,
			g_strerror(-error));
	update_state(a);
	ovt_sd_notifyf("STATUS=Lost %s, reconnecting", a->device_name);
	ovt_reconnect_start(&a->reconnect, error);
}

/*
 * The event bit first, then the capability: a host request that comes in
 * between is pending in the driver and wakes the waiter at once.  Then the
 * mode, read with an acknowledgement, so a request made before the agent
 * started counts.
 */
static int session_begin(struct seamless_agent *a)
{
	int ret;

	ret = report_facility(a, VBGL_FACILITY_STATUS_INIT);
	if (ret < 0) {
		set_error(a, "cannot report to %s: %s", a->device_name,
			  g_strerror(-ret));
		return ret;
	}
	ret = vbgl_change_event_filter(a->h, SEAMLESS_EVENT, 0);
	if (ret < 0) {
		set_error(a, "cannot set the event filter on %s: %s",
			  a->device_name, g_strerror(-ret));
		return ret;
	}
	ret = vbgl_set_guest_caps(a->h, VBGL_CAP_SEAMLESS, 0, NULL, NULL);
	if (ret == -EBUSY) {
		set_error(
			a,
			"another program holds the seamless capability exclusively");
		return ret;
	}
	if (ret < 0) {
		set_error(a,
			  "cannot announce the seamless capability on %s: %s",
			  a->device_name, g_strerror(-ret));
		return ret;
	}
	ret = ovt_event_waiter_start(a->h, SEAMLESS_EVENT, NULL, on_events, a,
				     &a->waiter);
	if (ret < 0) {
		set_error(a, "cannot start the event thread");
		return ret;
	}
	ret = read_mode(a);
	if (ret < 0)
		set_error(a, "cannot read the seamless mode from %s: %s",
			  a->device_name, g_strerror(-ret));
	return ret;
}

/* Open the device and begin; the reconnect's connect function too. */
static int session_open(gpointer data)
{
	struct seamless_agent *a = data;
	int ret;

	g_clear_pointer(&a->error, g_free);
	ret = ovt_device_open(a->device, VBGL_OPEN_USER, a->device_name, &a->h,
			      &a->error);
	if (ret < 0) {
		ovt_state_error(a->state, "%s", a->error);
		return ret;
	}
	ret = ovt_facility_begun(a->facility, a->h, session_begin(a));
	if (ret < 0) {
		if (!a->error)
			set_error(a, "%s failed: %s", a->device_name,
				  g_strerror(-ret));
		session_drop(a);
		ovt_state_error(a->state, "%s", a->error);
		update_state(a);
		return ret;
	}
	a->last_error = 0;
	ovt_state_host(a->state, OVT_STATE_HOST_CONNECTED);
	update_state(a);
	return 0;
}

/* ---- the interface --------------------------------------------------------
 */

struct seamless_agent *
seamless_agent_new(const struct seamless_agent_config *cfg)
{
	struct seamless_agent *a = g_new0(struct seamless_agent, 1);

	a->device = g_strdup(cfg->device);
	a->device_name = ovt_device_name(cfg->device, "/dev/vboxuser");
	a->display_opt = g_strdup(cfg->display);
	ovt_reconnect_init(&a->reconnect, a->device_name, session_open, a);
	return a;
}

/* The session ended: tell the host this agent is done, leave no state. */
static void on_display_lost(void *data)
{
	struct seamless_agent *a = data;

	if (a->h) {
		report_facility(a, VBGL_FACILITY_STATUS_TERMINATING);
		report_facility(a, VBGL_FACILITY_STATUS_TERMINATED);
	}
	ovt_state_close(a->state, true);
	a->state = NULL;
	if (a->lost_fn)
		a->lost_fn(a->lost_data);
}

int seamless_agent_open_display(struct seamless_agent *a)
{
	g_autoptr(GError) error = NULL;

	a->x = ovt_x11_open(a->display_opt, on_x_event, a, &error);
	if (!a->x) {
		set_error(a, "%s", error->message);
		return -ENXIO;
	}
	a->display = g_strdup(ovt_x11_name(a->x));
	a->windows = seamless_windows_new(a->x);
	ovt_x11_on_lost(a->x, on_display_lost, a);
	return 0;
}

const char *seamless_agent_display(const struct seamless_agent *a)
{
	return a->display;
}

void seamless_agent_on_display_lost(struct seamless_agent *a,
				    void (*fn)(gpointer data), gpointer data)
{
	a->lost_fn = fn;
	a->lost_data = data;
}

int seamless_agent_start(struct seamless_agent *a)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *instance = ovt_state_display_instance(a->display);

	a->state = ovt_state_open("vbox-seamless", instance, OVT_STATE_SESSION,
				  &error);
	if (!a->state)
		g_warning("no state file: %s", error->message);
	a->facility =
		ovt_facility_new(VBGL_FACILITY_VBOX_TRAY_CLIENT, a->state);
	return session_open(a);
}

const char *seamless_agent_error(const struct seamless_agent *a)
{
	return a->error;
}

void seamless_agent_resync(struct seamless_agent *a)
{
	int ret;

	if (!a->h) {
		ovt_reconnect_now(&a->reconnect);
		return;
	}
	ret = read_mode(a);
	if (ret < 0 && ovt_errno_is_disconnect(ret)) {
		connection_lost(a, ret);
		return;
	}
	if (ret < 0) {
		note_error(a, "reading the seamless mode", ret);
		return;
	}
	if (seamless_windows_active(a->windows)) {
		a->force_send = true;
		schedule_update(a);
	}
	g_info("seamless mode %s, %" G_GUINT64_FORMAT " region updates sent",
	       seamless_windows_active(a->windows) ? "on" : "off", a->updates);
}

void seamless_agent_stop(struct seamless_agent *a)
{
	int ret;

	ovt_reconnect_cancel(&a->reconnect);
	if (a->h) {
		report_facility(a, VBGL_FACILITY_STATUS_TERMINATING);
		follow_windows(a, false);
		g_clear_pointer(&a->waiter, ovt_event_waiter_stop);
		ret = vbgl_set_guest_caps(a->h, 0, VBGL_CAP_SEAMLESS, NULL,
					  NULL);
		if (ret < 0)
			g_info("dropping the seamless capability failed: %s",
			       g_strerror(-ret));
		ret = vbgl_change_event_filter(a->h, 0, SEAMLESS_EVENT);
		if (ret < 0)
			g_info("dropping the event filter bit failed: %s",
			       g_strerror(-ret));
		report_facility(a, VBGL_FACILITY_STATUS_TERMINATED);
		g_clear_pointer(&a->h, vbgl_close);
	}
	ovt_state_close(a->state, true);
	a->state = NULL;
	g_info("sent %" G_GUINT64_FORMAT " region updates", a->updates);
}

void seamless_agent_free(struct seamless_agent *a)
{
	if (!a)
		return;
	ovt_reconnect_cancel(&a->reconnect);
	session_drop(a);
	cancel_update(a);
	seamless_windows_free(a->windows);
	ovt_x11_close(a->x);
	forget_sent(a);
	/* Only a failed start leaves it open: nothing runs, nothing stays. */
	ovt_state_close(a->state, true);
	ovt_facility_free(a->facility);
	g_free(a->device);
	g_free(a->device_name);
	g_free(a->display_opt);
	g_free(a->display);
	g_free(a->error);
	g_free(a);
}
