/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: pages and page arithmetic. */
#ifndef KSHIM_LINUX_MM_H
#define KSHIM_LINUX_MM_H

#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#define PAGE_ALIGN(addr)  ALIGN(addr, PAGE_SIZE)
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)

static inline struct page *virt_to_page(const void *addr)
{
	return (struct page *)((uintptr_t)addr & PAGE_MASK);
}

static inline void *page_address(const struct page *page)
{
	return (void *)page;
}

/*
 * kvmalloc() memory is plain malloc memory here (so AddressSanitizer
 * watches it), never a vmalloc area.
 */
static inline bool is_vmalloc_addr(const void *addr)
{
	(void)addr;
	return false;
}

#endif /* KSHIM_LINUX_MM_H */
