// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of vbox-hostsim's shared clipboard service, every guest
 * function driven through the HGCM framework the way the emulated VMMDev
 * drives it: both guest protocols, the mode, overflow, waits and their
 * cancellation, the host's reads and their timeout, ERROR, QUIT, the
 * legacy host and malformed calls.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hostsim/hgcm_host.h"
#include "hostsim/svc_clipboard.h"
#include "libvbglr3/vbgl_clipboard_wire.h"
#include "tests/common/ovt_wait.h"

#define TEXT	VBGL_CLIPBOARD_FMT_UNICODETEXT
#define BITMAP	VBGL_CLIPBOARD_FMT_BITMAP
#define HTML	VBGL_CLIPBOARD_FMT_HTML
#define SESSION UINT64_C(0x1234567890abcdef)

static struct hgcm_host *host;
static struct clipboard_svc *svc;
static uint64_t next_tag = 1;

/* ---- a guest, through the framework -------------------------------------- */

#define MAX_PARMS 12

/* A submitted message and, once done, what came back. */
struct res {
	GMutex lock;
	GCond cond;
	bool done;
	int32_t rc;
	uint64_t tag;	 /* for hgcm_host_cancel() */
	uint32_t client; /* a connect's */
	unsigned int n;
	struct hgcm_parm p[MAX_PARMS]; /* data: copies, owned here */
};

/* Every result lives until the host is gone (a call may hold one). */
static GPtrArray *results;

static void res_free(gpointer data)
{
	struct res *r = data;
	unsigned int i;

	for (i = 0; i < r->n; i++)
		g_free(r->p[i].data);
	g_mutex_clear(&r->lock);
	g_cond_clear(&r->cond);
	g_free(r);
}

static void res_done(struct hgcm_call *call, void *opaque)
{
	struct res *r = opaque;
	struct hgcm_parm *p = hgcm_call_parms(call);
	unsigned int i;

	g_mutex_lock(&r->lock);
	r->rc = hgcm_call_result(call);
	r->client = hgcm_call_connected_id(call);
	r->n = MIN(hgcm_call_parm_count(call), MAX_PARMS);
	for (i = 0; i < r->n; i++) {
		r->p[i] = p[i];
		r->p[i].data = p[i].capacity && (p[i].dir & HGCM_DIR_OUT) ?
				       g_memdup2(p[i].data, p[i].capacity) :
				       NULL;
	}
	r->done = true;
	g_cond_broadcast(&r->cond);
	g_mutex_unlock(&r->lock);
}

static struct res *submit(struct hgcm_call *m)
{
	struct res *r = g_new0(struct res, 1);

	g_mutex_init(&r->lock);
	g_cond_init(&r->cond);
	g_ptr_array_add(results, r);
	r->tag = next_tag++;
	hgcm_call_set_done(m, res_done, r, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, r->tag), VINF_SUCCESS);
	return r;
}

/* Wait up to @ms for @r; true once it is done. */
static bool finished(struct res *r, unsigned int ms)
{
	return ovt_wait_flag(&r->lock, &r->cond, &r->done, ms);
}

static void nop(void *data)
{
	(void)data;
}

/* Let the service thread run everything queued so far. */
static void settle(void)
{
	hgcm_host_run_sync(host, nop, NULL);
}

/*
 * A call of @client's to @fn; @kinds says what follows, one letter a
 * parameter: 'u' a uint32_t, 'U' a uint64_t, 'i' an In buffer (const void *,
 * uint32_t size), 'o' an Out buffer (uint32_t size), 'b' an In/Out buffer
 * (const void *, uint32_t size).
 */
static struct res *start(uint32_t client, uint32_t fn, const char *kinds, ...)
{
	unsigned int i, n = (unsigned int)strlen(kinds);
	struct hgcm_call *m = hgcm_call_new_call(client, fn, n, 0);
	struct hgcm_parm *p;
	const void *src;
	va_list ap;

	ck_assert_ptr_nonnull(m);
	p = hgcm_call_parms(m);
	va_start(ap, kinds);
	for (i = 0; i < n; i++) {
		switch (kinds[i]) {
		case 'u':
			p[i].type = HGCM_PARM_U32;
			p[i].u32 = va_arg(ap, uint32_t);
			break;
		case 'U':
			p[i].type = HGCM_PARM_U64;
			p[i].u64 = va_arg(ap, uint64_t);
			break;
		default:
			p[i].type = HGCM_PARM_BUF;
			p[i].dir = kinds[i] == 'i' ? HGCM_DIR_IN :
				   kinds[i] == 'o' ? HGCM_DIR_OUT :
						     HGCM_DIR_INOUT;
			src = kinds[i] == 'o' ? NULL : va_arg(ap, const void *);
			p[i].capacity = va_arg(ap, uint32_t);
			p[i].data = g_malloc0(MAX(p[i].capacity, 1));
			if (src && p[i].capacity)
				memcpy(p[i].data, src, p[i].capacity);
			break;
		}
	}
	va_end(ap);
	return submit(m);
}

/* Wait for a call that must finish, and return its status. */
static int32_t rc_of(struct res *r)
{
	ck_assert_msg(finished(r, 5000), "the call did not finish");
	return r->rc;
}

static uint32_t u32_at(struct res *r, unsigned int i)
{
	ck_assert_int_eq(r->p[i].type, HGCM_PARM_U32);
	return r->p[i].u32;
}

static uint64_t u64_at(struct res *r, unsigned int i)
{
	ck_assert_int_eq(r->p[i].type, HGCM_PARM_U64);
	return r->p[i].u64;
}

static uint32_t guest_connect(void)
{
	struct res *r = submit(hgcm_call_new_connect(SHCL_SERVICE_NAME, 0));

	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	return r->client;
}

static int32_t guest_disconnect(uint32_t client)
{
	return rc_of(submit(hgcm_call_new_disconnect(client, 0)));
}

