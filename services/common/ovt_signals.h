/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signals on the main loop: SIGINT and SIGTERM stop it cleanly, SIGHUP
 * calls the program's reload hook.  Handled through g_unix_signal_add(),
 * so the handlers run as ordinary main-loop callbacks.
 */
#ifndef OVT_SIGNALS_H
#define OVT_SIGNALS_H

#include <glib.h>

struct ovt_signals {
	GMainLoop *loop;
	void (*on_hup)(gpointer data);
	gpointer data;
	guint sources[3];
	int stop_signal; /* the signal that stopped the loop, or 0 */
};

/**
 * ovt_signals_watch - start handling SIGINT, SIGTERM and SIGHUP.
 * @s: the state (filled in here)
 * @loop: the loop SIGINT and SIGTERM quit
 * @on_hup: called on SIGHUP (may be NULL: SIGHUP is then only logged)
 * @data: passed to @on_hup
 */
void ovt_signals_watch(struct ovt_signals *s, GMainLoop *loop,
		       void (*on_hup)(gpointer data), gpointer data);

/**
 * ovt_signals_unwatch - stop handling them (the default actions return).
 * @s: the state
 */
void ovt_signals_unwatch(struct ovt_signals *s);

#endif /* OVT_SIGNALS_H */
