// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ovt_rmtree(), the tests' tree remover: it must remove everything it is
 * given and nothing a symbolic link inside it points at.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "tests/common/ovt_rmtree.h"

START_TEST(test_removes_tree_not_link_targets)
{
	g_autofree char *top = g_dir_make_tmp("rmtree-XXXXXX", NULL);
	g_autofree char *outside = g_build_filename(top, "outside", NULL);
	g_autofree char *keep = g_build_filename(outside, "keep", NULL);
	g_autofree char *tree = g_build_filename(top, "tree", NULL);
	g_autofree char *sub = g_build_filename(tree, "a/b/c", NULL);
	g_autofree char *file = g_build_filename(sub, "f", NULL);
	g_autofree char *dlink = g_build_filename(tree, "a/dirlink", NULL);
	g_autofree char *flink = g_build_filename(tree, "filelink", NULL);

	ck_assert_ptr_nonnull(top);
	ck_assert_int_eq(g_mkdir_with_parents(outside, 0755), 0);
	ck_assert(g_file_set_contents(keep, "keep", -1, NULL));
	ck_assert_int_eq(g_mkdir_with_parents(sub, 0755), 0);
	ck_assert(g_file_set_contents(file, "x", -1, NULL));
	ck_assert_int_eq(symlink(outside, dlink), 0);
	ck_assert_int_eq(symlink(keep, flink), 0);

	ck_assert_int_eq(ovt_rmtree(tree), 0);
	ck_assert(!g_file_test(tree, G_FILE_TEST_EXISTS));
	ck_assert(g_file_test(keep, G_FILE_TEST_IS_REGULAR));
	ck_assert_int_eq(ovt_rmtree(tree), 0); /* already gone: fine */
	ck_assert_int_eq(ovt_rmtree(top), 0);
	ck_assert(!g_file_test(top, G_FILE_TEST_EXISTS));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rmtree");
	TCase *tc = tcase_create("rmtree");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_removes_tree_not_link_targets);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
