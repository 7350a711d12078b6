// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vbox-guestinfo agent (see guestinfo_agent.h).
 *
 * One cycle reads the system (guestinfo_sys.c), builds the property set
 * and writes what the cache says changed (guestinfo_props.c).  Cycles run
 * from a g_timeout_add_seconds() timer (one wake-up per interval), and
 * from an idle callback scheduled by two event sources that cost nothing
 * while nothing happens: an rtnetlink socket subscribed to RTMGRP_LINK and
 * RTMGRP_IPV4_IFADDR, and an inotify watch on utmp.
 */
#define G_LOG_DOMAIN "vbox-guestinfo"

#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <glib-unix.h>

#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_facility.h"
#include "services/common/ovt_reconnect.h"
#include "services/common/ovt_sd_notify.h"
#include "services/common/ovt_state.h"
#include "services/vbox-guestinfo/guestinfo_agent.h"
#include "services/vbox-guestinfo/guestinfo_props.h"
#include "services/vbox-guestinfo/guestinfo_sys.h"

#define NET_PATTERN GUESTINFO_NET_PREFIX "*"

struct guestinfo_agent {
	gchar *device;
	gchar *device_name;
	gchar *utmp_path;
	unsigned int interval_s;
	gchar *error;
	gchar *revision;

	struct vbgl_handle *h; /* NULL while disconnected */
	uint32_t client_id;
	struct ovt_reconnect reconnect;
	struct guestinfo_cache *cache;
	struct ovt_state *state;
	struct ovt_facility *facility; /* VBoxService, shared */

	guint timer;
	guint idle; /* a cycle scheduled by an event */
	int nl_fd;
	guint nl_watch;
	int in_fd;
	guint in_watch;

	gboolean transreset_refused; /* the host wants TRANSIENT only */
	int last_error;
	guint64 writes; /* properties written or deleted */
	guint64 cycles;
};

