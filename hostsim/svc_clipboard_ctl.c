// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `vbox-hostsim ctl clipboard ...`: the host user's side of the shared
 * clipboard (documented in vbox-hostsim(1)), both halves: the commands the
 * simulator runs and what the ctl client does before and after.
 *
 *   clipboard set [--text FILE] [--html FILE] [--bitmap FILE]
 *		  [--raw-text|--raw-html|--raw-bitmap FILE] [--claim-size N]
 *	The client reads each FILE ("-": standard input) and sends its bytes
 *	base64-encoded in place of the name.  The simulator stores text
 *	(UTF-8) as UTF-16LE with CRLF line ends and a NUL, HTML (UTF-8) with
 *	a NUL appended, and a BMP file as the DIB after its file header;
 *	--raw-* bytes as they are.  With --claim-size the host's DATA_READ
 *	replies report N bytes whatever the data's size (testing aids: a
 *	hostile host).
 *   clipboard clear
 *   clipboard formats
 *	-> one line per format the guest offers: " text", " bitmap", " html"
 *   clipboard get --format text|html|bitmap [--output FILE]
 *	-> one line " size: N", then right after its newline exactly N
 *	   bytes of data and a newline (the one binary body of the
 *	   protocol: no encoding to pay for on a large paste); the client
 *	   writes the bytes to FILE or standard output: text as UTF-8 with
 *	   LF line ends, HTML as it came without its NUL, a bitmap as a BMP
 *	   file.
 *   clipboard mode [off|host-to-guest|guest-to-host|bidirectional]
 *	-> " mode: MODE" without an argument
 *
 * The conversions use GLib for the text and a small BMP file header of
 * their own; the guest agents' converters live apart, in their programs.
 */
#include "config.h"

#include "hostsim/svc_clipboard.h"
#include "libvbglr3/vbgl_clipboard_wire.h"
#include "libvbglr3/vbgl_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The BMP file header: "BM", u32 file size, 4 reserved, u32 data offset. */
#define BMP_FILE_HEADER 14u
/* The smallest DIB header this host converts (BITMAPINFOHEADER). */
#define DIB_INFO_HEADER	      40u
#define DIB_BI_BITFIELDS      3u
#define DIB_BI_ALPHABITFIELDS 6u

/* The options of `set` that name a FILE: a format (its bit number) and
 * whether the bytes are stored as they are (--raw-*, a testing aid). */
static const struct set_option {
	const char *name;
	unsigned int idx;
	bool raw;
} set_options[] = {
	{ "--text", 0, false },	     { "--bitmap", 1, false },
	{ "--html", 2, false },	     { "--raw-text", 0, true },
	{ "--raw-bitmap", 1, true }, { "--raw-html", 2, true },
};

#define SET_CLAIM_OPTION "--claim-size"
#define SET_USAGE                                                           \
	"usage: clipboard set [--text FILE] [--html FILE] [--bitmap FILE] " \
	"[--raw-text|--raw-html|--raw-bitmap FILE] [--claim-size BYTES]"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* ---- conversions ----------------------------------------------------------
 */

/* UTF-8 with LF (or CRLF) line ends -> UTF-16LE, CRLF, NUL. */
static GBytes *text_to_wire(const char *s, gsize len, char **err)
{
	g_autoptr(GString) crlf = g_string_sized_new(len + len / 8);
	g_autofree gunichar2 *u = NULL;
	glong i, units = 0;
	gsize j;

	if (!g_utf8_validate(s, (gssize)len, NULL)) {
		*err = g_strdup("the text is not UTF-8 (or holds a NUL byte)");
		return NULL;
	}
	for (j = 0; j < len; j++) {
		if (s[j] == '\n' && (j == 0 || s[j - 1] != '\r'))
			g_string_append_c(crlf, '\r');
		g_string_append_c(crlf, s[j]);
	}
	u = g_utf8_to_utf16(crlf->str, (glong)crlf->len, NULL, &units, NULL);
	if (!u) {
		*err = g_strdup("the text does not convert to UTF-16");
		return NULL;
	}
	for (i = 0; i < units; i++)
		u[i] = GUINT16_TO_LE(u[i]);
	/* g_utf8_to_utf16() terminates the string: the NUL goes along. */
	return g_bytes_new(u, ((gsize)units + 1) * sizeof(gunichar2));
}

/*
 * UTF-16LE up to its NUL, CRLF -> UTF-8 with LF.  On a little-endian
 * machine the wire's units are used where they lie (no copy); the CRs
 * before LFs are dropped in place.
 */
