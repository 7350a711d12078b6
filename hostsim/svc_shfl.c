// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VBoxSharedFolders: registration, the dispatcher, clients, mappings and
 * the host's share table.
 *
 * Root IDs are the indexes of the 64 mapping slots; a slot's version is
 * bumped whenever it gets a new share, so guests can tell "same ID,
 * different share".  A share the host removes while guests still have it
 * mapped stays as a missing placeholder (no file access; not offered to
 * auto-mounters; not mappable) until its last unmap, as VirtualBox does.
 */
#include "config.h"

#include "hostsim/svc_shfl_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define SHFL_FN_COUNT (SHFL_FN_LAST + 1)

static const char *const shfl_fn_names[SHFL_FN_COUNT] = {
	[SHFL_FN_QUERY_MAPPINGS] = "QUERY_MAPPINGS",
	[SHFL_FN_QUERY_MAP_NAME] = "QUERY_MAP_NAME",
	[SHFL_FN_CREATE] = "CREATE",
	[SHFL_FN_CLOSE] = "CLOSE",
	[SHFL_FN_READ] = "READ",
	[SHFL_FN_WRITE] = "WRITE",
	[SHFL_FN_LOCK] = "LOCK",
	[SHFL_FN_LIST] = "LIST",
	[SHFL_FN_INFORMATION] = "INFORMATION",
	[SHFL_FN_REMOVE] = "REMOVE",
	[SHFL_FN_MAP_FOLDER_OLD] = "MAP_FOLDER_OLD",
	[SHFL_FN_UNMAP_FOLDER] = "UNMAP_FOLDER",
	[SHFL_FN_RENAME] = "RENAME",
	[SHFL_FN_FLUSH] = "FLUSH",
	[SHFL_FN_SET_UTF8] = "SET_UTF8",
	[SHFL_FN_MAP_FOLDER] = "MAP_FOLDER",
	[SHFL_FN_READLINK] = "READLINK",
	[SHFL_FN_SYMLINK] = "SYMLINK",
	[SHFL_FN_SET_SYMLINKS] = "SET_SYMLINKS",
	[SHFL_FN_QUERY_MAP_INFO] = "QUERY_MAP_INFO",
	[SHFL_FN_WAIT_FOR_MAPPINGS_CHANGES] = "WAIT_FOR_MAPPINGS_CHANGES",
	[SHFL_FN_CANCEL_MAPPINGS_CHANGES_WAITS] =
		"CANCEL_MAPPINGS_CHANGES_WAITS",
	[SHFL_FN_SET_FILE_SIZE] = "SET_FILE_SIZE",
	[SHFL_FN_QUERY_FEATURES] = "QUERY_FEATURES",
	[SHFL_FN_COPY_FILE] = "COPY_FILE",
	[SHFL_FN_COPY_FILE_PART] = "COPY_FILE_PART",
	[SHFL_FN_CLOSE_AND_REMOVE] = "CLOSE_AND_REMOVE",
	[SHFL_FN_SET_ERROR_STYLE] = "SET_ERROR_STYLE",
};

/* A parked WAIT_FOR_MAPPINGS_CHANGES. */
struct shfl_wait {
	struct hgcm_call *call;
	struct shfl_client *client;
};

/* ---- parameters ---------------------------------------------------------- */

static int type_status(int rc, bool strict)
{
	return rc == VERR_WRONG_PARAMETER_TYPE && !strict ?
		       VERR_INVALID_PARAMETER :
		       rc;
}

int shfl_get_u32(struct hgcm_call *call, unsigned int idx, bool strict,
		 uint32_t *v)
{
	return type_status(hgcm_call_get_u32(call, idx, v), strict);
}

int shfl_get_u64(struct hgcm_call *call, unsigned int idx, bool strict,
		 uint64_t *v)
{
	return type_status(hgcm_call_get_u64(call, idx, v), strict);
}

int shfl_get_buf(struct hgcm_call *call, unsigned int idx, bool strict,
		 unsigned int accept, void **data, uint32_t *cb)
{
	return type_status(hgcm_call_get_buf(call, idx, accept, data, cb, NULL),
			   strict);
}

/* ---- roots --------------------------------------------------------------- */

static struct shfl_root *root_get(struct shfl_svc *svc, uint32_t root)
{
	if (root >= SHFL_MAX_MAPPINGS || !svc->roots[root].valid)
		return NULL;
	return &svc->roots[root];
}

int shfl_root_for_path(struct shfl_client *c, uint32_t root,
		       struct shfl_root **out)
{
	struct shfl_root *r = root_get(c->svc, root);

