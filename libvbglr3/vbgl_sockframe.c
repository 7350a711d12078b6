// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Simulator socket frames, the client side: planning the regions of an
 * ioctl, encoding the request, and checking replies.  Taking a request
 * apart is vbgl_sockframe_req.c, which the simulator links too.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/vboxguest.h>

#include "libvbglr3/vbgl_sockframe.h"
#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

#define REQ_HDR_LEN  sizeof(struct vbgl_sock_req_hdr)
#define REP_HDR_LEN  sizeof(struct vbgl_sock_rep_hdr)
#define REGION_LEN   sizeof(struct vbgl_sock_region)
#define EXTENT_LEN   sizeof(struct vbgl_sock_extent)
#define IOC_HDR_LEN  sizeof(struct vbg_ioctl_hdr)
#define CALL_HDR_LEN sizeof(struct vbg_ioctl_hgcm_call)
#define PROBE_BATCH  1024
#define PAGE_STEP    4096u
/* Up to this many pages are probed one system call each (see page_probe). */
#define PROBE_SMALL 16
/* The kernel's sigset_t: what rt_sigprocmask(2) copies in. */
#define KSIGSET_LEN ((_NSIG - 1) / 8)

static const uint8_t zero_pad[8];

/* The pages [addr, end) touches: their count, or 0 for an empty range. */
static uint64_t page_count(uint64_t addr, uint64_t end)
{
	if (addr >= end)
		return 0;
	return ((end - 1) / PAGE_STEP) - (addr / PAGE_STEP) + 1;
}

/* Append one remote iovec per page of [addr, end) to remote[]. */
static unsigned int add_pages(struct iovec *remote, unsigned int n,
			      uint64_t addr, uint64_t end)
{
	uint64_t next;

	while (addr < end) {
		remote[n].iov_base = (void *)(uintptr_t)addr;
		remote[n++].iov_len = 1;
		next = (addr & ~(uint64_t)(PAGE_STEP - 1)) + PAGE_STEP;
		addr = next > addr ? next : end;
	}
	return n;
}

/*
 * Read one byte of every page in remote[0..n): 1 all readable, 0 not,
 * -1 the system call is not available (the memory is assumed readable).
 */
static int read_pages(pid_t pid, const struct iovec *remote, unsigned int n)
{
	uint8_t scratch[PROBE_BATCH];
	struct iovec local = { scratch, n };
	ssize_t got;

	if (!n)
		return 1;
	got = process_vm_readv(pid, &local, 1, remote, n, 0);
	if (got < 0 && (errno == ENOSYS || errno == EPERM))
		return -1;
	return got == (ssize_t)n;
}

/*
 * Whether the page holding @addr is readable, at the cost of one cheap
 * system call: rt_sigprocmask(2) copies the new mask from the caller's
 * memory before it looks at @how, so with an invalid @how it reads
 * KSIGSET_LEN bytes and changes nothing: EFAULT when the memory cannot be
 * read, EINVAL when it can.  (process_vm_readv(2) does the same for a
 * batch of pages but costs microseconds even for one, which a simulator
 * call of a few microseconds cannot carry.)  The bytes read are aligned
 * down within the page, so they never reach into the next one.
 * Return: 1 readable, 0 not, -1 no answer (use the batch probe).
 */
static int page_probe(uint64_t addr)
{
	uint64_t at = addr & ~(uint64_t)(KSIGSET_LEN - 1);
	long r;

	/* A NULL mask means "none" to the kernel, not a read of page 0. */
	if (at < PAGE_STEP)
		return 0;
	r = syscall(SYS_rt_sigprocmask, ~0, (void *)(uintptr_t)at, NULL,
		    (size_t)KSIGSET_LEN);
	if (r < 0 && errno == EFAULT)
		return 0;
	if (r < 0 && errno == EINVAL)
		return 1;
	return -1;
}

/*
 * The small-range probe: each page of [addr, end) once, one call each;
 * *last is the last page found readable (skipped when met again).
 * Return as page_probe() for the whole range.
 */
