// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HGCM requests of the emulated VMMDev (docs/protocol/hgcm.md §1-§5):
 * connect, disconnect, 32- and 64-bit calls, cancel and cancel2.

 *
 * A call is checked and its buffers gathered at submission, from a private
 * copy of the request, so the guest cannot change what was validated.  The
 * request is answered VINF_HGCM_ASYNC_EXECUTE and handed to the HGCM host;
 * on completion (on whichever thread the service completes) the Out
 * buffers are scattered back into guest memory, sizes and values written
 * into the parameter slots, the result stored, DONE set last, and the HGCM
 * event raised.  The guest may free the request as soon as it sees DONE,
 * so nothing touches it after that.
 *
 * Parameter kinds accepted (and advertised in GetHostVersion): 32bit,
 * 64bit, PageList, Embedded, ContiguousPageList, NoBouncePageList, and
 * LinAddr/LinAddr_In/LinAddr_Out of size 0 (the way the driver passes an
 * empty buffer).  A non-empty LinAddr is refused: this host does not walk
 * guest page tables, and a driver never needs it to.
 */
#include "config.h"

#include "hostsim/vmmdev_emu_priv.h"
#include "hostsim/hgcm_host.h"

#include <string.h>

/* A page-list descriptor: flags, first-page offset, count, then pages. */
#define PAGE_LIST_HDR_SIZE offsetof(struct vmmdev_hgcm_pagelist, pages)

/* Where one buffer parameter lives in guest memory. */
struct vhgcm_buf {
	uint32_t parm_type; /* the guest's VMMDEV_HGCM_PARM_TYPE_* */
	unsigned int dir;
	uint32_t size;	    /* bytes the guest described */
	uint32_t first_off; /* data offset in the first page */
	uint32_t npages;
	uint8_t **pages; /* page lists: every page, whole */
	uint8_t *contig; /* embedded, contiguous: the data itself */
};

/* What the completion needs to answer one request. */
struct vhgcm_req {
	struct vmmdev_emu *emu;
	uint8_t *guest; /* the request in guest memory */
	uint32_t request_type;
	uint32_t slot_size;
	unsigned int parm_count;
	struct vhgcm_buf bufs[HGCM_MAX_PARMS];
};

static void vhgcm_req_free(void *opaque)
{
	struct vhgcm_req *vr = opaque;
	unsigned int i;

	for (i = 0; i < vr->parm_count; i++)
		g_free(vr->bufs[i].pages);
	g_free(vr);
}

/* Requests carry requestor information only if the guest said so. */
static uint32_t request_requestor(struct vmmdev_emu *emu,
				  const struct vmmdev_request_header *hdr)
{
	uint32_t requestor = VMMDEV_REQUESTOR_USR_NOT_GIVEN;

	g_mutex_lock(&emu->lock);
	if (emu->have_guest_info2 && (emu->guest_info2.additions_features &
				      VBOXGUESTINFO2_F_REQUESTOR_INFO))
		requestor = hdr->requestor;
	g_mutex_unlock(&emu->lock);
	return requestor;
}

/* The real host turns HGCM notifications on once it sees HGCM traffic. */
static void hgcm_seen(struct vmmdev_emu *emu)
{
	g_mutex_lock(&emu->lock);
	emu->filter_mask |= VMMDEV_EVENT_HGCM;
	vmmdev_emu_raise_locked(emu, 0);
	g_mutex_unlock(&emu->lock);
}

/* Result and DONE, then the event: the last things the host does. */
static void complete_request(struct vhgcm_req *vr, int32_t result)
{
	struct vmmdev_hgcmreq_header *h = (void *)vr->guest;

	__atomic_store_n(&h->result, result, __ATOMIC_RELAXED);
	__atomic_or_fetch(&h->flags, VBOX_HGCM_REQ_DONE, __ATOMIC_RELEASE);
	vmmdev_emu_raise_events(vr->emu, VMMDEV_EVENT_HGCM);
}

static void connect_done(struct hgcm_call *call, void *opaque)
{
	struct vhgcm_req *vr = opaque;
	struct vmmdev_hgcm_connect *c = (void *)vr->guest;
	uint32_t id = hgcm_call_connected_id(call);

	memcpy(&c->client_id, &id, sizeof(id));
	complete_request(vr, hgcm_call_result(call));
}

static void disconnect_done(struct hgcm_call *call, void *opaque)
{
	complete_request(opaque, hgcm_call_result(call));
}