	if (!r || !c->maps[root])
		return VERR_INVALID_PARAMETER;
	if (r->missing)
		return VERR_NOT_FOUND;
	*out = r;
	return VINF_SUCCESS;
}

int shfl_guest_path(struct shfl_client *c, uint32_t root, const char *path,
		    struct shfl_root **r, char **rel)
{
	int rc = shfl_root_for_path(c, root, r);

	if (rc < 0)
		return rc;
	return shfl_path_from_guest(c, path, rel);
}

/* Tell every parked waiter the mapping set changed (service thread). */
static void mappings_changed(struct shfl_svc *svc)
{
	struct shfl_wait *w;

	svc->config_version++;
	while ((w = g_queue_pop_head(&svc->waits))) {
		hgcm_call_set_u32(w->call, 0, svc->config_version);
		/* 7.0.14 completes woken waits with VERR_CANCELLED too. */
		hgcm_call_complete(w->call, VERR_CANCELLED);
		g_free(w);
	}
}

static void root_clear(struct shfl_svc *svc, uint32_t root)
{
	struct shfl_root *r = &svc->roots[root];

	if (r->root_fd >= 0)
		close(r->root_fd);
	shfl_share_spec_clear(&r->spec);
	memset(r, 0, sizeof(*r));
	r->root_fd = -1;
}

/* ---- mapping functions --------------------------------------------------- */

static int fn_query_mappings(struct shfl_client *c, struct hgcm_call *call)
{
	struct shfl_svc *svc = c->svc;
	uint32_t flags, slots, count = 0, i;
	uint32_t cb;
	void *buf;
	int rc;

	if ((rc = shfl_get_u32(call, 0, false, &flags)) < 0 ||
	    (rc = shfl_get_u32(call, 1, false, &slots)) < 0 ||
	    (rc = shfl_get_buf(call, 2, false, HGCM_ACCEPT_ANY, &buf, &cb)) < 0)
		return rc;
	if ((flags & ~SHFL_MF_VALID_MASK) ||
	    cb / sizeof(struct shfl_mapping) != slots)
		return VERR_INVALID_PARAMETER;
	if (flags & SHFL_MF_UTF8)
		c->utf8 = true;
	for (i = 0; i < SHFL_MAX_MAPPINGS; i++) {
		const struct shfl_root *r = &svc->roots[i];
		struct shfl_mapping m = { .status = SHFL_MS_NEW, .root = i };

		if (!r->valid || ((flags & SHFL_MF_AUTOMOUNT) &&
				  (!r->spec.auto_mount || r->missing)))
			continue;
		if (count < slots)
			memcpy((uint8_t *)buf + count * sizeof(m), &m,
			       sizeof(m));
		count++;
	}
	hgcm_call_set_u32(call, 1, count);
	return slots < count ? VINF_BUFFER_OVERFLOW : VINF_SUCCESS;
}

static int fn_query_map_name(struct shfl_client *c, struct hgcm_call *call)
{
	struct shfl_root *r;
	uint32_t root, cb;
	uint16_t size;
	glong units;
	void *buf;
	int rc;

	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0 ||
	    (rc = shfl_get_buf(call, 1, false, HGCM_ACCEPT_ANY, &buf, &cb)) < 0)
		return rc;
	if (!shfl_str_out_valid(buf, cb))
		return VERR_INVALID_PARAMETER;
	r = root_get(c->svc, root);
	if (!r)
		return VERR_INVALID_PARAMETER;
	if (!c->utf8) {
		/* UTF-16 clients must offer room for the whole stored name. */
		memcpy(&size, buf, sizeof(size));
		g_free(g_utf8_to_utf16(r->spec.name, -1, NULL, &units, NULL));
		if (size < units * 2 + 2)
			return VERR_INVALID_PARAMETER;
	}
	return shfl_str_out(c, buf, r->spec.name);
}

/* Case-insensitive share-name comparison. */
static bool names_equal(const char *a, const char *b)
{
	g_autofree char *fa = g_utf8_casefold(a, -1);
	g_autofree char *fb = g_utf8_casefold(b, -1);

	return strcmp(fa, fb) == 0;
}