static GBytes *text_from_wire(GBytes *wire, char **err)
{
	gsize len, units, n, i;
	const uint8_t *p = g_bytes_get_data(wire, &len);
	g_autofree gunichar2 *copy = NULL;
	const gunichar2 *u;
	char *s, *o, *q, *end, *cr;
	glong out_len = 0;

	if (len % 2) {
		*err = g_strdup_printf(
			"the guest's text has an odd size (%zu bytes), not UTF-16",
			len);
		return NULL;
	}
	units = len / 2;
	if (G_BYTE_ORDER == G_LITTLE_ENDIAN &&
	    (uintptr_t)p % sizeof(gunichar2) == 0) {
		u = (const gunichar2 *)p;
	} else {
		copy = g_new(gunichar2, units + 1);
		for (i = 0; i < units; i++)
			copy[i] = (gunichar2)(p[2 * i] | p[2 * i + 1] << 8);
		u = copy;
	}
	for (n = 0; n < units && u[n]; n++)
		;
	s = g_utf16_to_utf8(u, (glong)n, NULL, &out_len, NULL);
	if (!s) {
		*err = g_strdup("the guest's text is not valid UTF-16");
		return NULL;
	}
	for (q = o = s, end = s + out_len;
	     (cr = memchr(q, '\r', (size_t)(end - q)));) {
		memmove(o, q, (size_t)(cr - q));
		o += cr - q;
		q = cr + 1;
		if (q == end || *q != '\n')
			*o++ = '\r';
	}
	memmove(o, q, (size_t)(end - q));
	o += end - q;
	return g_bytes_new_take(s, (gsize)(o - s));
}

/* HTML: UTF-8, stored with a NUL. */
static GBytes *html_to_wire(const char *s, gsize len, char **err)
{
	char *z;

	if (!g_utf8_validate(s, (gssize)len, NULL)) {
		*err = g_strdup("the HTML is not UTF-8 (or holds a NUL byte)");
		return NULL;
	}
	z = g_malloc(len + 1);
	memcpy(z, s, len);
	z[len] = '\0';
	return g_bytes_new_take(z, len + 1);
}

static GBytes *html_from_wire(GBytes *wire)
{
	gsize len;
	const char *p = g_bytes_get_data(wire, &len);

	while (len && p[len - 1] == '\0')
		len--;
	return g_bytes_new(p, len);
}

/* A BMP file -> its DIB, after checking the 14-byte file header. */
static GBytes *bmp_to_wire(const uint8_t *p, gsize len, char **err)
{
	uint32_t size, offset, dib_header;

	if (len < BMP_FILE_HEADER + 4 || p[0] != 'B' || p[1] != 'M') {
		*err = g_strdup(
			"the bitmap is not a BMP file (no \"BM\" header)");
		return NULL;
	}
	size = le32(p + 2);
	offset = le32(p + 10);
	dib_header = le32(p + BMP_FILE_HEADER);
	if (size != len) {
		*err = g_strdup_printf(
			"the BMP header says %u bytes, the file has %zu", size,
			len);
		return NULL;
	}
	if (dib_header < 12 || dib_header > len - BMP_FILE_HEADER) {
		*err = g_strdup_printf(
			"the BMP file's DIB header size %u does not fit the file",
			dib_header);
		return NULL;
	}
	if (offset < BMP_FILE_HEADER + dib_header || offset > len) {
		*err = g_strdup_printf(
			"the BMP pixel data offset %u lies outside the file",
			offset);
		return NULL;
	}
	return g_bytes_new(p + BMP_FILE_HEADER, len - BMP_FILE_HEADER);
}

/* Where a DIB's pixels start: header, bit-field masks, colour table. */
static bool dib_pixel_offset(const uint8_t *p, gsize len, uint64_t *offset)
{
	uint32_t header, compression, colours;
	uint16_t bpp;
	uint64_t masks = 0;

	if (len < DIB_INFO_HEADER)
		return false;
	header = le32(p);
	bpp = (uint16_t)(p[14] | p[15] << 8);
	compression = le32(p + 16);
	colours = le32(p + 32);
	if (header < DIB_INFO_HEADER || header > len)
		return false;
	if (!colours && bpp <= 8)
		colours = 1u << bpp;
	if (header == DIB_INFO_HEADER && compression == DIB_BI_BITFIELDS)
		masks = 12;
	else if (header == DIB_INFO_HEADER &&
		 compression == DIB_BI_ALPHABITFIELDS)
		masks = 16;
	*offset = header + masks + (uint64_t)colours * 4;
	return *offset <= len;
}

