// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device selection and handles: device-string parsing, $VBGL_DEVICE,
 * open errors, the device transport's error path (a file that is not a
 * vboxguest device answers ENOTTY), argument validation of the typed
 * wrappers (which must fail before any I/O), and the host-version helpers.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"

static struct vbgl_device_spec spec;

START_TEST(test_parse_explicit_path)
{
	ck_assert_int_eq(vbgl_device_parse("/dev/foo", 0, "unix:/x", &spec), 0);
	ck_assert_int_eq(spec.transport, VBGL_TRANSPORT_DEVICE);
	ck_assert_str_eq(spec.device, "/dev/foo");
	ck_assert_str_eq(spec.path, "/dev/foo");
}
END_TEST

START_TEST(test_parse_explicit_socket)
{
	ck_assert_int_eq(vbgl_device_parse("unix:/run/sim/vboxguest.sock",
					   VBGL_OPEN_USER, NULL, &spec),
			 0);
	ck_assert_int_eq(spec.transport, VBGL_TRANSPORT_SOCKET);
	ck_assert_str_eq(spec.device, "unix:/run/sim/vboxguest.sock");
	ck_assert_str_eq(spec.path, "/run/sim/vboxguest.sock");
}
END_TEST

START_TEST(test_parse_env_and_defaults)
{
	ck_assert_int_eq(vbgl_device_parse(NULL, 0, "unix:/tmp/s", &spec), 0);
	ck_assert_int_eq(spec.transport, VBGL_TRANSPORT_SOCKET);
	ck_assert_str_eq(spec.path, "/tmp/s");

	ck_assert_int_eq(vbgl_device_parse(NULL, 0, "", &spec), 0);
	ck_assert_str_eq(spec.device, "/dev/vboxguest");
	ck_assert_int_eq(vbgl_device_parse(NULL, 0, NULL, &spec), 0);
	ck_assert_str_eq(spec.device, "/dev/vboxguest");
	ck_assert_int_eq(spec.transport, VBGL_TRANSPORT_DEVICE);
	ck_assert_int_eq(vbgl_device_parse(NULL, VBGL_OPEN_USER, NULL, &spec),
			 0);
	ck_assert_str_eq(spec.device, "/dev/vboxuser");
}
END_TEST

START_TEST(test_parse_errors)
{
	char longpath[200];

	ck_assert_int_eq(vbgl_device_parse("", 0, NULL, &spec), -EINVAL);
	ck_assert_int_eq(vbgl_device_parse("unix:", 0, NULL, &spec), -EINVAL);
	ck_assert_int_eq(vbgl_device_parse(NULL, 0x2, NULL, &spec), -EINVAL);
	ck_assert_int_eq(vbgl_device_parse("/dev/x", 0, NULL, NULL), -EINVAL);

	/* sun_path holds 107 characters and the NUL. */
	strcpy(longpath, "unix:/");
	memset(longpath + 6, 'a', VBGL_UNIX_PATH_MAX - 1);
	longpath[6 + VBGL_UNIX_PATH_MAX - 1] = '\0';
	ck_assert_int_eq(vbgl_device_parse(longpath, 0, NULL, &spec), 0);
	strcat(longpath, "b");
	ck_assert_int_eq(vbgl_device_parse(longpath, 0, NULL, &spec),
			 -ENAMETOOLONG);
}
END_TEST

START_TEST(test_open_errors)
{
	struct vbgl_handle *h = (struct vbgl_handle *)1;

	ck_assert_int_eq(vbgl_open("/nonexistent/vboxguest", 0, &h), -ENOENT);
	ck_assert_ptr_null(h);
	ck_assert_int_eq(vbgl_open("unix:/nonexistent/sock", 0, &h), -ENOENT);
	ck_assert_int_eq(vbgl_open("", 0, &h), -EINVAL);
	ck_assert_int_eq(vbgl_open("/dev/null", 0, NULL), -EINVAL);
	vbgl_close(NULL);
}
END_TEST

START_TEST(test_open_env)
{
	struct vbgl_handle *h;

	setenv("VBGL_DEVICE", "/dev/null", 1);
	ck_assert_int_eq(vbgl_open(NULL, VBGL_OPEN_USER, &h), 0);
	ck_assert_str_eq(vbgl_device(h), "/dev/null");
	vbgl_close(h);

	/* An explicit device wins over the environment. */
	setenv("VBGL_DEVICE", "/nonexistent", 1);
	ck_assert_int_eq(vbgl_open("/dev/zero", 0, &h), 0);
	ck_assert_str_eq(vbgl_device(h), "/dev/zero");
	vbgl_close(h);
	ck_assert_int_eq(vbgl_open(NULL, 0, &h), -ENOENT);
	unsetenv("VBGL_DEVICE");
}
END_TEST

