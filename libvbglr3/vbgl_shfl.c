// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The shared-folders (SHFL) client: one typed wrapper per service call.
 *
 * Every wrapper builds a fresh HGCM call object on the caller's stack of
 * control, so any number of threads can use one client; the transport
 * below is thread-safe.  Strings go out as SHFLSTRING in UTF-8 (size =
 * length + 1), built in a heap buffer sized from the checked length.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbglr3_shfl.h"
#include "libvbglr3/vbgl_shfl_wire.h"

struct vbgl_shfl {
	struct vbgl_handle *h;
	uint32_t client_id;
	_Atomic uint32_t timeout_ms;
	uint64_t features;
	uint32_t last_function;
};

/*
 * A call object for @function with @parms parameters and the client's
 * timeout.  Returns NULL only when out of memory.
 */
static struct vbgl_hgcm_call *
shfl_call_new(struct vbgl_shfl *c, uint32_t function, unsigned int parms)
{
	struct vbgl_hgcm_call *call;

	if (vbgl_hgcm_call_new(c->client_id, function, parms, &call) < 0)
		return NULL;
	vbgl_hgcm_call_set_timeout(call, atomic_load(&c->timeout_ms));
	return call;
}

/* Run and free a call; for calls whose parameters need no reading back. */
static int shfl_call_run_free(struct vbgl_shfl *c, struct vbgl_hgcm_call *call)
{
	int ret = vbgl_hgcm_call(c->h, call);

	vbgl_hgcm_call_free(call);
	return ret;
}

/**
 * shfl_string_new - build an input SHFLSTRING holding @s in UTF-8.
 * @s: the NUL-terminated string
 * @bytes: receives the buffer size (header included)
 *
 * Return: the buffer (free() it), or NULL with errno set: EINVAL for NULL,
 * ENAMETOOLONG beyond VBGL_SHFL_PATH_MAX bytes, ENOMEM.
 */
static struct shfl_string *shfl_string_new(const char *s, uint32_t *bytes)
{
	struct shfl_string *str;
	size_t len;

	if (!s) {
		errno = EINVAL;
		return NULL;
	}
	len = strnlen(s, VBGL_SHFL_PATH_MAX + 1);
	if (len > VBGL_SHFL_PATH_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	*bytes = SHFL_STRING_HDR_SIZE + len + 1;
	str = malloc(*bytes);
	if (!str)
		return NULL;
	str->size = len + 1;
	str->length = len;
	memcpy((char *)str + SHFL_STRING_HDR_SIZE, s, len + 1);
	return str;
}

/*
 * An empty output SHFLSTRING with room for @room bytes (terminator
 * included); @room is 2..65535.
 */
static struct shfl_string *shfl_string_out_new(size_t room, uint32_t *bytes)
{
	struct shfl_string *str;