static void set_error(struct guestinfo_agent *a, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

static void set_error(struct guestinfo_agent *a, const char *fmt, ...)
{
	va_list ap;

	g_free(a->error);
	va_start(ap, fmt);
	a->error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

static void connection_lost(struct guestinfo_agent *a, int error);

/* ---- writing --------------------------------------------------------- */

static int write_transient(struct guestinfo_agent *a, const char *name,
			   const char *value)
{
	int ret = -EINVAL;

	/* As the reference: TRANSRESET, or TRANSIENT for hosts without it. */
	if (!a->transreset_refused)
		ret = vbgl_guestprop_set(a->h, a->client_id, name, value,
					 VBGL_GUESTPROP_TRANSRESET);
	if (ret == -EINVAL) {
		ret = vbgl_guestprop_set(a->h, a->client_id, name, value,
					 VBGL_GUESTPROP_TRANSIENT);
		a->transreset_refused = ret == 0;
	}
	return ret;
}

static int apply_op(struct guestinfo_agent *a, const struct guestinfo_op *op)
{
	if (!op->value)
		return vbgl_guestprop_delete(a->h, a->client_id, op->name);
	if (op->flags & GUESTINFO_F_TRANSIENT)
		return write_transient(a, op->name, op->value);
	return vbgl_guestprop_set_value(a->h, a->client_id, op->name,
					op->value);
}

/*
 * Apply ops; a lost host stops at once, other failures are logged once
 * and retried next cycle (the cache only learns what succeeded).
 */
static int apply_ops(struct guestinfo_agent *a, const GPtrArray *ops,
		     gboolean commit)
{
	guint i;
	int ret;

	for (i = 0; i < ops->len; i++) {
		const struct guestinfo_op *op = ops->pdata[i];

		ret = apply_op(a, op);
		if (ret < 0 && ovt_errno_is_disconnect(ret))
			return ret;
		if (ret < 0) {
			if (ret != a->last_error)
				g_warning("writing %s failed: %s", op->name,
					  g_strerror(-ret));
			a->last_error = ret;
			if (a->state)
				ovt_state_error(a->state, "writing %s: %s",
						op->name, g_strerror(-ret));
			continue;
		}
		g_debug("%s %s%s%s", op->value ? "wrote" : "deleted", op->name,
			op->value ? " = " : "", op->value ? op->value : "");
		a->writes++;
		if (commit)
			guestinfo_cache_commit(a->cache, op);
	}
	return 0;
}

/* ---- one cycle ------------------------------------------------------- */

/*
 * The state file follows the properties, not the cycles: a cycle that
 * only rewrites the beacon changes nothing there, so an idle agent writes
 * no file (each write is a rename and two fsyncs).
 */
static void publish(struct guestinfo_agent *a, unsigned int n_ifaces,
		    const struct guestinfo_input *in, guint n_ops)
{
	g_autoptr(GDateTime) now = NULL;
	g_autofree char *when = NULL;
	g_autofree char *users = NULL;

	if (!a->state || n_ops <= 1)
		return;
	now = g_date_time_new_now_utc();
	when = g_date_time_format_iso8601(now);
	users = g_strjoinv(",", (char **)in->users);
	ovt_state_set(a->state, "properties", "%u",
		      guestinfo_cache_size(a->cache));
	ovt_state_set(a->state, "properties-written", "%" G_GUINT64_FORMAT,
		      a->writes);
	ovt_state_set(a->state, "interfaces", "%u", n_ifaces);
	ovt_state_set(a->state, "users", "%s", users);
	ovt_state_set(a->state, "interval", "%u", a->interval_s);
	ovt_state_set(a->state, "last-update", "%s", when);
}

static int run_cycle(struct guestinfo_agent *a)
{
	g_autoptr(GArray) ifaces =
		g_array_new(FALSE, TRUE, sizeof(struct guestinfo_iface));
	g_auto(GStrv) users = guestinfo_sys_users(a->utmp_path);
	g_autoptr(GPtrArray) set = NULL;
	g_autoptr(GPtrArray) ops = NULL;
	struct guestinfo_input in = { 0 };
	struct utsname uts;
	unsigned int n_ifaces;
	int ret;

	if (uname(&uts) == 0) {
		in.os.product = uts.sysname;
		in.os.release = uts.release;
		in.os.version = uts.version;
	}
	in.version = PACKAGE_VERSION;
	in.revision = a->revision;
	in.users = (const char *const *)users;
	in.n_users = g_strv_length(users);
	ret = guestinfo_sys_ifaces(ifaces);
	if (ret < 0)
		g_info("listing the network interfaces failed: %s",
		       g_strerror(-ret));
	in.ifaces = (const struct guestinfo_iface *)(void *)ifaces->data;
	in.n_ifaces = ifaces->len;
	set = guestinfo_props_build(&in, &n_ifaces);
	ops = guestinfo_cache_diff(a->cache, set);
	ret = apply_ops(a, ops, TRUE);
	if (ret < 0)
		return ret;
	a->cycles++;
	publish(a, n_ifaces, &in, ops->len);
	return 0;
}

static void cycle(struct guestinfo_agent *a)
{
	int ret;

	if (!a->h)
		return;
	ret = run_cycle(a);
	if (ret < 0)
		connection_lost(a, ret);
}

static gboolean on_timer(gpointer data)
{
	struct guestinfo_agent *a = data;

	cycle(a);
	return a->timer ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean on_idle(gpointer data)
{
	struct guestinfo_agent *a = data;

	a->idle = 0;
	cycle(a);
	return G_SOURCE_REMOVE;
}

/* An event: run a cycle once the main loop is idle (events coalesce). */
static void schedule_cycle(struct guestinfo_agent *a)
{
	if (a->h && !a->idle)
		a->idle = g_idle_add(on_idle, a);
}

/* ---- event sources --------------------------------------------------- */

static gboolean on_netlink(gint fd, GIOCondition cond, gpointer data)
{
	struct guestinfo_agent *a = data;
	char buf[8192];
	gboolean any = FALSE;
	ssize_t n;

	(void)cond;
	/* The content does not matter: a cycle reads everything again. */
	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0 ||
	       (n < 0 && errno == EINTR))
		any |= n > 0;
	if (n < 0 && errno == ENOBUFS)
		any = TRUE; /* messages were lost: look anyway */
	if (any) {
		g_debug("the kernel reports a link or address change");
		schedule_cycle(a);
	}
	return G_SOURCE_CONTINUE;
}

static int netlink_open(struct guestinfo_agent *a)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR,
	};
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	a->nl_fd = fd;
	a->nl_watch = g_unix_fd_add(fd, G_IO_IN, on_netlink, a);
	return 0;
}

static gboolean on_inotify(gint fd, GIOCondition cond, gpointer data)
{
	struct guestinfo_agent *a = data;
	char buf[4096]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	gboolean any = FALSE;
	ssize_t n;

	(void)cond;
	while ((n = read(fd, buf, sizeof(buf))) > 0 ||
	       (n < 0 && errno == EINTR))
		any |= n > 0;
	if (any) {
		g_debug("%s changed", a->utmp_path);
		schedule_cycle(a);
	}
	return G_SOURCE_CONTINUE;
}

