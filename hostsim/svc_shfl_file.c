// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VBoxSharedFolders: CREATE (lookup, open, create) and the handle
 * operations CLOSE, READ, WRITE, LOCK, FLUSH, INFORMATION, SET_FILE_SIZE
 * and COPY_FILE_PART.
 *
 * READ and WRITE move data with pread()/pwrite() straight between the file
 * and the call's buffer; nothing is copied or allocated per call.
 */
#include "config.h"

#include "hostsim/svc_shfl_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define SHFL_ACT_MASKS (SHFL_CF_ACT_MASK_IF_EXISTS | SHFL_CF_ACT_MASK_IF_NEW)

/* What CREATE works on. */
struct create_ctx {
	struct shfl_client *c;
	struct shfl_root *r;
	uint32_t root;
	char *rel;
	struct shfl_createparms p;
	uint64_t handle_in;
};

static int stat_rel(const struct create_ctx *x, bool follow, struct stat *st)
{
	int fd = shfl_open_beneath(x->c->svc, x->r->root_fd, x->rel, O_PATH, 0,
				   follow);
	int rc = 0;

	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

static void info_rel(struct create_ctx *x, const struct stat *st)
{
	shfl_info_from_stat(&x->p.info, st, shfl_path_base(x->rel));
}

static bool handle_table_full(const struct shfl_svc *svc)
{
	return svc->handle_count >= SHFL_SIM_MAX_HANDLES - 1;
}

/* Windows-style clients hear PATH_NOT_FOUND when the parent is missing. */
static bool parent_missing(const struct create_ctx *x)
{
	const char *name;
	int fd;

	if (x->c->error_style != SHFL_ERROR_STYLE_WINDOWS)
		return false;
	fd = shfl_open_parent(x->c->svc, x->r->root_fd, x->rel, &name);
	if (fd >= 0)
		close(fd);
	return fd == -ENOENT || fd == -ENOTDIR;
}

static int lookup(struct create_ctx *x)
{
	struct stat st;
	int err = stat_rel(x, !x->c->show_symlinks, &st);

	x->p.handle = SHFL_HANDLE_NIL;
	if (err == -ENOENT) {
		x->p.result = SHFL_FILE_NOT_FOUND;
		return VINF_SUCCESS;
	}
	if (err == -ENOTDIR) {
		x->p.result = SHFL_PATH_NOT_FOUND;
		return VINF_SUCCESS;
	}
	if (err < 0)
		return shfl_resolve_status(err);
	info_rel(x, &st);
	x->p.result = SHFL_FILE_EXISTS;
	return VINF_SUCCESS;
}

/* The creation mode of a new file (low 16 bits of info.attr.mode). */
static mode_t create_mode(const struct create_ctx *x)
{
	uint32_t m = x->p.info.attr.mode;

	if ((m & SHFL_DOS_MASK) && !(m & SHFL_UNIX_MASK)) {
		/* A DOS-only guest: r--r--r--, +w unless read-only. */
		m = 0444;
		if (x->p.info.attr.mode & SHFL_DOS_DIRECTORY)
			m |= 0111;
		if (!(x->p.info.attr.mode & SHFL_DOS_READONLY))
			m |= 0222;
	} else if (x->handle_in == 0) {
		/* Very old additions left the mode uninitialised. */
		m = 0;
	}
	m &= SHFL_UNIX_ALL_PERMS;
	return m ? m : 0600;
}

static int open_flags(const struct create_ctx *x, int *oflags)
{
	uint32_t cf = x->p.create_flags;
	bool ro = x->r->spec.read_only;

	switch (cf & SHFL_CF_ACCESS_MASK_RW) {
	case SHFL_CF_ACCESS_WRITE:
		/* Nothing would remain of a write-only open. */
		if (ro)
			return VERR_WRITE_PROTECT;
		*oflags = O_WRONLY;
		break;
	case SHFL_CF_ACCESS_READWRITE:
		*oflags = ro ? O_RDONLY : O_RDWR;
		break;
	default:
		*oflags = O_RDONLY;
		break;
	}
	if ((cf & SHFL_CF_ACCESS_APPEND) && *oflags != O_RDONLY)
		*oflags |= O_APPEND;
	*oflags |= O_NONBLOCK | O_NOCTTY;
	return VINF_SUCCESS;
}

/* Validate the IF_EXISTS / IF_NEW pair of a file open. */
static int check_actions(uint32_t cf)
{
	uint32_t ex = cf & SHFL_CF_ACT_MASK_IF_EXISTS;
	uint32_t nw = cf & SHFL_CF_ACT_MASK_IF_NEW;

	if (nw != SHFL_CF_ACT_CREATE_IF_NEW && nw != SHFL_CF_ACT_FAIL_IF_NEW)
		return VERR_INVALID_PARAMETER;
	if (ex > SHFL_CF_ACT_OVERWRITE_IF_EXISTS ||
	    (ex == SHFL_CF_ACT_FAIL_IF_EXISTS && nw == SHFL_CF_ACT_FAIL_IF_NEW))
		return VERR_INVALID_PARAMETER;
	return VINF_SUCCESS;
}

/**
 * do_open - open(2) with the action the flags ask for.
 *
 * Return: a descriptor with x->p.result set, or a negative errno.
 */
static int do_open(struct create_ctx *x, int oflags, mode_t mode)
{
	uint32_t cf = x->p.create_flags;
	uint32_t ex = cf & SHFL_CF_ACT_MASK_IF_EXISTS;
	bool create = (cf & SHFL_CF_ACT_MASK_IF_NEW) ==
		      SHFL_CF_ACT_CREATE_IF_NEW;
	bool trunc = ex == SHFL_CF_ACT_REPLACE_IF_EXISTS ||
		     ex == SHFL_CF_ACT_OVERWRITE_IF_EXISTS;
	const struct shfl_svc *svc = x->c->svc;
	int fd, tries;

	/* Exclusive create first, so we know whether we made the file. */
	for (tries = 0; tries < 2; tries++) {
		if (create) {
			fd = shfl_open_beneath(svc, x->r->root_fd, x->rel,
					       oflags | O_CREAT | O_EXCL, mode,
					       true);
			if (fd >= 0) {
				x->p.result = SHFL_FILE_CREATED;
				return fd;
			}
			if (fd != -EEXIST || ex == SHFL_CF_ACT_FAIL_IF_EXISTS)
				return fd;
		}
		fd = shfl_open_beneath(svc, x->r->root_fd, x->rel,
				       oflags | (trunc ? O_TRUNC : 0), 0, true);
		if (fd >= 0) {
			x->p.result = trunc ? SHFL_FILE_REPLACED :
					      SHFL_FILE_EXISTS;
			return fd;
		}
		/* Gone between the two opens: create it after all. */
		if (fd != -ENOENT || !create)
			return fd;
	}
	return fd;
}

static int open_file_error(struct create_ctx *x, int err)
{
	struct stat st;

	x->p.result = SHFL_NO_RESULT;
	switch (err) {
	case -ENOENT:
		x->p.result = parent_missing(x) ? SHFL_PATH_NOT_FOUND :
						  SHFL_FILE_NOT_FOUND;
		return VINF_SUCCESS;
	case -ENOTDIR:
		x->p.result = SHFL_PATH_NOT_FOUND;
		return VINF_SUCCESS;
	case -EEXIST:
		if (stat_rel(x, !x->c->show_symlinks, &st) == 0)
			info_rel(x, &st);
		x->p.result = SHFL_FILE_EXISTS;
		return VINF_SUCCESS;
	default:
		return shfl_resolve_status(err);
	}
}

static int open_file(struct create_ctx *x)
{
	struct shfl_handle *h;
	struct stat st;
	uint64_t id;
	int oflags, fd, rc;
	uint32_t ex = x->p.create_flags & SHFL_CF_ACT_MASK_IF_EXISTS;

	rc = check_actions(x->p.create_flags);
	if (rc >= 0)
		rc = open_flags(x, &oflags);
	if (rc < 0)
		return rc;
	if (handle_table_full(x->c->svc))
		return VERR_NO_MEMORY;
	fd = do_open(x, oflags, create_mode(x));
	if (fd < 0)
		return open_file_error(x, fd);
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		rc = S_ISDIR(st.st_mode) ? VERR_IS_A_DIRECTORY :
					   shfl_errno_status(errno);
		close(fd);
		x->p.result = SHFL_NO_RESULT;
		return rc;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if ((ex == SHFL_CF_ACT_REPLACE_IF_EXISTS ||
	     ex == SHFL_CF_ACT_OVERWRITE_IF_EXISTS) &&
	    x->p.info.size >= 0 && ftruncate(fd, x->p.info.size) == 0)
		fstat(fd, &st);
	h = shfl_handle_new(x->c, x->root, SHFL_HANDLE_FILE, fd, &id);
	x->p.handle = id;
	h->can_write = (oflags & O_ACCMODE) != O_RDONLY;
	h->append = oflags & O_APPEND;
	h->path = g_strdup(x->rel);
	info_rel(x, &st);
	return VINF_SUCCESS;
}

/* mkdir for CREATE with CREATE_IF_NEW; sets x->p.result. */
static int make_dir(struct create_ctx *x)
{
	const char *name;
	int pfd, err = 0;

	x->p.result = SHFL_FILE_CREATED;
	pfd = shfl_open_parent(x->c->svc, x->r->root_fd, x->rel, &name);
	if (pfd == -EBUSY)
		err = EEXIST; /* the share root itself */
	else if (pfd < 0)
		err = -pfd;
	else if (mkdirat(pfd, name, 0777) < 0)
		err = errno;
	if (pfd >= 0)
		close(pfd);
	switch (err) {
	case 0:
		return VINF_SUCCESS;
	case EEXIST:
		x->p.result = SHFL_FILE_EXISTS;
		return VERR_ALREADY_EXISTS;
	case ENOENT:
		if (parent_missing(x)) {
			x->p.result = SHFL_PATH_NOT_FOUND;
			return VERR_PATH_NOT_FOUND;
		}
		x->p.result = SHFL_FILE_NOT_FOUND;
		return VERR_FILE_NOT_FOUND;
	case ENOTDIR:
		x->p.result = SHFL_PATH_NOT_FOUND;
		return VERR_PATH_NOT_FOUND;
	default:
		x->p.result = SHFL_NO_RESULT;
		return shfl_resolve_status(-err);
	}
}

static int open_dir_fd(struct create_ctx *x)
{
	struct shfl_handle *h;
	struct stat st;
	uint64_t id;
	DIR *dir;
	int fd;

	fd = shfl_open_beneath(x->c->svc, x->r->root_fd, x->rel,
			       O_RDONLY | O_DIRECTORY, 0, true);
	if (fd < 0) {
		switch (fd) {
		case -ENOENT:
			x->p.result = SHFL_FILE_NOT_FOUND;
			return VERR_FILE_NOT_FOUND;
		case -ENOTDIR:
			x->p.result = SHFL_PATH_NOT_FOUND;
			return VERR_PATH_NOT_FOUND;
		case -EACCES:
			x->p.result = SHFL_FILE_EXISTS;
			return VERR_ACCESS_DENIED;
		default:
			x->p.result = SHFL_NO_RESULT;
			return shfl_resolve_status(fd);
		}
	}
	if (fstat(fd, &st) < 0 || !(dir = fdopendir(fd))) {
		int rc = shfl_errno_status(errno);

		close(fd);
		x->p.result = SHFL_NO_RESULT;
		return rc;
	}
	h = shfl_handle_new(x->c, x->root, SHFL_HANDLE_DIR, fd, &id);
	x->p.handle = id;
	h->dir = dir;
	h->path = g_strdup(x->rel);
	info_rel(x, &st);
	return VINF_SUCCESS;
}

static int open_dir(struct create_ctx *x)
{
	uint32_t cf = x->p.create_flags;
	int rc = VINF_SUCCESS;

	if (handle_table_full(x->c->svc))
		return VERR_NO_MEMORY;
	x->p.result = SHFL_FILE_EXISTS;
	if ((cf & SHFL_CF_ACT_MASK_IF_NEW) == SHFL_CF_ACT_CREATE_IF_NEW)
		rc = make_dir(x);
	if (rc >= 0 ||
	    (cf & SHFL_CF_ACT_MASK_IF_EXISTS) == SHFL_CF_ACT_OPEN_IF_EXISTS)
		rc = open_dir_fd(x);
	return rc;
}

/*
 * Everything but LOOKUP, in the real host's order
 * (docs/protocol/shared-folders.md §5.4).
 */

static int create_open(struct create_ctx *x)
{
	uint32_t cf = x->p.create_flags, ex;
	struct stat st;

	if (stat_rel(x, !x->c->show_symlinks, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			cf |= SHFL_CF_DIRECTORY;
		if (cf & SHFL_CF_OPEN_TARGET_DIRECTORY) {
			char *slash = strrchr(x->rel, '/');

			if (slash)
				*slash = '\0';
			else
				x->rel[0] = '\0';
			cf &= ~SHFL_ACT_MASKS;
			cf |= SHFL_CF_DIRECTORY | SHFL_CF_ACT_OPEN_IF_EXISTS |
			      SHFL_CF_ACT_FAIL_IF_NEW;
		}
	}
	x->p.create_flags = cf;
	ex = cf & SHFL_CF_ACT_MASK_IF_EXISTS;
	if (x->r->spec.read_only &&
	    (ex == SHFL_CF_ACT_REPLACE_IF_EXISTS ||
	     ex == SHFL_CF_ACT_OVERWRITE_IF_EXISTS ||
	     (cf & SHFL_CF_ACT_MASK_IF_NEW) == SHFL_CF_ACT_CREATE_IF_NEW))
		return VERR_WRITE_PROTECT;
	if (cf & SHFL_CF_DIRECTORY)
		return open_dir(x);
	return open_file(x);
}

int shfl_fn_create(struct shfl_client *c, struct hgcm_call *call,
		   unsigned int n)
{
	struct create_ctx x = { .c = c };
	g_autofree char *tofree = NULL;
	uint32_t cb_path, cb_parms;
	void *path_buf, *parms;
	const char *path;
	int rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, false, &x.root)) < 0 ||
	    (rc = shfl_get_buf(call, 1, false, HGCM_ACCEPT_ANY, &path_buf,
			       &cb_path)) < 0 ||
	    (rc = shfl_get_buf(call, 2, false, HGCM_ACCEPT_ANY, &parms,
			       &cb_parms)) < 0)
		return rc;
	if (shfl_str_in(c, path_buf, cb_path, &path, &tofree) < 0 ||
	    cb_parms != sizeof(struct shfl_createparms))
		return VERR_INVALID_PARAMETER;
	rc = shfl_guest_path(c, x.root, path, &x.r, &x.rel);
	if (rc < 0)
		return rc;
	memcpy(&x.p, parms, sizeof(x.p));
	x.handle_in = x.p.handle;
	x.p.result = SHFL_NO_RESULT;
	x.p.handle = SHFL_HANDLE_NIL;
	if (x.p.create_flags & SHFL_CF_LOOKUP)
		rc = lookup(&x);
	else
		rc = create_open(&x);
	if (rc < 0)
		x.p.handle = SHFL_HANDLE_NIL;
	memcpy(parms, &x.p, sizeof(x.p));
	g_free(x.rel);
	return rc;
}

