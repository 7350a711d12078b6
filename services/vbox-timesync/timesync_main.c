// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-timesync - keeps the VirtualBox guest's clock to the host's.
 *
 *   vbox-timesync [--interval S] [--min-adjust MS] [--latency-factor N]
 *                 [--max-latency MS] [--set-threshold MS] [--set-start]
 *                 [--no-set-on-restore] [--force] [--config FILE]
 *                 [--device DEV] ...
 *
 * Runs in the foreground until SIGINT or SIGTERM; SIGHUP re-reads the
 * configuration and takes a sample at once.  See vbox-timesync(8).
 */
#define G_LOG_DOMAIN "vbox-timesync"

#include "config.h"

#include <stddef.h>
#include <string.h>

#include <glib.h>

#include "services/common/ovt_log.h"
#include "services/common/ovt_options.h"
#include "services/common/ovt_pidfile.h"
#include "services/common/ovt_sd_notify.h"
#include "services/common/ovt_signals.h"
#include "services/vbox-timesync/timesync_agent.h"

#ifndef OVT_RUNSTATEDIR
#define OVT_RUNSTATEDIR "/run"
#endif
#define DEFAULT_PIDFILE OVT_RUNSTATEDIR "/vbox-timesync/vbox-timesync.pid"

#ifndef OVT_SYSCONFDIR
#define OVT_SYSCONFDIR "/etc"
#endif

/* [vbox-timesync] of the configuration file: the options' names. */
struct ts_settings {
	gint64 interval; /* seconds */
	gint64 min_adjust, latency_factor, max_latency, set_threshold;
	gboolean set_start, set_on_restore, force;
};

#define TS_KEY(name, type, field, lo, hi)                                      \
	{                                                                      \
		name, type, offsetof(struct ts_settings, field), lo, hi, NULL, \
			NULL, FALSE                                            \
	}

static const struct ovt_config_key ts_keys[] = {
	TS_KEY("interval", OVT_CONFIG_INT, interval, 1, UINT32_MAX / 1000),
	TS_KEY("min-adjust", OVT_CONFIG_INT, min_adjust, 0,
	       TS_MAX_MIN_ADJUST_MS),
	TS_KEY("latency-factor", OVT_CONFIG_INT, latency_factor, 1,
	       TS_MAX_LATENCY_FACTOR),
	TS_KEY("max-latency", OVT_CONFIG_INT, max_latency, 1,
	       TS_MAX_MAX_LATENCY_MS),
	TS_KEY("set-threshold", OVT_CONFIG_INT, set_threshold, 0,
	       TS_MAX_SET_THRESHOLD_MS),
	TS_KEY("set-start", OVT_CONFIG_BOOL, set_start, 0, 0),
	TS_KEY("set-on-restore", OVT_CONFIG_BOOL, set_on_restore, 0, 0),
	TS_KEY("force", OVT_CONFIG_BOOL, force, 0, 0),
	OVT_CONFIG_KEY_END
};

static const struct ts_settings ts_defaults = {
	.interval = TS_DEFAULT_INTERVAL_MS / 1000,
	.min_adjust = TS_DEFAULT_MIN_ADJUST_MS,
	.latency_factor = TS_DEFAULT_LATENCY_FACTOR,
	.max_latency = TS_DEFAULT_MAX_LATENCY_MS,
	.set_threshold = TS_DEFAULT_SET_THRESHOLD_MS,
	.set_start = TRUE, /* VBoxService: FALSE (see vbox-timesync(8)) */
	.set_on_restore = TRUE,
	.force = FALSE,
};

struct ts_options {
	struct ovt_options common;
	struct ts_settings settings;
	struct ts_agent *agent;
	gint64 interval_s, interval_ms, min_adjust, factor, max_latency;
	gint64 threshold, slew_ppm;
	gboolean set_start, no_set_start, set_on_restore, no_set_on_restore;
	gboolean force;
	gchar *sim_clock;
	gchar *root;
};

#define UNSET (-1)

static const char summary[] =
	"Keeps the VirtualBox guest's clock to the host's: reads the host's clock\n"
	"every interval, slews the guest clock for small offsets and steps it for\n"
	"large ones, at start and after the VM was restored.\n"
	"Stands down while another time service (chronyd, ntpd,\n"
	"systemd-timesyncd) synchronises the clock.";