/* MAP_FOLDER's fudge: UTF-16 names whose length counts the terminator. */
static int map_name_in(struct shfl_client *c, void *buf, uint32_t cb,
		       const char **name, char **tofree)
{
	uint8_t *p = buf;
	uint16_t len;
	int rc;

	rc = shfl_str_in(c, buf, cb, name, tofree);
	if (rc >= 0 || c->utf8 || cb < sizeof(struct shfl_string))
		return rc;
	memcpy(&len, p + 2, sizeof(len));
	if (len < 2 || len > cb - SHFL_STRING_HDR_SIZE ||
	    p[SHFL_STRING_HDR_SIZE + len - 2] ||
	    p[SHFL_STRING_HDR_SIZE + len - 1])
		return rc;
	len -= 2;
	memcpy(p + 2, &len, sizeof(len));
	rc = shfl_str_in(c, buf, cb, name, tofree);
	if (rc < 0) {
		len += 2;
		memcpy(p + 2, &len, sizeof(len));
	}
	return rc;
}

static int map_folder(struct shfl_client *c, struct hgcm_call *call,
		      bool with_case)
{
	struct shfl_svc *svc = c->svc;
	uint32_t cb, delim, cs = 0, i;
	g_autofree char *tofree = NULL;
	struct shfl_root *r = NULL;
	const char *name;
	void *buf;
	int rc;

	if ((rc = shfl_get_buf(call, 0, false, HGCM_ACCEPT_ANY, &buf, &cb)) <
		    0 ||
	    (rc = shfl_get_u32(call, 1, false, &i)) < 0 ||
	    (rc = shfl_get_u32(call, 2, false, &delim)) < 0 ||
	    (with_case && (rc = shfl_get_u32(call, 3, false, &cs)) < 0))
		return rc;
	rc = with_case ? map_name_in(c, buf, cb, &name, &tofree) :
			 shfl_str_in(c, buf, cb, &name, &tofree);
	if (rc < 0)
		return rc;
	if (delim != SHFL_DELIM_SLASH && delim != SHFL_DELIM_BACKSLASH)
		return VERR_INVALID_PARAMETER;
	if (!c->delim)
		c->delim = delim;
	else if (c->delim != delim)
		return VERR_INVALID_PARAMETER;
	for (i = 0; i < SHFL_MAX_MAPPINGS; i++) {
		if (svc->roots[i].valid && !svc->roots[i].missing &&
		    names_equal(svc->roots[i].spec.name, name)) {
			r = &svc->roots[i];
			break;
		}
	}
	if (!r)
		return VERR_FILE_NOT_FOUND;
	if (c->maps[i] >= SHFL_SIM_MAX_CLIENT_MAPS)
		return VERR_TOO_MANY_OPENS;
	if (r->maps && r->guest_case_sensitive != !!cs)
		return VERR_INCOMPATIBLE_CONFIG;
	c->maps[i]++;
	r->maps++;
	r->guest_case_sensitive = !!cs;
	hgcm_call_set_u32(call, 1, i);
	return VINF_SUCCESS;
}

/* One unmap of root by c (client map count already checked). */
static void unmap_one(struct shfl_client *c, uint32_t root)
{
	struct shfl_svc *svc = c->svc;
	struct shfl_root *r = &svc->roots[root];

	c->maps[root]--;
	if (r->maps)
		r->maps--;
	if (r->maps == 0 && r->missing) {
		root_clear(svc, root);
		mappings_changed(svc);
	}
}

static int fn_unmap_folder(struct shfl_client *c, struct hgcm_call *call)
{
	uint32_t root;
	int rc;

	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0)
		return rc;
	if (!root_get(c->svc, root))
		return VERR_FILE_NOT_FOUND;
	if (!c->maps[root])
		return VERR_INVALID_HANDLE;
	unmap_one(c, root);
	return VINF_SUCCESS;
}

static int fn_query_map_info(struct shfl_client *c, struct hgcm_call *call)
{
	void *name_buf, *mp_buf;
	uint32_t root, cb_name, cb_mp, ignored;
	struct shfl_root *r;
	uint64_t flags;
	int rc, rc2;

	if (shfl_get_u32(call, 0, false, &root) < 0 ||
	    shfl_get_buf(call, 1, false, HGCM_ACCEPT_ANY, &name_buf, &cb_name) <
		    0 ||
	    !shfl_str_out_valid(name_buf, cb_name) ||
	    shfl_get_buf(call, 2, false, HGCM_ACCEPT_ANY, &mp_buf, &cb_mp) <
		    0 ||
	    !shfl_str_out_valid(mp_buf, cb_mp) ||
	    shfl_get_u64(call, 3, false, &flags) < 0 ||
	    (flags & ~SHFL_MIQF_VALID_MASK) ||
	    shfl_get_u32(call, 4, false, &ignored) < 0)
		return VERR_INVALID_PARAMETER;
	r = root_get(c->svc, root);
	if (!r)
		return VERR_INVALID_PARAMETER;
	flags = 0;
	if (!r->spec.read_only)
		flags |= SHFL_MIF_WRITABLE;
	if (r->spec.auto_mount)
		flags |= SHFL_MIF_AUTO_MOUNT;
	/* Set as 7.0.14 sets them (see vbgl_shfl_wire.h). */
	if (r->host_case_sensitive)
		flags |= SHFL_MIF_HOST_ICASE;
	if (r->guest_case_sensitive)
		flags |= SHFL_MIF_GUEST_ICASE;
	if (r->spec.symlinks)
		flags |= SHFL_MIF_SYMLINK_CREATION;
	hgcm_call_set_u64(call, 3, flags);
	hgcm_call_set_u32(call, 4, c->svc->root_version[root]);
	rc = shfl_str_out(c, name_buf, r->spec.name);
	rc2 = shfl_str_out(c, mp_buf, r->spec.mount_point);
	return rc < 0 ? rc : rc2;
}

