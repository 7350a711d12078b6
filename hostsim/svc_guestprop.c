// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VBoxGuestPropSvc, the guest property service (see svc_guestprop.h).
 *
 * Everything that touches the service state runs on the HGCM service
 * thread: guest calls arrive there, and the host-side functions hop there
 * with hgcm_host_run_sync().  No lock is needed.
 */
#include "config.h"

#include "libvbglr3/vbglr3.h"
#include "hostsim/svc_guestprop.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* A remembered change, for GET_NOTIFICATION. */
struct gp_notif {
	char *name;
	char *value; /* "" for a deletion */
	uint32_t flags;
	uint64_t timestamp;
	bool deleted;
};

/* A GET_NOTIFICATION call waiting for a change. */
struct gp_waiter {
	struct hgcm_call *call;
	struct hgcm_client *client;
	char *patterns;
	int32_t rc; /* VINF_SUCCESS, or VWRN_NOT_FOUND */
};

/* A `ctl guestprop wait` waiting for a change. */
struct gp_host_waiter {
	const char *patterns;
	int wake_fd;		/* eventfd, written when @found is set */
	struct gp_notif *found; /* a copy of the change, or NULL */
};

struct guestprop_svc {
	struct hgcm_host *host;
	GHashTable *props;   /* name -> struct guestprop_prop * */
	GQueue notifs;	     /* struct gp_notif *, oldest first */
	GList *waiters;	     /* struct gp_waiter *, oldest first */
	GList *host_waiters; /* struct gp_host_waiter *, not owned */
	uint64_t last_ts;
};

static const char *const gp_function_names[GUESTPROP_FN_COUNT] = {
	[GUESTPROP_FN_GET_PROP] = "GET_PROP",
	[GUESTPROP_FN_SET_PROP] = "SET_PROP",
	[GUESTPROP_FN_SET_PROP_VALUE] = "SET_PROP_VALUE",
	[GUESTPROP_FN_DEL_PROP] = "DEL_PROP",
	[GUESTPROP_FN_ENUM_PROPS] = "ENUM_PROPS",
	[GUESTPROP_FN_GET_NOTIFICATION] = "GET_NOTIFICATION",
};

/* ---- flags --------------------------------------------------------------- */

/*
 * The grammar itself lives once, in libvbglr3/vbgl_guestprop_flags.c, which
 * the simulator compiles too; these wrappers give the host's status codes.
 */
int guestprop_flags_parse(const char *s, uint32_t *flags)
{
	return vbgl_guestprop_flags_parse(s, flags) ? VERR_PARSE_ERROR :
						      VINF_SUCCESS;
}

int guestprop_flags_format(uint32_t flags,
			   char buf[VBGL_GUESTPROP_MAX_FLAGS_LEN])
{
	return vbgl_guestprop_flags_format(flags, buf,
					   VBGL_GUESTPROP_MAX_FLAGS_LEN) < 0 ?
		       VERR_INVALID_PARAMETER :
		       VINF_SUCCESS;
}

/* ---- patterns ------------------------------------------------------------ */

/* Does the character at @p (before @end) equal the one at @s? */
static bool same_char(const char *p, const char *end, const char *s)
{
	size_t len = (size_t)(g_utf8_next_char(p) - p);

	return (size_t)(end - p) >= len && memcmp(p, s, len) == 0;
}

/*
 * One glob [p, end) against the whole of s: '*' any run, '?' one
 * character.  Greedy with one backtrack point, which suffices for '*'.
 */
static bool glob_match(const char *p, const char *end, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	while (*s) {
		if (p < end && *p == '*') {
			star_p = ++p;
			star_s = s;
		} else if (p < end && (*p == '?' || same_char(p, end, s))) {
			p = g_utf8_next_char(p);
			s = g_utf8_next_char(s);
		} else if (star_p) {
			p = star_p;
			star_s = g_utf8_next_char(star_s);
			s = star_s;
		} else {
			return false;
		}
	}
	while (p < end && *p == '*')
		p++;
	return p == end;
}

bool guestprop_pattern_match(const char *patterns, const char *name)
{
	const char *start = patterns, *bar;

	if (!patterns[0])
		return true;
	for (;;) {
		bar = strchr(start, '|');
		if (glob_match(start, bar ? bar : start + strlen(start), name))
			return true;
		if (!bar)
			return false;
		start = bar + 1;
	}
}

char *guestprop_patterns_from_wire(const char *buf, uint32_t size, int *rc)
{
	char *out;
	uint32_t i, start = 0;

	*rc = VERR_INVALID_PARAMETER;
	if (size == 0 || !memchr(buf, '\0', size))
		return NULL;
	if (size > VBGL_GUESTPROP_MAX_PATTERN_LEN) {
		*rc = VERR_TOO_MUCH_DATA;
		return NULL;
	}
	if (buf[size - 1] != '\0')
		return NULL;
	out = g_malloc(size);
	for (i = 0; i < size - 1; i++) {
		if (buf[i] != '\0') {
			out[i] = buf[i];
			continue;
		}
		if (!g_utf8_validate(buf + start, i - start, NULL))
			goto bad;
		out[i] = '|';
		start = i + 1;
	}
	if (!g_utf8_validate(buf + start, size - 1 - start, NULL))
		goto bad;
	out[size - 1] = '\0';
	*rc = VINF_SUCCESS;
	return out;
bad:
	g_free(out);
	return NULL;
}

/* ---- packing answers ----------------------------------------------------- */

/* Append len bytes at *off if they fit; remember when they did not. */
static void put(char *buf, uint32_t cap, size_t *off, bool *fits,
		const void *data, size_t len)
{
	if (*fits && len <= cap - *off) {
		memcpy(buf + *off, data, len);
		*off += len;
	} else {
		*fits = false;
	}
}

