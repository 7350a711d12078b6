// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The agents' log writer (see ovt_log.h).
 *
 * GLib's default writer already knows the journal, but it cannot send to
 * syslog, its level filter is G_MESSAGES_DEBUG (an environment variable,
 * not an option) and its stderr format carries timestamps the journal
 * adds anyway.  So the agents install this one writer instead.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <glib.h>

#include "services/common/ovt_log.h"

/* Fields GLib adds to a message, plus the one added here. */
#define OVT_LOG_MAX_FIELDS 32

static struct {
	gchar *ident;
	enum ovt_log_target target;
	int verbosity;
} ovt_log_state = { NULL, OVT_LOG_STDERR, 0 };

static const char *const target_names[] = {
	[OVT_LOG_AUTO] = "auto",
	[OVT_LOG_STDERR] = "stderr",
	[OVT_LOG_JOURNAL] = "journal",
	[OVT_LOG_SYSLOG] = "syslog",
};

int ovt_log_target_parse(const char *name, enum ovt_log_target *target)
{
	size_t i;

	if (!name || !target)
		return -EINVAL;
	for (i = 0; i < G_N_ELEMENTS(target_names); i++) {
		if (!strcmp(name, target_names[i])) {
			*target = (enum ovt_log_target)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *ovt_log_target_name(enum ovt_log_target target)
{
	if ((unsigned int)target >= G_N_ELEMENTS(target_names))
		return "unknown";
	return target_names[target];
}

gboolean ovt_log_level_enabled(GLogLevelFlags level, int verbosity)
{
	level &= G_LOG_LEVEL_MASK;
	if (level & G_LOG_LEVEL_DEBUG)
		return verbosity >= 2;
	if (level & G_LOG_LEVEL_INFO)
		return verbosity >= 1;
	return TRUE;
}

/* The level word in a stderr line, or NULL for none. */
static const char *level_word(GLogLevelFlags level)
{
	if (level & G_LOG_LEVEL_ERROR)
		return "error";
	if (level & G_LOG_LEVEL_CRITICAL)
		return "critical";
	if (level & G_LOG_LEVEL_WARNING)
		return "warning";
	if (level & G_LOG_LEVEL_DEBUG)
		return "debug";
	return NULL;
}

gchar *ovt_log_format_line(const char *ident, GLogLevelFlags level,
			   const char *message)
{
	const char *word = level_word(level);

	if (!message)
		message = "(null)";
	if (word)
		return g_strdup_printf("%s: %s: %s", ident, word, message);
	return g_strdup_printf("%s: %s", ident, message);
}

/* The syslog priority GLib itself gives each level. */
static int syslog_priority(GLogLevelFlags level)
{
	if (level & G_LOG_LEVEL_ERROR)
		return LOG_ERR;
	if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
		return LOG_WARNING;
	if (level & G_LOG_LEVEL_MESSAGE)
		return LOG_NOTICE;
	if (level & G_LOG_LEVEL_INFO)
		return LOG_INFO;
	return LOG_DEBUG;
}

/* The MESSAGE field as a string (NULL if absent). */
static gchar *message_text(const GLogField *fields, gsize n_fields)
{
	gsize i;

	for (i = 0; i < n_fields; i++) {
		if (strcmp(fields[i].key, "MESSAGE"))
			continue;
		if (fields[i].length < 0)
			return g_strdup(fields[i].value);
		return g_strndup(fields[i].value, (gsize)fields[i].length);
	}
	return NULL;
}

static void write_stderr(GLogLevelFlags level, const char *message)
{
	gchar *line = ovt_log_format_line(ovt_log_state.ident, level,
					  message);

	fprintf(stderr, "%s\n", line);
	fflush(stderr);
	g_free(line);
}

/* Send to the journal with SYSLOG_IDENTIFIER set, as journalctl shows it. */
static GLogWriterOutput write_journal(GLogLevelFlags level,
				      const GLogField *fields, gsize n_fields)
{
	GLogField all[OVT_LOG_MAX_FIELDS];
	gsize i;

	if (n_fields >= G_N_ELEMENTS(all))
		return g_log_writer_journald(level, fields, n_fields, NULL);
	for (i = 0; i < n_fields; i++)
		all[i] = fields[i];
	all[n_fields].key = "SYSLOG_IDENTIFIER";
	all[n_fields].value = ovt_log_state.ident;
	all[n_fields].length = -1;
	return g_log_writer_journald(level, all, n_fields + 1, NULL);
}

static GLogWriterOutput ovt_log_writer(GLogLevelFlags level,
				       const GLogField *fields, gsize n_fields,
				       gpointer data)
{
	gchar *message;

	(void)data;
	if (!ovt_log_level_enabled(level, ovt_log_state.verbosity))
		return G_LOG_WRITER_HANDLED;
	if (ovt_log_state.target == OVT_LOG_JOURNAL &&
	    write_journal(level, fields, n_fields) == G_LOG_WRITER_HANDLED)
		return G_LOG_WRITER_HANDLED;

	message = message_text(fields, n_fields);
	if (ovt_log_state.target == OVT_LOG_SYSLOG)
		syslog(syslog_priority(level), "%s", message ? message : "");
	else
		write_stderr(level, message);
	g_free(message);
	return G_LOG_WRITER_HANDLED;
}

enum ovt_log_target ovt_log_setup(const char *ident,
				  enum ovt_log_target target, int verbosity)
{
	if (target == OVT_LOG_AUTO)
		target = g_log_writer_is_journald(fileno(stderr)) ?
			 OVT_LOG_JOURNAL : OVT_LOG_STDERR;
	g_free(ovt_log_state.ident);
	ovt_log_state.ident = g_strdup(ident);
	ovt_log_state.target = target;
	ovt_log_state.verbosity = verbosity;
	if (target == OVT_LOG_SYSLOG)
		openlog(ovt_log_state.ident, LOG_PID, LOG_DAEMON);
	g_log_set_writer_func(ovt_log_writer, NULL, NULL);
	return target;
}

void ovt_print_error(const char *fmt, ...)
{
	const char *ident = ovt_log_state.ident ? ovt_log_state.ident :
						  g_get_prgname();
	gchar *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", ident ? ident : "?", msg);
	fflush(stderr);
	if (ovt_log_state.ident && ovt_log_state.target == OVT_LOG_SYSLOG)
		syslog(LOG_ERR, "%s", msg);
	g_free(msg);
}
