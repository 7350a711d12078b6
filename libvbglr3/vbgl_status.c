// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one place a VirtualBox status code becomes an errno value.
 *
 * The base is the mainline kernel's table (so a program sees the same errno
 * whether the kernel or the library translated a status); the additions
 * are the codes HGCM services and VMMDev requests return to userspace that
 * the kernel never needs to translate.  The way back, for the calls that
 * report a guest failure to the host, lives here too.
 */
#include "config.h"

#include <errno.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"
#include "libvbglr3/vbgl_shfl_wire.h"

int vbgl_status_to_errno(int32_t rc)
{
	if (rc >= 0)
		return 0;

	switch (rc) {
	/* The mainline table. */
	case VERR_ACCESS_DENIED:		return -EPERM;
	case VERR_FILE_NOT_FOUND:		return -ENOENT;
	case VERR_PROCESS_NOT_FOUND:		return -ESRCH;
	case VERR_INTERRUPTED:			return -EINTR;
	case VERR_DEV_IO_ERROR:			return -EIO;
	case VERR_TOO_MUCH_DATA:		return -E2BIG;
	case VERR_BAD_EXE_FORMAT:		return -ENOEXEC;
	case VERR_INVALID_HANDLE:		return -EBADF;
	case VERR_TRY_AGAIN:			return -EAGAIN;
	case VERR_NO_MEMORY:			return -ENOMEM;
	case VERR_INVALID_POINTER:		return -EFAULT;
	case VERR_RESOURCE_BUSY:		return -EBUSY;
	case VERR_ALREADY_EXISTS:		return -EEXIST;
	case VERR_NOT_SAME_DEVICE:		return -EXDEV;
	case VERR_NOT_A_DIRECTORY:
	case VERR_PATH_NOT_FOUND:		return -ENOTDIR;
	case VERR_INVALID_NAME:			return -ENOENT;
	case VERR_IS_A_DIRECTORY:		return -EISDIR;
	case VERR_INVALID_PARAMETER:		return -EINVAL;
	case VERR_NOT_SUPPORTED:		return -ENOSYS;
	case VERR_TOO_MANY_OPEN_FILES:		return -ENFILE;
	case VERR_SEEK_ON_DEVICE:		return -ESPIPE;
	case VERR_INVALID_FUNCTION:		return -ENOTTY;
	case VERR_SHARING_VIOLATION:		return -ETXTBSY;
	case VERR_WRITE_PROTECT:		return -EROFS;
	case VERR_FILE_TOO_BIG:			return -EFBIG;
	case VERR_DISK_FULL:			return -ENOSPC;
	case VERR_FILENAME_TOO_LONG:		return -ENAMETOOLONG;
	case VERR_BROKEN_PIPE:			return -EPIPE;
	case VERR_DEADLOCK:			return -EDEADLK;
	case VERR_FILE_LOCK_FAILED:		return -ENOLCK;
	case VERR_NOT_IMPLEMENTED:		return -ENOSYS;
	case VERR_DIR_NOT_EMPTY:		return -ENOTEMPTY;
	case VERR_TOO_MANY_SYMLINKS:		return -ELOOP;
	case VERR_NO_MORE_FILES:
	case VERR_NO_DATA:			return -ENODATA;
	case VERR_TIMEOUT:			return -ETIMEDOUT;
	case VERR_NO_TRANSLATION:		return -EILSEQ;
	case VERR_MEDIA_NOT_PRESENT:		return -ENOMEDIUM;
	case VERR_MEDIA_NOT_RECOGNIZED:		return -EMEDIUMTYPE;
	case VERR_NET_NO_NETWORK:		return -ENONET;
	case VERR_NET_NOT_UNIQUE_NAME:		return -ENOTUNIQ;
	case VERR_NET_NOT_SOCKET:		return -ENOTSOCK;
	case VERR_NET_DEST_ADDRESS_REQUIRED:	return -EDESTADDRREQ;
	case VERR_NET_MSG_SIZE:			return -EMSGSIZE;
	case VERR_NET_PROTOCOL_TYPE:		return -EPROTOTYPE;
	case VERR_NET_PROTOCOL_NOT_AVAILABLE:	return -ENOPROTOOPT;
	case VERR_NET_PROTOCOL_NOT_SUPPORTED:	return -EPROTONOSUPPORT;
	case VERR_NET_SOCKET_TYPE_NOT_SUPPORTED: return -ESOCKTNOSUPPORT;
	case VERR_NET_OPERATION_NOT_SUPPORTED:	return -EOPNOTSUPP;
	case VERR_NET_PROTOCOL_FAMILY_NOT_SUPPORTED: return -EPFNOSUPPORT;
	case VERR_NET_ADDRESS_FAMILY_NOT_SUPPORTED: return -EAFNOSUPPORT;
	case VERR_NET_ADDRESS_IN_USE:		return -EADDRINUSE;
	case VERR_NET_ADDRESS_NOT_AVAILABLE:	return -EADDRNOTAVAIL;
	case VERR_NET_DOWN:			return -ENETDOWN;
	case VERR_NET_UNREACHABLE:		return -ENETUNREACH;
	case VERR_NET_CONNECTION_RESET:		return -ENETRESET;
	case VERR_NET_CONNECTION_ABORTED:	return -ECONNABORTED;
	case VERR_NET_CONNECTION_RESET_BY_PEER:	return -ECONNRESET;
	case VERR_NET_NO_BUFFER_SPACE:		return -ENOBUFS;
	case VERR_NET_ALREADY_CONNECTED:	return -EISCONN;
	case VERR_NET_NOT_CONNECTED:		return -ENOTCONN;
	case VERR_NET_SHUTDOWN:			return -ESHUTDOWN;
	case VERR_NET_TOO_MANY_REFERENCES:	return -ETOOMANYREFS;
	case VERR_NET_CONNECTION_REFUSED:	return -ECONNREFUSED;
	case VERR_NET_HOST_DOWN:		return -EHOSTDOWN;
	case VERR_NET_HOST_UNREACHABLE:		return -EHOSTUNREACH;
	case VERR_NET_ALREADY_IN_PROGRESS:	return -EALREADY;
	case VERR_NET_IN_PROGRESS:		return -EINPROGRESS;

	/* What userspace needs beyond the kernel's table. */
	case VERR_BUFFER_OVERFLOW:		return -EOVERFLOW;
	case VERR_NOT_FOUND:			return -ENOENT;
	case VERR_HGCM_SERVICE_NOT_FOUND:	return -ENXIO;
	case VERR_OUT_OF_RANGE:			return -ERANGE;
	case VERR_PERMISSION_DENIED:		return -EPERM;
	case VERR_VERSION_MISMATCH:		return -EPROTONOSUPPORT;
	case VERR_INVALID_STATE:		return -EBADFD;
	case VERR_OUT_OF_RESOURCES:		return -ENOSPC;
	case VERR_EOF:				return -ENODATA;
	case VERR_HGCM_INVALID_CLIENT_ID:
	case VERR_INVALID_CLIENT_ID:		return -EBADF;
	case VERR_HGCM_TOO_MANY_CLIENTS:	return -ENFILE;
	case VERR_HGCM_TOO_MANY_CLIENT_CALLS:	return -EAGAIN;
	case VERR_WRONG_PARAMETER_COUNT:
	case VERR_WRONG_PARAMETER_TYPE:
	case VERR_PARSE_ERROR:			return -EINVAL;
	/* Shared folders (shared-folders.md §6.1). */
	case VERR_NOT_SYMLINK:
	case VERR_INVALID_FLAGS:
	case VERR_NEGATIVE_SEEK:		return -EINVAL;
	case VERR_CANCELLED:			return -ECANCELED;
	case VERR_TOO_MANY_OPENS:		return -EMFILE;
	default:				return -EPROTO;
	}
}

int32_t vbgl_errno_to_status(int err)
{
	switch (err) {
	case 0:			return VINF_SUCCESS;
	case -EINVAL:		return VERR_INVALID_PARAMETER;
	case -ENOMEM:		return VERR_NO_MEMORY;
	case -ENOSYS:
	case -EOPNOTSUPP:	return VERR_NOT_SUPPORTED;
	case -ENODATA:		return VERR_NO_DATA;
	case -ETIMEDOUT:	return VERR_TIMEOUT;
	case -EAGAIN:		return VERR_TRY_AGAIN;
	case -EBUSY:		return VERR_RESOURCE_BUSY;
	case -EINTR:		return VERR_INTERRUPTED;
	case -EPERM:
	case -EACCES:		return VERR_ACCESS_DENIED;
	case -E2BIG:		return VERR_TOO_MUCH_DATA;
	case -EILSEQ:		return VERR_NO_TRANSLATION;
	case -EIO:		return VERR_DEV_IO_ERROR;
	default:		return VERR_GENERAL_FAILURE;
	}
}