/* A DIB -> a BMP file, with the 14-byte file header in front. */
static GBytes *bmp_from_wire(GBytes *wire, char **err)
{
	gsize len;
	const uint8_t *p = g_bytes_get_data(wire, &len);
	uint64_t offset;
	uint8_t *bmp;

	if (!dib_pixel_offset(p, len, &offset) ||
	    len > UINT32_MAX - BMP_FILE_HEADER) {
		*err = g_strdup(
			"the guest's bitmap is not a DIB this host can convert (BITMAPINFOHEADER or later)");
		return NULL;
	}
	bmp = g_malloc0(len + BMP_FILE_HEADER);
	bmp[0] = 'B';
	bmp[1] = 'M';
	put_le32(bmp + 2, (uint32_t)(len + BMP_FILE_HEADER));
	put_le32(bmp + 10, (uint32_t)(offset + BMP_FILE_HEADER));
	memcpy(bmp + BMP_FILE_HEADER, p, len);
	return g_bytes_new_take(bmp, len + BMP_FILE_HEADER);
}

/* ---- the simulator's commands ---------------------------------------------
 */

static bool base64_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* Strict base64: the alphabet, padding at the end only, whole quanta. */
static bool base64_valid(const char *s)
{
	size_t len = strlen(s), body = len, i;

	if (len % 4)
		return false;
	if (body && s[body - 1] == '=')
		body -= 1 + (s[body - 2] == '=');
	for (i = 0; i < body; i++) {
		if (!base64_char((unsigned char)s[i]))
			return false;
	}
	return true;
}

static GBytes *to_wire(const struct set_option *opt, const uint8_t *p,
		       gsize len, char **err)
{
	if (opt->raw)
		return g_bytes_new(p, len);
	switch (1u << opt->idx) {
	case VBGL_CLIPBOARD_FMT_UNICODETEXT:
		return text_to_wire((const char *)p, len, err);
	case VBGL_CLIPBOARD_FMT_HTML:
		return html_to_wire((const char *)p, len, err);
	default:
		return bmp_to_wire(p, len, err);
	}
}

static const struct set_option *set_option_find(const char *word)
{
	unsigned int i;

	for (i = 0; i < G_N_ELEMENTS(set_options); i++) {
		if (strcmp(word, set_options[i].name) == 0)
			return &set_options[i];
	}
	return NULL;
}

static void free_data(GBytes **data)
{
	unsigned int i;

	for (i = 0; i < CLIPBOARD_FORMAT_COUNT; i++)
		g_clear_pointer(&data[i], g_bytes_unref);
}

/* --claim-size BYTES: 1..UINT32_MAX, decimal. */
static char *parse_claim(const char *word, uint32_t *claim)
{
	guint64 v;

	if (*claim)
		return g_strdup(SET_CLAIM_OPTION " given twice");
	if (!g_ascii_isdigit(word[0]) ||
	    !g_ascii_string_to_unsigned(word, 10, 1, UINT32_MAX, &v, NULL))
		return g_strdup_printf("bad " SET_CLAIM_OPTION
				       " '%s' (1..%u bytes)",
				       word, UINT32_MAX);
	*claim = (uint32_t)v;
	return NULL;
}

/*
 * set --text B64 --html B64 --bitmap B64 (any of them, at least one; or
 * their --raw-* forms) [--claim-size BYTES]
 */
static char *ctl_set(struct clipboard_svc *svc, char **args, unsigned int n)
{
	GBytes *data[CLIPBOARD_FORMAT_COUNT] = { NULL };
	const struct set_option *opt;
	char *err = NULL;
	uint32_t claim = 0;
	unsigned int i, formats = 0;

	if (n == 0 || n % 2)
		return g_strdup(SET_USAGE);
	for (i = 0; i < n && !err; i += 2) {
		g_autofree uint8_t *raw = NULL;
		gsize len = 0;

		if (strcmp(args[i], SET_CLAIM_OPTION) == 0) {
			err = parse_claim(args[i + 1], &claim);
			continue;
		}
		opt = set_option_find(args[i]);
		if (!opt)
			err = g_strdup_printf(
				"unknown option '%s' (--text, --html, --bitmap, --raw-..., --claim-size)",
				args[i]);
		else if (data[opt->idx])
			err = g_strdup_printf("%s given twice", args[i]);
		else if (!base64_valid(args[i + 1]))
			err = g_strdup_printf("the data of %s is not base64",
					      args[i]);
		if (err)
			break;
		raw = g_base64_decode(args[i + 1], &len);
		data[opt->idx] = to_wire(opt, raw, len, &err);
		formats++;
	}
	if (!err && !formats)
		err = g_strdup(SET_USAGE);
	if (!err && clipboard_host_set_claim(svc, data, claim) < 0)
		err = g_strdup_printf(
			"more than the host clipboard's %u bytes (--clipboard-max-size; text counts as UTF-16)",
			clipboard_max_data(svc));
	free_data(data);
	return err;
}

