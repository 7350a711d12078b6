// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Simulator socket frames, the request as the receiving side sees it: the
 * one set of checks of a request frame (libvbglr3/vbgl_sockproto.h).
 * vbox-hostsim runs them on the header and the region table as it reads
 * them from the socket; the library's own plan builder sizes frames with
 * the same region arithmetic; tests take whole frames apart with
 * vbgl_frame_request_parse(), which is these checks plus the data layout.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbgl_sockframe.h"

#define REQ_HDR_LEN  sizeof(struct vbgl_sock_req_hdr)
#define REP_HDR_LEN  sizeof(struct vbgl_sock_rep_hdr)
#define REGION_LEN   sizeof(struct vbgl_sock_region)
#define EXTENT_LEN   sizeof(struct vbgl_sock_extent)
#define REGION_FLAGS (VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT)

unsigned int vbgl_frame_out_count(const struct vbgl_sock_region *regions,
				  unsigned int count)
{
	unsigned int r, n = 0;

	for (r = 0; r < count; r++)
		n += (regions[r].flags & VBGL_SOCK_REGION_OUT) != 0;
	return n;
}

uint64_t vbgl_frame_reply_max_len(const struct vbgl_sock_region *regions,
				  unsigned int count)
{
	uint64_t len = REP_HDR_LEN;
	unsigned int r;

	for (r = 0; r < count; r++) {
		if (regions[r].flags & VBGL_SOCK_REGION_OUT)
			len += EXTENT_LEN + VBGL_SOCK_PAD8(regions[r].len);
	}
	return len;
}

const char *vbgl_frame_req_hdr_check(const struct vbgl_sock_req_hdr *hdr)
{
	if (hdr->magic != VBGL_SOCK_REQ_MAGIC)
		return "bad magic";
	if (hdr->flags & ~(uint32_t)VBGL_SOCK_F_COMPAT)
		return "unknown flags";
	if (hdr->region_count > VBGL_SOCK_MAX_REGIONS)
		return "too many regions";
	if (hdr->frame_len > VBGL_SOCK_MAX_FRAME ||
	    hdr->frame_len < REQ_HDR_LEN + hdr->region_count * REGION_LEN)
		return "bad frame length";
	return NULL;
}

static int cmp_region(const void *a, const void *b)
{
	const struct vbgl_sock_region *x = a, *y = b;

	return x->uaddr < y->uaddr ? -1 : x->uaddr > y->uaddr;
}

/* Do any two regions share an address?  Empty ones never do. */
static int regions_overlap(const struct vbgl_sock_region *regions,
			   unsigned int count)
{
	struct vbgl_sock_region sorted[VBGL_SOCK_MAX_REGIONS];
	unsigned int i;

	memcpy(sorted, regions, count * sizeof(sorted[0]));
	qsort(sorted, count, sizeof(sorted[0]), cmp_region);
	for (i = 1; i < count; i++) {
		if (sorted[i - 1].len &&
		    sorted[i - 1].uaddr + sorted[i - 1].len > sorted[i].uaddr)
			return 1;
	}
	return 0;
}

const char *vbgl_frame_req_regions_check(const struct vbgl_sock_req_hdr *hdr,
					 const struct vbgl_sock_region *regions)
{
	unsigned int count = hdr->region_count, r;
	uint64_t in_bytes = 0;

	for (r = 0; r < count; r++) {
		const struct vbgl_sock_region *g = &regions[r];

		if (!g->flags || (g->flags & ~(uint32_t)REGION_FLAGS))
			return "bad region flags";
		if (g->len > UINT64_MAX - g->uaddr)
			return "region wraps around the address space";
		if (g->flags & VBGL_SOCK_REGION_IN)
			in_bytes += VBGL_SOCK_PAD8(g->len);
	}
	if (hdr->frame_len != REQ_HDR_LEN + count * REGION_LEN + in_bytes)
		return "frame length does not match its regions";
	if (vbgl_frame_reply_max_len(regions, count) > VBGL_SOCK_MAX_FRAME)
		return "reply would exceed the frame limit";
	if (regions_overlap(regions, count))
		return "regions overlap";
	return NULL;
}

int vbgl_frame_request_parse(const void *frame, size_t len,
			     struct vbgl_frame_request *req)
{
	const uint8_t *p = frame, *data;
	unsigned int r;

	if (!frame || !req || len < REQ_HDR_LEN)
		return -EPROTO;
	memcpy(&req->hdr, p, REQ_HDR_LEN);
	if (vbgl_frame_req_hdr_check(&req->hdr) || req->hdr.frame_len != len)
		return -EPROTO;
	memcpy(req->regions, p + REQ_HDR_LEN,
	       req->hdr.region_count * REGION_LEN);
	if (vbgl_frame_req_regions_check(&req->hdr, req->regions))
		return -EPROTO;
	/* The IN data follows the table, in region order, padded to 8. */
	data = p + REQ_HDR_LEN + req->hdr.region_count * REGION_LEN;
	for (r = 0; r < req->hdr.region_count; r++) {
		req->data[r] = NULL;
		if (!(req->regions[r].flags & VBGL_SOCK_REGION_IN))
			continue;
		req->data[r] = data;
		data += VBGL_SOCK_PAD8(req->regions[r].len);
	}
	return 0;
}
