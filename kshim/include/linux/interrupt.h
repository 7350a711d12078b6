/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: interrupt lines.  request_irq() starts one thread per line that
 * calls the handler while the device model keeps the line asserted
 * (kshim_irq_set_level() in "kshim/hw.h").
 */
#ifndef KSHIM_LINUX_INTERRUPT_H
#define KSHIM_LINUX_INTERRUPT_H

#include <linux/types.h>

enum irqreturn {
	IRQ_NONE = 0,
	IRQ_HANDLED = 1,
	IRQ_WAKE_THREAD = 2,
};
typedef enum irqreturn irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_SHARED 0x00000080u

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);
const void *free_irq(unsigned int irq, void *dev_id);

#endif /* KSHIM_LINUX_INTERRUPT_H */
