// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library's status translation: the table the kernel driver uses
 * (driver/vbox_status.h), with the rows userspace adds, so a program sees
 * the same errno whether the kernel or the library translated a status.
 */
#include "config.h"

#include "libvbglr3/vbgl_internal.h"
#include "driver/vbox_status.h"

int vbgl_status_to_errno(int32_t rc)
{
	return vbox_status_to_errno(rc, VBOX_ERRNO_USERSPACE);
}
