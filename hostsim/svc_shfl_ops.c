// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VBoxSharedFolders: operations on paths: REMOVE, CLOSE_AND_REMOVE,
 * RENAME, READLINK, SYMLINK and COPY_FILE.
 *
 * Each resolves the parent directory beneath the share root and works on
 * the last component with the *at() calls, which never follow a link in
 * that component: removing, renaming or reading a link acts on the link.
 * The share root itself can be neither removed nor renamed
 * (VERR_ACCESS_DENIED; a real host would try).
 */
#include "config.h"

#include "hostsim/svc_shfl_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Status for a failed shfl_open_parent(). */
static int parent_status(int err)
{
	return err == -EBUSY ? VERR_ACCESS_DENIED : shfl_resolve_status(err);
}

/* ---- REMOVE -------------------------------------------------------------- */

static int remove_dir(int pfd, const char *name)
{
	struct stat st;

	if (unlinkat(pfd, name, AT_REMOVEDIR) == 0)
		return VINF_SUCCESS;
	switch (errno) {
	case EEXIST:
	case ENOTEMPTY:
		return VERR_DIR_NOT_EMPTY;
	case ENOTDIR:
		if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			return VERR_NOT_A_DIRECTORY;
		return VERR_PATH_NOT_FOUND;
	default:
		return shfl_errno_status(errno);
	}
}

static int remove_path(struct shfl_client *c, uint32_t root, const char *path,
		       uint32_t flags)
{
	g_autofree char *rel = NULL;
	struct shfl_root *r;
	const char *name;
	struct stat st;
	int pfd, rc;

	rc = shfl_guest_path(c, root, path, &r, &rel);
	if (rc < 0)
		return rc;
	if (r->spec.read_only)
		return VERR_WRITE_PROTECT;
	pfd = shfl_open_parent(c->svc, r->root_fd, rel, &name);
	if (pfd < 0)
		return parent_status(pfd);
	if (flags & SHFL_REMOVE_SYMLINK) {
		if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			rc = shfl_errno_status(errno);
		else if (!S_ISLNK(st.st_mode))
			rc = VERR_NOT_SYMLINK;
		else if (unlinkat(pfd, name, 0) < 0)
			rc = shfl_errno_status(errno);
	} else if (flags & SHFL_REMOVE_FILE) {
		if (unlinkat(pfd, name, 0) < 0)
			rc = shfl_errno_status(errno);
	} else {
		rc = remove_dir(pfd, name);
	}
	close(pfd);
	return rc;
}

/* REMOVE's and CLOSE_AND_REMOVE's first three parameters. */
static int remove_parms(struct shfl_client *c, struct hgcm_call *call,
			uint32_t *root, const char **path, char **tofree,
			uint32_t *flags)
{
	uint32_t cb;
	void *buf;
	int rc;

	if ((rc = shfl_get_u32(call, 0, true, root)) < 0 ||
	    (rc = shfl_get_buf(call, 1, true, HGCM_ACCEPT_ANY, &buf, &cb)) < 0)
		return rc;
	if (shfl_str_in(c, buf, cb, path, tofree) < 0)
		return VERR_INVALID_PARAMETER;
	if ((rc = shfl_get_u32(call, 2, true, flags)) < 0)
		return rc;
	if (*flags & ~(uint32_t)SHFL_REMOVE_VALID_MASK)
		return VERR_INVALID_FLAGS;
	return VINF_SUCCESS;
}

int shfl_fn_remove(struct shfl_client *c, struct hgcm_call *call,
		   unsigned int n)
{
	g_autofree char *tofree = NULL;
	uint32_t root, flags;
	const char *path;
	int rc;

	(void)n;
	rc = remove_parms(c, call, &root, &path, &tofree, &flags);
	if (rc < 0)
		return rc;
	return remove_path(c, root, path, flags);
}