static int32_t report_features(uint32_t client, uint64_t features)
{
	return rc_of(start(client, SHCL_FN_REPORT_FEATURES, "UU", features,
			   SHCL_GF1_MUST_BE_ONE));
}

/* A client of the 6.1 protocol, its connect-time report fetched. */
static uint32_t new_client(void)
{
	uint32_t c = guest_connect();

	ck_assert_int_eq(report_features(c, SHCL_GF0_CONTEXT_ID), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_GET, "uu",
				     SHCL_MSG_FORMATS_REPORT, 0)),
			 VINF_SUCCESS);
	return c;
}

/* A legacy client, its connect-time report fetched. */
static uint32_t legacy_client(void)
{
	uint32_t c = guest_connect();
	struct res *r = start(c, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 0, 0);

	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 0), SHCL_MSG_FORMATS_REPORT);
	return c;
}

static int32_t report_formats(uint32_t client, uint32_t formats)
{
	return rc_of(start(client, SHCL_FN_REPORT_FORMATS, "u", formats));
}

static int32_t peek_nowait(uint32_t client, struct res **out)
{
	struct res *r = start(client, SHCL_FN_MSG_PEEK_NOWAIT, "Uuuu",
			      UINT64_C(0), 0, 0, 0);
	int32_t rc = rc_of(r);

	if (out)
		*out = r;
	return rc;
}

/* The guest answers @read's request the legacy way; the host gets it. */
static void legacy_answer(uint32_t client, struct clipboard_read *read,
			  uint32_t format, const char *data, uint32_t len)
{
	GBytes *got = NULL;
	uint32_t fmt = 0;

	ck_assert_int_eq(rc_of(start(client, SHCL_FN_DATA_WRITE, "ui", format,
				     data, len)),
			 VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_wait(read, &got, &fmt), VINF_SUCCESS);
	ck_assert_uint_eq(fmt, format);
	ck_assert_uint_eq(g_bytes_get_size(got), len);
	ck_assert_mem_eq(g_bytes_get_data(got, NULL), data, len);
	g_bytes_unref(got);
}

/* ---- the host ------------------------------------------------------------ */

static uint64_t test_session_id(void *opaque)
{
	(void)opaque;
	return SESSION;
}

/* A host limit below the default, so that the tests stay small. */
#define TEST_MAX_DATA (1024u * 1024)

static void svc_start(enum clipboard_mode mode, bool legacy_host,
		      unsigned int timeout_ms)
{
	struct clipboard_config cfg = {
		.mode = mode,
		.legacy_host = legacy_host,
		.timeout_ms = timeout_ms,
		.max_data = TEST_MAX_DATA,
		.session_id = test_session_id,
	};

	host = hgcm_host_new();
	ck_assert_int_eq(clipboard_register(host, &cfg, &svc), VINF_SUCCESS);
}

static void svc_stop(void)
{
	hgcm_host_free(host);
	host = NULL;
	svc = NULL;
}

/* Start over with another configuration. */
static void svc_restart(enum clipboard_mode mode, bool legacy_host,
			unsigned int timeout_ms)
{
	svc_stop();
	svc_start(mode, legacy_host, timeout_ms);
}

static void setup(void)
{
	results = g_ptr_array_new_with_free_func(res_free);
	svc_start(CLIPBOARD_MODE_BIDIRECTIONAL, false, 0);
}

static void teardown(void)
{
	svc_stop();
	g_ptr_array_unref(results);
	results = NULL;
}

/* The host user copies @len bytes of @data in @format. */
static void host_copies(uint32_t format, const void *data, size_t len)
{
	GBytes *d[CLIPBOARD_FORMAT_COUNT] = { NULL };
	unsigned int i = g_bit_nth_lsf(format, -1);

	d[i] = g_bytes_new(data, len);
	ck_assert_int_eq(clipboard_host_set(svc, d), VINF_SUCCESS);
	g_bytes_unref(d[i]);
}

static struct clipboard_client_status client_status(uint32_t id)
{
	struct clipboard_status st;
	unsigned int i;

	clipboard_get_status(svc, &st);
	for (i = 0; i < st.client_count; i++) {
		if (st.clients[i].id == id)
			return st.clients[i];
	}
	ck_abort_msg("no client %u", id);
	return st.clients[0];
}

/* ---- tests --------------------------------------------------------------- */

START_TEST(test_names)
{
	enum clipboard_mode m;

	ck_assert_str_eq(clipboard_mode_name(CLIPBOARD_MODE_OFF), "off");
	ck_assert_str_eq(clipboard_mode_name(CLIPBOARD_MODE_BIDIRECTIONAL),
			 "bidirectional");
	ck_assert(clipboard_mode_parse("host-to-guest", &m));
	ck_assert_int_eq(m, CLIPBOARD_MODE_HOST_TO_GUEST);
	ck_assert(clipboard_mode_parse("guest-to-host", &m));
	ck_assert_int_eq(m, CLIPBOARD_MODE_GUEST_TO_HOST);
	ck_assert(!clipboard_mode_parse("Bidirectional", &m));
	ck_assert(!clipboard_mode_parse("", &m));
	ck_assert_str_eq(clipboard_format_name(TEXT), "text");
	ck_assert_str_eq(clipboard_format_name(BITMAP), "bitmap");
	ck_assert_str_eq(clipboard_format_name(HTML), "html");
	ck_assert_ptr_null(clipboard_format_name(TEXT | HTML));
	ck_assert_ptr_null(clipboard_format_name(VBGL_CLIPBOARD_FMT_URI_LIST));
	ck_assert_ptr_null(clipboard_format_name(0));
	ck_assert_uint_eq(clipboard_format_parse("html"), HTML);
	ck_assert_uint_eq(clipboard_format_parse("png"), 0);
}
END_TEST

