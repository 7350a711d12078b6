// SPDX-License-Identifier: GPL-2.0-only
/*
 * The driver core: bringing the device up and down, suspend and resume,
 * and sessions (one per open file).
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>
#include "vbg_core_internal.h"

/*
 * Events the host filter always includes.  HGCM completions and mouse
 * moves as in mainline; balloon change requests too, because this driver
 * follows the balloon itself: without the bit in the filter the host never
 * raises the event and the balloon would only move when some session
 * happened to ask for it.
 */
#define VBG_FIXED_EVENTS                                           \
	(VMMDEV_EVENT_HGCM | VMMDEV_EVENT_MOUSE_POSITION_CHANGED | \
	 VMMDEV_EVENT_BALLOON_CHANGE_REQUEST)

/**
 * vbg_query_host_version - read the host version and features.
 * @gdev: the device
 *
 * Return: 0; -ENODEV if the host cannot take HGCM page lists (the only
 * way this driver passes buffers); another negative errno on failure.
 */
static int vbg_query_host_version(struct vbg_dev *gdev)
{
	struct vmmdev_host_version *req;
	int rc, ret;

	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_GET_HOST_VERSION,
			    VBG_KERNEL_REQUESTOR);
	if (!req)
		return -ENOMEM;

	rc = vbg_req_perform(gdev, req);
	ret = vbg_status_code_to_errno(rc);
	if (ret) {
		dev_err(gdev->dev, "querying the host version failed: %d\n",
			rc);
		goto out_free;
	}

	snprintf(gdev->host_version, sizeof(gdev->host_version), "%u.%u.%ur%u",
		 req->major, req->minor, req->build, req->revision);
	gdev->host_features = req->features;
	if (!(req->features & VMMDEV_HVF_HGCM_PHYS_PAGE_LIST)) {
		dev_err(gdev->dev,
			"host %s cannot take HGCM page lists (features %#x)\n",
			gdev->host_version, gdev->host_features);
		ret = -ENODEV;
	}

out_free:
	vbg_req_free(req, sizeof(*req));
	return ret;
}

/**
 * vbg_report_guest_info - tell the host who we are.
 * @gdev: the device
 *
 * Hosts since 3.2.51 want ReportGuestInfo2 before ReportGuestInfo; older
 * ones refuse it until ReportGuestInfo was sent (NOT_SUPPORTED), or do not
 * know it at all (NOT_IMPLEMENTED, then it is skipped).
 *
 * Return: 0 or a negative errno.
 */
static int vbg_report_guest_info(struct vbg_dev *gdev)
{
	struct vmmdev_guest_info *info = NULL;
	struct vmmdev_guest_info2 *info2 = NULL;
	int rc, ret = -ENOMEM;

	info = vbg_req_alloc(sizeof(*info), VMMDEVREQ_REPORT_GUEST_INFO,
			     VBG_KERNEL_REQUESTOR);
	info2 = vbg_req_alloc(sizeof(*info2), VMMDEVREQ_REPORT_GUEST_INFO2,
			      VBG_KERNEL_REQUESTOR);
	if (!info || !info2)
		goto out_free;

	info->interface_version = VMMDEV_VERSION;
	info->os_type = VBOXOSTYPE_LINUX26;
	if (IS_ENABLED(CONFIG_64BIT))
		info->os_type |= VBOXOSTYPE_X64;

	info2->additions_major = VBG_VERSION_MAJOR;
	info2->additions_minor = VBG_VERSION_MINOR;
	info2->additions_build = VBG_VERSION_BUILD;
	info2->additions_revision = VBG_VERSION_REVISION;
	info2->additions_features = VBOXGUESTINFO2_F_REQUESTOR_INFO;
	strscpy(info2->name, VBG_VERSION_STRING, sizeof(info2->name));

	rc = vbg_req_perform(gdev, info2);
	if (rc >= 0) {
		rc = vbg_req_perform(gdev, info);
	} else if (rc == VERR_NOT_SUPPORTED || rc == VERR_NOT_IMPLEMENTED) {
		rc = vbg_req_perform(gdev, info);
		if (rc >= 0) {
			info2->header.rc = VERR_GENERAL_FAILURE;
			rc = vbg_req_perform(gdev, info2);
			if (rc == VERR_NOT_IMPLEMENTED)
				rc = VINF_SUCCESS;
		}
	}
	ret = vbg_status_code_to_errno(rc);
	if (ret)
		dev_err(gdev->dev, "reporting guest info failed: %d\n", rc);

out_free:
	vbg_req_free(info2, sizeof(*info2));
	vbg_req_free(info, sizeof(*info));
	return ret;
}

