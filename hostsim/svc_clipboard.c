// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VBoxSharedClipboard, the shared clipboard service (see svc_clipboard.h).
 *
 * Everything that touches the service state runs on the HGCM service
 * thread: guest calls arrive there, the host-side functions hop there with
 * hgcm_host_run_sync(), and the timers of host reads are sources of the
 * service thread's context.  Only a struct clipboard_read is shared with the
 * host thread that waits for it, under the read's own lock.
 *
 * Each client has a queue of messages (FORMATS_REPORT, READ_DATA or
 * READ_DATA_CID) and at most one parked wait (MSG_PEEK_WAIT or
 * MSG_OLD_GET_WAIT).  Queueing a message wakes the wait: a peek sees the
 * head message and leaves it queued, an old-style wait takes it.  Which
 * protocol a client speaks is decided by its last REPORT_FEATURES alone:
 * with the context-id feature it gets READ_DATA_CID and writes with a
 * context id, without it READ_DATA, answered by format.
 */
#include "config.h"

#include "hostsim/svc_clipboard.h"
#include "libvbglr3/vbgl_clipboard_wire.h"

#include <string.h>

/* One parameter of a queued message: a u32 or a u64. */
struct clip_parm {
	bool is_u64;
	uint64_t value;
};

/* A message queued for a client. */
struct clip_msg {
	uint32_t id;
	struct clip_parm parms[SHCL_MSG_PARMS];
};

struct clip_client;

struct clipboard_read {
	gint refcount; /* the service's and the waiter's */
	GMutex lock;
	GCond cond;
	bool done; /* the rest of the result is valid */
	int rc;
	GBytes *data;
	uint32_t written_format;
	/* The service thread's. */
	uint32_t format;
	uint32_t event;
	struct clip_client *client;
	GSource *timer;
};

struct clip_client {
	struct clipboard_svc *svc;
	uint32_t id;
	uint16_t source; /* the context ids' source bits */
	uint64_t features0;
	uint64_t features1;
	bool was_source; /* announced formats since the last reset */
	GQueue msgs;	 /* struct clip_msg *, oldest first */
	GQueue reads;	 /* struct clipboard_read *, oldest first */
	uint32_t last_event;
	struct hgcm_call *waiter;
	uint32_t waiter_fn;
};

struct clipboard_svc {
	struct hgcm_host *host;
	struct clipboard_config cfg;
	unsigned int timeout_ms;
	uint32_t max_data; /* never changes after clipboard_register() */
	enum clipboard_mode mode;
	GList *clients; /* struct clip_client *, connect order */
	GBytes *host_data[CLIPBOARD_FORMAT_COUNT];
	uint32_t host_formats;
	uint32_t host_claim; /* size DATA_READ reports instead (0: the real) */
	struct clip_client *owner; /* whose offer the host holds */
	uint32_t guest_formats;
	uint64_t bytes_to_guest;
	uint64_t bytes_from_guest;
};

static const char *const clip_function_names[SHCL_FN_COUNT] = {
	[SHCL_FN_MSG_OLD_GET_WAIT] = "MSG_OLD_GET_WAIT",
	[SHCL_FN_REPORT_FORMATS] = "REPORT_FORMATS",
	[SHCL_FN_DATA_READ] = "DATA_READ",
	[SHCL_FN_DATA_WRITE] = "DATA_WRITE",
	[SHCL_FN_CONNECT] = "CONNECT",
	[SHCL_FN_REPORT_FEATURES] = "REPORT_FEATURES",
	[SHCL_FN_QUERY_FEATURES] = "QUERY_FEATURES",
	[SHCL_FN_MSG_PEEK_NOWAIT] = "MSG_PEEK_NOWAIT",
	[SHCL_FN_MSG_PEEK_WAIT] = "MSG_PEEK_WAIT",
	[SHCL_FN_MSG_GET] = "MSG_GET",
	[SHCL_FN_MSG_CANCEL] = "MSG_CANCEL",
	[SHCL_FN_ERROR] = "ERROR",
	[SHCL_FN_NEGOTIATE_CHUNK_SIZE] = "NEGOTIATE_CHUNK_SIZE",
};

/* ---- names --------------------------------------------------------------- */

static const char *const mode_names[] = {
	[CLIPBOARD_MODE_OFF] = "off",
	[CLIPBOARD_MODE_HOST_TO_GUEST] = "host-to-guest",
	[CLIPBOARD_MODE_GUEST_TO_HOST] = "guest-to-host",
	[CLIPBOARD_MODE_BIDIRECTIONAL] = "bidirectional",
};

/* Indexed by format bit number. */
static const char *const format_names[CLIPBOARD_FORMAT_COUNT] = {
	"text",
	"bitmap",
	"html",
};

const char *clipboard_mode_name(enum clipboard_mode mode)
{
	return (unsigned int)mode < G_N_ELEMENTS(mode_names) ?
		       mode_names[mode] :
		       "unknown";
}

