/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: allocation flags and the page allocator.  __GFP_DMA32 memory
 * comes from an arena mapped below 4 GiB, everything else from malloc.
 * A struct page * is the page-aligned address of the page itself.
 */
#ifndef KSHIM_LINUX_GFP_H
#define KSHIM_LINUX_GFP_H

#include <linux/types.h>

#define __GFP_DMA32  0x0004u
#define __GFP_ZERO   0x0100u
#define __GFP_NOWARN 0x0200u
#define GFP_KERNEL   0x0001u
#define GFP_ATOMIC   0x0002u
#define GFP_NOWAIT   0x0002u
#define GFP_DMA32    __GFP_DMA32

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

struct page;

unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);

#define alloc_page(gfp)	  alloc_pages(gfp, 0)
#define __free_page(page) __free_pages(page, 0)

/* The smallest order whose block holds @size bytes. */
static inline unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

#endif /* KSHIM_LINUX_GFP_H */
