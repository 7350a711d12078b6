/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-clipboard's host side: one connection to the host's Shared
 * Clipboard service, with two threads of its own so that the main loop
 * never blocks on the host.
 *
 *  - The waiter thread blocks in vbgl_clipboard_next_msg() and hands each
 *    host message to the main loop.
 *  - The call thread runs the other calls (announcing formats, reading the
 *    host's data, answering the host's read requests) one at a time, in
 *    the order the main loop asked for them, and hands the results back.
 *
 * Both threads sleep in blocking calls (a socket read, a queue pop): an
 * idle agent is never woken.  When the host goes away (the simulator is
 * killed, the device disappears), the main loop tears the connection down
 * and reconnects with back-off (services/common/ovt_reconnect.h); while it
 * is away, reads fail with -ENOTCONN and answers are dropped.
 *
 * Every function here is called from the main loop, and every callback
 * runs in it.
 *
 * The facility status (services/common/ovt_facility.h) follows the
 * connection: init once the device is open, active once up() has run,
 * failed when the host has no clipboard service or the connection cannot
 * be made, terminating and terminated from clip_host_free().
 */
#ifndef CLIP_HOST_H
#define CLIP_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "libvbglr3/vbglr3_clipboard.h"
#include "services/common/ovt_facility.h"

struct clip_host;

/* What the host side tells the rest of the agent. */
struct clip_host_ops {
	/* (Re)connected; @legacy: the host speaks the pre-6.1 protocol. */
	void (*up)(void *data, bool legacy);
	/* The connection is gone; a reconnect is under way. */
	void (*down)(void *data, int err);
	/* The host clipboard now offers @formats (0: it is empty). */
	void (*formats)(void *data, uint32_t formats);
	/*
	 * The host wants the guest's data in one of @req->formats: answer
	 * with clip_host_write(), also when there is nothing to give.
	 */
	void (*read_request)(void *data, const struct vbgl_clipboard_msg *req);
};

/**
 * typedef clip_host_read_fn - the end of a clip_host_read().
 * @err: 0 or a negative errno (-ENOTCONN while the host is away)
 * @data: the data in the wire encoding (NULL on error); the callee may
 *	keep a reference
 * @user: as given to clip_host_read()
 */
typedef void (*clip_host_read_fn)(int err, GBytes *data, void *user);

/**
 * clip_host_new - prepare the host side; nothing is connected yet.
 * @device: the device or "unix:SOCKET", NULL for the default
 * @facility: the facility to report on (kept, not owned), or NULL
 * @ops: the callbacks (kept as a pointer)
 * @data: passed to them
 *
 * Return: the host side.
 */
struct clip_host *clip_host_new(const char *device,
				struct ovt_facility *facility,
				const struct clip_host_ops *ops, void *data);

/**
 * clip_host_start - connect for the first time.
 * @h: the host side
 * @error: receives the reason of a failure (g_free())
 *
 * Return: 0, or the negative errno of the failure (the agent then exits:
 * later losses are reconnected, a host that was never there is not).
 */
int clip_host_start(struct clip_host *h, char **error);

/**
 * clip_host_report_end - while connected, report the facility terminating
 * and terminated (the agent is about to go).
 * @h: the host side
 */
void clip_host_report_end(struct clip_host *h);

/**
 * clip_host_free - disconnect and free; NULL is ignored.
 * @h: the host side
 *
 * While connected, the facility is reported terminating and terminated
 * first.  Results still on their way to the main loop are dropped.
 */
void clip_host_free(struct clip_host *h);

/**
 * clip_host_connected - whether the host is there now.
 * @h: the host side
 *
 * Return: true while connected.
 */
bool clip_host_connected(const struct clip_host *h);

/**
 * clip_host_report - announce the guest's formats to the host.
 * @h: the host side
 * @formats: VBOX_SHCL_FMT_* bits, 0 for none
 *
 * While the host is away the announcement is dropped: the caller
 * announces again from its up() callback.
 */
void clip_host_report(struct clip_host *h, uint32_t formats);

/**
 * clip_host_read - read the host's clipboard in one format.
 * @h: the host side
 * @format: one VBOX_SHCL_FMT_* bit
 * @max_size: the most bytes accepted; more is refused with -EFBIG
 * @fn: called with the result, always from the main loop, never from
 *	inside this call
 * @user: passed to @fn
 */
void clip_host_read(struct clip_host *h, uint32_t format, size_t max_size,
		    clip_host_read_fn fn, void *user);

/**
 * clip_host_write - answer a host read request.
 * @h: the host side
 * @req: the request (copied)
 * @format: the format the data is in
 * @data: the data, or NULL to answer with 0 bytes
 */
void clip_host_write(struct clip_host *h, const struct vbgl_clipboard_msg *req,
		     uint32_t format, GBytes *data);

#endif /* CLIP_HOST_H */