bool clipboard_mode_parse(const char *name, enum clipboard_mode *mode)
{
	unsigned int i;

	for (i = 0; i < G_N_ELEMENTS(mode_names); i++) {
		if (strcmp(name, mode_names[i]) == 0) {
			*mode = (enum clipboard_mode)i;
			return true;
		}
	}
	return false;
}

/* The bit number of a single known format, or -1. */
static int format_index(uint32_t format)
{
	if (!format || (format & (format - 1)) ||
	    (format & ~VBGL_CLIPBOARD_FMT_MASK))
		return -1;
	return g_bit_nth_lsf(format, -1);
}

const char *clipboard_format_name(uint32_t format)
{
	int i = format_index(format);

	return i < 0 ? NULL : format_names[i];
}

uint32_t clipboard_format_parse(const char *name)
{
	unsigned int i;

	for (i = 0; i < CLIPBOARD_FORMAT_COUNT; i++) {
		if (strcmp(name, format_names[i]) == 0)
			return 1u << i;
	}
	return 0;
}

/* ---- parameters ---------------------------------------------------------- */

static bool is_u32(const struct hgcm_call *call, unsigned int idx)
{
	return hgcm_call_parm_type(call, idx) == HGCM_PARM_U32;
}

static bool is_u64(const struct hgcm_call *call, unsigned int idx)
{
	return hgcm_call_parm_type(call, idx) == HGCM_PARM_U64;
}

static uint32_t u32_of(struct hgcm_call *call, unsigned int idx)
{
	uint32_t v = 0;

	hgcm_call_get_u32(call, idx, &v);
	return v;
}

static uint64_t u64_of(struct hgcm_call *call, unsigned int idx)
{
	uint64_t v = 0;

	hgcm_call_get_u64(call, idx, &v);
	return v;
}

/* Set an integer parameter of either width, as the guest passed it. */
static void set_int(struct hgcm_call *call, unsigned int idx, uint64_t v)
{
	if (hgcm_call_set_u64(call, idx, v) < 0)
		hgcm_call_set_u32(call, idx, (uint32_t)v);
}

static bool allows(const struct clipboard_svc *svc, enum clipboard_mode dir)
{
	return (svc->mode & dir) != 0;
}

static bool has_context_ids(const struct clip_client *c)
{
	return (c->features0 & SHCL_GF0_CONTEXT_ID) != 0;
}

/* ---- messages and the waiter --------------------------------------------- */

static void set_peek_return(struct hgcm_call *call, unsigned int n,
			    const struct clip_msg *m)
{
	unsigned int i;

	set_int(call, 0, m->id);
	hgcm_call_set_u32(call, 1, SHCL_MSG_PARMS);
	for (i = SHCL_CPARMS_PEEK_MIN;
	     i < n && i < SHCL_CPARMS_PEEK_MIN + SHCL_MSG_PARMS; i++)
		hgcm_call_set_u32(call, i,
				  m->parms[i - SHCL_CPARMS_PEEK_MIN].is_u64 ?
					  SHCL_PEEK_SIZE_U64 :
					  SHCL_PEEK_SIZE_U32);
}

/*
 * MSG_OLD_GET_WAIT gets the message's two parameters as u32s; of the
 * context id a READ_DATA_CID carries (a client with context ids that waits
 * the old way) that leaves the low half, as the u32 slot of a VirtualBox
 * host's parameter does.
 */
static void set_old_return(struct hgcm_call *call, const struct clip_msg *m)
{
	hgcm_call_set_u32(call, 0, (uint32_t)m->parms[0].value);
	hgcm_call_set_u32(call, 1, (uint32_t)m->parms[1].value);
}

/* Hand the head message to the parked wait, if there are both. */
static void clip_wake(struct clip_client *c)
{
	struct clip_msg *m = g_queue_peek_head(&c->msgs);
	struct hgcm_call *call = c->waiter;

	if (!call || !m)
		return;
	c->waiter = NULL;
	/* A cancelled wait gets its cancel() soon; the message stays. */
	if (hgcm_call_is_cancelled(call))
		return;
	if (c->waiter_fn == SHCL_FN_MSG_PEEK_WAIT) {
		set_peek_return(call, hgcm_call_parm_count(call), m);
	} else {
		set_old_return(call, m);
		g_free(g_queue_pop_head(&c->msgs));
	}
	hgcm_call_complete(call, VINF_SUCCESS);
}

/* Queue a message of two parameters and wake the client's wait. */
static int clip_queue(struct clip_client *c, uint32_t id,
		      struct clip_parm first, uint32_t second)
{
	struct clip_msg *m;

	if (c->msgs.length >= CLIPBOARD_MAX_MSGS) {
		g_warning(
			"clipboard client %u: %u messages queued, message %u dropped",
			c->id, c->msgs.length, id);
		return VERR_NO_MEMORY;
	}
	m = g_new0(struct clip_msg, 1);
	m->id = id;
	m->parms[0] = first;
	m->parms[1].value = second;
	g_queue_push_tail(&c->msgs, m);
	clip_wake(c);
	return VINF_SUCCESS;
}

