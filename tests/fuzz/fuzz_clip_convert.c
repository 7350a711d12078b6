// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: vbox-clipboard's conversion layer.
 *
 * Input layout:
 *   byte 0	which converter: an enum fuzz_step value, or any larger value
 *		to run every step on the same bytes
 *   bytes 1-	the data
 *
 * Every result is checked for the promises clip_convert.h makes (no more
 * than the cap, a hidden NUL after it, outputs cleared on failure), and
 * where a round trip is defined it is run and compared:
 *  - valid UTF-8 -> host -> UTF-8 gives the input up to its first NUL,
 *    without leading byte-order marks, with every CR before an LF dropped;
 *  - host text -> UTF-8 and -> Latin-1 agree on validity, Latin-1 has one
 *    byte per character, and (without CR LF in the result) UTF-8 -> host
 *    -> UTF-8 is stable;
 *  - HTML without a byte-order mark comes through byte for byte;
 *  - a DIB that makes a BMP comes back from it, byte for byte where it
 *    already had the host-ready layout;
 *  - PNG -> DIB -> PNG -> DIB keeps every pixel (an all-transparent image
 *    comes back opaque, as documented);
 *  - the targets chosen are those of highest preference among the
 *    offered names.
 * Caps are small so that each input stays fast.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "services/vbox-clipboard/clip_convert.h"

#define FUZZ_CAP (256u * 1024)

#define FUZZ_ASSERT(cond)                 \
	do {                              \
		if (!(cond))              \
			__builtin_trap(); \
	} while (0)

enum fuzz_step {
	STEP_TEXT_X11_TO_HOST,
	STEP_TEXT_HOST_TO_X11,
	STEP_HTML_X11_TO_HOST,
	STEP_HTML_HOST_TO_X11,
	STEP_DIB_TO_BMP,
	STEP_BMP_TO_DIB,
	STEP_DIB_TO_PNG,
	STEP_PNG_TO_DIB,
	STEP_TARGETS,
	STEP_DISPATCH,
	N_STEPS
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*converter)(const void *, size_t, size_t, void **, size_t *);

struct result {
	int rc;
	guint8 *out;
	size_t len;
};

/* Runs one converter and checks the promises every converter makes. */
static struct result run(converter convert, const void *data, size_t len,
			 size_t cap)
{
	struct result r = { 0 };
	void *out = (void *)&r; /* must be overwritten */
	size_t out_len = 12345;

	r.rc = convert(data, len, cap, &out, &out_len);
	if (r.rc) {
		FUZZ_ASSERT(r.rc < 0 && !out && !out_len);
		return r;
	}
	FUZZ_ASSERT(out && out_len <= cap);
	FUZZ_ASSERT(((const guint8 *)out)[out_len] == 0);
	r.out = out;
	r.len = out_len;
	return r;
}

