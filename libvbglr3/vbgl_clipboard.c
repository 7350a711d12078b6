// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Shared clipboard: a client of the host's VBoxSharedClipboard HGCM service
 * (see vbglr3_clipboard.h; the protocol: docs/protocol/clipboard.md).
 *
 * Two protocols.  The 6.1 one: REPORT_FEATURES with the context-id feature
 * at connect; messages are peeked (MSG_PEEK_WAIT) and then fetched
 * (MSG_GET), a wait is ended with MSG_CANCEL, and read requests carry a
 * 64-bit context the answer echoes.  The legacy one (hosts before 6.1, or
 * when asked): MSG_OLD_GET_WAIT returns a message's id and formats in one
 * call, and the host matches an answer by its format.
 *
 * Ending a wait from another thread: MSG_CANCEL wakes a wait the host
 * holds, but a wait still on its way to the host is not there yet, so the
 * canceller repeats MSG_CANCEL until it takes or the waiter is back; a
 * flag makes a wait that starts after a cancel return at once.  Hosts
 * before 6.1 have no MSG_CANCEL: there the only way to end a wait is to
 * disconnect the client, which makes the host answer the wait with QUIT.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libvbglr3/vbgl_internal.h"
#include "libvbglr3/vbgl_clipboard_wire.h"

/* The first read buffer (VBoxClient starts with the same). */
#define CLIP_FIRST_READ_SIZE 4096u
/* Peek parameters beyond the first two: the kinds of a message's. */
#define CLIP_PEEK_KINDS 8u
/* The largest buffer parameter of an unknown message that is dropped. */
#define CLIP_MAX_DROP_BUF (64u * 1024)
/* How long vbgl_clipboard_cancel() tries to reach a wait: 5000 x 1 ms. */
#define CLIP_CANCEL_TRIES   5000
#define CLIP_CANCEL_STEP_NS 1000000L

struct vbgl_clipboard {
	struct vbgl_handle *h;
	uint32_t client_id;
	uint64_t host_features;
	bool legacy;
	pthread_mutex_t lock;
	unsigned int waiting; /* next_msg calls in their host call */
	bool cancel_pending;  /* a cancel no wait has seen yet */
	bool closed;	      /* cancel disconnected the client */
};

/* ---- helpers ------------------------------------------------------------- */

/* A call of the client, or NULL when out of memory. */
static struct vbgl_hgcm_call *clip_call_new(const struct vbgl_clipboard *c,
					    uint32_t function,
					    unsigned int parms)
{
	struct vbgl_hgcm_call *call;

	if (vbgl_hgcm_call_new(c->client_id, function, parms, &call) < 0)
		return NULL;
	return call;
}

/* Run a call whose results need no reading back, and free it. */
static int clip_run_free(struct vbgl_clipboard *c, struct vbgl_hgcm_call *call)
{
	int ret;

	if (!call)
		return -ENOMEM;
	ret = vbgl_hgcm_call(c->h, call);
	vbgl_hgcm_call_free(call);
	return ret;
}

/* 0 while the client may make calls, -ESHUTDOWN after a closing cancel. */
static int clip_usable(struct vbgl_clipboard *c)
{
	bool closed;

	pthread_mutex_lock(&c->lock);
	closed = c->closed;
	pthread_mutex_unlock(&c->lock);
	return closed ? -ESHUTDOWN : 0;
}

static bool one_format(uint32_t format)
{
	return format && !(format & (format - 1)) &&
	       !(format & ~VBGL_CLIPBOARD_FMT_MASK);
}

/* ---- connecting ---------------------------------------------------------- */

/**
 * clip_report_features - REPORT_FEATURES, repeated while interrupted.
 * @c: the client
 * @guest: the guest's feature word 0
 * @host: receives the host's feature word 0
 *
 * Return: 0; -ENOSYS for a host that does not know the call or left the
 * must-be-one bit set (it did not understand it); another errno.
 */