	*bytes = SHFL_STRING_HDR_SIZE + room;
	str = calloc(1, *bytes);
	if (!str)
		return NULL;
	str->size = room;
	str->length = 0;
	return str;
}

/**
 * shfl_string_copy_out - copy a string the host returned into @buf.
 * @str: the SHFLSTRING buffer
 * @bytes: its total size
 * @buf: the caller's buffer
 * @size: its size
 *
 * Return: the length, -EPROTO when the host's length does not fit the
 * string area or the string holds a NUL, -EOVERFLOW when @buf is too
 * small.
 */
static int shfl_string_copy_out(const struct shfl_string *str, uint32_t bytes,
				char *buf, size_t size)
{
	const char *s = (const char *)str + SHFL_STRING_HDR_SIZE;
	size_t len = str->length;

	if (len >= str->size || SHFL_STRING_HDR_SIZE + len >= bytes)
		return -EPROTO;
	if (memchr(s, '\0', len))
		return -EPROTO;
	if (len + 1 > size)
		return -EOVERFLOW;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return (int)len;
}

/* Pick the output string room for a caller buffer of @size bytes. */
static size_t shfl_string_room(size_t size)
{
	return size > 0xFFFF ? 0xFFFF : size;
}

static int shfl_simple_call0(struct vbgl_shfl *c, uint32_t function)
{
	struct vbgl_hgcm_call *call = shfl_call_new(c, function, 0);

	if (!call)
		return -ENOMEM;
	return shfl_call_run_free(c, call);
}

static int shfl_query_features(struct vbgl_shfl *c)
{
	struct vbgl_hgcm_call *call;
	int ret;

	call = shfl_call_new(c, SHFL_FN_QUERY_FEATURES,
			     SHFL_CPARMS_QUERY_FEATURES);
	if (!call)
		return -ENOMEM;
	vbgl_hgcm_set_u64(call, 0, 0);
	vbgl_hgcm_set_u32(call, 1, 0);
	ret = vbgl_hgcm_call(c->h, call);
	if (!ret) {
		vbgl_hgcm_get_u64(call, 0, &c->features);
		vbgl_hgcm_get_u32(call, 1, &c->last_function);
	} else if (vbgl_hgcm_call_status(call) == VERR_NOT_IMPLEMENTED) {
		/* A host before 6.0.6: no features. */
		ret = 0;
	}
	vbgl_hgcm_call_free(call);
	return ret;
}

int vbgl_shfl_connect(struct vbgl_handle *h, unsigned int flags,
		      struct vbgl_shfl **out)
{
	struct vbgl_shfl *c;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!h || (flags & ~VBGL_SHFL_CONNECT_VALID_MASK))
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->h = h;
	atomic_init(&c->timeout_ms, VBGL_TIMEOUT_INFINITE);
	ret = vbgl_hgcm_connect(h, SHFL_SERVICE_NAME, &c->client_id);
	if (ret < 0) {
		free(c);
		return ret;
	}
	ret = shfl_query_features(c);
	if (!ret)
		ret = shfl_simple_call0(c, SHFL_FN_SET_UTF8);
	if (!ret && (flags & VBGL_SHFL_CONNECT_SYMLINKS))
		ret = shfl_simple_call0(c, SHFL_FN_SET_SYMLINKS);
	if (ret < 0) {
		vbgl_shfl_disconnect(c);
		return ret;
	}
	*out = c;
	return 0;
}

void vbgl_shfl_disconnect(struct vbgl_shfl *c)
{
	if (!c)
		return;
	vbgl_hgcm_disconnect(c->h, c->client_id);
	free(c);
}

int vbgl_shfl_set_timeout(struct vbgl_shfl *c, uint32_t timeout_ms)
{
	if (!c)
		return -EINVAL;
	atomic_store(&c->timeout_ms, timeout_ms);
	return 0;
}

uint64_t vbgl_shfl_features(const struct vbgl_shfl *c)
{
	return c ? c->features : 0;
}

uint32_t vbgl_shfl_last_function(const struct vbgl_shfl *c)
{
	return c ? c->last_function : 0;
}

/* ----------------------------------------------------------------------- */
/* Mappings                                                                 */

int vbgl_shfl_query_mappings(struct vbgl_shfl *c, uint32_t flags,
			     struct shfl_mapping *maps, uint32_t slots,
			     uint32_t *count)
{
	struct vbgl_hgcm_call *call;
	uint32_t total = 0;
	int ret;

	if (!c || !count || (flags & ~SHFL_MF_AUTOMOUNT) || (!maps && slots))
		return -EINVAL;
	if (slots > SHFL_MAX_MAPPINGS * 16)
		return -E2BIG;
	call = shfl_call_new(c, SHFL_FN_QUERY_MAPPINGS,
			     SHFL_CPARMS_QUERY_MAPPINGS);
	if (!call)
		return -ENOMEM;
	vbgl_hgcm_set_u32(call, 0, flags | SHFL_MF_UTF8);
	vbgl_hgcm_set_u32(call, 1, slots);
	vbgl_hgcm_set_buf_out(call, 2, maps, slots * sizeof(*maps));
	ret = vbgl_hgcm_call(c->h, call);
	if (!ret) {
		vbgl_hgcm_get_u32(call, 1, &total);
		*count = total;
	}
	vbgl_hgcm_call_free(call);
	return ret;
}

int vbgl_shfl_query_map_name(struct vbgl_shfl *c, uint32_t root, char *name,
			     size_t size)
{
	struct vbgl_hgcm_call *call;
	struct shfl_string *str;
	uint32_t bytes;
	int ret;

	if (!c || !name || size < 2)
		return -EINVAL;
	str = shfl_string_out_new(shfl_string_room(size), &bytes);
	if (!str)
		return -ENOMEM;
	call = shfl_call_new(c, SHFL_FN_QUERY_MAP_NAME,
			     SHFL_CPARMS_QUERY_MAP_NAME);
	if (!call) {
		free(str);
		return -ENOMEM;
	}
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_buf_inout(call, 1, str, bytes);
	ret = vbgl_hgcm_call(c->h, call);
	if (!ret)
		ret = shfl_string_copy_out(str, bytes, name, size);
	vbgl_hgcm_call_free(call);
	free(str);
	return ret;
}