int guestprop_pack_enum(const struct guestprop_prop *const *props, size_t count,
			const char *patterns, char *buf, uint32_t cap,
			uint32_t *needed)
{
	static const char end_mark[4];
	char flags[VBGL_GUESTPROP_MAX_FLAGS_LEN], ts[24];
	size_t i, off = 0, total = 0, entry;
	bool fits = true;

	for (i = 0; i < count; i++) {
		const struct guestprop_prop *p = props[i];
		size_t name_len = strlen(p->name) + 1;
		size_t value_len = strlen(p->value) + 1;
		size_t ts_len, flags_len;

		if (!guestprop_pattern_match(patterns, p->name))
			continue;
		if (guestprop_flags_format(p->flags, flags) < 0)
			return VERR_INVALID_PARAMETER;
		ts_len = (size_t)snprintf(ts, sizeof(ts), "%" PRIu64,
					  p->timestamp) +
			 1;
		flags_len = strlen(flags) + 1;
		entry = name_len + value_len + ts_len + flags_len;
		total += entry;
		/* An entry goes in whole or not at all. */
		if (!fits || entry > cap - off) {
			fits = false;
			continue;
		}
		put(buf, cap, &off, &fits, p->name, name_len);
		put(buf, cap, &off, &fits, p->value, value_len);
		put(buf, cap, &off, &fits, ts, ts_len);
		put(buf, cap, &off, &fits, flags, flags_len);
	}
	total += sizeof(end_mark);
	put(buf, cap, &off, &fits, end_mark, sizeof(end_mark));
	*needed = total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
	return total <= cap ? VINF_SUCCESS : VERR_BUFFER_OVERFLOW;
}

int guestprop_pack_notification(const char *name, const char *value,
				uint32_t flags, bool deleted, char *buf,
				uint32_t cap, uint32_t *needed)
{
	char flag_str[VBGL_GUESTPROP_MAX_FLAGS_LEN];
	size_t name_len = strlen(name) + 1, value_len = strlen(value) + 1;
	size_t flags_len, total, off = 0;
	bool fits = true;

	if (guestprop_flags_format(flags, flag_str) < 0)
		return VERR_INVALID_PARAMETER;
	flags_len = strlen(flag_str) + 1;
	total = name_len + value_len + flags_len + 2;
	*needed = (uint32_t)total;
	if (total > cap)
		return VERR_BUFFER_OVERFLOW;
	put(buf, cap, &off, &fits, name, name_len);
	put(buf, cap, &off, &fits, value, value_len);
	put(buf, cap, &off, &fits, flag_str, flags_len);
	put(buf, cap, &off, &fits, deleted ? "1" : "0", 2);
	return VINF_SUCCESS;
}

/* ---- the store ----------------------------------------------------------- */

void guestprop_prop_clear(struct guestprop_prop *prop)
{
	g_clear_pointer(&prop->name, g_free);
	g_clear_pointer(&prop->value, g_free);
}

static void prop_free(gpointer data)
{
	struct guestprop_prop *p = data;

	guestprop_prop_clear(p);
	g_free(p);
}

static struct guestprop_prop *prop_copy(const struct guestprop_prop *p)
{
	struct guestprop_prop *c = g_new(struct guestprop_prop, 1);

	c->name = g_strdup(p->name);
	c->value = g_strdup(p->value);
	c->timestamp = p->timestamp;
	c->flags = p->flags;
	return c;
}

static void notif_free(gpointer data)
{
	struct gp_notif *n = data;

	g_free(n->name);
	g_free(n->value);
	g_free(n);
}

static struct gp_notif *notif_copy(const struct gp_notif *n)
{
	struct gp_notif *c = g_new(struct gp_notif, 1);

	*c = *n;
	c->name = g_strdup(n->name);
	c->value = g_strdup(n->value);
	return c;
}

static void waiter_free(struct gp_waiter *w)
{
	g_free(w->patterns);
	g_free(w);
}

/* Host time in ns, strictly increasing from call to call. */
static uint64_t gp_now(struct guestprop_svc *svc)
{
	uint64_t ts = (uint64_t)g_get_real_time() * 1000u;

	if (ts <= svc->last_ts)
		ts = svc->last_ts + 1;
	svc->last_ts = ts;
	return ts;
}

/* Names only the host may write; it marks them RDONLYGUEST. */
static bool gp_host_reserved(const char *name)
{
	static const char *const prefixes[] = {
		"/VirtualBox/GuestAdd/VBoxService/",
		"/VirtualBox/GuestAdd/PAM/",
		"/VirtualBox/GuestAdd/Greeter/",
		"/VirtualBox/GuestAdd/SharedFolders/",
		"/VirtualBox/HostInfo/",
		"/VirtualBox/VMInfo/",
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(prefixes); i++) {
		if (g_str_has_prefix(name, prefixes[i]))
			return true;
	}
	return false;
}

/* The answer a waiter gets: its buffer, timestamp and size filled. */
static int gp_write_out(struct hgcm_call *call, const struct gp_notif *n)
{
	uint32_t cap, needed = 0;
	void *buf;
	int rc;

	if (hgcm_call_get_buf(call, 2, HGCM_ACCEPT_WRITABLE, &buf, &cap, NULL) <
	    0)
		return VERR_INVALID_PARAMETER;
	hgcm_call_set_u64(call, 1, n->timestamp);
	rc = guestprop_pack_notification(n->name, n->value, n->flags,
					 n->deleted, buf, cap, &needed);
	hgcm_call_set_u32(call, 3, needed);
	return rc;
}

