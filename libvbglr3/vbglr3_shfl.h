/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvbglr3 shared-folders client: typed wrappers around the calls a guest
 * makes to the "VBoxSharedFolders" HGCM service (SHFL).  The wire layouts
 * (struct shfl_createparms, struct shfl_fsobjinfo, SHFL_CF_* ...) come from
 * vbgl_shfl_wire.h; this header adds the client object and one function per
 * service call.
 *
 * A client (struct vbgl_shfl) is one HGCM connection on a vbgl handle,
 * switched to UTF-8 at connect.  Every string given to or returned by these
 * functions is UTF-8 and NUL-terminated; paths are relative to the mapped
 * share, use '/' as delimiter and may start with '/' ("/" is the share's
 * root).
 *
 * Errors: negative errno values, as everywhere in libvbglr3; the host's
 * status codes go through vbgl_status_to_errno() (VERR_FILE_NOT_FOUND
 * -ENOENT, VERR_PATH_NOT_FOUND -ENOTDIR, VERR_ALREADY_EXISTS -EEXIST,
 * VERR_WRITE_PROTECT -EROFS, VERR_DIR_NOT_EMPTY -ENOTEMPTY, VERR_INVALID_NAME
 * -ENOENT, VERR_ACCESS_DENIED -EPERM, ...).  A simulator socket that broke
 * gives -ENOTCONN, a call that outlived the client's timeout -ETIMEDOUT.
 *
 * Thread safety: any number of threads may use one client at once, except
 * that vbgl_shfl_disconnect() must not race with other calls.
 */
#ifndef VBGLR3_SHFL_H
#define VBGLR3_SHFL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vbglr3.h"
#include "vbgl_shfl_wire.h"

