// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the userspace kernel-API shim: the DMA32 arena, user
 * memory maps, wait queues (timeouts, wake-ups, signals, the lock order
 * the core relies on), timers, the workqueue, interrupt lines, locks and
 * logging.  Kernel-world code: the shim's <linux/...> headers come first.
 */
#include <check.h>
#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kshim/diag.h"
#include "kshim/hw.h"
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

static unsigned long elapsed_ms(unsigned long start)
{
	return jiffies - start;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

/* ---- DMA32 arena ---- */

START_TEST(test_dma32_below_4g)
{
	void *small = kmalloc(100, GFP_KERNEL | __GFP_DMA32);
	unsigned long pages = __get_free_pages(GFP_KERNEL | __GFP_DMA32, 3);
	void *plain = kmalloc(100, GFP_KERNEL);

	ck_assert_ptr_nonnull(small);
	ck_assert(pages != 0);
	ck_assert_uint_lt((uintptr_t)small + 100, 1ULL << 32);
	ck_assert_uint_lt(pages + (PAGE_SIZE << 3), 1ULL << 32);
	ck_assert_uint_eq(offset_in_page(pages), 0);
	ck_assert_uint_eq(upper_32_bits(virt_to_phys(small)), 0);

	/* Whole blocks are valid, ranges past their end are not. */
	ck_assert_ptr_eq(kshim_dma32_ptr(pages, PAGE_SIZE << 3), (void *)pages);
	ck_assert_ptr_eq(kshim_dma32_ptr(pages + 100, 24),
			 (void *)(pages + 100));
	ck_assert_ptr_null(kshim_dma32_ptr(pages, (PAGE_SIZE << 3) + 1));
	ck_assert_ptr_eq(kshim_dma32_ptr((uintptr_t)small, 100), small);
	ck_assert_ptr_null(kshim_dma32_ptr((uintptr_t)plain, 1));
	ck_assert_ptr_null(kshim_dma32_ptr(UINT64_MAX - 3, 8));
	ck_assert_ptr_null(kshim_dma32_ptr(0, 1));

	/* Freed memory is no longer device-reachable. */
	free_pages(pages, 3);
	ck_assert_ptr_null(kshim_dma32_ptr(pages, 24));
	kfree(small);
	ck_assert_ptr_null(kshim_dma32_ptr((uintptr_t)small, 1));
	kfree(plain);
}
END_TEST

START_TEST(test_dma32_blocks_do_not_overlap)
{
	unsigned long a = __get_free_pages(GFP_KERNEL | __GFP_DMA32, 0);
	unsigned long b = __get_free_pages(GFP_KERNEL | __GFP_DMA32, 1);
	unsigned long c;

	ck_assert(a && b && a != b);
	ck_assert(b >= a + PAGE_SIZE || a >= b + 2 * PAGE_SIZE);
	/* A range spanning two adjacent blocks is not one allocation. */
	if (b == a + PAGE_SIZE)
		ck_assert_ptr_null(kshim_dma32_ptr(a, PAGE_SIZE + 1));
	free_pages(a, 0);
	c = __get_free_pages(GFP_KERNEL | __GFP_DMA32, 0);
	ck_assert_uint_eq(c, a); /* first fit reuses the hole */
	free_pages(b, 1);
	free_pages(c, 0);
}
END_TEST

START_TEST(test_pages_and_kvmalloc)
{
	struct page *page = alloc_page(GFP_KERNEL);
	void *buf = kvzalloc(3 * PAGE_SIZE + 5, GFP_KERNEL);
	unsigned char *bytes = buf;

	ck_assert_ptr_nonnull(page);
	ck_assert_uint_eq(page_to_phys(page) & ~PAGE_MASK, 0);
	ck_assert_ptr_eq(virt_to_page(page_address(page) + 123), page);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(bytes[3 * PAGE_SIZE + 4], 0);
	ck_assert_ptr_null(kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));
	__free_page(page);
	kvfree(buf);
}
END_TEST

/* ---- user memory ---- */

