// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HGCM: connecting to host services and calling them with typed
 * parameters.  The call object holds the ioctl argument itself (header and
 * parameter slots in the native layout, 16-byte slots on 64-bit), so
 * running a call is one ioctl with no copying.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "libvbglr3/vbgl_hgcm_internal.h"
#include "driver/vmmdev.h"

_Static_assert(VBGL_HGCM_MAX_PARMS == VMMDEV_HGCM_MAX_PARMS, "max parms");
_Static_assert(VBGL_HGCM_MAX_BUF_SIZE == VBG_MAX_HGCM_USER_PARM, "max buf");
_Static_assert(
	VBGL_HGCM_SERVICE_NAME_MAX + 1 ==
		sizeof(((struct vmmdev_hgcm_service_location_localhost *)0)
			       ->service_name),
	"service name");
_Static_assert(offsetof(struct vbgl_hgcm_call, parms) ==
		       offsetof(struct vbgl_hgcm_call, hdr) +
			       sizeof(struct vbg_ioctl_hgcm_call),
	       "parameters follow header");

int vbgl_hgcm_connect(struct vbgl_handle *h, const char *service,
		      uint32_t *client_id)
{
	struct vbg_ioctl_hgcm_connect req;
	size_t len;
	int ret;

	if (!service || !client_id)
		return -EINVAL;
	len = strnlen(service, VBGL_HGCM_SERVICE_NAME_MAX + 1);
	if (!len)
		return -EINVAL;
	if (len > VBGL_HGCM_SERVICE_NAME_MAX)
		return -ENAMETOOLONG;

	memset(&req, 0, sizeof(req));
	vbgl_ioctl_hdr_init(&req.hdr, sizeof(req.hdr) + sizeof(req.u.in),
			    sizeof(req.hdr) + sizeof(req.u.out),
			    VBG_IOCTL_HDR_TYPE_DEFAULT);
	req.u.in.loc.type = VMMDEV_HGCM_LOC_LOCALHOST_EXISTING;
	memcpy(req.u.in.loc.u.localhost.service_name, service, len);
	ret = vbgl_ioctl(h, VBG_IOCTL_HGCM_CONNECT, &req, sizeof(req));
	if (ret < 0)
		return ret;
	*client_id = req.u.out.client_id;
	return 0;
}

int vbgl_hgcm_disconnect(struct vbgl_handle *h, uint32_t client_id)
{
	struct vbg_ioctl_hgcm_disconnect req;

	memset(&req, 0, sizeof(req));
	vbgl_ioctl_hdr_init(&req.hdr, sizeof(req.hdr) + sizeof(req.u.in),
			    sizeof(req.hdr), VBG_IOCTL_HDR_TYPE_DEFAULT);
	req.u.in.client_id = client_id;
	return vbgl_ioctl(h, VBG_IOCTL_HGCM_DISCONNECT, &req, sizeof(req));
}

int vbgl_hgcm_call_new(uint32_t client_id, uint32_t function,
		       unsigned int parm_count, struct vbgl_hgcm_call **out)
{
	struct vbgl_hgcm_call *call;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (parm_count > VMMDEV_HGCM_MAX_PARMS)
		return -E2BIG;
	call = calloc(1, sizeof(*call));
	if (!call)
		return -ENOMEM;
	call->parm_count = parm_count;
	call->hdr.client_id = client_id;
	call->hdr.function = function;
	call->hdr.timeout_ms = VBGL_TIMEOUT_INFINITE;
	call->hdr.interruptible = 1;
	call->hdr.parm_count = (uint16_t)parm_count;
	call->hdr.hdr.rc = VERR_INTERNAL_ERROR;
	*out = call;
	return 0;
}

void vbgl_hgcm_call_free(struct vbgl_hgcm_call *call)
{
	free(call);
}

int vbgl_hgcm_call_set_timeout(struct vbgl_hgcm_call *call, uint32_t timeout_ms)
{
	if (!call)
		return -EINVAL;
	call->hdr.timeout_ms = timeout_ms;
	return 0;
}

static struct vmmdev_hgcm_function_parameter *
parm_for_set(struct vbgl_hgcm_call *call, unsigned int idx)
{
	if (!call || idx >= call->parm_count)
		return NULL;
	memset(&call->parms[idx], 0, sizeof(call->parms[idx]));
	return &call->parms[idx];
}

int vbgl_hgcm_set_u32(struct vbgl_hgcm_call *call, unsigned int idx,
		      uint32_t value)
{
	struct vmmdev_hgcm_function_parameter *p = parm_for_set(call, idx);

	if (!p)
		return -EINVAL;
	p->type = VMMDEV_HGCM_PARM_TYPE_32BIT;
	p->u.value32 = value;
	return 0;
}