/* A new client hears at once what the host clipboard holds. */
START_TEST(test_connect_reports_host_formats)
{
	static const char text[] = "h\0i\0\0";
	struct res *r;
	uint32_t c;

	host_copies(TEXT, text, sizeof(text) - 1);
	c = guest_connect();
	ck_assert_int_eq(peek_nowait(c, &r), VINF_SUCCESS);
	ck_assert_uint_eq(u64_at(r, 0), SHCL_MSG_FORMATS_REPORT);
	ck_assert_uint_eq(u32_at(r, 1), 2);
	ck_assert_uint_eq(u32_at(r, 2), SHCL_PEEK_SIZE_U32);
	ck_assert_uint_eq(u32_at(r, 3), SHCL_PEEK_SIZE_U32);
	/* A peek leaves the message; the u32 form of [0] works too. */
	r = start(c, SHCL_FN_MSG_PEEK_NOWAIT, "uu", 0, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 0), SHCL_MSG_FORMATS_REPORT);
	r = start(c, SHCL_FN_MSG_GET, "uu", SHCL_MSG_FORMATS_REPORT, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 0), SHCL_MSG_FORMATS_REPORT);
	ck_assert_uint_eq(u32_at(r, 1), TEXT);
	ck_assert_int_eq(peek_nowait(c, NULL), VERR_TRY_AGAIN);
	r = start(c, SHCL_FN_MSG_GET, "uu", SHCL_MSG_FORMATS_REPORT, 0);
	ck_assert_int_eq(rc_of(r), VERR_TRY_AGAIN);

	/* An empty host clipboard is reported as formats 0. */
	host_copies(TEXT, text, 2);
	c = guest_connect();
	r = start(c, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 7, 7);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 1), TEXT);
	{
		GBytes *none[CLIPBOARD_FORMAT_COUNT] = { NULL };

		ck_assert_int_eq(clipboard_host_set(svc, none), VINF_SUCCESS);
	}
	r = start(c, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 7, 7);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 0), SHCL_MSG_FORMATS_REPORT);
	ck_assert_uint_eq(u32_at(r, 1), 0);
}
END_TEST

START_TEST(test_features)
{
	uint32_t c = guest_connect();
	struct res *r;

	ck_assert(!client_status(c).context_ids);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_REPORT_FEATURES, "U",
				     SHCL_GF0_CONTEXT_ID)),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_REPORT_FEATURES, "uU", 1,
				     SHCL_GF1_MUST_BE_ONE)),
			 VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(report_features(c, 0), VINF_SUCCESS);
	r = start(c, SHCL_FN_REPORT_FEATURES, "UU", SHCL_GF0_CONTEXT_ID,
		  UINT64_C(0));
	ck_assert_int_eq(rc_of(r), VERR_INVALID_PARAMETER);
	ck_assert(!client_status(c).context_ids);

	r = start(c, SHCL_FN_REPORT_FEATURES, "UU",
		  SHCL_GF0_CONTEXT_ID | SHCL_GF0_TRANSFERS,
		  SHCL_GF1_MUST_BE_ONE);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u64_at(r, 0), SHCL_HF0_CONTEXT_ID);
	ck_assert_uint_eq(u64_at(r, 1), 0);
	ck_assert(client_status(c).context_ids);
	ck_assert_uint_eq(client_status(c).features,
			  SHCL_GF0_CONTEXT_ID | SHCL_GF0_TRANSFERS);

	/* QUERY_FEATURES answers without changing the guest's features. */
	r = start(c, SHCL_FN_QUERY_FEATURES, "UU", UINT64_C(0), UINT64_C(0));
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u64_at(r, 0), SHCL_HF0_CONTEXT_ID);
	ck_assert_uint_eq(u64_at(r, 1), 0);
	ck_assert(client_status(c).context_ids);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_QUERY_FEATURES, "UUU",
				     UINT64_C(0), UINT64_C(0), UINT64_C(0))),
			 VERR_WRONG_PARAMETER_COUNT);

	/* Reporting again replaces them: back to the legacy protocol. */
	ck_assert_int_eq(report_features(c, 0), VINF_SUCCESS);
	ck_assert(!client_status(c).context_ids);
}
END_TEST

START_TEST(test_chunk_size)
{
	uint32_t c = guest_connect();
	struct res *r;

	r = start(c, SHCL_FN_NEGOTIATE_CHUNK_SIZE, "uu", 1u << 30, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 0), SHCL_MAX_CHUNK_SIZE);
	ck_assert_uint_eq(u32_at(r, 1), SHCL_DEFAULT_CHUNK_SIZE);
	r = start(c, SHCL_FN_NEGOTIATE_CHUNK_SIZE, "uu", 4096, 1024);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 0), 4096);
	ck_assert_uint_eq(u32_at(r, 1), 4096);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_NEGOTIATE_CHUNK_SIZE, "u", 1)),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_NEGOTIATE_CHUNK_SIZE, "uU", 1,
				     UINT64_C(1))),
			 VERR_WRONG_PARAMETER_TYPE);
}
END_TEST

