// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim user memory: each thread has a map of user address ranges backed
 * by local buffers.  A copy walks the map region by region (a buffer may
 * span adjacent regions); the first byte outside the map, or inside a
 * read-only region for copy_to_user(), ends the copy, as a fault would.
 * copy_to_user() records in each region the range it wrote there.
 */
#include <stdlib.h>
#include <string.h>

#include "kshim/hw.h"
#include <linux/kernel.h>
#include <linux/uaccess.h>

static __thread struct kshim_user_region *user_map;
static __thread unsigned int user_map_count;

void kshim_user_map_set(struct kshim_user_region *regions, unsigned int count)
{
	user_map = regions;
	user_map_count = count;
}

void kshim_user_map_clear(void)
{
	user_map = NULL;
	user_map_count = 0;
}

/**
 * kshim_user_resolve - find the region behind a user address.
 * @uaddr: the user address
 * @write: the access writes
 *
 * Return: the region, or NULL if the access would fault.
 */
static struct kshim_user_region *kshim_user_resolve(uint64_t uaddr, bool write)
{
	struct kshim_user_region *r;
	unsigned int i;

	for (i = 0; i < user_map_count; i++) {
		r = &user_map[i];
		if (uaddr < r->uaddr || uaddr - r->uaddr >= r->len)
			continue;
		return write && !r->writable ? NULL : r;
	}
	return NULL;
}

/* Widen the region's written range to cover [off, off + len). */
static void kshim_user_mark_dirty(struct kshim_user_region *r, size_t off,
				  size_t len)
{
	if (r->dirty_hi == r->dirty_lo) {
		r->dirty_lo = off;
		r->dirty_hi = off + len;
		return;
	}
	r->dirty_lo = min(r->dirty_lo, off);
	r->dirty_hi = max(r->dirty_hi, off + len);
}

static unsigned long kshim_user_copy(void *kbuf, uint64_t uaddr,
				     unsigned long n, bool to_user)
{
	struct kshim_user_region *r;
	size_t off, chunk;
	void *local;

	while (n) {
		if (uaddr + n < uaddr)
			return n;
		r = kshim_user_resolve(uaddr, to_user);
		if (!r)
			return n;
		off = uaddr - r->uaddr;
		local = (char *)r->kaddr + off;
		chunk = min_t(size_t, r->len - off, n);
		if (to_user) {
			memcpy(local, kbuf, chunk);
			kshim_user_mark_dirty(r, off, chunk);
		} else {
			memcpy(kbuf, local, chunk);
		}
		kbuf = (char *)kbuf + chunk;
		uaddr += chunk;
		n -= chunk;
	}
	return 0;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left = kshim_user_copy(to, (uintptr_t)from, n, false);

	/* As in the kernel: what could not be read is zeroed. */
	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return kshim_user_copy((void *)from, (uintptr_t)to, n, true);
}

bool kshim_access_ok(const void __user *addr, unsigned long size)
{
	uintptr_t start = (uintptr_t)addr;

	return start + size >= start;
}
