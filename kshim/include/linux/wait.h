/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: wait queues.
 *
 * A queue has a lock, a condition variable and a sequence number that every
 * wake-up bumps.  A waiter reads the sequence number, then evaluates its
 * condition WITHOUT the queue lock (conditions take the core's own locks,
 * and the core wakes queues while holding them: holding the queue lock here
 * would invert that order), and sleeps only while the number is unchanged.
 * A wake-up between the test and the sleep therefore cannot be lost.
 *
 * Return values follow the kernel: wait_event_timeout() and
 * wait_event_interruptible_timeout() give the jiffies left (at least 1)
 * when the condition became true, 0 on timeout; interruptible waits give
 * -ERESTARTSYS when the task is signalled.  The condition wins over both.
 */
#ifndef KSHIM_LINUX_WAIT_H
#define KSHIM_LINUX_WAIT_H

#include_next <linux/wait.h>
#include <pthread.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/types.h>

struct wait_queue_head {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned long seq;
};
typedef struct wait_queue_head wait_queue_head_t;

void init_waitqueue_head(struct wait_queue_head *wq);
void wake_up(struct wait_queue_head *wq);
#define wake_up_all(wq)		  wake_up(wq)
#define wake_up_interruptible(wq) wake_up(wq)

/* One wait in progress; the macros below drive it. */
struct kshim_wait {
	struct wait_queue_head *wq;
	unsigned long seq;
	unsigned long deadline;
	bool forever;
	bool interruptible;
};

void kshim_wait_begin(struct kshim_wait *w, struct wait_queue_head *wq,
		      long timeout, bool interruptible);
/* 0 after a wake-up, -ERESTARTSYS if signalled, -ETIME at the deadline. */
int kshim_wait_sleep(struct kshim_wait *w);
long kshim_wait_remaining(const struct kshim_wait *w);
void kshim_wait_end(struct kshim_wait *w);

#define __kshim_wait_event(wq, condition, timeout, intr)                  \
	({                                                                \
		struct kshim_wait __kshim_w;                              \
		int __kshim_slept = 0;                                    \
		long __kshim_ret;                                         \
		kshim_wait_begin(&__kshim_w, &(wq), (timeout), (intr));   \
		for (;;) {                                                \
			if (condition) {                                  \
				__kshim_ret =                             \
					kshim_wait_remaining(&__kshim_w); \
				break;                                    \
			}                                                 \
			if (__kshim_slept < 0) {                          \
				__kshim_ret = __kshim_slept == -ETIME ?   \
						      0 :                 \
						      -ERESTARTSYS;       \
				break;                                    \
			}                                                 \
			__kshim_slept = kshim_wait_sleep(&__kshim_w);     \
		}                                                         \
		kshim_wait_end(&__kshim_w);                               \
		__kshim_ret;                                              \
	})

#define wait_event(wq, condition) \
	((void)__kshim_wait_event(wq, condition, MAX_SCHEDULE_TIMEOUT, false))
#define wait_event_timeout(wq, condition, timeout) \
	__kshim_wait_event(wq, condition, timeout, false)
#define wait_event_interruptible(wq, condition)                     \
	({                                                          \
		long __kshim_r = __kshim_wait_event(                \
			wq, condition, MAX_SCHEDULE_TIMEOUT, true); \
		__kshim_r < 0 ? (int)__kshim_r : 0;                 \
	})
#define wait_event_interruptible_timeout(wq, condition, timeout) \
	__kshim_wait_event(wq, condition, timeout, true)

#endif /* KSHIM_LINUX_WAIT_H */
