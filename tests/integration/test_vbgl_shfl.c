// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End to end: the libvbglr3 shared-folders client against the simulator's
 * VBoxSharedFolders over real directories — connect and features, the
 * mapping calls (QUERY_MAPPINGS, QUERY_MAP_NAME, QUERY_MAP_INFO, waiting
 * for mapping changes and cancelling the wait), objects by path and by
 * handle, reads and writes larger than one call carries, LIST resumption
 * with a small buffer, and the LIST entry iterator on malformed buffers.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbglr3_shfl.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

static char *topdir, *rwdir, *rodir;

static struct vbgl_shfl *connect_shfl(struct vbgl_handle **h)
{
	struct vbgl_shfl *c = NULL;
	int rc;

	rc = vbgl_open(sim->user_device, VBGL_OPEN_USER, h);
	ck_assert_msg(rc == 0, "vbgl_open: %s", g_strerror(-rc));
	rc = vbgl_shfl_connect(*h, VBGL_SHFL_CONNECT_SYMLINKS, &c);
	ck_assert_msg(rc == 0, "connect: %s", g_strerror(-rc));
	vbgl_shfl_set_timeout(c, 20000);
	return c;
}

static uint32_t map(struct vbgl_shfl *c, const char *name)
{
	uint32_t root = SHFL_ROOT_NIL;
	int rc = vbgl_shfl_map_folder(c, name, &root);

	ck_assert_msg(rc == 0, "map %s: %s", name, g_strerror(-rc));
	return root;
}

static uint64_t open_file(struct vbgl_shfl *c, uint32_t root, const char *path,
			  uint32_t flags)
{
	struct shfl_createparms p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.create_flags = flags;
	p.info.attr.mode = SHFL_TYPE_FILE | 0644;
	rc = vbgl_shfl_create(c, root, path, &p);
	ck_assert_msg(rc == 0, "create %s: %s", path, g_strerror(-rc));
	ck_assert_msg(p.handle != SHFL_HANDLE_NIL, "no handle, result %u",
		      p.result);
	return p.handle;
}

START_TEST(test_connect_features)
{
	struct vbgl_handle *h;
	struct vbgl_shfl *c = connect_shfl(&h), *bad = c;

	ck_assert(vbgl_shfl_features(c) & SHFL_FEATURE_WRITE_UPDATES_OFFSET);
	ck_assert_uint_eq(vbgl_shfl_last_function(c), SHFL_FN_LAST);
	ck_assert_int_eq(vbgl_shfl_connect(h, 0x80, &bad), -EINVAL);
	ck_assert_ptr_null(bad);
	vbgl_shfl_disconnect(c);
	vbgl_close(h);
}
END_TEST

