/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Waiting, with a deadline, for another thread to set a flag.
 */
#ifndef OVT_WAIT_H
#define OVT_WAIT_H

#include <stdbool.h>

#include <glib.h>

/**
 * ovt_wait_flag - wait until *@flag is set or @ms milliseconds pass.
 * @lock: the mutex that guards @flag (the caller does not hold it)
 * @cond: broadcast, under @lock, whenever @flag is set
 * @flag: the flag
 * @ms: the longest wait
 *
 * Return: the flag's value at the end.
 */
bool ovt_wait_flag(GMutex *lock, GCond *cond, const bool *flag,
		   unsigned int ms);

#endif /* OVT_WAIT_H */
