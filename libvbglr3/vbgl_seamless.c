// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Seamless mode: the mode the host asks for and the visible region the
 * guest reports.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

_Static_assert(VBGL_SEAMLESS_DISABLED == VMMDEV_SEAMLESS_DISABLED, "mode");
_Static_assert(VBGL_SEAMLESS_VISIBLE_REGION == VMMDEV_SEAMLESS_VISIBLE_REGION,
	       "mode");
_Static_assert(VBGL_SEAMLESS_HOST_WINDOW == VMMDEV_SEAMLESS_HOST_WINDOW,
	       "mode");
_Static_assert(VMMDEV_VISIBLE_REGION_SIZE(VBGL_VISIBLE_REGION_MAX_RECTS) <=
		       VMMDEV_MAX_VMMDEVREQ_SIZE,
	       "largest region fits a request");
_Static_assert(VMMDEV_VISIBLE_REGION_SIZE(VBGL_VISIBLE_REGION_MAX_RECTS + 1) >
		       VMMDEV_MAX_VMMDEVREQ_SIZE,
	       "and is the largest");

int vbgl_get_seamless_mode(struct vbgl_handle *h, int ack, uint32_t *mode)
{
	struct vmmdev_seamless_change_request req;
	int ret;

	if (!mode)
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req),
				 VMMDEVREQ_GET_SEAMLESS_CHANGE_REQ);
	req.eventack = ack ? VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST : 0;
	ret = vbgl_vmmdev_request(h, &req);
	if (ret < 0)
		return ret;
	*mode = req.mode;
	return 0;
}

int vbgl_set_visible_region(struct vbgl_handle *h,
			    const struct vbgl_rect *rects, uint32_t count)
{
	struct vmmdev_video_set_visible_region *req;
	uint32_t i, size;
	int ret;

	if (!rects && count)
		return -EINVAL;
	if (count > VBGL_VISIBLE_REGION_MAX_RECTS)
		return -E2BIG;
	for (i = 0; i < count; i++) {
		if (rects[i].right < rects[i].left ||
		    rects[i].bottom < rects[i].top)
			return -EINVAL;
	}
	size = VMMDEV_VISIBLE_REGION_SIZE(count);
	req = malloc(size);
	if (!req)
		return -ENOMEM;
	vbgl_vmmdev_request_init(req, size, VMMDEVREQ_VIDEO_SET_VISIBLE_REGION);
	req->count = count;
	for (i = 0; i < count; i++) {
		req->rects[i].left = rects[i].left;
		req->rects[i].top = rects[i].top;
		req->rects[i].right = rects[i].right;
		req->rects[i].bottom = rects[i].bottom;
	}
	ret = vbgl_vmmdev_request(h, req);
	free(req);
	return ret;
}