/* The options, each also under VBoxService's --timesync-* name (hidden). */
#define TS_OPT(name, arg, var, help, desc)                                 \
	{ name, 0, 0, arg, var, help, desc },                              \
	{                                                                  \
		"timesync-" name, 0, G_OPTION_FLAG_HIDDEN, arg, var, help, \
			desc                                               \
	}

static void add_entries(GOptionContext *octx, struct ts_options *o)
{
	const GOptionEntry entries[] = {
		{ "interval", 0, 0, G_OPTION_ARG_INT64, &o->interval_s,
		  "Read the host's clock every S seconds (10)", "S" },
		{ "timesync-interval", 0, G_OPTION_FLAG_HIDDEN,
		  G_OPTION_ARG_INT64, &o->interval_ms,
		  "The interval in ms (VBoxService's spelling)", "MS" },
		TS_OPT("min-adjust", G_OPTION_ARG_INT64, &o->min_adjust,
		       "Leave offsets up to MS alone (100)", "MS"),
		TS_OPT("latency-factor", G_OPTION_ARG_INT64, &o->factor,
		       "Round trip factor of the minimum adjustment and of the latency filter (8)",
		       "N"),
		TS_OPT("max-latency", G_OPTION_ARG_INT64, &o->max_latency,
		       "Discard samples whose round trip is above MS (250)",
		       "MS"),
		TS_OPT("set-threshold", G_OPTION_ARG_INT64, &o->threshold,
		       "Step instead of slewing above MS (1200000: 20 min)",
		       "MS"),
		TS_OPT("set-start", G_OPTION_ARG_NONE, &o->set_start,
		       "Step the clock at the first sample (the default)",
		       NULL),
		TS_OPT("no-set-start", G_OPTION_ARG_NONE, &o->no_set_start,
		       "Slew at start too, as VBoxService does by default",
		       NULL),
		TS_OPT("set-on-restore", G_OPTION_ARG_NONE, &o->set_on_restore,
		       "Step the clock after a restore (the default)", NULL),
		TS_OPT("no-set-on-restore", G_OPTION_ARG_NONE,
		       &o->no_set_on_restore, "Slew after a restore too", NULL),
		{ "force", 0, 0, G_OPTION_ARG_NONE, &o->force,
		  "Do not stand down for another time service", NULL },
		{ "simulated-clock", 0, 0, G_OPTION_ARG_FILENAME, &o->sim_clock,
		  "For tests: keep a simulated clock, its state in FILE, not the system clock",
		  "FILE" },
		{ "simulated-slew-rate", 0, 0, G_OPTION_ARG_INT64, &o->slew_ppm,
		  "For tests: the simulated clock slews PPM ns per ms (500)",
		  "PPM" },
		{ "time-service-root", 0, G_OPTION_FLAG_HIDDEN,
		  G_OPTION_ARG_FILENAME, &o->root,
		  "For tests: look for time daemons' files below DIR", "DIR" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};

	g_option_context_add_main_entries(octx, entries, NULL);
}

static gboolean take(gint64 v, gint64 lo, gint64 hi, const char *name,
		     uint32_t *out, int *exit_code)
{
	if (v == UNSET)
		return TRUE;
	if (v < lo || v > hi) {
		*exit_code = ovt_print_usage_error(
			"--%s must be between %" G_GINT64_FORMAT
			" and %" G_GINT64_FORMAT,
			name, lo, hi);
		return FALSE;
	}
	*out = (uint32_t)v;
	return TRUE;
}

/* The settings the configuration file sets are not the host's to change. */
static uint32_t file_given(const struct ts_options *o)
{
	static const struct {
		const char *key;
		uint32_t bit;
	} keys[] = {
		{ "interval", TS_GIVEN_INTERVAL },
		{ "min-adjust", TS_GIVEN_MIN_ADJUST },
		{ "latency-factor", TS_GIVEN_LATENCY_FACTOR },
		{ "max-latency", TS_GIVEN_MAX_LATENCY },
		{ "set-threshold", TS_GIVEN_SET_THRESHOLD },
		{ "set-start", TS_GIVEN_SET_START },
		{ "set-on-restore", TS_GIVEN_SET_ON_RESTORE },
	};
	uint32_t given = 0;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(keys); i++)
		if (ovt_options_config_has(&o->common, keys[i].key))
			given |= keys[i].bit;
	return given;
}

