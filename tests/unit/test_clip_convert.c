// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-clipboard's conversion layer: text both ways (line ends, scripts
 * outside Latin-1, surrogate pairs, broken UTF-8 and UTF-16, NULs, byte
 * order marks), HTML, DIB/BMP round trips and malformed headers, PNG
 * round trips with pixels compared, PNG bombs and garbage, and the X11
 * target table.  Expected UTF-16 is written out as code units, not
 * computed with the converters under test.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <png.h>

#include "services/vbox-clipboard/clip_convert.h"

#define BIG (1u << 20)

/* Every result carries one hidden NUL after its counted bytes. */
static void assert_hidden_nul(const void *out, size_t out_len)
{
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(((const guint8 *)out)[out_len], 0);
}

/* The outputs are read after the call: pass their addresses. */
static void assert_failed(int rc, int expected, void *const *out,
			  const size_t *out_len)
{
	ck_assert_int_eq(rc, expected);
	ck_assert_ptr_null(*out);
	ck_assert_uint_eq(*out_len, 0);
}

static guint8 *dup_bytes(const void *data, size_t len)
{
	guint8 *copy = g_malloc(len + 1);

	memcpy(copy, data, len);
	copy[len] = 0;
	return copy;
}

/* Code units as the little-endian bytes the host sends. */
static guint8 *units_to_le(const uint16_t *units, size_t n)
{
	guint8 *bytes = g_malloc(n * 2 + 1);
	size_t i;

	for (i = 0; i < n; i++) {
		bytes[2 * i] = (guint8)units[i];
		bytes[2 * i + 1] = (guint8)(units[i] >> 8);
	}
	return bytes;
}

/* ---- text, X11 to host ------------------------------------------------ */

#define UNITS(...)	((const uint16_t[]){ __VA_ARGS__ })
#define N_UNITS(...)	(sizeof((const uint16_t[]){ __VA_ARGS__ }) / 2)
#define WITH_UNITS(...) UNITS(__VA_ARGS__), N_UNITS(__VA_ARGS__)

struct x11_text_case {
	const char *what;
	const char *in;
	size_t in_len;
	const uint16_t *units; /* expected, terminator included */
	size_t n_units;
};

static const struct x11_text_case x11_text_cases[] = {
	{ "ASCII", "hello", 5, WITH_UNITS('h', 'e', 'l', 'l', 'o', 0) },
	{ "multi-line", "a\nb\n", 4,
	  WITH_UNITS('a', '\r', '\n', 'b', '\r', '\n', 0) },
	{ "leading LF", "\nx", 2, WITH_UNITS('\r', '\n', 'x', 0) },
	{ "CRLF already", "a\r\nb", 4, WITH_UNITS('a', '\r', '\n', 'b', 0) },
	{ "lone CR", "a\rb", 3, WITH_UNITS('a', '\r', 'b', 0) },
	{ "CR CR LF", "a\r\r\nb", 5,
	  WITH_UNITS('a', '\r', '\r', '\n', 'b', 0) },
	{ "CJK", "\xE4\xB8\xAD\xE6\x96\x87", 6, WITH_UNITS(0x4E2D, 0x6587, 0) },
	{ "Arabic", "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", 8,
	  WITH_UNITS(0x0633, 0x0644, 0x0627, 0x0645, 0) },
	{ "emoji outside the BMP", "x\xF0\x9F\x98\x80", 5,
	  WITH_UNITS('x', 0xD83D, 0xDE00, 0) },
	{ "empty", "", 0, WITH_UNITS(0) },
	{ "invalid UTF-8 as Latin-1", "caf\xE9\n", 5,
	  WITH_UNITS('c', 'a', 'f', 0xE9, '\r', '\n', 0) },
	{ "truncated UTF-8 as Latin-1", "\xC3", 1, WITH_UNITS(0xC3, 0) },
	{ "overlong UTF-8 as Latin-1", "\xC0\xAF", 2,
	  WITH_UNITS(0xC0, 0xAF, 0) },
	{ "UTF-8 surrogate as Latin-1", "\xED\xA0\x80", 3,
	  WITH_UNITS(0xED, 0xA0, 0x80, 0) },
	{ "UTF-8 above U+10FFFF as Latin-1", "a\xF4\x90\x80\x80", 5,
	  WITH_UNITS('a', 0xF4, 0x90, 0x80, 0x80, 0) },
	{ "UTF-8 cut after the first line as Latin-1", "a\nb\xE4\xB8", 5,
	  WITH_UNITS('a', '\r', '\n', 'b', 0xE4, 0xB8, 0) },
	/* Each line is converted on its own: a sequence cut by a LF. */
	{ "UTF-8 cut by a LF as Latin-1", "b\xE4\xB8\nc", 5,
	  WITH_UNITS('b', 0xE4, 0xB8, '\r', '\n', 'c', 0) },
	{ "CRLF at the start", "\r\nx", 3, WITH_UNITS('\r', '\n', 'x', 0) },
	{ "LF LF", "\n\n", 2, WITH_UNITS('\r', '\n', '\r', '\n', 0) },
	{ "CJK lines", "\xE4\xB8\xAD\n\xE6\x96\x87\n", 8,
	  WITH_UNITS(0x4E2D, '\r', '\n', 0x6587, '\r', '\n', 0) },
	{ "NUL in the middle", "ab\0cd", 5, WITH_UNITS('a', 'b', 0) },
	{ "trailing NUL", "ab\0", 3, WITH_UNITS('a', 'b', 0) },
	/* Bytes after the NUL do not make the text Latin-1. */
	{ "UTF-8, NUL, junk", "\xC3\xA9\0\xFF", 4, WITH_UNITS(0xE9, 0) },
	{ "UTF-8 BOM dropped", "\xEF\xBB\xBFhi", 5, WITH_UNITS('h', 'i', 0) },
	{ "BOM only at the start", "a\xEF\xBB\xBF", 4,
	  WITH_UNITS('a', 0xFEFF, 0) },
};

START_TEST(test_text_x11_to_host)
{
	const struct x11_text_case *c = &x11_text_cases[_i];
	g_autofree guint8 *expected = units_to_le(c->units, c->n_units);
	void *out = NULL;
	size_t out_len = 0;
	int rc;

	rc = clip_text_x11_to_host(c->in, c->in_len, BIG, &out, &out_len);
	ck_assert_msg(rc == 0, "%s: rc %d", c->what, rc);
	ck_assert_msg(out_len == c->n_units * 2, "%s: %zu bytes", c->what,
		      out_len);
	ck_assert_msg(memcmp(out, expected, out_len) == 0, "%s", c->what);
	assert_hidden_nul(out, out_len);
	g_free(out);
}
END_TEST

