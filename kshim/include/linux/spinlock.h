/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: spinlocks are mutexes.  Interrupt handlers run in their own
 * thread, so "irqsave" only has to take the lock.
 */
#ifndef KSHIM_LINUX_SPINLOCK_H
#define KSHIM_LINUX_SPINLOCK_H

#include "kshim/lock.h"
#include <linux/lockdep.h>
#include <linux/types.h>

typedef struct {
	struct kshim_lock lock;
} spinlock_t;

#define spin_lock_init(l)  kshim_lock_init(&(l)->lock)
#define spin_lock(l)	   kshim_lock_acquire(&(l)->lock)
#define spin_unlock(l)	   kshim_lock_release(&(l)->lock)
#define spin_lock_irq(l)   spin_lock(l)
#define spin_unlock_irq(l) spin_unlock(l)
#define spin_lock_irqsave(l, flags) \
	do {                        \
		(flags) = 0;        \
		spin_lock(l);       \
	} while (0)
#define spin_unlock_irqrestore(l, flags) \
	do {                             \
		(void)(flags);           \
		spin_unlock(l);          \
	} while (0)

#endif /* KSHIM_LINUX_SPINLOCK_H */