START_TEST(test_user_map_copies)
{
	char a[16] = "0123456789abcdef", b[16] = "ghijklmnopqrstuv";
	char ro[8] = "readonly", out[40];
	struct kshim_user_region map[] = {
		{ .uaddr = 0x10000, .len = 16, .kaddr = a, .writable = true },
		{ .uaddr = 0x10010, .len = 16, .kaddr = b, .writable = true },
		{ .uaddr = 0x20000, .len = 8, .kaddr = ro, .writable = false },
	};

	kshim_user_map_set(map, 3);

	/* Within one region, and across two adjacent ones. */
	ck_assert_uint_eq(copy_from_user(out, (void __user *)0x10004, 8), 0);
	ck_assert_int_eq(memcmp(out, "456789ab", 8), 0);
	ck_assert_uint_eq(copy_from_user(out, (void __user *)0x1000c, 8), 0);
	ck_assert_int_eq(memcmp(out, "cdefghij", 8), 0);

	/* Past the end: the rest is reported and zeroed. */
	memset(out, 'x', sizeof(out));
	ck_assert_uint_eq(copy_from_user(out, (void __user *)0x10018, 16), 8);
	ck_assert_int_eq(memcmp(out, "opqrstuv", 8), 0);
	ck_assert_int_eq(out[8], 0);
	ck_assert_int_eq(out[15], 0);
	ck_assert_uint_eq(copy_from_user(out, (void __user *)0x30000, 4), 4);
	ck_assert_uint_eq(copy_from_user(out, (void __user *)UINTPTR_MAX, 4),
			  4);

	/* Writes: fine where writable, a fault on the read-only region. */
	ck_assert_uint_eq(copy_to_user((void __user *)0x1000e, "XYZW", 4), 0);
	ck_assert_int_eq(memcmp(a + 14, "XY", 2), 0);
	ck_assert_int_eq(memcmp(b, "ZW", 2), 0);
	ck_assert_uint_eq(copy_to_user((void __user *)0x20000, "nope", 4), 4);
	ck_assert_int_eq(memcmp(ro, "readonly", 8), 0);
	ck_assert_uint_eq(copy_from_user(out, (void __user *)0x20000, 8), 0);

	/* Without a map every access faults. */
	kshim_user_map_clear();
	ck_assert_uint_eq(copy_from_user(out, (void __user *)0x10000, 1), 1);
}
END_TEST

static void *copy_in_other_thread(void *arg)
{
	char out[4];

	(void)arg;
	return (void *)(uintptr_t)copy_from_user(out, (void __user *)0x5000, 4);
}

START_TEST(test_user_map_is_per_thread)
{
	char data[4] = "abcd", out[4];
	struct kshim_user_region map = {
		.uaddr = 0x5000,
		.len = 4,
		.kaddr = data,
		.writable = true,
	};
	pthread_t thread;
	void *left;

	kshim_user_map_set(&map, 1);
	ck_assert_uint_eq(copy_from_user(out, (void __user *)0x5000, 4), 0);
	/* Another thread has no map: the same address faults there. */
	pthread_create(&thread, NULL, copy_in_other_thread, NULL);
	pthread_join(thread, &left);
	ck_assert_uint_eq((uintptr_t)left, 4);
	kshim_user_map_clear();
}
END_TEST

/* One write: the range is exactly what it covered. */
START_TEST(test_user_dirty_single_write)
{
	char buf[64];
	struct kshim_user_region map = {
		.uaddr = 0x40000,
		.len = sizeof(buf),
		.kaddr = buf,
		.writable = true,
	};

	memset(buf, '.', sizeof(buf));
	kshim_user_map_set(&map, 1);
	/* Reads record nothing. */
	ck_assert_uint_eq(copy_from_user(buf, (void __user *)0x40000, 8), 0);
	ck_assert_uint_eq(map.dirty_lo, 0);
	ck_assert_uint_eq(map.dirty_hi, 0);
	ck_assert_uint_eq(copy_to_user((void __user *)0x40010, "abcdef", 6), 0);
	ck_assert_uint_eq(map.dirty_lo, 0x10);
	ck_assert_uint_eq(map.dirty_hi, 0x16);
	ck_assert_int_eq(memcmp(buf + 0x10, "abcdef", 6), 0);
	/* A zero-length copy writes nothing. */
	ck_assert_uint_eq(copy_to_user((void __user *)0x40030, "x", 0), 0);
	ck_assert_uint_eq(map.dirty_lo, 0x10);
	ck_assert_uint_eq(map.dirty_hi, 0x16);
	kshim_user_map_clear();
}
END_TEST

