// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Removing a test's temporary tree without following links or crossing
 * mounts.  (An earlier per-test helper that followed symbolic links into
 * directories deleted a machine's /etc; this is the one copy now.)
 */
#include "config.h"

#include "tests/common/ovt_rmtree.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <unistd.h>

static int first_error;

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	int ret;

	(void)st;
	(void)ftw;
	ret = type == FTW_DP ? rmdir(path) : unlink(path);
	if (ret < 0 && !first_error)
		first_error = -errno;
	return 0;
}

int ovt_rmtree(const char *path)
{
	first_error = 0;
	if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0)
		return errno == ENOENT ? 0 : -errno;
	return first_error;
}
