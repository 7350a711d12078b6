/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the shim's own .c files share.  Kernel world: the shim headers are
 * on the include path, so system headers come first in every user.
 */
#ifndef KSHIM_INTERNAL_H
#define KSHIM_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct wait_queue_head;

/*
 * One per thread.  @lock guards @sleeping_on, the queue the task sleeps in
 * interruptibly, so kshim_task_signal() can wake it.
 */
struct task_struct {
	atomic_bool sigpending;
	pthread_mutex_t lock;
	struct wait_queue_head *sleeping_on;
	uint32_t uid;
	/* kshim_set_block_hook(); only the task's own thread touches these. */
	void (*block_fn)(void *opaque);
	void *block_opaque;
	bool block_ran;
};

void kshim_task_set_sleeping(struct wait_queue_head *wq);
/* Whether the current task has a block hook that has not run yet. */
bool kshim_task_block_hook_pending(void);
/* Run the current task's block hook if it has one not yet run: true if so. */
bool kshim_task_run_block_hook(void);

/* Milliseconds of CLOCK_MONOTONIC; jiffies are these. */
unsigned long kshim_now_ms(void);
/* The CLOCK_MONOTONIC time @ms milliseconds from now. */
struct timespec kshim_deadline_in(unsigned long ms);
/* A condition variable that measures timeouts on CLOCK_MONOTONIC. */
void kshim_cond_init(pthread_cond_t *cond);
/* Start a detached helper thread; aborts if that is impossible. */
void kshim_start_thread(pthread_t *thread, void *(*fn)(void *), void *arg,
			const char *name);

/* The DMA32 arena behind __GFP_DMA32. */
void *kshim_dma32_alloc(size_t size);
bool kshim_dma32_free(const void *ptr);

#endif /* KSHIM_INTERNAL_H */
