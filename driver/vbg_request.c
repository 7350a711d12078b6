// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMMDev requests: allocation in memory the device can reach, and
 * submission through the request port.
 */
#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include "vbg_core_internal.h"

/**
 * vbg_req_alloc - allocate and initialise a VMMDev request.
 * @len: size of the whole request, header included
 * @req_type: the request type (enum vmmdev_request_type)
 * @requestor: VMMDEV_REQUESTOR_* word for the header
 *
 * The device takes a 32-bit physical address, so the request must live
 * below 4 GiB.  kmalloc() cannot promise that: slab caches ignore
 * __GFP_DMA32 (and warn about it), so whole pages come straight from the
 * page allocator's DMA32 zone.  The body is zeroed and rc pre-filled with a
 * failure code, so a request the host never looked at reads as failed.
 *
 * Return: the request, or NULL if @len is out of range or memory is short.
 */
void *vbg_req_alloc(size_t len, u32 req_type, u32 requestor)
{
	struct vmmdev_request_header *req;

	if (WARN_ON(len < sizeof(*req) || len > VBG_MAX_REQ_SIZE))
		return NULL;

	req = (void *)__get_free_pages(GFP_KERNEL | __GFP_DMA32,
				       get_order(len));
	if (!req)
		return NULL;

	memset(req, 0, len);
	req->size = len;
	req->version = VMMDEV_REQUEST_HEADER_VERSION;
	req->request_type = req_type;
	req->rc = VERR_GENERAL_FAILURE;
	req->reserved1 = 0;
	req->requestor = requestor;

	return req;
}

/**
 * vbg_req_free - free a request from vbg_req_alloc().
 * @req: the request, or NULL
 * @len: the length it was allocated with
 */
void vbg_req_free(void *req, size_t len)
{
	if (req)
		free_pages((unsigned long)req, get_order(len));
}

/**
 * vbg_req_perform - hand a request to the host and return its status.
 * @gdev: the device
 * @req: a request from vbg_req_alloc()
 *
 * The host processes the request synchronously during the port write and
 * writes its results into the same memory before the write returns (HGCM
 * requests may complete later, see vbg_hgcm.c).
 *
 * Return: the VBox status the host left in the header.
 */
int vbg_req_perform(struct vbg_dev *gdev, void *req)
{
	struct vmmdev_request_header *hdr = req;
	phys_addr_t phys = virt_to_phys(req);

	if (WARN_ON(upper_32_bits(phys)))
		return VERR_INTERNAL_ERROR;

	outl(lower_32_bits(phys), gdev->io_port + VMMDEV_PORT_OFF_REQUEST);
	/* The host wrote the results; read them only after the port write. */
	mb();

	return READ_ONCE(hdr->rc);
}
