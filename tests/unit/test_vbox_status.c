// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * driver/vbox_status.h: the project's own status codes have IPRT's values,
 * and the one status table gives the mainline driver's errno for every
 * code in both sets, and what userspace adds in libvbglr3's set only
 * (vbgl_status_to_errno() included).  A code added to the header without a
 * row here fails the test.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/vbox_status.h"
#include "libvbglr3/vbglr3.h"

struct row {
	const char *name;
	int rc;
	int mainline; /* the mainline driver's errno */
	int user;     /* libvbglr3's */
};

struct own_row {
	struct row r;
	int value; /* IPRT's */
};

/* A row: the code's name, its value, then the errno values. */
#define R(code, m, u)                                                     \
	{                                                                 \
		.name = #code, .rc = (code), .mainline = (m), .user = (u) \
	}

/* The mainline driver's table (vboxguest_utils.c): both sets agree. */
static const struct row mainline[] = {
	R(VERR_ACCESS_DENIED, -EPERM, -EPERM),
	R(VERR_FILE_NOT_FOUND, -ENOENT, -ENOENT),
	R(VERR_PROCESS_NOT_FOUND, -ESRCH, -ESRCH),
	R(VERR_INTERRUPTED, -EINTR, -EINTR),
	R(VERR_DEV_IO_ERROR, -EIO, -EIO),
	R(VERR_TOO_MUCH_DATA, -E2BIG, -E2BIG),
	R(VERR_BAD_EXE_FORMAT, -ENOEXEC, -ENOEXEC),
	R(VERR_INVALID_HANDLE, -EBADF, -EBADF),
	R(VERR_TRY_AGAIN, -EAGAIN, -EAGAIN),
	R(VERR_NO_MEMORY, -ENOMEM, -ENOMEM),
	R(VERR_INVALID_POINTER, -EFAULT, -EFAULT),
	R(VERR_RESOURCE_BUSY, -EBUSY, -EBUSY),
	R(VERR_ALREADY_EXISTS, -EEXIST, -EEXIST),
	R(VERR_NOT_SAME_DEVICE, -EXDEV, -EXDEV),
	R(VERR_NOT_A_DIRECTORY, -ENOTDIR, -ENOTDIR),
	R(VERR_PATH_NOT_FOUND, -ENOTDIR, -ENOTDIR),
	R(VERR_INVALID_NAME, -ENOENT, -ENOENT),
	R(VERR_IS_A_DIRECTORY, -EISDIR, -EISDIR),
	R(VERR_INVALID_PARAMETER, -EINVAL, -EINVAL),
	R(VERR_TOO_MANY_OPEN_FILES, -ENFILE, -ENFILE),
	R(VERR_INVALID_FUNCTION, -ENOTTY, -ENOTTY),
	R(VERR_SHARING_VIOLATION, -ETXTBSY, -ETXTBSY),
	R(VERR_FILE_TOO_BIG, -EFBIG, -EFBIG),
	R(VERR_DISK_FULL, -ENOSPC, -ENOSPC),
	R(VERR_SEEK_ON_DEVICE, -ESPIPE, -ESPIPE),
	R(VERR_WRITE_PROTECT, -EROFS, -EROFS),
	R(VERR_BROKEN_PIPE, -EPIPE, -EPIPE),
	R(VERR_DEADLOCK, -EDEADLK, -EDEADLK),
	R(VERR_FILENAME_TOO_LONG, -ENAMETOOLONG, -ENAMETOOLONG),
	R(VERR_FILE_LOCK_FAILED, -ENOLCK, -ENOLCK),
	R(VERR_NOT_IMPLEMENTED, -ENOSYS, -ENOSYS),
	R(VERR_NOT_SUPPORTED, -ENOSYS, -ENOSYS),
	R(VERR_DIR_NOT_EMPTY, -ENOTEMPTY, -ENOTEMPTY),
	R(VERR_TOO_MANY_SYMLINKS, -ELOOP, -ELOOP),
	R(VERR_NO_MORE_FILES, -ENODATA, -ENODATA),
	R(VERR_NO_DATA, -ENODATA, -ENODATA),
	R(VERR_TIMEOUT, -ETIMEDOUT, -ETIMEDOUT),
	R(VERR_NO_TRANSLATION, -EILSEQ, -EILSEQ),
	R(VERR_MEDIA_NOT_PRESENT, -ENOMEDIUM, -ENOMEDIUM),
	R(VERR_MEDIA_NOT_RECOGNIZED, -EMEDIUMTYPE, -EMEDIUMTYPE),
	R(VERR_NET_NO_NETWORK, -ENONET, -ENONET),
	R(VERR_NET_NOT_UNIQUE_NAME, -ENOTUNIQ, -ENOTUNIQ),
	R(VERR_NET_NOT_SOCKET, -ENOTSOCK, -ENOTSOCK),
	R(VERR_NET_DEST_ADDRESS_REQUIRED, -EDESTADDRREQ, -EDESTADDRREQ),
	R(VERR_NET_MSG_SIZE, -EMSGSIZE, -EMSGSIZE),
	R(VERR_NET_PROTOCOL_TYPE, -EPROTOTYPE, -EPROTOTYPE),
	R(VERR_NET_PROTOCOL_NOT_AVAILABLE, -ENOPROTOOPT, -ENOPROTOOPT),
	R(VERR_NET_PROTOCOL_NOT_SUPPORTED, -EPROTONOSUPPORT, -EPROTONOSUPPORT),
	R(VERR_NET_SOCKET_TYPE_NOT_SUPPORTED, -ESOCKTNOSUPPORT,
	  -ESOCKTNOSUPPORT),
	R(VERR_NET_OPERATION_NOT_SUPPORTED, -EOPNOTSUPP, -EOPNOTSUPP),
	R(VERR_NET_PROTOCOL_FAMILY_NOT_SUPPORTED, -EPFNOSUPPORT, -EPFNOSUPPORT),
	R(VERR_NET_ADDRESS_FAMILY_NOT_SUPPORTED, -EAFNOSUPPORT, -EAFNOSUPPORT),
	R(VERR_NET_ADDRESS_IN_USE, -EADDRINUSE, -EADDRINUSE),
	R(VERR_NET_ADDRESS_NOT_AVAILABLE, -EADDRNOTAVAIL, -EADDRNOTAVAIL),
	R(VERR_NET_DOWN, -ENETDOWN, -ENETDOWN),
	R(VERR_NET_UNREACHABLE, -ENETUNREACH, -ENETUNREACH),
	R(VERR_NET_CONNECTION_RESET, -ENETRESET, -ENETRESET),
	R(VERR_NET_CONNECTION_ABORTED, -ECONNABORTED, -ECONNABORTED),
	R(VERR_NET_CONNECTION_RESET_BY_PEER, -ECONNRESET, -ECONNRESET),
	R(VERR_NET_NO_BUFFER_SPACE, -ENOBUFS, -ENOBUFS),
	R(VERR_NET_ALREADY_CONNECTED, -EISCONN, -EISCONN),
	R(VERR_NET_NOT_CONNECTED, -ENOTCONN, -ENOTCONN),
	R(VERR_NET_SHUTDOWN, -ESHUTDOWN, -ESHUTDOWN),
	R(VERR_NET_TOO_MANY_REFERENCES, -ETOOMANYREFS, -ETOOMANYREFS),
	R(VERR_NET_CONNECTION_REFUSED, -ECONNREFUSED, -ECONNREFUSED),
	R(VERR_NET_HOST_DOWN, -EHOSTDOWN, -EHOSTDOWN),
	R(VERR_NET_HOST_UNREACHABLE, -EHOSTUNREACH, -EHOSTUNREACH),
	R(VERR_NET_ALREADY_IN_PROGRESS, -EALREADY, -EALREADY),
	R(VERR_NET_IN_PROGRESS, -EINPROGRESS, -EINPROGRESS),
};