static void ctl_formats(struct clipboard_svc *svc, GString *out)
{
	uint32_t formats = clipboard_guest_formats(svc);
	unsigned int i;

	for (i = 0; i < CLIPBOARD_FORMAT_COUNT; i++) {
		if (formats & (1u << i))
			g_string_append_printf(out, " %s\n",
					       clipboard_format_name(1u << i));
	}
}

static void formats_list(GString *s, uint32_t formats)
{
	unsigned int i;

	for (i = 0; i < CLIPBOARD_FORMAT_COUNT; i++) {
		if (formats & (1u << i))
			g_string_append_printf(s, "%s%s", s->len ? "," : "",
					       clipboard_format_name(1u << i));
	}
	if (!s->len)
		g_string_append(s, "none");
}

/* Why a read could not start or did not finish. */
static char *read_error(struct clipboard_svc *svc, int rc, uint32_t format)
{
	struct clipboard_status st;
	g_autoptr(GString) offers = g_string_new(NULL);

	clipboard_get_status(svc, &st);
	switch (rc) {
	case VERR_ACCESS_DENIED:
		return g_strdup_printf(
			"the clipboard mode is %s: nothing goes from the guest to the host",
			clipboard_mode_name(st.mode));
	case VERR_NOT_FOUND:
		formats_list(offers, st.guest_formats);
		return g_strdup_printf("the guest offers no %s (it offers: %s)",
				       clipboard_format_name(format),
				       offers->str);
	case VERR_NO_MEMORY:
		return g_strdup("the guest's message queue is full");
	case VERR_TIMEOUT:
		return g_strdup_printf("the guest did not answer within %u ms",
				       st.timeout_ms);
	case VERR_NO_DATA:
		return g_strdup("the guest answered with no data");
	case VERR_INTERRUPTED:
		return g_strdup("the guest disconnected before it answered");
	default:
		return g_strdup_printf(
			"the guest reported an error instead of answering (VBox status %d)",
			rc);
	}
}

static GBytes *from_wire(uint32_t format, GBytes *wire, char **err)
{
	switch (format) {
	case VBGL_CLIPBOARD_FMT_UNICODETEXT:
		return text_from_wire(wire, err);
	case VBGL_CLIPBOARD_FMT_HTML:
		return html_from_wire(wire);
	default:
		return bmp_from_wire(wire, err);
	}
}

/*
 * The data as its " size: N" line, the bytes and a newline: written
 * straight to the client's socket @fd when there is one (no copy of a
 * large paste into @out), else appended to @out.
 */
static void put_data(GString *out, int fd, GBytes *data)
{
	gsize len;
	const char *p = g_bytes_get_data(data, &len);

	g_string_append_printf(out, " " CLIPBOARD_CTL_SIZE_KEY "%zu\n", len);
	if (fd >= 0) {
		/* A failure shows again when the reply's end is sent. */
		if (vbgl_io_write_all(fd, out->str, out->len) == 0)
			vbgl_io_write_all(fd, p, len);
		g_string_truncate(out, 0);
		g_string_append_c(out, '\n');
		return;
	}
	g_string_append_len(out, p, (gssize)len);
	g_string_append_c(out, '\n');
}

/* get --format F */
static char *ctl_get(struct clipboard_svc *svc, char **args, unsigned int n,
		     int fd, GString *out)
{
	g_autoptr(GBytes) wire = NULL;
	g_autoptr(GBytes) data = NULL;
	struct clipboard_read *read;
	uint32_t format, written = 0;
	char *err = NULL;
	int rc;

	if (n != 2 || strcmp(args[0], "--format") != 0)
		return g_strdup(
			"usage: clipboard get --format text|html|bitmap [--output FILE]");
	format = clipboard_format_parse(args[1]);
	if (!format)
		return g_strdup_printf(
			"unknown format '%s' (text, html, bitmap)", args[1]);
	rc = clipboard_read_start(svc, format, &read);
	if (rc >= 0)
		rc = clipboard_read_wait(read, &wire, &written);
	if (rc < 0)
		return read_error(svc, rc, format);
	if (written != format)
		return g_strdup_printf(
			"the guest answered a %s request with format 0x%x",
			clipboard_format_name(format), written);
	data = from_wire(format, wire, &err);
	if (!data)
		return err;
	put_data(out, fd, data);
	return NULL;
}

