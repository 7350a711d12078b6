// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of vbox-hostsim's guest property service: the pure parts
 * (flags, patterns, the answer layouts) and every guest function driven
 * through the HGCM framework the way the emulated VMMDev drives it.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hostsim/hgcm_host.h"
#include "hostsim/svc_guestprop.h"
#include "tests/common/ovt_wait.h"

/* The properties the service starts with (see guestprop_register()). */
#define INITIAL_PROPS 7u

/* ---- flags --------------------------------------------------------------- */

static uint32_t parse_ok(const char *s)
{
	uint32_t flags = 0xdead;

	ck_assert_msg(guestprop_flags_parse(s, &flags) == VINF_SUCCESS,
		      "'%s' should parse", s ? s : "(null)");
	return flags;
}

static void parse_bad(const char *s)
{
	uint32_t flags = 0xdead;

	ck_assert_msg(guestprop_flags_parse(s, &flags) == VERR_PARSE_ERROR,
		      "'%s' should not parse", s);
	ck_assert_uint_eq(flags, 0xdead);
}

START_TEST(test_flags_parse)
{
	ck_assert_uint_eq(parse_ok(NULL), 0);
	ck_assert_uint_eq(parse_ok(""), 0);
	ck_assert_uint_eq(parse_ok("   "), 0);
	ck_assert_uint_eq(parse_ok("TRANSIENT"), VBGL_GUESTPROP_TRANSIENT);
	ck_assert_uint_eq(parse_ok("transient"), VBGL_GUESTPROP_TRANSIENT);
	ck_assert_uint_eq(parse_ok("  TransIent , rdonlyGUEST "),
			  VBGL_GUESTPROP_TRANSIENT |
				  VBGL_GUESTPROP_RDONLYGUEST);
	ck_assert_uint_eq(parse_ok("RDONLYHOST,TRANSRESET,"),
			  VBGL_GUESTPROP_RDONLYHOST |
				  VBGL_GUESTPROP_TRANSRESET);
	ck_assert_uint_eq(parse_ok("READONLY"), VBGL_GUESTPROP_READONLY);
	ck_assert_uint_eq(parse_ok("RDONLYGUEST, RDONLYHOST"),
			  VBGL_GUESTPROP_READONLY);
	ck_assert_uint_eq(parse_ok("TRANSIENT,TRANSIENT"),
			  VBGL_GUESTPROP_TRANSIENT);
	parse_bad("bogus");
	parse_bad("TRANSIENTX");
	parse_bad(",TRANSIENT");
	parse_bad("TRANSIENT;RDONLYHOST");
	parse_bad("TRANSIENT RDONLYHOST");
	parse_bad("TRANSIENT,,RDONLYHOST");
	parse_bad("TRANS");
	parse_bad("\tTRANSIENT");
}
END_TEST

