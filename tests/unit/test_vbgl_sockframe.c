// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Simulator socket frames: which caller memory an ioctl ships, how frames
 * are laid out (built, then taken apart again with the checks the
 * simulator runs), what the parsers refuse, and which reply extents are
 * accepted.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/vboxguest.h>

#include "libvbglr3/vbgl_sockframe.h"
#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

#define IN  VBGL_SOCK_REGION_IN
#define OUT VBGL_SOCK_REGION_OUT

static struct vbgl_frame_plan plan;

static unsigned int probe_calls;

static void probe_all(const struct vbgl_frame_range *r, unsigned int n,
		      uint8_t *readable)
{
	unsigned int i;

	(void)r;
	probe_calls++;
	for (i = 0; i < n; i++)
		readable[i] = 1;
}

/* Everything readable except one "unmapped" address range. */
static const uint64_t hole = 0x7000000000ull;

static void probe_hole(const struct vbgl_frame_range *r, unsigned int n,
		       uint8_t *readable)
{
	unsigned int i;

	probe_calls++;
	for (i = 0; i < n; i++)
		readable[i] = !(r[i].uaddr < hole + 4096 &&
				hole < r[i].uaddr + r[i].len);
}

/* Concatenate the iovecs of a plan's request into one malloc'd frame. */
static uint8_t *encode(uint64_t id, size_t *len)
{
	struct iovec iov[VBGL_FRAME_MAX_IOV];
	struct vbgl_sock_req_hdr hdr;
	unsigned int n, i;
	uint8_t *frame, *p;

	n = vbgl_frame_request_iov(&plan, id, &hdr, iov);
	ck_assert_uint_le(n, VBGL_FRAME_MAX_IOV);
	*len = 0;
	for (i = 0; i < n; i++)
		*len += iov[i].iov_len;
	ck_assert_uint_eq(*len, plan.req_len);
	frame = malloc(*len);
	ck_assert_ptr_nonnull(frame);
	for (p = frame, i = 0; i < n; i++) {
		memcpy(p, iov[i].iov_base, iov[i].iov_len);
		p += iov[i].iov_len;
	}
	return frame;
}

START_TEST(test_simple_ioctl_roundtrip)
{
	struct vbg_ioctl_wait_for_events w;
	struct vbgl_frame_request req;
	uint8_t *frame;
	size_t len;

	memset(&w, 0, sizeof(w));
	vbgl_ioctl_hdr_init(&w.hdr, 32, 28, 0);
	w.u.in.timeout_ms = 77;
	w.u.in.events = 0x20;
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_WAIT_FOR_EVENTS,
					       &w, sizeof(w), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 1);
	ck_assert_uint_eq(plan.regions[0].uaddr, (uintptr_t)&w);
	ck_assert_uint_eq(plan.regions[0].len, 32);
	ck_assert_uint_eq(plan.regions[0].flags, IN | OUT);
	ck_assert_uint_eq(plan.req_len, 40 + 16 + 32);
	ck_assert_uint_eq(plan.nout, 1);
	ck_assert_uint_eq(plan.rep_max_len, 24 + 8 + 32);

	frame = encode(99, &len);
	ck_assert_int_eq(vbgl_frame_request_parse(frame, len, &req), 0);
	ck_assert_uint_eq(req.hdr.magic, VBGL_SOCK_REQ_MAGIC);
	ck_assert_uint_eq(req.hdr.id, 99);
	ck_assert_uint_eq(req.hdr.cmd, VBG_IOCTL_WAIT_FOR_EVENTS);
	ck_assert_uint_eq(req.hdr.arg, (uintptr_t)&w);
	ck_assert_uint_eq(req.hdr.region_count, 1);
	ck_assert_uint_eq(req.hdr.flags, 0);
	ck_assert_int_eq(memcmp(req.data[0], &w, 32), 0);
	ck_assert_uint_eq(vbgl_frame_reply_max_len(req.regions, 1),
			  plan.rep_max_len);
	ck_assert_uint_eq(vbgl_frame_out_count(req.regions, 1), 1);
	free(frame);
}
END_TEST

