// SPDX-License-Identifier: GPL-2.0-only
/*
 * HGCM: connecting to host services, disconnecting, and calls.
 *
 * A call from userspace names its buffers by user address (LinAddr
 * parameters).  The host cannot read user memory, so every such buffer is
 * bounced through a kernel buffer and handed to the host as a page list
 * that follows the parameters in the request.  Out-only buffers are
 * zero-filled instead of copied in, so the host never sees stale kernel
 * memory; after the call, buffers the host may have written are copied
 * back, no more than the caller supplied.
 *
 * The host completes HGCM requests asynchronously (submit answers
 * VINF_HGCM_ASYNC_EXECUTE, completion sets DONE and raises the HGCM event)
 * or at once.  A call that times out or is interrupted is cancelled at the
 * host before its memory is freed.
 */
#include <linux/jiffies.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include "vbg_core_internal.h"

/* The host's page lists describe 4 KiB pages and the data offset in u16. */
#define VBG_HGCM_PAGELIST_ALIGN 8

/**
 * vbg_hgcm_req_done - whether the host has completed an HGCM request.
 * @gdev: the device
 * @hdr: the request's HGCM header
 *
 * The flags are read under the event spinlock, which orders the read
 * after the interrupt handler's wake-up that followed the host's write.
 *
 * Return: true once the host set DONE.
 */
static bool vbg_hgcm_req_done(struct vbg_dev *gdev,
			      struct vmmdev_hgcmreq_header *hdr)
{
	unsigned long flags;
	bool done;

	spin_lock_irqsave(&gdev->event_spinlock, flags);
	done = READ_ONCE(hdr->flags) & VBOX_HGCM_REQ_DONE;
	spin_unlock_irqrestore(&gdev->event_spinlock, flags);

	return done;
}

/**
 * vbg_hgcm_submit_and_wait - submit a connect or disconnect request.
 * @gdev: the device
 * @hdr: the request
 *
 * Connect and disconnect are short host operations; like the mainline
 * driver this waits for them without timeout and without cancellation.
 *
 * Return: the request's final VBox status (the service result once the
 * host accepted the request, else the submit status).
 */
static int vbg_hgcm_submit_and_wait(struct vbg_dev *gdev,
				    struct vmmdev_hgcmreq_header *hdr)
{
	int rc;

	hdr->flags = 0;
	hdr->result = VERR_GENERAL_FAILURE;
	rc = vbg_req_perform(gdev, hdr);
	if (rc == VINF_HGCM_ASYNC_EXECUTE)
		wait_event(gdev->hgcm_wq, vbg_hgcm_req_done(gdev, hdr));

	return rc < 0 ? rc : READ_ONCE(hdr->result);
}

/**
 * vbg_hgcm_connect - connect to an HGCM service.
 * @gdev: the device
 * @requestor: requestor word for the request
 * @loc: the service location (name)
 * @client_id: where to store the new client id
 * @vbox_status: where to store the VBox status of the connect
 *
 * Return: 0 (the outcome is in *@vbox_status) or -ENOMEM.
 */
int vbg_hgcm_connect(struct vbg_dev *gdev, u32 requestor,
		     const struct vmmdev_hgcm_service_location *loc,
		     u32 *client_id, int *vbox_status)
{
	struct vmmdev_hgcm_connect *req;
	int rc;

	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_HGCM_CONNECT, requestor);
	if (!req)
		return -ENOMEM;

	memcpy(&req->loc, loc, sizeof(*loc));
	req->client_id = 0;
	rc = vbg_hgcm_submit_and_wait(gdev, &req->header);
	*client_id = rc >= 0 ? READ_ONCE(req->client_id) : 0;
	*vbox_status = rc;

	vbg_req_free(req, sizeof(*req));
	return 0;
}

/**
 * vbg_hgcm_disconnect - disconnect an HGCM client.
 * @gdev: the device
 * @requestor: requestor word for the request
 * @client_id: the client
 * @vbox_status: where to store the VBox status of the disconnect
 *
 * Return: 0 (the outcome is in *@vbox_status) or -ENOMEM.
 */
int vbg_hgcm_disconnect(struct vbg_dev *gdev, u32 requestor, u32 client_id,
			int *vbox_status)
{
	struct vmmdev_hgcm_disconnect *req;

	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_HGCM_DISCONNECT, requestor);
	if (!req)
		return -ENOMEM;

	req->client_id = client_id;
	*vbox_status = vbg_hgcm_submit_and_wait(gdev, &req->header);

	vbg_req_free(req, sizeof(*req));
	return 0;
}

