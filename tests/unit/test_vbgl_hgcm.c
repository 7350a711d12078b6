// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HGCM call objects: the typed parameter helpers, their validation, and the
 * ioctl argument a call produces (checked byte by byte against the uapi
 * layout).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "libvbglr3/vbgl_hgcm_internal.h"

static struct vbgl_hgcm_call *call;

static void setup(void)
{
	ck_assert_int_eq(vbgl_hgcm_call_new(7, 42, 5, &call), 0);
}

static void teardown(void)
{
	vbgl_hgcm_call_free(call);
	call = NULL;
}

START_TEST(test_new_limits)
{
	struct vbgl_hgcm_call *c = (struct vbgl_hgcm_call *)1;

	ck_assert_int_eq(vbgl_hgcm_call_new(1, 1, VBGL_HGCM_MAX_PARMS + 1, &c),
			 -E2BIG);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(vbgl_hgcm_call_new(1, 1, 0, NULL), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_call_new(1, 1, VBGL_HGCM_MAX_PARMS, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, VBGL_HGCM_MAX_PARMS - 1, 1), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, VBGL_HGCM_MAX_PARMS, 1), -EINVAL);
	vbgl_hgcm_call_free(c);
	ck_assert_int_eq(vbgl_hgcm_call_new(1, 1, 0, &c), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(c, 0, 1), -EINVAL);
	vbgl_hgcm_call_free(c);
	vbgl_hgcm_call_free(NULL);
}
END_TEST

START_TEST(test_index_and_null_validation)
{
	uint8_t buf[4];
	uint32_t v32;
	uint64_t v64;

	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 5, 1), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_set_u64(call, 99, 1), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(call, 5, buf, 4), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_set_u32(NULL, 0, 1), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_call_set_timeout(NULL, 1), -EINVAL);

	/* A NULL buffer is only fine with size 0. */
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(call, 0, NULL, 1), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(call, 0, NULL, 16), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_set_buf_inout(call, 0, NULL, 2), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(call, 0, NULL, 0), 0);

	/* Getters check index and type. */
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 1, 5), 0);
	ck_assert_int_eq(vbgl_hgcm_get_u64(call, 1, &v64), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(call, 1, &v32), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 1, NULL), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 5, &v32), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 0, &v32), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 1, &v32), 0);
	ck_assert_uint_eq(v32, 5);
	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 2, &v32), -EINVAL);
}
END_TEST

START_TEST(test_oversized_buffer)
{
	static uint8_t byte;

	ck_assert_int_eq(vbgl_hgcm_set_buf_in(call, 0, &byte,
					      VBGL_HGCM_MAX_BUF_SIZE + 1),
			 -E2BIG);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(call, 0, &byte, UINT32_MAX),
			 -E2BIG);
	/* The limit itself is accepted (nothing is read until the call). */
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(call, 0, &byte,
					      VBGL_HGCM_MAX_BUF_SIZE),
			 0);
}
END_TEST

START_TEST(test_unset_parameter_refused)
{
	struct vbgl_handle *h;
	size_t len;

	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 1), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 1, 1), 0);
	ck_assert_int_eq(vbgl_hgcm_call_prepare(call, &len), -EINVAL);
	ck_assert_int_eq(vbgl_open("/dev/null", 0, &h), 0);
	ck_assert_int_eq(vbgl_hgcm_call(h, call), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_call_status(call), VERR_INTERNAL_ERROR);
	vbgl_close(h);
}
END_TEST

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