START_TEST(test_arg_region_length)
{
	uint8_t buf[64];
	struct vbg_ioctl_hdr *hdr = (struct vbg_ioctl_hdr *)buf;

	memset(buf, 0, sizeof(buf));
	/* size_out larger than size_in wins. */
	vbgl_ioctl_hdr_init(hdr, 24, 40, 0);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 1, buf, sizeof(buf),
					       probe_all),
			 0);
	ck_assert_uint_eq(plan.regions[0].len, 40);
	/* Never more than the caller's buffer. */
	vbgl_ioctl_hdr_init(hdr, 100, 0, 0);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 1, buf, 50, probe_all),
			 0);
	ck_assert_uint_eq(plan.regions[0].len, 50);
	/* At least the header, even when the header claims less. */
	vbgl_ioctl_hdr_init(hdr, 0, 0, 0);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 1, buf, sizeof(buf),
					       probe_all),
			 0);
	ck_assert_uint_eq(plan.regions[0].len, 24);
	/* Over the driver's limit: only the header travels. */
	vbgl_ioctl_hdr_init(hdr, 32 * 1024 * 1024, 0, 0);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 1, buf, sizeof(buf),
					       probe_all),
			 0);
	ck_assert_uint_eq(plan.regions[0].len, 24);
	/* A buffer shorter than a header goes as it is. */
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 1, buf, 10, probe_all),
			 0);
	ck_assert_uint_eq(plan.regions[0].len, 10);
	ck_assert_uint_eq(plan.req_len, 40 + 16 + 16);
	/* Nothing at all is an EFAULT, as ioctl(2) would say. */
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 1, NULL, 10, probe_all),
			 -EFAULT);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 1, buf, 0, probe_all),
			 -EFAULT);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 1, (void *)hole, 64,
					       probe_hole),
			 -EFAULT);
}
END_TEST

struct call64 {
	struct vbg_ioctl_hgcm_call hdr;
	struct vmmdev_hgcm_function_parameter64 parms[40];
};

static void call64_init(struct call64 *c, unsigned int count)
{
	uint32_t len = sizeof(c->hdr) + count * sizeof(c->parms[0]);

	memset(c, 0, sizeof(*c));
	vbgl_ioctl_hdr_init(&c->hdr.hdr, len, len, 0);
	c->hdr.client_id = 1;
	c->hdr.parm_count = (uint16_t)count;
}

static void set_ptr(struct vmmdev_hgcm_function_parameter64 *p, uint32_t type,
		    const void *buf, uint32_t size)
{
	p->type = type;
	p->u.pointer.size = size;
	p->u.pointer.u.linear_addr = (uintptr_t)buf;
}

static uint32_t call64_len(unsigned int count)
{
	return sizeof(struct vbg_ioctl_hgcm_call) +
	       count * sizeof(struct vmmdev_hgcm_function_parameter64);
}

