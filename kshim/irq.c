// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim interrupts: one thread per registered line calls the handler for
 * as long as the device model keeps the line asserted.  The handler never
 * runs inside kshim_irq_set_level() (the device model may be in the middle
 * of a request).  A handler that does not claim an asserted line would
 * make the thread spin: it is logged once and retried after a short sleep.
 *
 * A thread that runs a guest request may defer the interrupts it raises
 * (kshim_irq_defer_begin()): the line is asserted at once, but its thread
 * is not woken; kshim_irq_defer_end() then runs the handler on the calling
 * thread, after the request, so an HGCM call its service answered at once
 * costs no wake-up of another thread.  Before the deferring thread may
 * block (kshim_irq_flush_deferred(), called by the shim's waits, its block
 * hook and the host's blocking writes) the line's thread is woken as
 * usual.  Either way one handler runs at a time per line.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>

#include "kshim/hw.h"
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include "kshim_internal.h"

#define KSHIM_NR_IRQS	   64
#define KSHIM_IRQ_RETRY_MS 10

struct kshim_irq_line {
	unsigned int irq;
	bool level; /* asserted by the device model */
	bool registered;
	bool stop;
	bool warned;
	bool running; /* the handler runs (line thread or inline) */
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	pthread_t thread;
	pthread_cond_t cond;
};

static pthread_mutex_t irq_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kshim_irq_line irq_lines[KSHIM_NR_IRQS];
static pthread_once_t irq_once = PTHREAD_ONCE_INIT;

/* This thread defers its interrupts; the lines it asserted meanwhile. */
static __thread bool irq_defer;
static __thread uint64_t irq_deferred;

static void kshim_irq_setup(void)
{
	unsigned int i;

	for (i = 0; i < KSHIM_NR_IRQS; i++) {
		irq_lines[i].irq = i;
		kshim_cond_init(&irq_lines[i].cond);
	}
}

static void *kshim_irq_thread(void *arg)
{
	struct kshim_irq_line *line = arg;
	struct timespec until;
	irqreturn_t ret;

	pthread_mutex_lock(&irq_lock);
	while (!line->stop) {
		if (!line->level || line->running) {
			pthread_cond_wait(&line->cond, &irq_lock);
			continue;
		}
		line->running = true;
		pthread_mutex_unlock(&irq_lock);
		ret = line->handler((int)line->irq, line->dev_id);
		pthread_mutex_lock(&irq_lock);
		line->running = false;
		if (ret != IRQ_NONE || !line->level || line->stop)
			continue;
		if (!line->warned) {
			pr_warn("kshim: irq %u (%s) asserted but not handled; retrying every %d ms\n",
				line->irq, line->name, KSHIM_IRQ_RETRY_MS);
			line->warned = true;
		}
		until = kshim_deadline_in(KSHIM_IRQ_RETRY_MS);
		pthread_cond_timedwait(&line->cond, &irq_lock, &until);
	}
	pthread_mutex_unlock(&irq_lock);
	return NULL;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	struct kshim_irq_line *line;

	(void)flags;
	pthread_once(&irq_once, kshim_irq_setup);
	if (irq >= KSHIM_NR_IRQS || !handler)
		return -EINVAL;

	line = &irq_lines[irq];
	pthread_mutex_lock(&irq_lock);
	if (line->registered) {
		pthread_mutex_unlock(&irq_lock);
		return -EBUSY;
	}
	line->registered = true;
	line->stop = false;
	line->warned = false;
	line->handler = handler;
	line->dev_id = dev_id;
	line->name = name;
	pthread_mutex_unlock(&irq_lock);

	kshim_start_thread(&line->thread, kshim_irq_thread, line, "kshim-irq");
	return 0;
}

const void *free_irq(unsigned int irq, void *dev_id)
{
	struct kshim_irq_line *line;
	const char *name;

	if (irq >= KSHIM_NR_IRQS)
		return NULL;

	line = &irq_lines[irq];
	pthread_mutex_lock(&irq_lock);
	if (!line->registered || line->dev_id != dev_id) {
		pthread_mutex_unlock(&irq_lock);
		WARN_ON(1);
		return NULL;
	}
	line->stop = true;
	pthread_cond_broadcast(&line->cond);
	pthread_mutex_unlock(&irq_lock);

	pthread_join(line->thread, NULL);

	pthread_mutex_lock(&irq_lock);
	while (line->running)
		pthread_cond_wait(&line->cond, &irq_lock);
	name = line->name;
	line->registered = false;
	line->handler = NULL;
	line->dev_id = NULL;
	line->name = NULL;
	pthread_mutex_unlock(&irq_lock);
	return name;
}

void kshim_irq_set_level(unsigned int irq, bool asserted)
{
	pthread_once(&irq_once, kshim_irq_setup);
	if (irq >= KSHIM_NR_IRQS)
		return;

	pthread_mutex_lock(&irq_lock);
	irq_lines[irq].level = asserted;
	/* A line going low needs nobody: its thread waits for it high. */
	if (asserted && irq_defer && irq_lines[irq].registered)
		irq_deferred |= 1ull << irq;
	else if (asserted)
		pthread_cond_broadcast(&irq_lines[irq].cond);
	pthread_mutex_unlock(&irq_lock);
}

void kshim_irq_defer_begin(void)
{
	irq_defer = true;
}

void kshim_irq_flush_deferred(void)
{
	unsigned int irq;

	if (!irq_deferred)
		return;
	pthread_mutex_lock(&irq_lock);
	for (irq = 0; irq < KSHIM_NR_IRQS; irq++) {
		if (irq_deferred & (1ull << irq))
			pthread_cond_broadcast(&irq_lines[irq].cond);
	}
	pthread_mutex_unlock(&irq_lock);
	irq_deferred = 0;
}

/* Run a deferred line's handler here, unless its thread has it already. */
static void run_deferred(struct kshim_irq_line *line)
{
	irq_handler_t handler;
	irqreturn_t ret;
	void *dev_id;

	pthread_mutex_lock(&irq_lock);
	if (line->level && line->registered && !line->stop && !line->running) {
		line->running = true;
		handler = line->handler;
		dev_id = line->dev_id;
		pthread_mutex_unlock(&irq_lock);
		ret = handler((int)line->irq, dev_id);
		pthread_mutex_lock(&irq_lock);
		line->running = false;
		(void)ret;
	}
	/* Still asserted (or not handled), or free_irq() waits: wake them. */
	if (line->level || line->stop)
		pthread_cond_broadcast(&line->cond);
	pthread_mutex_unlock(&irq_lock);
}

void kshim_irq_defer_end(void)
{
	unsigned int irq;

	irq_defer = false;
	while (irq_deferred) {
		irq = (unsigned int)__builtin_ctzll(irq_deferred);
		irq_deferred &= ~(1ull << irq);
		run_deferred(&irq_lines[irq]);
	}
}
