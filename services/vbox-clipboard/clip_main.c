// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-clipboard - the VirtualBox shared clipboard's X11 agent, one per X
 * display.
 *
 *   vbox-clipboard [--display DISPLAY] [--primary | --no-primary]
 *                  [--max-size SIZE]
 *                  [--config FILE] [--device DEV] [--pidfile PATH]
 *                  [--log-target WHERE] [-v]...
 *
 * Runs in the foreground until SIGINT or SIGTERM, or until the X server
 * goes away; SIGHUP reads the configuration again.  See vbox-clipboard(1).
 */
#define G_LOG_DOMAIN "vbox-clipboard"

#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "services/common/ovt_heap.h"
#include "services/common/ovt_log.h"
#include "services/common/ovt_options.h"
#include "services/common/ovt_pidfile.h"
#include "services/common/ovt_sd_notify.h"
#include "services/common/ovt_signals.h"
#include "services/common/ovt_state.h"
#include "services/vbox-clipboard/clip_bridge.h"
#include "services/vbox-clipboard/clip_convert.h"
#include "services/x11/ovt_x11.h"

#define PROG "vbox-clipboard"
/* --max-size bounds: one page up to 1 GiB. */
#define MAX_SIZE_MIN 4096ull
#define MAX_SIZE_MAX (1ull << 30)

/* [vbox-clipboard] of the configuration file: the options' names. */
struct clip_settings {
	gchar *display;
	gboolean primary;
	gint64 max_size;
};

static const struct ovt_config_key clip_keys[] = {
	{ "display", OVT_CONFIG_STRING, offsetof(struct clip_settings, display),
	  0, 256, NULL, NULL, TRUE },
	{ "primary", OVT_CONFIG_BOOL, offsetof(struct clip_settings, primary),
	  0, 0, NULL, NULL, FALSE },
	{ "max-size", OVT_CONFIG_SIZE, offsetof(struct clip_settings, max_size),
	  MAX_SIZE_MIN, MAX_SIZE_MAX, NULL, NULL, FALSE },
	OVT_CONFIG_KEY_END
};

static const struct clip_settings clip_defaults = {
	.max_size = CLIP_MAX_DATA_DEFAULT,
};

struct agent;

struct clip_options {
	struct ovt_options common;
	gchar *display;
	gboolean display_given;
	gboolean primary, no_primary;
	gboolean primary_given; /* --primary or --no-primary */
	gchar *max_size_text;
	size_t max_size;
	struct clip_settings settings;
	struct agent *agent; /* while it runs */
};

/* SIZE: bytes with an optional K, M or G; 0 or -EINVAL. */
static int parse_size(const char *text, size_t *out)
{
	guint64 v;

	if (!ovt_config_parse_size(text, &v) || v < MAX_SIZE_MIN ||
	    v > MAX_SIZE_MAX)
		return -EINVAL;
	*out = (size_t)v;
	return 0;
}