START_TEST(test_hgcm_regions)
{
	static struct call64 c;
	uint8_t in[5] = { 1, 2, 3, 4, 5 }, out[9], io[16];
	struct vbgl_frame_request req;
	uint8_t *frame;
	size_t len;

	call64_init(&c, 5);
	c.parms[0].type = VMMDEV_HGCM_PARM_TYPE_32BIT;
	set_ptr(&c.parms[1], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, in, sizeof(in));
	set_ptr(&c.parms[2], VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, out,
		sizeof(out));
	set_ptr(&c.parms[3], VMMDEV_HGCM_PARM_TYPE_LINADDR, io, sizeof(io));
	set_ptr(&c.parms[4], VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, out, 0);
	probe_calls = 0;
	ck_assert_int_eq(vbgl_frame_plan_build(
				 &plan, VBG_IOCTL_HGCM_CALL_64(call64_len(5)),
				 &c, sizeof(c), probe_all),
			 0);
	/* One probe for the argument, one for all three buffers. */
	ck_assert_uint_eq(probe_calls, 2);
	ck_assert_uint_eq(plan.count, 4);
	ck_assert_uint_eq(plan.regions[0].len, call64_len(5));
	ck_assert_uint_eq(plan.regions[1].uaddr, (uintptr_t)in);
	ck_assert_uint_eq(plan.regions[1].len, 5);
	ck_assert_uint_eq(plan.regions[1].flags, IN);
	ck_assert_uint_eq(plan.regions[2].uaddr, (uintptr_t)out);
	ck_assert_uint_eq(plan.regions[2].flags, OUT);
	ck_assert_uint_eq(plan.regions[3].uaddr, (uintptr_t)io);
	ck_assert_uint_eq(plan.regions[3].flags, IN | OUT);
	ck_assert(plan.direct[0] && plan.direct[2] && plan.direct[3]);
	/* IN data: argument, in (padded to 8), in/out. */
	ck_assert_uint_eq(plan.req_len, 40 + 4 * 16 + call64_len(5) + 8 + 16);
	ck_assert_uint_eq(plan.nout, 3);
	ck_assert_uint_eq(plan.rep_max_len,
			  24 + 3 * 8 + call64_len(5) + 16 + 16);

	frame = encode(5, &len);
	ck_assert_int_eq(vbgl_frame_request_parse(frame, len, &req), 0);
	ck_assert_uint_eq(req.hdr.region_count, 4);
	ck_assert_int_eq(memcmp(req.data[1], in, 5), 0);
	ck_assert_uint_eq(req.data[1][5], 0); /* padding */
	ck_assert_ptr_null(req.data[2]);
	ck_assert_int_eq(memcmp(req.data[3], io, 16), 0);
	free(frame);
}
END_TEST

/* What the driver refuses before touching memory is not shipped. */
START_TEST(test_hgcm_unshipped)
{
	static struct call64 c;
	uint8_t buf[8];

	call64_init(&c, 4);
	set_ptr(&c.parms[0], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, buf,
		VBG_MAX_HGCM_USER_PARM + 1);
	set_ptr(&c.parms[1], VMMDEV_HGCM_PARM_TYPE_PAGELIST, buf, 8);
	set_ptr(&c.parms[2], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, (void *)hole, 8);
	set_ptr(&c.parms[3], VMMDEV_HGCM_PARM_TYPE_LINADDR_KERNEL, buf, 8);
	ck_assert_int_eq(vbgl_frame_plan_build(
				 &plan, VBG_IOCTL_HGCM_CALL_64(call64_len(4)),
				 &c, sizeof(c), probe_hole),
			 0);
	ck_assert_uint_eq(plan.count, 1);

	/* More than 32 parameters: the driver says E2BIG first. */
	call64_init(&c, 33);
	set_ptr(&c.parms[0], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, buf, 8);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 1);

	/* Slots beyond the shipped argument are not read. */
	call64_init(&c, 2);
	set_ptr(&c.parms[0], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, buf, 8);
	set_ptr(&c.parms[1], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, buf + 4, 4);
	c.hdr.hdr.size_in = c.hdr.hdr.size_out = call64_len(1);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 2);
	ck_assert_uint_eq(plan.regions[1].len, 8);

	/* Another ioctl with the same bytes ships no parameters. */
	ck_assert_int_eq(vbgl_frame_plan_build(&plan,
					       VBG_IOCTL_VMMDEV_REQUEST(0), &c,
					       sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 1);
}
END_TEST

