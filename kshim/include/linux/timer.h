/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: timers.  One timer thread runs the callbacks of expired timers,
 * one at a time, without holding any lock.
 */
#ifndef KSHIM_LINUX_TIMER_H
#define KSHIM_LINUX_TIMER_H

#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/types.h>

struct timer_list {
	void (*function)(struct timer_list *timer);
	unsigned long expires;
	/* Shim bookkeeping, guarded by the timer thread's lock. */
	struct timer_list *kshim_next;
	bool kshim_pending;
};

void timer_setup(struct timer_list *timer,
		 void (*function)(struct timer_list *timer),
		 unsigned int flags);
int mod_timer(struct timer_list *timer, unsigned long expires);
int timer_delete_sync(struct timer_list *timer);
#define del_timer_sync(timer) timer_delete_sync(timer)

#define from_timer(var, timer, field) \
	container_of(timer, __typeof__(*var), field)

#endif /* KSHIM_LINUX_TIMER_H */
