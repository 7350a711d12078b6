// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vbox-display agent (see display_agent.h).
 *
 * Host side: the event waiter thread blocks in the device until the host
 * raises a display change event and wakes the main loop, which reads the
 * pending definitions with the acknowledgement and applies the result.
 * Events that come while a layout is being applied only schedule one more
 * read (an idle callback that is added once), and the host returns the
 * latest definition of every pending display, so a burst of requests
 * ends in the last one.  The first read after connecting does not
 * acknowledge: it returns the host's current wish, also one made before
 * the agent started.
 *
 * X side: RandR change events (from this agent or from anyone else: the
 * user running xrandr, a desktop's display settings) schedule one report
 * of the monitor positions to the host, sent when they differ from the
 * last one.  Nothing runs while nothing happens: no timers, no polling.
 *
 * Facility: VBoxTrayClient (101), which the desktop agents share
 * (services/common/ovt_facility.h): init once the device is open, active
 * once the agent follows the host's requests, failed when a session
 * cannot begin, terminating and terminated on a clean stop and when the X
 * server goes away (the session ended), from init again after a reconnect.
 */
#include "config.h"

#define G_LOG_DOMAIN "vbox-display"

#include "services/vbox-display/display_agent.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_event_waiter.h"
#include "services/common/ovt_facility.h"
#include "services/common/ovt_reconnect.h"
#include "services/common/ovt_sd_notify.h"
#include "services/vbox-display/display_randr.h"
#include "services/common/ovt_state.h"
#include "services/x11/ovt_x11.h"

#define DEFAULT_DEVICE "/dev/vboxuser"

struct display_agent {
	gchar *device;
	gchar *device_name;  /* for messages */
	gchar *x_name;	     /* as configured */
	gchar *display_name; /* canonical */
	const struct display_map *map;
	gchar *state_path;
	struct ovt_state *state;
	struct ovt_facility *facility; /* VBoxTrayClient, shared */
	gchar *error;

	struct ovt_x11 *x;
	struct display_randr *randr;

	struct vbgl_handle *h; /* NULL while disconnected */
	struct ovt_event_waiter *waiter;
	struct ovt_reconnect reconnect;

	struct display_host hosts[DISPLAY_MAX];
	struct display_plan plan; /* the last one applied */
	bool have_plan;		  /* the last apply succeeded */
	guint read_source;	  /* pending read of the host's request */
	guint report_source;	  /* pending monitor position report */
	struct vbgl_point sent[DISPLAY_MAX];
	unsigned int n_sent; /* 0: nothing sent on this handle */
	uint64_t applied;
	gchar *last_error; /* of the last layout or request, NULL: none */
	int last_errno;	   /* last request error logged */

	void (*lost_fn)(gpointer data); /* the X server went away */
	gpointer lost_data;
};

static void set_error(struct display_agent *a, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

static void set_error(struct display_agent *a, const char *fmt, ...)
{
	va_list ap;

	g_free(a->error);
	va_start(ap, fmt);
	a->error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

/* ---- the state file ----------------------------------------------------- */

static char *format_layout(const struct display_now *now)
{
	GString *s = g_string_new(NULL);
	unsigned int i;

	if (!now) {
		g_string_free(s, TRUE);
		return g_strdup("unknown");
	}
	for (i = 0; i < now->n; i++) {
		const struct display_output *o = &now->outputs[i];

		if (!o->on)
			continue;
		g_string_append_printf(s, "%s%s=%ux%u%+d%+d%s",
				       s->len ? " " : "", now->names[i],
				       o->width, o->height, o->x, o->y,
				       o->primary ? ",primary" : "");
	}
	if (!s->len)
		g_string_append(s, "none");
	return g_string_free(s, FALSE);
}

/* @now: the outputs as just read, or NULL to read them here. */
static void write_state(struct display_agent *a, const struct display_now *now)
{
	struct display_now read;
	g_autofree char *request = display_host_format(a->hosts);
	g_autofree char *layout = NULL;
	Display *dpy = ovt_x11_display(a->x);

	if (!a->state)
		return;
	if (!now && display_randr_read(a->randr, &read) == 0)
		now = &read;
	layout = format_layout(now);
	ovt_state_set(a->state, "device", "%s", a->device_name);
	ovt_state_set(a->state, "request", "%s", request);
	ovt_state_set(a->state, "layout", "%s", layout);
	ovt_state_set(a->state, "screen", "%dx%d",
		      DisplayWidth(dpy, DefaultScreen(dpy)),
		      DisplayHeight(dpy, DefaultScreen(dpy)));
	ovt_state_set(a->state, "applied", "%" G_GUINT64_FORMAT, a->applied);
	ovt_state_host(a->state,
		       a->h ? OVT_STATE_HOST_CONNECTED : OVT_STATE_HOST_LOST);
}

/* The last error goes to the state file once, with its time. */
static void note_error(struct display_agent *a, const char *text)
{
	if (g_strcmp0(a->last_error, text) == 0)
		return;
	g_free(a->last_error);
	a->last_error = g_strdup(text);
	if (text && a->state)
		ovt_state_error(a->state, "%s", text);
}

static void schedule_report(struct display_agent *a);

/* ---- applying a layout --------------------------------------------------- */

static void log_plan(const struct display_agent *a,
		     const struct display_plan *p)
{
	unsigned int i;

	if (p->n_unplaced)
		g_warning("%u host display(s) have no X output to show them",
			  p->n_unplaced);
	for (i = 0; i < p->n_outputs; i++) {
		const struct display_output_plan *o = &p->outputs[i];

		if (o->notes & DISPLAY_NOTE_CLAMPED)
			g_message(
				"host display %d: size cut to the screen maximum",
				o->host_display);
		if (o->notes & DISPLAY_NOTE_NO_FIT)
			g_message(
				"host display %d: off, it does not fit in the screen maximum",
				o->host_display);
		if (o->notes & DISPLAY_NOTE_NO_CRTC)
			g_message(
				"host display %d: off, no CRTC can drive its output",
				o->host_display);
		if (o->notes & DISPLAY_NOTE_KEPT_ON)
			g_message(
				"host display %d stays on: the host disabled every display",
				o->host_display);
		if (o->notes & DISPLAY_NOTE_MOVED)
			g_debug("host display %d moved to %d,%d to keep the layout valid",
				o->host_display, o->x, o->y);
	}
	(void)a;
}

static void apply_layout(struct display_agent *a)
{
	g_autofree char *error = NULL;
	g_autofree char *request = display_host_format(a->hosts);
	int ret;

	ret = display_randr_apply(a->randr, a->hosts, a->map, &a->plan, &error);
	if (ret < 0) {
		if (g_strcmp0(a->last_error, error) != 0)
			g_warning("applying %s failed: %s", request, error);
		note_error(a, error);
		a->have_plan = false;
	} else {
		a->applied++;
		a->have_plan = true;
		note_error(a, NULL);
		log_plan(a, &a->plan);
		g_info("applied %s: screen %ux%u", request,
		       a->plan.screen_width, a->plan.screen_height);
	}
	/* The report that follows writes the state file. */
	schedule_report(a);
}

/* ---- the host side ---------------------------------------------------------
 */

static void connection_lost(struct display_agent *a, int error);

static void request_failed(struct display_agent *a, const char *what, int ret)
{
	g_autofree char *text = NULL;

	if (ovt_errno_is_disconnect(ret)) {
		connection_lost(a, ret);
		return;
	}
	if (ret != a->last_errno)
		g_warning("%s failed: %s", what, g_strerror(-ret));
	a->last_errno = ret;
	text = g_strdup_printf("%s: %s", what, g_strerror(-ret));
	note_error(a, text);
	write_state(a, NULL);
}

/**
 * read_request - read the host's definitions and merge them.
 * @a: the agent (connected)
 * @ack: acknowledge (only the pending displays come back) or not (the
 *	current definition of every display)
 * @changed: set when what the host wants changed
 *
 * Return: 0 or a negative errno.
 */
static int read_request(struct display_agent *a, int ack, bool *changed)
{
	struct vbgl_display_def defs[DISPLAY_MAX];
	uint32_t count = DISPLAY_MAX;
	int ret;

	ret = vbgl_get_display_change_multi(a->h, ack, defs, &count);
	if (ret < 0)
		return ret;
	a->last_errno = 0;
	*changed = display_host_merge(a->hosts, defs, count);
	g_debug("host request (%s, %u displays)%s", ack ? "ack" : "no ack",
		count, *changed ? ": changed" : "");
	return 0;
}

static gboolean on_read(gpointer data)
{
	struct display_agent *a = data;
	bool changed = false;
	int ret;

	a->read_source = 0;
	if (!a->h)
		return G_SOURCE_REMOVE;
	ret = read_request(a, 1, &changed);
	if (ret < 0)
		request_failed(a, "reading the host's display request", ret);
	else if (changed || !a->have_plan)
		apply_layout(a);
	return G_SOURCE_REMOVE;
}

/* Ahead of the reports and of X events: the host's request comes first. */
static void schedule_read(struct display_agent *a)
{
	if (!a->read_source)
		a->read_source =
			g_idle_add_full(G_PRIORITY_HIGH, on_read, a, NULL);
}

static void on_events(uint32_t events, int error, gpointer data)
{
	struct display_agent *a = data;

	if (error) {
		if (!ovt_errno_is_disconnect(error))
			g_warning(
				"waiting for host events failed: %s; reopening the device",
				g_strerror(-error));
		connection_lost(a, error);
		return;
	}
	if (events & VBGL_EVENT_DISPLAY_CHANGE_REQUEST)
		schedule_read(a);
}

/* ---- monitor positions to the host --------------------------------------- */

/*
 * One point per host display up to the last one an output shows, in
 * display order; (-1,-1) for a display that is off, as the host knows it.
 */
static unsigned int current_positions(struct display_agent *a,
				      const struct display_now *now,
				      struct vbgl_point *pts)
{
	int h2o[DISPLAY_MAX];
	unsigned int h, n = 0;

	display_map_outputs(a->map, now->names, now->n, h2o);
	for (h = 0; h < DISPLAY_MAX; h++) {
		const struct display_output *o;

		if (h2o[h] < 0)
			continue;
		o = &now->outputs[h2o[h]];
		while (n < h) {
			pts[n].x = -1;
			pts[n++].y = -1;
		}
		pts[n].x = o->on ? o->x : -1;
		pts[n++].y = o->on ? o->y : -1;
	}
	return n;
}

static gboolean on_report(gpointer data)
{
	struct display_agent *a = data;
	struct vbgl_point pts[DISPLAY_MAX];
	struct display_now now;
	unsigned int n = 0;
	int ret;

	a->report_source = 0;
	if (display_randr_read(a->randr, &now) == 0) {
		n = current_positions(a, &now, pts);
		write_state(a, &now);
	} else {
		write_state(a, NULL);
	}
	if (!a->h || !n)
		return G_SOURCE_REMOVE;
	if (n == a->n_sent && memcmp(pts, a->sent, n * sizeof(pts[0])) == 0)
		return G_SOURCE_REMOVE;
	ret = vbgl_update_monitor_positions(a->h, pts, n);
	if (ret < 0) {
		request_failed(a, "reporting the monitor positions", ret);
		return G_SOURCE_REMOVE;
	}
	memcpy(a->sent, pts, n * sizeof(pts[0]));
	a->n_sent = n;
	g_debug("reported %u monitor positions to the host", n);
	return G_SOURCE_REMOVE;
}

static void schedule_report(struct display_agent *a)
{
	if (!a->report_source)
		a->report_source = g_idle_add(on_report, a);
}

static void on_x_event(XEvent *event, void *data)
{
	struct display_agent *a = data;

	if (display_randr_is_change(a->randr, event))
		schedule_report(a);
}

/* ---- the session with the device -------------------------------------------
 */

static void session_drop(struct display_agent *a)
{
	g_clear_pointer(&a->waiter, ovt_event_waiter_stop);
	g_clear_pointer(&a->h, vbgl_close);
	if (a->read_source)
		g_source_remove(a->read_source);
	a->read_source = 0;
	a->n_sent = 0;
}

static void connection_lost(struct display_agent *a, int error)
{
	if (!a->h)
		return;
	session_drop(a);
	ovt_sd_notifyf("STATUS=Lost %s, reconnecting", a->device_name);
	write_state(a, NULL);
	ovt_reconnect_start(&a->reconnect, error);
}

static int session_begin(struct display_agent *a)
{
	bool changed = false;
	int ret;

	ret = ovt_facility_report(a->facility, a->h, VBGL_FACILITY_STATUS_INIT);
	if (ret < 0) {
		set_error(a, "cannot report to %s: %s", a->device_name,
			  g_strerror(-ret));
		return ret;
	}
	ret = vbgl_change_event_filter(a->h, VBGL_EVENT_DISPLAY_CHANGE_REQUEST,
				       0);
	if (ret < 0) {
		set_error(a, "cannot ask %s for display events: %s",
			  a->device_name, g_strerror(-ret));
		return ret;
	}
	ret = vbgl_acquire_guest_caps(a->h, 0, VBGL_CAP_GRAPHICS, 0);
	if (ret == -EBUSY) {
		set_error(a,
			  "another agent holds the graphics capability of %s",
			  a->device_name);
		return ret;
	}
	if (ret < 0) {
		set_error(a, "cannot take the graphics capability of %s: %s",
			  a->device_name, g_strerror(-ret));
		return ret;
	}
	ret = ovt_event_waiter_start(a->h, VBGL_EVENT_DISPLAY_CHANGE_REQUEST,
				     NULL, on_events, a, &a->waiter);
	if (ret < 0) {
		set_error(a, "cannot start the event thread");
		return ret;
	}
	ret = read_request(a, 0, &changed);
	if (ret < 0) {
		set_error(a, "cannot read the display request from %s: %s",
			  a->device_name, g_strerror(-ret));
		return ret;
	}
	if (changed)
		apply_layout(a);
	schedule_report(a);
	ovt_sd_notify("STATUS=Following the host's display requests");
	return 0;
}

/* Open the device and begin; also the reconnect's connect function. */
static int session_open(gpointer data)
{
	struct display_agent *a = data;
	int ret;

	g_clear_pointer(&a->error, g_free);
	ret = ovt_device_open(a->device, VBGL_OPEN_USER, a->device_name, &a->h,
			      &a->error);
	if (ret < 0)
		return ret;
	ret = ovt_facility_begun(a->facility, a->h, session_begin(a));
	if (ret < 0)
		session_drop(a);
	return ret;
}

/* ---- the agent -------------------------------------------------------------
 */

struct display_agent *display_agent_new(const struct display_agent_config *cfg)
{
	struct display_agent *a = g_new0(struct display_agent, 1);
	const char *env = g_getenv("VBGL_DEVICE");

	a->device = g_strdup(cfg->device);
	if (cfg->device)
		a->device_name = g_strdup(cfg->device);
	else if (env && env[0])
		a->device_name = g_strdup(env);
	else
		a->device_name = g_strdup(DEFAULT_DEVICE);
	a->x_name = g_strdup(cfg->display);
	a->map = cfg->map;
	ovt_reconnect_init(&a->reconnect, a->device_name, session_open, a);
	return a;
}

/* The session ended: tell the host this agent is done, leave no state. */
static void on_display_lost(void *data)
{
	struct display_agent *a = data;

	if (a->h) {
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_TERMINATING);
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_TERMINATED);
	}
	ovt_state_close(a->state, true);
	a->state = NULL;
	if (a->lost_fn)
		a->lost_fn(a->lost_data);
}

void display_agent_on_display_lost(struct display_agent *a,
				   void (*fn)(gpointer data), gpointer data)
{
	a->lost_fn = fn;
	a->lost_data = data;
}

int display_agent_open_x(struct display_agent *a)
{
	GError *error = NULL;

	a->x = ovt_x11_open(a->x_name, on_x_event, a, &error);
	if (!a->x) {
		set_error(a, "%s", error->message);
		g_error_free(error);
		return -ENXIO;
	}
	a->randr = display_randr_new(a->x, &error);
	if (!a->randr) {
		set_error(a, "%s", error->message);
		g_error_free(error);
		return -ENOTSUP;
	}
	a->display_name = ovt_state_display_instance(ovt_x11_name(a->x));
	ovt_x11_on_lost(a->x, on_display_lost, a);
	return 0;
}

const char *display_agent_display_name(const struct display_agent *a)
{
	return a->display_name;
}

int display_agent_start(struct display_agent *a, const char *state_path)
{
	GError *error = NULL;

	g_free(a->state_path);
	a->state_path = g_strdup(state_path);
	a->state = state_path ?
			   ovt_state_open_path("vbox-display", a->display_name,
					       state_path, &error) :
			   ovt_state_open("vbox-display", a->display_name,
					  OVT_STATE_SESSION, &error);
	if (!a->state) {
		g_warning("no state file: %s", error->message);
		g_error_free(error);
	}
	a->facility =
		ovt_facility_new(VBGL_FACILITY_VBOX_TRAY_CLIENT, a->state);
	return session_open(a);
}

const char *display_agent_error(const struct display_agent *a)
{
	return a->error;
}

void display_agent_resync(struct display_agent *a)
{
	bool changed = false;
	int ret;

	if (!a->h) {
		ovt_reconnect_now(&a->reconnect);
		return;
	}
	ret = read_request(a, 0, &changed);
	if (ret < 0) {
		request_failed(a, "reading the host's display request", ret);
		return;
	}
	apply_layout(a);
}

void display_agent_stop(struct display_agent *a)
{
	int ret;

	ovt_reconnect_cancel(&a->reconnect);
	if (a->report_source)
		g_source_remove(a->report_source);
	a->report_source = 0;
	if (a->h) {
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_TERMINATING);
		g_clear_pointer(&a->waiter, ovt_event_waiter_stop);
		ret = vbgl_acquire_guest_caps(a->h, 0, 0, VBGL_CAP_GRAPHICS);
		if (ret < 0)
			g_info("giving the graphics capability back failed: %s",
			       g_strerror(-ret));
		ret = vbgl_change_event_filter(
			a->h, 0, VBGL_EVENT_DISPLAY_CHANGE_REQUEST);
		if (ret < 0)
			g_info("dropping the event filter bit failed: %s",
			       g_strerror(-ret));
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_TERMINATED);
	}
	session_drop(a);
	ovt_state_close(a->state, true);
	a->state = NULL;
	g_info("applied %" G_GUINT64_FORMAT " layouts", a->applied);
}

void display_agent_free(struct display_agent *a)
{
	if (!a)
		return;
	ovt_reconnect_cancel(&a->reconnect);
	session_drop(a);
	if (a->report_source)
		g_source_remove(a->report_source);
	ovt_state_close(a->state, false);
	ovt_facility_free(a->facility);
	display_randr_free(a->randr);
	ovt_x11_close(a->x);
	g_free(a->device);
	g_free(a->device_name);
	g_free(a->x_name);
	g_free(a->display_name);
	g_free(a->state_path);
	g_free(a->error);
	g_free(a->last_error);
	g_free(a);
}
