// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-clipboard's wiring (see clip_bridge.h).
 */
#define G_LOG_DOMAIN "vbox-clipboard"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "services/vbox-clipboard/clip_bridge.h"
#include "services/vbox-clipboard/clip_cache.h"
#include "services/vbox-clipboard/clip_formats.h"
#include "services/vbox-clipboard/clip_host.h"
#include "services/vbox-clipboard/clip_x11.h"

struct clip_bridge {
	struct ovt_state *st;
	struct ovt_facility *facility; /* VBoxTrayClient, shared */
	struct clip_host *host;
	struct clip_cache *cache;
	struct clip_x11 *x11;
	size_t max_size;
	void (*x_lost)(void *data);
	void *x_lost_data;
	guint64 transfers;
	guint64 host_announcements;
	guint64 guest_announcements;
};

static const char *formats_str(uint32_t formats, char *buf, size_t size)
{
	g_snprintf(buf, size, "%s%s%s%s",
		   formats & VBGL_CLIPBOARD_FMT_UNICODETEXT ? "text," : "",
		   formats & VBGL_CLIPBOARD_FMT_BITMAP ? "bitmap," : "",
		   formats & VBGL_CLIPBOARD_FMT_HTML ? "html," : "",
		   formats ? "" : "none");
	if (formats)
		buf[strlen(buf) - 1] = '\0';
	return buf;
}

static void set_formats(struct clip_bridge *b, const char *key,
			uint32_t formats)
{
	char buf[32];

	ovt_state_set(b->st, key, "%s", formats_str(formats, buf, sizeof(buf)));
}

static void record_transfer(struct clip_bridge *b, const char *direction,
			    uint32_t format, size_t bytes)
{
	char buf[32];
	GDateTime *now = g_date_time_new_now_utc();
	gchar *iso = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");

	b->transfers++;
	ovt_state_set(b->st, "last-transfer", "%s %s %zu", direction,
		      formats_str(format, buf, sizeof(buf)), bytes);
	ovt_state_set(b->st, "last-transfer-time", "%s", iso);
	ovt_state_set(b->st, "transfers", "%" G_GUINT64_FORMAT, b->transfers);
	g_free(iso);
	g_date_time_unref(now);
}

/* ---- from the host ----------------------------------------------------- */

static void host_up(void *data, bool legacy)
{
	struct clip_bridge *b = data;
	uint32_t guest;

	ovt_state_host(b->st, OVT_STATE_HOST_CONNECTED);
	ovt_state_set(b->st, "protocol", "%s", legacy ? "legacy" : "6.1");
	/* After a reconnect the host has forgotten the guest's offer. */
	guest = b->x11 ? clip_x11_guest_formats(b->x11) : 0;
	if (guest)
		clip_host_report(b->host, guest);
}

static void host_down(void *data, int err)
{
	struct clip_bridge *b = data;

	ovt_state_host(b->st, OVT_STATE_HOST_LOST);
	ovt_state_error(b->st, "lost the host: %s", g_strerror(-err));
	/* The host's data is gone with it. */
	clip_cache_reset(b->cache, 0);
	clip_x11_drop(b->x11);
	set_formats(b, "host-formats", 0);
	if (!clip_x11_guest_formats(b->x11))
		ovt_state_set(b->st, "owner", "none");
}

static void host_formats(void *data, uint32_t formats)
{
	struct clip_bridge *b = data;

	formats &= CLIP_FORMATS_SUPPORTED;
	g_info("the host offers formats 0x%x", formats);
	ovt_state_set(b->st, "host-announcements", "%" G_GUINT64_FORMAT,
		      ++b->host_announcements);
	clip_cache_reset(b->cache, formats);
	set_formats(b, "host-formats", formats);
	if (formats && clip_x11_take(b->x11)) {
		ovt_state_set(b->st, "owner", "host");
		set_formats(b, "guest-formats", 0);
		ovt_state_unset(b->st, "guest-selection");
		return;
	}
	clip_x11_drop(b->x11);
	if (!clip_x11_guest_formats(b->x11))
		ovt_state_set(b->st, "owner", "none");
}

struct host_request {
	struct clip_bridge *b;
	struct vbgl_clipboard_msg req;
};

static void on_guest_data(int err, uint32_t format, GBytes *data, void *user)
{
	struct host_request *hr = user;
	struct clip_bridge *b = hr->b;

	if (err < 0) {
		ovt_state_error(b->st,
				"could not give the host the guest's data: %s",
				g_strerror(-err));
		clip_host_write(b->host, &hr->req, format, NULL);
	} else {
		clip_host_write(b->host, &hr->req, format, data);
		record_transfer(b, "guest-to-host", format,
				g_bytes_get_size(data));
	}
	g_free(hr);
}