int shfl_fn_close_and_remove(struct shfl_client *c, struct hgcm_call *call,
			     unsigned int n)
{
	g_autofree char *tofree = NULL;
	uint32_t root, flags;
	const char *path;
	uint64_t id;
	int rc;

	(void)n;
	rc = remove_parms(c, call, &root, &path, &tofree, &flags);
	if (rc < 0)
		return rc;
	if ((rc = shfl_get_u64(call, 3, true, &id)) < 0)
		return rc;
	if (id == SHFL_HANDLE_ROOT)
		return VERR_INVALID_HANDLE;
	if (id != SHFL_HANDLE_NIL) {
		rc = shfl_close_handle(c, root, id);
		if (rc < 0)
			return rc;
	}
	return remove_path(c, root, path, flags);
}

/* ---- RENAME -------------------------------------------------------------- */

/* rename_check(): source and destination are one object already. */
#define RENAME_SAME_OBJECT 1

struct rename_ends {
	int spfd, dpfd;
	const char *sname, *dname;
};

/* A POSIX host's destination rules (docs/protocol/shared-folders.md §5.11). */
static int rename_check(const struct rename_ends *e, uint32_t flags)
{
	struct stat s, d;
	uint32_t type;

	if (fstatat(e->spfd, e->sname, &s, AT_SYMLINK_NOFOLLOW) < 0)
		return shfl_errno_status(errno);
	type = flags & (SHFL_RENAME_FILE | SHFL_RENAME_DIR);
	if (type == SHFL_RENAME_FILE && S_ISDIR(s.st_mode))
		return VERR_IS_A_DIRECTORY;
	if (!(type & SHFL_RENAME_FILE) && !S_ISDIR(s.st_mode))
		return VERR_NOT_A_DIRECTORY;
	if (fstatat(e->dpfd, e->dname, &d, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? VINF_SUCCESS :
					 shfl_errno_status(errno);
	if (s.st_dev == d.st_dev && s.st_ino == d.st_ino)
		return RENAME_SAME_OBJECT;
	if (S_ISDIR(d.st_mode) || !(flags & SHFL_RENAME_REPLACE_IF_EXISTS))
		return VERR_ALREADY_EXISTS;
	return VINF_SUCCESS;
}

static int rename_do(const struct rename_ends *e, uint32_t flags)
{
	int rc = rename_check(e, flags);

	if (rc < 0)
		return rc;
	if (rc == RENAME_SAME_OBJECT)
		return VINF_SUCCESS;
	/* Without REPLACE, never clobber a destination created meanwhile. */
	if (!(flags & SHFL_RENAME_REPLACE_IF_EXISTS))
		rc = renameat2(e->spfd, e->sname, e->dpfd, e->dname,
			       RENAME_NOREPLACE);
	else
		rc = renameat(e->spfd, e->sname, e->dpfd, e->dname);
	if (rc == 0)
		return VINF_SUCCESS;
	if (errno == ENOTDIR)
		return VERR_ALREADY_EXISTS;
	return shfl_errno_status(errno);
}

int shfl_fn_rename(struct shfl_client *c, struct hgcm_call *call,
		   unsigned int n)
{
	g_autofree char *free_src = NULL, *free_dst = NULL;
	g_autofree char *rel_src = NULL, *rel_dst = NULL;
	struct rename_ends e = { .spfd = -1, .dpfd = -1 };
	uint32_t root, flags, cb_src, cb_dst;
	const char *src, *dst;
	void *buf_src, *buf_dst;
	struct shfl_root *r;
	int rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0 ||
	    (rc = shfl_get_buf(call, 1, false, HGCM_ACCEPT_ANY, &buf_src,
			       &cb_src)) < 0 ||
	    (rc = shfl_get_buf(call, 2, false, HGCM_ACCEPT_ANY, &buf_dst,
			       &cb_dst)) < 0 ||
	    (rc = shfl_get_u32(call, 3, false, &flags)) < 0)
		return rc;
	if (shfl_str_in(c, buf_src, cb_src, &src, &free_src) < 0 ||
	    shfl_str_in(c, buf_dst, cb_dst, &dst, &free_dst) < 0 ||
	    (flags & ~(uint32_t)SHFL_RENAME_VALID_MASK))
		return VERR_INVALID_PARAMETER;
	rc = shfl_guest_path(c, root, src, &r, &rel_src);
	if (rc >= 0)
		rc = shfl_path_from_guest(c, dst, &rel_dst);
	if (rc < 0)
		return rc;
	if (r->spec.read_only)
		return VERR_WRITE_PROTECT;
	e.spfd = shfl_open_parent(c->svc, r->root_fd, rel_src, &e.sname);
	if (e.spfd < 0)
		return parent_status(e.spfd);
	e.dpfd = shfl_open_parent(c->svc, r->root_fd, rel_dst, &e.dname);
	if (e.dpfd < 0)
		rc = parent_status(e.dpfd);
	else
		rc = rename_do(&e, flags);
	close(e.spfd);
	if (e.dpfd >= 0)
		close(e.dpfd);
	return rc;
}

/* ---- READLINK and SYMLINK ------------------------------------------------ */

int shfl_fn_readlink(struct shfl_client *c, struct hgcm_call *call,
		     unsigned int n)
{
	g_autofree char *tofree = NULL, *rel = NULL;
	uint32_t root, cb_path, cb;
	void *path_buf, *buf;
	struct shfl_root *r;
	const char *path, *name;
	char *p;
	ssize_t len;
	int pfd, rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0 ||
	    (rc = shfl_get_buf(call, 1, false, HGCM_ACCEPT_ANY, &path_buf,
			       &cb_path)) < 0 ||
	    (rc = shfl_get_buf(call, 2, false, HGCM_ACCEPT_ANY, &buf, &cb)) < 0)
		return rc;
	if (!cb_path || !buf ||
	    shfl_str_in(c, path_buf, cb_path, &path, &tofree) < 0)
		return VERR_INVALID_PARAMETER;
	rc = shfl_guest_path(c, root, path, &r, &rel);
	if (rc < 0)
		return rc;
	pfd = shfl_open_parent(c->svc, r->root_fd, rel, &name);
	if (pfd == -EBUSY)
		return VERR_NOT_SYMLINK;
	if (pfd < 0)
		return shfl_resolve_status(pfd);
	len = readlinkat(pfd, name, buf, cb);
	rc = len < 0 ? (errno == EINVAL ? VERR_NOT_SYMLINK :
					  shfl_errno_status(errno)) :
		       VINF_SUCCESS;
	close(pfd);
	if (rc < 0)
		return rc;
	if ((uint32_t)len >= cb)
		return VERR_BUFFER_OVERFLOW;
	/* UTF-8 whatever the client's mode, '/' as its delimiter. */
	p = buf;
	p[len] = '\0';
	if (c->delim && c->delim != '/') {
		for (; *p; p++) {
			if (*p == '/')
				*p = (char)c->delim;
		}
	}
	return VINF_SUCCESS;
}

