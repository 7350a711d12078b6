// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim user memory: each thread has a map of user address ranges backed
 * by local buffers.  A copy walks the map region by region (a buffer may
 * span adjacent regions); the first byte outside the map, or inside a
 * read-only region for copy_to_user(), ends the copy, as a fault would.
 */
#include <stdlib.h>
#include <string.h>

#include <kshim/hw.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

static __thread const struct kshim_user_region *user_map;
static __thread unsigned int user_map_count;

void kshim_user_map_set(const struct kshim_user_region *regions,
			unsigned int count)
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
 * kshim_user_resolve - find the local bytes behind a user address.
 * @uaddr: the user address
 * @write: the access writes
 * @avail: where to store how many bytes follow in the same region
 *
 * Return: the local address, or NULL if the access would fault.
 */
static void *kshim_user_resolve(uint64_t uaddr, bool write, size_t *avail)
{
	const struct kshim_user_region *r;
	unsigned int i;

	for (i = 0; i < user_map_count; i++) {
		r = &user_map[i];
		if (uaddr < r->uaddr || uaddr - r->uaddr >= r->len)
			continue;
		if (write && !r->writable)
			return NULL;
		*avail = r->len - (uaddr - r->uaddr);
		return (char *)r->kaddr + (uaddr - r->uaddr);
	}
	return NULL;
}

static unsigned long kshim_user_copy(void *kbuf, uint64_t uaddr,
				     unsigned long n, bool to_user)
{
	size_t avail, chunk;
	void *local;

	while (n) {
		if (uaddr + n < uaddr)
			return n;
		local = kshim_user_resolve(uaddr, to_user, &avail);
		if (!local)
			return n;
		chunk = min_t(size_t, avail, n);
		if (to_user)
			memcpy(local, kbuf, chunk);
		else
			memcpy(kbuf, local, chunk);
		kbuf = (char *)kbuf + chunk;
		uaddr += chunk;
		n -= chunk;
	}
	return 0;
}

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
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

void *memdup_user(const void __user *src, size_t len)
{
	void *buf = kmalloc(len, GFP_KERNEL);

	if (!buf)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(buf, src, len)) {
		kfree(buf);
		return ERR_PTR(-EFAULT);
	}
	return buf;
}
