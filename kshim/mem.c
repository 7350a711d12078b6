// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim memory: the DMA32 arena and the kmalloc/kvmalloc/page families.
 *
 * The arena is one mapping below 4 GiB (MAP_32BIT: the first 2 GiB), so a
 * request's address fits the 32-bit port write exactly as on the real
 * device.  It is handed out in whole pages, first fit, with a record of
 * every block, so kshim_dma32_ptr() can tell the device model whether an
 * address it was given lies inside a live allocation (a freed request is
 * refused, which catches use-after-free from either side).  Freed blocks
 * are filled with a poison byte.
 *
 * Everything else comes from malloc, so AddressSanitizer watches it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kshim/hw.h"
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "kshim_internal.h"

/* Address space reserved for the arena; pages are only used on touch. */
#define KSHIM_DMA32_ARENA_SIZE (256UL * 1024 * 1024)
#define KSHIM_DMA32_PAGES      (KSHIM_DMA32_ARENA_SIZE / PAGE_SIZE)
#define KSHIM_POISON_FREE      0x6b

static pthread_mutex_t dma32_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t dma32_once = PTHREAD_ONCE_INIT;
static uint8_t *dma32_base;
/* For the first page of each live block: its length in pages, else 0. */
static uint32_t *dma32_block_pages;
/* Whether each page belongs to a live block. */
static uint8_t *dma32_used;

static void kshim_dma32_setup(void)
{
	void *base;

	base = mmap(NULL, KSHIM_DMA32_ARENA_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT | MAP_NORESERVE, -1,
		    0);
	dma32_block_pages =
		calloc(KSHIM_DMA32_PAGES, sizeof(*dma32_block_pages));
	dma32_used = calloc(KSHIM_DMA32_PAGES, sizeof(*dma32_used));
	if (base == MAP_FAILED || !dma32_block_pages || !dma32_used) {
		pr_err("kshim: cannot set up the DMA32 arena\n");
		abort();
	}
	if ((uintptr_t)base + KSHIM_DMA32_ARENA_SIZE > (1ULL << 32)) {
		pr_err("kshim: the DMA32 arena landed above 4 GiB\n");
		abort();
	}
	dma32_base = base;
}

/**
 * kshim_dma32_alloc - page-aligned memory below 4 GiB.
 * @size: bytes wanted
 *
 * Return: the memory, or NULL if the arena has no free run long enough.
 */
void *kshim_dma32_alloc(size_t size)
{
	size_t pages = DIV_ROUND_UP(size ? size : 1, PAGE_SIZE);
	size_t start, run = 0, i;
	void *ptr = NULL;

	pthread_once(&dma32_once, kshim_dma32_setup);
	if (pages > KSHIM_DMA32_PAGES)
		return NULL;

	pthread_mutex_lock(&dma32_lock);
	for (i = 0; i < KSHIM_DMA32_PAGES; i++) {
		run = dma32_used[i] ? 0 : run + 1;
		if (run < pages)
			continue;
		start = i + 1 - pages;
		memset(dma32_used + start, 1, pages);
		dma32_block_pages[start] = pages;
		ptr = dma32_base + start * PAGE_SIZE;
		break;
	}
	pthread_mutex_unlock(&dma32_lock);

	return ptr;
}

static bool kshim_in_arena(uintptr_t addr)
{
	return dma32_base && addr >= (uintptr_t)dma32_base &&
	       addr < (uintptr_t)dma32_base + KSHIM_DMA32_ARENA_SIZE;
}

/**
 * kshim_dma32_free - free an arena block.
 * @ptr: the block's first byte
 *
 * Return: false if @ptr is not in the arena (the caller frees it
 * elsewhere); a pointer in the arena that does not start a block is a bug.
 */
bool kshim_dma32_free(const void *ptr)
{
	size_t first, pages;

	if (!kshim_in_arena((uintptr_t)ptr))
		return false;

	first = ((uintptr_t)ptr - (uintptr_t)dma32_base) / PAGE_SIZE;
	pthread_mutex_lock(&dma32_lock);
	pages = dma32_block_pages[first];
	if (!pages || offset_in_page(ptr)) {
		pthread_mutex_unlock(&dma32_lock);
		kshim_bug(__FILE__, __LINE__,
			  "freeing a DMA32 block that is not live");
	}
	memset(dma32_base + first * PAGE_SIZE, KSHIM_POISON_FREE,
	       pages * PAGE_SIZE);
	memset(dma32_used + first, 0, pages);
	dma32_block_pages[first] = 0;
	pthread_mutex_unlock(&dma32_lock);

	return true;
}

void *kshim_dma32_ptr(uint64_t phys, size_t len)
{
	size_t page, first, end;
	void *ptr = NULL;

	if (!kshim_in_arena(phys) || len > KSHIM_DMA32_ARENA_SIZE ||
	    phys - (uintptr_t)dma32_base > KSHIM_DMA32_ARENA_SIZE - len)
		return NULL;

	page = (phys - (uintptr_t)dma32_base) / PAGE_SIZE;
	end = phys - (uintptr_t)dma32_base + len;
	pthread_mutex_lock(&dma32_lock);
	for (first = page + 1; first-- > 0;) {
		if (!dma32_used[first])
			break;
		if (!dma32_block_pages[first])
			continue;
		/* The block containing @phys: does the range end inside it? */
		if (end <= (first + dma32_block_pages[first]) * PAGE_SIZE)
			ptr = (void *)(uintptr_t)phys;
		break;
	}
	pthread_mutex_unlock(&dma32_lock);

	return ptr;
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	size_t size = PAGE_SIZE << order;
	void *ptr;

	if (gfp & __GFP_DMA32)
		ptr = kshim_dma32_alloc(size);
	else
		ptr = aligned_alloc(PAGE_SIZE, size);
	if (ptr && (gfp & __GFP_ZERO))
		memset(ptr, 0, size);
	return (unsigned long)ptr;
}

void free_pages(unsigned long addr, unsigned int order)
{
	(void)order;
	if (addr && !kshim_dma32_free((void *)addr))
		free((void *)addr);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return (struct page *)__get_free_pages(gfp, order);
}

void __free_pages(struct page *page, unsigned int order)
{
	free_pages((unsigned long)page, order);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	void *ptr;

	if (gfp & __GFP_DMA32)
		ptr = kshim_dma32_alloc(size);
	else
		ptr = malloc(size ? size : 1);
	if (ptr && (gfp & __GFP_ZERO))
		memset(ptr, 0, size);
	return ptr;
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, gfp);
}

void kfree(const void *ptr)
{
	if (ptr && !kshim_dma32_free(ptr))
		free((void *)ptr);
}

void *kvmalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp & ~__GFP_DMA32);
}

void *kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp & ~__GFP_DMA32);
}

void kvfree(const void *ptr)
{
	kfree(ptr);
}
