/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Diagnostics of the userspace kernel-API shim for tests: how many times
 * a WARN_ON() in the driver core (or the shim) fired.  Plain C, callable
 * from either world.
 */
#ifndef KSHIM_DIAG_H
#define KSHIM_DIAG_H

unsigned int kshim_warn_count(void);

#endif /* KSHIM_DIAG_H */
