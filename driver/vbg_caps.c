// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest capabilities (seamless, graphics, ...).  Two ways to hold one:
 *  - set (CHANGE_GUEST_CAPABILITIES): shared, reference-counted per bit
 *    over the sessions;
 *  - acquired (ACQUIRE_GUEST_CAPABILITIES): exclusive to one session.  A
 *    capability first has to be put in acquire mode; from then on it can no
 *    longer be set, and its event (display change for GRAPHICS, seamless
 *    mode change for SEAMLESS) only reaches the session that acquired it.
 * The host is told the union of both.
 */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include "vbg_core_internal.h"

/**
 * vbg_caps_report_host - tell the host the current capabilities.
 * @gdev: the device
 * @requestor: requestor word for the request
 *
 * Sends SetGuestCapabilities with the acquired and set capabilities if they
 * differ from what the host was last told.  Caller holds
 * gdev->session_mutex.
 *
 * Return: 0 or a negative errno.
 */
int vbg_caps_report_host(struct vbg_dev *gdev, u32 requestor)
{
	struct vmmdev_set_guest_caps *req;
	u32 caps;
	int rc;

	lockdep_assert_held(&gdev->session_mutex);

	caps = gdev->acquired_guest_caps | gdev->set_guest_caps_tracker.mask;
	if (caps == gdev->guest_caps_host)
		return 0;

	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_SET_GUEST_CAPABILITIES,
			    requestor);
	if (!req) {
		gdev->guest_caps_host = U32_MAX;
		return -ENOMEM;
	}

	req->or_mask = caps;
	req->not_mask = ~caps;
	rc = vbg_req_perform(gdev, req);
	vbg_req_free(req, sizeof(*req));

	gdev->guest_caps_host = rc < 0 ? U32_MAX : caps;
	return vbg_status_code_to_errno(rc);
}

/**
 * vbg_caps_set_acquired - update the acquired capabilities of a session.
 * @gdev: the device
 * @session: the session
 * @add: capabilities it takes
 * @drop: capabilities it gives up
 *
 * Caller holds gdev->session_mutex; the event spinlock is taken because the
 * wait condition reads the session's acquired capabilities.
 */
static void vbg_caps_set_acquired(struct vbg_dev *gdev,
				  struct vbg_session *session, u32 add,
				  u32 drop)
{
	unsigned long flags;

	gdev->acquired_guest_caps = (gdev->acquired_guest_caps | add) & ~drop;
	spin_lock_irqsave(&gdev->event_spinlock, flags);
	session->acquired_guest_caps = (session->acquired_guest_caps | add) &
				       ~drop;
	spin_unlock_irqrestore(&gdev->event_spinlock, flags);
}

/**
 * vbg_caps_acquire - acquire or release capabilities for a session.
 * @gdev: the device
 * @session: the session
 * @or_mask: capabilities to acquire (and put in acquire mode)
 * @not_mask: capabilities to release
 * @flags: VBGL_IOC_AGC_FLAGS_*; CONFIG_ACQUIRE_MODE only switches @or_mask
 *	to acquire mode
 * @closing: the session is being closed: release even if the host refuses
 *
 * Acquiring SEAMLESS makes a seamless mode change request pending, so the
 * new holder asks the host for the current mode at once.  vbg_events_post()
 * takes the event spinlock while the session mutex is held; that is the
 * lock order everywhere (session_mutex, then event_spinlock).
 *
 * Return: 0; -EINVAL if a capability in @or_mask is currently set by some
 * session; -EBUSY if another session holds one; another negative errno if
 * the host refused the new capabilities.
 */
int vbg_caps_acquire(struct vbg_dev *gdev, struct vbg_session *session,
		     u32 or_mask, u32 not_mask, u32 flags, bool closing)
{
	unsigned long irqflags;
	int ret = 0;

	mutex_lock(&gdev->session_mutex);

	if (gdev->set_guest_caps_tracker.mask & or_mask) {
		dev_err(gdev->dev,
			"capabilities %#x are set, cannot acquire them\n",
			gdev->set_guest_caps_tracker.mask & or_mask);
		ret = -EINVAL;
		goto out_unlock;
	}

	/* Acquire mode is permanent: it only ever gains bits. */
	spin_lock_irqsave(&gdev->event_spinlock, irqflags);
	gdev->acquire_mode_guest_caps |= or_mask;
	spin_unlock_irqrestore(&gdev->event_spinlock, irqflags);

	if (flags & VBGL_IOC_AGC_FLAGS_CONFIG_ACQUIRE_MODE)
		goto out_unlock;

	/* Only real changes: release what it holds, take what it lacks. */
	not_mask &= ~or_mask & session->acquired_guest_caps;
	or_mask &= ~session->acquired_guest_caps;
	if (!or_mask && !not_mask)
		goto out_unlock;

	if (gdev->acquired_guest_caps & or_mask) {
		ret = -EBUSY;
		goto out_unlock;
	}

	vbg_caps_set_acquired(gdev, session, or_mask, not_mask);
	ret = vbg_caps_report_host(gdev, closing ? VBG_KERNEL_REQUESTOR :
						   session->requestor);
	if (ret < 0 && !closing) {
		vbg_caps_set_acquired(gdev, session, not_mask, or_mask);
		goto out_unlock;
	}

	/*
	 * Events held back until now may be for this session: wake its
	 * waiters (posting nothing else unless SEAMLESS was acquired).
	 */
	if (ret == 0 && or_mask)
		vbg_events_post(
			gdev,
			(or_mask & VMMDEV_GUEST_SUPPORTS_SEAMLESS) ?
				VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST :
				0);

out_unlock:
	mutex_unlock(&gdev->session_mutex);
	return ret;
}

/**
 * vbg_caps_change - set or clear capabilities for a session.
 * @gdev: the device
 * @session: the session
 * @or_mask: capabilities to set
 * @not_mask: capabilities to clear
 * @closing: the session is being closed: clear even if the host refuses
 *
 * Return: 0; -EBUSY if a capability in @or_mask is in acquire mode;
 * another negative errno if the host refused the new capabilities.
 */
int vbg_caps_change(struct vbg_dev *gdev, struct vbg_session *session,
		    u32 or_mask, u32 not_mask, bool closing)
{
	u32 previous, changed;
	int ret = 0;

	mutex_lock(&gdev->session_mutex);

	if (gdev->acquire_mode_guest_caps & or_mask) {
		dev_err(gdev->dev,
			"capabilities %#x are in acquire mode, cannot set them\n",
			gdev->acquire_mode_guest_caps & or_mask);
		ret = -EBUSY;
		goto out_unlock;
	}

	previous = session->set_guest_caps;
	session->set_guest_caps = (previous | or_mask) & ~not_mask;
	changed = previous ^ session->set_guest_caps;
	if (!changed)
		goto out_unlock;

	vbg_bit_usage_apply(&gdev->set_guest_caps_tracker, changed, previous);
	ret = vbg_caps_report_host(gdev, closing ? VBG_KERNEL_REQUESTOR :
						   session->requestor);
	if (ret < 0 && !closing) {
		vbg_bit_usage_apply(&gdev->set_guest_caps_tracker, changed,
				    session->set_guest_caps);
		session->set_guest_caps = previous;
	}

out_unlock:
	mutex_unlock(&gdev->session_mutex);
	return ret;
}