static void format_is(uint32_t flags, const char *want)
{
	char buf[VBGL_GUESTPROP_MAX_FLAGS_LEN];

	ck_assert_int_eq(guestprop_flags_format(flags, buf), VINF_SUCCESS);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_flags_format)
{
	char buf[VBGL_GUESTPROP_MAX_FLAGS_LEN];
	uint32_t f, back;

	format_is(0, "");
	format_is(VBGL_GUESTPROP_TRANSIENT, "TRANSIENT");
	format_is(VBGL_GUESTPROP_RDONLYGUEST, "RDONLYGUEST");
	format_is(VBGL_GUESTPROP_RDONLYHOST, "RDONLYHOST");
	format_is(VBGL_GUESTPROP_READONLY, "READONLY");
	format_is(VBGL_GUESTPROP_TRANSRESET, "TRANSIENT, TRANSRESET");
	format_is(VBGL_GUESTPROP_TRANSIENT | VBGL_GUESTPROP_RDONLYHOST,
		  "TRANSIENT, RDONLYHOST");
	format_is(VBGL_GUESTPROP_FLAGS_MASK, "TRANSIENT, READONLY, TRANSRESET");
	ck_assert_int_eq(guestprop_flags_format(0x1, buf),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(guestprop_flags_format(0x20, buf),
			 VERR_INVALID_PARAMETER);
	/* Every set survives a round trip (TRANSRESET adds TRANSIENT). */
	for (f = 0; f <= VBGL_GUESTPROP_FLAGS_MASK; f += 2) {
		ck_assert_int_eq(guestprop_flags_format(f, buf), VINF_SUCCESS);
		ck_assert_uint_lt(strlen(buf), VBGL_GUESTPROP_MAX_FLAGS_LEN);
		back = parse_ok(buf);
		ck_assert_uint_eq(back, f & VBGL_GUESTPROP_TRANSRESET ?
						f | VBGL_GUESTPROP_TRANSIENT :
						f);
	}
}
END_TEST

/* ---- patterns ------------------------------------------------------------ */

START_TEST(test_pattern_match)
{
	static const struct {
		const char *patterns;
		const char *name;
		bool match;
	} cases[] = {
		{ "", "anything", true },
		{ "abc", "abc", true },
		{ "abc", "abcd", false },
		{ "abc", "ABC", false },
		{ "a*", "a", true },
		{ "a*", "abc", true },
		{ "a*", "ba", false },
		{ "*c", "abc", true },
		{ "*", "x", true },
		{ "**", "xy", true },
		{ "a?c", "abc", true },
		{ "a?c", "ac", false },
		{ "a?c", "abbc", false },
		{ "?", "", false },
		{ "a*b", "aXbYb", true },
		{ "a*b", "aXbYc", false },
		{ "*a*b*", "xxaxxbxx", true },
		{ "*a*b*", "xxbxxaxx", false },
		{ "x|y|abc", "abc", true },
		{ "x|y|abc", "ab", false },
		{ "x||y", "z", false },
		{ "/VirtualBox/*", "/VirtualBox/HostInfo/VBoxVer", true },
		{ "/VirtualBox/GuestInfo/Net/*/V4/IP",
		  "/VirtualBox/GuestInfo/Net/0/V4/IP", true },
		{ "\xc3\xa9?", "\xc3\xa9\xc3\xa8", true }, /* éè, "é?" */
		{ "?", "\xc3\xa9", true },		   /* one character */
		{ "??", "\xc3\xa9", false },		   /* not two bytes */
		{ "\xc3\xa9", "\xc3\xa8", false },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++)
		ck_assert_msg(guestprop_pattern_match(cases[i].patterns,
						      cases[i].name) ==
				      cases[i].match,
			      "'%s' vs '%s'", cases[i].patterns, cases[i].name);
}
END_TEST

static void wire_is(const char *buf, uint32_t size, const char *want)
{
	int rc = 1;
	g_autofree char *p = guestprop_patterns_from_wire(buf, size, &rc);

	ck_assert_int_eq(rc, VINF_SUCCESS);
	ck_assert_str_eq(p, want);
}

static void wire_bad(const char *buf, uint32_t size, int want_rc)
{
	int rc = 1;

	ck_assert_ptr_null(guestprop_patterns_from_wire(buf, size, &rc));
	ck_assert_int_eq(rc, want_rc);
}

START_TEST(test_patterns_from_wire)
{
	char big[VBGL_GUESTPROP_MAX_PATTERN_LEN + 1];

	wire_is("", 1, "");
	wire_is("a|b", 4, "a|b");
	wire_is("a\0b", 4, "a|b");
	wire_is("a\0b\0", 5, "a|b|"); /* a double-NUL list */
	wire_bad("", 0, VERR_INVALID_PARAMETER);
	wire_bad("ab", 2, VERR_INVALID_PARAMETER);	/* no NUL */
	wire_bad("a\0b", 3, VERR_INVALID_PARAMETER);	/* last byte */
	wire_bad("a\0\xff", 4, VERR_INVALID_PARAMETER); /* not UTF-8 */
	wire_bad("\xff\0", 2, VERR_INVALID_PARAMETER);
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	wire_bad(big, sizeof(big), VERR_TOO_MUCH_DATA);
	wire_is(big + 1, sizeof(big) - 1, big + 1);
}
END_TEST

/* ---- answer layouts ------------------------------------------------------ */

START_TEST(test_pack_enum)
{
	struct guestprop_prop a = { "a/one", "1", 1000, 0 };
	struct guestprop_prop b = { "b/two", "", 18446744073709551615u,
				    VBGL_GUESTPROP_TRANSRESET };
	const struct guestprop_prop *props[] = { &a, &b };
	static const char want[] = "a/one\0"
				   "1\0"
				   "1000\0"
				   "\0"
				   "b/two\0"
				   "\0"
				   "18446744073709551615\0"
				   "TRANSIENT, TRANSRESET\0"
				   "\0\0\0";
	const uint32_t want_len = sizeof(want); /* with the last NUL */
	char buf[256];
	uint32_t needed = 0;

	memset(buf, 'Z', sizeof(buf));
	ck_assert_int_eq(guestprop_pack_enum(props, 2, "", buf, sizeof(buf),
					     &needed),
			 VINF_SUCCESS);
	ck_assert_uint_eq(needed, want_len);
	ck_assert_mem_eq(buf, want, want_len);
	ck_assert_int_eq(buf[want_len], 'Z');

	/* Exactly enough room. */
	ck_assert_int_eq(guestprop_pack_enum(props, 2, "", buf, want_len,
					     &needed),
			 VINF_SUCCESS);
	/* One byte short: both entries fit, the end mark does not. */
	memset(buf, 'Z', sizeof(buf));
	ck_assert_int_eq(guestprop_pack_enum(props, 2, "", buf, want_len - 1,
					     &needed),
			 VERR_BUFFER_OVERFLOW);
	ck_assert_uint_eq(needed, want_len);
	ck_assert_mem_eq(buf, want, want_len - 4);
	ck_assert_int_eq(buf[want_len - 4], 'Z');
	/* Less: only the first entry, whole. */
	memset(buf, 'Z', sizeof(buf));
	ck_assert_int_eq(guestprop_pack_enum(props, 2, "", buf, want_len - 5,
					     &needed),
			 VERR_BUFFER_OVERFLOW);
	ck_assert_uint_eq(needed, want_len);
	ck_assert_mem_eq(buf,
			 "a/one\0"
			 "1\0"
			 "1000\0"
			 "\0",
			 14);
	ck_assert_int_eq(buf[14], 'Z');

	/* A pattern selects. */
	ck_assert_int_eq(guestprop_pack_enum(props, 2, "b*", buf, sizeof(buf),
					     &needed),
			 VINF_SUCCESS);
	ck_assert_mem_eq(buf, want + 14, want_len - 14);
	ck_assert_uint_eq(needed, want_len - 14);

	/* Nothing matches: just the end mark; no room: overflow. */
	ck_assert_int_eq(guestprop_pack_enum(props, 2, "zzz", buf, 4, &needed),
			 VINF_SUCCESS);
	ck_assert_uint_eq(needed, 4);
	ck_assert_mem_eq(buf, "\0\0\0\0", 4);
	ck_assert_int_eq(guestprop_pack_enum(props, 2, "zzz", NULL, 0, &needed),
			 VERR_BUFFER_OVERFLOW);
	ck_assert_uint_eq(needed, 4);
}
END_TEST

START_TEST(test_pack_notification)
{
	static const char want[] = "name\0"
				   "value\0"
				   "RDONLYGUEST\0"
				   "0";
	char buf[64];
	uint32_t needed = 0;

	memset(buf, 'Z', sizeof(buf));
	ck_assert_int_eq(guestprop_pack_notification(
				 "name", "value", VBGL_GUESTPROP_RDONLYGUEST,
				 false, buf, sizeof(buf), &needed),
			 VINF_SUCCESS);
	ck_assert_uint_eq(needed, sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
	ck_assert_int_eq(buf[sizeof(want)], 'Z');

	ck_assert_int_eq(guestprop_pack_notification("gone", "", 0, true, buf,
						     sizeof(buf), &needed),
			 VINF_SUCCESS);
	ck_assert_uint_eq(needed, 9);
	ck_assert_mem_eq(buf,
			 "gone\0\0\0"
			 "1",
			 9);

	memset(buf, 'Z', sizeof(buf));
	ck_assert_int_eq(guestprop_pack_notification("gone", "", 0, true, buf,
						     8, &needed),
			 VERR_BUFFER_OVERFLOW);
	ck_assert_uint_eq(needed, 9);
	ck_assert_int_eq(buf[0], 'Z');
}
END_TEST

/* ---- the service through the HGCM framework ------------------------------ */

static struct hgcm_host *host;
static struct guestprop_svc *svc;

/* What came back from a call, copied in its done callback. */
struct result {
	GMutex lock;
	GCond cond;
	bool done;
	int32_t rc;
	uint32_t id;
	struct hgcm_parm parms[8];
	uint8_t bufs[8][2048];
};

static void result_done(struct hgcm_call *call, void *opaque)
{
	struct result *r = opaque;
	struct hgcm_parm *p = hgcm_call_parms(call);
	unsigned int i, n = hgcm_call_parm_count(call);

	g_mutex_lock(&r->lock);
	r->rc = hgcm_call_result(call);
	r->id = hgcm_call_connected_id(call);
	for (i = 0; i < n && i < 8; i++) {
		r->parms[i] = p[i];
		r->parms[i].data = NULL;
		if (p[i].type == HGCM_PARM_BUF && p[i].capacity)
			memcpy(r->bufs[i], p[i].data,
			       MIN(p[i].capacity, sizeof(r->bufs[i])));
	}
	r->done = true;
	g_cond_broadcast(&r->cond);
	g_mutex_unlock(&r->lock);
}

/*
 * Results live until the test's host is gone (a call may still hold one),
 * so every one is kept here and freed by the teardown.
 */
static GPtrArray *results;

static void result_free(gpointer data)
{
	struct result *r = data;

	g_mutex_clear(&r->lock);
	g_cond_clear(&r->cond);
	g_free(r);
}

static struct result *result_new(void)
{
	struct result *r = g_new0(struct result, 1);

	g_mutex_init(&r->lock);
	g_cond_init(&r->cond);
	g_ptr_array_add(results, r);
	return r;
}

/* Wait up to ms for the call to finish; false if it did not. */
static bool result_wait(struct result *r, unsigned int ms)
{
	return ovt_wait_flag(&r->lock, &r->cond, &r->done, ms);
}

static uint64_t next_tag = 1000;

static uint32_t connect_client(void)
{
	struct result *r = result_new();
	struct hgcm_call *m = hgcm_call_new_connect(VBGL_GUESTPROP_SERVICE, 0);

	hgcm_call_set_done(m, result_done, r, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, next_tag++), VINF_SUCCESS);
	ck_assert(result_wait(r, 5000));
	ck_assert_int_eq(r->rc, VINF_SUCCESS);
	return r->id;
}

/* A call being built: parameters described like the VMMDev does. */
struct call {
	struct hgcm_call *m;
	struct hgcm_parm *p;
	uint64_t tag;
};

static struct call call_new(uint32_t client, uint32_t fn, unsigned int n)
{
	struct call c;

	c.m = hgcm_call_new_call(client, fn, n, 0);
	ck_assert_ptr_nonnull(c.m);
	c.p = hgcm_call_parms(c.m);
	c.tag = next_tag++;
	return c;
}

static void parm_buf(struct call *c, unsigned int i, unsigned int dir,
		     const void *data, uint32_t size)
{
	c->p[i].type = HGCM_PARM_BUF;
	c->p[i].dir = dir;
	c->p[i].capacity = size;
	c->p[i].data = g_malloc0(MAX(size, 1));
	if (data && size)
		memcpy(c->p[i].data, data, size);
}

static void parm_str(struct call *c, unsigned int i, const char *s)
{
	parm_buf(c, i, HGCM_DIR_IN, s, (uint32_t)strlen(s) + 1);
}

static void parm_u32(struct call *c, unsigned int i, uint32_t v)
{
	c->p[i].type = HGCM_PARM_U32;
	c->p[i].u32 = v;
}

static void parm_u64(struct call *c, unsigned int i, uint64_t v)
{
	c->p[i].type = HGCM_PARM_U64;
	c->p[i].u64 = v;
}

static struct result *call_submit(struct call *c)
{
	struct result *r = result_new();

	hgcm_call_set_done(c->m, result_done, r, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, c->m, c->tag), VINF_SUCCESS);
	return r;
}