/* Hand a change to every host wait whose patterns match, and wake it. */
static void gp_wake_host_waiters(struct guestprop_svc *svc,
				 const struct gp_notif *n)
{
	static const uint64_t one = 1;
	GList *l, *next;

	for (l = svc->host_waiters; l; l = next) {
		struct gp_host_waiter *hw = l->data;

		next = l->next;
		if (!guestprop_pattern_match(hw->patterns, n->name))
			continue;
		hw->found = notif_copy(n);
		svc->host_waiters = g_list_delete_link(svc->host_waiters, l);
		if (write(hw->wake_fd, &one, sizeof(one)) < 0)
			g_warning("waking a host wait failed: %s",
				  g_strerror(errno));
	}
}

/*
 * Record a change of @name (its current state in the store, or deleted)
 * and complete every waiter whose patterns match.
 */
static void gp_notify(struct guestprop_svc *svc, const char *name, uint64_t ts)
{
	const struct guestprop_prop *p = g_hash_table_lookup(svc->props, name);
	struct gp_notif *n = g_new0(struct gp_notif, 1);
	GList *l, *next;

	n->name = g_strdup(name);
	n->value = g_strdup(p ? p->value : "");
	n->flags = p ? p->flags : 0;
	n->timestamp = ts;
	n->deleted = !p;

	for (l = svc->waiters; l; l = next) {
		struct gp_waiter *w = l->data;
		int rc;

		next = l->next;
		if (!guestprop_pattern_match(w->patterns, name))
			continue;
		rc = gp_write_out(w->call, n);
		svc->waiters = g_list_delete_link(svc->waiters, l);
		hgcm_call_complete(w->call, rc < 0 ? rc : w->rc);
		waiter_free(w);
	}
	gp_wake_host_waiters(svc, n);

	if (g_queue_get_length(&svc->notifs) >= GUESTPROP_MAX_NOTIFICATIONS)
		notif_free(g_queue_pop_head(&svc->notifs));
	g_queue_push_tail(&svc->notifs, n);
	g_debug("guest property %s %s at %" PRIu64, name, p ? "set" : "deleted",
		ts);
}

static int gp_validate_name(const char *name, size_t size)
{
	if (size < 2 || size > VBGL_GUESTPROP_MAX_NAME_LEN || !name[0])
		return VERR_INVALID_PARAMETER;
	if (memchr(name, '*', size) || memchr(name, '?', size) ||
	    memchr(name, '|', size))
		return VERR_INVALID_PARAMETER;
	return VINF_SUCCESS;
}

/**
 * gp_set - create or change a property.
 * @svc: the service
 * @name: a validated name
 * @value: a validated value
 * @flags: VBGL_GUESTPROP_* bits
 * @guest: the guest writes (else the host)
 *
 * Return: VINF_SUCCESS, VERR_PERMISSION_DENIED or VERR_TOO_MUCH_DATA (no
 * room for another property).
 */
static int gp_set(struct guestprop_svc *svc, const char *name,
		  const char *value, uint32_t flags, bool guest)
{
	struct guestprop_prop *p = g_hash_table_lookup(svc->props, name);
	uint32_t denied = guest ? VBGL_GUESTPROP_RDONLYGUEST :
				  VBGL_GUESTPROP_RDONLYHOST;

	if (p && (p->flags & denied))
		return VERR_PERMISSION_DENIED;
	if (gp_host_reserved(name)) {
		if (guest)
			return VERR_PERMISSION_DENIED;
		flags |= VBGL_GUESTPROP_RDONLYGUEST;
	}
	if (!p) {
		if (g_hash_table_size(svc->props) >= VBGL_GUESTPROP_MAX_PROPS)
			return VERR_TOO_MUCH_DATA;
		p = g_new0(struct guestprop_prop, 1);
		p->name = g_strdup(name);
		g_hash_table_insert(svc->props, p->name, p);
	}
	g_free(p->value);
	p->value = g_strdup(value);
	p->flags = flags;
	p->timestamp = gp_now(svc);
	gp_notify(svc, name, p->timestamp);
	return VINF_SUCCESS;
}

static int gp_delete(struct guestprop_svc *svc, const char *name, bool guest)
{
	struct guestprop_prop *p = g_hash_table_lookup(svc->props, name);
	uint32_t denied = guest ? VBGL_GUESTPROP_RDONLYGUEST :
				  VBGL_GUESTPROP_RDONLYHOST;

	if (!p)
		return VINF_SUCCESS;
	if (p->flags & denied)
		return VERR_PERMISSION_DENIED;
	g_hash_table_remove(svc->props, name);
	gp_notify(svc, name, gp_now(svc));
	return VINF_SUCCESS;
}

static gint prop_cmp(gconstpointer a, gconstpointer b)
{
	const struct guestprop_prop *pa = *(const struct guestprop_prop **)a;
	const struct guestprop_prop *pb = *(const struct guestprop_prop **)b;

	return strcmp(pa->name, pb->name);
}

/* Every property, sorted by name (the array does not own them). */
static GPtrArray *gp_sorted(struct guestprop_svc *svc)
{
	GPtrArray *all = g_ptr_array_sized_new(g_hash_table_size(svc->props));
	GHashTableIter it;
	gpointer value;

	g_hash_table_iter_init(&it, svc->props);
	while (g_hash_table_iter_next(&it, NULL, &value))
		g_ptr_array_add(all, value);
	g_ptr_array_sort(all, prop_cmp);
	return all;
}

/* ---- guest calls --------------------------------------------------------- */

/*
 * A string parameter: a buffer the guest sends, non-empty, with a NUL
 * inside, valid UTF-8 up to it.  *size is the whole buffer's size, which
 * the length limits apply to, as on a VirtualBox host.
 */