static uint32_t le32(const guint8 *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* X11 text as the round trip gives it back (see the header comment). */
static GString *normalised_x11_text(const char *text, size_t len)
{
	const char *nul = len ? memchr(text, '\0', len) : NULL;
	GString *s = g_string_new(NULL);
	size_t n = nul ? (size_t)(nul - text) : len;
	size_t i = 0;

	while (n - i >= 3 && memcmp(text + i, "\xEF\xBB\xBF", 3) == 0)
		i += 3;
	for (; i < n; i++) {
		if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')
			continue;
		g_string_append_c(s, text[i]);
	}
	return s;
}

static void fuzz_text_x11_to_host(const guint8 *data, size_t len)
{
	const char *nul = len ? memchr(data, '\0', len) : NULL;
	size_t n = nul ? (size_t)(nul - (const char *)data) : len;
	struct result host, back;
	GString *want;

	host = run(clip_text_x11_to_host, data, len, FUZZ_CAP);
	if (host.rc) {
		FUZZ_ASSERT(host.rc == -EFBIG);
		return;
	}
	FUZZ_ASSERT(host.len >= 2 && host.len % 2 == 0);
	FUZZ_ASSERT(!host.out[host.len - 1] && !host.out[host.len - 2]);
	if (g_utf8_validate_len((const char *)data, n, NULL)) {
		back = run(clip_text_host_to_utf8, host.out, host.len,
			   2 * FUZZ_CAP);
		FUZZ_ASSERT(!back.rc);
		want = normalised_x11_text((const char *)data, len);
		FUZZ_ASSERT(want->len == back.len &&
			    !memcmp(want->str, back.out, back.len));
		g_string_free(want, TRUE);
		g_free(back.out);
	}
	g_free(host.out);
}

/* UTF-8 from the host without CR LF converts to the same host text. */
static void check_host_text_stable(const struct result *utf8)
{
	struct result host, again;

	if (memmem(utf8->out, utf8->len, "\r\n", 2))
		return;
	host = run(clip_text_x11_to_host, utf8->out, utf8->len, 4 * FUZZ_CAP);
	FUZZ_ASSERT(!host.rc);
	again = run(clip_text_host_to_utf8, host.out, host.len, 4 * FUZZ_CAP);
	FUZZ_ASSERT(!again.rc && again.len == utf8->len &&
		    !memcmp(again.out, utf8->out, utf8->len));
	g_free(host.out);
	g_free(again.out);
}

static void fuzz_text_host_to_x11(const guint8 *data, size_t len)
{
	struct result utf8 = run(clip_text_host_to_utf8, data, len, FUZZ_CAP);
	struct result latin1 =
		run(clip_text_host_to_latin1, data, len, FUZZ_CAP);

	if (utf8.rc != -EFBIG && latin1.rc != -EFBIG)
		FUZZ_ASSERT((utf8.rc == -EINVAL) == (latin1.rc == -EINVAL));
	if (!utf8.rc) {
		FUZZ_ASSERT(g_utf8_validate_len((const char *)utf8.out,
						utf8.len, NULL));
		if (!latin1.rc)
			FUZZ_ASSERT(
				latin1.len ==
				(size_t)g_utf8_strlen((const char *)utf8.out,
						      (gssize)utf8.len));
		check_host_text_stable(&utf8);
	}
	g_free(utf8.out);
	g_free(latin1.out);
}

static size_t without_trailing_nuls(const guint8 *data, size_t len)
{
	while (len && !data[len - 1])
		len--;
	return len;
}

static void fuzz_html(const guint8 *data, size_t len)
{
	size_t n = without_trailing_nuls(data, len);
	bool bom = len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
				(data[0] == 0xFE && data[1] == 0xFF));
	struct result host = run(clip_html_x11_to_host, data, len, FUZZ_CAP);

	if (!host.rc) {
		FUZZ_ASSERT(host.len >= 1 && !host.out[host.len - 1]);
		if (!bom)
			FUZZ_ASSERT(host.len == n + 1 &&
				    !memcmp(host.out, data, n));
	} else {
		FUZZ_ASSERT(bom || host.rc == -EFBIG);
	}
	g_free(host.out);
}

static void fuzz_html_host_to_x11(const guint8 *data, size_t len)
{
	size_t n = without_trailing_nuls(data, len);
	struct result x11 = run(clip_html_host_to_x11, data, len, FUZZ_CAP);

	FUZZ_ASSERT(!x11.rc && x11.len == n && !memcmp(x11.out, data, n));
	g_free(x11.out);
}

/* Whether a DIB already has the layout clip_bmp_to_dib() keeps. */
static bool dib_host_ready(const guint8 *dib)
{
	uint16_t bpp = (uint16_t)(dib[14] | dib[15] << 8);

	return le32(dib) == 40 && le32(dib + 16) == 0 &&
	       (bpp > 8 || le32(dib + 32) != 0);
}