START_TEST(test_mappings)
{
	struct vbgl_handle *h;
	struct vbgl_shfl *c = connect_shfl(&h);
	struct shfl_mapping maps[8];
	char name[64], mp[64], small[2];
	uint32_t count = 0, version = 0, i, root;
	uint64_t flags;
	bool seen_rw = false, seen_ro = false;

	/* Too few slots: the count says how many there are. */
	ck_assert_int_eq(vbgl_shfl_query_mappings(c, 0, NULL, 0, &count), 0);
	ck_assert_uint_eq(count, 2);
	ck_assert_int_eq(vbgl_shfl_query_mappings(c, 0, maps, 8, &count), 0);
	ck_assert_uint_eq(count, 2);
	for (i = 0; i < count; i++) {
		ck_assert_uint_eq(maps[i].status, SHFL_MS_NEW);
		ck_assert_int_gt(vbgl_shfl_query_map_name(c, maps[i].root, name,
							  sizeof(name)),
				 0);
		flags = SHFL_MIQF_PATH;
		ck_assert_int_eq(vbgl_shfl_query_map_info(
					 c, maps[i].root, name, sizeof(name),
					 mp, sizeof(mp), &flags, &version),
				 0);
		if (!strcmp(name, "rw")) {
			seen_rw = true;
			ck_assert_str_eq(mp, "/mnt/rw");
			ck_assert(flags & SHFL_MIF_WRITABLE);
			ck_assert(flags & SHFL_MIF_AUTO_MOUNT);
		} else {
			ck_assert_str_eq(name, "ro");
			seen_ro = true;
			ck_assert_str_eq(mp, "");
			ck_assert(!(flags & SHFL_MIF_WRITABLE));
		}
	}
	ck_assert(seen_rw && seen_ro);
	ck_assert_int_eq(vbgl_shfl_query_mappings(c, SHFL_MF_AUTOMOUNT, maps, 8,
						  &count),
			 0);
	ck_assert_uint_eq(count, 1);
	ck_assert_int_eq(vbgl_shfl_query_map_name(c, maps[0].root, small,
						  sizeof(small)),
			 -EOVERFLOW);
	ck_assert_int_eq(vbgl_shfl_query_mappings(c, 0x4, maps, 8, &count),
			 -EINVAL);
	ck_assert_int_eq(vbgl_shfl_map_folder(c, "nosuch", &root), -ENOENT);
	/* Names compare case-insensitively. */
	root = map(c, "RW");
	ck_assert_int_eq(vbgl_shfl_unmap_folder(c, root), 0);
	ck_assert_int_lt(vbgl_shfl_unmap_folder(c, root), 0);
	vbgl_shfl_disconnect(c);
	vbgl_close(h);
}
END_TEST

START_TEST(test_list_shares)
{
	struct vbgl_handle *h;
	struct vbgl_shfl *c = connect_shfl(&h);
	struct vbgl_shfl_share *shares = NULL;
	const struct vbgl_shfl_share *rw = NULL, *ro = NULL;
	uint32_t count = 0, i;

	ck_assert_int_eq(vbgl_shfl_list_shares(c, 0, &shares, &count), 0);
	ck_assert_uint_eq(count, 2);
	for (i = 0; i < count; i++) {
		ck_assert(shares[i].has_info);
		if (!strcmp(shares[i].name, "rw"))
			rw = &shares[i];
		else if (!strcmp(shares[i].name, "ro"))
			ro = &shares[i];
	}
	ck_assert_ptr_nonnull(rw);
	ck_assert_ptr_nonnull(ro);
	ck_assert_str_eq(rw->mount_point, "/mnt/rw");
	ck_assert_uint_eq(rw->flags & (SHFL_MIF_WRITABLE | SHFL_MIF_AUTO_MOUNT |
				       SHFL_MIF_SYMLINK_CREATION),
			  SHFL_MIF_WRITABLE | SHFL_MIF_AUTO_MOUNT |
				  SHFL_MIF_SYMLINK_CREATION);
	ck_assert_uint_gt(rw->version, 0);
	ck_assert_str_eq(ro->mount_point, "");
	ck_assert_uint_eq(ro->flags & (SHFL_MIF_WRITABLE | SHFL_MIF_AUTO_MOUNT),
			  0);
	ck_assert_uint_ne(rw->root, ro->root);
	vbgl_shfl_shares_free(shares, count);

	/* Only the auto-mount share. */
	ck_assert_int_eq(vbgl_shfl_list_shares(c, SHFL_MF_AUTOMOUNT, &shares,
					       &count),
			 0);
	ck_assert_uint_eq(count, 1);
	ck_assert_str_eq(shares[0].name, "rw");
	vbgl_shfl_shares_free(shares, count);

	ck_assert_int_eq(vbgl_shfl_list_shares(c, 0x4, &shares, &count),
			 -EINVAL);
	ck_assert_int_eq(vbgl_shfl_list_shares(c, 0, NULL, &count), -EINVAL);
	vbgl_shfl_shares_free(NULL, 0);
	vbgl_shfl_disconnect(c);
	vbgl_close(h);
}
END_TEST

