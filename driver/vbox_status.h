/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * VirtualBox status codes: the ones the project uses beyond the mainline
 * uapi header <linux/vbox_err.h>, and the one table that turns a status
 * into an errno value.
 *
 * Every code is defined here once, for the kernel driver, libvbglr3 (which
 * installs this header next to its own) and vbox-hostsim alike; the values
 * are those of VirtualBox's IPRT and VBox status code lists.  Codes that
 * <linux/vbox_err.h> already has are never repeated here.
 *
 * Licensing: the GPL-2.0-only driver and the LGPL-2.1-or-later library
 * both include this file, so it is offered under either licence.
 *
 * This header includes only <linux/errno.h> and <linux/vbox_err.h>, which
 * exist both in the kernel and, as uapi headers, in userspace; the errno
 * values are the same in both worlds.
 */
#ifndef VBOX_STATUS_H
#define VBOX_STATUS_H

#include <linux/errno.h>
#include <linux/vbox_err.h>

/* Informational (success) codes and warnings. */
#define VINF_BUFFER_OVERFLOW	  41
#define VINF_TRY_AGAIN		  52
#define VWRN_NOT_FOUND		  78
#define VINF_HGCM_CLIENT_REJECTED 2901

/* Generic failures. */
#define VERR_INVALID_UTF8_ENCODING (-61)
#define VERR_CANCELLED		   (-70)
#define VERR_TOO_MANY_OPENS	   (-356)
#define VERR_WRONG_PARAMETER_COUNT (-22415)
#define VERR_WRONG_PARAMETER_TYPE  (-22416)
#define VERR_INVALID_CLIENT_ID	   (-22417)
#define VERR_INCOMPATIBLE_CONFIG   (-22420)

/* Host-Guest Communication Manager failures. */
#define VERR_HGCM_SERVICE_NOT_FOUND	(-2900)
#define VERR_HGCM_INVALID_CMD_ADDRESS	(-2902)
#define VERR_HGCM_INTERNAL		(-2904)
#define VERR_HGCM_INVALID_CLIENT_ID	(-2905)
#define VERR_HGCM_SERVICE_EXISTS	(-2907)
#define VERR_HGCM_TOO_MANY_CLIENTS	(-2908)
#define VERR_HGCM_TOO_MANY_CLIENT_CALLS (-2909)

/**
 * enum vbox_errno_set - which translations vbox_status_to_errno() applies.
 * @VBOX_ERRNO_MAINLINE: exactly the mainline vboxguest driver's, so the
 *	kernel driver returns what mainline returns and vboxsf or any other
 *	in-kernel caller sees the same errno values
 * @VBOX_ERRNO_USERSPACE: those plus the ones userspace gains for the codes
 *	HGCM services and VMMDev requests return to it, which the kernel
 *	never translates (libvbglr3)
 */
enum vbox_errno_set {
	VBOX_ERRNO_MAINLINE,
	VBOX_ERRNO_USERSPACE,
};

/**
 * struct vbox_status_errno - one row of the translation table.
 * @status: the VBox failure status
 * @err: the negative errno it stands for
 * @set: the smallest set that has the row
 */
struct vbox_status_errno {
	int status;
	int err;
	enum vbox_errno_set set;
};

/**
 * vbox_status_to_errno - translate a VBox status code into an errno value.
 * @rc: the VBox status
 * @set: which translations apply
 *
 * A plain list rather than an array indexed by -status: the codes are
 * sparse, reach down to -22417, and a lookup happens once per failure.
 *
 * Return: 0 for any success status (VINF_* and VWRN_*, rc >= 0); the
 * matching negative errno for a failure the set translates; -EPROTO for
 * any other failure.
 */
