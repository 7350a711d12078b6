// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-automount's shares in its agent state file (see automount_state.h).
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "services/common/ovt_state.h"
#include "services/vbox-automount/automount_paths.h"
#include "services/vbox-automount/automount_state.h"

#define SHARE_GROUP_PREFIX "share."

static void share_free(gpointer data)
{
	struct automount_state_share *s = data;

	g_free(s->name);
	g_free(s->status);
	g_free(s->mount_point);
	g_free(s->reason);
	g_free(s->note);
	g_free(s);
}

struct automount_state *automount_state_new(gint64 pid, gboolean user_mode,
					    const char *device)
{
	struct automount_state *st = g_new0(struct automount_state, 1);

	st->pid = pid;
	st->user_mode = user_mode;
	st->device = g_strdup(device);
	st->shares = g_ptr_array_new_with_free_func(share_free);
	return st;
}

void automount_state_add(struct automount_state *st,
			 const struct automount_state_share *share)
{
	struct automount_state_share *s =
		g_new0(struct automount_state_share, 1);

	s->name = g_strdup(share->name);
	s->status = g_strdup(share->status);
	s->mount_point = g_strdup(share->mount_point);
	s->reason = g_strdup(share->reason);
	s->note = g_strdup(share->note);
	s->helper_pid = share->helper_pid;
	g_ptr_array_add(st->shares, s);
}

static void set_optional(GKeyFile *kf, const char *group, const char *key,
			 const char *value)
{
	if (value)
		g_key_file_set_string(kf, group, key, value);
}

static gboolean is_share_group(const char *group)
{
	return g_str_has_prefix(group, SHARE_GROUP_PREFIX);
}

static void remove_share_groups(GKeyFile *kf)
{
	g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
	size_t i;

	for (i = 0; groups[i]; i++)
		if (is_share_group(groups[i]))
			g_key_file_remove_group(kf, groups[i], NULL);
}

void automount_state_store(const struct automount_state *st, GKeyFile *kf)
{
	guint i, mounted = 0;

	remove_share_groups(kf);
	g_key_file_set_string(kf, OVT_STATE_GROUP_STATE, "mode",
			      st->user_mode ? "user" : "system");
	if (st->device)
		g_key_file_set_string(kf, OVT_STATE_GROUP_STATE, "device",
				      st->device);
	else
		g_key_file_remove_key(kf, OVT_STATE_GROUP_STATE, "device",
				      NULL);
	for (i = 0; i < st->shares->len; i++) {
		const struct automount_state_share *s = st->shares->pdata[i];
		g_autofree gchar *group =
			g_strdup_printf(SHARE_GROUP_PREFIX "%u", i);

		mounted += !g_strcmp0(s->status, AUTOMOUNT_STATE_MOUNTED);
		g_key_file_set_string(kf, group, "name", s->name);
		g_key_file_set_string(kf, group, "status", s->status);
		set_optional(kf, group, "mount-point", s->mount_point);
		set_optional(kf, group, "reason", s->reason);
		set_optional(kf, group, "note", s->note);
		if (s->helper_pid)
			g_key_file_set_int64(kf, group, "helper-pid",
					     s->helper_pid);
	}
	g_key_file_set_uint64(kf, OVT_STATE_GROUP_STATE, "shares",
			      st->shares->len);
	g_key_file_set_uint64(kf, OVT_STATE_GROUP_STATE, "mounted", mounted);
}

static void load_share(struct automount_state *st, GKeyFile *kf,
		       const char *group)
{
	struct automount_state_share s = { 0 };

	s.name = g_key_file_get_string(kf, group, "name", NULL);
	s.status = g_key_file_get_string(kf, group, "status", NULL);
	s.mount_point = g_key_file_get_string(kf, group, "mount-point", NULL);
	s.reason = g_key_file_get_string(kf, group, "reason", NULL);
	s.note = g_key_file_get_string(kf, group, "note", NULL);
	s.helper_pid = g_key_file_get_int64(kf, group, "helper-pid", NULL);
	if (s.name && s.status)
		automount_state_add(st, &s);
	g_free(s.name);
	g_free(s.status);
	g_free(s.mount_point);
	g_free(s.reason);
	g_free(s.note);
}

struct automount_state *automount_state_load(GKeyFile *kf)
{
	g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
	g_autofree gchar *mode = NULL;
	g_autofree gchar *device = NULL;
	struct automount_state *st;
	size_t i;

	mode = g_key_file_get_string(kf, OVT_STATE_GROUP_STATE, "mode", NULL);
	device = g_key_file_get_string(kf, OVT_STATE_GROUP_STATE, "device",
				       NULL);
	st = automount_state_new(g_key_file_get_int64(kf, OVT_STATE_GROUP_AGENT,
						      "pid", NULL),
				 g_strcmp0(mode, "user") == 0, device);
	st->alive = ovt_state_file_alive(kf);
	for (i = 0; groups[i]; i++)
		if (is_share_group(groups[i]))
			load_share(st, kf, groups[i]);
	return st;
}

struct automount_state *automount_state_read(const char *path, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();

	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, error))
		return NULL;
	return automount_state_load(kf);
}

const struct automount_state_share *
automount_state_find(const struct automount_state *st, const char *name)
{
	guint i;

	for (i = 0; i < st->shares->len; i++) {
		const struct automount_state_share *s = st->shares->pdata[i];

		if (automount_share_name_equal(s->name, name))
			return s;
	}
	return NULL;
}

void automount_state_free(struct automount_state *st)
{
	if (!st)
		return;
	g_ptr_array_unref(st->shares);
	g_free(st->device);
	g_free(st);
}