/* Tell a client what the host clipboard holds, if the mode lets it. */
static void clip_report_host_formats(struct clip_client *c)
{
	struct clip_parm id = { false, SHCL_MSG_FORMATS_REPORT };

	if (allows(c->svc, CLIPBOARD_MODE_HOST_TO_GUEST))
		clip_queue(c, SHCL_MSG_FORMATS_REPORT, id,
			   c->svc->host_formats);
}

static int clip_park(struct clip_client *c, struct hgcm_call *call, uint32_t fn)
{
	if (c->waiter)
		return VERR_RESOURCE_BUSY;
	c->waiter = call;
	c->waiter_fn = fn;
	return VINF_HGCM_ASYNC_EXECUTE;
}

/* ---- host reads ---------------------------------------------------------- */

static void clip_read_unref(struct clipboard_read *r)
{
	if (!g_atomic_int_dec_and_test(&r->refcount))
		return;
	if (r->data)
		g_bytes_unref(r->data);
	g_mutex_clear(&r->lock);
	g_cond_clear(&r->cond);
	g_free(r);
}

/*
 * End a read: it leaves its client and its waiter wakes with @rc and
 * @data (taken over; NULL for none).
 */
static void clip_read_finish(struct clipboard_read *r, int rc, GBytes *data,
			     uint32_t format)
{
	g_queue_remove(&r->client->reads, r);
	r->client = NULL;
	if (r->timer) {
		g_source_destroy(r->timer);
		g_source_unref(r->timer);
		r->timer = NULL;
	}
	g_mutex_lock(&r->lock);
	r->rc = rc;
	r->data = data;
	r->written_format = format;
	r->done = true;
	g_cond_broadcast(&r->cond);
	g_mutex_unlock(&r->lock);
	clip_read_unref(r);
}

static gboolean clip_read_expired(gpointer data)
{
	struct clipboard_read *r = data;

	g_info("clipboard client %u: no answer to read request %u in time",
	       r->client->id, r->event);
	clip_read_finish(r, VERR_TIMEOUT, NULL, 0);
	return G_SOURCE_REMOVE;
}

static void clip_fail_reads(struct clip_client *c, int rc)
{
	while (!g_queue_is_empty(&c->reads))
		clip_read_finish(g_queue_peek_head(&c->reads), rc, NULL, 0);
}

/*
 * The oldest read with event id @key or, @by_format, format @key (how a
 * legacy client's answer is matched).
 */
static struct clipboard_read *clip_read_find(struct clip_client *c,
					     bool by_format, uint32_t key)
{
	GList *l;

	for (l = c->reads.head; l; l = l->next) {
		struct clipboard_read *r = l->data;

		if ((by_format ? r->format : r->event) == key)
			return r;
	}
	return NULL;
}

/* A new event id: never 0 or UINT32_MAX, not in use. */
static uint32_t clip_new_event(struct clip_client *c)
{
	do {
		c->last_event =
			c->last_event >= UINT32_MAX - 1 ? 1 : c->last_event + 1;
	} while (clip_read_find(c, false, c->last_event));
	return c->last_event;
}

/* ---- clients ------------------------------------------------------------- */

/* The host user's data is gone (the guest announced, or the user set). */
static void clip_host_clear(struct clipboard_svc *svc)
{
	unsigned int i;

	for (i = 0; i < CLIPBOARD_FORMAT_COUNT; i++)
		g_clear_pointer(&svc->host_data[i], g_bytes_unref);
	svc->host_formats = 0;
	svc->host_claim = 0;
}

/*
 * A client announced @formats.  An empty report from a client that never
 * announced anything is ignored (a guest that starts or stops must not
 * empty the host clipboard), as is one from a client whose offer the host
 * no longer holds.
 */
static void clip_guest_offer(struct clip_client *c, uint32_t formats)
{
	struct clipboard_svc *svc = c->svc;

	if (!formats && !c->was_source)
		return;
	c->was_source = true;
	if (!formats) {
		if (svc->owner == c) {
			svc->owner = NULL;
			svc->guest_formats = 0;
		}
		return;
	}
	clip_host_clear(svc);
	svc->owner = c;
	svc->guest_formats = formats;
}

/* What ERROR does on a host from 7.1 on: start the client over. */
static void clip_client_reset(struct clip_client *c)
{
	g_queue_clear_full(&c->msgs, g_free);
	clip_fail_reads(c, VERR_CANCELLED);
	c->features0 = 0;
	c->features1 = 0;
	c->was_source = false;
}

/* ---- guest functions ----------------------------------------------------- */

/* MSG_OLD_GET_WAIT(u32 msg out, u32 formats out) */
static int fn_old_get_wait(struct clip_client *c, struct hgcm_call *call,
			   unsigned int n)
{
	struct clip_msg *m;

	if (n != SHCL_CPARMS_OLD_GET_WAIT)
		return VERR_WRONG_PARAMETER_COUNT;
	if (!is_u32(call, 0) || !is_u32(call, 1))
		return VERR_WRONG_PARAMETER_TYPE;
	hgcm_call_set_u32(call, 0, 0);
	hgcm_call_set_u32(call, 1, 0);
	m = g_queue_pop_head(&c->msgs);
	if (!m)
		return clip_park(c, call, SHCL_FN_MSG_OLD_GET_WAIT);
	set_old_return(call, m);
	g_free(m);
	return VINF_SUCCESS;
}