#if UINTPTR_MAX == UINT64_MAX
/* The argument is the uapi layout: 40-byte header, 16-byte slots. */
START_TEST(test_ioctl_layout)
{
	uint8_t in[3] = { 1, 2, 3 }, out[9], io[5];
	const uint8_t *a = (const uint8_t *)&call->hdr;
	size_t len;

	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 0xdeadbeef), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u64(call, 1, 0x1122334455667788ull), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(call, 2, in, sizeof(in)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(call, 3, out, sizeof(out)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_inout(call, 4, io, sizeof(io)), 0);
	ck_assert_int_eq(vbgl_hgcm_call_set_timeout(call, 1500), 0);
	ck_assert_int_eq(vbgl_hgcm_call_prepare(call, &len), 0);

	ck_assert_uint_eq(len, 40 + 5 * 16);
	ck_assert_uint_eq(rd32(a + 0), len);	  /* size_in */
	ck_assert_uint_eq(rd32(a + 4), 0x10001);  /* version */
	ck_assert_uint_eq(rd32(a + 8), 0);	  /* type */
	ck_assert_uint_eq(rd32(a + 16), len);	  /* size_out */
	ck_assert_uint_eq(rd32(a + 24), 7);	  /* client */
	ck_assert_uint_eq(rd32(a + 28), 42);	  /* function */
	ck_assert_uint_eq(rd32(a + 32), 1500);	  /* timeout */
	ck_assert_uint_eq(a[36], 1);		  /* interruptible */
	ck_assert_uint_eq(a[38] | a[39] << 8, 5); /* parm_count */

	ck_assert_uint_eq(rd32(a + 40), VMMDEV_HGCM_PARM_TYPE_32BIT);
	ck_assert_uint_eq(rd32(a + 44), 0xdeadbeef);
	ck_assert_uint_eq(rd32(a + 56), VMMDEV_HGCM_PARM_TYPE_64BIT);
	ck_assert_uint_eq(rd64(a + 60), 0x1122334455667788ull);
	ck_assert_uint_eq(rd32(a + 72), VMMDEV_HGCM_PARM_TYPE_LINADDR_IN);
	ck_assert_uint_eq(rd32(a + 76), 3);
	ck_assert_uint_eq(rd64(a + 80), (uintptr_t)in);
	ck_assert_uint_eq(rd32(a + 88), VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT);
	ck_assert_uint_eq(rd32(a + 92), 9);
	ck_assert_uint_eq(rd64(a + 96), (uintptr_t)out);
	ck_assert_uint_eq(rd32(a + 104), VMMDEV_HGCM_PARM_TYPE_LINADDR);
	ck_assert_uint_eq(rd32(a + 108), 5);
	ck_assert_uint_eq(rd64(a + 112), (uintptr_t)io);
}
END_TEST
#endif

/* Values and sizes the host wrote are read back; a rerun resends sizes. */
START_TEST(test_results_and_rerun)
{
	uint8_t out[64];
	uint32_t v32, size;
	uint64_t v64;
	size_t len;

	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 1), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u64(call, 1, 2), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_out(call, 2, out, sizeof(out)), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(call, 3, out, 8), 0);
	ck_assert_int_eq(vbgl_hgcm_set_buf_inout(call, 4, out, 4), 0);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(call, 2, &size), 0);
	ck_assert_uint_eq(size, sizeof(out));

	/* What the driver copies back after the host answered. */
	call->parms[0].u.value32 = 11;
	call->parms[1].u.value64 = 0x100000000ull;
	call->parms[2].u.pointer.size = 17;
	call->parms[4].u.pointer.size = 1000;

	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 0, &v32), 0);
	ck_assert_uint_eq(v32, 11);
	ck_assert_int_eq(vbgl_hgcm_get_u64(call, 1, &v64), 0);
	ck_assert_uint_eq(v64, 0x100000000ull);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(call, 2, &size), 0);
	ck_assert_uint_eq(size, 17);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(call, 4, &size), 0);
	ck_assert_uint_eq(size, 1000);

	ck_assert_int_eq(vbgl_hgcm_call_prepare(call, &len), 0);
	ck_assert_uint_eq(call->parms[2].u.pointer.size, sizeof(out));
	ck_assert_uint_eq(call->parms[4].u.pointer.size, 4);
	ck_assert_int_eq(call->hdr.hdr.rc, VERR_INTERNAL_ERROR);
}
END_TEST

/* Re-setting a slot with another type leaves no stale bytes. */
START_TEST(test_reset_slot)
{
	uint8_t buf[4];
	uint32_t v;

	ck_assert_int_eq(vbgl_hgcm_set_buf_inout(call, 0, buf, 4), 0);
	ck_assert_int_eq(vbgl_hgcm_set_u32(call, 0, 9), 0);
	ck_assert_uint_eq(call->parms[0].u.value64, 9);
	ck_assert_int_eq(vbgl_hgcm_get_u32(call, 0, &v), 0);
	ck_assert_int_eq(vbgl_hgcm_get_buf_size(call, 0, &v), -EINVAL);
}
END_TEST

static Suite *hgcm_suite(void)
{
	Suite *s = suite_create("vbgl_hgcm");
	TCase *tc = tcase_create("parameters");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_new_limits);
	tcase_add_test(tc, test_index_and_null_validation);
	tcase_add_test(tc, test_oversized_buffer);
	tcase_add_test(tc, test_unset_parameter_refused);
#if UINTPTR_MAX == UINT64_MAX
	tcase_add_test(tc, test_ioctl_layout);
#endif
	tcase_add_test(tc, test_results_and_rerun);
	tcase_add_test(tc, test_reset_slot);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(hgcm_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