int vbgl_shfl_query_map_info(struct vbgl_shfl *c, uint32_t root, char *name,
			     size_t name_size, char *mount_point,
			     size_t mp_size, uint64_t *flags, uint32_t *version)
{
	struct shfl_string *nstr = NULL, *mstr = NULL;
	struct vbgl_hgcm_call *call = NULL;
	uint32_t nbytes, mbytes, ver = 0;
	int ret = -ENOMEM;

	if (!c || !name || name_size < 2 || !mount_point || mp_size < 2 ||
	    !flags || (*flags & ~SHFL_MIQF_VALID_MASK))
		return -EINVAL;
	nstr = shfl_string_out_new(shfl_string_room(name_size), &nbytes);
	mstr = shfl_string_out_new(shfl_string_room(mp_size), &mbytes);
	call = shfl_call_new(c, SHFL_FN_QUERY_MAP_INFO,
			     SHFL_CPARMS_QUERY_MAP_INFO);
	if (!nstr || !mstr || !call)
		goto out;
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_buf_inout(call, 1, nstr, nbytes);
	vbgl_hgcm_set_buf_inout(call, 2, mstr, mbytes);
	vbgl_hgcm_set_u64(call, 3, *flags);
	vbgl_hgcm_set_u32(call, 4, 0);
	ret = vbgl_hgcm_call(c->h, call);
	if (ret < 0)
		goto out;
	ret = shfl_string_copy_out(nstr, nbytes, name, name_size);
	if (ret < 0)
		goto out;
	ret = shfl_string_copy_out(mstr, mbytes, mount_point, mp_size);
	if (ret < 0)
		goto out;
	vbgl_hgcm_get_u64(call, 3, flags);
	vbgl_hgcm_get_u32(call, 4, &ver);
	if (version)
		*version = ver;
	ret = 0;
out:
	vbgl_hgcm_call_free(call);
	free(mstr);
	free(nstr);
	return ret;
}

/* The largest name or mount point QUERY_MAP_INFO can return, NUL included. */
#define SHFL_LIST_STR_MAX 65536u

/* The root IDs of the matching shares, in an array grown until they fit. */
static int list_roots(struct vbgl_shfl *c, uint32_t flags,
		      struct shfl_mapping **out, uint32_t *count)
{
	struct shfl_mapping *maps = NULL, *grown;
	uint32_t slots = SHFL_MAX_MAPPINGS, total = 0;
	int ret;

	for (;;) {
		grown = realloc(maps, slots * sizeof(*maps));
		if (!grown) {
			free(maps);
			return -ENOMEM;
		}
		maps = grown;
		ret = vbgl_shfl_query_mappings(c, flags, maps, slots, &total);
		if (ret < 0) {
			free(maps);
			return ret;
		}
		if (total <= slots)
			break;
		/* More shares appeared meanwhile; -E2BIG ends an endless rise. */
		slots = total;
	}
	*out = maps;
	*count = total;
	return 0;
}

/*
 * Name, mount point and flags of one share into @s; @name and @mp are
 * scratch buffers of SHFL_LIST_STR_MAX bytes.
 */
static int read_share(struct vbgl_shfl *c, uint32_t root, char *name, char *mp,
		      struct vbgl_shfl_share *s)
{
	uint64_t flags = SHFL_MIQF_PATH;
	uint32_t version = 0;
	int ret, has_info = 1;

	ret = vbgl_shfl_query_map_info(c, root, name, SHFL_LIST_STR_MAX, mp,
				       SHFL_LIST_STR_MAX, &flags, &version);
	if (ret == -ENOSYS) {
		/* Hosts before 6.0: a name, nothing else. */
		has_info = 0;
		flags = 0;
		mp[0] = '\0';
		ret = vbgl_shfl_query_map_name(c, root, name,
					       SHFL_LIST_STR_MAX);
	}
	if (ret < 0)
		return ret;
	s->name = strdup(name);
	s->mount_point = strdup(mp);
	if (!s->name || !s->mount_point) {
		free(s->name);
		free(s->mount_point);
		return -ENOMEM;
	}
	s->root = root;
	s->version = version;
	s->flags = flags;
	s->has_info = has_info;
	return 0;
}