static int fn_wait(struct shfl_client *c, struct hgcm_call *call)
{
	struct shfl_svc *svc = c->svc;
	struct shfl_wait *w;
	uint32_t version;

	if (shfl_get_u32(call, 0, false, &version) < 0)
		return VERR_INVALID_PARAMETER;
	if (version != svc->config_version || c->cancel_next_wait) {
		hgcm_call_set_u32(call, 0, svc->config_version);
		if (c->cancel_next_wait) {
			c->cancel_next_wait = false;
			return VERR_CANCELLED;
		}
		return VINF_SUCCESS;
	}
	if (g_queue_get_length(&svc->waits) >= SHFL_SIM_MAX_WAITS)
		return VERR_OUT_OF_RESOURCES;
	w = g_new0(struct shfl_wait, 1);
	w->call = call;
	w->client = c;
	g_queue_push_tail(&svc->waits, w);
	return VINF_HGCM_ASYNC_EXECUTE;
}

static int fn_cancel_waits(struct shfl_client *c)
{
	struct shfl_svc *svc = c->svc;
	GList *l = svc->waits.head, *next;

	for (; l; l = next) {
		struct shfl_wait *w = l->data;

		next = l->next;
		if (w->client != c)
			continue;
		g_queue_delete_link(&svc->waits, l);
		hgcm_call_set_u32(w->call, 0, svc->config_version);
		hgcm_call_complete(w->call, VERR_CANCELLED);
		g_free(w);
	}
	c->cancel_next_wait = true;
	return VINF_SUCCESS;
}

static int fn_query_features(struct hgcm_call *call)
{
	uint64_t f;
	uint32_t last;
	int rc;

	if ((rc = shfl_get_u64(call, 0, true, &f)) < 0 ||
	    (rc = shfl_get_u32(call, 1, true, &last)) < 0)
		return rc;
	hgcm_call_set_u64(call, 0, SHFL_FEATURE_WRITE_UPDATES_OFFSET);
	hgcm_call_set_u32(call, 1, SHFL_FN_LAST);
	return VINF_SUCCESS;
}

static int fn_set_error_style(struct shfl_client *c, struct hgcm_call *call)
{
	uint32_t style, reserved;
	int rc;

	if ((rc = shfl_get_u32(call, 0, true, &style)) < 0)
		return rc;
	if (style != SHFL_ERROR_STYLE_WINDOWS &&
	    style != SHFL_ERROR_STYLE_LINUX)
		return VERR_WRONG_PARAMETER_TYPE;
	if ((rc = shfl_get_u32(call, 1, true, &reserved)) < 0)
		return rc;
	if (reserved)
		return VERR_WRONG_PARAMETER_TYPE;
	c->error_style = style;
	return VINF_SUCCESS;
}

/* ---- the dispatcher ------------------------------------------------------ */

/*
 * Parameter counts: > 0 checked with VERR_INVALID_PARAMETER (old-style),
 * < 0 checked with VERR_WRONG_PARAMETER_COUNT (the newer functions), 0 for
 * the functions that take none (SET_UTF8 and SET_SYMLINKS do not check).
 */
