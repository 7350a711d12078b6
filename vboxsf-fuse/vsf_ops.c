// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The libfuse low-level operations: each one builds the host path of its
 * inode(s), makes the SHFL call(s) and answers the kernel.
 *
 * Cache coherence (the -o cache= modes; vboxsf-fuse(8) has the user's
 * view).  The host may change a share behind our back and tells nobody, so
 * whatever the guest caches can go stale.  The choices, and why:
 *  - Writes are gathered per open file (vsf_gather.c): data written
 *    through the mount is on the host at close(2), fsync(2) or within
 *    write_gather= ms, and before anything through this mount could see
 *    the host's file (read, stat, lookup, setattr, open).  write_gather=0
 *    and cache=none send every write at once.  cache=writeback opts into
 *    the kernel's write-back cache instead (data on the host at close);
 *    then files are opened readable and without host-side append.
 *  - Attributes the host gave less than the ttl ago answer getattr and
 *    lookup without a call, kept by the kernel only for the rest of the
 *    ttl; our own changes drop them (vsf_inode_stale()).
 *  - Attributes and names are cached for the ttl (auto, always) or not at
 *    all (none, strict).  A getattr, lookup or readdirplus that sees size or
 *    mtime differ from what we saw last, without this mount having changed
 *    the file, sends the kernel an inode invalidation (from a worker thread,
 *    never from inside the request, so the kernel cannot wait on itself);
 *    the kernel's auto_inval_data does the same from its side.  So in auto
 *    mode a host change shows within the ttl, contents included.
 *  - open() compares the host's size and mtime with the last seen ones and
 *    keeps the page cache only if nothing changed (strict, auto), always
 *    (always: the guest's cache is trusted), or never caches (none: direct
 *    I/O, every read and write is a host call, changes show at once).
 * A host change that coincides with a local change of the same file is
 * taken for the local one; that is the price of not invalidating our own
 * writes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vboxsf-fuse/vsf.h"

int vsf_host_errno(int ret)
{
	switch (ret) {
	case -ETIMEDOUT:
	case -EPROTO:
	case -EBADF:
		/* Too slow, an answer that makes no sense, a forgotten handle. */
		return -EIO;
	default:
		return ret < 0 ? ret : -EIO;
	}
}

void vsf_reply_err(fuse_req_t req, int ret)
{
	struct vsf_fs *fs = vsf_req_fs(req);

	if (!ret) {
		fuse_reply_err(req, 0);
		return;
	}
	if (ret == -ENOTCONN &&
	    g_atomic_int_compare_and_exchange(&fs->host_lost, 0, 1))
		g_warning(
			"the connection to the host is lost: every operation fails with ENOTCONN until unmounted");
	else if (ret == -ETIMEDOUT)
		g_warning("a host call timed out after %u s",
			  fs->opts.call_timeout_s);
	fuse_reply_err(req, -vsf_host_errno(ret));
}

/* Reply with the entry for a new reference to (@parent, @name). */
static void reply_new_entry(fuse_req_t req, fuse_ino_t parent, const char *name,
			    const struct shfl_fsobjinfo *info)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct fuse_entry_param e;
	fuse_ino_t ino;
	int ret;

	ret = vsf_inode_ref(fs, parent, name, info, &ino);
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	vsf_fill_entry(fs, ino, info, &e);
	if (fuse_reply_entry(req, &e))
		vsf_inode_forget(fs, ino, 1);
}

/*
 * Open @path with @flags; "not found" and "exists" outcomes become errors.
 * *@handle and *@info (may be NULL) receive the result; *@created (may be
 * NULL) whether the host created the object.
 */
static int open_path(struct vsf_fs *fs, const char *path, uint32_t flags,
		     uint32_t mode, uint64_t *handle,
		     struct shfl_fsobjinfo *info, bool *created)
{
	struct shfl_createparms parms;
	int ret;

	memset(&parms, 0, sizeof(parms));
	parms.create_flags = flags;
	parms.info.attr.mode = mode;
	ret = vbgl_shfl_create(fs->shfl, fs->root, path, &parms);
	if (ret < 0)
		return ret;
	if (parms.handle == SHFL_HANDLE_NIL) {
		if (parms.result == SHFL_FILE_EXISTS)
			return -EEXIST;
		if (parms.result == SHFL_PATH_NOT_FOUND)
			return -ENOTDIR;
		return -ENOENT;
	}
	*handle = parms.handle;
	if (info)
		*info = parms.info;
	if (created)
		*created = parms.result == SHFL_FILE_CREATED;
	return 0;
}

