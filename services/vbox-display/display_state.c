// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-display's state file (see display_state.h).
 */
#include "config.h"

#include "services/vbox-display/display_state.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

void display_state_init(struct display_state *st)
{
	st->text = g_string_new(NULL);
}

void display_state_add(struct display_state *st, const char *key,
		       const char *value)
{
	const char *p;

	g_string_append_printf(st->text, "%s: ", key);
	for (p = value ? value : ""; *p; p++)
		g_string_append_c(st->text,
				  *p == '\n' || *p == '\r' ? ' ' : *p);
	g_string_append_c(st->text, '\n');
}

/*
 * A temporary file in the same directory, renamed over the old one: a
 * reader sees one or the other.  No fsync: the file lives in the runtime
 * directory (a tmpfs) and means nothing after a crash, and the agent
 * writes it on the way of every layout change.
 */
gboolean display_state_write(struct display_state *st, const char *path,
			     GError **error)
{
	g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
	gboolean ok = FALSE;
	int fd, saved;

	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0) {
		saved = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
			    "cannot create a file next to %s: %s", path,
			    g_strerror(saved));
		goto out;
	}
	if (write(fd, st->text->str, st->text->len) != (ssize_t)st->text->len ||
	    fchmod(fd, 0644) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
		saved = errno ? errno : EIO;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
			    "cannot write %s: %s", path, g_strerror(saved));
		g_unlink(tmp);
		goto out;
	}
	ok = TRUE;
out:
	g_string_truncate(st->text, 0);
	return ok;
}

void display_state_clear(struct display_state *st)
{
	if (st->text)
		g_string_free(st->text, TRUE);
	st->text = NULL;
}
