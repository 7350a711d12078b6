// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vbox-automount agent (see automount_agent.h).
 *
 * Following the host: a worker thread blocks in WAIT_FOR_MAPPINGS_CHANGES
 * (no timeout) and hands each new configuration version to the main loop,
 * which re-reads the auto-mount shares and reconciles: new shares are
 * mounted, shares the host dropped (or whose root ID now names another
 * share) are unmounted.  At shutdown CANCEL_MAPPINGS_CHANGES_WAITS ends
 * the wait.  Nothing runs while nothing changes.
 *
 * Mounting: each share is served by one vboxsf-fuse process that the
 * agent starts in the foreground (-f) and supervises, rather than letting
 * it daemonize.  Reasons: the agent knows its pid (the state file shows
 * it; the agent can stop it and reap it), learns at once when it ends
 * (a child watch: unmounted from outside, crashed), and collects its
 * messages (a pipe) into its own log, so the reason a mount failed is
 * the helper's own words.  The helper runs in its own session, so a
 * terminal's Ctrl-C reaches the agent only, which then decides.
 * That the mount is up is seen in /proc/self/mountinfo, which the kernel
 * flags (POLLPRI) when the mount table changes; the agent watches it only
 * while a mount is on its way.
 *
 * Unmounting: SIGTERM to the helper, which unmounts (lazily, so a busy
 * mount cannot keep it) and exits; if it has not ended after 5 s it is
 * killed and the agent detaches the mount itself.
 *
 * The host's MountDir and MountPrefix guest properties (system mode, as
 * the reference automounter) are read at connect and followed by a second
 * worker thread that blocks in the guest property service's
 * GET_NOTIFICATION for /VirtualBox/GuestAdd/SharedFolders/Mount*; a
 * change that moves the mount points remounts the shares.  The
 * configuration's mount-dir and mount-prefix beat the properties, which
 * beat the defaults.  Disconnecting the property client ends the wait.
 *
 * Host loss: when the device or the simulator goes away, the helpers'
 * connections are gone too, so every mount is taken down; the agent
 * reconnects with back-off and mounts again.
 *
 * Facility: VBoxService (100), shared with the other system agents
 * (services/common/ovt_facility.h): init once the device is open, active
 * once the host's shares are followed, failed when a session cannot be
 * set up, terminating and terminated when the agent stops.  The per-user
 * agent reports none.
 */
#define G_LOG_DOMAIN "vbox-automount"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbglr3_shfl.h"
#include "services/common/ovt_facility.h"
#include "services/common/ovt_reconnect.h"
#include "services/common/ovt_sd_notify.h"
#include "services/common/ovt_state.h"
#include "services/vbox-automount/automount_agent.h"
#include "services/vbox-automount/automount_paths.h"
#include "services/vbox-automount/automount_state.h"

/* How long a helper may take to unmount and end before it is killed. */
#define AM_KILL_AFTER_S 5
/* Kept of a helper's output: its last line, and at most this much. */
#define AM_LINE_MAX 512

enum am_status {
	AM_FAILED,   /* not mounted, reason set */
	AM_MOUNTING, /* helper started, mount not seen yet */
	AM_MOUNTED,
	AM_UNMOUNTING, /* helper told to stop */
};

/* One auto-mount share as the host described it. */
struct am_share {
	gchar *name;
	gchar *hint; /* the host's mount point, "" for none */
	uint32_t root;
	uint32_t version;
	uint64_t flags; /* SHFL_MIF_* */
};

struct automount_agent;

/* One share the agent handles. */
struct am_entry {
	struct automount_agent *a;
	gchar *name;
	gchar *hint;
	uint32_t root;
	uint32_t version;
	enum am_status status;
	gchar *mount_point; /* chosen (and resolved) */
	gchar *reason;	    /* AM_FAILED: why */
	gchar *note;	    /* the host's mount point refused: why */
	gboolean gone;	    /* drop the entry once the helper ended */
	GPid pid;	    /* the helper, 0 for none */
	gboolean adopted;   /* found mounted, no helper of ours */
	guint child_watch;
	guint out_watch;
	int out_fd;
	GString *out; /* the partial line */
	gchar *last_line;
	guint kill_timer;
};

/* The WAIT_FOR_MAPPINGS_CHANGES worker. */
struct map_waiter {
	gint refs;
	struct vbgl_shfl *c;
	GThread *thread;
	gint stopping;
	gboolean stopped; /* main thread only */
	struct automount_agent *a;
};

struct map_result {
	struct map_waiter *w;
	uint32_t version;
	int error;
};

/* The guest property worker (MountDir / MountPrefix). */
struct prop_waiter {
	gint refs;
	struct vbgl_handle *h;
	uint32_t client;
	uint64_t timestamp; /* of the last change seen */
	GThread *thread;
	gint stopping;
	gint exited;	  /* the thread is past its last wait */
	gboolean stopped; /* main thread only */
	struct automount_agent *a;
};

struct prop_result {
	struct prop_waiter *w;
	int error;
};

struct automount_agent {
	const struct automount_config *cfg;
	gchar *mount_dir;    /* in use: configuration, property or default */
	gchar *mount_prefix; /* the same */
	gchar *prop_dir;     /* the host's usable MountDir, or NULL */
	gchar *prop_prefix;  /* the host's usable MountPrefix, or NULL */
	uint32_t gp_client;  /* guest property client, 0: none */
	struct prop_waiter *pwaiter;
	gchar *device;
	gchar *device_name;
	struct ovt_state *state;       /* not owned; may be NULL */
	struct ovt_facility *facility; /* VBoxService, shared; NULL: --user */
	gchar *mountinfo;
	gchar *error;

	struct vbgl_handle *h;
	struct vbgl_shfl *shfl;
	struct map_waiter *waiter;
	struct ovt_reconnect reconnect;
	gboolean following; /* the host reports changes */
	gboolean stopping;