int shfl_fn_symlink(struct shfl_client *c, struct hgcm_call *call,
		    unsigned int n)
{
	g_autofree char *free_new = NULL, *free_old = NULL;
	g_autofree char *rel = NULL;
	uint32_t root, cb_new, cb_old, cb_info;
	void *new_buf, *old_buf, *info_buf;
	struct shfl_fsobjinfo info;
	const char *newp, *target, *name;
	struct shfl_root *r;
	struct stat st;
	int pfd, rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0 ||
	    (rc = shfl_get_buf(call, 1, false, HGCM_ACCEPT_ANY, &new_buf,
			       &cb_new)) < 0 ||
	    (rc = shfl_get_buf(call, 2, false, HGCM_ACCEPT_ANY, &old_buf,
			       &cb_old)) < 0 ||
	    (rc = shfl_get_buf(call, 3, false, HGCM_ACCEPT_ANY, &info_buf,
			       &cb_info)) < 0)
		return rc;
	if (shfl_str_in(c, new_buf, cb_new, &newp, &free_new) < 0 ||
	    shfl_str_in(c, old_buf, cb_old, &target, &free_old) < 0 ||
	    cb_info != sizeof(struct shfl_fsobjinfo))
		return VERR_INVALID_PARAMETER;
	if (!c->utf8)
		return VERR_NOT_IMPLEMENTED;
	rc = shfl_root_for_path(c, root, &r);
	if (rc < 0)
		return rc;
	if (!r->spec.symlinks || r->spec.read_only)
		return VERR_WRITE_PROTECT;
	rc = shfl_path_from_guest(c, newp, &rel);
	if (rc < 0)
		return rc;
	/*
	 * The target is stored verbatim; like the real host, only check that
	 * it could be a host path (no '/' inside a name when the client's
	 * delimiter is '\\').  Following it later stays confined.
	 */
	if (c->delim != '/' && strchr(target, '/'))
		return VERR_INVALID_NAME;
	pfd = shfl_open_parent(c->svc, r->root_fd, rel, &name);
	if (pfd < 0)
		return pfd == -EBUSY ? VERR_ALREADY_EXISTS :
				       shfl_resolve_status(pfd);
	if (symlinkat(target, pfd, name) < 0 ||
	    fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		rc = shfl_errno_status(errno);
	else
		rc = VINF_SUCCESS;
	close(pfd);
	if (rc < 0)
		return rc;
	shfl_info_from_stat(&info, &st, name);
	memcpy(info_buf, &info, sizeof(info));
	return VINF_SUCCESS;
}

