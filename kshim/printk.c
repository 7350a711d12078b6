// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim logging: printk() and dev_*() go to g_log with domain "vboxguest"
 * (the structured logger the rest of the project uses), at the level the
 * KERN_* prefix names.  WARN_ON() logs file and line at CRITICAL level and
 * is counted for tests ("kshim/diag.h"); BUG_ON() aborts.
 */
#define G_LOG_DOMAIN "vboxguest"
#include <glib.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "kshim/diag.h"
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include "kshim_internal.h"

static atomic_uint warn_count;

static GLogLevelFlags kshim_log_level(char level)
{
	switch (level) {
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
		return G_LOG_LEVEL_WARNING;
	case '5':
		return G_LOG_LEVEL_MESSAGE;
	case '6':
		return G_LOG_LEVEL_INFO;
	default:
		return G_LOG_LEVEL_DEBUG;
	}
}

int printk(const char *fmt, ...)
{
	GLogLevelFlags level = G_LOG_LEVEL_INFO;
	va_list args;
	char *text;
	size_t len;

	if (fmt[0] == KERN_SOH[0] && fmt[1]) {
		level = kshim_log_level(fmt[1]);
		fmt += 2;
	}

	va_start(args, fmt);
	text = g_strdup_vprintf(fmt, args);
	va_end(args);

	len = strlen(text);
	while (len && text[len - 1] == '\n')
		text[--len] = '\0';
	g_log(G_LOG_DOMAIN, level, "%s", text);
	g_free(text);
	return (int)len;
}

bool kshim_ratelimit_ok(struct kshim_ratelimit *rl)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	unsigned long now = kshim_now_ms();
	bool ok;

	pthread_mutex_lock(&lock);
	if (!rl->begin || now - rl->begin >= KSHIM_RATELIMIT_INTERVAL_MS) {
		rl->begin = now;
		rl->printed = 0;
	}
	ok = rl->printed++ < KSHIM_RATELIMIT_BURST;
	pthread_mutex_unlock(&lock);
	return ok;
}

void kshim_warn(const char *file, int line, const char *what)
{
	atomic_fetch_add(&warn_count, 1);
	g_log(G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "WARNING at %s:%d: %s", file,
	      line, what);
}

void kshim_bug(const char *file, int line, const char *what)
{
	g_log(G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "BUG at %s:%d: %s", file,
	      line, what);
	abort();
}

unsigned int kshim_warn_count(void)
{
	return atomic_load(&warn_count);
}
