// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Handles: which device a caller means, opening it through the right
 * transport, the driver version query every open makes, and the ioctl
 * entry points everything else goes through.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

/* The public constants are the wire values. */
_Static_assert(VBGL_EVENT_VALID_MASK == VMMDEV_EVENT_VALID_EVENT_MASK,
	       "event mask");
_Static_assert(VBGL_VMMDEV_HEADER_SIZE == sizeof(struct vmmdev_request_header),
	       "header size");
_Static_assert(VBGL_VMMDEV_MAX_REQUEST_SIZE == VMMDEV_MAX_VMMDEVREQ_SIZE,
	       "request size limit");

static int spec_set(struct vbgl_device_spec *spec, enum vbgl_transport t,
		    const char *device)
{
	size_t len = strlen(device);

	if (len >= sizeof(spec->device))
		return -ENAMETOOLONG;
	memcpy(spec->device, device, len + 1);
	spec->transport = t;
	spec->path = spec->device;
	if (t == VBGL_TRANSPORT_SOCKET)
		spec->path += strlen(VBGL_DEVICE_UNIX_PREFIX);
	return 0;
}

int vbgl_device_parse(const char *device, unsigned int flags, const char *env,
		      struct vbgl_device_spec *spec)
{
	size_t prefix = strlen(VBGL_DEVICE_UNIX_PREFIX);
	const char *path;

	if (!spec || (flags & ~VBGL_OPEN_USER))
		return -EINVAL;
	if (!device)
		device = (env && env[0]) ? env : NULL;
	if (!device)
		device = (flags & VBGL_OPEN_USER) ? VBGL_DEVICE_USER :
						    VBGL_DEVICE_SYSTEM;
	if (!device[0])
		return -EINVAL;
	if (strncmp(device, VBGL_DEVICE_UNIX_PREFIX, prefix) != 0)
		return spec_set(spec, VBGL_TRANSPORT_DEVICE, device);

	path = device + prefix;
	if (!path[0])
		return -EINVAL;
	if (strlen(path) > VBGL_UNIX_PATH_MAX)
		return -ENAMETOOLONG;
	return spec_set(spec, VBGL_TRANSPORT_SOCKET, device);
}

void vbgl_ioctl_hdr_init(struct vbg_ioctl_hdr *hdr, uint32_t size_in,
			 uint32_t size_out, uint32_t type)
{
	hdr->size_in = size_in;
	hdr->version = VBG_IOCTL_HDR_VERSION;
	hdr->type = type;
	hdr->rc = VERR_INTERNAL_ERROR;
	hdr->size_out = size_out;
	hdr->reserved = 0;
}

int vbgl_ioctl_raw(struct vbgl_handle *h, unsigned long cmd, void *buf,
		   size_t buf_len)
{
	if (!h)
		return -EINVAL;
	if (!buf || !buf_len)
		return -EFAULT;
	return h->ops->ioctl(h->priv, cmd, buf, buf_len);
}

int vbgl_ioctl(struct vbgl_handle *h, unsigned long cmd, void *buf,
	       size_t buf_len)
{
	struct vbg_ioctl_hdr *hdr = buf;
	int ret;

	ret = vbgl_ioctl_raw(h, cmd, buf, buf_len);
	if (ret < 0)
		return ret;
	return vbgl_status_to_errno(hdr->rc);
}

/*
 * Ask for interface 1.0, as VbglR3 does; the mainline driver answers with
 * a header status of VERR_VERSION_MISMATCH if it cannot serve it.
 */
static void query_driver_version(struct vbgl_handle *h)
{
	struct vbg_ioctl_driver_version_info info;

	memset(&info, 0, sizeof(info));
	vbgl_ioctl_hdr_init(&info.hdr, sizeof(info.hdr) + sizeof(info.u.in),
			    sizeof(info.hdr) + sizeof(info.u.out),
			    VBG_IOCTL_HDR_TYPE_DEFAULT);
	info.u.in.req_version = VBG_IOC_VERSION;
	info.u.in.min_version = VBG_IOC_VERSION;

	h->driver_info_err = vbgl_ioctl(h, VBG_IOCTL_DRIVER_VERSION_INFO, &info,
					sizeof(info));
	if (h->driver_info_err < 0)
		return;
	h->driver_info.session_version = info.u.out.session_version;
	h->driver_info.driver_version = info.u.out.driver_version;
	h->driver_info.driver_revision = info.u.out.driver_revision;
}

int vbgl_open(const char *device, unsigned int flags, struct vbgl_handle **out)
{
	struct vbgl_device_spec spec;
	struct vbgl_handle *h;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	ret = vbgl_device_parse(device, flags, secure_getenv(VBGL_DEVICE_ENV),
				&spec);
	if (ret < 0)
		return ret;

	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->transport = spec.transport;
	h->ops = spec.transport == VBGL_TRANSPORT_SOCKET ?
			 &vbgl_socket_transport :
			 &vbgl_device_transport;
	h->device = strdup(spec.device);
	if (!h->device) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = h->ops->open(spec.path, &h->priv);
	if (ret < 0)
		goto err_free_device;

	/* A simulator that hangs up at once is not worth a handle. */
	query_driver_version(h);
	if (h->driver_info_err == -ENOTCONN) {
		ret = -ENOTCONN;
		h->ops->close(h->priv);
		goto err_free_device;
	}
	*out = h;
	return 0;

err_free_device:
	free(h->device);
err_free:
	free(h);
	return ret;
}

void vbgl_close(struct vbgl_handle *h)
{
	if (!h)
		return;
	h->ops->close(h->priv);
	free(h->device);
	free(h);
}

const char *vbgl_device(const struct vbgl_handle *h)
{
	return h ? h->device : NULL;
}

enum vbgl_transport vbgl_transport(const struct vbgl_handle *h)
{
	return h ? h->transport : 0;
}

const char *vbgl_transport_name(enum vbgl_transport t)
{
	switch (t) {
	case VBGL_TRANSPORT_DEVICE:
		return "device";
	case VBGL_TRANSPORT_SOCKET:
		return "socket";
	}
	return "unknown";
}

int vbgl_driver_info(const struct vbgl_handle *h, struct vbgl_driver_info *info)
{
	if (!h || !info)
		return -EINVAL;
	if (h->driver_info_err < 0)
		return h->driver_info_err;
	*info = h->driver_info;
	return 0;
}