static const int shfl_parm_counts[SHFL_FN_COUNT] = {
	[SHFL_FN_QUERY_MAPPINGS] = SHFL_CPARMS_QUERY_MAPPINGS,
	[SHFL_FN_QUERY_MAP_NAME] = SHFL_CPARMS_QUERY_MAP_NAME,
	[SHFL_FN_CREATE] = SHFL_CPARMS_CREATE,
	[SHFL_FN_CLOSE] = SHFL_CPARMS_CLOSE,
	[SHFL_FN_READ] = -SHFL_CPARMS_READ,
	[SHFL_FN_WRITE] = -SHFL_CPARMS_WRITE,
	[SHFL_FN_LOCK] = SHFL_CPARMS_LOCK,
	[SHFL_FN_LIST] = SHFL_CPARMS_LIST,
	[SHFL_FN_INFORMATION] = SHFL_CPARMS_INFORMATION,
	[SHFL_FN_REMOVE] = -SHFL_CPARMS_REMOVE,
	[SHFL_FN_MAP_FOLDER_OLD] = SHFL_CPARMS_MAP_FOLDER_OLD,
	[SHFL_FN_UNMAP_FOLDER] = SHFL_CPARMS_UNMAP_FOLDER,
	[SHFL_FN_RENAME] = SHFL_CPARMS_RENAME,
	[SHFL_FN_FLUSH] = SHFL_CPARMS_FLUSH,
	[SHFL_FN_MAP_FOLDER] = SHFL_CPARMS_MAP_FOLDER,
	[SHFL_FN_READLINK] = SHFL_CPARMS_READLINK,
	[SHFL_FN_SYMLINK] = SHFL_CPARMS_SYMLINK,
	[SHFL_FN_QUERY_MAP_INFO] = SHFL_CPARMS_QUERY_MAP_INFO,
	[SHFL_FN_WAIT_FOR_MAPPINGS_CHANGES] =
		SHFL_CPARMS_WAIT_FOR_MAPPINGS_CHANGES,
	[SHFL_FN_SET_FILE_SIZE] = -SHFL_CPARMS_SET_FILE_SIZE,
	[SHFL_FN_QUERY_FEATURES] = -SHFL_CPARMS_QUERY_FEATURES,
	[SHFL_FN_COPY_FILE] = -SHFL_CPARMS_COPY_FILE,
	[SHFL_FN_COPY_FILE_PART] = -SHFL_CPARMS_COPY_FILE_PART,
	[SHFL_FN_CLOSE_AND_REMOVE] = -SHFL_CPARMS_CLOSE_AND_REMOVE,
	[SHFL_FN_SET_ERROR_STYLE] = -SHFL_CPARMS_SET_ERROR_STYLE,
};

static int check_count(uint32_t fn, unsigned int n)
{
	int want = shfl_parm_counts[fn];

	if (fn == SHFL_FN_CANCEL_MAPPINGS_CHANGES_WAITS)
		return n ? VERR_INVALID_PARAMETER : VINF_SUCCESS;
	if (want > 0 && n != (unsigned int)want)
		return VERR_INVALID_PARAMETER;
	if (want < 0 && n != (unsigned int)-want)
		return VERR_WRONG_PARAMETER_COUNT;
	return VINF_SUCCESS;
}

static int dispatch(struct shfl_client *c, struct hgcm_call *call, uint32_t fn,
		    unsigned int n)
{
	switch (fn) {
	case SHFL_FN_QUERY_MAPPINGS:
		return fn_query_mappings(c, call);
	case SHFL_FN_QUERY_MAP_NAME:
		return fn_query_map_name(c, call);
	case SHFL_FN_CREATE:
		return shfl_fn_create(c, call, n);
	case SHFL_FN_CLOSE:
		return shfl_fn_close(c, call, n);
	case SHFL_FN_READ:
		return shfl_fn_read(c, call, n);
	case SHFL_FN_WRITE:
		return shfl_fn_write(c, call, n);
	case SHFL_FN_LOCK:
		return shfl_fn_lock(c, call, n);
	case SHFL_FN_LIST:
		return shfl_fn_list(c, call, n);
	case SHFL_FN_INFORMATION:
		return shfl_fn_information(c, call, n);
	case SHFL_FN_REMOVE:
		return shfl_fn_remove(c, call, n);
	case SHFL_FN_MAP_FOLDER_OLD:
		return map_folder(c, call, false);
	case SHFL_FN_UNMAP_FOLDER:
		return fn_unmap_folder(c, call);
	case SHFL_FN_RENAME:
		return shfl_fn_rename(c, call, n);
	case SHFL_FN_FLUSH:
		return shfl_fn_flush(c, call, n);
	case SHFL_FN_SET_UTF8:
		c->utf8 = true;
		return VINF_SUCCESS;
	case SHFL_FN_MAP_FOLDER:
		return map_folder(c, call, true);
	case SHFL_FN_READLINK:
		return shfl_fn_readlink(c, call, n);
	case SHFL_FN_SYMLINK:
		return shfl_fn_symlink(c, call, n);
	case SHFL_FN_SET_SYMLINKS:
		c->show_symlinks = true;
		return VINF_SUCCESS;
	case SHFL_FN_QUERY_MAP_INFO:
		return fn_query_map_info(c, call);
	case SHFL_FN_WAIT_FOR_MAPPINGS_CHANGES:
		return fn_wait(c, call);
	case SHFL_FN_CANCEL_MAPPINGS_CHANGES_WAITS:
		return fn_cancel_waits(c);
	case SHFL_FN_SET_FILE_SIZE:
		return shfl_fn_set_file_size(c, call, n);
	case SHFL_FN_QUERY_FEATURES:
		return fn_query_features(call);
	case SHFL_FN_COPY_FILE:
		return shfl_fn_copy_file(c, call, n);
	case SHFL_FN_COPY_FILE_PART:
		return shfl_fn_copy_file_part(c, call, n);
	case SHFL_FN_CLOSE_AND_REMOVE:
		return shfl_fn_close_and_remove(c, call, n);
	case SHFL_FN_SET_ERROR_STYLE:
		return fn_set_error_style(c, call);
	default:
		return VERR_NOT_IMPLEMENTED;
	}
}