struct waiter {
	struct vbgl_shfl *c;
	uint32_t version;
	int rc;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->rc = vbgl_shfl_wait_for_mappings_changes(w->c, &w->version);
	return NULL;
}

START_TEST(test_wait_for_changes)
{
	struct vbgl_handle *h;
	struct vbgl_shfl *c = connect_shfl(&h);
	struct waiter w = { .c = c };
	char *extra = g_build_filename(topdir, "extra", NULL);
	pthread_t t;
	uint32_t count = 0;
	int status = -1;

	/* Version 0 is never current: the first call returns at once. */
	ck_assert_int_eq(vbgl_shfl_wait_for_mappings_changes(c, &w.version), 0);
	ck_assert_uint_ne(w.version, 0);

	/* A share added by the host wakes a parked wait. */
	pthread_create(&t, NULL, wait_thread, &w);
	usleep(200 * 1000);
	g_free(hostsim_ctl(sim, &status, "share", "add", "extra", extra, NULL));
	ck_assert_int_eq(status, 0);
	pthread_join(t, NULL);
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(vbgl_shfl_query_mappings(c, 0, NULL, 0, &count), 0);
	ck_assert_uint_eq(count, 3);

	/* Cancel ends a parked wait with -ECANCELED. */
	pthread_create(&t, NULL, wait_thread, &w);
	usleep(200 * 1000);
	ck_assert_int_eq(vbgl_shfl_cancel_mappings_changes_waits(c), 0);
	pthread_join(t, NULL);
	ck_assert_int_eq(w.rc, -ECANCELED);
	vbgl_shfl_disconnect(c);
	vbgl_close(h);
	g_free(extra);
}
END_TEST

START_TEST(test_big_read_write)
{
	const size_t size = VBGL_SHFL_MAX_IO + 5 * 1024 * 1024 + 17;
	struct vbgl_handle *h;
	struct vbgl_shfl *c = connect_shfl(&h);
	uint32_t root = map(c, "rw");
	unsigned char *out = g_malloc(size), *in = g_malloc0(size + 100);
	struct shfl_fsobjinfo info;
	uint64_t handle, off = 0;
	size_t i;

	for (i = 0; i < size; i++)
		out[i] = (unsigned char)(i * 7 + (i >> 13));
	handle = open_file(c, root, "/big",
			   SHFL_CF_ACT_CREATE_IF_NEW |
				   SHFL_CF_ACT_OVERWRITE_IF_EXISTS |
				   SHFL_CF_ACCESS_READWRITE);
	ck_assert_int_eq(vbgl_shfl_write(c, root, handle, 0, out, size, &off),
			 (ssize_t)size);
	ck_assert_uint_eq(off, size);
	/* Reading past the end stops short. */
	ck_assert_int_eq(vbgl_shfl_read(c, root, handle, 0, in, size + 100),
			 (ssize_t)size);
	ck_assert(!memcmp(in, out, size));
	ck_assert_int_eq(vbgl_shfl_read(c, root, handle, size, in, 10), 0);
	ck_assert_int_eq(vbgl_shfl_info_get(c, root, handle, &info), 0);
	ck_assert_int_eq(info.size, (int64_t)size);
	ck_assert_int_eq(vbgl_shfl_set_file_size(c, root, handle, 1000), 0);
	ck_assert_int_eq(vbgl_shfl_info_set_size(c, root, handle, 3000, &info),
			 0);
	ck_assert_int_eq(info.size, 3000);
	ck_assert_int_eq(vbgl_shfl_flush(c, root, handle), 0);
	ck_assert_int_eq(
		vbgl_shfl_lock(c, root, handle, 0, 10, SHFL_LOCK_EXCLUSIVE), 0);
	ck_assert_int_eq(vbgl_shfl_lock(c, root, handle, 0, 10,
					SHFL_LOCK_ENTIRE),
			 -EINVAL);
	ck_assert_int_eq(vbgl_shfl_close(c, root, handle), 0);
	ck_assert_int_eq(vbgl_shfl_close(c, root, handle), -EBADF);
	ck_assert_int_eq(vbgl_shfl_read(c, root, handle, 0, in, 10), -EBADF);
	vbgl_shfl_disconnect(c);
	vbgl_close(h);
	g_free(out);
	g_free(in);
}
END_TEST

