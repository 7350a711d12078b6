/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: the configuration the core sees in userspace, and IS_ENABLED().
 * IS_ENABLED(CONFIG_X) is 1 when CONFIG_X is defined to 1, else 0; it
 * works in C expressions and in #if.
 */
#ifndef KSHIM_LINUX_KCONFIG_H
#define KSHIM_LINUX_KCONFIG_H

#if __SIZEOF_LONG__ == 8
#define CONFIG_64BIT 1
#endif

/* "1" pastes into a macro that adds a leading argument; anything else not. */
#define __KSHIM_ON_1		  0,
#define __kshim_second(a, b, ...) b
#define __kshim_pick(arg_or_junk) __kshim_second(arg_or_junk 1, 0, 0)
#define __kshim_is_on(val)	  __kshim_pick(__KSHIM_ON_##val)
#define IS_ENABLED(option)	  __kshim_is_on(option)

#endif /* KSHIM_LINUX_KCONFIG_H */
