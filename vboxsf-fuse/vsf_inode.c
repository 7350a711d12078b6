// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The inode table: every object the kernel holds a lookup reference to,
 * named by (parent, name).  Inode numbers are handed out from a 64-bit
 * counter and never reused, so the kernel can never confuse a new object
 * with a forgotten one.
 *
 * Lifetime: an inode lives while the kernel's lookup count or the number
 * of attached children is non-zero (children keep their parent so a path
 * can always be built).  Deleted and replaced inodes are detached: they
 * leave the name table and their paths resolve to nothing (-ENOENT), but
 * open handles on them keep working, as on the host.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "vboxsf-fuse/vsf.h"

static guint inode_name_hash(gconstpointer p)
{
	const struct vsf_inode *i = p;

	return g_str_hash(i->name) ^ g_direct_hash(i->parent);
}

static gboolean inode_name_equal(gconstpointer a, gconstpointer b)
{
	const struct vsf_inode *x = a, *y = b;

	return x->parent == y->parent && !strcmp(x->name, y->name);
}

static guint ino_hash(gconstpointer p)
{
	const fuse_ino_t *ino = p;

	return (guint)(*ino ^ (*ino >> 32));
}

static gboolean ino_equal(gconstpointer a, gconstpointer b)
{
	return *(const fuse_ino_t *)a == *(const fuse_ino_t *)b;
}

/* The end of the freshness of info the host gives now (0: none). */
static gint64 fresh_until(const struct vsf_fs *fs)
{
	if (fs->opts.timeout <= 0)
		return 0;
	return g_get_monotonic_time() + (gint64)(fs->opts.timeout * 1e6);
}

static void inode_set_info(const struct vsf_fs *fs, struct vsf_inode *inode,
			   const struct shfl_fsobjinfo *info)
{
	inode->type = info->attr.mode & SHFL_TYPE_MASK;
	inode->size = info->size;
	inode->mtime_ns = info->modification_time.ns;
	inode->info = *info;
	inode->info_until = fresh_until(fs);
}

/* Whether @inode's info is fresh; *@left gets the seconds left.  Locked. */
static bool inode_fresh(const struct vsf_inode *inode, double *left)
{
	gint64 now = g_get_monotonic_time();

	if (inode->info_until <= now)
		return false;
	*left = (double)(inode->info_until - now) / 1e6;
	return true;
}

void vsf_table_init(struct vsf_fs *fs, const struct shfl_fsobjinfo *root)
{
	struct vsf_inode *r = g_new0(struct vsf_inode, 1);

	g_mutex_init(&fs->lock);
	fs->by_ino = g_hash_table_new(ino_hash, ino_equal);
	fs->by_name = g_hash_table_new(inode_name_hash, inode_name_equal);
	fs->open_dirs = g_hash_table_new(NULL, NULL);
	r->ino = FUSE_ROOT_ID;
	r->name = g_strdup("");
	r->nlookup = 1;
	inode_set_info(fs, r, root);
	fs->root_inode = r;
	fs->next_ino = FUSE_ROOT_ID + 1;
	g_hash_table_insert(fs->by_ino, &r->ino, r);
}

static void inode_free(gpointer p)
{
	struct vsf_inode *inode = p;

	g_slist_free(inode->files);
	if (inode->names)
		g_hash_table_destroy(inode->names);
	g_free(inode->name);
	g_free(inode);
}

void vsf_table_clear(struct vsf_fs *fs)
{
	GHashTableIter it;
	gpointer value;

	if (!fs->by_ino)
		return;
	g_hash_table_destroy(fs->by_name);
	g_hash_table_iter_init(&it, fs->by_ino);
	while (g_hash_table_iter_next(&it, NULL, &value))
		inode_free(value);
	g_hash_table_destroy(fs->by_ino);
	g_hash_table_destroy(fs->open_dirs);
	fs->by_ino = NULL;
	fs->by_name = NULL;
	fs->open_dirs = NULL;
	g_mutex_clear(&fs->lock);
}

static struct vsf_inode *inode_get(struct vsf_fs *fs, fuse_ino_t ino)
{
	return g_hash_table_lookup(fs->by_ino, &ino);
}

