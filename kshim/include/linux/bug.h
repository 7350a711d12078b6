/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: WARN_ON() logs the condition with file and line (and counts it,
 * see "kshim/diag.h"); BUG_ON() aborts.
 */
#ifndef KSHIM_LINUX_BUG_H
#define KSHIM_LINUX_BUG_H

#include <linux/compiler.h>

void kshim_warn(const char *file, int line, const char *what);
void __attribute__((noreturn))
kshim_bug(const char *file, int line, const char *what);

#define WARN_ON(condition)                                          \
	({                                                          \
		bool __kshim_warn_on = !!(condition);               \
		if (unlikely(__kshim_warn_on))                      \
			kshim_warn(__FILE__, __LINE__, #condition); \
		__kshim_warn_on;                                    \
	})

#define WARN_ON_ONCE(condition)                                       \
	({                                                            \
		static bool __kshim_warned;                           \
		bool __kshim_warn_once = !!(condition);               \
		if (unlikely(__kshim_warn_once) && !__kshim_warned) { \
			__kshim_warned = true;                        \
			kshim_warn(__FILE__, __LINE__, #condition);   \
		}                                                     \
		__kshim_warn_once;                                    \
	})

#define BUG_ON(condition)                                          \
	do {                                                       \
		if (unlikely(condition))                           \
			kshim_bug(__FILE__, __LINE__, #condition); \
	} while (0)

#define BUILD_BUG_ON(condition) _Static_assert(!(condition), #condition)

#endif /* KSHIM_LINUX_BUG_H */
