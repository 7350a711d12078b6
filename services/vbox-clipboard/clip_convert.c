// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-clipboard's conversions between X11 selection data and the Shared
 * Clipboard wire formats, and the X11 target table.  The rules are in
 * clip_convert.h; the reasons for the choices are written where they are
 * made.  Text goes through GLib's converters, PNG through libpng's
 * simplified API (which does its own setjmp error handling); BMP and DIB
 * are parsed here, every field checked before it is used.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>
#include <png.h>

#include "services/vbox-clipboard/clip_convert.h"

/* ---- buffers and little-endian fields --------------------------------- */

static uint16_t get_le16(const guint8 *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_le32(const guint8 *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le16(guint8 *p, uint16_t v)
{
	p[0] = (guint8)v;
	p[1] = (guint8)(v >> 8);
}

static void put_le32(guint8 *p, uint32_t v)
{
	p[0] = (guint8)v;
	p[1] = (guint8)(v >> 8);
	p[2] = (guint8)(v >> 16);
	p[3] = (guint8)(v >> 24);
}

/*
 * Clears the outputs and checks what every converter is given: a NULL
 * @data only with no bytes, and no length that a gssize cannot hold.
 */
static int begin_conversion(const void *data, size_t len, void **out,
			    size_t *out_len)
{
	if (!out || !out_len)
		return -EINVAL;
	*out = NULL;
	*out_len = 0;
	if (!data && len)
		return -EINVAL;
	if (len > G_MAXSSIZE)
		return -EFBIG;
	return 0;
}

/* A result buffer of @len bytes plus the hidden NUL after them. */
static int alloc_result(size_t len, size_t max_out, guint8 **buf)
{
	if (len > max_out || len >= G_MAXSIZE)
		return -EFBIG;
	*buf = g_try_malloc(len + 1);
	if (!*buf)
		return -ENOMEM;
	(*buf)[len] = 0;
	return 0;
}

/* Hands a g_malloc'd, NUL-terminated @buf of @len bytes to the caller. */
static int take_result(gchar *buf, size_t len, size_t max_out, void **out,
		       size_t *out_len)
{
	if (len > max_out) {
		g_free(buf);
		return -EFBIG;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

/* A copy of @len bytes of @data, with @extra NUL bytes counted after them. */
static int copy_result(const void *data, size_t len, size_t extra,
		       size_t max_out, void **out, size_t *out_len)
{
	guint8 *buf;
	size_t total;
	int rc;

	if (__builtin_add_overflow(len, extra, &total))
		return -EFBIG;
	rc = alloc_result(total, max_out, &buf);
	if (rc)
		return rc;
	if (len)
		memcpy(buf, data, len);
	memset(buf + len, 0, extra);
	*out = buf;
	*out_len = total;
	return 0;
}

/* For a conversion that does not exist. */
static int refuse_conversion(void **out, size_t *out_len)
{
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	return -EINVAL;
}

/* GLib's conversion errors as errno values. */
static int convert_error_to_errno(const GError *error)
{
	if (g_error_matches(error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_MEMORY))
		return -ENOMEM;
	return -EINVAL;
}

static size_t trim_trailing_nuls(const guint8 *p, size_t len)
{
	while (len && !p[len - 1])
		len--;
	return len;
}

/* ---- text ------------------------------------------------------------- */

#define UNIT_BOM 0xFEFFu

/* The length of X11 text: up to its first NUL byte. */
static size_t x11_text_length(const char *text, size_t len)
{
	const char *nul = len ? memchr(text, '\0', len) : NULL;

	return nul ? (size_t)(nul - text) : len;
}

/* How many LFs of @text do not follow a CR. */
static size_t lone_lf_count(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	size_t n = 0;

	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		n += nl == text || nl[-1] != '\r';
		p = nl + 1;
	}
	return n;
}

/* Append one UTF-16LE unit; false when there is no room. */
static bool put_unit(gchar **op, gsize *out_left, uint16_t unit)
{
	if (*out_left < 2)
		return false;
	put_le16((guint8 *)*op, unit);
	*op += 2;
	*out_left -= 2;
	return true;
}

/*
 * UTF-8 (without NUL) to the host's UNICODETEXT: leading byte-order marks
 * dropped, a CR before every lone LF, UTF-16LE through GIConv straight
 * into the result (one pass per line; the line ends are put in between),
 * and the NUL unit.  -EILSEQ for bytes that are not UTF-8 (no surrogates,
 * nothing above U+10FFFF, no overlong forms).
 */
static int utf8_to_host_text(const char *text, size_t len, size_t max_out,
			     void **out, size_t *out_len)
{
	static const char bom[] = "\xEF\xBB\xBF";
	const char *p, *end, *nl;
	gchar *in, *op;
	gsize in_left, out_left;
	size_t n, room;
	guint8 *buf;
	GIConv cd;
	int rc = 0;

	while (len >= 3 && !memcmp(text, bom, 3)) {
		text += 3;
		len -= 3;
	}
	n = len + lone_lf_count(text, len);
	/* Every UTF-8 byte gives at most 2 bytes of UTF-16; then the NUL. */
	if (max_out < 2)
		return -EFBIG;
	room = MIN(n, (max_out - 2) / 2) * 2;
	rc = alloc_result(room + 2, max_out, &buf);
	if (rc)
		return rc;
	cd = g_iconv_open("UTF-16LE", "UTF-8");
	if (cd == (GIConv)-1) {
		g_free(buf);
		return -ENOSYS;
	}
	op = (gchar *)buf;
	out_left = room;
	for (p = text, end = text + len;; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		in = (gchar *)p;
		in_left = (gsize)((nl ? nl : end) - p);
		if (in_left &&
		    g_iconv(cd, &in, &in_left, &op, &out_left) == (gsize)-1) {
			rc = errno == E2BIG ? -EFBIG : -EILSEQ;
			break;
		}
		if (!nl)
			break;
		if (!((nl > text && nl[-1] == '\r') ||
		      put_unit(&op, &out_left, '\r')) ||
		    !put_unit(&op, &out_left, '\n')) {
			rc = -EFBIG;
			break;
		}
	}
	g_iconv_close(cd);
	if (rc) {
		g_free(buf);
		return rc;
	}
	n = room - out_left;
	put_le16(buf + n, 0);
	buf[n + 2] = 0;
	*out = buf;
	*out_len = n + 2;
	return 0;
}

/*
 * Fails early when even the shortest possible result for @n_chars
 * characters (one UTF-16 unit each, plus the NUL) exceeds @max_out, so
 * that no intermediate buffer is built for an oversized input.
 */
static int check_host_text_room(size_t n_chars, size_t max_out)
{
	size_t bytes;

	if (__builtin_mul_overflow(n_chars + 1, 2, &bytes) || bytes > max_out)
		return -EFBIG;
	return 0;
}

int clip_text_x11_to_host(const void *data, size_t len, size_t max_out,
			  void **out, size_t *out_len)
{
	g_autofree gchar *from_latin1 = NULL;
	g_autoptr(GError) error = NULL;
	const char *text = data ? data : "";
	gsize utf8_len = 0;
	size_t n;
	int rc;

	rc = begin_conversion(data, len, out, out_len);
	if (rc)
		return rc;
	n = x11_text_length(text, len);
	/* A UTF-8 character has at most 4 bytes. */
	rc = check_host_text_room(n / 4, max_out);
	if (rc)
		return rc;
	rc = utf8_to_host_text(text, n, max_out, out, out_len);
	if (rc != -EILSEQ)
		return rc;
	/*
	 * Not UTF-8, so Latin-1, as the upstream VBoxClient reads it too:
	 * every byte is one character, and any byte sequence is valid.
	 */
	rc = check_host_text_room(n, max_out);
	if (rc)
		return rc;
	from_latin1 = g_convert(text, (gssize)n, "UTF-8", "ISO-8859-1", NULL,
				&utf8_len, &error);
	if (!from_latin1)
		return convert_error_to_errno(error);
	return utf8_to_host_text(from_latin1, utf8_len, max_out, out, out_len);
}

static gunichar2 get_unit(const guint8 *p, bool big_endian)
{
	return big_endian ? (gunichar2)(p[0] << 8 | p[1]) : get_le16(p);
}

/*
 * Copies UTF-16 bytes into native units, leading byte-order marks dropped,
 * up to the first NUL unit, and with @drop_cr every CR that comes right
 * before an LF.  Returns the number of units stored in @units (room for
 * @len / 2 of them).
 */
static size_t load_utf16_units(const guint8 *data, size_t len, bool big_endian,
			       bool drop_cr, gunichar2 *units)
{
	size_t n_in = len / 2;
	size_t n = 0;
	size_t i;

	for (i = 0; i < n_in; i++) {
		gunichar2 unit = get_unit(data + 2 * i, big_endian);

		if (!unit)
			break;
		if (!n && unit == UNIT_BOM)
			continue;
		if (drop_cr && unit == '\r' && i + 1 < n_in &&
		    get_unit(data + 2 * i + 2, big_endian) == '\n')
			continue;
		units[n++] = unit;
	}
	return n;
}

/*
 * UTF-16 bytes (see load_utf16_units()) to UTF-8.  @max_utf8 allows an
 * early -EFBIG: every unit but the CR of a CR LF pair gives at least one
 * byte, so a result can never be shorter than half the units.
 */
static int utf16_bytes_to_utf8(const guint8 *data, size_t len, bool big_endian,
			       bool drop_cr, size_t max_utf8, gchar **utf8,
			       size_t *utf8_len)
{
	g_autofree gunichar2 *units = NULL;
	g_autoptr(GError) error = NULL;
	glong written = 0;
	size_t n;

	if (len % 2)
		return -EINVAL;
	units = g_try_new(gunichar2, len / 2 + 1);
	if (!units)
		return -ENOMEM;
	n = load_utf16_units(data, len, big_endian, drop_cr, units);
	if (n / 2 > max_utf8)
		return -EFBIG;
	*utf8 = g_utf16_to_utf8(units, (glong)n, NULL, &written, &error);
	if (!*utf8)
		return convert_error_to_errno(error);
	*utf8_len = (size_t)written;
	return 0;
}

/*
 * The host's UNICODETEXT to UTF-8 with LF line ends.  The wire format is
 * little-endian, so the bytes FE FF at the start are the (noncharacter)
 * U+FFFE, not a big-endian byte-order mark: reading them as one would
 * garble what clip_text_x11_to_host() makes of text that starts with
 * U+FFFE.  The upstream code refuses such text.
 */
static int host_text_to_utf8(const void *data, size_t len, size_t max_utf8,
			     gchar **utf8, size_t *utf8_len)
{
	return utf16_bytes_to_utf8(data, len, false, true, max_utf8, utf8,
				   utf8_len);
}

int clip_text_host_to_utf8(const void *data, size_t len, size_t max_out,
			   void **out, size_t *out_len)
{
	gchar *utf8 = NULL;
	size_t n = 0;
	int rc;

	rc = begin_conversion(data, len, out, out_len);
	if (rc)
		return rc;
	rc = host_text_to_utf8(data, len, max_out, &utf8, &n);
	if (rc)
		return rc;
	return take_result(utf8, n, max_out, out, out_len);
}

int clip_text_host_to_latin1(const void *data, size_t len, size_t max_out,
			     void **out, size_t *out_len)
{
	g_autofree gchar *utf8 = NULL;
	g_autoptr(GError) error = NULL;
	gchar *latin1;
	gsize written = 0;
	size_t n = 0;
	int rc;

	rc = begin_conversion(data, len, out, out_len);
	if (rc)
		return rc;
	/* One Latin-1 byte per character, a character at most 4 UTF-8 bytes. */
	rc = host_text_to_utf8(data, len,
			       max_out > SIZE_MAX / 4 ? SIZE_MAX : max_out * 4,
			       &utf8, &n);
	if (rc)
		return rc;
	latin1 = g_convert_with_fallback(utf8, (gssize)n, "ISO-8859-1", "UTF-8",
					 "?", NULL, &written, &error);
	if (!latin1)
		return convert_error_to_errno(error);
	return take_result(latin1, written, max_out, out, out_len);
}

/* ---- HTML ------------------------------------------------------------- */

static bool starts_with_utf16_bom(const guint8 *p, size_t len)
{
	return len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
			    (p[0] == 0xFE && p[1] == 0xFF));
}

int clip_html_x11_to_host(const void *data, size_t len, size_t max_out,
			  void **out, size_t *out_len)
{
	g_autofree gchar *utf8 = NULL;
	size_t n = 0;
	int rc;

	rc = begin_conversion(data, len, out, out_len);
	if (rc)
		return rc;
	if (!starts_with_utf16_bom(data, len))
		return copy_result(data, trim_trailing_nuls(data, len), 1,
				   max_out, out, out_len);
	rc = utf16_bytes_to_utf8(data, len, ((const guint8 *)data)[0] == 0xFE,
				 false, max_out, &utf8, &n);
	if (rc)
		return rc;
	return copy_result(utf8, n, 1, max_out, out, out_len);
}

int clip_html_host_to_x11(const void *data, size_t len, size_t max_out,
			  void **out, size_t *out_len)
{
	int rc = begin_conversion(data, len, out, out_len);

	if (rc)
		return rc;
	return copy_result(data, trim_trailing_nuls(data, len), 0, max_out, out,
			   out_len);
}

/* ---- DIB -------------------------------------------------------------- */

#define BI_RGB	     0u
#define BI_BITFIELDS 3u

/* BITMAPINFOHEADER and the V2 (masks), V3 (alpha), V4 and V5 headers. */
#define DIB_V1_SIZE 40u
#define DIB_V2_SIZE 52u
#define DIB_V3_SIZE 56u
#define DIB_V4_SIZE 108u
#define DIB_V5_SIZE 124u

/* Field offsets in the header. */
#define DIB_WIDTH	4
#define DIB_HEIGHT	8
#define DIB_PLANES	12
#define DIB_BIT_COUNT	14
#define DIB_COMPRESSION 16
#define DIB_SIZE_IMAGE	20
#define DIB_CLR_USED	32
#define DIB_RED_MASK	40
#define DIB_ALPHA_MASK	52

/* A colour channel inside a 16- or 32-bit pixel. */
struct dib_channel {
	uint32_t mask;
	unsigned int shift;
	unsigned int bits; /* 0: the channel is absent */
};

struct dib_info {
	uint32_t header_size;
	uint32_t width;
	uint32_t height; /* rows */
	bool top_down;
	unsigned int bpp;
	uint32_t compression;
	uint32_t n_colors;   /* colour-table entries */
	size_t masks_size;   /* BI_BITFIELDS masks after a 40-byte header */
	size_t table_offset; /* the colour table, from the header's start */
	size_t pixel_offset; /* the pixels, in a packed DIB */
	size_t stride;	     /* bytes per row, a multiple of 4 */
	size_t pixel_size;
	struct dib_channel red, green, blue, alpha;
};

static bool dib_header_size_known(uint32_t size)
{
	return size == DIB_V1_SIZE || size == DIB_V2_SIZE ||
	       size == DIB_V3_SIZE || size == DIB_V4_SIZE ||
	       size == DIB_V5_SIZE;
}

static bool dib_bpp_known(unsigned int bpp)
{
	return bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 ||
	       bpp == 32;
}

/* A channel mask must be one run of bits inside the pixel. */
static int dib_channel_init(struct dib_channel *ch, uint32_t mask,
			    unsigned int bpp, bool optional)
{
	uint32_t run;

	memset(ch, 0, sizeof(*ch));
	if (!mask)
		return optional ? 0 : -EINVAL;
	if (bpp < 32 && mask >> bpp)
		return -EINVAL;
	ch->shift = (unsigned int)__builtin_ctz(mask);
	ch->bits = (unsigned int)__builtin_popcount(mask);
	run = mask >> ch->shift;
	if (run & (run + 1))
		return -EINVAL;
	ch->mask = mask;
	return 0;
}

/*
 * The channel masks: implied by BI_RGB (5-5-5 for 16 bits, the 4th byte
 * as alpha for 32), or given for BI_BITFIELDS, after a 40-byte header or
 * inside a V2+ header (alpha from V3 on).
 */
static int dib_read_masks(const guint8 *dib, size_t len, struct dib_info *info)
{
	uint32_t r = 0, g = 0, b = 0, a = 0;
	int rc;

	info->masks_size = 0;
	if (info->compression == BI_RGB) {
		if (info->bpp == 16) {
			r = 0x7C00;
			g = 0x03E0;
			b = 0x001F;
		} else if (info->bpp == 32) {
			r = 0x00FF0000;
			g = 0x0000FF00;
			b = 0x000000FF;
			a = 0xFF000000;
		} else {
			return 0;
		}
	} else {
		if (info->bpp != 16 && info->bpp != 32)
			return -EINVAL;
		if (info->header_size == DIB_V1_SIZE) {
			info->masks_size = 12;
			if (len < DIB_V1_SIZE + info->masks_size)
				return -EINVAL;
		}
		r = get_le32(dib + DIB_RED_MASK);
		g = get_le32(dib + DIB_RED_MASK + 4);
		b = get_le32(dib + DIB_RED_MASK + 8);
		if (info->header_size >= DIB_V3_SIZE)
			a = get_le32(dib + DIB_ALPHA_MASK);
	}
	rc = dib_channel_init(&info->red, r, info->bpp, false);
	if (!rc)
		rc = dib_channel_init(&info->green, g, info->bpp, false);
	if (!rc)
		rc = dib_channel_init(&info->blue, b, info->bpp, false);
	if (!rc)
		rc = dib_channel_init(&info->alpha, a, info->bpp, true);
	return rc;
}

/*
 * The colour table: biClrUsed entries, or 2^bpp when that is 0 for up to
 * 8 bits per pixel.  More than 256 entries (or more than 2^bpp) is not a
 * DIB anyone writes.
 */
static int dib_count_colors(uint32_t clr_used, struct dib_info *info)
{
	if (info->bpp <= 8) {
		uint32_t most = 1u << info->bpp;

		if (clr_used > most)
			return -EINVAL;
		info->n_colors = clr_used ? clr_used : most;
	} else {
		if (clr_used > 256)
			return -EINVAL;
		info->n_colors = clr_used;
	}
	return 0;
}

/* The row stride, the pixel array's size and where it starts. */
static int dib_measure(struct dib_info *info)
{
	uint64_t row_bits = (uint64_t)info->width * info->bpp;
	uint64_t stride = (row_bits + 31) / 32 * 4;

	if (stride > SIZE_MAX)
		return -EINVAL;
	info->stride = (size_t)stride;
	if (__builtin_mul_overflow(info->stride, (size_t)info->height,
				   &info->pixel_size))
		return -EINVAL;
	info->table_offset = info->header_size + info->masks_size;
	info->pixel_offset = info->table_offset + (size_t)info->n_colors * 4;
	return 0;
}

/*
 * Reads and checks a DIB header: a known header size, positive width, a
 * height that is not 0 (negative: top-down), one plane, a known depth,
 * BI_RGB or BI_BITFIELDS, sane masks and colour count, and the header,
 * masks and colour table inside @len bytes.  The pixels are the caller's
 * to check: in a BMP file they need not follow the colour table.
 */
static int dib_parse(const guint8 *dib, size_t len, struct dib_info *info)
{
	int32_t width, height;
	int rc;

	memset(info, 0, sizeof(*info));
	if (len < 4)
		return -EINVAL;
	info->header_size = get_le32(dib);
	if (!dib_header_size_known(info->header_size) ||
	    len < info->header_size)
		return -EINVAL;
	width = (int32_t)get_le32(dib + DIB_WIDTH);
	height = (int32_t)get_le32(dib + DIB_HEIGHT);
	if (width <= 0 || height == 0 || height == INT32_MIN ||
	    get_le16(dib + DIB_PLANES) != 1)
		return -EINVAL;
	info->width = (uint32_t)width;
	info->top_down = height < 0;
	info->height = (uint32_t)(height < 0 ? -height : height);
	info->bpp = get_le16(dib + DIB_BIT_COUNT);
	info->compression = get_le32(dib + DIB_COMPRESSION);
	if (!dib_bpp_known(info->bpp) ||
	    (info->compression != BI_RGB && info->compression != BI_BITFIELDS))
		return -EINVAL;
	rc = dib_read_masks(dib, len, info);
	if (!rc)
		rc = dib_count_colors(get_le32(dib + DIB_CLR_USED), info);
	if (!rc)
		rc = dib_measure(info);
	if (!rc && info->pixel_offset > len)
		rc = -EINVAL;
	return rc;
}

/* Parses a packed DIB, whose pixels follow its colour table. */
static int dib_parse_packed(const guint8 *dib, size_t len,
			    struct dib_info *info)
{
	int rc = dib_parse(dib, len, info);

	if (rc)
		return rc;
	if (info->pixel_size > len - info->pixel_offset)
		return -EINVAL;
	return 0;
}

/* Decoded pixels: R, G, B, A bytes, top row first, no padding. */
struct rgba_image {
	uint32_t width;
	uint32_t height;
	guint8 *pixels;
	bool has_alpha; /* some pixel is not opaque */
};

static guint8 dib_channel_value(const struct dib_channel *ch, uint32_t pixel)
{
	uint32_t value, most;

	if (!ch->bits)
		return 0xFF;
	value = (pixel & ch->mask) >> ch->shift;
	if (ch->bits >= 8)
		return (guint8)(value >> (ch->bits - 8));
	most = (1u << ch->bits) - 1;
	return (guint8)((value * 255 + most / 2) / most);
}

static int dib_decode_indexed_row(const struct dib_info *info,
				  const guint8 *table, const guint8 *row,
				  guint8 *rgba)
{
	unsigned int index_mask = (1u << info->bpp) - 1;
	uint32_t x;

	for (x = 0; x < info->width; x++, rgba += 4) {
		uint64_t bit = (uint64_t)x * info->bpp;
		unsigned int shift = 8 - info->bpp - (unsigned int)(bit % 8);
		unsigned int index = (row[bit / 8] >> shift) & index_mask;
		const guint8 *entry;

		if (index >= info->n_colors)
			return -EINVAL;
		entry = table + (size_t)index * 4;
		rgba[0] = entry[2];
		rgba[1] = entry[1];
		rgba[2] = entry[0];
		rgba[3] = 0xFF;
	}
	return 0;
}

static void dib_decode_bgr_row(const struct dib_info *info, const guint8 *row,
			       guint8 *rgba)
{
	uint32_t x;

	for (x = 0; x < info->width; x++, row += 3, rgba += 4) {
		rgba[0] = row[2];
		rgba[1] = row[1];
		rgba[2] = row[0];
		rgba[3] = 0xFF;
	}
}

static void dib_decode_masked_row(const struct dib_info *info,
				  const guint8 *row, guint8 *rgba)
{
	size_t step = info->bpp / 8;
	uint32_t x;

	for (x = 0; x < info->width; x++, row += step, rgba += 4) {
		uint32_t pixel = step == 2 ? get_le16(row) : get_le32(row);

		rgba[0] = dib_channel_value(&info->red, pixel);
		rgba[1] = dib_channel_value(&info->green, pixel);
		rgba[2] = dib_channel_value(&info->blue, pixel);
		rgba[3] = dib_channel_value(&info->alpha, pixel);
	}
}

static int dib_decode_row(const struct dib_info *info, const guint8 *table,
			  const guint8 *row, guint8 *rgba)
{
	if (info->bpp <= 8)
		return dib_decode_indexed_row(info, table, row, rgba);
	if (info->bpp == 24)
		dib_decode_bgr_row(info, row, rgba);
	else
		dib_decode_masked_row(info, row, rgba);
	return 0;
}

/*
 * An alpha channel that is 0 in every pixel is how 32-bit BI_RGB DIBs say
 * "no alpha" (Windows leaves the 4th byte 0), so such an image is made
 * opaque rather than invisible.
 */
static void rgba_settle_alpha(struct rgba_image *img, bool source_has_alpha)
{
	size_t n = (size_t)img->width * img->height;
	bool all_zero = true;
	size_t i;

	img->has_alpha = false;
	if (!source_has_alpha)
		return;
	for (i = 0; i < n; i++) {
		guint8 alpha = img->pixels[4 * i + 3];

		all_zero = all_zero && !alpha;
		img->has_alpha = img->has_alpha || alpha != 0xFF;
	}
	if (!all_zero)
		return;
	for (i = 0; i < n; i++)
		img->pixels[4 * i + 3] = 0xFF;
	img->has_alpha = false;
}

/* The size of @width x @height RGBA pixels, -EFBIG above @max_bytes. */
static int rgba_size(uint32_t width, uint32_t height, size_t max_bytes,
		     size_t *size)
{
	size_t n;

	if (__builtin_mul_overflow((size_t)width, (size_t)height, &n) ||
	    __builtin_mul_overflow(n, 4, size) || *size > max_bytes)
		return -EFBIG;
	return 0;
}

/* Decodes a parsed DIB whose pixel array starts at @pixels. */
static int dib_decode(const guint8 *dib, const struct dib_info *info,
		      const guint8 *pixels, size_t max_bytes,
		      struct rgba_image *img)
{
	size_t size, row_size = (size_t)info->width * 4;
	uint32_t y;
	int rc;

	rc = rgba_size(info->width, info->height, max_bytes, &size);
	if (rc)
		return rc;
	img->width = info->width;
	img->height = info->height;
	img->pixels = g_try_malloc(size);
	if (!img->pixels)
		return -ENOMEM;
	for (y = 0; y < info->height; y++) {
		uint32_t row = info->top_down ? y : info->height - 1 - y;

		rc = dib_decode_row(info, dib + info->table_offset,
				    pixels + (size_t)row * info->stride,
				    img->pixels + (size_t)y * row_size);
		if (rc) {
			g_clear_pointer(&img->pixels, g_free);
			return rc;
		}
	}
	rgba_settle_alpha(img, info->alpha.bits != 0);
	return 0;
}

/* The 40-byte header of a bottom-up 32-bit BI_RGB DIB. */
static void dib_write_header(guint8 *dib, uint32_t width, uint32_t height,
			     size_t pixel_size)
{
	memset(dib, 0, CLIP_DIB_HEADER_SIZE);
	put_le32(dib, CLIP_DIB_HEADER_SIZE);
	put_le32(dib + DIB_WIDTH, width);
	put_le32(dib + DIB_HEIGHT, height);
	put_le16(dib + DIB_PLANES, 1);
	put_le16(dib + DIB_BIT_COUNT, 32);
	put_le32(dib + DIB_COMPRESSION, BI_RGB);
	put_le32(dib + DIB_SIZE_IMAGE,
		 pixel_size <= UINT32_MAX ? (uint32_t)pixel_size : 0);
}

/* Decoded pixels as a bottom-up 32-bit BI_RGB DIB (B, G, R, A). */
static int rgba_to_dib(const struct rgba_image *img, size_t max_out, void **out,
		       size_t *out_len)
{
	size_t stride = (size_t)img->width * 4;
	size_t pixel_size = stride * img->height; /* checked by rgba_size() */
	size_t total;
	guint8 *buf;
	uint32_t x, y;
	int rc;

	if (__builtin_add_overflow(pixel_size, (size_t)CLIP_DIB_HEADER_SIZE,
				   &total))
		return -EFBIG;
	rc = alloc_result(total, max_out, &buf);
	if (rc)
		return rc;
	dib_write_header(buf, img->width, img->height, pixel_size);
	for (y = 0; y < img->height; y++) {
		const guint8 *src = img->pixels + (size_t)y * stride;
		guint8 *dst = buf + CLIP_DIB_HEADER_SIZE +
			      (size_t)(img->height - 1 - y) * stride;

		for (x = 0; x < img->width; x++, src += 4, dst += 4) {
			dst[0] = src[2];
			dst[1] = src[1];
			dst[2] = src[0];
			dst[3] = src[3];
		}
	}
	*out = buf;
	*out_len = total;
	return 0;
}

/* ---- BMP -------------------------------------------------------------- */

int clip_dib_to_bmp(const void *data, size_t len, size_t max_out, void **out,
		    size_t *out_len)
{
	struct dib_info info;
	guint8 *buf;
	size_t total;
	int rc;

	rc = begin_conversion(data, len, out, out_len);
	if (!rc)
		rc = dib_parse_packed(data, len, &info);
	if (rc)
		return rc;
	/* The file header holds the file size in 32 bits. */
	if (len > UINT32_MAX - CLIP_BMP_FILE_HEADER_SIZE)
		return -EFBIG;
	total = CLIP_BMP_FILE_HEADER_SIZE + len;
	rc = alloc_result(total, max_out, &buf);
	if (rc)
		return rc;
	buf[0] = 'B';
	buf[1] = 'M';
	put_le32(buf + 2, (uint32_t)total);
	put_le32(buf + 6, 0);
	put_le32(buf + 10,
		 (uint32_t)(CLIP_BMP_FILE_HEADER_SIZE + info.pixel_offset));
	memcpy(buf + CLIP_BMP_FILE_HEADER_SIZE, data, len);
	*out = buf;
	*out_len = total;
	return 0;
}

/*
 * Whether a DIB is in the form every VirtualBox host reads as it is.  The
 * upstream hosts turn a DIB into a BMP by assuming a 40-byte header and
 * biClrUsed colour entries, nothing else (no masks, no 2^bpp default).
 */
static bool dib_is_host_ready(const struct dib_info *info)
{
	return info->header_size == DIB_V1_SIZE && info->compression == BI_RGB;
}

/* A host-ready DIB, packed: header, colour table, then the pixels. */
static int dib_repack(const guint8 *dib, const struct dib_info *info,
		      const guint8 *pixels, size_t max_out, void **out,
		      size_t *out_len)
{
	size_t total = info->pixel_offset + info->pixel_size;
	guint8 *buf;
	int rc;

	rc = alloc_result(total, max_out, &buf);
	if (rc)
		return rc;
	memcpy(buf, dib, info->pixel_offset);
	/* Say how big the colour table is rather than imply it. */
	put_le32(buf + DIB_CLR_USED, info->n_colors);
	memcpy(buf + info->pixel_offset, pixels, info->pixel_size);
	*out = buf;
	*out_len = total;
	return 0;
}

int clip_bmp_to_dib(const void *data, size_t len, size_t max_out, void **out,
		    size_t *out_len)
{
	const guint8 *bmp = data;
	const guint8 *dib;
	struct rgba_image img = { 0 };
	struct dib_info info;
	uint32_t pixel_offset;
	int rc;

	rc = begin_conversion(data, len, out, out_len);
	if (rc)
		return rc;
	if (len < CLIP_BMP_FILE_HEADER_SIZE || bmp[0] != 'B' || bmp[1] != 'M')
		return -EINVAL;
	/* The file-size field is not trusted: the pixels have to be there. */
	dib = bmp + CLIP_BMP_FILE_HEADER_SIZE;
	rc = dib_parse(dib, len - CLIP_BMP_FILE_HEADER_SIZE, &info);
	if (rc)
		return rc;
	pixel_offset = get_le32(bmp + 10);
	if (pixel_offset < CLIP_BMP_FILE_HEADER_SIZE + info.pixel_offset ||
	    pixel_offset > len || info.pixel_size > len - pixel_offset)
		return -EINVAL;
	if (dib_is_host_ready(&info))
		return dib_repack(dib, &info, bmp + pixel_offset, max_out, out,
				  out_len);
	rc = dib_decode(dib, &info, bmp + pixel_offset, max_out, &img);
	if (rc)
		return rc;
	rc = rgba_to_dib(&img, max_out, out, out_len);
	g_free(img.pixels);
	return rc;
}

/* ---- PNG -------------------------------------------------------------- */

/* Makes RGBA pixels RGB, in place. */
static void rgba_drop_alpha(struct rgba_image *img)
{
	size_t n = (size_t)img->width * img->height;
	size_t i;

	/* Each pixel moves down, never onto one not yet moved. */
	for (i = 0; i < n; i++) {
		img->pixels[3 * i] = img->pixels[4 * i];
		img->pixels[3 * i + 1] = img->pixels[4 * i + 1];
		img->pixels[3 * i + 2] = img->pixels[4 * i + 2];
	}
}

/*
 * The buffer to give png_image_write_to_memory(): libpng's worst case for
 * this image if that is smaller than @max_out, else @max_out (a result
 * that does not fit is refused anyway).
 */
static size_t png_output_room(const png_image *png, size_t raw_size,
			      size_t max_out)
{
	png_alloc_size_t worst = PNG_IMAGE_PNG_SIZE_MAX(*png);

	if (worst >= raw_size && worst < max_out)
		return worst;
	return max_out < G_MAXSIZE ? max_out : G_MAXSIZE - 1;
}

/* Encodes decoded pixels as PNG; RGB when the image is opaque. */
static int png_encode(struct rgba_image *img, size_t max_out, void **out,
		      size_t *out_len)
{
	png_image png;
	png_alloc_size_t written;
	size_t room;
	guint8 *buf;
	int ok;

	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	png.width = img->width;
	png.height = img->height;
	png.format = img->has_alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
	if (!img->has_alpha)
		rgba_drop_alpha(img);
	room = png_output_room(&png, (size_t)img->width * img->height * 3,
			       max_out);
	buf = g_try_malloc(room + 1);
	if (!buf)
		return -ENOMEM;
	written = room;
	ok = png_image_write_to_memory(&png, buf, &written, 0, img->pixels, 0,
				       NULL);
	png_image_free(&png);
	if (!ok) {
		g_free(buf);
		return written > room ? -EFBIG : -EIO;
	}
	buf[written] = 0;
	*out = g_realloc(buf, written + 1);
	*out_len = written;
	return 0;
}

int clip_dib_to_png(const void *data, size_t len, size_t max_out, void **out,
		    size_t *out_len)
{
	struct rgba_image img = { 0 };
	struct dib_info info;
	int rc;

	rc = begin_conversion(data, len, out, out_len);
	if (!rc)
		rc = dib_parse_packed(data, len, &info);
	if (!rc)
		rc = dib_decode(data, &info,
				(const guint8 *)data + info.pixel_offset,
				max_out, &img);
	if (rc)
		return rc;
	rc = png_encode(&img, max_out, out, out_len);
	g_free(img.pixels);
	return rc;
}

/*
 * Checks the size a PNG header announces before anything is decoded: the
 * DIB it becomes must fit in @max_out, and its rows in libpng's signed
 * 32-bit row stride.
 */
static int png_dib_size(const png_image *png, size_t max_out, size_t *stride,
			size_t *total)
{
	size_t pixel_size;
	int rc;

	if (png->width > INT32_MAX / 4 || png->height > INT32_MAX)
		return -EFBIG;
	rc = rgba_size(png->width, png->height, max_out, &pixel_size);
	if (rc)
		return rc;
	if (__builtin_add_overflow(pixel_size, (size_t)CLIP_DIB_HEADER_SIZE,
				   total) ||
	    *total > max_out)
		return -EFBIG;
	*stride = (size_t)png->width * 4;
	return 0;
}

int clip_png_to_dib(const void *data, size_t len, size_t max_out, void **out,
		    size_t *out_len)
{
	png_image png;
	size_t stride = 0, total = 0;
	guint8 *buf = NULL;
	int rc;

	rc = begin_conversion(data, len, out, out_len);
	if (rc)
		return rc;
	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&png, data, len))
		return -EINVAL;
	/* Most 16-bit files without gAMA/sRGB come from sRGB tools. */
	png.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
	png.format = PNG_FORMAT_BGRA;
	rc = png_dib_size(&png, max_out, &stride, &total);
	if (!rc)
		rc = alloc_result(total, max_out, &buf);
	if (rc) {
		png_image_free(&png);
		return rc;
	}
	dib_write_header(buf, png.width, png.height,
			 total - CLIP_DIB_HEADER_SIZE);
	/* A negative stride stores the bottom row first: a bottom-up DIB. */
	if (!png_image_finish_read(&png, NULL, buf + CLIP_DIB_HEADER_SIZE,
				   -(png_int_32)stride, NULL)) {
		png_image_free(&png);
		g_free(buf);
		return -EINVAL;
	}
	*out = buf;
	*out_len = total;
	return 0;
}