/* 6.1 protocol: the guest announces, the host reads by context id. */
START_TEST(test_new_protocol_round_trip)
{
	static const char answer[] = "a\0b\0\0";
	struct clipboard_read *read;
	GBytes *data = NULL;
	uint32_t c = new_client(), fmt = 0;
	uint64_t ctx;
	struct res *r;

	ck_assert_int_eq(report_formats(c, TEXT | HTML), VINF_SUCCESS);
	ck_assert_uint_eq(clipboard_guest_formats(svc), TEXT | HTML);
	/* The 6.1-beta form, for clients with context ids only. */
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_REPORT_FORMATS, "Uuu",
				     UINT64_C(0), TEXT, 0)),
			 VINF_SUCCESS);
	ck_assert_uint_eq(clipboard_guest_formats(svc), TEXT);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_REPORT_FORMATS, "Uuu",
				     UINT64_C(0), TEXT, 1)),
			 VERR_INVALID_FLAGS);

	ck_assert_int_eq(clipboard_read_start(svc, HTML, &read),
			 VERR_NOT_FOUND);
	ck_assert_int_eq(clipboard_read_start(svc, TEXT, &read), VINF_SUCCESS);
	r = start(c, SHCL_FN_MSG_PEEK_WAIT, "Uuuu", UINT64_C(0), 0, 0, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u64_at(r, 0), SHCL_MSG_READ_DATA_CID);
	ck_assert_uint_eq(u32_at(r, 1), 2);
	ck_assert_uint_eq(u32_at(r, 2), SHCL_PEEK_SIZE_U64);
	ck_assert_uint_eq(u32_at(r, 3), SHCL_PEEK_SIZE_U32);
	/* The id must match and the layout too. */
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_GET, "Uu",
				     (uint64_t)SHCL_MSG_FORMATS_REPORT, 0)),
			 VERR_MISMATCH);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_GET, "Uuu",
				     (uint64_t)SHCL_MSG_READ_DATA_CID, 0, 0)),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_GET, "uu",
				     SHCL_MSG_READ_DATA_CID, 0)),
			 VERR_WRONG_PARAMETER_TYPE);
	r = start(c, SHCL_FN_MSG_GET, "Uu", (uint64_t)SHCL_MSG_READ_DATA_CID,
		  0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ctx = u64_at(r, 0);
	ck_assert_uint_eq(u32_at(r, 1), TEXT);
	ck_assert_uint_ne(shcl_context_event(ctx), 0);

	/* A wrong context, or the legacy layout, is refused. */
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uui",
				     ctx ^ (UINT64_C(1) << 40), TEXT, answer,
				     (uint32_t)sizeof(answer) - 1)),
			 VERR_INVALID_CONTEXT);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "ui", TEXT, answer,
				     (uint32_t)sizeof(answer) - 1)),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uui", ctx, TEXT,
				     answer, (uint32_t)sizeof(answer) - 1)),
			 VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_wait(read, &data, &fmt), VINF_SUCCESS);
	ck_assert_uint_eq(fmt, TEXT);
	ck_assert_uint_eq(g_bytes_get_size(data), sizeof(answer) - 1);
	ck_assert_mem_eq(g_bytes_get_data(data, NULL), answer,
			 sizeof(answer) - 1);
	g_bytes_unref(data);

	/* The 5-parameter 6.1-beta write, and an empty answer. */
	ck_assert_int_eq(clipboard_read_start(svc, TEXT, &read), VINF_SUCCESS);
	r = start(c, SHCL_FN_MSG_GET, "Uu", (uint64_t)SHCL_MSG_READ_DATA_CID,
		  0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uuuui",
				     u64_at(r, 0), 0, TEXT, 0, "", 0)),
			 VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_wait(read, &data, &fmt), VERR_NO_DATA);
	ck_assert_ptr_null(data);
	/* Without a request a write is taken and dropped. */
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uui", ctx, TEXT,
				     answer, 2)),
			 VINF_SUCCESS);
}
END_TEST

/* Legacy protocol: old-style waits, answers matched by format. */
START_TEST(test_legacy_protocol_round_trip)
{
	struct clipboard_read *read;
	struct clipboard_status st;
	uint32_t c = legacy_client();
	struct res *r;

	ck_assert_int_eq(report_formats(c, BITMAP), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_REPORT_FORMATS, "Uuu",
				     UINT64_C(0), TEXT, 0)),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(clipboard_read_start(svc, BITMAP, &read),
			 VINF_SUCCESS);
	r = start(c, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 0, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 0), SHCL_MSG_READ_DATA);
	ck_assert_uint_eq(u32_at(r, 1), BITMAP);
	/* The old wait took the message. */
	ck_assert_int_eq(peek_nowait(c, NULL), VERR_TRY_AGAIN);

	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uui", UINT64_C(0),
				     BITMAP, "dib", 3)),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_DATA_WRITE, "ui", HTML, "x", 1)),
		VERR_INVALID_CONTEXT);
	legacy_answer(c, read, BITMAP, "dib", 3);
	/* The request is used up. */
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_DATA_WRITE, "ui", BITMAP, "dib", 3)),
		VERR_INVALID_CONTEXT);
	clipboard_get_status(svc, &st);
	ck_assert_uint_eq(st.bytes_from_guest, 3);
	ck_assert(!client_status(c).context_ids);
}
END_TEST

/* A parked wait wakes when a message comes; a peek keeps it queued. */
START_TEST(test_waits_wake)
{
	uint32_t c = new_client(), l = legacy_client();
	struct res *peek, *old;

	peek = start(c, SHCL_FN_MSG_PEEK_WAIT, "Uu", UINT64_C(0), 0);
	old = start(l, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 0, 0);
	settle();
	ck_assert(!finished(peek, 50));
	ck_assert(!finished(old, 1));
	ck_assert(client_status(c).waiting);
	host_copies(HTML, "<p>\0", 4);
	ck_assert_int_eq(rc_of(peek), VINF_SUCCESS);
	ck_assert_uint_eq(u64_at(peek, 0), SHCL_MSG_FORMATS_REPORT);
	ck_assert_uint_eq(u32_at(peek, 1), 2);
	ck_assert_uint_eq(client_status(c).queued, 1);
	ck_assert_int_eq(rc_of(old), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(old, 0), SHCL_MSG_FORMATS_REPORT);
	ck_assert_uint_eq(u32_at(old, 1), HTML);
	ck_assert_uint_eq(client_status(l).queued, 0);
}
END_TEST

START_TEST(test_busy_second_waiter)
{
	uint32_t c = new_client();
	struct res *first;

	first = start(c, SHCL_FN_MSG_PEEK_WAIT, "Uu", UINT64_C(0), 0);
	settle();
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_MSG_PEEK_WAIT, "Uu", UINT64_C(0), 0)),
		VERR_RESOURCE_BUSY);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 0, 0)),
			 VERR_RESOURCE_BUSY);
	/* A non-waiting peek is no waiter. */
	ck_assert_int_eq(peek_nowait(c, NULL), VERR_TRY_AGAIN);
	ck_assert(!finished(first, 20));
	/* Cancelling the call (a guest timeout) frees the slot. */
	ck_assert_int_eq(hgcm_host_cancel(host, first->tag), VINF_SUCCESS);
	settle();
	ck_assert(!client_status(c).waiting);
	first = start(c, SHCL_FN_MSG_PEEK_WAIT, "Uu", UINT64_C(0), 0);
	settle();
	ck_assert(client_status(c).waiting);
}
END_TEST