/*
 * The host created an object with its own idea of the mode (its umask
 * applied, 0 taken for 0600): set the one asked for, as the kernel's
 * file systems create it.  The fresh information lands in *@info.
 */
static void apply_create_mode(struct vsf_fs *fs, uint64_t handle, mode_t mode,
			      uint32_t type, struct shfl_fsobjinfo *info)
{
	struct shfl_fsobjinfo set;

	if ((info->attr.mode & SHFL_UNIX_ALL_PERMS) ==
	    (mode & SHFL_UNIX_ALL_PERMS))
		return;
	memset(&set, 0, sizeof(set));
	set.attr.mode = (mode & SHFL_UNIX_ALL_PERMS) | type;
	if (!vbgl_shfl_info_set(fs->shfl, fs->root, handle, &set))
		*info = set;
}

static void close_handle(struct vsf_fs *fs, uint64_t handle)
{
	int ret = vbgl_shfl_close(fs->shfl, fs->root, handle);

	if (ret < 0 && ret != -ENOTCONN)
		g_debug("closing host handle %llu: %s",
			(unsigned long long)handle, g_strerror(-ret));
}

/* ---------------------------------------------------------------------- */

static void vsf_init(void *userdata, struct fuse_conn_info *conn)
{
	struct vsf_fs *fs = userdata;

	/*
	 * libfuse makes max_pages of max_write: READs of up to 1 MiB.  The
	 * kernel keeps the smaller of its read-ahead and max_readahead, so
	 * this is at least read_ahead= (vsf_readahead.c sets the former).
	 * max_read must repeat the mount option, or libfuse fails INIT.
	 */
	conn->max_write = VSF_MAX_IO;
	conn->max_readahead = MAX(VSF_MAX_IO, fs->opts.read_ahead_kb * 1024u);
	conn->max_read = fs->opts.max_read;
	if (conn->capable & FUSE_CAP_ATOMIC_O_TRUNC)
		conn->want |= FUSE_CAP_ATOMIC_O_TRUNC;
	if (conn->capable & FUSE_CAP_READDIRPLUS)
		conn->want |= FUSE_CAP_READDIRPLUS;
	if (fs->opts.cache_mode == VSF_CACHE_WRITEBACK &&
	    (conn->capable & FUSE_CAP_WRITEBACK_CACHE)) {
		conn->want |= FUSE_CAP_WRITEBACK_CACHE;
	} else {
		if (fs->opts.cache_mode == VSF_CACHE_WRITEBACK)
			g_warning(
				"cache=writeback: the kernel has no FUSE write-back cache; writes go to the host at once");
		conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
	}
	/* Locks stay with the kernel: a POSIX host ignores SHFL LOCK. */
	conn->want &= ~(FUSE_CAP_POSIX_LOCKS | FUSE_CAP_FLOCK_LOCKS);
	if (fs->opts.cache_mode == VSF_CACHE_ALWAYS)
		conn->want &= ~FUSE_CAP_AUTO_INVAL_DATA;
	else if (conn->capable & FUSE_CAP_AUTO_INVAL_DATA)
		conn->want |= FUSE_CAP_AUTO_INVAL_DATA;
}

/*
 * The host path of @name in @parent (the name's length is checked by
 * vsf_path()); on failure the request is answered and NULL returned.
 */
static char *child_path_or_reply(fuse_req_t req, fuse_ino_t parent,
				 const char *name)
{
	char *path;
	int ret = vsf_path(vsf_req_fs(req), parent, name, &path);

	if (ret < 0) {
		vsf_reply_err(req, ret);
		return NULL;
	}
	return path;
}

/*
 * The host said a name is not in @parent: maybe list @parent, so that the
 * next misses cost nothing (vsf_dir_want_listing()).
 */
static void lookup_miss(struct vsf_fs *fs, fuse_ino_t parent)
{
	gint64 since = g_get_monotonic_time();
	GHashTable *names;
	guint64 gen;
	guint cost;

	if (vsf_dir_want_listing(fs, parent, &gen) &&
	    !vsf_dir_list_names(fs, parent, &names, &cost))
		vsf_dir_set_names(fs, parent, names, cost, since, gen);
}

