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

int32_t vbgl_errno_to_status(int err)
{
	switch (err) {
	case 0:
		return VINF_SUCCESS;
	case -EINVAL:
		return VERR_INVALID_PARAMETER;
	case -ENOMEM:
		return VERR_NO_MEMORY;
	case -ENOSYS:
	case -EOPNOTSUPP:
		return VERR_NOT_SUPPORTED;
	case -ENODATA:
		return VERR_NO_DATA;
	case -ETIMEDOUT:
		return VERR_TIMEOUT;
	case -EAGAIN:
		return VERR_TRY_AGAIN;
	case -EBUSY:
		return VERR_RESOURCE_BUSY;
	case -EINTR:
		return VERR_INTERRUPTED;
	case -EPERM:
	case -EACCES:
		return VERR_ACCESS_DENIED;
	case -E2BIG:
		return VERR_TOO_MUCH_DATA;
	case -EILSEQ:
		return VERR_NO_TRANSLATION;
	case -EIO:
		return VERR_DEV_IO_ERROR;
	default:
		return VERR_GENERAL_FAILURE;
	}
}
