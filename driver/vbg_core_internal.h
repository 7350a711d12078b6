/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of the driver core share with each other.  The Linux glue
 * and the userspace hosts never include this; they use vbg_core.h.
 */
#ifndef VBG_CORE_INTERNAL_H
#define VBG_CORE_INTERNAL_H

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/types.h>
#include "vbg_core.h"

/* The requestor word of the driver's own requests. */
#define VBG_KERNEL_REQUESTOR                                  \
	(VMMDEV_REQUESTOR_KERNEL | VMMDEV_REQUESTOR_USR_DRV | \
	 VMMDEV_REQUESTOR_CON_DONT_KNOW | VMMDEV_REQUESTOR_TRUST_NOT_GIVEN)

/*
 * The largest VMMDev request the core ever builds: an HGCM call with 32
 * parameters of 24 MiB each, page lists included, stays below 2 MiB.
 */
#define VBG_MAX_REQ_SIZE (4 * 1024 * 1024)

/* hgcm_client_ids[] slot states besides a real client id. */
#define VBG_HGCM_SLOT_FREE 0
#define VBG_HGCM_SLOT_BUSY U32_MAX

/**
 * struct vbg_session - the state of one open file.
 * @gdev: the device
 * @requestor: VMMDEV_REQUESTOR_* word for requests made for this session
 * @hgcm_client_ids: connected HGCM clients, VBG_HGCM_SLOT_FREE or
 *	VBG_HGCM_SLOT_BUSY (a connect or disconnect is in flight); guarded by
 *	gdev->session_mutex
 * @event_filter: events this session asked the host to raise; guarded by
 *	gdev->session_mutex
 * @set_guest_caps: capabilities set through CHANGE_GUEST_CAPABILITIES;
 *	guarded by gdev->session_mutex
 * @acquired_guest_caps: capabilities acquired through
 *	ACQUIRE_GUEST_CAPABILITIES; written with gdev->session_mutex and
 *	gdev->event_spinlock held, read with either
 * @cancel_waiters: set by INTERRUPT_ALL_WAIT_FOR_EVENTS, never cleared;
 *	guarded by gdev->event_spinlock
 */
struct vbg_session {
	struct vbg_dev *gdev;
	u32 requestor;
	u32 hgcm_client_ids[VMMDEV_HGCM_MAX_CLIENTS_PER_SESSION];
	u32 event_filter;
	u32 set_guest_caps;
	u32 acquired_guest_caps;
	bool cancel_waiters;
};

/**
 * vbg_bit_usage_apply - account for a session's change of a bit mask.
 * @tracker: the device-wide counts
 * @changed: bits whose state changed in the session
 * @previous: the session's mask before the change
 *
 * Bits set in @previous were dropped by the session (count goes down), the
 * others were taken (count goes up).
 *
 * Return: true if @tracker->mask changed.
 */
static inline bool vbg_bit_usage_apply(struct vbg_bit_usage *tracker,
				       u32 changed, u32 previous)
{
	u32 before = tracker->mask;
	unsigned int bit;

	while (changed) {
		bit = __ffs(changed);
		changed &= changed - 1;
		if (previous & BIT(bit)) {
			if (!WARN_ON(tracker->per_bit[bit] == 0) &&
			    --tracker->per_bit[bit] == 0)
				tracker->mask &= ~BIT(bit);
		} else if (tracker->per_bit[bit]++ == 0) {
			tracker->mask |= BIT(bit);
		}
	}

	return tracker->mask != before;
}

/* vbg_request.c: VMMDev requests in device-reachable memory. */
void *vbg_req_alloc(size_t len, u32 req_type, u32 requestor);
void vbg_req_free(void *req, size_t len);
int vbg_req_perform(struct vbg_dev *gdev, void *req);

/* vbg_events.c: event filter, waiting and the interrupt handler. */
int vbg_events_report_host_filter(struct vbg_dev *gdev, bool enable);
int vbg_events_change_filter(struct vbg_dev *gdev, struct vbg_session *session,
			     u32 or_mask, u32 not_mask, bool closing);
int vbg_events_wait(struct vbg_dev *gdev, struct vbg_session *session,
		    u32 event_mask, u32 timeout_ms, u32 *events);
void vbg_events_interrupt_all(struct vbg_dev *gdev,
			      struct vbg_session *session);
void vbg_events_post(struct vbg_dev *gdev, u32 events);

/* vbg_caps.c: guest capabilities. */
int vbg_caps_report_host(struct vbg_dev *gdev, u32 requestor);
int vbg_caps_acquire(struct vbg_dev *gdev, struct vbg_session *session,
		     u32 or_mask, u32 not_mask, u32 flags, bool closing);
int vbg_caps_change(struct vbg_dev *gdev, struct vbg_session *session,
		    u32 or_mask, u32 not_mask, bool closing);

/* vbg_hgcm.c: HGCM connect, disconnect and calls. */
int vbg_hgcm_connect(struct vbg_dev *gdev, u32 requestor,
		     const struct vmmdev_hgcm_service_location *loc,
		     u32 *client_id, int *vbox_status);
int vbg_hgcm_disconnect(struct vbg_dev *gdev, u32 requestor, u32 client_id,
			int *vbox_status);
int vbg_hgcm_call(struct vbg_dev *gdev, u32 requestor, u32 client_id,
		  u32 function, u32 timeout_ms,
		  struct vmmdev_hgcm_function_parameter64 *parms,
		  u32 parm_count, int *vbox_status);
int vbg_hgcm_call32(struct vbg_dev *gdev, u32 requestor, u32 client_id,
		    u32 function, u32 timeout_ms,
		    struct vmmdev_hgcm_function_parameter32 *parms,
		    u32 parm_count, int *vbox_status);

/* vbg_balloon.c: the kernel-managed memory balloon. */
int vbg_balloon_init(struct vbg_dev *gdev);
void vbg_balloon_exit(struct vbg_dev *gdev);

/* vbg_heartbeat.c: the guest heartbeat. */
int vbg_heartbeat_init(struct vbg_dev *gdev);
int vbg_heartbeat_start(struct vbg_dev *gdev);
void vbg_heartbeat_stop(struct vbg_dev *gdev);
void vbg_heartbeat_exit(struct vbg_dev *gdev);

#endif /* VBG_CORE_INTERNAL_H */
