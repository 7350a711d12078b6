// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboxctl status [AGENT]: which agents of the system and of the caller's
 * session run, what each is doing, and the driver and host versions.
 *
 * Output lines are "key: value": first the driver and the host, then for
 * each agent "NAME.KEY: VALUE" lines (NAME is "vbox-clipboard@:0" for a
 * per-display agent), starting with NAME.status: running, dead or
 * stopped; the keys of an agent's own groups (vbox-automount's shares)
 * are "NAME.GROUP.KEY" lines.  The agents publish their state through services/common's
 * ovt_state; a state file whose process is gone (or whose PID now belongs
 * to another process) is reported as dead.
 */
#define G_LOG_DOMAIN "vboxctl"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "services/common/ovt_state.h"
#include "services/vboxctl/vboxctl.h"

/* The agents the suite ships, in the order they are listed. */
static const char *const known_agents[] = {
	"vbox-balloon",	  "vbox-automount", "vbox-guestinfo", "vbox-timesync",
	"vbox-clipboard", "vbox-display",   "vbox-seamless",
};

struct agent_entry {
	char *label; /* NAME or NAME@INSTANCE */
	char *name;
	GKeyFile *kf; /* NULL: no state file */
	bool alive;
};

static void agent_entry_free(gpointer p)
{
	struct agent_entry *e = p;

	g_free(e->label);
	g_free(e->name);
	if (e->kf)
		g_key_file_free(e->kf);
	g_free(e);
}

static int known_index(const char *name)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(known_agents); i++)
		if (!strcmp(known_agents[i], name))
			return (int)i;
	return -1;
}

/* Load every NAME[@INSTANCE].state of a directory. */
static void load_dir(const char *dir, GPtrArray *entries)
{
	const char *file;
	GDir *d;

	if (!dir)
		return;
	d = g_dir_open(dir, 0, NULL);
	if (!d)
		return;
	while ((file = g_dir_read_name(d))) {
		struct agent_entry *e;
		char *path, *name;
		GKeyFile *kf;

		if (!g_str_has_suffix(file, ".state") || file[0] == '.')
			continue;
		path = g_build_filename(dir, file, NULL);
		kf = g_key_file_new();
		if (!g_key_file_load_from_file(kf, path, 0, NULL)) {
			g_key_file_free(kf);
			g_free(path);
			continue;
		}
		g_free(path);
		name = g_key_file_get_string(kf, OVT_STATE_GROUP_AGENT, "name",
					     NULL);
		if (!name) {
			g_key_file_free(kf);
			continue;
		}
		e = g_new0(struct agent_entry, 1);
		e->label = g_strndup(file, strlen(file) - strlen(".state"));
		e->name = name;
		e->kf = kf;
		e->alive = ovt_state_file_alive(kf);
		g_ptr_array_add(entries, e);
	}
	g_dir_close(d);
}

static gint compare_entries(gconstpointer a, gconstpointer b)
{
	const struct agent_entry *x = *(struct agent_entry *const *)a;
	const struct agent_entry *y = *(struct agent_entry *const *)b;
	int ix = known_index(x->name), iy = known_index(y->name);

	if (ix != iy)
		return (ix < 0 ? 1000 : ix) - (iy < 0 ? 1000 : iy);
	return strcmp(x->label, y->label);
}

/* Known agents without a state file are listed as stopped. */
static void add_stopped(GPtrArray *entries)
{
	size_t i, j;

	for (i = 0; i < G_N_ELEMENTS(known_agents); i++) {
		struct agent_entry *e;
		bool seen = false;

		for (j = 0; j < entries->len && !seen; j++) {
			e = g_ptr_array_index(entries, j);
			seen = !strcmp(e->name, known_agents[i]);
		}
		if (seen)
			continue;
		e = g_new0(struct agent_entry, 1);
		e->label = g_strdup(known_agents[i]);
		e->name = g_strdup(known_agents[i]);
		g_ptr_array_add(entries, e);
	}
}

