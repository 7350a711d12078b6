// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core's status translation: the shared table of vbox_status.h,
 * restricted to the mainline driver's rows so that the kernel returns the
 * errno values mainline returns.
 */
#include "vbg_core_internal.h"
#include "vbox_status.h"

int vbg_status_code_to_errno(int rc)
{
	return vbox_status_to_errno(rc, VBOX_ERRNO_MAINLINE);
}
