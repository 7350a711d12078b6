/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: port I/O goes to the device model registered with
 * kshim_io_register(); physical addresses are virtual addresses.
 */
#ifndef KSHIM_LINUX_IO_H
#define KSHIM_LINUX_IO_H

#include <linux/types.h>

struct page;

void outl(u32 value, unsigned long port);
u32 inl(unsigned long port);

#define mb()  __sync_synchronize()
#define rmb() __sync_synchronize()
#define wmb() __sync_synchronize()

static inline phys_addr_t virt_to_phys(const volatile void *addr)
{
	return (phys_addr_t)(uintptr_t)addr;
}

static inline void *phys_to_virt(phys_addr_t addr)
{
	return (void *)(uintptr_t)addr;
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)(uintptr_t)page;
}

#endif /* KSHIM_LINUX_IO_H */
