// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim tasks: one struct task_struct per thread, created on first use and
 * freed when the thread exits.  A task pointer handed to another thread
 * (for kshim_task_signal()) is valid until its thread exits.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "kshim/hw.h"
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include "kshim_internal.h"

static pthread_key_t task_key;
static pthread_once_t task_key_once = PTHREAD_ONCE_INIT;
static __thread struct task_struct *current_task;

static void kshim_task_free(void *task)
{
	struct task_struct *t = task;

	pthread_mutex_destroy(&t->lock);
	free(t);
}

static void kshim_task_key_create(void)
{
	if (pthread_key_create(&task_key, kshim_task_free))
		abort();
}

struct task_struct *kshim_current_task(void)
{
	struct task_struct *task = current_task;

	if (task)
		return task;

	pthread_once(&task_key_once, kshim_task_key_create);
	task = calloc(1, sizeof(*task));
	if (!task)
		abort();
	atomic_init(&task->sigpending, false);
	pthread_mutex_init(&task->lock, NULL);
	/* The destructor runs at thread exit for non-NULL values only. */
	pthread_setspecific(task_key, task);
	current_task = task;
	return task;
}

bool kshim_signal_pending(struct task_struct *task)
{
	return atomic_load(&task->sigpending);
}

/**
 * kshim_task_set_sleeping - record the queue the current task sleeps in.
 * @wq: the queue, or NULL when the sleep is over
 */
void kshim_task_set_sleeping(struct wait_queue_head *wq)
{
	struct task_struct *task = kshim_current_task();

	pthread_mutex_lock(&task->lock);
	task->sleeping_on = wq;
	pthread_mutex_unlock(&task->lock);
}

/*
 * The flag is set before the queue is looked at; a sleeper checks the flag
 * under the queue lock after registering the queue.  Either the signaller
 * sees the queue and wakes it, or the sleeper sees the flag.
 */
void kshim_task_signal(struct task_struct *task)
{
	struct wait_queue_head *wq;

	atomic_store(&task->sigpending, true);
	pthread_mutex_lock(&task->lock);
	wq = task->sleeping_on;
	if (wq) {
		pthread_mutex_lock(&wq->lock);
		pthread_cond_broadcast(&wq->cond);
		pthread_mutex_unlock(&wq->lock);
	}
	pthread_mutex_unlock(&task->lock);
}

void kshim_task_clear_signal(void)
{
	atomic_store(&kshim_current_task()->sigpending, false);
}

void kshim_set_current_uid(uint32_t uid)
{
	kshim_current_task()->uid = uid;
}

kuid_t kshim_current_uid(void)
{
	return (kuid_t){ .val = kshim_current_task()->uid };
}

void kshim_set_block_hook(void (*fn)(void *opaque), void *opaque)
{
	struct task_struct *task = kshim_current_task();

	task->block_fn = fn;
	task->block_opaque = opaque;
	task->block_ran = false;
}

bool kshim_clear_block_hook(void)
{
	struct task_struct *task = kshim_current_task();
	bool ran = task->block_ran;

	task->block_fn = NULL;
	task->block_opaque = NULL;
	task->block_ran = false;
	return ran;
}

bool kshim_task_block_hook_pending(void)
{
	struct task_struct *task = kshim_current_task();

	return task->block_fn && !task->block_ran;
}

bool kshim_task_run_block_hook(void)
{
	struct task_struct *task = kshim_current_task();

	if (!task->block_fn || task->block_ran)
		return false;
	task->block_ran = true;
	task->block_fn(task->block_opaque);
	return true;
}

void kshim_run_block_hook(void)
{
	kshim_irq_flush_deferred();
	(void)kshim_task_run_block_hook();
}