#ifdef __cplusplus
extern "C" {
#endif

/* vbgl_shfl_connect() flags. */
#define VBGL_SHFL_CONNECT_SYMLINKS   0x1u /* SET_SYMLINKS: show links */
#define VBGL_SHFL_CONNECT_VALID_MASK 0x1u

/* Largest byte count one READ or WRITE call carries (the user cap). */
#define VBGL_SHFL_MAX_IO VBGL_HGCM_MAX_BUF_SIZE

/* Longest path (bytes, terminator excluded) a SHFLSTRING holds. */
#define VBGL_SHFL_PATH_MAX 65534u

/* A LIST buffer must hold at least one fixed-size SHFLDIRINFO. */
#define VBGL_SHFL_LIST_MIN_BUF 128u

struct vbgl_shfl;

/**
 * vbgl_shfl_connect - connect a shared-folders client.
 * @h: an open vbgl handle (the client lives as long as it)
 * @flags: 0 or VBGL_SHFL_CONNECT_SYMLINKS (the host then reports
 *	symbolic links as links instead of following them)
 * @out: receives the client
 *
 * Connects to VBoxSharedFolders, asks for the host's features
 * (QUERY_FEATURES; hosts before 6.0.6 lack it, which is not an error),
 * switches the client to UTF-8 (SET_UTF8) and, when asked, turns on
 * symlink reporting (SET_SYMLINKS).
 *
 * Return: 0; -EINVAL for bad arguments or flags; -ENXIO when the host has
 * no shared-folders service; -ENOMEM; or the errno of a failed call.
 */
int vbgl_shfl_connect(struct vbgl_handle *h, unsigned int flags,
		      struct vbgl_shfl **out);

/**
 * vbgl_shfl_disconnect - disconnect and free a client; NULL is ignored.
 * @c: the client
 *
 * The host closes every handle and drops every mapping the client still
 * holds.  Errors (e.g. a host that is already gone) are ignored.
 */
void vbgl_shfl_disconnect(struct vbgl_shfl *c);

/**
 * vbgl_shfl_set_timeout - bound every later call of the client.
 * @c: the client
 * @timeout_ms: milliseconds, or VBGL_TIMEOUT_INFINITE (the default)
 *
 * vbgl_shfl_wait_for_mappings_changes() ignores it and waits for ever.
 *
 * Return: 0 or -EINVAL.
 */
int vbgl_shfl_set_timeout(struct vbgl_shfl *c, uint32_t timeout_ms);

/**
 * vbgl_shfl_features - the host's SHFL_FEATURE_* bits (QUERY_FEATURES).
 * @c: the client
 *
 * Return: the bits, 0 for hosts without QUERY_FEATURES.
 */
uint64_t vbgl_shfl_features(const struct vbgl_shfl *c);

/**
 * vbgl_shfl_last_function - the highest function number the host knows.
 * @c: the client
 *
 * Return: the number QUERY_FEATURES reported, 0 for hosts without it.
 */
uint32_t vbgl_shfl_last_function(const struct vbgl_shfl *c);

/* ----------------------------------------------------------------------- */
/* Mappings                                                                 */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_shfl_query_mappings - the root IDs of the host's shares
 * (QUERY_MAPPINGS, always with SHFL_MF_UTF8).
 * @c: the client
 * @flags: 0 or SHFL_MF_AUTOMOUNT (only shares to mount automatically)
 * @maps: array of @slots entries (may be NULL when @slots is 0)
 * @slots: entries in @maps
 * @count: receives the number of matching shares; when it exceeds
 *	@slots only the first @slots entries were written and the caller
 *	should call again with a larger array
 *
 * Return: 0; -EINVAL for flags other than SHFL_MF_AUTOMOUNT, a NULL
 * @count, or a NULL @maps with slots; -E2BIG for more than
 * SHFL_MAX_MAPPINGS * 16 slots.
 */
int vbgl_shfl_query_mappings(struct vbgl_shfl *c, uint32_t flags,
			     struct shfl_mapping *maps, uint32_t slots,
			     uint32_t *count);

/**
 * vbgl_shfl_query_map_name - the name of a share (QUERY_MAP_NAME).
 * @c: the client
 * @root: a root ID from vbgl_shfl_query_mappings()
 * @name: receives the NUL-terminated name
 * @size: bytes at @name (2..65536)
 *
 * Return: the name's length; -EINVAL for an unknown root or bad
 * arguments; -ENOENT for a share the host removed; -EOVERFLOW when @size is
 * too small.
 */
int vbgl_shfl_query_map_name(struct vbgl_shfl *c, uint32_t root, char *name,
			     size_t size);

/**
 * vbgl_shfl_query_map_info - name, auto-mount point, flags and version of
 * a share (QUERY_MAP_INFO; hosts from 6.0).
 * @c: the client
 * @root: the root ID
 * @name: receives the NUL-terminated share name
 * @name_size: bytes at @name (2..65536)
 * @mount_point: receives the NUL-terminated auto-mount point as the host
 *	admin typed it ("" for none)
 * @mp_size: bytes at @mount_point (2..65536)
 * @flags: in: SHFL_MIQF_* query flags; out: SHFL_MIF_* share flags
 * @version: receives the root ID's version (may be NULL)
 *
 * Return: 0; -EINVAL for an unknown root or bad arguments; -ENOENT for a
 * removed share; -EOVERFLOW when a buffer is too small; -ENOSYS on hosts
 * before 6.0.
 */
int vbgl_shfl_query_map_info(struct vbgl_shfl *c, uint32_t root, char *name,
			     size_t name_size, char *mount_point,
			     size_t mp_size, uint64_t *flags,
			     uint32_t *version);

/**
 * struct vbgl_shfl_share - one of the host's shares, as
 * vbgl_shfl_list_shares() reads it.
 * @root: its root ID
 * @version: the root ID's version (0 from hosts before 6.0)
 * @flags: SHFL_MIF_* (0 from hosts before 6.0)
 * @has_info: non-zero when the host answered QUERY_MAP_INFO; 0 for hosts
 *	before 6.0, which tell only the name
 * @name: the share's name (NUL-terminated UTF-8)
 * @mount_point: the auto-mount point as the host admin typed it, "" for
 *	none
 */
struct vbgl_shfl_share {
	uint32_t root;
	uint32_t version;
	uint64_t flags;
	int has_info;
	char *name;
	char *mount_point;
};

/**
 * vbgl_shfl_list_shares - the host's shares with their names and flags.
 * @c: the client
 * @flags: 0 for every share, SHFL_MF_AUTOMOUNT for those the host marks
 *	for auto-mounting (as for vbgl_shfl_query_mappings())
 * @shares: receives the array, in the host's order; release it with
 *	vbgl_shfl_shares_free()
 * @count: receives its length
 *
 * Lists the root IDs (QUERY_MAPPINGS, with as many slots as the host
 * needs), then asks for each one's name, mount point, flags and version
 * (QUERY_MAP_INFO; QUERY_MAP_NAME on hosts before 6.0).  A share removed
 * between the two steps is left out.
 *
 * Return: 0, or the negative errno of the first call that failed otherwise
 * (-EINVAL for bad arguments or flags, -ENOMEM, -E2BIG for a host that
 * claims more shares than any host has).
 */
int vbgl_shfl_list_shares(struct vbgl_shfl *c, uint32_t flags,
			  struct vbgl_shfl_share **shares, uint32_t *count);

/**
 * vbgl_shfl_shares_free - release what vbgl_shfl_list_shares() returned.
 * @shares: the array (may be NULL)
 * @count: its length
 */
void vbgl_shfl_shares_free(struct vbgl_shfl_share *shares, uint32_t count);

/**
 * vbgl_shfl_wait_for_mappings_changes - wait until the host's share
 * configuration changes (WAIT_FOR_MAPPINGS_CHANGES), without timeout.
 * @c: the client
 * @version: in: the configuration version the caller knows (0 at first);
 *	out: the host's current version
 *
 * Returns at once when the host's version already differs.  A host
 * completes a parked wait with VERR_CANCELLED on a change as well as on a
 * cancel, so the outcome is decided by the version, not by the status.
 *
 * Return: 0 when *@version changed; -ECANCELED when the wait was
 * cancelled (vbgl_shfl_cancel_mappings_changes_waits()) with no change;
 * -ENOSPC when the host parks too many waits already; -ENOSYS on hosts
 * before 6.0; another negative errno.
 */
int vbgl_shfl_wait_for_mappings_changes(struct vbgl_shfl *c, uint32_t *version);

/**
 * vbgl_shfl_cancel_mappings_changes_waits - end this client's waits
 * (CANCEL_MAPPINGS_CHANGES_WAITS); the next wait of the client returns
 * -ECANCELED at once if none is in progress.
 * @c: the client
 *
 * Return: 0 or a negative errno.
 */
int vbgl_shfl_cancel_mappings_changes_waits(struct vbgl_shfl *c);

/**
 * vbgl_shfl_map_folder - map a share by name (MAP_FOLDER, delimiter '/',
 * case-sensitive).  Each successful map needs one vbgl_shfl_unmap_folder().
 * @c: the client
 * @name: the share name (compared case-insensitively by the host)
 * @root: receives the root ID
 *
 * Return: 0; -ENOENT for an unknown share; -ENAMETOOLONG for a name over
 * VBGL_SHFL_PATH_MAX bytes; -EINVAL for an empty name.
 */
int vbgl_shfl_map_folder(struct vbgl_shfl *c, const char *name, uint32_t *root);

/**
 * vbgl_shfl_unmap_folder - drop one mapping (UNMAP_FOLDER).
 * @c: the client
 * @root: a root ID this client mapped
 *
 * Return: 0; -ENOENT for an unknown root; -EBADF when this client did not
 * map it.
 */
int vbgl_shfl_unmap_folder(struct vbgl_shfl *c, uint32_t root);

/* ----------------------------------------------------------------------- */
/* Objects by path                                                          */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_shfl_create - look up, open or create a file or directory (CREATE).
 * @c: the client
 * @root: the mapped root
 * @path: the path inside the share
 * @parms: in: create_flags (SHFL_CF_*), info.attr.mode (creation mode) and
 *	info.size (size for REPLACE/OVERWRITE, normally 0); the handle is set
 *	to SHFL_HANDLE_NIL here; out: handle, result (SHFL_FILE_*) and the
 *	object's info
 *
 * The host reports "not found" and "exists" outcomes for files as success
 * with handle SHFL_HANDLE_NIL and the reason in @parms->result; callers
 * must check both.
 *
 * Return: 0 when the host answered; -ENAMETOOLONG for a path over
 * VBGL_SHFL_PATH_MAX bytes; the host's failure otherwise (-EEXIST for an
 * existing directory with FAIL_IF_EXISTS, -ENOENT, -ENOTDIR, -EROFS,
 * -EISDIR, ...).
 */
