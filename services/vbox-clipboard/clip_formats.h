/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Shared Clipboard formats vbox-clipboard converts.  The format bits
 * themselves (VBGL_CLIPBOARD_FMT_*) are the library's, defined once in
 * libvbglr3/vbglr3_clipboard.h.
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

#include "libvbglr3/vbglr3_clipboard.h"

#define CLIP_FORMATS_SUPPORTED VBGL_CLIPBOARD_FMT_MASK

#endif /* CLIP_FORMATS_H */