/* ---- handle operations --------------------------------------------------- */

/* Handle 0 and NIL, as CLOSE, READ, WRITE, LOCK and FLUSH check them. */
static int handle_value_check(uint64_t id)
{
	if (id == SHFL_HANDLE_ROOT)
		return VERR_INVALID_PARAMETER;
	if (id == SHFL_HANDLE_NIL)
		return VERR_INVALID_HANDLE;
	return VINF_SUCCESS;
}

int shfl_close_handle(struct shfl_client *c, uint32_t root, uint64_t id)
{
	struct shfl_handle *h = shfl_handle_get(c, id);

	if (!h || h->root != root)
		return VERR_INVALID_HANDLE;
	shfl_handle_free(c->svc, id);
	return VINF_SUCCESS;
}

int shfl_fn_close(struct shfl_client *c, struct hgcm_call *call, unsigned int n)
{
	uint32_t root;
	uint64_t id;
	int rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0 ||
	    (rc = shfl_get_u64(call, 1, false, &id)) < 0 ||
	    (rc = handle_value_check(id)) < 0)
		return rc;
	return shfl_close_handle(c, root, id);
}

/* The parameters READ and WRITE share. */
struct rw_parms {
	uint32_t root;
	uint64_t id;
	uint64_t offset;
	uint32_t count;
	uint8_t *buf;
};