START_TEST(test_hgcm_merge)
{
	static struct call64 c;
	uint8_t mem[64];

	/* An IN buffer overlapping an OUT buffer: one region, bounced. */
	call64_init(&c, 3);
	set_ptr(&c.parms[0], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, mem, 16);
	set_ptr(&c.parms[1], VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, mem + 8, 16);
	set_ptr(&c.parms[2], VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, mem + 40, 8);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 3);
	ck_assert_uint_eq(plan.regions[1].uaddr, (uintptr_t)mem);
	ck_assert_uint_eq(plan.regions[1].len, 24);
	ck_assert_uint_eq(plan.regions[1].flags, IN | OUT);
	ck_assert(!plan.direct[1]);
	ck_assert(plan.direct[2]);
	ck_assert_uint_eq(plan.nsrc, 4);
	ck_assert_uint_eq(plan.src[1].region, 1);
	ck_assert_uint_eq(plan.src[2].region, 1);
	ck_assert_uint_eq(plan.src[3].region, 2);

	/* Two OUT buffers overlapping: merged, still written directly. */
	set_ptr(&c.parms[0], VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, mem, 16);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 3);
	ck_assert(plan.direct[1]);

	/* A chain: a joins c only through b. */
	set_ptr(&c.parms[0], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, mem, 10);
	set_ptr(&c.parms[1], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, mem + 30, 10);
	set_ptr(&c.parms[2], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, mem + 5, 30);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 2);
	ck_assert_uint_eq(plan.regions[1].uaddr, (uintptr_t)mem);
	ck_assert_uint_eq(plan.regions[1].len, 40);
	ck_assert_uint_eq(plan.regions[1].flags, IN);
	ck_assert_uint_eq(plan.nout, 1);
	ck_assert_uint_eq(plan.rep_max_len,
			  24 + 8 + VBGL_SOCK_PAD8(call64_len(3)));

	/* A parameter pointing into the argument itself joins region 0. */
	set_ptr(&c.parms[0], VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, &c.parms[1],
		16);
	set_ptr(&c.parms[1], VMMDEV_HGCM_PARM_TYPE_32BIT, NULL, 0);
	set_ptr(&c.parms[2], VMMDEV_HGCM_PARM_TYPE_32BIT, NULL, 0);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 1);
	ck_assert_uint_eq(plan.regions[0].uaddr, (uintptr_t)&c);
	ck_assert_uint_eq(plan.regions[0].len, call64_len(3));
	ck_assert(plan.direct[0]);

	/* One that sticks out of it extends region 0. */
	set_ptr(&c.parms[0], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, &c.parms[2], 40);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 1);
	ck_assert_uint_eq(plan.regions[0].len, 40 + 2 * 16 + 40);
	ck_assert(!plan.direct[0]);
}
END_TEST

START_TEST(test_hgcm_call32_layout)
{
	static uint8_t arg[40 + 2 * 12];
	struct vbg_ioctl_hgcm_call *hdr = (struct vbg_ioctl_hgcm_call *)arg;
	uint32_t type, size, addr;

	memset(arg, 0, sizeof(arg));
	vbgl_ioctl_hdr_init(&hdr->hdr, sizeof(arg), sizeof(arg), 0);
	hdr->parm_count = 2;
	/* A 12-byte slot: type, size, 32-bit address. */
	type = VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT;
	size = 100;
	addr = 0x10000;
	memcpy(arg + 40 + 12, &type, 4);
	memcpy(arg + 40 + 12 + 4, &size, 4);
	memcpy(arg + 40 + 12 + 8, &addr, 4);
	ck_assert_int_eq(vbgl_frame_plan_build(
				 &plan, VBG_IOCTL_HGCM_CALL_32(sizeof(arg)),
				 arg, sizeof(arg), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 2);
	ck_assert_uint_eq(plan.regions[1].uaddr, 0x10000);
	ck_assert_uint_eq(plan.regions[1].len, 100);
	ck_assert_uint_eq(plan.regions[1].flags, OUT);
}
END_TEST

START_TEST(test_frame_limit)
{
	static struct call64 c;
	unsigned int i;

	/* Seven 24 MiB IN buffers: 168 MiB, over the 160 MiB frame limit. */
	call64_init(&c, 7);
	for (i = 0; i < 7; i++)
		set_ptr(&c.parms[i], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN,
			(void *)(uintptr_t)(0x100000000ull + i * 0x2000000ull),
			VBG_MAX_HGCM_USER_PARM);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 -E2BIG);
	/* Six fit. */
	call64_init(&c, 6);
	for (i = 0; i < 6; i++)
		set_ptr(&c.parms[i], VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT,
			(void *)(uintptr_t)(0x100000000ull + i * 0x2000000ull),
			VBG_MAX_HGCM_USER_PARM);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 7);
}
END_TEST