int vbgl_hgcm_set_u64(struct vbgl_hgcm_call *call, unsigned int idx,
		      uint64_t value)
{
	struct vmmdev_hgcm_function_parameter *p = parm_for_set(call, idx);

	if (!p)
		return -EINVAL;
	p->type = VMMDEV_HGCM_PARM_TYPE_64BIT;
	p->u.value64 = value;
	return 0;
}

static int set_buf(struct vbgl_hgcm_call *call, unsigned int idx,
		   enum vmmdev_hgcm_function_parameter_type type,
		   const void *buf, uint32_t size)
{
	struct vmmdev_hgcm_function_parameter *p;

	if (!call || idx >= call->parm_count || (!buf && size))
		return -EINVAL;
	if (size > VBG_MAX_HGCM_USER_PARM)
		return -E2BIG;
	p = parm_for_set(call, idx);
	p->type = type;
	p->u.pointer.size = size;
	p->u.pointer.u.linear_addr = (uintptr_t)buf;
	call->buf_size[idx] = size;
	return 0;
}

int vbgl_hgcm_set_buf_in(struct vbgl_hgcm_call *call, unsigned int idx,
			 const void *buf, uint32_t size)
{
	return set_buf(call, idx, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, buf, size);
}

int vbgl_hgcm_set_buf_out(struct vbgl_hgcm_call *call, unsigned int idx,
			  void *buf, uint32_t size)
{
	return set_buf(call, idx, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, buf, size);
}

int vbgl_hgcm_set_buf_inout(struct vbgl_hgcm_call *call, unsigned int idx,
			    void *buf, uint32_t size)
{
	return set_buf(call, idx, VMMDEV_HGCM_PARM_TYPE_LINADDR, buf, size);
}

static int is_buf_type(uint32_t type)
{
	return type == VMMDEV_HGCM_PARM_TYPE_LINADDR ||
	       type == VMMDEV_HGCM_PARM_TYPE_LINADDR_IN ||
	       type == VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT;
}

int vbgl_hgcm_call_prepare(struct vbgl_hgcm_call *call, size_t *len)
{
	unsigned int i;

	for (i = 0; i < call->parm_count; i++) {
		struct vmmdev_hgcm_function_parameter *p = &call->parms[i];

		if (p->type == VMMDEV_HGCM_PARM_TYPE_INVALID)
			return -EINVAL;
		/* The host wrote its sizes here last time; start afresh. */
		if (is_buf_type(p->type))
			p->u.pointer.size = call->buf_size[i];
	}
	*len = sizeof(call->hdr) + call->parm_count * sizeof(call->parms[0]);
	vbgl_ioctl_hdr_init(&call->hdr.hdr, (uint32_t)*len, (uint32_t)*len,
			    VBG_IOCTL_HDR_TYPE_DEFAULT);
	return 0;
}

int vbgl_hgcm_call(struct vbgl_handle *h, struct vbgl_hgcm_call *call)
{
	size_t len;
	int ret;

	if (!h || !call)
		return -EINVAL;
	ret = vbgl_hgcm_call_prepare(call, &len);
	if (ret < 0)
		return ret;
	return vbgl_ioctl(h, VBG_IOCTL_HGCM_CALL(len), &call->hdr, len);
}

int32_t vbgl_hgcm_call_status(const struct vbgl_hgcm_call *call)
{
	return call ? call->hdr.hdr.rc : VERR_INTERNAL_ERROR;
}

static const struct vmmdev_hgcm_function_parameter *
parm_for_get(const struct vbgl_hgcm_call *call, unsigned int idx)
{
	if (!call || idx >= call->parm_count)
		return NULL;
	return &call->parms[idx];
}

int vbgl_hgcm_get_u32(const struct vbgl_hgcm_call *call, unsigned int idx,
		      uint32_t *value)
{
	const struct vmmdev_hgcm_function_parameter *p;

	p = parm_for_get(call, idx);
	if (!p || !value || p->type != VMMDEV_HGCM_PARM_TYPE_32BIT)
		return -EINVAL;
	*value = p->u.value32;
	return 0;
}

int vbgl_hgcm_get_u64(const struct vbgl_hgcm_call *call, unsigned int idx,
		      uint64_t *value)
{
	const struct vmmdev_hgcm_function_parameter *p;

	p = parm_for_get(call, idx);
	if (!p || !value || p->type != VMMDEV_HGCM_PARM_TYPE_64BIT)
		return -EINVAL;
	*value = p->u.value64;
	return 0;
}

int vbgl_hgcm_get_buf_size(const struct vbgl_hgcm_call *call, unsigned int idx,
			   uint32_t *size)
{
	const struct vmmdev_hgcm_function_parameter *p;

	p = parm_for_get(call, idx);
	if (!p || !size || !is_buf_type(p->type))
		return -EINVAL;
	*size = p->u.pointer.size;
	return 0;
}
