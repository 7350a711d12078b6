// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Write gathering: sequential writes through one open file are collected
 * in a buffer and sent to the host as one WRITE.
 *
 * Without the kernel's write-back cache every write(2) reaches the daemon
 * by itself, and tar, cp and most programs write in pieces of 4 to 128 KiB.
 * Each open file (struct vsf_file) keeps at most VSF_GATHER_MAX bytes of
 * contiguous data; the buffer goes out as one WRITE when
 *  - it is full, or the next write is not contiguous with it;
 *  - the file is flushed (close(2) of any descriptor), fsynced or released;
 *  - before anything else that could see or change the file's data or size
 *    on the host: a read, a stat, a lookup or readdirplus answer that
 *    reports the size, a setattr (truncate, mode, times: a later WRITE
 *    would change the modification time tar just set), an open (which may
 *    truncate), and a write through another open file of the same inode;
 *  - write_gather= milliseconds after its first byte, by a flusher thread
 *    that sleeps until the earliest such deadline and not at all while
 *    nothing is buffered.
 * So the host sees written data at close, fsync, or within the delay, and
 * every host-side view through this mount (reads that miss the page cache,
 * stat) sees it at once.  The bytes buffered across all files are capped
 * (VSF_GATHER_TOTAL); beyond that, writes go straight to the host.
 *
 * Errors: a gathered WRITE that fails loses its data, and the error is
 * kept with the open file and returned by its next write, flush (so
 * close(2) fails, as on NFS and with the kernel's vboxsf) or fsync, once.
 * A failure found at release, when nobody can be told any more, is logged.
 *
 * Locking: f->wlock protects a file's buffer and is held across the WRITE
 * that sends it (so data goes out in order and a flush waits for one under
 * way); g->lock protects the queue of files with buffered data, the byte
 * count and the flusher's state.  Order: f->wlock, then g->lock or the
 * inode table's lock (never both); the flusher never holds g->lock while
 * it waits for a file.  A file stays on the queue (holding a reference)
 * until its buffer was sent, so whoever finds it there and takes its wlock
 * sees the data on the host after.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "vboxsf-fuse/vsf.h"

void vsf_file_gather_init(struct vsf_file *f)
{
	g_mutex_init(&f->wlock);
}

void vsf_file_gather_clear(struct vsf_file *f)
{
	g_free(f->wbuf);
	g_mutex_clear(&f->wlock);
}

bool vsf_gather_enabled(const struct vsf_opts *opts)
{
	/* none promises host coherence at once; writeback gathers itself. */
	return opts->gather_ms > 0 && opts->cache_mode != VSF_CACHE_NONE &&
	       opts->cache_mode != VSF_CACHE_WRITEBACK;
}

/* Write all of @buf at @off; a host that takes nothing is an I/O error. */
static int write_all(struct vsf_fs *fs, uint64_t handle, uint64_t off,
		     const char *buf, size_t len)
{
	while (len) {
		ssize_t n = vbgl_shfl_write(fs->shfl, fs->root, handle, off,
					    buf, len, NULL);

		if (n < 0)
			return (int)n;
		if (!n)
			return -EIO;
		buf += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Send @f's buffer (f->wlock held; the caller holds a reference of its
 * own, so the queue's, dropped here, is never the last).  A failure is
 * kept in f->werr unless one is already waiting to be reported.
 */
static void flush_locked(struct vsf_fs *fs, struct vsf_file *f)
{
	struct vsf_gather *g = &fs->gather;
	bool unqueued = false;
	int ret = 0;

	if (f->wlen) {
		ret = write_all(fs, f->handle, f->woff, f->wbuf, f->wlen);
		/*
		 * Size and times changed now: attributes the host gave since
		 * the write(2)s (an open's answer) are old.
		 */
		vsf_inode_mark_local(fs, f->ino);
		if (ret < 0) {
			g_warning(
				"a gathered write of %zu bytes at %llu failed: %s (reported to the file's next write, flush or fsync)",
				f->wlen, (unsigned long long)f->woff,
				g_strerror(-vsf_host_errno(ret)));
			if (!f->werr)
				f->werr = ret;
		}
	}
	g_mutex_lock(&g->lock);
	g->pending -= f->wlen;
	if (f->wqueued) {
		g_queue_remove(&g->queue, f);
		f->wqueued = false;
		unqueued = true;
	}
	g_mutex_unlock(&g->lock);
	g_free(f->wbuf);
	f->wbuf = NULL;
	f->wlen = 0;
	f->wcap = 0;
	if (unqueued)
		vsf_file_put(fs, f);
}

/* The error waiting for @f's next write/flush/fsync, cleared.  Locked. */
static int take_error(struct vsf_file *f)
{
	int ret = f->werr;

	f->werr = 0;
	return ret;
}

/*
 * Account @size more bytes of @f (first: its buffer was empty, queue it).
 * False when the mount's cap is reached.  f->wlock held.
 */
static bool account(struct vsf_fs *fs, struct vsf_file *f, size_t size,
		    bool first)
{
	struct vsf_gather *g = &fs->gather;

	g_mutex_lock(&g->lock);
	if (g->pending + size > VSF_GATHER_TOTAL || g->stop) {
		g_mutex_unlock(&g->lock);
		return false;
	}
	g->pending += size;
	if (first) {
		f->wdeadline = g_get_monotonic_time() + g->delay_us;
		g_atomic_int_inc(&f->refs);
		g_queue_push_tail(&g->queue, f);
		f->wqueued = true;
		/* Wake the flusher only when it sleeps past this deadline. */
		if (f->wdeadline < g->sleep_until)
			g_cond_signal(&g->cond);
	}
	g_mutex_unlock(&g->lock);
	return true;
}

static void unaccount(struct vsf_fs *fs, size_t size)
{
	g_mutex_lock(&fs->gather.lock);
	fs->gather.pending -= size;
	g_mutex_unlock(&fs->gather.lock);
}

/* Append to @f's buffer, which holds data ending at @off.  Locked. */
static bool append(struct vsf_fs *fs, struct vsf_file *f, const char *buf,
		   size_t size, uint64_t off)
{
	bool first = !f->wlen;

	if (!account(fs, f, size, first))
		return false;
	if (f->wlen + size > f->wcap) {
		size_t cap = MAX(f->wcap * 2, 16384u);
		char *p;

		while (cap < f->wlen + size)
			cap *= 2;
		cap = MIN(cap, (size_t)VSF_GATHER_MAX);
		p = g_try_realloc(f->wbuf, cap);
		if (!p) {
			unaccount(fs, size);
			if (first)
				flush_locked(fs, f); /* only unqueues */
			return false;
		}
		f->wbuf = p;
		f->wcap = cap;
	}
	if (first)
		f->woff = off;
	memcpy(f->wbuf + f->wlen, buf, size);
	f->wlen += size;
	return true;
}

/* Collect referenced queued files for which @match says yes. */
static GPtrArray *queued(struct vsf_fs *fs,
			 bool (*match)(struct vsf_fs *, struct vsf_file *,
				       const void *),
			 const void *data)
{
	struct vsf_gather *g = &fs->gather;
	GPtrArray *out = NULL;
	GList *l;

	g_mutex_lock(&g->lock);
	for (l = g->queue.head; l; l = l->next) {
		struct vsf_file *f = l->data;

		if (match && !match(fs, f, data))
			continue;
		if (!out)
			out = g_ptr_array_new();
		g_atomic_int_inc(&f->refs);
		g_ptr_array_add(out, f);
	}
	g_mutex_unlock(&g->lock);
	return out;
}

/* Send the buffers of @files and drop their references. */
static void flush_files(struct vsf_fs *fs, GPtrArray *files)
{
	guint i;

	if (!files)
		return;
	for (i = 0; i < files->len; i++) {
		struct vsf_file *f = files->pdata[i];

		g_mutex_lock(&f->wlock);
		flush_locked(fs, f);
		g_mutex_unlock(&f->wlock);
		vsf_file_put(fs, f);
	}
	g_ptr_array_free(files, TRUE);
}

struct ino_match {
	fuse_ino_t ino;
	const struct vsf_file *except;
};

static bool match_ino(struct vsf_fs *fs, struct vsf_file *f, const void *data)
{
	const struct ino_match *m = data;

	(void)fs;
	return f->ino == m->ino && f != m->except;
}

static void sync_ino_except(struct vsf_fs *fs, fuse_ino_t ino,
			    const struct vsf_file *except)
{
	struct ino_match m = { ino, except };

	flush_files(fs, queued(fs, match_ino, &m));
}

void vsf_gather_sync_ino(struct vsf_fs *fs, fuse_ino_t ino)
{
	sync_ino_except(fs, ino, NULL);
}

static bool queue_empty(struct vsf_fs *fs)
{
	bool empty;

	g_mutex_lock(&fs->gather.lock);
	empty = g_queue_is_empty(&fs->gather.queue);
	g_mutex_unlock(&fs->gather.lock);
	return empty;
}

void vsf_gather_sync_child(struct vsf_fs *fs, fuse_ino_t parent,
			   const char *name)
{
	fuse_ino_t ino;

	if (queue_empty(fs))
		return;
	ino = vsf_inode_child(fs, parent, name);
	if (ino)
		vsf_gather_sync_ino(fs, ino);
}

void vsf_gather_sync_dir(struct vsf_fs *fs, fuse_ino_t dir)
{
	GPtrArray *files, *mine = NULL;
	guint i;

	if (queue_empty(fs))
		return;
	/* All of them: the parent is looked up outside the queue's lock. */
	files = queued(fs, NULL, NULL);
	if (!files)
		return;
	for (i = 0; i < files->len; i++) {
		struct vsf_file *f = files->pdata[i];

		if (vsf_inode_parent(fs, f->ino) == dir) {
			if (!mine)
				mine = g_ptr_array_new();
			g_ptr_array_add(mine, f);
		} else {
			vsf_file_put(fs, f);
		}
	}
	g_ptr_array_free(files, TRUE);
	flush_files(fs, mine);
}

int vsf_gather_write(struct vsf_fs *fs, struct vsf_file *f, const char *buf,
		     size_t size, uint64_t off, size_t *written)
{
	ssize_t n;
	int ret;

	*written = 0;
	if (!fs->gather.on) {
		n = vbgl_shfl_write(fs->shfl, fs->root, f->handle, off, buf,
				    size, NULL);
		if (n < 0)
			return (int)n;
		*written = (size_t)n;
		return 0;
	}
	/* Another file's data on the same inode goes first. */
	sync_ino_except(fs, f->ino, f);
	g_mutex_lock(&f->wlock);
	ret = take_error(f);
	if (!ret && f->wlen &&
	    (off != f->woff + f->wlen || f->wlen + size > VSF_GATHER_MAX)) {
		flush_locked(fs, f);
		ret = take_error(f);
	}
	if (ret < 0) {
		g_mutex_unlock(&f->wlock);
		return ret;
	}
	if (size && size < VSF_GATHER_MAX && append(fs, f, buf, size, off)) {
		*written = size;
		if (f->wlen == VSF_GATHER_MAX) {
			flush_locked(fs, f);
			ret = take_error(f);
			if (ret < 0)
				*written = 0;
		}
		g_mutex_unlock(&f->wlock);
		return ret;
	}
	/* Large, over the cap, or out of memory: straight to the host. */
	if (f->wlen) {
		flush_locked(fs, f);
		ret = take_error(f);
	}
	if (!ret) {
		n = vbgl_shfl_write(fs->shfl, fs->root, f->handle, off, buf,
				    size, NULL);
		if (n < 0)
			ret = (int)n;
		else
			*written = (size_t)n;
	}
	g_mutex_unlock(&f->wlock);
	return ret;
}

int vsf_gather_flush(struct vsf_fs *fs, struct vsf_file *f)
{
	int ret;

	if (!fs->gather.on)
		return 0;
	g_mutex_lock(&f->wlock);
	flush_locked(fs, f);
	ret = take_error(f);
	g_mutex_unlock(&f->wlock);
	return ret;
}

/* Send each buffer when its time has come; sleep while there is none. */
static gpointer flusher(gpointer data)
{
	struct vsf_fs *fs = data;
	struct vsf_gather *g = &fs->gather;

	g_mutex_lock(&g->lock);
	while (!g->stop) {
		struct vsf_file *f = g_queue_peek_head(&g->queue);

		if (!f) {
			g->sleep_until = G_MAXINT64;
			g_cond_wait(&g->cond, &g->lock);
			g->sleep_until = 0;
			continue;
		}
		if (f->wdeadline > g_get_monotonic_time()) {
			g->sleep_until = f->wdeadline;
			g_cond_wait_until(&g->cond, &g->lock, f->wdeadline);
			g->sleep_until = 0;
			continue;
		}
		g_atomic_int_inc(&f->refs);
		g_mutex_unlock(&g->lock);
		g_mutex_lock(&f->wlock);
		flush_locked(fs, f);
		g_mutex_unlock(&f->wlock);
		vsf_file_put(fs, f);
		g_mutex_lock(&g->lock);
	}
	g_mutex_unlock(&g->lock);
	return NULL;
}

void vsf_gather_start(struct vsf_fs *fs)
{
	struct vsf_gather *g = &fs->gather;

	g_mutex_init(&g->lock);
	g_cond_init(&g->cond);
	g_queue_init(&g->queue);
	g->delay_us = (gint64)fs->opts.gather_ms * 1000;
	g->on = vsf_gather_enabled(&fs->opts);
	if (g->on)
		g->thread = g_thread_new("vsf-flush", flusher, fs);
}

void vsf_gather_stop(struct vsf_fs *fs)
{
	struct vsf_gather *g = &fs->gather;

	g_mutex_lock(&g->lock);
	g->stop = true;
	g_cond_signal(&g->cond);
	g_mutex_unlock(&g->lock);
	if (g->thread)
		g_thread_join(g->thread);
	g->thread = NULL;
	/* Files the kernel never released (the connection ended). */
	flush_files(fs, queued(fs, NULL, NULL));
	g->on = false;
	g_cond_clear(&g->cond);
	g_mutex_clear(&g->lock);
}