static char *ctl_mode(struct clipboard_svc *svc, char **args, unsigned int n,
		      GString *out)
{
	struct clipboard_status st;
	enum clipboard_mode mode;

	if (n == 0) {
		clipboard_get_status(svc, &st);
		g_string_append_printf(out, " mode: %s\n",
				       clipboard_mode_name(st.mode));
		return NULL;
	}
	if (n != 1 || !clipboard_mode_parse(args[0], &mode))
		return g_strdup_printf(
			"unknown clipboard mode '%s' (off, host-to-guest, guest-to-host, bidirectional)",
			args[0]);
	clipboard_set_mode(svc, mode);
	return NULL;
}

char *clipboard_ctl_run(struct clipboard_svc *svc, char **args, unsigned int n,
			int client_fd, GString *out)
{
	GBytes *none[CLIPBOARD_FORMAT_COUNT] = { NULL };

	if (n == 0)
		return g_strdup(
			"usage: clipboard set|clear|formats|get|mode ...");
	if (strcmp(args[0], "set") == 0)
		return ctl_set(svc, args + 1, n - 1);
	if (strcmp(args[0], "clear") == 0 && n == 1) {
		clipboard_host_set(svc, none);
		return NULL;
	}
	if (strcmp(args[0], "formats") == 0 && n == 1) {
		ctl_formats(svc, out);
		return NULL;
	}
	if (strcmp(args[0], "get") == 0)
		return ctl_get(svc, args + 1, n - 1, client_fd, out);
	if (strcmp(args[0], "mode") == 0 && n <= 2)
		return ctl_mode(svc, args + 1, n - 1, out);
	return g_strdup(
		"usage: clipboard set [--text FILE] [--html FILE] [--bitmap FILE] [--raw-FORMAT FILE] [--claim-size BYTES] | clear | formats | get --format text|html|bitmap [--output FILE] | mode [MODE]");
}

void clipboard_ctl_status(struct clipboard_svc *svc, GString *out)
{
	g_autoptr(GString) host = g_string_new(NULL);
	g_autoptr(GString) guest = g_string_new(NULL);
	struct clipboard_status st;
	unsigned int i;

	clipboard_get_status(svc, &st);
	formats_list(host, st.host_formats);
	formats_list(guest, st.guest_formats);
	g_string_append_printf(out, " clipboard_mode: %s\n",
			       clipboard_mode_name(st.mode));
	g_string_append_printf(out, " clipboard_legacy_host: %s\n",
			       st.legacy_host ? "yes" : "no");
	g_string_append_printf(out, " clipboard_max_size: %u\n",
			       clipboard_max_data(svc));
	g_string_append_printf(out, " clipboard_host_formats: %s\n", host->str);
	g_string_append_printf(out, " clipboard_guest_formats: %s\n",
			       guest->str);
	g_string_append_printf(out,
			       " clipboard_bytes_to_guest: %" G_GUINT64_FORMAT
			       "\n",
			       st.bytes_to_guest);
	g_string_append_printf(out,
			       " clipboard_bytes_from_guest: %" G_GUINT64_FORMAT
			       "\n",
			       st.bytes_from_guest);
	g_string_append_printf(out, " clipboard_clients: %u\n",
			       st.client_count);
	for (i = 0; i < st.client_count; i++) {
		const struct clipboard_client_status *c = &st.clients[i];

		g_string_append_printf(
			out,
			" clipboard_client.%u: protocol=%s features=0x%" G_GINT64_MODIFIER
			"x queued=%u waiting=%s\n",
			c->id, c->context_ids ? "new" : "legacy", c->features,
			c->queued, c->waiting ? "yes" : "no");
	}
}

/* ---- the ctl client's part ------------------------------------------------
 */

