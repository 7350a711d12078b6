/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: jiffies are CLOCK_MONOTONIC milliseconds (HZ = 1000). */
#ifndef KSHIM_LINUX_JIFFIES_H
#define KSHIM_LINUX_JIFFIES_H

#include <limits.h>
#include <linux/types.h>

#define HZ		 1000
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

unsigned long kshim_jiffies(void);
#define jiffies kshim_jiffies()

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return ms;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j > UINT_MAX ? UINT_MAX : (unsigned int)j;
}

#define time_after(a, b)    ((long)((b) - (a)) < 0)
#define time_before(a, b)   time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)

#endif /* KSHIM_LINUX_JIFFIES_H */