int vbgl_shfl_create(struct vbgl_shfl *c, uint32_t root, const char *path,
		     struct shfl_createparms *parms);

/**
 * vbgl_shfl_lookup - stat a path without opening it (CREATE with
 * SHFL_CF_LOOKUP).
 * @c: the client
 * @root: the mapped root
 * @path: the path inside the share
 * @info: receives the object's info
 *
 * Return: 0; -ENOENT when the object or a parent does not exist (or the
 * path is not a valid name for the host); -ENOTDIR when a parent is not a
 * directory; another negative errno.
 */
int vbgl_shfl_lookup(struct vbgl_shfl *c, uint32_t root, const char *path,
		     struct shfl_fsobjinfo *info);

/**
 * vbgl_shfl_remove - delete a file, symlink or empty directory (REMOVE).
 * @c: the client
 * @root: the mapped root
 * @path: the path inside the share
 * @flags: SHFL_REMOVE_FILE, SHFL_REMOVE_DIR, SHFL_REMOVE_SYMLINK
 *
 * Return: 0; -EINVAL for other flag bits; the host's failure (-ENOENT,
 * -ENOTEMPTY, -ENOTDIR, -EISDIR, -EROFS, ...).
 */
int vbgl_shfl_remove(struct vbgl_shfl *c, uint32_t root, const char *path,
		     uint32_t flags);

