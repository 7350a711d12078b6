// SPDX-License-Identifier: GPL-2.0-only
/* kshim time and threads: jiffies, deadlines, helper threads. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include <linux/jiffies.h>
#include <linux/kernel.h>
#include "kshim_internal.h"

unsigned long kshim_now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (unsigned long)now.tv_sec * 1000UL +
	       (unsigned long)now.tv_nsec / 1000000UL;
}

unsigned long kshim_jiffies(void)
{
	return kshim_now_ms();
}

struct timespec kshim_deadline_in(unsigned long ms)
{
	struct timespec when;

	clock_gettime(CLOCK_MONOTONIC, &when);
	when.tv_sec += ms / 1000;
	when.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (when.tv_nsec >= 1000000000L) {
		when.tv_sec++;
		when.tv_nsec -= 1000000000L;
	}
	return when;
}

void kshim_cond_init(pthread_cond_t *cond)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(cond, &attr);
	pthread_condattr_destroy(&attr);
}

void kshim_start_thread(pthread_t *thread, void *(*fn)(void *), void *arg,
			const char *name)
{
	if (pthread_create(thread, NULL, fn, arg)) {
		pr_err("kshim: cannot start the %s thread\n", name);
		abort();
	}
	pthread_setname_np(*thread, name);
}
