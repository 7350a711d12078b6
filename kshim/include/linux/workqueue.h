/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: the system workqueue: one worker thread running queued work in
 * order.  Work is pending from schedule_work() until its function starts,
 * so it can be queued again while it runs.
 */
#ifndef KSHIM_LINUX_WORKQUEUE_H
#define KSHIM_LINUX_WORKQUEUE_H

#include <linux/types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
	/* Shim bookkeeping, guarded by the worker's lock. */
	struct work_struct *kshim_next;
	bool kshim_pending;
};

void kshim_init_work(struct work_struct *work, work_func_t func);
#define INIT_WORK(work, fn) kshim_init_work(work, fn)

bool schedule_work(struct work_struct *work);
bool cancel_work_sync(struct work_struct *work);
bool flush_work(struct work_struct *work);

#endif /* KSHIM_LINUX_WORKQUEUE_H */