/* /dev/null is no vboxguest device: every ioctl fails with ENOTTY. */
START_TEST(test_device_transport_errno)
{
	struct vbgl_driver_info info;
	struct vbgl_host_version ver;
	struct vbgl_handle *h;
	uint32_t client, ev;

	ck_assert_int_eq(vbgl_open("/dev/null", 0, &h), 0);
	ck_assert_int_eq(vbgl_transport(h), VBGL_TRANSPORT_DEVICE);
	ck_assert_str_eq(vbgl_transport_name(vbgl_transport(h)), "device");
	ck_assert_int_eq(vbgl_driver_info(h, &info), -ENOTTY);
	ck_assert_int_eq(vbgl_get_host_version(h, &ver), -ENOTTY);
	ck_assert_int_eq(vbgl_wait_for_events(h, VBGL_EVENT_RESTORED, 0, &ev),
			 -ENOTTY);
	ck_assert_int_eq(vbgl_hgcm_connect(h, "VBoxGuestPropSvc", &client),
			 -ENOTTY);
	vbgl_close(h);
}
END_TEST

/* Validation happens before any ioctl: the errors are not ENOTTY. */
START_TEST(test_wrapper_validation)
{
	char name[200];
	struct vbgl_handle *h;
	struct vbgl_display_def defs[2];
	struct vbgl_rect bad = { 10, 10, 5, 20 };
	struct vbgl_point pt = { 0, 0 };
	struct vbgl_guest_stats st;
	uint32_t v, count;
	int sup;

	ck_assert_int_eq(vbgl_open("/dev/null", 0, &h), 0);
	ck_assert_int_eq(vbgl_change_event_filter(h, 0x800, 0), -EINVAL);
	ck_assert_int_eq(vbgl_change_event_filter(h, 0, 0x1000), -EINVAL);
	ck_assert_int_eq(vbgl_wait_for_events(h, 0, 0, &v), -EINVAL);
	ck_assert_int_eq(vbgl_wait_for_events(h, 0x800, 0, &v), -EINVAL);

	ck_assert_int_eq(vbgl_hgcm_connect(h, NULL, &v), -EINVAL);
	ck_assert_int_eq(vbgl_hgcm_connect(h, "", &v), -EINVAL);
	memset(name, 'S', sizeof(name));
	name[VBGL_HGCM_SERVICE_NAME_MAX] = '\0';
	ck_assert_int_eq(vbgl_hgcm_connect(h, name, &v), -ENOTTY);
	name[VBGL_HGCM_SERVICE_NAME_MAX] = 'S';
	name[VBGL_HGCM_SERVICE_NAME_MAX + 1] = '\0';
	ck_assert_int_eq(vbgl_hgcm_connect(h, name, &v), -ENAMETOOLONG);

	ck_assert_int_eq(vbgl_set_guest_caps(h, 0x8, 0, NULL, NULL), -EINVAL);
	ck_assert_int_eq(vbgl_acquire_guest_caps(h, 0x2, 0x1, 0), -EINVAL);
	ck_assert_int_eq(vbgl_acquire_guest_caps(h, 0, 0, 0x10), -EINVAL);
	ck_assert_int_eq(vbgl_set_mouse_status(h, VBGL_MOUSE_HOST_HAS_ABS_DEV),
			 -EINVAL);
	ck_assert_int_eq(vbgl_report_facility_status(h, 0, 50), -EINVAL);
	ck_assert_int_eq(vbgl_report_facility_status(h, 0x7fffffff, 50),
			 -EINVAL);
	ck_assert_int_eq(vbgl_report_facility_status(h, 100, 0x10000), -ERANGE);
	ck_assert_int_eq(vbgl_report_user_state(h, 1, "", NULL, NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(vbgl_report_user_state(h, 16, "u", NULL, NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(vbgl_report_user_state(h, 1, "u", NULL, NULL, 4),
			 -EINVAL);
	ck_assert_int_eq(vbgl_report_user_state(h, 1, "u", NULL, name, 1025),
			 -E2BIG);

	count = 0;
	ck_assert_int_eq(vbgl_get_display_change_multi(h, 0, defs, &count),
			 -EINVAL);
	count = 65;
	ck_assert_int_eq(vbgl_get_display_change_multi(h, 0, defs, &count),
			 -EINVAL);
	ck_assert_int_eq(vbgl_update_monitor_positions(h, &pt, 0), -EINVAL);
	ck_assert_int_eq(vbgl_update_monitor_positions(h, &pt, 65), -EINVAL);
	ck_assert_int_eq(vbgl_video_mode_supported(h, 64, 800, 600, 32, &sup),
			 -EINVAL);
	ck_assert_int_eq(vbgl_set_visible_region(h, NULL, 1), -EINVAL);
	ck_assert_int_eq(vbgl_set_visible_region(h, &bad, 1), -EINVAL);
	ck_assert_int_eq(vbgl_set_visible_region(
				 h, &bad, VBGL_VISIBLE_REGION_MAX_RECTS + 1),
			 -E2BIG);

	memset(&st, 0, sizeof(st));
	st.stat_caps = 0x10000;
	ck_assert_int_eq(vbgl_report_guest_stats(h, &st), -EINVAL);
	st.stat_caps = VBGL_STAT_CPU_LOAD_USER;
	st.cpu_load_user = 101;
	ck_assert_int_eq(vbgl_report_guest_stats(h, &st), -EINVAL);
	st.cpu_load_user = 100;
	ck_assert_int_eq(vbgl_report_guest_stats(h, &st), -ENOTTY);

	ck_assert_int_eq(vbgl_check_balloon(h, NULL, NULL), -EINVAL);
	ck_assert_int_eq(vbgl_get_session_id(h, NULL), -EINVAL);
	ck_assert_int_eq(vbgl_get_host_time(h, NULL), -EINVAL);
	vbgl_close(h);
}
END_TEST

START_TEST(test_vmmdev_request_validation)
{
	uint8_t req[2048];
	struct vbgl_handle *h;
	uint32_t size;

	ck_assert_int_eq(vbgl_vmmdev_request_init(req, 23, 4), -EINVAL);
	ck_assert_int_eq(vbgl_vmmdev_request_init(req, 40, 0), -EINVAL);
	ck_assert_int_eq(vbgl_vmmdev_request_init(NULL, 40, 4), -EINVAL);
	ck_assert_int_eq(vbgl_vmmdev_request_init(req, 40, 4), 0);
	memcpy(&size, req, sizeof(size));
	ck_assert_uint_eq(size, 40);

	ck_assert_int_eq(vbgl_open("/dev/null", 0, &h), 0);
	ck_assert_int_eq(vbgl_vmmdev_request(h, req), -ENOTTY);
	/* The ioctl output size (reserved1, offset 16) is set to the size. */
	memcpy(&size, req + 16, sizeof(size));
	ck_assert_uint_eq(size, 40);

	size = 2 * 1024 * 1024;
	memcpy(req, &size, sizeof(size));
	ck_assert_int_eq(vbgl_vmmdev_request(h, req), -E2BIG);
	size = 16;
	memcpy(req, &size, sizeof(size));
	ck_assert_int_eq(vbgl_vmmdev_request(h, req), -EINVAL);
	ck_assert_int_eq(vbgl_vmmdev_request_init(req, 40, 4), 0);
	req[4] = 0; /* version */
	ck_assert_int_eq(vbgl_vmmdev_request(h, req), -EINVAL);
	ck_assert_int_eq(vbgl_vmmdev_request(h, NULL), -EINVAL);
	ck_assert_int_eq(vbgl_vmmdev_request(NULL, req), -EINVAL);
	vbgl_close(h);
}
END_TEST

START_TEST(test_host_version_format)
{
	struct vbgl_host_version v = { 7, 1, 4, 165100, 0 };
	char buf[40], tiny[8];

	ck_assert_int_eq(vbgl_host_version_format(&v, buf, sizeof(buf)), 12);
	ck_assert_str_eq(buf, "7.1.4r165100");
	ck_assert_int_eq(vbgl_host_version_format(&v, tiny, sizeof(tiny)),
			 -EOVERFLOW);
	ck_assert_str_eq(tiny, "");
	ck_assert_int_eq(vbgl_host_version_format(&v, buf, 13), 12);
	ck_assert_int_eq(vbgl_host_version_format(&v, buf, 12), -EOVERFLOW);
	v.major = 65535;
	v.minor = 65535;
	v.build = UINT32_MAX;
	v.revision = UINT32_MAX;
	ck_assert_int_gt(vbgl_host_version_format(&v, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "65535.65535.4294967295r4294967295");
	ck_assert_int_eq(vbgl_host_version_format(NULL, buf, 32), -EINVAL);
}
END_TEST

START_TEST(test_host_feature_names)
{
	ck_assert_str_eq(vbgl_host_feature_name(0x1), "hgcm-phys-page-list");
	ck_assert_str_eq(vbgl_host_feature_name(0x2), "hgcm-embedded-buffers");
	ck_assert_str_eq(vbgl_host_feature_name(0x4),
			 "hgcm-contiguous-page-list");
	ck_assert_str_eq(vbgl_host_feature_name(0x8),
			 "hgcm-no-bounce-page-list");
	ck_assert_str_eq(vbgl_host_feature_name(0x80000000u), "fast-irq-ack");
	ck_assert_ptr_null(vbgl_host_feature_name(0));
	ck_assert_ptr_null(vbgl_host_feature_name(0x10));
	ck_assert_ptr_null(vbgl_host_feature_name(0x3));
	ck_assert_str_eq(vbgl_transport_name(VBGL_TRANSPORT_SOCKET), "socket");
	ck_assert_str_eq(vbgl_transport_name(0), "unknown");
}
END_TEST

static Suite *device_suite(void)
{
	Suite *s = suite_create("vbgl_device");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_parse_explicit_path);
	tcase_add_test(tc, test_parse_explicit_socket);
	tcase_add_test(tc, test_parse_env_and_defaults);
	tcase_add_test(tc, test_parse_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("handles");
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_open_env);
	tcase_add_test(tc, test_device_transport_errno);
	tcase_add_test(tc, test_wrapper_validation);
	tcase_add_test(tc, test_vmmdev_request_validation);
	suite_add_tcase(s, tc);

	tc = tcase_create("host version");
	tcase_add_test(tc, test_host_version_format);
	tcase_add_test(tc, test_host_feature_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(device_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
