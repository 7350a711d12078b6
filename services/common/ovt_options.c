// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The agents' common options (see ovt_options.h).
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "services/common/ovt_options.h"

/* Maximum -v that still means something (debug). */
#define OVT_MAX_VERBOSITY 2

static gboolean on_verbose(const gchar *name, const gchar *value, gpointer data,
			   GError **error)
{
	struct ovt_options *opts = data;

	(void)name;
	(void)value;
	(void)error;
	if (opts->verbosity < OVT_MAX_VERBOSITY)
		opts->verbosity++;
	return TRUE;
}

void ovt_options_add(GOptionContext *octx, struct ovt_options *opts,
		     unsigned int flags, const char *default_device)
{
	gchar *device_help = g_strdup_printf(
		"Device node or unix:SOCKET (default: $VBGL_DEVICE, else %s)",
		default_device);
	const GOptionEntry common[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &opts->device,
		  device_help, "DEV" },
		{ "verbose", 'v', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK,
		  (gpointer)on_verbose, "Log more (info; twice: debug)", NULL },
		{ "log-target", 0, 0, G_OPTION_ARG_STRING,
		  &opts->log_target_name,
		  "Where log messages go: auto (the default), stderr, journal or syslog",
		  "WHERE" },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &opts->version,
		  "Print the version and exit", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	const GOptionEntry pidfile[] = {
		{ "pidfile", 0, 0, G_OPTION_ARG_FILENAME, &opts->pidfile,
		  "Lock file that keeps a second instance from starting",
		  "PATH" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionGroup *main_group;

	memset(opts, 0, sizeof(*opts));
	opts->device_help = device_help; /* the entry points at it */
	opts->log_target = OVT_LOG_AUTO;
	main_group = g_option_group_new(NULL, NULL, NULL, opts, NULL);
	g_option_group_add_entries(main_group, common);
	if (flags & OVT_OPT_PIDFILE)
		g_option_group_add_entries(main_group, pidfile);
	g_option_context_set_main_group(octx, main_group);
}

void ovt_options_add_config(GOptionContext *octx, struct ovt_options *opts,
			    const char *section,
			    const struct ovt_config_key *keys,
			    const void *defaults, void *settings, size_t size,
			    gboolean session)
{
	const GOptionEntry entries[] = {
		{ "config", 0, 0, G_OPTION_ARG_FILENAME, &opts->config,
		  "Read the configuration from FILE only (see CONFIGURATION in the manual)",
		  "FILE" },
		{ "list-config-keys", 0, G_OPTION_FLAG_HIDDEN,
		  G_OPTION_ARG_NONE, &opts->list_config_keys,
		  "Print KEY=DEFAULT for every configuration key and exit",
		  NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};

	opts->config_section = section;
	opts->config_keys = keys;
	opts->config_defaults = defaults;
	opts->config_settings = settings;
	opts->config_size = size;
	opts->config_session = session;
	g_option_group_add_entries(g_option_context_get_main_group(octx),
				   entries);
}

gboolean ovt_options_load_config(const struct ovt_options *opts, void *settings,
				 guint64 *set, GError **error)
{
	const struct ovt_config_key *keys = opts->config_keys;
	g_autofree gchar *user = NULL;
	gboolean ok;

	ovt_config_copy(keys, settings, opts->config_defaults);
	*set = 0;
	if (opts->config) {
		ok = ovt_config_read(opts->config, TRUE, opts->config_section,
				     keys, settings, set, error);
	} else {
		ok = ovt_config_read(ovt_config_system_path(), FALSE,
				     opts->config_section, keys, settings, set,
				     error);
		if (ok && opts->config_session) {
			user = ovt_config_user_path();
			ok = ovt_config_read(user, FALSE, opts->config_section,
					     keys, settings, set, error);
		}
	}
	if (!ok)
		ovt_config_free(keys, settings);
	return ok;
}

gboolean ovt_options_reload_config(struct ovt_options *opts)
{
	g_autofree void *fresh = g_malloc0(opts->config_size);
	GError *error = NULL;
	guint64 set;

	if (!ovt_options_load_config(opts, fresh, &set, &error)) {
		g_warning("%s (keeping the previous settings)", error->message);
		g_error_free(error);
		return FALSE;
	}
	ovt_config_free(opts->config_keys, opts->config_settings);
	memcpy(opts->config_settings, fresh, opts->config_size);
	opts->config_set = set;
	g_info("read the configuration again");
	return TRUE;
}

gboolean ovt_options_config_has(const struct ovt_options *opts, const char *key)
{
	const struct ovt_config_key *k;
	unsigned int i;

	for (i = 0, k = opts->config_keys; k && k->name; i++, k++) {
		if (!strcmp(k->name, key))
			return (opts->config_set >> i) & 1;
	}
	return FALSE;
}

static void list_config_keys(const struct ovt_options *opts)
{
	const struct ovt_config_key *k;

	for (k = opts->config_keys; k->name; k++) {
		g_autofree gchar *v =
			ovt_config_format(k, opts->config_defaults);

		g_print("%s=%s\n", k->name, v);
	}
}

static gboolean parse_config(struct ovt_options *opts, int *exit_code)
{
	GError *error = NULL;

	if (!opts->config_keys)
		return TRUE;
	if (opts->config && !opts->config[0]) {
		*exit_code =
			ovt_print_usage_error("--config must not be empty");
		return FALSE;
	}
	if (opts->list_config_keys) {
		list_config_keys(opts);
		return FALSE;
	}
	if (!ovt_options_load_config(opts, opts->config_settings,
				     &opts->config_set, &error)) {
		ovt_print_error("%s", error->message);
		g_error_free(error);
		*exit_code = OVT_EXIT_USAGE;
		return FALSE;
	}
	return TRUE;
}

gboolean ovt_options_parse(GOptionContext *octx, struct ovt_options *opts,
			   int *argc, char ***argv, int *exit_code)
{
	GError *error = NULL;

	*exit_code = OVT_EXIT_OK;
	if (!g_option_context_parse(octx, argc, argv, &error)) {
		*exit_code = ovt_print_usage_error("%s", error->message);
		g_error_free(error);
		return FALSE;
	}
	if (opts->version) {
		g_print("%s %s\n", g_get_prgname(), PACKAGE_VERSION);
		return FALSE;
	}
	if (*argc > 1)
		*exit_code = ovt_print_usage_error("unexpected argument '%s'",
						   (*argv)[1]);
	else if (opts->device && !opts->device[0])
		*exit_code =
			ovt_print_usage_error("--device must not be empty");
	else if (opts->pidfile && !opts->pidfile[0])
		*exit_code =
			ovt_print_usage_error("--pidfile must not be empty");
	else if (opts->log_target_name &&
		 ovt_log_target_parse(opts->log_target_name, &opts->log_target))
		*exit_code = ovt_print_usage_error(
			"unknown log target '%s' (auto, stderr, journal or syslog)",
			opts->log_target_name);
	return *exit_code == OVT_EXIT_OK && parse_config(opts, exit_code);
}

void ovt_options_clear(struct ovt_options *opts)
{
	g_clear_pointer(&opts->device, g_free);
	g_clear_pointer(&opts->log_target_name, g_free);
	g_clear_pointer(&opts->pidfile, g_free);
	g_clear_pointer(&opts->device_help, g_free);
	g_clear_pointer(&opts->config, g_free);
	if (opts->config_keys)
		ovt_config_free(opts->config_keys, opts->config_settings);
}

gchar *ovt_device_name(const char *configured, const char *default_device)
{
	const char *env = g_getenv("VBGL_DEVICE");

	if (configured)
		return g_strdup(configured);
	if (env && env[0])
		return g_strdup(env);
	return g_strdup(default_device);
}