/**
 * vbg_report_driver_status - report the driver facility's status.
 * @gdev: the device
 * @status: VBOXGUEST_FACILITY_STATUS_*
 *
 * Return: 0 or a negative errno (old hosts without the request count as
 * success).
 */
static int vbg_report_driver_status(struct vbg_dev *gdev, u32 status)
{
	struct vmmdev_guest_status *req;
	int rc;

	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_REPORT_GUEST_STATUS,
			    VBG_KERNEL_REQUESTOR);
	if (!req)
		return -ENOMEM;

	req->facility = VBOXGUEST_FACILITY_TYPE_VBOXGUEST_DRIVER;
	req->status = status;
	req->flags = 0;
	rc = vbg_req_perform(gdev, req);
	vbg_req_free(req, sizeof(*req));

	if (rc == VERR_NOT_IMPLEMENTED)
		rc = VINF_SUCCESS;
	if (rc < 0)
		dev_err(gdev->dev, "reporting the driver status failed: %d\n",
			rc);
	return vbg_status_code_to_errno(rc);
}

/**
 * vbg_set_mouse_status - report the guest's mouse features.
 * @gdev: the device
 * @features: VMMDEV_MOUSE_* bits the guest supports
 *
 * Return: 0 or a negative errno.
 */
static int vbg_set_mouse_status(struct vbg_dev *gdev, u32 features)
{
	struct vmmdev_mouse_status *req;
	int rc;

	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_SET_MOUSE_STATUS,
			    VBG_KERNEL_REQUESTOR);
	if (!req)
		return -ENOMEM;

	req->mouse_features = features;
	req->pointer_pos_x = 0;
	req->pointer_pos_y = 0;
	rc = vbg_req_perform(gdev, req);
	vbg_req_free(req, sizeof(*req));

	if (rc < 0)
		dev_err(gdev->dev, "setting the mouse status failed: %d\n", rc);
	return vbg_status_code_to_errno(rc);
}

/**
 * vbg_sync_host_caps - report the capabilities all sessions hold.
 * @gdev: the device
 *
 * Forces the report even if it matches what the host was last told (at
 * init and after resume the host may know something else).
 *
 * Return: 0 or a negative errno.
 */
static int vbg_sync_host_caps(struct vbg_dev *gdev)
{
	int ret;

	mutex_lock(&gdev->session_mutex);
	gdev->guest_caps_host = U32_MAX;
	ret = vbg_caps_report_host(gdev, VBG_KERNEL_REQUESTOR);
	mutex_unlock(&gdev->session_mutex);

	if (ret)
		dev_err(gdev->dev, "reporting guest capabilities failed: %d\n",
			ret);
	return ret;
}

/**
 * vbg_report_state - tell the host everything it keeps about the guest.
 * @gdev: the device
 *
 * Guest info, event filter, capabilities, mouse status, heartbeat and
 * driver status, in the order the host expects them.  Used at init and
 * after resume (a restored VM's host has forgotten all of it).
 *
 * Return: 0 or a negative errno.  Heartbeat and driver status failures
 * are logged but do not count: the device works without them.
 */
