// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest properties: a client of the host's VBoxGuestPropSvc HGCM service.
 *
 * Wire facts: strings travel as NUL-terminated UTF-8 "in" buffers; GET_PROP
 * answers value\0flags\0; ENUM_PROPS answers name\0value\0timestamp\0flags\0
 * groups ended by four empty strings, the timestamp as text; GET_NOTIFICATION
 * answers name\0value\0flags\0 and, from VirtualBox 6.1 on, "0" or "1" for
 * "was deleted".  A buffer that is too small gets VERR_BUFFER_OVERFLOW and
 * the size needed in the call's size parameter.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

/* Guest functions of the service. */
#define GP_FN_GET_PROP		1
#define GP_FN_SET_PROP		2
#define GP_FN_SET_PROP_VALUE	3
#define GP_FN_DEL_PROP		4
#define GP_FN_ENUM_PROPS	5
#define GP_FN_GET_NOTIFICATION	6

/* IPRT's "not found" warning: GET_NOTIFICATION's "missed" answer. */
#define GP_VWRN_NOT_FOUND	78

/* How often a buffer is grown before giving up with -EAGAIN. */
#define GP_MAX_TRIES		10
/* First buffers: most values are short; lists are longer. */
#define GP_GET_FIRST_SIZE	128u
#define GP_ENUM_FIRST_SIZE	4096u
/* A whole notification: name, value, flags and "was deleted" fit. */
#define GP_WAIT_SIZE		(VBGL_GUESTPROP_MAX_NAME_LEN + \
				 VBGL_GUESTPROP_MAX_VALUE_LEN + \
				 VBGL_GUESTPROP_MAX_FLAGS_LEN + 1024u)

/* ---- calls --------------------------------------------------------------- */

int vbgl_guestprop_connect(struct vbgl_handle *h, uint32_t *client_id)
{
	return vbgl_hgcm_connect(h, VBGL_GUESTPROP_SERVICE, client_id);
}

int vbgl_guestprop_disconnect(struct vbgl_handle *h, uint32_t client_id)
{
	return vbgl_hgcm_disconnect(h, client_id);
}

/*
 * Names: the host refuses those of VBGL_GUESTPROP_MAX_NAME_LEN bytes or
 * more; checking here spares sending an arbitrarily long one.
 */
static int check_name(const char *name, uint32_t *size)
{
	size_t len;

	if (!name)
		return -EINVAL;
	len = strnlen(name, VBGL_GUESTPROP_MAX_NAME_LEN);
	if (len == 0 || len >= VBGL_GUESTPROP_MAX_NAME_LEN)
		return -EINVAL;
	*size = (uint32_t)len + 1;
	return 0;
}

static int check_value(const char *value, uint32_t *size)
{
	size_t len;

	if (!value)
		return -EINVAL;
	len = strnlen(value, VBGL_GUESTPROP_MAX_VALUE_LEN);
	if (len >= VBGL_GUESTPROP_MAX_VALUE_LEN)
		return -E2BIG;
	*size = (uint32_t)len + 1;
	return 0;
}

/* Run a call built by the caller and free it. */
static int run_and_free(struct vbgl_handle *h, struct vbgl_hgcm_call *call)
{
	int ret = vbgl_hgcm_call(h, call);

	vbgl_hgcm_call_free(call);
	return ret;
}

static char *dup_str(const char *s)
{
	size_t len = strlen(s) + 1;
	char *d = malloc(len);

	if (d)
		memcpy(d, s, len);
	return d;
}

/*
 * The end of the NUL-terminated string at @p, which must lie before @end;
 * NULL if it does not.
 */
static const char *str_end(const char *p, const char *end)
{
	const char *nul;

	if (p >= end)
		return NULL;
	nul = memchr(p, '\0', (size_t)(end - p));
	return nul;
}

/* One GET_PROP try into @buf. */
static int get_once(struct vbgl_handle *h, uint32_t client_id,
		    const char *name, uint32_t name_size, char *buf,
		    uint32_t cap, uint32_t *needed, uint64_t *timestamp)
{
	struct vbgl_hgcm_call *call;
	int ret;

	ret = vbgl_hgcm_call_new(client_id, GP_FN_GET_PROP, 4, &call);
	if (ret < 0)
		return ret;
	vbgl_hgcm_set_buf_in(call, 0, name, name_size);
	vbgl_hgcm_set_buf_out(call, 1, buf, cap);
	vbgl_hgcm_set_u64(call, 2, 0);
	vbgl_hgcm_set_u32(call, 3, 0);
	ret = vbgl_hgcm_call(h, call);
	if (ret == 0 || ret == -EOVERFLOW) {
		vbgl_hgcm_get_u32(call, 3, needed);
		vbgl_hgcm_get_u64(call, 2, timestamp);
	}
	vbgl_hgcm_call_free(call);
	return ret;
}

