/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Removing a test's temporary tree, safely.
 */
#ifndef OVT_RMTREE_H
#define OVT_RMTREE_H

/**
 * ovt_rmtree - remove @path and everything below it.
 * @path: a directory (or file) the test created
 *
 * Never follows a symbolic link (a link is removed, not what it points
 * at) and never crosses into another mounted file system: tests run as
 * root and their trees hold links to system directories on purpose.
 *
 * Return: 0, or a negative errno for the first entry that could not be
 * removed (the rest is still tried).
 */
int ovt_rmtree(const char *path);

#endif /* OVT_RMTREE_H */