START_TEST(test_text_x11_to_host_cap)
{
	void *out = NULL;
	size_t out_len = 0;

	/* "hello" needs 6 units: 12 bytes. */
	ck_assert_int_eq(clip_text_x11_to_host("hello", 5, 12, &out, &out_len),
			 0);
	ck_assert_uint_eq(out_len, 12);
	g_free(out);
	assert_failed(clip_text_x11_to_host("hello", 5, 11, &out, &out_len),
		      -EFBIG, &out, &out_len);
	/* Line ends count: "a\n" needs 4 units. */
	assert_failed(clip_text_x11_to_host("a\n", 2, 7, &out, &out_len),
		      -EFBIG, &out, &out_len);
	/* ... the LF of a CR LF too: "a\r\n" needs 4 units, "a\nb" 5. */
	assert_failed(clip_text_x11_to_host("a\r\n", 3, 7, &out, &out_len),
		      -EFBIG, &out, &out_len);
	assert_failed(clip_text_x11_to_host("a\nb", 3, 9, &out, &out_len),
		      -EFBIG, &out, &out_len);
	ck_assert_int_eq(clip_text_x11_to_host("a\nb", 3, 10, &out, &out_len),
			 0);
	ck_assert_uint_eq(out_len, 10);
	g_free(out);
	assert_failed(clip_text_x11_to_host(NULL, 3, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
	ck_assert_int_eq(clip_text_x11_to_host(NULL, 0, BIG, &out, &out_len),
			 0);
	ck_assert_uint_eq(out_len, 2);
	g_free(out);
}
END_TEST

/* ---- text, host to X11 ------------------------------------------------ */

struct host_text_case {
	const char *what;
	const uint16_t *units; /* NULL: use bytes */
	size_t n_units;
	const char *bytes;
	size_t n_bytes;
	int rc;
	const char *utf8;   /* expected from clip_text_host_to_utf8() */
	const char *latin1; /* expected from clip_text_host_to_latin1() */
};

#define HOST_UNITS(...)	 WITH_UNITS(__VA_ARGS__), NULL, 0
#define HOST_BYTES(b, n) NULL, 0, b, n

static const struct host_text_case host_text_cases[] = {
	{ "ASCII, terminated", HOST_UNITS('h', 'i', 0), 0, "hi", "hi" },
	{ "not terminated", HOST_UNITS('h', 'i'), 0, "hi", "hi" },
	{ "CRLF", HOST_UNITS('a', '\r', '\n', 'b', '\r', '\n', 0), 0, "a\nb\n",
	  "a\nb\n" },
	{ "lone CR", HOST_UNITS('a', '\r', 'b', 0), 0, "a\rb", "a\rb" },
	{ "CR CR LF", HOST_UNITS('a', '\r', '\r', '\n', 0), 0, "a\r\n",
	  "a\r\n" },
	{ "bare LF", HOST_UNITS('a', '\n', 'b', 0), 0, "a\nb", "a\nb" },
	{ "CR at the end", HOST_UNITS('a', '\r'), 0, "a\r", "a\r" },
	{ "Latin-1 range", HOST_UNITS('c', 'a', 'f', 0xE9, 0), 0, "caf\xC3\xA9",
	  "caf\xE9" },
	{ "CJK", HOST_UNITS(0x4E2D, 0x6587, 0), 0, "\xE4\xB8\xAD\xE6\x96\x87",
	  "??" },
	{ "Arabic", HOST_UNITS(0x0633, 0x0644, 0x0627, 0x0645, 0), 0,
	  "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", "????" },
	{ "surrogate pair", HOST_UNITS('x', 0xD83D, 0xDE00, 0), 0,
	  "x\xF0\x9F\x98\x80", "x?" },
	{ "euro sign", HOST_UNITS(0x20AC, '5', 0), 0,
	  "\xE2\x82\xAC"
	  "5",
	  "?5" },
	{ "LE BOM dropped", HOST_UNITS(0xFEFF, 'h', 'i', 0), 0, "hi", "hi" },
	{ "LE BOM as bytes", HOST_BYTES("\xFF\xFEh\0i\0", 6), 0, "hi", "hi" },
	/* Always little-endian: FE FF is U+FFFE, not a big-endian BOM. */
	{ "FE FF is U+FFFE", HOST_BYTES("\xFE\xFFh\0", 4), 0, "\xEF\xBF\xBEh",
	  "?h" },
	{ "empty", HOST_BYTES("", 0), 0, "", "" },
	{ "NUL only", HOST_UNITS(0), 0, "", "" },
	{ "NUL in the middle", HOST_UNITS('a', 'b', 0, 'c', 'd', 0), 0, "ab",
	  "ab" },
	{ "garbage after the NUL ignored", HOST_UNITS('a', 0, 0xD800), 0, "a",
	  "a" },
	{ "odd length", HOST_BYTES("a\0b", 3), -EINVAL, NULL, NULL },
	{ "one byte", HOST_BYTES("a", 1), -EINVAL, NULL, NULL },
	{ "high surrogate alone", HOST_UNITS('a', 0xD83D, 'b', 0), -EINVAL,
	  NULL, NULL },
	{ "low surrogate alone", HOST_UNITS('a', 0xDE00, 0), -EINVAL, NULL,
	  NULL },
	{ "high surrogate at the end", HOST_UNITS('a', 0xD83D), -EINVAL, NULL,
	  NULL },
	{ "high surrogate before the NUL", HOST_UNITS('a', 0xD83D, 0), -EINVAL,
	  NULL, NULL },
	{ "swapped pair", HOST_UNITS(0xDE00, 0xD83D, 0), -EINVAL, NULL, NULL },
};

static guint8 *host_case_bytes(const struct host_text_case *c, size_t *len)
{
	if (!c->units) {
		*len = c->n_bytes;
		return dup_bytes(c->bytes, c->n_bytes);
	}
	*len = c->n_units * 2;
	return units_to_le(c->units, c->n_units);
}

static void check_host_text(const struct host_text_case *c,
			    int (*convert)(const void *, size_t, size_t,
					   void **, size_t *),
			    const char *expected)
{
	size_t len = 0, out_len = 0;
	g_autofree guint8 *in = host_case_bytes(c, &len);
	void *out = NULL;
	int rc = convert(in, len, BIG, &out, &out_len);

	ck_assert_msg(rc == c->rc, "%s: rc %d", c->what, rc);
	if (c->rc) {
		assert_failed(rc, c->rc, &out, &out_len);
		return;
	}
	ck_assert_msg(out_len == strlen(expected), "%s: %zu bytes", c->what,
		      out_len);
	ck_assert_msg(memcmp(out, expected, out_len) == 0, "%s", c->what);
	assert_hidden_nul(out, out_len);
	g_free(out);
}

START_TEST(test_text_host_to_utf8)
{
	check_host_text(&host_text_cases[_i], clip_text_host_to_utf8,
			host_text_cases[_i].utf8);
}
END_TEST

START_TEST(test_text_host_to_latin1)
{
	check_host_text(&host_text_cases[_i], clip_text_host_to_latin1,
			host_text_cases[_i].latin1);
}
END_TEST

START_TEST(test_text_host_cap)
{
	g_autofree guint8 *in = units_to_le(UNITS('a', 'b', 'c', 0), 4);
	void *out = NULL;
	size_t out_len = 0;

	ck_assert_int_eq(clip_text_host_to_utf8(in, 8, 3, &out, &out_len), 0);
	g_free(out);
	assert_failed(clip_text_host_to_utf8(in, 8, 2, &out, &out_len), -EFBIG,
		      &out, &out_len);
	assert_failed(clip_text_host_to_latin1(in, 8, 2, &out, &out_len),
		      -EFBIG, &out, &out_len);
}
END_TEST

/* X11 -> host -> X11 gives the input back with CR LF pairs made LF. */
START_TEST(test_text_round_trip)
{
	static const char *const texts[] = {
		"plain",
		"two\nlines\n",
		"crlf\r\nkept\r\n",
		"lone\rcr",
		"\xE4\xB8\xAD\n\xF0\x9F\x98\x80",
		"",
		/* U+FFFE first: its UTF-16LE bytes FE FF are not a BOM. */
		"\xEF\xBF\xBEx",
	};
	static const char *const back[] = {
		"plain",
		"two\nlines\n",
		"crlf\nkept\n",
		"lone\rcr",
		"\xE4\xB8\xAD\n\xF0\x9F\x98\x80",
		"",
		"\xEF\xBF\xBEx",
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(texts); i++) {
		void *host = NULL, *x11 = NULL;
		size_t host_len = 0, x11_len = 0;

		ck_assert_int_eq(clip_text_x11_to_host(texts[i],
						       strlen(texts[i]), BIG,
						       &host, &host_len),
				 0);
		ck_assert_int_eq(clip_text_host_to_utf8(host, host_len, BIG,
							&x11, &x11_len),
				 0);
		ck_assert_str_eq(x11, back[i]);
		g_free(host);
		g_free(x11);
	}
}
END_TEST

/* ---- HTML -----------------------------------------------------------------
 */

/* A string literal and its length, NULs inside included. */
#define STR(s) s, sizeof(s) - 1

struct html_case {
	const char *what;
	const char *in;
	size_t in_len;
	int rc;
	const char *out;
	size_t out_len;
};

static const struct html_case html_to_host_cases[] = {
	{ "raw", STR("<b>x</b>"), 0, STR("<b>x</b>\0") },
	{ "raw, NUL-terminated", STR("<b>x</b>\0\0"), 0, STR("<b>x</b>\0") },
	{ "raw UTF-8 kept", STR("<i>\xC3\xA9</i>"), 0,
	  STR("<i>\xC3\xA9</i>\0") },
	{ "raw, one byte", STR("x"), 0, STR("x\0") },
	{ "empty", STR(""), 0, STR("\0") },
	{ "UTF-16LE with BOM", STR("\xFF\xFE<\0b\0>\0"), 0, STR("<b>\0") },
	{ "UTF-16BE with BOM", STR("\xFE\xFF\0<\0b\0>"), 0, STR("<b>\0") },
	{ "UTF-16LE, accent", STR("\xFF\xFE\xE9\0"), 0, STR("\xC3\xA9\0") },
	{ "UTF-16LE, NUL-terminated", STR("\xFF\xFEh\0\0\0j\0"), 0,
	  STR("h\0") },
	{ "UTF-16LE, BOM only", STR("\xFF\xFE"), 0, STR("\0") },
	{ "UTF-16, odd length", STR("\xFF\xFEh\0i"), -EINVAL, NULL, 0 },
	{ "UTF-16, lone surrogate", STR("\xFF\xFE\x3D\xD8"), -EINVAL, NULL, 0 },
};

static const struct html_case html_to_x11_cases[] = {
	{ "NUL-terminated", STR("<p>x</p>\0"), 0, STR("<p>x</p>") },
	{ "two NULs", STR("<p>\0\0"), 0, STR("<p>") },
	{ "no NUL", STR("<p>"), 0, STR("<p>") },
	{ "only NULs", STR("\0\0"), 0, STR("") },
	{ "empty", STR(""), 0, STR("") },
	{ "NUL inside kept", STR("a\0b"), 0, STR("a\0b") },
};

static void check_html(const struct html_case *c,
		       int (*convert)(const void *, size_t, size_t, void **,
				      size_t *))
{
	void *out = NULL;
	size_t out_len = 0;
	int rc = convert(c->in, c->in_len, BIG, &out, &out_len);

	ck_assert_msg(rc == c->rc, "%s: rc %d", c->what, rc);
	if (c->rc) {
		assert_failed(rc, c->rc, &out, &out_len);
		return;
	}
	ck_assert_msg(out_len == c->out_len, "%s: %zu", c->what, out_len);
	ck_assert_msg(memcmp(out, c->out, out_len) == 0, "%s", c->what);
	assert_hidden_nul(out, out_len);
	g_free(out);
}

START_TEST(test_html_x11_to_host)
{
	check_html(&html_to_host_cases[_i], clip_html_x11_to_host);
}
END_TEST

START_TEST(test_html_host_to_x11)
{
	check_html(&html_to_x11_cases[_i], clip_html_host_to_x11);
}
END_TEST

START_TEST(test_html_caps)
{
	void *out = NULL;
	size_t out_len = 0;

	/* The host format's NUL counts. */
	ck_assert_int_eq(clip_html_x11_to_host("<p>", 3, 4, &out, &out_len), 0);
	g_free(out);
	assert_failed(clip_html_x11_to_host("<p>", 3, 3, &out, &out_len),
		      -EFBIG, &out, &out_len);
	assert_failed(clip_html_host_to_x11("<p>", 3, 2, &out, &out_len),
		      -EFBIG, &out, &out_len);
	assert_failed(clip_html_host_to_x11(NULL, 1, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
}
END_TEST

/* ---- DIBs built by the tests ------------------------------------------- */

struct dib_spec {
	int32_t width;
	int32_t height; /* negative: top-down */
	uint16_t bpp;
	uint32_t compression;
	uint32_t header_size;
	uint32_t clr_used;
	uint32_t masks[4]; /* BI_BITFIELDS: R, G, B, A */
};

static void put16(guint8 *p, uint16_t v)
{
	p[0] = (guint8)v;
	p[1] = (guint8)(v >> 8);
}

static void put32(guint8 *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint32_t get32(const guint8 *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static size_t spec_stride(const struct dib_spec *s)
{
	return ((size_t)s->width * s->bpp + 31) / 32 * 4;
}

static size_t spec_colors(const struct dib_spec *s)
{
	if (s->clr_used || s->bpp > 8)
		return s->clr_used;
	return (size_t)1 << s->bpp;
}

static size_t spec_masks_size(const struct dib_spec *s)
{
	return s->compression == 3 && s->header_size == 40 ? 12 : 0;
}

/* A colour-table entry: B, G, R, 0. */
static uint32_t palette_entry(size_t i)
{
	return (uint32_t)((i * 37) & 0xFF) | (uint32_t)((i * 91) & 0xFF) << 8 |
	       (uint32_t)((255 - i) & 0xFF) << 16;
}

/* A packed DIB with a deterministic pixel pattern (padding bytes 0). */
static guint8 *build_dib(const struct dib_spec *s, size_t *len)
{
	size_t rows = (size_t)(s->height < 0 ? -s->height : s->height);
	size_t table = s->header_size + spec_masks_size(s);
	size_t pixels = table + spec_colors(s) * 4;
	size_t row_bytes = ((size_t)s->width * s->bpp + 7) / 8;
	guint8 *dib;
	size_t i, y;

	*len = pixels + spec_stride(s) * rows;
	dib = g_malloc0(*len);
	put32(dib, s->header_size);
	put32(dib + 4, (uint32_t)s->width);
	put32(dib + 8, (uint32_t)s->height);
	put16(dib + 12, 1);
	put16(dib + 14, s->bpp);
	put32(dib + 16, s->compression);
	put32(dib + 32, s->clr_used);
	if (s->compression == 3) {
		for (i = 0; i < 3; i++)
			put32(dib + 40 + 4 * i, s->masks[i]);
		if (s->header_size >= 56)
			put32(dib + 52, s->masks[3]);
	}
	for (i = 0; i < spec_colors(s); i++)
		put32(dib + table + 4 * i, palette_entry(i));
	for (y = 0; y < rows; y++) {
		guint8 *row = dib + pixels + y * spec_stride(s);

		for (i = 0; i < row_bytes; i++)
			row[i] = (guint8)(y * 31 + i * 7 + 1);
	}
	if (s->bpp <= 8) {
		/* Keep every index inside the colour table. */
		unsigned int most = (unsigned int)spec_colors(s) - 1;

		for (i = pixels; i < *len; i++)
			dib[i] &= s->bpp == 8 ? most : 0;
	}
	return dib;
}

static const struct dib_spec dib_round_trip_specs[] = {
	{ 1, 1, 24, 0, 40, 0, { 0 } },	{ 3, 2, 24, 0, 40, 0, { 0 } },
	{ 5, 3, 24, 0, 40, 0, { 0 } },	{ 7, -4, 24, 0, 40, 0, { 0 } },
	{ 1, 1, 32, 0, 40, 0, { 0 } },	{ 3, 5, 32, 0, 40, 0, { 0 } },
	{ 7, -3, 32, 0, 40, 0, { 0 } }, { 9, 2, 16, 0, 40, 0, { 0 } },
	{ 13, 2, 8, 0, 40, 16, { 0 } }, { 6, -2, 8, 0, 40, 256, { 0 } },
};

/* DIB -> BMP -> DIB gives the same bytes, and the BMP header is right. */
START_TEST(test_dib_bmp_round_trip)
{
	const struct dib_spec *s = &dib_round_trip_specs[_i];
	size_t len = 0, bmp_len = 0, back_len = 0;
	g_autofree guint8 *dib = build_dib(s, &len);
	void *bmp = NULL, *back = NULL;
	const guint8 *b;

	ck_assert_int_eq(clip_dib_to_bmp(dib, len, BIG, &bmp, &bmp_len), 0);
	b = bmp;
	ck_assert_uint_eq(bmp_len, len + 14);
	ck_assert(b[0] == 'B' && b[1] == 'M');
	ck_assert_uint_eq(get32(b + 2), bmp_len);
	ck_assert_uint_eq(get32(b + 6), 0);
	ck_assert_uint_eq(get32(b + 10), 14 + 40 + spec_colors(s) * 4);
	ck_assert_mem_eq(b + 14, dib, len);
	assert_hidden_nul(bmp, bmp_len);

	ck_assert_int_eq(clip_bmp_to_dib(bmp, bmp_len, BIG, &back, &back_len),
			 0);
	ck_assert_uint_eq(back_len, len);
	ck_assert_mem_eq(back, dib, len);
	assert_hidden_nul(back, back_len);
	g_free(bmp);
	g_free(back);
}
END_TEST

/* An 8-bit DIB that implies its 256 colours gets biClrUsed = 256. */
START_TEST(test_bmp_to_dib_states_palette_size)
{
	const struct dib_spec s = { 5, 2, 8, 0, 40, 0, { 0 } };
	size_t len = 0, bmp_len = 0, back_len = 0;
	g_autofree guint8 *dib = build_dib(&s, &len);
	void *bmp = NULL, *back = NULL;

	ck_assert_int_eq(clip_dib_to_bmp(dib, len, BIG, &bmp, &bmp_len), 0);
	ck_assert_uint_eq(get32((guint8 *)bmp + 10), 14 + 40 + 1024);
	ck_assert_int_eq(clip_bmp_to_dib(bmp, bmp_len, BIG, &back, &back_len),
			 0);
	ck_assert_uint_eq(back_len, len);
	ck_assert_mem_eq(back, dib, 32);
	ck_assert_uint_eq(get32((guint8 *)back + 32), 256);
	ck_assert_mem_eq((guint8 *)back + 36, dib + 36, len - 36);
	g_free(bmp);
	g_free(back);
}
END_TEST

/* A BMP whose pixels do not follow the colour table comes out packed. */
START_TEST(test_bmp_with_gap)
{
	const struct dib_spec s = { 3, 2, 24, 0, 40, 0, { 0 } };
	size_t len = 0, out_len = 0, gap = 10, bmp_len;
	g_autofree guint8 *dib = build_dib(&s, &len);
	g_autofree guint8 *bmp = NULL;
	void *out = NULL;

	bmp_len = 14 + len + gap;
	bmp = g_malloc0(bmp_len);
	bmp[0] = 'B';
	bmp[1] = 'M';
	put32(bmp + 2, (uint32_t)bmp_len);
	put32(bmp + 10, (uint32_t)(14 + 40 + gap));
	memcpy(bmp + 14, dib, 40);
	memset(bmp + 14 + 40, 0xAA, gap);
	memcpy(bmp + 14 + 40 + gap, dib + 40, len - 40);
	ck_assert_int_eq(clip_bmp_to_dib(bmp, bmp_len, BIG, &out, &out_len), 0);
	ck_assert_uint_eq(out_len, len);
	ck_assert_mem_eq(out, dib, len);
	g_free(out);
}
END_TEST

/* The pixel (x, y), y = 0 the top row, as R, G, B, A of a decoded DIB. */
static void dib_expected_pixel(const struct dib_spec *s, const guint8 *dib,
			       uint32_t x, uint32_t y, guint8 rgba[4])
{
	size_t rows = (size_t)(s->height < 0 ? -s->height : s->height);
	size_t row = s->height < 0 ? y : rows - 1 - y;
	size_t table = s->header_size + spec_masks_size(s);
	const guint8 *p =
		dib + table + spec_colors(s) * 4 + row * spec_stride(s);

	if (s->bpp == 8) {
		const guint8 *e = dib + table + 4 * p[x];

		rgba[0] = e[2], rgba[1] = e[1], rgba[2] = e[0], rgba[3] = 255;
	} else if (s->bpp == 24) {
		p += 3 * x;
		rgba[0] = p[2], rgba[1] = p[1], rgba[2] = p[0], rgba[3] = 255;
	} else {
		/* 32 bits, 8-bit masks at byte positions. */
		uint32_t v = get32(p + 4 * x);
		int c;

		for (c = 0; c < 4; c++) {
			uint32_t m = s->compression == 3 ?
					     s->masks[c] :
					     (c == 3 ? 0xFF000000u :
						       0xFF0000u >> (8 * c));

			rgba[c] = m ? (guint8)((v & m) >> __builtin_ctz(m)) :
				      255;
		}
	}
}

/* The pixel (x, y) of a bottom-up 32-bit BI_RGB DIB, as R, G, B, A. */
static void dib32_pixel(const guint8 *dib, uint32_t x, uint32_t y,
			guint8 rgba[4])
{
	uint32_t width = get32(dib + 4), height = get32(dib + 8);
	const guint8 *p = dib + 40 + ((size_t)(height - 1 - y) * width + x) * 4;

	rgba[0] = p[2];
	rgba[1] = p[1];
	rgba[2] = p[0];
	rgba[3] = p[3];
}

/* BMPs that hosts do not read as they are become 32-bit BI_RGB. */
static const struct dib_spec dib_rewritten_specs[] = {
	/* 40-byte header + 3 masks, what Windows makes from CF_DIBV5. */
	{ 5, 3, 32, 3, 40, 0, { 0xFF0000, 0xFF00, 0xFF, 0 } },
	/* V5 header, masks in the header, alpha mask, top-down. */
	{ 3, -2, 32, 3, 124, 0, { 0xFF0000, 0xFF00, 0xFF, 0xFF000000 } },
	/* V4 header with BI_RGB. */
	{ 7, 2, 24, 0, 108, 0, { 0 } },
	/* Swapped channels. */
	{ 2, 2, 32, 3, 56, 0, { 0xFF, 0xFF00, 0xFF0000, 0 } },
};

START_TEST(test_bmp_to_dib_rewrites)
{
	const struct dib_spec *s = &dib_rewritten_specs[_i];
	uint32_t width = (uint32_t)s->width;
	uint32_t height = (uint32_t)(s->height < 0 ? -s->height : s->height);
	size_t len = 0, bmp_len = 0, out_len = 0;
	g_autofree guint8 *dib = build_dib(s, &len);
	void *bmp = NULL, *out = NULL;
	const guint8 *o;
	uint32_t x, y;

	ck_assert_int_eq(clip_dib_to_bmp(dib, len, BIG, &bmp, &bmp_len), 0);
	ck_assert_uint_eq(get32((guint8 *)bmp + 10),
			  14 + s->header_size + spec_masks_size(s));
	ck_assert_int_eq(clip_bmp_to_dib(bmp, bmp_len, BIG, &out, &out_len), 0);
	o = out;
	ck_assert_uint_eq(out_len, 40 + (size_t)width * height * 4);
	ck_assert_uint_eq(get32(o), 40);
	ck_assert_uint_eq(get32(o + 4), width);
	ck_assert_uint_eq(get32(o + 8), height);
	ck_assert_uint_eq(get32(o + 12), 1 | 32 << 16);
	ck_assert_uint_eq(get32(o + 16), 0);
	for (y = 0; y < height; y++) {
		for (x = 0; x < width; x++) {
			guint8 want[4], got[4];

			dib_expected_pixel(s, dib, x, y, want);
			dib32_pixel(o, x, y, got);
			ck_assert_mem_eq(got, want, 4);
		}
	}
	g_free(bmp);
	g_free(out);
}
END_TEST

/* ---- malformed DIBs and BMPs -----------------------------------------------
 */

enum dib_damage {
	DAMAGE_LEN_0,
	DAMAGE_LEN_3,
	DAMAGE_LEN_39,
	DAMAGE_PIXELS_SHORT,
	DAMAGE_SIZE_200,
	DAMAGE_SIZE_HUGE,
	DAMAGE_SIZE_12,
	DAMAGE_V5_TRUNCATED,
	DAMAGE_WIDTH_0,
	DAMAGE_WIDTH_NEGATIVE,
	DAMAGE_HEIGHT_0,
	DAMAGE_HEIGHT_MIN,
	DAMAGE_HUGE_WIDTH_HEIGHT,
	DAMAGE_PLANES_2,
	DAMAGE_BPP_7,
	DAMAGE_BPP_0,
	DAMAGE_RLE8,
	DAMAGE_JPEG,
	DAMAGE_PNG,
	DAMAGE_ALPHABITFIELDS,
	DAMAGE_BITFIELDS_24,
	DAMAGE_CLR_USED_257,
	DAMAGE_MASK_ZERO,
	DAMAGE_MASK_GAPS,
	DAMAGE_MASKS_MISSING,
	N_DAMAGES
};

/* A 32-bit (BI_BITFIELDS where told) 3x2 DIB, damaged. */
static guint8 *damaged_dib(enum dib_damage damage, size_t *len)
{
	bool bitfields = damage == DAMAGE_MASK_ZERO ||
			 damage == DAMAGE_MASK_GAPS ||
			 damage == DAMAGE_MASKS_MISSING;
	const struct dib_spec s = { 3,
				    2,
				    32,
				    bitfields ? 3 : 0,
				    40,
				    0,
				    { 0xFF0000, 0xFF00, 0xFF, 0 } };
	guint8 *dib = build_dib(&s, len);

	switch (damage) {
	case DAMAGE_LEN_0:
		*len = 0;
		break;
	case DAMAGE_LEN_3:
		*len = 3;
		break;
	case DAMAGE_LEN_39:
		*len = 39;
		break;
	case DAMAGE_PIXELS_SHORT:
		*len -= 1;
		break;
	case DAMAGE_SIZE_200:
		put32(dib, 200);
		break;
	case DAMAGE_SIZE_HUGE:
		put32(dib, 0xFFFFFFF0u);
		break;
	case DAMAGE_SIZE_12:
		put32(dib, 12);
		break;
	case DAMAGE_V5_TRUNCATED:
		/* The 64-byte DIB ends inside the 124-byte header. */
		put32(dib, 124);
		break;
	case DAMAGE_WIDTH_0:
		put32(dib + 4, 0);
		break;
	case DAMAGE_WIDTH_NEGATIVE:
		put32(dib + 4, (uint32_t)-3);
		break;
	case DAMAGE_HEIGHT_0:
		put32(dib + 8, 0);
		break;
	case DAMAGE_HEIGHT_MIN:
		put32(dib + 8, 0x80000000u);
		break;
	case DAMAGE_HUGE_WIDTH_HEIGHT:
		put32(dib + 4, 0x7FFFFFFF);
		put32(dib + 8, 0x7FFFFFFF);
		break;
	case DAMAGE_PLANES_2:
		put16(dib + 12, 2);
		break;
	case DAMAGE_BPP_7:
		put16(dib + 14, 7);
		break;
	case DAMAGE_BPP_0:
		put16(dib + 14, 0);
		break;
	case DAMAGE_RLE8:
		put32(dib + 16, 1);
		break;
	case DAMAGE_JPEG:
		put32(dib + 16, 4);
		break;
	case DAMAGE_PNG:
		put32(dib + 16, 5);
		break;
	case DAMAGE_ALPHABITFIELDS:
		put32(dib + 16, 6);
		break;
	case DAMAGE_BITFIELDS_24:
		put16(dib + 14, 24);
		put32(dib + 16, 3);
		break;
	case DAMAGE_CLR_USED_257:
		put32(dib + 32, 257);
		break;
	case DAMAGE_MASK_ZERO:
		put32(dib + 44, 0);
		break;
	case DAMAGE_MASK_GAPS:
		put32(dib + 40, 0x00F0F000);
		break;
	case DAMAGE_MASKS_MISSING:
		*len = 48;
		break;
	case N_DAMAGES:
		break;
	}
	return dib;
}

START_TEST(test_dib_malformed)
{
	size_t len = 0, out_len = 0;
	g_autofree guint8 *dib = damaged_dib((enum dib_damage)_i, &len);
	void *out = NULL;

	assert_failed(clip_dib_to_bmp(dib, len, BIG, &out, &out_len), -EINVAL,
		      &out, &out_len);
	assert_failed(clip_dib_to_png(dib, len, BIG, &out, &out_len), -EINVAL,
		      &out, &out_len);
}
END_TEST

/* The same damage inside a BMP file. */
START_TEST(test_bmp_malformed)
{
	size_t len = 0, out_len = 0;
	g_autofree guint8 *dib = damaged_dib((enum dib_damage)_i, &len);
	g_autofree guint8 *bmp = g_malloc0(len + 14);
	void *out = NULL;

	bmp[0] = 'B';
	bmp[1] = 'M';
	put32(bmp + 2, (uint32_t)(len + 14));
	put32(bmp + 10, 14 + 40);
	if (len)
		memcpy(bmp + 14, dib, len);
	assert_failed(clip_bmp_to_dib(bmp, len + 14, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
}
END_TEST

START_TEST(test_bmp_file_header_malformed)
{
	const struct dib_spec s = { 3, 2, 24, 0, 40, 0, { 0 } };
	size_t len = 0, bmp_len = 0, out_len = 0;
	g_autofree guint8 *dib = build_dib(&s, &len);
	void *out = NULL, *file = NULL;
	guint8 *bmp;

	ck_assert_int_eq(clip_dib_to_bmp(dib, len, BIG, &file, &bmp_len), 0);
	bmp = file;
	/* Too short for the file header. */
	assert_failed(clip_bmp_to_dib(bmp, 13, BIG, &out, &out_len), -EINVAL,
		      &out, &out_len);
	/* Pixel offset inside the DIB header, past the end, to 0. */
	put32(bmp + 10, 14 + 39);
	assert_failed(clip_bmp_to_dib(bmp, bmp_len, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
	put32(bmp + 10, (uint32_t)bmp_len + 1);
	assert_failed(clip_bmp_to_dib(bmp, bmp_len, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
	put32(bmp + 10, 0xFFFFFFFFu);
	assert_failed(clip_bmp_to_dib(bmp, bmp_len, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
	/* One byte of pixels missing because of the offset. */
	put32(bmp + 10, 14 + 40 + 1);
	assert_failed(clip_bmp_to_dib(bmp, bmp_len, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
	/* Not "BM". */
	put32(bmp + 10, 14 + 40);
	bmp[1] = 'A';
	assert_failed(clip_bmp_to_dib(bmp, bmp_len, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
	g_free(bmp);
}
END_TEST

START_TEST(test_dib_caps)
{
	const struct dib_spec s = { 4, 4, 32, 0, 40, 0, { 0 } };
	size_t len = 0, out_len = 0;
	g_autofree guint8 *dib = build_dib(&s, &len);
	void *out = NULL;

	ck_assert_int_eq(clip_dib_to_bmp(dib, len, len + 14, &out, &out_len),
			 0);
	g_free(out);
	assert_failed(clip_dib_to_bmp(dib, len, len + 13, &out, &out_len),
		      -EFBIG, &out, &out_len);
	/* 16 pixels decode to 64 bytes: below that the PNG is refused. */
	assert_failed(clip_dib_to_png(dib, len, 63, &out, &out_len), -EFBIG,
		      &out, &out_len);
}
END_TEST

/* ---- PNG ------------------------------------------------------------------
 */

/* A PNG of @width x @height from 8-bit @pixels in @format. */
static guint8 *write_png(uint32_t width, uint32_t height, uint32_t format,
			 const void *pixels, const void *colormap,
			 uint32_t colormap_entries, size_t *len)
{
	png_image png;
	png_alloc_size_t size = 0;
	guint8 *buf;

	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	png.width = width;
	png.height = height;
	png.format = format;
	png.colormap_entries = colormap_entries;
	ck_assert(png_image_write_get_memory_size(png, size, 0, pixels, 0,
						  colormap));
	buf = g_malloc(size);
	ck_assert(png_image_write_to_memory(&png, buf, &size, 0, pixels, 0,
					    colormap));
	*len = size;
	return buf;
}

/* Decodes a PNG to 8-bit RGBA; returns the pixels and the file's format. */
static guint8 *read_png_rgba(const void *data, size_t len, uint32_t *width,
			     uint32_t *height, uint32_t *file_format)
{
	png_image png;
	guint8 *pixels;

	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	ck_assert(png_image_begin_read_from_memory(&png, data, len));
	*file_format = png.format;
	png.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
	png.format = PNG_FORMAT_RGBA;
	*width = png.width;
	*height = png.height;
	pixels = g_malloc(PNG_IMAGE_SIZE(png));
	ck_assert(png_image_finish_read(&png, NULL, pixels, 0, NULL));
	return pixels;
}

enum png_kind {
	PNG_RGB,
	PNG_RGBA,
	PNG_GRAY,
	PNG_GRAY_ALPHA,
	PNG_PALETTE,
	PNG_RGB16,
	PNG_ODD_WIDE,
	N_PNG_KINDS
};

/* A generated test PNG of each kind. */
static guint8 *make_png(enum png_kind kind, size_t *len)
{
	static const uint32_t formats[N_PNG_KINDS] = {
		[PNG_RGB] = PNG_FORMAT_RGB,
		[PNG_RGBA] = PNG_FORMAT_RGBA,
		[PNG_GRAY] = PNG_FORMAT_GRAY,
		[PNG_GRAY_ALPHA] = PNG_FORMAT_GA,
		[PNG_PALETTE] = PNG_FORMAT_RGB_COLORMAP,
		[PNG_RGB16] = PNG_FORMAT_LINEAR_RGB,
		[PNG_ODD_WIDE] = PNG_FORMAT_RGBA,
	};
	uint32_t width = kind == PNG_ODD_WIDE ? 33 : 5;
	uint32_t height = kind == PNG_ODD_WIDE ? 1 : 3;
	uint32_t format = formats[kind];
	size_t samples =
		(size_t)width * height * PNG_IMAGE_PIXEL_CHANNELS(format);
	guint8 colormap[4 * 3];
	g_autofree guint8 *pixels = NULL;
	size_t i;

	pixels = g_malloc(samples * 2);
	for (i = 0; i < samples; i++) {
		uint16_t v = (uint16_t)(i * 2711 + 17);

		if (kind == PNG_RGB16)
			memcpy(pixels + 2 * i, &v, 2);
		else if (kind == PNG_PALETTE)
			pixels[i] = (guint8)(i % 4);
		else
			pixels[i] = (guint8)(i * 53 + 9);
	}
	for (i = 0; i < sizeof(colormap); i++)
		colormap[i] = (guint8)(i * 21 + 3);
	return write_png(width, height, format, pixels,
			 kind == PNG_PALETTE ? colormap : NULL,
			 kind == PNG_PALETTE ? 4 : 0, len);
}

/* PNG -> DIB gives the PNG's pixels; DIB -> PNG gives them back. */
START_TEST(test_png_dib_png)
{
	size_t len = 0, dib_len = 0, png2_len = 0;
	g_autofree guint8 *png = make_png((enum png_kind)_i, &len);
	g_autofree guint8 *want = NULL;
	g_autofree guint8 *got = NULL;
	void *dib = NULL, *png2 = NULL;
	uint32_t w, h, w2, h2, format, format2, x, y;

	want = read_png_rgba(png, len, &w, &h, &format);
	ck_assert_int_eq(clip_png_to_dib(png, len, BIG, &dib, &dib_len), 0);
	ck_assert_uint_eq(dib_len, 40 + (size_t)w * h * 4);
	ck_assert_uint_eq(get32(dib), 40);
	ck_assert_uint_eq(get32((guint8 *)dib + 4), w);
	ck_assert_uint_eq(get32((guint8 *)dib + 8), h); /* bottom-up */
	ck_assert_uint_eq(get32((guint8 *)dib + 12), 1 | 32 << 16);
	ck_assert_uint_eq(get32((guint8 *)dib + 16), 0);
	assert_hidden_nul(dib, dib_len);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			guint8 px[4];

			dib32_pixel(dib, x, y, px);
			ck_assert_mem_eq(px, want + ((size_t)y * w + x) * 4, 4);
		}
	}

	ck_assert_int_eq(clip_dib_to_png(dib, dib_len, BIG, &png2, &png2_len),
			 0);
	assert_hidden_nul(png2, png2_len);
	got = read_png_rgba(png2, png2_len, &w2, &h2, &format2);
	ck_assert_uint_eq(w2, w);
	ck_assert_uint_eq(h2, h);
	ck_assert_mem_eq(got, want, (size_t)w * h * 4);
	/* Transparency survives; opaque images become RGB. */
	ck_assert_uint_eq(format2 & PNG_FORMAT_FLAG_ALPHA,
			  format & PNG_FORMAT_FLAG_ALPHA);
	g_free(dib);
	g_free(png2);
}
END_TEST

/* DIB -> PNG for the depths and layouts DIBs come in. */
static const struct dib_spec dib_to_png_specs[] = {
	{ 5, 3, 24, 0, 40, 0, { 0 } },
	{ 3, -3, 24, 0, 40, 0, { 0 } },
	{ 7, 2, 8, 0, 40, 0, { 0 } },
	{ 3, 2, 32, 3, 40, 0, { 0xFF0000, 0xFF00, 0xFF, 0 } },
	{ 3, -2, 32, 3, 124, 0, { 0xFF00, 0xFF0000, 0xFF000000, 0xFF } },
};

START_TEST(test_dib_to_png_pixels)
{
	const struct dib_spec *s = &dib_to_png_specs[_i];
	size_t len = 0, png_len = 0;
	g_autofree guint8 *dib = build_dib(s, &len);
	g_autofree guint8 *got = NULL;
	void *png = NULL;
	uint32_t w, h, format, x, y;

	ck_assert_int_eq(clip_dib_to_png(dib, len, BIG, &png, &png_len), 0);
	got = read_png_rgba(png, png_len, &w, &h, &format);
	ck_assert_uint_eq(w, (uint32_t)s->width);
	ck_assert_uint_eq(h, (uint32_t)abs(s->height));
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			guint8 want[4];

			dib_expected_pixel(s, dib, x, y, want);
			ck_assert_mem_eq(got + ((size_t)y * w + x) * 4, want,
					 4);
		}
	}
	g_free(png);
}
END_TEST

/* Small depths and 16-bit masks, checked pixel by pixel. */
START_TEST(test_dib_to_png_small_depths)
{
	/* 2x1, 1 bit: white, black (palette order black, white). */
	static const guint8 mono[40 + 8 + 4] = {
		40, 0, 0, 0,	2,    0,    0, 0,	    1,
		0,  0, 0, 1,	0,    1,    0, [32] = 2,    [40] = 0,
		0,  0, 0, 0xFF, 0xFF, 0xFF, 0, [48] = 0x80,
	};
	/* 2x1, 16 bit 5-6-5: pure red, pure blue. */
	static const guint8 rgb565[40 + 12 + 4] = {
		40,   0,    0,	0, 2,	 0, 0, 0, 1,	       0,    0,	   0,
		1,    0,    16, 0, 3,	 0, 0, 0, [40] = 0x00, 0xF8, 0,	   0,
		0xE0, 0x07, 0,	0, 0x1F, 0, 0, 0, [52] = 0x00, 0xF8, 0x1F, 0x00,
	};
	/* 2x1, 4 bit, 2 colours, second pixel's index 3 out of range. */
	static const guint8 bad_index[40 + 8 + 4] = {
		40, 0, 0, 0, 2, 0, 0, 0,	1,
		0,  0, 0, 1, 0, 4, 0, [32] = 2, [48] = 0x13,
	};
	static const guint8 mono_rgba[] = { 255, 255, 255, 255, 0, 0, 0, 255 };
	static const guint8 rgb565_rgba[] = { 255, 0, 0, 255, 0, 0, 255, 255 };
	g_autofree guint8 *a = NULL;
	g_autofree guint8 *b = NULL;
	void *png = NULL;
	size_t png_len = 0;
	uint32_t w, h, format;

	ck_assert_int_eq(
		clip_dib_to_png(mono, sizeof(mono), BIG, &png, &png_len), 0);
	a = read_png_rgba(png, png_len, &w, &h, &format);
	ck_assert_mem_eq(a, mono_rgba, 8);
	g_free(png);
	ck_assert_int_eq(clip_dib_to_png(rgb565, sizeof(rgb565), BIG, &png,
					 &png_len),
			 0);
	b = read_png_rgba(png, png_len, &w, &h, &format);
	ck_assert_mem_eq(b, rgb565_rgba, 8);
	g_free(png);
	png = NULL;
	assert_failed(clip_dib_to_png(bad_index, sizeof(bad_index), BIG, &png,
				      &png_len),
		      -EINVAL, &png, &png_len);
}
END_TEST

/* 32-bit BI_RGB: alpha 0 everywhere means opaque, anything else is alpha. */
START_TEST(test_dib_to_png_alpha_rule)
{
	const struct dib_spec s = { 2, 1, 32, 0, 40, 0, { 0 } };
	size_t len = 0, png_len = 0;
	g_autofree guint8 *dib = build_dib(&s, &len);
	g_autofree guint8 *a = NULL;
	g_autofree guint8 *b = NULL;
	void *png = NULL;
	uint32_t w, h, format;

	dib[40 + 3] = 0;
	dib[40 + 7] = 0;
	ck_assert_int_eq(clip_dib_to_png(dib, len, BIG, &png, &png_len), 0);
	a = read_png_rgba(png, png_len, &w, &h, &format);
	ck_assert_uint_eq(format & PNG_FORMAT_FLAG_ALPHA, 0);
	ck_assert_uint_eq(a[3], 255);
	ck_assert_uint_eq(a[7], 255);
	g_free(png);

	dib[40 + 7] = 0x80;
	ck_assert_int_eq(clip_dib_to_png(dib, len, BIG, &png, &png_len), 0);
	b = read_png_rgba(png, png_len, &w, &h, &format);
	ck_assert_uint_ne(format & PNG_FORMAT_FLAG_ALPHA, 0);
	ck_assert_uint_eq(b[3], 0);
	ck_assert_uint_eq(b[7], 0x80);
	ck_assert_uint_eq(b[4], dib[40 + 6]);
	g_free(png);
}
END_TEST

/* A small file that decodes to far more than the cap is refused. */
START_TEST(test_png_bomb)
{
	const uint32_t side = 3000;
	g_autofree guint8 *gray = g_malloc0((size_t)side * side);
	g_autofree guint8 *png = NULL;
	size_t len = 0, out_len = 0;
	void *out = NULL;

	png = write_png(side, side, PNG_FORMAT_GRAY, gray, NULL, 0, &len);
	ck_assert_uint_lt(len, 200 * 1024);
	assert_failed(clip_png_to_dib(png, len, 16u << 20, &out, &out_len),
		      -EFBIG, &out, &out_len);
	/* One byte short of the exact size. */
	assert_failed(clip_png_to_dib(png, len,
				      40 + (size_t)side * side * 4 - 1, &out,
				      &out_len),
		      -EFBIG, &out, &out_len);
}
END_TEST

START_TEST(test_png_garbage)
{
	static const guint8 signature[8] = { 0x89, 'P',	 'N',  'G',
					     '\r', '\n', 0x1A, '\n' };
	size_t len = 0, out_len = 0, i;
	g_autofree guint8 *png = make_png(PNG_RGBA, &len);
	g_autofree guint8 *noise = g_malloc(len);
	guint8 *broken;
	void *out = NULL;

	for (i = 0; i < len; i++)
		noise[i] = (guint8)(i * 167 + 13);
	assert_failed(clip_png_to_dib(noise, len, BIG, &out, &out_len), -EINVAL,
		      &out, &out_len);
	assert_failed(clip_png_to_dib(signature, 8, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
	assert_failed(clip_png_to_dib(png, 0, BIG, &out, &out_len), -EINVAL,
		      &out, &out_len);
	assert_failed(clip_png_to_dib(NULL, 0, BIG, &out, &out_len), -EINVAL,
		      &out, &out_len);
	/* Cut before the end of the image data. */
	assert_failed(clip_png_to_dib(png, len / 2, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
	/* A flipped bit in the image data fails its checksum. */
	broken = dup_bytes(png, len);
	broken[len - 20] ^= 0x40;
	assert_failed(clip_png_to_dib(broken, len, BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
	g_free(broken);
}
END_TEST

/* ---- the target table ---------------------------------------------------- */

struct offered_case {
	uint32_t formats;
	const char *names[CLIP_TARGETS_OFFERED_MAX + 1];
};

static const struct offered_case offered_cases[] = {
	{ 0u, { NULL } },
	{ VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  { "UTF8_STRING", "text/plain;charset=utf-8", "STRING", "TEXT",
	    "text/plain", NULL } },
	{ VBGL_CLIPBOARD_FMT_BITMAP, { "image/png", "image/bmp", NULL } },
	{ VBGL_CLIPBOARD_FMT_HTML, { "text/html", NULL } },
	{ VBGL_CLIPBOARD_FMT_URI_LIST, { NULL } },
	{ CLIP_FORMATS_SUPPORTED,
	  { "UTF8_STRING", "text/plain;charset=utf-8", "STRING", "TEXT",
	    "text/plain", "text/html", "image/png", "image/bmp", NULL } },
};

START_TEST(test_targets_offered)
{
	const struct offered_case *c = &offered_cases[_i];
	const struct clip_target *targets[CLIP_TARGETS_OFFERED_MAX];
	size_t n = clip_targets_offered(c->formats, targets,
					CLIP_TARGETS_OFFERED_MAX);
	size_t i;

	for (i = 0; c->names[i]; i++) {
		ck_assert_uint_gt(n, i);
		ck_assert_str_eq(targets[i]->name, c->names[i]);
		ck_assert(targets[i]->vbox_format & c->formats);
	}
	ck_assert_uint_eq(n, i);
}
END_TEST

START_TEST(test_targets_offered_room)
{
	const struct clip_target *targets[2] = { NULL, NULL };

	ck_assert_uint_eq(
		clip_targets_offered(CLIP_FORMATS_SUPPORTED, targets, 2), 2);
	ck_assert_str_eq(targets[1]->name, "text/plain;charset=utf-8");
	ck_assert_uint_eq(
		clip_targets_offered(CLIP_FORMATS_SUPPORTED, targets, 0), 0);
}
END_TEST

struct lookup_case {
	const char *name;
	const char *entry; /* NULL: not handled */
	uint32_t format;
	enum clip_conversion conversion;
	const char *reply_type;
};

static const struct lookup_case lookup_cases[] = {
	{ "UTF8_STRING", "UTF8_STRING", VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  CLIP_CONV_UTF8, NULL },
	{ "text/plain;charset=utf-8", "text/plain;charset=utf-8",
	  VBGL_CLIPBOARD_FMT_UNICODETEXT, CLIP_CONV_UTF8, NULL },
	{ "text/plain;charset=UTF-8", "text/plain;charset=utf-8",
	  VBGL_CLIPBOARD_FMT_UNICODETEXT, CLIP_CONV_UTF8, NULL },
	{ "STRING", "STRING", VBGL_CLIPBOARD_FMT_UNICODETEXT, CLIP_CONV_LATIN1,
	  NULL },
	{ "TEXT", "TEXT", VBGL_CLIPBOARD_FMT_UNICODETEXT, CLIP_CONV_UTF8,
	  "UTF8_STRING" },
	{ "text/plain", "text/plain", VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  CLIP_CONV_UTF8, NULL },
	{ "text/html", "text/html", VBGL_CLIPBOARD_FMT_HTML, CLIP_CONV_HTML,
	  NULL },
	{ "text/html;charset=utf-8", "text/html;charset=utf-8",
	  VBGL_CLIPBOARD_FMT_HTML, CLIP_CONV_HTML, NULL },
	{ "image/png", "image/png", VBGL_CLIPBOARD_FMT_BITMAP, CLIP_CONV_PNG,
	  NULL },
	{ "image/bmp", "image/bmp", VBGL_CLIPBOARD_FMT_BITMAP, CLIP_CONV_BMP,
	  NULL },
	{ "image/x-bmp", "image/x-bmp", VBGL_CLIPBOARD_FMT_BITMAP,
	  CLIP_CONV_BMP, NULL },
	{ "image/x-MS-bmp", "image/x-ms-bmp", VBGL_CLIPBOARD_FMT_BITMAP,
	  CLIP_CONV_BMP, NULL },
	{ "utf8_string", NULL, 0, CLIP_CONV_NONE, NULL },
	{ "COMPOUND_TEXT", NULL, 0, CLIP_CONV_NONE, NULL },
	{ "application/x-moz-nativehtml", NULL, 0, CLIP_CONV_NONE, NULL },
	{ "text/plain;charset=utf-16", NULL, 0, CLIP_CONV_NONE, NULL },
	{ "TARGETS", NULL, 0, CLIP_CONV_NONE, NULL },
	{ "", NULL, 0, CLIP_CONV_NONE, NULL },
};

START_TEST(test_target_lookup)
{
	const struct lookup_case *c = &lookup_cases[_i];
	const struct clip_target *t = clip_target_lookup(c->name);

	if (!c->entry) {
		ck_assert_msg(t == NULL, "%s", c->name);
		return;
	}
	ck_assert_msg(t != NULL, "%s", c->name);
	ck_assert_str_eq(t->name, c->entry);
	ck_assert_uint_eq(t->vbox_format, c->format);
	ck_assert_int_eq(t->conversion, c->conversion);
	if (c->reply_type)
		ck_assert_str_eq(t->reply_type, c->reply_type);
	else
		ck_assert_ptr_null(t->reply_type);
}
END_TEST

START_TEST(test_target_lookup_null)
{
	ck_assert_ptr_null(clip_target_lookup(NULL));
}
END_TEST

struct choose_case {
	const char *names[8];
	size_t n_names;
	uint32_t mask;
	const char *text, *bitmap, *html; /* table entry names, or NULL */
};

static const struct choose_case choose_cases[] = {
	{ { "TARGETS", "TIMESTAMP", "STRING", "UTF8_STRING" },
	  4,
	  VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  "UTF8_STRING",
	  NULL,
	  NULL },
	{ { "TEXT", "STRING" },
	  2,
	  VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  "STRING",
	  NULL,
	  NULL },
	{ { "STRING", "TEXT", "text/plain" },
	  3,
	  VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  "text/plain",
	  NULL,
	  NULL },
	{ { "TEXT" }, 1, VBGL_CLIPBOARD_FMT_UNICODETEXT, "TEXT", NULL, NULL },
	/* Equal preference: the first offered wins. */
	{ { "text/plain;charset=UTF-8", "UTF8_STRING" },
	  2,
	  VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  "text/plain;charset=utf-8",
	  NULL,
	  NULL },
	{ { "image/bmp", "image/png" },
	  2,
	  VBGL_CLIPBOARD_FMT_BITMAP,
	  NULL,
	  "image/png",
	  NULL },
	{ { "image/x-MS-bmp", "image/x-bmp" },
	  2,
	  VBGL_CLIPBOARD_FMT_BITMAP,
	  NULL,
	  "image/x-ms-bmp",
	  NULL },
	{ { "text/html;charset=utf-8", "text/html" },
	  2,
	  VBGL_CLIPBOARD_FMT_HTML,
	  NULL,
	  NULL,
	  "text/html" },
	/* What Firefox offers for a selection with an image. */
	{ { "text/html", "text/_moz_htmlinfo", "UTF8_STRING", "image/png",
	    "image/jpeg", "image/bmp", "application/x-moz-nativehtml" },
	  7,
	  CLIP_FORMATS_SUPPORTED,
	  "UTF8_STRING",
	  "image/png",
	  "text/html" },
	{ { "COMPOUND_TEXT", "application/x-moz-nativehtml", "image/gif" },
	  3,
	  0,
	  NULL,
	  NULL,
	  NULL },
	{ { NULL, "UTF8_STRING", NULL },
	  3,
	  VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  "UTF8_STRING",
	  NULL,
	  NULL },
	{ { NULL }, 0, 0, NULL, NULL, NULL },
};

static void assert_choice(const struct clip_target *t, const char *name)
{
	if (name) {
		ck_assert_ptr_nonnull(t);
		ck_assert_str_eq(t->name, name);
	} else {
		ck_assert_ptr_null(t);
	}
}

START_TEST(test_choose_targets)
{
	const struct choose_case *c = &choose_cases[_i];
	struct clip_choice choice;

	memset(&choice, 0xA5, sizeof(choice));
	ck_assert_uint_eq(clip_choose_targets(c->names, c->n_names, &choice),
			  c->mask);
	assert_choice(choice.text, c->text);
	assert_choice(choice.bitmap, c->bitmap);
	assert_choice(choice.html, c->html);
	assert_choice(clip_choice_get(&choice, VBGL_CLIPBOARD_FMT_UNICODETEXT),
		      c->text);
	assert_choice(clip_choice_get(&choice, VBGL_CLIPBOARD_FMT_BITMAP),
		      c->bitmap);
	assert_choice(clip_choice_get(&choice, VBGL_CLIPBOARD_FMT_HTML),
		      c->html);
	ck_assert_ptr_null(
		clip_choice_get(&choice, VBGL_CLIPBOARD_FMT_URI_LIST));
	ck_assert_ptr_null(
		clip_choice_get(&choice, VBGL_CLIPBOARD_FMT_UNICODETEXT |
						 VBGL_CLIPBOARD_FMT_HTML));
}
END_TEST

/* The dispatchers pick the converter each conversion names. */
START_TEST(test_dispatch)
{
	g_autofree guint8 *e_acute = units_to_le(UNITS(0xE9, 0), 2);
	void *out = NULL;
	size_t out_len = 0;

	ck_assert_int_eq(clip_convert_host_to_x11(CLIP_CONV_UTF8, e_acute, 4,
						  BIG, &out, &out_len),
			 0);
	ck_assert_str_eq(out, "\xC3\xA9");
	g_free(out);
	ck_assert_int_eq(clip_convert_host_to_x11(CLIP_CONV_LATIN1, e_acute, 4,
						  BIG, &out, &out_len),
			 0);
	ck_assert_str_eq(out, "\xE9");
	g_free(out);
	ck_assert_int_eq(clip_convert_x11_to_host(CLIP_CONV_LATIN1, "\xE9", 1,
						  BIG, &out, &out_len),
			 0);
	ck_assert_mem_eq(out, e_acute, 4);
	g_free(out);
	ck_assert_int_eq(clip_convert_x11_to_host(CLIP_CONV_HTML, "<p>", 3, BIG,
						  &out, &out_len),
			 0);
	ck_assert_uint_eq(out_len, 4);
	g_free(out);
	ck_assert_int_eq(clip_convert_host_to_x11(CLIP_CONV_HTML, "<p>", 4, BIG,
						  &out, &out_len),
			 0);
	ck_assert_uint_eq(out_len, 3);
	g_free(out);
	assert_failed(clip_convert_x11_to_host(CLIP_CONV_PNG, "BM", 2, BIG,
					       &out, &out_len),
		      -EINVAL, &out, &out_len);
	assert_failed(clip_convert_x11_to_host(CLIP_CONV_NONE, "x", 1, BIG,
					       &out, &out_len),
		      -EINVAL, &out, &out_len);
	assert_failed(clip_convert_host_to_x11((enum clip_conversion)99, "x", 1,
					       BIG, &out, &out_len),
		      -EINVAL, &out, &out_len);
}
END_TEST

/* PNG and BMP targets reach the image converters. */
START_TEST(test_dispatch_images)
{
	const struct dib_spec s = { 3, 2, 24, 0, 40, 0, { 0 } };
	size_t len = 0, out_len = 0, back_len = 0;
	g_autofree guint8 *dib = build_dib(&s, &len);
	void *out = NULL, *back = NULL;

	ck_assert_int_eq(clip_convert_host_to_x11(CLIP_CONV_BMP, dib, len, BIG,
						  &out, &out_len),
			 0);
	ck_assert(((guint8 *)out)[0] == 'B');
	ck_assert_int_eq(clip_convert_x11_to_host(CLIP_CONV_BMP, out, out_len,
						  BIG, &back, &back_len),
			 0);
	ck_assert_mem_eq(back, dib, len);
	g_free(out);
	g_free(back);
	ck_assert_int_eq(clip_convert_host_to_x11(CLIP_CONV_PNG, dib, len, BIG,
						  &out, &out_len),
			 0);
	ck_assert(((guint8 *)out)[1] == 'P');
	ck_assert_int_eq(clip_convert_x11_to_host(CLIP_CONV_PNG, out, out_len,
						  BIG, &back, &back_len),
			 0);
	ck_assert_uint_eq(back_len, 40 + 3 * 2 * 4);
	g_free(out);
	g_free(back);
}
END_TEST

static Suite *clip_convert_suite(void)
{
	Suite *s = suite_create("clip_convert");
	TCase *text = tcase_create("text");
	TCase *html = tcase_create("html");
	TCase *bmp = tcase_create("dib-bmp");
	TCase *png = tcase_create("png");
	TCase *targets = tcase_create("targets");

	tcase_add_loop_test(text, test_text_x11_to_host, 0,
			    G_N_ELEMENTS(x11_text_cases));
	tcase_add_test(text, test_text_x11_to_host_cap);
	tcase_add_loop_test(text, test_text_host_to_utf8, 0,
			    G_N_ELEMENTS(host_text_cases));
	tcase_add_loop_test(text, test_text_host_to_latin1, 0,
			    G_N_ELEMENTS(host_text_cases));
	tcase_add_test(text, test_text_host_cap);
	tcase_add_test(text, test_text_round_trip);
	suite_add_tcase(s, text);

	tcase_add_loop_test(html, test_html_x11_to_host, 0,
			    G_N_ELEMENTS(html_to_host_cases));
	tcase_add_loop_test(html, test_html_host_to_x11, 0,
			    G_N_ELEMENTS(html_to_x11_cases));
	tcase_add_test(html, test_html_caps);
	suite_add_tcase(s, html);

	tcase_add_loop_test(bmp, test_dib_bmp_round_trip, 0,
			    G_N_ELEMENTS(dib_round_trip_specs));
	tcase_add_test(bmp, test_bmp_to_dib_states_palette_size);
	tcase_add_test(bmp, test_bmp_with_gap);
	tcase_add_loop_test(bmp, test_bmp_to_dib_rewrites, 0,
			    G_N_ELEMENTS(dib_rewritten_specs));
	tcase_add_loop_test(bmp, test_dib_malformed, 0, N_DAMAGES);
	tcase_add_loop_test(bmp, test_bmp_malformed, 0, N_DAMAGES);
	tcase_add_test(bmp, test_bmp_file_header_malformed);
	tcase_add_test(bmp, test_dib_caps);
	suite_add_tcase(s, bmp);

	tcase_add_loop_test(png, test_png_dib_png, 0, N_PNG_KINDS);
	tcase_add_loop_test(png, test_dib_to_png_pixels, 0,
			    G_N_ELEMENTS(dib_to_png_specs));
	tcase_add_test(png, test_dib_to_png_small_depths);
	tcase_add_test(png, test_dib_to_png_alpha_rule);
	tcase_add_test(png, test_png_bomb);
	tcase_add_test(png, test_png_garbage);
	tcase_set_timeout(png, 60);
	suite_add_tcase(s, png);

	tcase_add_loop_test(targets, test_targets_offered, 0,
			    G_N_ELEMENTS(offered_cases));
	tcase_add_test(targets, test_targets_offered_room);
	tcase_add_loop_test(targets, test_target_lookup, 0,
			    G_N_ELEMENTS(lookup_cases));
	tcase_add_test(targets, test_target_lookup_null);
	tcase_add_loop_test(targets, test_choose_targets, 0,
			    G_N_ELEMENTS(choose_cases));
	tcase_add_test(targets, test_dispatch);
	tcase_add_test(targets, test_dispatch_images);
	suite_add_tcase(s, targets);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(clip_convert_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
