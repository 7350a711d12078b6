// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Displays: the host's resize requests (one display or many), monitor
 * positions, video mode queries and the height reduction.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

_Static_assert(VBGL_DISPLAY_PRIMARY == VMMDEV_DISPLAY_PRIMARY, "flag");
_Static_assert(VBGL_DISPLAY_DISABLED == VMMDEV_DISPLAY_DISABLED, "flag");
_Static_assert(VBGL_DISPLAY_ORIGIN == VMMDEV_DISPLAY_ORIGIN, "flag");
_Static_assert(VBGL_DISPLAY_CX == VMMDEV_DISPLAY_CX, "flag");
_Static_assert(VBGL_DISPLAY_CY == VMMDEV_DISPLAY_CY, "flag");
_Static_assert(VBGL_DISPLAY_BPP == VMMDEV_DISPLAY_BPP, "flag");
_Static_assert(VBGL_MAX_DISPLAYS == VMMDEV_MAX_DISPLAYS, "displays");

static uint32_t ack_bit(int ack)
{
	return ack ? VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST : 0;
}

int vbgl_get_display_change(struct vbgl_handle *h, int ack,
			    struct vbgl_display_change *change)
{
	struct vmmdev_display_change_request_ex req;
	int ret;

	if (!change)
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req),
				 VMMDEVREQ_GET_DISPLAY_CHANGE_REQEX);
	req.eventack = ack_bit(ack);
	ret = vbgl_vmmdev_request(h, &req);
	if (ret < 0)
		return ret;
	change->xres = req.xres;
	change->yres = req.yres;
	change->bpp = req.bpp;
	change->display = req.display;
	change->x_origin = req.origin_x;
	change->y_origin = req.origin_y;
	change->change_origin = req.change_origin;
	change->enabled = req.enabled;
	return 0;
}

static void copy_display_def(struct vbgl_display_def *dst,
			     const struct vmmdev_display_def *src)
{
	dst->flags = src->flags;
	dst->display = src->id_display;
	dst->x_origin = src->x_origin;
	dst->y_origin = src->y_origin;
	dst->cx = src->cx;
	dst->cy = src->cy;
	dst->bpp = src->bits_per_pixel;
}

int vbgl_get_display_change_multi(struct vbgl_handle *h, int ack,
				  struct vbgl_display_def *defs,
				  uint32_t *count)
{
	struct vmmdev_display_change_request_multi *req;
	uint32_t room, got, i, size;
	int ret;

	if (!defs || !count || !*count || *count > VMMDEV_MAX_DISPLAYS)
		return -EINVAL;
	room = *count;
	size = VMMDEV_DISPLAY_CHANGE_MULTI_SIZE(room);
	req = malloc(size);
	if (!req)
		return -ENOMEM;
	vbgl_vmmdev_request_init(req, size,
				 VMMDEVREQ_GET_DISPLAY_CHANGE_REQ_MULTI);
	req->eventack = ack_bit(ack);
	req->count = room;
	ret = vbgl_vmmdev_request(h, req);
	if (ret == 0) {
		/* The host counts every pending display, fitting or not. */
		got = req->count < room ? req->count : room;
		for (i = 0; i < got; i++)
			copy_display_def(&defs[i], &req->displays[i]);
		*count = got;
	}
	free(req);
	return ret;
}

int vbgl_update_monitor_positions(struct vbgl_handle *h,
				  const struct vbgl_point *pos, uint32_t count)
{
	struct vmmdev_video_update_monitor_positions *req;
	uint32_t i, size;
	int ret;

	if (!pos || !count || count > VMMDEV_MAX_DISPLAYS)
		return -EINVAL;
	size = VMMDEV_MONITOR_POSITIONS_SIZE(count);
	req = malloc(size);
	if (!req)
		return -ENOMEM;
	vbgl_vmmdev_request_init(req, size,
				 VMMDEVREQ_VIDEO_UPDATE_MONITOR_POSITIONS);
	req->count = count;
	for (i = 0; i < count; i++) {
		req->positions[i].x = pos[i].x;
		req->positions[i].y = pos[i].y;
	}
	ret = vbgl_vmmdev_request(h, req);
	free(req);
	return ret;
}

int vbgl_video_mode_supported(struct vbgl_handle *h, uint32_t display,
			      uint32_t width, uint32_t height, uint32_t bpp,
			      int *supported)
{
	struct vmmdev_video_mode_supported2 req;
	int ret;

	if (!supported || display >= VMMDEV_MAX_DISPLAYS)
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req),
				 VMMDEVREQ_VIDEMODE_SUPPORTED2);
	req.display = display;
	req.width = width;
	req.height = height;
	req.bpp = bpp;
	ret = vbgl_vmmdev_request(h, &req);
	if (ret < 0)
		return ret;
	*supported = req.supported ? 1 : 0;
	return 0;
}

int vbgl_get_height_reduction(struct vbgl_handle *h, uint32_t *pixels)
{
	struct vmmdev_height_reduction req;
	int ret;

	if (!pixels)
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req),
				 VMMDEVREQ_GET_HEIGHT_REDUCTION);
	ret = vbgl_vmmdev_request(h, &req);
	if (ret < 0)
		return ret;
	*pixels = req.height_reduction;
	return 0;
}