static struct vsf_inode *inode_find(struct vsf_fs *fs, struct vsf_inode *parent,
				    const char *name)
{
	struct vsf_inode probe = { .parent = parent, .name = (char *)name };

	return g_hash_table_lookup(fs->by_name, &probe);
}

/* Free @inode and, in turn, parents left unreferenced.  Lock held. */
static void inode_put_maybe(struct vsf_fs *fs, struct vsf_inode *inode)
{
	while (inode && inode != fs->root_inode && !inode->nlookup &&
	       !inode->nchildren) {
		struct vsf_inode *parent = inode->parent;

		if (parent) {
			g_hash_table_remove(fs->by_name, inode);
			parent->nchildren--;
		}
		g_hash_table_remove(fs->by_ino, &inode->ino);
		inode_free(inode);
		inode = parent;
	}
}

/* Take @inode out of the name table.  Lock held. */
static void inode_detach(struct vsf_fs *fs, struct vsf_inode *inode)
{
	struct vsf_inode *parent = inode->parent;

	/* Its link count (and the directory's times) changed. */
	inode->info_until = 0;
	if (!parent)
		return;
	parent->info_until = 0;
	g_hash_table_remove(fs->by_name, inode);
	inode->parent = NULL;
	parent->nchildren--;
	inode_put_maybe(fs, inode);
	inode_put_maybe(fs, parent);
}

int vsf_name_check(const char *name)
{
	size_t len = strnlen(name, VSF_NAME_MAX + 1);

	if (len > VSF_NAME_MAX)
		return -ENAMETOOLONG;
	if (!len || !strcmp(name, ".") || !strcmp(name, "..") ||
	    memchr(name, '/', len))
		return -EINVAL;
	return 0;
}

int vsf_path(struct vsf_fs *fs, fuse_ino_t ino, const char *name, char **path)
{
	struct vsf_inode *inode, *i;
	size_t len = name ? 1 + strlen(name) : 0, pos;
	char *p;
	int ret;

	*path = NULL;
	/* Every name the kernel hands us is checked here, once. */
	ret = name ? vsf_name_check(name) : 0;
	if (ret < 0)
		return ret;
	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, ino);
	/* First the length, then the names from the end backwards. */
	for (i = inode; i && i != fs->root_inode; i = i->parent)
		len += 1 + strlen(i->name);
	if (!i) {
		/* Unknown, or detached somewhere up the chain. */
		g_mutex_unlock(&fs->lock);
		return -ENOENT;
	}
	if (len > VBGL_SHFL_PATH_MAX) {
		g_mutex_unlock(&fs->lock);
		return -ENAMETOOLONG;
	}
	if (!len) {
		g_mutex_unlock(&fs->lock);
		*path = g_strdup("/");
		return 0;
	}
	p = g_malloc(len + 1);
	pos = len;
	p[pos] = '\0';
	if (name) {
		pos -= strlen(name);
		memcpy(p + pos, name, strlen(name));
		p[--pos] = '/';
	}
	for (i = inode; i != fs->root_inode; i = i->parent) {
		size_t l = strlen(i->name);

		pos -= l;
		memcpy(p + pos, i->name, l);
		p[--pos] = '/';
	}
	g_mutex_unlock(&fs->lock);
	*path = p;
	return 0;
}

/* Queue a page-cache invalidation of @ino (outside the request). */
static void inode_schedule_inval(struct vsf_fs *fs, fuse_ino_t ino)
{
	fuse_ino_t *box;

	if (!fs->inval_pool)
		return;
	box = g_new(fuse_ino_t, 1);
	*box = ino;
	g_thread_pool_push(fs->inval_pool, box, NULL);
}

/*
 * Record @info as the latest state of @inode.  Returns true when size or
 * mtime changed behind our back; then the cached contents are dropped.
 * Lock held.
 */
static bool inode_update(struct vsf_fs *fs, struct vsf_inode *inode,
			 const struct shfl_fsobjinfo *info)
{
	bool changed = inode->size != info->size ||
		       inode->mtime_ns != info->modification_time.ns;

	inode_set_info(fs, inode, info);
	if (!changed)
		return false;
	if (inode->local_change) {
		inode->local_change = false;
		return false;
	}
	if (inode->type == SHFL_TYPE_FILE &&
	    fs->opts.cache_mode != VSF_CACHE_NONE &&
	    fs->opts.cache_mode != VSF_CACHE_ALWAYS)
		inode_schedule_inval(fs, inode->ino);
	return true;
}

