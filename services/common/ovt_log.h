/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging for the agents: one GLib structured-log writer that sends each
 * message to the journal, to syslog or to stderr, with the level threshold
 * chosen at run time (--verbose).  Every component logs with g_message(),
 * g_info(), g_debug(), g_warning() under its own G_LOG_DOMAIN.
 *
 * Levels: g_warning() for problems, g_message() for what an administrator
 * wants to see (the host changed something, the device went away and came
 * back), g_info() for routine work, g_debug() for details.
 */
#ifndef OVT_LOG_H
#define OVT_LOG_H

#include <glib.h>

enum ovt_log_target {
	OVT_LOG_AUTO,		/* the journal if stderr goes there */
	OVT_LOG_STDERR,
	OVT_LOG_JOURNAL,
	OVT_LOG_SYSLOG,
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
 * ovt_log_setup - install the writer; call once, early in main().
 * @ident: the program name (syslog identifier, stderr prefix)
 * @target: where messages go; OVT_LOG_AUTO picks the journal when stderr
 *	is connected to it (g_log_writer_is_journald()), else stderr
 * @verbosity: the threshold for ovt_log_level_enabled()
 *
 * A message the journal refuses is written to stderr instead.
 *
 * Return: the target actually used (never OVT_LOG_AUTO).
 */
enum ovt_log_target ovt_log_setup(const char *ident,
				  enum ovt_log_target target, int verbosity);

/**
 * ovt_print_error - report a fatal error as one line "IDENT: MESSAGE" on
 * stderr (and to syslog when that is the log target).  Used for the
 * reasons a program gives when it exits with a failure status.
 * @fmt: printf format of the message
 */
void ovt_print_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#endif /* OVT_LOG_H */