static void vsf_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct shfl_fsobjinfo info;
	fuse_ino_t ino;
	double left;
	char *path;
	int ret;

	vsf_gather_sync_child(fs, parent, name);
	if (vsf_inode_lookup_fresh(fs, parent, name, &ino, &info, &left)) {
		struct fuse_entry_param e;

		vsf_fill_entry(fs, ino, &info, &e);
		e.attr_timeout = left;
		e.entry_timeout = left;
		if (fuse_reply_entry(req, &e))
			vsf_inode_forget(fs, ino, 1);
		return;
	}
	path = child_path_or_reply(req, parent, name);
	if (!path)
		return;
	left = fs->opts.timeout;
	if (vsf_dir_absent(fs, parent, name, &left)) {
		ret = -ENOENT;
	} else {
		ret = vbgl_shfl_lookup(fs->shfl, fs->root, path, &info);
		if (ret == -ENOENT)
			lookup_miss(fs, parent);
	}
	g_free(path);
	if (ret == -ENOENT || ret == -ENOTDIR) {
		struct fuse_entry_param e;

		/* A negative entry, cached like a positive one. */
		memset(&e, 0, sizeof(e));
		e.entry_timeout = MIN(left, fs->opts.timeout);
		if (e.entry_timeout > 0)
			fuse_reply_entry(req, &e);
		else
			fuse_reply_err(req, ENOENT);
		return;
	}
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	reply_new_entry(req, parent, name, &info);
}

static void vsf_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	vsf_inode_forget(vsf_req_fs(req), ino, nlookup);
	fuse_reply_none(req);
}

static void vsf_forget_multi(fuse_req_t req, size_t count,
			     struct fuse_forget_data *forgets)
{
	size_t i;

	for (i = 0; i < count; i++)
		vsf_inode_forget(vsf_req_fs(req), forgets[i].ino,
				 forgets[i].nlookup);
	fuse_reply_none(req);
}

void vsf_file_put(struct vsf_fs *fs, struct vsf_file *f)
{
	if (!g_atomic_int_dec_and_test(&f->refs))
		return;
	close_handle(fs, f->handle);
	vsf_file_gather_clear(f);
	g_free(f);
}

/*
 * Stat @ino: by the open handle the kernel names, else by one of its open
 * files (fstat() sends none, and the name may be gone), else by path.
 */
static int stat_inode(struct vsf_fs *fs, fuse_ino_t ino,
		      struct fuse_file_info *fi, struct shfl_fsobjinfo *info)
{
	struct vsf_file *f;
	char *path;
	int ret;

	if (fi && fi->fh && vsf_inode_type_of(fs, ino) == SHFL_TYPE_FILE) {
		f = (struct vsf_file *)(uintptr_t)fi->fh;
		return vbgl_shfl_info_get(fs->shfl, fs->root, f->handle, info);
	}
	f = vsf_inode_file_get(fs, ino, false);
	if (f) {
		ret = vbgl_shfl_info_get(fs->shfl, fs->root, f->handle, info);
		vsf_file_put(fs, f);
		return ret;
	}
	ret = vsf_path(fs, ino, NULL, &path);
	if (ret < 0)
		return ret;
	ret = vbgl_shfl_lookup(fs->shfl, fs->root, path, info);
	g_free(path);
	return ret == -ENOTDIR ? -ENOENT : ret;
}

/* Answer a getattr with @info, kept by the kernel for @timeout seconds. */
static void reply_stat(fuse_req_t req, fuse_ino_t ino,
		       const struct shfl_fsobjinfo *info, double timeout)
{
	struct stat st;

	vsf_fill_stat(vsf_req_fs(req), ino, info, &st);
	fuse_reply_attr(req, &st, timeout);
}

/* Answer with @info, just given by the host. */
static void reply_attr(fuse_req_t req, fuse_ino_t ino,
		       const struct shfl_fsobjinfo *info)
{
	struct vsf_fs *fs = vsf_req_fs(req);

	vsf_inode_seen(fs, ino, info);
	reply_stat(req, ino, info, fs->opts.timeout);
}

/* Answer from the table if what it holds is fresh; false if not. */
static bool reply_attr_fresh(fuse_req_t req, fuse_ino_t ino)
{
	struct shfl_fsobjinfo info;
	double left;

	if (!vsf_inode_fresh(vsf_req_fs(req), ino, &info, &left))
		return false;
	reply_stat(req, ino, &info, left);
	return true;
}

static void vsf_getattr(fuse_req_t req, fuse_ino_t ino,
			struct fuse_file_info *fi)
{
	struct shfl_fsobjinfo info;
	int ret;

	/* The size the host reports must hold what was written. */
	vsf_gather_sync_ino(vsf_req_fs(req), ino);
	if (reply_attr_fresh(req, ino))
		return;
	ret = stat_inode(vsf_req_fs(req), ino, fi, &info);
	if (ret < 0)
		vsf_reply_err(req, ret);
	else
		reply_attr(req, ino, &info);
}