int vsf_inode_ref(struct vsf_fs *fs, fuse_ino_t parent, const char *name,
		  const struct shfl_fsobjinfo *info, fuse_ino_t *ino)
{
	struct vsf_inode *dir, *inode;
	uint32_t type = info->attr.mode & SHFL_TYPE_MASK;

	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	if (!dir) {
		g_mutex_unlock(&fs->lock);
		return -ENOENT;
	}
	inode = inode_find(fs, dir, name);
	if (inode && inode->type != type) {
		/* The host replaced the object: a new inode for the new one. */
		inode_detach(fs, inode);
		inode = NULL;
	}
	if (inode) {
		inode->nlookup++;
		inode_update(fs, inode, info);
	} else {
		inode = g_new0(struct vsf_inode, 1);
		inode->ino = fs->next_ino++;
		inode->parent = dir;
		inode->name = g_strdup(name);
		inode->nlookup = 1;
		inode_set_info(fs, inode, info);
		dir->nchildren++;
		g_hash_table_insert(fs->by_ino, &inode->ino, inode);
		g_hash_table_add(fs->by_name, inode);
	}
	*ino = inode->ino;
	g_mutex_unlock(&fs->lock);
	return 0;
}

void vsf_inode_forget(struct vsf_fs *fs, fuse_ino_t ino, uint64_t n)
{
	struct vsf_inode *inode;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, ino);
	if (inode && inode != fs->root_inode) {
		inode->nlookup = n > inode->nlookup ? 0 : inode->nlookup - n;
		inode_put_maybe(fs, inode);
	}
	g_mutex_unlock(&fs->lock);
}

bool vsf_inode_seen(struct vsf_fs *fs, fuse_ino_t ino,
		    const struct shfl_fsobjinfo *info)
{
	struct vsf_inode *inode;
	bool changed = false;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, ino);
	if (inode)
		changed = inode_update(fs, inode, info);
	g_mutex_unlock(&fs->lock);
	return changed;
}

/* What we hold of @ino is old; @local: because this mount changed it. */
static void inode_changed(struct vsf_fs *fs, fuse_ino_t ino, bool local)
{
	struct vsf_inode *inode;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, ino);
	if (inode) {
		inode->info_until = 0;
		if (local)
			inode->local_change = true;
	}
	g_mutex_unlock(&fs->lock);
}

void vsf_inode_mark_local(struct vsf_fs *fs, fuse_ino_t ino)
{
	inode_changed(fs, ino, true);
}

int vsf_inode_type(struct vsf_fs *fs, fuse_ino_t parent, const char *name,
		   uint32_t *type)
{
	struct vsf_inode *dir, *inode = NULL;

	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	if (dir)
		inode = inode_find(fs, dir, name);
	if (inode)
		*type = inode->type;
	g_mutex_unlock(&fs->lock);
	return inode ? 0 : -ENOENT;
}

uint32_t vsf_inode_type_of(struct vsf_fs *fs, fuse_ino_t ino)
{
	struct vsf_inode *inode;
	uint32_t type = 0;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, ino);
	if (inode)
		type = inode->type;
	g_mutex_unlock(&fs->lock);
	return type;
}

void vsf_inode_detach(struct vsf_fs *fs, fuse_ino_t parent, const char *name)
{
	struct vsf_inode *dir, *inode = NULL;

	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	if (dir)
		inode = inode_find(fs, dir, name);
	if (inode)
		inode_detach(fs, inode);
	g_mutex_unlock(&fs->lock);
}