static void inotify_open(struct guestinfo_agent *a)
{
	int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);

	if (fd < 0) {
		g_info("inotify: %s; logins are seen every %u s",
		       g_strerror(errno), a->interval_s);
		return;
	}
	if (inotify_add_watch(fd, a->utmp_path, IN_MODIFY | IN_CLOSE_WRITE) <
	    0) {
		g_info("cannot watch %s: %s; logins are seen every %u s",
		       a->utmp_path, g_strerror(errno), a->interval_s);
		close(fd);
		return;
	}
	a->in_fd = fd;
	a->in_watch = g_unix_fd_add(fd, G_IO_IN, on_inotify, a);
}

static void sources_close(struct guestinfo_agent *a)
{
	if (a->nl_watch)
		g_source_remove(a->nl_watch);
	if (a->in_watch)
		g_source_remove(a->in_watch);
	if (a->nl_fd >= 0)
		close(a->nl_fd);
	if (a->in_fd >= 0)
		close(a->in_fd);
	a->nl_watch = a->in_watch = 0;
	a->nl_fd = a->in_fd = -1;
}

/* ---- the session ----------------------------------------------------- */

static void stop_timers(struct guestinfo_agent *a)
{
	if (a->timer)
		g_source_remove(a->timer);
	if (a->idle)
		g_source_remove(a->idle);
	a->timer = a->idle = 0;
}

static void session_drop(struct guestinfo_agent *a)
{
	stop_timers(a);
	g_clear_pointer(&a->h, vbgl_close);
	a->client_id = 0;
	guestinfo_cache_reset(a->cache);
}

static void connection_lost(struct guestinfo_agent *a, int error)
{
	if (!a->h)
		return;
	session_drop(a);
	if (a->state)
		ovt_state_host(a->state, OVT_STATE_HOST_LOST);
	ovt_sd_notifyf("STATUS=Lost %s, reconnecting", a->device_name);
	ovt_reconnect_start(&a->reconnect, error);
}

/* A failure that is not a lost host: the facility has failed. */
static void session_failed(struct guestinfo_agent *a, int ret)
{
	if (!ovt_errno_is_disconnect(ret))
		ovt_facility_report(a->facility, a->h,
				    VBGL_FACILITY_STATUS_FAILED);
	session_drop(a);
	if (a->state)
		ovt_state_error(a->state, "%s", a->error);
}

static int session_open(gpointer data)
{
	struct guestinfo_agent *a = data;
	int ret;

	g_clear_pointer(&a->error, g_free);
	ret = ovt_device_open(a->device, VBGL_OPEN_SYSTEM, a->device_name,
			      &a->h, &a->error);
	if (ret < 0)
		return ret;
	ret = ovt_facility_report(a->facility, a->h, VBGL_FACILITY_STATUS_INIT);
	if (ret < 0) {
		set_error(a, "%s failed: %s", a->device_name, g_strerror(-ret));
		session_drop(a);
		return ret;
	}
	ret = vbgl_guestprop_connect(a->h, &a->client_id);
	if (ret < 0) {
		set_error(
			a,
			"cannot connect to the guest property service on %s: %s",
			a->device_name, g_strerror(-ret));
		session_failed(a, ret);
		return ret == -ENXIO ? -ENOTCONN : ret;
	}
	g_info("connected to the guest property service on %s",
	       vbgl_device(a->h));
	ret = run_cycle(a);
	if (ret < 0) {
		set_error(a, "writing the guest properties failed: %s",
			  g_strerror(-ret));
		session_failed(a, ret);
		return ret;
	}
	ret = ovt_facility_report(a->facility, a->h,
				  VBGL_FACILITY_STATUS_ACTIVE);
	if (ret < 0) {
		set_error(a, "%s failed: %s", a->device_name, g_strerror(-ret));
		session_drop(a);
		return ret;
	}
	a->timer = g_timeout_add_seconds(a->interval_s, on_timer, a);
	if (a->state)
		ovt_state_host(a->state, OVT_STATE_HOST_CONNECTED);
	ovt_sd_notifyf("STATUS=Reporting guest information every %u s",
		       a->interval_s);
	return 0;
}