/* Take value\0flags\0 apart. */
static int parse_get(const char *buf, uint32_t len, char **value,
		     uint32_t *flags)
{
	const char *end = buf + len, *value_end, *flags_end;
	uint32_t f;

	value_end = str_end(buf, end);
	if (!value_end)
		return -EPROTO;
	flags_end = str_end(value_end + 1, end);
	if (!flags_end || vbgl_guestprop_flags_parse(value_end + 1, &f) < 0)
		return -EPROTO;
	if (value) {
		*value = dup_str(buf);
		if (!*value)
			return -ENOMEM;
	}
	if (flags)
		*flags = f;
	return 0;
}

int vbgl_guestprop_get(struct vbgl_handle *h, uint32_t client_id,
		       const char *name, char **value, uint32_t *flags,
		       uint64_t *timestamp)
{
	uint32_t name_size, cap = GP_GET_FIRST_SIZE, needed = 0;
	uint64_t ts = 0;
	char *buf = NULL, *grown;
	int ret, tries;

	if (value)
		*value = NULL;
	ret = check_name(name, &name_size);
	if (ret < 0)
		return ret;
	for (tries = 0; tries < GP_MAX_TRIES; tries++) {
		grown = realloc(buf, cap);
		if (!grown) {
			ret = -ENOMEM;
			break;
		}
		buf = grown;
		ret = get_once(h, client_id, name, name_size, buf, cap,
			       &needed, &ts);
		if (ret != -EOVERFLOW)
			break;
		if (needed <= cap || needed > VBGL_HGCM_MAX_BUF_SIZE) {
			ret = -EPROTO;
			break;
		}
		cap = needed;
	}
	if (ret == -EOVERFLOW)
		ret = -EAGAIN;
	if (ret == 0)
		ret = parse_get(buf, needed < cap ? needed : cap, value, flags);
	if (ret == 0 && timestamp)
		*timestamp = ts;
	free(buf);
	return ret;
}

static int set_common(struct vbgl_handle *h, uint32_t client_id,
		      uint32_t function, const char *name, const char *value,
		      const char *flags)
{
	uint32_t name_size, value_size;
	struct vbgl_hgcm_call *call;
	int ret;

	ret = check_name(name, &name_size);
	if (ret < 0)
		return ret;
	ret = check_value(value, &value_size);
	if (ret < 0)
		return ret;
	ret = vbgl_hgcm_call_new(client_id, function, flags ? 3 : 2, &call);
	if (ret < 0)
		return ret;
	vbgl_hgcm_set_buf_in(call, 0, name, name_size);
	vbgl_hgcm_set_buf_in(call, 1, value, value_size);
	if (flags)
		vbgl_hgcm_set_buf_in(call, 2, flags,
				     (uint32_t)strlen(flags) + 1);
	return run_and_free(h, call);
}

int vbgl_guestprop_set(struct vbgl_handle *h, uint32_t client_id,
		       const char *name, const char *value, uint32_t flags)
{
	char str[VBGL_GUESTPROP_MAX_FLAGS_LEN];
	int ret = vbgl_guestprop_flags_format(flags, str, sizeof(str));

	if (ret < 0)
		return ret;
	return set_common(h, client_id, GP_FN_SET_PROP, name, value, str);
}

int vbgl_guestprop_set_value(struct vbgl_handle *h, uint32_t client_id,
			     const char *name, const char *value)
{
	return set_common(h, client_id, GP_FN_SET_PROP_VALUE, name, value,
			  NULL);
}

int vbgl_guestprop_delete(struct vbgl_handle *h, uint32_t client_id,
			  const char *name)
{
	struct vbgl_hgcm_call *call;
	uint32_t name_size;
	int ret;

	ret = check_name(name, &name_size);
	if (ret < 0)
		return ret;
	ret = vbgl_hgcm_call_new(client_id, GP_FN_DEL_PROP, 1, &call);
	if (ret < 0)
		return ret;
	vbgl_hgcm_set_buf_in(call, 0, name, name_size);
	return run_and_free(h, call);
}

/* ---- enumeration --------------------------------------------------------- */

