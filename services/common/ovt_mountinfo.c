// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/self/mountinfo, taken apart (services/common/ovt_mountinfo.h).
 */
#include "config.h"

#include "services/common/ovt_mountinfo.h"

#include <stdio.h>
#include <string.h>

gchar *ovt_mountinfo_unescape(const char *field)
{
	GString *s = g_string_new(NULL);
	const char *p;

	for (p = field; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' &&
		    p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
			g_string_append_c(s, (char)((p[1] - '0') * 64 +
						    (p[2] - '0') * 8 +
						    (p[3] - '0')));
			p += 3;
		} else {
			g_string_append_c(s, *p);
		}
	}
	return g_string_free(s, FALSE);
}

static void mount_free(gpointer data)
{
	struct ovt_mount *m = data;

	g_free(m->mount_point);
	g_free(m->fstype);
	g_free(m->source);
	g_free(m);
}

/*
 * "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE
 * SUPEROPTS": field 3 is the device, 5 the mount point, the two after
 * " - " the type and the source.
 */
static struct ovt_mount *parse_line(const char *line)
{
	g_auto(GStrv) f = g_strsplit(line, " ", -1);
	guint n = g_strv_length(f), sep;
	unsigned int major, minor;
	struct ovt_mount *m;
	char end;

	for (sep = 6; sep < n && strcmp(f[sep], "-"); sep++)
		;
	if (n < 7 || sep + 2 >= n ||
	    sscanf(f[2], "%u:%u%c", &major, &minor, &end) != 2)
		return NULL;
	m = g_new0(struct ovt_mount, 1);
	m->major = major;
	m->minor = minor;
	m->mount_point = ovt_mountinfo_unescape(f[4]);
	m->fstype = ovt_mountinfo_unescape(f[sep + 1]);
	m->source = ovt_mountinfo_unescape(f[sep + 2]);
	return m;
}

GPtrArray *ovt_mountinfo_parse(const char *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	GPtrArray *mounts = g_ptr_array_new_with_free_func(mount_free);
	size_t i;

	for (i = 0; lines[i]; i++) {
		struct ovt_mount *m = lines[i][0] ? parse_line(lines[i]) : NULL;

		if (m)
			g_ptr_array_add(mounts, m);
	}
	return mounts;
}

GPtrArray *ovt_mountinfo_read(const char *path, GError **error)
{
	g_autofree gchar *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, error))
		return NULL;
	return ovt_mountinfo_parse(text);
}

const struct ovt_mount *ovt_mountinfo_find(GPtrArray *mounts,
					   const char *mount_point)
{
	guint i;

	/* The last one wins: it is the one on top. */
	for (i = mounts->len; i-- > 0;) {
		const struct ovt_mount *m = mounts->pdata[i];

		if (!strcmp(m->mount_point, mount_point))
			return m;
	}
	return NULL;
}
