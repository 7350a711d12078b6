// SPDX-License-Identifier: GPL-2.0-only
/*
 * Events: the interrupt handler, the host event filter (the union of what
 * every session asked for, reference-counted per bit) and waiting for
 * events.
 *
 * Pending events are device-wide, as in the mainline driver: a waiter that
 * matches consumes the bits, so when two sessions wait for the same event
 * only one of them gets it.  Capabilities in acquire mode narrow this: the
 * display-change and seamless events are only handed to the session that
 * acquired the matching capability.
 */
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include "vbg_core_internal.h"

/**
 * vbg_events_report_host_filter - tell the host the whole event filter.
 * @gdev: the device
 * @enable: true for the fixed events plus every bit a session holds (init,
 *	resume), false for none at all (exit)
 *
 * Sent with the driver as requestor, even if the host should already have
 * it (after a restore it does not).  The session mutex is held across the
 * request so a concurrent filter change cannot be overtaken by a stale one.
 *
 * Return: 0 or a negative errno.
 */
int vbg_events_report_host_filter(struct vbg_dev *gdev, bool enable)
{
	struct vmmdev_mask *req;
	u32 mask;
	int rc;

	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_CTL_GUEST_FILTER_MASK,
			    VBG_KERNEL_REQUESTOR);
	if (!req)
		return -ENOMEM;

	mutex_lock(&gdev->session_mutex);
	mask = enable ? gdev->fixed_events | gdev->event_filter_tracker.mask :
			0;
	req->or_mask = mask;
	req->not_mask = ~mask;
	rc = vbg_req_perform(gdev, req);
	gdev->event_filter_host = rc < 0 ? U32_MAX : mask;
	mutex_unlock(&gdev->session_mutex);
	vbg_req_free(req, sizeof(*req));

	if (rc < 0)
		dev_err(gdev->dev, "setting the event filter %#x failed: %d\n",
			mask, rc);
	return vbg_status_code_to_errno(rc);
}

/**
 * vbg_events_change_filter - change a session's event filter.
 * @gdev: the device
 * @session: the session
 * @or_mask: events to add
 * @not_mask: events to remove
 * @closing: the session is being closed: use the driver as requestor and
 *	drop the session's bits even if the host refuses the new filter
 *
 * The host filter is the fixed events plus every bit some session holds.
 * It is only sent when it changes; if the host refuses it, the session's
 * change is rolled back (unless closing) and the host filter is marked
 * unknown so the next change sends it again.
 *
 * Return: 0 or a negative errno.
 */
int vbg_events_change_filter(struct vbg_dev *gdev, struct vbg_session *session,
			     u32 or_mask, u32 not_mask, bool closing)
{
	struct vmmdev_mask *req;
	u32 previous, changed, host_mask;
	int rc, ret = 0;

	/* Allocate before taking the mutex; closing must go on regardless. */
	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_CTL_GUEST_FILTER_MASK,
			    closing ? VBG_KERNEL_REQUESTOR :
				      session->requestor);
	if (!req && !closing)
		return -ENOMEM;

	mutex_lock(&gdev->session_mutex);

	previous = session->event_filter;
	session->event_filter = (previous | or_mask) & ~not_mask;
	changed = previous ^ session->event_filter;
	if (!changed)
		goto out_unlock;

	vbg_bit_usage_apply(&gdev->event_filter_tracker, changed, previous);
	host_mask = gdev->fixed_events | gdev->event_filter_tracker.mask;
	if (host_mask == gdev->event_filter_host)
		goto out_unlock;
	if (!req) {
		gdev->event_filter_host = U32_MAX;
		goto out_unlock;
	}

	req->or_mask = host_mask;
	req->not_mask = ~host_mask;
	rc = vbg_req_perform(gdev, req);
	if (rc >= 0) {
		gdev->event_filter_host = host_mask;
		goto out_unlock;
	}

	ret = vbg_status_code_to_errno(rc);
	gdev->event_filter_host = U32_MAX;
	if (!closing) {
		vbg_bit_usage_apply(&gdev->event_filter_tracker, changed,
				    session->event_filter);
		session->event_filter = previous;
	}

out_unlock:
	mutex_unlock(&gdev->session_mutex);
	vbg_req_free(req, sizeof(*req));
	return ret;
}

/**
 * vbg_events_allowed - the events a session may receive.
 * @gdev: the device
 * @session: the session
 *
 * A capability in acquire mode routes its event to the session that holds
 * it: display changes to the GRAPHICS holder, seamless requests to the
 * SEAMLESS holder.  Caller holds gdev->event_spinlock.
 *
 * Return: the mask of deliverable events.
 */
static u32 vbg_events_allowed(struct vbg_dev *gdev, struct vbg_session *session)
{
	u32 gated = gdev->acquire_mode_guest_caps &
		    ~session->acquired_guest_caps;
	u32 allowed = VMMDEV_EVENT_VALID_EVENT_MASK;

	if (gated & VMMDEV_GUEST_SUPPORTS_GRAPHICS)
		allowed &= ~VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST;
	if (gated & VMMDEV_GUEST_SUPPORTS_SEAMLESS)
		allowed &= ~VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST;

	return allowed;
}

