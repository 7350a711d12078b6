/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-clipboard's conversion layer: pure functions between what X11
 * clients put in a selection and what the VirtualBox host expects on the
 * wire, plus the table of X11 targets.  No Xlib, no main loop: unit tests
 * and the fuzzer call these directly.
 *
 * Every converter takes hostile input.  On success it returns 0 and
 * stores a g_malloc'd buffer in *out (free it with g_free) and its length
 * in *out_len; the buffer always has one NUL byte after *out_len bytes,
 * not counted, so text can be used as a C string.  On failure it returns
 * a negative errno and sets *out to NULL and *out_len to 0:
 *  -EINVAL	the input is malformed
 *  -EFBIG	the result (or, for images, the decoded pixels) would be
 *		larger than @max_out bytes
 *  -ENOMEM	an allocation failed
 *  -EIO	libpng failed to encode an image
 *
 * Text rules, in both directions:
 *  - Text ends at the first NUL (byte for X11 text, code unit for the
 *    host's UTF-16).
 *  - Byte-order marks (U+FEFF) at the start are dropped.
 *  - X11 -> host: every LF that does not follow a CR becomes CR LF; CR LF
 *    pairs and lone CRs are kept as they are, so nothing is doubled and
 *    the rule is idempotent.
 *  - host -> X11: every CR that comes right before an LF is dropped;
 *    lone CRs are kept.
 */
#ifndef CLIP_CONVERT_H
#define CLIP_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "services/vbox-clipboard/clip_formats.h"

/*
 * A sensible @max_out for the agent: large enough for a 4K screenshot as
 * a 32-bit DIB (about 32 MiB), small enough to keep one clipboard transfer
 * from eating the guest's memory.
 */
#define CLIP_MAX_DATA_DEFAULT (64u << 20)

/* The size of the file header that turns a DIB into a BMP file. */
#define CLIP_BMP_FILE_HEADER_SIZE 14u
/* The size of the DIB header clip_png_to_dib() writes. */
#define CLIP_DIB_HEADER_SIZE 40u

/**
 * clip_text_x11_to_host - X11 text to the host's UNICODETEXT.
 * @data: the bytes an X11 client sent: UTF-8, or if they are not valid
 *	UTF-8, Latin-1 (the rule for every text target, STRING included,
 *	because many clients send UTF-8 as STRING)
 * @len: their length
 * @max_out: the largest result accepted, in bytes
 * @out: the result: UTF-16LE with CRLF line ends and a terminating NUL
 *	code unit, which *out_len counts (empty text gives 2 bytes)
 * @out_len: its length in bytes
 *
 * Return: 0, -EINVAL (@data NULL with @len not 0), -EFBIG or -ENOMEM.
 */
int clip_text_x11_to_host(const void *data, size_t len, size_t max_out,
			  void **out, size_t *out_len);

/**
 * clip_text_host_to_utf8 - the host's UNICODETEXT to UTF-8 for X11.
 * @data: UTF-16LE, CRLF line ends, with or without a terminating NUL;
 *	a leading byte-order mark (the bytes FF FE) is dropped
 * @len: its length in bytes
 * @max_out: the largest result accepted, in bytes
 * @out: the result: UTF-8 with LF line ends, no NUL counted (empty input
 *	gives an empty result)
 * @out_len: its length in bytes
 *
 * Return: 0, -EINVAL (odd @len, an unpaired surrogate), -EFBIG or -ENOMEM.
 */
int clip_text_host_to_utf8(const void *data, size_t len, size_t max_out,
			   void **out, size_t *out_len);

/**
 * clip_text_host_to_latin1 - the host's UNICODETEXT to Latin-1 for the X11
 * target STRING.
 * @data: as for clip_text_host_to_utf8()
 * @len: its length in bytes
 * @max_out: the largest result accepted, in bytes
 * @out: the result: ISO 8859-1 with LF line ends; every character that
 *	Latin-1 lacks becomes '?'
 * @out_len: its length in bytes
 *
 * ICCCM defines STRING as Latin-1, and the clients that still ask for
 * STRING rather than UTF8_STRING (xterm without UTF-8, Motif and Xaw
 * programs) display what they get as Latin-1: UTF-8 would show "Ã©" for
 * "é".  The upstream VBoxClient sends UTF-8 for STRING.
 *
 * Return: 0, -EINVAL, -EFBIG or -ENOMEM, as clip_text_host_to_utf8().
 */
int clip_text_host_to_latin1(const void *data, size_t len, size_t max_out,
			     void **out, size_t *out_len);

/**
 * clip_html_x11_to_host - X11 HTML to the host's HTML format.
 * @data: what the X11 client sent: UTF-16 if it starts with a byte-order
 *	mark (LibreOffice sends UTF-16LE with one; FE FF selects
 *	big-endian), otherwise bytes that are passed on as they are
 * @len: its length in bytes
 * @max_out: the largest result accepted, in bytes
 * @out: the result: UTF-8 HTML (the byte-order mark dropped, UTF-16 input
 *	ending at its first NUL, trailing NUL bytes of byte input dropped)
 *	followed by one NUL byte, which *out_len counts
 * @out_len: its length in bytes
 *
 * Return: 0, -EINVAL (UTF-16 of odd length or with an unpaired
 * surrogate), -EFBIG or -ENOMEM.
 */
int clip_html_x11_to_host(const void *data, size_t len, size_t max_out,
			  void **out, size_t *out_len);

/**
 * clip_html_host_to_x11 - the host's HTML for X11.
 * @data: UTF-8 HTML, maybe NUL-terminated
 * @len: its length in bytes
 * @max_out: the largest result accepted, in bytes
 * @out: the same bytes without trailing NULs
 * @out_len: their length
 *
 * Return: 0, -EINVAL (@data NULL with @len not 0), -EFBIG or -ENOMEM.
 */
int clip_html_host_to_x11(const void *data, size_t len, size_t max_out,
			  void **out, size_t *out_len);

/**
 * clip_dib_to_bmp - the host's BITMAP (a DIB) to a BMP file.
 * @data: a DIB: BITMAPINFOHEADER (40 bytes) or its V2, V3, V4 or V5
 *	successor (52, 56, 108, 124 bytes), 1, 4, 8, 16, 24 or 32 bits per
 *	pixel, BI_RGB or (16 and 32 bits) BI_BITFIELDS, bottom-up or
 *	top-down, the colour table and masks right after the header and
 *	the pixels right after them
 * @len: its length in bytes
 * @max_out: the largest result accepted, in bytes
 * @out: the BMP file: a 14-byte file header ("BM", file size, pixel
 *	offset) followed by the whole DIB
 * @out_len: its length
 *
 * Return: 0, -EINVAL (a truncated or unsupported header, RLE or other
 * compression, a pixel array longer than the data), -EFBIG or -ENOMEM.
 */
int clip_dib_to_bmp(const void *data, size_t len, size_t max_out, void **out,
		    size_t *out_len);

/**
 * clip_bmp_to_dib - a BMP file from X11 to the host's BITMAP.
 * @data: a BMP file, its DIB as clip_dib_to_bmp() accepts, the pixels
 *	where the file header's pixel offset says
 * @len: its length in bytes
 * @max_out: the largest result accepted, in bytes
 * @out: a packed DIB in a form every VirtualBox host reads: a DIB with a
 *	40-byte header and BI_RGB is kept (any gap before the pixels
 *	removed, a palette's size written into biClrUsed); any other DIB
 *	(BI_BITFIELDS, a V2-V5 header) becomes a bottom-up 32-bit BI_RGB DIB
 *	with the same pixels, because the upstream hosts' DIB-to-BMP code
 *	accepts only a 40-byte header and ignores masks
 * @out_len: its length
 *
 * Return: 0, -EINVAL (no "BM", a pixel offset outside the file, a DIB
 * that clip_dib_to_bmp() refuses, or when the DIB is rewritten a palette
 * index outside its colour table), -EFBIG or -ENOMEM.
 */
int clip_bmp_to_dib(const void *data, size_t len, size_t max_out, void **out,
		    size_t *out_len);

/**
 * clip_dib_to_png - the host's BITMAP (a DIB) to a PNG file for X11.
 * @data: a DIB as clip_dib_to_bmp() accepts
 * @len: its length in bytes
 * @max_out: the largest result accepted, in bytes; it also caps the
 *	decoded pixels (4 bytes each)
 * @out: a PNG file, RGBA if the image has transparency, otherwise RGB
 * @out_len: its length
 *
 * Alpha: 32-bit BI_RGB pixels carry alpha in their 4th byte, BI_BITFIELDS
 * pixels in the alpha mask of a V3-V5 header; straight (not
 * premultiplied) alpha.  An alpha channel that is 0 everywhere is the
 * Windows convention for "no alpha" and gives an opaque image.
 *
 * Return: 0, -EINVAL (as clip_dib_to_bmp(), or a palette index outside
 * the colour table), -EFBIG, -ENOMEM or -EIO.
 */
int clip_dib_to_png(const void *data, size_t len, size_t max_out, void **out,
		    size_t *out_len);

/**
 * clip_png_to_dib - a PNG file from X11 to the host's BITMAP.
 * @data: a PNG file of any colour type and bit depth (libpng expands
 *	palettes, grey and 16-bit samples; 16-bit files without gamma
 *	information are taken to be sRGB)
 * @len: its length in bytes
 * @max_out: the largest result accepted, in bytes; the image size is
 *	checked against it before anything is decoded, so a small file that
 *	claims a huge image (a PNG bomb) is refused
 * @out: a bottom-up 32-bit BI_RGB DIB with a 40-byte header: B, G, R and
 *	straight alpha per pixel (255 where the PNG has no alpha)
 * @out_len: its length
 *
 * Return: 0, -EINVAL (not a PNG, truncated or corrupt), -EFBIG or -ENOMEM.
 */
int clip_png_to_dib(const void *data, size_t len, size_t max_out, void **out,
		    size_t *out_len);

/* What a target's data needs on its way to or from the host. */
enum clip_conversion {
	CLIP_CONV_NONE = 0,
	CLIP_CONV_UTF8,	  /* UTF-8 text <-> UNICODETEXT */
	CLIP_CONV_LATIN1, /* STRING: Latin-1 out, UTF-8 or Latin-1 in */
	CLIP_CONV_HTML,	  /* HTML <-> HTML */
	CLIP_CONV_PNG,	  /* PNG <-> BITMAP */
	CLIP_CONV_BMP,	  /* BMP <-> BITMAP */
};

/* One X11 target the agent understands. */
struct clip_target {
	const char *name;	/* the atom's name */
	const char *reply_type; /* the type to reply with; NULL: @name */
	uint32_t vbox_format;	/* VBOX_SHCL_FMT_* */
	enum clip_conversion conversion;
	unsigned int preference; /* higher wins when reading from X11 */
	bool offered;		 /* listed in the agent's TARGETS */
};

/* The most targets clip_targets_offered() returns. */
#define CLIP_TARGETS_OFFERED_MAX 8u

/**
 * clip_target_lookup - the table entry for an X11 target name.
 * @name: the atom's name; MIME type names (those with a '/') compare
 *	without regard to ASCII case, as RFC 2045 says, other names exactly
 *
 * Return: the entry, or NULL for a target the agent does not handle
 * (NULL @name included).
 */
const struct clip_target *clip_target_lookup(const char *name);

/**
 * clip_targets_offered - the targets to list in TARGETS when the host
 * offers @vbox_formats, in the order to list them.
 * @vbox_formats: a mask of VBOX_SHCL_FMT_* bits
 * @targets: filled with up to @n_max entries
 * @n_max: the room in @targets (CLIP_TARGETS_OFFERED_MAX is enough)
 *
 * The order: UTF8_STRING, text/plain;charset=utf-8, STRING, TEXT,
 * text/plain, text/html, image/png, image/bmp.  TARGETS, MULTIPLE and
 * TIMESTAMP are the X11 side's business and not included.
 *
 * Return: the number of entries stored.
 */
size_t clip_targets_offered(uint32_t vbox_formats,
			    const struct clip_target **targets, size_t n_max);

/* The target to read from X11 for each VBox format, NULL if none. */
struct clip_choice {
	const struct clip_target *text;
	const struct clip_target *bitmap;
	const struct clip_target *html;
};

/**
 * clip_choose_targets - pick, from the targets an X11 owner offers, the
 * best one for each VBox format.
 * @names: the names of the offered targets (NULL entries are skipped)
 * @n_names: how many there are
 * @choice: filled in
 *
 * The best target has the highest preference; of equal ones the first
 * offered wins.  Text: UTF8_STRING and text/plain;charset=utf-8, then
 * text/plain (UTF-8 in practice), then STRING (Latin-1, so it loses
 * characters), then TEXT (the owner may answer in COMPOUND_TEXT, which the
 * agent does not decode).  Images: image/png before BMP, because every
 * toolkit offers PNG, it keeps alpha, and it is one well-defined format
 * where BMP comes in many header versions, some of which hosts refuse.
 * HTML: text/html.
 *
 * Return: the mask of VBOX_SHCL_FMT_* bits that have a target.
 */
uint32_t clip_choose_targets(const char *const *names, size_t n_names,
			     struct clip_choice *choice);

/**
 * clip_choice_get - the chosen target for one VBox format.
 * @choice: as filled by clip_choose_targets()
 * @vbox_format: one VBOX_SHCL_FMT_* bit
 *
 * Return: the target, or NULL if there is none or @vbox_format is not one
 * of the three supported bits.
 */
const struct clip_target *clip_choice_get(const struct clip_choice *choice,
					  uint32_t vbox_format);

/**
 * clip_convert_x11_to_host - convert a target's data for the host.
 * @conversion: the target's conversion
 * @data: the data the X11 owner sent
 * @len: its length
 * @max_out: the largest result accepted, in bytes
 * @out: the data in the host's format (see the functions above)
 * @out_len: its length
 *
 * Return: as the converter for @conversion; -EINVAL for CLIP_CONV_NONE or
 * an unknown value.
 */
int clip_convert_x11_to_host(enum clip_conversion conversion, const void *data,
			     size_t len, size_t max_out, void **out,
			     size_t *out_len);

/**
 * clip_convert_host_to_x11 - convert the host's data for a target.
 * @conversion: the target's conversion
 * @data: the data in the host's format
 * @len: its length
 * @max_out: the largest result accepted, in bytes
 * @out: the data for the X11 requestor
 * @out_len: its length
 *
 * Return: as the converter for @conversion; -EINVAL for CLIP_CONV_NONE or
 * an unknown value.
 */
int clip_convert_host_to_x11(enum clip_conversion conversion, const void *data,
			     size_t len, size_t max_out, void **out,
			     size_t *out_len);

#endif /* CLIP_CONVERT_H */