/**
 * vbgl_shfl_rename - rename or move within one share (RENAME).
 * @c: the client
 * @root: the mapped root
 * @src: the existing path
 * @dst: the new path
 * @flags: SHFL_RENAME_FILE and/or SHFL_RENAME_DIR (both: any type), plus
 *	SHFL_RENAME_REPLACE_IF_EXISTS to replace an existing non-directory
 *
 * Return: 0; -EINVAL for other flag bits; -EEXIST when the destination
 * exists and may not be replaced (always for an existing directory); the
 * host's failure otherwise.
 */
int vbgl_shfl_rename(struct vbgl_shfl *c, uint32_t root, const char *src,
		     const char *dst, uint32_t flags);

/**
 * vbgl_shfl_readlink - read a symbolic link's target (READLINK).
 * @c: the client
 * @root: the mapped root
 * @path: the link's path
 * @buf: receives the NUL-terminated target
 * @size: bytes at @buf (2..VBGL_HGCM_MAX_BUF_SIZE)
 *
 * Return: the target's length; -EOVERFLOW when it does not fit; -EINVAL
 * for a path that is no symlink; the host's failure otherwise.
 */
int vbgl_shfl_readlink(struct vbgl_shfl *c, uint32_t root, const char *path,
		       char *buf, size_t size);

/**
 * vbgl_shfl_symlink - create a symbolic link (SYMLINK); the share must
 * allow it.
 * @c: the client
 * @root: the mapped root
 * @path: the new link's path
 * @target: the link's contents, stored verbatim
 * @info: receives the new link's info (may be NULL)
 *
 * Return: 0; -EEXIST; -EROFS when the share is read-only or does not
 * allow guests to create links; the host's failure otherwise.
 */
int vbgl_shfl_symlink(struct vbgl_shfl *c, uint32_t root, const char *path,
		      const char *target, struct shfl_fsobjinfo *info);

/* ----------------------------------------------------------------------- */
/* Handles                                                                  */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_shfl_close - close a file or directory handle (CLOSE).
 * @c: the client
 * @root: the root the handle was opened on
 * @handle: the handle
 *
 * Return: 0; -EINVAL for SHFL_HANDLE_ROOT; -EBADF for an unknown handle.
 */
int vbgl_shfl_close(struct vbgl_shfl *c, uint32_t root, uint64_t handle);