void vsf_inode_move(struct vsf_fs *fs, fuse_ino_t parent, const char *name,
		    fuse_ino_t newparent, const char *newname)
{
	struct vsf_inode *dir, *newdir, *inode, *victim, *old;

	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	newdir = inode_get(fs, newparent);
	if (!dir || !newdir)
		goto out;
	victim = inode_find(fs, newdir, newname);
	inode = inode_find(fs, dir, name);
	if (victim && victim != inode)
		inode_detach(fs, victim);
	if (!inode)
		goto out;
	g_hash_table_remove(fs->by_name, inode);
	/* A rename changes the object's change time on the host. */
	inode->info_until = 0;
	old = inode->parent;
	inode->parent = newdir;
	newdir->nchildren++;
	g_free(inode->name);
	inode->name = g_strdup(newname);
	g_hash_table_add(fs->by_name, inode);
	old->nchildren--;
	inode_put_maybe(fs, old);
out:
	g_mutex_unlock(&fs->lock);
}

bool vsf_inode_fresh(struct vsf_fs *fs, fuse_ino_t ino,
		     struct shfl_fsobjinfo *info, double *left)
{
	struct vsf_inode *inode;
	bool fresh = false;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, ino);
	if (inode && inode_fresh(inode, left)) {
		*info = inode->info;
		fresh = true;
	}
	g_mutex_unlock(&fs->lock);
	return fresh;
}

bool vsf_inode_lookup_fresh(struct vsf_fs *fs, fuse_ino_t parent,
			    const char *name, fuse_ino_t *ino,
			    struct shfl_fsobjinfo *info, double *left)
{
	struct vsf_inode *dir, *inode = NULL;
	bool fresh = false;

	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	if (dir)
		inode = inode_find(fs, dir, name);
	if (inode && inode_fresh(inode, left)) {
		inode->nlookup++;
		*ino = inode->ino;
		*info = inode->info;
		fresh = true;
	}
	g_mutex_unlock(&fs->lock);
	return fresh;
}

void vsf_inode_stale(struct vsf_fs *fs, fuse_ino_t ino)
{
	inode_changed(fs, ino, false);
}

void vsf_inode_dir_changed(struct vsf_fs *fs, fuse_ino_t dir,
			   const struct shfl_fsobjinfo *child)
{
	struct vsf_inode *inode;
	double left;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, dir);
	if (inode && inode_fresh(inode, &left)) {
		inode->info.modification_time = child->change_time;
		inode->info.change_time = child->change_time;
		inode->mtime_ns = child->change_time.ns;
		if ((child->attr.mode & SHFL_TYPE_MASK) ==
			    SHFL_TYPE_DIRECTORY &&
		    inode->info.attr.additional == SHFL_FSOBJATTRADD_UNIX)
			inode->info.attr.u.unix_attr.hardlinks++;
	}
	g_mutex_unlock(&fs->lock);
}

/* Drop @dir's listing once it ran out, noting whether it paid.  Locked. */
static void dir_names_expire(struct vsf_inode *dir, gint64 now)
{
	if (!dir->names || dir->names_until > now)
		return;
	dir->names_relist = dir->names_hits > dir->names_cost;
	g_hash_table_destroy(dir->names);
	dir->names = NULL;
}

bool vsf_dir_absent(struct vsf_fs *fs, fuse_ino_t parent, const char *name,
		    double *left)
{
	struct vsf_inode *dir;
	gint64 now = g_get_monotonic_time();
	bool absent = false;

	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	if (dir)
		dir_names_expire(dir, now);
	if (dir && dir->names && !g_hash_table_contains(dir->names, name)) {
		dir->names_hits++;
		*left = (double)(dir->names_until - now) / 1e6;
		absent = true;
	}
	g_mutex_unlock(&fs->lock);
	return absent;
}

bool vsf_dir_want_listing(struct vsf_fs *fs, fuse_ino_t parent, guint64 *gen)
{
	struct vsf_inode *dir;
	gint64 now = g_get_monotonic_time();
	bool want = false;

	if (!fs->case_sensitive || fs->opts.timeout <= 0)
		return false;
	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	if (dir && dir->type == SHFL_TYPE_DIRECTORY) {
		dir_names_expire(dir, now);
		/* Ran out: again at once if it answered enough. */
		want = dir->names_relist;
		dir->names_relist = false;
		if (now - dir->miss_window > (gint64)(fs->opts.timeout * 1e6)) {
			dir->miss_window = now;
			dir->misses = 0;
		}
		/* Open, LIST, close: worth it from the fourth miss on. */
		if (++dir->misses > 3)
			want = true;
		*gen = dir->names_gen;
	}
	g_mutex_unlock(&fs->lock);
	return want;
}

