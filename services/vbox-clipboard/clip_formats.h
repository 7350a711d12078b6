/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Shared Clipboard service's format bits (VBOX_SHCL_FMT_*), as the
 * host and the guest exchange them in REPORT_FORMATS, FORMATS_REPORT,
 * READ_DATA and DATA_WRITE.  The mainline uapi headers do not define
 * them, so they are defined here, once.
 *
 * Wire encodings (clip_convert.h converts them):
 *  UNICODETEXT	UTF-16LE, CRLF line ends, a NUL code unit at the end,
 *		counted in the size
 *  BITMAP	a DIB: a BMP file without its 14-byte file header
 *  HTML	UTF-8 HTML (not CF_HTML) followed by one NUL byte
 *  URI_LIST	file transfers (VirtualBox 7.1 and later); not handled by
 *		this agent
 */
#ifndef CLIP_FORMATS_H
#define CLIP_FORMATS_H

#define VBOX_SHCL_FMT_NONE 0x0u
#define VBOX_SHCL_FMT_UNICODETEXT 0x1u
#define VBOX_SHCL_FMT_BITMAP 0x2u
#define VBOX_SHCL_FMT_HTML 0x4u
#define VBOX_SHCL_FMT_URI_LIST 0x8u

/* The formats vbox-clipboard converts. */
#define CLIP_FORMATS_SUPPORTED \
	(VBOX_SHCL_FMT_UNICODETEXT | VBOX_SHCL_FMT_BITMAP | VBOX_SHCL_FMT_HTML)

#endif /* CLIP_FORMATS_H */