/**
 * vbg_events_ready - the wait condition of vbg_events_wait().
 * @gdev: the device
 * @session: the waiting session
 * @event_mask: the events it waits for
 *
 * Return: true if a matching event is pending or the session's waits were
 * interrupted.
 */
static bool vbg_events_ready(struct vbg_dev *gdev, struct vbg_session *session,
			     u32 event_mask)
{
	unsigned long flags;
	bool ready;

	spin_lock_irqsave(&gdev->event_spinlock, flags);
	ready = session->cancel_waiters || (gdev->pending_events & event_mask &
					    vbg_events_allowed(gdev, session));
	spin_unlock_irqrestore(&gdev->event_spinlock, flags);

	return ready;
}

/**
 * vbg_events_wait - wait for and consume events.
 * @gdev: the device
 * @session: the waiting session
 * @event_mask: the events to wait for
 * @timeout_ms: how long to wait; 0 polls, U32_MAX waits forever
 * @events: where to store the events consumed
 *
 * Another session may consume the events between the wake-up and the
 * consumption; the wait then goes on with the time that is left.
 *
 * Return: 0 with *@events non-zero, -ETIMEDOUT, or -EINTR on a signal or
 * after INTERRUPT_ALL_WAIT_FOR_EVENTS on this session.
 */
int vbg_events_wait(struct vbg_dev *gdev, struct vbg_session *session,
		    u32 event_mask, u32 timeout_ms, u32 *events)
{
	unsigned long flags;
	long timeout;
	int ret = 0;

	if (timeout_ms == U32_MAX)
		timeout = MAX_SCHEDULE_TIMEOUT;
	else
		timeout = msecs_to_jiffies(timeout_ms);

	*events = 0;
	do {
		timeout = wait_event_interruptible_timeout(
			gdev->event_wq,
			vbg_events_ready(gdev, session, event_mask), timeout);

		spin_lock_irqsave(&gdev->event_spinlock, flags);
		if (timeout < 0 || session->cancel_waiters) {
			ret = -EINTR;
		} else if (timeout == 0) {
			ret = -ETIMEDOUT;
		} else {
			*events = gdev->pending_events & event_mask &
				  vbg_events_allowed(gdev, session);
			gdev->pending_events &= ~*events;
		}
		spin_unlock_irqrestore(&gdev->event_spinlock, flags);
	} while (ret == 0 && *events == 0);

	return ret;
}

/**
 * vbg_events_interrupt_all - make every wait of a session return -EINTR.
 * @gdev: the device
 * @session: the session
 *
 * Sticky: waits started afterwards on the session fail at once too.
 */
void vbg_events_interrupt_all(struct vbg_dev *gdev, struct vbg_session *session)
{
	unsigned long flags;

	spin_lock_irqsave(&gdev->event_spinlock, flags);
	session->cancel_waiters = true;
	spin_unlock_irqrestore(&gdev->event_spinlock, flags);

	wake_up(&gdev->event_wq);
}

/**
 * vbg_events_post - make events pending and wake the waiters.
 * @gdev: the device
 * @events: the events
 */
void vbg_events_post(struct vbg_dev *gdev, u32 events)
{
	unsigned long flags;

	spin_lock_irqsave(&gdev->event_spinlock, flags);
	gdev->pending_events |= events;
	spin_unlock_irqrestore(&gdev->event_spinlock, flags);

	wake_up(&gdev->event_wq);
}

/**
 * vbg_core_isr - the interrupt handler.
 * @irq: the interrupt line
 * @dev_id: the struct vbg_dev
 *
 * The line is shared: the device says it raised it through have_events.
 * AcknowledgeEvents returns (and clears) the raised events and lowers the
 * line.  HGCM completions wake the HGCM waiters, a balloon change request
 * goes to the balloon worker and never reaches userspace, mouse position
 * changes have no consumer here (this driver has no input device), and
 * every other event becomes pending for the waiters.
 *
 * Return: IRQ_HANDLED, or IRQ_NONE if the device did not interrupt.
 */
irqreturn_t vbg_core_isr(int irq, void *dev_id)
{
	struct vbg_dev *gdev = dev_id;
	struct vmmdev_events *req = gdev->ack_events_req;
	u32 events;
	int rc;

	if (!READ_ONCE(gdev->mmio->V.V1_04.have_events))
		return IRQ_NONE;

	req->header.rc = VERR_INTERNAL_ERROR;
	req->events = 0;
	rc = vbg_req_perform(gdev, req);
	if (rc < 0) {
		dev_err(gdev->dev, "acknowledging events failed: %d\n", rc);
		return IRQ_NONE;
	}
	events = req->events;

	if (events & VMMDEV_EVENT_HGCM)
		wake_up(&gdev->hgcm_wq);
	if (events & VMMDEV_EVENT_BALLOON_CHANGE_REQUEST)
		schedule_work(&gdev->mem_balloon_work);

	events &= ~(VMMDEV_EVENT_HGCM | VMMDEV_EVENT_BALLOON_CHANGE_REQUEST |
		    VMMDEV_EVENT_MOUSE_POSITION_CHANGED);
	if (events)
		vbg_events_post(gdev, events);

	return IRQ_HANDLED;
}
