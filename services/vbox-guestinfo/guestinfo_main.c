// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-guestinfo - the VirtualBox guest's system agent that tells the host
 * about the guest through guest properties, as VBoxService's VMInfo does:
 * the OS, the additions version, the logged-in users and the network
 * interfaces.
 *
 *   vbox-guestinfo [--config FILE] [--device DEV] [--interval SECONDS]
 *                  [--utmp PATH] [--pidfile PATH] [--log-target WHERE] [-v]...
 *
 * Runs in the foreground until SIGINT or SIGTERM; SIGHUP re-reads the
 * configuration (a new interval applies at once) and runs a cycle.  See vbox-guestinfo(8).
 */
#define G_LOG_DOMAIN "vbox-guestinfo"

#include "config.h"

#include <stddef.h>
#include <string.h>

#include <glib.h>
#include <utmpx.h>

#include "services/common/ovt_log.h"
#include "services/common/ovt_options.h"
#include "services/common/ovt_pidfile.h"
#include "services/common/ovt_sd_notify.h"
#include "services/common/ovt_signals.h"
#include "services/vbox-guestinfo/guestinfo_agent.h"

#ifndef OVT_RUNSTATEDIR
#define OVT_RUNSTATEDIR "/run"
#endif
#define DEFAULT_PIDFILE OVT_RUNSTATEDIR "/vbox-guestinfo/vbox-guestinfo.pid"

#ifndef OVT_SYSCONFDIR
#define OVT_SYSCONFDIR "/etc"
#endif

/* [vbox-guestinfo] of the configuration file. */
struct guestinfo_settings {
	gint64 interval;
	gchar *utmp;
};

static const struct ovt_config_key guestinfo_keys[] = {
	{ "interval", OVT_CONFIG_INT,
	  offsetof(struct guestinfo_settings, interval), 1,
	  GUESTINFO_MAX_INTERVAL_S, NULL, NULL, FALSE },
	{ "utmp", OVT_CONFIG_PATH, offsetof(struct guestinfo_settings, utmp), 0,
	  4096, NULL, NULL, FALSE },
	OVT_CONFIG_KEY_END
};

static const struct guestinfo_settings guestinfo_defaults = {
	.interval = GUESTINFO_DEFAULT_INTERVAL_S,
	.utmp = (gchar *)_PATH_UTMPX,
};

/* --interval not given. */
#define INTERVAL_UNSET G_MININT

struct guestinfo_options {
	struct ovt_options common;
	gint interval; /* the command line's, or INTERVAL_UNSET */
	gchar *utmp;   /* the command line's, or NULL */
	struct guestinfo_settings settings;
	struct guestinfo_agent *agent;
};

/* The command line wins over the file. */
static unsigned int interval(const struct guestinfo_options *o)
{
	return o->interval != INTERVAL_UNSET ?
		       (unsigned int)o->interval :
		       (unsigned int)o->settings.interval;
}

static gboolean check_options(struct guestinfo_options *o, int *exit_code)
{
	if (o->interval != INTERVAL_UNSET &&
	    (o->interval < 1 || o->interval > (gint)GUESTINFO_MAX_INTERVAL_S)) {
		*exit_code = ovt_print_usage_error(
			"--interval must be 1 to %u seconds",
			GUESTINFO_MAX_INTERVAL_S);
		return FALSE;
	}
	if (o->utmp && !o->utmp[0]) {
		*exit_code = ovt_print_usage_error("--utmp must not be empty");
		return FALSE;
	}
	return TRUE;
}

static gboolean parse_options(struct guestinfo_options *o, int *argc,
			      char ***argv, int *exit_code)
{
	const GOptionEntry entries[] = {
		{ "interval", 'i', 0, G_OPTION_ARG_INT, &o->interval,
		  "Rewrite the beacon and look for changes every SECONDS (default 10)",
		  "SECONDS" },
		{ "utmp", 0, 0, G_OPTION_ARG_FILENAME, &o->utmp,
		  "The utmp file to read and watch for logins (default " _PATH_UTMPX
		  ")",
		  "PATH" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *octx;
	gboolean ok;

	o->interval = INTERVAL_UNSET;
	octx = g_option_context_new(NULL);
	g_option_context_set_summary(
		octx,
		"The VirtualBox guest agent that tells the host about the guest through\n"
		"guest properties: OS, additions version, logged-in users, network.");
	g_option_context_set_description(
		octx,
		"The default pidfile is " DEFAULT_PIDFILE
		".  The configuration is [vbox-guestinfo]\n"
		"of FILE, else of " OVT_SYSCONFDIR
		"/open-vbox-tools/open-vbox-tools.conf.\n"
		"Exit status: 0 after a clean stop (SIGINT, SIGTERM), 1 when it cannot start,\n"
		"2 for a usage error or a bad configuration.  See vbox-guestinfo(8).");
	ovt_options_add(octx, &o->common, OVT_OPT_PIDFILE, "/dev/vboxguest");
	ovt_options_add_config(octx, &o->common, "vbox-guestinfo",
			       guestinfo_keys, &guestinfo_defaults,
			       &o->settings, sizeof(o->settings), FALSE);
	g_option_context_add_main_entries(octx, entries, NULL);
	ok = ovt_options_parse(octx, &o->common, argc, argv, exit_code) &&
	     check_options(o, exit_code);
	g_option_context_free(octx);
	return ok;
}

static void on_hup(gpointer data)
{
	struct guestinfo_options *o = data;

	/* utmp is watched from the start: a new one applies after a restart */
	if (ovt_options_reload_config(&o->common))
		guestinfo_agent_set_interval(o->agent, interval(o));
	guestinfo_agent_refresh(o->agent);
}

static int run(struct guestinfo_options *o)
{
	struct guestinfo_agent_config cfg = {
		.device = o->common.device,
		.interval_s = interval(o),
		.utmp_path = o->utmp ? o->utmp : o->settings.utmp,
	};
	struct ovt_signals signals;
	struct guestinfo_agent *agent;
	GMainLoop *loop;
	int ret;

	loop = g_main_loop_new(NULL, FALSE);
	ovt_signals_watch(&signals, loop, on_hup, o);
	agent = guestinfo_agent_new(&cfg);
	o->agent = agent;

	ret = guestinfo_agent_start(agent);
	if (ret < 0) {
		ovt_print_error("%s", guestinfo_agent_error(agent));
		ret = OVT_EXIT_FAILURE;
		goto out;
	}
	ovt_sd_notify("READY=1");
	g_info("running");
	g_main_loop_run(loop);

	ovt_sd_notify("STOPPING=1");
	guestinfo_agent_stop(agent);
	g_info("stopped");
	ret = OVT_EXIT_OK;
out:
	guestinfo_agent_free(agent);
	ovt_signals_unwatch(&signals);
	g_main_loop_unref(loop);
	return ret;
}

int main(int argc, char **argv)
{
	struct guestinfo_options o;
	struct ovt_pidfile *pf = NULL;
	int exit_code;

	memset(&o, 0, sizeof(o));
	g_set_prgname("vbox-guestinfo");
	if (!parse_options(&o, &argc, &argv, &exit_code))
		goto out;
	ovt_log_setup("vbox-guestinfo", o.common.log_target,
		      o.common.verbosity);

	if (ovt_pidfile_lock(o.common.pidfile ? o.common.pidfile :
						DEFAULT_PIDFILE,
			     &pf) < 0) {
		exit_code = OVT_EXIT_FAILURE;
		goto out;
	}
	exit_code = run(&o);
out:
	ovt_pidfile_release(pf);
	ovt_options_clear(&o.common);
	g_free(o.utmp);
	return exit_code;
}
