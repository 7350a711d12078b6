/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: sleeping locks. */
#ifndef KSHIM_LINUX_MUTEX_H
#define KSHIM_LINUX_MUTEX_H

#include "kshim/lock.h"
#include <linux/lockdep.h>
#include <linux/types.h>

struct mutex {
	struct kshim_lock lock;
};

#define mutex_init(m) kshim_lock_init(&(m)->lock)
#define mutex_destroy(m)   \
	do {               \
		(void)(m); \
	} while (0)
#define mutex_lock(m)	   kshim_lock_acquire(&(m)->lock)
#define mutex_unlock(m)	   kshim_lock_release(&(m)->lock)
#define mutex_is_locked(m) kshim_lock_is_locked(&(m)->lock)

#endif /* KSHIM_LINUX_MUTEX_H */