static void fuzz_dib_to_bmp(const guint8 *data, size_t len)
{
	struct result bmp = run(clip_dib_to_bmp, data, len, FUZZ_CAP);
	struct result dib;

	if (bmp.rc)
		return;
	FUZZ_ASSERT(bmp.len == len + 14 && bmp.out[0] == 'B' &&
		    bmp.out[1] == 'M' && le32(bmp.out + 2) == bmp.len);
	FUZZ_ASSERT(!memcmp(bmp.out + 14, data, len));
	/*
	 * A host-ready DIB is only repacked; any other is decoded, which may
	 * find bad palette indices or exceed the cap.
	 */
	dib = run(clip_bmp_to_dib, bmp.out, bmp.len, 4 * FUZZ_CAP);
	if (dib_host_ready(data))
		FUZZ_ASSERT(!dib.rc && dib.len <= len &&
			    !memcmp(dib.out, data, dib.len));
	g_free(bmp.out);
	g_free(dib.out);
}

static void fuzz_bmp_to_dib(const guint8 *data, size_t len)
{
	struct result dib = run(clip_bmp_to_dib, data, len, FUZZ_CAP);
	struct result bmp;

	if (dib.rc)
		return;
	/* What clip_bmp_to_dib() makes, clip_dib_to_bmp() takes. */
	bmp = run(clip_dib_to_bmp, dib.out, dib.len, FUZZ_CAP + 14);
	FUZZ_ASSERT(!bmp.rc);
	g_free(dib.out);
	g_free(bmp.out);
}

static void fuzz_dib_to_png(const guint8 *data, size_t len)
{
	struct result png = run(clip_dib_to_png, data, len, FUZZ_CAP);
	struct result bmp = run(clip_dib_to_bmp, data, len, FUZZ_CAP + 14);
	struct result dib;
	int32_t height;

	/* Both parse the DIB the same way. */
	if (bmp.rc == -EINVAL)
		FUZZ_ASSERT(png.rc == -EINVAL);
	g_free(bmp.out);
	if (png.rc)
		return;
	dib = run(clip_png_to_dib, png.out, png.len, 4 * FUZZ_CAP + 40);
	FUZZ_ASSERT(!dib.rc);
	height = (int32_t)le32(data + 8);
	FUZZ_ASSERT(le32(dib.out + 4) == le32(data + 4));
	FUZZ_ASSERT(le32(dib.out + 8) ==
		    (uint32_t)(height < 0 ? -height : height));
	g_free(png.out);
	g_free(dib.out);
}

static bool dib_alpha_all_zero(const struct result *dib)
{
	size_t i;

	for (i = 40 + 3; i < dib->len; i += 4) {
		if (dib->out[i])
			return false;
	}
	return true;
}

/* Two 32-bit DIBs from clip_png_to_dib() have the same pixels. */
static void check_same_pixels(const struct result *a, const struct result *b)
{
	bool opaque_again = dib_alpha_all_zero(a);
	size_t i;

	FUZZ_ASSERT(a->len == b->len && !memcmp(a->out, b->out, 40));
	for (i = 40; i < a->len; i++) {
		bool alpha = (i - 40) % 4 == 3;

		if (alpha && opaque_again)
			FUZZ_ASSERT(b->out[i] == 0xFF);
		else
			FUZZ_ASSERT(a->out[i] == b->out[i]);
	}
}

static void fuzz_png_to_dib(const guint8 *data, size_t len)
{
	struct result dib = run(clip_png_to_dib, data, len, FUZZ_CAP);
	struct result png, again;

	if (dib.rc)
		return;
	png = run(clip_dib_to_png, dib.out, dib.len, 4 * FUZZ_CAP);
	FUZZ_ASSERT(!png.rc);
	again = run(clip_png_to_dib, png.out, png.len, FUZZ_CAP);
	FUZZ_ASSERT(!again.rc);
	check_same_pixels(&dib, &again);
	g_free(dib.out);
	g_free(png.out);
	g_free(again.out);
}

