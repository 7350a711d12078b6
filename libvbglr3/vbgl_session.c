// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The VM session id (to notice restores) and the host clock.
 */
#include "config.h"

#include <errno.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

int vbgl_get_session_id(struct vbgl_handle *h, uint64_t *id)
{
	struct vmmdev_session_id req;
	int ret;

	if (!id)
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req), VMMDEVREQ_GET_SESSION_ID);
	ret = vbgl_vmmdev_request(h, &req);
	if (ret < 0)
		return ret;
	*id = req.session_id;
	return 0;
}

int vbgl_get_host_time(struct vbgl_handle *h, uint64_t *ms_since_epoch)
{
	struct vmmdev_host_time req;
	int ret;

	if (!ms_since_epoch)
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req), VMMDEVREQ_GET_HOST_TIME);
	ret = vbgl_vmmdev_request(h, &req);
	if (ret < 0)
		return ret;
	*ms_since_epoch = req.time_ms;
	return 0;
}