static int64_t timespec_ns(const struct timespec *ts)
{
	int64_t ns = (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;

	/* 0 means "leave unchanged" on the wire. */
	return ns ? ns : 1;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return timespec_ns(&ts);
}

/* Mode and times of a setattr, as an INFORMATION SET|FILE buffer. */
static bool setattr_info(const struct stat *attr, int to_set, uint32_t type,
			 struct shfl_fsobjinfo *info)
{
	bool any = false;

	memset(info, 0, sizeof(*info));
	if (to_set & FUSE_SET_ATTR_MODE) {
		info->attr.mode = (attr->st_mode & 07777) |
				  (type == SHFL_TYPE_DIRECTORY ?
					   SHFL_TYPE_DIRECTORY :
					   SHFL_TYPE_FILE);
		any = true;
	}
	if (to_set & FUSE_SET_ATTR_ATIME_NOW) {
		info->access_time.ns = now_ns();
		any = true;
	} else if (to_set & FUSE_SET_ATTR_ATIME) {
		info->access_time.ns = timespec_ns(&attr->st_atim);
		any = true;
	}
	if (to_set & FUSE_SET_ATTR_MTIME_NOW) {
		info->modification_time.ns = now_ns();
		any = true;
	} else if (to_set & FUSE_SET_ATTR_MTIME) {
		info->modification_time.ns = timespec_ns(&attr->st_mtim);
		any = true;
	}
	return any;
}

static int setattr_apply(struct vsf_fs *fs, fuse_ino_t ino, uint64_t handle,
			 const struct stat *attr, int to_set, uint32_t type,
			 struct shfl_fsobjinfo *info)
{
	struct shfl_fsobjinfo set;
	int ret;

	if (to_set & FUSE_SET_ATTR_SIZE) {
		if (attr->st_size < 0)
			return -EINVAL;
		vsf_inode_mark_local(fs, ino);
		ret = vbgl_shfl_info_set_size(fs->shfl, fs->root, handle,
					      attr->st_size, info);
		if (ret < 0)
			return ret;
	}
	if (setattr_info(attr, to_set, type, &set)) {
		if (to_set & (FUSE_SET_ATTR_MTIME | FUSE_SET_ATTR_MTIME_NOW))
			vsf_inode_mark_local(fs, ino);
		ret = vbgl_shfl_info_set(fs->shfl, fs->root, handle, &set);
		if (ret < 0)
			return ret;
		*info = set;
	}
	return 0;
}

static void vsf_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr,
			int to_set, struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct vsf_file *f = fi ? (struct vsf_file *)(uintptr_t)fi->fh : NULL;
	struct vsf_file *held = NULL;
	uint32_t type = vsf_inode_type_of(fs, ino);
	uint64_t handle = SHFL_HANDLE_NIL;
	struct shfl_fsobjinfo info;
	bool opened = false;
	int ret = 0;

	/*
	 * Gathered data goes first: a truncate must cut it, a WRITE after
	 * the times were set would change the modification time again.
	 */
	vsf_gather_sync_ino(fs, ino);
	/* Owners are mount options: only a no-op chown succeeds. */
	if (((to_set & FUSE_SET_ATTR_UID) && attr->st_uid != fs->opts.uid) ||
	    ((to_set & FUSE_SET_ATTR_GID) && attr->st_gid != fs->opts.gid)) {
		fuse_reply_err(req, EPERM);
		return;
	}
	to_set &= FUSE_SET_ATTR_MODE | FUSE_SET_ATTR_SIZE |
		  FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME |
		  FUSE_SET_ATTR_ATIME_NOW | FUSE_SET_ATTR_MTIME_NOW;
	if (to_set && type == SHFL_TYPE_SYMLINK) {
		/* Opening a link's path on the host would follow it. */
		fuse_reply_err(req, EOPNOTSUPP);
		return;
	}
	if (to_set && fs->opts.ro) {
		fuse_reply_err(req, EROFS);
		return;
	}
	if (!to_set) {
		/* A chown to the shown owner: nothing for the host to do. */
		if (reply_attr_fresh(req, ino))
			return;
	} else if (f && type == SHFL_TYPE_FILE &&
		   (f->writable || !(to_set & FUSE_SET_ATTR_SIZE))) {
		handle = f->handle;
	} else if (type == SHFL_TYPE_FILE &&
		   (held = vsf_inode_file_get(fs, ino,
					      to_set & FUSE_SET_ATTR_SIZE))) {
		handle = held->handle;
	} else {
		char *path;
		uint32_t flags = SHFL_CF_ACT_OPEN_IF_EXISTS |
				 SHFL_CF_ACT_FAIL_IF_NEW |
				 SHFL_CF_ACCESS_ATTR_WRITE;

		if (type == SHFL_TYPE_DIRECTORY)
			flags |= SHFL_CF_DIRECTORY | SHFL_CF_ACCESS_READ;
		else if (to_set & FUSE_SET_ATTR_SIZE)
			flags |= SHFL_CF_ACCESS_WRITE;
		else
			flags |= SHFL_CF_ACCESS_READ;
		ret = vsf_path(fs, ino, NULL, &path);
		if (!ret) {
			ret = open_path(fs, path, flags, 0, &handle, &info,
					NULL);
			g_free(path);
		}
		opened = !ret;
	}
	if (!ret && to_set) {
		/* What we hold is old now, whatever the outcome. */
		vsf_inode_stale(fs, ino);
		ret = setattr_apply(fs, ino, handle, attr, to_set, type, &info);
	}
	if (opened)
		close_handle(fs, handle);
	if (held)
		vsf_file_put(fs, held);
	if (!ret && !to_set)
		ret = stat_inode(fs, ino, fi, &info);
	if (ret < 0)
		vsf_reply_err(req, ret);
	else
		reply_attr(req, ino, &info);
}