/* ---- COPY_FILE ----------------------------------------------------------- */

static int copy_parms(struct shfl_client *c, struct hgcm_call *call,
		      unsigned int idx, uint32_t *root, const char **path,
		      char **tofree)
{
	uint32_t cb;
	void *buf;
	int rc;

	if ((rc = shfl_get_u32(call, idx, true, root)) < 0 ||
	    (rc = shfl_get_buf(call, idx + 1, true, HGCM_ACCEPT_ANY, &buf,
			       &cb)) < 0)
		return rc;
	return shfl_str_in(c, buf, cb, path, tofree);
}

int shfl_fn_copy_file(struct shfl_client *c, struct hgcm_call *call,
		      unsigned int n)
{
	g_autofree char *free_src = NULL, *free_dst = NULL;
	g_autofree char *rel_src = NULL, *rel_dst = NULL;
	uint32_t sroot, droot, flags;
	struct shfl_root *sr, *dr;
	const char *src, *dst, *name;
	uint64_t done;
	struct stat st;
	int sfd, dfd, pfd, rc;

	(void)n;
	if ((rc = copy_parms(c, call, 0, &sroot, &src, &free_src)) < 0 ||
	    (rc = copy_parms(c, call, 2, &droot, &dst, &free_dst)) < 0 ||
	    (rc = shfl_get_u32(call, 4, true, &flags)) < 0)
		return rc;
	if (flags)
		return VERR_INVALID_FLAGS;
	if ((rc = shfl_guest_path(c, sroot, src, &sr, &rel_src)) < 0 ||
	    (rc = shfl_guest_path(c, droot, dst, &dr, &rel_dst)) < 0)
		return rc;
	if (dr->spec.read_only)
		return VERR_WRITE_PROTECT;
	sfd = shfl_open_beneath(c->svc, sr->root_fd, rel_src,
				O_RDONLY | O_NONBLOCK, 0, true);
	if (sfd < 0)
		return shfl_resolve_status(sfd);
	if (fstat(sfd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = S_ISDIR(st.st_mode) ? VERR_IS_A_DIRECTORY :
					   VERR_ACCESS_DENIED;
		close(sfd);
		return rc;
	}
	dfd = shfl_open_beneath(c->svc, dr->root_fd, rel_dst,
				O_WRONLY | O_CREAT | O_EXCL, st.st_mode & 0777,
				true);
	if (dfd < 0) {
		close(sfd);
		return shfl_resolve_status(dfd);
	}
	rc = shfl_copy_fds(sfd, dfd, &done);
	close(sfd);
	close(dfd);
	if (rc < 0) {
		/* Leave no half copy behind. */
		pfd = shfl_open_parent(c->svc, dr->root_fd, rel_dst, &name);
		if (pfd >= 0) {
			unlinkat(pfd, name, 0);
			close(pfd);
		}
	}
	return rc;
}