static gboolean check_values(struct ts_options *o, struct ts_config *cfg,
			     uint32_t *slew_ppm, int *exit_code)
{
	const struct ts_settings *s = &o->settings;
	uint32_t secs = 0;

	/* the file's values (checked when read), then the command line's */
	ts_config_defaults(cfg);
	cfg->interval_ms = (uint32_t)s->interval * 1000;
	cfg->min_adjust_ms = (uint32_t)s->min_adjust;
	cfg->latency_factor = (uint32_t)s->latency_factor;
	cfg->max_latency_ms = (uint32_t)s->max_latency;
	cfg->set_threshold_ms = (uint32_t)s->set_threshold;
	*slew_ppm = TS_KERNEL_SLEW_PPM;
	if (!take(o->interval_s, 1, UINT32_MAX / 1000, "interval", &secs,
		  exit_code) ||
	    !take(o->interval_ms, TS_MIN_INTERVAL_MS, UINT32_MAX - 1,
		  "timesync-interval", &cfg->interval_ms, exit_code) ||
	    !take(o->min_adjust, 0, TS_MAX_MIN_ADJUST_MS, "min-adjust",
		  &cfg->min_adjust_ms, exit_code) ||
	    !take(o->factor, 1, TS_MAX_LATENCY_FACTOR, "latency-factor",
		  &cfg->latency_factor, exit_code) ||
	    !take(o->max_latency, 1, TS_MAX_MAX_LATENCY_MS, "max-latency",
		  &cfg->max_latency_ms, exit_code) ||
	    !take(o->threshold, 0, TS_MAX_SET_THRESHOLD_MS, "set-threshold",
		  &cfg->set_threshold_ms, exit_code) ||
	    !take(o->slew_ppm, 1, TS_MAX_SIM_SLEW_PPM, "simulated-slew-rate",
		  slew_ppm, exit_code))
		return FALSE;
	if (secs)
		cfg->interval_ms = secs * 1000;
	/* What was given here or in the file is not the host's to change. */
	cfg->given =
		file_given(o) |
		(o->interval_s != UNSET || o->interval_ms != UNSET ?
			 TS_GIVEN_INTERVAL :
			 0) |
		(o->min_adjust != UNSET ? TS_GIVEN_MIN_ADJUST : 0) |
		(o->factor != UNSET ? TS_GIVEN_LATENCY_FACTOR : 0) |
		(o->max_latency != UNSET ? TS_GIVEN_MAX_LATENCY : 0) |
		(o->threshold != UNSET ? TS_GIVEN_SET_THRESHOLD : 0) |
		(o->set_start || o->no_set_start ? TS_GIVEN_SET_START : 0) |
		(o->set_on_restore || o->no_set_on_restore ?
			 TS_GIVEN_SET_ON_RESTORE :
			 0);
	if ((o->set_start && o->no_set_start) ||
	    (o->set_on_restore && o->no_set_on_restore)) {
		*exit_code = ovt_print_usage_error(
			"--set-start and --set-on-restore cannot be given with their --no- forms");
		return FALSE;
	}
	cfg->set_start = o->set_start || (s->set_start && !o->no_set_start);
	cfg->set_on_restore = o->set_on_restore ||
			      (s->set_on_restore && !o->no_set_on_restore);
	cfg->force = o->force || s->force;
	if ((o->sim_clock && !o->sim_clock[0]) || (o->root && !o->root[0])) {
		*exit_code = ovt_print_usage_error("empty file name");
		return FALSE;
	}
	return TRUE;
}