START_TEST(test_paths)
{
	struct vbgl_handle *h;
	struct vbgl_shfl *c = connect_shfl(&h);
	uint32_t root = map(c, "rw"), ro = map(c, "ro");
	struct shfl_fsobjinfo info;
	struct shfl_createparms p;
	struct shfl_volinfo vol;
	char target[64];
	uint64_t handle;

	ck_assert_int_eq(vbgl_shfl_lookup(c, root, "/", &info), 0);
	ck_assert_uint_eq(info.attr.mode & SHFL_TYPE_MASK, SHFL_TYPE_DIRECTORY);
	ck_assert_int_eq(vbgl_shfl_lookup(c, root, "/nosuch", &info), -ENOENT);
	handle = open_file(c, root, "/a",
			   SHFL_CF_ACT_CREATE_IF_NEW |
				   SHFL_CF_ACT_FAIL_IF_EXISTS |
				   SHFL_CF_ACCESS_WRITE);
	vbgl_shfl_close(c, root, handle);
	/* "Exists" is a result, not an error. */
	memset(&p, 0, sizeof(p));
	p.create_flags = SHFL_CF_ACT_FAIL_IF_EXISTS | SHFL_CF_ACCESS_WRITE;
	ck_assert_int_eq(vbgl_shfl_create(c, root, "/a", &p), 0);
	ck_assert_uint_eq(p.handle, SHFL_HANDLE_NIL);
	ck_assert_uint_eq(p.result, SHFL_FILE_EXISTS);
	ck_assert_int_eq(
		vbgl_shfl_rename(c, root, "/a", "/b", SHFL_RENAME_FILE), 0);
	ck_assert_int_eq(vbgl_shfl_lookup(c, root, "/b", &info), 0);
	ck_assert_int_eq(vbgl_shfl_rename(c, root, "/b", "/c", 0x10), -EINVAL);
	ck_assert_int_eq(vbgl_shfl_symlink(c, root, "/l", "b", &info), 0);
	ck_assert_uint_eq(info.attr.mode & SHFL_TYPE_MASK, SHFL_TYPE_SYMLINK);
	ck_assert_int_eq(
		vbgl_shfl_readlink(c, root, "/l", target, sizeof(target)), 1);
	ck_assert_str_eq(target, "b");
	ck_assert_int_eq(vbgl_shfl_readlink(c, root, "/b", target,
					    sizeof(target)),
			 -EINVAL);
	ck_assert_int_eq(vbgl_shfl_remove(c, root, "/l",
					  SHFL_REMOVE_FILE |
						  SHFL_REMOVE_SYMLINK),
			 0);
	ck_assert_int_eq(vbgl_shfl_remove(c, root, "/b", SHFL_REMOVE_FILE), 0);
	ck_assert_int_eq(vbgl_shfl_remove(c, root, "/b", SHFL_REMOVE_FILE),
			 -ENOENT);
	ck_assert_int_eq(vbgl_shfl_remove(c, root, "/b", 0x8), -EINVAL);
	ck_assert_int_eq(vbgl_shfl_volume_info(c, root, &vol), 0);
	ck_assert_int_gt(vol.total_bytes, 0);
	ck_assert_uint_gt(vol.props.max_component, 0);
	/* The read-only share refuses changes. */
	memset(&p, 0, sizeof(p));
	p.create_flags = SHFL_CF_ACT_CREATE_IF_NEW | SHFL_CF_ACCESS_WRITE;
	ck_assert_int_eq(vbgl_shfl_create(c, ro, "/new", &p), -EROFS);
	ck_assert_int_eq(vbgl_shfl_symlink(c, ro, "/l", "x", NULL), -EROFS);
	vbgl_shfl_disconnect(c);
	vbgl_close(h);
}
END_TEST