/**
 * vbgl_shfl_read - read from a file handle at an offset (READ), in calls
 * of at most VBGL_SHFL_MAX_IO bytes.
 * @c: the client
 * @root: the root
 * @handle: a file handle opened with read access
 * @offset: the file offset (below 2^63)
 * @buf: receives the data
 * @size: bytes to read (at most SSIZE_MAX)
 *
 * Stops at the first short read (end of file).
 *
 * Return: bytes read (0 at or past the end of the file); -EINVAL for an
 * offset or size out of range; -EBADF for a bad handle or a directory
 * handle; the host's failure otherwise.  A failure after some data was
 * read returns the bytes read so far.
 */
ssize_t vbgl_shfl_read(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		       uint64_t offset, void *buf, size_t size);

/**
 * vbgl_shfl_write - write to a file handle at an offset (WRITE), in calls
 * of at most VBGL_SHFL_MAX_IO bytes.
 * @c: the client
 * @root: the root
 * @handle: a file handle opened with write access
 * @offset: the file offset (ignored by the host for handles opened with
 *	SHFL_CF_ACCESS_APPEND: those write at the end of the file)
 * @buf: the data
 * @size: bytes to write (at most SSIZE_MAX)
 * @new_offset: receives the file offset after the write as the host
 *	reports it (with SHFL_FEATURE_WRITE_UPDATES_OFFSET the real end for
 *	append handles); may be NULL
 *
 * Return: bytes written; -EROFS on a read-only share; -EBADF for a bad
 * handle; the host's failure otherwise.  A failure after some data was
 * written returns the bytes written so far.
 */
ssize_t vbgl_shfl_write(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
			uint64_t offset, const void *buf, size_t size,
			uint64_t *new_offset);

/**
 * vbgl_shfl_lock - lock or unlock a byte range (LOCK).  POSIX hosts accept
 * and ignore it.
 * @c: the client
 * @root: the root
 * @handle: a file handle
 * @offset: start of the range
 * @length: length of the range
 * @flags: SHFL_LOCK_CANCEL, SHFL_LOCK_SHARED or SHFL_LOCK_EXCLUSIVE, plus
 *	SHFL_LOCK_WAIT
 *
 * Return: 0; -EINVAL for SHFL_LOCK_ENTIRE or unknown bits; the host's
 * failure otherwise.
 */
int vbgl_shfl_lock(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		   uint64_t offset, uint64_t length, uint32_t flags);

/**
 * vbgl_shfl_flush - write a file's data to the host's storage (FLUSH).
 * @c: the client
 * @root: the root
 * @handle: a file handle
 *
 * Return: 0; -EROFS on a read-only share; -EBADF for a bad handle.
 */
int vbgl_shfl_flush(struct vbgl_shfl *c, uint32_t root, uint64_t handle);

/**
 * vbgl_shfl_set_file_size - truncate or extend a file (SET_FILE_SIZE;
 * hosts from 6.0, see vbgl_shfl_info_set_size() for older ones).
 * @c: the client
 * @root: the root
 * @handle: a file handle opened with write access
 * @size: the new size (below 2^63)
 *
 * Return: 0; -EROFS; -EBADF; -ENOSYS on old hosts.
 */
int vbgl_shfl_set_file_size(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
			    uint64_t size);

/**
 * vbgl_shfl_info_get - stat an open file or directory (INFORMATION
 * GET|FILE).
 * @c: the client
 * @root: the root
 * @handle: a file or directory handle
 * @info: receives the info
 *
 * Return: 0 or a negative errno (-EINVAL or -EBADF for bad handles).
 */
int vbgl_shfl_info_get(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		       struct shfl_fsobjinfo *info);

/**
 * vbgl_shfl_info_set - change the mode and times of an open object
 * (INFORMATION SET|FILE).
 * @c: the client
 * @root: the root
 * @handle: a file or directory handle
 * @info: in: a zeroed info carrying only what to change (attr.mode with
 *	type and permission bits; each non-zero time is applied); out: the
 *	object's fresh info
 *
 * The host ignores owner, size and the fields it cannot set.
 *
 * Return: 0; -EROFS on a read-only share; -EINVAL or -EBADF for bad
 * handles.
 */
int vbgl_shfl_info_set(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		       struct shfl_fsobjinfo *info);