void vbgl_shfl_shares_free(struct vbgl_shfl_share *shares, uint32_t count)
{
	uint32_t i;

	if (!shares)
		return;
	for (i = 0; i < count; i++) {
		free(shares[i].name);
		free(shares[i].mount_point);
	}
	free(shares);
}

int vbgl_shfl_list_shares(struct vbgl_shfl *c, uint32_t flags,
			  struct vbgl_shfl_share **shares, uint32_t *count)
{
	struct shfl_mapping *maps = NULL;
	struct vbgl_shfl_share *list = NULL;
	char *name = NULL, *mp = NULL;
	uint32_t total = 0, n = 0, i;
	int ret;

	if (!c || !shares || !count)
		return -EINVAL;
	ret = list_roots(c, flags, &maps, &total);
	if (ret < 0)
		return ret;
	ret = -ENOMEM;
	name = malloc(SHFL_LIST_STR_MAX);
	mp = malloc(SHFL_LIST_STR_MAX);
	list = calloc(total ? total : 1, sizeof(*list));
	if (!name || !mp || !list)
		goto out;
	for (i = 0; i < total; i++) {
		ret = read_share(c, maps[i].root, name, mp, &list[n]);
		/* Removed between the two calls: unknown root or gone. */
		if (ret == -EINVAL || ret == -ENOENT)
			continue;
		if (ret < 0)
			goto out;
		n++;
	}
	*shares = list;
	*count = n;
	list = NULL;
	ret = 0;
out:
	vbgl_shfl_shares_free(list, n);
	free(mp);
	free(name);
	free(maps);
	return ret;
}

int vbgl_shfl_wait_for_mappings_changes(struct vbgl_shfl *c, uint32_t *version)
{
	struct vbgl_hgcm_call *call;
	uint32_t known, now = 0;
	int ret;

	if (!c || !version)
		return -EINVAL;
	known = *version;
	if (vbgl_hgcm_call_new(c->client_id, SHFL_FN_WAIT_FOR_MAPPINGS_CHANGES,
			       SHFL_CPARMS_WAIT_FOR_MAPPINGS_CHANGES,
			       &call) < 0)
		return -ENOMEM;
	vbgl_hgcm_set_u32(call, 0, known);
	ret = vbgl_hgcm_call(c->h, call);
	if (ret == 0 || vbgl_hgcm_call_status(call) == VERR_CANCELLED) {
		vbgl_hgcm_get_u32(call, 0, &now);
		if (now != known) {
			*version = now;
			ret = 0;
		} else {
			ret = -ECANCELED;
		}
	}
	vbgl_hgcm_call_free(call);
	return ret;
}

int vbgl_shfl_cancel_mappings_changes_waits(struct vbgl_shfl *c)
{
	if (!c)
		return -EINVAL;
	return shfl_simple_call0(c, SHFL_FN_CANCEL_MAPPINGS_CHANGES_WAITS);
}

int vbgl_shfl_map_folder(struct vbgl_shfl *c, const char *name, uint32_t *root)
{
	struct vbgl_hgcm_call *call;
	struct shfl_string *str;
	uint32_t bytes;
	int ret;

	if (!c || !name || !*name || !root)
		return -EINVAL;
	str = shfl_string_new(name, &bytes);
	if (!str)
		return -errno;
	call = shfl_call_new(c, SHFL_FN_MAP_FOLDER, SHFL_CPARMS_MAP_FOLDER);
	if (!call) {
		free(str);
		return -ENOMEM;
	}
	vbgl_hgcm_set_buf_in(call, 0, str, bytes);
	vbgl_hgcm_set_u32(call, 1, 0);
	vbgl_hgcm_set_u32(call, 2, SHFL_DELIM_SLASH);
	vbgl_hgcm_set_u32(call, 3, 1);
	ret = vbgl_hgcm_call(c->h, call);
	if (!ret)
		vbgl_hgcm_get_u32(call, 1, root);
	vbgl_hgcm_call_free(call);
	free(str);
	return ret;
}

int vbgl_shfl_unmap_folder(struct vbgl_shfl *c, uint32_t root)
{
	struct vbgl_hgcm_call *call;

	if (!c)
		return -EINVAL;
	call = shfl_call_new(c, SHFL_FN_UNMAP_FOLDER, SHFL_CPARMS_UNMAP_FOLDER);
	if (!call)
		return -ENOMEM;
	vbgl_hgcm_set_u32(call, 0, root);
	return shfl_call_run_free(c, call);
}