static struct vhgcm_req *vhgcm_req_new(struct vmmdev_emu *emu, void *guest,
				       uint32_t request_type)
{
	struct vhgcm_req *vr = g_new0(struct vhgcm_req, 1);

	vr->emu = emu;
	vr->guest = guest;
	vr->request_type = request_type;
	return vr;
}

int32_t vmmdev_hgcm_connect(struct vmmdev_emu *emu, void *guest, uint32_t size,
			    uint64_t phys)
{
	struct vmmdev_hgcm_connect req;
	struct hgcm_call *call;
	uint32_t loc;

	(void)size;
	memcpy(&req, guest, sizeof(req));
	memcpy(&loc, &req.loc.type, sizeof(loc));
	if (loc != VMMDEV_HGCM_LOC_LOCALHOST &&
	    loc != VMMDEV_HGCM_LOC_LOCALHOST_EXISTING)
		return VERR_INVALID_PARAMETER;
	if (!memchr(req.loc.u.localhost.service_name, '\0',
		    sizeof(req.loc.u.localhost.service_name)) ||
	    req.loc.u.localhost.service_name[0] == '\0')
		return VERR_INVALID_PARAMETER;

	hgcm_seen(emu);
	call = hgcm_call_new_connect(req.loc.u.localhost.service_name,
				     request_requestor(emu,
						       &req.header.header));
	hgcm_call_set_done(call, connect_done,
			   vhgcm_req_new(emu, guest, VMMDEVREQ_HGCM_CONNECT),
			   vhgcm_req_free);
	return hgcm_host_submit(emu->hgcm, call, phys) < 0 ?
		       VERR_INVALID_PARAMETER :
		       VINF_HGCM_ASYNC_EXECUTE;
}

int32_t vmmdev_hgcm_disconnect(struct vmmdev_emu *emu, void *guest,
			       uint32_t size, uint64_t phys)
{
	struct vmmdev_hgcm_disconnect req;
	struct hgcm_call *call;

	(void)size;
	memcpy(&req, guest, sizeof(req));
	hgcm_seen(emu);
	call = hgcm_call_new_disconnect(
		req.client_id, request_requestor(emu, &req.header.header));
	hgcm_call_set_done(call, disconnect_done,
			   vhgcm_req_new(emu, guest, VMMDEVREQ_HGCM_DISCONNECT),
			   vhgcm_req_free);
	return hgcm_host_submit(emu->hgcm, call, phys) < 0 ?
		       VERR_INVALID_PARAMETER :
		       VINF_HGCM_ASYNC_EXECUTE;
}

/* ---- calls: parsing ------------------------------------------------------ */

/* The parse state of one call request (a private copy of it). */
struct vhgcm_parse {
	struct vmmdev_emu *emu;
	const uint8_t *req; /* the copy */
	uint32_t size;
	uint32_t slot_size;
	uint32_t parms_end; /* first byte after the parameter slots */
	uint64_t total;	    /* buffer bytes so far */
};

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static bool dir_flags_valid(uint32_t flags)
{
	return flags != 0 && (flags & ~VMMDEV_HGCM_F_PARM_DIRECTION_BOTH) == 0;
}

static int32_t add_total(struct vhgcm_parse *ps, uint32_t size)
{
	if (size > HGCM_MAX_DATA_SIZE - ps->total)
		return VERR_INVALID_PARAMETER;
	ps->total += size;
	return VINF_SUCCESS;
}

static unsigned int linaddr_dir(uint32_t type)
{
	if (type == VMMDEV_HGCM_PARM_TYPE_LINADDR_IN)
		return HGCM_DIR_IN;
	if (type == VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT)
		return HGCM_DIR_OUT;
	return HGCM_DIR_INOUT;
}

static int32_t parse_linaddr(struct vhgcm_parse *ps, const uint8_t *slot,
			     uint32_t type, struct vhgcm_buf *b)
{
	if (rd32(slot + 4) != 0)
		return VERR_INVALID_PARAMETER;
	b->parm_type = type;
	b->dir = linaddr_dir(type);
	b->size = 0;
	(void)ps;
	return VINF_SUCCESS;
}

/**
 * resolve_pages - map every page of a page list (each a whole guest page).
 *
 * Return: VINF_SUCCESS, VERR_INVALID_PARAMETER for an unaligned page or
 * VERR_INVALID_POINTER for one that is not guest memory.
 */