/* ---- the X11 target table --------------------------------------------- */

/*
 * Listed in the order the agent offers them in TARGETS; entries that are
 * not offered are only understood when a client offers or asks for them.
 * Preferences rank targets of one VBox format when reading from X11 (see
 * clip_choose_targets() in clip_convert.h for the reasons).
 *
 * Not here: application/x-moz-nativehtml, which the upstream table maps to
 * HTML.  It is Mozilla's name for CF_HTML, the Windows format with a
 * "Version:/StartHTML:" offset header, not the raw HTML the host expects;
 * Firefox offers text/html next to it anyway.
 */
static const struct clip_target clip_target_table[] = {
	{ .name = "UTF8_STRING",
	  .vbox_format = VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  .conversion = CLIP_CONV_UTF8,
	  .preference = 4,
	  .offered = true },
	{ .name = "text/plain;charset=utf-8",
	  .vbox_format = VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  .conversion = CLIP_CONV_UTF8,
	  .preference = 4,
	  .offered = true },
	{ .name = "STRING",
	  .vbox_format = VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  .conversion = CLIP_CONV_LATIN1,
	  .preference = 2,
	  .offered = true },
	/* ICCCM: the owner picks TEXT's encoding and replies with its type. */
	{ .name = "TEXT",
	  .reply_type = "UTF8_STRING",
	  .vbox_format = VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  .conversion = CLIP_CONV_UTF8,
	  .preference = 1,
	  .offered = true },
	{ .name = "text/plain",
	  .vbox_format = VBGL_CLIPBOARD_FMT_UNICODETEXT,
	  .conversion = CLIP_CONV_UTF8,
	  .preference = 3,
	  .offered = true },
	{ .name = "text/html",
	  .vbox_format = VBGL_CLIPBOARD_FMT_HTML,
	  .conversion = CLIP_CONV_HTML,
	  .preference = 2,
	  .offered = true },
	{ .name = "image/png",
	  .vbox_format = VBGL_CLIPBOARD_FMT_BITMAP,
	  .conversion = CLIP_CONV_PNG,
	  .preference = 2,
	  .offered = true },
	{ .name = "image/bmp",
	  .vbox_format = VBGL_CLIPBOARD_FMT_BITMAP,
	  .conversion = CLIP_CONV_BMP,
	  .preference = 1,
	  .offered = true },
	{ .name = "text/html;charset=utf-8",
	  .vbox_format = VBGL_CLIPBOARD_FMT_HTML,
	  .conversion = CLIP_CONV_HTML,
	  .preference = 1 },
	{ .name = "image/x-bmp",
	  .vbox_format = VBGL_CLIPBOARD_FMT_BITMAP,
	  .conversion = CLIP_CONV_BMP,
	  .preference = 1 },
	{ .name = "image/x-ms-bmp",
	  .vbox_format = VBGL_CLIPBOARD_FMT_BITMAP,
	  .conversion = CLIP_CONV_BMP,
	  .preference = 1 },
};

