/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: single-bit and mask helpers. */
#ifndef KSHIM_LINUX_BITS_H
#define KSHIM_LINUX_BITS_H

#define BIT(nr)	    (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define GENMASK(h, l) \
	((~0UL << (l)) & (~0UL >> (__SIZEOF_LONG__ * 8 - 1 - (h))))

#endif /* KSHIM_LINUX_BITS_H */