static int rw_get(struct hgcm_call *call, struct rw_parms *p)
{
	uint32_t cb;
	void *buf;
	int rc;

	if ((rc = shfl_get_u32(call, 0, true, &p->root)) < 0 ||
	    (rc = shfl_get_u64(call, 1, true, &p->id)) < 0 ||
	    (rc = shfl_get_u64(call, 2, true, &p->offset)) < 0 ||
	    (rc = shfl_get_u32(call, 3, true, &p->count)) < 0 ||
	    (rc = shfl_get_buf(call, 4, true, HGCM_ACCEPT_ANY, &buf, &cb)) <
		    0 ||
	    (rc = handle_value_check(p->id)) < 0)
		return rc;
	if (p->count > cb)
		return VERR_INVALID_HANDLE;
	p->buf = buf;
	return VINF_SUCCESS;
}

int shfl_fn_read(struct shfl_client *c, struct hgcm_call *call, unsigned int n)
{
	struct shfl_handle *h;
	struct rw_parms p;
	uint32_t done = 0;
	ssize_t got;
	int rc;

	(void)n;
	rc = rw_get(call, &p);
	if (rc >= 0)
		rc = shfl_handle_check(c, p.id, p.root, SHFL_HANDLE_FILE,
				       VERR_INVALID_HANDLE, false, &h);
	while (rc >= 0 && done < p.count) {
		if (p.offset + done > INT64_MAX) {
			rc = VERR_INVALID_PARAMETER;
			break;
		}
		got = pread(h->fd, p.buf + done, p.count - done,
			    (off_t)(p.offset + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = shfl_errno_status(errno);
		else if (got == 0)
			break; /* end of file: a short read */
		else
			done += (uint32_t)got;
	}
	hgcm_call_set_u32(call, 3, rc >= 0 ? done : 0);
	return rc;
}

/* Write everything, at offset or (append) at the end of the file. */
static int write_all(struct shfl_handle *h, const uint8_t *buf, uint32_t count,
		     uint64_t offset, uint32_t *done)
{
	ssize_t n;

	*done = 0;
	while (*done < count) {
		if (h->append)
			n = write(h->fd, buf + *done, count - *done);
		else if (offset + *done > INT64_MAX)
			return VERR_INVALID_PARAMETER;
		else
			n = pwrite(h->fd, buf + *done, count - *done,
				   (off_t)(offset + *done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return shfl_errno_status(errno);
		if (n == 0)
			return VERR_DISK_FULL;
		*done += (uint32_t)n;
	}
	return VINF_SUCCESS;
}

int shfl_fn_write(struct shfl_client *c, struct hgcm_call *call, unsigned int n)
{
	struct shfl_handle *h;
	struct rw_parms p;
	uint32_t done = 0;
	uint64_t end;
	struct stat st;
	int rc;

	(void)n;
	rc = rw_get(call, &p);
	if (rc >= 0)
		rc = shfl_handle_check(c, p.id, p.root, SHFL_HANDLE_FILE,
				       VERR_INVALID_HANDLE, true, &h);
	if (rc >= 0 && p.count)
		rc = write_all(h, p.buf, p.count, p.offset, &done);
	if (rc >= 0 && p.count) {
		/* The new offset; for appends the real end of the file. */
		end = p.offset + done;
		if (h->append && fstat(h->fd, &st) == 0 &&
		    (uint64_t)st.st_size >= end)
			end = (uint64_t)st.st_size;
		hgcm_call_set_u64(call, 2, end);
	}
	hgcm_call_set_u32(call, 3, rc >= 0 ? done : 0);
	return rc;
}

int shfl_fn_lock(struct shfl_client *c, struct hgcm_call *call, unsigned int n)
{
	uint64_t id, offset, length;
	uint32_t root, flags, mode;
	struct shfl_handle *h;
	int rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0 ||
	    (rc = shfl_get_u64(call, 1, false, &id)) < 0 ||
	    (rc = shfl_get_u64(call, 2, false, &offset)) < 0 ||
	    (rc = shfl_get_u64(call, 3, false, &length)) < 0 ||
	    (rc = shfl_get_u32(call, 4, false, &flags)) < 0 ||
	    (rc = handle_value_check(id)) < 0)
		return rc;
	rc = shfl_handle_check(c, id, root, SHFL_HANDLE_FILE,
			       VERR_INVALID_HANDLE, false, &h);
	if (rc < 0)
		return rc;
	/*
	 * A POSIX host validates and then does nothing: guest locks are
	 * local to the guest (docs/protocol/shared-folders.md §5.7).  WAIT
	 * is ignored.

	 */
	mode = flags & SHFL_LOCK_MODE_MASK;
	if ((flags & SHFL_LOCK_ENTIRE) || mode == SHFL_LOCK_MODE_MASK)
		return VERR_INVALID_PARAMETER;
	return VINF_SUCCESS;
}

int shfl_fn_flush(struct shfl_client *c, struct hgcm_call *call, unsigned int n)
{
	struct shfl_handle *h;
	uint32_t root;
	uint64_t id;
	int rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0 ||
	    (rc = shfl_get_u64(call, 1, false, &id)) < 0 ||
	    (rc = handle_value_check(id)) < 0)
		return rc;
	rc = shfl_handle_check(c, id, root, SHFL_HANDLE_FILE,
			       VERR_INVALID_HANDLE, true, &h);
	if (rc < 0)
		return rc;
	return fsync(h->fd) == 0 ? VINF_SUCCESS : shfl_errno_status(errno);
}

/* ---- INFORMATION and sizes ----------------------------------------------- */

static int info_get_file(struct shfl_handle *h, void *buf)
{
	struct shfl_fsobjinfo info;
	struct stat st;

	if (fstat(h->fd, &st) < 0)
		return shfl_errno_status(errno);
	shfl_info_from_stat(&info, &st, shfl_path_base(h->path));
	memcpy(buf, &info, sizeof(info));
	return VINF_SUCCESS;
}

static int64_t ns_field(const struct shfl_timespec *t)
{
	return t->ns;
}

/* SET|FILE: apply non-zero times and the mode; failures are ignored. */
static void info_set_file(struct shfl_handle *h, const void *buf)
{
	struct shfl_fsobjinfo in;
	struct timespec ts[2] = {
		{ .tv_nsec = UTIME_OMIT },
		{ .tv_nsec = UTIME_OMIT },
	};
	int64_t at, mt;
	uint32_t mode;

	memcpy(&in, buf, sizeof(in));
	at = ns_field(&in.access_time);
	mt = ns_field(&in.modification_time);
	if (at) {
		ts[0].tv_sec = at / 1000000000;
		ts[0].tv_nsec = at % 1000000000;
		if (ts[0].tv_nsec < 0) {
			ts[0].tv_sec--;
			ts[0].tv_nsec += 1000000000;
		}
	}
	if (mt) {
		ts[1].tv_sec = mt / 1000000000;
		ts[1].tv_nsec = mt % 1000000000;
		if (ts[1].tv_nsec < 0) {
			ts[1].tv_sec--;
			ts[1].tv_nsec += 1000000000;
		}
	}
	/* Change and birth times cannot be set on a POSIX host. */
	if (at || mt)
		futimens(h->fd, ts);
	mode = in.attr.mode;
	if (!mode)
		return;
	if (mode & SHFL_UNIX_MASK) {
		/* Keep the object usable by the host user. */
		mode |= SHFL_UNIX_IRUSR;
		if (h->type == SHFL_HANDLE_DIR)
			mode |= SHFL_UNIX_IXUSR;
	} else {
		/* DOS attributes only: derive the permissions. */
		mode = 0444 | (h->type == SHFL_HANDLE_DIR ? 0111 : 0);
		if (!(in.attr.mode & SHFL_DOS_READONLY))
			mode |= 0222;
	}
	fchmod(h->fd, mode & SHFL_UNIX_ALL_PERMS);
}

static int information_set(struct shfl_client *c, uint32_t root, uint64_t id,
			   uint32_t flags, uint32_t cb, void *buf)
{
	struct shfl_handle *h = shfl_handle_get(c, id);
	unsigned int types;
	int rc;

	if (!h || !buf)
		return VERR_INVALID_PARAMETER;
	if (flags & SHFL_INFO_FILE)
		types = SHFL_HANDLE_FILE | SHFL_HANDLE_DIR;
	else if (flags & SHFL_INFO_SIZE)
		types = SHFL_HANDLE_FILE;
	else
		return VERR_INVALID_PARAMETER;
	if (cb < sizeof(struct shfl_fsobjinfo))
		return VERR_INVALID_PARAMETER;
	rc = shfl_handle_check(c, id, root, types, VERR_INVALID_PARAMETER, true,
			       &h);
	if (rc < 0)
		return rc;
	if (flags & SHFL_INFO_FILE) {
		info_set_file(h, buf);
	} else {
		struct shfl_fsobjinfo in;

		memcpy(&in, buf, sizeof(in));
		if (in.size < 0)
			return VERR_INVALID_PARAMETER;
		if (ftruncate(h->fd, in.size) < 0)
			return shfl_errno_status(errno);
	}
	return info_get_file(h, buf);
}

static int information_volume(struct shfl_client *c, uint32_t root, void *buf)
{
	struct shfl_volinfo v = { 0 };
	struct shfl_root *r;
	struct statvfs vfs;
	struct stat st;
	int rc;

	rc = shfl_root_for_path(c, root, &r);
	if (rc < 0)
		return rc;
	if (fstatvfs(r->root_fd, &vfs) < 0 || fstat(r->root_fd, &st) < 0)
		return shfl_errno_status(errno);
	v.total_bytes = (int64_t)(vfs.f_blocks * vfs.f_frsize);
	v.available_bytes = (int64_t)(vfs.f_bavail * vfs.f_frsize);
	v.bytes_per_alloc_unit = (uint32_t)vfs.f_frsize;
	v.bytes_per_sector = 512;
	v.serial = (uint32_t)st.st_dev;
	v.props.max_component = (uint32_t)vfs.f_namemax;
	v.props.case_sensitive = r->host_case_sensitive;
	v.props.read_only = !!(vfs.f_flag & ST_RDONLY);
	v.props.supports_unicode = 1;
	memcpy(buf, &v, sizeof(v));
	return VINF_SUCCESS;
}

static int information_get(struct shfl_client *c, uint32_t root, uint64_t id,
			   uint32_t flags, uint32_t *cb, void *buf)
{
	struct shfl_handle *h;
	int rc;

	if (!buf)
		return VERR_INVALID_PARAMETER;
	if (flags & SHFL_INFO_FILE) {
		h = shfl_handle_get(c, id);
		if (!h || *cb < sizeof(struct shfl_fsobjinfo))
			return VERR_INVALID_PARAMETER;
		rc = shfl_handle_check(c, id, root,
				       SHFL_HANDLE_FILE | SHFL_HANDLE_DIR,
				       VERR_INVALID_PARAMETER, false, &h);
		if (rc >= 0)
			rc = info_get_file(h, buf);
		*cb = sizeof(struct shfl_fsobjinfo);
		return rc;
	}
	if (flags & SHFL_INFO_VOLUME) {
		if (*cb < sizeof(struct shfl_volinfo))
			return VERR_INVALID_PARAMETER;
		*cb = sizeof(struct shfl_volinfo);
		return information_volume(c, root, buf);
	}
	return VERR_INVALID_PARAMETER;
}

int shfl_fn_information(struct shfl_client *c, struct hgcm_call *call,
			unsigned int n)
{
	uint32_t root, flags, cb, cap;
	uint64_t id;
	void *buf;
	int rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, false, &root)) < 0 ||
	    (rc = shfl_get_u64(call, 1, false, &id)) < 0 ||
	    (rc = shfl_get_u32(call, 2, false, &flags)) < 0 ||
	    (rc = shfl_get_u32(call, 3, false, &cb)) < 0 ||
	    (rc = shfl_get_buf(call, 4, false, HGCM_ACCEPT_ANY, &buf, &cap)) <
		    0)
		return rc;
	if (cb > cap)
		return VERR_INVALID_PARAMETER;
	if (flags & SHFL_INFO_SET) {
		rc = information_set(c, root, id, flags, cb, buf);
		cb = sizeof(struct shfl_fsobjinfo);
	} else {
		rc = information_get(c, root, id, flags, &cb, buf);
	}
	hgcm_call_set_u32(call, 3, rc >= 0 ? cb : 0);
	return rc;
}