static int probe_pages(uint64_t addr, uint64_t end, uint64_t *last)
{
	uint64_t page = addr & ~(uint64_t)(PAGE_STEP - 1);
	int ok;

	for (; page < end; page += PAGE_STEP) {
		if (page == *last)
			continue;
		ok = page_probe(page);
		if (ok <= 0)
			return ok;
		*last = page;
		if (page + PAGE_STEP < page)
			break;
	}
	return 1;
}

static int range_ok(uint64_t uaddr, uint32_t len)
{
	uint64_t end = uaddr + len;

	return !(end < uaddr || (len && end - 1 > UINTPTR_MAX));
}

/*
 * Readability is a property of pages, so one byte of every page the range
 * touches tells it all.
 */
int vbgl_frame_probe_memory(uint64_t uaddr, uint32_t len)
{
	struct iovec remote[PROBE_BATCH];
	uint64_t end = uaddr + len, addr = uaddr, stop;
	pid_t pid;
	int ok;

	if (!len)
		return 0;
	if (!range_ok(uaddr, len))
		return -EFAULT;
	if (page_count(uaddr, end) <= PROBE_SMALL) {
		uint64_t last = UINT64_MAX;

		ok = probe_pages(uaddr, end, &last);
		if (ok >= 0)
			return ok ? 0 : -EFAULT;
	}
	pid = getpid();
	while (addr < end) {
		/* At most PROBE_BATCH pages: up to the page boundary after. */
		stop = (addr & ~(uint64_t)(PAGE_STEP - 1)) +
		       (uint64_t)PROBE_BATCH * PAGE_STEP;
		if (stop < addr || stop > end)
			stop = end;
		ok = read_pages(pid, remote, add_pages(remote, 0, addr, stop));
		if (ok < 0)
			return 0;
		if (!ok)
			return -EFAULT;
		addr = stop;
	}
	return 0;
}

void vbgl_frame_probe_memory_ranges(const struct vbgl_frame_range *ranges,
				    unsigned int n, uint8_t *readable)
{
	struct iovec remote[PROBE_BATCH];
	unsigned int i = 0, first, pages = 0;
	uint64_t want, last = UINT64_MAX;
	pid_t pid;
	int ok;

	/* A few pages in all: each probed on its own, each page once. */
	for (i = 0; i < n; i++) {
		const struct vbgl_frame_range *r = &ranges[i];

		if (!range_ok(r->uaddr, r->len))
			break;
		want = page_count(r->uaddr, r->uaddr + r->len);
		if (want > PROBE_SMALL - pages)
			break;
		pages += (unsigned int)want;
	}
	if (i == n) {
		for (i = 0; i < n; i++) {
			ok = probe_pages(ranges[i].uaddr,
					 ranges[i].uaddr + ranges[i].len,
					 &last);
			if (ok < 0)
				break;
			readable[i] = (uint8_t)ok;
		}
		if (i == n)
			return;
	}
	i = 0;
	pid = getpid();
	while (i < n) {
		/* As many whole ranges as fit one call, each checked. */
		first = i;
		pages = 0;
		for (; i < n; i++) {
			const struct vbgl_frame_range *r = &ranges[i];

			if (!range_ok(r->uaddr, r->len))
				break;
			want = page_count(r->uaddr, r->uaddr + r->len);
			if (want > PROBE_BATCH - pages)
				break;
			pages = add_pages(remote, pages, r->uaddr,
					  r->uaddr + r->len);
		}
		if (i == first) {
			/* Too large or invalid for a batch: on its own. */
			readable[i] = vbgl_frame_probe_memory(ranges[i].uaddr,
							      ranges[i].len) ==
				      0;
			i++;
			continue;
		}
		ok = read_pages(pid, remote, pages);
		for (; first < i; first++)
			readable[first] = ok ? 1 :
					       vbgl_frame_probe_memory(
						       ranges[first].uaddr,
						       ranges[first].len) == 0;
	}
}