/* MSG_PEEK_[NO]WAIT(u64 restore check or u32, u32 count, u32 kinds...) */
static int fn_peek(struct clip_client *c, struct hgcm_call *call,
		   unsigned int n, bool wait)
{
	struct clipboard_svc *svc = c->svc;
	struct clip_msg *m;
	uint64_t restore = 0, session;
	unsigned int i = 0;

	if (n < SHCL_CPARMS_PEEK_MIN)
		return VERR_WRONG_PARAMETER_COUNT;
	if (is_u64(call, 0)) {
		restore = u64_of(call, 0);
		hgcm_call_set_u64(call, 0, 0);
		i = 1;
	}
	for (; i < n; i++) {
		if (!is_u32(call, i))
			return VERR_WRONG_PARAMETER_TYPE;
		hgcm_call_set_u32(call, i, 0);
	}
	if (restore) {
		session = svc->cfg.session_id ?
				  svc->cfg.session_id(svc->cfg.session_opaque) :
				  0;
		if (restore != session) {
			hgcm_call_set_u64(call, 0, session);
			return VERR_VM_RESTORED;
		}
	}
	m = g_queue_peek_head(&c->msgs);
	if (m) {
		set_peek_return(call, n, m);
		return VINF_SUCCESS;
	}
	if (!wait)
		return VERR_TRY_AGAIN;
	return clip_park(c, call, SHCL_FN_MSG_PEEK_WAIT);
}

/* MSG_GET(the message's parameters; [0] in: the expected message id) */
static int fn_msg_get(struct clip_client *c, struct hgcm_call *call,
		      unsigned int n)
{
	struct clip_msg *m = g_queue_peek_head(&c->msgs);
	uint32_t expected = UINT32_MAX;
	unsigned int i;

	if (n > 0 && is_u32(call, 0))
		expected = u32_of(call, 0);
	else if (n > 0 && is_u64(call, 0))
		expected = (uint32_t)u64_of(call, 0);
	if (!m) {
		for (i = 0; i < n && i < SHCL_MSG_PARMS; i++)
			hgcm_call_set_u32(call, i, 0);
		return VERR_TRY_AGAIN;
	}
	if (m->id != expected && expected != UINT32_MAX)
		return VERR_MISMATCH;
	if (n != SHCL_MSG_PARMS)
		return VERR_WRONG_PARAMETER_COUNT;
	for (i = 0; i < n; i++) {
		if (m->parms[i].is_u64 ? !is_u64(call, i) : !is_u32(call, i))
			return VERR_WRONG_PARAMETER_TYPE;
	}
	for (i = 0; i < n; i++)
		set_int(call, i, m->parms[i].value);
	g_free(g_queue_pop_head(&c->msgs));
	return VINF_SUCCESS;
}

/* MSG_CANCEL() */
static int fn_msg_cancel(struct clip_client *c, unsigned int n)
{
	struct hgcm_call *w = c->waiter;

	if (n != 0)
		return VERR_WRONG_PARAMETER_COUNT;
	if (!w)
		return VWRN_NOT_FOUND;
	c->waiter = NULL;
	if (c->waiter_fn == SHCL_FN_MSG_PEEK_WAIT) {
		set_int(w, 0, SHCL_MSG_CANCELED);
		hgcm_call_complete(w, VINF_TRY_AGAIN);
	} else {
		hgcm_call_set_u32(w, 0, SHCL_MSG_CANCELED);
		hgcm_call_set_u32(w, 1, 0);
		hgcm_call_complete(w, VINF_SUCCESS);
	}
	return VINF_SUCCESS;
}

/* REPORT_FEATURES / QUERY_FEATURES(u64 word 0 in/out, u64 word 1 in/out) */
static int fn_features(struct clip_client *c, struct hgcm_call *call,
		       unsigned int n, bool report)
{
	uint64_t word0, word1;

	if (n != SHCL_CPARMS_FEATURES)
		return VERR_WRONG_PARAMETER_COUNT;
	if (!is_u64(call, 0) || !is_u64(call, 1))
		return VERR_WRONG_PARAMETER_TYPE;
	word0 = u64_of(call, 0);
	word1 = u64_of(call, 1);
	if (report && !(word1 & SHCL_GF1_MUST_BE_ONE))
		return VERR_INVALID_PARAMETER;
	hgcm_call_set_u64(call, 0, SHCL_HF0_CONTEXT_ID);
	hgcm_call_set_u64(call, 1, 0);
	if (report) {
		c->features0 = word0;
		c->features1 = word1;
	}
	return VINF_SUCCESS;
}

