// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SIGINT/SIGTERM/SIGHUP on the main loop (see ovt_signals.h).
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib.h>
#include <glib-unix.h>

#include "services/common/ovt_signals.h"

struct ovt_signal_hook {
	struct ovt_signals *s;
	int signo;
};

static gboolean on_stop(gpointer data)
{
	struct ovt_signal_hook *hook = data;
	struct ovt_signals *s = hook->s;

	g_info("stopping on %s", hook->signo == SIGINT ? "SIGINT" : "SIGTERM");
	if (!s->stop_signal)
		s->stop_signal = hook->signo;
	g_main_loop_quit(s->loop);
	return G_SOURCE_CONTINUE;
}

static gboolean on_hup(gpointer data)
{
	struct ovt_signal_hook *hook = data;
	struct ovt_signals *s = hook->s;

	g_info("SIGHUP received");
	if (s->on_hup)
		s->on_hup(s->data);
	return G_SOURCE_CONTINUE;
}

static guint add_hook(struct ovt_signals *s, int signo, GSourceFunc func)
{
	struct ovt_signal_hook *hook = g_new(struct ovt_signal_hook, 1);

	hook->s = s;
	hook->signo = signo;
	return g_unix_signal_add_full(G_PRIORITY_DEFAULT, signo, func, hook,
				      g_free);
}

void ovt_signals_watch(struct ovt_signals *s, GMainLoop *loop,
		       void (*hup)(gpointer data), gpointer data)
{
	memset(s, 0, sizeof(*s));
	s->loop = loop;
	s->on_hup = hup;
	s->data = data;
	s->sources[0] = add_hook(s, SIGINT, on_stop);
	s->sources[1] = add_hook(s, SIGTERM, on_stop);
	s->sources[2] = add_hook(s, SIGHUP, on_hup);
}

void ovt_signals_unwatch(struct ovt_signals *s)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(s->sources); i++) {
		if (s->sources[i])
			g_source_remove(s->sources[i]);
		s->sources[i] = 0;
	}
}
