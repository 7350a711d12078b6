// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the kernel sees of a host object: struct stat from SHFLFSOBJINFO
 * (with the mount's uid/gid/mode options applied), struct statvfs from
 * SHFLVOLINFO, and the CREATE flags an open(2) asks for.  Plain data in,
 * plain data out.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "vboxsf-fuse/vsf.h"

static struct timespec ns_to_timespec(int64_t ns)
{
	struct timespec ts;
	int64_t sec = ns / 1000000000;
	int64_t rem = ns % 1000000000;

	if (rem < 0) {
		rem += 1000000000;
		sec--;
	}
	ts.tv_sec = (time_t)sec;
	ts.tv_nsec = (long)rem;
	return ts;
}

/*
 * The permission bits shown: dmode=/fmode= replace the host's rwx bits
 * (SUID, SGID and sticky stay the host's), then dmask=/fmask= remove bits.
 */
static mode_t shown_perms(uint32_t host, bool set, unsigned int mode,
			  unsigned int mask)
{
	mode_t perms = host & SHFL_UNIX_ALL_PERMS;

	if (set)
		perms = (perms & ~SHFL_UNIX_ALL_ACCESS_PERMS) | mode;
	return perms & ~mask & SHFL_UNIX_ALL_PERMS;
}

/*
 * The host's link count (0 for an open file that was deleted), 1 when the
 * host sent no Unix attributes.
 */
static nlink_t link_count(const struct shfl_fsobjinfo *info)
{
	if (info->attr.additional == SHFL_FSOBJATTRADD_UNIX)
		return info->attr.u.unix_attr.hardlinks;
	return 1;
}

void vsf_fill_stat(const struct vsf_fs *fs, fuse_ino_t ino,
		   const struct shfl_fsobjinfo *info, struct stat *st)
{
	const struct vsf_opts *o = &fs->opts;
	uint32_t type = info->attr.mode & SHFL_TYPE_MASK;

	memset(st, 0, sizeof(*st));
	/* Only directories, links and "everything else" (a file). */
	if (type == SHFL_TYPE_DIRECTORY)
		st->st_mode = S_IFDIR | shown_perms(info->attr.mode,
						    o->dmode_set, o->dmode,
						    o->dmask);
	else if (type == SHFL_TYPE_SYMLINK)
		st->st_mode = S_IFLNK | 0777;
	else
		st->st_mode = S_IFREG | shown_perms(info->attr.mode,
						    o->fmode_set, o->fmode,
						    o->fmask);
	st->st_ino = ino;
	st->st_nlink = link_count(info);
	st->st_uid = o->uid;
	st->st_gid = o->gid;
	st->st_size = info->size > 0 ? info->size : 0;
	st->st_blocks = info->allocated > 0 ? (info->allocated + 511) / 512 : 0;
	st->st_blksize = VSF_MAX_IO;
	st->st_atim = ns_to_timespec(info->access_time.ns);
	st->st_mtim = ns_to_timespec(info->modification_time.ns);
	st->st_ctim = ns_to_timespec(info->change_time.ns);
}

void vsf_fill_entry(const struct vsf_fs *fs, fuse_ino_t ino,
		    const struct shfl_fsobjinfo *info,
		    struct fuse_entry_param *e)
{
	memset(e, 0, sizeof(*e));
	e->ino = ino;
	e->attr_timeout = fs->opts.timeout;
	e->entry_timeout = fs->opts.timeout;
	vsf_fill_stat(fs, ino, info, &e->attr);
}

void vsf_fill_statvfs(const struct shfl_volinfo *vol, struct statvfs *st)
{
	unsigned long unit;

	unit = vol->bytes_per_alloc_unit >= 512 ? vol->bytes_per_alloc_unit :
						  4096;
	memset(st, 0, sizeof(*st));
	st->f_bsize = unit;
	st->f_frsize = unit;
	st->f_blocks =
		vol->total_bytes > 0 ? (uint64_t)vol->total_bytes / unit : 0;
	st->f_bfree = vol->available_bytes > 0 ?
			      (uint64_t)vol->available_bytes / unit :
			      0;
	st->f_bavail = st->f_bfree;
	st->f_files = 1000;
	st->f_ffree = 1000000;
	st->f_favail = st->f_ffree;
	st->f_namemax = VSF_NAME_MAX;
	if (vol->props.max_component && vol->props.max_component < VSF_NAME_MAX)
		st->f_namemax = vol->props.max_component;
}

uint32_t vsf_open_create_flags(int flags, bool create)
{
	uint32_t cf;

	switch (flags & O_ACCMODE) {
	case O_WRONLY:
		cf = SHFL_CF_ACCESS_WRITE;
		break;
	case O_RDWR:
		cf = SHFL_CF_ACCESS_READWRITE;
		break;
	default:
		cf = SHFL_CF_ACCESS_READ;
		break;
	}
	if (flags & O_APPEND)
		cf |= SHFL_CF_ACCESS_APPEND;
	if (!create)
		cf |= SHFL_CF_ACT_FAIL_IF_NEW;
	if (create && (flags & O_EXCL))
		cf |= SHFL_CF_ACT_FAIL_IF_EXISTS;
	else if (flags & O_TRUNC)
		cf |= SHFL_CF_ACT_OVERWRITE_IF_EXISTS;
	else
		cf |= SHFL_CF_ACT_OPEN_IF_EXISTS;
	return cf;
}
