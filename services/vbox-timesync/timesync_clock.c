// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The system clock and the simulated one (see timesync_clock.h).
 *
 * Slewing on Linux: like VBoxService, the system clock slews with
 * adjtime(3), which hands the whole offset to the kernel; the kernel
 * carries it out at 500 µs per second of real time (so a 3 s offset takes
 * 100 minutes) and a new call replaces what is left of the previous one.
 * glibc refuses offsets above about 2145 s with EINVAL; the agent then
 * steps instead.  A step first cancels the slew under way, so that what
 * is left of it does not pull the clock off again afterwards.
 */
#include "config.h"

#include <errno.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>

#include "services/vbox-timesync/timesync_clock.h"
#include "services/vbox-timesync/timesync_detect.h"

#define NS_PER_S  1000000000LL
#define NS_PER_US 1000LL

static int realtime_ns(int64_t *ns)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -errno;
	*ns = (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
	return 0;
}

/* ---- the system clock -----------------------------------------------------
 */

static int sys_now(struct ts_clock *c, int64_t *ns)
{
	(void)c;
	return realtime_ns(ns);
}

static int sys_adjtime(int64_t delta_ns)
{
	int64_t us = delta_ns / NS_PER_US;
	struct timeval tv = {
		.tv_sec = (time_t)(us / 1000000),
		.tv_usec = (suseconds_t)(us % 1000000),
	};

	return adjtime(&tv, NULL) < 0 ? -errno : 0;
}

static int sys_slew(struct ts_clock *c, int64_t delta_ns)
{
	(void)c;
	return sys_adjtime(delta_ns);
}

static int sys_step(struct ts_clock *c, int64_t delta_ns)
{
	struct timespec ts;
	int64_t now = 0;
	int ret;

	(void)c;
	ret = sys_adjtime(0);
	if (ret < 0)
		return ret;
	ret = realtime_ns(&now);
	if (ret < 0)
		return ret;
	if ((delta_ns > 0 && now > INT64_MAX - delta_ns) || now + delta_ns < 0)
		return -ERANGE;
	now += delta_ns;
	ts.tv_sec = (time_t)(now / NS_PER_S);
	ts.tv_nsec = (long)(now % NS_PER_S);
	return clock_settime(CLOCK_REALTIME, &ts) < 0 ? -errno : 0;
}

static int sys_slewing_state(struct ts_clock *c, int64_t *remaining_ns)
{
	struct timeval old;

	(void)c;
	if (adjtime(NULL, &old) < 0)
		return -errno;
	*remaining_ns =
		((int64_t)old.tv_sec * 1000000 + old.tv_usec) * NS_PER_US;
	return 0;
}

static bool sys_external_sync(struct ts_clock *c, char *who, size_t len)
{
	struct timex tx = { .modes = 0 }; /* read only */

	if (adjtimex(&tx) >= 0 && ts_kernel_synced(tx.status, tx.maxerror)) {
		if (!ts_find_time_daemon(c->root, who, len))
			g_strlcpy(
				who,
				"an NTP client (the kernel clock is synchronised)",
				len);
		return true;
	}
	return ts_find_time_daemon(c->root, who, len);
}

static void sys_free(struct ts_clock *c)
{
	g_free(c->root);
	g_free(c);
}

static const struct ts_clock_ops sys_ops = {
	.name = "system",
	.now = sys_now,
	.slew = sys_slew,
	.step = sys_step,
	.slewing_state = sys_slewing_state,
	.external_sync = sys_external_sync,
	.free = sys_free,
};

struct ts_clock *ts_clock_system_new(const char *root)
{
	struct ts_clock *c = g_new0(struct ts_clock, 1);

	c->ops = &sys_ops;
	c->root = g_strdup(root);
	return c;
}

/* ---- the simulated clock --------------------------------------------------
 */

struct sim_clock {
	struct ts_clock base;
	gchar *path;
	uint32_t slew_ppm;
	int64_t offset_ns;    /* simulated - CLOCK_REALTIME */
	int64_t remaining_ns; /* of the slew under way */
	int64_t last_real_ns; /* when the slew was last carried forward */
	uint64_t slews, steps;
};

