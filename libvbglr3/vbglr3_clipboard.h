/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvbglr3 shared-clipboard client: a guest's side of the
 * "VBoxSharedClipboard" HGCM service.
 *
 * A client (struct vbgl_clipboard) is one HGCM connection on a vbgl handle.
 * At connect it offers the host the 6.1 protocol (context ids and the
 * peek/get message loop); a host that predates it (VirtualBox before 6.1)
 * is spoken to with the legacy protocol instead, which every host serves.
 * Above this header the two look alike: the guest waits for host messages
 * with vbgl_clipboard_next_msg(), announces what its clipboard holds with
 * vbgl_clipboard_report_formats(), reads the host's clipboard with
 * vbgl_clipboard_read_data() and answers the host's read requests with
 * vbgl_clipboard_write_data().
 *
 * Data travels in the wire encodings: VBGL_CLIPBOARD_FMT_UNICODETEXT is
 * UTF-16LE with CRLF line ends and a terminating NUL counted in the size,
 * VBGL_CLIPBOARD_FMT_HTML UTF-8 (a guest appends a NUL), and
 * VBGL_CLIPBOARD_FMT_BITMAP a DIB: a BMP file without its 14-byte file
 * header.
 *
 * Errors: negative errno values, as everywhere in libvbglr3.  Besides the
 * handle's errors the calls share: -EPERM when the host's clipboard mode
 * forbids the direction (VERR_ACCESS_DENIED; a host before 6.1 answers
 * VERR_NOT_SUPPORTED, -ENOSYS); -ESHUTDOWN after the connection ended
 * (see vbgl_clipboard_cancel()); -EPROTO for an answer that breaks the
 * protocol.
 *
 * Thread safety: one thread at a time may wait in
 * vbgl_clipboard_next_msg() (the host refuses a second waiter of a client
 * with -EBUSY); vbgl_clipboard_cancel() and the other calls may come from
 * any thread at any time, except vbgl_clipboard_disconnect(), which must
 * not race with other calls.
 */
#ifndef VBGLR3_CLIPBOARD_H
#define VBGLR3_CLIPBOARD_H

#include <stdint.h>

#include "vbglr3.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VBGL_CLIPBOARD_SERVICE "VBoxSharedClipboard"

/* Formats (bit values of the wire). */
#define VBGL_CLIPBOARD_FMT_UNICODETEXT 0x1u
#define VBGL_CLIPBOARD_FMT_BITMAP      0x2u
#define VBGL_CLIPBOARD_FMT_HTML	       0x4u
#define VBGL_CLIPBOARD_FMT_MASK	       0x7u
/* File lists (VirtualBox 7.1 and later); this library moves no files. */
#define VBGL_CLIPBOARD_FMT_URI_LIST 0x8u

/* The most bytes one read or write carries. */
#define VBGL_CLIPBOARD_MAX_DATA VBGL_HGCM_MAX_BUF_SIZE

/* vbgl_clipboard_connect() flags. */
#define VBGL_CLIPBOARD_CONNECT_LEGACY 0x1u /* skip the 6.1 protocol */
#define VBGL_CLIPBOARD_CONNECT_MASK   0x1u

/* Host messages, struct vbgl_clipboard_msg.type. */
#define VBGL_CLIPBOARD_MSG_QUIT	     1u /* the connection is over */
#define VBGL_CLIPBOARD_MSG_READ_DATA 2u /* the host wants guest data */
#define VBGL_CLIPBOARD_MSG_FORMATS   3u /* the host clipboard changed */

/* One host message, as vbgl_clipboard_next_msg() returns it. */
struct vbgl_clipboard_msg {
	uint32_t type; /* VBGL_CLIPBOARD_MSG_* */
	/*
	 * FORMATS: the formats the host clipboard now offers (0: it is
	 * empty).  READ_DATA: the format the host wants; a host may set more
	 * than one bit, the guest then picks one.
	 */
	uint32_t formats;
	/* READ_DATA: the request's context, for vbgl_clipboard_write_data(). */
	uint64_t context;
};

struct vbgl_clipboard;

/**
 * vbgl_clipboard_connect - connect a shared-clipboard client.
 * @h: an open vbgl handle (the client lives as long as it)
 * @flags: 0, or VBGL_CLIPBOARD_CONNECT_LEGACY to speak the legacy protocol
 *	to any host
 * @out: receives the client
 *
 * Connects to VBoxSharedClipboard and reports the guest's features
 * (REPORT_FEATURES with the context-id feature).  A host that does not know
 * the call, or answers without clearing the must-be-one bit, or lacks the
 * context-id feature itself, gets the legacy protocol.  The host then sends
 * a VBGL_CLIPBOARD_MSG_FORMATS with what its clipboard holds.
 *
 * Return: 0; -EINVAL for bad arguments or flags; -ENXIO when the host has no
 * clipboard service; -ENFILE when the host has too many clipboard clients;
 * -ENOMEM; or the errno of a failed call.
 */
int vbgl_clipboard_connect(struct vbgl_handle *h, unsigned int flags,
			   struct vbgl_clipboard **out);

/**
 * vbgl_clipboard_disconnect - disconnect and free a client; NULL is ignored.
 * @c: the client
 *
 * Errors (e.g. a host that is already gone) are ignored.
 */
void vbgl_clipboard_disconnect(struct vbgl_clipboard *c);

/**
 * vbgl_clipboard_is_legacy - does the client speak the legacy protocol?
 * @c: the client
 *
 * Return: 1 for the legacy protocol, 0 for the 6.1 protocol, -EINVAL for a
 * NULL client.
 */
