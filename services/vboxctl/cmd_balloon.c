// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboxctl balloon / stats: the memory balloon and the statistics interval
 * as the guest sees them.
 *
 * The balloon size is what the driver holds (CHECK_BALLOON, any device
 * node).  The host's target is not shown: the request that reads it
 * (GetMemBalloonChangeRequest) is reserved for the kernel driver, and
 * reading it with an acknowledgement would take the event from the driver.
 * The statistics interval is read without an acknowledgement, so the
 * agent that reports statistics still sees the host's change event; the
 * request is a "trusted" one, allowed through /dev/vboxguest only.
 *
 * Output lines are "key: value" and stable (scripts and tests grep them).
 */
#define G_LOG_DOMAIN "vboxctl"

#include "config.h"

#include <errno.h>

#include <glib.h>

#include "services/vboxctl/vboxctl.h"

/* 1 MiB balloon chunks are 256 pages of 4 KiB. */
#define BALLOON_PAGES_PER_CHUNK 256u

static int run_balloon(struct vboxctl *ctl, int argc, char **argv)
{
	struct vbgl_handle *h;
	uint32_t chunks;
	int in_r3, ret;

	ret = vboxctl_no_args(argc, argv);
	if (ret)
		return ret;
	ret = vboxctl_handle(ctl, &h);
	if (ret)
		return ret;
	ret = vbgl_check_balloon(h, &chunks, &in_r3);
	if (ret < 0)
		return ovt_print_error("balloon query failed: %s",
				       g_strerror(-ret));
	g_print("balloon size: %u MiB\n", chunks);
	g_print("balloon pages: %" G_GUINT64_FORMAT "\n",
		(guint64)chunks * BALLOON_PAGES_PER_CHUNK);
	g_print("balloon managed by: %s\n", in_r3 ? "userspace" : "driver");
	return OVT_EXIT_OK;
}

const struct vboxctl_command vboxctl_cmd_balloon = {
	.name = "balloon",
	.args = "",
	.summary = "Show the memory balloon's size",
	.run = run_balloon,
};

static int run_stats(struct vboxctl *ctl, int argc, char **argv)
{
	struct vbgl_handle *h;
	uint32_t seconds;
	int ret;

	ret = vboxctl_no_args(argc, argv);
	if (ret)
		return ret;
	ret = vboxctl_handle(ctl, &h);
	if (ret)
		return ret;
	ret = vbgl_get_stats_interval(h, 0, &seconds);
	if (ret == -EPERM)
		return ovt_print_error(
			"%s refuses the statistics request (it needs /dev/vboxguest, usually root)",
			vbgl_device(h));
	if (ret < 0)
		return ovt_print_error("statistics interval query failed: %s",
				       g_strerror(-ret));
	g_print("statistics: %s\n", seconds ? "on" : "off");
	g_print("statistics interval: %u s\n", seconds);
	return OVT_EXIT_OK;
}

const struct vboxctl_command vboxctl_cmd_stats = {
	.name = "stats",
	.args = "",
	.summary = "Show how often the host wants guest statistics",
	.run = run_stats,
};