static int gp_get_str(struct hgcm_call *call, unsigned int idx,
		      const char **str, uint32_t *size)
{
	const char *nul;
	uint32_t cap;
	void *data;

	if (hgcm_call_get_buf(call, idx, HGCM_ACCEPT_READABLE, &data, &cap,
			      NULL) < 0 ||
	    cap == 0)
		return VERR_INVALID_PARAMETER;
	nul = memchr(data, '\0', cap);
	if (!nul || !g_utf8_validate(data, nul - (const char *)data, NULL))
		return VERR_INVALID_PARAMETER;
	*str = data;
	*size = cap;
	return VINF_SUCCESS;
}

static bool parm_is_u32(struct hgcm_call *call, unsigned int idx)
{
	uint32_t v;

	return hgcm_call_get_u32(call, idx, &v) >= 0;
}

static bool parm_is_u64(struct hgcm_call *call, unsigned int idx)
{
	uint64_t v;

	return hgcm_call_get_u64(call, idx, &v) >= 0;
}

/* GET_PROP(name, buf out, u64 timestamp, u32 size) */
static int gp_fn_get(struct guestprop_svc *svc, struct hgcm_call *call,
		     unsigned int n)
{
	char flags[VBGL_GUESTPROP_MAX_FLAGS_LEN];
	const struct guestprop_prop *p;
	const char *name;
	uint32_t name_size, cap;
	size_t value_len, needed;
	char *buf;
	int rc;

	if (n != 4 || gp_get_str(call, 0, &name, &name_size) < 0 ||
	    hgcm_call_get_buf(call, 1, HGCM_ACCEPT_WRITABLE, (void **)&buf,
			      &cap, NULL) < 0 ||
	    !parm_is_u64(call, 2) || !parm_is_u32(call, 3))
		return VERR_INVALID_PARAMETER;
	rc = gp_validate_name(name, name_size);
	if (rc < 0)
		return rc;
	p = g_hash_table_lookup(svc->props, name);
	if (!p)
		return VERR_NOT_FOUND;
	guestprop_flags_format(p->flags, flags);
	value_len = strlen(p->value) + 1;
	needed = value_len + strlen(flags) + 1;
	hgcm_call_set_u32(call, 3, (uint32_t)needed);
	if (needed > cap)
		return VERR_BUFFER_OVERFLOW;
	memcpy(buf, p->value, value_len);
	memcpy(buf + value_len, flags, needed - value_len);
	hgcm_call_set_u64(call, 2, p->timestamp);
	return VINF_SUCCESS;
}

/* SET_PROP / SET_PROP_VALUE(name, value [, flags]) */
static int gp_fn_set(struct guestprop_svc *svc, struct hgcm_call *call,
		     unsigned int n)
{
	const char *name, *value, *flag_str = NULL;
	uint32_t name_size, value_size, flag_size, flags = 0;
	int rc;

	if (n < 2 || n > 3 || gp_get_str(call, 0, &name, &name_size) < 0 ||
	    gp_get_str(call, 1, &value, &value_size) < 0 ||
	    (n == 3 && gp_get_str(call, 2, &flag_str, &flag_size) < 0))
		return VERR_INVALID_PARAMETER;
	rc = gp_validate_name(name, name_size);
	if (rc < 0)
		return rc;
	if (value_size > VBGL_GUESTPROP_MAX_VALUE_LEN)
		return VERR_TOO_MUCH_DATA;
	if (flag_str) {
		rc = guestprop_flags_parse(flag_str, &flags);
		if (rc < 0)
			return rc;
	}
	return gp_set(svc, name, value, flags, true);
}

/* DEL_PROP(name) */
static int gp_fn_del(struct guestprop_svc *svc, struct hgcm_call *call,
		     unsigned int n)
{
	const char *name;
	uint32_t name_size;
	int rc;

	if (n != 1 || gp_get_str(call, 0, &name, &name_size) < 0)
		return VERR_INVALID_PARAMETER;
	rc = gp_validate_name(name, name_size);
	if (rc < 0)
		return rc;
	return gp_delete(svc, name, true);
}

/* ENUM_PROPS(patterns, buf out, u32 size) */
static int gp_fn_enum(struct guestprop_svc *svc, struct hgcm_call *call,
		      unsigned int n)
{
	const struct guestprop_prop *const *props;
	g_autofree char *patterns = NULL;
	g_autoptr(GPtrArray) all = NULL;
	uint32_t size, cap, needed;
	void *wire, *buf;
	int rc;

	if (n != 3 ||
	    hgcm_call_get_buf(call, 0, HGCM_ACCEPT_READABLE, &wire, &size,
			      NULL) < 0 ||
	    hgcm_call_get_buf(call, 1, HGCM_ACCEPT_WRITABLE, &buf, &cap, NULL) <
		    0 ||
	    !parm_is_u32(call, 2))
		return VERR_INVALID_PARAMETER;
	patterns = guestprop_patterns_from_wire(wire, size, &rc);
	if (!patterns)
		return rc;
	all = gp_sorted(svc);
	props = (const struct guestprop_prop *const *)all->pdata;
	rc = guestprop_pack_enum(props, all->len, patterns, buf, cap, &needed);
	hgcm_call_set_u32(call, 2, needed);
	return rc;
}

/*
 * The first remembered change after @ts that matches, or NULL.  *rc
 * becomes VWRN_NOT_FOUND when @ts is not remembered (then the search
 * starts at the oldest change).
 */