	GPtrArray *entries; /* struct am_entry * */
	GPtrArray *scan;    /* struct am_share *, the last scan */
	int mi_fd;
	guint mi_watch;
	gchar *fuse_options;
};

static void set_error(struct automount_agent *a, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

static void set_error(struct automount_agent *a, const char *fmt, ...)
{
	va_list ap;

	g_free(a->error);
	va_start(ap, fmt);
	a->error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

static void reconcile(struct automount_agent *a, gboolean retry);
static void take_down_all(struct automount_agent *a, const char *why);
static void connection_lost(struct automount_agent *a, int error);

/* ---- the state file ------------------------------------------------------ */

static const char *status_name(enum am_status s)
{
	switch (s) {
	case AM_MOUNTING:
		return AUTOMOUNT_STATE_MOUNTING;
	case AM_MOUNTED:
		return AUTOMOUNT_STATE_MOUNTED;
	case AM_UNMOUNTING:
		return AUTOMOUNT_STATE_UNMOUNTING;
	default:
		return AUTOMOUNT_STATE_NOT_MOUNTED;
	}
}

static void write_state(struct automount_agent *a)
{
	struct automount_state *st;
	guint i, mounted = 0;

	st = automount_state_new(getpid(), a->cfg->user_mode,
				 a->h ? vbgl_device(a->h) : a->device_name);
	for (i = 0; i < a->entries->len; i++) {
		struct am_entry *e = a->entries->pdata[i];
		struct automount_state_share s = {
			.name = e->name,
			.status = (gchar *)status_name(e->status),
			.mount_point = e->mount_point,
			.reason = e->status == AM_FAILED ? e->reason : NULL,
			.note = e->note,
			.helper_pid = e->pid,
		};

		if (e->gone && e->status == AM_FAILED)
			continue;
		mounted += e->status == AM_MOUNTED;
		automount_state_add(st, &s);
	}
	if (a->state) {
		automount_state_store(st, ovt_state_keyfile(a->state));
		ovt_state_changed(a->state);
	}
	automount_state_free(st);
	if (!a->stopping)
		ovt_sd_notifyf("STATUS=%u of %u auto-mount shares mounted",
			       mounted, a->entries->len);
}

/* ---- entries -------------------------------------------------------------- */

static struct am_entry *entry_find(struct automount_agent *a, const char *name)
{
	guint i;

	for (i = 0; i < a->entries->len; i++) {
		struct am_entry *e = a->entries->pdata[i];

		if (automount_share_name_equal(e->name, name))
			return e;
	}
	return NULL;
}

static void entry_close_output(struct am_entry *e)
{
	if (e->out_watch)
		g_source_remove(e->out_watch);
	e->out_watch = 0;
	if (e->out_fd >= 0)
		close(e->out_fd);
	e->out_fd = -1;
}

static void entry_free(gpointer data)
{
	struct am_entry *e = data;

	entry_close_output(e);
	if (e->child_watch)
		g_source_remove(e->child_watch);
	if (e->kill_timer)
		g_source_remove(e->kill_timer);
	if (e->pid)
		g_spawn_close_pid(e->pid);
	if (e->out)
		g_string_free(e->out, TRUE);
	g_free(e->name);
	g_free(e->hint);
	g_free(e->mount_point);
	g_free(e->reason);
	g_free(e->note);
	g_free(e->last_line);
	g_free(e);
}

static void entry_fail(struct am_entry *e, gchar *reason)
{
	if (g_strcmp0(e->reason, reason))
		g_warning("share '%s' not mounted: %s", e->name, reason);
	e->status = AM_FAILED;
	g_free(e->reason);
	e->reason = reason;
}

static void am_share_free(gpointer data)
{
	struct am_share *s = data;

	g_free(s->name);
	g_free(s->hint);
	g_free(s);
}

/* ---- the mount table --------------------------------------------------------- */

static GPtrArray *read_mounts(struct automount_agent *a)
{
	GError *error = NULL;
	GPtrArray *mounts = ovt_mountinfo_read(a->mountinfo, &error);

	if (!mounts) {
		g_warning("cannot read the mount table: %s", error->message);
		g_error_free(error);
		mounts = g_ptr_array_new();
	}
	return mounts;
}

/* Whether the share is mounted at its mount point (by anyone). */
static gboolean share_mounted_at(GPtrArray *mounts, const char *name,
				 const char *mount_point)
{
	const struct ovt_mount *m = ovt_mountinfo_find(mounts, mount_point);
	const char *share = m ? automount_mount_share(m) : NULL;

	return share && automount_share_name_equal(share, name);
}

/* Detach a vboxsf-fuse mount whose helper is gone or does not answer. */
static void detach_mount(struct automount_agent *a, const char *name,
			 const char *mount_point)
{
	g_autoptr(GPtrArray) mounts = read_mounts(a);
	const char *argv[] = { "fusermount3", "-u",	   "-z",
			       "--",	      mount_point, NULL };
	GError *error = NULL;
	int status;

	if (!share_mounted_at(mounts, name, mount_point))
		return;
	if (!a->cfg->user_mode) {
		if (umount2(mount_point, MNT_DETACH) < 0)
			g_warning("cannot detach %s: %s", mount_point,
				  g_strerror(errno));
		return;
	}
	if (!g_spawn_sync(NULL, (gchar **)argv, NULL,
			  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
			  NULL, NULL, NULL, NULL, &status, &error)) {
		g_warning("cannot run fusermount3: %s", error->message);
		g_error_free(error);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		g_warning("fusermount3 could not detach %s", mount_point);
	}
}

static void mountinfo_unwatch(struct automount_agent *a)
{
	if (a->mi_watch)
		g_source_remove(a->mi_watch);
	a->mi_watch = 0;
	if (a->mi_fd >= 0)
		close(a->mi_fd);
	a->mi_fd = -1;
}

/* Mounts on their way that are now in the table become mounted. */
static gboolean check_pending(struct automount_agent *a)
{
	g_autoptr(GPtrArray) mounts = read_mounts(a);
	gboolean changed = FALSE, pending = FALSE;
	guint i;

	for (i = 0; i < a->entries->len; i++) {
		struct am_entry *e = a->entries->pdata[i];

		if (e->status != AM_MOUNTING)
			continue;
		if (!share_mounted_at(mounts, e->name, e->mount_point)) {
			pending = TRUE;
			continue;
		}
		e->status = AM_MOUNTED;
		changed = TRUE;
		g_message("share '%s' mounted on %s", e->name, e->mount_point);
	}
	if (changed)
		write_state(a);
	return pending;
}

static gboolean on_mountinfo(gint fd, GIOCondition cond, gpointer data)
{
	struct automount_agent *a = data;

	(void)fd;
	(void)cond;
	if (check_pending(a))
		return G_SOURCE_CONTINUE;
	a->mi_watch = 0;
	close(a->mi_fd);
	a->mi_fd = -1;
	return G_SOURCE_REMOVE;
}

/*
 * Watch the mount table while a mount is on its way.  The kernel flags
 * the open file (POLLERR|POLLPRI) at each change after the last poll;
 * the table is read right after opening, so a mount that came earlier is
 * not missed.
 */
static void mountinfo_watch(struct automount_agent *a)
{
	if (a->mi_fd >= 0)
		return;
	a->mi_fd = open(a->mountinfo, O_RDONLY | O_CLOEXEC);
	if (a->mi_fd < 0) {
		g_warning("cannot open %s: %s", a->mountinfo,
			  g_strerror(errno));
		return;
	}
	if (!check_pending(a)) {
		mountinfo_unwatch(a);
		return;
	}
	a->mi_watch =
		g_unix_fd_add(a->mi_fd, G_IO_PRI | G_IO_ERR, on_mountinfo, a);
}

/* ---- the helpers ------------------------------------------------------------- */

static void helper_line(struct am_entry *e, const char *line)
{
	if (!line[0])
		return;
	g_info("vboxsf-fuse[%d] for '%s': %s", (int)e->pid, e->name, line);
	g_free(e->last_line);
	e->last_line = g_strdup(g_str_has_prefix(line, "vboxsf-fuse: ") ?
					line + strlen("vboxsf-fuse: ") :
					line);
}

/* Read what the helper wrote; FALSE at the end of its output. */
static gboolean helper_read(struct am_entry *e)
{
	char buf[1024];
	ssize_t n;
	char *nl;

	for (;;) {
		n = read(e->out_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN;
		if (n == 0)
			return FALSE;
		g_string_append_len(e->out, buf, n);
		while ((nl = memchr(e->out->str, '\n', e->out->len))) {
			*nl = '\0';
			helper_line(e, e->out->str);
			g_string_erase(e->out, 0, nl - e->out->str + 1);
		}
		if (e->out->len > AM_LINE_MAX) {
			helper_line(e, e->out->str);
			g_string_truncate(e->out, 0);
		}
	}
}

static gboolean on_helper_output(gint fd, GIOCondition cond, gpointer data)
{
	struct am_entry *e = data;

	(void)fd;
	(void)cond;
	if (helper_read(e))
		return G_SOURCE_CONTINUE;
	e->out_watch = 0;
	close(e->out_fd);
	e->out_fd = -1;
	return G_SOURCE_REMOVE;
}

static void entry_remove(struct am_entry *e)
{
	g_ptr_array_remove(e->a->entries, e);
}

static void on_helper_exit(GPid pid, gint status, gpointer data)
{
	struct am_entry *e = data;
	struct automount_agent *a = e->a;
	g_autofree gchar *how = NULL;

	e->child_watch = 0;
	if (e->out_fd >= 0) {
		helper_read(e);
		if (e->out->len)
			helper_line(e, e->out->str);
		g_string_truncate(e->out, 0);
		entry_close_output(e);
	}
	if (e->kill_timer)
		g_source_remove(e->kill_timer);
	e->kill_timer = 0;
	g_spawn_close_pid(pid);
	e->pid = 0;
	if (WIFEXITED(status))
		how = g_strdup_printf("exit status %d", WEXITSTATUS(status));
	else
		how = g_strdup_printf("signal %d", WTERMSIG(status));
	g_debug("vboxsf-fuse[%d] for '%s' ended (%s)", (int)pid, e->name, how);
	/* A helper that died leaves a dead mount ("not connected"). */
	detach_mount(a, e->name, e->mount_point);

	switch (e->status) {
	case AM_UNMOUNTING:
		g_message("share '%s' unmounted from %s", e->name,
			  e->mount_point);
		e->status = AM_FAILED;
		break;
	case AM_MOUNTING:
		entry_fail(e, e->last_line && !WIFSIGNALED(status) ?
				      g_strdup(e->last_line) :
				      g_strdup_printf("vboxsf-fuse ended (%s)",
						      how));
		break;
	default:
		entry_fail(
			e,
			g_strdup_printf(
				"the mount ended outside vbox-automount (vboxsf-fuse %s); it is retried at the next host change or SIGHUP",
				how));
		break;
	}
	/*
	 * A share that comes back under the same name waited for this; a
	 * failed mount is not retried here (it would loop), only at the next
	 * host change or SIGHUP.
	 */
	if (e->gone)
		entry_remove(e);
	if (!a->stopping)
		reconcile(a, FALSE);
	else
		write_state(a);
}

static gboolean on_kill_timer(gpointer data)
{
	struct am_entry *e = data;

	e->kill_timer = 0;
	if (e->pid) {
		g_warning(
			"vboxsf-fuse[%d] for '%s' did not end within %u s: killing it",
			(int)e->pid, e->name, AM_KILL_AFTER_S);
		kill(e->pid, SIGKILL);
	}
	return G_SOURCE_REMOVE;
}

static void entry_unmount(struct am_entry *e, const char *why)
{
	struct automount_agent *a = e->a;

	if (e->status != AM_MOUNTED && e->status != AM_MOUNTING)
		return;
	g_info("unmounting share '%s' from %s: %s", e->name, e->mount_point,
	       why);
	if (e->adopted || !e->pid) {
		detach_mount(a, e->name, e->mount_point);
		g_message("share '%s' unmounted from %s", e->name,
			  e->mount_point);
		e->adopted = FALSE;
		e->status = AM_FAILED;
		return;
	}
	e->status = AM_UNMOUNTING;
	kill(e->pid, SIGTERM);
	e->kill_timer =
		g_timeout_add_seconds(AM_KILL_AFTER_S, on_kill_timer, e);
}

/*
 * In the child, before exec: its own session (a terminal's signals reach
 * the agent, not the helpers), stderr into the same pipe as stdout, and
 * stdin from /dev/null.  Only async-signal-safe calls.
 */
static void helper_setup(gpointer data)
{
	int null;

	(void)data;
	setsid();
	dup2(STDOUT_FILENO, STDERR_FILENO);
	null = open("/dev/null", O_RDONLY);
	if (null > STDIN_FILENO) {
		dup2(null, STDIN_FILENO);
		close(null);
	}
}

static gboolean spawn_helper(struct am_entry *e, gchar **reason)
{
	struct automount_agent *a = e->a;
	g_autofree gchar *dev =
		g_strdup_printf("--device=%s", vbgl_device(a->h));
	/* "--": a share name may start with '-'. */
	const char *argv[] = { a->cfg->vboxsf_fuse,
			       "-f",
			       dev,
			       "-o",
			       a->fuse_options,
			       "--",
			       e->name,
			       e->mount_point,
			       NULL };
	GError *error = NULL;

	if (!g_spawn_async_with_pipes(NULL, (gchar **)argv, NULL,
				      G_SPAWN_DO_NOT_REAP_CHILD, helper_setup,
				      NULL, &e->pid, NULL, &e->out_fd, NULL,
				      &error)) {
		*reason = g_strdup_printf("cannot start %s: %s",
					  a->cfg->vboxsf_fuse, error->message);
		g_error_free(error);
		e->pid = 0;
		e->out_fd = -1;
		return FALSE;
	}
	g_unix_set_fd_nonblocking(e->out_fd, TRUE, NULL);
	e->out_watch = g_unix_fd_add(e->out_fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
				     on_helper_output, e);
	e->child_watch = g_child_watch_add(e->pid, on_helper_exit, e);
	g_clear_pointer(&e->last_line, g_free);
	return TRUE;
}

/* ---- choosing the mount point ------------------------------------------------ */

static gboolean mount_point_claimed(struct automount_agent *a,
				    struct am_entry *self, const char *path)
{
	guint i;

	for (i = 0; i < a->entries->len; i++) {
		struct am_entry *e = a->entries->pdata[i];

		if (e != self && e->status != AM_FAILED &&
		    !g_strcmp0(e->mount_point, path))
			return TRUE;
	}
	return FALSE;
}

/* The host's mount point if usable, else MOUNTDIR/PREFIXNAME[_N]. */
static gchar *choose_mount_point(struct am_entry *e)
{
	struct automount_agent *a = e->a;
	const char *why = NULL;
	gchar *path = NULL;
	unsigned int n;

	g_clear_pointer(&e->note, g_free);
	if (e->hint[0] && !a->cfg->host_mount_points) {
		e->note = g_strdup_printf(
			"the host's mount point '%s' is ignored (host-mount-points=false)",
			e->hint);
	} else if (e->hint[0]) {
		if (automount_check_host_mount_point(
			    e->hint, a->cfg->user_mode ? a->cfg->home : NULL,
			    &path, &why)) {
			if (!mount_point_claimed(a, e, path))
				return path;
			why = "another share is mounted there";
			g_free(path);
		}
		e->note = g_strdup_printf(
			"the host's mount point '%s' is refused: %s", e->hint,
			why);
		g_warning("share '%s': %s", e->name, e->note);
	}
	for (n = 0; n <= 9; n++) {
		path = automount_default_mount_point(
			a->mount_dir, a->mount_prefix, e->name, n);
		if (!mount_point_claimed(a, e, path))
			return path;
		g_free(path);
	}
	return NULL;
}

static void entry_mount(struct am_entry *e)
{
	struct automount_agent *a = e->a;
	const struct automount_config *cfg = a->cfg;
	g_autoptr(GPtrArray) mounts = NULL;
	g_autofree gchar *wanted = choose_mount_point(e);
	gchar *real = NULL, *reason = NULL;
	mode_t mode;

	if (!wanted) {
		entry_fail(e, g_strdup("every mount point for it is taken"));
		return;
	}
	mounts = read_mounts(a);
	if (share_mounted_at(mounts, e->name, wanted)) {
		/* Left by an earlier run (unmount-on-exit=false) or fstab. */
		g_free(e->mount_point);
		e->mount_point = g_steal_pointer(&wanted);
		e->status = AM_MOUNTED;
		e->adopted = TRUE;
		g_message("share '%s' is already mounted on %s", e->name,
			  e->mount_point);
		return;
	}
	if (cfg->user_mode)
		mode = 0700;
	else
		mode = cfg->dir_mode >= 0 ? (mode_t)cfg->dir_mode : 0770;
	g_free(e->mount_point);
	e->mount_point = g_strdup(wanted);
	if (!automount_prepare_dir(wanted, cfg->uid, cfg->gid, mode,
				   cfg->user_mode, mounts, &real, &reason)) {
		entry_fail(e, reason);
		return;
	}
	g_free(e->mount_point);
	e->mount_point = real;
	if (!spawn_helper(e, &reason)) {
		entry_fail(e, reason);
		return;
	}
	g_info("mounting share '%s' on %s (vboxsf-fuse[%d])", e->name,
	       e->mount_point, (int)e->pid);
	e->status = AM_MOUNTING;
	g_clear_pointer(&e->reason, g_free);
}

/* ---- reconciling with the host ------------------------------------------------ */

static struct am_share *scan_find(GPtrArray *scan, const char *name)
{
	guint i;

	for (i = 0; scan && i < scan->len; i++) {
		struct am_share *s = scan->pdata[i];

		if (automount_share_name_equal(s->name, name))
			return s;
	}
	return NULL;
}

/* Take down what the host no longer offers (or offers as another share). */
static void reconcile_gone(struct automount_agent *a)
{
	guint i = 0;

	while (i < a->entries->len) {
		struct am_entry *e = a->entries->pdata[i];
		struct am_share *s = scan_find(a->scan, e->name);

		if (s && (e->adopted ||
			  (s->root == e->root && s->version == e->version))) {
			i++;
			continue;
		}
		if (e->status == AM_FAILED) {
			g_ptr_array_remove_index(a->entries, i);
			continue;
		}
		e->gone = TRUE;
		entry_unmount(e,
			      s ? "the host gave its root ID to another share" :
				  "the host no longer offers it");
		if (e->status == AM_FAILED) {
			g_ptr_array_remove_index(a->entries, i);
			continue;
		}
		i++;
	}
}

/*
 * Mount what the last scan offers and the agent does not have yet; with
 * @retry also what failed before.
 */
static void reconcile(struct automount_agent *a, gboolean retry)
{
	gboolean fresh;
	guint i;

	reconcile_gone(a);
	for (i = 0; a->scan && i < a->scan->len; i++) {
		struct am_share *s = a->scan->pdata[i];
		struct am_entry *e = entry_find(a, s->name);

		if (e && e->gone)
			continue; /* its old mount is still going */
		fresh = !e;
		if (!e) {
			e = g_new0(struct am_entry, 1);
			e->a = a;
			e->name = g_strdup(s->name);
			e->out_fd = -1;
			e->out = g_string_new(NULL);
			e->status = AM_FAILED;
			g_ptr_array_add(a->entries, e);
		}
		e->root = s->root;
		e->version = s->version;
		g_free(e->hint);
		e->hint = g_strdup(s->hint);
		if (e->status == AM_FAILED && a->h && (fresh || retry))
			entry_mount(e);
	}
	write_state(a);
	mountinfo_watch(a);
}

/* The host's auto-mount shares; -errno when the host cannot be asked. */
static int scan_shares(struct automount_agent *a, GPtrArray **out)
{
	struct vbgl_shfl_share *shares = NULL;
	uint32_t count = 0, i;
	struct am_share *s;
	GPtrArray *scan;
	int ret;

	ret = vbgl_shfl_list_shares(a->shfl, SHFL_MF_AUTOMOUNT, &shares,
				    &count);
	if (ret == -EINVAL) {
		/* What hosts answer when none is marked: none. */
		count = 0;
		ret = 0;
	}
	if (ret < 0)
		return ret;
	scan = g_ptr_array_new_with_free_func(am_share_free);
	for (i = 0; i < count; i++) {
		const struct vbgl_shfl_share *h = &shares[i];
		/* Hosts before 6.0 list only auto-mount shares, as asked. */
		uint64_t flags = h->has_info ? h->flags : SHFL_MIF_AUTO_MOUNT;

		if (!(flags & SHFL_MIF_AUTO_MOUNT) || scan_find(scan, h->name))
			continue;
		s = g_new0(struct am_share, 1);
		s->name = g_strdup(h->name);
		s->hint = g_strdup(h->mount_point);
		s->root = h->root;
		s->version = h->version;
		s->flags = flags;
		g_ptr_array_add(scan, s);
	}
	vbgl_shfl_shares_free(shares, count);
	*out = scan;
	return 0;
}

static int rescan(struct automount_agent *a)
{
	GPtrArray *scan = NULL;
	int ret = scan_shares(a, &scan);

	if (ret < 0)
		return ret;
	g_clear_pointer(&a->scan, g_ptr_array_unref);
	a->scan = scan;
	g_debug("the host offers %u auto-mount shares", scan->len);
	reconcile(a, TRUE);
	return 0;
}

/* ---- the WAIT_FOR_MAPPINGS_CHANGES worker -------------------------------------- */

static struct map_waiter *waiter_ref(struct map_waiter *w)
{
	g_atomic_int_inc(&w->refs);
	return w;
}

static void waiter_unref(struct map_waiter *w)
{
	if (g_atomic_int_dec_and_test(&w->refs))
		g_free(w);
}

static gboolean waiter_deliver(gpointer data)
{
	struct map_result *r = data;
	struct automount_agent *a = r->w->a;
	int ret;

	if (r->w->stopped)
		return G_SOURCE_REMOVE;
	if (r->error == -ENOSYS) {
		g_warning(
			"the host cannot report share changes (before VirtualBox 6.0): shares are read at start and on SIGHUP only");
		a->following = FALSE;
		return G_SOURCE_REMOVE;
	}
	if (r->error) {
		if (!ovt_errno_is_disconnect(r->error))
			g_warning(
				"waiting for share changes failed: %s; reconnecting",
				g_strerror(-r->error));
		connection_lost(a, r->error);
		return G_SOURCE_REMOVE;
	}
	g_info("the host's shares changed (version %u)", r->version);
	ret = rescan(a);
	if (ret < 0)
		connection_lost(a, ret);
	return G_SOURCE_REMOVE;
}

static void waiter_result_free(gpointer data)
{
	struct map_result *r = data;

	waiter_unref(r->w);
	g_free(r);
}

static void waiter_post(struct map_waiter *w, uint32_t version, int error)
{
	struct map_result *r = g_new(struct map_result, 1);
	GSource *src = g_idle_source_new();

	r->w = waiter_ref(w);
	r->version = version;
	r->error = error;
	g_source_set_priority(src, G_PRIORITY_DEFAULT);
	g_source_set_callback(src, waiter_deliver, r, waiter_result_free);
	g_source_attach(src, NULL);
	g_source_unref(src);
}

/*
 * Version 0 first: the host answers at once with its current version
 * (unless that is 0 too), which costs one extra scan right after the one
 * at start and closes the window between that scan and the first wait.
 */
static gpointer waiter_main(gpointer data)
{
	struct map_waiter *w = data;
	uint32_t version = 0;
	int ret;

	for (;;) {
		ret = vbgl_shfl_wait_for_mappings_changes(w->c, &version);
		if (g_atomic_int_get(&w->stopping))
			break;
		if (ret < 0) {
			waiter_post(w, 0, ret);
			break;
		}
		waiter_post(w, version, 0);
	}
	waiter_unref(w);
	return NULL;
}

static int waiter_start(struct automount_agent *a)
{
	struct map_waiter *w = g_new0(struct map_waiter, 1);
	GError *error = NULL;
	sigset_t all, old;

	w->refs = 2; /* ours and the thread's */
	w->c = a->shfl;
	w->a = a;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	w->thread = g_thread_try_new("share-changes", waiter_main, w, &error);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!w->thread) {
		set_error(a, "cannot start the share-change thread: %s",
			  error->message);
		g_error_free(error);
		g_free(w);
		return -EAGAIN;
	}
	a->waiter = w;
	a->following = TRUE;
	return 0;
}

static void waiter_stop(struct map_waiter *w)
{
	int ret;

	if (!w)
		return;
	w->stopped = TRUE;
	g_atomic_int_set(&w->stopping, 1);
	ret = vbgl_shfl_cancel_mappings_changes_waits(w->c);
	if (ret < 0)
		g_debug("cancelling the share-change wait: %s",
			g_strerror(-ret));
	g_thread_join(w->thread);
	waiter_unref(w);
}

/* ---- the host's MountDir and MountPrefix ------------------------------------------ */

#define AM_PROP_DIR    "/VirtualBox/GuestAdd/SharedFolders/MountDir"
#define AM_PROP_PREFIX "/VirtualBox/GuestAdd/SharedFolders/MountPrefix"

static const char *const am_prop_patterns[] = {
	"/VirtualBox/GuestAdd/SharedFolders/Mount*", NULL
};

/*
 * The mount directory and prefix in use: the configuration's when it
 * gives them, else the host's, else the defaults.  TRUE when they changed.
 */
static gboolean update_base(struct automount_agent *a)
{
	const char *dir = a->cfg->mount_dir_set || !a->prop_dir ?
				  a->cfg->mount_dir :
				  a->prop_dir;
	const char *prefix = a->cfg->mount_prefix_set || !a->prop_prefix ?
				     a->cfg->mount_prefix :
				     a->prop_prefix;
	gboolean changed = g_strcmp0(dir, a->mount_dir) ||
			   g_strcmp0(prefix, a->mount_prefix);

	if (changed) {
		gchar *d = g_strdup(dir), *p = g_strdup(prefix);

		g_free(a->mount_dir);
		g_free(a->mount_prefix);
		a->mount_dir = d;
		a->mount_prefix = p;
	}
	return changed;
}

/* Every share again, the new way, once its old mount is gone. */
static void remount_all(struct automount_agent *a, const char *why)
{
	take_down_all(a, why);
	reconcile(a, TRUE);
}

static struct prop_waiter *pwaiter_ref(struct prop_waiter *w)
{
	g_atomic_int_inc(&w->refs);
	return w;
}

static void pwaiter_unref(struct prop_waiter *w)
{
	if (g_atomic_int_dec_and_test(&w->refs))
		g_free(w);
}

/* One property's value, or NULL when it is not set (or unreadable). */
static gchar *read_prop(struct automount_agent *a, const char *name)
{
	char *value = NULL;
	gchar *copy;
	int ret;

	ret = vbgl_guestprop_get(a->h, a->gp_client, name, &value, NULL, NULL);
	if (ret < 0) {
		if (ret != -ENOENT)
			g_warning("cannot read %s: %s", name, g_strerror(-ret));
		return NULL;
	}
	copy = g_strdup(value);
	free(value);
	return copy;
}

/* Read both properties; TRUE when the mount points move. */
static gboolean read_props(struct automount_agent *a)
{
	g_autofree gchar *dir = read_prop(a, AM_PROP_DIR);
	g_autofree gchar *prefix = read_prop(a, AM_PROP_PREFIX);

	g_clear_pointer(&a->prop_dir, g_free);
	g_clear_pointer(&a->prop_prefix, g_free);
	if (dir) {
		a->prop_dir = automount_host_mount_dir(dir);
		if (!a->prop_dir)
			g_warning(
				"the host's %s '%s' is not an absolute path: ignored",
				AM_PROP_DIR, dir);
	}
	if (prefix) {
		if (automount_host_mount_prefix_ok(prefix))
			a->prop_prefix = g_steal_pointer(&prefix);
		else
			g_warning(
				"the host's %s '%s' is not usable (it must not hold '/' or '\\' or be '..'): ignored",
				AM_PROP_PREFIX, prefix);
	}
	return update_base(a);
}

static gboolean pwaiter_deliver(gpointer data)
{
	struct prop_result *r = data;
	struct automount_agent *a = r->w->a;

	if (r->w->stopped)
		return G_SOURCE_REMOVE;
	if (r->error) {
		/* the share waiter sees a lost host too, and reconnects */
		if (!ovt_errno_is_disconnect(r->error))
			g_warning(
				"waiting for the host's MountDir and MountPrefix failed: %s; they are read again at the next connect",
				g_strerror(-r->error));
		return G_SOURCE_REMOVE;
	}
	if (read_props(a)) {
		g_message(
			"the host's guest properties moved the mount points to %s/%s*",
			a->mount_dir, a->mount_prefix);
		remount_all(a, "the host changed MountDir or MountPrefix");
	}
	return G_SOURCE_REMOVE;
}

static void pwaiter_result_free(gpointer data)
{
	struct prop_result *r = data;

	pwaiter_unref(r->w);
	g_free(r);
}

static void pwaiter_post(struct prop_waiter *w, int error)
{
	struct prop_result *r = g_new(struct prop_result, 1);
	GSource *src = g_idle_source_new();

	r->w = pwaiter_ref(w);
	r->error = error;
	g_source_set_priority(src, G_PRIORITY_DEFAULT);
	g_source_set_callback(src, pwaiter_deliver, r, pwaiter_result_free);
	g_source_attach(src, NULL);
	g_source_unref(src);
}

/* Each change wakes the main loop, which reads both properties again. */
static gpointer pwaiter_main(gpointer data)
{
	struct prop_waiter *w = data;
	struct vbgl_guestprop_change ch;
	int ret;

	for (;;) {
		ret = vbgl_guestprop_wait(w->h, w->client, am_prop_patterns,
					  w->timestamp, VBGL_TIMEOUT_INFINITE,
					  &ch);
		if (g_atomic_int_get(&w->stopping)) {
			if (ret == 0)
				vbgl_guestprop_change_clear(&ch);
			break;
		}
		if (ret < 0) {
			pwaiter_post(w, ret);
			break;
		}
		w->timestamp = ch.timestamp;
		vbgl_guestprop_change_clear(&ch);
		pwaiter_post(w, 0);
	}
	g_atomic_int_set(&w->exited, 1);
	pwaiter_unref(w);
	return NULL;
}

/* The newest timestamp of the two properties, 0 when neither is set. */
static int newest_change(const char *name, const char *value,
			 uint64_t timestamp, uint32_t flags, void *opaque)
{
	uint64_t *newest = opaque;

	(void)name;
	(void)value;
	(void)flags;
	if (timestamp > *newest)
		*newest = timestamp;
	return 0;
}

/*
 * System mode: connect to the guest property service and read the two
 * properties.  A host without the service just has none.
 */
static void props_open(struct automount_agent *a)
{
	int ret;

	if (a->cfg->user_mode)
		return;
	ret = vbgl_guestprop_connect(a->h, &a->gp_client);
	if (ret < 0) {
		a->gp_client = 0;
		g_info("no guest property service (%s): MountDir and MountPrefix are not followed",
		       g_strerror(-ret));
		return;
	}
	read_props(a);
}

static void props_follow(struct automount_agent *a)
{
	struct prop_waiter *w;
	GError *error = NULL;
	uint64_t newest = 0;
	sigset_t all, old;

	if (!a->gp_client)
		return;
	/* A change after the reading above is then reported at once. */
	if (vbgl_guestprop_enumerate(a->h, a->gp_client, am_prop_patterns,
				     newest_change, &newest) < 0)
		newest = 0;
	w = g_new0(struct prop_waiter, 1);
	w->refs = 2; /* ours and the thread's */
	w->h = a->h;
	w->client = a->gp_client;
	w->timestamp = newest;
	w->a = a;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	w->thread = g_thread_try_new("mount-props", pwaiter_main, w, &error);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!w->thread) {
		g_warning("cannot follow MountDir and MountPrefix: %s",
			  error->message);
		g_error_free(error);
		g_free(w);
		return;
	}
	a->pwaiter = w;
}

/*
 * Disconnecting the client ends the worker's pending wait (the host
 * completes it with VERR_INTERRUPTED); one between two waits finds the
 * client gone.  Either way it sees @stopping and exits.
 */
static void props_close(struct automount_agent *a)
{
	struct prop_waiter *w = a->pwaiter;

	if (w) {
		w->stopped = TRUE;
		g_atomic_int_set(&w->stopping, 1);
	}
	if (a->gp_client && a->h)
		vbgl_guestprop_disconnect(a->h, a->gp_client);
	a->gp_client = 0;
	if (w) {
		g_thread_join(w->thread);
		pwaiter_unref(w);
		a->pwaiter = NULL;
	}
}

/* ---- the session ---------------------------------------------------------------- */

static void session_close(struct automount_agent *a)
{
	props_close(a);
	g_clear_pointer(&a->waiter, waiter_stop);
	g_clear_pointer(&a->shfl, vbgl_shfl_disconnect);
	g_clear_pointer(&a->h, vbgl_close);
	a->following = FALSE;
}

static void take_down_all(struct automount_agent *a, const char *why)
{
	guint i = 0;

	while (i < a->entries->len) {
		struct am_entry *e = a->entries->pdata[i];

		e->gone = TRUE;
		entry_unmount(e, why);
		if (e->status == AM_FAILED) {
			g_ptr_array_remove_index(a->entries, i);
			continue;
		}
		i++;
	}
}

static void connection_lost(struct automount_agent *a, int error)
{
	if (!a->h)
		return;
	session_close(a);
	g_clear_pointer(&a->scan, g_ptr_array_unref);
	take_down_all(a, "the connection to the host is lost");
	ovt_state_host(a->state, OVT_STATE_HOST_LOST);
	ovt_state_error(a->state, "lost %s: %s", a->device_name,
			g_strerror(-error));
	write_state(a);
	ovt_sd_notifyf("STATUS=Lost %s, reconnecting", a->device_name);
	ovt_reconnect_start(&a->reconnect, error);
}

static int session_open(gpointer data)
{
	struct automount_agent *a = data;
	int ret;

	g_clear_pointer(&a->error, g_free);
	ret = vbgl_open(a->device,
			a->cfg->user_mode ? VBGL_OPEN_USER : VBGL_OPEN_SYSTEM,
			&a->h);
	if (ret < 0) {
		a->h = NULL;
		set_error(a, "cannot open %s: %s", a->device_name,
			  g_strerror(-ret));
		return ret;
	}
	ret = vbgl_shfl_connect(a->h, 0, &a->shfl);
	if (ret < 0) {
		a->shfl = NULL;
		set_error(
			a,
			"cannot connect to the shared-folders service through %s: %s",
			a->device_name,
			ret == -ENXIO ? "the host has no such service" :
					g_strerror(-ret));
		goto failed;
	}
	ret = ovt_facility_report(a->facility, a->h, VBGL_FACILITY_STATUS_INIT);
	if (ret < 0)
		goto failed;
	g_info("connected to the shared-folders service through %s (%s transport)",
	       vbgl_device(a->h), vbgl_transport_name(vbgl_transport(a->h)));
	props_open(a);
	ret = rescan(a);
	if (ret < 0) {
		set_error(a, "cannot read the host's shares: %s",
			  g_strerror(-ret));
		goto failed;
	}
	ret = waiter_start(a);
	if (ret < 0)
		goto failed;
	props_follow(a);
	ret = ovt_facility_report(a->facility, a->h,
				  VBGL_FACILITY_STATUS_ACTIVE);
	if (ret < 0)
		goto failed;
	ovt_state_host(a->state, OVT_STATE_HOST_CONNECTED);
	return 0;

failed:
	if (a->h && !ovt_errno_is_disconnect(ret))
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_FAILED);
	session_close(a);
	ovt_state_error(a->state, "%s", a->error ? a->error : g_strerror(-ret));
	return ret;
}

