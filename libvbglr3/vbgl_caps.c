// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest capabilities: set (reference-counted over sessions) and acquire
 * (exclusive to one session).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

_Static_assert(VBGL_CAP_SEAMLESS == VMMDEV_GUEST_SUPPORTS_SEAMLESS, "cap");
_Static_assert(VBGL_CAP_GUEST_HOST_WINDOW_MAPPING ==
		       VMMDEV_GUEST_SUPPORTS_GUEST_HOST_WINDOW_MAPPING,
	       "cap");
_Static_assert(VBGL_CAP_GRAPHICS == VMMDEV_GUEST_SUPPORTS_GRAPHICS, "cap");
_Static_assert(VBGL_CAP_MASK == VMMDEV_GUEST_CAPABILITIES_MASK, "cap mask");
_Static_assert(VBGL_ACQUIRE_CONFIG_MODE ==
		       VBGL_IOC_AGC_FLAGS_CONFIG_ACQUIRE_MODE,
	       "acquire flag");

int vbgl_set_guest_caps(struct vbgl_handle *h, uint32_t or_mask,
			uint32_t not_mask, uint32_t *session_caps,
			uint32_t *global_caps)
{
	struct vbg_ioctl_set_guest_caps req;
	int ret;

	if ((or_mask | not_mask) & ~VMMDEV_GUEST_CAPABILITIES_MASK)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	vbgl_ioctl_hdr_init(&req.hdr, sizeof(req.hdr) + sizeof(req.u.in),
			    sizeof(req.hdr) + sizeof(req.u.out),
			    VBG_IOCTL_HDR_TYPE_DEFAULT);
	req.u.in.or_mask = or_mask;
	req.u.in.not_mask = not_mask;
	ret = vbgl_ioctl(h, VBG_IOCTL_CHANGE_GUEST_CAPABILITIES, &req,
			 sizeof(req));
	if (ret < 0)
		return ret;
	if (session_caps)
		*session_caps = req.u.out.session_caps;
	if (global_caps)
		*global_caps = req.u.out.global_caps;
	return 0;
}

int vbgl_acquire_guest_caps(struct vbgl_handle *h, uint32_t flags,
			    uint32_t or_mask, uint32_t not_mask)
{
	struct vbg_ioctl_acquire_guest_caps req;

	if (flags & ~VBGL_IOC_AGC_FLAGS_VALID_MASK)
		return -EINVAL;
	if ((or_mask | not_mask) & ~VMMDEV_GUEST_CAPABILITIES_MASK)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	vbgl_ioctl_hdr_init(&req.hdr, sizeof(req.hdr) + sizeof(req.u.in),
			    sizeof(req.hdr), VBG_IOCTL_HDR_TYPE_DEFAULT);
	req.u.in.flags = flags;
	req.u.in.or_mask = or_mask;
	req.u.in.not_mask = not_mask;
	return vbgl_ioctl(h, VBG_IOCTL_ACQUIRE_GUEST_CAPABILITIES, &req,
			  sizeof(req));
}