/* "LABEL.KEY: VALUE", or "LABEL.GROUP.KEY: VALUE" with @prefix. */
static void print_group(const struct agent_entry *e, const char *group,
			const char *const *skip, bool prefix)
{
	gchar **keys = g_key_file_get_keys(e->kf, group, NULL, NULL);
	size_t i;

	for (i = 0; keys && keys[i]; i++) {
		char *v;

		if (skip && g_strv_contains(skip, keys[i]))
			continue;
		v = g_key_file_get_string(e->kf, group, keys[i], NULL);
		if (prefix)
			g_print("%s.%s.%s: %s\n", e->label, group, keys[i],
				v ? v : "");
		else
			g_print("%s.%s: %s\n", e->label, keys[i], v ? v : "");
		g_free(v);
	}
	g_strfreev(keys);
}

static void print_agent(const struct agent_entry *e)
{
	static const char *const internal[] = { "name", "pid-start", NULL };
	gchar **groups;
	size_t i;

	if (!e->kf) {
		g_print("%s.status: stopped\n", e->label);
		return;
	}
	g_print("%s.status: %s\n", e->label, e->alive ? "running" : "dead");
	print_group(e, OVT_STATE_GROUP_AGENT, internal, false);
	print_group(e, OVT_STATE_GROUP_STATE, NULL, false);
	groups = g_key_file_get_groups(e->kf, NULL);
	for (i = 0; groups[i]; i++) {
		if (!strcmp(groups[i], OVT_STATE_GROUP_AGENT) ||
		    !strcmp(groups[i], OVT_STATE_GROUP_STATE))
			continue;
		print_group(e, groups[i], NULL, true);
	}
	g_strfreev(groups);
}

/* The driver and the host; false if the device cannot be used. */
static bool print_device(struct vboxctl *ctl)
{
	struct vbgl_driver_info info;
	struct vbgl_host_version ver;
	struct vbgl_handle *h;
	char text[40];

	if (vboxctl_handle(ctl, &h)) {
		g_print("driver: unavailable\n");
		return false;
	}
	if (vbgl_driver_info(h, &info) < 0) {
		g_print("driver: unavailable\n");
		return false;
	}
	g_print("driver version: %u.%u (0x%08x)\n", info.driver_version >> 16,
		info.driver_version & 0xffff, info.driver_version);
	if (vbgl_get_host_version(h, &ver) < 0) {
		g_print("host version: unavailable\n");
		return false;
	}
	vbgl_host_version_format(&ver, text, sizeof(text));
	g_print("host version: %s\n", text);
	return true;
}

static bool matches(const struct agent_entry *e, const char *want)
{
	return !strcmp(e->label, want) || !strcmp(e->name, want);
}

static int run_status(struct vboxctl *ctl, int argc, char **argv)
{
	GPtrArray *entries;
	const char *want = NULL;
	char *dir;
	bool ok, found = false;
	guint i;

	if (argc > 2)
		return ovt_print_usage_error("status takes at most one agent");
	if (argc == 2) {
		want = argv[1];
		if (known_index(want) < 0 && !strchr(want, '@'))
			return ovt_print_usage_error("unknown agent '%s'",
						     want);
	}
	entries = g_ptr_array_new_with_free_func(agent_entry_free);
	dir = ovt_state_dir(OVT_STATE_SYSTEM);
	load_dir(dir, entries);
	g_free(dir);
	dir = ovt_state_dir(OVT_STATE_SESSION);
	load_dir(dir, entries);
	g_free(dir);
	add_stopped(entries);
	g_ptr_array_sort(entries, compare_entries);

	ok = print_device(ctl);
	for (i = 0; i < entries->len; i++) {
		struct agent_entry *e = g_ptr_array_index(entries, i);

		if (want && !matches(e, want))
			continue;
		found = true;
		print_agent(e);
		/* A dead agent is a failure; a stopped one is not, unless it
		 * was asked for by name. */
		if (e->kf ? !e->alive : want != NULL)
			ok = false;
	}
	if (want && !found)
		ok = false;
	g_ptr_array_unref(entries);
	return ok ? OVT_EXIT_OK : OVT_EXIT_FAILURE;
}

const struct vboxctl_command vboxctl_cmd_status = {
	.name = "status",
	.args = "[AGENT]",
	.summary =
		"Show which agents run, what they do, and the driver and host",
	.run = run_status,
};