/* ----------------------------------------------------------------------- */
/* Objects by path                                                          */

int vbgl_shfl_create(struct vbgl_shfl *c, uint32_t root, const char *path,
		     struct shfl_createparms *parms)
{
	struct vbgl_hgcm_call *call;
	struct shfl_string *str;
	uint32_t bytes;
	int ret;

	if (!c || !path || !parms)
		return -EINVAL;
	str = shfl_string_new(path, &bytes);
	if (!str)
		return -errno;
	call = shfl_call_new(c, SHFL_FN_CREATE, SHFL_CPARMS_CREATE);
	if (!call) {
		free(str);
		return -ENOMEM;
	}
	parms->handle = SHFL_HANDLE_NIL;
	parms->result = SHFL_NO_RESULT;
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_buf_in(call, 1, str, bytes);
	vbgl_hgcm_set_buf_inout(call, 2, parms, sizeof(*parms));
	ret = shfl_call_run_free(c, call);
	free(str);
	return ret;
}

int vbgl_shfl_lookup(struct vbgl_shfl *c, uint32_t root, const char *path,
		     struct shfl_fsobjinfo *info)
{
	struct shfl_createparms parms;
	int ret;

	if (!info)
		return -EINVAL;
	memset(&parms, 0, sizeof(parms));
	parms.create_flags = SHFL_CF_LOOKUP | SHFL_CF_ACT_FAIL_IF_NEW;
	ret = vbgl_shfl_create(c, root, path, &parms);
	if (ret < 0)
		return ret;
	switch (parms.result) {
	case SHFL_FILE_EXISTS:
		*info = parms.info;
		return 0;
	case SHFL_PATH_NOT_FOUND:
		return -ENOTDIR;
	default:
		return -ENOENT;
	}
}

/* A call taking (root, path[, path2], flags): REMOVE and RENAME. */
static int shfl_path_call(struct vbgl_shfl *c, uint32_t function,
			  unsigned int parms, uint32_t root, const char *p1,
			  const char *p2, uint32_t flags)
{
	struct shfl_string *s1 = NULL, *s2 = NULL;
	struct vbgl_hgcm_call *call = NULL;
	uint32_t b1, b2 = 0;
	int ret;

	s1 = shfl_string_new(p1, &b1);
	if (!s1)
		return -errno;
	if (p2) {
		s2 = shfl_string_new(p2, &b2);
		if (!s2) {
			ret = -errno;
			goto out;
		}
	}
	ret = -ENOMEM;
	call = shfl_call_new(c, function, parms);
	if (!call)
		goto out;
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_buf_in(call, 1, s1, b1);
	if (s2)
		vbgl_hgcm_set_buf_in(call, 2, s2, b2);
	vbgl_hgcm_set_u32(call, parms - 1, flags);
	ret = shfl_call_run_free(c, call);
out:
	free(s2);
	free(s1);
	return ret;
}

int vbgl_shfl_remove(struct vbgl_shfl *c, uint32_t root, const char *path,
		     uint32_t flags)
{
	if (!c || !path || (flags & ~SHFL_REMOVE_VALID_MASK))
		return -EINVAL;
	return shfl_path_call(c, SHFL_FN_REMOVE, SHFL_CPARMS_REMOVE, root, path,
			      NULL, flags);
}

int vbgl_shfl_rename(struct vbgl_shfl *c, uint32_t root, const char *src,
		     const char *dst, uint32_t flags)
{
	if (!c || !src || !dst || (flags & ~SHFL_RENAME_VALID_MASK))
		return -EINVAL;
	return shfl_path_call(c, SHFL_FN_RENAME, SHFL_CPARMS_RENAME, root, src,
			      dst, flags);
}

int vbgl_shfl_readlink(struct vbgl_shfl *c, uint32_t root, const char *path,
		       char *buf, size_t size)
{
	struct vbgl_hgcm_call *call;
	struct shfl_string *str;
	uint32_t bytes;
	char *end;
	int ret;

	if (!c || !path || !buf || size < 2)
		return -EINVAL;
	if (size > VBGL_HGCM_MAX_BUF_SIZE)
		size = VBGL_HGCM_MAX_BUF_SIZE;
	str = shfl_string_new(path, &bytes);
	if (!str)
		return -errno;
	call = shfl_call_new(c, SHFL_FN_READLINK, SHFL_CPARMS_READLINK);
	if (!call) {
		free(str);
		return -ENOMEM;
	}
	memset(buf, 0, size);
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_buf_in(call, 1, str, bytes);
	vbgl_hgcm_set_buf_out(call, 2, buf, size);
	ret = vbgl_hgcm_call(c->h, call);
	vbgl_hgcm_call_free(call);
	free(str);
	if (ret < 0)
		return ret;
	/* No length comes back: the target ends at the first NUL. */
	end = memchr(buf, '\0', size);
	if (!end) {
		buf[size - 1] = '\0';
		return -EOVERFLOW;
	}
	return (int)(end - buf);
}