struct guestinfo_agent *
guestinfo_agent_new(const struct guestinfo_agent_config *cfg)
{
	struct guestinfo_agent *a = g_new0(struct guestinfo_agent, 1);
	const char *env = g_getenv("VBGL_DEVICE");

	a->device = g_strdup(cfg->device);
	if (cfg->device)
		a->device_name = g_strdup(cfg->device);
	else if (env && env[0])
		a->device_name = g_strdup(env);
	else
		a->device_name = g_strdup("/dev/vboxguest");
	a->utmp_path = g_strdup(cfg->utmp_path);
	a->interval_s = cfg->interval_s ? cfg->interval_s :
					  GUESTINFO_DEFAULT_INTERVAL_S;
	a->revision = guestinfo_revision(PACKAGE_VERSION);
	a->cache = guestinfo_cache_new();
	a->nl_fd = a->in_fd = -1;
	ovt_reconnect_init(&a->reconnect, a->device_name, session_open, a);
	return a;
}

int guestinfo_agent_start(struct guestinfo_agent *a)
{
	g_autoptr(GError) error = NULL;
	int ret;

	a->state = ovt_state_open("vbox-guestinfo", NULL, OVT_STATE_SYSTEM,
				  &error);
	if (!a->state)
		g_info("no state file: %s", error->message);
	a->facility = ovt_facility_new(VBGL_FACILITY_VBOX_SERVICE, a->state);
	ret = netlink_open(a);
	if (ret < 0)
		g_warning("rtnetlink: %s; network changes are seen every %u s",
			  g_strerror(-ret), a->interval_s);
	inotify_open(a);
	return session_open(a);
}

const char *guestinfo_agent_error(const struct guestinfo_agent *a)
{
	return a->error;
}

void guestinfo_agent_set_interval(struct guestinfo_agent *a,
				  unsigned int interval_s)
{
	if (!interval_s || interval_s == a->interval_s)
		return;
	a->interval_s = interval_s;
	if (a->state)
		ovt_state_set(a->state, "interval", "%u", a->interval_s);
	if (a->timer) {
		g_source_remove(a->timer);
		a->timer = g_timeout_add_seconds(a->interval_s, on_timer, a);
	}
	g_info("interval now %u s", a->interval_s);
}

void guestinfo_agent_refresh(struct guestinfo_agent *a)
{
	if (!a->h) {
		ovt_reconnect_now(&a->reconnect);
		return;
	}
	cycle(a);
}

static int delete_leftover(const char *name, const char *value,
			   uint64_t timestamp, uint32_t flags, void *opaque)
{
	GPtrArray *names = opaque;

	(void)value;
	(void)timestamp;
	(void)flags;
	g_ptr_array_add(names, g_strdup(name));
	return 0;
}

/* Interface properties the cache did not know (an earlier run's). */
static void delete_net_leftovers(struct guestinfo_agent *a)
{
	static const char *const patterns[] = { NET_PATTERN, NULL };
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	guint i;

	if (vbgl_guestprop_enumerate(a->h, a->client_id, patterns,
				     delete_leftover, names) < 0)
		return;
	for (i = 0; i < names->len; i++)
		vbgl_guestprop_delete(a->h, a->client_id, names->pdata[i]);
}

void guestinfo_agent_stop(struct guestinfo_agent *a)
{
	g_autoptr(GPtrArray) ops = NULL;

	ovt_reconnect_cancel(&a->reconnect);
	sources_close(a);
	if (!a->h)
		return;
	stop_timers(a);
	ovt_facility_report(a->facility, a->h,
			    VBGL_FACILITY_STATUS_TERMINATING);
	ops = guestinfo_cache_exit_ops(a->cache);
	if (apply_ops(a, ops, FALSE) == 0)
		delete_net_leftovers(a);
	vbgl_guestprop_disconnect(a->h, a->client_id);
	ovt_facility_report(a->facility, a->h, VBGL_FACILITY_STATUS_TERMINATED);
	g_clear_pointer(&a->h, vbgl_close);
	g_info("%" G_GUINT64_FORMAT " cycles, %" G_GUINT64_FORMAT
	       " properties written or deleted",
	       a->cycles, a->writes);
}

void guestinfo_agent_free(struct guestinfo_agent *a)
{
	if (!a)
		return;
	ovt_reconnect_cancel(&a->reconnect);
	sources_close(a);
	session_drop(a);
	ovt_facility_free(a->facility);
	ovt_state_close(a->state, true);
	guestinfo_cache_free(a->cache);
	g_free(a->device);
	g_free(a->device_name);
	g_free(a->utmp_path);
	g_free(a->revision);
	g_free(a->error);
	g_free(a);
}