/* Two writes: their union, gap included; each region on its own. */
START_TEST(test_user_dirty_two_writes)
{
	char a[32], b[32];
	struct kshim_user_region map[] = {
		{ .uaddr = 0x50000, .len = 32, .kaddr = a, .writable = true },
		{ .uaddr = 0x50020, .len = 32, .kaddr = b, .writable = true },
	};

	kshim_user_map_set(map, 2);
	ck_assert_uint_eq(copy_to_user((void __user *)0x50014, "12", 2), 0);
	ck_assert_uint_eq(copy_to_user((void __user *)0x50004, "34", 2), 0);
	ck_assert_uint_eq(map[0].dirty_lo, 4);
	ck_assert_uint_eq(map[0].dirty_hi, 0x16);
	ck_assert_uint_eq(map[1].dirty_hi, 0);
	/*
	 * One copy across the boundary marks the end of one and the start
	 * of the other; a write at offset 0 is told apart from none by hi.
	 */
	ck_assert_uint_eq(copy_to_user((void __user *)0x5001e, "wxyz", 4), 0);
	ck_assert_uint_eq(map[0].dirty_lo, 4);
	ck_assert_uint_eq(map[0].dirty_hi, 32);
	ck_assert_uint_eq(map[1].dirty_lo, 0);
	ck_assert_uint_eq(map[1].dirty_hi, 2);
	ck_assert_int_eq(memcmp(b, "yz", 2), 0);
	kshim_user_map_clear();
}
END_TEST

/* A write to a read-only region faults and records nothing. */
START_TEST(test_user_dirty_read_only)
{
	char ro[16] = "read-only bytes";
	struct kshim_user_region map = {
		.uaddr = 0x60000,
		.len = sizeof(ro),
		.kaddr = ro,
		.writable = false,
	};

	kshim_user_map_set(&map, 1);
	ck_assert_uint_eq(copy_to_user((void __user *)0x60002, "no", 2), 2);
	ck_assert_uint_eq(map.dirty_lo, 0);
	ck_assert_uint_eq(map.dirty_hi, 0);
	ck_assert_str_eq(ro, "read-only bytes");
	kshim_user_map_clear();
}
END_TEST

/* A copy that faults part-way records only the bytes it copied. */
START_TEST(test_user_dirty_fault)
{
	char w[16], ro[16];
	struct kshim_user_region map[] = {
		{ .uaddr = 0x70000, .len = 16, .kaddr = w, .writable = true },
		{ .uaddr = 0x70010, .len = 16, .kaddr = ro, .writable = false },
	};

	memset(ro, 0, sizeof(ro));
	kshim_user_map_set(map, 2);
	/* Into the read-only neighbour after 6 bytes. */
	ck_assert_uint_eq(
		copy_to_user((void __user *)0x7000a, "0123456789", 10), 4);
	ck_assert_uint_eq(map[0].dirty_lo, 10);
	ck_assert_uint_eq(map[0].dirty_hi, 16);
	ck_assert_uint_eq(map[1].dirty_hi, 0);
	ck_assert_int_eq(memcmp(w + 10, "012345", 6), 0);
	kshim_user_map_clear();

	/* Off the end of the map (only the first region is installed). */
	map[0].dirty_lo = map[0].dirty_hi = 0;
	kshim_user_map_set(map, 1);
	ck_assert_uint_eq(copy_to_user((void __user *)0x7000e, "abcd", 4), 2);
	ck_assert_uint_eq(map[0].dirty_lo, 14);
	ck_assert_uint_eq(map[0].dirty_hi, 16);
	/* Nothing mapped at all: nothing recorded anywhere. */
	ck_assert_uint_eq(copy_to_user((void __user *)0x90000, "abcd", 4), 4);
	ck_assert_uint_eq(map[0].dirty_lo, 14);
	ck_assert_uint_eq(map[0].dirty_hi, 16);
	kshim_user_map_clear();
}
END_TEST

