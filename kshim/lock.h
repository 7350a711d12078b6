/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: the lock behind spinlock_t and struct mutex, a pthread mutex that
 * knows its owner (for lockdep_assert_held()) and catches relocking by the
 * same thread.  Kernel-world header: only shim headers include it.
 */
#ifndef KSHIM_LOCK_H
#define KSHIM_LOCK_H

#include <pthread.h>
#include <stdbool.h>

struct task_struct;

struct kshim_lock {
	pthread_mutex_t mutex;
	struct task_struct *_Atomic owner;
};

void kshim_lock_init(struct kshim_lock *lock);
void kshim_lock_acquire(struct kshim_lock *lock);
void kshim_lock_release(struct kshim_lock *lock);
bool kshim_lock_held(struct kshim_lock *lock);
bool kshim_lock_is_locked(struct kshim_lock *lock);

#endif /* KSHIM_LOCK_H */