static bool vbg_hgcm_is_linaddr(u32 type)
{
	return type == VMMDEV_HGCM_PARM_TYPE_LINADDR ||
	       type == VMMDEV_HGCM_PARM_TYPE_LINADDR_IN ||
	       type == VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT;
}

/**
 * vbg_hgcm_pagelist_size - bytes of the page-list descriptor for a buffer.
 * @buf: the (bounce) buffer
 * @len: its length, non-zero
 *
 * Return: the descriptor size, rounded up to keep the next one aligned.
 */
static size_t vbg_hgcm_pagelist_size(const void *buf, u32 len)
{
	size_t pages =
		DIV_ROUND_UP(offset_in_page(buf) + (size_t)len, PAGE_SIZE);

	return ALIGN(offsetof(struct vmmdev_hgcm_pagelist, pages) +
			     pages * sizeof(u64),
		     VBG_HGCM_PAGELIST_ALIGN);
}

/**
 * vbg_hgcm_bounce_in - bounce one LinAddr parameter's user buffer.
 * @parm: the caller's parameter
 * @bounce: where to store the bounce buffer (NULL for a zero-size buffer)
 * @extra: incremented by the page-list space the buffer needs
 *
 * Return: 0, -ENOMEM, or -EFAULT if the user buffer cannot be read.
 */
