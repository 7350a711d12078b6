/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: the uapi errno values plus the kernel-internal ones. */
#ifndef KSHIM_LINUX_ERRNO_H
#define KSHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS    512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ENOIOCTLCMD    515
#define ENOTSUPP       524

#endif /* KSHIM_LINUX_ERRNO_H */