/* The input split at NULs and newlines, as target names. */
static void fuzz_targets(const guint8 *data, size_t len)
{
	g_autofree gchar *text = g_malloc(len + 1);
	g_auto(GStrv) names = NULL;
	const struct clip_target *offered[CLIP_TARGETS_OFFERED_MAX];
	struct clip_choice choice;
	guint n;
	uint32_t mask, fmt;
	guint i;

	for (i = 0; i < len; i++)
		text[i] = data[i] ? (gchar)data[i] : '\n';
	text[len] = '\0';
	names = g_strsplit(text, "\n", 64);
	n = g_strv_length(names);
	mask = clip_choose_targets((const char *const *)names, n, &choice);
	for (fmt = 1; fmt <= VBGL_CLIPBOARD_FMT_HTML; fmt <<= 1) {
		const struct clip_target *best = clip_choice_get(&choice, fmt);

		FUZZ_ASSERT(!!best == !!(mask & fmt));
		FUZZ_ASSERT(!best || best->vbox_format == fmt);
	}
	for (i = 0; i < n; i++) {
		const struct clip_target *t = clip_target_lookup(names[i]);
		const struct clip_target *best;

		if (!t)
			continue;
		best = clip_choice_get(&choice, t->vbox_format);
		FUZZ_ASSERT(best && best->preference >= t->preference);
	}
	n = (guint)clip_targets_offered(len ? data[0] : 0, offered,
					CLIP_TARGETS_OFFERED_MAX);
	for (i = 0; i < n; i++)
		FUZZ_ASSERT(offered[i]->offered &&
			    (offered[i]->vbox_format & (len ? data[0] : 0)));
}

/* Every conversion, both ways, through the dispatchers. */
static void fuzz_dispatch(const guint8 *data, size_t len)
{
	int conversion;

	for (conversion = CLIP_CONV_NONE; conversion <= CLIP_CONV_BMP + 1;
	     conversion++) {
		void *out = NULL;
		size_t out_len = 0;

		if (!clip_convert_x11_to_host((enum clip_conversion)conversion,
					      data, len, FUZZ_CAP, &out,
					      &out_len))
			FUZZ_ASSERT(((guint8 *)out)[out_len] == 0);
		g_free(out);
		out = NULL;
		if (!clip_convert_host_to_x11((enum clip_conversion)conversion,
					      data, len, FUZZ_CAP, &out,
					      &out_len))
			FUZZ_ASSERT(((guint8 *)out)[out_len] == 0);
		g_free(out);
	}
}

static void (*const steps[N_STEPS])(const guint8 *, size_t) = {
	[STEP_TEXT_X11_TO_HOST] = fuzz_text_x11_to_host,
	[STEP_TEXT_HOST_TO_X11] = fuzz_text_host_to_x11,
	[STEP_HTML_X11_TO_HOST] = fuzz_html,
	[STEP_HTML_HOST_TO_X11] = fuzz_html_host_to_x11,
	[STEP_DIB_TO_BMP] = fuzz_dib_to_bmp,
	[STEP_BMP_TO_DIB] = fuzz_bmp_to_dib,
	[STEP_DIB_TO_PNG] = fuzz_dib_to_png,
	[STEP_PNG_TO_DIB] = fuzz_png_to_dib,
	[STEP_TARGETS] = fuzz_targets,
	[STEP_DISPATCH] = fuzz_dispatch,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	guint8 *copy;
	size_t len, i;

	if (!size)
		return 0;
	/* An exact-size copy, so ASan sees any read past the end. */
	len = size - 1;
	copy = g_malloc(len ? len : 1);
	memcpy(copy, data + 1, len);
	if (data[0] < N_STEPS) {
		steps[data[0]](copy, len);
	} else {
		for (i = 0; i < N_STEPS; i++)
			steps[i](copy, len);
	}
	g_free(copy);
	return 0;
}