static int
vbg_hgcm_bounce_in(const struct vmmdev_hgcm_function_parameter64 *parm,
		   void **bounce, size_t *extra)
{
	u32 len = parm->u.pointer.size;
	void *buf;

	*bounce = NULL;
	if (len == 0)
		return 0;

	if (parm->type == VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT) {
		buf = kvzalloc(len, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
	} else {
		buf = kvmalloc(len, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		if (copy_from_user(
			    buf, u64_to_user_ptr(parm->u.pointer.u.linear_addr),
			    len)) {
			kvfree(buf);
			return -EFAULT;
		}
	}

	*bounce = buf;
	*extra += vbg_hgcm_pagelist_size(buf, len);
	return 0;
}

/**
 * vbg_hgcm_check_parms - validate parameter types and buffer sizes.
 * @parms: the caller's parameters
 * @parm_count: how many
 *
 * Runs before anything is allocated.  Besides the per-buffer limit, the
 * buffers of one call together may not exceed what the host accepts for a
 * call (VMMDEV_MAX_HGCM_DATA_SIZE): the host would refuse the call anyway,
 * and without the cap one call could make the kernel allocate 32 times the
 * per-buffer limit.
 *
 * Return: 0; -EINVAL for a type userspace may not pass; -E2BIG if a buffer
 * or all buffers together are too large.
 */
static int
vbg_hgcm_check_parms(const struct vmmdev_hgcm_function_parameter64 *parms,
		     u32 parm_count)
{
	u64 total = 0;
	u32 i;

	for (i = 0; i < parm_count; i++) {
		switch (parms[i].type) {
		case VMMDEV_HGCM_PARM_TYPE_32BIT:
		case VMMDEV_HGCM_PARM_TYPE_64BIT:
			break;
		case VMMDEV_HGCM_PARM_TYPE_LINADDR:
		case VMMDEV_HGCM_PARM_TYPE_LINADDR_IN:
		case VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT:
			if (parms[i].u.pointer.size > VBG_MAX_HGCM_USER_PARM)
				return -E2BIG;
			total += parms[i].u.pointer.size;
			break;
		default:
			return -EINVAL;
		}
	}

	return total > VMMDEV_MAX_HGCM_DATA_SIZE ? -E2BIG : 0;
}

static void vbg_hgcm_free_bounce(void **bounce, u32 parm_count)
{
	u32 i;

	if (!bounce)
		return;
	for (i = 0; i < parm_count; i++)
		kvfree(bounce[i]);
	kfree(bounce);
}

/**
 * vbg_hgcm_pagelist_flags - page-list direction for a LinAddr type.
 * @type: the parameter type
 *
 * Return: VMMDEV_HGCM_F_PARM_DIRECTION_*.
 */
static u32 vbg_hgcm_pagelist_flags(u32 type)
{
	switch (type) {
	case VMMDEV_HGCM_PARM_TYPE_LINADDR_IN:
		return VMMDEV_HGCM_F_PARM_DIRECTION_TO_HOST;
	case VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT:
		return VMMDEV_HGCM_F_PARM_DIRECTION_FROM_HOST;
	default:
		return VMMDEV_HGCM_F_PARM_DIRECTION_BOTH;
	}
}

/**
 * vbg_hgcm_put_pagelist - describe a bounce buffer to the host.
 * @call: the call request
 * @dst: the request's parameter slot
 * @src: the caller's parameter
 * @buf: the bounce buffer
 * @offset: offset in @call where the descriptor goes; advanced past it
 */
static void
vbg_hgcm_put_pagelist(struct vmmdev_hgcm_call *call,
		      struct vmmdev_hgcm_function_parameter64 *dst,
		      const struct vmmdev_hgcm_function_parameter64 *src,
		      void *buf, size_t *offset)
{
	struct vmmdev_hgcm_pagelist *pl = (void *)call + *offset;
	u32 len = src->u.pointer.size;
	void *page_start = (void *)((unsigned long)buf & PAGE_MASK);
	bool vmalloced = is_vmalloc_addr(buf);
	struct page *page;
	u16 i, count;

	count = DIV_ROUND_UP(offset_in_page(buf) + (size_t)len, PAGE_SIZE);

	dst->type = VMMDEV_HGCM_PARM_TYPE_PAGELIST;
	dst->u.page_list.size = len;
	dst->u.page_list.offset = *offset;

	pl->flags = vbg_hgcm_pagelist_flags(src->type);
	pl->offset_first_page = offset_in_page(buf);
	pl->page_count = count;
	for (i = 0; i < count; i++, page_start += PAGE_SIZE) {
		page = vmalloced ? vmalloc_to_page(page_start) :
				   virt_to_page(page_start);
		pl->pages[i] = page_to_phys(page);
	}

	*offset += vbg_hgcm_pagelist_size(buf, len);
}

/**
 * vbg_hgcm_build_call - fill in an HGCMCall64 request.
 * @call: the request, sized for the parameters and their page lists
 * @client_id: the client
 * @function: the service function
 * @parms: the caller's parameters
 * @parm_count: how many
 * @bounce: their bounce buffers
 */
static void
vbg_hgcm_build_call(struct vmmdev_hgcm_call *call, u32 client_id, u32 function,
		    const struct vmmdev_hgcm_function_parameter64 *parms,
		    u32 parm_count, void **bounce)
{
	struct vmmdev_hgcm_function_parameter64 *dst = (void *)(call + 1);
	size_t offset = ALIGN(sizeof(*call) + parm_count * sizeof(*dst),
			      VBG_HGCM_PAGELIST_ALIGN);
	u32 i;

	call->header.flags = 0;
	call->header.result = VINF_SUCCESS;
	call->client_id = client_id;
	call->function = function;
	call->parm_count = parm_count;

	for (i = 0; i < parm_count; i++) {
		if (!vbg_hgcm_is_linaddr(parms[i].type)) {
			dst[i] = parms[i];
		} else if (!bounce[i]) {
			dst[i].type = parms[i].type;
			dst[i].u.pointer.size = 0;
			dst[i].u.pointer.u.linear_addr = 0;
		} else {
			vbg_hgcm_put_pagelist(call, &dst[i], &parms[i],
					      bounce[i], &offset);
		}
	}
}

/**
 * vbg_hgcm_cancel - cancel a submitted call at the host.
 * @gdev: the device
 * @call: the call
 *
 * HGCMCancel2 names the call by physical address.  Hosts without it take
 * the call itself resubmitted as HGCMCancel with the CANCELLED flag.
 *
 * Return: the VBox status: success if the host dropped the call,
 * VERR_NOT_FOUND if it no longer had it (it completed meanwhile).
 */
static int vbg_hgcm_cancel(struct vbg_dev *gdev, struct vmmdev_hgcm_call *call)
{
	struct vmmdev_hgcm_cancel2 *req = gdev->cancel_req;
	int rc;

	/* One preallocated request, so cancelling cannot fail for memory. */
	mutex_lock(&gdev->cancel_req_mutex);
	req->header.rc = VERR_GENERAL_FAILURE;
	req->phys_req_to_cancel = lower_32_bits(virt_to_phys(call));
	rc = vbg_req_perform(gdev, req);
	mutex_unlock(&gdev->cancel_req_mutex);

	if (rc == VERR_NOT_IMPLEMENTED) {
		call->header.flags |= VBOX_HGCM_REQ_CANCELLED;
		call->header.header.request_type = VMMDEVREQ_HGCM_CANCEL;
		call->header.header.rc = VERR_GENERAL_FAILURE;
		rc = vbg_req_perform(gdev, call);
		if (rc == VERR_INVALID_PARAMETER)
			rc = VERR_NOT_FOUND;
	}

	if (rc >= 0)
		call->header.flags |= VBOX_HGCM_REQ_CANCELLED;
	return rc;
}

/**
 * vbg_hgcm_do_call - submit a call and wait for its completion.
 * @gdev: the device
 * @call: the call
 * @timeout_ms: how long to wait; U32_MAX waits forever
 * @leak: set if the request memory must never be freed
 *
 * The wait is interruptible: calls come from userspace.  On timeout or
 * signal the call is cancelled.  If the host cannot cancel it, it has just
 * completed (or is about to): wait a little for that.  If it still has not
 * completed the host may write into the request at any later time, so the
 * request and its buffers are leaked rather than freed.
 *
 * Return: 0 with the outcome in call->header.result, -ETIMEDOUT or -EINTR.
 */
static int vbg_hgcm_do_call(struct vbg_dev *gdev, struct vmmdev_hgcm_call *call,
			    u32 timeout_ms, bool *leak)
{
	long timeout;
	int rc, ret;

	*leak = false;
	rc = vbg_req_perform(gdev, call);
	if (rc < 0) {
		/* Refused at submission; report it as the call's result. */
		call->header.result = rc;
		return 0;
	}
	if (rc != VINF_HGCM_ASYNC_EXECUTE)
		return 0;

	if (timeout_ms == U32_MAX)
		timeout = MAX_SCHEDULE_TIMEOUT;
	else
		timeout = msecs_to_jiffies(timeout_ms);
	timeout = wait_event_interruptible_timeout(
		gdev->hgcm_wq, vbg_hgcm_req_done(gdev, &call->header), timeout);
	if (timeout > 0)
		return 0;
	ret = timeout == 0 ? -ETIMEDOUT : -EINTR;

	rc = vbg_hgcm_cancel(gdev, call);
	if (rc >= 0)
		return ret;

	if (rc == VERR_NOT_FOUND || rc == VERR_SEM_DESTROYED)
		timeout = msecs_to_jiffies(500);
	else
		timeout = msecs_to_jiffies(2000);
	if (wait_event_timeout(gdev->hgcm_wq,
			       vbg_hgcm_req_done(gdev, &call->header), timeout))
		return 0;

	dev_err(gdev->dev,
		"HGCM call neither completed nor cancelled (cancel: %d); leaking its memory\n",
		rc);
	*leak = true;
	return ret;
}

/**
 * vbg_hgcm_copy_back - return a completed call's results to the caller.
 * @call: the completed call
 * @parms: the caller's parameters, updated in place
 * @parm_count: how many
 * @bounce: the bounce buffers
 *
 * Values come back verbatim; for buffers the host-returned size replaces
 * the caller's, and buffers the host may write (LinAddr, LinAddr_Out) are
 * copied back up to the smaller of the two sizes.
 *
 * Return: 0 or -EFAULT.
 */
static int vbg_hgcm_copy_back(const struct vmmdev_hgcm_call *call,
			      struct vmmdev_hgcm_function_parameter64 *parms,
			      u32 parm_count, void **bounce)
{
	const struct vmmdev_hgcm_function_parameter64 *src =
		(const void *)(call + 1);
	u32 i, host_len, len;

	for (i = 0; i < parm_count; i++) {
		if (!vbg_hgcm_is_linaddr(parms[i].type)) {
			parms[i].u = src[i].u;
			continue;
		}

		/* pointer.size and page_list.size share their offset. */
		host_len = src[i].u.pointer.size;
		len = min(host_len, parms[i].u.pointer.size);
		if (len && parms[i].type != VMMDEV_HGCM_PARM_TYPE_LINADDR_IN &&
		    copy_to_user(
			    u64_to_user_ptr(parms[i].u.pointer.u.linear_addr),
			    bounce[i], len))
			return -EFAULT;
		parms[i].u.pointer.size = host_len;
	}

	return 0;
}

/**
 * vbg_hgcm_call - make an HGCM call on behalf of userspace.
 * @gdev: the device
 * @requestor: requestor word for the request
 * @client_id: the client (validated by the caller)
 * @function: the service function
 * @timeout_ms: how long to wait; U32_MAX waits forever
 * @parms: the parameters (types 32bit, 64bit, LinAddr*), updated in place
 * @parm_count: how many (at most VMMDEV_HGCM_MAX_PARMS)
 * @vbox_status: where to store the call's VBox status
 *
 * Return: 0 (the outcome is in *@vbox_status); -E2BIG if a buffer exceeds
 * VBG_MAX_HGCM_USER_PARM or all together VMMDEV_MAX_HGCM_DATA_SIZE;
 * -EINVAL for an unexpected parameter type; -ENOMEM; -EFAULT; -ETIMEDOUT;
 * -EINTR.
 */
int vbg_hgcm_call(struct vbg_dev *gdev, u32 requestor, u32 client_id,
		  u32 function, u32 timeout_ms,
		  struct vmmdev_hgcm_function_parameter64 *parms,
		  u32 parm_count, int *vbox_status)
{
	struct vmmdev_hgcm_call *call;
	void **bounce = NULL;
	size_t size, extra = 0;
	bool leak = false;
	u32 i;
	int ret = 0;

	if (parm_count > VMMDEV_HGCM_MAX_PARMS)
		return -E2BIG;
	ret = vbg_hgcm_check_parms(parms, parm_count);
	if (ret)
		return ret;

	if (parm_count) {
		bounce = kcalloc(parm_count, sizeof(*bounce), GFP_KERNEL);
		if (!bounce)
			return -ENOMEM;
	}

	for (i = 0; i < parm_count && !ret; i++)
		if (vbg_hgcm_is_linaddr(parms[i].type))
			ret = vbg_hgcm_bounce_in(&parms[i], &bounce[i], &extra);
	if (ret)
		goto out_free_bounce;

	size = ALIGN(sizeof(*call) + parm_count * sizeof(*parms),
		     VBG_HGCM_PAGELIST_ALIGN) +
	       extra;
	call = vbg_req_alloc(size, VMMDEVREQ_HGCM_CALL64, requestor);
	if (!call) {
		ret = -ENOMEM;
		goto out_free_bounce;
	}

	vbg_hgcm_build_call(call, client_id, function, parms, parm_count,
			    bounce);
	ret = vbg_hgcm_do_call(gdev, call, timeout_ms, &leak);
	if (ret == 0) {
		*vbox_status = READ_ONCE(call->header.result);
		ret = vbg_hgcm_copy_back(call, parms, parm_count, bounce);
	}

	if (leak) {
		/* The host may still write into the request and the buffers. */
		kfree(bounce);
		return ret;
	}
	vbg_req_free(call, size);
out_free_bounce:
	vbg_hgcm_free_bounce(bounce, parm_count);
	return ret;
}

/**
 * vbg_hgcm_call32 - make an HGCM call with 32-bit parameter slots.
 * @gdev: the device
 * @requestor: requestor word for the request
 * @client_id: the client (validated by the caller)
 * @function: the service function
 * @timeout_ms: how long to wait; U32_MAX waits forever
 * @parms: the 12-byte parameters, updated in place
 * @parm_count: how many (at most VMMDEV_HGCM_MAX_PARMS)
 * @vbox_status: where to store the call's VBox status
 *
 * The slots are widened to the 64-bit form (the host takes HGCMCall64 from
 * any guest), the call is made, and the results are narrowed back.
 *
 * Return: as vbg_hgcm_call().
 */
int vbg_hgcm_call32(struct vbg_dev *gdev, u32 requestor, u32 client_id,
		    u32 function, u32 timeout_ms,
		    struct vmmdev_hgcm_function_parameter32 *parms,
		    u32 parm_count, int *vbox_status)
{
	struct vmmdev_hgcm_function_parameter64 *wide = NULL;
	u32 i;
	int ret;

	if (parm_count > VMMDEV_HGCM_MAX_PARMS)
		return -E2BIG;

	if (parm_count) {
		wide = kcalloc(parm_count, sizeof(*wide), GFP_KERNEL);
		if (!wide)
			return -ENOMEM;
	}

	for (i = 0; i < parm_count; i++) {
		wide[i].type = parms[i].type;
		if (parms[i].type == VMMDEV_HGCM_PARM_TYPE_64BIT) {
			wide[i].u.value64 = parms[i].u.value64;
		} else if (vbg_hgcm_is_linaddr(parms[i].type)) {
			wide[i].u.pointer.size = parms[i].u.pointer.size;
			wide[i].u.pointer.u.linear_addr =
				parms[i].u.pointer.u.linear_addr;
		} else {
			wide[i].u.value32 = parms[i].u.value32;
		}
	}

	ret = vbg_hgcm_call(gdev, requestor, client_id, function, timeout_ms,
			    wide, parm_count, vbox_status);

	for (i = 0; ret == 0 && i < parm_count; i++) {
		if (parms[i].type == VMMDEV_HGCM_PARM_TYPE_64BIT)
			parms[i].u.value64 = wide[i].u.value64;
		else if (vbg_hgcm_is_linaddr(parms[i].type))
			parms[i].u.pointer.size = wide[i].u.pointer.size;
		else
			parms[i].u.value32 = wide[i].u.value32;
	}

	kfree(wide);
	return ret;
}