START_TEST(test_list_resumes)
{
	struct vbgl_handle *h;
	struct vbgl_shfl *c = connect_shfl(&h);
	uint32_t root = map(c, "rw");
	GHashTable *seen =
		g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	struct shfl_createparms p;
	char buf[400];
	unsigned int i, calls = 0;
	char *dir = g_build_filename(rwdir, "dir", NULL);
	int rc;

	ck_assert_int_eq(g_mkdir(dir, 0755), 0);
	g_free(dir);
	for (i = 0; i < 300; i++) {
		char *f = g_strdup_printf(
			"%s/dir/file-%03u-with-a-longish-name", rwdir, i);

		ck_assert(g_file_set_contents(f, "", 0, NULL));
		g_free(f);
	}
	memset(&p, 0, sizeof(p));
	p.create_flags = SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW |
			 SHFL_CF_ACCESS_READ;
	ck_assert_int_eq(vbgl_shfl_create(c, root, "/dir", &p), 0);
	do {
		struct vbgl_shfl_dir_iter it;
		struct vbgl_shfl_dirent ent;
		uint32_t size = sizeof(buf), count = 0;

		rc = vbgl_shfl_list(c, root, p.handle, 0, NULL, buf, &size,
				    &count);
		if (rc == -ENODATA)
			break;
		ck_assert_msg(rc >= 0, "list: %s", g_strerror(-rc));
		calls++;
		vbgl_shfl_dir_iter_init(&it, buf, size, count);
		while (vbgl_shfl_dir_iter_next(&it, &ent) == 1) {
			ck_assert_uint_eq(strlen(ent.name), ent.name_len);
			if (strcmp(ent.name, ".") && strcmp(ent.name, ".."))
				ck_assert_msg(g_hash_table_add(
						      seen, g_strdup(ent.name)),
					      "%s twice", ent.name);
		}
	} while (rc);
	ck_assert_uint_eq(g_hash_table_size(seen), 300);
	ck_assert_uint_gt(calls, 50);
	vbgl_shfl_close(c, root, p.handle);
	g_hash_table_destroy(seen);
	vbgl_shfl_disconnect(c);
	vbgl_close(h);
}
END_TEST

/* Put one LIST entry with @name (@len bytes, area @size) at @buf. */
static size_t put_entry(unsigned char *buf, const char *name, uint16_t len,
			uint16_t size)
{
	struct shfl_string s = { .size = size, .length = len };

	memset(buf, 0, SHFL_DIRINFO_HDR_SIZE + size);
	memcpy(buf + offsetof(struct shfl_dirinfo, name), &s,
	       SHFL_STRING_HDR_SIZE);
	memcpy(buf + SHFL_DIRINFO_HDR_SIZE, name,
	       strlen(name) < size ? strlen(name) : size);
	return SHFL_DIRINFO_HDR_SIZE + size;
}

static int iter_one(const unsigned char *buf, size_t len)
{
	struct vbgl_shfl_dir_iter it;
	struct vbgl_shfl_dirent ent;

	vbgl_shfl_dir_iter_init(&it, buf, (uint32_t)len, 1);
	return vbgl_shfl_dir_iter_next(&it, &ent);
}