/* NEGOTIATE_CHUNK_SIZE(u32 max in/out, u32 preferred in/out) */
static int fn_chunk_size(struct hgcm_call *call, unsigned int n)
{
	uint32_t max;

	if (n != SHCL_CPARMS_NEGOTIATE_CHUNK)
		return VERR_WRONG_PARAMETER_COUNT;
	if (!is_u32(call, 0) || !is_u32(call, 1))
		return VERR_WRONG_PARAMETER_TYPE;
	max = u32_of(call, 0);
	if (u32_of(call, 1) == 0) {
		hgcm_call_set_u32(call, 0, SHCL_MAX_CHUNK_SIZE);
		hgcm_call_set_u32(call, 1, SHCL_DEFAULT_CHUNK_SIZE);
	} else {
		hgcm_call_set_u32(call, 0, MIN(max, SHCL_MAX_CHUNK_SIZE));
		hgcm_call_set_u32(call, 1, MIN(max, SHCL_DEFAULT_CHUNK_SIZE));
	}
	return VINF_SUCCESS;
}

/* REPORT_FORMATS(u32 formats) or, with context ids, (u64, u32, u32 0) */
static int fn_report_formats(struct clip_client *c, struct hgcm_call *call,
			     unsigned int n)
{
	unsigned int i = 0;
	uint32_t formats;

	if (!allows(c->svc, CLIPBOARD_MODE_GUEST_TO_HOST))
		return VERR_ACCESS_DENIED;
	if (n != SHCL_CPARMS_REPORT_FORMATS &&
	    (n != SHCL_CPARMS_REPORT_FORMATS_61B || !has_context_ids(c)))
		return VERR_WRONG_PARAMETER_COUNT;
	if (n == SHCL_CPARMS_REPORT_FORMATS_61B && !is_u64(call, i++))
		return VERR_WRONG_PARAMETER_TYPE;
	if (!is_u32(call, i))
		return VERR_WRONG_PARAMETER_TYPE;
	formats = u32_of(call, i++);
	if (n == SHCL_CPARMS_REPORT_FORMATS_61B) {
		if (!is_u32(call, i))
			return VERR_WRONG_PARAMETER_TYPE;
		if (u32_of(call, i))
			return VERR_INVALID_FLAGS;
	}
	clip_guest_offer(c, formats & VBGL_CLIPBOARD_FMT_MASK);
	return VINF_SUCCESS;
}

/*
 * DATA_READ(u32 format, buf out, u32 size out) or, with context ids,
 * (u64, u32 0, u32 format, u32 size out, buf out)
 */
static int fn_data_read(struct clip_client *c, struct hgcm_call *call,
			unsigned int n)
{
	struct clipboard_svc *svc = c->svc;
	unsigned int fi = 0, bi = 1, si = 2;
	uint32_t cap, size = 0;
	void *buf;
	int rc, idx;

	if (!allows(svc, CLIPBOARD_MODE_HOST_TO_GUEST))
		return VERR_ACCESS_DENIED;
	if (n == SHCL_CPARMS_DATA_READ_61B && has_context_ids(c)) {
		if (!is_u64(call, 0) || !is_u32(call, 1))
			return VERR_WRONG_PARAMETER_TYPE;
		if (u32_of(call, 1))
			return VERR_INVALID_FLAGS;
		fi = 2;
		si = 3;
		bi = 4;
	} else if (n != SHCL_CPARMS_DATA_READ) {
		return VERR_WRONG_PARAMETER_COUNT;
	}
	if (!is_u32(call, fi) || !is_u32(call, si))
		return VERR_WRONG_PARAMETER_TYPE;
	rc = hgcm_call_get_buf(call, bi, HGCM_ACCEPT_WRITABLE, &buf, &cap,
			       NULL);
	if (rc < 0)
		return rc;
	idx = format_index(u32_of(call, fi));
	if (idx >= 0 && svc->host_data[idx]) {
		gsize len;
		const void *data = g_bytes_get_data(svc->host_data[idx], &len);

		size = (uint32_t)len;
		if (cap)
			memcpy(buf, data, MIN(size, cap));
		/* A host that claims more than it has (a testing aid). */
		if (svc->host_claim)
			size = svc->host_claim;
	}
	hgcm_call_set_u32(call, si, size);
	if (size <= cap)
		svc->bytes_to_guest += size;
	/* Also for an exact fit, as VirtualBox hosts do. */
	return size >= cap ? VINF_BUFFER_OVERFLOW : VINF_SUCCESS;
}

/*
 * DATA_WRITE(u32 format, buf in) or, with context ids, (u64 context,
 * u32 format, buf in) or (u64 context, u32 0, u32 format, u32 size, buf in)
 */