/* Codes userspace translates and the mainline driver does not. */
static const struct row additions[] = {
	R(VERR_BUFFER_OVERFLOW, -EPROTO, -EOVERFLOW),
	R(VERR_NOT_FOUND, -EPROTO, -ENOENT),
	R(VERR_OUT_OF_RANGE, -EPROTO, -ERANGE),
	R(VERR_PERMISSION_DENIED, -EPROTO, -EPERM),
	R(VERR_VERSION_MISMATCH, -EPROTO, -EPROTONOSUPPORT),
	R(VERR_INVALID_STATE, -EPROTO, -EBADFD),
	R(VERR_OUT_OF_RESOURCES, -EPROTO, -ENOSPC),
	R(VERR_EOF, -EPROTO, -ENODATA),
	R(VERR_PARSE_ERROR, -EPROTO, -EINVAL),
	R(VERR_NOT_SYMLINK, -EPROTO, -EINVAL),
	R(VERR_INVALID_FLAGS, -EPROTO, -EINVAL),
	R(VERR_NEGATIVE_SEEK, -EPROTO, -EINVAL),
};

/*
 * Every code driver/vbox_status.h defines, with its value in IPRT's and
 * VBox's lists (include/iprt/err.h, include/VBox/err.h).
 */
static const struct own_row own[] = {
	{ R(VINF_BUFFER_OVERFLOW, 0, 0), 41 },
	{ R(VINF_TRY_AGAIN, 0, 0), 52 },
	{ R(VWRN_NOT_FOUND, 0, 0), 78 },
	{ R(VINF_HGCM_CLIENT_REJECTED, 0, 0), 2901 },
	{ R(VERR_INVALID_UTF8_ENCODING, -EPROTO, -EILSEQ), -61 },
	{ R(VERR_CANCELLED, -EPROTO, -ECANCELED), -70 },
	{ R(VERR_TOO_MANY_OPENS, -EPROTO, -EMFILE), -356 },
	{ R(VERR_WRONG_PARAMETER_COUNT, -EPROTO, -EINVAL), -22415 },
	{ R(VERR_WRONG_PARAMETER_TYPE, -EPROTO, -EINVAL), -22416 },
	{ R(VERR_INVALID_CLIENT_ID, -EPROTO, -EBADF), -22417 },
	{ R(VERR_INCOMPATIBLE_CONFIG, -EPROTO, -EPROTO), -22420 },
	{ R(VERR_HGCM_SERVICE_NOT_FOUND, -EPROTO, -ENXIO), -2900 },
	{ R(VERR_HGCM_INVALID_CMD_ADDRESS, -EPROTO, -EPROTO), -2902 },
	{ R(VERR_HGCM_INTERNAL, -EPROTO, -EPROTO), -2904 },
	{ R(VERR_HGCM_INVALID_CLIENT_ID, -EPROTO, -EBADF), -2905 },
	{ R(VERR_HGCM_SERVICE_EXISTS, -EPROTO, -EPROTO), -2907 },
	{ R(VERR_HGCM_TOO_MANY_CLIENTS, -EPROTO, -ENFILE), -2908 },
	{ R(VERR_HGCM_TOO_MANY_CLIENT_CALLS, -EPROTO, -EAGAIN), -2909 },
};