void vsf_dir_set_names(struct vsf_fs *fs, fuse_ino_t parent, GHashTable *names,
		       guint cost, gint64 since, guint64 gen)
{
	struct vsf_inode *dir;

	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	if (dir && names && dir->names_gen == gen) {
		if (dir->names)
			g_hash_table_destroy(dir->names);
		dir->names = names;
		names = NULL;
		dir->names_until = since + (gint64)(fs->opts.timeout * 1e6);
		dir->names_hits = 0;
		dir->names_cost = cost;
		dir->misses = 0;
	}
	g_mutex_unlock(&fs->lock);
	if (names)
		g_hash_table_destroy(names);
}

/* This mount added (@add) or removed @name in @parent.  Not locked. */
static void dir_name_change(struct vsf_fs *fs, fuse_ino_t parent,
			    const char *name, bool add)
{
	struct vsf_inode *dir;

	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	if (dir) {
		/* A listing under way no longer tells the truth. */
		dir->names_gen++;
		if (dir->names && add)
			g_hash_table_add(dir->names, g_strdup(name));
		else if (dir->names)
			g_hash_table_remove(dir->names, name);
	}
	g_mutex_unlock(&fs->lock);
}

void vsf_dir_name_added(struct vsf_fs *fs, fuse_ino_t parent, const char *name)
{
	dir_name_change(fs, parent, name, true);
}

void vsf_dir_name_removed(struct vsf_fs *fs, fuse_ino_t parent,
			  const char *name)
{
	dir_name_change(fs, parent, name, false);
}

void vsf_inode_file_add(struct vsf_fs *fs, struct vsf_file *f)
{
	struct vsf_inode *inode;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, f->ino);
	if (inode)
		inode->files = g_slist_prepend(inode->files, f);
	g_mutex_unlock(&fs->lock);
}

void vsf_inode_file_remove(struct vsf_fs *fs, struct vsf_file *f)
{
	struct vsf_inode *inode;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, f->ino);
	if (inode)
		inode->files = g_slist_remove(inode->files, f);
	g_mutex_unlock(&fs->lock);
}

guint vsf_files_release_all(struct vsf_fs *fs)
{
	GHashTableIter it;
	gpointer value;
	GSList *files = NULL, *l;
	guint n = 0;

	g_mutex_lock(&fs->lock);
	g_hash_table_iter_init(&it, fs->by_ino);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct vsf_inode *inode = value;

		files = g_slist_concat(inode->files, files);
		inode->files = NULL;
	}
	g_mutex_unlock(&fs->lock);
	for (l = files; l; l = l->next, n++)
		vsf_file_put(fs, l->data);
	g_slist_free(files);
	return n;
}

struct vsf_file *vsf_inode_file_get(struct vsf_fs *fs, fuse_ino_t ino,
				    bool writable)
{
	struct vsf_inode *inode;
	struct vsf_file *found = NULL;
	GSList *l;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, ino);
	for (l = inode ? inode->files : NULL; l && !found; l = l->next) {
		struct vsf_file *f = l->data;

		if (!writable || f->writable)
			found = f;
	}
	if (found)
		g_atomic_int_inc(&found->refs);
	g_mutex_unlock(&fs->lock);
	return found;
}

fuse_ino_t vsf_inode_child(struct vsf_fs *fs, fuse_ino_t parent,
			   const char *name)
{
	struct vsf_inode *dir, *inode = NULL;
	fuse_ino_t ino;

	g_mutex_lock(&fs->lock);
	dir = inode_get(fs, parent);
	if (dir)
		inode = inode_find(fs, dir, name);
	ino = inode ? inode->ino : 0;
	g_mutex_unlock(&fs->lock);
	return ino;
}

fuse_ino_t vsf_inode_parent(struct vsf_fs *fs, fuse_ino_t ino)
{
	struct vsf_inode *inode;
	fuse_ino_t parent = 0;

	g_mutex_lock(&fs->lock);
	inode = inode_get(fs, ino);
	if (inode && inode->parent)
		parent = inode->parent->ino;
	g_mutex_unlock(&fs->lock);
	return parent;
}
