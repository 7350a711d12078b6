// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboxctl sharedfolder list: every share the host offers, its flags, the
 * host's mount point, where it is mounted, and why not when it is not.
 *
 *   sharedfolder list [--state-file FILE]...
 *
 * Where a share is mounted comes from the mount table: every vboxsf-fuse
 * mount shows its share name as the source (fuse.vboxsf-fuse in
 * /proc/self/mountinfo).  Why it is not comes from vbox-automount's agent
 * state files (services/common/ovt_state.h: the system service's
 * vbox-automount.state in the system state directory and the caller's
 * per-user agent's in the session's, or the files named with
 * --state-file), whose share groups automount_state.h describes: a state
 * whose agent no longer runs is ignored.
 *
 * Output: one block per share, blocks separated by an empty line, lines
 * "key: value" (stable; scripts and tests read them):
 *
 *   share: Projects
 *   flags: rw,auto
 *   host mount point: /mnt/projects      ("-" for none)
 *   mounted at: /media/sf_Projects       (one line per mount), or
 *   not mounted: REASON
 *   note: REASON                         (e.g. the host's mount point refused)
 */
#define G_LOG_DOMAIN "vboxctl"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "libvbglr3/vbglr3_shfl.h"
#include "services/common/ovt_state.h"
#include "services/vbox-automount/automount_paths.h"
#include "services/vbox-automount/automount_state.h"
#include "services/vboxctl/vboxctl.h"

#define SF_USAGE "sharedfolder list [--state-file FILE]..."

struct sf_share {
	gchar *name;
	gchar *hint;
	uint64_t flags;
	gboolean has_flags; /* QUERY_MAP_INFO worked */
};

static void sf_share_free(gpointer data)
{
	struct sf_share *s = data;

	g_free(s->name);
	g_free(s->hint);
	g_free(s);
}

static void add_state(GPtrArray *states, const char *path, gboolean named)
{
	GError *error = NULL;
	struct automount_state *st = automount_state_read(path, &error);

	if (!st) {
		if (named ||
		    !g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			g_warning("cannot read %s: %s", path, error->message);
		g_error_free(error);
		return;
	}
	if (!st->alive) {
		g_debug("%s: vbox-automount (pid %" G_GINT64_FORMAT
			") no longer runs",
			path, st->pid);
		automount_state_free(st);
		return;
	}
	g_ptr_array_add(states, st);
}

static GPtrArray *read_states(char **files)
{
	GPtrArray *states = g_ptr_array_new_with_free_func(
		(GDestroyNotify)automount_state_free);
	static const enum ovt_state_scope scopes[] = {
		OVT_STATE_SYSTEM,
		OVT_STATE_SESSION,
	};
	size_t i;

	if (files) {
		for (i = 0; files[i]; i++)
			add_state(states, files[i], TRUE);
		return states;
	}
	for (i = 0; i < G_N_ELEMENTS(scopes); i++) {
		g_autofree gchar *dir = ovt_state_dir(scopes[i]);
		g_autofree gchar *path = NULL;

		if (!dir)
			continue;
		path = g_build_filename(dir, AUTOMOUNT_AGENT_NAME ".state",
					NULL);
		add_state(states, path, FALSE);
	}
	return states;
}

/* The host's shares, in root-ID order; an exit code on failure. */
static int query_shares(struct vboxctl *ctl, GPtrArray **out)
{
	struct vbgl_shfl_share *list = NULL;
	struct vbgl_handle *h;
	struct vbgl_shfl *c;
	struct sf_share *s;
	GPtrArray *shares;
	uint32_t count = 0, i;
	int ret;

	ret = vboxctl_handle(ctl, &h);
	if (ret)
		return ret;
	ret = vbgl_shfl_connect(h, 0, &c);
	if (ret == -ENXIO)
		return ovt_print_error(
			"the host has no shared-folders service");
	if (ret < 0)
		return ovt_print_error(
			"cannot connect to the shared-folders service: %s",
			g_strerror(-ret));
	ret = vbgl_shfl_list_shares(c, 0, &list, &count);
	vbgl_shfl_disconnect(c);
	if (ret < 0)
		return ovt_print_error("cannot list the host's shares: %s",
				       g_strerror(-ret));
	shares = g_ptr_array_new_with_free_func(sf_share_free);
	for (i = 0; i < count; i++) {
		s = g_new0(struct sf_share, 1);
		s->name = g_strdup(list[i].name);
		s->hint = g_strdup(list[i].mount_point);
		s->flags = list[i].flags;
		s->has_flags = list[i].has_info != 0;
		g_ptr_array_add(shares, s);
	}
	vbgl_shfl_shares_free(list, count);
	*out = shares;
	return 0;
}

static gchar *flags_text(const struct sf_share *s)
{
	GString *t = g_string_new(NULL);

	if (!s->has_flags)
		return g_string_free(t, FALSE);
	g_string_append(t, (s->flags & SHFL_MIF_WRITABLE) ? "rw" : "ro");
	if (s->flags & SHFL_MIF_AUTO_MOUNT)
		g_string_append(t, ",auto");
	if (s->flags & SHFL_MIF_SYMLINK_CREATION)
		g_string_append(t, ",symlinks");
	return g_string_free(t, FALSE);
}

/* The first live agent's word on a share, and that agent. */
static const struct automount_state_share *agent_entry(GPtrArray *states,
						       const char *name)
{
	const struct automount_state_share *e;
	guint i;

	for (i = 0; i < states->len; i++) {
		e = automount_state_find(states->pdata[i], name);
		if (e)
			return e;
	}
	return NULL;
}

static gchar *why_not_mounted(const struct sf_share *s, GPtrArray *states,
			      const struct automount_state_share *e)
{
	if (s->has_flags && !(s->flags & SHFL_MIF_AUTO_MOUNT))
		return g_strdup(
			"the host does not mark it for auto-mounting (mount it with vboxsf-fuse or mount.vboxsf-fuse)");
	if (!states->len)
		return g_strdup("vbox-automount is not running");
	if (!e)
		return g_strdup("vbox-automount has not handled it yet");
	if (!strcmp(e->status, AUTOMOUNT_STATE_NOT_MOUNTED))
		return g_strdup(e->reason ? e->reason :
					    "vbox-automount gave no reason");
	if (!strcmp(e->status, AUTOMOUNT_STATE_MOUNTING))
		return g_strdup_printf("vbox-automount is mounting it on %s",
				       e->mount_point);
	if (!strcmp(e->status, AUTOMOUNT_STATE_UNMOUNTING))
		return g_strdup_printf(
			"vbox-automount is unmounting it from %s",
			e->mount_point);
	return g_strdup_printf(
		"vbox-automount mounted it on %s, but the mount is gone",
		e->mount_point ? e->mount_point : "?");
}

static void print_share(const struct sf_share *s, GPtrArray *mounts,
			GPtrArray *states)
{
	const struct automount_state_share *e = agent_entry(states, s->name);
	g_autofree gchar *flags = flags_text(s);
	g_autofree gchar *why = NULL;
	gboolean mounted = FALSE;
	guint i;

	printf("share: %s\n", s->name);
	printf("flags: %s\n", flags[0] ? flags : "unknown (host before 6.0)");
	printf("host mount point: %s\n", s->hint[0] ? s->hint : "-");
	for (i = 0; i < mounts->len; i++) {
		const struct ovt_mount *m = mounts->pdata[i];
		const char *share = automount_mount_share(m);

		if (share && automount_share_name_equal(share, s->name)) {
			printf("mounted at: %s\n", m->mount_point);
			mounted = TRUE;
		}
	}
	if (!mounted) {
		why = why_not_mounted(s, states, e);
		printf("not mounted: %s\n", why);
	}
	if (e && e->note)
		printf("note: %s\n", e->note);
}

/* --state-file FILE (or -state-file, --state-file=FILE), repeatable. */
static int parse_list_args(int argc, char **argv, GPtrArray *files)
{
	int i;

	for (i = 2; i < argc; i++) {
		const char *arg = argv[i];

		if (g_str_has_prefix(arg, "--"))
			arg++;
		if (g_str_has_prefix(arg, "-state-file=") &&
		    arg[strlen("-state-file=")]) {
			g_ptr_array_add(files,
					g_strdup(arg + strlen("-state-file=")));
		} else if (!strcmp(arg, "-state-file") && i + 1 < argc &&
			   argv[i + 1][0]) {
			g_ptr_array_add(files, g_strdup(argv[++i]));
		} else {
			return ovt_print_usage_error("usage: %s", SF_USAGE);
		}
	}
	return 0;
}

static int run_list(struct vboxctl *ctl, int argc, char **argv)
{
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) shares = NULL;
	g_autoptr(GPtrArray) mounts = NULL;
	g_autoptr(GPtrArray) states = NULL;
	GError *error = NULL;
	guint i;
	int ret;

	ret = parse_list_args(argc, argv, files);
	if (ret)
		return ret;
	ret = query_shares(ctl, &shares);
	if (ret)
		return ret;
	mounts = ovt_mountinfo_read("/proc/self/mountinfo", &error);
	if (!mounts) {
		ret = ovt_print_error("cannot read the mount table: %s",
				      error->message);
		g_error_free(error);
		return ret;
	}
	if (files->len)
		g_ptr_array_add(files, NULL);
	states = read_states(files->len ? (char **)files->pdata : NULL);
	for (i = 0; i < shares->len; i++) {
		if (i)
			printf("\n");
		print_share(shares->pdata[i], mounts, states);
	}
	fflush(stdout);
	return OVT_EXIT_OK;
}

static int run_sharedfolder(struct vboxctl *ctl, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "list"))
		return ovt_print_usage_error("usage: %s", SF_USAGE);
	return run_list(ctl, argc, argv);
}

const struct vboxctl_command vboxctl_cmd_sharedfolder = {
	.name = "sharedfolder",
	.args = "list [--state-file FILE]...",
	.summary = "List the host's shared folders and where they are mounted",
	.run = run_sharedfolder,
};