static void check_row(const struct row *r)
{
	int m = vbox_status_to_errno(r->rc, VBOX_ERRNO_MAINLINE);
	int u = vbox_status_to_errno(r->rc, VBOX_ERRNO_USERSPACE);

	ck_assert_msg(m == r->mainline, "%s, mainline set: %d, expected %d",
		      r->name, m, r->mainline);
	ck_assert_msg(u == r->user, "%s, userspace set: %d, expected %d",
		      r->name, u, r->user);
	ck_assert_int_eq(vbgl_status_to_errno(r->rc), r->user);
}

START_TEST(test_mainline)
{
	check_row(&mainline[_i]);
}
END_TEST

START_TEST(test_additions)
{
	check_row(&additions[_i]);
}
END_TEST

START_TEST(test_own_codes)
{
	const struct own_row *o = &own[_i];

	ck_assert_msg(o->r.rc == o->value, "%s is %d, IPRT says %d", o->r.name,
		      o->r.rc, o->value);
	check_row(&o->r);
}
END_TEST

static bool in_table(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		if (!strcmp(own[i].r.name, name))
			return true;
	}
	return false;
}

/* Every VINF_, VWRN_ and VERR_ name the header defines has a row in own[]. */
START_TEST(test_header_covered)
{
	const char *top = getenv("OVT_TOP_SRCDIR");
	char path[4096], line[512], name[128];
	unsigned int seen = 0;
	FILE *f;

	ck_assert_ptr_nonnull(top);
	snprintf(path, sizeof(path), "%s/driver/vbox_status.h", top);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "#define %127[A-Z0-9_]", name) != 1 ||
		    (strncmp(name, "VINF_", 5) && strncmp(name, "VWRN_", 5) &&
		     strncmp(name, "VERR_", 5)))
			continue;
		ck_assert_msg(in_table(name), "%s has no row in own[]", name);
		seen++;
	}
	fclose(f);
	ck_assert_uint_eq(seen, sizeof(own) / sizeof(own[0]));
}
END_TEST

START_TEST(test_success_and_unknown)
{
	static const int ok[] = { VINF_SUCCESS, VINF_HGCM_ASYNC_EXECUTE, 1,
				  INT32_MAX };
	static const int unknown[] = { VERR_GENERAL_FAILURE,
				       VERR_INTERNAL_ERROR, -99999, INT32_MIN };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_int_eq(
			vbox_status_to_errno(ok[i], VBOX_ERRNO_MAINLINE), 0);
		ck_assert_int_eq(
			vbox_status_to_errno(ok[i], VBOX_ERRNO_USERSPACE), 0);
	}
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		ck_assert_int_eq(vbox_status_to_errno(unknown[i],
						      VBOX_ERRNO_MAINLINE),
				 -EPROTO);
		ck_assert_int_eq(vbox_status_to_errno(unknown[i],
						      VBOX_ERRNO_USERSPACE),
				 -EPROTO);
	}
}
END_TEST

/* Every answer is 0 or a valid negative errno, for every code there is. */
START_TEST(test_range)
{
	int32_t rc;
	int m, u;

	for (rc = -30000; rc <= 3000; rc++) {
		m = vbox_status_to_errno(rc, VBOX_ERRNO_MAINLINE);
		u = vbgl_status_to_errno(rc);
		ck_assert_int_eq(u, vbox_status_to_errno(rc,
							 VBOX_ERRNO_USERSPACE));
		ck_assert(m <= 0 && m >= -4095 && u <= 0 && u >= -4095);
		ck_assert(rc >= 0 ? m == 0 && u == 0 : m != 0 && u != 0);
	}
}
END_TEST

static Suite *status_suite(void)
{
	Suite *s = suite_create("vbox_status");
	TCase *tc = tcase_create("table");

	tcase_add_loop_test(tc, test_mainline, 0,
			    sizeof(mainline) / sizeof(mainline[0]));
	tcase_add_loop_test(tc, test_additions, 0,
			    sizeof(additions) / sizeof(additions[0]));
	tcase_add_loop_test(tc, test_own_codes, 0,
			    sizeof(own) / sizeof(own[0]));
	tcase_add_test(tc, test_header_covered);
	tcase_add_test(tc, test_success_and_unknown);
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