/* Submit and wait; returns the status. */
static int32_t call_run(struct call *c, struct result **out)
{
	struct result *r = call_submit(c);

	ck_assert(result_wait(r, 5000));
	if (out)
		*out = r;
	return r->rc;
}

static int32_t g_set(uint32_t client, uint32_t fn, const char *name,
		     const char *value, const char *flags)
{
	struct call c = call_new(client, fn, flags ? 3 : 2);

	parm_str(&c, 0, name);
	parm_str(&c, 1, value);
	if (flags)
		parm_str(&c, 2, flags);
	return call_run(&c, NULL);
}

static int32_t g_del(uint32_t client, const char *name)
{
	struct call c = call_new(client, GUESTPROP_FN_DEL_PROP, 1);

	parm_str(&c, 0, name);
	return call_run(&c, NULL);
}

static int32_t g_get(uint32_t client, const char *name, uint32_t cap,
		     struct result **out)
{
	struct call c = call_new(client, GUESTPROP_FN_GET_PROP, 4);

	parm_str(&c, 0, name);
	parm_buf(&c, 1, HGCM_DIR_OUT, NULL, cap);
	parm_u64(&c, 2, 0);
	parm_u32(&c, 3, 0);
	return call_run(&c, out);
}

static struct call wait_call(uint32_t client, const char *patterns, uint64_t ts,
			     uint32_t cap)
{
	struct call c = call_new(client, GUESTPROP_FN_GET_NOTIFICATION, 4);

	parm_str(&c, 0, patterns);
	parm_u64(&c, 1, ts);
	parm_buf(&c, 2, HGCM_DIR_OUT, NULL, cap);
	parm_u32(&c, 3, 0);
	return c;
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

static void svc_setup(void)
{
	results = g_ptr_array_new_with_free_func(result_free);
	host = hgcm_host_new();
	ck_assert_int_eq(guestprop_register(host, "7.1.4", 165100, &svc),
			 VINF_SUCCESS);
}

static void svc_teardown(void)
{
	hgcm_host_free(host);
	host = NULL;
	svc = NULL;
	g_ptr_array_unref(results);
	results = NULL;
}

START_TEST(test_svc_initial_props)
{
	struct guestprop_prop p;
	GPtrArray *all = NULL;

	ck_assert_int_eq(guestprop_host_get(svc, "/VirtualBox/HostInfo/VBoxVer",
					    &p),
			 VINF_SUCCESS);
	ck_assert_str_eq(p.value, "7.1.4");
	ck_assert_uint_eq(p.flags, VBGL_GUESTPROP_TRANSIENT |
					   VBGL_GUESTPROP_RDONLYGUEST);
	guestprop_prop_clear(&p);
	ck_assert_int_eq(guestprop_host_get(svc, "/VirtualBox/HostInfo/VBoxRev",
					    &p),
			 VINF_SUCCESS);
	ck_assert_str_eq(p.value, "165100");
	guestprop_prop_clear(&p);
	guestprop_host_enumerate(svc, "", &all);
	ck_assert_uint_eq(all->len, INITIAL_PROPS);
	g_ptr_array_unref(all);
}
END_TEST

START_TEST(test_svc_set_get)
{
	uint32_t c = connect_client();
	struct result *r;
	uint64_t ts1, ts2;

	ck_assert_int_eq(g_get(c, "/test/a", 64, NULL), VERR_NOT_FOUND);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "/test/a", "hello",
			       "transient"),
			 VINF_SUCCESS);
	ck_assert_int_eq(g_get(c, "/test/a", 64, &r), VINF_SUCCESS);
	ck_assert_mem_eq(r->bufs[1], "hello\0TRANSIENT\0", 16);
	ck_assert_uint_eq(r->parms[3].u32, 16);
	ts1 = r->parms[2].u64;
	/* Nanoseconds since the epoch: after 2020, before 2200. */
	ck_assert_uint_gt(ts1, 1577836800000000000ull);
	ck_assert_uint_lt(ts1, 7258118400000000000ull);

	/* Too small: the size needed, no data. */
	ck_assert_int_eq(g_get(c, "/test/a", 15, &r), VERR_BUFFER_OVERFLOW);
	ck_assert_uint_eq(r->parms[3].u32, 16);
	ck_assert_int_eq(r->bufs[1][0], 0);

	/* SET_PROP_VALUE with two parameters leaves no flags. */
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP_VALUE, "/test/a", "v2",
			       NULL),
			 VINF_SUCCESS);
	ck_assert_int_eq(g_get(c, "/test/a", 64, &r), VINF_SUCCESS);
	ck_assert_mem_eq(r->bufs[1], "v2\0\0", 4);
	ts2 = r->parms[2].u64;
	ck_assert_uint_gt(ts2, ts1);

	/* ... with three it takes the flags (VbglR3GuestPropWrite's way). */
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP_VALUE, "/test/a", "",
			       "RDONLYHOST"),
			 VINF_SUCCESS);
	ck_assert_int_eq(g_get(c, "/test/a", 64, &r), VINF_SUCCESS);
	ck_assert_mem_eq(r->bufs[1], "\0RDONLYHOST\0", 12);

	/* The host is refused RDONLYHOST; the guest may still delete it. */
	ck_assert_int_eq(guestprop_host_set(svc, "/test/a", "x", NULL),
			 VERR_PERMISSION_DENIED);
	ck_assert_int_eq(guestprop_host_delete(svc, "/test/a"),
			 VERR_PERMISSION_DENIED);
	ck_assert_int_eq(g_del(c, "/test/a"), VINF_SUCCESS);
	ck_assert_int_eq(g_get(c, "/test/a", 64, NULL), VERR_NOT_FOUND);
	/* Deleting what does not exist succeeds. */
	ck_assert_int_eq(g_del(c, "/test/a"), VINF_SUCCESS);
}
END_TEST

