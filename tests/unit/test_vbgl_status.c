// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbgl_status_to_errno(): the library's one status translation.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "libvbglr3/vbglr3.h"
#include "driver/vmmdev.h"

struct mapping {
	int32_t rc;
	int err;
};

/* The mainline kernel's table: a program must see the same errno. */
static const struct mapping mainline[] = {
	{ VERR_ACCESS_DENIED, EPERM },
	{ VERR_FILE_NOT_FOUND, ENOENT },
	{ VERR_PROCESS_NOT_FOUND, ESRCH },
	{ VERR_INVALID_PARAMETER, EINVAL },
	{ VERR_INTERRUPTED, EINTR },
	{ VERR_TIMEOUT, ETIMEDOUT },
	{ VERR_DEV_IO_ERROR, EIO },
	{ VERR_TOO_MUCH_DATA, E2BIG },
	{ VERR_INVALID_HANDLE, EBADF },
	{ VERR_TRY_AGAIN, EAGAIN },
	{ VERR_NO_MEMORY, ENOMEM },
	{ VERR_INVALID_POINTER, EFAULT },
	{ VERR_RESOURCE_BUSY, EBUSY },
	{ VERR_ALREADY_EXISTS, EEXIST },
	{ VERR_NOT_A_DIRECTORY, ENOTDIR },
	{ VERR_PATH_NOT_FOUND, ENOTDIR },
	{ VERR_INVALID_NAME, ENOENT },
	{ VERR_IS_A_DIRECTORY, EISDIR },
	{ VERR_NOT_SUPPORTED, ENOSYS },
	{ VERR_NOT_IMPLEMENTED, ENOSYS },
	{ VERR_TOO_MANY_OPEN_FILES, ENFILE },
	{ VERR_INVALID_FUNCTION, ENOTTY },
	{ VERR_SHARING_VIOLATION, ETXTBSY },
	{ VERR_WRITE_PROTECT, EROFS },
	{ VERR_FILE_TOO_BIG, EFBIG },
	{ VERR_DISK_FULL, ENOSPC },
	{ VERR_FILENAME_TOO_LONG, ENAMETOOLONG },
	{ VERR_DIR_NOT_EMPTY, ENOTEMPTY },
	{ VERR_TOO_MANY_SYMLINKS, ELOOP },
	{ VERR_NO_MORE_FILES, ENODATA },
	{ VERR_NO_DATA, ENODATA },
	{ VERR_BROKEN_PIPE, EPIPE },
	{ VERR_DEADLOCK, EDEADLK },
	{ VERR_FILE_LOCK_FAILED, ENOLCK },
	{ VERR_NOT_SAME_DEVICE, EXDEV },
	{ VERR_SEEK_ON_DEVICE, ESPIPE },
	{ VERR_BAD_EXE_FORMAT, ENOEXEC },
	{ VERR_NO_TRANSLATION, EILSEQ },
	{ VERR_MEDIA_NOT_PRESENT, ENOMEDIUM },
	{ VERR_MEDIA_NOT_RECOGNIZED, EMEDIUMTYPE },
	{ VERR_NET_NOT_CONNECTED, ENOTCONN },
	{ VERR_NET_CONNECTION_REFUSED, ECONNREFUSED },
	{ VERR_NET_IN_PROGRESS, EINPROGRESS },
};

/* What the library adds for userspace. */
static const struct mapping additions[] = {
	{ VERR_BUFFER_OVERFLOW, EOVERFLOW },
	{ VERR_NOT_FOUND, ENOENT },
	{ VERR_HGCM_SERVICE_NOT_FOUND, ENXIO },
	{ VERR_OUT_OF_RANGE, ERANGE },
	{ VERR_PERMISSION_DENIED, EPERM },
	{ VERR_VERSION_MISMATCH, EPROTONOSUPPORT },
	{ VERR_INVALID_STATE, EBADFD },
	{ VERR_OUT_OF_RESOURCES, ENOSPC },
	{ VERR_EOF, ENODATA },
	{ VERR_PARSE_ERROR, EINVAL },
	{ VERR_HGCM_INVALID_CLIENT_ID, EBADF },
	{ VERR_INVALID_CLIENT_ID, EBADF },
	{ VERR_HGCM_TOO_MANY_CLIENTS, ENFILE },
	{ VERR_HGCM_TOO_MANY_CLIENT_CALLS, EAGAIN },
	{ VERR_WRONG_PARAMETER_COUNT, EINVAL },
	{ VERR_WRONG_PARAMETER_TYPE, EINVAL },
};

START_TEST(test_mainline_table)
{
	const struct mapping *m = &mainline[_i];

	ck_assert_int_eq(vbgl_status_to_errno(m->rc), -m->err);
}
END_TEST

START_TEST(test_additions)
{
	const struct mapping *m = &additions[_i];

	ck_assert_int_eq(vbgl_status_to_errno(m->rc), -m->err);
}
END_TEST

START_TEST(test_success_codes)
{
	ck_assert_int_eq(vbgl_status_to_errno(VINF_SUCCESS), 0);
	ck_assert_int_eq(vbgl_status_to_errno(VINF_BUFFER_OVERFLOW), 0);
	ck_assert_int_eq(vbgl_status_to_errno(VINF_TRY_AGAIN), 0);
	ck_assert_int_eq(vbgl_status_to_errno(VINF_HGCM_ASYNC_EXECUTE), 0);
	ck_assert_int_eq(vbgl_status_to_errno(INT32_MAX), 0);
}
END_TEST

START_TEST(test_unknown_is_eproto)
{
	ck_assert_int_eq(vbgl_status_to_errno(VERR_GENERAL_FAILURE), -EPROTO);
	ck_assert_int_eq(vbgl_status_to_errno(VERR_INTERNAL_ERROR), -EPROTO);
	ck_assert_int_eq(vbgl_status_to_errno(-99999), -EPROTO);
	ck_assert_int_eq(vbgl_status_to_errno(INT32_MIN), -EPROTO);
}
END_TEST

/* Every answer is a valid negative errno or 0, for every code there is. */
START_TEST(test_range)
{
	int32_t rc;
	int err;

	for (rc = -30000; rc <= 3000; rc++) {
		err = vbgl_status_to_errno(rc);
		ck_assert_int_le(err, 0);
		ck_assert_int_ge(err, -4095);
		if (rc >= 0)
			ck_assert_int_eq(err, 0);
		else
			ck_assert_int_ne(err, 0);
	}
}
END_TEST

static Suite *status_suite(void)
{
	Suite *s = suite_create("vbgl_status");
	TCase *tc = tcase_create("table");

	tcase_add_loop_test(tc, test_mainline_table, 0,
			    sizeof(mainline) / sizeof(mainline[0]));
	tcase_add_loop_test(tc, test_additions, 0,
			    sizeof(additions) / sizeof(additions[0]));
	tcase_add_test(tc, test_success_codes);
	tcase_add_test(tc, test_unknown_is_eproto);
	tcase_add_test(tc, test_range);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(status_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
