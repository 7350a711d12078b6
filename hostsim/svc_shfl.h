/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VBoxSharedFolders: the shared-folders HGCM service of vbox-hostsim, over
 * real host directories (see docs/protocol/shared-folders.md for the
 * protocol and vbox-hostsim(1) for what this host does differently from
 * VirtualBox).

 *
 * This header is the host side: registering the service and managing its
 * shares (the command line's --share, the control socket's "share"
 * commands).  Every function here may be called from any thread; the work
 * runs on the HGCM service thread.
 */
#ifndef HOSTSIM_SVC_SHFL_H
#define HOSTSIM_SVC_SHFL_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "hostsim/hgcm_host.h"
#include "libvbglr3/vbgl_shfl_wire.h"

struct shfl_svc;

/* Longest share name and auto-mount point, in bytes. */
#define SHFL_SIM_NAME_MAX	 255
#define SHFL_SIM_MOUNT_POINT_MAX 1024

/**
 * struct shfl_share_spec - what a host administrator configures.
 * @name:        share name (UTF-8; see shfl_share_name_valid())
 * @path:        host directory; must exist, is canonicalised when added
 * @read_only:   refuse every modifying operation
 * @auto_mount:  ask guests to mount it automatically
 * @symlinks:    guests may create symbolic links
 * @mount_point: auto-mount point shown to the guest ("" for none)
 */
struct shfl_share_spec {
	char *name;
	char *path;
	bool read_only;
	bool auto_mount;
	bool symlinks;
	char *mount_point;
};

/**
 * struct shfl_share_info - one share as the host sees it.
 * @root:      the root ID guests use
 * @version:   the root ID's version (QUERY_MAP_INFO)
 * @maps:      outstanding MAP_FOLDER calls of all clients
 * @handles:   open handles on it
 * @missing:   removed by the host while still mapped (a placeholder that
 *             disappears with the last unmap)
 */
struct shfl_share_info {
	struct shfl_share_spec spec;
	uint32_t root;
	uint32_t version;
	uint32_t maps;
	uint32_t handles;
	bool missing;
};

/* Register the service with host; *out gets its host-side handle. */
int shfl_svc_register(struct hgcm_host *host, struct shfl_svc **out);

/**
 * shfl_ctl_run - the `ctl share` command (see vbox-hostsim(1)); part of
 * the vbox-hostsim program (svc_shfl_ctl.c), not of the service library.
 * @args: the (decoded) words after "share", @n of them
 *
 * Return: NULL on success (reply lines appended to out) or the error
 * reason (caller frees).
 */
char *shfl_ctl_run(struct shfl_svc *svc, char **args, unsigned int n,
		   GString *out);

/*
 * Share names: 1 to SHFL_SIM_NAME_MAX bytes of UTF-8 without control
 * characters, '/', '\\', ':' or '='.  Mount points: up to
 * SHFL_SIM_MOUNT_POINT_MAX bytes of UTF-8 without control characters or
 * ','.
 */
bool shfl_share_name_valid(const char *name);

/*
 * Parse a --share value NAME=PATH[,ro][,auto][,symlinks][,mountpoint=MP].
 * Returns false with *error set; the caller frees spec with
 * shfl_share_spec_clear().
 */
bool shfl_share_spec_parse(const char *arg, struct shfl_share_spec *spec,
			   GError **error);
void shfl_share_spec_clear(struct shfl_share_spec *spec);

/*
 * Add a share; wakes WAIT_FOR_MAPPINGS_CHANGES waiters.  Returns false with
 * *error set (bad name, duplicate name, not a directory, table full).
 * *root (optional) gets the new root ID.
 */
bool shfl_svc_add_share(struct shfl_svc *svc,
			const struct shfl_share_spec *spec, uint32_t *root,
			GError **error);

/*
 * Remove a share by name (case-insensitive); wakes waiters.  A share that
 * guests still have mapped stays as a "missing" placeholder until the last
 * unmap, as on a real host; *missing (optional) tells which happened.
 */
bool shfl_svc_remove_share(struct shfl_svc *svc, const char *name,
			   bool *missing, GError **error);

/*
 * A snapshot of every share in root-ID order; free with
 * shfl_share_info_free().
 */
struct shfl_share_info *shfl_svc_list_shares(struct shfl_svc *svc,
					     unsigned int *count);
void shfl_share_info_free(struct shfl_share_info *info, unsigned int count);

#endif /* HOSTSIM_SVC_SHFL_H */
