// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The emulated VMMDev on the kernel-API shim's hardware edge: its port
 * range, the DMA32 arena and the interrupt line of "kshim/hw.h".
 */
#include "config.h"

#include "hostsim/vmmdev_emu.h"

#include "kshim/hw.h"

#include <glib.h>

/* The highest user-space address on x86-64 (47 bits). */
#define USER_ADDR_LIMIT (1ull << 47)

static void *kshim_req_ptr(void *opaque, uint64_t phys, size_t len)
{
	(void)opaque;
	return kshim_dma32_ptr(phys, len);
}

/*
 * Page lists may name any memory the driver core allocated (bounce
 * buffers are not DMA32 memory).  In the shim's world a physical address
 * is the local address, so outside the arena the best check available is
 * that the range is a plausible, non-wrapping user-space range; the driver
 * core is the guest kernel and trusted with its page addresses, as a real
 * host trusts guest-physical addresses.
 */
static void *kshim_mem_ptr(void *opaque, uint64_t phys, size_t len)
{
	void *p = kshim_dma32_ptr(phys, len);

	(void)opaque;
	if (p)
		return p;
	if (phys < 4096 || len > USER_ADDR_LIMIT ||
	    phys > USER_ADDR_LIMIT - len)
		return NULL;
	return (void *)(uintptr_t)phys;
}

static void kshim_set_irq(void *opaque, bool asserted)
{
	(void)opaque;
	kshim_irq_set_level(KSHIM_VMMDEV_IRQ, asserted);
}

/* The thread is the guest's: whoever it reads for takes over (guest_sock). */
static void kshim_stall(void *opaque)
{
	(void)opaque;
	kshim_run_block_hook();
}

static void port_outl(void *opaque, unsigned long port, uint32_t value)
{
	struct vmmdev_emu *emu = opaque;

	if (port - KSHIM_VMMDEV_IO_BASE == VMMDEV_PORT_OFF_REQUEST)
		vmmdev_emu_submit(emu, value);
	else
		g_debug("VMMDev: 32-bit write to port offset %#lx ignored",
			port - KSHIM_VMMDEV_IO_BASE);
}

static uint32_t port_inl(void *opaque, unsigned long port)
{
	struct vmmdev_emu *emu = opaque;

	if (port - KSHIM_VMMDEV_IO_BASE == VMMDEV_PORT_OFF_REQUEST_FAST)
		return vmmdev_emu_fast_ack(emu);
	return UINT32_MAX;
}

static const struct kshim_io_ops vmmdev_port_ops = {
	.outl = port_outl,
	.inl = port_inl,
};

struct vmmdev_emu *vmmdev_emu_new_kshim(const struct vmmdev_emu_config *cfg,
					struct hgcm_host *hgcm)
{
	static const struct vmmdev_emu_platform plat = {
		.req_ptr = kshim_req_ptr,
		.mem_ptr = kshim_mem_ptr,
		.set_irq = kshim_set_irq,
		.stall = kshim_stall,
	};
	struct vmmdev_emu *emu = vmmdev_emu_new(cfg, &plat, hgcm);

	kshim_io_register(KSHIM_VMMDEV_IO_BASE, KSHIM_VMMDEV_IO_SIZE,
			  &vmmdev_port_ops, emu);
	return emu;
}

void vmmdev_emu_detach_kshim(struct vmmdev_emu *emu)
{
	(void)emu;
	kshim_io_unregister();
	kshim_irq_set_level(KSHIM_VMMDEV_IRQ, false);
}
