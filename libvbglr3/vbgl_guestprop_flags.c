// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The guest property flags grammar (docs/protocol/guest-properties.md
 * §2), written once: libvbglr3 exports it, and vbox-hostsim's
 * VBoxGuestPropSvc compiles this same file so guest and host can never
 * disagree about what a flags string means.

 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "libvbglr3/vbglr3.h"

/* ---- flags --------------------------------------------------------------- */

/* The host's order; READONLY comes before the bits it stands for. */
static const struct {
	uint32_t bits;
	const char *name;
} gp_flags[] = {
	{ VBGL_GUESTPROP_TRANSIENT, "TRANSIENT" },
	{ VBGL_GUESTPROP_READONLY, "READONLY" },
	{ VBGL_GUESTPROP_RDONLYGUEST, "RDONLYGUEST" },
	{ VBGL_GUESTPROP_RDONLYHOST, "RDONLYHOST" },
	{ VBGL_GUESTPROP_TRANSRESET, "TRANSRESET" },
};

static int ascii_ncaseeq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i], y = b[i];

		if (x >= 'a' && x <= 'z')
			x = (char)(x - 'a' + 'A');
		if (x != y)
			return 0;
	}
	return 1;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* The flag whose name starts @p, any case; NULL if none. */
static const char *match_flag(const char *p, uint32_t *bits)
{
	size_t i, len;

	for (i = 0; i < sizeof(gp_flags) / sizeof(gp_flags[0]); i++) {
		len = strlen(gp_flags[i].name);
		if (strnlen(p, len) == len &&
		    ascii_ncaseeq(p, gp_flags[i].name, len)) {
			*bits = gp_flags[i].bits;
			return p + len;
		}
	}
	return NULL;
}

int vbgl_guestprop_flags_parse(const char *s, uint32_t *flags)
{
	uint32_t result = 0, bits;
	const char *p;

	if (!flags)
		return -EINVAL;
	if (!s) {
		*flags = 0;
		return 0;
	}
	p = skip_blanks(s);
	while (*p) {
		p = match_flag(p, &bits);
		if (!p)
			return -EINVAL;
		result |= bits;
		p = skip_blanks(p);
		if (*p == ',')
			p = skip_blanks(p + 1);
		else if (*p)
			return -EINVAL;
	}
	*flags = result;
	return 0;
}

int vbgl_guestprop_flags_format(uint32_t flags, char *buf, size_t len)
{
	char tmp[VBGL_GUESTPROP_MAX_FLAGS_LEN];
	size_t i, n = 0, name_len;

	if (!buf || (flags & ~VBGL_GUESTPROP_FLAGS_MASK))
		return -EINVAL;
	if (flags & VBGL_GUESTPROP_TRANSRESET)
		flags |= VBGL_GUESTPROP_TRANSIENT;
	for (i = 0; i < sizeof(gp_flags) / sizeof(gp_flags[0]); i++) {
		if ((flags & gp_flags[i].bits) != gp_flags[i].bits)
			continue;
		flags &= ~gp_flags[i].bits;
		if (n) {
			memcpy(tmp + n, ", ", 2);
			n += 2;
		}
		name_len = strlen(gp_flags[i].name);
		memcpy(tmp + n, gp_flags[i].name, name_len);
		n += name_len;
	}
	tmp[n] = '\0';
	if (n >= len)
		return -EOVERFLOW;
	memcpy(buf, tmp, n + 1);
	return (int)n;
}
