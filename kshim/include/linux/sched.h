/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: tasks.  Every thread gets a task on first use; another thread
 * "signals" it with kshim_task_signal() (see "kshim/hw.h").
 */
#ifndef KSHIM_LINUX_SCHED_H
#define KSHIM_LINUX_SCHED_H

#include <limits.h>
#include <linux/types.h>

#define MAX_SCHEDULE_TIMEOUT LONG_MAX

struct task_struct;

struct task_struct *kshim_current_task(void);
bool kshim_signal_pending(struct task_struct *task);

#define current		     kshim_current_task()
#define signal_pending(task) kshim_signal_pending(task)

#endif /* KSHIM_LINUX_SCHED_H */
