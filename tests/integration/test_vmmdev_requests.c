// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End to end: libvbglr3's typed VMMDev wrappers against the real
 * vbox-hostsim — display change requests with the acknowledge sequence,
 * monitor positions, seamless mode and the visible region, capabilities,
 * facility status, mouse status, session id and host time.  The host side
 * is read back through `vbox-hostsim ctl`.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

static struct vbgl_handle *open_user(void)
{
	struct vbgl_handle *h = NULL;
	int rc = vbgl_open(sim->user_device, VBGL_OPEN_USER, &h);

	ck_assert_msg(rc == 0, "vbgl_open: %s", g_strerror(-rc));
	return h;
}

/* The output of `ctl ARGS...`, which must succeed. */
static char *ctl_ok(const char *a, const char *b, const char *c, const char *d)
{
	int status;
	char *out = hostsim_ctl(sim, &status, a, b, c, d, NULL);

	ck_assert_msg(status == 0, "ctl %s %s failed: %s", a, b ? b : "", out);
	return out;
}

static bool has_line(const char *out, const char *line)
{
	g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
	char **l;

	for (l = lines; *l; l++) {
		if (strcmp(*l, line) == 0)
			return true;
	}
	return false;
}

/*
 * A host resize request reaches a waiting guest, is read with the
 * acknowledge, and is not pending afterwards; a read without the
 * acknowledge still returns it.
 */
START_TEST(test_display_change_multi)
{
	struct vbgl_handle *h = open_user();
	struct vbgl_display_def defs[VBGL_MAX_DISPLAYS];
	uint32_t events = 0, count, i;
	g_autofree char *out = NULL;
	g_autofree char *listing = NULL;
	int rc;

	ck_assert_int_eq(vbgl_change_event_filter(
				 h, VBGL_EVENT_DISPLAY_CHANGE_REQUEST, 0),
			 0);
	ck_assert_int_eq(vbgl_acquire_guest_caps(h, 0, VBGL_CAP_GRAPHICS, 0),
			 0);
	out = ctl_ok("display", "set", "1:1280x800@1280,0", NULL);
	rc = vbgl_wait_for_events(h, VBGL_EVENT_DISPLAY_CHANGE_REQUEST, 5000,
				  &events);
	ck_assert_msg(rc == 0, "no display event: %s", g_strerror(-rc));

	count = VBGL_MAX_DISPLAYS;
	ck_assert_int_eq(vbgl_get_display_change_multi(h, 1, defs, &count), 0);
	ck_assert_uint_eq(count, 1);
	ck_assert_uint_eq(defs[0].display, 1);
	ck_assert_uint_eq(defs[0].cx, 1280);
	ck_assert_uint_eq(defs[0].cy, 800);
	ck_assert_int_eq(defs[0].x_origin, 1280);
	ck_assert_int_eq(defs[0].y_origin, 0);
	ck_assert_uint_eq(defs[0].flags & (VBGL_DISPLAY_CX | VBGL_DISPLAY_CY |
					   VBGL_DISPLAY_ORIGIN),
			  VBGL_DISPLAY_CX | VBGL_DISPLAY_CY |
				  VBGL_DISPLAY_ORIGIN);

	/* Acknowledged: nothing pending any more. */
	count = VBGL_MAX_DISPLAYS;
	ck_assert_int_eq(vbgl_get_display_change_multi(h, 1, defs, &count), 0);
	ck_assert_uint_eq(count, 0);
	listing = ctl_ok("display", "show", NULL, NULL);
	ck_assert_msg(has_line(listing,
			       "display.1: 1280x800@1280,0 pending=no") &&
			      has_line(listing, "fetched: yes") &&
			      has_line(listing, "acknowledged: yes") &&
			      has_line(listing, "guest_graphics: yes"),
		      "host listing: %s", listing);

	/* Without the acknowledge the current layout comes back. */
	count = 2;
	ck_assert_int_eq(vbgl_get_display_change_multi(h, 0, defs, &count), 0);
	ck_assert_uint_eq(count, 2);
	for (i = 0; i < count && defs[i].display != 1; i++)
		;
	ck_assert_msg(i < count && defs[i].cx == 1280,
		      "display 1 missing from the unacknowledged read");
	vbgl_close(h);
}
END_TEST

/* The guest's monitor origins reach the host, in display order. */
START_TEST(test_monitor_positions)
{
	struct vbgl_handle *h = open_user();
	const struct vbgl_point pos[2] = { { 0, 0 }, { 1920, 0 } };
	g_autofree char *listing = NULL;

	ck_assert_int_eq(vbgl_update_monitor_positions(h, pos, 2), 0);
	listing = ctl_ok("display", "show", NULL, NULL);
	ck_assert_msg(has_line(listing, "monitor_positions: 0,0 1920,0") &&
			      has_line(listing, "monitor_position_reports: 1"),
		      "host listing: %s", listing);
	ck_assert_int_eq(vbgl_update_monitor_positions(h, pos, 0), -EINVAL);
	vbgl_close(h);
}
END_TEST

/*
 * Seamless: the guest announces the capability, the host asks for seamless
 * mode, the guest reads it and reports its visible region.
 */
