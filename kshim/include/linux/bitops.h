/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: bit searching. */
#ifndef KSHIM_LINUX_BITOPS_H
#define KSHIM_LINUX_BITOPS_H

#include <linux/bits.h>
#include <linux/types.h>

/* Index of the lowest set bit; @word must not be 0 (as in the kernel). */
static inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

static inline unsigned int hweight32(unsigned int w)
{
	return (unsigned int)__builtin_popcount(w);
}

#endif /* KSHIM_LINUX_BITOPS_H */