int vbgl_shfl_symlink(struct vbgl_shfl *c, uint32_t root, const char *path,
		      const char *target, struct shfl_fsobjinfo *info)
{
	struct shfl_string *ps = NULL, *ts = NULL;
	struct vbgl_hgcm_call *call = NULL;
	struct shfl_fsobjinfo out;
	uint32_t pb, tb;
	int ret;

	if (!c || !path || !target)
		return -EINVAL;
	ps = shfl_string_new(path, &pb);
	if (!ps)
		return -errno;
	ts = shfl_string_new(target, &tb);
	if (!ts) {
		ret = -errno;
		goto out;
	}
	ret = -ENOMEM;
	call = shfl_call_new(c, SHFL_FN_SYMLINK, SHFL_CPARMS_SYMLINK);
	if (!call)
		goto out;
	memset(&out, 0, sizeof(out));
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_buf_in(call, 1, ps, pb);
	vbgl_hgcm_set_buf_in(call, 2, ts, tb);
	vbgl_hgcm_set_buf_out(call, 3, &out, sizeof(out));
	ret = shfl_call_run_free(c, call);
	if (!ret && info)
		*info = out;
out:
	free(ts);
	free(ps);
	return ret;
}

/* ----------------------------------------------------------------------- */
/* Handles                                                                  */

/* A call taking (root, handle[, u64 value]). */
static int shfl_handle_call(struct vbgl_shfl *c, uint32_t function,
			    unsigned int parms, uint32_t root, uint64_t handle,
			    uint64_t value)
{
	struct vbgl_hgcm_call *call;

	if (!c)
		return -EINVAL;
	call = shfl_call_new(c, function, parms);
	if (!call)
		return -ENOMEM;
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_u64(call, 1, handle);
	if (parms > 2)
		vbgl_hgcm_set_u64(call, 2, value);
	return shfl_call_run_free(c, call);
}

int vbgl_shfl_close(struct vbgl_shfl *c, uint32_t root, uint64_t handle)
{
	return shfl_handle_call(c, SHFL_FN_CLOSE, SHFL_CPARMS_CLOSE, root,
				handle, 0);
}

int vbgl_shfl_flush(struct vbgl_shfl *c, uint32_t root, uint64_t handle)
{
	return shfl_handle_call(c, SHFL_FN_FLUSH, SHFL_CPARMS_FLUSH, root,
				handle, 0);
}

int vbgl_shfl_set_file_size(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
			    uint64_t size)
{
	if (size > INT64_MAX)
		return -EINVAL;
	return shfl_handle_call(c, SHFL_FN_SET_FILE_SIZE,
				SHFL_CPARMS_SET_FILE_SIZE, root, handle, size);
}

/*
 * One READ or WRITE of at most VBGL_SHFL_MAX_IO bytes.  For writes
 * *@new_offset receives the offset the host returned.
 */
static int shfl_rw_once(struct vbgl_shfl *c, int write, uint32_t root,
			uint64_t handle, uint64_t offset, void *buf,
			uint32_t len, uint32_t *done, uint64_t *new_offset)
{
	struct vbgl_hgcm_call *call;
	int ret;

	call = shfl_call_new(c, write ? SHFL_FN_WRITE : SHFL_FN_READ,
			     SHFL_CPARMS_READ);
	if (!call)
		return -ENOMEM;
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_u64(call, 1, handle);
	vbgl_hgcm_set_u64(call, 2, offset);
	vbgl_hgcm_set_u32(call, 3, len);
	if (write)
		vbgl_hgcm_set_buf_in(call, 4, buf, len);
	else
		vbgl_hgcm_set_buf_out(call, 4, buf, len);
	ret = vbgl_hgcm_call(c->h, call);
	if (!ret) {
		vbgl_hgcm_get_u32(call, 3, done);
		if (*done > len)
			ret = -EPROTO;
		else if (write && new_offset)
			vbgl_hgcm_get_u64(call, 2, new_offset);
	}
	vbgl_hgcm_call_free(call);
	return ret;
}