START_TEST(test_svc_rdonlyguest)
{
	uint32_t c = connect_client();
	struct guestprop_prop before, after;

	ck_assert_int_eq(guestprop_host_set(svc, "/test/ro", "host value",
					    "RDONLYGUEST"),
			 VINF_SUCCESS);
	ck_assert_int_eq(guestprop_host_get(svc, "/test/ro", &before),
			 VINF_SUCCESS);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "/test/ro", "guest",
			       ""),
			 VERR_PERMISSION_DENIED);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP_VALUE, "/test/ro",
			       "guest", NULL),
			 VERR_PERMISSION_DENIED);
	ck_assert_int_eq(g_del(c, "/test/ro"), VERR_PERMISSION_DENIED);
	ck_assert_int_eq(guestprop_host_get(svc, "/test/ro", &after),
			 VINF_SUCCESS);
	ck_assert_str_eq(after.value, "host value");
	ck_assert_uint_eq(after.timestamp, before.timestamp);
	ck_assert_uint_eq(after.flags, VBGL_GUESTPROP_RDONLYGUEST);
	guestprop_prop_clear(&before);
	guestprop_prop_clear(&after);

	/* Names reserved for the host: the guest is refused even new ones. */
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP,
			       "/VirtualBox/HostInfo/Mine", "x", ""),
			 VERR_PERMISSION_DENIED);
	ck_assert_int_eq(guestprop_host_set(svc, "/VirtualBox/VMInfo/Mine", "x",
					    NULL),
			 VINF_SUCCESS);
	ck_assert_int_eq(guestprop_host_get(svc, "/VirtualBox/VMInfo/Mine",
					    &after),
			 VINF_SUCCESS);
	ck_assert_uint_eq(after.flags, VBGL_GUESTPROP_RDONLYGUEST);
	guestprop_prop_clear(&after);
}
END_TEST