/* ---- wait queues ---- */

static wait_queue_head_t test_wq;
static spinlock_t test_lock;
static int test_flag;

static bool flag_set(void)
{
	bool set;

	spin_lock(&test_lock);
	set = test_flag != 0;
	spin_unlock(&test_lock);
	return set;
}

/* Sets the flag (and wakes the queue) holding the lock the condition takes. */
static void *set_flag_later(void *arg)
{
	sleep_ms((unsigned int)(uintptr_t)arg);
	spin_lock(&test_lock);
	test_flag = 1;
	wake_up(&test_wq);
	spin_unlock(&test_lock);
	return NULL;
}

static void wait_setup(void)
{
	init_waitqueue_head(&test_wq);
	spin_lock_init(&test_lock);
	test_flag = 0;
	kshim_task_clear_signal();
}

START_TEST(test_wait_timeout)
{
	unsigned long start;
	long ret;

	wait_setup();
	start = jiffies;
	ret = wait_event_timeout(test_wq, flag_set(), msecs_to_jiffies(50));
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_ge(elapsed_ms(start), 50);

	/* Timeout 0 polls: false now is 0, true now is 1. */
	ck_assert_int_eq(
		wait_event_interruptible_timeout(test_wq, flag_set(), 0), 0);
	test_flag = 1;
	ck_assert_int_eq(
		wait_event_interruptible_timeout(test_wq, flag_set(), 0), 1);
}
END_TEST

START_TEST(test_wait_wakeup)
{
	unsigned long start;
	pthread_t thread;
	long ret;

	wait_setup();
	start = jiffies;
	pthread_create(&thread, NULL, set_flag_later, (void *)(uintptr_t)30);
	ret = wait_event_interruptible_timeout(test_wq, flag_set(),
					       msecs_to_jiffies(5000));
	pthread_join(thread, NULL);
	ck_assert_int_gt(ret, 0);
	ck_assert_int_le(ret, 5000);
	ck_assert_uint_ge(elapsed_ms(start), 30);
	ck_assert_uint_lt(elapsed_ms(start), 4000);

	/* Forever waits work too. */
	test_flag = 0;
	pthread_create(&thread, NULL, set_flag_later, (void *)(uintptr_t)10);
	ck_assert_int_eq(wait_event_interruptible(test_wq, flag_set()), 0);
	pthread_join(thread, NULL);
}
END_TEST

/*
 * The waker holds the lock the condition takes while it wakes the queue:
 * the waiter must never hold the queue lock while it evaluates the
 * condition, or this deadlocks.
 */
static atomic_int abba_round;

static bool abba_ready(int round)
{
	bool ready;

	spin_lock(&test_lock);
	ready = test_flag >= round;
	spin_unlock(&test_lock);
	return ready;
}

static void *abba_waker(void *arg)
{
	int round;

	(void)arg;
	for (round = 1; round <= 2000; round++) {
		while (atomic_load(&abba_round) < round)
			sched_yield();
		spin_lock(&test_lock);
		test_flag = round;
		wake_up(&test_wq);
		spin_unlock(&test_lock);
	}
	return NULL;
}

START_TEST(test_wait_lock_order)
{
	pthread_t thread;
	int round;

	wait_setup();
	atomic_store(&abba_round, 0);
	pthread_create(&thread, NULL, abba_waker, NULL);
	for (round = 1; round <= 2000; round++) {
		atomic_store(&abba_round, round);
		wait_event(test_wq, abba_ready(round));
	}
	pthread_join(thread, NULL);
	ck_assert_int_eq(test_flag, 2000);
}
END_TEST

struct signal_job {
	struct task_struct *task;
	unsigned int delay_ms;
};

