/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: the C library's string functions plus strscpy(). */
#ifndef KSHIM_LINUX_STRING_H
#define KSHIM_LINUX_STRING_H

#include_next <linux/string.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/types.h>

/*
 * Copy a C string into a sized buffer, always NUL-terminated.
 * Returns the length copied, or -E2BIG if @src was truncated.
 */
static inline ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (ssize_t)len;
}

#endif /* KSHIM_LINUX_STRING_H */