static const struct gp_notif *gp_find_after(struct guestprop_svc *svc,
					    const char *patterns, uint64_t ts,
					    int *rc)
{
	GList *l;

	for (l = svc->notifs.tail; l; l = l->prev) {
		if (((struct gp_notif *)l->data)->timestamp == ts)
			break;
	}
	if (l) {
		*rc = VINF_SUCCESS;
		l = l->next;
	} else {
		*rc = VWRN_NOT_FOUND;
		l = svc->notifs.head;
	}
	for (; l; l = l->next) {
		const struct gp_notif *n = l->data;

		if (guestprop_pattern_match(patterns, n->name))
			return n;
	}
	return NULL;
}

/*
 * Make room for a new wait of @client: an older wait with the same
 * patterns is ended with VERR_INTERRUPTED (a client that cancelled and
 * asked again), as on a VirtualBox host.
 *
 * Return: the client's other pending waits.
 */
static unsigned int gp_prune_waits(struct guestprop_svc *svc,
				   struct hgcm_client *client,
				   const char *patterns)
{
	unsigned int count = 0;
	GList *l, *next;

	for (l = svc->waiters; l; l = next) {
		struct gp_waiter *w = l->data;

		next = l->next;
		if (w->client != client)
			continue;
		if (strcmp(w->patterns, patterns) != 0) {
			count++;
			continue;
		}
		svc->waiters = g_list_delete_link(svc->waiters, l);
		hgcm_call_complete(w->call, VERR_INTERRUPTED);
		waiter_free(w);
	}
	return count;
}

/* GET_NOTIFICATION(patterns, u64 timestamp in/out, buf out, u32 size) */
static int gp_fn_wait(struct guestprop_svc *svc, struct hgcm_client *client,
		      struct hgcm_call *call, unsigned int n)
{
	const struct gp_notif *found;
	struct gp_waiter *w;
	const char *patterns;
	uint32_t pat_size, cap;
	uint64_t ts;
	void *buf;
	int rc = VINF_SUCCESS, rc2;

	if (n != 4 || gp_get_str(call, 0, &patterns, &pat_size) < 0 ||
	    hgcm_call_get_u64(call, 1, &ts) < 0 ||
	    hgcm_call_get_buf(call, 2, HGCM_ACCEPT_WRITABLE, &buf, &cap, NULL) <
		    0 ||
	    !parm_is_u32(call, 3))
		return VERR_INVALID_PARAMETER;
	if (pat_size > VBGL_GUESTPROP_MAX_PATTERN_LEN)
		return VERR_TOO_MUCH_DATA;
	if (ts != 0) {
		found = gp_find_after(svc, patterns, ts, &rc);
		if (found) {
			rc2 = gp_write_out(call, found);
			return rc2 < 0 ? rc2 : rc;
		}
	}
	if (gp_prune_waits(svc, client, patterns) >=
	    GUESTPROP_MAX_WAITS_PER_CLIENT)
		return VERR_OUT_OF_RESOURCES;
	w = g_new0(struct gp_waiter, 1);
	w->call = call;
	w->client = client;
	w->patterns = g_strdup(patterns);
	w->rc = rc;
	svc->waiters = g_list_append(svc->waiters, w);
	return VINF_HGCM_ASYNC_EXECUTE;
}

static void gp_call(struct hgcm_service *hsvc, struct hgcm_client *client,
		    struct hgcm_call *call, uint32_t function,
		    unsigned int parm_count)
{
	struct guestprop_svc *svc = hgcm_service_data(hsvc);
	int rc;

	switch (function) {
	case GUESTPROP_FN_GET_PROP:
		rc = gp_fn_get(svc, call, parm_count);
		break;
	case GUESTPROP_FN_SET_PROP:
	case GUESTPROP_FN_SET_PROP_VALUE:
		rc = gp_fn_set(svc, call, parm_count);
		break;
	case GUESTPROP_FN_DEL_PROP:
		rc = gp_fn_del(svc, call, parm_count);
		break;
	case GUESTPROP_FN_ENUM_PROPS:
		rc = gp_fn_enum(svc, call, parm_count);
		break;
	case GUESTPROP_FN_GET_NOTIFICATION:
		rc = gp_fn_wait(svc, client, call, parm_count);
		break;
	default:
		rc = VERR_NOT_IMPLEMENTED;
		break;
	}
	if (rc != VINF_HGCM_ASYNC_EXECUTE)
		hgcm_call_complete(call, rc);
}

static void gp_cancel(struct hgcm_service *hsvc, struct hgcm_client *client,
		      struct hgcm_call *call)
{
	struct guestprop_svc *svc = hgcm_service_data(hsvc);
	GList *l;

	(void)client;
	for (l = svc->waiters; l; l = l->next) {
		struct gp_waiter *w = l->data;

		if (w->call == call) {
			svc->waiters = g_list_delete_link(svc->waiters, l);
			waiter_free(w);
			return;
		}
	}
}

static void gp_disconnect(struct hgcm_service *hsvc, struct hgcm_client *client)
{
	struct guestprop_svc *svc = hgcm_service_data(hsvc);
	GList *l, *next;

	/*
	 * The client's waits end with it, completed with VERR_INTERRUPTED as
	 * on a VirtualBox host: a thread of the guest blocked in one returns
	 * instead of waiting for a change or its timeout.
	 */
	for (l = svc->waiters; l; l = next) {
		struct gp_waiter *w = l->data;

		next = l->next;
		if (w->client == client) {
			svc->waiters = g_list_delete_link(svc->waiters, l);
			hgcm_call_complete(w->call, VERR_INTERRUPTED);
			waiter_free(w);
		}
	}
}