static void vsf_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	char buf[PATH_MAX + 1];
	char *path;
	int ret;

	ret = vsf_path(fs, ino, NULL, &path);
	if (!ret) {
		ret = vbgl_shfl_readlink(fs->shfl, fs->root, path, buf,
					 sizeof(buf));
		g_free(path);
	}
	if (ret == -EOVERFLOW)
		ret = -ENAMETOOLONG;
	if (ret < 0)
		vsf_reply_err(req, ret);
	else
		fuse_reply_readlink(req, buf);
}

static void vsf_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name,
		      mode_t mode)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct shfl_fsobjinfo info;
	uint64_t handle;
	char *path;
	int ret;

	path = child_path_or_reply(req, parent, name);
	if (!path)
		return;
	ret = open_path(fs, path,
			SHFL_CF_DIRECTORY | SHFL_CF_ACT_CREATE_IF_NEW |
				SHFL_CF_ACT_FAIL_IF_EXISTS |
				SHFL_CF_ACCESS_READ,
			(mode & SHFL_UNIX_ALL_PERMS) | SHFL_TYPE_DIRECTORY,
			&handle, &info, NULL);
	g_free(path);
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	vsf_inode_dir_changed(fs, parent, &info);
	vsf_dir_name_added(fs, parent, name);
	apply_create_mode(fs, handle, mode, SHFL_TYPE_DIRECTORY, &info);
	close_handle(fs, handle);
	reply_new_entry(req, parent, name, &info);
}

/*
 * Device files, FIFOs and sockets (mknod, mkfifo, bind of a Unix socket):
 * SHFL has no call to create them, and "not permitted" is what the kernel's
 * vboxsf answers and what these calls may return.
 */
static void vsf_mknod(fuse_req_t req, fuse_ino_t parent, const char *name,
		      mode_t mode, dev_t rdev)
{
	(void)parent;
	(void)name;
	(void)mode;
	(void)rdev;
	fuse_reply_err(req, vsf_req_fs(req)->opts.ro ? EROFS : EPERM);
}

/* Hard links: SHFL has no call for them either. */
static void vsf_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent,
		     const char *newname)
{
	(void)ino;
	(void)newparent;
	(void)newname;
	fuse_reply_err(req, vsf_req_fs(req)->opts.ro ? EROFS : EPERM);
}

/* The host's idea of (@parent, @name): its type, or 0 if it is gone. */
static uint32_t host_type(struct vsf_fs *fs, fuse_ino_t parent,
			  const char *name)
{
	struct shfl_fsobjinfo info;
	uint32_t type;
	char *path;

	if (!vsf_inode_type(fs, parent, name, &type))
		return type;
	if (vsf_path(fs, parent, name, &path) < 0)
		return 0;
	if (vbgl_shfl_lookup(fs->shfl, fs->root, path, &info) < 0)
		info.attr.mode = 0;
	g_free(path);
	return info.attr.mode & SHFL_TYPE_MASK;
}

