/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvbglr3 internals: the handle, the transport ops table, the raw ioctl
 * entry and the device-string parser.  Nothing here is exported from the
 * shared library (see libvbglr3.map); the unit tests and the end-to-end
 * tests reach it by linking the libvbglr3-core convenience library.
 */
#ifndef VBGL_INTERNAL_H
#define VBGL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/un.h>
#include <linux/vboxguest.h>

#include "libvbglr3/vbglr3.h"

/* Default device nodes. */
#define VBGL_DEVICE_SYSTEM "/dev/vboxguest"
#define VBGL_DEVICE_USER   "/dev/vboxuser"
/* The environment variable that overrides the default. */
#define VBGL_DEVICE_ENV "VBGL_DEVICE"
/* Prefix of a simulator socket device string. */
#define VBGL_DEVICE_UNIX_PREFIX "unix:"

/* The largest path a Unix socket address holds (without the NUL). */
#define VBGL_UNIX_PATH_MAX (sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

/* The driver's largest ioctl argument; larger ones fail with E2BIG. */
#define VBGL_MAX_IOCTL_SIZE (16u * 1024 * 1024)

/* VMMDev requests at or above this size use VMMDEV_REQUEST_BIG. */
#define VBGL_VMMDEV_BIG_THRESHOLD 1024u

/* What vbgl_device_parse() found. */
struct vbgl_device_spec {
	enum vbgl_transport transport;
	/* The full device string (what vbgl_device() reports). */
	char device[sizeof(VBGL_DEVICE_UNIX_PREFIX) + 4096];
	/* The node path or the socket path, without "unix:". */
	const char *path;
};

/**
 * vbgl_device_parse - decide which device a vbgl_open() means.
 * @device: the caller's device string or NULL
 * @flags: the vbgl_open() flags
 * @env: the value of $VBGL_DEVICE, or NULL if unset
 * @spec: receives the result; spec->path points into spec->device
 *
 * Precedence: @device, then a non-empty @env, then the default node for
 * @flags.
 *
 * Return: 0; -EINVAL for unknown flags, an empty device string or an
 * empty socket path; -ENAMETOOLONG for a socket path that does not fit a
 * Unix socket address or a device string over 4095 bytes.
 */
int vbgl_device_parse(const char *device, unsigned int flags, const char *env,
		      struct vbgl_device_spec *spec);

/*
 * A transport.  ioctl() has the semantics of ioctl(2) on the device: it
 * returns 0 (the VBox status is then in the argument's header) or a
 * negative errno; buf_len bounds how much of buf the transport may read or
 * write.  It is called from many threads at once.
 */
struct vbgl_transport_ops {
	const char *name;
	int (*open)(const char *path, void **priv);
	int (*ioctl)(void *priv, unsigned long cmd, void *buf, size_t buf_len);
	void (*close)(void *priv);
};

extern const struct vbgl_transport_ops vbgl_device_transport;
extern const struct vbgl_transport_ops vbgl_socket_transport;

struct vbgl_handle {
	const struct vbgl_transport_ops *ops;
	void *priv;
	enum vbgl_transport transport;
	char *device;
	/* DRIVER_VERSION_INFO at open: 0 and the answer, or its error. */
	int driver_info_err;
	struct vbgl_driver_info driver_info;
};

/**
 * vbgl_ioctl_raw - pass an ioctl to the transport exactly as given.
 * @h: the handle
 * @cmd: the ioctl request number
 * @buf: the argument (header first)
 * @buf_len: bytes of @buf the transport may touch
 *
 * No validation beyond a NULL/empty buffer (-EFAULT, as ioctl(2) would
 * give): tests use it to send malformed requests.
 *
 * Return: 0 (the status is in the header's rc) or a negative errno.
 */
int vbgl_ioctl_raw(struct vbgl_handle *h, unsigned long cmd, void *buf,
		   size_t buf_len);

/**
 * vbgl_ioctl_hdr_init - fill an ioctl header for a fixed-size ioctl.
 * @hdr: the header at the start of the argument
 * @size_in: input size, header included
 * @size_out: output size, header included
 * @type: VBG_IOCTL_HDR_TYPE_DEFAULT or a VMMDev request type
 */
void vbgl_ioctl_hdr_init(struct vbg_ioctl_hdr *hdr, uint32_t size_in,
			 uint32_t size_out, uint32_t type);

/**
 * vbgl_ioctl - run an ioctl whose argument starts with a vbg_ioctl_hdr.
 * @h: the handle
 * @cmd: the ioctl request number
 * @buf: the argument
 * @buf_len: its size
 *
 * Return: the transport's errno, else the header's status through
 * vbgl_status_to_errno().
 */
int vbgl_ioctl(struct vbgl_handle *h, unsigned long cmd, void *buf,
	       size_t buf_len);

/**
 * vbgl_errno_to_status - the VirtualBox status closest to an errno, for
 * the calls that report a guest failure to the host.
 * @err: 0 or a negative errno
 *
 * The inverse of vbgl_status_to_errno() for the errno values it yields
 * most; anything else becomes VERR_GENERAL_FAILURE.
 *
 * Return: a VBox status code.
 */
int32_t vbgl_errno_to_status(int err);

#endif /* VBGL_INTERNAL_H */