START_TEST(test_cancel)
{
	uint32_t c = new_client(), l = legacy_client();
	struct res *w;

	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_CANCEL, "")),
			 VWRN_NOT_FOUND);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_CANCEL, "u", 0)),
			 VERR_WRONG_PARAMETER_COUNT);

	w = start(c, SHCL_FN_MSG_PEEK_WAIT, "Uu", UINT64_C(0), 0);
	settle();
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_CANCEL, "")), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(w), VINF_TRY_AGAIN);
	ck_assert_uint_eq(u64_at(w, 0), SHCL_MSG_CANCELED);
	/* The u32 form of the peek gets a u32. */
	w = start(c, SHCL_FN_MSG_PEEK_WAIT, "uu", 0, 0);
	settle();
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_CANCEL, "")), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(w), VINF_TRY_AGAIN);
	ck_assert_uint_eq(u32_at(w, 0), SHCL_MSG_CANCELED);

	w = start(l, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 0, 0);
	settle();
	ck_assert_int_eq(rc_of(start(l, SHCL_FN_MSG_CANCEL, "")), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(w), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(w, 0), SHCL_MSG_CANCELED);
	ck_assert_uint_eq(u32_at(w, 1), 0);
	ck_assert_int_eq(rc_of(start(l, SHCL_FN_MSG_CANCEL, "")),
			 VWRN_NOT_FOUND);
}
END_TEST

/* DATA_READ reports the size; an exact fit counts as overflow too. */
START_TEST(test_data_read_overflow)
{
	enum { SIZE = 10000 };
	g_autofree uint8_t *big = g_malloc(SIZE);
	struct clipboard_status st;
	uint32_t c = new_client();
	struct res *r;
	unsigned int i;

	for (i = 0; i < SIZE; i++)
		big[i] = (uint8_t)(i * 7);
	host_copies(BITMAP, big, SIZE);
	r = start(c, SHCL_FN_DATA_READ, "uou", BITMAP, 4096u, 0);
	ck_assert_int_eq(rc_of(r), VINF_BUFFER_OVERFLOW);
	ck_assert_uint_eq(u32_at(r, 2), SIZE);
	ck_assert_mem_eq(r->p[1].data, big, 4096);
	r = start(c, SHCL_FN_DATA_READ, "uou", BITMAP, (uint32_t)SIZE, 0);
	ck_assert_int_eq(rc_of(r), VINF_BUFFER_OVERFLOW);
	ck_assert_uint_eq(u32_at(r, 2), SIZE);
	ck_assert_mem_eq(r->p[1].data, big, SIZE);
	r = start(c, SHCL_FN_DATA_READ, "uou", BITMAP, (uint32_t)SIZE + 1, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 2), SIZE);
	/* An In/Out buffer and the 5-parameter form work too. */
	r = start(c, SHCL_FN_DATA_READ, "ubu", BITMAP, "x", 1u, 0);
	ck_assert_int_eq(rc_of(r), VINF_BUFFER_OVERFLOW);
	ck_assert_uint_eq(u32_at(r, 2), SIZE);
	r = start(c, SHCL_FN_DATA_READ, "Uuuuo", UINT64_C(0), 0, BITMAP, 0,
		  (uint32_t)SIZE + 100);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 3), SIZE);
	ck_assert_mem_eq(r->p[4].data, big, SIZE);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_READ, "Uuuuo", UINT64_C(0),
				     1, BITMAP, 0, 16u)),
			 VERR_INVALID_FLAGS);
	/* A format the host lacks: nothing. */
	r = start(c, SHCL_FN_DATA_READ, "uou", TEXT, 64u, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 2), 0);
	r = start(c, SHCL_FN_DATA_READ, "uou", TEXT | BITMAP, 64u, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 2), 0);
	clipboard_get_status(svc, &st);
	ck_assert_uint_eq(st.bytes_to_guest, 3 * SIZE); /* the whole reads */
}
END_TEST

START_TEST(test_mode_gating)
{
	struct clipboard_read *read;
	uint32_t c = new_client();

	clipboard_set_mode(svc, CLIPBOARD_MODE_OFF);
	ck_assert_int_eq(report_formats(c, TEXT), VERR_ACCESS_DENIED);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_READ, "uou", TEXT, 8u, 0)),
			 VERR_ACCESS_DENIED);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uui", UINT64_C(1),
				     TEXT, "x", 1)),
			 VERR_ACCESS_DENIED);
	host_copies(TEXT, "x\0\0", 4);
	ck_assert_int_eq(peek_nowait(c, NULL), VERR_TRY_AGAIN);

	clipboard_set_mode(svc, CLIPBOARD_MODE_HOST_TO_GUEST);
	ck_assert_int_eq(report_formats(c, TEXT), VERR_ACCESS_DENIED);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_READ, "uou", TEXT, 8u, 0)),
			 VINF_SUCCESS);
	host_copies(TEXT, "y\0\0", 4);
	ck_assert_int_eq(peek_nowait(c, NULL), VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_start(svc, TEXT, &read),
			 VERR_ACCESS_DENIED);

	clipboard_set_mode(svc, CLIPBOARD_MODE_GUEST_TO_HOST);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_READ, "uou", TEXT, 8u, 0)),
			 VERR_ACCESS_DENIED);
	ck_assert_int_eq(report_formats(c, HTML), VINF_SUCCESS);
	ck_assert_uint_eq(clipboard_guest_formats(svc), HTML);
	ck_assert_int_eq(clipboard_read_start(svc, HTML, &read), VINF_SUCCESS);
	clipboard_set_mode(svc, CLIPBOARD_MODE_OFF);
	/* A mode change does not end a read already asked. */
	clipboard_set_mode(svc, CLIPBOARD_MODE_BIDIRECTIONAL);
	{
		GBytes *data = NULL;
		uint32_t fmt;
		struct res *r;

		r = start(c, SHCL_FN_MSG_GET, "uu", SHCL_MSG_FORMATS_REPORT, 0);
		ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
		r = start(c, SHCL_FN_MSG_GET, "Uu",
			  (uint64_t)SHCL_MSG_READ_DATA_CID, 0);
		ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
		ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uui",
					     u64_at(r, 0), HTML, "<b>", 3)),
				 VINF_SUCCESS);
		ck_assert_int_eq(clipboard_read_wait(read, &data, &fmt),
				 VINF_SUCCESS);
		g_bytes_unref(data);
	}
}
END_TEST