START_TEST(test_iterator_checks_lengths)
{
	unsigned char buf[512];
	struct vbgl_shfl_dir_iter it;
	struct vbgl_shfl_dirent ent;
	size_t n, m;

	/* Two good entries back to back, the second unaligned. */
	n = put_entry(buf, "abc", 3, 4);
	m = put_entry(buf + n, "z", 1, 2);
	vbgl_shfl_dir_iter_init(&it, buf, (uint32_t)(n + m), 2);
	ck_assert_int_eq(vbgl_shfl_dir_iter_next(&it, &ent), 1);
	ck_assert_str_eq(ent.name, "abc");
	ck_assert_int_eq(vbgl_shfl_dir_iter_next(&it, &ent), 1);
	ck_assert_str_eq(ent.name, "z");
	ck_assert_int_eq(vbgl_shfl_dir_iter_next(&it, &ent), 0);

	/* Fixed part cut short, name area past the end. */
	n = put_entry(buf, "abc", 3, 4);
	ck_assert_int_eq(iter_one(buf, SHFL_DIRINFO_HDR_SIZE - 1), -EPROTO);
	ck_assert_int_eq(iter_one(buf, n - 1), -EPROTO);
	/* Length not below the area size; no terminator; empty name. */
	n = put_entry(buf, "abcd", 4, 4);
	ck_assert_int_eq(iter_one(buf, n), -EPROTO);
	n = put_entry(buf, "abcd", 3, 4);
	ck_assert_int_eq(iter_one(buf, n), -EPROTO);
	n = put_entry(buf, "", 0, 2);
	ck_assert_int_eq(iter_one(buf, n), -EPROTO);
	/* Embedded NUL or slash. */
	n = put_entry(buf, "a", 3, 4);
	ck_assert_int_eq(iter_one(buf, n), -EPROTO);
	n = put_entry(buf, "a/b", 3, 4);
	ck_assert_int_eq(iter_one(buf, n), -EPROTO);
	/* A huge area size. */
	n = put_entry(buf, "abc", 3, 4);
	((struct shfl_dirinfo *)buf)->name.size = 0xffff;
	ck_assert_int_eq(iter_one(buf, n), -EPROTO);
	/* The count ends the walk even with bytes left. */
	n = put_entry(buf, "abc", 3, 4);
	vbgl_shfl_dir_iter_init(&it, buf, (uint32_t)n, 0);
	ck_assert_int_eq(vbgl_shfl_dir_iter_next(&it, &ent), 0);
}
END_TEST

static Suite *shfl_suite(void)
{
	Suite *s = suite_create("vbgl_shfl");
	TCase *tc = tcase_create("iterator");

	tcase_add_test(tc, test_iterator_checks_lengths);
	suite_add_tcase(s, tc);
	ovt_add_sim_test(s, "connect", test_connect_features, 30);
	ovt_add_sim_test(s, "mappings", test_mappings, 30);
	ovt_add_sim_test(s, "list-shares", test_list_shares, 30);
	ovt_add_sim_test(s, "wait", test_wait_for_changes, 30);
	ovt_add_sim_test(s, "big-io", test_big_read_write, 60);
	ovt_add_sim_test(s, "paths", test_paths, 30);
	ovt_add_sim_test(s, "list", test_list_resumes, 30);
	return s;
}

static void rm_rf(const char *dir)
{
	char *argv[] = { (char *)"rm", (char *)"-rf", (char *)dir, NULL };

	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
		     NULL, NULL, NULL);
}

int main(void)
{
	static const char *args[5];
	char *rw_arg, *ro_arg, *extra;
	SRunner *sr;
	int failed;

	topdir = g_dir_make_tmp("vbgl-shfl-XXXXXX", NULL);
	if (!topdir)
		return EXIT_FAILURE;
	rwdir = g_build_filename(topdir, "rw", NULL);
	rodir = g_build_filename(topdir, "ro", NULL);
	extra = g_build_filename(topdir, "extra", NULL);
	g_mkdir(rwdir, 0755);
	g_mkdir(rodir, 0755);
	g_mkdir(extra, 0755);
	rw_arg = g_strdup_printf("rw=%s,auto,symlinks,mountpoint=/mnt/rw",
				 rwdir);
	ro_arg = g_strdup_printf("ro=%s,ro", rodir);
	args[0] = "--share";
	args[1] = rw_arg;
	args[2] = "--share";
	args[3] = ro_arg;
	args[4] = NULL;
	ovt_sim_args = args;

	sr = srunner_create(shfl_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	rm_rf(topdir);
	g_free(rw_arg);
	g_free(ro_arg);
	g_free(extra);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
