/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: the one lockdep check the core uses. */
#ifndef KSHIM_LINUX_LOCKDEP_H
#define KSHIM_LINUX_LOCKDEP_H

#include "kshim/lock.h"
#include <linux/bug.h>

/* Works on spinlock_t and struct mutex alike: both wrap a kshim_lock. */
#define lockdep_assert_held(l) WARN_ON(!kshim_lock_held(&(l)->lock))

#endif /* KSHIM_LINUX_LOCKDEP_H */