/**
 * vbgl_shfl_info_set_size - truncate or extend an open file (INFORMATION
 * SET|SIZE), the way that works with every host.
 * @c: the client
 * @root: the root
 * @handle: a file handle opened with write access
 * @size: the new size (below 2^63)
 * @info: receives the file's fresh info (may be NULL)
 *
 * Return: 0; -EROFS; -EINVAL (directory handle, size out of range); -EBADF.
 */
int vbgl_shfl_info_set_size(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
			    uint64_t size, struct shfl_fsobjinfo *info);

/**
 * vbgl_shfl_volume_info - size and properties of the file system holding
 * the share (INFORMATION GET|VOLUME).
 * @c: the client
 * @root: the root
 * @vol: receives the info
 *
 * Return: 0 or a negative errno.
 */
int vbgl_shfl_volume_info(struct vbgl_shfl *c, uint32_t root,
			  struct shfl_volinfo *vol);

/* ----------------------------------------------------------------------- */
/* Directory listing                                                        */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_shfl_list - read the next directory entries of a directory handle
 * (LIST).
 * @c: the client
 * @root: the root
 * @handle: a directory handle (CREATE with SHFL_CF_DIRECTORY)
 * @flags: SHFL_LIST_NONE, SHFL_LIST_RETURN_ONE, SHFL_LIST_RESTART
 * @filter: a wildcard pattern for the host, or NULL for every entry
 * @buf: receives packed SHFLDIRINFO entries; walk them with
 *	vbgl_shfl_dir_iter_init() and vbgl_shfl_dir_iter_next()
 * @size: in: bytes at @buf (VBGL_SHFL_LIST_MIN_BUF..VBGL_HGCM_MAX_BUF_SIZE);
 *	out: bytes filled
 * @count: receives the number of entries
 *
 * An entry that does not fit stays with the host and comes first in the
 * next call, so calling until -ENODATA reads every entry exactly once.
 *
 * Return: 1 when entries were returned and more may follow, 0 when
 * entries were returned and the directory ended; -ENODATA when no entry
 * is left; -EOVERFLOW when the next entry alone is larger than @buf;
 * -EINVAL for bad arguments; the host's failure otherwise.
 */
int vbgl_shfl_list(struct vbgl_shfl *c, uint32_t root, uint64_t handle,
		   uint32_t flags, const char *filter, void *buf,
		   uint32_t *size, uint32_t *count);

/**
 * struct vbgl_shfl_dirent - one entry of a LIST buffer.
 * @info: the entry's info (copied: entries in the buffer are unaligned)
 * @name: the entry's name, NUL-terminated, pointing into the buffer
 * @name_len: its length in bytes (1..65534)
 */
struct vbgl_shfl_dirent {
	struct shfl_fsobjinfo info;
	const char *name;
	size_t name_len;
};

/**
 * struct vbgl_shfl_dir_iter - a walk over a LIST buffer; treat as opaque.
 * @pos: the next entry
 * @left: bytes from @pos to the end of the filled part
 * @count: entries the host said are left
 */
struct vbgl_shfl_dir_iter {
	const uint8_t *pos;
	size_t left;
	uint32_t count;
};

/**
 * vbgl_shfl_dir_iter_init - start walking a buffer vbgl_shfl_list() filled.
 * @it: the iterator
 * @buf: the buffer
 * @size: the byte count vbgl_shfl_list() returned in *size
 * @count: the entry count it returned
 */
void vbgl_shfl_dir_iter_init(struct vbgl_shfl_dir_iter *it, const void *buf,
			     uint32_t size, uint32_t count);

/**
 * vbgl_shfl_dir_iter_next - take the next entry.
 * @it: the iterator
 * @ent: receives the entry
 *
 * Every length in the entry is checked against the buffer: the fixed part
 * must fit, the name area must fit, the name must be shorter than its area,
 * NUL-terminated where its length says, non-empty, and free of NUL and '/'
 * bytes.
 *
 * Return: 1 with *@ent filled; 0 after the last entry; -EPROTO for a
 * malformed entry (the walk then stays at its end).
 */
int vbgl_shfl_dir_iter_next(struct vbgl_shfl_dir_iter *it,
			    struct vbgl_shfl_dirent *ent);

#ifdef __cplusplus
}
#endif

#endif /* VBGLR3_SHFL_H */
