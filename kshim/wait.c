// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim wait queues; see <linux/wait.h> for the protocol.  The condition is
 * never evaluated with a queue lock held.
 */
#include <errno.h>
#include <pthread.h>

#include "kshim/hw.h"
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include "kshim_internal.h"

void init_waitqueue_head(struct wait_queue_head *wq)
{
	pthread_mutex_init(&wq->lock, NULL);
	kshim_cond_init(&wq->cond);
	wq->seq = 0;
}

void wake_up(struct wait_queue_head *wq)
{
	pthread_mutex_lock(&wq->lock);
	wq->seq++;
	pthread_cond_broadcast(&wq->cond);
	pthread_mutex_unlock(&wq->lock);
}

void kshim_wait_begin(struct kshim_wait *w, struct wait_queue_head *wq,
		      long timeout, bool interruptible)
{
	w->wq = wq;
	w->interruptible = interruptible;
	w->forever = timeout == MAX_SCHEDULE_TIMEOUT;
	w->deadline =
		kshim_now_ms() + (timeout > 0 ? (unsigned long)timeout : 0);

	pthread_mutex_lock(&wq->lock);
	w->seq = wq->seq;
	pthread_mutex_unlock(&wq->lock);

	if (interruptible)
		kshim_task_set_sleeping(wq);
}

int kshim_wait_sleep(struct kshim_wait *w)
{
	struct wait_queue_head *wq = w->wq;
	struct timespec until;
	unsigned long now;
	int ret;

	pthread_mutex_lock(&wq->lock);
	for (;;) {
		if (w->seq != wq->seq) {
			w->seq = wq->seq;
			ret = 0;
			break;
		}
		if (w->interruptible && signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		/* About to sleep: the host's block hook first, unlocked. */
		if (kshim_task_block_hook_pending()) {
			pthread_mutex_unlock(&wq->lock);
			kshim_task_run_block_hook();
			pthread_mutex_lock(&wq->lock);
			continue;
		}
		/* Whatever this thread deferred must not wait for it. */
		kshim_irq_flush_deferred();
		if (w->forever) {
			pthread_cond_wait(&wq->cond, &wq->lock);
			continue;
		}
		now = kshim_now_ms();
		if (!time_before(now, w->deadline)) {
			ret = -ETIME;
			break;
		}
		until = kshim_deadline_in(w->deadline - now);
		pthread_cond_timedwait(&wq->cond, &wq->lock, &until);
	}
	pthread_mutex_unlock(&wq->lock);

	return ret;
}

long kshim_wait_remaining(const struct kshim_wait *w)
{
	unsigned long now;

	if (w->forever)
		return MAX_SCHEDULE_TIMEOUT;
	now = kshim_now_ms();
	return time_before(now, w->deadline) ? (long)(w->deadline - now) : 1;
}

void kshim_wait_end(struct kshim_wait *w)
{
	if (w->interruptible)
		kshim_task_set_sleeping(NULL);
}
