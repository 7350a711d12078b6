// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-balloon - the VirtualBox guest's system agent for memory: guest
 * statistics at the interval the host asks for, and the memory balloon.
 *
 *   vbox-balloon [--config FILE] [--device DEV] [--proc-root DIR]
 *                [--pidfile PATH] [--log-target WHERE] [-v]...
 *
 * Runs in the foreground until SIGINT or SIGTERM; SIGHUP re-reads the
 * configuration and the host's requests.  See vbox-balloon(8).
 */
#define G_LOG_DOMAIN "vbox-balloon"

#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <glib.h>

#include "services/common/ovt_log.h"
#include "services/common/ovt_options.h"
#include "services/common/ovt_pidfile.h"
#include "services/common/ovt_sd_notify.h"
#include "services/common/ovt_signals.h"
#include "services/common/ovt_state.h"
#include "services/vbox-balloon/balloon_agent.h"

#ifndef OVT_RUNSTATEDIR
#define OVT_RUNSTATEDIR "/run"
#endif
#ifndef OVT_SYSCONFDIR
#define OVT_SYSCONFDIR "/etc"
#endif
#define DEFAULT_PIDFILE OVT_RUNSTATEDIR "/vbox-balloon/vbox-balloon.pid"

/* [vbox-balloon] of the configuration file. */
struct balloon_settings {
	gchar *proc_root;
};

static const struct ovt_config_key balloon_keys[] = {
	{ "proc-root", OVT_CONFIG_PATH,
	  offsetof(struct balloon_settings, proc_root), 0, 4096, NULL, NULL,
	  FALSE },
	OVT_CONFIG_KEY_END
};

static const struct balloon_settings balloon_defaults = {
	.proc_root = (gchar *)"/proc",
};

struct balloon_options {
	struct ovt_options common;
	gchar *proc_root; /* given on the command line, or NULL */
	struct balloon_settings settings;
	struct balloon_agent *agent;
};

/* The command line wins over the file. */
static const char *proc_root(const struct balloon_options *o)
{
	return o->proc_root ? o->proc_root : o->settings.proc_root;
}

static gboolean parse_options(struct balloon_options *o, int *argc,
			      char ***argv, int *exit_code)
{
	const GOptionEntry entries[] = {
		{ "proc-root", 0, 0, G_OPTION_ARG_FILENAME, &o->proc_root,
		  "Read the statistics below DIR instead of /proc", "DIR" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *octx;
	gboolean ok;

	octx = g_option_context_new(NULL);
	g_option_context_set_summary(
		octx,
		"The VirtualBox guest agent for memory: reports guest statistics at the\n"
		"interval the host asks for and keeps the host's memory balloon requests\n"
		"flowing to the driver.");
	g_option_context_set_description(
		octx,
		"The default pidfile is " DEFAULT_PIDFILE
		".  The configuration is [vbox-balloon] of\n"
		"FILE, else of " OVT_SYSCONFDIR
		"/open-vbox-tools/open-vbox-tools.conf.\n"
		"Exit status: 0 after a clean stop (SIGINT, SIGTERM), 1 when it cannot start,\n"
		"2 for a usage error or a bad configuration.  See vbox-balloon(8).");
	ovt_options_add(octx, &o->common, OVT_OPT_PIDFILE, "/dev/vboxguest");
	ovt_options_add_config(octx, &o->common, "vbox-balloon", balloon_keys,
			       &balloon_defaults, &o->settings,
			       sizeof(o->settings), FALSE);
	g_option_context_add_main_entries(octx, entries, NULL);
	ok = ovt_options_parse(octx, &o->common, argc, argv, exit_code);
	if (ok && o->proc_root && !o->proc_root[0]) {
		*exit_code =
			ovt_print_usage_error("--proc-root must not be empty");
		ok = FALSE;
	}
	g_option_context_free(octx);
	return ok;
}

static void on_hup(gpointer data)
{
	struct balloon_options *o = data;

	if (ovt_options_reload_config(&o->common) && !o->proc_root)
		balloon_agent_set_proc_root(o->agent, proc_root(o));
	balloon_agent_resync(o->agent);
}

/* Without a state file the agent still works; vboxctl cannot see it. */
static struct ovt_state *open_state(void)
{
	struct ovt_state *st;
	GError *error = NULL;

	st = ovt_state_open("vbox-balloon", NULL, OVT_STATE_SYSTEM, &error);
	if (!st) {
		g_warning(
			"cannot write the state file (vboxctl will not see this agent): %s",
			error->message);
		g_error_free(error);
	}
	return st;
}

static int run(struct balloon_options *o)
{
	struct balloon_agent_config cfg = {
		.device = o->common.device,
		.proc_root = proc_root(o),
		.state = open_state(),
	};
	struct ovt_signals signals;
	struct balloon_agent *agent;
	GMainLoop *loop;
	int ret;

	loop = g_main_loop_new(NULL, FALSE);
	ovt_signals_watch(&signals, loop, on_hup, o);
	agent = balloon_agent_new(&cfg);
	o->agent = agent;

	ret = balloon_agent_start(agent);
	if (ret < 0) {
		ovt_print_error("%s", balloon_agent_error(agent));
		ret = OVT_EXIT_FAILURE;
		goto out;
	}
	ovt_sd_notify("READY=1");
	g_info("running");
	g_main_loop_run(loop);

	ovt_sd_notify("STOPPING=1");
	balloon_agent_stop(agent);
	g_info("stopped");
	ret = OVT_EXIT_OK;
out:
	balloon_agent_free(agent);
	ovt_state_close(cfg.state, true);
	ovt_signals_unwatch(&signals);
	g_main_loop_unref(loop);
	return ret;
}

int main(int argc, char **argv)
{
	struct balloon_options o;
	struct ovt_pidfile *pf = NULL;
	int exit_code;

	memset(&o, 0, sizeof(o));
	g_set_prgname("vbox-balloon");
	if (!parse_options(&o, &argc, &argv, &exit_code))
		goto out;
	ovt_log_setup("vbox-balloon", o.common.log_target, o.common.verbosity);

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
	g_free(o.proc_root);
	return exit_code;
}
