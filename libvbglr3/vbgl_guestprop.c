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
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "libvbglr3/vbgl_guestprop_wire.h"
#include "driver/vbox_status.h"

/* How often a buffer is grown before giving up with -EAGAIN. */
#define GP_MAX_TRIES 10
/* First buffers: most values are short; lists are longer. */
#define GP_GET_FIRST_SIZE  128u
#define GP_ENUM_FIRST_SIZE 4096u
/* A whole notification: name, value, flags and "was deleted" fit. */
#define GP_WAIT_SIZE                                                  \
	(VBGL_GUESTPROP_MAX_NAME_LEN + VBGL_GUESTPROP_MAX_VALUE_LEN + \
	 VBGL_GUESTPROP_MAX_FLAGS_LEN + 1024u)

/* ---- growing the answer buffer ------------------------------------------- */

/*
 * One try of a call that answers into a caller-sized buffer: run it into
 * @buf of @cap bytes and, on 0 or -EOVERFLOW, store the size the host says
 * the answer has (or needs) in *@needed.
 */
typedef int (*gp_try_fn)(void *ctx, char *buf, uint32_t cap, uint32_t *needed);

/**
 * gp_call_grow - run a call, growing its buffer while the host says it is
 * too small.
 * @try: one try of the call
 * @ctx: for @try
 * @cap: the first buffer size
 * @slack: bytes added to the size the host asked for, for answers that may
 *	grow again before the next try
 * @may_retry: false when an answer that did not fit cannot be asked for
 *	again (then -EOVERFLOW is returned at once)
 * @out: receives the buffer holding the answer (the caller frees it)
 * @len: receives the answer's length, never more than the buffer
 *
 * Return: 0; -EOVERFLOW when the answer did not fit and @may_retry is
 * false; -EAGAIN when it kept growing past GP_MAX_TRIES buffers; -EPROTO
 * when the host asks for a size no larger than the one it got, or beyond
 * VBGL_HGCM_MAX_BUF_SIZE; -ENOMEM; the error of @try.
 */
static int gp_call_grow(gp_try_fn try, void *ctx, uint32_t cap, uint32_t slack,
			bool may_retry, char **out, uint32_t *len)
{
	uint32_t needed = 0;
	char *buf = NULL, *grown;
	int ret = -EAGAIN, tries;

	for (tries = 0; tries < GP_MAX_TRIES; tries++) {
		grown = realloc(buf, cap);
		if (!grown) {
			ret = -ENOMEM;
			break;
		}
		buf = grown;
		ret = try(ctx, buf, cap, &needed);
		if (ret != -EOVERFLOW || !may_retry)
			break;
		if (needed <= cap || needed > VBGL_HGCM_MAX_BUF_SIZE) {
			ret = -EPROTO;
			break;
		}
		cap = needed > VBGL_HGCM_MAX_BUF_SIZE - slack ?
			      VBGL_HGCM_MAX_BUF_SIZE :
			      needed + slack;
		ret = -EAGAIN;
	}
	if (ret < 0) {
		free(buf);
		return ret;
	}
	*out = buf;
	*len = needed < cap ? needed : cap;
	return 0;
}

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

/* GET_PROP: the name to look up; the timestamp the answer carries. */
struct gp_get {
	struct vbgl_handle *h;
	uint32_t client_id;
	const char *name;
	uint32_t name_size;
	uint64_t timestamp;
};

