/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The wire of the VBoxSharedClipboard HGCM service: guest function numbers
 * and parameter counts, host message ids, feature bits, the context-id
 * layout and the status codes the service uses beyond <linux/vbox_err.h>.
 * The library's client (vbgl_clipboard.c) and the simulator's service
 * (hostsim/svc_clipboard.c) both use these definitions;
 * docs/protocol/clipboard.md describes the protocol.  Not installed.
 */
#ifndef VBGL_CLIPBOARD_WIRE_H
#define VBGL_CLIPBOARD_WIRE_H

#include <stdint.h>

#include "driver/vmmdev.h"
#include "libvbglr3/vbglr3_clipboard.h"

#define SHCL_SERVICE_NAME "VBoxSharedClipboard"

/* Guest functions (the release numbering, 6.1.0 and later). */
#define SHCL_FN_MSG_OLD_GET_WAIT     1 /* legacy: wait for a message */
#define SHCL_FN_REPORT_FORMATS	     2
#define SHCL_FN_DATA_READ	     3
#define SHCL_FN_DATA_WRITE	     4
#define SHCL_FN_CONNECT		     5 /* 6.1 beta left-over */
#define SHCL_FN_REPORT_FEATURES	     6
#define SHCL_FN_QUERY_FEATURES	     7
#define SHCL_FN_MSG_PEEK_NOWAIT	     8
#define SHCL_FN_MSG_PEEK_WAIT	     9
#define SHCL_FN_MSG_GET		     10
#define SHCL_FN_MSG_CANCEL	     26
#define SHCL_FN_ERROR		     27
#define SHCL_FN_NEGOTIATE_CHUNK_SIZE 28
#define SHCL_FN_COUNT		     29

/* Parameter counts. */
#define SHCL_CPARMS_OLD_GET_WAIT       2
#define SHCL_CPARMS_REPORT_FORMATS     1
#define SHCL_CPARMS_REPORT_FORMATS_61B 3 /* ctx, formats, flags */
#define SHCL_CPARMS_DATA_READ	       3
#define SHCL_CPARMS_DATA_READ_61B      5 /* ctx, flags, fmt, cb, buf */
#define SHCL_CPARMS_DATA_WRITE_OLD     2 /* fmt, buf */
#define SHCL_CPARMS_DATA_WRITE	       3 /* ctx, fmt, buf */
#define SHCL_CPARMS_DATA_WRITE_61B     5 /* ctx, flags, fmt, cb, buf */
#define SHCL_CPARMS_FEATURES	       2
#define SHCL_CPARMS_PEEK_MIN	       2 /* msg id, parameter count */
#define SHCL_CPARMS_ERROR	       2 /* ctx, rc */
#define SHCL_CPARMS_NEGOTIATE_CHUNK    2

/* Host messages. */
#define SHCL_MSG_QUIT		1
#define SHCL_MSG_READ_DATA	2 /* u32 msg id, u32 format */
#define SHCL_MSG_FORMATS_REPORT 3 /* u32 msg id, u32 formats */
#define SHCL_MSG_CANCELED	4
#define SHCL_MSG_READ_DATA_CID	5 /* u64 context, u32 format */
#define SHCL_MSG_PARMS		2 /* every message above has 2 */

/* Formats: VBGL_CLIPBOARD_FMT_* of vbglr3_clipboard.h. */

_Static_assert(SHCL_MSG_QUIT == VBGL_CLIPBOARD_MSG_QUIT, "msg");
_Static_assert(SHCL_MSG_READ_DATA == VBGL_CLIPBOARD_MSG_READ_DATA, "msg");
_Static_assert(SHCL_MSG_FORMATS_REPORT == VBGL_CLIPBOARD_MSG_FORMATS, "msg");

/* Feature bits: guest word 0, guest word 1, host word 0. */
#define SHCL_GF0_CONTEXT_ID	    (UINT64_C(1) << 0)
#define SHCL_GF0_TRANSFERS	    (UINT64_C(1) << 1)
#define SHCL_GF0_TRANSFERS_FRONTEND (UINT64_C(1) << 2)
#define SHCL_GF1_MUST_BE_ONE	    (UINT64_C(1) << 63)
#define SHCL_HF0_CONTEXT_ID	    (UINT64_C(1) << 0)
#define SHCL_HF0_TRANSFERS	    (UINT64_C(1) << 1)

/*
 * MSG_PEEK reports the kind of each message parameter after the first two
 * of its own: ~4 for a u32, ~8 for a u64, the byte count for a buffer.
 */
#define SHCL_PEEK_SIZE_U32 (~(uint32_t)sizeof(uint32_t))
#define SHCL_PEEK_SIZE_U64 (~(uint32_t)sizeof(uint64_t))

/* Chunk sizes NEGOTIATE_CHUNK_SIZE answers with. */
#define SHCL_MAX_CHUNK_SIZE	(VMMDEV_MAX_HGCM_DATA_SIZE - 4096u)
#define SHCL_DEFAULT_CHUNK_SIZE (64u * 1024)

/* Context ids: session (bits 63..48), source (47..32), event (31..0). */
static inline uint64_t shcl_context_id(uint16_t session, uint16_t source,
				       uint32_t event)
{
	return (uint64_t)session << 48 | (uint64_t)source << 32 | event;
}

static inline uint32_t shcl_context_event(uint64_t context)
{
	return (uint32_t)context;
}

/* Status codes the service answers with that <linux/vbox_err.h> lacks. */
#define VERR_MISMATCH	 (-22408)
#define VERR_VM_RESTORED (-1025)
#ifndef VWRN_NOT_FOUND
#define VWRN_NOT_FOUND 78
#endif
#ifndef VERR_CANCELLED
#define VERR_CANCELLED (-70)
#endif

#endif /* VBGL_CLIPBOARD_WIRE_H */