/* An empty report from a client that never announced anything is ignored. */
START_TEST(test_empty_report)
{
	struct clipboard_status st;
	uint32_t a = new_client(), b = new_client();

	host_copies(TEXT, "x\0\0", 4);
	ck_assert_int_eq(report_formats(a, 0), VINF_SUCCESS);
	clipboard_get_status(svc, &st);
	ck_assert_uint_eq(st.host_formats, TEXT);
	ck_assert_int_eq(report_formats(a, HTML), VINF_SUCCESS);
	clipboard_get_status(svc, &st);
	ck_assert_uint_eq(st.host_formats, 0);
	ck_assert_uint_eq(st.guest_formats, HTML);
	/* Another client's empty report does not touch a's offer. */
	ck_assert_int_eq(report_formats(b, BITMAP), VINF_SUCCESS);
	ck_assert_int_eq(report_formats(a, HTML), VINF_SUCCESS);
	ck_assert_int_eq(report_formats(b, 0), VINF_SUCCESS);
	ck_assert_uint_eq(clipboard_guest_formats(svc), HTML);
	ck_assert_int_eq(report_formats(a, 0), VINF_SUCCESS);
	ck_assert_uint_eq(clipboard_guest_formats(svc), 0);
	/* Unknown bits are no formats. */
	ck_assert_int_eq(report_formats(a, VBGL_CLIPBOARD_FMT_URI_LIST | 0x100),
			 VINF_SUCCESS);
	ck_assert_uint_eq(clipboard_guest_formats(svc), 0);
}
END_TEST

START_TEST(test_read_timeout)
{
	struct clipboard_read *read;
	struct clipboard_status st;
	GBytes *data = NULL;
	uint32_t c, fmt;
	gint64 t0;
	struct res *r;

	clipboard_get_status(svc, &st);
	ck_assert_uint_eq(st.timeout_ms, CLIPBOARD_DEFAULT_TIMEOUT_MS);
	svc_restart(CLIPBOARD_MODE_BIDIRECTIONAL, false, 100);
	c = new_client();
	ck_assert_int_eq(report_formats(c, TEXT), VINF_SUCCESS);
	t0 = g_get_monotonic_time();
	ck_assert_int_eq(clipboard_read_start(svc, TEXT, &read), VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_wait(read, &data, &fmt), VERR_TIMEOUT);
	ck_assert_int_ge(g_get_monotonic_time() - t0, 90000);
	ck_assert_int_lt(g_get_monotonic_time() - t0, 3000000);
	ck_assert_ptr_null(data);
	/* The late answer is taken and dropped. */
	r = start(c, SHCL_FN_MSG_GET, "Uu", (uint64_t)SHCL_MSG_READ_DATA_CID,
		  0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uui", u64_at(r, 0),
				     TEXT, "x\0\0", 4)),
			 VINF_SUCCESS);
	clipboard_get_status(svc, &st);
	ck_assert_uint_eq(st.bytes_from_guest, 0);

	/* A legacy client's late answer matches no request any more. */
	c = legacy_client();
	ck_assert_int_eq(report_formats(c, TEXT), VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_start(svc, TEXT, &read), VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_wait(read, &data, &fmt), VERR_TIMEOUT);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_DATA_WRITE, "ui", TEXT, "x\0\0", 4)),
		VERR_INVALID_CONTEXT);
}
END_TEST

/* ERROR starts the client over (what 7.1 hosts do). */
START_TEST(test_error_reset)
{
	struct clipboard_read *read;
	GBytes *data = NULL;
	uint32_t c = new_client(), fmt;
	struct res *w;

	ck_assert_int_eq(report_formats(c, TEXT), VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_start(svc, TEXT, &read), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_ERROR, "U", UINT64_C(0))),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_ERROR, "uu", 0, 0)),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_ERROR, "UU", UINT64_C(0), UINT64_C(0))),
		VERR_INVALID_PARAMETER);
	ck_assert_uint_eq(client_status(c).queued, 1);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_ERROR, "Uu", UINT64_C(0),
				     (uint32_t)VERR_NOT_SUPPORTED)),
			 VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_wait(read, &data, &fmt),
			 VERR_CANCELLED);
	ck_assert_uint_eq(client_status(c).queued, 0);
	ck_assert(!client_status(c).context_ids);
	ck_assert_int_eq(peek_nowait(c, NULL), VERR_TRY_AGAIN);
	/* Its offer stays; new requests come the legacy way now. */
	ck_assert_uint_eq(clipboard_guest_formats(svc), TEXT);
	w = start(c, SHCL_FN_MSG_PEEK_WAIT, "Uu", UINT64_C(0), 0);
	settle();
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_ERROR, "Uu", UINT64_C(0), 0)),
			 VINF_SUCCESS);
	/* A wait in progress survives the reset. */
	ck_assert_int_eq(clipboard_read_start(svc, TEXT, &read), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(w), VINF_SUCCESS);
	ck_assert_uint_eq(u64_at(w, 0), SHCL_MSG_READ_DATA);
	legacy_answer(c, read, TEXT, "z\0\0", 4);
}
END_TEST

