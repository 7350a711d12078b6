// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Events: the session's filter mask, waiting, and interrupting waiters.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

_Static_assert(VBGL_EVENT_MOUSE_CAPABILITIES_CHANGED ==
		       VMMDEV_EVENT_MOUSE_CAPABILITIES_CHANGED,
	       "event bit");
_Static_assert(VBGL_EVENT_HGCM == VMMDEV_EVENT_HGCM, "event bit");
_Static_assert(VBGL_EVENT_DISPLAY_CHANGE_REQUEST ==
		       VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST,
	       "event bit");
_Static_assert(VBGL_EVENT_JUDGE_CREDENTIALS == VMMDEV_EVENT_JUDGE_CREDENTIALS,
	       "event bit");
_Static_assert(VBGL_EVENT_RESTORED == VMMDEV_EVENT_RESTORED, "event bit");
_Static_assert(VBGL_EVENT_SEAMLESS_MODE_CHANGE_REQUEST ==
		       VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST,
	       "event bit");
_Static_assert(VBGL_EVENT_BALLOON_CHANGE_REQUEST ==
		       VMMDEV_EVENT_BALLOON_CHANGE_REQUEST,
	       "event bit");
_Static_assert(VBGL_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST ==
		       VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST,
	       "event bit");
_Static_assert(VBGL_EVENT_VRDP == VMMDEV_EVENT_VRDP, "event bit");
_Static_assert(VBGL_EVENT_MOUSE_POSITION_CHANGED ==
		       VMMDEV_EVENT_MOUSE_POSITION_CHANGED,
	       "event bit");
_Static_assert(VBGL_EVENT_CPU_HOTPLUG == VMMDEV_EVENT_CPU_HOTPLUG, "event bit");

int vbgl_change_event_filter(struct vbgl_handle *h, uint32_t or_mask,
			     uint32_t not_mask)
{
	struct vbg_ioctl_change_filter req;

	if ((or_mask | not_mask) & ~VMMDEV_EVENT_VALID_EVENT_MASK)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	vbgl_ioctl_hdr_init(&req.hdr, sizeof(req.hdr) + sizeof(req.u.in),
			    sizeof(req.hdr), VBG_IOCTL_HDR_TYPE_DEFAULT);
	req.u.in.or_mask = or_mask;
	req.u.in.not_mask = not_mask;
	return vbgl_ioctl(h, VBG_IOCTL_CHANGE_FILTER_MASK, &req, sizeof(req));
}

int vbgl_wait_for_events(struct vbgl_handle *h, uint32_t mask,
			 uint32_t timeout_ms, uint32_t *events)
{
	struct vbg_ioctl_wait_for_events req;
	int ret;

	if (!mask || (mask & ~VMMDEV_EVENT_VALID_EVENT_MASK))
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	vbgl_ioctl_hdr_init(&req.hdr, sizeof(req.hdr) + sizeof(req.u.in),
			    sizeof(req.hdr) + sizeof(req.u.out),
			    VBG_IOCTL_HDR_TYPE_DEFAULT);
	req.u.in.timeout_ms = timeout_ms;
	req.u.in.events = mask;
	ret = vbgl_ioctl(h, VBG_IOCTL_WAIT_FOR_EVENTS, &req, sizeof(req));
	if (ret < 0)
		return ret;
	if (events)
		*events = req.u.out.events;
	return 0;
}

int vbgl_interrupt_waiters(struct vbgl_handle *h)
{
	struct vbg_ioctl_hdr req;

	vbgl_ioctl_hdr_init(&req, sizeof(req), sizeof(req),
			    VBG_IOCTL_HDR_TYPE_DEFAULT);
	return vbgl_ioctl(h, VBG_IOCTL_INTERRUPT_ALL_WAIT_FOR_EVENTS, &req,
			  sizeof(req));
}
