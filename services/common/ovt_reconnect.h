/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reconnecting with back-off.  When the device or the host goes away, the
 * agent closes its handle and calls ovt_reconnect_start(): that logs the
 * loss once and tries the program's connect function after 1 s, then 2,
 * 4, 8, 16, 30, 30 ... seconds (g_timeout_add_seconds: no busy loop, no
 * wakeups in between), logs once when it succeeds, and stops.
 */
#ifndef OVT_RECONNECT_H
#define OVT_RECONNECT_H

#include <glib.h>

struct vbgl_handle;

/* The longest wait between two attempts, in seconds. */
#define OVT_BACKOFF_MAX_S 30u

/*
 * Opens the handle and brings the program's session back up.  Returns 0,
 * or a negative errno after undoing what it did (the next attempt starts
 * from scratch).
 */
typedef int (*ovt_connect_func)(gpointer data);

struct ovt_reconnect {
	ovt_connect_func connect;
	gpointer data;
	const char *what; /* for messages, e.g. "/dev/vboxguest" */
	gboolean active;  /* between the loss and success or cancel */
	guint source;	  /* the pending attempt, or 0 */
	guint delay_s;	  /* wait before the pending attempt */
	guint attempts;
	gint64 lost_at_us; /* monotonic */
	int last_error;	   /* of the last failed attempt */
};

/**
 * ovt_backoff_next - the wait after one of @delay_s seconds.
 * @delay_s: the previous wait, 0 for none yet
 *
 * Return: 1 after 0, then double, capped at OVT_BACKOFF_MAX_S.
 */
guint ovt_backoff_next(guint delay_s);

/**
 * ovt_errno_is_disconnect - whether an error means the device or the host
 * is gone, so that only closing and reopening the handle can help.
 * @err: a negative errno from libvbglr3
 *
 * Return: TRUE for -ENOTCONN (the simulator went away), -EIO, -ENODEV,
 * -ENXIO, -ECONNRESET, -ECONNREFUSED, -EPIPE and -ESHUTDOWN.  (-ENXIO is
 * also what libvbglr3 returns for an unknown HGCM service: a program that
 * connects to services decides that case before asking here.)
 */
gboolean ovt_errno_is_disconnect(int err);

/**
 * ovt_device_open - open the device for a session, at start-up or from a
 * reconnect's connect function, and log (info) which one it is.
 * @device: the configured device, or NULL for libvbglr3's default
 * @flags: VBGL_OPEN_SYSTEM or VBGL_OPEN_USER
 * @name: the device for messages (ovt_device_name())
 * @out: receives the handle, NULL on failure
 * @error: receives "cannot open NAME: REASON" on failure (g_free())
 *
 * Return: 0 or the negative errno of vbgl_open().
 */
int ovt_device_open(const char *device, unsigned int flags, const char *name,
		    struct vbgl_handle **out, gchar **error);

/**
 * ovt_reconnect_init - prepare; nothing is scheduled yet.
 * @r: the state
 * @what: the device, for messages (kept as a pointer)
 * @connect: the connect function
 * @data: passed to @connect
 */
void ovt_reconnect_init(struct ovt_reconnect *r, const char *what,
			ovt_connect_func connect, gpointer data);

/**
 * ovt_reconnect_start - the connection was lost: log it (once) and
 * schedule the first attempt.  Does nothing while already reconnecting
 * (also when called from inside the connect function).
 * @r: the state
 * @error: the negative errno that showed the loss
 */
void ovt_reconnect_start(struct ovt_reconnect *r, int error);

/**
 * ovt_reconnect_now - while reconnecting, make the pending attempt at once
 * (e.g. on SIGHUP); if it fails, the back-off goes on as if it had been
 * made on time.
 * @r: the state
 */
void ovt_reconnect_now(struct ovt_reconnect *r);

/**
 * ovt_reconnect_active - whether a reconnect is under way.
 * @r: the state
 *
 * Return: TRUE between ovt_reconnect_start() and success or cancel.
 */
gboolean ovt_reconnect_active(const struct ovt_reconnect *r);

/**
 * ovt_reconnect_cancel - stop trying (at shutdown).
 * @r: the state
 */
void ovt_reconnect_cancel(struct ovt_reconnect *r);

#endif /* OVT_RECONNECT_H */