START_TEST(test_request_parse_rejects)
{
	struct vbg_ioctl_hdr hdr;
	struct vbgl_frame_request req;
	struct vbgl_sock_req_hdr *rh;
	struct vbgl_sock_region *rg;
	uint8_t *frame, *bad;
	size_t len;

	vbgl_ioctl_hdr_init(&hdr, 24, 24, 0);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 11, &hdr, sizeof(hdr),
					       probe_all),
			 0);
	frame = encode(1, &len);
	bad = malloc(len + 8);
	rh = (struct vbgl_sock_req_hdr *)bad;
	rg = (struct vbgl_sock_region *)(bad + sizeof(*rh));

	ck_assert_int_eq(vbgl_frame_request_parse(frame, len, &req), 0);
	ck_assert_int_eq(vbgl_frame_request_parse(frame, len - 1, &req),
			 -EPROTO);
	ck_assert_int_eq(vbgl_frame_request_parse(frame, 10, &req), -EPROTO);
	ck_assert_int_eq(vbgl_frame_request_parse(NULL, len, &req), -EPROTO);

	memcpy(bad, frame, len);
	rh->magic ^= 1;
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len, &req), -EPROTO);

	memcpy(bad, frame, len);
	rh->flags = 0x2; /* not a VBGL_SOCK_F_* bit */
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len, &req), -EPROTO);
	ck_assert_str_eq(vbgl_frame_req_hdr_check(rh), "unknown flags");

	memcpy(bad, frame, len);
	rh->region_count = VBGL_SOCK_MAX_REGIONS + 1;
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len, &req), -EPROTO);

	memcpy(bad, frame, len);
	rh->region_count = 2; /* the table would run into the data */
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len, &req), -EPROTO);

	memcpy(bad, frame, len);
	rg->flags = 0x4;
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len, &req), -EPROTO);
	rg->flags = 0;
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len, &req), -EPROTO);

	memcpy(bad, frame, len);
	rg->uaddr = UINT64_MAX - 4;
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len, &req), -EPROTO);

	memcpy(bad, frame, len);
	rg->len = 32; /* more data than the frame holds */
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len, &req), -EPROTO);

	memcpy(bad, frame, len);
	rg->flags = OUT; /* then the data is left over */
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len, &req), -EPROTO);

	memcpy(bad, frame, len);
	memset(bad + len, 0, 8);
	rh->frame_len = len + 8; /* trailing garbage */
	ck_assert_int_eq(vbgl_frame_request_parse(bad, len + 8, &req), -EPROTO);
	free(bad);
	free(frame);
}
END_TEST

START_TEST(test_reply_check)
{
	struct vbg_ioctl_hdr hdr;
	struct vbgl_sock_rep_hdr rep;

	vbgl_ioctl_hdr_init(&hdr, 24, 24, 0);
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, 11, &hdr, sizeof(hdr),
					       probe_all),
			 0);
	ck_assert_uint_eq(plan.rep_max_len, 24 + 8 + 24);
	vbgl_frame_reply_hdr_init(&rep, 3, 0, plan.rep_max_len);
	ck_assert_uint_eq(rep.frame_len, 24 + 8 + 24);
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), 0);
	rep.ret = -EINVAL;
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), 0);
	rep.ret = 1;
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), -EPROTO);
	rep.ret = -5000;
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), -EPROTO);
	rep.ret = 0;
	/* Longer than the longest reply, or too short for the extents. */
	rep.frame_len += 8;
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), -EPROTO);
	rep.frame_len = 24 + 8;
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), 0);
	rep.frame_len = 24;
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), -EPROTO);
	rep.frame_len = 24 + 8 + 24;
	rep.magic = VBGL_SOCK_REQ_MAGIC;
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), -EPROTO);
}
END_TEST