static void gp_destroy(struct hgcm_service *hsvc)
{
	struct guestprop_svc *svc = hgcm_service_data(hsvc);

	g_list_free_full(svc->waiters, (GDestroyNotify)waiter_free);
	g_queue_clear_full(&svc->notifs, notif_free);
	g_hash_table_destroy(svc->props);
	g_free(svc);
}

static const struct hgcm_service_ops gp_ops = {
	.name = VBGL_GUESTPROP_SERVICE,
	.client_size = 0,
	.function_count = GUESTPROP_FN_COUNT,
	.function_names = gp_function_names,
	.disconnect = gp_disconnect,
	.call = gp_call,
	.cancel = gp_cancel,
	.destroy = gp_destroy,
};

/* ---- host side ----------------------------------------------------------- */

/* One host operation, run on the service thread. */
struct gp_host_op {
	struct guestprop_svc *svc;
	const char *name;
	const char *value;
	const char *flags;
	struct guestprop_prop *prop;
	GPtrArray *list;
	int rc;
};

static void host_get(void *data)
{
	struct gp_host_op *op = data;
	const struct guestprop_prop *p;

	p = g_hash_table_lookup(op->svc->props, op->name);
	if (!p) {
		op->rc = VERR_NOT_FOUND;
		return;
	}
	op->prop->name = g_strdup(p->name);
	op->prop->value = g_strdup(p->value);
	op->prop->timestamp = p->timestamp;
	op->prop->flags = p->flags;
	op->rc = VINF_SUCCESS;
}

/* Host names and values are checked as the guest's would be. */
static int host_check_name(const char *name)
{
	size_t len = strlen(name);

	if (!g_utf8_validate(name, -1, NULL))
		return VERR_INVALID_PARAMETER;
	return gp_validate_name(name, len + 1);
}

static void host_set(void *data)
{
	struct gp_host_op *op = data;
	uint32_t flags = 0;

	op->rc = host_check_name(op->name);
	if (op->rc < 0)
		return;
	if (!g_utf8_validate(op->value, -1, NULL)) {
		op->rc = VERR_INVALID_PARAMETER;
		return;
	}
	if (strlen(op->value) + 1 > VBGL_GUESTPROP_MAX_VALUE_LEN) {
		op->rc = VERR_TOO_MUCH_DATA;
		return;
	}
	op->rc = guestprop_flags_parse(op->flags, &flags);
	if (op->rc < 0)
		return;
	op->rc = gp_set(op->svc, op->name, op->value, flags, false);
}

static void host_delete(void *data)
{
	struct gp_host_op *op = data;

	op->rc = host_check_name(op->name);
	if (op->rc >= 0)
		op->rc = gp_delete(op->svc, op->name, false);
}

static void host_enumerate(void *data)
{
	struct gp_host_op *op = data;
	g_autoptr(GPtrArray) all = gp_sorted(op->svc);
	guint i;

	op->list = g_ptr_array_new_with_free_func(prop_free);
	for (i = 0; i < all->len; i++) {
		const struct guestprop_prop *p = all->pdata[i];

		if (guestprop_pattern_match(op->value, p->name))
			g_ptr_array_add(op->list, prop_copy(p));
	}
	op->rc = VINF_SUCCESS;
}

int guestprop_host_get(struct guestprop_svc *svc, const char *name,
		       struct guestprop_prop *prop)
{
	struct gp_host_op op = { .svc = svc, .name = name, .prop = prop };

	memset(prop, 0, sizeof(*prop));
	hgcm_host_run_sync(svc->host, host_get, &op);
	return op.rc;
}

int guestprop_host_set(struct guestprop_svc *svc, const char *name,
		       const char *value, const char *flags)
{
	struct gp_host_op op = {
		.svc = svc,
		.name = name,
		.value = value,
		.flags = flags,
	};

	hgcm_host_run_sync(svc->host, host_set, &op);
	return op.rc;
}

int guestprop_host_delete(struct guestprop_svc *svc, const char *name)
{
	struct gp_host_op op = { .svc = svc, .name = name };

	hgcm_host_run_sync(svc->host, host_delete, &op);
	return op.rc;
}

int guestprop_host_enumerate(struct guestprop_svc *svc, const char *patterns,
			     GPtrArray **out)
{
	struct gp_host_op op = { .svc = svc, .value = patterns };

	hgcm_host_run_sync(svc->host, host_enumerate, &op);
	*out = op.list;
	return op.rc;
}

/* A host wait's registration, run on the service thread. */
struct gp_host_wait_op {
	struct guestprop_svc *svc;
	struct gp_host_waiter *hw;
	uint64_t since;
};

static void host_wait_add(void *data)
{
	struct gp_host_wait_op *op = data;
	const struct gp_notif *found = NULL;
	int rc;

	if (op->since)
		found = gp_find_after(op->svc, op->hw->patterns, op->since,
				      &rc);
	if (found)
		op->hw->found = notif_copy(found);
	else
		op->svc->host_waiters =
			g_list_append(op->svc->host_waiters, op->hw);
}

static void host_wait_remove(void *data)
{
	struct gp_host_wait_op *op = data;

	op->svc->host_waiters = g_list_remove(op->svc->host_waiters, op->hw);
}

/*
 * Sleep until @wake_fd is written, @abort_fd hangs up or @timeout_ms
 * (negative: no limit) pass.  A hang-up is the peer's close or the
 * server's shutdown(); a client's half-close after its request is not.
 * Return: VINF_SUCCESS, VERR_INTERRUPTED or VERR_TIMEOUT.
 */