START_TEST(test_svc_limits)
{
	uint32_t c = connect_client();
	char name[VBGL_GUESTPROP_MAX_NAME_LEN + 2];
	char value[VBGL_GUESTPROP_MAX_VALUE_LEN + 1];
	struct call k;
	unsigned int i;

	memset(name, 'n', sizeof(name));
	name[VBGL_GUESTPROP_MAX_NAME_LEN - 1] = '\0'; /* 63 + NUL: fits */
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, name, "", ""),
			 VINF_SUCCESS);
	name[VBGL_GUESTPROP_MAX_NAME_LEN - 1] = 'n';
	name[VBGL_GUESTPROP_MAX_NAME_LEN] = '\0'; /* 64 + NUL */
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, name, "", ""),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(g_get(c, name, 64, NULL), VERR_INVALID_PARAMETER);
	ck_assert_int_eq(g_del(c, name), VERR_INVALID_PARAMETER);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "", "", ""),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "a*b", "", ""),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "a?b", "", ""),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "a|b", "", ""),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "a\xff", "", ""),
			 VERR_INVALID_PARAMETER);

	memset(value, 'v', sizeof(value));
	value[VBGL_GUESTPROP_MAX_VALUE_LEN - 1] = '\0'; /* 1023 + NUL: fits */
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "/v", value, ""),
			 VINF_SUCCESS);
	value[VBGL_GUESTPROP_MAX_VALUE_LEN - 1] = 'v';
	value[VBGL_GUESTPROP_MAX_VALUE_LEN] = '\0';
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "/v", value, ""),
			 VERR_TOO_MUCH_DATA);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "/v", "\xc3", ""),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "/v", "x", "bogus"),
			 VERR_PARSE_ERROR);

	/* A name without its NUL inside the buffer. */
	k = call_new(c, GUESTPROP_FN_DEL_PROP, 1);
	parm_buf(&k, 0, HGCM_DIR_IN, "abc", 3);
	ck_assert_int_eq(call_run(&k, NULL), VERR_INVALID_PARAMETER);
	/* A name the host cannot read (an output-only buffer). */
	k = call_new(c, GUESTPROP_FN_DEL_PROP, 1);
	parm_buf(&k, 0, HGCM_DIR_OUT, "abc", 4);
	ck_assert_int_eq(call_run(&k, NULL), VERR_INVALID_PARAMETER);
	/* Wrong counts and types, unknown functions. */
	k = call_new(c, GUESTPROP_FN_DEL_PROP, 2);
	parm_str(&k, 0, "abc");
	parm_str(&k, 1, "abc");
	ck_assert_int_eq(call_run(&k, NULL), VERR_INVALID_PARAMETER);
	k = call_new(c, GUESTPROP_FN_GET_PROP, 4);
	parm_str(&k, 0, "/v");
	parm_buf(&k, 1, HGCM_DIR_OUT, NULL, 64);
	parm_u32(&k, 2, 0);
	parm_u32(&k, 3, 0);
	ck_assert_int_eq(call_run(&k, NULL), VERR_INVALID_PARAMETER);
	k = call_new(c, 7, 0);
	ck_assert_int_eq(call_run(&k, NULL), VERR_NOT_IMPLEMENTED);
	k = call_new(c, 0, 0);
	ck_assert_int_eq(call_run(&k, NULL), VERR_NOT_IMPLEMENTED);

	/* 256 properties at most: 7 initial, "nnn…" and "/v" so far. */
	for (i = INITIAL_PROPS + 2; i < VBGL_GUESTPROP_MAX_PROPS; i++) {
		g_autofree char *n = g_strdup_printf("/fill/%u", i);

		ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, n, "", ""),
				 VINF_SUCCESS);
	}
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "/one/more", "", ""),
			 VERR_TOO_MUCH_DATA);
	ck_assert_int_eq(guestprop_host_set(svc, "/one/more", "", NULL),
			 VERR_TOO_MUCH_DATA);
	/* Changing an existing one still works. */
	ck_assert_int_eq(g_set(c, GUESTPROP_FN_SET_PROP, "/v", "new", ""),
			 VINF_SUCCESS);
}
END_TEST