static void remove_entry(fuse_req_t req, fuse_ino_t parent, const char *name,
			 bool dir)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	uint32_t type = host_type(fs, parent, name), flags;
	char *path;
	int ret;

	if (!dir && type == SHFL_TYPE_DIRECTORY) {
		fuse_reply_err(req, EISDIR);
		return;
	}
	if (dir)
		flags = SHFL_REMOVE_DIR;
	else if (type == SHFL_TYPE_SYMLINK)
		flags = SHFL_REMOVE_FILE | SHFL_REMOVE_SYMLINK;
	else
		flags = SHFL_REMOVE_FILE;
	ret = vsf_path(fs, parent, name, &path);
	if (!ret) {
		ret = vbgl_shfl_remove(fs->shfl, fs->root, path, flags);
		g_free(path);
	}
	if (!ret) {
		vsf_inode_detach(fs, parent, name);
		vsf_dir_name_removed(fs, parent, name);
	}
	vsf_inode_stale(fs, parent);
	vsf_reply_err(req, ret);
}

static void vsf_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	remove_entry(req, parent, name, false);
}

static void vsf_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	remove_entry(req, parent, name, true);
}

static void vsf_symlink(fuse_req_t req, const char *link, fuse_ino_t parent,
			const char *name)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct shfl_fsobjinfo info;
	char *path;
	int ret;

	path = child_path_or_reply(req, parent, name);
	if (!path)
		return;
	ret = vbgl_shfl_symlink(fs->shfl, fs->root, path, link, &info);
	g_free(path);
	/* The share does not allow links: "not permitted", as vboxsf. */
	if (ret == -EROFS && !fs->opts.ro)
		ret = -EPERM;
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	vsf_inode_dir_changed(fs, parent, &info);
	vsf_dir_name_added(fs, parent, name);
	reply_new_entry(req, parent, name, &info);
}

/*
 * The host refused a replacing rename with "exists": tell apart what
 * rename(2) would say, or make room when a directory replaces an empty
 * one.  Returns 0 when the caller should try again.
 */
static int rename_conflict(struct vsf_fs *fs, const char *src, const char *dst)
{
	struct shfl_fsobjinfo si, di;
	int ret;

	ret = vbgl_shfl_lookup(fs->shfl, fs->root, src, &si);
	if (ret < 0)
		return ret;
	ret = vbgl_shfl_lookup(fs->shfl, fs->root, dst, &di);
	if (ret < 0)
		return ret == -ENOENT ? 0 : ret;
	if ((di.attr.mode & SHFL_TYPE_MASK) != SHFL_TYPE_DIRECTORY)
		return (si.attr.mode & SHFL_TYPE_MASK) == SHFL_TYPE_DIRECTORY ?
			       -ENOTDIR :
			       -EEXIST;
	if ((si.attr.mode & SHFL_TYPE_MASK) != SHFL_TYPE_DIRECTORY)
		return -EISDIR;
	/* Directory over directory: allowed when the target is empty. */
	return vbgl_shfl_remove(fs->shfl, fs->root, dst, SHFL_REMOVE_DIR);
}

static void vsf_rename(fuse_req_t req, fuse_ino_t parent, const char *name,
		       fuse_ino_t newparent, const char *newname,
		       unsigned int flags)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	uint32_t sflags = SHFL_RENAME_FILE | SHFL_RENAME_DIR;
	char *src = NULL, *dst = NULL;
	int ret;

	/*
	 * RENAME_NOREPLACE is the host's own non-replacing rename (it
	 * refuses an existing target); EXCHANGE has no SHFL equivalent.
	 */
	if (flags & ~(unsigned int)RENAME_NOREPLACE) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (!(flags & RENAME_NOREPLACE))
		sflags |= SHFL_RENAME_REPLACE_IF_EXISTS;
	ret = vsf_path(fs, parent, name, &src);
	if (!ret)
		ret = vsf_path(fs, newparent, newname, &dst);
	if (!ret)
		ret = vbgl_shfl_rename(fs->shfl, fs->root, src, dst, sflags);
	if (ret == -EEXIST && !(flags & RENAME_NOREPLACE)) {
		ret = rename_conflict(fs, src, dst);
		if (!ret)
			ret = vbgl_shfl_rename(fs->shfl, fs->root, src, dst,
					       sflags);
	}
	g_free(src);
	g_free(dst);
	if (!ret) {
		vsf_inode_move(fs, parent, name, newparent, newname);
		vsf_dir_name_removed(fs, parent, name);
		vsf_dir_name_added(fs, newparent, newname);
	}
	vsf_inode_stale(fs, parent);
	vsf_inode_stale(fs, newparent);
	vsf_reply_err(req, ret);
}

/* ---------------------------------------------------------------------- */
/* Files                                                                  */

/* The page-cache flags of an open, per cache mode. */
static void open_cache_flags(struct vsf_fs *fs, bool changed,
			     struct fuse_file_info *fi)
{
	switch (fs->opts.cache_mode) {
	case VSF_CACHE_NONE:
		fi->direct_io = 1;
		fi->keep_cache = 0;
		break;
	case VSF_CACHE_ALWAYS:
		fi->keep_cache = 1;
		break;
	default:
		fi->keep_cache = !changed;
		break;
	}
}

