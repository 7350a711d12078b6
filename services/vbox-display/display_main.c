// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-display - the VirtualBox guest's X11 agent for display resize:
 * follows the host's display change requests (size, position, monitors
 * on and off, primary) with RandR, and reports the monitor positions back.
 *
 *   vbox-display [--display NAME] [--output-map MAP] [--config FILE]
 *                [--device DEV] [--pidfile PATH] [--state-file PATH]
 *                [--log-target WHERE] [-v]...
 *
 * One instance per X display; runs in the foreground until SIGINT or
 * SIGTERM, or until the X server goes away.  See vbox-display(1).
 */
#define G_LOG_DOMAIN "vbox-display"

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
#include "services/vbox-display/display_agent.h"

#define RUN_SUBDIR "open-vbox-tools"

/* [vbox-display] of the configuration file: the options' names. */
struct display_settings {
	gchar *display;
	gchar *output_map;
};

static const char *check_map(const char *value)
{
	struct display_map map;
	gboolean ok = display_map_parse(value, &map, NULL);

	if (ok)
		display_map_clear(&map);
	return ok ? NULL : "auto, number, order or NAME,NAME,...";
}

static const struct ovt_config_key display_keys[] = {
	{ "display", OVT_CONFIG_STRING,
	  offsetof(struct display_settings, display), 0, 256, NULL, NULL,
	  TRUE },
	{ "output-map", OVT_CONFIG_STRING,
	  offsetof(struct display_settings, output_map), 0, 4096, NULL,
	  check_map, FALSE },
	OVT_CONFIG_KEY_END
};

static const struct display_settings display_defaults = {
	.output_map = (gchar *)"auto",
};

struct display_options {
	struct ovt_options common;
	gchar *display;
	gchar *output_map;
	gboolean output_map_given; /* on the command line: SIGHUP keeps it */
	gchar *state_file;
	struct display_map map;
	struct display_settings settings;
	struct display_agent *agent; /* while it runs */
};

static gboolean check_options(struct display_options *o, int *exit_code)
{
	GError *error = NULL;

	if ((o->display && !o->display[0]) ||
	    (o->state_file && !o->state_file[0])) {
		g_printerr(
			"%s: --display and --state-file must not be empty (see %s --help)\n",
			g_get_prgname(), g_get_prgname());
		*exit_code = OVT_EXIT_USAGE;
		return FALSE;
	}
	if (!display_map_parse(o->output_map, &o->map, &error)) {
		g_printerr("%s: bad --output-map: %s (see %s --help)\n",
			   g_get_prgname(), error->message, g_get_prgname());
		g_error_free(error);
		*exit_code = OVT_EXIT_USAGE;
		return FALSE;
	}
	return TRUE;
}

