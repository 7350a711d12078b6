// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-automount - mount the VirtualBox host's auto-mount shared folders
 * and follow the host's changes.
 *
 *   vbox-automount [--user] [--config FILE] [--state-file FILE]
 *                  [--device DEV] [--pidfile PATH] [--log-target WHERE] [-v]...
 *
 * System mode (root, a systemd service): mounts for everyone, with the
 * ownership and modes of the configuration.  --user: the per-user agent of
 * a login session, mounting below the user's home with the user's ids.
 * Runs in the foreground until SIGINT or SIGTERM; SIGHUP re-reads the
 * configuration (a changed one remounts the shares) and the host's
 * shares.  See vbox-automount(8).
 */
#define G_LOG_DOMAIN "vbox-automount"

#include "config.h"

#include <errno.h>
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
#include "services/vbox-automount/automount_agent.h"
#include "services/vbox-automount/automount_config.h"
#include "services/vbox-automount/automount_state.h"

#ifndef OVT_RUNSTATEDIR
#define OVT_RUNSTATEDIR "/run"
#endif
#ifndef OVT_SYSCONFDIR
#define OVT_SYSCONFDIR "/etc"
#endif
#ifndef OVT_BINDIR
#define OVT_BINDIR "/usr/bin"
#endif
#define SYSTEM_RUN_DIR OVT_RUNSTATEDIR "/vbox-automount"

struct automount_options {
	struct ovt_options common;
	gboolean user_mode;
	gchar *config;
	gchar *state_file;
	gboolean list_config_keys;
};

/* What SIGHUP works on. */
struct automount_run {
	const struct automount_options *o;
	struct automount_config *cfg; /* the agent's */
	struct automount_agent *agent;
};

