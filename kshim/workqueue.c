// SPDX-License-Identifier: GPL-2.0-only
/* kshim workqueue: a FIFO of work items and one worker thread. */
#include <pthread.h>

#include <linux/kernel.h>
#include <linux/workqueue.h>
#include "kshim_internal.h"

static pthread_mutex_t wq_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wq_cond; /* the queue or the running work changed */
static struct work_struct *wq_head, *wq_tail;
static struct work_struct *wq_running;
static pthread_once_t wq_once = PTHREAD_ONCE_INIT;

static void *kshim_worker_thread(void *arg)
{
	struct work_struct *work;

	(void)arg;
	pthread_mutex_lock(&wq_lock);
	for (;;) {
		work = wq_head;
		if (!work) {
			pthread_cond_wait(&wq_cond, &wq_lock);
			continue;
		}
		wq_head = work->kshim_next;
		if (!wq_head)
			wq_tail = NULL;
		work->kshim_next = NULL;
		work->kshim_pending = false;
		wq_running = work;
		pthread_mutex_unlock(&wq_lock);
		work->func(work);
		pthread_mutex_lock(&wq_lock);
		wq_running = NULL;
		pthread_cond_broadcast(&wq_cond);
	}
	return NULL;
}

static void kshim_worker_start(void)
{
	pthread_t thread;

	kshim_cond_init(&wq_cond);
	kshim_start_thread(&thread, kshim_worker_thread, NULL, "kshim-worker");
	pthread_detach(thread);
}

void kshim_init_work(struct work_struct *work, work_func_t func)
{
	pthread_once(&wq_once, kshim_worker_start);
	work->func = func;
	work->kshim_next = NULL;
	work->kshim_pending = false;
}

bool schedule_work(struct work_struct *work)
{
	bool queued = false;

	pthread_mutex_lock(&wq_lock);
	if (!work->kshim_pending) {
		work->kshim_pending = true;
		work->kshim_next = NULL;
		if (wq_tail)
			wq_tail->kshim_next = work;
		else
			wq_head = work;
		wq_tail = work;
		queued = true;
		pthread_cond_broadcast(&wq_cond);
	}
	pthread_mutex_unlock(&wq_lock);

	return queued;
}

static void kshim_work_unqueue(struct work_struct *work)
{
	struct work_struct **p, *prev = NULL;

	for (p = &wq_head; *p; prev = *p, p = &(*p)->kshim_next) {
		if (*p == work) {
			*p = work->kshim_next;
			if (wq_tail == work)
				wq_tail = prev;
			break;
		}
	}
	work->kshim_next = NULL;
	work->kshim_pending = false;
}

bool cancel_work_sync(struct work_struct *work)
{
	bool was_pending;

	pthread_mutex_lock(&wq_lock);
	was_pending = work->kshim_pending;
	for (;;) {
		if (work->kshim_pending)
			kshim_work_unqueue(work);
		if (wq_running != work)
			break;
		pthread_cond_wait(&wq_cond, &wq_lock);
	}
	pthread_mutex_unlock(&wq_lock);

	return was_pending;
}

bool flush_work(struct work_struct *work)
{
	bool waited = false;

	pthread_mutex_lock(&wq_lock);
	while (work->kshim_pending || wq_running == work) {
		waited = true;
		pthread_cond_wait(&wq_cond, &wq_lock);
	}
	pthread_mutex_unlock(&wq_lock);

	return waited;
}
