// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The suite's log writer (see ovt_log.h).
 *
 * GLib's default writer already knows the journal, but it cannot send to
 * syslog, its only level filter is G_MESSAGES_DEBUG (an environment
 * variable, not an option) and its stderr format carries timestamps the
 * journal adds anyway.  So every program installs this one writer instead,
 * which takes G_MESSAGES_DEBUG as an addition to --verbose.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <glib.h>

#include "services/common/ovt_log.h"

/* Fields GLib adds to a message, plus the one added here. */
#define OVT_LOG_MAX_FIELDS 32

/* Where journald listens (sd-journal's well-known path). */
#define OVT_JOURNAL_SOCKET "/run/systemd/journal/socket"

/*
 * The writer's settings.  ident, verbosity and debug_domains are set by
 * ovt_log_setup() before the writer is installed; target and fallback
 * (enum ovt_log_target values) may change later while other threads log.
 */
static struct {
	gchar *ident;
	int verbosity;
	gchar *debug_domains; /* G_MESSAGES_DEBUG, NULL if unset */
	gint target;
	gint fallback; /* where the journal's refusals go */
	gboolean installed;
} ovt_log_state = { NULL, 0, NULL, OVT_LOG_STDERR, OVT_LOG_STDERR, FALSE };

static const char *const target_names[] = {
	[OVT_LOG_AUTO] = "auto",       [OVT_LOG_STDERR] = "stderr",
	[OVT_LOG_JOURNAL] = "journal", [OVT_LOG_SYSLOG] = "syslog",
	[OVT_LOG_SYSTEM] = "system",
};

int ovt_log_target_parse(const char *name, enum ovt_log_target *target)
{
	size_t i;

	if (!name || !target)
		return -EINVAL;
	/* OVT_LOG_SYSTEM is for programs, not for --log-target. */
	for (i = 0; i <= OVT_LOG_SYSLOG; i++) {
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

gboolean ovt_log_domain_listed(const char *list, const char *domain)
{
	gchar **names;
	gboolean found = FALSE;
	gsize i;

	if (!list)
		return FALSE;
	names = g_strsplit_set(list, " ,", -1);
	for (i = 0; names[i] && !found; i++)
		found = !strcmp(names[i], "all") ||
			(domain && !strcmp(names[i], domain));
	g_strfreev(names);
	return found;
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

/* A string field as a string (NULL if absent). */
static gchar *field_text(const GLogField *fields, gsize n_fields,
			 const char *key)
{
	gsize i;

	for (i = 0; i < n_fields; i++) {
		if (strcmp(fields[i].key, key))
			continue;
		if (fields[i].length < 0)
			return g_strdup(fields[i].value);
		return g_strndup(fields[i].value, (gsize)fields[i].length);
	}
	return NULL;
}

/* Whether a message passes the threshold or G_MESSAGES_DEBUG. */
static gboolean message_wanted(GLogLevelFlags level, const GLogField *fields,
			       gsize n_fields)
{
	gchar *domain;
	gboolean listed;

	if (ovt_log_level_enabled(level, ovt_log_state.verbosity))
		return TRUE;
	if (!ovt_log_state.debug_domains)
		return FALSE;
	domain = field_text(fields, n_fields, "GLIB_DOMAIN");
	listed = ovt_log_domain_listed(ovt_log_state.debug_domains, domain);
	g_free(domain);
	return listed;
}

static void write_stderr(GLogLevelFlags level, const char *message)
{
	gchar *line = ovt_log_format_line(ovt_log_state.ident, level, message);

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
	gint target = g_atomic_int_get(&ovt_log_state.target);
	gchar *message;

	(void)data;
	if (!message_wanted(level, fields, n_fields))
		return G_LOG_WRITER_HANDLED;
	if (target == OVT_LOG_JOURNAL) {
		if (write_journal(level, fields, n_fields) ==
		    G_LOG_WRITER_HANDLED)
			return G_LOG_WRITER_HANDLED;
		target = g_atomic_int_get(&ovt_log_state.fallback);
	}

	message = field_text(fields, n_fields, "MESSAGE");
	if (target == OVT_LOG_SYSLOG)
		syslog(syslog_priority(level), "%s", message ? message : "");
	else
		write_stderr(level, message);
	g_free(message);
	return G_LOG_WRITER_HANDLED;
}

static gboolean journal_running(void)
{
	struct stat st;

	return stat(OVT_JOURNAL_SOCKET, &st) == 0 && S_ISSOCK(st.st_mode);
}

enum ovt_log_target ovt_log_set_target(enum ovt_log_target target)
{
	enum ovt_log_target fallback = OVT_LOG_STDERR;

	if (target == OVT_LOG_AUTO)
		target = g_log_writer_is_journald(fileno(stderr)) ?
				 OVT_LOG_JOURNAL :
				 OVT_LOG_STDERR;
	if (target == OVT_LOG_SYSTEM) {
		target = journal_running() ? OVT_LOG_JOURNAL : OVT_LOG_SYSLOG;
		fallback = OVT_LOG_SYSLOG;
	}
	if (target == OVT_LOG_SYSLOG || fallback == OVT_LOG_SYSLOG)
		openlog(ovt_log_state.ident, LOG_PID, LOG_DAEMON);
	g_atomic_int_set(&ovt_log_state.fallback, fallback);
	g_atomic_int_set(&ovt_log_state.target, target);
	return target;
}

enum ovt_log_target ovt_log_setup(const char *ident, enum ovt_log_target target,
				  int verbosity)
{
	g_free(ovt_log_state.ident);
	ovt_log_state.ident = g_strdup(ident);
	ovt_log_state.verbosity = verbosity;
	g_free(ovt_log_state.debug_domains);
	ovt_log_state.debug_domains = g_strdup(g_getenv("G_MESSAGES_DEBUG"));
	target = ovt_log_set_target(target);
	/* GLib takes a writer once per process (a second call is fatal). */
	if (!ovt_log_state.installed) {
		g_log_set_writer_func(ovt_log_writer, NULL, NULL);
		ovt_log_state.installed = TRUE;
	}
	return target;
}

/* One line on stderr (and syslog); @usage adds the pointer to --help. */
static void print_reason(gboolean usage, const char *fmt, va_list ap)
{
	const char *ident = ovt_log_state.ident ? ovt_log_state.ident :
						  g_get_prgname();
	gchar *msg = g_strdup_vprintf(fmt, ap);

	if (!ident)
		ident = "?";
	if (usage)
		fprintf(stderr, "%s: %s (see %s --help)\n", ident, msg, ident);
	else
		fprintf(stderr, "%s: %s\n", ident, msg);
	fflush(stderr);
	if (ovt_log_state.ident &&
	    g_atomic_int_get(&ovt_log_state.target) == OVT_LOG_SYSLOG)
		syslog(LOG_ERR, "%s", msg);
	g_free(msg);
}

int ovt_print_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_reason(FALSE, fmt, ap);
	va_end(ap);
	return OVT_EXIT_FAILURE;
}

int ovt_print_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_reason(TRUE, fmt, ap);
	va_end(ap);
	return OVT_EXIT_USAGE;
}