static inline int vbox_status_to_errno(int rc, enum vbox_errno_set set)
{
#define VBOX_M VBOX_ERRNO_MAINLINE
#define VBOX_U VBOX_ERRNO_USERSPACE
	static const struct vbox_status_errno table[] = {
		/* The mainline driver's table. */
		{ VERR_ACCESS_DENIED, -EPERM, VBOX_M },
		{ VERR_FILE_NOT_FOUND, -ENOENT, VBOX_M },
		{ VERR_PROCESS_NOT_FOUND, -ESRCH, VBOX_M },
		{ VERR_INTERRUPTED, -EINTR, VBOX_M },
		{ VERR_DEV_IO_ERROR, -EIO, VBOX_M },
		{ VERR_TOO_MUCH_DATA, -E2BIG, VBOX_M },
		{ VERR_BAD_EXE_FORMAT, -ENOEXEC, VBOX_M },
		{ VERR_INVALID_HANDLE, -EBADF, VBOX_M },
		{ VERR_TRY_AGAIN, -EAGAIN, VBOX_M },
		{ VERR_NO_MEMORY, -ENOMEM, VBOX_M },
		{ VERR_INVALID_POINTER, -EFAULT, VBOX_M },
		{ VERR_RESOURCE_BUSY, -EBUSY, VBOX_M },
		{ VERR_ALREADY_EXISTS, -EEXIST, VBOX_M },
		{ VERR_NOT_SAME_DEVICE, -EXDEV, VBOX_M },
		{ VERR_NOT_A_DIRECTORY, -ENOTDIR, VBOX_M },
		{ VERR_PATH_NOT_FOUND, -ENOTDIR, VBOX_M },
		{ VERR_INVALID_NAME, -ENOENT, VBOX_M },
		{ VERR_IS_A_DIRECTORY, -EISDIR, VBOX_M },
		{ VERR_INVALID_PARAMETER, -EINVAL, VBOX_M },
		{ VERR_TOO_MANY_OPEN_FILES, -ENFILE, VBOX_M },
		{ VERR_INVALID_FUNCTION, -ENOTTY, VBOX_M },
		{ VERR_SHARING_VIOLATION, -ETXTBSY, VBOX_M },
		{ VERR_FILE_TOO_BIG, -EFBIG, VBOX_M },
		{ VERR_DISK_FULL, -ENOSPC, VBOX_M },
		{ VERR_SEEK_ON_DEVICE, -ESPIPE, VBOX_M },
		{ VERR_WRITE_PROTECT, -EROFS, VBOX_M },
		{ VERR_BROKEN_PIPE, -EPIPE, VBOX_M },
		{ VERR_DEADLOCK, -EDEADLK, VBOX_M },
		{ VERR_FILENAME_TOO_LONG, -ENAMETOOLONG, VBOX_M },
		{ VERR_FILE_LOCK_FAILED, -ENOLCK, VBOX_M },
		{ VERR_NOT_IMPLEMENTED, -ENOSYS, VBOX_M },
		{ VERR_NOT_SUPPORTED, -ENOSYS, VBOX_M },
		{ VERR_DIR_NOT_EMPTY, -ENOTEMPTY, VBOX_M },
		{ VERR_TOO_MANY_SYMLINKS, -ELOOP, VBOX_M },
		{ VERR_NO_MORE_FILES, -ENODATA, VBOX_M },
		{ VERR_NO_DATA, -ENODATA, VBOX_M },
		{ VERR_TIMEOUT, -ETIMEDOUT, VBOX_M },
		{ VERR_NO_TRANSLATION, -EILSEQ, VBOX_M },
		{ VERR_MEDIA_NOT_PRESENT, -ENOMEDIUM, VBOX_M },
		{ VERR_MEDIA_NOT_RECOGNIZED, -EMEDIUMTYPE, VBOX_M },
		{ VERR_NET_NO_NETWORK, -ENONET, VBOX_M },
		{ VERR_NET_NOT_UNIQUE_NAME, -ENOTUNIQ, VBOX_M },
		{ VERR_NET_NOT_SOCKET, -ENOTSOCK, VBOX_M },
		{ VERR_NET_DEST_ADDRESS_REQUIRED, -EDESTADDRREQ, VBOX_M },
		{ VERR_NET_MSG_SIZE, -EMSGSIZE, VBOX_M },
		{ VERR_NET_PROTOCOL_TYPE, -EPROTOTYPE, VBOX_M },
		{ VERR_NET_PROTOCOL_NOT_AVAILABLE, -ENOPROTOOPT, VBOX_M },
		{ VERR_NET_PROTOCOL_NOT_SUPPORTED, -EPROTONOSUPPORT, VBOX_M },
		{ VERR_NET_SOCKET_TYPE_NOT_SUPPORTED, -ESOCKTNOSUPPORT,
		  VBOX_M },
		{ VERR_NET_OPERATION_NOT_SUPPORTED, -EOPNOTSUPP, VBOX_M },
		{ VERR_NET_PROTOCOL_FAMILY_NOT_SUPPORTED, -EPFNOSUPPORT,
		  VBOX_M },
		{ VERR_NET_ADDRESS_FAMILY_NOT_SUPPORTED, -EAFNOSUPPORT,
		  VBOX_M },
		{ VERR_NET_ADDRESS_IN_USE, -EADDRINUSE, VBOX_M },
		{ VERR_NET_ADDRESS_NOT_AVAILABLE, -EADDRNOTAVAIL, VBOX_M },
		{ VERR_NET_DOWN, -ENETDOWN, VBOX_M },
		{ VERR_NET_UNREACHABLE, -ENETUNREACH, VBOX_M },
		{ VERR_NET_CONNECTION_RESET, -ENETRESET, VBOX_M },
		{ VERR_NET_CONNECTION_ABORTED, -ECONNABORTED, VBOX_M },
		{ VERR_NET_CONNECTION_RESET_BY_PEER, -ECONNRESET, VBOX_M },
		{ VERR_NET_NO_BUFFER_SPACE, -ENOBUFS, VBOX_M },
		{ VERR_NET_ALREADY_CONNECTED, -EISCONN, VBOX_M },
		{ VERR_NET_NOT_CONNECTED, -ENOTCONN, VBOX_M },
		{ VERR_NET_SHUTDOWN, -ESHUTDOWN, VBOX_M },
		{ VERR_NET_TOO_MANY_REFERENCES, -ETOOMANYREFS, VBOX_M },
		{ VERR_NET_CONNECTION_REFUSED, -ECONNREFUSED, VBOX_M },
		{ VERR_NET_HOST_DOWN, -EHOSTDOWN, VBOX_M },
		{ VERR_NET_HOST_UNREACHABLE, -EHOSTUNREACH, VBOX_M },
		{ VERR_NET_ALREADY_IN_PROGRESS, -EALREADY, VBOX_M },
		{ VERR_NET_IN_PROGRESS, -EINPROGRESS, VBOX_M },
		/*
		 * What userspace adds.  VERR_HGCM_SERVICE_NOT_FOUND gets
		 * -ENXIO so that "no such service" differs from "no such
		 * file".
		 */
		{ VERR_BUFFER_OVERFLOW, -EOVERFLOW, VBOX_U },
		{ VERR_NOT_FOUND, -ENOENT, VBOX_U },
		{ VERR_HGCM_SERVICE_NOT_FOUND, -ENXIO, VBOX_U },
		{ VERR_OUT_OF_RANGE, -ERANGE, VBOX_U },
		{ VERR_PERMISSION_DENIED, -EPERM, VBOX_U },
		{ VERR_VERSION_MISMATCH, -EPROTONOSUPPORT, VBOX_U },
		{ VERR_INVALID_STATE, -EBADFD, VBOX_U },
		{ VERR_OUT_OF_RESOURCES, -ENOSPC, VBOX_U },
		{ VERR_EOF, -ENODATA, VBOX_U },
		{ VERR_HGCM_INVALID_CLIENT_ID, -EBADF, VBOX_U },
		{ VERR_INVALID_CLIENT_ID, -EBADF, VBOX_U },
		{ VERR_HGCM_TOO_MANY_CLIENTS, -ENFILE, VBOX_U },
		{ VERR_HGCM_TOO_MANY_CLIENT_CALLS, -EAGAIN, VBOX_U },
		{ VERR_WRONG_PARAMETER_COUNT, -EINVAL, VBOX_U },
		{ VERR_WRONG_PARAMETER_TYPE, -EINVAL, VBOX_U },
		{ VERR_PARSE_ERROR, -EINVAL, VBOX_U },
		/* Shared folders (docs/protocol/shared-folders.md). */
		{ VERR_NOT_SYMLINK, -EINVAL, VBOX_U },
		{ VERR_INVALID_FLAGS, -EINVAL, VBOX_U },
		{ VERR_NEGATIVE_SEEK, -EINVAL, VBOX_U },
		{ VERR_CANCELLED, -ECANCELED, VBOX_U },
		{ VERR_TOO_MANY_OPENS, -EMFILE, VBOX_U },
		{ VERR_INVALID_UTF8_ENCODING, -EILSEQ, VBOX_U },
		{ VINF_SUCCESS, 0, 0 }, /* the end: no row maps success */
	};
#undef VBOX_M
#undef VBOX_U
	unsigned int i;

	if (rc >= 0)
		return 0;
	for (i = 0; table[i].status != VINF_SUCCESS; i++) {
		if (table[i].status == rc && table[i].set <= set)
			return table[i].err;
	}
	return -EPROTO;
}

#endif /* VBOX_STATUS_H */