static void shfl_call(struct hgcm_service *svc, struct hgcm_client *client,
		      struct hgcm_call *call, uint32_t fn,
		      unsigned int parm_count)
{
	struct shfl_client *c = hgcm_client_data(client);
	int rc;

	(void)svc;
	if (fn == 0 || fn >= SHFL_FN_COUNT || !shfl_fn_names[fn])
		rc = VERR_NOT_IMPLEMENTED;
	else
		rc = check_count(fn, parm_count);
	if (rc >= 0 && fn < SHFL_FN_COUNT && shfl_fn_names[fn])
		rc = dispatch(c, call, fn, parm_count);
	if (rc != VINF_HGCM_ASYNC_EXECUTE)
		hgcm_call_complete(call, rc);
}

static int shfl_connect(struct hgcm_service *svc, struct hgcm_client *client)
{
	struct shfl_client *c = hgcm_client_data(client);

	c->svc = hgcm_service_data(svc);
	c->id = hgcm_client_id(client);
	/* A POSIX host answers Linux-style until told otherwise. */
	c->error_style = SHFL_ERROR_STYLE_LINUX;
	return VINF_SUCCESS;
}

/* Forget c's parked waits without completing them. */
static void drop_waits(struct shfl_svc *svc, struct shfl_client *c,
		       struct hgcm_call *only)
{
	GList *l = svc->waits.head, *next;

	for (; l; l = next) {
		struct shfl_wait *w = l->data;

		next = l->next;
		if (w->client == c && (!only || w->call == only)) {
			g_queue_delete_link(&svc->waits, l);
			g_free(w);
		}
	}
}

static void shfl_cancel(struct hgcm_service *svc, struct hgcm_client *client,
			struct hgcm_call *call)
{
	drop_waits(hgcm_service_data(svc), hgcm_client_data(client), call);
}

static void shfl_disconnect(struct hgcm_service *svc,
			    struct hgcm_client *client)
{
	struct shfl_client *c = hgcm_client_data(client);
	uint32_t i;

	drop_waits(hgcm_service_data(svc), c, NULL);
	shfl_handle_free_client(c);
	for (i = 0; i < SHFL_MAX_MAPPINGS; i++) {
		while (c->maps[i])
			unmap_one(c, i);
	}
}

static void shfl_destroy(struct hgcm_service *hsvc)
{
	struct shfl_svc *svc = hgcm_service_data(hsvc);
	uint32_t i;

	for (i = 1; i < SHFL_SIM_MAX_HANDLES; i++) {
		if (svc->handles[i])
			shfl_handle_free(svc, i);
	}
	for (i = 0; i < SHFL_MAX_MAPPINGS; i++)
		root_clear(svc, i);
	g_queue_clear_full(&svc->waits, g_free);
	g_free(svc);
}

static const struct hgcm_service_ops shfl_ops = {
	.name = SHFL_SERVICE_NAME,
	.client_size = sizeof(struct shfl_client),
	.function_count = SHFL_FN_COUNT,
	.function_names = shfl_fn_names,
	.connect = shfl_connect,
	.disconnect = shfl_disconnect,
	.call = shfl_call,
	.cancel = shfl_cancel,
	.destroy = shfl_destroy,
};