static struct sim_clock *to_sim(struct ts_clock *c)
{
	return (struct sim_clock *)c;
}

static int sim_write(struct sim_clock *s, GError **error)
{
	gchar *text = g_strdup_printf("offset-ns=%" G_GINT64_FORMAT
				      "\nslew-remaining-ns=%" G_GINT64_FORMAT
				      "\nslews=%" G_GUINT64_FORMAT
				      "\nsteps=%" G_GUINT64_FORMAT "\n",
				      s->offset_ns, s->remaining_ns, s->slews,
				      s->steps);
	gboolean ok = g_file_set_contents(s->path, text, -1, error);

	g_free(text);
	return ok ? 0 : -EIO;
}

/* Carry the slew forward to the present: slew_ppm ns per ms of real time. */
static int sim_advance(struct sim_clock *s, int64_t *real)
{
	int64_t done, elapsed;
	int ret = realtime_ns(real);

	if (ret < 0)
		return ret;
	elapsed = *real - s->last_real_ns;
	s->last_real_ns = *real;
	if (elapsed <= 0 || !s->remaining_ns)
		return 0;
	done = elapsed / 1000000 * s->slew_ppm +
	       elapsed % 1000000 * s->slew_ppm / 1000000;
	if (done >= (s->remaining_ns < 0 ? -s->remaining_ns : s->remaining_ns))
		done = s->remaining_ns;
	else if (s->remaining_ns < 0)
		done = -done;
	s->offset_ns += done;
	s->remaining_ns -= done;
	return 0;
}

static int sim_now(struct ts_clock *c, int64_t *ns)
{
	struct sim_clock *s = to_sim(c);
	int64_t real;
	int ret = sim_advance(s, &real);

	if (ret < 0)
		return ret;
	*ns = real + s->offset_ns;
	return sim_write(s, NULL);
}

static int sim_slew(struct ts_clock *c, int64_t delta_ns)
{
	struct sim_clock *s = to_sim(c);
	int64_t real;
	int ret = sim_advance(s, &real);

	if (ret < 0)
		return ret;
	s->remaining_ns = delta_ns;
	s->slews++;
	return sim_write(s, NULL);
}

static int sim_step(struct ts_clock *c, int64_t delta_ns)
{
	struct sim_clock *s = to_sim(c);
	int64_t real;
	int ret = sim_advance(s, &real);

	if (ret < 0)
		return ret;
	s->remaining_ns = 0;
	s->offset_ns += delta_ns;
	s->steps++;
	return sim_write(s, NULL);
}

static int sim_slewing_state(struct ts_clock *c, int64_t *remaining_ns)
{
	struct sim_clock *s = to_sim(c);
	int64_t real;
	int ret = sim_advance(s, &real);

	*remaining_ns = s->remaining_ns;
	return ret;
}

static bool sim_external_sync(struct ts_clock *c, char *who, size_t len)
{
	return ts_find_time_daemon(c->root, who, len);
}

static void sim_free(struct ts_clock *c)
{
	struct sim_clock *s = to_sim(c);

	g_free(s->path);
	g_free(c->root);
	g_free(s);
}

static const struct ts_clock_ops sim_ops = {
	.name = "simulated",
	.now = sim_now,
	.slew = sim_slew,
	.step = sim_step,
	.slewing_state = sim_slewing_state,
	.external_sync = sim_external_sync,
	.free = sim_free,
};

struct ts_clock *ts_clock_sim_new(const char *path, uint32_t slew_ppm,
				  const char *root, GError **error)
{
	struct sim_clock *s = g_new0(struct sim_clock, 1);

	s->base.ops = &sim_ops;
	s->base.root = g_strdup(root);
	s->path = g_strdup(path);
	s->slew_ppm = slew_ppm;
	if (realtime_ns(&s->last_real_ns) < 0 || sim_write(s, error) < 0) {
		if (error && !*error)
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
				    "cannot read CLOCK_REALTIME");
		sim_free(&s->base);
		return NULL;
	}
	return &s->base;
}

void ts_clock_free(struct ts_clock *c)
{
	if (c)
		c->ops->free(c);
}
