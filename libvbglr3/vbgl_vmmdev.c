// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Generic VMMDev requests (VBG_IOCTL_VMMDEV_REQUEST / _BIG) and the host
 * version query built on them.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

_Static_assert(VBGL_HOST_FEATURE_HGCM_PHYS_PAGE_LIST ==
		       VMMDEV_HVF_HGCM_PHYS_PAGE_LIST,
	       "feature bit");
_Static_assert(VBGL_HOST_FEATURE_HGCM_EMBEDDED_BUFFERS ==
		       VMMDEV_HVF_HGCM_EMBEDDED_BUFFERS,
	       "feature bit");
_Static_assert(VBGL_HOST_FEATURE_HGCM_CONTIGUOUS_PAGE_LIST ==
		       VMMDEV_HVF_HGCM_CONTIGUOUS_PAGE_LIST,
	       "feature bit");
_Static_assert(VBGL_HOST_FEATURE_HGCM_NO_BOUNCE_PAGE_LIST ==
		       VMMDEV_HVF_HGCM_NO_BOUNCE_PAGE_LIST,
	       "feature bit");
_Static_assert(VBGL_HOST_FEATURE_FAST_IRQ_ACK == VMMDEV_HVF_FAST_IRQ_ACK,
	       "feature bit");

int vbgl_vmmdev_request_init(void *req, uint32_t size, uint32_t type)
{
	struct vmmdev_request_header *hdr = req;

	if (!req || size < sizeof(*hdr) || size > VMMDEV_MAX_VMMDEVREQ_SIZE ||
	    type == VMMDEVREQ_INVALID_REQUEST)
		return -EINVAL;
	memset(req, 0, size);
	hdr->size = size;
	hdr->version = VMMDEV_REQUEST_HEADER_VERSION;
	hdr->request_type = type;
	hdr->rc = VERR_GENERAL_FAILURE;
	return 0;
}

int vbgl_vmmdev_request(struct vbgl_handle *h, void *req)
{
	struct vmmdev_request_header *hdr = req;
	unsigned long cmd;

	if (!h || !req)
		return -EINVAL;
	if (hdr->size < sizeof(*hdr) ||
	    hdr->version != VMMDEV_REQUEST_HEADER_VERSION ||
	    hdr->request_type == VMMDEVREQ_INVALID_REQUEST)
		return -EINVAL;
	if (hdr->size > VMMDEV_MAX_VMMDEVREQ_SIZE)
		return -E2BIG;

	/* On the ioctl path reserved1 is the output size. */
	hdr->reserved1 = hdr->size;
	if (hdr->size < VBGL_VMMDEV_BIG_THRESHOLD)
		cmd = VBG_IOCTL_VMMDEV_REQUEST(hdr->size);
	else
		cmd = VBG_IOCTL_VMMDEV_REQUEST_BIG;
	return vbgl_ioctl(h, cmd, req, hdr->size);
}

int vbgl_get_host_version(struct vbgl_handle *h, struct vbgl_host_version *ver)
{
	struct vmmdev_host_version req;
	int ret;

	if (!ver)
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req), VMMDEVREQ_GET_HOST_VERSION);
	ret = vbgl_vmmdev_request(h, &req);
	if (ret < 0)
		return ret;
	ver->major = req.major;
	ver->minor = req.minor;
	ver->build = req.build;
	ver->revision = req.revision;
	ver->features = req.features;
	return 0;
}

int vbgl_host_version_format(const struct vbgl_host_version *ver, char *buf,
			     size_t len)
{
	int n;

	if (!ver || !buf || !len)
		return -EINVAL;
	n = snprintf(buf, len, "%u.%u.%ur%u", ver->major, ver->minor,
		     ver->build, ver->revision);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= len) {
		buf[0] = '\0';
		return -EOVERFLOW;
	}
	return n;
}

const char *vbgl_host_feature_name(uint32_t feature)
{
	switch (feature) {
	case VMMDEV_HVF_HGCM_PHYS_PAGE_LIST:
		return "hgcm-phys-page-list";
	case VMMDEV_HVF_HGCM_EMBEDDED_BUFFERS:
		return "hgcm-embedded-buffers";
	case VMMDEV_HVF_HGCM_CONTIGUOUS_PAGE_LIST:
		return "hgcm-contiguous-page-list";
	case VMMDEV_HVF_HGCM_NO_BOUNCE_PAGE_LIST:
		return "hgcm-no-bounce-page-list";
	case VMMDEV_HVF_FAST_IRQ_ACK:
		return "fast-irq-ack";
	}
	return NULL;
}