/* One GET_PROP try (a gp_try_fn). */
static int get_once(void *ctx, char *buf, uint32_t cap, uint32_t *needed)
{
	struct gp_get *g = ctx;
	struct vbgl_hgcm_call *call;
	int ret;

	ret = vbgl_hgcm_call_new(g->client_id, GUESTPROP_FN_GET_PROP, 4, &call);
	if (ret < 0)
		return ret;
	vbgl_hgcm_set_buf_in(call, 0, g->name, g->name_size);
	vbgl_hgcm_set_buf_out(call, 1, buf, cap);
	vbgl_hgcm_set_u64(call, 2, 0);
	vbgl_hgcm_set_u32(call, 3, 0);
	ret = vbgl_hgcm_call(g->h, call);
	if (ret == 0 || ret == -EOVERFLOW) {
		vbgl_hgcm_get_u32(call, 3, needed);
		vbgl_hgcm_get_u64(call, 2, &g->timestamp);
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
	struct gp_get g = { .h = h, .client_id = client_id, .name = name };
	char *buf;
	uint32_t len;
	int ret;

	if (value)
		*value = NULL;
	ret = check_name(name, &g.name_size);
	if (ret < 0)
		return ret;
	ret = gp_call_grow(get_once, &g, GP_GET_FIRST_SIZE, 0, true, &buf,
			   &len);
	if (ret < 0)
		return ret;
	ret = parse_get(buf, len, value, flags);
	if (ret == 0 && timestamp)
		*timestamp = g.timestamp;
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
	return set_common(h, client_id, GUESTPROP_FN_SET_PROP, name, value,
			  str);
}

int vbgl_guestprop_set_value(struct vbgl_handle *h, uint32_t client_id,
			     const char *name, const char *value)
{
	return set_common(h, client_id, GUESTPROP_FN_SET_PROP_VALUE, name,
			  value, NULL);
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
	ret = vbgl_hgcm_call_new(client_id, GUESTPROP_FN_DEL_PROP, 1, &call);
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
static int walk_enum(const char *buf, uint32_t len, vbgl_guestprop_enum_fn fn,
		     void *opaque)
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

/* ENUM_PROPS: the packed patterns. */
struct gp_enum {
	struct vbgl_handle *h;
	uint32_t client_id;
	const char *patterns;
	uint32_t pat_size;
};

/* One ENUM_PROPS try (a gp_try_fn). */
static int enum_once(void *ctx, char *buf, uint32_t cap, uint32_t *needed)
{
	struct gp_enum *e = ctx;
	struct vbgl_hgcm_call *call;
	int ret;

	ret = vbgl_hgcm_call_new(e->client_id, GUESTPROP_FN_ENUM_PROPS, 3,
				 &call);
	if (ret < 0)
		return ret;
	vbgl_hgcm_set_buf_in(call, 0, e->patterns, e->pat_size);
	vbgl_hgcm_set_buf_out(call, 1, buf, cap);
	vbgl_hgcm_set_u32(call, 2, 0);
	ret = vbgl_hgcm_call(e->h, call);
	if (ret == 0 || ret == -EOVERFLOW)
		vbgl_hgcm_get_u32(call, 2, needed);
	vbgl_hgcm_call_free(call);
	return ret;
}

int vbgl_guestprop_enumerate(struct vbgl_handle *h, uint32_t client_id,
			     const char *const *patterns,
			     vbgl_guestprop_enum_fn fn, void *opaque)
{
	struct gp_enum e = { .h = h, .client_id = client_id };
	char *pat = NULL, *buf;
	uint32_t len;
	int ret;

	if (!fn)
		return -EINVAL;
	/* NUL-separated, as VirtualBox's own library sends them. */
	ret = pack_patterns(patterns, '\0', &pat, &e.pat_size);
	if (ret < 0)
		return ret;
	e.patterns = pat;
	/* Room for a few more properties that may appear meanwhile. */
	ret = gp_call_grow(enum_once, &e, GP_ENUM_FIRST_SIZE, 1024u, true, &buf,
			   &len);
	if (ret == 0) {
		ret = walk_enum(buf, len, fn, opaque);
		free(buf);
	}
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
	if (!s[0][0] || vbgl_guestprop_flags_parse(s[2], &change->flags) < 0)
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

/* GET_NOTIFICATION: what to wait for; what the answer says besides. */
struct gp_wait {
	struct vbgl_handle *h;
	uint32_t client_id;
	const char *patterns;
	uint32_t pat_size;
	uint64_t last_timestamp;
	uint32_t timeout_ms;
	uint64_t timestamp;
	int32_t status;
};

/* One GET_NOTIFICATION try (a gp_try_fn). */
static int wait_once(void *ctx, char *buf, uint32_t cap, uint32_t *needed)
{
	struct gp_wait *w = ctx;
	struct vbgl_hgcm_call *call;
	int ret;

	ret = vbgl_hgcm_call_new(w->client_id, GUESTPROP_FN_GET_NOTIFICATION, 4,
				 &call);
	if (ret < 0)
		return ret;
	w->timestamp = w->last_timestamp;
	vbgl_hgcm_call_set_timeout(call, w->timeout_ms);
	vbgl_hgcm_set_buf_in(call, 0, w->patterns, w->pat_size);
	vbgl_hgcm_set_u64(call, 1, w->timestamp);
	vbgl_hgcm_set_buf_out(call, 2, buf, cap);
	vbgl_hgcm_set_u32(call, 3, 0);
	ret = vbgl_hgcm_call(w->h, call);
	if (ret == 0 || ret == -EOVERFLOW) {
		vbgl_hgcm_get_u64(call, 1, &w->timestamp);
		vbgl_hgcm_get_u32(call, 3, needed);
	}
	w->status = vbgl_hgcm_call_status(call);
	vbgl_hgcm_call_free(call);
	return ret;
}

int vbgl_guestprop_wait(struct vbgl_handle *h, uint32_t client_id,
			const char *const *patterns, uint64_t last_timestamp,
			uint32_t timeout_ms,
			struct vbgl_guestprop_change *change)
{
	struct gp_wait w = {
		.h = h,
		.client_id = client_id,
		.last_timestamp = last_timestamp,
		.timeout_ms = timeout_ms,
	};
	char *pat = NULL, *buf;
	uint32_t len;
	int ret;

	if (!change)
		return -EINVAL;
	memset(change, 0, sizeof(*change));
	/* The host matches waits against the first string only: use '|'. */
	ret = pack_patterns(patterns, '|', &pat, &w.pat_size);
	if (ret < 0)
		return ret;
	w.patterns = pat;
	/*
	 * A change too big for the buffer is only asked for again when the
	 * host can find it again from last_timestamp.
	 */
	ret = gp_call_grow(wait_once, &w, GP_WAIT_SIZE, 0, last_timestamp != 0,
			   &buf, &len);
	if (ret == 0) {
		ret = parse_change(buf, len, change);
		free(buf);
	}
	if (ret == 0) {
		change->timestamp = w.timestamp;
		change->missed = w.status == VWRN_NOT_FOUND;
	}
	free(pat);
	return ret;
}