static int fn_data_write(struct clip_client *c, struct hgcm_call *call,
			 unsigned int n)
{
	struct clipboard_read *r;
	unsigned int i = 0;
	uint32_t format, size;
	uint64_t cid = 0;
	void *data;
	int rc;

	if (!allows(c->svc, CLIPBOARD_MODE_GUEST_TO_HOST))
		return VERR_ACCESS_DENIED;
	if (has_context_ids(c) ? n != SHCL_CPARMS_DATA_WRITE &&
					 n != SHCL_CPARMS_DATA_WRITE_61B :
				 n != SHCL_CPARMS_DATA_WRITE_OLD)
		return VERR_WRONG_PARAMETER_COUNT;
	if (n > SHCL_CPARMS_DATA_WRITE_OLD) {
		if (!is_u64(call, i))
			return VERR_WRONG_PARAMETER_TYPE;
		cid = u64_of(call, i++);
	}
	if (n == SHCL_CPARMS_DATA_WRITE_61B) {
		if (!is_u32(call, i))
			return VERR_WRONG_PARAMETER_TYPE;
		if (u32_of(call, i++))
			return VERR_INVALID_FLAGS;
	}
	if (!is_u32(call, i))
		return VERR_WRONG_PARAMETER_TYPE;
	format = u32_of(call, i++);
	if (n == SHCL_CPARMS_DATA_WRITE_61B && !is_u32(call, i++))
		return VERR_WRONG_PARAMETER_TYPE;
	rc = hgcm_call_get_buf(call, i, HGCM_ACCEPT_READABLE, &data, &size,
			       NULL);
	if (rc < 0)
		return rc;
	if (size > c->svc->max_data)
		return VERR_TOO_MUCH_DATA;
	if (has_context_ids(c)) {
		if (cid !=
		    shcl_context_id(0, c->source, shcl_context_event(cid)))
			return VERR_INVALID_CONTEXT;
		/* An answer to a request the host gave up on is dropped. */
		r = clip_read_find(c, false, shcl_context_event(cid));
	} else {
		r = clip_read_find(c, true, format);
		if (!r)
			return VERR_INVALID_CONTEXT;
	}
	if (r) {
		c->svc->bytes_from_guest += size;
		clip_read_finish(r, size ? VINF_SUCCESS : VERR_NO_DATA,
				 size ? g_bytes_new(data, size) : NULL, format);
	}
	return VINF_SUCCESS;
}

/* ERROR(u64 context, u32 status) */
static int fn_error(struct clip_client *c, struct hgcm_call *call,
		    unsigned int n)
{
	if (n != SHCL_CPARMS_ERROR || !is_u64(call, 0) || !is_u32(call, 1))
		return VERR_INVALID_PARAMETER;
	g_info("clipboard client %u reported error %d; it starts over", c->id,
	       (int32_t)u32_of(call, 1));
	clip_client_reset(c);
	return VINF_SUCCESS;
}

static int clip_dispatch(struct clip_client *c, struct hgcm_call *call,
			 uint32_t fn, unsigned int n)
{
	switch (fn) {
	case SHCL_FN_MSG_OLD_GET_WAIT:
		return fn_old_get_wait(c, call, n);
	case SHCL_FN_REPORT_FORMATS:
		return fn_report_formats(c, call, n);
	case SHCL_FN_DATA_READ:
		return fn_data_read(c, call, n);
	case SHCL_FN_DATA_WRITE:
		return fn_data_write(c, call, n);
	case SHCL_FN_REPORT_FEATURES:
		return fn_features(c, call, n, true);
	case SHCL_FN_QUERY_FEATURES:
		return fn_features(c, call, n, false);
	case SHCL_FN_MSG_PEEK_NOWAIT:
		return fn_peek(c, call, n, false);
	case SHCL_FN_MSG_PEEK_WAIT:
		return fn_peek(c, call, n, true);
	case SHCL_FN_MSG_GET:
		return fn_msg_get(c, call, n);
	case SHCL_FN_MSG_CANCEL:
		return fn_msg_cancel(c, n);
	case SHCL_FN_ERROR:
		return fn_error(c, call, n);
	case SHCL_FN_NEGOTIATE_CHUNK_SIZE:
		return fn_chunk_size(call, n);
	default: /* CONNECT, the file transfer functions, unknown */
		return VERR_NOT_IMPLEMENTED;
	}
}

/*
 * A host before 6.1 knows the four legacy functions only, refuses bad
 * parameters with VERR_INVALID_PARAMETER and a forbidden direction with
 * VERR_NOT_SUPPORTED, reports an overflow by the size alone, and takes any
 * answer.
 */
static int clip_dispatch_legacy(struct clip_client *c, struct hgcm_call *call,
				uint32_t fn, unsigned int n)
{
	int rc;

	if (fn < SHCL_FN_MSG_OLD_GET_WAIT || fn > SHCL_FN_DATA_WRITE)
		return VERR_NOT_IMPLEMENTED;
	rc = clip_dispatch(c, call, fn, n);
	switch (rc) {
	case VERR_WRONG_PARAMETER_COUNT:
	case VERR_WRONG_PARAMETER_TYPE:
		return VERR_INVALID_PARAMETER;
	case VERR_ACCESS_DENIED:
		return VERR_NOT_SUPPORTED;
	case VINF_BUFFER_OVERFLOW:
	case VERR_INVALID_CONTEXT:
		return VINF_SUCCESS;
	default:
		return rc;
	}
}