static void *signal_later(void *arg)
{
	struct signal_job *job = arg;

	sleep_ms(job->delay_ms);
	kshim_task_signal(job->task);
	return NULL;
}

START_TEST(test_wait_signal)
{
	struct signal_job job = { .task = current, .delay_ms = 30 };
	unsigned long start;
	pthread_t thread;
	long ret;

	wait_setup();
	start = jiffies;
	pthread_create(&thread, NULL, signal_later, &job);
	ret = wait_event_interruptible_timeout(test_wq, flag_set(),
					       msecs_to_jiffies(5000));
	pthread_join(thread, NULL);
	ck_assert_int_eq(ret, -ERESTARTSYS);
	ck_assert(signal_pending(current));
	ck_assert_uint_lt(elapsed_ms(start), 4000);

	/* Still pending: the next interruptible wait returns at once. */
	ck_assert_int_eq(wait_event_interruptible(test_wq, flag_set()),
			 -ERESTARTSYS);
	/* An uninterruptible wait ignores it. */
	ck_assert_int_eq(wait_event_timeout(test_wq, flag_set(), 20), 0);
	/* The condition wins over a pending signal. */
	test_flag = 1;
	ck_assert_int_gt(
		wait_event_interruptible_timeout(test_wq, flag_set(), 1000), 0);

	kshim_task_clear_signal();
	ck_assert(!signal_pending(current));
	test_flag = 0;
	ck_assert_int_eq(
		wait_event_interruptible_timeout(test_wq, flag_set(), 10), 0);
}
END_TEST

START_TEST(test_signal_forever_wait)
{
	struct signal_job job = { .task = current, .delay_ms = 20 };
	pthread_t thread;

	wait_setup();
	pthread_create(&thread, NULL, signal_later, &job);
	ck_assert_int_eq(wait_event_interruptible(test_wq, flag_set()),
			 -ERESTARTSYS);
	pthread_join(thread, NULL);
	kshim_task_clear_signal();
}
END_TEST

/* ---- timers ---- */

struct test_timer {
	struct timer_list timer;
	atomic_int fired;
	atomic_ulong fired_at;
	bool rearm;
};

static void test_timer_fn(struct timer_list *t)
{
	struct test_timer *tt = from_timer(tt, t, timer);

	atomic_store(&tt->fired_at, jiffies);
	atomic_fetch_add(&tt->fired, 1);
	if (tt->rearm)
		mod_timer(&tt->timer, jiffies + 1);
}

START_TEST(test_timer_fires)
{
	struct test_timer tt = { .rearm = false };
	unsigned long start;

	timer_setup(&tt.timer, test_timer_fn, 0);
	start = jiffies;
	ck_assert_int_eq(mod_timer(&tt.timer, start + 30), 0);
	ck_assert_int_eq(mod_timer(&tt.timer, start + 30), 1);
	while (!atomic_load(&tt.fired) && elapsed_ms(start) < 5000)
		sleep_ms(2);
	ck_assert_int_eq(atomic_load(&tt.fired), 1);
	ck_assert_uint_ge(atomic_load(&tt.fired_at) - start, 30);
	ck_assert_int_eq(timer_delete_sync(&tt.timer), 0);
}
END_TEST

START_TEST(test_timer_delete)
{
	struct test_timer tt = { .rearm = false };
	struct test_timer loop = { .rearm = true };
	int count;

	timer_setup(&tt.timer, test_timer_fn, 0);
	mod_timer(&tt.timer, jiffies + 40);
	ck_assert_int_eq(timer_delete_sync(&tt.timer), 1);
	sleep_ms(80);
	ck_assert_int_eq(atomic_load(&tt.fired), 0);

	/* A self-rearming timer stays stopped after timer_delete_sync(). */
	timer_setup(&loop.timer, test_timer_fn, 0);
	mod_timer(&loop.timer, jiffies);
	while (atomic_load(&loop.fired) < 5)
		sleep_ms(1);
	timer_delete_sync(&loop.timer);
	count = atomic_load(&loop.fired);
	sleep_ms(30);
	ck_assert_int_eq(atomic_load(&loop.fired), count);
}
END_TEST