/* ---- the interface ------------------------------------------------------------- */

struct automount_agent *
automount_agent_new(const struct automount_agent_config *acfg)
{
	struct automount_agent *a = g_new0(struct automount_agent, 1);
	const char *env = g_getenv("VBGL_DEVICE");

	a->cfg = acfg->cfg;
	a->device = g_strdup(acfg->device);
	if (acfg->device)
		a->device_name = g_strdup(acfg->device);
	else if (env && env[0])
		a->device_name = g_strdup(env);
	else
		a->device_name = g_strdup(a->cfg->user_mode ? "/dev/vboxuser" :
							      "/dev/vboxguest");
	a->state = acfg->state;
	/* The per-user agent is no part of the system's VBoxService. */
	if (!a->cfg->user_mode)
		a->facility =
			ovt_facility_new(VBGL_FACILITY_VBOX_SERVICE, a->state);
	a->mountinfo = g_strdup(acfg->mountinfo ? acfg->mountinfo :
						  "/proc/self/mountinfo");
	a->entries = g_ptr_array_new_with_free_func(entry_free);
	a->mi_fd = -1;
	a->fuse_options = automount_config_fuse_options(a->cfg);
	update_base(a);
	ovt_reconnect_init(&a->reconnect, a->device_name, session_open, a);
	return a;
}