static bool target_name_matches(const char *entry, const char *name)
{
	if (strchr(entry, '/'))
		return g_ascii_strcasecmp(entry, name) == 0;
	return strcmp(entry, name) == 0;
}

const struct clip_target *clip_target_lookup(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < G_N_ELEMENTS(clip_target_table); i++) {
		if (target_name_matches(clip_target_table[i].name, name))
			return &clip_target_table[i];
	}
	return NULL;
}

size_t clip_targets_offered(uint32_t vbox_formats,
			    const struct clip_target **targets, size_t n_max)
{
	size_t i, n = 0;

	for (i = 0; i < G_N_ELEMENTS(clip_target_table) && n < n_max; i++) {
		const struct clip_target *t = &clip_target_table[i];

		if (t->offered && (t->vbox_format & vbox_formats))
			targets[n++] = t;
	}
	return n;
}

static const struct clip_target **choice_slot(struct clip_choice *choice,
					      uint32_t vbox_format)
{
	switch (vbox_format) {
	case VBGL_CLIPBOARD_FMT_UNICODETEXT:
		return &choice->text;
	case VBGL_CLIPBOARD_FMT_BITMAP:
		return &choice->bitmap;
	case VBGL_CLIPBOARD_FMT_HTML:
		return &choice->html;
	default:
		return NULL;
	}
}