/* Every open handle needs a descriptor: allow as many as the hard limit. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			g_info("cannot raise the open-file limit: %s",
			       g_strerror(errno));
	}
}

int shfl_svc_register(struct hgcm_host *host, struct shfl_svc **out)
{
	struct shfl_svc *svc = g_new0(struct shfl_svc, 1);
	uint32_t i;
	int rc;

	svc->host = host;
	g_queue_init(&svc->waits);
	for (i = 0; i < SHFL_MAX_MAPPINGS; i++)
		svc->roots[i].root_fd = -1;
	shfl_path_init(svc);
	raise_fd_limit();
	rc = hgcm_host_register(host, &shfl_ops, svc, NULL);
	if (rc < 0) {
		g_free(svc);
		return rc;
	}
	if (out)
		*out = svc;
	return VINF_SUCCESS;
}

/* ---- the host's share table ---------------------------------------------- */

bool shfl_share_name_valid(const char *name)
{
	const char *p;

	if (!name[0] || strlen(name) > SHFL_SIM_NAME_MAX ||
	    !g_utf8_validate(name, -1, NULL))
		return false;
	for (p = name; *p; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);

		if (g_unichar_iscntrl(ch) ||
		    (ch < 0x80 && strchr("/\\:=", (int)ch)))
			return false;
	}
	return true;
}

void shfl_share_spec_clear(struct shfl_share_spec *spec)
{
	g_clear_pointer(&spec->name, g_free);
	g_clear_pointer(&spec->path, g_free);
	g_clear_pointer(&spec->mount_point, g_free);
}

static bool mount_point_valid(const char *mp)
{
	const char *p;

	if (strlen(mp) > SHFL_SIM_MOUNT_POINT_MAX ||
	    !g_utf8_validate(mp, -1, NULL))
		return false;
	for (p = mp; *p; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);

		if (g_unichar_iscntrl(ch) || ch == ',')
			return false;
	}
	return true;
}

bool shfl_share_spec_parse(const char *arg, struct shfl_share_spec *spec,
			   GError **error)
{
	g_auto(GStrv) words = NULL;
	const char *eq = strchr(arg, '=');
	guint i;

	memset(spec, 0, sizeof(*spec));
	if (!eq) {
		g_set_error(
			error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			"bad share '%s' (want NAME=PATH[,ro][,auto][,symlinks][,mountpoint=MP])",
			arg);
		return false;
	}
	spec->name = g_strndup(arg, (gsize)(eq - arg));
	words = g_strsplit(eq + 1, ",", -1);
	spec->path = g_strdup(words[0]);
	for (i = 1; words[i]; i++) {
		if (strcmp(words[i], "ro") == 0)
			spec->read_only = true;
		else if (strcmp(words[i], "auto") == 0)
			spec->auto_mount = true;
		else if (strcmp(words[i], "symlinks") == 0)
			spec->symlinks = true;
		else if (g_str_has_prefix(words[i], "mountpoint=") &&
			 !spec->mount_point)
			spec->mount_point = g_strdup(words[i] + 11);
		else {
			g_set_error(error, G_OPTION_ERROR,
				    G_OPTION_ERROR_BAD_VALUE,
				    "bad share option '%s' in '%s'", words[i],
				    arg);
			shfl_share_spec_clear(spec);
			return false;
		}
	}
	return true;
}

struct add_job {
	struct shfl_svc *svc;
	struct shfl_share_spec spec; /* taken over on success */
	int root_fd;
	uint32_t root;
	char *error;
};

static void add_on_thread(void *data)
{
	struct add_job *job = data;
	struct shfl_svc *svc = job->svc;
	struct shfl_root *r;
	uint32_t i, slot = SHFL_MAX_MAPPINGS;

	for (i = 0; i < SHFL_MAX_MAPPINGS; i++) {
		r = &svc->roots[i];
		if (r->valid && !r->missing &&
		    names_equal(r->spec.name, job->spec.name)) {
			job->error = g_strdup_printf(
				"a share named '%s' exists", r->spec.name);
			return;
		}
		if (!r->valid && slot == SHFL_MAX_MAPPINGS)
			slot = i;
	}
	if (slot == SHFL_MAX_MAPPINGS) {
		job->error = g_strdup_printf("no room for more than %u shares",
					     SHFL_MAX_MAPPINGS);
		return;
	}
	r = &svc->roots[slot];
	r->valid = true;
	r->spec = job->spec;
	memset(&job->spec, 0, sizeof(job->spec));
	r->root_fd = job->root_fd;
	job->root_fd = -1;
	r->host_case_sensitive = true;
	svc->root_version[slot]++;
	job->root = slot;
	mappings_changed(svc);
}