static ssize_t shfl_rw(struct vbgl_shfl *c, int write, uint32_t root,
		       uint64_t handle, uint64_t offset, void *buf, size_t size,
		       uint64_t *new_offset)
{
	size_t total = 0;
	uint64_t pos = offset;

	if (!c || (!buf && size))
		return -EINVAL;
	if (size > SSIZE_MAX || offset > INT64_MAX ||
	    size > (uint64_t)INT64_MAX - offset)
		return -EINVAL;
	if (new_offset)
		*new_offset = offset;
	if (!size)
		return 0;
	do {
		uint32_t len, done = 0;
		int ret;

		len = size - total > VBGL_SHFL_MAX_IO ?
			      VBGL_SHFL_MAX_IO :
			      (uint32_t)(size - total);
		ret = shfl_rw_once(c, write, root, handle, pos,
				   (char *)buf + total, len, &done, new_offset);
		if (ret < 0)
			return total ? (ssize_t)total : ret;
		total += done;
		pos += done;
		if (done < len)
			break;
	} while (total < size);
	return (ssize_t)total;
}

ssize_t vbgl_shfl_read(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		       uint64_t offset, void *buf, size_t size)
{
	return shfl_rw(c, 0, root, handle, offset, buf, size, NULL);
}

ssize_t vbgl_shfl_write(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
			uint64_t offset, const void *buf, size_t size,
			uint64_t *new_offset)
{
	/* The buffer is only read: it goes out as an "in" parameter. */
	return shfl_rw(c, 1, root, handle, offset, (void *)buf, size,
		       new_offset);
}

int vbgl_shfl_lock(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		   uint64_t offset, uint64_t length, uint32_t flags)
{
	struct vbgl_hgcm_call *call;

	if (!c || (flags & ~(SHFL_LOCK_MODE_MASK | SHFL_LOCK_WAIT)) ||
	    (flags & SHFL_LOCK_MODE_MASK) == SHFL_LOCK_MODE_MASK)
		return -EINVAL;
	call = shfl_call_new(c, SHFL_FN_LOCK, SHFL_CPARMS_LOCK);
	if (!call)
		return -ENOMEM;
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_u64(call, 1, handle);
	vbgl_hgcm_set_u64(call, 2, offset);
	vbgl_hgcm_set_u64(call, 3, length);
	vbgl_hgcm_set_u32(call, 4, flags);
	return shfl_call_run_free(c, call);
}

/*
 * INFORMATION with @flags on @buf (@size bytes, in/out).  *@got receives
 * the byte count the host returned.
 */
static int shfl_information(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
			    uint32_t flags, void *buf, uint32_t size,
			    uint32_t *got)
{
	struct vbgl_hgcm_call *call;
	int ret;

	if (!c)
		return -EINVAL;
	call = shfl_call_new(c, SHFL_FN_INFORMATION, SHFL_CPARMS_INFORMATION);
	if (!call)
		return -ENOMEM;
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_u64(call, 1, handle);
	vbgl_hgcm_set_u32(call, 2, flags);
	vbgl_hgcm_set_u32(call, 3, size);
	vbgl_hgcm_set_buf_inout(call, 4, buf, size);
	ret = vbgl_hgcm_call(c->h, call);
	if (!ret) {
		vbgl_hgcm_get_u32(call, 3, got);
		if (*got < size)
			ret = -EPROTO;
	}
	vbgl_hgcm_call_free(call);
	return ret;
}

int vbgl_shfl_info_get(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		       struct shfl_fsobjinfo *info)
{
	uint32_t got;

	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	return shfl_information(c, root, handle, SHFL_INFO_GET | SHFL_INFO_FILE,
				info, sizeof(*info), &got);
}

int vbgl_shfl_info_set(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		       struct shfl_fsobjinfo *info)
{
	uint32_t got;

	if (!info)
		return -EINVAL;
	return shfl_information(c, root, handle, SHFL_INFO_SET | SHFL_INFO_FILE,
				info, sizeof(*info), &got);
}

int vbgl_shfl_info_set_size(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
			    uint64_t size, struct shfl_fsobjinfo *info)
{
	struct shfl_fsobjinfo buf;
	uint32_t got;
	int ret;

	if (size > INT64_MAX)
		return -EINVAL;
	memset(&buf, 0, sizeof(buf));
	buf.size = (int64_t)size;
	ret = shfl_information(c, root, handle, SHFL_INFO_SET | SHFL_INFO_SIZE,
			       &buf, sizeof(buf), &got);
	if (!ret && info)
		*info = buf;
	return ret;
}

