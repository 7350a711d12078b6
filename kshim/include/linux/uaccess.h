/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: user memory is what the calling thread's user map
 * (kshim_user_map_set()) says it is.  Both copies return the number of
 * bytes they could not copy, as in the kernel.
 */
#ifndef KSHIM_LINUX_UACCESS_H
#define KSHIM_LINUX_UACCESS_H

#include <linux/types.h>

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
bool kshim_access_ok(const void __user *addr, unsigned long size);
#define access_ok(addr, size) kshim_access_ok(addr, size)

#endif /* KSHIM_LINUX_UACCESS_H */