/* ---- workqueue ---- */

struct test_work {
	struct work_struct work;
	atomic_int runs;
	atomic_int running;
	unsigned int sleep;
};

static void test_work_fn(struct work_struct *w)
{
	struct test_work *tw = container_of(w, struct test_work, work);

	atomic_store(&tw->running, 1);
	sleep_ms(tw->sleep);
	atomic_fetch_add(&tw->runs, 1);
	atomic_store(&tw->running, 0);
}

START_TEST(test_work_runs_once_per_queueing)
{
	struct test_work blocker = { .sleep = 50 };
	struct test_work tw = { .sleep = 0 };

	INIT_WORK(&blocker.work, test_work_fn);
	INIT_WORK(&tw.work, test_work_fn);
	ck_assert(schedule_work(&blocker.work));
	ck_assert(schedule_work(&tw.work));
	/* Already pending: not queued twice. */
	ck_assert(!schedule_work(&tw.work));
	flush_work(&tw.work);
	ck_assert_int_eq(atomic_load(&tw.runs), 1);
	ck_assert_int_eq(atomic_load(&blocker.runs), 1);
}
END_TEST

START_TEST(test_work_cancel)
{
	struct test_work blocker = { .sleep = 60 };
	struct test_work queued = { .sleep = 0 };

	INIT_WORK(&blocker.work, test_work_fn);
	INIT_WORK(&queued.work, test_work_fn);
	schedule_work(&blocker.work);
	while (!atomic_load(&blocker.running))
		sleep_ms(1);
	schedule_work(&queued.work);

	/* A queued item is removed; a running one is waited for. */
	ck_assert(cancel_work_sync(&queued.work));
	ck_assert(!cancel_work_sync(&blocker.work));
	ck_assert_int_eq(atomic_load(&blocker.runs), 1);
	sleep_ms(20);
	ck_assert_int_eq(atomic_load(&queued.runs), 0);
}
END_TEST

/* ---- interrupt lines ---- */

#define TEST_IRQ 7

static atomic_int irq_calls;
static atomic_int irq_claim;
static pthread_t irq_raiser;
static atomic_bool irq_in_raiser;

static irqreturn_t test_irq_handler(int irq, void *dev_id)
{
	atomic_fetch_add(&irq_calls, 1);
	ck_assert_int_eq(irq, TEST_IRQ);
	ck_assert_ptr_eq(dev_id, &irq_calls);
	/* Never from inside kshim_irq_set_level(). */
	if (pthread_equal(pthread_self(), irq_raiser) &&
	    atomic_load(&irq_in_raiser))
		ck_abort_msg("handler ran in the raising thread");
	if (!atomic_load(&irq_claim))
		return IRQ_NONE;
	kshim_irq_set_level(TEST_IRQ, false);
	return IRQ_HANDLED;
}

START_TEST(test_irq_thread)
{
	unsigned long start;
	int calls;

	atomic_store(&irq_calls, 0);
	atomic_store(&irq_claim, 1);
	irq_raiser = pthread_self();
	ck_assert_int_eq(request_irq(TEST_IRQ, test_irq_handler, IRQF_SHARED,
				     "test", &irq_calls),
			 0);
	ck_assert_int_eq(request_irq(TEST_IRQ, test_irq_handler, 0, "again",
				     &irq_calls),
			 -EBUSY);
	ck_assert_int_eq(request_irq(4096, test_irq_handler, 0, "bad", NULL),
			 -EINVAL);

	atomic_store(&irq_in_raiser, true);
	kshim_irq_set_level(TEST_IRQ, true);
	atomic_store(&irq_in_raiser, false);
	start = jiffies;
	while (!atomic_load(&irq_calls) && elapsed_ms(start) < 5000)
		sleep_ms(1);
	sleep_ms(20);
	ck_assert_int_eq(atomic_load(&irq_calls), 1);

	/* Asserted but never claimed: retried slowly, not spinning. */
	atomic_store(&irq_claim, 0);
	kshim_irq_set_level(TEST_IRQ, true);
	sleep_ms(200);
	calls = atomic_load(&irq_calls) - 1;
	ck_assert_int_ge(calls, 1);
	ck_assert_int_le(calls, 60);
	kshim_irq_set_level(TEST_IRQ, false);

	ck_assert_ptr_eq(free_irq(TEST_IRQ, &irq_calls), "test");
	/* After free_irq the handler is gone. */
	calls = atomic_load(&irq_calls);
	kshim_irq_set_level(TEST_IRQ, true);
	sleep_ms(20);
	ck_assert_int_eq(atomic_load(&irq_calls), calls);
	kshim_irq_set_level(TEST_IRQ, false);
}
END_TEST

