// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Mouse status: the host's pointer features and position, and the guest's
 * features.
 */
#include "config.h"

#include <errno.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

_Static_assert(VBGL_MOUSE_GUEST_CAN_ABSOLUTE == VMMDEV_MOUSE_GUEST_CAN_ABSOLUTE,
	       "mouse bit");
_Static_assert(VBGL_MOUSE_HOST_WANTS_ABSOLUTE ==
		       VMMDEV_MOUSE_HOST_WANTS_ABSOLUTE,
	       "mouse bit");
_Static_assert(VBGL_MOUSE_GUEST_NEEDS_HOST_CURSOR ==
		       VMMDEV_MOUSE_GUEST_NEEDS_HOST_CURSOR,
	       "mouse bit");
_Static_assert(VBGL_MOUSE_HOST_CANNOT_HWPOINTER ==
		       VMMDEV_MOUSE_HOST_CANNOT_HWPOINTER,
	       "mouse bit");
_Static_assert(VBGL_MOUSE_NEW_PROTOCOL == VMMDEV_MOUSE_NEW_PROTOCOL,
	       "mouse bit");
_Static_assert(VBGL_MOUSE_HOST_RECHECKS_NEEDS_HOST_CURSOR ==
		       VMMDEV_MOUSE_HOST_RECHECKS_NEEDS_HOST_CURSOR,
	       "mouse bit");
_Static_assert(VBGL_MOUSE_HOST_HAS_ABS_DEV == VMMDEV_MOUSE_HOST_HAS_ABS_DEV,
	       "mouse bit");
_Static_assert(VBGL_MOUSE_GUEST_USES_FULL_STATE_PROTOCOL ==
		       VMMDEV_MOUSE_GUEST_USES_FULL_STATE_PROTOCOL,
	       "mouse bit");
_Static_assert(VBGL_MOUSE_HOST_USES_FULL_STATE_PROTOCOL ==
		       VMMDEV_MOUSE_HOST_USES_FULL_STATE_PROTOCOL,
	       "mouse bit");
_Static_assert(VBGL_MOUSE_GUEST_MASK == VMMDEV_MOUSE_GUEST_MASK, "mouse mask");

int vbgl_get_mouse_status(struct vbgl_handle *h, uint32_t *features, int32_t *x,
			  int32_t *y)
{
	struct vmmdev_mouse_status req;
	int ret;

	vbgl_vmmdev_request_init(&req, sizeof(req), VMMDEVREQ_GET_MOUSE_STATUS);
	ret = vbgl_vmmdev_request(h, &req);
	if (ret < 0)
		return ret;
	if (features)
		*features = req.mouse_features;
	if (x)
		*x = req.pointer_pos_x;
	if (y)
		*y = req.pointer_pos_y;
	return 0;
}

int vbgl_set_mouse_status(struct vbgl_handle *h, uint32_t features)
{
	struct vmmdev_mouse_status req;

	if (features & ~VMMDEV_MOUSE_GUEST_MASK)
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req), VMMDEVREQ_SET_MOUSE_STATUS);
	req.mouse_features = features;
	return vbgl_vmmdev_request(h, &req);
}
