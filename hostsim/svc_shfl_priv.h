/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the VBoxSharedFolders service, shared by its files:
 *   svc_shfl.c          registration, dispatch, clients, mappings, shares
 *   svc_shfl_str.c      SHFLSTRING in/out, guest paths, status codes
 *   svc_shfl_path.c     confined path resolution beneath a share root
 *   svc_shfl_handle.c   the handle table and object-info conversion
 *   svc_shfl_file.c     CREATE, CLOSE, READ, WRITE, LOCK, FLUSH, sizes,
 *                       INFORMATION, COPY_FILE_PART
 *   svc_shfl_dir.c      LIST
 *   svc_shfl_ops.c      REMOVE, RENAME, READLINK, SYMLINK, COPY_FILE
 *
 * Everything here runs on the HGCM service thread, so no locks.
 */
#ifndef HOSTSIM_SVC_SHFL_PRIV_H
#define HOSTSIM_SVC_SHFL_PRIV_H

#include "hostsim/svc_shfl.h"

#include "libvbglr3/vbgl_shfl_wire.h"

#include <dirent.h>
#include <sys/stat.h>

/* The host-wide handle table: handles 1 .. SHFL_SIM_MAX_HANDLES - 1. */
#define SHFL_SIM_MAX_HANDLES 4096
/* Parked WAIT_FOR_MAPPINGS_CHANGES calls, host-wide. */
#define SHFL_SIM_MAX_WAITS 64
/* MAP_FOLDER calls of one root by one client. */
#define SHFL_SIM_MAX_CLIENT_MAPS 32767
/* Symbolic links followed in one path (as the kernel's limit). */
#define SHFL_SIM_MAX_SYMLINKS 40

/**
 * struct shfl_root - one mapping slot; its index is the root ID.
 * @valid:          the slot holds a share (possibly a missing placeholder)
 * @missing:        removed by the host while mapped: no file access
 * @spec:           configuration (path canonical)
 * @root_fd:        O_PATH descriptor of the share directory (-1 if missing)
 * @host_case_sensitive: the host file system distinguishes case
 * @guest_case_sensitive: how the mapping clients asked for it
 * @maps:           outstanding MAP_FOLDER calls, all clients
 * @handles:        open handles on this root
 */
struct shfl_root {
	bool valid;
	bool missing;
	struct shfl_share_spec spec;
	int root_fd;
	bool host_case_sensitive;
	bool guest_case_sensitive;
	uint32_t maps;
	uint32_t handles;
};

/**
 * struct shfl_svc - the service.
 * @host:          the HGCM host
 * @roots:         mapping slots by root ID
 * @root_version:  bumped every time a slot is (re)assigned
 * @config_version: bumped on every change of the mapping set
 * @handles:       handle table (index = handle)
 * @handle_hint:   where the next free-slot search starts
 * @handle_count:  handles in use
 * @waits:         parked WAIT_FOR_MAPPINGS_CHANGES calls (shfl_wait)
 * @use_walk:      openat2() is unavailable: resolve paths by walking
 */
struct shfl_svc {
	struct hgcm_host *host;
	struct shfl_root roots[SHFL_MAX_MAPPINGS];
	uint32_t root_version[SHFL_MAX_MAPPINGS];
	uint32_t config_version;
	struct shfl_handle *handles[SHFL_SIM_MAX_HANDLES];
	uint32_t handle_hint;
	uint32_t handle_count;
	GQueue waits;
	bool use_walk;
};

/**
 * struct shfl_client - per-client state (HGCM client data).
 * @svc:            the service
 * @id:             HGCM client id (for logs)
 * @utf8:           strings are UTF-8 (else UTF-16LE)
 * @show_symlinks:  SET_SYMLINKS: lstat semantics, links shown as links
 * @cancel_next_wait: CANCEL_MAPPINGS_CHANGES_WAITS arms this
 * @delim:          path delimiter fixed by the first MAP_FOLDER (0 = none)
 * @error_style:    SHFL_ERROR_STYLE_*
 * @maps:           MAP_FOLDER count per root ID
 * @handles:        open handles
 */
struct shfl_client {
	struct shfl_svc *svc;
	uint32_t id;
	bool utf8;
	bool show_symlinks;
	bool cancel_next_wait;
	uint32_t delim;
	uint32_t error_style;
	uint16_t maps[SHFL_MAX_MAPPINGS];
	uint32_t handles;
};

enum shfl_handle_type {
	SHFL_HANDLE_FILE = 1,
	SHFL_HANDLE_DIR = 2,
};