int vbgl_shfl_volume_info(struct vbgl_shfl *c, uint32_t root,
			  struct shfl_volinfo *vol)
{
	uint32_t got;

	if (!vol)
		return -EINVAL;
	memset(vol, 0, sizeof(*vol));
	return shfl_information(c, root, 0, SHFL_INFO_GET | SHFL_INFO_VOLUME,
				vol, sizeof(*vol), &got);
}

/* ----------------------------------------------------------------------- */
/* Directory listing                                                        */

int vbgl_shfl_list(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		   uint32_t flags, const char *filter, void *buf,
		   uint32_t *size, uint32_t *count)
{
	struct shfl_string *fstr = NULL;
	struct vbgl_hgcm_call *call;
	uint32_t fbytes = 0, got = 0, n = 0, more = 0;
	int ret;

	if (!c || !buf || !size || !count ||
	    (flags & ~(SHFL_LIST_RETURN_ONE | SHFL_LIST_RESTART)))
		return -EINVAL;
	if (*size < VBGL_SHFL_LIST_MIN_BUF || *size > VBGL_HGCM_MAX_BUF_SIZE)
		return -EINVAL;
	if (filter) {
		fstr = shfl_string_new(filter, &fbytes);
		if (!fstr)
			return -errno;
	}
	call = shfl_call_new(c, SHFL_FN_LIST, SHFL_CPARMS_LIST);
	if (!call) {
		free(fstr);
		return -ENOMEM;
	}
	vbgl_hgcm_set_u32(call, 0, root);
	vbgl_hgcm_set_u64(call, 1, handle);
	vbgl_hgcm_set_u32(call, 2, flags);
	vbgl_hgcm_set_u32(call, 3, *size);
	vbgl_hgcm_set_buf_in(call, 4, fstr, fbytes);
	vbgl_hgcm_set_buf_out(call, 5, buf, *size);
	vbgl_hgcm_set_u32(call, 6, 0);
	vbgl_hgcm_set_u32(call, 7, 0);
	ret = vbgl_hgcm_call(c->h, call);
	if (!ret) {
		vbgl_hgcm_get_u32(call, 3, &got);
		vbgl_hgcm_get_u32(call, 6, &more);
		vbgl_hgcm_get_u32(call, 7, &n);
		if (got > *size)
			ret = -EPROTO;
		else if (!n &&
			 vbgl_hgcm_call_status(call) == VINF_BUFFER_OVERFLOW)
			ret = -EOVERFLOW;
		else if (!n)
			ret = -ENODATA;
		else
			ret = more ? 1 : 0;
	}
	vbgl_hgcm_call_free(call);
	free(fstr);
	if (ret >= 0) {
		*size = got;
		*count = n;
	}
	return ret;
}

void vbgl_shfl_dir_iter_init(struct vbgl_shfl_dir_iter *it, const void *buf,
			     uint32_t size, uint32_t count)
{
	it->pos = buf;
	it->left = buf ? size : 0;
	it->count = count;
}

int vbgl_shfl_dir_iter_next(struct vbgl_shfl_dir_iter *it,
			    struct vbgl_shfl_dirent *ent)
{
	struct shfl_string name;
	const char *s;
	size_t entry;

	if (!it->count || !it->left)
		return 0;
	if (it->left < SHFL_DIRINFO_HDR_SIZE)
		goto bad;
	memcpy(&name, it->pos + offsetof(struct shfl_dirinfo, name),
	       SHFL_STRING_HDR_SIZE);
	entry = SHFL_DIRINFO_HDR_SIZE + (size_t)name.size;
	if (entry > it->left || !name.length || name.length >= name.size)
		goto bad;
	s = (const char *)it->pos + SHFL_DIRINFO_HDR_SIZE;
	if (s[name.length] != '\0' || memchr(s, '\0', name.length) ||
	    memchr(s, '/', name.length))
		goto bad;
	memcpy(&ent->info, it->pos, sizeof(ent->info));
	ent->name = s;
	ent->name_len = name.length;
	it->pos += entry;
	it->left -= entry;
	it->count--;
	return 1;
bad:
	it->left = 0;
	it->count = 0;
	return -EPROTO;
}
