// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finding another time service (see timesync_detect.h).
 */
#include "config.h"

#include <stdio.h>
#include <sys/timex.h>

#include <glib.h>

#include "services/vbox-timesync/timesync_detect.h"

struct time_daemon {
	const char *path; /* below the root */
	const char *name;
	bool pidfile; /* false: the file's existence is the sign */
};

static const struct time_daemon time_daemons[] = {
	{ "run/systemd/timesync/synchronized", "systemd-timesyncd", false },
	{ "run/chrony/chronyd.pid", "chronyd", true },
	{ "run/chronyd.pid", "chronyd", true },
	{ "run/ntpd.pid", "ntpd", true },
	{ "var/run/ntpd.pid", "ntpd", true },
	{ "run/openntpd.pid", "openntpd", true },
};

bool ts_kernel_synced(int status, long maxerror_us)
{
	return !(status & STA_UNSYNC) && maxerror_us >= 0 &&
	       maxerror_us < TS_NTP_MAXERROR_LIMIT_US;
}

/* Whether the pid file at @path names a live process below @root. */
static bool pidfile_alive(const char *root, const char *path)
{
	gchar *text = NULL, *end = NULL, *proc;
	gint64 pid;
	bool alive;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return false;
	pid = g_ascii_strtoll(g_strstrip(text), &end, 10);
	alive = end && end != text && !*end && pid > 0 && pid <= G_MAXINT32;
	g_free(text);
	if (!alive)
		return false;
	proc = g_strdup_printf("%s/proc/%" G_GINT64_FORMAT, root, pid);
	alive = g_file_test(proc, G_FILE_TEST_IS_DIR);
	g_free(proc);
	return alive;
}

bool ts_find_time_daemon(const char *root, char *name, size_t len)
{
	gchar *path;
	bool found;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(time_daemons); i++) {
		const struct time_daemon *d = &time_daemons[i];

		path = g_build_filename(root, d->path, NULL);
		if (d->pidfile)
			found = pidfile_alive(root, path);
		else
			found = g_file_test(path, G_FILE_TEST_EXISTS);
		g_free(path);
		if (found) {
			g_strlcpy(name, d->name, len);
			return true;
		}
	}
	return false;
}