START_TEST(test_seamless_and_visible_region)
{
	struct vbgl_handle *h = open_user();
	const struct vbgl_rect rects[2] = { { 0, 0, 640, 480 },
					    { 700, 10, 900, 300 } };
	uint32_t events = 0, mode = 99;
	g_autofree char *out = NULL;
	g_autofree char *region = NULL;
	uint32_t session_caps = 0, global_caps = 0;

	ck_assert_int_eq(vbgl_change_event_filter(
				 h, VBGL_EVENT_SEAMLESS_MODE_CHANGE_REQUEST, 0),
			 0);
	ck_assert_int_eq(vbgl_set_guest_caps(h, VBGL_CAP_SEAMLESS, 0,
					     &session_caps, &global_caps),
			 0);
	ck_assert_uint_eq(session_caps & VBGL_CAP_SEAMLESS, VBGL_CAP_SEAMLESS);
	ck_assert(hostsim_wait_status(sim, "guest_caps", "0x00000001", 2000));

	out = ctl_ok("seamless", "on", NULL, NULL);
	ck_assert_int_eq(
		vbgl_wait_for_events(h, VBGL_EVENT_SEAMLESS_MODE_CHANGE_REQUEST,
				     5000, &events),
		0);
	ck_assert_int_eq(vbgl_get_seamless_mode(h, 1, &mode), 0);
	ck_assert_uint_eq(mode, VBGL_SEAMLESS_VISIBLE_REGION);

	ck_assert_int_eq(vbgl_set_visible_region(h, rects, 2), 0);
	region = ctl_ok("seamless", "show", "--wait", "1");
	ck_assert_msg(has_line(region, "mode: on") &&
			      has_line(region, "acked_mode: on") &&
			      has_line(region,
				       "guest_supports_seamless: yes") &&
			      has_line(region, "updates: 1") &&
			      has_line(region, "rects: 2") &&
			      has_line(region, "0 0 640 480") &&
			      has_line(region, "700 10 900 300"),
		      "host saw: %s", region);

	/* A rectangle with right < left is refused before it is sent. */
	{
		const struct vbgl_rect bad = { 10, 10, 5, 20 };

		ck_assert_int_eq(vbgl_set_visible_region(h, &bad, 1), -EINVAL);
	}
	vbgl_close(h);
}
END_TEST

/* Capabilities a session set go away with the session. */
START_TEST(test_caps_released_on_close)
{
	struct vbgl_handle *h = open_user();
	uint32_t session_caps = 0, global_caps = 0;
	g_autofree char *before = hostsim_status_value(sim, "guest_caps");
	g_autofree char *during = NULL;

	ck_assert_int_eq(vbgl_set_guest_caps(h, VBGL_CAP_GRAPHICS, 0,
					     &session_caps, &global_caps),
			 0);
	ck_assert_uint_eq(global_caps & VBGL_CAP_GRAPHICS, VBGL_CAP_GRAPHICS);
	during = hostsim_status_value(sim, "guest_caps");
	ck_assert_msg(during && before && strcmp(during, before) != 0,
		      "host caps did not change (%s -> %s)", before, during);
	vbgl_close(h);
	ck_assert_msg(hostsim_wait_status(sim, "guest_caps", before, 2000),
		      "host caps not restored to %s", before);
}
END_TEST

/* A facility status report shows up in the host's facility table. */
START_TEST(test_facility_status)
{
	struct vbgl_handle *h = open_user();

	ck_assert_int_eq(
		vbgl_report_facility_status(h, VBGL_FACILITY_VBOX_TRAY_CLIENT,
					    VBGL_FACILITY_STATUS_ACTIVE),
		0);
	ck_assert(hostsim_wait_status(sim, "facility.101", "active", 2000));
	ck_assert_int_eq(
		vbgl_report_facility_status(h, VBGL_FACILITY_VBOX_TRAY_CLIENT,
					    VBGL_FACILITY_STATUS_TERMINATED),
		0);
	ck_assert(hostsim_wait_status(sim, "facility.101", "terminated", 2000));
	ck_assert_int_eq(
		vbgl_report_facility_status(h, 0, VBGL_FACILITY_STATUS_ACTIVE),
		-EINVAL);
	vbgl_close(h);
}
END_TEST

/* Session id, host time, mouse status and mode hints answer sensibly. */
START_TEST(test_misc_queries)
{
	struct vbgl_handle *h = open_user();
	uint64_t id1 = 0, id2 = 0, host_ms = 0;
	int64_t now_ms = g_get_real_time() / 1000;
	uint32_t features = 0;
	int32_t x, y;
	int supported = -1;

	ck_assert_int_eq(vbgl_get_session_id(h, &id1), 0);
	ck_assert_int_eq(vbgl_get_session_id(h, &id2), 0);
	ck_assert_uint_ne(id1, 0);
	ck_assert_uint_eq(id1, id2);

	ck_assert_int_eq(vbgl_get_host_time(h, &host_ms), 0);
	ck_assert_msg(llabs((long long)host_ms - (long long)now_ms) < 5000,
		      "host time %llu vs now %lld", (unsigned long long)host_ms,
		      (long long)now_ms);

	ck_assert_int_eq(
		vbgl_set_mouse_status(h, VBGL_MOUSE_GUEST_CAN_ABSOLUTE), 0);
	ck_assert_int_eq(vbgl_get_mouse_status(h, &features, &x, &y), 0);
	ck_assert_uint_eq(features & VBGL_MOUSE_GUEST_CAN_ABSOLUTE,
			  VBGL_MOUSE_GUEST_CAN_ABSOLUTE);

	ck_assert_int_eq(
		vbgl_video_mode_supported(h, 0, 1024, 768, 32, &supported), 0);
	ck_assert_int_eq(supported, 1);
	vbgl_close(h);
}
END_TEST

static Suite *requests_suite(void)
{
	Suite *s = suite_create("vmmdev-requests");

	ovt_add_sim_test(s, "display", test_display_change_multi, 30);
	ovt_add_sim_test(s, "positions", test_monitor_positions, 30);
	ovt_add_sim_test(s, "seamless", test_seamless_and_visible_region, 30);
	ovt_add_sim_test(s, "caps", test_caps_released_on_close, 30);
	ovt_add_sim_test(s, "facility", test_facility_status, 30);
	ovt_add_sim_test(s, "misc", test_misc_queries, 30);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(requests_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
