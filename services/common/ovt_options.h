/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The options every agent of the suite shares, on a GOptionContext:
 *
 *   -d, --device=DEV        device node or unix:SOCKET (else $VBGL_DEVICE)
 *   -v, --verbose           more log output (repeat for debug)
 *       --log-target=WHERE  auto, stderr, journal or syslog
 *       --pidfile=PATH      (programs that ask for it) single-instance lock
 *   -V, --version           print the version and exit
 *       --config=FILE       (programs with a configuration section) read
 *                           FILE only, instead of the system's file (and
 *                           the user's, for the agents of a session)
 *
 * The configuration: the program's settings structure starts from its
 * defaults and takes the keys of its section (see ovt_config.h);
 * ovt_options_parse() reads it after the command line, so the program then
 * lets every option given on the command line win over its key of the same
 * name (its option variables start at a sentinel that means "not given").
 * The hidden --list-config-keys prints KEY=DEFAULT for every key, for the
 * test that keeps the sample file and the programs in step.
 *
 * A program adds its own entries to the same context with
 * g_option_context_add_main_entries() after ovt_options_add().
 *
 * The agents never fork into the background: a service manager (systemd,
 * an XDG autostart session) runs them in the foreground, so there is no
 * --foreground/--daemon pair.
 */
#ifndef OVT_OPTIONS_H
#define OVT_OPTIONS_H

#include <glib.h>

#include "services/common/ovt_config.h"
#include "services/common/ovt_exit.h"
#include "services/common/ovt_log.h"

/* ovt_options_add() flags. */
#define OVT_OPT_PIDFILE 0x1u /* offer --pidfile */

struct ovt_options {
	gchar *device;		/* NULL: $VBGL_DEVICE, else the default */
	int verbosity;		/* number of -v */
	gchar *log_target_name; /* as given */
	enum ovt_log_target log_target; /* parsed */
	gchar *pidfile;			/* NULL: the program's default */
	gboolean version;
	gchar *device_help; /* --help text of --device */
	/* the configuration (ovt_options_add_config()) */
	gchar *config; /* --config, or NULL */
	gboolean list_config_keys;
	const char *config_section;
	const struct ovt_config_key *config_keys;
	const void *config_defaults;
	void *config_settings;
	size_t config_size;
	gboolean config_session; /* also read the user's file */
	guint64 config_set;	 /* bit i: config_keys[i] set by a file */
};

/**
 * ovt_options_add - add the common options to a context's main group.
 * @octx: the context (its main group is replaced; call this first)
 * @opts: receives the values; zeroed here
 * @flags: OVT_OPT_* bits
 * @default_device: the device node the program opens by default, for
 *	--help (e.g. "/dev/vboxguest")
 */
void ovt_options_add(GOptionContext *octx, struct ovt_options *opts,
		     unsigned int flags, const char *default_device);

/**
 * ovt_options_add_config - give the program --config and its section.
 * @octx: the context (after ovt_options_add())
 * @opts: the values
 * @section: the section, e.g. "vbox-balloon"
 * @keys: its keys (kept: static)
 * @defaults: a settings structure holding the defaults (kept)
 * @settings: receives the defaults and the file's values when
 *	ovt_options_parse() succeeds (ovt_options_clear() frees them)
 * @size: sizeof the settings structure
 * @session: an agent of a login session: the user's file is read after
 *	the system's, its keys winning
 */
void ovt_options_add_config(GOptionContext *octx, struct ovt_options *opts,
			    const char *section,
			    const struct ovt_config_key *keys,
			    const void *defaults, void *settings, size_t size,
			    gboolean session);

/**
 * ovt_options_load_config - the defaults, then the configuration file(s)
 * (--config FILE only, when given) into @settings.
 * @opts: the values (after ovt_options_add_config())
 * @settings: an empty settings structure (nothing to free in it); on
 *	failure it is left empty again
 * @set: receives the keys the files set (see ovt_config_read())
 * @error: receives the one-line reason
 *
 * Used by ovt_options_parse() and to read the file again on SIGHUP.
 *
 * Return: TRUE, or FALSE with @error set.
 */
gboolean ovt_options_load_config(const struct ovt_options *opts, void *settings,
				 guint64 *set, GError **error);

/**
 * ovt_options_reload_config - read the configuration again (SIGHUP).
 * @opts: the values
 *
 * On success the settings structure given to ovt_options_add_config()
 * holds the new values (the program then applies what it can); on
 * failure the one-line reason is logged as a warning and the settings
 * stay as they were.
 *
 * Return: TRUE when the settings were replaced.
 */
gboolean ovt_options_reload_config(struct ovt_options *opts);

/**
 * ovt_options_config_has - whether the configuration file(s) set a key
 * (as opposed to its default), as last read.
 * @opts: the values
 * @key: a key of the program's section
 *
 * Return: TRUE if a file read at start or at the last successful reload
 * sets @key.
 */
gboolean ovt_options_config_has(const struct ovt_options *opts,
				const char *key);

/**
 * ovt_options_parse - parse the command line and check the common values.
 * @octx: the context
 * @opts: the values (from ovt_options_add())
 * @argc: argc; on success only the program name is left
 * @argv: argv
 * @exit_code: receives the exit status when the program should stop
 *
 * Prints "PROG: REASON (see PROG --help)" for a usage error (unknown
 * option, bad --log-target, empty --device or --pidfile, stray
 * arguments), and "PROG VERSION" for --version; with a configuration, then
 * reads it and prints "PROG: FILE:LINE: [SECTION] KEY: REASON" for a bad
 * one (a usage error too).  --help is handled by
 * GLib (it prints the help and exits 0).
 *
 * Return: TRUE to go on; FALSE to exit with *@exit_code (OVT_EXIT_OK after
 * --version, OVT_EXIT_USAGE after a usage error).
 */
gboolean ovt_options_parse(GOptionContext *octx, struct ovt_options *opts,
			   int *argc, char ***argv, int *exit_code);

/**
 * ovt_device_name - the device a program opens, for its messages: the
 * one configured, else $VBGL_DEVICE when set and not empty, else the
 * program's default (libvbglr3 picks the same one).
 * @configured: the --device value, or NULL
 * @default_device: e.g. "/dev/vboxguest"
 *
 * Return: a newly allocated string.
 */
gchar *ovt_device_name(const char *configured, const char *default_device);

/**
 * ovt_options_clear - free what ovt_options_add() and ovt_options_parse()
 * stored (the configuration's settings too); call after the context is
 * freed.
 * @opts: the values
 */
void ovt_options_clear(struct ovt_options *opts);

#endif /* OVT_OPTIONS_H */