bool shfl_svc_add_share(struct shfl_svc *svc,
			const struct shfl_share_spec *spec, uint32_t *root,
			GError **error)
{
	struct add_job job = { .svc = svc, .root_fd = -1 };
	char real[PATH_MAX];
	struct stat st;

	if (!shfl_share_name_valid(spec->name)) {
		g_set_error(
			error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			"bad share name '%s' (1-%u bytes; no control characters, / \\ : =)",
			spec->name, SHFL_SIM_NAME_MAX);
		return false;
	}
	if (spec->mount_point && !mount_point_valid(spec->mount_point)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "bad mount point '%s'", spec->mount_point);
		return false;
	}
	if (!spec->path || !realpath(spec->path, real) ||
	    stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
			    "share path '%s' is not a directory",
			    spec->path ? spec->path : "");
		return false;
	}
	job.root_fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (job.root_fd < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot open share path '%s': %s", real,
			    g_strerror(errno));
		return false;
	}
	job.spec.name = g_strdup(spec->name);
	job.spec.path = g_strdup(real);
	job.spec.mount_point =
		g_strdup(spec->mount_point ? spec->mount_point : "");
	job.spec.read_only = spec->read_only;
	job.spec.auto_mount = spec->auto_mount;
	job.spec.symlinks = spec->symlinks;
	hgcm_host_run_sync(svc->host, add_on_thread, &job);
	shfl_share_spec_clear(&job.spec);
	if (job.root_fd >= 0)
		close(job.root_fd);
	if (job.error) {
		g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
				    job.error);
		g_free(job.error);
		return false;
	}
	g_info("share '%s' -> %s%s%s%s as root %u", spec->name, real,
	       spec->read_only ? " ro" : "", spec->auto_mount ? " auto" : "",
	       spec->symlinks ? " symlinks" : "", job.root);
	if (root)
		*root = job.root;
	return true;
}

struct remove_job {
	struct shfl_svc *svc;
	const char *name;
	bool found;
	bool missing;
};

static void remove_on_thread(void *data)
{
	struct remove_job *job = data;
	struct shfl_svc *svc = job->svc;
	uint32_t i;

	for (i = 0; i < SHFL_MAX_MAPPINGS; i++) {
		struct shfl_root *r = &svc->roots[i];

		if (!r->valid || r->missing ||
		    !names_equal(r->spec.name, job->name))
			continue;
		job->found = true;
		if (r->maps) {
			/* Still mapped: a placeholder until the last unmap. */
			r->missing = true;
			close(r->root_fd);
			r->root_fd = -1;
			job->missing = true;
		} else {
			root_clear(svc, i);
		}
		mappings_changed(svc);
		return;
	}
}

bool shfl_svc_remove_share(struct shfl_svc *svc, const char *name,
			   bool *missing, GError **error)
{
	struct remove_job job = { .svc = svc, .name = name };

	hgcm_host_run_sync(svc->host, remove_on_thread, &job);
	if (!job.found) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "no share named '%s'", name);
		return false;
	}
	g_info("share '%s' removed%s", name,
	       job.missing ? " (still mapped: kept as missing)" : "");
	if (missing)
		*missing = job.missing;
	return true;
}

struct list_job {
	struct shfl_svc *svc;
	GArray *out;
};

static void list_on_thread(void *data)
{
	struct list_job *job = data;
	struct shfl_svc *svc = job->svc;
	uint32_t i;

	for (i = 0; i < SHFL_MAX_MAPPINGS; i++) {
		const struct shfl_root *r = &svc->roots[i];
		struct shfl_share_info info = {
			.spec = {
				.name = g_strdup(r->spec.name),
				.path = g_strdup(r->spec.path),
				.mount_point = g_strdup(r->spec.mount_point),
				.read_only = r->spec.read_only,
				.auto_mount = r->spec.auto_mount,
				.symlinks = r->spec.symlinks,
			},
			.root = i,
			.version = svc->root_version[i],
			.maps = r->maps,
			.handles = r->handles,
			.missing = r->missing,
		};

		if (r->valid)
			g_array_append_val(job->out, info);
	}
}

struct shfl_share_info *shfl_svc_list_shares(struct shfl_svc *svc,
					     unsigned int *count)
{
	struct list_job job = {
		.svc = svc,
		.out = g_array_new(FALSE, TRUE, sizeof(struct shfl_share_info)),
	};

	hgcm_host_run_sync(svc->host, list_on_thread, &job);
	*count = job.out->len;
	return (struct shfl_share_info *)(void *)g_array_free(job.out, FALSE);
}

void shfl_share_info_free(struct shfl_share_info *info, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		shfl_share_spec_clear(&info[i].spec);
	g_free(info);
}
