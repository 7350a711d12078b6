/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: signal_pending() lives in <linux/sched.h> here. */
#ifndef KSHIM_LINUX_SCHED_SIGNAL_H
#define KSHIM_LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>

#endif /* KSHIM_LINUX_SCHED_SIGNAL_H */
