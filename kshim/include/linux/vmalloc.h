/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: vmalloc areas (page-aligned userspace memory). */
#ifndef KSHIM_LINUX_VMALLOC_H
#define KSHIM_LINUX_VMALLOC_H

#include <linux/mm.h>

static inline struct page *vmalloc_to_page(const void *addr)
{
	return virt_to_page(addr);
}

#endif /* KSHIM_LINUX_VMALLOC_H */
