/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging for every program of the suite (agents, vboxctl, vbox-hostsim,
 * vboxsf-fuse): one GLib structured-log writer that sends each message to
 * the journal, to syslog or to stderr, with the level threshold chosen at
 * run time (--verbose; G_MESSAGES_DEBUG adds the info and debug messages
 * of the domains it names, as in any GLib program).  Every component logs
 * with g_message(), g_info(), g_debug(), g_warning() under its own
 * G_LOG_DOMAIN; a program's fatal reasons go through ovt_print_error().
 *
 * Levels: g_warning() for problems, g_message() for what an administrator
 * wants to see (the host changed something, the device went away and came
 * back), g_info() for routine work, g_debug() for details.
 */
#ifndef OVT_LOG_H
#define OVT_LOG_H

#include <glib.h>

#include "services/common/ovt_exit.h"

enum ovt_log_target {
	OVT_LOG_AUTO, /* the journal if stderr goes there */
	OVT_LOG_STDERR,
	OVT_LOG_JOURNAL,
	OVT_LOG_SYSLOG,
	/*
	 * For a process that has detached from its terminal (vboxsf-fuse
	 * after mounting): the journal if journald runs, else syslog.  No
	 * --log-target names it.
	 */
	OVT_LOG_SYSTEM,
};

/**
 * ovt_log_target_parse - the target named by a --log-target value.
 * @name: "auto", "stderr", "journal" or "syslog"
 * @target: receives the target
 *
 * Return: 0, or -EINVAL for any other name (@target is left alone).
 */
int ovt_log_target_parse(const char *name, enum ovt_log_target *target);

/**
 * ovt_log_target_name - the --log-target spelling of a target.
 * @target: the target
 *
 * Return: a static string ("unknown" for values out of range).
 */
const char *ovt_log_target_name(enum ovt_log_target target);

/**
 * ovt_log_level_enabled - whether a message of @level is shown.
 * @level: a GLib log level (flags beyond the level bits are ignored)
 * @verbosity: 0 shows errors, criticals, warnings and messages; 1 adds
 *	info; 2 or more adds debug
 *
 * Return: TRUE if the message is written.
 */
gboolean ovt_log_level_enabled(GLogLevelFlags level, int verbosity);

/**
 * ovt_log_domain_listed - whether a G_MESSAGES_DEBUG value names a domain.
 * @list: the value (NULL when the variable is unset)
 * @domain: a message's log domain (NULL: the message has none)
 *
 * @list holds domain names separated by blanks or commas; the name "all"
 * stands for every domain, NULL included.  Names match whole, not as
 * prefixes.
 *
 * Return: TRUE if the domain's info and debug messages are wanted.
 */
gboolean ovt_log_domain_listed(const char *list, const char *domain);

/**
 * ovt_log_format_line - the line written to stderr for one message.
 * @ident: the program name
 * @level: the message's level
 * @message: the message text (NULL is shown as "(null)")
 *
 * "IDENT: MESSAGE" for messages and info, "IDENT: LEVEL: MESSAGE" for the
 * others (error, critical, warning, debug); no trailing newline.
 *
 * Return: a newly allocated string.
 */
gchar *ovt_log_format_line(const char *ident, GLogLevelFlags level,
			   const char *message);

/**
 * ovt_log_setup - install the writer; call early in main(), before any
 * other thread logs (a later call replaces the settings, under the same rule).
 * @ident: the program name (syslog identifier, stderr prefix)
 * @target: where messages go; OVT_LOG_AUTO picks the journal when stderr
 *	is connected to it (g_log_writer_is_journald()), else stderr
 * @verbosity: the threshold for ovt_log_level_enabled()
 *
 * Info and debug messages of the domains that G_MESSAGES_DEBUG names (read
 * here, once) are written whatever @verbosity says.  A message the journal
 * refuses is written to stderr instead (to syslog for OVT_LOG_SYSTEM).
 * Nothing is ever written to stdout.
 *
 * Return: the target actually used (never OVT_LOG_AUTO or OVT_LOG_SYSTEM).
 */
enum ovt_log_target ovt_log_setup(const char *ident, enum ovt_log_target target,
				  int verbosity);

/**
 * ovt_log_set_target - send the messages somewhere else from now on.
 * @target: as for ovt_log_setup()
 *
 * For a program that detaches from its terminal once it has started (it
 * then passes OVT_LOG_SYSTEM).  The identifier and the threshold stay;
 * other threads may log meanwhile.  Call ovt_log_setup() first.
 *
 * Return: the target actually used (never OVT_LOG_AUTO or OVT_LOG_SYSTEM).
 */
enum ovt_log_target ovt_log_set_target(enum ovt_log_target target);

/**
 * ovt_print_error - report why the program fails, as one line
 * "IDENT: MESSAGE" on stderr (and to syslog when that is the log target).
 * @fmt: printf format of the message
 *
 * IDENT is ovt_log_setup()'s, or g_get_prgname() before it was called.
 *
 * Return: OVT_EXIT_FAILURE, the status to exit with.
 */
int ovt_print_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/**
 * ovt_print_usage_error - report a usage error, as one line
 * "IDENT: MESSAGE (see IDENT --help)" on stderr (and to syslog when that
 * is the log target).
 * @fmt: printf format of the message
 *
 * Return: OVT_EXIT_USAGE, the status to exit with.
 */
int ovt_print_usage_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#endif /* OVT_LOG_H */