static int vbg_report_state(struct vbg_dev *gdev)
{
	int ret;

	ret = vbg_report_guest_info(gdev);
	if (ret)
		return ret;

	ret = vbg_events_report_host_filter(gdev, true);
	if (ret)
		return ret;

	ret = vbg_sync_host_caps(gdev);
	if (ret)
		return ret;

	ret = vbg_set_mouse_status(gdev, 0);
	if (ret)
		return ret;

	vbg_heartbeat_start(gdev);
	vbg_report_driver_status(gdev, VBOXGUEST_FACILITY_STATUS_ACTIVE);
	return 0;
}

/**
 * vbg_core_free_reqs - free the requests the interrupt handler and HGCM
 * cancellation keep for the lifetime of the device.
 * @gdev: the device
 */
static void vbg_core_free_reqs(struct vbg_dev *gdev)
{
	vbg_req_free(gdev->cancel_req, sizeof(*gdev->cancel_req));
	vbg_req_free(gdev->ack_events_req, sizeof(*gdev->ack_events_req));
	gdev->cancel_req = NULL;
	gdev->ack_events_req = NULL;
}

/**
 * vbg_core_init - bring the device up.
 * @gdev: device with dev, io_port and mmio filled in
 * @fixed_events: events the host filter always includes, on top of the
 *	core's own (HGCM, mouse position, balloon)
 *
 * Everything the interrupt handler and the ioctls need is allocated here,
 * before the first request goes out, so later paths cannot fail for it.
 *
 * Return: 0 or a negative errno.
 */
int vbg_core_init(struct vbg_dev *gdev, u32 fixed_events)
{
	int ret;

	gdev->host_version[0] = '\0';
	gdev->host_features = 0;
	gdev->pending_events = 0;
	gdev->fixed_events = fixed_events | VBG_FIXED_EVENTS;
	gdev->session_count = 0;
	memset(&gdev->event_filter_tracker, 0,
	       sizeof(gdev->event_filter_tracker));
	memset(&gdev->set_guest_caps_tracker, 0,
	       sizeof(gdev->set_guest_caps_tracker));
	gdev->acquire_mode_guest_caps = 0;
	gdev->acquired_guest_caps = 0;
	gdev->mem_balloon_pages = NULL;
	gdev->mem_balloon_chunks = 0;
	gdev->mem_balloon_max_chunks = 0;
	gdev->event_filter_host = U32_MAX;
	gdev->guest_caps_host = U32_MAX;
	spin_lock_init(&gdev->event_spinlock);
	init_waitqueue_head(&gdev->event_wq);
	init_waitqueue_head(&gdev->hgcm_wq);
	mutex_init(&gdev->session_mutex);
	mutex_init(&gdev->cancel_req_mutex);

	gdev->ack_events_req = vbg_req_alloc(sizeof(*gdev->ack_events_req),
					     VMMDEVREQ_ACKNOWLEDGE_EVENTS,
					     VBG_KERNEL_REQUESTOR);
	gdev->cancel_req = vbg_req_alloc(sizeof(*gdev->cancel_req),
					 VMMDEVREQ_HGCM_CANCEL2,
					 VBG_KERNEL_REQUESTOR);
	if (!gdev->ack_events_req || !gdev->cancel_req) {
		ret = -ENOMEM;
		goto err_free_reqs;
	}

	ret = vbg_heartbeat_init(gdev);
	if (ret)
		goto err_heartbeat_exit;

	ret = vbg_balloon_init(gdev);
	if (ret)
		goto err_heartbeat_exit;

	ret = vbg_query_host_version(gdev);
	if (ret)
		goto err_balloon_exit;

	ret = vbg_report_state(gdev);
	if (ret)
		goto err_balloon_exit;

	return 0;

err_balloon_exit:
	vbg_balloon_exit(gdev);
err_heartbeat_exit:
	vbg_heartbeat_exit(gdev);
err_free_reqs:
	vbg_core_free_reqs(gdev);
	return ret;
}

