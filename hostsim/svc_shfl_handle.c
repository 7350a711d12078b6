// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VBoxSharedFolders: the handle table and object information.
 *
 * Like the real host, handles are small integers from one host-wide table
 * (1 .. 4095), each owned by one client and bound to the root it was
 * opened on.  The free-slot search starts after the last handle handed
 * out, so a closed handle's number is not reused at once.
 */
#include "config.h"

#include "hostsim/svc_shfl_priv.h"

#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

struct shfl_handle *shfl_handle_new(struct shfl_client *c, uint32_t root,
				    enum shfl_handle_type type, int fd,
				    uint64_t *id)
{
	struct shfl_svc *svc = c->svc;
	struct shfl_handle *h;
	uint32_t i, slot;

	for (i = 0; i < SHFL_SIM_MAX_HANDLES - 1; i++) {
		slot = 1 + (svc->handle_hint + i) % (SHFL_SIM_MAX_HANDLES - 1);
		if (!svc->handles[slot])
			break;
	}
	if (i == SHFL_SIM_MAX_HANDLES - 1)
		return NULL;
	h = g_new0(struct shfl_handle, 1);
	h->type = type;
	h->owner = c;
	h->root = root;
	h->root_version = svc->root_version[root];
	h->fd = fd;
	svc->handles[slot] = h;
	svc->handle_hint = slot;
	svc->handle_count++;
	svc->roots[root].handles++;
	c->handles++;
	*id = slot;
	return h;
}

void shfl_handle_free(struct shfl_svc *svc, uint64_t id)
{
	struct shfl_handle *h = svc->handles[id];
	struct shfl_root *r = &svc->roots[h->root];

	svc->handles[id] = NULL;
	svc->handle_count--;
	/* A root reassigned meanwhile counts its own handles. */
	if (r->valid && svc->root_version[h->root] == h->root_version &&
	    r->handles)
		r->handles--;
	h->owner->handles--;
	if (h->type == SHFL_HANDLE_DIR) {
		shfl_dir_state_free(h);
		if (h->dir)
			closedir(h->dir); /* closes h->fd */
		else
			close(h->fd);
	} else {
		close(h->fd);
	}
	g_free(h->path);
	g_free(h);
}

void shfl_handle_free_client(struct shfl_client *c)
{
	struct shfl_svc *svc = c->svc;
	uint32_t i;

	for (i = 1; i < SHFL_SIM_MAX_HANDLES && c->handles; i++) {
		if (svc->handles[i] && svc->handles[i]->owner == c)
			shfl_handle_free(svc, i);
	}
}

struct shfl_handle *shfl_handle_get(struct shfl_client *c, uint64_t id)
{
	struct shfl_handle *h;

	if (id == 0 || id >= SHFL_SIM_MAX_HANDLES)
		return NULL;
	h = c->svc->handles[id];
	return h && h->owner == c ? h : NULL;
}

int shfl_handle_check(struct shfl_client *c, uint64_t id, uint32_t root,
		      unsigned int types, int bad_status, bool write,
		      struct shfl_handle **out)
{
	struct shfl_handle *h = shfl_handle_get(c, id);
	struct shfl_root *r;

	if (!h || !(h->type & types))
		return bad_status;
	if (h->root != root)
		return VERR_INVALID_HANDLE;
	r = &c->svc->roots[root];
	if (!r->valid || r->missing ||
	    c->svc->root_version[root] != h->root_version)
		return VERR_ACCESS_DENIED;
	if (write && r->spec.read_only)
		return VERR_WRITE_PROTECT;
	*out = h;
	return VINF_SUCCESS;
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

/* The DOS attribute bits a POSIX host derives. */
static uint32_t dos_bits(const struct stat *st, const char *name)
{
	uint32_t dos = 0;

	if (!(st->st_mode & 0222))
		dos |= SHFL_DOS_READONLY;
	if (S_ISDIR(st->st_mode))
		dos |= SHFL_DOS_DIRECTORY;
	if (name && name[0] == '.' && strcmp(name, ".") != 0 &&
	    strcmp(name, "..") != 0)
		dos |= SHFL_DOS_HIDDEN;
	return dos ? dos : SHFL_DOS_NT_NORMAL;
}

void shfl_info_from_stat(struct shfl_fsobjinfo *info, const struct stat *st,
			 const char *name)
{
	struct shfl_fsobjattr_unix *u = &info->attr.u.unix_attr;
	uint32_t mode = st->st_mode & (SHFL_TYPE_MASK | SHFL_UNIX_ALL_PERMS);

	memset(info, 0, sizeof(*info));
	info->size = st->st_size;
	info->allocated = (int64_t)st->st_blocks * 512;
	info->access_time.ns = ts_ns(&st->st_atim);
	info->modification_time.ns = ts_ns(&st->st_mtim);
	info->change_time.ns = ts_ns(&st->st_ctim);
	/* No birth time from fstat(): the change time, as the host does. */
	info->birth_time.ns = ts_ns(&st->st_ctim);
	info->attr.mode = mode | dos_bits(st, name);
	info->attr.additional = SHFL_FSOBJATTRADD_UNIX;
	u->uid = st->st_uid;
	u->gid = st->st_gid;
	u->hardlinks = (uint32_t)st->st_nlink;
	u->inode_id_device = (uint32_t)st->st_dev;
	u->inode_id = st->st_ino;
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		u->device = (uint32_t)st->st_rdev;
}