/* Extents: inside their region, and the frame exactly as long as they say. */
START_TEST(test_reply_extents)
{
	static struct call64 c;
	uint8_t in[8], out[13], io[16];
	struct vbgl_sock_extent ext[3];
	struct vbgl_sock_rep_hdr rep;

	/* Regions: argument (IN|OUT), in (IN), out (OUT), io (IN|OUT). */
	call64_init(&c, 3);
	set_ptr(&c.parms[0], VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, in, sizeof(in));
	set_ptr(&c.parms[1], VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, out,
		sizeof(out));
	set_ptr(&c.parms[2], VMMDEV_HGCM_PARM_TYPE_LINADDR, io, sizeof(io));
	ck_assert_int_eq(vbgl_frame_plan_build(&plan, VBG_IOCTL_HGCM_CALL_64(0),
					       &c, sizeof(c), probe_all),
			 0);
	ck_assert_uint_eq(plan.count, 4);
	ck_assert_uint_eq(plan.nout, 3);

	/* Nothing written: just the header and the table. */
	memset(ext, 0, sizeof(ext));
	ck_assert_uint_eq(vbgl_frame_reply_len(ext, 3), 24 + 3 * 8);
	vbgl_frame_reply_hdr_init(&rep, 1, -EFAULT, 24 + 3 * 8);
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), 0);
	ck_assert_int_eq(vbgl_frame_reply_extents_check(&rep, &plan, ext), 0);

	/* Written: the whole argument, 5 bytes of out, the middle of io. */
	ext[0] = (struct vbgl_sock_extent){ 0, call64_len(3) };
	ext[1] = (struct vbgl_sock_extent){ 0, 5 };
	ext[2] = (struct vbgl_sock_extent){ 3, 10 };
	ck_assert_uint_eq(vbgl_frame_reply_len(ext, 3),
			  24 + 3 * 8 + VBGL_SOCK_PAD8(call64_len(3)) + 8 + 16);
	vbgl_frame_reply_hdr_init(&rep, 1, 0, vbgl_frame_reply_len(ext, 3));
	ck_assert_int_eq(vbgl_frame_reply_check(&rep, &plan), 0);
	ck_assert_int_eq(vbgl_frame_reply_extents_check(&rep, &plan, ext), 0);
	/* The frame must say exactly that. */
	rep.frame_len += 8;
	ck_assert_int_eq(vbgl_frame_reply_extents_check(&rep, &plan, ext),
			 -EPROTO);
	rep.frame_len -= 16;
	ck_assert_int_eq(vbgl_frame_reply_extents_check(&rep, &plan, ext),
			 -EPROTO);
	rep.frame_len += 8;

	/* Out buffer written to its last byte, and one byte beyond. */
	ext[1] = (struct vbgl_sock_extent){ 12, 1 };
	ck_assert_int_eq(
		vbgl_frame_extents_check(plan.regions, plan.count, ext), 0);
	ext[1] = (struct vbgl_sock_extent){ 12, 2 };
	ck_assert_int_eq(vbgl_frame_extents_check(plan.regions, plan.count,
						  ext),
			 -EPROTO);
	ext[1] = (struct vbgl_sock_extent){ 0, 14 };
	ck_assert_int_eq(vbgl_frame_extents_check(plan.regions, plan.count,
						  ext),
			 -EPROTO);
	ext[1] = (struct vbgl_sock_extent){ 14, 0 };
	ck_assert_int_eq(vbgl_frame_extents_check(plan.regions, plan.count,
						  ext),
			 -EPROTO);
	/* offset + len must not wrap in 32 bits. */
	ext[1] = (struct vbgl_sock_extent){ UINT32_MAX, 2 };
	ck_assert_int_eq(vbgl_frame_extents_check(plan.regions, plan.count,
						  ext),
			 -EPROTO);
	/* An empty extent has offset 0. */
	ext[1] = (struct vbgl_sock_extent){ 4, 0 };
	ck_assert_int_eq(vbgl_frame_extents_check(plan.regions, plan.count,
						  ext),
			 -EPROTO);
	/* The last region: the table is in region order. */
	ext[1] = (struct vbgl_sock_extent){ 0, 0 };
	ext[2] = (struct vbgl_sock_extent){ 0, 17 };
	ck_assert_int_eq(vbgl_frame_extents_check(plan.regions, plan.count,
						  ext),
			 -EPROTO);
	ext[2] = (struct vbgl_sock_extent){ 0, 16 };
	ck_assert_int_eq(
		vbgl_frame_extents_check(plan.regions, plan.count, ext), 0);
	ext[0] = (struct vbgl_sock_extent){ 1, call64_len(3) };
	ck_assert_int_eq(vbgl_frame_extents_check(plan.regions, plan.count,
						  ext),
			 -EPROTO);
	vbgl_frame_reply_hdr_init(&rep, 1, 0, vbgl_frame_reply_len(ext, 3));
	ck_assert_int_eq(vbgl_frame_reply_extents_check(&rep, &plan, ext),
			 -EPROTO);
}
END_TEST

