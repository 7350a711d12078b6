/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: printk() goes to the structured logger (g_log, domain
 * "vboxguest"); the KERN_* prefix picks the level.
 */
#ifndef KSHIM_LINUX_PRINTK_H
#define KSHIM_LINUX_PRINTK_H

#include <linux/types.h>

#define KERN_SOH     "\001"
#define KERN_EMERG   KERN_SOH "0"
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6"
#define KERN_DEBUG   KERN_SOH "7"

__printf(1, 2) int printk(const char *fmt, ...);

/*
 * Rate limiting per call site: at most KSHIM_RATELIMIT_BURST messages per
 * KSHIM_RATELIMIT_INTERVAL_MS.
 */
#define KSHIM_RATELIMIT_BURST	    10
#define KSHIM_RATELIMIT_INTERVAL_MS 5000
struct kshim_ratelimit {
	unsigned long begin;
	unsigned int printed;
};
bool kshim_ratelimit_ok(struct kshim_ratelimit *rl);

#define printk_ratelimited(fmt, ...)                      \
	({                                                \
		static struct kshim_ratelimit __kshim_rl; \
		if (kshim_ratelimit_ok(&__kshim_rl))      \
			printk(fmt, ##__VA_ARGS__);       \
	})

#define pr_fmt(fmt)	    fmt
#define pr_err(fmt, ...)    printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)  printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

#endif /* KSHIM_LINUX_PRINTK_H */