static int32_t resolve_pages(struct vhgcm_parse *ps, const uint8_t *desc,
			     struct vhgcm_buf *b)
{
	uint32_t i;

	b->pages = g_new0(uint8_t *, MAX(b->npages, 1));
	for (i = 0; i < b->npages; i++) {
		uint64_t page = rd64(desc + PAGE_LIST_HDR_SIZE + 8 * i);

		if (page & (VMMDEV_PAGE_SIZE - 1))
			return VERR_INVALID_PARAMETER;
		b->pages[i] = ps->emu->plat.mem_ptr(ps->emu->plat.opaque, page,
						    VMMDEV_PAGE_SIZE);
		if (!b->pages[i])
			return VERR_INVALID_POINTER;
	}
	return VINF_SUCCESS;
}

/**
 * parse_page_list - check a PageList, ContiguousPageList or
 * NoBouncePageList parameter and its descriptor, and map its memory.
 *
 * The descriptor must lie after the parameter slots and inside the
 * request, name a direction (1..3), start below one page, and have
 * exactly the pages its offset and size need (one for a contiguous list).
 *
 * Return: VINF_SUCCESS or the VBox status the submission fails with.
 */
static int32_t parse_page_list(struct vhgcm_parse *ps, const uint8_t *slot,
			       uint32_t type, struct vhgcm_buf *b)
{
	uint32_t size = rd32(slot + 4), off = rd32(slot + 8);
	uint32_t flags, expected;
	uint64_t page0;
	const uint8_t *desc;
	uint16_t first, count;

	b->parm_type = type;
	b->size = size;
	if (add_total(ps, size) < 0)
		return VERR_INVALID_PARAMETER;
	/* The descriptor lies after the parameter slots, inside the request. */
	if (off < ps->parms_end || off > ps->size ||
	    ps->size - off < PAGE_LIST_HDR_SIZE)
		return VERR_INVALID_PARAMETER;
	desc = ps->req + off;
	flags = rd32(desc);
	memcpy(&first, desc + 4, sizeof(first));
	memcpy(&count, desc + 6, sizeof(count));
	if ((uint64_t)PAGE_LIST_HDR_SIZE + 8ull * count > ps->size - off)
		return VERR_INVALID_PARAMETER;
	if (!dir_flags_valid(flags))
		return VERR_INVALID_FLAGS;
	if (first >= VMMDEV_PAGE_SIZE)
		return VERR_INVALID_PARAMETER;
	expected = (uint32_t)(((uint64_t)first + size + VMMDEV_PAGE_SIZE - 1) /
			      VMMDEV_PAGE_SIZE);
	if (type == VMMDEV_HGCM_PARM_TYPE_CONTIGUOUS_PAGELIST && size)
		expected = 1;
	/* An empty buffer may name one page (the real host wants >= 1). */
	if (count != expected && !(size == 0 && count <= 1))
		return VERR_INVALID_PARAMETER;
	b->dir = flags;
	b->first_off = first;
	b->npages = count;
	if (size == 0)
		return VINF_SUCCESS;

	if (type != VMMDEV_HGCM_PARM_TYPE_CONTIGUOUS_PAGELIST)
		return resolve_pages(ps, desc, b);
	page0 = rd64(desc + PAGE_LIST_HDR_SIZE);
	if (page0 & (VMMDEV_PAGE_SIZE - 1))
		return VERR_INVALID_PARAMETER;
	b->contig = ps->emu->plat.mem_ptr(ps->emu->plat.opaque, page0 + first,
					  size);
	return b->contig ? VINF_SUCCESS : VERR_INVALID_POINTER;
}

/**
 * parse_embedded - check an Embedded parameter: direction, and data after
 * the parameter slots and inside the request.
 *
 * Return: VINF_SUCCESS or the VBox status the submission fails with.
 */
static int32_t parse_embedded(struct vhgcm_parse *ps, const uint8_t *slot,
			      uint8_t *guest, struct vhgcm_buf *b)
{
	uint32_t word = rd32(slot + 4), size = rd32(slot + 8);
	uint32_t flags = word & 0xff, off = word >> 8;

	b->parm_type = VMMDEV_HGCM_PARM_TYPE_EMBEDDED;
	b->size = size;
	if (add_total(ps, size) < 0)
		return VERR_INVALID_PARAMETER;
	if (!dir_flags_valid(flags))
		return VERR_INVALID_FLAGS;
	if (off < ps->parms_end || off > ps->size || size > ps->size - off)
		return VERR_INVALID_PARAMETER;
	b->dir = flags;
	b->first_off = off;
	b->contig = guest + off;
	return VINF_SUCCESS;
}