static gboolean parse_options(struct ts_options *o, struct ts_config *cfg,
			      uint32_t *slew_ppm, int *argc, char ***argv,
			      int *exit_code)
{
	GOptionContext *octx;
	gboolean ok;

	octx = g_option_context_new(NULL);
	g_option_context_set_summary(octx, summary);
	g_option_context_set_description(
		octx,
		"The default pidfile is " DEFAULT_PIDFILE
		".  The --timesync-* spellings of\n"
		"VBoxService are accepted too (--timesync-interval takes ms).\n"
		"Exit status: 0 after a clean stop (SIGINT, SIGTERM), 1 when it cannot start,\n"
		"2 for a usage error or a bad configuration.  The configuration is\n"
		"[vbox-timesync] of FILE, else of " OVT_SYSCONFDIR
		"/open-vbox-tools/open-vbox-tools.conf.\n"
		"See vbox-timesync(8).");
	ovt_options_add(octx, &o->common, OVT_OPT_PIDFILE, "/dev/vboxguest");
	ovt_options_add_config(octx, &o->common, "vbox-timesync", ts_keys,
			       &ts_defaults, &o->settings, sizeof(o->settings),
			       FALSE);
	add_entries(octx, o);
	ok = ovt_options_parse(octx, &o->common, argc, argv, exit_code) &&
	     check_values(o, cfg, slew_ppm, exit_code);
	g_option_context_free(octx);
	return ok;
}

static void on_hup(gpointer data)
{
	struct ts_options *o = data;
	struct ts_config cfg;
	uint32_t slew_ppm;
	int exit_code;

	/* the command line was checked at start: only the file can be bad */
	if (ovt_options_reload_config(&o->common) &&
	    check_values(o, &cfg, &slew_ppm, &exit_code))
		ts_agent_set_config(o->agent, &cfg);
	ts_agent_sample_now(o->agent);
}

static int run(struct ts_options *o, const struct ts_config *cfg,
	       uint32_t slew_ppm)
{
	const char *root = o->root ? o->root : "/";
	struct ovt_signals signals;
	struct ts_agent *agent;
	struct ts_clock *clock;
	GError *error = NULL;
	GMainLoop *loop;
	int ret;

	if (o->sim_clock) {
		clock = ts_clock_sim_new(o->sim_clock, slew_ppm, root, &error);
		if (!clock) {
			ovt_print_error("%s", error->message);
			g_error_free(error);
			return OVT_EXIT_FAILURE;
		}
	} else {
		clock = ts_clock_system_new(root);
	}
	loop = g_main_loop_new(NULL, FALSE);
	ovt_signals_watch(&signals, loop, on_hup, o);
	agent = ts_agent_new(o->common.device, cfg, clock);
	o->agent = agent;

	ret = ts_agent_start(agent);
	if (ret < 0) {
		ovt_print_error("%s", ts_agent_error(agent));
		ret = OVT_EXIT_FAILURE;
		goto out;
	}
	ovt_sd_notify("READY=1");
	g_info("running: interval %u ms, min-adjust %u ms, latency factor %u, max latency %u ms, set threshold %u ms",
	       cfg->interval_ms, cfg->min_adjust_ms, cfg->latency_factor,
	       cfg->max_latency_ms, cfg->set_threshold_ms);
	g_main_loop_run(loop);

	ovt_sd_notify("STOPPING=1");
	g_info("stopped");
	ret = OVT_EXIT_OK;
out:
	ts_agent_free(agent);
	ovt_signals_unwatch(&signals);
	g_main_loop_unref(loop);
	return ret;
}

int main(int argc, char **argv)
{
	struct ts_options o = {
		.interval_s = UNSET,
		.interval_ms = UNSET,
		.min_adjust = UNSET,
		.factor = UNSET,
		.max_latency = UNSET,
		.threshold = UNSET,
		.slew_ppm = UNSET,
	};
	struct ovt_pidfile *pf = NULL;
	struct ts_config cfg;
	uint32_t slew_ppm;
	int exit_code;

	g_set_prgname("vbox-timesync");
	if (!parse_options(&o, &cfg, &slew_ppm, &argc, &argv, &exit_code))
		goto out;
	ovt_log_setup("vbox-timesync", o.common.log_target, o.common.verbosity);

	if (ovt_pidfile_lock(o.common.pidfile ? o.common.pidfile :
						DEFAULT_PIDFILE,
			     &pf) < 0) {
		exit_code = OVT_EXIT_FAILURE;
		goto out;
	}
	exit_code = run(&o, &cfg, slew_ppm);
out:
	ovt_pidfile_release(pf);
	ovt_options_clear(&o.common);
	g_free(o.sim_clock);
	g_free(o.root);
	return exit_code;
}