static void host_read_request(void *data, const struct vbgl_clipboard_msg *req)
{
	struct clip_bridge *b = data;
	struct host_request *hr = g_new0(struct host_request, 1);

	hr->b = b;
	hr->req = *req;
	clip_x11_read(b->x11, req->formats & CLIP_FORMATS_SUPPORTED,
		      MIN(b->max_size, (size_t)VBGL_CLIPBOARD_MAX_DATA),
		      on_guest_data, hr);
}

static const struct clip_host_ops host_ops = {
	.up = host_up,
	.down = host_down,
	.formats = host_formats,
	.read_request = host_read_request,
};

/* ---- from the selections ------------------------------------------------- */

static void guest_formats(void *data, const char *selection, uint32_t formats)
{
	struct clip_bridge *b = data;

	g_info("the guest's %s offers formats 0x%x", selection, formats);
	clip_host_report(b->host, formats);
	ovt_state_set(b->st, "guest-announcements", "%" G_GUINT64_FORMAT,
		      ++b->guest_announcements);
	set_formats(b, "guest-formats", formats);
	if (formats) {
		set_formats(b, "host-formats", 0);
		ovt_state_set(b->st, "owner", "guest");
		ovt_state_set(b->st, "guest-selection", "%s", selection);
	} else {
		ovt_state_set(b->st, "owner", "none");
		ovt_state_unset(b->st, "guest-selection");
	}
}

static void served(void *data, uint32_t format, const char *target,
		   size_t bytes)
{
	struct clip_bridge *b = data;

	g_debug("gave an X client %zu bytes of %s", bytes, target);
	record_transfer(b, "host-to-guest", format, bytes);
}

static const struct clip_x11_ops x11_ops = {
	.guest_formats = guest_formats,
	.served = served,
};

/* ---- life ------------------------------------------------------------------
 */

/*
 * The X server went away (the session ended) and the process exits right
 * after this: tell the host, and remove the state file, which nothing
 * else will (the main program does not run again).
 */
static void x_lost(void *data)
{
	struct clip_bridge *b = data;

	clip_host_report_end(b->host);
	ovt_state_close(b->st, true);
	b->st = NULL;
	if (b->x_lost)
		b->x_lost(b->x_lost_data);
}

struct clip_bridge *clip_bridge_new(struct ovt_x11 *x, struct ovt_state *st,
				    const struct clip_bridge_config *cfg,
				    char **error)
{
	struct clip_bridge *b = g_new0(struct clip_bridge, 1);
	GError *gerr = NULL;

	b->st = st;
	b->max_size = cfg->max_size;
	b->x_lost = cfg->x_lost;
	b->x_lost_data = cfg->x_lost_data;
	ovt_state_set(st, "owner", "none");
	ovt_state_set(st, "host-formats", "none");
	ovt_state_set(st, "guest-formats", "none");
	ovt_state_set(st, "primary", "%s", cfg->primary ? "on" : "off");
	ovt_state_set(st, "max-size", "%zu", cfg->max_size);
	ovt_state_set(st, "transfers", "0");
	ovt_state_set(st, "host-announcements", "0");
	ovt_state_set(st, "guest-announcements", "0");
	b->facility = ovt_facility_new(VBGL_FACILITY_VBOX_TRAY_CLIENT, st);
	b->host = clip_host_new(cfg->device, b->facility, &host_ops, b);
	b->cache = clip_cache_new(b->host, cfg->max_size);
	b->x11 = clip_x11_new(x, cfg->primary, b->cache, cfg->max_size,
			      &x11_ops, b, &gerr);
	if (!b->x11) {
		*error = g_strdup(gerr->message);
		g_error_free(gerr);
		clip_bridge_free(b);
		return NULL;
	}
	if (clip_host_start(b->host, error) < 0) {
		clip_bridge_free(b);
		return NULL;
	}
	ovt_x11_on_lost(x, x_lost, b);
	return b;
}

void clip_bridge_event(XEvent *ev, void *data)
{
	struct clip_bridge **b = data;

	if (*b)
		clip_x11_handle_event((*b)->x11, ev);
}

void clip_bridge_set_max_size(struct clip_bridge *b, size_t max_size)
{
	b->max_size = max_size;
	clip_cache_set_max_size(b->cache, max_size);
	clip_x11_set_max_size(b->x11, max_size);
	if (b->st)
		ovt_state_set(b->st, "max-size", "%zu", max_size);
}

void clip_bridge_free(struct clip_bridge *b)
{
	if (!b)
		return;
	clip_x11_free(b->x11);
	clip_host_free(b->host);
	clip_cache_free(b->cache);
	ovt_facility_free(b->facility);
	g_free(b);
}