START_TEST(test_probe_memory)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *map, stackbuf[100];

	ck_assert_int_eq(vbgl_frame_probe_memory((uintptr_t)stackbuf,
						 sizeof(stackbuf)),
			 0);
	ck_assert_int_eq(vbgl_frame_probe_memory(0, 16), -EFAULT);
	ck_assert_int_eq(vbgl_frame_probe_memory(0, 0), 0);
	ck_assert_int_eq(vbgl_frame_probe_memory(UINT64_MAX - 8, 16), -EFAULT);

	/* Three pages: readable, PROT_NONE, readable. */
	map = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	ck_assert_int_eq(mprotect(map + page, page, PROT_NONE), 0);
	ck_assert_int_eq(vbgl_frame_probe_memory((uintptr_t)map, page), 0);
	ck_assert_int_eq(
		vbgl_frame_probe_memory((uintptr_t)map + 2 * page, page), 0);
	ck_assert_int_eq(vbgl_frame_probe_memory((uintptr_t)map + page - 1, 2),
			 -EFAULT);
	ck_assert_int_eq(vbgl_frame_probe_memory((uintptr_t)map, 3 * page),
			 -EFAULT);
	ck_assert_int_eq(vbgl_frame_probe_memory((uintptr_t)map + page + 100,
						 1),
			 -EFAULT);
	munmap(map, 3 * page);

	/*
	 * Forty pages, the 31st PROT_NONE: ranges of more than 16 pages take
	 * the batched process_vm_readv() path, smaller ones a call per page.
	 */
	map = mmap(NULL, 40 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	ck_assert_int_eq(mprotect(map + 30 * page, page, PROT_NONE), 0);
	ck_assert_int_eq(vbgl_frame_probe_memory((uintptr_t)map, 20 * page), 0);
	ck_assert_int_eq(vbgl_frame_probe_memory((uintptr_t)map, 40 * page),
			 -EFAULT);
	ck_assert_int_eq(vbgl_frame_probe_memory((uintptr_t)map + 29 * page,
						 2 * page),
			 -EFAULT);
	ck_assert_int_eq(vbgl_frame_probe_memory((uintptr_t)map + 31 * page,
						 9 * page),
			 0);
	munmap(map, 40 * page);
}
END_TEST