static pthread_t irq_ran_on;

static irqreturn_t test_irq_where(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	irq_ran_on = pthread_self();
	atomic_fetch_add(&irq_calls, 1);
	kshim_irq_set_level(TEST_IRQ, false);
	return IRQ_HANDLED;
}

/* Deferred: the raiser runs the handler at the end, or hands it over. */
START_TEST(test_irq_deferred)
{
	unsigned long start;

	atomic_store(&irq_calls, 0);
	ck_assert_int_eq(request_irq(TEST_IRQ, test_irq_where, 0, "defer",
				     &irq_calls),
			 0);
	/* Let the line's new thread reach its wait (it would see the level). */
	sleep_ms(50);
	kshim_irq_defer_begin();
	kshim_irq_set_level(TEST_IRQ, true);
	sleep_ms(50);
	/* The line's thread was not woken. */
	ck_assert_int_eq(atomic_load(&irq_calls), 0);
	kshim_irq_defer_end();
	ck_assert_int_eq(atomic_load(&irq_calls), 1);
	ck_assert(pthread_equal(irq_ran_on, pthread_self()));

	/* Before blocking, the deferring thread hands it to the line's thread. */
	kshim_irq_defer_begin();
	kshim_irq_set_level(TEST_IRQ, true);
	kshim_irq_flush_deferred();
	start = jiffies;
	while (atomic_load(&irq_calls) < 2 && elapsed_ms(start) < 5000)
		sleep_ms(1);
	ck_assert_int_eq(atomic_load(&irq_calls), 2);
	ck_assert(!pthread_equal(irq_ran_on, pthread_self()));
	kshim_irq_defer_end();
	sleep_ms(20);
	ck_assert_int_eq(atomic_load(&irq_calls), 2);

	/* Not deferring: the line's thread, as ever. */
	kshim_irq_set_level(TEST_IRQ, true);
	start = jiffies;
	while (atomic_load(&irq_calls) < 3 && elapsed_ms(start) < 5000)
		sleep_ms(1);
	ck_assert_int_eq(atomic_load(&irq_calls), 3);
	ck_assert(!pthread_equal(irq_ran_on, pthread_self()));
	ck_assert_ptr_eq(free_irq(TEST_IRQ, &irq_calls), "defer");
}
END_TEST

/* ---- port I/O ---- */

static uint32_t last_port_write;
static unsigned long last_port;

static void test_outl(void *opaque, unsigned long port, uint32_t value)
{
	*(int *)opaque += 1;
	last_port = port;
	last_port_write = value;
}

static uint32_t test_inl(void *opaque, unsigned long port)
{
	(void)opaque;
	return (uint32_t)port ^ 0x5a5a5a5a;
}

START_TEST(test_port_io_routing)
{
	static const struct kshim_io_ops ops = {
		.outl = test_outl,
		.inl = test_inl,
	};
	int writes = 0;

	kshim_io_register(KSHIM_VMMDEV_IO_BASE, KSHIM_VMMDEV_IO_SIZE, &ops,
			  &writes);
	outl(0x1234, KSHIM_VMMDEV_IO_BASE);
	ck_assert_int_eq(writes, 1);
	ck_assert_uint_eq(last_port, KSHIM_VMMDEV_IO_BASE);
	ck_assert_uint_eq(last_port_write, 0x1234);
	ck_assert_uint_eq(inl(KSHIM_VMMDEV_IO_BASE + 8),
			  (KSHIM_VMMDEV_IO_BASE + 8) ^ 0x5a5a5a5a);

	/* Outside the range: dropped, reads float high. */
	outl(1, KSHIM_VMMDEV_IO_BASE + KSHIM_VMMDEV_IO_SIZE);
	outl(1, 0x504);
	ck_assert_int_eq(writes, 1);
	ck_assert_uint_eq(inl(0x80), 0xffffffffU);
	kshim_io_unregister();
	outl(1, KSHIM_VMMDEV_IO_BASE);
	ck_assert_int_eq(writes, 1);
}
END_TEST