static gboolean parse_options(struct automount_options *o, int *argc,
			      char ***argv, int *exit_code)
{
	const GOptionEntry entries[] = {
		{ "user", 'u', 0, G_OPTION_ARG_NONE, &o->user_mode,
		  "Run as the per-user agent of a login session", NULL },
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &o->config,
		  "Read the configuration from FILE only", "FILE" },
		{ "state-file", 0, 0, G_OPTION_ARG_FILENAME, &o->state_file,
		  "Keep the state for vboxctl in FILE", "FILE" },
		{ "list-config-keys", 0, G_OPTION_FLAG_HIDDEN,
		  G_OPTION_ARG_NONE, &o->list_config_keys,
		  "Print KEY=DEFAULT for every configuration key and exit",
		  NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *octx;
	gboolean ok;

	octx = g_option_context_new(NULL);
	g_option_context_set_summary(
		octx,
		"Mounts the shared folders the VirtualBox host marks for auto-mounting\n"
		"(through vboxsf-fuse) and follows the host's changes.");
	g_option_context_set_description(
		octx,
		"System mode reads [vbox-automount] of " OVT_SYSCONFDIR
		"/open-vbox-tools/open-vbox-tools.conf;\n"
		"--user reads [vbox-automount-user] of it and of\n"
		"$XDG_CONFIG_HOME/open-vbox-tools/open-vbox-tools.conf.  The pidfile lives in\n" SYSTEM_RUN_DIR
		"\n"
		"(--user: $XDG_RUNTIME_DIR/vbox-automount), the state file in\n" OVT_RUNSTATEDIR
		"/open-vbox-tools ($OVT_RUNSTATE_DIR; --user:\n"
		"$XDG_RUNTIME_DIR/open-vbox-tools).\n"
		"Exit status: 0 after a clean stop (SIGINT, SIGTERM), 1 when it cannot start,\n"
		"2 for a usage error or a bad configuration.  See vbox-automount(8).");
	ovt_options_add(octx, &o->common, OVT_OPT_PIDFILE, "/dev/vboxguest");
	g_option_context_add_main_entries(octx, entries, NULL);
	ok = ovt_options_parse(octx, &o->common, argc, argv, exit_code);
	if (ok && ((o->config && !o->config[0]) ||
		   (o->state_file && !o->state_file[0]))) {
		*exit_code = ovt_print_usage_error(
			"--config and --state-file must not be empty");
		ok = FALSE;
	}
	g_option_context_free(octx);
	return ok;
}

static gchar *run_dir(gboolean user_mode)
{
	if (user_mode)
		return g_build_filename(g_get_user_runtime_dir(),
					"vbox-automount", NULL);
	return g_strdup(SYSTEM_RUN_DIR);
}

static gboolean load_config(const struct automount_options *o,
			    struct automount_config *cfg, gboolean reload);

static void on_hup(gpointer data)
{
	struct automount_run *run = data;
	struct automount_config *next = g_new0(struct automount_config, 1);

	g_info("SIGHUP: reading the configuration and the host's shares again");
	if (load_config(run->o, next, TRUE)) {
		automount_agent_reconfigure(run->agent, next);
		automount_config_clear(run->cfg);
		g_free(run->cfg);
		run->cfg = next;
	} else {
		automount_config_clear(next);
		g_free(next);
	}
	automount_agent_rescan(run->agent);
}

static struct ovt_state *open_state(const struct automount_options *o)
{
	struct ovt_state *st;
	GError *error = NULL;

	if (o->state_file)
		st = ovt_state_open_path(AUTOMOUNT_AGENT_NAME, NULL,
					 o->state_file, &error);
	else
		st = ovt_state_open(AUTOMOUNT_AGENT_NAME, NULL,
				    o->user_mode ? OVT_STATE_SESSION :
						   OVT_STATE_SYSTEM,
				    &error);
	if (!st) {
		g_warning(
			"cannot write the state file (vboxctl will not see this agent): %s",
			error->message);
		g_error_free(error);
	}
	return st;
}

static int run(struct automount_run *r, struct ovt_state *state)
{
	const struct automount_options *o = r->o;
	struct automount_agent_config acfg = {
		.device = o->common.device,
		.cfg = r->cfg,
		.state = state,
	};
	struct automount_agent *agent;
	struct ovt_signals signals;
	GMainLoop *loop;
	int ret;

	loop = g_main_loop_new(NULL, FALSE);
	ovt_signals_watch(&signals, loop, on_hup, r);
	agent = automount_agent_new(&acfg);
	r->agent = agent;

	ret = automount_agent_start(agent);
	if (ret < 0) {
		ovt_print_error("%s", automount_agent_error(agent));
		automount_agent_stop(agent);
		ret = OVT_EXIT_FAILURE;
		goto out;
	}
	ovt_sd_notify("READY=1");
	g_info("running (%s mode, mounting below %s)",
	       r->cfg->user_mode ? "per-user" : "system", r->cfg->mount_dir);
	g_main_loop_run(loop);

	ovt_sd_notify("STOPPING=1");
	automount_agent_stop(agent);
	g_info("stopped");
	ret = OVT_EXIT_OK;
out:
	automount_agent_free(agent);
	ovt_signals_unwatch(&signals);
	g_main_loop_unref(loop);
	return ret;
}

/* At start a bad file stops the agent; on SIGHUP the old one stays. */
static gboolean load_config(const struct automount_options *o,
			    struct automount_config *cfg, gboolean reload)
{
	GError *error = NULL;

	if (!automount_config_load(cfg, o->user_mode, o->config, OVT_SYSCONFDIR,
				   OVT_BINDIR "/vboxsf-fuse", &error)) {
		if (reload)
			g_warning("%s (keeping the previous settings)",
				  error->message);
		else
			ovt_print_error("%s", error->message);
		g_error_free(error);
		return FALSE;
	}
	if (cfg->group_warning)
		g_warning("%s", cfg->group_warning);
	return TRUE;
}

int main(int argc, char **argv)
{
	struct automount_options o;
	struct automount_run r = { .o = &o };
	struct ovt_pidfile *pf = NULL;
	g_autofree gchar *dir = NULL;
	g_autofree gchar *pidfile = NULL;
	struct ovt_state *state = NULL;
	int exit_code = OVT_EXIT_FAILURE;

	memset(&o, 0, sizeof(o));
	r.cfg = g_new0(struct automount_config, 1);
	g_set_prgname("vbox-automount");
	if (!parse_options(&o, &argc, &argv, &exit_code))
		goto out;
	if (o.list_config_keys) {
		automount_config_list_keys(o.user_mode,
					   OVT_BINDIR "/vboxsf-fuse");
		exit_code = OVT_EXIT_OK;
		goto out;
	}
	exit_code = OVT_EXIT_FAILURE;
	ovt_log_setup("vbox-automount", o.common.log_target,
		      o.common.verbosity);
	if (!o.user_mode && geteuid() != 0) {
		ovt_print_error(
			"the system mode needs root (use --user for the per-user agent)");
		goto out;
	}
	if (!load_config(&o, r.cfg, FALSE)) {
		exit_code = OVT_EXIT_USAGE;
		goto out;
	}
	dir = run_dir(o.user_mode);
	if (!o.common.pidfile &&
	    g_mkdir_with_parents(dir, o.user_mode ? 0700 : 0755) < 0) {
		ovt_print_error("cannot create %s: %s", dir, g_strerror(errno));
		goto out;
	}
	pidfile = o.common.pidfile ?
			  g_strdup(o.common.pidfile) :
			  g_build_filename(dir, "vbox-automount.pid", NULL);
	if (ovt_pidfile_lock(pidfile, &pf) < 0)
		goto out;
	state = open_state(&o);
	exit_code = run(&r, state);
out:
	ovt_state_close(state, TRUE);
	ovt_pidfile_release(pf);
	automount_config_clear(r.cfg);
	g_free(r.cfg);
	ovt_options_clear(&o.common);
	g_free(o.config);
	g_free(o.state_file);
	return exit_code;
}