static int host_wait_sleep(int wake_fd, int abort_fd, int timeout_ms)
{
	struct pollfd fds[2] = {
		{ .fd = wake_fd, .events = POLLIN },
		{ .fd = abort_fd, .events = 0 },
	};
	gint64 deadline = timeout_ms < 0 ?
				  -1 :
				  g_get_monotonic_time() / 1000 + timeout_ms;
	int left = timeout_ms, ret;

	for (;;) {
		ret = poll(fds, abort_fd >= 0 ? 2 : 1, left);
		if (ret < 0 && errno != EINTR)
			return VERR_INTERRUPTED;
		if (ret > 0 && (fds[0].revents & POLLIN))
			return VINF_SUCCESS;
		if (ret > 0)
			return VERR_INTERRUPTED;
		if (ret == 0)
			return VERR_TIMEOUT;
		if (deadline >= 0)
			left = (int)MAX(
				deadline - g_get_monotonic_time() / 1000, 0);
	}
}

int guestprop_host_wait(struct guestprop_svc *svc, const char *patterns,
			uint64_t since, int timeout_ms, int abort_fd,
			struct guestprop_prop *prop, bool *deleted)
{
	struct gp_host_waiter hw = { .patterns = patterns };
	struct gp_host_wait_op op = { .svc = svc, .hw = &hw, .since = since };
	int rc;

	memset(prop, 0, sizeof(*prop));
	hw.wake_fd = eventfd(0, EFD_CLOEXEC);
	if (hw.wake_fd < 0)
		return VERR_NO_MEMORY;
	hgcm_host_run_sync(svc->host, host_wait_add, &op);
	rc = hw.found ? VINF_SUCCESS :
			host_wait_sleep(hw.wake_fd, abort_fd, timeout_ms);
	hgcm_host_run_sync(svc->host, host_wait_remove, &op);
	close(hw.wake_fd);
	if (!hw.found)
		return rc == VINF_SUCCESS ? VERR_INTERRUPTED : rc;
	prop->name = hw.found->name;
	prop->value = hw.found->value;
	prop->timestamp = hw.found->timestamp;
	prop->flags = hw.found->flags;
	*deleted = hw.found->deleted;
	g_free(hw.found);
	return VINF_SUCCESS;
}

/*
 * The properties a VirtualBox host creates when the VM starts: its
 * version, the reset and resume counters, the sysprep hooks.
 */
static void gp_initial_props(struct guestprop_svc *svc, const char *version,
			     uint32_t revision)
{
	const uint32_t f = VBGL_GUESTPROP_TRANSIENT |
			   VBGL_GUESTPROP_RDONLYGUEST;
	g_autofree char *rev = g_strdup_printf("%u", revision);

	gp_set(svc, "/VirtualBox/HostInfo/VBoxVer", version, f, false);
	gp_set(svc, "/VirtualBox/HostInfo/VBoxVerExt", version, f, false);
	gp_set(svc, "/VirtualBox/HostInfo/VBoxRev", rev, f, false);
	gp_set(svc, "/VirtualBox/VMInfo/ResetCounter", "0", f, false);
	gp_set(svc, "/VirtualBox/VMInfo/ResumeCounter", "0", f, false);
	gp_set(svc, "/VirtualBox/HostGuest/SysprepExec", "", f, false);
	gp_set(svc, "/VirtualBox/HostGuest/SysprepArgs", "", f, false);
}

int guestprop_register(struct hgcm_host *host, const char *version,
		       uint32_t revision, struct guestprop_svc **out)
{
	struct guestprop_svc *svc = g_new0(struct guestprop_svc, 1);
	int rc;

	svc->host = host;
	svc->props =
		g_hash_table_new_full(g_str_hash, g_str_equal, NULL, prop_free);
	g_queue_init(&svc->notifs);
	gp_initial_props(svc, version, revision);
	rc = hgcm_host_register(host, &gp_ops, svc, NULL);
	if (rc < 0) {
		g_queue_clear_full(&svc->notifs, notif_free);
		g_hash_table_destroy(svc->props);
		g_free(svc);
		return rc;
	}
	if (out)
		*out = svc;
	return VINF_SUCCESS;
}

/* ---- `ctl guestprop` ----------------------------------------------------- */

/* Append text with '%' and control characters as %XX. */
static void append_escaped(GString *s, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '%')
			g_string_append_printf(s, "%%%02X", *p);
		else
			g_string_append_c(s, (char)*p);
	}
}

static void ctl_field(GString *out, const char *key, const char *value)
{
	g_string_append_printf(out, " %s: ", key);
	append_escaped(out, value);
	g_string_append_c(out, '\n');
}

static void ctl_prop(GString *out, const struct guestprop_prop *p)
{
	char flags[VBGL_GUESTPROP_MAX_FLAGS_LEN], ts[24];

	guestprop_flags_format(p->flags, flags);
	snprintf(ts, sizeof(ts), "%" PRIu64, p->timestamp);
	ctl_field(out, "name", p->name);
	ctl_field(out, "value", p->value);
	ctl_field(out, "timestamp", ts);
	ctl_field(out, "flags", flags);
}

static char *escaped(const char *text)
{
	GString *s = g_string_new(NULL);

	append_escaped(s, text);
	return g_string_free(s, FALSE);
}