int shfl_fn_set_file_size(struct shfl_client *c, struct hgcm_call *call,
			  unsigned int n)
{
	struct shfl_handle *h;
	uint64_t id, size;
	uint32_t root;
	int rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, true, &root)) < 0 ||
	    (rc = shfl_get_u64(call, 1, true, &id)) < 0 ||
	    (rc = shfl_get_u64(call, 2, true, &size)) < 0)
		return rc;
	rc = shfl_handle_check(c, id, root, SHFL_HANDLE_FILE,
			       VERR_INVALID_HANDLE, true, &h);
	if (rc < 0)
		return rc;
	if (size > INT64_MAX)
		return VERR_FILE_TOO_BIG;
	return ftruncate(h->fd, (off_t)size) == 0 ? VINF_SUCCESS :
						    shfl_errno_status(errno);
}

/* ---- copying ------------------------------------------------------------- */

/**
 * copy_range - copy count bytes between descriptors at offsets, with
 * copy_file_range() where the file systems allow and read/write otherwise.
 *
 * Return: VINF_SUCCESS (a short copy at end of source) or a status.
 */
static int copy_range(int src, uint64_t soff, int dst, uint64_t doff,
		      uint64_t count, uint64_t *done)
{
	static uint8_t bounce[64 * 1024];
	ssize_t n, w;
	off_t si, di;

	*done = 0;
	while (*done < count) {
		size_t chunk = (size_t)MIN(count - *done, 1u << 30);

		si = (off_t)(soff + *done);
		di = (off_t)(doff + *done);
		n = copy_file_range(src, &si, dst, &di, chunk, 0);
		if (n < 0 && (errno == EXDEV || errno == ENOSYS ||
			      errno == EINVAL || errno == EOPNOTSUPP)) {
			n = pread(src, bounce, MIN(chunk, sizeof(bounce)),
				  (off_t)(soff + *done));
			if (n > 0) {
				w = pwrite(dst, bounce, (size_t)n,
					   (off_t)(doff + *done));
				if (w < 0)
					return shfl_errno_status(errno);
				n = w;
			}
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return shfl_errno_status(errno);
		if (n == 0)
			break;
		*done += (uint64_t)n;
	}
	return VINF_SUCCESS;
}

int shfl_fn_copy_file_part(struct shfl_client *c, struct hgcm_call *call,
			   unsigned int n)
{
	uint64_t sid, soff, did, doff, count, done = 0;
	uint32_t sroot, droot, flags;
	struct shfl_handle *sh, *dh;
	int rc;

	(void)n;
	if ((rc = shfl_get_u32(call, 0, true, &sroot)) < 0 ||
	    (rc = shfl_get_u64(call, 1, true, &sid)) < 0 ||
	    (rc = shfl_get_u64(call, 2, true, &soff)) < 0)
		return rc;
	if ((int64_t)soff < 0)
		return VERR_NEGATIVE_SEEK;
	if ((rc = shfl_get_u32(call, 3, true, &droot)) < 0 ||
	    (rc = shfl_get_u64(call, 4, true, &did)) < 0 ||
	    (rc = shfl_get_u64(call, 5, true, &doff)) < 0)
		return rc;
	if ((int64_t)doff < 0)
		return VERR_NEGATIVE_SEEK;
	if ((rc = shfl_get_u64(call, 6, true, &count)) < 0)
		return rc;
	if (count >= (1ull << 60))
		return VERR_OUT_OF_RANGE;
	if ((rc = shfl_get_u32(call, 7, true, &flags)) < 0)
		return rc;
	if (flags)
		return VERR_INVALID_FLAGS;
	hgcm_call_set_u64(call, 6, 0);
	rc = shfl_handle_check(c, sid, sroot, SHFL_HANDLE_FILE,
			       VERR_INVALID_HANDLE, false, &sh);
	if (rc >= 0)
		rc = shfl_handle_check(c, did, droot, SHFL_HANDLE_FILE,
				       VERR_INVALID_HANDLE, true, &dh);
	if (rc >= 0)
		rc = copy_range(sh->fd, soff, dh->fd, doff, count, &done);
	hgcm_call_set_u64(call, 6, done);
	return rc;
}

int shfl_copy_fds(int src, int dst, uint64_t *done)
{
	return copy_range(src, 0, dst, 0, INT64_MAX, done);
}
