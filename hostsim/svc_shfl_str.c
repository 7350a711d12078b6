// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VBoxSharedFolders: SHFLSTRING parameters, guest paths and host errno to
 * VBox status conversion.
 *
 * Strings arrive in the client's encoding: UTF-16LE until the client calls
 * SET_UTF8 (or QUERY_MAPPINGS with SHFL_MF_UTF8), UTF-8 afterwards.  Host
 * names are UTF-8 throughout; UTF-16 clients get them converted with
 * GLib's converters, so this host serves both kinds of client.
 */
#include "config.h"

#include "hostsim/svc_shfl_priv.h"

#include <errno.h>
#include <string.h>

int shfl_errno_status(int err)
{
	switch (err) {
	case 0:
		return VINF_SUCCESS;
	case EPERM:
	case EACCES:
		return VERR_ACCESS_DENIED;
	case ENOENT:
		return VERR_FILE_NOT_FOUND;
	case EINTR:
		return VERR_INTERRUPTED;
	case EIO:
	case ENXIO:
		return VERR_DEV_IO_ERROR;
	case E2BIG:
	case EOVERFLOW:
		return VERR_TOO_MUCH_DATA;
	case EBADF:
		return VERR_INVALID_HANDLE;
	case EAGAIN:
		return VERR_TRY_AGAIN;
	case ENOMEM:
		return VERR_NO_MEMORY;
	case EFAULT:
		return VERR_INVALID_POINTER;
	case EBUSY:
		return VERR_RESOURCE_BUSY;
	case EEXIST:
		return VERR_ALREADY_EXISTS;
	case EXDEV:
		return VERR_NOT_SAME_DEVICE;
	case ENODEV:
	case ENOSYS:
	case EOPNOTSUPP:
		return VERR_NOT_SUPPORTED;
	case ENOTDIR:
		return VERR_PATH_NOT_FOUND;
	case EISDIR:
		return VERR_IS_A_DIRECTORY;
	case EINVAL:
		return VERR_INVALID_PARAMETER;
	case ENFILE:
	case EMFILE:
		return VERR_TOO_MANY_OPEN_FILES;
	case ENOTTY:
		return VERR_INVALID_FUNCTION;
	case ETXTBSY:
		return VERR_SHARING_VIOLATION;
	case EFBIG:
		return VERR_FILE_TOO_BIG;
	case ENOSPC:
	case EDQUOT:
		return VERR_DISK_FULL;
	case ESPIPE:
		return VERR_SEEK_ON_DEVICE;
	case EROFS:
		return VERR_WRITE_PROTECT;
	case EPIPE:
		return VERR_BROKEN_PIPE;
	case ERANGE:
		return VERR_OUT_OF_RANGE;
	case EDEADLK:
		return VERR_DEADLOCK;
	case ENAMETOOLONG:
		return VERR_FILENAME_TOO_LONG;
	case ENOLCK:
		return VERR_FILE_LOCK_FAILED;
	case ENOTEMPTY:
		return VERR_DIR_NOT_EMPTY;
	case ELOOP:
		return VERR_TOO_MANY_SYMLINKS;
	case ENODATA:
		return VERR_NO_DATA;
	case EILSEQ:
		return VERR_NO_TRANSLATION;
	case ETIMEDOUT:
		return VERR_TIMEOUT;
	default:
		return VERR_UNRESOLVED_ERROR;
	}
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* UTF-16LE units [0, units) are valid UTF-16 without a zero unit. */
static bool utf16_valid(const uint8_t *s, size_t units)
{
	size_t i;

	for (i = 0; i < units; i++) {
		uint16_t u = rd16(s + 2 * i);

		if (u == 0)
			return false;
		if (u >= 0xdc00 && u <= 0xdfff)
			return false;
		if (u >= 0xd800 && u <= 0xdbff) {
			uint16_t lo;

			if (i + 1 >= units)
				return false;
			lo = rd16(s + 2 * (i + 1));
			if (lo < 0xdc00 || lo > 0xdfff)
				return false;
			i++;
		}
	}
	return true;
}

static int str_in_utf16(const uint8_t *s, uint16_t len, const char **out,
			char **tofree)
{
	size_t units = len / 2;
	gunichar2 *tmp;
	char *utf8;
	size_t i;

	if (!utf16_valid(s, units) || rd16(s + len) != 0)
		return VERR_INVALID_PARAMETER;
	/* The wire string may sit at an odd address: copy it out. */
	tmp = g_new(gunichar2, units + 1);
	for (i = 0; i < units; i++)
		tmp[i] = rd16(s + 2 * i);
	tmp[units] = 0;
	utf8 = g_utf16_to_utf8(tmp, (glong)units, NULL, NULL, NULL);
	g_free(tmp);
	if (!utf8)
		return VERR_INVALID_PARAMETER;
	*out = utf8;
	*tofree = utf8;
	return VINF_SUCCESS;
}

int shfl_str_in(const struct shfl_client *c, const void *buf, uint32_t cb,
		const char **out, char **tofree)
{
	const uint8_t *p = buf;
	uint16_t size, len;

	*tofree = NULL;
	if (!p || cb <= SHFL_STRING_HDR_SIZE)
		return VERR_INVALID_PARAMETER;
	size = rd16(p);
	len = rd16(p + 2);
	if ((uint32_t)size + SHFL_STRING_HDR_SIZE > cb)
		return VERR_INVALID_PARAMETER;
	p += SHFL_STRING_HDR_SIZE;
	if (!c->utf8) {
		if ((len & 1) || (uint32_t)len + 2 > size)
			return VERR_INVALID_PARAMETER;
		return str_in_utf16(p, len, out, tofree);
	}
	if (len >= size || p[len] != 0 ||
	    !g_utf8_validate((const char *)p, len, NULL))
		return VERR_INVALID_PARAMETER;
	*out = (const char *)p;
	return VINF_SUCCESS;
}

bool shfl_str_out_valid(const void *buf, uint32_t cb)
{
	const uint8_t *p = buf;

	return p && cb > SHFL_STRING_HDR_SIZE &&
	       (uint32_t)rd16(p) + SHFL_STRING_HDR_SIZE <= cb &&
	       rd16(p + 2) < rd16(p);
}

int shfl_str_out(const struct shfl_client *c, void *buf, const char *utf8)
{
	uint8_t *p = buf;
	uint16_t size = rd16(p);
	size_t len = strlen(utf8);
	gunichar2 *u16;
	glong units, i;

	if (c->utf8) {
		wr16(p + 2, (uint16_t)MIN(len, UINT16_MAX));
		if (len >= UINT16_MAX)
			return VERR_TOO_MUCH_DATA;
		if (len + 1 > size)
			return VERR_BUFFER_OVERFLOW;
		memcpy(p + SHFL_STRING_HDR_SIZE, utf8, len + 1);
		return VINF_SUCCESS;
	}
	u16 = g_utf8_to_utf16(utf8, -1, NULL, &units, NULL);
	if (!u16)
		return VERR_NO_TRANSLATION;
	if (units >= UINT16_MAX / 2) {
		g_free(u16);
		return VERR_TOO_MUCH_DATA;
	}
	wr16(p + 2, (uint16_t)(units * 2));
	if ((size_t)units * 2 + 2 > size) {
		g_free(u16);
		return VERR_BUFFER_OVERFLOW;
	}
	for (i = 0; i <= units; i++)
		wr16(p + SHFL_STRING_HDR_SIZE + 2 * i, i < units ? u16[i] : 0);
	g_free(u16);
	return VINF_SUCCESS;
}

int shfl_path_from_guest(const struct shfl_client *c, const char *path,
			 char **rel)
{
	char delim = (char)c->delim;
	g_autoptr(GPtrArray) parts = g_ptr_array_new();
	g_autofree char *copy = g_strdup(path);
	char *p = copy, *comp;
	GString *out;
	guint i;

	/* Only '/' and '\\' are delimiters; 0 means "not chosen yet". */
	while (delim && *p == delim)
		p++;
	while (*p) {
		comp = p;
		while (*p && (!delim || *p != delim)) {
			/* '/' is the host separator: never part of a name. */
			if (*p == '/')
				return VERR_INVALID_NAME;
			p++;
		}
		if (*p)
			*p++ = '\0';
		if (comp[0] == '\0' || strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (parts->len == 0)
				return VERR_INVALID_NAME;
			g_ptr_array_remove_index(parts, parts->len - 1);
			continue;
		}
		g_ptr_array_add(parts, comp);
	}
	out = g_string_new(NULL);
	for (i = 0; i < parts->len; i++) {
		if (i)
			g_string_append_c(out, '/');
		g_string_append(out, parts->pdata[i]);
	}
	*rel = g_string_free(out, FALSE);
	return VINF_SUCCESS;
}

const char *shfl_path_base(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash ? slash + 1 : rel;
}
