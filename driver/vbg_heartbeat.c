// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest heartbeat: the host tells the interval, a timer sends a
 * GuestHeartbeat request at that interval, and the host flags the guest as
 * hung when beats stop.  The heartbeat is optional: when the host does not
 * support it, the driver runs without it.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/time64.h>
#include <linux/timer.h>
#include "vbg_core_internal.h"

/**
 * vbg_heartbeat_configure - switch host-side heartbeat checking.
 * @gdev: the device
 * @enabled: whether the host should expect beats
 * @interval_ms: if not NULL, where to store the host's interval (0 if the
 *	host gave none)
 *
 * Return: 0 or a negative errno.
 */
static int vbg_heartbeat_configure(struct vbg_dev *gdev, bool enabled,
				   u32 *interval_ms)
{
	struct vmmdev_heartbeat *req;
	u64 ms;
	int rc;

	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_HEARTBEAT_CONFIGURE,
			    VBG_KERNEL_REQUESTOR);
	if (!req)
		return -ENOMEM;

	req->enabled = enabled ? 1 : 0;
	req->interval_ns = 0;
	rc = vbg_req_perform(gdev, req);
	if (rc >= 0 && interval_ms) {
		/* Host-controlled, but never a busy timer nor an overflow. */
		ms = div_u64(req->interval_ns, NSEC_PER_MSEC);
		if (req->interval_ns && !ms)
			ms = 1;
		*interval_ms = min_t(u64, ms, U32_MAX);
	}
	vbg_req_free(req, sizeof(*req));

	return vbg_status_code_to_errno(rc);
}

static void vbg_heartbeat_timer(struct timer_list *t)
{
	struct vbg_dev *gdev = from_timer(gdev, t, heartbeat_timer);

	gdev->guest_heartbeat_req->rc = VERR_GENERAL_FAILURE;
	vbg_req_perform(gdev, gdev->guest_heartbeat_req);
	mod_timer(&gdev->heartbeat_timer,
		  jiffies + msecs_to_jiffies(gdev->heartbeat_interval_ms));
}

/**
 * vbg_heartbeat_init - prepare the heartbeat (not yet started).
 * @gdev: the device
 *
 * Return: 0 or -ENOMEM.
 */
int vbg_heartbeat_init(struct vbg_dev *gdev)
{
	timer_setup(&gdev->heartbeat_timer, vbg_heartbeat_timer, 0);
	gdev->heartbeat_interval_ms = 0;
	gdev->guest_heartbeat_req =
		vbg_req_alloc(sizeof(*gdev->guest_heartbeat_req),
			      VMMDEVREQ_GUEST_HEARTBEAT, VBG_KERNEL_REQUESTOR);
	return gdev->guest_heartbeat_req ? 0 : -ENOMEM;
}

/**
 * vbg_heartbeat_start - ask the host for the interval and start beating.
 * @gdev: the device
 *
 * Checking is switched off first, so a failure leaves the host not
 * expecting beats.  The first beat goes out at once.
 *
 * Return: 0 (also when the host has no heartbeat) or a negative errno.
 */
int vbg_heartbeat_start(struct vbg_dev *gdev)
{
	u32 interval_ms = 0;
	int ret;

	ret = vbg_heartbeat_configure(gdev, false, NULL);
	if (!ret)
		ret = vbg_heartbeat_configure(gdev, true, &interval_ms);
	if (ret) {
		dev_info(gdev->dev, "no heartbeat: the host refused it (%d)\n",
			 ret);
		return ret;
	}
	if (!interval_ms) {
		dev_info(gdev->dev,
			 "no heartbeat: the host gave no interval\n");
		return 0;
	}

	gdev->heartbeat_interval_ms = interval_ms;
	mod_timer(&gdev->heartbeat_timer, jiffies);
	return 0;
}

/**
 * vbg_heartbeat_stop - stop the timer (the host still expects beats).
 * @gdev: the device
 */
void vbg_heartbeat_stop(struct vbg_dev *gdev)
{
	timer_delete_sync(&gdev->heartbeat_timer);
}

/**
 * vbg_heartbeat_exit - stop beating and tell the host to stop checking.
 * @gdev: the device
 */
void vbg_heartbeat_exit(struct vbg_dev *gdev)
{
	timer_delete_sync(&gdev->heartbeat_timer);
	if (gdev->heartbeat_interval_ms)
		vbg_heartbeat_configure(gdev, false, NULL);
	gdev->heartbeat_interval_ms = 0;
	vbg_req_free(gdev->guest_heartbeat_req,
		     sizeof(*gdev->guest_heartbeat_req));
	gdev->guest_heartbeat_req = NULL;
}
