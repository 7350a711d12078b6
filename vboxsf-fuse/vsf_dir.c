// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Directories: the host's LIST is a stream that can only continue or
 * restart, the kernel's readdir wants offsets.  An open directory keeps
 * the entries read so far, so any offset the kernel hands back (after a
 * short buffer, or seekdir to a telldir value) is served from memory; the
 * stream is read further only when an offset lies beyond it, and rewound
 * (SHFL_LIST_RESTART) when the kernel starts over at offset 0, so
 * rewinddir(3) sees a fresh listing.
 *
 * Offsets: 0 is ".", 1 is "..", 2 + i is the i-th host entry; an entry's
 * d_off is its offset + 1.  The host's own "." and ".." are dropped.
 *
 * readdirplus gives the kernel each entry's attributes from the LIST data
 * itself, so `ls -l` and `find` make no extra host call per entry.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "vboxsf-fuse/vsf.h"

/* Forget @d, close its host handle and free it. */
static void dir_close(struct vsf_fs *fs, struct vsf_dir *d)
{
	g_mutex_lock(&fs->lock);
	g_hash_table_remove(fs->open_dirs, d);
	g_mutex_unlock(&fs->lock);
	vbgl_shfl_close(fs->shfl, fs->root, d->handle);
	g_ptr_array_free(d->entries, TRUE);
	g_free(d->buf);
	g_mutex_clear(&d->lock);
	g_free(d);
}

void vsf_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct shfl_createparms parms;
	struct vsf_dir *d;
	char *path;
	int ret;

	ret = vsf_path(fs, ino, NULL, &path);
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	memset(&parms, 0, sizeof(parms));
	parms.create_flags = SHFL_CF_DIRECTORY | SHFL_CF_ACT_OPEN_IF_EXISTS |
			     SHFL_CF_ACT_FAIL_IF_NEW | SHFL_CF_ACCESS_READ;
	ret = vbgl_shfl_create(fs->shfl, fs->root, path, &parms);
	g_free(path);
	if (!ret && parms.handle == SHFL_HANDLE_NIL)
		ret = -ENOENT;
	if (ret < 0) {
		vsf_reply_err(req, ret);
		return;
	}
	d = g_new0(struct vsf_dir, 1);
	d->handle = parms.handle;
	g_mutex_init(&d->lock);
	d->entries = g_ptr_array_new_with_free_func(g_free);
	d->buf = g_malloc(VSF_DIRBUF_SIZE);
	fi->fh = (uintptr_t)d;
	g_mutex_lock(&fs->lock);
	g_hash_table_add(fs->open_dirs, d);
	g_mutex_unlock(&fs->lock);
	if (fuse_reply_open(req, fi))
		dir_close(fs, d);
}

static bool is_dot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/* Read the next LIST buffer into d->entries.  d->lock held. */
static int dir_fill(struct vsf_fs *fs, struct vsf_dir *d)
{
	struct vbgl_shfl_dir_iter it;
	struct vbgl_shfl_dirent ent;
	uint32_t size = VSF_DIRBUF_SIZE, count = 0;
	uint32_t flags = d->started ? SHFL_LIST_NONE : SHFL_LIST_RESTART;
	int ret, more;

	more = vbgl_shfl_list(fs->shfl, fs->root, d->handle, flags, NULL,
			      d->buf, &size, &count);
	d->started = true;
	if (more == -ENODATA) {
		d->eof = true;
		return 0;
	}
	if (more < 0)
		return more == -EOVERFLOW ? -EIO : more;
	vbgl_shfl_dir_iter_init(&it, d->buf, size, count);
	while ((ret = vbgl_shfl_dir_iter_next(&it, &ent)) > 0) {
		struct vsf_dirent *e;

		if (is_dot(ent.name, ent.name_len))
			continue;
		e = g_malloc(sizeof(*e) + ent.name_len + 1);
		e->info = ent.info;
		memcpy(e->name, ent.name, ent.name_len + 1);
		g_ptr_array_add(d->entries, e);
	}
	if (ret < 0) {
		g_warning("the host sent a malformed directory listing");
		return -EIO;
	}
	if (!more)
		d->eof = true;
	return 0;
}

/* The entry at offset @off (>= 2), reading on as needed; NULL at the end. */
static int dir_entry(struct vsf_fs *fs, struct vsf_dir *d, off_t off,
		     struct vsf_dirent **out)
{
	size_t i = (size_t)off - 2;
	int ret;

	while (i >= d->entries->len && !d->eof) {
		ret = dir_fill(fs, d);
		if (ret < 0)
			return ret;
	}
	*out = i < d->entries->len ? g_ptr_array_index(d->entries, i) : NULL;
	return 0;
}

static mode_t dirent_type(const struct shfl_fsobjinfo *info)
{
	switch (info->attr.mode & SHFL_TYPE_MASK) {
	case SHFL_TYPE_DIRECTORY:
		return S_IFDIR;
	case SHFL_TYPE_SYMLINK:
		return S_IFLNK;
	default:
		return S_IFREG;
	}
}

/*
 * Add the entry at @off to @buf (@left bytes).  Returns its size, 0 when
 * it does not fit or the directory ended, or a negative errno.
 */