static void clip_call(struct hgcm_service *hsvc, struct hgcm_client *hc,
		      struct hgcm_call *call, uint32_t function,
		      unsigned int parm_count)
{
	struct clipboard_svc *svc = hgcm_service_data(hsvc);
	struct clip_client *c = hgcm_client_data(hc);
	int rc;

	if (svc->cfg.legacy_host)
		rc = clip_dispatch_legacy(c, call, function, parm_count);
	else
		rc = clip_dispatch(c, call, function, parm_count);
	if (rc != VINF_HGCM_ASYNC_EXECUTE)
		hgcm_call_complete(call, rc);
}

static int clip_connect(struct hgcm_service *hsvc, struct hgcm_client *hc)
{
	struct clipboard_svc *svc = hgcm_service_data(hsvc);
	struct clip_client *c = hgcm_client_data(hc);

	if (g_list_length(svc->clients) >= CLIPBOARD_MAX_CLIENTS)
		return VERR_HGCM_TOO_MANY_CLIENTS;
	c->svc = svc;
	c->id = hgcm_client_id(hc);
	c->source = (uint16_t)c->id;
	g_queue_init(&c->msgs);
	g_queue_init(&c->reads);
	svc->clients = g_list_append(svc->clients, c);
	/* The host tells a new client at once what its clipboard holds. */
	clip_report_host_formats(c);
	return VINF_SUCCESS;
}

static void clip_disconnect(struct hgcm_service *hsvc, struct hgcm_client *hc)
{
	struct clipboard_svc *svc = hgcm_service_data(hsvc);
	struct clip_client *c = hgcm_client_data(hc);
	struct hgcm_call *w = c->waiter;

	/* A wait still parked (another thread's) learns that it is over. */
	c->waiter = NULL;
	if (w && !hgcm_call_is_cancelled(w)) {
		set_int(w, 0, SHCL_MSG_QUIT);
		hgcm_call_complete(w, VINF_SUCCESS);
	}
	clip_fail_reads(c, VERR_INTERRUPTED);
	g_queue_clear_full(&c->msgs, g_free);
	if (svc->owner == c) {
		svc->owner = NULL;
		svc->guest_formats = 0;
	}
	svc->clients = g_list_remove(svc->clients, c);
}

static void clip_cancel(struct hgcm_service *hsvc, struct hgcm_client *hc,
			struct hgcm_call *call)
{
	struct clip_client *c = hgcm_client_data(hc);

	(void)hsvc;
	if (c->waiter == call)
		c->waiter = NULL;
}

static void clip_destroy(struct hgcm_service *hsvc)
{
	struct clipboard_svc *svc = hgcm_service_data(hsvc);

	clip_host_clear(svc);
	g_list_free(svc->clients);
	g_free(svc);
}

static const struct hgcm_service_ops clip_ops = {
	.name = SHCL_SERVICE_NAME,
	.client_size = sizeof(struct clip_client),
	.function_count = SHCL_FN_COUNT,
	.function_names = clip_function_names,
	.connect = clip_connect,
	.disconnect = clip_disconnect,
	.call = clip_call,
	.cancel = clip_cancel,
	.destroy = clip_destroy,
};

int clipboard_register(struct hgcm_host *host,
		       const struct clipboard_config *cfg,
		       struct clipboard_svc **out)
{
	struct clipboard_svc *svc = g_new0(struct clipboard_svc, 1);
	int rc;

	svc->host = host;
	svc->cfg = *cfg;
	svc->mode = cfg->mode;
	svc->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms :
					    CLIPBOARD_DEFAULT_TIMEOUT_MS;
	svc->max_data = cfg->max_data ? MIN(cfg->max_data, CLIPBOARD_MAX_DATA) :
					CLIPBOARD_MAX_DATA;
	rc = hgcm_host_register(host, &clip_ops, svc, NULL);
	if (rc < 0) {
		g_free(svc);
		return rc;
	}
	if (out)
		*out = svc;
	return VINF_SUCCESS;
}

/* ---- host side ----------------------------------------------------------- */

/* One host operation, run on the service thread. */
struct clip_host_op {
	struct clipboard_svc *svc;
	GBytes *const *data;
	uint32_t claim;
	uint32_t format;
	enum clipboard_mode mode;
	struct clipboard_read *read;
	struct clipboard_status *st;
	int rc;
};

static void host_set(void *p)
{
	struct clip_host_op *op = p;
	struct clipboard_svc *svc = op->svc;
	unsigned int i;
	GList *l;

	clip_host_clear(svc);
	for (i = 0; i < CLIPBOARD_FORMAT_COUNT; i++) {
		if (!op->data[i])
			continue;
		svc->host_data[i] = g_bytes_ref(op->data[i]);
		svc->host_formats |= 1u << i;
	}
	svc->host_claim = svc->host_formats ? op->claim : 0;
	svc->owner = NULL;
	svc->guest_formats = 0;
	for (l = svc->clients; l; l = l->next)
		clip_report_host_formats(l->data);
}

int clipboard_host_set(struct clipboard_svc *svc, GBytes *const *data)
{
	return clipboard_host_set_claim(svc, data, 0);
}