/* The reason for a failed host set or delete, one line. */
static char *ctl_error(int rc, const char *name, const char *flags)
{
	g_autofree char *n = escaped(name);
	g_autofree char *f = escaped(flags ? flags : "");

	switch (rc) {
	case VERR_PERMISSION_DENIED:
		return g_strdup_printf(
			"%s is read-only for the host (RDONLYHOST)", n);
	case VERR_PARSE_ERROR:
		return g_strdup_printf(
			"bad flags '%s' (TRANSIENT, TRANSRESET, RDONLYGUEST, RDONLYHOST, READONLY)",
			f);
	case VERR_TOO_MUCH_DATA:
		return g_strdup_printf(
			"value too long (at most %u bytes) or no room for another property (%u)",
			VBGL_GUESTPROP_MAX_VALUE_LEN - 1,
			VBGL_GUESTPROP_MAX_PROPS);
	case VERR_INVALID_PARAMETER:
		return g_strdup_printf(
			"bad name or value for '%s' (names: 1 to %u bytes of UTF-8 without * ? |)",
			n, VBGL_GUESTPROP_MAX_NAME_LEN - 1);
	default:
		return g_strdup_printf("'%s' failed: VBox status %d", n, rc);
	}
}

static char *ctl_get(struct guestprop_svc *svc, char **args, unsigned int n,
		     GString *out)
{
	struct guestprop_prop p;
	g_autofree char *name = NULL;

	if (n != 1)
		return g_strdup("usage: guestprop get NAME");
	if (guestprop_host_get(svc, args[0], &p) < 0) {
		name = escaped(args[0]);
		return g_strdup_printf("no such property '%s'", name);
	}
	ctl_prop(out, &p);
	guestprop_prop_clear(&p);
	return NULL;
}

static char *ctl_set(struct guestprop_svc *svc, char **args, unsigned int n)
{
	const char *flags = NULL;
	int rc;

	if (n == 4 && strcmp(args[2], "--flags") == 0)
		flags = args[3];
	else if (n != 2)
		return g_strdup(
			"usage: guestprop set NAME VALUE [--flags FLAGS]");
	rc = guestprop_host_set(svc, args[0], args[1], flags);
	return rc < 0 ? ctl_error(rc, args[0], flags) : NULL;
}

static char *ctl_delete(struct guestprop_svc *svc, char **args, unsigned int n)
{
	int rc;

	if (n != 1)
		return g_strdup("usage: guestprop delete NAME");
	rc = guestprop_host_delete(svc, args[0]);
	return rc < 0 ? ctl_error(rc, args[0], NULL) : NULL;
}

static char *ctl_enumerate(struct guestprop_svc *svc, char **args,
			   unsigned int n, GString *out)
{
	g_autoptr(GString) patterns = g_string_new(NULL);
	g_autoptr(GPtrArray) list = NULL;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!g_utf8_validate(args[i], -1, NULL))
			return g_strdup("patterns must be UTF-8");
		g_string_append_printf(patterns, "%s%s", i ? "|" : "", args[i]);
	}
	guestprop_host_enumerate(svc, patterns->str, &list);
	for (i = 0; i < list->len; i++)
		ctl_prop(out, list->pdata[i]);
	g_string_append_printf(out, " count: %u\n", list->len);
	return NULL;
}

#define CTL_WAIT_USAGE \
	"usage: guestprop wait PATTERN [--timeout MS] [--since TIMESTAMP]"

static char *ctl_wait_options(char **args, unsigned int n, int *timeout_ms,
			      uint64_t *since)
{
	guint64 v;
	unsigned int i;

	for (i = 1; i < n; i += 2) {
		if (i + 1 >= n)
			return g_strdup(CTL_WAIT_USAGE);
		if (strcmp(args[i], "--timeout") == 0 &&
		    g_ascii_string_to_unsigned(args[i + 1], 10, 0, INT_MAX, &v,
					       NULL))
			*timeout_ms = (int)v;
		else if (strcmp(args[i], "--since") == 0 &&
			 g_ascii_string_to_unsigned(args[i + 1], 10, 0,
						    UINT64_MAX, &v, NULL))
			*since = v;
		else
			return g_strdup(CTL_WAIT_USAGE);
	}
	return NULL;
}

static char *ctl_wait(struct guestprop_svc *svc, char **args, unsigned int n,
		      int abort_fd, GString *out)
{
	struct guestprop_prop p;
	int timeout_ms = -1;
	uint64_t since = 0;
	bool deleted = false;
	char *err;
	int rc;

	if (n == 0 || n > 5)
		return g_strdup(CTL_WAIT_USAGE);
	err = ctl_wait_options(args, n, &timeout_ms, &since);
	if (err)
		return err;
	if (!g_utf8_validate(args[0], -1, NULL))
		return g_strdup("patterns must be UTF-8");
	rc = guestprop_host_wait(svc, args[0], since, timeout_ms, abort_fd, &p,
				 &deleted);
	if (rc == VERR_TIMEOUT)
		return g_strdup_printf("timed out after %d ms", timeout_ms);
	if (rc < 0)
		return g_strdup("the wait was interrupted");
	ctl_prop(out, &p);
	ctl_field(out, "deleted", deleted ? "yes" : "no");
	guestprop_prop_clear(&p);
	return NULL;
}

char *guestprop_ctl_run(struct guestprop_svc *svc, char **args, unsigned int n,
			int abort_fd, GString *out)
{
	if (n == 0)
		return g_strdup(
			"usage: guestprop get|set|delete|enumerate|wait ...");
	if (strcmp(args[0], "get") == 0)
		return ctl_get(svc, args + 1, n - 1, out);
	if (strcmp(args[0], "set") == 0)
		return ctl_set(svc, args + 1, n - 1);
	if (strcmp(args[0], "delete") == 0)
		return ctl_delete(svc, args + 1, n - 1);
	if (strcmp(args[0], "enumerate") == 0)
		return ctl_enumerate(svc, args + 1, n - 1, out);
	if (strcmp(args[0], "wait") == 0)
		return ctl_wait(svc, args + 1, n - 1, abort_fd, out);
	return g_strdup_printf(
		"unknown guestprop command '%s' (get, set, delete, enumerate, wait)",
		args[0]);
}
