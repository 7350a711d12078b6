/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Building and checking simulator socket frames (libvbglr3/vbgl_sockproto.h).
 *
 * A frame "plan" lists the caller memory one ioctl touches: the argument
 * buffer and, for HGCM calls, every buffer a LinAddr parameter points to.
 * Overlapping ranges are merged into one region (the simulator maps every
 * region into the driver's view of user memory, and overlaps there are
 * forbidden); the original ranges are kept so that only memory the caller
 * meant to be written is ever written back.  Memory the caller cannot read
 * is left out, so the driver faults on it with EFAULT exactly as the kernel
 * would.
 *
 * A reply carries one extent per OUT region, the range the driver wrote,
 * and then only those bytes; the checks below make sure an extent names
 * memory of its own region and that the frame is as long as the extents
 * say.
 */
#ifndef VBGL_SOCKFRAME_H
#define VBGL_SOCKFRAME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "libvbglr3/vbgl_sockproto.h"

/* One range of caller memory, before merging. */
struct vbgl_frame_src {
	uint64_t uaddr;
	uint32_t len;
	uint32_t flags;	     /* VBGL_SOCK_REGION_* */
	unsigned int region; /* the shipped region that holds it */
};

struct vbgl_frame_plan {
	uint32_t cmd;
	uint32_t flags; /* VBGL_SOCK_F_* */
	uint64_t arg;
	unsigned int nsrc;
	struct vbgl_frame_src src[VBGL_SOCK_MAX_REGIONS];
	/* What goes on the wire; regions[0] holds the argument buffer. */
	unsigned int count;
	struct vbgl_sock_region regions[VBGL_SOCK_MAX_REGIONS];
	/* Non-zero: every byte of the region was meant to be written back. */
	uint8_t direct[VBGL_SOCK_MAX_REGIONS];
	unsigned int nout;    /* regions with VBGL_SOCK_REGION_OUT */
	uint64_t req_len;     /* request frame_len */
	uint64_t rep_max_len; /* reply frame_len if every OUT region is
				 * written whole: the longest reply */
};

/* A range of caller memory to probe. */
struct vbgl_frame_range {
	uint64_t uaddr;
	uint32_t len;
};

/*
 * Which of @n ranges are readable: set readable[i] to 1 or 0 for each.
 * The plan asks once for the argument and once for all its parameters.
 */
typedef void (*vbgl_frame_probe_fn)(const struct vbgl_frame_range *ranges,
				    unsigned int n, uint8_t *readable);

/**
 * vbgl_frame_probe_memory - the production probe: reads one byte of every
 * page through process_vm_readv(2) on the calling process, which reports
 * EFAULT instead of crashing.  Where that system call is not permitted the
 * memory is assumed readable.
 * @uaddr: start address
 * @len: length in bytes
 *
 * Return: 0 or -EFAULT.
 */
int vbgl_frame_probe_memory(uint64_t uaddr, uint32_t len);

/**
 * vbgl_frame_probe_memory_ranges - the production vbgl_frame_probe_fn: the
 * pages of all @ranges in one process_vm_readv(2) (1024 pages a call) and,
 * only when that one comes short, each range on its own.
 * @ranges: the ranges
 * @n: how many
 * @readable: receives 1 or 0 per range
 */
void vbgl_frame_probe_memory_ranges(const struct vbgl_frame_range *ranges,
				    unsigned int n, uint8_t *readable);

/**
 * vbgl_frame_plan_build - work out the regions of one ioctl.
 * @plan: receives the plan
 * @cmd: the ioctl request number
 * @arg: the argument buffer
 * @arg_len: bytes of @arg the caller owns (at least 1)
 * @probe: readability check for caller memory
 *
 * The argument region is max(24, size_in, size_out) bytes as the header
 * says, never more than @arg_len, and only the 24-byte header when the
 * header claims more than the driver accepts (16 MiB).  HGCM_CALL_64 and
 * HGCM_CALL_32 (by ioctl number, whatever the size field) add one region
 * per LinAddr parameter with a non-zero size of at most 24 MiB: type 5 IN,
 * type 6 OUT, type 4 IN|OUT.  Parameters are read from the shipped part of
 * the argument only, and only when parm_count is at most 32 (the driver
 * refuses more before looking at any).
 *
 * Return: 0; -EFAULT if the argument buffer itself is unreadable; -E2BIG if
 * the request or the reply would exceed VBGL_SOCK_MAX_FRAME.
 */
int vbgl_frame_plan_build(struct vbgl_frame_plan *plan, uint32_t cmd,
			  const void *arg, size_t arg_len,
			  vbgl_frame_probe_fn probe);

/* Most iovecs vbgl_frame_request_iov() produces. */
#define VBGL_FRAME_MAX_IOV (2 + 2 * VBGL_SOCK_MAX_REGIONS)

/**
 * vbgl_frame_request_iov - describe the request frame of a plan.
 * @plan: the plan
 * @id: the request id
 * @hdr: storage for the header (must live until the frame is sent)
 * @iov: at least VBGL_FRAME_MAX_IOV entries
 *
 * The data iovecs point straight at the caller's memory.
 *
 * Return: the number of iovecs used.
 */
unsigned int vbgl_frame_request_iov(const struct vbgl_frame_plan *plan,
				    uint64_t id, struct vbgl_sock_req_hdr *hdr,
				    struct iovec *iov);

