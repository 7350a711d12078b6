// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-balloon - the VirtualBox guest's system agent for memory: guest
 * statistics at the interval the host asks for, and the memory balloon.
 *
 *   vbox-balloon [--device DEV] [--proc-root DIR] [--pidfile PATH]
 *                [--log-target WHERE] [-v]...
 *
 * Runs in the foreground until SIGINT or SIGTERM; SIGHUP re-reads the
 * host's requests.  See vbox-balloon(8).
 */
#define G_LOG_DOMAIN "vbox-balloon"

#include "config.h"

#include <errno.h>
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
#define DEFAULT_PIDFILE OVT_RUNSTATEDIR "/vbox-balloon/vbox-balloon.pid"

struct balloon_options {
	struct ovt_options common;
	gchar *proc_root;
};

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
		"The default pidfile is " DEFAULT_PIDFILE ".\n"
		"Exit status: 0 after a clean stop (SIGINT, SIGTERM), 1 when it cannot start,\n"
		"2 for a usage error.  See vbox-balloon(8).");
	ovt_options_add(octx, &o->common, OVT_OPT_PIDFILE, "/dev/vboxguest");
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
	balloon_agent_resync(data);
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

static int run(const struct balloon_options *o)
{
	struct balloon_agent_config cfg = {
		.device = o->common.device,
		.proc_root = o->proc_root,
		.state = open_state(),
	};
	struct ovt_signals signals;
	struct balloon_agent *agent;
	GMainLoop *loop;
	int ret;

	loop = g_main_loop_new(NULL, FALSE);
	ovt_signals_watch(&signals, loop, on_hup, NULL);
	agent = balloon_agent_new(&cfg);
	signals.data = agent;

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