/*
 * Pack patterns as @sep-separated strings ending in a NUL into a new
 * buffer; *size gets its size.  NULL or no patterns: "" (everything).
 */
static int pack_patterns(const char *const *patterns, char sep, char **out,
			 uint32_t *size)
{
	size_t i, total = 1, off = 0, len;
	char *buf;

	for (i = 0; patterns && patterns[i]; i++) {
		total += strlen(patterns[i]) + (i ? 1 : 0);
		if (total > VBGL_GUESTPROP_MAX_PATTERN_LEN)
			return -E2BIG;
	}
	buf = malloc(total);
	if (!buf)
		return -ENOMEM;
	for (i = 0; patterns && patterns[i]; i++) {
		if (i)
			buf[off++] = sep;
		len = strlen(patterns[i]);
		memcpy(buf + off, patterns[i], len);
		off += len;
	}
	buf[off] = '\0';
	*out = buf;
	*size = (uint32_t)total;
	return 0;
}

/* A timestamp as the host writes it: decimal, or hexadecimal with 0x. */
static int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0, digit;
	unsigned int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EPROTO;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = (uint64_t)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			digit = (uint64_t)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			digit = (uint64_t)(*s - 'A' + 10);
		else
			return -EPROTO;
		if (v > (UINT64_MAX - digit) / base)
			return -EPROTO;
		v = v * base + digit;
	}
	*out = v;
	return 0;
}

/* Walk an ENUM_PROPS answer of @len bytes, calling @fn per property. */
static int walk_enum(const char *buf, uint32_t len,
		     vbgl_guestprop_enum_fn fn, void *opaque)
{
	const char *p = buf, *end = buf + len, *s[4];
	uint64_t ts;
	uint32_t flags;
	int count = 0, i, ret;

	for (;;) {
		for (i = 0; i < 4; i++) {
			const char *nul = str_end(p, end);

			if (!nul)
				return -EPROTO;
			s[i] = p;
			p = nul + 1;
		}
		if (!s[0][0]) {
			/* The end mark is four empty strings. */
			if (s[1][0] || s[2][0] || s[3][0])
				return -EPROTO;
			return count;
		}
		if (parse_u64(s[2], &ts) < 0 ||
		    vbgl_guestprop_flags_parse(s[3], &flags) < 0)
			return -EPROTO;
		if (count == INT32_MAX)
			return -EPROTO;
		ret = fn(s[0], s[1], ts, flags, opaque);
		if (ret < 0)
			return ret;
		count++;
	}
}

/* One ENUM_PROPS try into @buf. */
static int enum_once(struct vbgl_handle *h, uint32_t client_id,
		     const char *patterns, uint32_t pat_size, char *buf,
		     uint32_t cap, uint32_t *needed)
{
	struct vbgl_hgcm_call *call;
	int ret;

	ret = vbgl_hgcm_call_new(client_id, GP_FN_ENUM_PROPS, 3, &call);
	if (ret < 0)
		return ret;
	vbgl_hgcm_set_buf_in(call, 0, patterns, pat_size);
	vbgl_hgcm_set_buf_out(call, 1, buf, cap);
	vbgl_hgcm_set_u32(call, 2, 0);
	ret = vbgl_hgcm_call(h, call);
	if (ret == 0 || ret == -EOVERFLOW)
		vbgl_hgcm_get_u32(call, 2, needed);
	vbgl_hgcm_call_free(call);
	return ret;
}

int vbgl_guestprop_enumerate(struct vbgl_handle *h, uint32_t client_id,
			     const char *const *patterns,
			     vbgl_guestprop_enum_fn fn, void *opaque)
{
	uint32_t pat_size, cap = GP_ENUM_FIRST_SIZE, needed = 0;
	char *pat = NULL, *buf = NULL, *grown;
	int ret, tries;

	if (!fn)
		return -EINVAL;
	/* NUL-separated, as VirtualBox's own library sends them. */
	ret = pack_patterns(patterns, '\0', &pat, &pat_size);
	if (ret < 0)
		return ret;
	for (tries = 0; tries < GP_MAX_TRIES; tries++) {
		grown = realloc(buf, cap);
		if (!grown) {
			ret = -ENOMEM;
			break;
		}
		buf = grown;
		ret = enum_once(h, client_id, pat, pat_size, buf, cap, &needed);
		if (ret != -EOVERFLOW)
			break;
		if (needed <= cap || needed > VBGL_HGCM_MAX_BUF_SIZE) {
			ret = -EPROTO;
			break;
		}
		/* Room for a few more properties that may appear meanwhile. */
		cap = needed + 1024u;
	}
	if (ret == -EOVERFLOW)
		ret = -EAGAIN;
	if (ret == 0)
		ret = walk_enum(buf, needed < cap ? needed : cap, fn, opaque);
	free(buf);
	free(pat);
	return ret;
}