/* A client that goes away ends its parked wait with QUIT. */
START_TEST(test_quit_on_disconnect)
{
	struct clipboard_read *read;
	GBytes *data = NULL;
	uint32_t c = new_client(), l = legacy_client(), fmt;
	struct res *w, *old, *last;

	ck_assert_int_eq(report_formats(c, TEXT), VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_start(svc, TEXT, &read), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_GET, "Uu",
				     (uint64_t)SHCL_MSG_READ_DATA_CID, 0)),
			 VINF_SUCCESS);
	w = start(c, SHCL_FN_MSG_PEEK_WAIT, "Uu", UINT64_C(0), 0);
	old = start(l, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 0, 0);
	settle();
	ck_assert_int_eq(guest_disconnect(c), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(w), VINF_SUCCESS);
	ck_assert_uint_eq(u64_at(w, 0), SHCL_MSG_QUIT);
	ck_assert_uint_eq(u32_at(w, 1), 0);
	ck_assert_int_eq(clipboard_read_wait(read, &data, &fmt),
			 VERR_INTERRUPTED);
	/* Its offer went with it. */
	ck_assert_uint_eq(clipboard_guest_formats(svc), 0);
	ck_assert_int_eq(guest_disconnect(l), VINF_SUCCESS);
	ck_assert_int_eq(rc_of(old), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(old, 0), SHCL_MSG_QUIT);

	/* The host shutting down does the same. */
	c = new_client();
	last = start(c, SHCL_FN_MSG_PEEK_WAIT, "Uu", UINT64_C(0), 0);
	settle();
	svc_stop();
	ck_assert(last->done);
	ck_assert_int_eq(last->rc, VINF_SUCCESS);
	ck_assert_uint_eq(u64_at(last, 0), SHCL_MSG_QUIT);
	svc_start(CLIPBOARD_MODE_BIDIRECTIONAL, false, 0);
}
END_TEST

/* A host before 6.1: the four legacy functions, their old answers. */
START_TEST(test_legacy_host)
{
	static const uint32_t newer[] = {
		SHCL_FN_CONNECT,
		SHCL_FN_REPORT_FEATURES,
		SHCL_FN_QUERY_FEATURES,
		SHCL_FN_MSG_PEEK_NOWAIT,
		SHCL_FN_MSG_PEEK_WAIT,
		SHCL_FN_MSG_GET,
		SHCL_FN_MSG_CANCEL,
		SHCL_FN_ERROR,
		SHCL_FN_NEGOTIATE_CHUNK_SIZE,
	};
	struct clipboard_read *read;
	struct clipboard_status st;
	struct res *r;
	uint32_t c;
	size_t i;

	svc_restart(CLIPBOARD_MODE_BIDIRECTIONAL, true, 0);
	clipboard_get_status(svc, &st);
	ck_assert(st.legacy_host);
	c = legacy_client();
	for (i = 0; i < G_N_ELEMENTS(newer); i++)
		ck_assert_int_eq(rc_of(start(c, newer[i], "UU", UINT64_C(0),
					     SHCL_GF1_MUST_BE_ONE)),
				 VERR_NOT_IMPLEMENTED);
	ck_assert(!client_status(c).context_ids);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_MSG_OLD_GET_WAIT, "uuu", 0, 0, 0)),
		VERR_INVALID_PARAMETER);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_REPORT_FORMATS, "U", UINT64_C(1))),
		VERR_INVALID_PARAMETER);

	/* No VINF_BUFFER_OVERFLOW: the size alone tells. */
	host_copies(HTML, "<i>x</i>\0", 9);
	r = start(c, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 0, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 1), HTML);
	r = start(c, SHCL_FN_DATA_READ, "uou", HTML, 4u, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 2), 9);
	r = start(c, SHCL_FN_DATA_READ, "uou", HTML, 9u, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_mem_eq(r->p[1].data, "<i>x</i>", 9);

	/* Guest to host, and an answer nobody asked for. */
	ck_assert_int_eq(report_formats(c, TEXT), VINF_SUCCESS);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_DATA_WRITE, "ui", HTML, "x", 1)),
		VINF_SUCCESS);
	ck_assert_int_eq(clipboard_read_start(svc, TEXT, &read), VINF_SUCCESS);
	r = start(c, SHCL_FN_MSG_OLD_GET_WAIT, "uu", 0, 0);
	ck_assert_int_eq(rc_of(r), VINF_SUCCESS);
	ck_assert_uint_eq(u32_at(r, 0), SHCL_MSG_READ_DATA);
	legacy_answer(c, read, TEXT, "t\0\0", 4);

	/* A forbidden direction is VERR_NOT_SUPPORTED. */
	clipboard_set_mode(svc, CLIPBOARD_MODE_OFF);
	ck_assert_int_eq(report_formats(c, TEXT), VERR_NOT_SUPPORTED);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_READ, "uou", HTML, 4u, 0)),
			 VERR_NOT_SUPPORTED);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_DATA_WRITE, "ui", TEXT, "x", 1)),
		VERR_NOT_SUPPORTED);
}
END_TEST

START_TEST(test_restore_check)
{
	uint32_t c = new_client();
	struct res *r;

	r = start(c, SHCL_FN_MSG_PEEK_NOWAIT, "Uu", UINT64_C(42), 0);
	ck_assert_int_eq(rc_of(r), VERR_VM_RESTORED);
	ck_assert_uint_eq(u64_at(r, 0), SESSION);
	r = start(c, SHCL_FN_MSG_PEEK_NOWAIT, "Uu", SESSION, 0);
	ck_assert_int_eq(rc_of(r), VERR_TRY_AGAIN);
}
END_TEST