/* Read a whole file or standard input ("-"), at most @max bytes. */
static GBytes *read_input(const char *path, gsize max, GError **error)
{
	g_autoptr(GByteArray) buf = g_byte_array_new();
	bool is_stdin = strcmp(path, "-") == 0;
	uint8_t chunk[65536];
	ssize_t got;
	int fd;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot open %s: %s", path, g_strerror(errno));
		return NULL;
	}
	for (;;) {
		got = read(fd, chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (buf->len + (gsize)got > max) {
			errno = EFBIG;
			got = -1;
			break;
		}
		g_byte_array_append(buf, chunk, (guint)got);
	}
	if (got < 0 && errno == EFBIG)
		g_set_error(
			error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			"%s: the files hold more than the %u bytes one clipboard set carries",
			path, CLIPBOARD_MAX_DATA);
	else if (got < 0)
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot read %s: %s", path, g_strerror(errno));
	if (!is_stdin)
		close(fd);
	if (got < 0)
		return NULL;
	return g_byte_array_free_to_bytes(g_steal_pointer(&buf));
}

/* `set` FORMAT FILE pairs: known options, standard input at most once. */
static bool set_words_valid(int argc, char **argv, GError **error)
{
	int i, stdin_files = 0;

	for (i = 1; i < argc; i += 2) {
		bool claim = strcmp(argv[i], SET_CLAIM_OPTION) == 0;

		if ((!claim && !set_option_find(argv[i])) || i + 1 >= argc) {
			g_set_error(error, G_OPTION_ERROR,
				    G_OPTION_ERROR_BAD_VALUE, SET_USAGE);
			return false;
		}
		stdin_files += !claim && strcmp(argv[i + 1], "-") == 0;
	}
	if (stdin_files > 1) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "only one FILE may be - (standard input)");
		return false;
	}
	return true;
}

/* `set`: every FILE becomes its contents in base64. */
static bool prepare_set(int argc, char **argv, GPtrArray *words, GError **error)
{
	gsize total = 0;
	int i;

	if (!set_words_valid(argc, argv, error))
		return false;
	for (i = 1; i < argc; i += 2) {
		g_autoptr(GBytes) data = NULL;
		gsize len;
		const void *p;

		if (strcmp(argv[i], SET_CLAIM_OPTION) == 0) {
			g_ptr_array_add(words, g_strdup(argv[i]));
			g_ptr_array_add(words, g_strdup(argv[i + 1]));
			continue;
		}
		data = read_input(argv[i + 1], CLIPBOARD_MAX_DATA - total,
				  error);
		if (!data)
			return false;
		p = g_bytes_get_data(data, &len);
		total += len;
		g_ptr_array_add(words, g_strdup(argv[i]));
		g_ptr_array_add(words, g_base64_encode(p, len));
	}
	return true;
}

bool clipboard_ctl_client_prepare(int argc, char **argv, GPtrArray *words,
				  char **output, GError **error)
{
	int i;

	*output = NULL;
	g_ptr_array_add(words, g_strdup("clipboard"));
	if (argc > 0 && strcmp(argv[0], "set") == 0) {
		g_ptr_array_add(words, g_strdup("set"));
		return prepare_set(argc, argv, words, error);
	}
	for (i = 0; i < argc; i++) {
		if (argc > 1 && strcmp(argv[0], "get") == 0 &&
		    strcmp(argv[i], "--output") == 0) {
			if (i + 1 >= argc || *output) {
				g_set_error(
					error, G_OPTION_ERROR,
					G_OPTION_ERROR_BAD_VALUE,
					"usage: clipboard get --format text|html|bitmap [--output FILE]");
				return false;
			}
			*output = g_strdup(argv[++i]);
			continue;
		}
		g_ptr_array_add(words, g_strdup(argv[i]));
	}
	return true;
}

bool clipboard_ctl_client_output(GBytes *data, const char *output,
				 GError **error)
{
	bool to_stdout = !output || strcmp(output, "-") == 0;
	gsize len;
	const uint8_t *p = g_bytes_get_data(data, &len);
	bool ok;
	int fd, rc;

	fd = to_stdout ? STDOUT_FILENO :
			 open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);
	if (fd < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot create %s: %s", output, g_strerror(errno));
		return false;
	}
	rc = vbgl_io_write_all(fd, p, len);
	ok = rc == 0;
	if (!ok)
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(-rc),
			    "cannot write %s: %s",
			    to_stdout ? "standard output" : output,
			    g_strerror(-rc));
	if (!to_stdout && close(fd) != 0 && ok) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot write %s: %s", output, g_strerror(errno));
		ok = false;
	}
	return ok;
}
