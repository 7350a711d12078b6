/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: READ_ONCE()/WRITE_ONCE() and compiler barriers. */
#ifndef KSHIM_LINUX_COMPILER_H
#define KSHIM_LINUX_COMPILER_H

#include <linux/types.h>

#define barrier()	   __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x)	   (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))

#endif /* KSHIM_LINUX_COMPILER_H */