/**
 * vbg_core_exit - undo vbg_core_init().
 * @gdev: the device; its interrupt handler is already freed and every
 *	session closed
 *
 * Empties the balloon, stops the heartbeat and clears the event filter,
 * capabilities and mouse status the host keeps for the guest.
 */
void vbg_core_exit(struct vbg_dev *gdev)
{
	vbg_heartbeat_exit(gdev);
	vbg_balloon_exit(gdev);
	vbg_events_report_host_filter(gdev, false);
	vbg_sync_host_caps(gdev);
	vbg_set_mouse_status(gdev, 0);
	vbg_core_free_reqs(gdev);
}

/**
 * vbg_core_suspend - stop the heartbeat before the VM is suspended.
 * @gdev: the device
 */
void vbg_core_suspend(struct vbg_dev *gdev)
{
	vbg_heartbeat_stop(gdev);
}

/**
 * vbg_core_resume - report everything again after suspend or restore.
 * @gdev: the device
 *
 * Return: 0 or a negative errno.
 */
int vbg_core_resume(struct vbg_dev *gdev)
{
	return vbg_report_state(gdev);
}

/**
 * vbg_core_open_session - a new session (one open file).
 * @gdev: the device
 * @requestor: VMMDEV_REQUESTOR_* bits for requests made on its behalf;
 *	VMMDEV_REQUESTOR_USER_DEVICE marks a /dev/vboxuser session
 *
 * Return: the session or ERR_PTR(-ENOMEM).
 */
struct vbg_session *vbg_core_open_session(struct vbg_dev *gdev, u32 requestor)
{
	struct vbg_session *session;

	session = kzalloc(sizeof(*session), GFP_KERNEL);
	if (!session)
		return ERR_PTR(-ENOMEM);

	session->gdev = gdev;
	session->requestor = requestor;

	mutex_lock(&gdev->session_mutex);
	gdev->session_count++;
	mutex_unlock(&gdev->session_mutex);

	return session;
}

/**
 * vbg_core_close_session - release everything a session held.
 * @session: the session; no ioctl of it may still be running
 *
 * Capabilities and filter bits are dropped even if the host refuses the
 * update, and every HGCM client is disconnected at the host, with the
 * driver as requestor.
 */
void vbg_core_close_session(struct vbg_session *session)
{
	struct vbg_dev *gdev = session->gdev;
	unsigned int i;
	u32 client_id;
	int rc;

	vbg_caps_acquire(gdev, session, 0, U32_MAX, 0, true);
	vbg_caps_change(gdev, session, 0, U32_MAX, true);
	vbg_events_change_filter(gdev, session, 0, U32_MAX, true);

	for (i = 0; i < ARRAY_SIZE(session->hgcm_client_ids); i++) {
		client_id = session->hgcm_client_ids[i];
		if (client_id == VBG_HGCM_SLOT_FREE ||
		    client_id == VBG_HGCM_SLOT_BUSY)
			continue;
		if (vbg_hgcm_disconnect(gdev, VBG_KERNEL_REQUESTOR, client_id,
					&rc) ||
		    rc < 0)
			dev_warn(
				gdev->dev,
				"disconnecting HGCM client %u of a closed session failed: %d\n",
				client_id, rc);
	}

	mutex_lock(&gdev->session_mutex);
	gdev->session_count--;
	mutex_unlock(&gdev->session_mutex);

	kfree(session);
}

/**
 * vbg_core_session_count - number of open sessions.
 * @gdev: the device
 *
 * Return: the count.
 */
unsigned int vbg_core_session_count(struct vbg_dev *gdev)
{
	unsigned int count;

	mutex_lock(&gdev->session_mutex);
	count = gdev->session_count;
	mutex_unlock(&gdev->session_mutex);

	return count;
}

/**
 * vbg_core_balloon_chunks - current balloon size.
 * @gdev: the device
 *
 * Return: the balloon size in 1 MiB chunks.
 */
u32 vbg_core_balloon_chunks(struct vbg_dev *gdev)
{
	return READ_ONCE(gdev->mem_balloon_chunks);
}