int automount_agent_start(struct automount_agent *a)
{
	return session_open(a);
}

const char *automount_agent_error(const struct automount_agent *a)
{
	return a->error;
}

void automount_agent_rescan(struct automount_agent *a)
{
	int ret;

	if (!a->h) {
		ovt_reconnect_now(&a->reconnect);
		return;
	}
	ret = rescan(a);
	if (ret < 0)
		connection_lost(a, ret);
}

void automount_agent_reconfigure(struct automount_agent *a,
				 const struct automount_config *cfg)
{
	gboolean same = automount_config_same_mounts(a->cfg, cfg);

	a->cfg = cfg;
	if (update_base(a))
		same = FALSE;
	if (same)
		return;
	g_free(a->fuse_options);
	a->fuse_options = automount_config_fuse_options(cfg);
	remount_all(a, "the configuration changed");
}

static gboolean helpers_running(struct automount_agent *a)
{
	guint i;

	for (i = 0; i < a->entries->len; i++) {
		struct am_entry *e = a->entries->pdata[i];

		if (e->pid)
			return TRUE;
	}
	return FALSE;
}

void automount_agent_stop(struct automount_agent *a)
{
	a->stopping = TRUE;
	ovt_reconnect_cancel(&a->reconnect);
	if (a->h)
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_TERMINATING);
	g_clear_pointer(&a->waiter, waiter_stop);
	mountinfo_unwatch(a);
	if (a->cfg->unmount_on_exit) {
		take_down_all(a, "the agent stops");
		/* The kill timers bound this wait. */
		while (helpers_running(a))
			g_main_context_iteration(NULL, TRUE);
	} else if (a->entries->len) {
		g_message("leaving %u shares mounted (unmount-on-exit=false)",
			  a->entries->len);
	}
	if (a->h)
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_TERMINATED);
	session_close(a);
}

void automount_agent_free(struct automount_agent *a)
{
	guint i;

	if (!a)
		return;
	ovt_reconnect_cancel(&a->reconnect);
	session_close(a);
	mountinfo_unwatch(a);
	/* Helpers left running (unmount-on-exit=false) are not killed. */
	for (i = 0; i < a->entries->len; i++) {
		struct am_entry *e = a->entries->pdata[i];

		if (e->child_watch)
			g_source_remove(e->child_watch);
		e->child_watch = 0;
	}
	g_ptr_array_unref(a->entries);
	g_clear_pointer(&a->scan, g_ptr_array_unref);
	ovt_facility_free(a->facility);
	g_free(a->device);
	g_free(a->device_name);
	g_free(a->mountinfo);
	g_free(a->fuse_options);
	g_free(a->mount_dir);
	g_free(a->mount_prefix);
	g_free(a->prop_dir);
	g_free(a->prop_prefix);
	g_free(a->error);
	g_free(a);
}
