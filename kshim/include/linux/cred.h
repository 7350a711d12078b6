/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: the calling task's uid (set with kshim_set_current_uid()). */
#ifndef KSHIM_LINUX_CRED_H
#define KSHIM_LINUX_CRED_H

#include <linux/types.h>

typedef struct {
	u32 val;
} kuid_t;

#define GLOBAL_ROOT_UID ((kuid_t){ .val = 0 })

kuid_t kshim_current_uid(void);
#define current_uid() kshim_current_uid()

static inline bool uid_eq(kuid_t a, kuid_t b)
{
	return a.val == b.val;
}

static inline u32 __kuid_val(kuid_t uid)
{
	return uid.val;
}

#endif /* KSHIM_LINUX_CRED_H */