/* ---- locks and diagnostics ---- */

static GString *log_text;

static GLogWriterOutput capture_log(GLogLevelFlags level,
				    const GLogField *fields, gsize n_fields,
				    gpointer user_data)
{
	gsize i;

	(void)level;
	(void)user_data;
	for (i = 0; i < n_fields; i++) {
		if (!strcmp(fields[i].key, "MESSAGE")) {
			g_string_append(log_text, fields[i].value);
			g_string_append_c(log_text, '\n');
		}
	}
	return G_LOG_WRITER_HANDLED;
}

START_TEST(test_lockdep_and_warn)
{
	struct mutex m;
	unsigned int warns = kshim_warn_count();

	log_text = g_string_new(NULL);
	g_log_set_writer_func(capture_log, NULL, NULL);

	mutex_init(&m);
	mutex_lock(&m);
	ck_assert(mutex_is_locked(&m));
	lockdep_assert_held(&m);
	ck_assert_uint_eq(kshim_warn_count(), warns);
	mutex_unlock(&m);
	ck_assert(!mutex_is_locked(&m));
	lockdep_assert_held(&m);
	ck_assert_uint_eq(kshim_warn_count(), warns + 1);
	ck_assert_ptr_nonnull(strstr(log_text->str, "test_kshim.c:"));
	ck_assert_ptr_nonnull(strstr(log_text->str, "kshim_lock_held"));

	ck_assert(!WARN_ON(1 + 1 == 3));
	ck_assert_uint_eq(kshim_warn_count(), warns + 1);

	pr_err("error %d reported\n", 42);
	ck_assert_ptr_nonnull(strstr(log_text->str, "error 42 reported\n"));
	g_string_free(log_text, TRUE);
}
END_TEST

static Suite *kshim_suite(void)
{
	Suite *s = suite_create("kshim");
	TCase *tc;

	tc = tcase_create("memory");
	tcase_add_test(tc, test_dma32_below_4g);
	tcase_add_test(tc, test_dma32_blocks_do_not_overlap);
	tcase_add_test(tc, test_pages_and_kvmalloc);
	suite_add_tcase(s, tc);

	tc = tcase_create("user");
	tcase_add_test(tc, test_user_map_copies);
	tcase_add_test(tc, test_user_map_is_per_thread);
	tcase_add_test(tc, test_user_dirty_single_write);
	tcase_add_test(tc, test_user_dirty_two_writes);
	tcase_add_test(tc, test_user_dirty_read_only);
	tcase_add_test(tc, test_user_dirty_fault);
	suite_add_tcase(s, tc);

	tc = tcase_create("wait");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_wait_timeout);
	tcase_add_test(tc, test_wait_wakeup);
	tcase_add_test(tc, test_wait_lock_order);
	tcase_add_test(tc, test_wait_signal);
	tcase_add_test(tc, test_signal_forever_wait);
	suite_add_tcase(s, tc);

	tc = tcase_create("deferred");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_timer_fires);
	tcase_add_test(tc, test_timer_delete);
	tcase_add_test(tc, test_work_runs_once_per_queueing);
	tcase_add_test(tc, test_work_cancel);
	suite_add_tcase(s, tc);

	tc = tcase_create("hardware");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_irq_thread);
	tcase_add_test(tc, test_irq_deferred);
	tcase_add_test(tc, test_port_io_routing);
	suite_add_tcase(s, tc);

	tc = tcase_create("diagnostics");
	tcase_add_test(tc, test_lockdep_and_warn);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(kshim_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