int vbgl_clipboard_is_legacy(const struct vbgl_clipboard *c);

/**
 * vbgl_clipboard_host_features - the host's feature bits (word 0 of
 * REPORT_FEATURES' answer; bit 0: context ids).
 * @c: the client
 *
 * Return: the bits, 0 for the legacy protocol or a NULL client.
 */
uint64_t vbgl_clipboard_host_features(const struct vbgl_clipboard *c);

/**
 * vbgl_clipboard_next_msg - wait for the next host message.
 * @c: the client
 * @msg: receives the message
 *
 * Blocks without timeout (6.1 protocol: MSG_PEEK_WAIT, then MSG_GET; legacy:
 * MSG_OLD_GET_WAIT) until the host queues a message or another thread calls
 * vbgl_clipboard_cancel().  Messages this library does not know are
 * fetched and dropped.  After VBGL_CLIPBOARD_MSG_QUIT only
 * vbgl_clipboard_disconnect() is useful.
 *
 * Return: 0; -ECANCELED when vbgl_clipboard_cancel() ended the wait (or was
 * called while no wait was in progress); -EBUSY when another thread already
 * waits on this client; -EINTR when a signal interrupted the wait (the
 * host's side of the wait is cancelled, so the caller may simply wait
 * again); -ESHUTDOWN after the connection ended.
 */
int vbgl_clipboard_next_msg(struct vbgl_clipboard *c,
			    struct vbgl_clipboard_msg *msg);

/**
 * vbgl_clipboard_cancel - end a vbgl_clipboard_next_msg() in progress in
 * another thread, or else make the next one return -ECANCELED at once.
 * @c: the client
 *
 * Sends MSG_CANCEL, which 6.1 and later hosts honour for both protocols.  A
 * host before 6.1 has no such call: then the client is disconnected, which
 * makes the host end the wait with VBGL_CLIPBOARD_MSG_QUIT; every later
 * call but vbgl_clipboard_disconnect() fails with -ESHUTDOWN.
 *
 * Return: 0, or a negative errno; -ETIMEDOUT if a wait in progress never
 * reached the host within 5 seconds.
 */
int vbgl_clipboard_cancel(struct vbgl_clipboard *c);

/**
 * vbgl_clipboard_report_formats - tell the host what the guest clipboard
 * holds (REPORT_FORMATS).
 * @c: the client
 * @formats: VBGL_CLIPBOARD_FMT_* bits; 0 for an empty clipboard (a host
 *	ignores that from a client that never announced anything)
 *
 * Return: 0; -EINVAL for bits outside VBGL_CLIPBOARD_FMT_MASK; -EPERM when
 * the host's mode forbids guest-to-host transfers.
 */
int vbgl_clipboard_report_formats(struct vbgl_clipboard *c, uint32_t formats);

/**
 * vbgl_clipboard_read_data - read the host clipboard in one format
 * (DATA_READ).
 * @c: the client
 * @format: one VBGL_CLIPBOARD_FMT_* bit
 * @data: receives the data, to be released with free()
 * @size: receives its size in bytes
 *
 * Starts with a 4 KiB buffer; when the host reports more, the buffer grows
 * once to the size the host reported and the call is repeated.  The
 * buffer is zeroed first: bytes a host claims but does not write read as
 * 0, never as the process's old memory.
 *
 * Return: 0; -EINVAL for a bad format; -ENODATA when the host has nothing
 * in that format; -EPERM when the host's mode forbids host-to-guest
 * transfers; -EAGAIN when the host's data grew again between the two
 * calls; -E2BIG for data over VBGL_CLIPBOARD_MAX_DATA bytes.
 */
int vbgl_clipboard_read_data(struct vbgl_clipboard *c, uint32_t format,
			     void **data, uint32_t *size);

/**
 * vbgl_clipboard_write_data - answer a host read request (DATA_WRITE).
 * @c: the client
 * @request: the VBGL_CLIPBOARD_MSG_READ_DATA message being answered
 * @format: the one format the data is in (one of @request's bits)
 * @data: the data (may be NULL when @size is 0)
 * @size: its size, at most VBGL_CLIPBOARD_MAX_DATA; 0 tells the host the
 *	guest has nothing to give, so it need not wait
 *
 * The 6.1 protocol echoes the request's context; the legacy one lets the
 * host match the answer by its format.
 *
 * Return: 0; -EINVAL for bad arguments; -E2BIG for too much data; -EPERM
 * when the host's mode forbids guest-to-host transfers; -EPROTO when the
 * host knows no such request (VERR_INVALID_CONTEXT).
 */
int vbgl_clipboard_write_data(struct vbgl_clipboard *c,
			      const struct vbgl_clipboard_msg *request,
			      uint32_t format, const void *data, uint32_t size);

/**
 * vbgl_clipboard_report_error - tell the host the guest failed (ERROR).
 * @c: the client
 * @err: the negative errno of the failure; the host gets the closest
 *	VirtualBox status
 *
 * A host from 7.1 on then starts the client over: it forgets the
 * client's queued messages, its outstanding read requests and its
 * features, so the library reports the features again right after.
 *
 * Return: 0; -ENOSYS from a host before 6.1, which has no such call.
 */
int vbgl_clipboard_report_error(struct vbgl_clipboard *c, int err);

#ifdef __cplusplus
}
#endif

#endif /* VBGLR3_CLIPBOARD_H */