/* A directory entry LIST read but could not fit into the guest's buffer. */
struct shfl_pending {
	char *name;
	struct shfl_fsobjinfo info;
};

/**
 * struct shfl_handle - an open object.
 * @type:     file or directory
 * @owner:    the client it belongs to
 * @root:     the root it was opened on, and that root's version then
 * @root_version: see @root
 * @fd:       the open descriptor (for directories dirfd(@dir))
 * @can_write: opened with write access
 * @append:   opened with SHFL_CF_ACCESS_APPEND (and write access)
 * @path:     its path beneath the root ("" for the root)
 * @dir:      directory stream
 * @search:   the filtered stream of a LIST with a filter, and its pattern
 * @search_path: directory of @search beneath the root
 * @pattern:  the filter's last component (wildcards allowed)
 * @pending:  an entry kept for the next LIST
 */
struct shfl_handle {
	enum shfl_handle_type type;
	struct shfl_client *owner;
	uint32_t root;
	uint32_t root_version;
	int fd;
	bool can_write;
	bool append;
	char *path;
	DIR *dir;
	DIR *search;
	char *search_path;
	char *pattern;
	struct shfl_pending pending;
};

/* ---- svc_shfl_str.c ------------------------------------------------------ */

/* VBox status for a host errno (docs/protocol/shared-folders.md §6). */

int shfl_errno_status(int err);

/**
 * shfl_str_in - validate and decode an input SHFLSTRING.
 * @c:    the client (its encoding)
 * @buf:  the parameter buffer
 * @cb:   its size
 * @out:  the string as UTF-8, NUL-terminated; points into @buf for UTF-8
 *        clients, else into *@tofree
 * @tofree: set to an allocation the caller frees (may stay NULL)
 *
 * Return: VINF_SUCCESS or VERR_INVALID_PARAMETER.
 */
int shfl_str_in(const struct shfl_client *c, const void *buf, uint32_t cb,
		const char **out, char **tofree);

/* An output SHFLSTRING buffer the guest initialised correctly? */
bool shfl_str_out_valid(const void *buf, uint32_t cb);

/**
 * shfl_str_out - store a UTF-8 string into a validated output SHFLSTRING
 * in the client's encoding.
 *
 * Return: VINF_SUCCESS, or VERR_BUFFER_OVERFLOW with the length field set
 * to the length needed.
 */
int shfl_str_out(const struct shfl_client *c, void *buf, const char *utf8);

/**
 * shfl_path_from_guest - turn a decoded guest path into a normalised
 * relative host path: leading delimiters dropped, the client's delimiter
 * becomes '/', "." and empty components removed, ".." applied lexically.
 *
 * Return: VINF_SUCCESS and *rel (caller frees; "" is the root), or
 * VERR_INVALID_NAME (a '/' inside a name when the delimiter is '\\', or a
 * ".." above the root).
 */
int shfl_path_from_guest(const struct shfl_client *c, const char *path,
			 char **rel);

/* The last component of a normalised path ("" for the root). */
const char *shfl_path_base(const char *rel);

/* ---- svc_shfl_path.c ----------------------------------------------------- */

/* Pick the resolver: openat2() if the kernel has it. */
void shfl_path_init(struct shfl_svc *svc);

/**
 * shfl_open_beneath - open a normalised path beneath a share root; no
 * component may lead outside the root (no "..", absolute or escaping
 * symlink, no magic links).
 * @follow: follow a symlink in the last component (else O_NOFOLLOW)
 *
 * Return: a descriptor (O_CLOEXEC) or a negative errno; -EXDEV means the
 * path would leave the share.
 */
int shfl_open_beneath(const struct shfl_svc *svc, int root_fd, const char *rel,
		      int flags, mode_t mode, bool follow);

/**
 * shfl_open_parent - open the directory holding a path's last component.
 * @name: set to the last component, inside @rel
 *
 * Return: an O_PATH directory descriptor or a negative errno (-EXDEV: it
 * would leave the share; -EBUSY for the root itself, which has no parent
 * inside the share).
 */
int shfl_open_parent(const struct shfl_svc *svc, int root_fd, const char *rel,
		     const char **name);

/* Status for an errno from the two functions above (-EXDEV: invalid name). */
int shfl_resolve_status(int neg_errno);

/* ---- svc_shfl_handle.c --------------------------------------------------- */

/* Allocate a handle for c on root; NULL when the table is full. */
struct shfl_handle *shfl_handle_new(struct shfl_client *c, uint32_t root,
				    enum shfl_handle_type type, int fd,
				    uint64_t *id);