static ssize_t dir_add(fuse_req_t req, struct vsf_dir *d, fuse_ino_t ino,
		       off_t off, char *buf, size_t left, bool plus)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct fuse_entry_param e;
	struct vsf_dirent *ent = NULL;
	const char *name;
	fuse_ino_t eino = 0;
	size_t n;
	int ret;

	memset(&e, 0, sizeof(e));
	if (off < 2) {
		name = off ? ".." : ".";
		e.attr.st_ino = off ? FUSE_ROOT_ID : ino;
		e.attr.st_mode = S_IFDIR;
	} else {
		ret = dir_entry(fs, d, off, &ent);
		if (ret < 0)
			return ret;
		if (!ent)
			return 0;
		name = ent->name;
		if (plus) {
			ret = vsf_inode_ref(fs, ino, name, &ent->info, &eino);
			if (ret < 0)
				return ret;
			vsf_fill_entry(fs, eino, &ent->info, &e);
		} else {
			e.attr.st_ino = (ino_t)off + FUSE_ROOT_ID;
			e.attr.st_mode = dirent_type(&ent->info);
		}
	}
	if (plus)
		n = fuse_add_direntry_plus(req, buf, left, name, &e, off + 1);
	else
		n = fuse_add_direntry(req, buf, left, name, &e.attr, off + 1);
	if (n > left) {
		/* Not sent: the kernel takes no reference for it. */
		if (eino)
			vsf_inode_forget(fs, eino, 1);
		return 0;
	}
	return (ssize_t)n;
}

static void dir_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		     struct fuse_file_info *fi, bool plus)
{
	struct vsf_dir *d = (struct vsf_dir *)(uintptr_t)fi->fh;
	size_t pos = 0;
	char *buf;
	ssize_t n;

	if (off < 0) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	buf = g_malloc(size ? size : 1);
	g_mutex_lock(&d->lock);
	if (off == 0 && d->started) {
		/* Starting over: rewind the host's stream too. */
		g_ptr_array_set_size(d->entries, 0);
		d->started = false;
		d->eof = false;
	}
	for (;; off++) {
		n = dir_add(req, d, ino, off, buf + pos, size - pos, plus);
		if (n <= 0)
			break;
		pos += (size_t)n;
	}
	g_mutex_unlock(&d->lock);
	if (n < 0 && !pos)
		vsf_reply_err(req, (int)n);
	else
		fuse_reply_buf(req, buf, pos);
	g_free(buf);
}

void vsf_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		 struct fuse_file_info *fi)
{
	dir_read(req, ino, size, off, fi, false);
}

void vsf_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	/* The entries' sizes must hold what was written to them. */
	vsf_gather_sync_dir(vsf_req_fs(req), ino);
	dir_read(req, ino, size, off, fi, true);
}

void vsf_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct vsf_fs *fs = vsf_req_fs(req);
	struct vsf_dir *d = (struct vsf_dir *)(uintptr_t)fi->fh;

	(void)ino;
	dir_close(fs, d);
	fuse_reply_err(req, 0);
}

guint vsf_dirs_release_all(struct vsf_fs *fs)
{
	GList *dirs, *l;
	guint n = 0;

	g_mutex_lock(&fs->lock);
	dirs = g_hash_table_get_keys(fs->open_dirs);
	g_mutex_unlock(&fs->lock);
	for (l = dirs; l; l = l->next, n++)
		dir_close(fs, l->data);
	g_list_free(dirs);
	return n;
}

int vsf_dir_list_names(struct vsf_fs *fs, fuse_ino_t ino, GHashTable **names,
		       guint *cost)
{
	struct shfl_createparms parms;
	GHashTable *set = NULL;
	void *buf = NULL;
	char *path;
	int ret, more = 1;

	*names = NULL;
	*cost = 0;
	ret = vsf_path(fs, ino, NULL, &path);
	if (ret < 0)
		return ret;
	memset(&parms, 0, sizeof(parms));
	parms.create_flags = SHFL_CF_DIRECTORY | SHFL_CF_ACT_OPEN_IF_EXISTS |
			     SHFL_CF_ACT_FAIL_IF_NEW | SHFL_CF_ACCESS_READ;
	ret = vbgl_shfl_create(fs->shfl, fs->root, path, &parms);
	g_free(path);
	(*cost)++;
	if (!ret && parms.handle == SHFL_HANDLE_NIL)
		ret = -ENOENT;
	if (ret < 0)
		return ret;
	buf = g_malloc(VSF_DIRBUF_SIZE);
	set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	while (more > 0 && set) {
		struct vbgl_shfl_dir_iter it;
		struct vbgl_shfl_dirent ent;
		uint32_t size = VSF_DIRBUF_SIZE, count = 0;

		more = vbgl_shfl_list(fs->shfl, fs->root, parms.handle,
				      *cost == 1 ? SHFL_LIST_RESTART :
						   SHFL_LIST_NONE,
				      NULL, buf, &size, &count);
		(*cost)++;
		if (more == -ENODATA)
			break;
		if (more < 0) {
			ret = more == -EOVERFLOW ? -EIO : more;
			break;
		}
		vbgl_shfl_dir_iter_init(&it, buf, size, count);
		while ((ret = vbgl_shfl_dir_iter_next(&it, &ent)) > 0) {
			if (is_dot(ent.name, ent.name_len))
				continue;
			g_hash_table_add(set, g_strdup(ent.name));
		}
		if (ret < 0) {
			g_warning(
				"the host sent a malformed directory listing");
			ret = -EIO;
			break;
		}
		if (g_hash_table_size(set) > VSF_NAMES_MAX) {
			/* Too big to keep: answer lookups one by one. */
			g_hash_table_destroy(set);
			set = NULL;
		}
	}
	vbgl_shfl_close(fs->shfl, fs->root, parms.handle);
	(*cost)++;
	g_free(buf);
	if (ret < 0) {
		if (set)
			g_hash_table_destroy(set);
		return ret;
	}
	*names = set;
	return 0;
}
