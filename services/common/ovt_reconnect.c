// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reconnect with back-off (see ovt_reconnect.h).
 *
 * Logging: one message when the connection is lost, one when it is back;
 * the attempts in between are debug messages, so a host that stays away
 * for hours leaves two lines in the log, not thousands.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_reconnect.h"

guint ovt_backoff_next(guint delay_s)
{
	if (delay_s == 0)
		return 1;
	if (delay_s >= OVT_BACKOFF_MAX_S / 2)
		return OVT_BACKOFF_MAX_S;
	return delay_s * 2;
}

int ovt_device_open(const char *device, unsigned int flags, const char *name,
		    struct vbgl_handle **out, gchar **error)
{
	int ret = vbgl_open(device, flags, out);

	if (ret < 0) {
		*out = NULL;
		*error = g_strdup_printf("cannot open %s: %s", name,
					 g_strerror(-ret));
		return ret;
	}
	g_info("opened %s (%s transport)", vbgl_device(*out),
	       vbgl_transport_name(vbgl_transport(*out)));
	return 0;
}

gboolean ovt_errno_is_disconnect(int err)
{
	switch (err) {
	case -ENOTCONN:
	case -EIO:
	case -ENODEV:
	case -ENXIO:
	case -ECONNRESET:
	case -ECONNREFUSED:
	case -EPIPE:
	case -ESHUTDOWN:
		return TRUE;
	default:
		return FALSE;
	}
}

void ovt_reconnect_init(struct ovt_reconnect *r, const char *what,
			ovt_connect_func connect, gpointer data)
{
	memset(r, 0, sizeof(*r));
	r->what = what;
	r->connect = connect;
	r->data = data;
}

static gboolean attempt(gpointer data);

static void schedule(struct ovt_reconnect *r)
{
	r->delay_s = ovt_backoff_next(r->delay_s);
	r->source = g_timeout_add_seconds(r->delay_s, attempt, r);
}

static gboolean attempt(gpointer data)
{
	struct ovt_reconnect *r = data;
	double down_s;
	int ret;

	r->source = 0;
	r->attempts++;
	ret = r->connect(r->data);
	if (ret == 0) {
		down_s = (double)(g_get_monotonic_time() - r->lost_at_us) / 1e6;
		g_message("%s is back after %.1f s (attempt %u)", r->what,
			  down_s, r->attempts);
		r->delay_s = 0;
		r->active = FALSE;
		return G_SOURCE_REMOVE;
	}
	if (ret != r->last_error && !ovt_errno_is_disconnect(ret) &&
	    ret != -ENOENT)
		g_warning("reconnecting to %s: %s", r->what, g_strerror(-ret));
	r->last_error = ret;
	schedule(r);
	g_debug("reconnect attempt %u failed (%s); next in %u s", r->attempts,
		g_strerror(-ret), r->delay_s);
	return G_SOURCE_REMOVE;
}

void ovt_reconnect_start(struct ovt_reconnect *r, int error)
{
	if (r->active)
		return;
	r->active = TRUE;
	g_message("lost %s (%s); reconnecting in the background", r->what,
		  g_strerror(-error));
	r->attempts = 0;
	r->delay_s = 0;
	r->last_error = error;
	r->lost_at_us = g_get_monotonic_time();
	schedule(r);
}

void ovt_reconnect_now(struct ovt_reconnect *r)
{
	if (!r->source)
		return;
	/* As if the pending attempt were due now. */
	g_source_remove(r->source);
	r->source = 0;
	attempt(r);
}

gboolean ovt_reconnect_active(const struct ovt_reconnect *r)
{
	return r->active;
}

void ovt_reconnect_cancel(struct ovt_reconnect *r)
{
	if (r->source)
		g_source_remove(r->source);
	r->source = 0;
	r->delay_s = 0;
	r->active = FALSE;
}
