// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VBoxSharedFolders: LIST, reading directories.
 *
 * Entries are packed back to back into the guest's buffer
 * (docs/protocol/shared-folders.md §3, §5.8): as many as fit.  One that
 * does not fit is kept on the handle and
 * comes first in the next call, so nothing is lost between calls; a kept
 * entry bigger than the whole buffer gives VINF_BUFFER_OVERFLOW with no
 * entries.  A call that finds the stream already at its end answers
 * VERR_NO_MORE_FILES.  "." and ".." are listed like any other entry, as a
 * POSIX host does, except that ".." of the share root describes the root
 * itself rather than the host directory above the share.
 *
 * Deliberate difference: SHFL_LIST_RESTART also drops a kept entry (the
 * real host returns it again after the rewind, so the entry would appear
 * twice).
 */
#include "config.h"

#include "hostsim/svc_shfl_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

void shfl_dir_state_free(struct shfl_handle *h)
{
	if (h->search)
		closedir(h->search);
	h->search = NULL;
	g_clear_pointer(&h->search_path, g_free);
	g_clear_pointer(&h->pattern, g_free);
	g_clear_pointer(&h->pending.name, g_free);
}

/*
 * Windows-style wildcard match (case-insensitive): '*' any run, '?' one
 * character, '<' and '>' as '*' and '?', '"' as '.'.
 */
static bool wild_match(const gunichar *p, const gunichar *s)
{
	const gunichar *star_p = NULL, *star_s = NULL;

	while (*s) {
		if (*p == '*' || *p == '<') {
			star_p = ++p;
			star_s = s;
		} else if (*p == '?' || *p == '>' || *p == *s ||
			   (*p == '"' && *s == '.')) {
			p++;
			s++;
		} else if (star_p) {
			p = star_p;
			s = ++star_s;
		} else {
			return false;
		}
	}
	while (*p == '*' || *p == '<')
		p++;
	return *p == 0;
}

static bool name_matches(const char *pattern, const char *name)
{
	g_autofree char *fp = g_utf8_casefold(pattern, -1);
	g_autofree char *fn = g_utf8_casefold(name, -1);
	g_autofree gunichar *up = g_utf8_to_ucs4_fast(fp, -1, NULL);
	g_autofree gunichar *un = g_utf8_to_ucs4_fast(fn, -1, NULL);

	return wild_match(up, un);
}

/*
 * Entry information: lstat, or (for clients that did not ask for symlinks)
 * the link's target if it resolves inside the share; a link that dangles
 * or leads outside is described as the link itself.
 */
static int entry_info(struct shfl_client *c, struct shfl_handle *h, DIR *dir,
		      const char *dir_path, const char *name,
		      struct shfl_fsobjinfo *info)
{
	struct shfl_root *r = &c->svc->roots[h->root];
	struct stat st, target;
	int rc;

	if (strcmp(name, "..") == 0 && dir_path[0] == '\0')
		rc = fstat(dirfd(dir), &st);
	else
		rc = fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW);
	if (rc < 0)
		return -errno;
	if (S_ISLNK(st.st_mode) && !c->show_symlinks) {
		g_autofree char *rel =
			dir_path[0] ? g_strconcat(dir_path, "/", name, NULL) :
				      g_strdup(name);
		int fd = shfl_open_beneath(c->svc, r->root_fd, rel, O_PATH, 0,
					   true);

		if (fd >= 0) {
			if (fstat(fd, &target) == 0)
				st = target;
			close(fd);
		}
	}
	shfl_info_from_stat(info, &st, name);
	return 0;
}

/* The stream LIST reads: the handle's own, or a filtered search. */
static int list_stream(struct shfl_client *c, struct shfl_handle *h,
		       const char *filter, uint32_t *flags, DIR **stream,
		       const char **path)
{
	struct shfl_root *r = &c->svc->roots[h->root];
	g_autofree char *rel = NULL;
	char *slash;
	DIR *dir;
	int fd, rc;

	if (!filter) {
		*stream = h->dir;
		*path = h->path;
		return VINF_SUCCESS;
	}
	if (!h->search) {
		rc = shfl_path_from_guest(c, filter, &rel);
		if (rc < 0)
			return rc;
		slash = strrchr(rel, '/');
		h->pattern = g_strdup(slash ? slash + 1 : rel);
		h->search_path = slash ? g_strndup(rel, (gsize)(slash - rel)) :
					 g_strdup("");
		fd = shfl_open_beneath(c->svc, r->root_fd, h->search_path,
				       O_RDONLY | O_DIRECTORY, 0, true);
		if (fd < 0 || !(dir = fdopendir(fd))) {
			rc = fd < 0 ? shfl_resolve_status(fd) :
				      shfl_errno_status(errno);
			if (fd >= 0)
				close(fd);
			shfl_dir_state_free(h);
			return rc;
		}
		h->search = dir;
		/* The call that opens the search starts at its beginning. */
		*flags &= ~(uint32_t)SHFL_LIST_RESTART;
	}
	*stream = h->search;
	*path = h->search_path;
	return VINF_SUCCESS;
}

/* Bytes an entry needs (UTF-16 overestimated as the host does). */
static uint32_t entry_need(const struct shfl_client *c, size_t len)
{
	return (uint32_t)(SHFL_DIRINFO_HDR_SIZE +
			  (c->utf8 ? len + 1 : (len + 1) * 2));
}

