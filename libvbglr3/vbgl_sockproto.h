/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulator socket transport: how an ioctl(2) on /dev/vboxguest or
 * /dev/vboxuser travels over a Unix stream socket to vbox-hostsim.
 *
 * One connection is one driver session (one open file).  The socket path
 * decides which device node it stands for (DIR/vboxguest.sock or
 * DIR/vboxuser.sock).  Many requests may be in flight on one connection;
 * each carries an id and replies may come back in any order.
 *
 * The frame carries "user memory": the ioctl argument buffer and, for HGCM
 * calls, the buffers that pointer parameters refer to, each at the address
 * it has in the caller's process.  The simulator installs them as the
 * worker thread's user address space, so the driver core's copy_from_user()
 * and copy_to_user() see exactly the addresses the caller used; anything
 * the caller did not ship faults with EFAULT, as in the kernel.
 *
 * All integers are little-endian (host order on the supported platforms).
 *
 * Hello:    struct vbgl_sock_hello, optional and first (see below)
 * Request:  struct vbgl_sock_req_hdr
 *           region_count x struct vbgl_sock_region
 *           for every region with VBGL_SOCK_REGION_IN: its len bytes of data
 *           (in region order, each padded to a multiple of 8)
 * Reply:    struct vbgl_sock_rep_hdr
 *           one struct vbgl_sock_extent per region with VBGL_SOCK_REGION_OUT
 *           (in region order): the range of the region the ioctl wrote
 *           for every such region, in the same order: the extent's len
 *           bytes from its offset in the region (padded to a multiple of 8)
 *
 * The reply returns exactly what the driver wrote, as the kernel does: a
 * HGCM Out buffer larger than the host's answer keeps its bytes past the
 * answer, and a region the ioctl did not write comes back untouched.  An
 * extent lies within its region (offset + len <= the region's len); one
 * with len 0 has offset 0 and means "not written".  When ret < 0 every
 * extent is normally empty: the kernel copies nothing back for a failed
 * ioctl, except what it wrote before the fault on the -EFAULT paths (HGCM
 * Out buffers copied back before a later buffer faulted, the part of the
 * argument before its fault), and those bytes are sent like any others.
 * An extent is the union of the driver's writes to the region, so bytes
 * between two separate writes travel as the region held them (the
 * caller's data for IN regions, zeros for OUT-only ones); the driver core
 * writes each buffer with a single copy.  A reply with an extent outside
 * its region, or a frame_len other than the extents imply, breaks the
 * protocol.
 */
#ifndef VBGL_SOCKPROTO_H
#define VBGL_SOCKPROTO_H

#include <stdint.h>

#define VBGL_SOCK_REQ_MAGIC   0x52474256u /* "VBGR" */
#define VBGL_SOCK_REP_MAGIC   0x50474256u /* "VBGP" */
#define VBGL_SOCK_HELLO_MAGIC 0x48474256u /* "VBGH" */

/* Limits the simulator enforces (a frame over them closes the connection). */
#define VBGL_SOCK_MAX_REGIONS (1 + 32)
#define VBGL_SOCK_MAX_FRAME   (160u * 1024 * 1024)

/* Request flags. */
#define VBGL_SOCK_F_COMPAT 0x1 /* caller is a 32-bit process */

/* Region flags. */
#define VBGL_SOCK_REGION_IN  0x1 /* data follows in the request */
#define VBGL_SOCK_REGION_OUT 0x2 /* data comes back in the reply */

#define VBGL_SOCK_PAD8(n) (((uint64_t)(n) + 7) & ~(uint64_t)7)

struct vbgl_sock_req_hdr {
	uint32_t magic;	       /* VBGL_SOCK_REQ_MAGIC */
	uint32_t flags;	       /* VBGL_SOCK_F_* */
	uint64_t frame_len;    /* whole frame, this header included */
	uint64_t id;	       /* echoed in the reply */
	uint64_t arg;	       /* the ioctl's argument (user address) */
	uint32_t cmd;	       /* the ioctl request number */
	uint32_t region_count; /* <= VBGL_SOCK_MAX_REGIONS */
};
_Static_assert(sizeof(struct vbgl_sock_req_hdr) == 40, "req hdr size");

/*
 * The hello: an optional first frame, alone in its sendmsg(2), carrying one
 * descriptor (SCM_RIGHTS): an end of a socket pair on which the simulator
 * then writes every reply, the client reading the other end.  Requests stay
 * on the connection.  With one direction per socket neither side's reader
 * is woken when the peer drains what this side sent (a Unix socket's
 * write-space wake-up goes to its own wait queue, where that side's reader
 * sleeps), so both can block in the read itself.  A connection without a
 * hello gets its replies on the connection.
 */
struct vbgl_sock_hello {
	uint32_t magic;	    /* VBGL_SOCK_HELLO_MAGIC */
	uint32_t flags;	    /* 0 */
	uint64_t frame_len; /* sizeof(struct vbgl_sock_hello) */
};
_Static_assert(sizeof(struct vbgl_sock_hello) == 16, "hello size");

struct vbgl_sock_region {
	uint64_t uaddr; /* address in the caller's process */
	uint32_t len;
	uint32_t flags; /* VBGL_SOCK_REGION_* */
};
_Static_assert(sizeof(struct vbgl_sock_region) == 16, "region size");

struct vbgl_sock_rep_hdr {
	uint32_t magic;	    /* VBGL_SOCK_REP_MAGIC */
	int32_t ret;	    /* 0 or a negative errno, as ioctl(2) */
	uint64_t frame_len; /* whole frame, this header included */
	uint64_t id;
};
_Static_assert(sizeof(struct vbgl_sock_rep_hdr) == 24, "rep hdr size");

struct vbgl_sock_extent {
	uint32_t offset; /* first byte written, from the region start */
	uint32_t len;	 /* bytes written; 0: none (offset is 0 too) */
};
_Static_assert(sizeof(struct vbgl_sock_extent) == 8, "extent size");

#endif /* VBGL_SOCKPROTO_H */
