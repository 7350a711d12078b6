// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim timers: a list of armed timers and one thread that sleeps until
 * the earliest expiry and runs its callback with no lock held.
 * timer_delete_sync() waits for a running callback and removes the timer
 * again if the callback re-armed it, as in the kernel.
 */
#include <pthread.h>

#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/timer.h>
#include "kshim_internal.h"

static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timer_cond; /* the list or the running timer changed */
static struct timer_list *timer_armed; /* unordered list of pending timers */
static struct timer_list *timer_running;
static pthread_once_t timer_once = PTHREAD_ONCE_INIT;

static void kshim_timer_unlink(struct timer_list *timer)
{
	struct timer_list **p;

	for (p = &timer_armed; *p; p = &(*p)->kshim_next) {
		if (*p == timer) {
			*p = timer->kshim_next;
			break;
		}
	}
	timer->kshim_next = NULL;
	timer->kshim_pending = false;
}

static struct timer_list *kshim_timer_earliest(void)
{
	struct timer_list *t, *first = NULL;

	for (t = timer_armed; t; t = t->kshim_next)
		if (!first || time_before(t->expires, first->expires))
			first = t;
	return first;
}

static void *kshim_timer_thread(void *arg)
{
	struct timer_list *t;
	struct timespec until;
	unsigned long now;

	(void)arg;
	pthread_mutex_lock(&timer_lock);
	for (;;) {
		t = kshim_timer_earliest();
		if (!t) {
			pthread_cond_wait(&timer_cond, &timer_lock);
			continue;
		}
		now = kshim_now_ms();
		if (time_before(now, t->expires)) {
			until = kshim_deadline_in(t->expires - now);
			pthread_cond_timedwait(&timer_cond, &timer_lock,
					       &until);
			continue;
		}
		kshim_timer_unlink(t);
		timer_running = t;
		pthread_mutex_unlock(&timer_lock);
		t->function(t);
		pthread_mutex_lock(&timer_lock);
		timer_running = NULL;
		pthread_cond_broadcast(&timer_cond);
	}
	return NULL;
}

static void kshim_timer_start(void)
{
	pthread_t thread;

	kshim_cond_init(&timer_cond);
	kshim_start_thread(&thread, kshim_timer_thread, NULL, "kshim-timer");
	pthread_detach(thread);
}

void timer_setup(struct timer_list *timer,
		 void (*function)(struct timer_list *timer), unsigned int flags)
{
	(void)flags;
	pthread_once(&timer_once, kshim_timer_start);
	timer->function = function;
	timer->expires = 0;
	timer->kshim_next = NULL;
	timer->kshim_pending = false;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	int was_pending;

	pthread_mutex_lock(&timer_lock);
	was_pending = timer->kshim_pending;
	timer->expires = expires;
	if (!was_pending) {
		timer->kshim_next = timer_armed;
		timer_armed = timer;
		timer->kshim_pending = true;
	}
	pthread_cond_broadcast(&timer_cond);
	pthread_mutex_unlock(&timer_lock);

	return was_pending;
}

int timer_delete_sync(struct timer_list *timer)
{
	int was_pending;

	pthread_mutex_lock(&timer_lock);
	was_pending = timer->kshim_pending;
	for (;;) {
		if (timer->kshim_pending)
			kshim_timer_unlink(timer);
		if (timer_running != timer)
			break;
		pthread_cond_wait(&timer_cond, &timer_lock);
	}
	pthread_mutex_unlock(&timer_lock);

	return was_pending;
}
