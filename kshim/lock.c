// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim locks: error-checking pthread mutexes that remember their owner.
 * Taking a lock twice in one thread, or releasing a lock one does not
 * hold, is a kernel bug too: it aborts with the location.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "kshim/lock.h"
#include <linux/kernel.h>
#include <linux/sched.h>

void kshim_lock_init(struct kshim_lock *lock)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&lock->mutex, &attr);
	pthread_mutexattr_destroy(&attr);
	atomic_init(&lock->owner, NULL);
}

void kshim_lock_acquire(struct kshim_lock *lock)
{
	if (pthread_mutex_lock(&lock->mutex))
		kshim_bug(__FILE__, __LINE__, "lock taken twice by one thread");
	atomic_store(&lock->owner, current);
}

void kshim_lock_release(struct kshim_lock *lock)
{
	atomic_store(&lock->owner, NULL);
	if (pthread_mutex_unlock(&lock->mutex))
		kshim_bug(__FILE__, __LINE__, "releasing a lock not held");
}

bool kshim_lock_held(struct kshim_lock *lock)
{
	return atomic_load(&lock->owner) == current;
}

bool kshim_lock_is_locked(struct kshim_lock *lock)
{
	return atomic_load(&lock->owner) != NULL;
}
