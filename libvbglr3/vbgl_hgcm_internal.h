/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The HGCM call object.  Private to the library (the public header only
 * names it); here so the unit tests can check the ioctl buffer a call
 * produces.
 */
#ifndef VBGL_HGCM_INTERNAL_H
#define VBGL_HGCM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/vboxguest.h>

#include "driver/vmmdev.h"

struct vbgl_hgcm_call {
	/* The ioctl argument: the header, then the parameter slots. */
	struct vbg_ioctl_hgcm_call hdr;
	struct vmmdev_hgcm_function_parameter parms[VMMDEV_HGCM_MAX_PARMS];
	/* Bookkeeping, never sent. */
	unsigned int parm_count;
	uint32_t buf_size[VMMDEV_HGCM_MAX_PARMS]; /* as the setter gave */
};

/**
 * vbgl_hgcm_call_prepare - make the ioctl argument ready to send.
 * @call: the call
 * @len: receives the argument length (header plus parameter slots)
 *
 * Checks every parameter was set, restores the buffer sizes the setters
 * gave (a previous run left the host's sizes there) and fills the header.
 *
 * Return: 0 or -EINVAL.
 */
int vbgl_hgcm_call_prepare(struct vbgl_hgcm_call *call, size_t *len);

#endif /* VBGL_HGCM_INTERNAL_H */