int clipboard_host_set_claim(struct clipboard_svc *svc, GBytes *const *data,
			     uint32_t claim)
{
	struct clip_host_op op = { .svc = svc, .data = data, .claim = claim };
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < CLIPBOARD_FORMAT_COUNT; i++)
		total += data[i] ? g_bytes_get_size(data[i]) : 0;
	if (total > svc->max_data)
		return VERR_TOO_MUCH_DATA;
	hgcm_host_run_sync(svc->host, host_set, &op);
	return VINF_SUCCESS;
}

uint32_t clipboard_max_data(struct clipboard_svc *svc)
{
	return svc->max_data;
}

static void host_guest_formats(void *p)
{
	struct clip_host_op *op = p;

	op->format = op->svc->guest_formats;
}

uint32_t clipboard_guest_formats(struct clipboard_svc *svc)
{
	struct clip_host_op op = { .svc = svc };

	hgcm_host_run_sync(svc->host, host_guest_formats, &op);
	return op.format;
}

static void host_set_mode(void *p)
{
	struct clip_host_op *op = p;

	op->svc->mode = op->mode;
}

void clipboard_set_mode(struct clipboard_svc *svc, enum clipboard_mode mode)
{
	struct clip_host_op op = { .svc = svc, .mode = mode };

	hgcm_host_run_sync(svc->host, host_set_mode, &op);
}

static void host_read_start(void *p)
{
	struct clip_host_op *op = p;
	struct clipboard_svc *svc = op->svc;
	struct clip_client *c = svc->owner;
	struct clip_parm first;
	struct clipboard_read *r;

	if (!allows(svc, CLIPBOARD_MODE_GUEST_TO_HOST)) {
		op->rc = VERR_ACCESS_DENIED;
		return;
	}
	if (!c || !(svc->guest_formats & op->format)) {
		op->rc = VERR_NOT_FOUND;
		return;
	}
	if (c->reads.length >= CLIPBOARD_MAX_LEGACY_READS) {
		op->rc = VERR_NO_MEMORY;
		return;
	}
	r = g_new0(struct clipboard_read, 1);
	r->refcount = 2;
	g_mutex_init(&r->lock);
	g_cond_init(&r->cond);
	r->format = op->format;
	r->event = clip_new_event(c);
	r->client = c;
	first.is_u64 = has_context_ids(c);
	first.value = first.is_u64 ? shcl_context_id(0, c->source, r->event) :
				     SHCL_MSG_READ_DATA;
	g_queue_push_tail(&c->reads, r);
	op->rc = clip_queue(
		c, first.is_u64 ? SHCL_MSG_READ_DATA_CID : SHCL_MSG_READ_DATA,
		first, op->format);
	if (op->rc < 0) {
		g_queue_remove(&c->reads, r);
		r->refcount = 1;
		clip_read_unref(r);
		return;
	}
	r->timer = g_timeout_source_new(svc->timeout_ms);
	g_source_set_callback(r->timer, clip_read_expired, r, NULL);
	g_source_attach(r->timer, hgcm_host_context(svc->host));
	op->read = r;
}

int clipboard_read_start(struct clipboard_svc *svc, uint32_t format,
			 struct clipboard_read **out)
{
	struct clip_host_op op = { .svc = svc, .format = format };

	*out = NULL;
	if (format_index(format) < 0)
		return VERR_INVALID_PARAMETER;
	hgcm_host_run_sync(svc->host, host_read_start, &op);
	*out = op.read;
	return op.rc;
}

int clipboard_read_wait(struct clipboard_read *r, GBytes **data,
			uint32_t *format)
{
	int rc;

	g_mutex_lock(&r->lock);
	while (!r->done)
		g_cond_wait(&r->cond, &r->lock);
	rc = r->rc;
	*data = r->data;
	r->data = NULL;
	*format = r->written_format;
	g_mutex_unlock(&r->lock);
	clip_read_unref(r);
	return rc;
}

static void host_status(void *p)
{
	struct clip_host_op *op = p;
	struct clipboard_svc *svc = op->svc;
	struct clipboard_status *st = op->st;
	GList *l;

	memset(st, 0, sizeof(*st));
	st->mode = svc->mode;
	st->legacy_host = svc->cfg.legacy_host;
	st->timeout_ms = svc->timeout_ms;
	st->host_formats = svc->host_formats;
	st->guest_formats = svc->guest_formats;
	st->bytes_to_guest = svc->bytes_to_guest;
	st->bytes_from_guest = svc->bytes_from_guest;
	for (l = svc->clients; l && st->client_count < CLIPBOARD_MAX_CLIENTS;
	     l = l->next) {
		const struct clip_client *c = l->data;
		struct clipboard_client_status *cs =
			&st->clients[st->client_count++];

		cs->id = c->id;
		cs->context_ids = has_context_ids(c);
		cs->features = c->features0;
		cs->queued = c->msgs.length;
		cs->waiting = c->waiter != NULL;
	}
}

void clipboard_get_status(struct clipboard_svc *svc,
			  struct clipboard_status *st)
{
	struct clip_host_op op = { .svc = svc, .st = st };

	hgcm_host_run_sync(svc->host, host_status, &op);
}