/* Write one entry at out; returns its size on the wire. */
static uint32_t entry_put(const struct shfl_client *c, uint8_t *out,
			  const char *name, const struct shfl_fsobjinfo *info)
{
	struct shfl_dirinfo d = { .info = *info };
	size_t len = strlen(name);
	uint16_t size, length;

	if (c->utf8) {
		length = (uint16_t)len;
		size = (uint16_t)(len + 1);
		memcpy(out + SHFL_DIRINFO_HDR_SIZE, name, len + 1);
	} else {
		glong units = 0, i;
		g_autofree gunichar2 *u16 =
			g_utf8_to_utf16(name, -1, NULL, &units, NULL);

		length = (uint16_t)(units * 2);
		size = (uint16_t)(length + 2);
		for (i = 0; i <= units; i++) {
			gunichar2 u = i < units ? u16[i] : 0;

			out[SHFL_DIRINFO_HDR_SIZE + 2 * i] = (uint8_t)u;
			out[SHFL_DIRINFO_HDR_SIZE + 2 * i + 1] =
				(uint8_t)(u >> 8);
		}
	}
	d.name.size = size;
	d.name.length = length;
	memcpy(out, &d, SHFL_DIRINFO_HDR_SIZE);
	return SHFL_DIRINFO_HDR_SIZE + size;
}

/* Read the next usable entry into h->pending; false at the end. */
static bool next_entry(struct shfl_client *c, struct shfl_handle *h,
		       DIR *stream, const char *path, const char *pattern,
		       int *err)
{
	struct dirent *de;

	for (;;) {
		errno = 0;
		de = readdir(stream);
		if (!de) {
			*err = errno;
			return false;
		}
		/* Names that cannot be converted are skipped, as on a host. */
		if (!g_utf8_validate(de->d_name, -1, NULL))
			continue;
		if (pattern && !name_matches(pattern, de->d_name))
			continue;
		/* An entry that vanished meanwhile is skipped. */
		if (entry_info(c, h, stream, path, de->d_name,
			       &h->pending.info) < 0)
			continue;
		h->pending.name = g_strdup(de->d_name);
		return true;
	}
}

struct list_out {
	uint8_t *buf;
	uint32_t left;
	uint32_t bytes;
	uint32_t count;
	uint32_t more;
};

static int list_fill(struct shfl_client *c, struct shfl_handle *h,
		     const char *filter, uint32_t flags, struct list_out *o)
{
	const char *path = "";
	DIR *stream = NULL;
	int rc, err = 0;
	uint32_t need;

	rc = list_stream(c, h, filter, &flags, &stream, &path);
	if (rc < 0)
		return rc;
	if (flags & SHFL_LIST_RESTART) {
		rewinddir(stream);
		g_clear_pointer(&h->pending.name, g_free);
	}
	o->more = 1;
	while (o->left) {
		if (!h->pending.name &&
		    !next_entry(c, h, stream, path, filter ? h->pattern : NULL,
				&err)) {
			if (err)
				return shfl_errno_status(err);
			o->more = 0;
			return VERR_NO_MORE_FILES;
		}
		need = entry_need(c, strlen(h->pending.name));
		if (o->left < need)
			return o->count ? VINF_SUCCESS : VINF_BUFFER_OVERFLOW;
		need = entry_put(c, o->buf + o->bytes, h->pending.name,
				 &h->pending.info);
		g_clear_pointer(&h->pending.name, g_free);
		o->bytes += need;
		o->left -= need;
		o->count++;
		if (flags & SHFL_LIST_RETURN_ONE)
			break;
	}
	return VINF_SUCCESS;
}

int shfl_fn_list(struct shfl_client *c, struct hgcm_call *call, unsigned int n)
{
	uint32_t root, flags, cb, cb_filter, cap, ignored;
	g_autofree char *tofree = NULL;
	const char *filter = NULL;
	struct list_out o = { 0 };
	struct shfl_handle *h;
	void *filter_buf, *buf;
	uint64_t id;
	int rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0 ||
	    (rc = shfl_get_u64(call, 1, false, &id)) < 0 ||
	    (rc = shfl_get_u32(call, 2, false, &flags)) < 0 ||
	    (rc = shfl_get_u32(call, 3, false, &cb)) < 0 ||
	    (rc = shfl_get_buf(call, 4, false, HGCM_ACCEPT_ANY, &filter_buf,
			       &cb_filter)) < 0 ||
	    (rc = shfl_get_buf(call, 5, false, HGCM_ACCEPT_ANY, &buf, &cap)) <
		    0 ||
	    (rc = shfl_get_u32(call, 6, false, &ignored)) < 0 ||
	    (rc = shfl_get_u32(call, 7, false, &ignored)) < 0)
		return rc;
	if (cb < sizeof(struct shfl_dirinfo) || cb > cap ||
	    (cb_filter &&
	     shfl_str_in(c, filter_buf, cb_filter, &filter, &tofree) < 0))
		return VERR_INVALID_PARAMETER;
	rc = shfl_handle_check(c, id, root, SHFL_HANDLE_DIR,
			       VERR_INVALID_HANDLE, false, &h);
	if (rc >= 0) {
		o.buf = buf;
		o.left = cb;
		rc = list_fill(c, h, filter, flags, &o);
		if (rc == VERR_NO_MORE_FILES && o.count)
			rc = VINF_SUCCESS;
	}
	hgcm_call_set_u32(call, 3, rc >= 0 ? o.bytes : 0);
	hgcm_call_set_u32(call, 6, rc >= 0 ? o.more : 0);
	hgcm_call_set_u32(call, 7, o.count);
	return rc;
}