static int is_hgcm_call(uint32_t cmd, unsigned int *slot)
{
	uint32_t nosize = cmd & ~(uint32_t)(_IOC_SIZEMASK << _IOC_SIZESHIFT);

	if (nosize == (uint32_t)VBG_IOCTL_HGCM_CALL_64(0)) {
		*slot = sizeof(struct vmmdev_hgcm_function_parameter64);
		return 1;
	}
	if (nosize == (uint32_t)VBG_IOCTL_HGCM_CALL_32(0)) {
		*slot = sizeof(struct vmmdev_hgcm_function_parameter32);
		return 1;
	}
	return 0;
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The argument region: what the header says, bounded by the buffer. */
static uint32_t arg_region_len(const uint8_t *arg, size_t arg_len)
{
	uint64_t want = IOC_HDR_LEN;
	uint32_t size_in, size_out;

	if (arg_len < IOC_HDR_LEN)
		return (uint32_t)arg_len;
	size_in = get_u32(arg + offsetof(struct vbg_ioctl_hdr, size_in));
	size_out = get_u32(arg + offsetof(struct vbg_ioctl_hdr, size_out));
	if (size_in > want)
		want = size_in;
	if (size_out > want)
		want = size_out;
	if (want > VBGL_MAX_IOCTL_SIZE)
		want = IOC_HDR_LEN;
	if (want > arg_len)
		want = arg_len;
	return (uint32_t)want;
}

static void add_src(struct vbgl_frame_plan *plan, uint64_t uaddr, uint32_t len,
		    uint32_t flags)
{
	struct vbgl_frame_src *s = &plan->src[plan->nsrc++];

	s->uaddr = uaddr;
	s->len = len;
	s->flags = flags;
	s->region = 0;
}

/* A LinAddr parameter that names memory worth shipping, if it probes. */
struct param_cand {
	uint64_t addr;
	uint32_t size;
	uint32_t flags;
};

/* One LinAddr parameter: 1 and *c if it names memory worth shipping. */
static int param_cand(const uint8_t *p, unsigned int slot, struct param_cand *c)
{
	uint32_t type = get_u32(p), size = get_u32(p + 4), flags;
	uint64_t addr;

	switch (type) {
	case VMMDEV_HGCM_PARM_TYPE_LINADDR:
		flags = VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT;
		break;
	case VMMDEV_HGCM_PARM_TYPE_LINADDR_IN:
		flags = VBGL_SOCK_REGION_IN;
		break;
	case VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT:
		flags = VBGL_SOCK_REGION_OUT;
		break;
	default:
		return 0;
	}
	if (slot == sizeof(struct vmmdev_hgcm_function_parameter64))
		memcpy(&addr, p + 8, sizeof(addr));
	else
		addr = get_u32(p + 8);

	/* The driver refuses oversized buffers before touching them. */
	if (!size || size > VBG_MAX_HGCM_USER_PARM || addr + size < addr)
		return 0;
	c->addr = addr;
	c->size = size;
	c->flags = flags;
	return 1;
}

/* The parameters' regions: every candidate probed, all in one go. */
static void add_hgcm_params(struct vbgl_frame_plan *plan, const uint8_t *arg,
			    uint32_t len, unsigned int slot,
			    vbgl_frame_probe_fn probe)
{
	struct param_cand cand[VMMDEV_HGCM_MAX_PARMS];
	struct vbgl_frame_range ranges[VMMDEV_HGCM_MAX_PARMS];
	uint8_t readable[VMMDEV_HGCM_MAX_PARMS];
	uint16_t parm_count;
	unsigned int i, fit, n = 0;

	if (len < CALL_HDR_LEN)
		return;
	memcpy(&parm_count,
	       arg + offsetof(struct vbg_ioctl_hgcm_call, parm_count),
	       sizeof(parm_count));
	if (parm_count > VMMDEV_HGCM_MAX_PARMS)
		return;
	fit = (len - CALL_HDR_LEN) / slot;
	if (parm_count < fit)
		fit = parm_count;
	for (i = 0; i < fit; i++) {
		if (!param_cand(arg + CALL_HDR_LEN + i * slot, slot, &cand[n]))
			continue;
		ranges[n].uaddr = cand[n].addr;
		ranges[n].len = cand[n].size;
		n++;
	}
	if (!n)
		return;
	probe(ranges, n, readable);
	for (i = 0; i < n; i++) {
		if (readable[i])
			add_src(plan, cand[i].addr, cand[i].size,
				cand[i].flags);
	}
}

static int overlaps(const struct vbgl_sock_region *a,
		    const struct vbgl_sock_region *b)
{
	return a->uaddr < b->uaddr + b->len && b->uaddr < a->uaddr + a->len;
}

/* Grow a to cover b. */
static void merge_into(struct vbgl_sock_region *a,
		       const struct vbgl_sock_region *b)
{
	uint64_t start = a->uaddr < b->uaddr ? a->uaddr : b->uaddr;
	uint64_t end_a = a->uaddr + a->len, end_b = b->uaddr + b->len;
	uint64_t end = end_a > end_b ? end_a : end_b;

	a->uaddr = start;
	a->len = (uint32_t)(end - start);
	a->flags |= b->flags;
}

/*
 * Merge overlapping ranges until none overlap.  Region 0 stays first.  A
 * merged region is at most the sum of its parts, so it still fits a u32:
 * the argument is at most 16 MiB and every parameter at most 24 MiB.
 */
static void merge_regions(struct vbgl_frame_plan *plan)
{
	unsigned int i, j, k;
	int changed = 1;

	plan->count = plan->nsrc;
	for (i = 0; i < plan->nsrc; i++) {
		plan->regions[i].uaddr = plan->src[i].uaddr;
		plan->regions[i].len = plan->src[i].len;
		plan->regions[i].flags = plan->src[i].flags;
	}
	while (changed) {
		changed = 0;
		for (i = 0; i < plan->count && !changed; i++) {
			for (j = i + 1; j < plan->count && !changed; j++) {
				if (!overlaps(&plan->regions[i],
					      &plan->regions[j]))
					continue;
				merge_into(&plan->regions[i],
					   &plan->regions[j]);
				for (k = j; k + 1 < plan->count; k++)
					plan->regions[k] = plan->regions[k + 1];
				plan->count--;
				changed = 1;
			}
		}
	}
}

/* Which region holds each source, and which regions are all-writable. */
static void assign_sources(struct vbgl_frame_plan *plan)
{
	unsigned int i, r;

	for (r = 0; r < plan->count; r++)
		plan->direct[r] = 1;
	for (i = 0; i < plan->nsrc; i++) {
		struct vbgl_frame_src *s = &plan->src[i];

		for (r = 0; r < plan->count; r++) {
			const struct vbgl_sock_region *g = &plan->regions[r];

			if (s->uaddr >= g->uaddr &&
			    s->uaddr + s->len <= g->uaddr + g->len)
				break;
		}
		s->region = r;
		if (!(s->flags & VBGL_SOCK_REGION_OUT))
			plan->direct[r] = 0;
	}
}

static int compute_lengths(struct vbgl_frame_plan *plan)
{
	uint64_t req = REQ_HDR_LEN + (uint64_t)plan->count * REGION_LEN;
	unsigned int r;

	for (r = 0; r < plan->count; r++) {
		if (plan->regions[r].flags & VBGL_SOCK_REGION_IN)
			req += VBGL_SOCK_PAD8(plan->regions[r].len);
	}
	plan->req_len = req;
	plan->nout = vbgl_frame_out_count(plan->regions, plan->count);
	plan->rep_max_len =
		vbgl_frame_reply_max_len(plan->regions, plan->count);
	if (plan->req_len > VBGL_SOCK_MAX_FRAME ||
	    plan->rep_max_len > VBGL_SOCK_MAX_FRAME)
		return -E2BIG;
	return 0;
}

static int probe_one(vbgl_frame_probe_fn probe, uint64_t uaddr, uint32_t len)
{
	struct vbgl_frame_range r = { uaddr, len };
	uint8_t readable = 0;

	probe(&r, 1, &readable);
	return readable;
}

int vbgl_frame_plan_build(struct vbgl_frame_plan *plan, uint32_t cmd,
			  const void *arg, size_t arg_len,
			  vbgl_frame_probe_fn probe)
{
	uint64_t addr = (uintptr_t)arg;
	unsigned int slot;
	uint32_t len;

	memset(plan, 0, sizeof(*plan));
	if (!arg || !arg_len)
		return -EFAULT;
	plan->cmd = cmd;
	plan->arg = addr;
	plan->flags = sizeof(void *) == 4 ? VBGL_SOCK_F_COMPAT : 0;

	/* What the header says is bounded by arg_len: one probe covers it. */
	len = arg_len < IOC_HDR_LEN ? (uint32_t)arg_len : IOC_HDR_LEN;
	if (!probe_one(probe, addr,
		       arg_len > VBGL_MAX_IOCTL_SIZE ? len : (uint32_t)arg_len))
		return -EFAULT;
	len = arg_region_len(arg, arg_len);
	if (arg_len > VBGL_MAX_IOCTL_SIZE && !probe_one(probe, addr, len))
		return -EFAULT;
	add_src(plan, addr, len, VBGL_SOCK_REGION_IN | VBGL_SOCK_REGION_OUT);

	if (is_hgcm_call(cmd, &slot))
		add_hgcm_params(plan, arg, len, slot, probe);

	merge_regions(plan);
	assign_sources(plan);
	return compute_lengths(plan);
}

unsigned int vbgl_frame_request_iov(const struct vbgl_frame_plan *plan,
				    uint64_t id, struct vbgl_sock_req_hdr *hdr,
				    struct iovec *iov)
{
	unsigned int n = 0, r;

	hdr->magic = VBGL_SOCK_REQ_MAGIC;
	hdr->flags = plan->flags;
	hdr->frame_len = plan->req_len;
	hdr->id = id;
	hdr->arg = plan->arg;
	hdr->cmd = plan->cmd;
	hdr->region_count = plan->count;

	iov[n].iov_base = hdr;
	iov[n++].iov_len = REQ_HDR_LEN;
	iov[n].iov_base = (void *)plan->regions;
	iov[n++].iov_len = plan->count * REGION_LEN;
	for (r = 0; r < plan->count; r++) {
		const struct vbgl_sock_region *g = &plan->regions[r];
		size_t pad = VBGL_SOCK_PAD8(g->len) - g->len;

		if (!(g->flags & VBGL_SOCK_REGION_IN))
			continue;
		iov[n].iov_base = (void *)(uintptr_t)g->uaddr;
		iov[n++].iov_len = g->len;
		if (pad) {
			iov[n].iov_base = (void *)zero_pad;
			iov[n++].iov_len = pad;
		}
	}
	return n;
}

uint64_t vbgl_frame_reply_len(const struct vbgl_sock_extent *ext,
			      unsigned int nout)
{
	uint64_t len = REP_HDR_LEN + (uint64_t)nout * EXTENT_LEN;
	unsigned int i;

	for (i = 0; i < nout; i++)
		len += VBGL_SOCK_PAD8(ext[i].len);
	return len;
}

int vbgl_frame_extents_check(const struct vbgl_sock_region *regions,
			     unsigned int count,
			     const struct vbgl_sock_extent *ext)
{
	unsigned int r, i = 0;

	for (r = 0; r < count; r++) {
		if (!(regions[r].flags & VBGL_SOCK_REGION_OUT))
			continue;
		if (!ext[i].len && ext[i].offset)
			return -EPROTO;
		if ((uint64_t)ext[i].offset + ext[i].len > regions[r].len)
			return -EPROTO;
		i++;
	}
	return 0;
}

void vbgl_frame_reply_hdr_init(struct vbgl_sock_rep_hdr *hdr, uint64_t id,
			       int32_t ret, uint64_t frame_len)
{
	hdr->magic = VBGL_SOCK_REP_MAGIC;
	hdr->ret = ret;
	hdr->frame_len = frame_len;
	hdr->id = id;
}

int vbgl_frame_reply_check(const struct vbgl_sock_rep_hdr *hdr,
			   const struct vbgl_frame_plan *plan)
{
	if (hdr->magic != VBGL_SOCK_REP_MAGIC ||
	    hdr->frame_len < REP_HDR_LEN + (uint64_t)plan->nout * EXTENT_LEN ||
	    hdr->frame_len > plan->rep_max_len)
		return -EPROTO;
	if (hdr->ret > 0 || hdr->ret < -4095)
		return -EPROTO;
	return 0;
}

int vbgl_frame_reply_extents_check(const struct vbgl_sock_rep_hdr *hdr,
				   const struct vbgl_frame_plan *plan,
				   const struct vbgl_sock_extent *ext)
{
	if (vbgl_frame_extents_check(plan->regions, plan->count, ext) < 0)
		return -EPROTO;
	if (hdr->frame_len != vbgl_frame_reply_len(ext, plan->nout))
		return -EPROTO;
	return 0;
}