/**
 * parse_parm - turn parameter slot i into a framework parameter.
 *
 * Return: VINF_SUCCESS or the VBox status the submission fails with.
 */
static int32_t parse_parm(struct vhgcm_parse *ps, unsigned int i,
			  uint8_t *guest, struct hgcm_parm *p,
			  struct vhgcm_buf *b)
{
	const uint8_t *slot = ps->req + sizeof(struct vmmdev_hgcm_call) +
			      (size_t)i * ps->slot_size;
	uint32_t type = rd32(slot);
	int32_t rc;

	switch (type) {
	case VMMDEV_HGCM_PARM_TYPE_32BIT:
		p->type = HGCM_PARM_U32;
		p->u32 = rd32(slot + 4);
		return VINF_SUCCESS;
	case VMMDEV_HGCM_PARM_TYPE_64BIT:
		p->type = HGCM_PARM_U64;
		p->u64 = rd64(slot + 4);
		return VINF_SUCCESS;
	case VMMDEV_HGCM_PARM_TYPE_LINADDR:
	case VMMDEV_HGCM_PARM_TYPE_LINADDR_IN:
	case VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT:
		rc = parse_linaddr(ps, slot, type, b);
		break;
	case VMMDEV_HGCM_PARM_TYPE_PAGELIST:
	case VMMDEV_HGCM_PARM_TYPE_CONTIGUOUS_PAGELIST:
	case VMMDEV_HGCM_PARM_TYPE_NO_BOUNCE_PAGELIST:
		rc = parse_page_list(ps, slot, type, b);
		break;
	case VMMDEV_HGCM_PARM_TYPE_EMBEDDED:
		rc = parse_embedded(ps, slot, guest, b);
		break;
	default:
		return VERR_INVALID_PARAMETER;
	}
	if (rc < 0)
		return rc;
	p->type = HGCM_PARM_BUF;
	p->dir = b->dir;
	p->capacity = b->size;
	return VINF_SUCCESS;
}

/* ---- calls: moving data -------------------------------------------------- */

static void copy_pages(struct vhgcm_buf *b, uint8_t *host, uint32_t len,
		       bool to_host)
{
	uint32_t done = 0, page = 0, off = b->first_off;

	while (done < len) {
		uint32_t n = MIN(VMMDEV_PAGE_SIZE - off, len - done);

		if (to_host)
			memcpy(host + done, b->pages[page] + off, n);
		else
			memcpy(b->pages[page] + off, host + done, n);
		done += n;
		page++;
		off = 0;
	}
}

static void gather(struct vhgcm_buf *b, uint8_t *host)
{
	if (b->contig)
		memcpy(host, b->contig, b->size);
	else if (b->pages)
		copy_pages(b, host, b->size, true);
}

static void scatter(struct vhgcm_buf *b, uint8_t *host, uint32_t len)
{
	if (b->contig)
		memcpy(b->contig, host, len);
	else if (b->pages)
		copy_pages(b, host, len, false);
}

/**
 * alloc_buffers - make the host copies of the buffers: In and In/Out ones
 * gathered from guest memory, Out ones zero-filled.
 *
 * Return: VINF_SUCCESS or VERR_NO_MEMORY.
 */
static int32_t alloc_buffers(struct vhgcm_req *vr, struct hgcm_parm *parms)
{
	unsigned int i;

	for (i = 0; i < vr->parm_count; i++) {
		struct hgcm_parm *p = &parms[i];

		if (p->type != HGCM_PARM_BUF || p->capacity == 0)
			continue;
		p->data = g_try_malloc0(p->capacity);
		if (!p->data)
			return VERR_NO_MEMORY;
		if (p->dir & HGCM_DIR_IN)
			gather(&vr->bufs[i], p->data);
	}
	return VINF_SUCCESS;
}

