/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboxsf-fuse internals: the mount's options, the inode table and the
 * libfuse low-level operations.
 *
 * SHFL is a path protocol: the host knows no inode numbers, so the daemon
 * keeps a table of the inodes the kernel knows (with the kernel's lookup
 * counts, as libfuse's passthrough_ll does), each named by its parent and
 * its name; a request's host path is built by walking up that chain under
 * the table lock, so a directory rename moves everything below it at once.
 */
#ifndef VBOXSF_FUSE_VSF_H
#define VBOXSF_FUSE_VSF_H

#define FUSE_USE_VERSION 35

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <fuse_lowlevel.h>
#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbglr3_shfl.h"

/* Page-cache policy (-o cache=); see vboxsf-fuse(8) for the coherence. */
enum vsf_cache {
	VSF_CACHE_NONE,	     /* direct I/O, no attribute caching */
	VSF_CACHE_STRICT,    /* page cache, attributes never cached */
	VSF_CACHE_AUTO,	     /* page cache, attributes cached for ttl */
	VSF_CACHE_ALWAYS,    /* page cache trusted across opens */
	VSF_CACHE_WRITEBACK, /* auto, and writes gathered in the page cache */
};

/* Default attribute/entry time to live in ms (as the VirtualBox driver). */
#define VSF_DEFAULT_TTL_MS 200
/* Default bound on one host call, seconds. */
#define VSF_DEFAULT_CALL_TIMEOUT_S 60
/* Largest read/write the kernel sends in one request. */
#define VSF_MAX_IO (1024u * 1024)
/* Default for write_gather=: longest wait of gathered data, ms. */
#define VSF_DEFAULT_GATHER_MS 1000
/*
 * Default for read_ahead=, KiB: READs of 512 KiB, a quarter of the host
 * calls of the kernel's 128 KiB and no slower (bench/README.md).
 */
#define VSF_DEFAULT_READ_AHEAD_KB 512u
/* The kernel's read-ahead of a new FUSE mount (VM_READAHEAD_PAGES), KiB. */
#define VSF_KERNEL_READ_AHEAD_KB 128u
/* Largest read_ahead=, KiB. */
#define VSF_READ_AHEAD_MAX_KB 16384u
/* Most bytes one open file gathers (one WRITE; the host takes 24 MiB). */
#define VSF_GATHER_MAX VSF_MAX_IO
/* Most bytes gathered across the mount; beyond, writes go straight out. */
#define VSF_GATHER_TOTAL (64u * 1024 * 1024)
/* LIST buffer size. */
#define VSF_DIRBUF_SIZE (64u * 1024)
/* Longest name component, in bytes (vsf_name_check()). */
#define VSF_NAME_MAX 255u

/**
 * struct vsf_opts - what the command line and -o options asked for.
 *
 * vsf_opts_parse() fills the first part with the values as given (NULL
 * when not given); vsf_opts_finish() checks them and derives the rest, so
 * a value is refused whole or taken whole ("dmode=0778" is an error, not
 * 077).
 */
struct vsf_opts {
	char *share;
	char *device;
	char *cache;
	char *uid_arg, *gid_arg;
	char *dmode_arg, *fmode_arg;
	char *dmask_arg, *fmask_arg, *umask_arg;
	char *ttl_arg;
	char *calltimeout_arg;
	char *gather_arg;
	char *read_ahead_arg;
	char *max_read_arg; /* FUSE's max_read=, also left in the arguments */
	int ro;
	int allow_other, default_permissions, no_default_permissions;
	/* Derived by vsf_opts_finish(). */
	unsigned int uid, gid;
	bool dmode_set, fmode_set;
	unsigned int dmode, fmode, dmask, fmask, umask;
	int ttl_ms;
	unsigned int call_timeout_s;
	unsigned int gather_ms;	    /* write_gather=, 0: off */
	unsigned int read_ahead_kb; /* read_ahead=, KiB */
	bool read_ahead_set;	    /* read_ahead= was given */
	unsigned int max_read;	    /* max_read=, 0: not given */
	enum vsf_cache cache_mode;
	double timeout; /* attribute/entry timeout, seconds */
};

/**
 * vsf_opts_parse - take our options out of @args.
 * @args: the command line; our options are removed, FUSE's stay (ro and
 *	rw are noted and stay too)
 * @opts: receives them (zeroed here first)
 *
 * The first non-option argument is the share name, the second the mount
 * point (left in @args for fuse_parse_cmdline()).  Values are checked by
 * vsf_opts_finish(), not here.
 *
 * Return: 0, or -1 after libfuse logged why (out of memory, a malformed
 *	-o list).
 */
int vsf_opts_parse(struct fuse_args *args, struct vsf_opts *opts);

/**
 * vsf_opts_finish - check option values and derive the rest.
 * @opts: the parsed options
 * @err: receives a static reason on failure
 *
 * uid= and gid= are decimal ids (not -1), dmode= and fmode= octal modes
 * within 0777, dmask=, fmask= and umask= octal masks within 07777 (umask=
 * stands for dmask= and fmask= where those are not given), ttl= -1 (the
 * default, VSF_DEFAULT_TTL_MS), 0 or milliseconds, calltimeout= 1 to
 * 86400 seconds (default VSF_DEFAULT_CALL_TIMEOUT_S), write_gather= 0
 * (off) to 60000 milliseconds (default VSF_DEFAULT_GATHER_MS), read_ahead=
 * 0 to VSF_READ_AHEAD_MAX_KB KiB in whole pages (default
 * VSF_DEFAULT_READ_AHEAD_KB), FUSE's max_read= 4096 bytes or more (kept for
 * the kernel too), cache= one of none,
 * strict, auto (the default), always and writeback.  Numbers have no sign, blanks or
 * trailing characters.  Owners default to the caller's ids.  none and
 * strict cache nothing: their timeout is 0, else it is the ttl.
 *
 * Return: 0, or -1 with *@err set.
 */
int vsf_opts_finish(struct vsf_opts *opts, const char **err);

/**
 * vsf_args_drop_separator - remove the "--" that ended the options.
 * @args: the command line after fuse_parse_cmdline() took the mount point
 *
 * Once both positional arguments are taken, a "--" left in @args would
 * make every option added behind it (-oro, fsname=) an argument in
 * fuse_session_new()'s eyes; libfuse drops it only when it parsed no -o
 * option.  The value of an -o is never taken for the separator.
 */
void vsf_args_drop_separator(struct fuse_args *args);

/**
 * vsf_args_add_permissions - make the kernel check permissions.
 * @args: the arguments for fuse_session_new()
 * @opts: the parsed options
 *
 * default_permissions is implied: without it the kernel lets every user
 * who may enter the mount do anything the daemon may, whatever the shown
 * owner and mode say.  -o no_default_permissions opts out (an explicit
 * default_permissions wins over it).
 *
 * Return: true when the mount is left unprotected for other users
 *	(no_default_permissions together with allow_other): the caller warns.
 */
bool vsf_args_add_permissions(struct fuse_args *args,
			      const struct vsf_opts *opts);

void vsf_opts_clear(struct vsf_opts *opts);

/* Read-ahead (vsf_readahead.c). */

/* Where tests point the sysfs root (default /sys). */
#define VSF_SYSFS_ROOT_ENV "VSF_SYSFS_ROOT"

/**
 * vsf_mountinfo_dev - the device number of the FUSE mount on @mountpoint.
 * @mountinfo: the text of /proc/self/mountinfo
 * @mountpoint: the mount point, as mountinfo shows it unescaped
 * @major: receives the major number
 * @minor: receives the minor number
 *
 * Only fuse and fuse.SUBTYPE mounts count (not fuseblk, whose backing
 * device is named differently); of several on one point, the last.
 *
 * Return: 0, or -ENOENT when there is none.
 */
int vsf_mountinfo_dev(const char *mountinfo, const char *mountpoint,
		      unsigned int *major, unsigned int *minor);

/* SYSFS/class/bdi/MAJOR:MINOR/read_ahead_kb (g_free() it). */
char *vsf_bdi_read_ahead_path(const char *sysfs, unsigned int major,
			      unsigned int minor);

/**
 * vsf_read_ahead_set - set the read-ahead of the FUSE mount on @mountpoint.
 * @sysfs: the sysfs root ("/sys")
 * @mountinfo: the text of /proc/self/mountinfo
 * @mountpoint: the mount point
 * @kb: the read-ahead, KiB
 * @msg: receives one line for the log (g_free() it): what was set, or why
 *	nothing was
 *
 * Writes @kb to the mount's read_ahead_kb and reads it back.
 *
 * Return: 0; -ENOENT when @mountpoint is no FUSE mount; the errno of the
 *	failed open, write or read; -ERANGE when the value read back differs.
 */
int vsf_read_ahead_set(const char *sysfs, const char *mountinfo,
		       const char *mountpoint, unsigned int kb, char **msg);

/* Whether the mount's read-ahead is to be set (read_ahead= given, or a
 * default other than the kernel's). */
bool vsf_read_ahead_wanted(const struct vsf_opts *opts);

/*
 * Set the read-ahead of the mount on @mountpoint if wanted, with sysfs at
 * $VSF_SYSFS_ROOT (default /sys).  A failure is not fatal: one warning
 * when read_ahead= was given, an info message (-d) for the default.
 * Returns whether it was set.
 */
bool vsf_read_ahead_apply(const struct vsf_opts *opts, const char *mountpoint);

/* ---------------------------------------------------------------------- */

/**
 * struct vsf_inode - an object the kernel holds a reference to.
 * @ino: our inode number (never reused)
 * @parent: the directory it is named in (NULL for the root and for
 *	detached inodes: deleted, or replaced by a rename)
 * @name: its name in @parent
 * @nlookup: the kernel's lookup count
 * @nchildren: attached inodes naming this one as parent
 * @type: SHFL_TYPE_* of the last info seen
 * @size: size of the last info seen
 * @mtime_ns: mtime of the last info seen
 * @local_change: this mount changed the object since; the next change of
 *	size or mtime is ours and needs no cache invalidation
 * @info: the last info seen
 * @info_until: g_get_monotonic_time() until which @info may answer a
 *	getattr or lookup without asking the host (0: ask); set from host
 *	answers only, for the ttl
 * @files: the open files of this inode (struct vsf_file *)
 * @names: a directory's complete list of names, as the host listed them
 *	and this mount changed them since, or NULL (see vsf_dir_absent())
 * @names_until: g_get_monotonic_time() until which @names is trusted
 * @names_hits: negative lookups @names answered
 * @names_cost: host calls the listing took
 * @names_relist: the last listing ran out after answering more misses
 *	than it cost: take the next one at the first miss
 * @names_gen: counts this mount's changes of the directory's entries
 * @misses: negative lookups asked of the host since @miss_window began
 * @miss_window: start of that count
 */
struct vsf_inode {
	fuse_ino_t ino;
	struct vsf_inode *parent;
	char *name;
	uint64_t nlookup;
	uint64_t nchildren;
	uint32_t type;
	int64_t size;
	int64_t mtime_ns;
	bool local_change;
	struct shfl_fsobjinfo info;
	gint64 info_until;
	GSList *files;
	GHashTable *names;
	gint64 names_until;
	guint names_hits, names_cost;
	bool names_relist;
	guint64 names_gen;
	guint misses;
	gint64 miss_window;
};

/*
 * An open file: owned by the kernel's file handle, while a request uses
 * it for an inode operation (vsf_inode_file_get()) by that request, and
 * while it has gathered data by the flusher's queue (vsf_gather.c); the
 * host handle is closed when the last reference goes.  The w* fields are
 * the gathered writes: @wlen bytes for offset @woff in @wbuf (@wcap
 * allocated), @werr a failed gathered WRITE not yet reported, all under
 * @wlock; @wdeadline and @wqueued under the mount's gather lock.
 */
struct vsf_file {
	uint64_t handle;
	fuse_ino_t ino;
	bool writable;
	gint refs;
	GMutex wlock;
	char *wbuf;
	size_t wlen, wcap;
	uint64_t woff;
	int werr;
	gint64 wdeadline;
	bool wqueued;
};

/*
 * struct vsf_gather - the mount's gathered writes (vsf_gather.c).
 * @lock: protects the rest
 * @cond: wakes the flusher
 * @queue: files with gathered data, oldest first (each holds a reference)
 * @pending: bytes gathered across the mount (at most VSF_GATHER_TOTAL)
 * @sleep_until: the flusher sleeps until then (G_MAXINT64: until woken;
 *	0: it is awake)
 * @delay_us: write_gather= in microseconds
 * @thread: the flusher
 * @on: gathering is on (vsf_gather_enabled())
 * @stop: the flusher is to end; nothing more is gathered
 */
struct vsf_gather {
	GMutex lock;
	GCond cond;
	GQueue queue;
	size_t pending;
	gint64 sleep_until;
	gint64 delay_us;
	GThread *thread;
	bool on;
	bool stop;
};

/* An open directory with the entries read so far. */
struct vsf_dir {
	uint64_t handle;
	GMutex lock;
	GPtrArray *entries; /* struct vsf_dirent * */
	bool started;	    /* a LIST was done: the next restart rewinds */
	bool eof;
	void *buf; /* VSF_DIRBUF_SIZE bytes */
};

struct vsf_dirent {
	struct shfl_fsobjinfo info;
	char name[];
};

/**
 * struct vsf_fs - one mount.
 * @opts: the options
 * @vbgl: the driver session
 * @shfl: the shared-folders client
 * @root: the mapped root ID
 * @lock: protects the inode table and every inode's naming fields
 * @by_ino: fuse_ino_t -> struct vsf_inode
 * @by_name: (parent, name) -> struct vsf_inode, attached inodes only
 * @next_ino: the next inode number to hand out
 * @root_inode: the share's root (FUSE_ROOT_ID), never freed
 * @se: the session (for invalidation notices)
 * @inval_pool: one worker sending invalidation notices outside requests
 * @host_lost: set once the host connection failed
 * @case_sensitive: the host said its names are case-sensitive (so a name
 *	missing from a listing does not exist)
 * @gather: gathered writes
 * @open_dirs: the directories the kernel has open (struct vsf_dir *, a
 *	set), under @lock
 */
struct vsf_fs {
	struct vsf_opts opts;
	struct vbgl_handle *vbgl;
	struct vbgl_shfl *shfl;
	uint32_t root;
	GMutex lock;
	GHashTable *by_ino;
	GHashTable *by_name;
	fuse_ino_t next_ino;
	struct vsf_inode *root_inode;
	struct fuse_session *se;
	GThreadPool *inval_pool;
	gint host_lost;
	bool case_sensitive;
	struct vsf_gather gather;
	GHashTable *open_dirs;
};

/* Inode table (vsf_inode.c). */
void vsf_table_init(struct vsf_fs *fs, const struct shfl_fsobjinfo *root);
void vsf_table_clear(struct vsf_fs *fs);

/**
 * vsf_name_check - whether @name may be one component of a host path.
 * @name: a name the kernel gave (NUL-terminated)
 *
 * The length counts bytes (a 255-byte name of multi-byte UTF-8 passes);
 * the bytes themselves are the host's to judge.  The kernel never sends
 * "", ".", ".." or a '/' in a name; refusing them keeps a request from
 * ever naming anything but a child of its directory.
 *
 * Return: 0, -ENAMETOOLONG beyond VSF_NAME_MAX bytes, -EINVAL for "",
 *	".", ".." and names holding '/'.
 */
int vsf_name_check(const char *name);

/**
 * vsf_path - the host path of @ino, or of its child @name.
 * @fs: the mount
 * @ino: an inode number the kernel holds
 * @name: NULL for @ino itself, else a name in that directory (checked
 *	with vsf_name_check())
 * @path: receives the path ("/" for the root, "/a/b" below it; g_free()
 *	it), NULL on failure
 *
 * Return: 0; -ENOENT when @ino is unknown or detached (deleted, replaced)
 *	here or higher up; -ENAMETOOLONG when the path would be longer than
 *	VBGL_SHFL_PATH_MAX; vsf_name_check()'s errors.
 */
int vsf_path(struct vsf_fs *fs, fuse_ino_t ino, const char *name, char **path);
int vsf_inode_ref(struct vsf_fs *fs, fuse_ino_t parent, const char *name,
		  const struct shfl_fsobjinfo *info, fuse_ino_t *ino);
void vsf_inode_forget(struct vsf_fs *fs, fuse_ino_t ino, uint64_t n);
bool vsf_inode_seen(struct vsf_fs *fs, fuse_ino_t ino,
		    const struct shfl_fsobjinfo *info);
/*
 * This mount changes @ino: its next change of size or mtime is ours (no
 * invalidation), and what we hold of it is old (vsf_inode_stale()).
 */
void vsf_inode_mark_local(struct vsf_fs *fs, fuse_ino_t ino);
int vsf_inode_type(struct vsf_fs *fs, fuse_ino_t parent, const char *name,
		   uint32_t *type);
uint32_t vsf_inode_type_of(struct vsf_fs *fs, fuse_ino_t ino);
void vsf_inode_detach(struct vsf_fs *fs, fuse_ino_t parent, const char *name);

/**
 * vsf_inode_fresh - the info of @ino, if the host gave it within the ttl.
 * @fs: the mount
 * @ino: an inode number the kernel holds
 * @info: receives it
 * @left: receives the seconds it stays fresh (> 0)
 *
 * Attributes held for less than the ttl answer getattr and lookup without
 * a host call; the kernel is told to keep them only for what is left, so a
 * host change still shows within one ttl of our last look.
 *
 * Return: true when fresh.
 */
bool vsf_inode_fresh(struct vsf_fs *fs, fuse_ino_t ino,
		     struct shfl_fsobjinfo *info, double *left);

/**
 * vsf_inode_lookup_fresh - a lookup answered from the table.
 * @fs: the mount
 * @parent: the directory
 * @name: the name in it
 * @ino: receives the inode, whose lookup count is raised
 * @info: receives its info
 * @left: receives the seconds it stays fresh
 *
 * Return: true when (@parent, @name) is known with fresh info.
 */
bool vsf_inode_lookup_fresh(struct vsf_fs *fs, fuse_ino_t parent,
			    const char *name, fuse_ino_t *ino,
			    struct shfl_fsobjinfo *info, double *left);

/* Stop answering from the cached info of @ino: the next one asks the host. */
void vsf_inode_stale(struct vsf_fs *fs, fuse_ino_t ino);

/**
 * vsf_inode_dir_changed - this mount created @child in directory @dir.
 * @fs: the mount
 * @dir: the directory
 * @child: the new object's info, as the host returned it
 *
 * The host set the directory's modification and change times when it made
 * the entry, at (about) the new object's change time in the CREATE answer;
 * a fresh cached @dir takes that time (and one more link for a new
 * directory) instead of being asked again.  Its freshness is not extended.
 */
void vsf_inode_dir_changed(struct vsf_fs *fs, fuse_ino_t dir,
			   const struct shfl_fsobjinfo *child);

/*
 * Negative lookups from a listing.  The kernel looks a name up before it
 * creates it, so creating many files costs one host LOOKUP each for a name
 * that is not there.  When a directory sees several such misses within a
 * ttl, one listing (open, LIST, close) answers the misses that follow for a
 * ttl, as a host LOOKUP's negative answer would (a host-created name shows
 * within the ttl of the listing); while the listing keeps paying for
 * itself it is taken again when it runs out.  Only on case-sensitive hosts,
 * for directories of at most VSF_NAMES_MAX entries.
 */
#define VSF_NAMES_MAX 65536u

/**
 * vsf_dir_absent - whether a fresh listing of @parent lacks @name.
 * @fs: the mount
 * @parent: the directory
 * @name: the name looked up
 * @left: receives the seconds the listing stays fresh
 *
 * Return: true when the name is known not to exist (answer negatively).
 */
bool vsf_dir_absent(struct vsf_fs *fs, fuse_ino_t parent, const char *name,
		    double *left);

/**
 * vsf_dir_want_listing - count a host miss in @parent; list it instead?
 * @fs: the mount
 * @parent: the directory
 * @gen: receives the change count to hand vsf_dir_set_names()
 *
 * Return: true when a listing should be taken now.
 */
bool vsf_dir_want_listing(struct vsf_fs *fs, fuse_ino_t parent, guint64 *gen);

/**
 * vsf_dir_set_names - install a listing of @parent taken from @since.
 * @fs: the mount
 * @parent: the directory
 * @names: the names (taken over; NULL: too large, none installed)
 * @cost: the host calls it took
 * @since: g_get_monotonic_time() before the listing began
 * @gen: vsf_dir_want_listing()'s count; a change made through this mount
 *	since then voids the listing
 */
void vsf_dir_set_names(struct vsf_fs *fs, fuse_ino_t parent, GHashTable *names,
		       guint cost, gint64 since, guint64 gen);

/* This mount added / removed @name in @parent (a listing follows). */
void vsf_dir_name_added(struct vsf_fs *fs, fuse_ino_t parent, const char *name);
void vsf_dir_name_removed(struct vsf_fs *fs, fuse_ino_t parent,
			  const char *name);

/**
 * vsf_dir_list_names - every name in directory @ino, from the host.
 * @fs: the mount
 * @ino: the directory
 * @names: receives a set of g_strdup()ed names, NULL when there are more
 *	than VSF_NAMES_MAX
 * @cost: receives the host calls made
 *
 * Return: 0 or a negative errno.
 */
int vsf_dir_list_names(struct vsf_fs *fs, fuse_ino_t ino, GHashTable **names,
		       guint *cost);

/* Record that @f is open on its inode / no longer is. */
void vsf_inode_file_add(struct vsf_fs *fs, struct vsf_file *f);
void vsf_inode_file_remove(struct vsf_fs *fs, struct vsf_file *f);

/**
 * vsf_inode_file_get - an open file of @ino, for an operation on the inode.
 * @fs: the mount
 * @ino: the inode
 * @writable: only a file opened for writing will do
 *
 * Lets stat, chmod, utimens and truncate by path use the host handle of an
 * open file: one call instead of three, and it works after the name is
 * gone.  Drop the reference with vsf_file_put().
 *
 * Return: a referenced file, or NULL when none is open (as asked).
 */
struct vsf_file *vsf_inode_file_get(struct vsf_fs *fs, fuse_ino_t ino,
				    bool writable);

/* The inode named @name in @parent, 0 if none is known. */
fuse_ino_t vsf_inode_child(struct vsf_fs *fs, fuse_ino_t parent,
			   const char *name);
/* The directory @ino is named in, 0 for none (root, detached, unknown). */
fuse_ino_t vsf_inode_parent(struct vsf_fs *fs, fuse_ino_t ino);

/* Drop a reference to @f; the last one closes the host handle. */
void vsf_file_put(struct vsf_fs *fs, struct vsf_file *f);

/**
 * vsf_files_release_all - drop the files the kernel never released.
 * @fs: the mount, its session loop ended and the gathered data flushed
 *
 * The kernel sends RELEASE in the background and drops the ones still
 * pending when the connection ends (an unmount right after a close, a
 * signal while files are open): their host handles are closed here, while
 * the host connection is still up.
 *
 * Return: the number of files released.
 */
guint vsf_files_release_all(struct vsf_fs *fs);
void vsf_inode_move(struct vsf_fs *fs, fuse_ino_t parent, const char *name,
		    fuse_ino_t newparent, const char *newname);

/* Attributes (vsf_attr.c). */
void vsf_fill_stat(const struct vsf_fs *fs, fuse_ino_t ino,
		   const struct shfl_fsobjinfo *info, struct stat *st);
void vsf_fill_entry(const struct vsf_fs *fs, fuse_ino_t ino,
		    const struct shfl_fsobjinfo *info,
		    struct fuse_entry_param *e);

/**
 * vsf_fill_statvfs - what statfs(2) shows of a share.
 * @vol: the host's VOLUME information
 * @st: receives block size (the allocation unit, 4096 when the host's is
 *	below 512), block counts (negative sizes count as 0), made-up file
 *	counts and the name length limit (the host's, at most VSF_NAME_MAX)
 */
void vsf_fill_statvfs(const struct shfl_volinfo *vol, struct statvfs *st);

uint32_t vsf_open_create_flags(int flags, bool create);

/* Write gathering (vsf_gather.c; see there for when data goes out). */

/* Whether @opts gather writes: write_gather= > 0, cache= not none or
 * writeback. */
bool vsf_gather_enabled(const struct vsf_opts *opts);
/* Set up (and start the flusher thread when gathering is on). */
void vsf_gather_start(struct vsf_fs *fs);
/* Stop the flusher and send what is still gathered. */
void vsf_gather_stop(struct vsf_fs *fs);
void vsf_file_gather_init(struct vsf_file *f);
void vsf_file_gather_clear(struct vsf_file *f);

/**
 * vsf_gather_write - a write(2) through @f.
 * @fs: the mount
 * @f: the open file
 * @buf: the data
 * @size: its length
 * @off: where it goes
 * @written: receives the bytes taken (gathered or written)
 *
 * Other open files' data of the same inode is sent first; then @buf is
 * gathered when it continues @f's buffer (or starts one), else the buffer
 * is sent and @buf written (or gathered anew).
 *
 * Return: 0, or a negative errno: the host's answer, or the failure of an
 *	earlier gathered WRITE of @f (reported once).
 */
int vsf_gather_write(struct vsf_fs *fs, struct vsf_file *f, const char *buf,
		     size_t size, uint64_t off, size_t *written);

/**
 * vsf_gather_flush - send what @f gathered.
 * @fs: the mount
 * @f: the open file
 *
 * Return: 0, or the failure of this or an earlier gathered WRITE of @f
 *	not yet reported (then cleared).
 */
int vsf_gather_flush(struct vsf_fs *fs, struct vsf_file *f);

/* Send every open file's gathered data of @ino (errors stay with each). */
void vsf_gather_sync_ino(struct vsf_fs *fs, fuse_ino_t ino);
/* The same for the inode (@parent, @name), if one is known. */
void vsf_gather_sync_child(struct vsf_fs *fs, fuse_ino_t parent,
			   const char *name);
/* The same for every inode named in directory @dir. */
void vsf_gather_sync_dir(struct vsf_fs *fs, fuse_ino_t dir);

/* Operations (vsf_ops.c, vsf_dir.c). */
extern const struct fuse_lowlevel_ops vsf_ops;

/* The mount a request is for. */
static inline struct vsf_fs *vsf_req_fs(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

/**
 * vsf_host_errno - the error the kernel gets for a failed call.
 * @ret: a negative errno from libvbglr3 or from the daemon itself
 *
 * A call that timed out (-ETIMEDOUT), a host answer that makes no sense
 * (-EPROTO) and a handle the host forgot (-EBADF) mean nothing to the
 * caller of a file system call: they become -EIO.  -ENOTCONN (the host
 * connection is gone) and every other errno pass unchanged.
 *
 * Return: a negative errno (-EIO for a @ret that is not negative).
 */
int vsf_host_errno(int ret);

/**
 * vsf_reply_err - answer @req with the outcome of its work.
 * @req: the request
 * @ret: 0 for success, else a negative errno (as vsf_host_errno() takes)
 *
 * fuse_reply_err() with the positive errno the kernel protocol wants.
 * Logs the first loss of the host connection and every host call that
 * timed out.
 */
void vsf_reply_err(fuse_req_t req, int ret);

void vsf_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void vsf_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		 struct fuse_file_info *fi);
void vsf_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		     struct fuse_file_info *fi);
void vsf_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
/* vsf_files_release_all() for directories: returns how many were open. */
guint vsf_dirs_release_all(struct vsf_fs *fs);

#endif /* VBOXSF_FUSE_VSF_H */