static gboolean parse_options(struct clip_options *o, int *argc, char ***argv,
			      int *exit_code)
{
	const GOptionEntry entries[] = {
		{ "display", 0, 0, G_OPTION_ARG_STRING, &o->display,
		  "The X display (default: $DISPLAY)", "DISPLAY" },
		{ "primary", 0, 0, G_OPTION_ARG_NONE, &o->primary,
		  "Share the PRIMARY selection too (select to copy, middle-click to paste)",
		  NULL },
		{ "no-primary", 0, 0, G_OPTION_ARG_NONE, &o->no_primary,
		  "Do not share PRIMARY, whatever the configuration file says",
		  NULL },
		{ "max-size", 0, 0, G_OPTION_ARG_STRING, &o->max_size_text,
		  "The largest transfer either way (bytes, or with K, M, G; default 64M)",
		  "SIZE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *octx;
	gboolean ok;

	octx = g_option_context_new(NULL);
	g_option_context_set_summary(
		octx,
		"The VirtualBox shared clipboard's X11 agent: text, HTML and images both\n"
		"ways between the host and the X clients of one display.");
	g_option_context_set_description(
		octx,
		"The pidfile defaults to $XDG_RUNTIME_DIR/open-vbox-tools/vbox-clipboard@DISPLAY.pid;\n"
		"the state (see vboxctl status) is in vbox-clipboard@DISPLAY.state beside it.\n"
		"Exit status: 0 after a clean stop (SIGINT, SIGTERM), 1 when it cannot start\n"
		"or the X server went away, 2 for a usage error.  See vbox-clipboard(1).");
	ovt_options_add(octx, &o->common, OVT_OPT_PIDFILE, "/dev/vboxuser");
	ovt_options_add_config(octx, &o->common, PROG, clip_keys,
			       &clip_defaults, &o->settings,
			       sizeof(o->settings), TRUE);
	g_option_context_add_main_entries(octx, entries, NULL);
	ok = ovt_options_parse(octx, &o->common, argc, argv, exit_code);
	g_option_context_free(octx);
	if (!ok)
		return FALSE;
	/* the configuration, unless the command line says otherwise */
	o->max_size = (size_t)o->settings.max_size;
	if (o->primary && o->no_primary) {
		*exit_code = ovt_print_usage_error(
			"--primary cannot be given with --no-primary");
		return FALSE;
	}
	o->primary_given = o->primary || o->no_primary;
	o->primary = o->primary || (o->settings.primary && !o->no_primary);
	o->display_given = o->display != NULL;
	if (!o->display && o->settings.display)
		o->display = g_strdup(o->settings.display);
	if (o->max_size_text && parse_size(o->max_size_text, &o->max_size)) {
		*exit_code = ovt_print_usage_error(
			"--max-size takes 4096 bytes up to 1G, not '%s'",
			o->max_size_text);
		return FALSE;
	}
	if (o->display && !o->display[0]) {
		*exit_code =
			ovt_print_usage_error("--display must not be empty");
		return FALSE;
	}
	return TRUE;
}

static gchar *runtime_dir(void)
{
	const char *base = g_getenv("XDG_RUNTIME_DIR");

	if (!base || !*base)
		base = g_get_user_runtime_dir();
	return g_build_filename(base, "open-vbox-tools", NULL);
}

struct agent {
	struct ovt_x11 *x;
	struct ovt_state *st;
	struct ovt_pidfile *pf;
	struct clip_bridge *bridge;
};

/* The X server went away: the process exits, its pidfile goes too. */
static void release_pidfile(void *data)
{
	struct agent *a = data;

	g_clear_pointer(&a->pf, ovt_pidfile_release);
}

static int start(struct agent *a, const struct clip_options *o)
{
	struct clip_bridge_config cfg = {
		.device = o->common.device,
		.primary = o->primary,
		.max_size = o->max_size,
		.x_lost = release_pidfile,
		.x_lost_data = a,
	};
	GError *gerr = NULL;
	gchar *instance, *dir, *path;
	char *error = NULL;
	int ret;

	a->x = ovt_x11_open(o->display, clip_bridge_event, &a->bridge, &gerr);
	if (!a->x) {
		ovt_print_error("%s", gerr->message);
		g_error_free(gerr);
		return -ENXIO;
	}
	instance = ovt_state_display_instance(ovt_x11_name(a->x));
	dir = runtime_dir();
	path = o->common.pidfile ?
		       g_strdup(o->common.pidfile) :
		       g_strdup_printf("%s/" PROG "@%s.pid", dir, instance);
	ret = ovt_pidfile_lock(path, &a->pf);
	g_free(path);
	if (ret < 0)
		goto out;
	path = g_strdup_printf("%s/" PROG "@%s.state", dir, instance);
	a->st = ovt_state_open_path(PROG, instance, path, &gerr);
	g_free(path);
	if (!a->st) {
		ovt_print_error("%s", gerr->message);
		g_error_free(gerr);
		ret = -EIO;
		goto out;
	}
	a->bridge = clip_bridge_new(a->x, a->st, &cfg, &error);
	if (!a->bridge) {
		ovt_print_error("%s", error);
		g_free(error);
		ret = -EIO;
	}
out:
	g_free(dir);
	g_free(instance);
	return ret;
}

static void stop(struct agent *a, bool clean)
{
	clip_bridge_free(a->bridge);
	a->bridge = NULL;
	ovt_state_close(a->st, clean);
	ovt_x11_close(a->x);
	g_clear_pointer(&a->pf, ovt_pidfile_release);
}

/*
 * SIGHUP: the file again (a bad one is only logged by
 * ovt_options_reload_config() and changes nothing).  max-size takes effect
 * at once unless --max-size was given.  PRIMARY is not switched under a
 * running agent (its ownership and the host's announcements for it would
 * have to be given up or made), and the display cannot change: both are
 * logged as needing a restart.
 */
static void on_hup(gpointer data)
{
	struct clip_options *o = data;
	const struct clip_settings *c = &o->settings;

	if (!ovt_options_reload_config(&o->common))
		return;
	if (!o->max_size_text && (size_t)c->max_size != o->max_size) {
		o->max_size = (size_t)c->max_size;
		if (o->agent && o->agent->bridge)
			clip_bridge_set_max_size(o->agent->bridge, o->max_size);
		g_message("max-size is now %zu bytes", o->max_size);
	}
	if (!o->primary_given && c->primary != o->primary)
		g_message(
			"primary=%s in the configuration: it takes a restart (PRIMARY stays %s)",
			c->primary ? "true" : "false",
			o->primary ? "shared" : "not shared");
	if (!o->display_given && c->display && *c->display &&
	    g_strcmp0(c->display, o->display))
		g_message("display=%s in the configuration: it takes a restart",
			  c->display);
}

int main(int argc, char **argv)
{
	struct clip_options o;
	struct ovt_signals signals;
	struct agent a;
	GMainLoop *loop;
	int exit_code;

	memset(&o, 0, sizeof(o));
	memset(&a, 0, sizeof(a));
	g_set_prgname(PROG);
	if (!parse_options(&o, &argc, &argv, &exit_code))
		goto out;
	ovt_log_setup(PROG, o.common.log_target, o.common.verbosity);
	/*
	 * A large paste passes through several buffers of its size (the X
	 * chunks, the text, its conversion, the HGCM request): reused, not
	 * faulted in afresh on every paste.
	 */
	ovt_heap_keep_large_buffers(32u << 20);

	loop = g_main_loop_new(NULL, FALSE);
	o.agent = &a;
	ovt_signals_watch(&signals, loop, on_hup, &o);
	if (start(&a, &o) < 0) {
		stop(&a, true);
		exit_code = OVT_EXIT_FAILURE;
	} else {
		ovt_sd_notify("READY=1");
		g_info("running on %s", ovt_x11_name(a.x));
		g_main_loop_run(loop);
		ovt_sd_notify("STOPPING=1");
		stop(&a, true);
		g_info("stopped");
		exit_code = OVT_EXIT_OK;
	}
	ovt_signals_unwatch(&signals);
	g_main_loop_unref(loop);
out:
	ovt_options_clear(&o.common);
	g_free(o.display);
	g_free(o.max_size_text);
	return exit_code;
}