uint32_t clip_choose_targets(const char *const *names, size_t n_names,
			     struct clip_choice *choice)
{
	uint32_t found = 0;
	size_t i;

	memset(choice, 0, sizeof(*choice));
	for (i = 0; names && i < n_names; i++) {
		const struct clip_target *t = clip_target_lookup(names[i]);
		const struct clip_target **slot;

		if (!t)
			continue;
		slot = choice_slot(choice, t->vbox_format);
		if (!*slot || t->preference > (*slot)->preference)
			*slot = t;
		found |= t->vbox_format;
	}
	return found;
}

const struct clip_target *clip_choice_get(const struct clip_choice *choice,
					  uint32_t vbox_format)
{
	switch (vbox_format) {
	case VBGL_CLIPBOARD_FMT_UNICODETEXT:
		return choice->text;
	case VBGL_CLIPBOARD_FMT_BITMAP:
		return choice->bitmap;
	case VBGL_CLIPBOARD_FMT_HTML:
		return choice->html;
	default:
		return NULL;
	}
}

/* ---- dispatch --------------------------------------------------------- */

int clip_convert_x11_to_host(enum clip_conversion conversion, const void *data,
			     size_t len, size_t max_out, void **out,
			     size_t *out_len)
{
	switch (conversion) {
	case CLIP_CONV_UTF8:
	case CLIP_CONV_LATIN1:
		return clip_text_x11_to_host(data, len, max_out, out, out_len);
	case CLIP_CONV_HTML:
		return clip_html_x11_to_host(data, len, max_out, out, out_len);
	case CLIP_CONV_PNG:
		return clip_png_to_dib(data, len, max_out, out, out_len);
	case CLIP_CONV_BMP:
		return clip_bmp_to_dib(data, len, max_out, out, out_len);
	default:
		return refuse_conversion(out, out_len);
	}
}

int clip_convert_host_to_x11(enum clip_conversion conversion, const void *data,
			     size_t len, size_t max_out, void **out,
			     size_t *out_len)
{
	switch (conversion) {
	case CLIP_CONV_UTF8:
		return clip_text_host_to_utf8(data, len, max_out, out, out_len);
	case CLIP_CONV_LATIN1:
		return clip_text_host_to_latin1(data, len, max_out, out,
						out_len);
	case CLIP_CONV_HTML:
		return clip_html_host_to_x11(data, len, max_out, out, out_len);
	case CLIP_CONV_PNG:
		return clip_dib_to_png(data, len, max_out, out, out_len);
	case CLIP_CONV_BMP:
		return clip_dib_to_bmp(data, len, max_out, out, out_len);
	default:
		return refuse_conversion(out, out_len);
	}
}