/**
 * vbgl_frame_req_hdr_check - validate the fixed part of a request frame,
 * before anything else of it is read.
 * @hdr: the header
 *
 * Checks the magic, the flags (VBGL_SOCK_F_* only), the region count and
 * that frame_len is at most VBGL_SOCK_MAX_FRAME and holds the header and
 * the region table.
 *
 * Return: NULL if the header is fine, else what is wrong with it (a static
 * string).
 */
const char *vbgl_frame_req_hdr_check(const struct vbgl_sock_req_hdr *hdr);

/**
 * vbgl_frame_req_regions_check - validate a request's region table against
 * its header (which passed vbgl_frame_req_hdr_check()), before the data.
 * @hdr: the header
 * @regions: its hdr->region_count regions
 *
 * Checks every region's flags (IN and/or OUT, nothing else) and address
 * range (no wrap-around), that frame_len is exactly what the IN regions
 * imply, that the longest reply stays within VBGL_SOCK_MAX_FRAME, and that
 * no two regions overlap.
 *
 * Return: NULL if the table is fine, else what is wrong with it (a static
 * string).
 */
const char *
vbgl_frame_req_regions_check(const struct vbgl_sock_req_hdr *hdr,
			     const struct vbgl_sock_region *regions);

/* A request frame taken apart. */
struct vbgl_frame_request {
	struct vbgl_sock_req_hdr hdr;
	struct vbgl_sock_region regions[VBGL_SOCK_MAX_REGIONS];
	/* The data of each IN region inside the frame, else NULL. */
	const uint8_t *data[VBGL_SOCK_MAX_REGIONS];
};

/**
 * vbgl_frame_request_parse - validate and take apart a whole request frame.
 * @frame: the whole frame
 * @len: its length
 * @req: receives the parts (data pointers point into @frame)
 *
 * The checks of vbgl_frame_req_hdr_check() and
 * vbgl_frame_req_regions_check(), and that frame_len is @len.
 *
 * Return: 0 or -EPROTO.
 */
int vbgl_frame_request_parse(const void *frame, size_t len,
			     struct vbgl_frame_request *req);

/**
 * vbgl_frame_out_count - how many of these regions are OUT regions (and
 * so have an extent in the reply).
 * @regions: the request's regions
 * @count: how many
 *
 * Return: the number of regions with VBGL_SOCK_REGION_OUT.
 */
unsigned int vbgl_frame_out_count(const struct vbgl_sock_region *regions,
				  unsigned int count);

/**
 * vbgl_frame_reply_max_len - frame_len of the longest reply to a request
 * with these regions (the ioctl wrote every OUT region whole).
 * @regions: the request's regions
 * @count: how many
 *
 * Return: the length in bytes.
 */
uint64_t vbgl_frame_reply_max_len(const struct vbgl_sock_region *regions,
				  unsigned int count);

/**
 * vbgl_frame_reply_len - frame_len of a reply with these extents.
 * @ext: the extents, one per OUT region
 * @nout: how many
 *
 * Return: the length in bytes.
 */
uint64_t vbgl_frame_reply_len(const struct vbgl_sock_extent *ext,
			      unsigned int nout);

/**
 * vbgl_frame_extents_check - validate a reply's extents against the
 * request's regions.
 * @regions: the request's regions
 * @count: how many
 * @ext: the extents, one per OUT region in region order
 *
 * Every extent must lie within its region (offset + len <= region len,
 * without wrapping), and an empty one must have offset 0.
 *
 * Return: 0 or -EPROTO.
 */
int vbgl_frame_extents_check(const struct vbgl_sock_region *regions,
			     unsigned int count,
			     const struct vbgl_sock_extent *ext);

/**
 * vbgl_frame_reply_hdr_init - fill a reply header.
 * @hdr: the header
 * @id: the request's id
 * @ret: 0 or a negative errno
 * @frame_len: from vbgl_frame_reply_len()
 */
void vbgl_frame_reply_hdr_init(struct vbgl_sock_rep_hdr *hdr, uint64_t id,
			       int32_t ret, uint64_t frame_len);

/**
 * vbgl_frame_reply_check - validate a reply header against the plan of the
 * request it answers (before its extents are read).
 * @hdr: the reply header
 * @plan: the request's plan
 *
 * Return: 0, or -EPROTO for a wrong magic, a frame_len shorter than the
 * extent table or longer than the longest reply, or a ret that is neither
 * 0 nor a negative errno.
 */
int vbgl_frame_reply_check(const struct vbgl_sock_rep_hdr *hdr,
			   const struct vbgl_frame_plan *plan);

/**
 * vbgl_frame_reply_extents_check - validate a reply's extents.
 * @hdr: the reply header (already passed vbgl_frame_reply_check())
 * @plan: the request's plan
 * @ext: the reply's plan->nout extents
 *
 * Return: 0, or -EPROTO for an extent outside its region
 * (vbgl_frame_extents_check()) or a frame_len other than the extents imply.
 */
int vbgl_frame_reply_extents_check(const struct vbgl_sock_rep_hdr *hdr,
				   const struct vbgl_frame_plan *plan,
				   const struct vbgl_sock_extent *ext);

#endif /* VBGL_SOCKFRAME_H */