static struct vsf_file *file_new(uint64_t handle, fuse_ino_t ino, int flags)
{
	struct vsf_file *f = g_new0(struct vsf_file, 1);

	f->handle = handle;
	f->ino = ino;
	f->writable = (flags & O_ACCMODE) != O_RDONLY;
	f->refs = 1;
	vsf_file_gather_init(f);
	return f;
}

/*
 * The open flags to send the host.  With the write-back cache the kernel
 * reads pages around a partial write even of a write-only file, and it
 * appends at its own idea of the end itself: ask for read access too (if
 * the host allows it) and no host-side append.
 */
static int host_open_flags(struct vsf_fs *fs, int flags, bool with_read)
{
	if (fs->opts.cache_mode != VSF_CACHE_WRITEBACK)
		return flags;
	flags &= ~O_APPEND;
	if (with_read && (flags & O_ACCMODE) == O_WRONLY)
		flags = (flags & ~O_ACCMODE) | O_RDWR;
	return flags;
}

/* open_path() with host_open_flags(); falls back to write-only access. */
static int open_file(struct vsf_fs *fs, const char *path, int flags,
		     bool create, uint32_t mode, uint64_t *handle,
		     struct shfl_fsobjinfo *info, bool *created)
{
	int ret = open_path(
		fs, path,
		vsf_open_create_flags(host_open_flags(fs, flags, true), create),
		mode, handle, info, created);

	if (ret == -EACCES && host_open_flags(fs, flags, true) !=
				      host_open_flags(fs, flags, false))
		ret = open_path(
			fs, path,
			vsf_open_create_flags(host_open_flags(fs, flags, false),
					      create),
			mode, handle, info, created);
	return ret;
}

static void vsf_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct shfl_fsobjinfo info;
	struct vsf_file *f;
	uint64_t handle;
	bool changed;
	char *path;
	int ret;

	if (fs->opts.ro &&
	    ((fi->flags & O_ACCMODE) != O_RDONLY || (fi->flags & O_TRUNC))) {
		fuse_reply_err(req, EROFS);
		return;
	}
	/* (an O_TRUNC must cut what other files gathered) */
	vsf_gather_sync_ino(fs, ino);
	ret = vsf_path(fs, ino, NULL, &path);
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	if (fi->flags & O_TRUNC)
		vsf_inode_mark_local(fs, ino);
	ret = open_file(fs, path, fi->flags, false, 0, &handle, &info, NULL);
	g_free(path);
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	if ((info.attr.mode & SHFL_TYPE_MASK) == SHFL_TYPE_DIRECTORY) {
		close_handle(fs, handle);
		fuse_reply_err(req, EISDIR);
		return;
	}
	changed = vsf_inode_seen(fs, ino, &info);
	f = file_new(handle, ino, fi->flags);
	fi->fh = (uintptr_t)f;
	open_cache_flags(fs, changed, fi);
	vsf_inode_file_add(fs, f);
	if (fuse_reply_open(req, fi)) {
		vsf_inode_file_remove(fs, f);
		vsf_file_put(fs, f);
	}
}

static void vsf_create(fuse_req_t req, fuse_ino_t parent, const char *name,
		       mode_t mode, struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct shfl_fsobjinfo info;
	struct fuse_entry_param e;
	struct vsf_file *f;
	uint64_t handle;
	bool created;
	fuse_ino_t ino;
	char *path;
	int ret;

	vsf_gather_sync_child(fs, parent, name);
	path = child_path_or_reply(req, parent, name);
	if (!path)
		return;
	ret = open_file(fs, path, fi->flags, true,
			(mode & SHFL_UNIX_ALL_PERMS) | SHFL_TYPE_FILE, &handle,
			&info, &created);
	g_free(path);
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	if ((info.attr.mode & SHFL_TYPE_MASK) == SHFL_TYPE_DIRECTORY) {
		close_handle(fs, handle);
		fuse_reply_err(req, EISDIR);
		return;
	}
	if (created) {
		vsf_inode_dir_changed(fs, parent, &info);
		vsf_dir_name_added(fs, parent, name);
		apply_create_mode(fs, handle, mode, SHFL_TYPE_FILE, &info);
	} else {
		vsf_inode_stale(fs, parent);
	}
	ret = vsf_inode_ref(fs, parent, name, &info, &ino);
	if (ret < 0) {
		close_handle(fs, handle);
		vsf_reply_err(req, ret);
		return;
	}
	f = file_new(handle, ino, fi->flags);
	fi->fh = (uintptr_t)f;
	open_cache_flags(fs, true, fi);
	vsf_fill_entry(fs, ino, &info, &e);
	vsf_inode_file_add(fs, f);
	if (fuse_reply_create(req, &e, fi)) {
		vsf_inode_file_remove(fs, f);
		vsf_file_put(fs, f);
		vsf_inode_forget(fs, ino, 1);
	}
}