static gboolean parse_options(struct display_options *o, int *argc,
			      char ***argv, int *exit_code)
{
	const GOptionEntry entries[] = {
		{ "display", 0, 0, G_OPTION_ARG_STRING, &o->display,
		  "The X display (else $DISPLAY)", "NAME" },
		{ "output-map", 0, 0, G_OPTION_ARG_STRING, &o->output_map,
		  "Which X output shows host display N: auto (default), number, order, or NAME,NAME,...",
		  "MAP" },
		{ "state-file", 0, 0, G_OPTION_ARG_FILENAME, &o->state_file,
		  "Keep the state file at PATH", "PATH" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *octx;
	gboolean ok;

	octx = g_option_context_new(NULL);
	g_option_context_set_summary(
		octx,
		"The VirtualBox guest agent for display resize: follows the host's\n"
		"requests for display sizes, positions and monitors on and off with\n"
		"RandR, and reports the monitor positions back to the host.");
	g_option_context_set_description(
		octx,
		"The pidfile and the state file (vboxctl status) live in\n"
		"$XDG_RUNTIME_DIR/" RUN_SUBDIR "\n"
		"(else /run/user/UID/" RUN_SUBDIR
		"), named after the X display.\n"
		"Exit status: 0 after a clean stop (SIGINT, SIGTERM), 1 when it cannot start\n"
		"or the X server went away, 2 for a usage error.  See vbox-display(1).");
	ovt_options_add(octx, &o->common, OVT_OPT_PIDFILE, "/dev/vboxuser");
	ovt_options_add_config(octx, &o->common, "vbox-display", display_keys,
			       &display_defaults, &o->settings,
			       sizeof(o->settings), TRUE);
	g_option_context_add_main_entries(octx, entries, NULL);
	ok = ovt_options_parse(octx, &o->common, argc, argv, exit_code);
	g_option_context_free(octx);
	if (!ok)
		return FALSE;
	/* the configuration, unless the command line says otherwise */
	if (!o->display && o->settings.display)
		o->display = g_strdup(o->settings.display);
	o->output_map_given = o->output_map != NULL;
	if (!o->output_map)
		o->output_map = g_strdup(o->settings.output_map);
	return check_options(o, exit_code);
}

/* $XDG_RUNTIME_DIR/open-vbox-tools, else /run/user/UID/open-vbox-tools. */
static gchar *run_dir(void)
{
	const char *xdg = g_getenv("XDG_RUNTIME_DIR");
	g_autofree gchar *base = NULL;

	if (xdg && xdg[0] == '/')
		base = g_strdup(xdg);
	else
		base = g_strdup_printf("/run/user/%u", (unsigned int)getuid());
	return g_build_filename(base, RUN_SUBDIR, NULL);
}

static gchar *run_file(const char *dir, const char *display, const char *ext)
{
	g_autofree gchar *name =
		g_strdup_printf("vbox-display@%s.%s", display, ext);

	return g_build_filename(dir, name, NULL);
}

/* The X server went away: the process exits, its pidfile goes first. */
static void release_pidfile(gpointer data)
{
	struct ovt_pidfile **pf = data;

	g_clear_pointer(pf, ovt_pidfile_release);
}

/*
 * The file's output-map, unless the command line gave one, replaces the
 * map the agent uses (it holds a pointer to o->map).  The display cannot
 * change under a running agent: a new one is for the next start.
 */
static void reload_config(struct display_options *o)
{
	struct display_map map;
	GError *error = NULL;

	if (!ovt_options_reload_config(&o->common) || o->output_map_given ||
	    !g_strcmp0(o->settings.output_map, o->output_map))
		return;
	/* The key's check accepted it; a failure here is only logged. */
	if (!display_map_parse(o->settings.output_map, &map, &error)) {
		g_warning("output-map '%s': %s (keeping '%s')",
			  o->settings.output_map, error->message,
			  o->output_map);
		g_error_free(error);
		return;
	}
	display_map_clear(&o->map);
	o->map = map;
	g_free(o->output_map);
	o->output_map = g_strdup(o->settings.output_map);
	g_message("output-map is now %s", o->output_map);
}

static void on_hup(gpointer data)
{
	struct display_options *o = data;

	reload_config(o);
	g_info("SIGHUP: reading the host's request again");
	display_agent_resync(o->agent);
}

static int run(struct display_options *o, struct display_agent *agent,
	       const char *state)
{
	struct ovt_signals signals;
	GMainLoop *loop;
	int ret;

	o->agent = agent;
	loop = g_main_loop_new(NULL, FALSE);
	ovt_signals_watch(&signals, loop, on_hup, o);
	ret = display_agent_start(agent, state);
	if (ret < 0) {
		ovt_print_error("%s", display_agent_error(agent));
		ret = OVT_EXIT_FAILURE;
		goto out;
	}
	ovt_sd_notify("READY=1");
	g_info("running on %s", display_agent_display_name(agent));
	g_main_loop_run(loop);

	ovt_sd_notify("STOPPING=1");
	display_agent_stop(agent);
	g_info("stopped");
	ret = OVT_EXIT_OK;
out:
	ovt_signals_unwatch(&signals);
	g_main_loop_unref(loop);
	return ret;
}

/* Connect to X, take the single-instance lock, run. */
static int start(struct display_options *o)
{
	struct display_agent_config cfg = {
		.device = o->common.device,
		.display = o->display,
		.map = &o->map,
	};
	g_autofree gchar *dir = run_dir();
	g_autofree gchar *pidfile = NULL;
	g_autofree gchar *state = NULL;
	struct display_agent *agent = display_agent_new(&cfg);
	struct ovt_pidfile *pf = NULL;
	int ret = OVT_EXIT_FAILURE;
	const char *name;

	if (display_agent_open_x(agent) < 0) {
		ovt_print_error("%s", display_agent_error(agent));
		goto out;
	}
	name = display_agent_display_name(agent);
	if (!o->common.pidfile && g_mkdir_with_parents(dir, 0700) < 0) {
		ovt_print_error("cannot create %s: %s", dir, g_strerror(errno));
		goto out;
	}
	pidfile = o->common.pidfile ? g_strdup(o->common.pidfile) :
				      run_file(dir, name, "pid");
	/* NULL: ovt_state's place, $XDG_RUNTIME_DIR/open-vbox-tools. */
	state = g_strdup(o->state_file);
	if (ovt_pidfile_lock(pidfile, &pf) < 0)
		goto out;
	display_agent_on_display_lost(agent, release_pidfile, &pf);
	ret = run(o, agent, state);
out:
	display_agent_free(agent);
	ovt_pidfile_release(pf);
	return ret;
}

int main(int argc, char **argv)
{
	struct display_options o;
	int exit_code;

	memset(&o, 0, sizeof(o));
	g_set_prgname("vbox-display");
	if (!parse_options(&o, &argc, &argv, &exit_code))
		goto out;
	ovt_log_setup("vbox-display", o.common.log_target, o.common.verbosity);
	exit_code = start(&o);
out:
	display_map_clear(&o.map);
	ovt_options_clear(&o.common);
	g_free(o.display);
	g_free(o.output_map);
	g_free(o.state_file);
	return exit_code;
}
