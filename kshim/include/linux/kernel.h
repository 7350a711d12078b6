/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: the everyday helpers of <linux/kernel.h>. */
#ifndef KSHIM_LINUX_KERNEL_H
#define KSHIM_LINUX_KERNEL_H

#include <stdio.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/types.h>

#define U8_MAX	((u8)~0U)
#define U16_MAX ((u16)~0U)
#define U32_MAX ((u32)~0U)
#define U64_MAX ((u64)~0ULL)
#define S32_MAX ((s32)(U32_MAX >> 1))

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

#define ALIGN(x, a)	   (((x) + ((__typeof__(x))(a)-1)) & ~((__typeof__(x))(a)-1))
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))

#define upper_32_bits(n) ((u32)(((u64)(n)) >> 32))
#define lower_32_bits(n) ((u32)((n)&0xffffffff))

#define u64_to_user_ptr(x) ((void __user *)(uintptr_t)(x))

#define min(x, y)                                              \
	({                                                     \
		__typeof__(x) __kshim_x = (x);                 \
		__typeof__(y) __kshim_y = (y);                 \
		__kshim_x < __kshim_y ? __kshim_x : __kshim_y; \
	})
#define max(x, y)                                              \
	({                                                     \
		__typeof__(x) __kshim_x = (x);                 \
		__typeof__(y) __kshim_y = (y);                 \
		__kshim_x > __kshim_y ? __kshim_x : __kshim_y; \
	})
#define min_t(type, x, y)	   min((type)(x), (type)(y))
#define max_t(type, x, y)	   max((type)(x), (type)(y))
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define clamp(val, lo, hi)	   min(max(val, lo), hi)

#endif /* KSHIM_LINUX_KERNEL_H */