START_TEST(test_hostile_parameters)
{
	static const uint32_t unknown[] = {
		0, 11, 12, 25, 29, 1000, UINT32_MAX
	};
	g_autofree uint8_t *huge = g_malloc0(TEST_MAX_DATA + 1);
	uint32_t c = new_client(), l = legacy_client();
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(unknown); i++)
		ck_assert_int_eq(rc_of(start(c, unknown[i], "")),
				 VERR_NOT_IMPLEMENTED);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_CONNECT, "uuu", 0, 0, 0)),
			 VERR_NOT_IMPLEMENTED);
	/* Waits and peeks. */
	ck_assert_int_eq(rc_of(start(l, SHCL_FN_MSG_OLD_GET_WAIT, "u", 0)),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(
		rc_of(start(l, SHCL_FN_MSG_OLD_GET_WAIT, "uU", 0, UINT64_C(0))),
		VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(rc_of(start(l, SHCL_FN_MSG_OLD_GET_WAIT, "ou", 4u, 0)),
			 VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_MSG_PEEK_WAIT, "U", UINT64_C(0))),
		VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_PEEK_WAIT, "UU",
				     UINT64_C(0), UINT64_C(0))),
			 VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_MSG_PEEK_NOWAIT, "uuo", 0, 0, 8u)),
		VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_GET, "")), VERR_TRY_AGAIN);
	host_copies(TEXT, "x\0\0", 4);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_GET, "")),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_GET, "oo", 4u, 4u)),
			 VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_MSG_GET, "uU",
				     SHCL_MSG_FORMATS_REPORT, UINT64_C(0))),
			 VERR_WRONG_PARAMETER_TYPE);
	ck_assert_uint_eq(client_status(c).queued, 1);

	/* Formats, reads and writes. */
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_REPORT_FORMATS, "")),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_REPORT_FORMATS, "U", UINT64_C(1))),
		VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_REPORT_FORMATS, "uuu", 0, 1, 0)),
		VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_READ, "uo", TEXT, 8u)),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_DATA_READ, "uiu", TEXT, "x", 1u, 0)),
		VERR_INVALID_PARAMETER);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_READ, "uuu", TEXT, 0, 0)),
			 VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_DATA_READ, "Uou", UINT64_C(1), 8u, 0)),
		VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(rc_of(start(l, SHCL_FN_DATA_READ, "Uuuuo", UINT64_C(0),
				     0, TEXT, 0, 8u)),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uuo", UINT64_C(1),
				     TEXT, 4u)),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(
		rc_of(start(c, SHCL_FN_DATA_WRITE, "uui", 1, TEXT, "x", 1u)),
		VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uuuui",
				     UINT64_C(1), 5, TEXT, 1, "x", 1u)),
			 VERR_INVALID_FLAGS);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "UuUui",
				     UINT64_C(1), 0, UINT64_C(1), 1, "x", 1u)),
			 VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(rc_of(start(c, SHCL_FN_DATA_WRITE, "Uui", UINT64_C(1),
				     TEXT, huge, TEST_MAX_DATA + 1)),
			 VERR_TOO_MUCH_DATA);
	ck_assert_int_eq(rc_of(start(l, SHCL_FN_DATA_WRITE, "ui", TEXT, huge,
				     TEST_MAX_DATA + 1)),
			 VERR_TOO_MUCH_DATA);
	ck_assert_int_eq(rc_of(start(l, SHCL_FN_DATA_WRITE, "uuu", TEXT, 1, 1)),
			 VERR_WRONG_PARAMETER_COUNT);

	/* The host side refuses too much and odd formats. */
	{
		GBytes *d[CLIPBOARD_FORMAT_COUNT] = { NULL };
		struct clipboard_read *read;

		d[0] = g_bytes_new_static(huge, TEST_MAX_DATA / 2 + 1);
		d[2] = g_bytes_ref(d[0]);
		ck_assert_int_eq(clipboard_host_set(svc, d),
				 VERR_TOO_MUCH_DATA);
		ck_assert_uint_eq(clipboard_max_data(svc), TEST_MAX_DATA);
		g_bytes_unref(d[0]);
		g_bytes_unref(d[2]);
		ck_assert_int_eq(clipboard_read_start(svc, TEXT | HTML, &read),
				 VERR_INVALID_PARAMETER);
		ck_assert_int_eq(clipboard_read_start(svc, 0, &read),
				 VERR_INVALID_PARAMETER);
	}
}
END_TEST

START_TEST(test_client_limit)
{
	uint32_t ids[CLIPBOARD_MAX_CLIENTS];
	unsigned int i;

	for (i = 0; i < CLIPBOARD_MAX_CLIENTS; i++)
		ids[i] = guest_connect();
	ck_assert_int_eq(
		rc_of(submit(hgcm_call_new_connect(SHCL_SERVICE_NAME, 0))),
		VERR_HGCM_TOO_MANY_CLIENTS);
	ck_assert_int_eq(guest_disconnect(ids[0]), VINF_SUCCESS);
	guest_connect();
}
END_TEST

static Suite *clipboard_suite(void)
{
	Suite *s = suite_create("svc_clipboard");
	TCase *tc = tcase_create("service");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_connect_reports_host_formats);
	tcase_add_test(tc, test_features);
	tcase_add_test(tc, test_chunk_size);
	tcase_add_test(tc, test_new_protocol_round_trip);
	tcase_add_test(tc, test_legacy_protocol_round_trip);
	tcase_add_test(tc, test_waits_wake);
	tcase_add_test(tc, test_busy_second_waiter);
	tcase_add_test(tc, test_cancel);
	tcase_add_test(tc, test_data_read_overflow);
	tcase_add_test(tc, test_mode_gating);
	tcase_add_test(tc, test_empty_report);
	tcase_add_test(tc, test_read_timeout);
	tcase_add_test(tc, test_error_reset);
	tcase_add_test(tc, test_quit_on_disconnect);
	tcase_add_test(tc, test_legacy_host);
	tcase_add_test(tc, test_restore_check);
	tcase_add_test(tc, test_hostile_parameters);
	tcase_add_test(tc, test_client_limit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(clipboard_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