static int clip_report_features(struct vbgl_clipboard *c, uint64_t guest,
				uint64_t *host)
{
	struct vbgl_hgcm_call *call;
	uint64_t word0 = 0, word1 = SHCL_GF1_MUST_BE_ONE;
	int ret;

	call = clip_call_new(c, SHCL_FN_REPORT_FEATURES, SHCL_CPARMS_FEATURES);
	if (!call)
		return -ENOMEM;
	do {
		vbgl_hgcm_set_u64(call, 0, guest);
		vbgl_hgcm_set_u64(call, 1, SHCL_GF1_MUST_BE_ONE);
		ret = vbgl_hgcm_call(c->h, call);
	} while (ret == -EINTR);
	if (ret == 0 && (vbgl_hgcm_get_u64(call, 0, &word0) < 0 ||
			 vbgl_hgcm_get_u64(call, 1, &word1) < 0))
		ret = -EPROTO;
	vbgl_hgcm_call_free(call);
	if (ret == 0 && (word1 & SHCL_GF1_MUST_BE_ONE))
		ret = -ENOSYS;
	if (ret == 0)
		*host = word0;
	return ret;
}

/* Offer the 6.1 protocol; settle for the legacy one if the host must. */
static int clip_negotiate(struct vbgl_clipboard *c)
{
	uint64_t host = 0;
	int ret;

	ret = clip_report_features(c, SHCL_GF0_CONTEXT_ID, &host);
	if (ret == -ENOSYS)
		return 0;
	if (ret < 0)
		return ret;
	if (!(host & SHCL_HF0_CONTEXT_ID)) {
		/* It took the feature without having it: take it back. */
		ret = clip_report_features(c, 0, &host);
		return ret == -ENOSYS ? 0 : ret;
	}
	c->host_features = host;
	c->legacy = false;
	return 0;
}

int vbgl_clipboard_connect(struct vbgl_handle *h, unsigned int flags,
			   struct vbgl_clipboard **out)
{
	struct vbgl_clipboard *c;
	int ret;

	if (!h || !out || (flags & ~VBGL_CLIPBOARD_CONNECT_MASK))
		return -EINVAL;
	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->h = h;
	c->legacy = true;
	pthread_mutex_init(&c->lock, NULL);
	ret = vbgl_hgcm_connect(h, SHCL_SERVICE_NAME, &c->client_id);
	if (ret < 0) {
		pthread_mutex_destroy(&c->lock);
		free(c);
		return ret;
	}
	if (!(flags & VBGL_CLIPBOARD_CONNECT_LEGACY)) {
		ret = clip_negotiate(c);
		if (ret < 0) {
			vbgl_clipboard_disconnect(c);
			return ret;
		}
	}
	*out = c;
	return 0;
}