/* Close and free; the table slot becomes free. */
void shfl_handle_free(struct shfl_svc *svc, uint64_t id);
/* Close every handle of c. */
void shfl_handle_free_client(struct shfl_client *c);
/* The handle with this id if it belongs to c (any root), else NULL. */
struct shfl_handle *shfl_handle_get(struct shfl_client *c, uint64_t id);

/*
 * The access check of every handle operation: the handle must exist for
 * this client with one of the types in @types (else @bad_status), be
 * opened on @root (else VERR_INVALID_HANDLE), its share must still be
 * there (else VERR_ACCESS_DENIED) and, for @write, writable (else
 * VERR_WRITE_PROTECT).
 */
int shfl_handle_check(struct shfl_client *c, uint64_t id, uint32_t root,
		      unsigned int types, int bad_status, bool write,
		      struct shfl_handle **out);

/* Fill a SHFLFSOBJINFO from stat data; name (may be NULL) sets HIDDEN. */
void shfl_info_from_stat(struct shfl_fsobjinfo *info, const struct stat *st,
			 const char *name);

/* ---- svc_shfl.c ---------------------------------------------------------- */

/*
 * The root a path operation may use: known, mapped by this client (this
 * simulator is stricter than VirtualBox here), not missing.
 * Return: VINF_SUCCESS, VERR_INVALID_PARAMETER or VERR_NOT_FOUND.
 */
int shfl_root_for_path(struct shfl_client *c, uint32_t root,
		       struct shfl_root **out);

/*
 * Decode a path parameter (already validated with shfl_str_in) into a
 * normalised relative path on a usable root.
 */
int shfl_guest_path(struct shfl_client *c, uint32_t root, const char *path,
		    struct shfl_root **r, char **rel);

/* ---- the functions ------------------------------------------------------- */

int shfl_fn_create(struct shfl_client *c, struct hgcm_call *call,
		   unsigned int n);
int shfl_fn_close(struct shfl_client *c, struct hgcm_call *call,
		  unsigned int n);
int shfl_fn_read(struct shfl_client *c, struct hgcm_call *call, unsigned int n);
int shfl_fn_write(struct shfl_client *c, struct hgcm_call *call,
		  unsigned int n);
int shfl_fn_lock(struct shfl_client *c, struct hgcm_call *call, unsigned int n);
int shfl_fn_flush(struct shfl_client *c, struct hgcm_call *call,
		  unsigned int n);
int shfl_fn_information(struct shfl_client *c, struct hgcm_call *call,
			unsigned int n);
int shfl_fn_set_file_size(struct shfl_client *c, struct hgcm_call *call,
			  unsigned int n);
int shfl_fn_copy_file_part(struct shfl_client *c, struct hgcm_call *call,
			   unsigned int n);
int shfl_fn_list(struct shfl_client *c, struct hgcm_call *call, unsigned int n);
int shfl_fn_remove(struct shfl_client *c, struct hgcm_call *call,
		   unsigned int n);
int shfl_fn_close_and_remove(struct shfl_client *c, struct hgcm_call *call,
			     unsigned int n);
int shfl_fn_rename(struct shfl_client *c, struct hgcm_call *call,
		   unsigned int n);
int shfl_fn_readlink(struct shfl_client *c, struct hgcm_call *call,
		     unsigned int n);
int shfl_fn_symlink(struct shfl_client *c, struct hgcm_call *call,
		    unsigned int n);
int shfl_fn_copy_file(struct shfl_client *c, struct hgcm_call *call,
		      unsigned int n);

/* Copy src to dst from offset 0 to the end of src (COPY_FILE). */
int shfl_copy_fds(int src, int dst, uint64_t *done);

/* Close a handle as CLOSE does (used by CLOSE_AND_REMOVE). */
int shfl_close_handle(struct shfl_client *c, uint32_t root, uint64_t id);

/* Free a directory handle's LIST state. */
void shfl_dir_state_free(struct shfl_handle *h);

/*
 * Parameter helpers: fetch with the status the function reports for a
 * wrong type.  "Old-style" functions answer every count or type problem
 * with VERR_INVALID_PARAMETER, the newer ones with
 * VERR_WRONG_PARAMETER_COUNT / VERR_WRONG_PARAMETER_TYPE.
 */
int shfl_get_u32(struct hgcm_call *call, unsigned int idx, bool strict,
		 uint32_t *v);
int shfl_get_u64(struct hgcm_call *call, unsigned int idx, bool strict,
		 uint64_t *v);
int shfl_get_buf(struct hgcm_call *call, unsigned int idx, bool strict,
		 unsigned int accept, void **data, uint32_t *cb);

#endif /* HOSTSIM_SVC_SHFL_PRIV_H */
