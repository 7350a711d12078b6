/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: the annotations and attributes kbuild makes available everywhere
 * (there through -include; here every shim header pulls this in through
 * <linux/types.h>).  Sparse annotations are empty: sparse checks the real
 * kernel build.
 */
#ifndef KSHIM_LINUX_COMPILER_TYPES_H
#define KSHIM_LINUX_COMPILER_TYPES_H

#define __user
#define __kernel
#define __iomem
#define __force
#define __must_check   __attribute__((warn_unused_result))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __maybe_unused __attribute__((unused))
#define __aligned(x)   __attribute__((aligned(x)))
#ifndef __packed
#define __packed __attribute__((packed))
#endif

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif /* KSHIM_LINUX_COMPILER_TYPES_H */