void vbgl_clipboard_disconnect(struct vbgl_clipboard *c)
{
	if (!c)
		return;
	if (clip_usable(c) == 0)
		vbgl_hgcm_disconnect(c->h, c->client_id);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

int vbgl_clipboard_is_legacy(const struct vbgl_clipboard *c)
{
	return c ? c->legacy : -EINVAL;
}

uint64_t vbgl_clipboard_host_features(const struct vbgl_clipboard *c)
{
	return c ? c->host_features : 0;
}

/* ---- waiting for messages ------------------------------------------------ */

/* MSG_CANCEL; *status (optional) gets the host's exact answer. */
static int clip_send_cancel(struct vbgl_clipboard *c, int32_t *status)
{
	struct vbgl_hgcm_call *call = clip_call_new(c, SHCL_FN_MSG_CANCEL, 0);
	int ret;

	if (!call)
		return -ENOMEM;
	ret = vbgl_hgcm_call(c->h, call);
	if (status)
		*status = vbgl_hgcm_call_status(call);
	vbgl_hgcm_call_free(call);
	return ret;
}

/*
 * MSG_PEEK_WAIT: the next message's id, parameter count and the kinds of
 * its first CLIP_PEEK_KINDS parameters (see SHCL_PEEK_SIZE_U32).
 */
static int clip_peek_wait(struct vbgl_clipboard *c, uint32_t *id,
			  uint32_t *count, uint32_t *kinds)
{
	const unsigned int n = SHCL_CPARMS_PEEK_MIN + CLIP_PEEK_KINDS;
	struct vbgl_hgcm_call *call;
	uint64_t id64 = 0;
	unsigned int i;
	int ret;

	call = clip_call_new(c, SHCL_FN_MSG_PEEK_WAIT, n);
	if (!call)
		return -ENOMEM;
	vbgl_hgcm_set_u64(call, 0, 0);
	for (i = 1; i < n; i++)
		vbgl_hgcm_set_u32(call, i, 0);
	ret = vbgl_hgcm_call(c->h, call);
	if (ret == 0 &&
	    (vbgl_hgcm_get_u64(call, 0, &id64) < 0 ||
	     vbgl_hgcm_get_u32(call, 1, count) < 0 || id64 > UINT32_MAX))
		ret = -EPROTO;
	for (i = 0; ret == 0 && i < CLIP_PEEK_KINDS; i++)
		vbgl_hgcm_get_u32(call, SHCL_CPARMS_PEEK_MIN + i, &kinds[i]);
	if (ret == 0 && vbgl_hgcm_call_status(call) == VINF_TRY_AGAIN &&
	    id64 == SHCL_MSG_CANCELED)
		ret = -ECANCELED;
	vbgl_hgcm_call_free(call);
	/* The host may still count the wait as pending: clear it. */
	if (ret == -EINTR)
		clip_send_cancel(c, NULL);
	*id = (uint32_t)id64;
	return ret;
}

/* One MSG_GET parameter of the kind MSG_PEEK reported. */
static int clip_get_parm(struct vbgl_hgcm_call *call, unsigned int i,
			 uint32_t kind, uint32_t id, void **buf)
{
	uint32_t first = i ? 0 : id;

	if (kind == SHCL_PEEK_SIZE_U32)
		return vbgl_hgcm_set_u32(call, i, first);
	if (kind == SHCL_PEEK_SIZE_U64)
		return vbgl_hgcm_set_u64(call, i, first);
	if (kind > CLIP_MAX_DROP_BUF)
		return -EPROTO;
	*buf = malloc(kind ? kind : 1);
	if (!*buf)
		return -ENOMEM;
	return vbgl_hgcm_set_buf_out(call, i, *buf, kind);
}

/**
 * clip_msg_get - MSG_GET of message @id, laid out as MSG_PEEK said.
 * @c: the client
 * @id: the message id
 * @count: its parameter count
 * @kinds: the kinds of its parameters
 * @v: receives the values of its integer parameters
 *
 * Return: 0; 1 when the message is no longer at the head of the queue
 * (VERR_TRY_AGAIN, VERR_MISMATCH), so the caller should peek again;
 * -EPROTO for a message too large to take; another errno.
 */
static int clip_msg_get(struct vbgl_clipboard *c, uint32_t id, uint32_t count,
			const uint32_t *kinds, uint64_t *v)
{
	void *bufs[CLIP_PEEK_KINDS] = { NULL };
	struct vbgl_hgcm_call *call;
	unsigned int i;
	uint32_t u32;
	int32_t status;
	int ret = 0;

	if (count > CLIP_PEEK_KINDS)
		return -EPROTO;
	call = clip_call_new(c, SHCL_FN_MSG_GET, count);
	if (!call)
		return -ENOMEM;
	for (i = 0; i < count && ret == 0; i++)
		ret = clip_get_parm(call, i, kinds[i], id, &bufs[i]);
	if (ret == 0)
		ret = vbgl_hgcm_call(c->h, call);
	status = vbgl_hgcm_call_status(call);
	for (i = 0; ret == 0 && i < count; i++) {
		v[i] = 0;
		if (vbgl_hgcm_get_u32(call, i, &u32) == 0)
			v[i] = u32;
		else
			vbgl_hgcm_get_u64(call, i, &v[i]);
	}
	for (i = 0; i < count; i++)
		free(bufs[i]);
	vbgl_hgcm_call_free(call);
	if (ret < 0 && (status == VERR_TRY_AGAIN || status == VERR_MISMATCH))
		return 1;
	return ret;
}

/*
 * Fetch the message MSG_PEEK announced into @msg.  Return: 0, 1 when there
 * is nothing to return (a message dropped or gone), or a negative errno.
 */
static int clip_fetch(struct vbgl_clipboard *c, uint32_t id, uint32_t count,
		      const uint32_t *kinds, struct vbgl_clipboard_msg *msg)
{
	uint64_t v[CLIP_PEEK_KINDS];
	bool two_ints;
	int ret;

	if (id == SHCL_MSG_QUIT) {
		msg->type = VBGL_CLIPBOARD_MSG_QUIT;
		return 0;
	}
	ret = clip_msg_get(c, id, count, kinds, v);
	if (ret != 0)
		return ret;
	two_ints = count == SHCL_MSG_PARMS && kinds[1] == SHCL_PEEK_SIZE_U32;
	switch (id) {
	case SHCL_MSG_FORMATS_REPORT:
		msg->type = VBGL_CLIPBOARD_MSG_FORMATS;
		break;
	case SHCL_MSG_READ_DATA_CID:
		msg->context = v[0];
		msg->type = VBGL_CLIPBOARD_MSG_READ_DATA;
		break;
	case SHCL_MSG_READ_DATA:
		msg->type = VBGL_CLIPBOARD_MSG_READ_DATA;
		break;
	default:
		return 1; /* not ours to handle: dropped */
	}
	if (!two_ints)
		return -EPROTO;
	msg->formats = (uint32_t)v[1];
	return 0;
}

/* The 6.1 protocol's wait. */
static int clip_wait(struct vbgl_clipboard *c, struct vbgl_clipboard_msg *msg)
{
	uint32_t id, count, kinds[CLIP_PEEK_KINDS];
	int ret;

	do {
		memset(kinds, 0, sizeof(kinds));
		ret = clip_peek_wait(c, &id, &count, kinds);
		if (ret == 0)
			ret = clip_fetch(c, id, count, kinds, msg);
	} while (ret == 1);
	return ret;
}

/* The legacy protocol's wait. */
static int clip_wait_legacy(struct vbgl_clipboard *c,
			    struct vbgl_clipboard_msg *msg)
{
	struct vbgl_hgcm_call *call;
	uint32_t id = 0, formats = 0;
	int ret;

	call = clip_call_new(c, SHCL_FN_MSG_OLD_GET_WAIT,
			     SHCL_CPARMS_OLD_GET_WAIT);
	if (!call)
		return -ENOMEM;
	for (;;) {
		vbgl_hgcm_set_u32(call, 0, 0);
		vbgl_hgcm_set_u32(call, 1, 0);
		ret = vbgl_hgcm_call(c->h, call);
		if (ret == 0 && (vbgl_hgcm_get_u32(call, 0, &id) < 0 ||
				 vbgl_hgcm_get_u32(call, 1, &formats) < 0))
			ret = -EPROTO;
		if (ret < 0)
			break;
		msg->formats = formats;
		if (id == SHCL_MSG_QUIT || id == SHCL_MSG_READ_DATA ||
		    id == SHCL_MSG_FORMATS_REPORT) {
			msg->type = id;
			break;
		}
		if (id == SHCL_MSG_CANCELED) {
			ret = -ECANCELED;
			break;
		}
		/* Anything else the host has consumed already: wait on. */
	}
	vbgl_hgcm_call_free(call);
	if (ret == -EINTR)
		clip_send_cancel(c, NULL);
	return ret;
}

int vbgl_clipboard_next_msg(struct vbgl_clipboard *c,
			    struct vbgl_clipboard_msg *msg)
{
	int ret = 1;

	if (!c || !msg)
		return -EINVAL;
	memset(msg, 0, sizeof(*msg));
	pthread_mutex_lock(&c->lock);
	if (c->closed) {
		ret = -ESHUTDOWN;
	} else if (c->cancel_pending) {
		c->cancel_pending = false;
		ret = -ECANCELED;
	} else {
		c->waiting++;
	}
	pthread_mutex_unlock(&c->lock);
	if (ret <= 0)
		return ret;

	ret = c->legacy ? clip_wait_legacy(c, msg) : clip_wait(c, msg);

	pthread_mutex_lock(&c->lock);
	c->waiting--;
	if (ret == -ECANCELED)
		c->cancel_pending = false;
	if (c->closed && ret < 0) {
		/* A cancel disconnected the client under the wait. */
		memset(msg, 0, sizeof(*msg));
		msg->type = VBGL_CLIPBOARD_MSG_QUIT;
		ret = 0;
	}
	pthread_mutex_unlock(&c->lock);
	return ret;
}

/* ---- cancelling a wait --------------------------------------------------- */

/* Is a wait in progress that has not been cancelled yet? */
static bool clip_wait_uncancelled(struct vbgl_clipboard *c)
{
	bool r;

	pthread_mutex_lock(&c->lock);
	r = c->waiting > 0 && c->cancel_pending;
	pthread_mutex_unlock(&c->lock);
	return r;
}

/* End the connection so the host answers the wait with QUIT. */
static int clip_close(struct vbgl_clipboard *c)
{
	bool already;

	pthread_mutex_lock(&c->lock);
	already = c->closed;
	c->closed = true;
	pthread_mutex_unlock(&c->lock);
	return already ? 0 : vbgl_hgcm_disconnect(c->h, c->client_id);
}

int vbgl_clipboard_cancel(struct vbgl_clipboard *c)
{
	const struct timespec step = { 0, CLIP_CANCEL_STEP_NS };
	int32_t status;
	int i, ret;

	if (!c)
		return -EINVAL;
	pthread_mutex_lock(&c->lock);
	if (c->closed) {
		ret = -ESHUTDOWN;
	} else {
		c->cancel_pending = true;
		ret = c->waiting > 0;
	}
	pthread_mutex_unlock(&c->lock);
	if (ret <= 0)
		return ret;

	for (i = 0; i < CLIP_CANCEL_TRIES; i++) {
		ret = clip_send_cancel(c, &status);
		if (ret == -ENOSYS)
			return clip_close(c);
		if (ret < 0)
			return ret;
		/* VWRN_NOT_FOUND: the wait is not (or no longer) there. */
		if (status != VWRN_NOT_FOUND || !clip_wait_uncancelled(c))
			return 0;
		nanosleep(&step, NULL);
	}
	return -ETIMEDOUT;
}

/* ---- formats and data ---------------------------------------------------- */

int vbgl_clipboard_report_formats(struct vbgl_clipboard *c, uint32_t formats)
{
	struct vbgl_hgcm_call *call;
	int ret;

	if (!c || (formats & ~VBGL_CLIPBOARD_FMT_MASK))
		return -EINVAL;
	ret = clip_usable(c);
	if (ret < 0)
		return ret;
	call = clip_call_new(c, SHCL_FN_REPORT_FORMATS,
			     SHCL_CPARMS_REPORT_FORMATS);
	if (call)
		vbgl_hgcm_set_u32(call, 0, formats);
	return clip_run_free(c, call);
}

/* One DATA_READ into @buf; *needed gets the size the host has. */
static int clip_read_once(struct vbgl_clipboard *c, uint32_t format, void *buf,
			  uint32_t cap, uint32_t *needed)
{
	struct vbgl_hgcm_call *call;
	int ret;

	call = clip_call_new(c, SHCL_FN_DATA_READ, SHCL_CPARMS_DATA_READ);
	if (!call)
		return -ENOMEM;
	vbgl_hgcm_set_u32(call, 0, format);
	vbgl_hgcm_set_buf_out(call, 1, buf, cap);
	vbgl_hgcm_set_u32(call, 2, 0);
	ret = vbgl_hgcm_call(c->h, call);
	if (ret == 0 && vbgl_hgcm_get_u32(call, 2, needed) < 0)
		ret = -EPROTO;
	vbgl_hgcm_call_free(call);
	return ret;
}

int vbgl_clipboard_read_data(struct vbgl_clipboard *c, uint32_t format,
			     void **data, uint32_t *size)
{
	uint32_t cap = CLIP_FIRST_READ_SIZE, needed = 0;
	void *buf;
	int ret, tries;

	if (!c || !data || !size || !one_format(format))
		return -EINVAL;
	ret = clip_usable(c);
	if (ret < 0)
		return ret;
	/*
	 * Zeroed, and zeroed again when it grows: a host may claim more
	 * bytes than it wrote, and what it did not write must not be
	 * whatever the heap held.
	 */
	buf = calloc(1, cap);
	if (!buf)
		return -ENOMEM;
	for (tries = 0;; tries++) {
		ret = clip_read_once(c, format, buf, cap, &needed);
		if (ret < 0 || needed <= cap)
			break;
		/*
		 * Hosts from 6.1 also flag an exact fit (VINF_BUFFER_OVERFLOW),
		 * so only the size tells whether all of it came.
		 */
		if (tries) {
			ret = -EAGAIN;
			break;
		}
		if (needed > VBGL_CLIPBOARD_MAX_DATA) {
			ret = -E2BIG;
			break;
		}
		free(buf);
		buf = calloc(1, needed);
		if (!buf)
			return -ENOMEM;
		cap = needed;
	}
	if (ret == 0 && needed == 0)
		ret = -ENODATA;
	if (ret < 0) {
		free(buf);
		return ret;
	}
	*data = buf;
	*size = needed;
	return 0;
}

int vbgl_clipboard_write_data(struct vbgl_clipboard *c,
			      const struct vbgl_clipboard_msg *request,
			      uint32_t format, const void *data, uint32_t size)
{
	struct vbgl_hgcm_call *call;
	unsigned int i = 0;
	int ret;

	if (!c || !request || request->type != VBGL_CLIPBOARD_MSG_READ_DATA ||
	    !one_format(format) || (!data && size))
		return -EINVAL;
	if (size > VBGL_CLIPBOARD_MAX_DATA)
		return -E2BIG;
	ret = clip_usable(c);
	if (ret < 0)
		return ret;
	call = clip_call_new(c, SHCL_FN_DATA_WRITE,
			     c->legacy ? SHCL_CPARMS_DATA_WRITE_OLD :
					 SHCL_CPARMS_DATA_WRITE);
	if (!call)
		return -ENOMEM;
	if (!c->legacy)
		vbgl_hgcm_set_u64(call, i++, request->context);
	vbgl_hgcm_set_u32(call, i++, format);
	vbgl_hgcm_set_buf_in(call, i, data, size);
	return clip_run_free(c, call);
}

int vbgl_clipboard_report_error(struct vbgl_clipboard *c, int err)
{
	struct vbgl_hgcm_call *call;
	uint64_t host;
	int ret;

	if (!c || err > 0)
		return -EINVAL;
	ret = clip_usable(c);
	if (ret < 0)
		return ret;
	call = clip_call_new(c, SHCL_FN_ERROR, SHCL_CPARMS_ERROR);
	if (call) {
		vbgl_hgcm_set_u64(call, 0, 0);
		vbgl_hgcm_set_u32(call, 1, (uint32_t)vbgl_errno_to_status(err));
	}
	ret = clip_run_free(c, call);
	/* A 7.1 host forgot the client's features: report them again. */
	if (ret == 0 && !c->legacy)
		ret = clip_report_features(c, SHCL_GF0_CONTEXT_ID, &host);
	return ret;
}
