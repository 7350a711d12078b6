/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hardware edge of the userspace kernel-API shim.
 *
 * The driver core is compiled unchanged against the shim's <linux/...>
 * headers.  Everything it does that would reach real hardware or another
 * process lands here, and the host simulator (or a unit test, or the fuzzer)
 * provides the other side:
 *
 *  - outl()/inl() on the I/O port range go to the registered port handlers;
 *    a 32-bit write of a request's "physical address" is how the guest
 *    submits a VMMDev request, exactly as on the real device.
 *  - kmalloc(..., GFP_DMA32) memory comes from an arena mapped below 4 GiB,
 *    so a request's address fits the 32-bit port write; physical address ==
 *    virtual address in this world.
 *  - request_irq() registers the handler for the one interrupt line; the
 *    device model raises and lowers the line and a dedicated interrupt
 *    thread calls the handler while the line is asserted (level-triggered,
 *    never from inside the device model's own call stack).
 *  - copy_from_user()/copy_to_user() reach "user memory" only through the
 *    calling thread's user map: a list of regions, each a user address range
 *    backed by a local buffer.  An access outside the map faults (returns
 *    the number of bytes not copied), as it would in the kernel.  Each
 *    region records the range the driver wrote, so a host can return
 *    exactly those bytes to the caller.
 *  - signal_pending(current) reads a per-thread flag another thread can set
 *    with kshim_task_signal(); that also wakes an interruptible wait the task
 *    is sleeping in.
 */
#ifndef KSHIM_HW_H
#define KSHIM_HW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Base of the emulated VMMDev I/O port range (BAR0) in this world. */
#define KSHIM_VMMDEV_IO_BASE 0xd020UL
#define KSHIM_VMMDEV_IO_SIZE 32
/* The interrupt line number the emulated VMMDev uses. */
#define KSHIM_VMMDEV_IRQ 20

struct kshim_io_ops {
	/* A 32-bit write to port (absolute port number). */
	void (*outl)(void *opaque, unsigned long port, uint32_t value);
	/* A 32-bit read from port. */
	uint32_t (*inl)(void *opaque, unsigned long port);
};

/* Route port I/O in [base, base + size) to ops.  One range is supported. */
void kshim_io_register(unsigned long base, unsigned long size,
		       const struct kshim_io_ops *ops, void *opaque);
void kshim_io_unregister(void);

/*
 * Guest-physical memory for DMA32 allocations.  Returns the local pointer
 * for [phys, phys + len) if that range lies wholly inside the DMA32 arena,
 * NULL otherwise (the device model uses this to validate what the guest
 * wrote to the request port).
 */
void *kshim_dma32_ptr(uint64_t phys, size_t len);

/* Interrupt line control, used by the device model. */
void kshim_irq_set_level(unsigned int irq, bool asserted);

/*
 * Deferred interrupts (kshim/irq.c): between kshim_irq_defer_begin() and
 * kshim_irq_defer_end() the lines the calling thread asserts do not wake
 * their threads; kshim_irq_defer_end() runs their handlers on the calling
 * thread (if still asserted and not running elsewhere), and
 * kshim_irq_flush_deferred() hands them to their threads instead: call it
 * before the thread blocks on anything but the shim's own waits (which
 * call it themselves).
 */
void kshim_irq_defer_begin(void);
void kshim_irq_defer_end(void);
void kshim_irq_flush_deferred(void);

/*
 * The calling thread's user address space: one entry per region.
 *
 * dirty_lo and dirty_hi are outputs: copy_to_user() (the only way the shim
 * writes user memory) widens [dirty_lo, dirty_hi), offsets from the start
 * of the region, to cover every byte it stored there: the union of all
 * writes as one range, so bytes between two writes are inside it unwritten.
 * A copy that faults part-way records only the bytes it copied.  A region
 * nothing was written to keeps dirty_lo == dirty_hi == 0, and so does a
 * read-only region (a write there faults).  The caller zeroes both fields
 * before installing the map and reads them after the ioctl.
 */
struct kshim_user_region {
	uint64_t uaddr; /* user address of the first byte */
	size_t len;
	void *kaddr;	 /* local backing buffer */
	bool writable;	 /* copy_to_user allowed */
	size_t dirty_lo; /* out: first byte written */
	size_t dirty_hi; /* out: one past the last byte written */
};

/*
 * Install the user map for the calling thread (regions are not copied; the
 * array must stay valid until kshim_user_map_clear(), and the shim updates
 * its dirty ranges in place).  Overlapping regions are the caller's bug.
 */
void kshim_user_map_set(struct kshim_user_region *regions, unsigned int count);
void kshim_user_map_clear(void);

/* Tasks: one per thread, created on first use. */
struct task_struct;
struct task_struct *kshim_current_task(void);
/* Make signal_pending() true for task and wake it if it sleeps interruptibly. */
void kshim_task_signal(struct task_struct *task);
/* Clear the calling thread's pending signal (before it takes new work). */
void kshim_task_clear_signal(void);

/* Credentials of the calling thread, for requestor computation in tests. */
void kshim_set_current_uid(uint32_t uid);

/*
 * A hook the calling thread runs once, right before its next sleep in a
 * wait queue (wait_event*() whose condition is not yet true): a host that
 * runs a request on a thread it needs for other work hands that work to
 * another thread there.  It runs with no shim lock held.  Clearing
 * returns whether it ran since it was set.
 */
void kshim_set_block_hook(void (*fn)(void *opaque), void *opaque);
bool kshim_clear_block_hook(void);
/* The device model is about to stall the calling thread: run the hook now. */
void kshim_run_block_hook(void);

#endif /* KSHIM_HW_H */