static void call_done(struct hgcm_call *call, void *opaque)
{
	struct vhgcm_req *vr = opaque;
	struct hgcm_parm *parms = hgcm_call_parms(call);
	unsigned int i;

	for (i = 0; i < vr->parm_count; i++) {
		uint8_t *slot = vr->guest + sizeof(struct vmmdev_hgcm_call) +
				(size_t)i * vr->slot_size;
		struct hgcm_parm *p = &parms[i];
		struct vhgcm_buf *b = &vr->bufs[i];

		switch (p->type) {
		case HGCM_PARM_U32:
			memcpy(slot + 4, &p->u32, sizeof(p->u32));
			break;
		case HGCM_PARM_U64:
			memcpy(slot + 4, &p->u64, sizeof(p->u64));
			break;
		case HGCM_PARM_BUF:
			if (!(p->dir & HGCM_DIR_OUT))
				break;
			if (p->capacity)
				scatter(b, p->data, MIN(p->size, p->capacity));
			/* Embedded keeps its size in the second word. */
			memcpy(slot + (b->parm_type == VMMDEV_HGCM_PARM_TYPE_EMBEDDED ?
					       8 :
					       4),
			       &p->size, sizeof(p->size));
			break;
		default:
			break;
		}
	}
	complete_request(vr, hgcm_call_result(call));
}

/**
 * vmmdev_hgcm_call - submit an HGCMCall32/64 request.
 * @emu: the device
 * @guest: the request in guest memory
 * @size: its size (at least the call header)
 * @phys: its guest-physical address, the call's name for cancellation
 *
 * Return: VINF_HGCM_ASYNC_EXECUTE, or the status of a request refused at
 * submission (it then never completes).
 */
int32_t vmmdev_hgcm_call(struct vmmdev_emu *emu, void *guest, uint32_t size,
			 uint64_t phys)
{
	struct vhgcm_parse ps = { .emu = emu, .size = size };
	g_autofree uint8_t *copy = g_malloc(size);
	struct vmmdev_hgcm_call hdr;
	struct hgcm_parm *parms;
	struct hgcm_call *call;
	struct vhgcm_req *vr;
	unsigned int i;
	int32_t rc;

	memcpy(copy, guest, size);
	memcpy(&hdr, copy, sizeof(hdr));
	if (hdr.parm_count > HGCM_MAX_PARMS)
		return VERR_INVALID_PARAMETER;
	ps.req = copy;
	ps.slot_size = hdr.header.header.request_type == VMMDEVREQ_HGCM_CALL64 ?
			       sizeof(struct vmmdev_hgcm_function_parameter64) :
			       sizeof(struct vmmdev_hgcm_function_parameter32);
	ps.parms_end = sizeof(hdr) + hdr.parm_count * ps.slot_size;
	if (size < ps.parms_end)
		return VERR_INVALID_PARAMETER;

	call = hgcm_call_new_call(hdr.client_id, hdr.function, hdr.parm_count,
				  request_requestor(emu, &hdr.header.header));
	parms = hgcm_call_parms(call);
	vr = vhgcm_req_new(emu, guest, hdr.header.header.request_type);
	vr->slot_size = ps.slot_size;
	vr->parm_count = hdr.parm_count;
	hgcm_call_set_done(call, call_done, vr, vhgcm_req_free);

	for (i = 0, rc = VINF_SUCCESS; i < hdr.parm_count && rc >= 0; i++)
		rc = parse_parm(&ps, i, guest, &parms[i], &vr->bufs[i]);
	if (rc >= 0)
		rc = alloc_buffers(vr, parms);
	if (rc < 0) {
		hgcm_call_discard(call);
		return rc;
	}
	hgcm_seen(emu);
	rc = hgcm_host_submit(emu->hgcm, call, phys);
	return rc < 0 ? rc : VINF_HGCM_ASYNC_EXECUTE;
}

int32_t vmmdev_hgcm_cancel(struct vmmdev_emu *emu, void *guest, uint32_t size,
			   uint64_t phys)
{
	(void)guest;
	(void)size;
	/* The guest resubmitted the call's own buffer, with type 64. */
	return hgcm_host_cancel(emu->hgcm, phys) < 0 ? VERR_INVALID_PARAMETER :
						       VINF_SUCCESS;
}

int32_t vmmdev_hgcm_cancel2(struct vmmdev_emu *emu, void *guest, uint32_t size,
			    uint64_t phys)
{
	struct vmmdev_hgcm_cancel2 req;

	(void)size;
	(void)phys;
	memcpy(&req, guest, sizeof(req));
	if (req.phys_req_to_cancel == 0 || req.phys_req_to_cancel == UINT32_MAX)
		return VERR_INVALID_PARAMETER;
	return hgcm_host_cancel(emu->hgcm, req.phys_req_to_cancel);
}
