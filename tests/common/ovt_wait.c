// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Waiting, with a deadline, for another thread to set a flag.
 */
#include "config.h"

#include "tests/common/ovt_wait.h"

bool ovt_wait_flag(GMutex *lock, GCond *cond, const bool *flag, unsigned int ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	bool set;

	g_mutex_lock(lock);
	while (!*flag && g_cond_wait_until(cond, lock, end))
		;
	set = *flag;
	g_mutex_unlock(lock);
	return set;
}