/* ---- waiting for changes ------------------------------------------------- */

void vbgl_guestprop_change_clear(struct vbgl_guestprop_change *change)
{
	if (!change)
		return;
	free(change->name);
	free(change->value);
	memset(change, 0, sizeof(*change));
}

/* Take name\0value\0flags\0[deleted\0] apart. */
static int parse_change(const char *buf, uint32_t len,
			struct vbgl_guestprop_change *change)
{
	const char *end = buf + len, *s[4] = { NULL };
	const char *p = buf, *nul;
	int i;

	for (i = 0; i < 4; i++) {
		nul = str_end(p, end);
		if (!nul) {
			/* Hosts before 6.1 send no "was deleted" string. */
			if (i == 3)
				break;
			return -EPROTO;
		}
		s[i] = p;
		p = nul + 1;
	}
	if (!s[0][0] ||
	    vbgl_guestprop_flags_parse(s[2], &change->flags) < 0)
		return -EPROTO;
	change->deleted = s[3] && strcmp(s[3], "1") == 0;
	change->name = dup_str(s[0]);
	change->value = dup_str(s[1]);
	if (!change->name || !change->value) {
		vbgl_guestprop_change_clear(change);
		return -ENOMEM;
	}
	return 0;
}

/* One GET_NOTIFICATION try into @buf. */
static int wait_once(struct vbgl_handle *h, uint32_t client_id,
		     const char *patterns, uint32_t pat_size, uint64_t *ts,
		     uint32_t timeout_ms, char *buf, uint32_t cap,
		     uint32_t *needed, int32_t *status)
{
	struct vbgl_hgcm_call *call;
	int ret;

	ret = vbgl_hgcm_call_new(client_id, GP_FN_GET_NOTIFICATION, 4, &call);
	if (ret < 0)
		return ret;
	vbgl_hgcm_call_set_timeout(call, timeout_ms);
	vbgl_hgcm_set_buf_in(call, 0, patterns, pat_size);
	vbgl_hgcm_set_u64(call, 1, *ts);
	vbgl_hgcm_set_buf_out(call, 2, buf, cap);
	vbgl_hgcm_set_u32(call, 3, 0);
	ret = vbgl_hgcm_call(h, call);
	if (ret == 0 || ret == -EOVERFLOW) {
		vbgl_hgcm_get_u64(call, 1, ts);
		vbgl_hgcm_get_u32(call, 3, needed);
	}
	*status = vbgl_hgcm_call_status(call);
	vbgl_hgcm_call_free(call);
	return ret;
}

int vbgl_guestprop_wait(struct vbgl_handle *h, uint32_t client_id,
			const char *const *patterns, uint64_t last_timestamp,
			uint32_t timeout_ms,
			struct vbgl_guestprop_change *change)
{
	uint32_t pat_size, cap = GP_WAIT_SIZE, needed = 0;
	char *pat = NULL, *buf = NULL, *grown;
	int32_t status = 0;
	uint64_t ts;
	int ret, tries;

	if (!change)
		return -EINVAL;
	memset(change, 0, sizeof(*change));
	/* The host matches waits against the first string only: use '|'. */
	ret = pack_patterns(patterns, '|', &pat, &pat_size);
	if (ret < 0)
		return ret;
	for (tries = 0; tries < GP_MAX_TRIES; tries++) {
		grown = realloc(buf, cap);
		if (!grown) {
			ret = -ENOMEM;
			break;
		}
		buf = grown;
		ts = last_timestamp;
		ret = wait_once(h, client_id, pat, pat_size, &ts, timeout_ms,
				buf, cap, &needed, &status);
		/*
		 * A change too big for the buffer is only asked for again
		 * when the host can find it again from last_timestamp.
		 */
		if (ret != -EOVERFLOW || last_timestamp == 0)
			break;
		if (needed <= cap || needed > VBGL_HGCM_MAX_BUF_SIZE) {
			ret = -EPROTO;
			break;
		}
		cap = needed;
	}
	if (ret == 0)
		ret = parse_change(buf, needed < cap ? needed : cap, change);
	if (ret == 0) {
		change->timestamp = ts;
		change->missed = status == GP_VWRN_NOT_FOUND;
	}
	free(buf);
	free(pat);
	return ret;
}
