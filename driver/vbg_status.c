// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one place where a VBox status code becomes an errno value.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include "vbg_core_internal.h"

/**
 * struct vbg_status_errno - one row of the translation table.
 * @status: the VBox failure status
 * @err: the negative errno it stands for
 */
struct vbg_status_errno {
	int status;
	int err;
};

/*
 * The mapping the mainline driver (and so vboxsf and every caller that
 * compares errno values) uses.  A plain list rather than an array indexed
 * by -status: the codes are sparse and go down to -608, the lookup is rare.
 */
static const struct vbg_status_errno vbg_status_errno_table[] = {
	{ VERR_ACCESS_DENIED,			-EPERM },
	{ VERR_FILE_NOT_FOUND,			-ENOENT },
	{ VERR_PROCESS_NOT_FOUND,		-ESRCH },
	{ VERR_INTERRUPTED,			-EINTR },
	{ VERR_DEV_IO_ERROR,			-EIO },
	{ VERR_TOO_MUCH_DATA,			-E2BIG },
	{ VERR_BAD_EXE_FORMAT,			-ENOEXEC },
	{ VERR_INVALID_HANDLE,			-EBADF },
	{ VERR_TRY_AGAIN,			-EAGAIN },
	{ VERR_NO_MEMORY,			-ENOMEM },
	{ VERR_INVALID_POINTER,			-EFAULT },
	{ VERR_RESOURCE_BUSY,			-EBUSY },
	{ VERR_ALREADY_EXISTS,			-EEXIST },
	{ VERR_NOT_SAME_DEVICE,			-EXDEV },
	{ VERR_NOT_A_DIRECTORY,			-ENOTDIR },
	{ VERR_PATH_NOT_FOUND,			-ENOTDIR },
	{ VERR_INVALID_NAME,			-ENOENT },
	{ VERR_IS_A_DIRECTORY,			-EISDIR },
	{ VERR_INVALID_PARAMETER,		-EINVAL },
	{ VERR_TOO_MANY_OPEN_FILES,		-ENFILE },
	{ VERR_INVALID_FUNCTION,		-ENOTTY },
	{ VERR_SHARING_VIOLATION,		-ETXTBSY },
	{ VERR_FILE_TOO_BIG,			-EFBIG },
	{ VERR_DISK_FULL,			-ENOSPC },
	{ VERR_SEEK_ON_DEVICE,			-ESPIPE },
	{ VERR_WRITE_PROTECT,			-EROFS },
	{ VERR_BROKEN_PIPE,			-EPIPE },
	{ VERR_DEADLOCK,			-EDEADLK },
	{ VERR_FILENAME_TOO_LONG,		-ENAMETOOLONG },
	{ VERR_FILE_LOCK_FAILED,		-ENOLCK },
	{ VERR_NOT_IMPLEMENTED,			-ENOSYS },
	{ VERR_NOT_SUPPORTED,			-ENOSYS },
	{ VERR_DIR_NOT_EMPTY,			-ENOTEMPTY },
	{ VERR_TOO_MANY_SYMLINKS,		-ELOOP },
	{ VERR_NO_MORE_FILES,			-ENODATA },
	{ VERR_NO_DATA,				-ENODATA },
	{ VERR_TIMEOUT,				-ETIMEDOUT },
	{ VERR_NO_TRANSLATION,			-EILSEQ },
	{ VERR_MEDIA_NOT_PRESENT,		-ENOMEDIUM },
	{ VERR_MEDIA_NOT_RECOGNIZED,		-EMEDIUMTYPE },
	{ VERR_NET_NO_NETWORK,			-ENONET },
	{ VERR_NET_NOT_UNIQUE_NAME,		-ENOTUNIQ },
	{ VERR_NET_NOT_SOCKET,			-ENOTSOCK },
	{ VERR_NET_DEST_ADDRESS_REQUIRED,	-EDESTADDRREQ },
	{ VERR_NET_MSG_SIZE,			-EMSGSIZE },
	{ VERR_NET_PROTOCOL_TYPE,		-EPROTOTYPE },
	{ VERR_NET_PROTOCOL_NOT_AVAILABLE,	-ENOPROTOOPT },
	{ VERR_NET_PROTOCOL_NOT_SUPPORTED,	-EPROTONOSUPPORT },
	{ VERR_NET_SOCKET_TYPE_NOT_SUPPORTED,	-ESOCKTNOSUPPORT },
	{ VERR_NET_OPERATION_NOT_SUPPORTED,	-EOPNOTSUPP },
	{ VERR_NET_PROTOCOL_FAMILY_NOT_SUPPORTED, -EPFNOSUPPORT },
	{ VERR_NET_ADDRESS_FAMILY_NOT_SUPPORTED, -EAFNOSUPPORT },
	{ VERR_NET_ADDRESS_IN_USE,		-EADDRINUSE },
	{ VERR_NET_ADDRESS_NOT_AVAILABLE,	-EADDRNOTAVAIL },
	{ VERR_NET_DOWN,			-ENETDOWN },
	{ VERR_NET_UNREACHABLE,			-ENETUNREACH },
	{ VERR_NET_CONNECTION_RESET,		-ENETRESET },
	{ VERR_NET_CONNECTION_ABORTED,		-ECONNABORTED },
	{ VERR_NET_CONNECTION_RESET_BY_PEER,	-ECONNRESET },
	{ VERR_NET_NO_BUFFER_SPACE,		-ENOBUFS },
	{ VERR_NET_ALREADY_CONNECTED,		-EISCONN },
	{ VERR_NET_NOT_CONNECTED,		-ENOTCONN },
	{ VERR_NET_SHUTDOWN,			-ESHUTDOWN },
	{ VERR_NET_TOO_MANY_REFERENCES,		-ETOOMANYREFS },
	{ VERR_NET_CONNECTION_REFUSED,		-ECONNREFUSED },
	{ VERR_NET_HOST_DOWN,			-EHOSTDOWN },
	{ VERR_NET_HOST_UNREACHABLE,		-EHOSTUNREACH },
	{ VERR_NET_ALREADY_IN_PROGRESS,		-EALREADY },
	{ VERR_NET_IN_PROGRESS,			-EINPROGRESS },
};

/**
 * vbg_status_code_to_errno - translate a VBox status into an errno value.
 * @rc: the VBox status
 *
 * Return: 0 for any success status (VINF_*), the matching negative errno
 * for a known failure, -EPROTO for any other failure.
 */
int vbg_status_code_to_errno(int rc)
{
	size_t i;

	if (rc >= 0)
		return 0;

	for (i = 0; i < ARRAY_SIZE(vbg_status_errno_table); i++)
		if (vbg_status_errno_table[i].status == rc)
			return vbg_status_errno_table[i].err;

	return -EPROTO;
}
