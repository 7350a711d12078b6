// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-seamless - the VirtualBox guest's seamless mode agent for one X
 * display: while the host asks for seamless mode, it tells the host which
 * parts of the screen the guest's windows cover.
 *
 *   vbox-seamless [--display DISPLAY] [--config FILE] [--device DEV]
 *                 [--pidfile PATH] [--log-target WHERE] [-v]...
 *
 * Runs in the foreground until SIGINT or SIGTERM, or until the X server
 * goes away (exit status 1); SIGHUP reads the host's mode again and sends
 * the region anew.  See vbox-seamless(1).
 */
#define G_LOG_DOMAIN "vbox-seamless"

#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "services/common/ovt_log.h"
#include "services/common/ovt_options.h"
#include "services/common/ovt_pidfile.h"
#include "services/common/ovt_sd_notify.h"
#include "services/common/ovt_signals.h"
#include "services/common/ovt_state.h"
#include "services/vbox-seamless/seamless_agent.h"

/* [vbox-seamless] of the configuration file: the options' names. */
struct seamless_settings {
	gchar *display;
};

static const struct ovt_config_key seamless_keys[] = {
	{ "display", OVT_CONFIG_STRING,
	  offsetof(struct seamless_settings, display), 0, 256, NULL, NULL,
	  TRUE },
	OVT_CONFIG_KEY_END
};

static const struct seamless_settings seamless_defaults = { NULL };

struct seamless_options {
	struct ovt_options common;
	gchar *display;
	struct seamless_settings settings;
};

/* What the process holds that a lost X server must not leave behind. */
struct seamless_run {
	struct seamless_agent *agent;
	struct ovt_pidfile *pidfile;
};

static gboolean parse_options(struct seamless_options *o, int *argc,
			      char ***argv, int *exit_code)
{
	const GOptionEntry entries[] = {
		{ "display", 0, 0, G_OPTION_ARG_STRING, &o->display,
		  "The X display (default: $DISPLAY)", "DISPLAY" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *octx;
	gboolean ok;

	octx = g_option_context_new(NULL);
	g_option_context_set_summary(
		octx,
		"The VirtualBox guest agent for seamless mode, one per X display: while the\n"
		"host asks for seamless mode it sends the host the region the guest's\n"
		"windows cover, after every change.");
	g_option_context_set_description(
		octx,
		"The pidfile and the state file are in $XDG_RUNTIME_DIR/open-vbox-tools/, named\n"
		"after the display.\n"
		"Exit status: 0 after a clean stop (SIGINT, SIGTERM) or in a Wayland session,\n"
		"1 when it cannot start or the X server went away, 2 for a usage error.\n"
		"See vbox-seamless(1).");
	ovt_options_add(octx, &o->common, OVT_OPT_PIDFILE, "/dev/vboxuser");
	ovt_options_add_config(octx, &o->common, "vbox-seamless", seamless_keys,
			       &seamless_defaults, &o->settings,
			       sizeof(o->settings), TRUE);
	g_option_context_add_main_entries(octx, entries, NULL);
	ok = ovt_options_parse(octx, &o->common, argc, argv, exit_code);
	/* the configuration, unless the command line says otherwise */
	if (ok && !o->display && o->settings.display)
		o->display = g_strdup(o->settings.display);
	if (ok && o->display && !o->display[0]) {
		g_printerr("%s: --display must not be empty (see %s --help)\n",
			   g_get_prgname(), g_get_prgname());
		*exit_code = OVT_EXIT_USAGE;
		ok = FALSE;
	}
	g_option_context_free(octx);
	return ok;
}

static void on_hup(gpointer data)
{
	seamless_agent_resync(data);
}

static void on_display_lost(gpointer data)
{
	struct seamless_run *run = data;

	g_clear_pointer(&run->pidfile, ovt_pidfile_release);
}

/* $XDG_RUNTIME_DIR/open-vbox-tools, else /run/user/UID/open-vbox-tools. */
static char *runtime_dir(void)
{
	const char *env = g_getenv("XDG_RUNTIME_DIR");

	if (env && env[0])
		return g_build_filename(env, "open-vbox-tools", NULL);
	return g_strdup_printf("/run/user/%u/open-vbox-tools",
			       (unsigned int)getuid());
}

/* The pidfile: vbox-seamless@DISPLAY.pid in the runtime dir, or as given. */
static int take_files(struct seamless_run *run,
		      const struct seamless_options *o)
{
	g_autofree char *dir = runtime_dir();
	g_autofree char *key =
		ovt_state_display_instance(seamless_agent_display(run->agent));
	g_autofree char *pid_path = NULL;

	if (g_mkdir(dir, 0700) < 0 && errno != EEXIST) {
		int err = errno;

		ovt_print_error("cannot create %s: %s", dir, g_strerror(err));
		return -err;
	}
	pid_path = o->common.pidfile ?
			   g_strdup(o->common.pidfile) :
			   g_strdup_printf("%s/vbox-seamless@%s.pid", dir, key);
	if (ovt_pidfile_lock(pid_path, &run->pidfile) < 0)
		return -EBUSY;
	seamless_agent_on_display_lost(run->agent, on_display_lost, run);
	return 0;
}

static int run_agent(const struct seamless_options *o)
{
	struct seamless_agent_config cfg = {
		.device = o->common.device,
		.display = o->display,
	};
	struct seamless_run run = { NULL, NULL };
	struct ovt_signals signals;
	GMainLoop *loop;
	int ret = OVT_EXIT_FAILURE;

	loop = g_main_loop_new(NULL, FALSE);
	run.agent = seamless_agent_new(&cfg);
	ovt_signals_watch(&signals, loop, on_hup, run.agent);
	if (seamless_agent_open_display(run.agent) < 0) {
		ovt_print_error("%s", seamless_agent_error(run.agent));
		goto out;
	}
	if (take_files(&run, o) < 0)
		goto out;
	if (seamless_agent_start(run.agent) < 0) {
		ovt_print_error("%s", seamless_agent_error(run.agent));
		goto out;
	}
	ovt_sd_notify("READY=1");
	g_info("running on display %s", seamless_agent_display(run.agent));
	g_main_loop_run(loop);

	ovt_sd_notify("STOPPING=1");
	seamless_agent_stop(run.agent);
	g_info("stopped");
	ret = OVT_EXIT_OK;
out:
	ovt_signals_unwatch(&signals);
	seamless_agent_free(run.agent);
	ovt_pidfile_release(run.pidfile);
	g_main_loop_unref(loop);
	return ret;
}

int main(int argc, char **argv)
{
	struct seamless_options o;
	int exit_code;

	memset(&o, 0, sizeof(o));
	g_set_prgname("vbox-seamless");
	if (!parse_options(&o, &argc, &argv, &exit_code))
		goto out;
	ovt_log_setup("vbox-seamless", o.common.log_target, o.common.verbosity);
	/* Seamless mode needs to see every window: X11 sessions only. */
	if (!g_strcmp0(g_getenv("XDG_SESSION_TYPE"), "wayland")) {
		g_message(
			"a Wayland session: seamless mode works in X11 sessions only");
		exit_code = OVT_EXIT_OK;
		goto out;
	}
	exit_code = run_agent(&o);
out:
	ovt_options_clear(&o.common);
	g_free(o.display);
	return exit_code;
}