START_TEST(test_probe_memory_ranges)
{
	long page = sysconf(_SC_PAGESIZE);
	struct vbgl_frame_range r[6];
	uint8_t ok[6], *map, *big;
	size_t big_len = 2100 * (size_t)page;

	/* Three pages: readable, PROT_NONE, readable. */
	map = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	ck_assert_int_eq(mprotect(map + page, page, PROT_NONE), 0);
	r[0] = (struct vbgl_frame_range){ (uintptr_t)map, (uint32_t)page };
	r[1] = (struct vbgl_frame_range){ (uintptr_t)map + page + 100, 1 };
	r[2] = (struct vbgl_frame_range){ (uintptr_t)map + 2 * page,
					  (uint32_t)page };
	r[3] = (struct vbgl_frame_range){ 0, 0 };
	r[4] = (struct vbgl_frame_range){ UINT64_MAX - 8, 16 };
	r[5] = (struct vbgl_frame_range){ (uintptr_t)map + page - 1, 2 };
	memset(ok, 0xee, sizeof(ok));
	vbgl_frame_probe_memory_ranges(r, 6, ok);
	ck_assert_uint_eq(ok[0], 1);
	ck_assert_uint_eq(ok[1], 0);
	ck_assert_uint_eq(ok[2], 1);
	ck_assert_uint_eq(ok[3], 1);
	ck_assert_uint_eq(ok[4], 0);
	ck_assert_uint_eq(ok[5], 0);

	/*
	 * The valid ones alone, a few pages in all: each page probed on its
	 * own, a page met twice probed once, an unreadable one every time.
	 */
	{
		struct vbgl_frame_range v[6] = {
			r[0],
			r[1],
			r[2],
			r[5],
			{ (uintptr_t)map + 10, 1 },
			{ (uintptr_t)map + page + 7, 1 },
		};

		memset(ok, 0xee, sizeof(ok));
		vbgl_frame_probe_memory_ranges(v, 6, ok);
		ck_assert(ok[0] == 1 && ok[1] == 0 && ok[2] == 1 &&
			  ok[3] == 0 && ok[4] == 1 && ok[5] == 0);
	}

	/* All readable, and one range larger than a batch. */
	big = mmap(NULL, big_len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		   0);
	ck_assert_ptr_ne(big, MAP_FAILED);
	r[1] = (struct vbgl_frame_range){ (uintptr_t)big, (uint32_t)big_len };
	r[3] = (struct vbgl_frame_range){ (uintptr_t)big + 5, 10 };
	memset(ok, 0xee, sizeof(ok));
	vbgl_frame_probe_memory_ranges(r, 4, ok);
	ck_assert(ok[0] == 1 && ok[1] == 1 && ok[2] == 1 && ok[3] == 1);
	/* The large one with a hole at its end. */
	ck_assert_int_eq(mprotect(big + big_len - page, page, PROT_NONE), 0);
	vbgl_frame_probe_memory_ranges(r, 4, ok);
	ck_assert(ok[0] == 1 && ok[1] == 0 && ok[2] == 1 && ok[3] == 1);
	munmap(big, big_len);
	munmap(map, 3 * page);
}
END_TEST

static Suite *sockframe_suite(void)
{
	Suite *s = suite_create("vbgl_sockframe");
	TCase *tc = tcase_create("plan");

	tcase_add_test(tc, test_simple_ioctl_roundtrip);
	tcase_add_test(tc, test_arg_region_length);
	tcase_add_test(tc, test_hgcm_regions);
	tcase_add_test(tc, test_hgcm_unshipped);
	tcase_add_test(tc, test_hgcm_merge);
	tcase_add_test(tc, test_hgcm_call32_layout);
	tcase_add_test(tc, test_frame_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, test_request_parse_rejects);
	tcase_add_test(tc, test_reply_check);
	tcase_add_test(tc, test_reply_extents);
	tcase_add_test(tc, test_probe_memory);
	tcase_add_test(tc, test_probe_memory_ranges);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sockframe_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