static int32_t g_enum(uint32_t client, const char *wire, uint32_t wire_size,
		      uint32_t cap, struct result **out)
{
	struct call c = call_new(client, GUESTPROP_FN_ENUM_PROPS, 3);

	parm_buf(&c, 0, HGCM_DIR_IN, wire, wire_size);
	parm_buf(&c, 1, HGCM_DIR_OUT, NULL, cap);
	parm_u32(&c, 2, 0);
	return call_run(&c, out);
}

/* The names in an ENUM_PROPS answer, joined by spaces. */
static char *enum_names(const struct result *r)
{
	const char *p = (const char *)r->bufs[1];
	GString *s = g_string_new(NULL);
	int i;

	while (*p) {
		g_string_append_printf(s, "%s%s", s->len ? " " : "", p);
		for (i = 0; i < 4; i++)
			p += strlen(p) + 1;
	}
	return g_string_free(s, FALSE);
}

START_TEST(test_svc_enum)
{
	uint32_t c = connect_client();
	struct result *r;
	char big[VBGL_GUESTPROP_MAX_PATTERN_LEN + 1];
	g_autofree char *names = NULL, *names2 = NULL;

	ck_assert_int_eq(g_set(c, 2, "/t/b", "2", ""), VINF_SUCCESS);
	ck_assert_int_eq(g_set(c, 2, "/t/a", "1", "TRANSIENT"), VINF_SUCCESS);
	ck_assert_int_eq(g_set(c, 2, "/u/c", "3", ""), VINF_SUCCESS);

	ck_assert_int_eq(g_enum(c, "/t/*\0/u/?\0", 11, 2048, &r), VINF_SUCCESS);
	names = enum_names(r);
	ck_assert_str_eq(names, "/t/a /t/b /u/c");
	ck_assert_mem_eq(r->bufs[1],
			 "/t/a\0"
			 "1\0",
			 7);

	ck_assert_int_eq(g_enum(c, "/t/b|/u/*", 10, 2048, &r), VINF_SUCCESS);
	names2 = enum_names(r);
	ck_assert_str_eq(names2, "/t/b /u/c");

	/* Overflow reports the size; a buffer that big then suffices. */
	ck_assert_int_eq(g_enum(c, "/t/*", 5, 10, &r), VERR_BUFFER_OVERFLOW);
	ck_assert_uint_gt(r->parms[2].u32, 10);
	{
		uint32_t needed = r->parms[2].u32;

		ck_assert_int_eq(g_enum(c, "/t/*", 5, needed, &r),
				 VINF_SUCCESS);
		ck_assert_uint_eq(r->parms[2].u32, needed);
	}

	memset(big, '*', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(g_enum(c, big, sizeof(big), 2048, NULL),
			 VERR_TOO_MUCH_DATA);
	ck_assert_int_eq(g_enum(c, "a\0\xfe", 4, 2048, NULL),
			 VERR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_svc_wait_host_change)
{
	uint32_t c = connect_client();
	struct call w = wait_call(c, "/w/*", 0, 1200);
	struct result *r = call_submit(&w);
	uint64_t ts;

	settle();
	ck_assert(!result_wait(r, 100));
	/* A change that does not match leaves it waiting. */
	ck_assert_int_eq(guestprop_host_set(svc, "/x/1", "no", NULL),
			 VINF_SUCCESS);
	ck_assert(!result_wait(r, 100));
	ck_assert_int_eq(guestprop_host_set(svc, "/w/1", "yes", "TRANSIENT"),
			 VINF_SUCCESS);
	ck_assert(result_wait(r, 5000));
	ck_assert_int_eq(r->rc, VINF_SUCCESS);
	ck_assert_mem_eq(r->bufs[2],
			 "/w/1\0yes\0TRANSIENT\0"
			 "0",
			 21);
	ck_assert_uint_eq(r->parms[3].u32, 21);
	ts = r->parms[1].u64;
	ck_assert_uint_gt(ts, 0);

	/* With that timestamp: the next change, also a guest deletion. */
	w = wait_call(c, "/w/*", ts, 1200);
	r = call_submit(&w);
	settle();
	ck_assert(!result_wait(r, 50));
	ck_assert_int_eq(g_del(c, "/w/1"), VINF_SUCCESS);
	ck_assert(result_wait(r, 5000));
	ck_assert_int_eq(r->rc, VINF_SUCCESS);
	ck_assert_mem_eq(r->bufs[2],
			 "/w/1\0\0\0"
			 "1",
			 9);
	ck_assert_uint_gt(r->parms[1].u64, ts);

	/* A remembered timestamp answers at once with the next change. */
	ck_assert_int_eq(guestprop_host_set(svc, "/w/2", "two", NULL),
			 VINF_SUCCESS);
	w = wait_call(c, "/w/*", ts, 1200);
	ck_assert_int_eq(call_run(&w, &r), VINF_SUCCESS);
	ck_assert_mem_eq(r->bufs[2],
			 "/w/1\0\0\0"
			 "1",
			 9);

	/* An unknown one: the oldest kept match, with VWRN_NOT_FOUND. */
	w = wait_call(c, "/w/*", 12345, 1200);
	ck_assert_int_eq(call_run(&w, &r), VWRN_NOT_FOUND);
	ck_assert_mem_eq(r->bufs[2],
			 "/w/1\0yes\0TRANSIENT\0"
			 "0",
			 21);
	ck_assert_uint_eq(r->parms[1].u64, ts);

	/* Too small a buffer: the size needed. */
	w = wait_call(c, "/w/*", 12345, 8);
	ck_assert_int_eq(call_run(&w, &r), VERR_BUFFER_OVERFLOW);
	ck_assert_uint_eq(r->parms[3].u32, 21);
}
END_TEST

START_TEST(test_svc_wait_limits_and_cancel)
{
	uint32_t c = connect_client(), c2 = connect_client();
	struct result *r[GUESTPROP_MAX_WAITS_PER_CLIENT + 1], *dup, *other;
	struct call w[GUESTPROP_MAX_WAITS_PER_CLIENT + 1], wd, wo;
	unsigned int i;

	for (i = 0; i < GUESTPROP_MAX_WAITS_PER_CLIENT; i++) {
		g_autofree char *pat = g_strdup_printf("/p%u/*", i);

		w[i] = wait_call(c, pat, 0, 1200);
		r[i] = call_submit(&w[i]);
	}
	settle();
	for (i = 0; i < GUESTPROP_MAX_WAITS_PER_CLIENT; i++)
		ck_assert(!r[i]->done);
	/* The 17th wait of one client is refused ... */
	w[i] = wait_call(c, "/p16/*", 0, 1200);
	ck_assert_int_eq(call_run(&w[i], NULL), VERR_OUT_OF_RESOURCES);
	/* ... but another client may wait. */
	wo = wait_call(c2, "/p16/*", 0, 1200);
	other = call_submit(&wo);

	/* Asking again with the same patterns ends the older wait. */
	wd = wait_call(c, "/p0/*", 0, 1200);
	dup = call_submit(&wd);
	ck_assert(result_wait(r[0], 5000));
	ck_assert_int_eq(r[0]->rc, VERR_INTERRUPTED);

	/* A cancelled wait is forgotten: no answer comes for it. */
	ck_assert_int_eq(hgcm_host_cancel(host, w[1].tag), VINF_SUCCESS);
	settle();
	ck_assert_int_eq(guestprop_host_set(svc, "/p1/x", "", NULL),
			 VINF_SUCCESS);
	ck_assert_int_eq(guestprop_host_set(svc, "/p0/x", "", NULL),
			 VINF_SUCCESS);
	ck_assert(result_wait(dup, 5000));
	ck_assert_int_eq(dup->rc, VINF_SUCCESS);
	ck_assert(!result_wait(r[1], 100));

	/* Two slots are free again. */
	wd = wait_call(c, "/q/*", 0, 1200);
	call_submit(&wd);
	settle();

	/*
	 * A disconnect ends the rest with VERR_INTERRUPTED, as on a VirtualBox
	 * host; the other client still hears.
	 */
	{
		struct result *dr = result_new();
		struct hgcm_call *m = hgcm_call_new_disconnect(c, 0);

		hgcm_call_set_done(m, result_done, dr, NULL);
		ck_assert_int_eq(hgcm_host_submit(host, m, next_tag++),
				 VINF_SUCCESS);
		ck_assert(result_wait(dr, 5000));
		ck_assert_int_eq(dr->rc, VINF_SUCCESS);
	}
	ck_assert_int_eq(guestprop_host_set(svc, "/p16/x", "", NULL),
			 VINF_SUCCESS);
	ck_assert(result_wait(other, 5000));
	ck_assert_int_eq(other->rc, VINF_SUCCESS);
	for (i = 2; i < GUESTPROP_MAX_WAITS_PER_CLIENT; i++) {
		ck_assert(result_wait(r[i], 5000));
		ck_assert_int_eq(r[i]->rc, VERR_INTERRUPTED);
	}
	/* The cancelled one stays unanswered. */
	ck_assert(!r[1]->done);
}
END_TEST

START_TEST(test_svc_timestamps_increase)
{
	uint64_t last = 0;
	struct guestprop_prop p;
	unsigned int i;

	for (i = 0; i < 200; i++) {
		ck_assert_int_eq(guestprop_host_set(svc, "/ts", "x", NULL),
				 VINF_SUCCESS);
		ck_assert_int_eq(guestprop_host_get(svc, "/ts", &p),
				 VINF_SUCCESS);
		ck_assert_uint_gt(p.timestamp, last);
		last = p.timestamp;
		guestprop_prop_clear(&p);
	}
}
END_TEST

static Suite *guestprop_suite(void)
{
	Suite *s = suite_create("svc_guestprop");
	TCase *tc = tcase_create("pure");
	TCase *ts = tcase_create("service");

	tcase_add_test(tc, test_flags_parse);
	tcase_add_test(tc, test_flags_format);
	tcase_add_test(tc, test_pattern_match);
	tcase_add_test(tc, test_patterns_from_wire);
	tcase_add_test(tc, test_pack_enum);
	tcase_add_test(tc, test_pack_notification);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(ts, svc_setup, svc_teardown);
	tcase_set_timeout(ts, 60);
	tcase_add_test(ts, test_svc_initial_props);
	tcase_add_test(ts, test_svc_set_get);
	tcase_add_test(ts, test_svc_rdonlyguest);
	tcase_add_test(ts, test_svc_limits);
	tcase_add_test(ts, test_svc_enum);
	tcase_add_test(ts, test_svc_wait_host_change);
	tcase_add_test(ts, test_svc_wait_limits_and_cancel);
	tcase_add_test(ts, test_svc_timestamps_increase);
	suite_add_tcase(s, ts);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(guestprop_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
