/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The options every agent of the suite shares, on a GOptionContext:
 *
 *   -d, --device=DEV        device node or unix:SOCKET (else $VBGL_DEVICE)
 *   -v, --verbose           more log output (repeat for debug)
 *       --log-target=WHERE  auto, stderr, journal or syslog
 *       --pidfile=PATH      (programs that ask for it) single-instance lock
 *   -V, --version           print the version and exit
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
 * ovt_options_parse - parse the command line and check the common values.
 * @octx: the context
 * @opts: the values (from ovt_options_add())
 * @argc: argc; on success only the program name is left
 * @argv: argv
 * @exit_code: receives the exit status when the program should stop
 *
 * Prints "PROG: REASON (see PROG --help)" for a usage error (unknown
 * option, bad --log-target, empty --device or --pidfile, stray
 * arguments), and "PROG VERSION" for --version.  --help is handled by
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
 * stored; call after the context is freed.
 * @opts: the values
 */
void ovt_options_clear(struct ovt_options *opts);

#endif /* OVT_OPTIONS_H */