static void vsf_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct vsf_file *f = (struct vsf_file *)(uintptr_t)fi->fh;
	ssize_t n;
	void *buf;

	if (off < 0) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	/* What any open file of the inode gathered, this one's included. */
	vsf_gather_sync_ino(fs, ino);
	buf = g_try_malloc(size ? size : 1);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	n = vbgl_shfl_read(fs->shfl, fs->root, f->handle, (uint64_t)off, buf,
			   size);
	if (n < 0)
		vsf_reply_err(req, (int)n);
	else
		fuse_reply_buf(req, buf, (size_t)n);
	g_free(buf);
}

static void vsf_write(fuse_req_t req, fuse_ino_t ino, const char *buf,
		      size_t size, off_t off, struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct vsf_file *f = (struct vsf_file *)(uintptr_t)fi->fh;
	size_t n;
	int ret;

	if (off < 0) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	vsf_inode_mark_local(fs, ino);
	ret = vsf_gather_write(fs, f, buf, size, (uint64_t)off, &n);
	if (ret < 0)
		vsf_reply_err(req, ret);
	else
		fuse_reply_write(req, n);
}

/* close(2) of a descriptor: what it gathered goes out, errors with it. */
static void vsf_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);

	(void)ino;
	vsf_reply_err(req, vsf_gather_flush(
				   fs, (struct vsf_file *)(uintptr_t)fi->fh));
}

static void vsf_fsync(fuse_req_t req, fuse_ino_t ino, int datasync,
		      struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct vsf_file *f = (struct vsf_file *)(uintptr_t)fi->fh;
	int ret;

	(void)datasync;
	/* All the inode's data, as fsync(2) means; this file's error first. */
	vsf_gather_sync_ino(fs, ino);
	ret = vsf_gather_flush(fs, f);
	if (!ret && f->writable)
		ret = vbgl_shfl_flush(fs->shfl, fs->root, f->handle);
	vsf_reply_err(req, ret);
}

static void vsf_release(fuse_req_t req, fuse_ino_t ino,
			struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct vsf_file *f = (struct vsf_file *)(uintptr_t)fi->fh;
	int ret;

	/* After the last flush only mapped pages written back are left. */
	ret = vsf_gather_flush(fs, f);
	if (ret < 0)
		g_warning(
			"inode %llu: data written to a file now closed did not reach the host: %s",
			(unsigned long long)ino,
			g_strerror(-vsf_host_errno(ret)));
	vsf_inode_file_remove(fs, f);
	vsf_file_put(fs, f);
	fuse_reply_err(req, 0);
}

static void vsf_fsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync,
			 struct fuse_file_info *fi)
{
	/* Directory changes are made by the host at once. */
	(void)ino;
	(void)datasync;
	(void)fi;
	fuse_reply_err(req, 0);
}

static void vsf_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct shfl_volinfo vol;
	struct statvfs st;
	int ret;

	(void)ino;
	ret = vbgl_shfl_volume_info(fs->shfl, fs->root, &vol);
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	vsf_fill_statvfs(&vol, &st);
	fuse_reply_statfs(req, &st);
}

const struct fuse_lowlevel_ops vsf_ops = {
	.init = vsf_init,
	.lookup = vsf_lookup,
	.forget = vsf_forget,
	.forget_multi = vsf_forget_multi,
	.getattr = vsf_getattr,
	.setattr = vsf_setattr,
	.readlink = vsf_readlink,
	.mknod = vsf_mknod,
	.link = vsf_link,
	.mkdir = vsf_mkdir,
	.unlink = vsf_unlink,
	.rmdir = vsf_rmdir,
	.symlink = vsf_symlink,
	.rename = vsf_rename,
	.open = vsf_open,
	.create = vsf_create,
	.read = vsf_read,
	.write = vsf_write,
	.flush = vsf_flush,
	.fsync = vsf_fsync,
	.release = vsf_release,
	.opendir = vsf_opendir,
	.readdir = vsf_readdir,
	.readdirplus = vsf_readdirplus,
	.releasedir = vsf_releasedir,
	.fsyncdir = vsf_fsyncdir,
	.statfs = vsf_statfs,
};
