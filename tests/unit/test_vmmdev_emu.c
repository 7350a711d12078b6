// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the emulated VMMDev and the HGCM host framework, driven
 * directly with requests in a test "guest memory" arena.  The arena has
 * its own fake physical addresses, so the device is shown to reach guest
 * memory only through its platform table.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "hostsim/fault.h"
#include "hostsim/hgcm_host.h"
#include "hostsim/svc_hostsimtest.h"
#include "hostsim/vmmdev_emu.h"

#define ARENA_SIZE (8u * 1024 * 1024)
/* The arena's fake physical base address. */
#define ARENA_PHYS 0x10000000ull
#define PAGE	   4096u
#define UNTOUCHED  VERR_GENERAL_FAILURE

static uint8_t *arena;
static size_t arena_used;
static struct hgcm_host *host;
static struct vmmdev_emu *emu;
static struct fault_table *faults;
static bool irq_level;
static unsigned int irq_changes;

/* ---- the test platform --------------------------------------------------- */

static void *arena_ptr(void *opaque, uint64_t phys, size_t len)
{
	(void)opaque;
	if (phys < ARENA_PHYS || len > ARENA_SIZE ||
	    phys - ARENA_PHYS > ARENA_SIZE - len)
		return NULL;
	return arena + (phys - ARENA_PHYS);
}

static void test_set_irq(void *opaque, bool asserted)
{
	(void)opaque;
	irq_level = asserted;
	irq_changes++;
}

static const struct vmmdev_emu_platform test_platform = {
	.req_ptr = arena_ptr,
	.mem_ptr = arena_ptr,
	.set_irq = test_set_irq,
};

static void *arena_alloc(size_t len, size_t align)
{
	size_t off = (arena_used + align - 1) & ~(align - 1);

	ck_assert_uint_le(off + len, ARENA_SIZE);
	arena_used = off + len;
	memset(arena + off, 0, len);
	return arena + off;
}

static uint64_t phys_of(const void *p)
{
	return ARENA_PHYS + (uint64_t)((const uint8_t *)p - arena);
}

static void make_emu(uint32_t ram_mib)
{
	struct vmmdev_emu_config cfg = {
		.host_major = 7,
		.host_minor = 0,
		.host_build = 14,
		.host_revision = 161095,
		.ram_mib = ram_mib,
	};

	emu = vmmdev_emu_new(&cfg, &test_platform, host);
}

static void setup(void)
{
	if (!arena)
		ck_assert_int_eq(
			posix_memalign((void **)&arena, PAGE, ARENA_SIZE), 0);
	arena_used = 0;
	irq_level = false;
	irq_changes = 0;
	host = hgcm_host_new();
	ck_assert_int_eq(hostsimtest_register(host), VINF_SUCCESS);
	make_emu(1024);
}

static void teardown(void)
{
	hgcm_host_free(host);
	vmmdev_emu_free(emu);
	fault_table_free(faults);
	host = NULL;
	emu = NULL;
	faults = NULL;
}

/* ---- request helpers ----------------------------------------------------- */

static void *new_req(uint32_t type, uint32_t size)
{
	struct vmmdev_request_header *h = arena_alloc(MAX(size, 24u), 8);

	h->size = size;
	h->version = VMMDEV_REQUEST_HEADER_VERSION;
	h->request_type = type;
	h->rc = UNTOUCHED;
	return h;
}

static int32_t submit(void *req)
{
	vmmdev_emu_submit(emu, (uint32_t)phys_of(req));
	return ((struct vmmdev_request_header *)req)->rc;
}

static int32_t send_type(uint32_t type, uint32_t size)
{
	return submit(new_req(type, size));
}

static void report_guest_info(void)
{
	struct vmmdev_guest_info *r =
		new_req(VMMDEVREQ_REPORT_GUEST_INFO, sizeof(*r));

	r->interface_version = VMMDEV_VERSION;
	r->os_type = VBOXOSTYPE_LINUX26 | VBOXOSTYPE_X64;
	ck_assert_int_eq(submit(r), VINF_SUCCESS);
}

static void set_filter(uint32_t or_mask, uint32_t not_mask)
{
	struct vmmdev_mask *r =
		new_req(VMMDEVREQ_CTL_GUEST_FILTER_MASK, sizeof(*r));

	r->or_mask = or_mask;
	r->not_mask = not_mask;
	ck_assert_int_eq(submit(r), VINF_SUCCESS);
}

static uint32_t ack_events(void)
{
	struct vmmdev_events *r =
		new_req(VMMDEVREQ_ACKNOWLEDGE_EVENTS, sizeof(*r));

	ck_assert_int_eq(submit(r), VINF_SUCCESS);
	return r->events;
}

static struct vmmdev_emu_status status(void)
{
	struct vmmdev_emu_status st;

	vmmdev_emu_get_status(emu, &st);
	return st;
}

/* ---- header, gate, sizes ------------------------------------------------- */

START_TEST(test_header_rules)
{
	struct vmmdev_request_header *h;

	h = new_req(VMMDEVREQ_GET_HOST_VERSION, 20);
	ck_assert_int_eq(submit(h), UNTOUCHED);
	h = new_req(VMMDEVREQ_GET_HOST_VERSION,
		    sizeof(struct vmmdev_host_version));
	h->version = 0x10000;
	ck_assert_int_eq(submit(h), UNTOUCHED);
	h = new_req(VMMDEVREQ_GET_HOST_VERSION, VMMDEV_MAX_VMMDEVREQ_SIZE + 1);
	ck_assert_int_eq(submit(h), VERR_NOT_SUPPORTED);
	/* A header whose size runs past guest memory. */
	h = (void *)(arena + ARENA_SIZE - 64);
	memset(h, 0, 64);
	h->size = 4096;
	h->version = VMMDEV_REQUEST_HEADER_VERSION;
	h->request_type = VMMDEVREQ_GET_HOST_VERSION;
	h->rc = UNTOUCHED;
	ck_assert_int_eq(submit(h), VERR_INVALID_PARAMETER);
	/* Outside guest memory altogether: ignored, nothing to answer. */
	vmmdev_emu_submit(emu, 0x1000);
	vmmdev_emu_submit(emu, UINT32_MAX);
}
END_TEST

START_TEST(test_additions_gate)
{
	struct vmmdev_host_version *hv;
	struct vmmdev_guest_info *gi;
	struct vmmdev_host_time *t;
	int64_t now;

	ck_assert_int_eq(send_type(VMMDEVREQ_GET_HOST_TIME,
				   sizeof(struct vmmdev_host_time)),
			 VERR_NOT_SUPPORTED);
	ck_assert_int_eq(send_type(VMMDEVREQ_GET_SESSION_ID,
				   sizeof(struct vmmdev_session_id)),
			 VERR_NOT_SUPPORTED);
	ck_assert_int_eq(send_type(999, 24), VERR_NOT_SUPPORTED);
	ck_assert_int_eq(send_type(VMMDEVREQ_WRITE_COREDUMP,
				   sizeof(struct vmmdev_write_core_dump)),
			 VERR_ACCESS_DENIED);

	hv = new_req(VMMDEVREQ_GET_HOST_VERSION, sizeof(*hv));
	ck_assert_int_eq(submit(hv), VINF_SUCCESS);
	ck_assert_uint_eq(hv->major, 7);
	ck_assert_uint_eq(hv->minor, 0);
	ck_assert_uint_eq(hv->build, 14);
	ck_assert_uint_eq(hv->revision, 161095);
	ck_assert_uint_eq(hv->features, 0x8000000f);

	gi = new_req(VMMDEVREQ_REPORT_GUEST_INFO, sizeof(*gi));
	gi->interface_version = 0x00020000;
	ck_assert_int_eq(submit(gi), VERR_VERSION_MISMATCH);
	ck_assert(!status().additions_ok);
	ck_assert_int_eq(send_type(VMMDEVREQ_GET_HOST_TIME,
				   sizeof(struct vmmdev_host_time)),
			 VERR_NOT_SUPPORTED);

	report_guest_info();
	ck_assert(status().additions_ok);
	ck_assert_uint_eq(status().os_type, 0x53100);
	t = new_req(VMMDEVREQ_GET_HOST_TIME, sizeof(*t));
	ck_assert_int_eq(submit(t), VINF_SUCCESS);
	now = g_get_real_time() / 1000;
	ck_assert_int_le(llabs((long long)t->time_ms - now), 5000);
	ck_assert_int_eq(send_type(999, 24), VERR_NOT_IMPLEMENTED);
	ck_assert_int_eq(send_type(0, 24), VERR_NOT_IMPLEMENTED);
	/* LogString is a debug-host feature this host implements. */
	ck_assert_int_ne(send_type(VMMDEVREQ_LOG_STRING, 28),
			 VERR_NOT_IMPLEMENTED);
}
END_TEST

/* Request types with an exact size: one byte more or less is refused. */
static const struct {
	uint32_t type;
	uint32_t size;
} exact_sizes[] = {
	{ VMMDEVREQ_GET_MOUSE_STATUS, 36 },
	{ VMMDEVREQ_SET_MOUSE_STATUS, 36 },
	{ VMMDEVREQ_GET_HOST_VERSION, 40 },
	{ VMMDEVREQ_GET_HOST_TIME, 32 },
	{ VMMDEVREQ_GET_HYPERVISOR_INFO, 32 },
	{ VMMDEVREQ_SET_HYPERVISOR_INFO, 32 },
	{ VMMDEVREQ_SET_POWER_STATUS, 28 },
	{ VMMDEVREQ_ACKNOWLEDGE_EVENTS, 28 },
	{ VMMDEVREQ_CTL_GUEST_FILTER_MASK, 32 },
	{ VMMDEVREQ_REPORT_GUEST_INFO, 32 },
	{ VMMDEVREQ_GET_DISPLAY_CHANGE_REQ, 40 },
	{ VMMDEVREQ_VIDEMODE_SUPPORTED, 40 },
	{ VMMDEVREQ_GET_HEIGHT_REDUCTION, 28 },
	{ VMMDEVREQ_GET_DISPLAY_CHANGE_REQ2, 44 },
	{ VMMDEVREQ_REPORT_GUEST_CAPABILITIES, 28 },
	{ VMMDEVREQ_SET_GUEST_CAPABILITIES, 32 },
	{ VMMDEVREQ_VIDEMODE_SUPPORTED2, 44 },
	{ VMMDEVREQ_REPORT_GUEST_INFO2, 168 },
	{ VMMDEVREQ_REPORT_GUEST_STATUS, 36 },
	{ VMMDEVREQ_GET_SEAMLESS_CHANGE_REQ, 32 },
	{ VMMDEVREQ_GET_DISPLAY_CHANGE_REQEX, 56 },
	{ VMMDEVREQ_REPORT_GUEST_STATS, 100 },
	{ VMMDEVREQ_GET_MEMBALLOON_CHANGE_REQ, 36 },
	{ VMMDEVREQ_GET_STATISTICS_CHANGE_REQ, 32 },
	{ VMMDEVREQ_CHANGE_MEMBALLOON, 2080 },
	{ VMMDEVREQ_GET_VRDPCHANGE_REQ, 32 },
	{ VMMDEVREQ_GET_SESSION_ID, 32 },
	{ VMMDEVREQ_WRITE_COREDUMP, 28 },
	{ VMMDEVREQ_HEARTBEAT_CONFIGURE, 36 },
	{ VMMDEVREQ_GET_MOUSE_STATUS_EX, 48 },
};

START_TEST(test_exact_sizes)
{
	uint32_t type = exact_sizes[_i].type, size = exact_sizes[_i].size;

	report_guest_info();
	ck_assert_msg(send_type(type, size + 4) == VERR_INVALID_PARAMETER,
		      "type %u size %u", type, size + 4);
	ck_assert_msg(send_type(type, size - 4) == VERR_INVALID_PARAMETER,
		      "type %u size %u", type, size - 4);
}
END_TEST

/* The minimum sizes of the variable-size and HGCM requests. */
START_TEST(test_min_sizes)
{
	report_guest_info();
	ck_assert_int_eq(send_type(VMMDEVREQ_SET_POINTER_SHAPE, 44),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(send_type(VMMDEVREQ_VIDEO_SET_VISIBLE_REGION, 24),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(send_type(VMMDEVREQ_GET_DISPLAY_CHANGE_REQ_MULTI, 56),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(send_type(VMMDEVREQ_LOG_STRING, 27),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(send_type(VMMDEVREQ_HGCM_CONNECT, 164),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(send_type(VMMDEVREQ_HGCM_DISCONNECT, 32),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(send_type(VMMDEVREQ_HGCM_CALL64, 40),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(send_type(VMMDEVREQ_HGCM_CALL32, 40),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(send_type(VMMDEVREQ_HGCM_CANCEL, 28),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(send_type(VMMDEVREQ_HGCM_CANCEL2, 24),
			 VERR_INVALID_PARAMETER);
}
END_TEST

static int32_t guest_info2(uint16_t major, uint16_t minor, uint32_t build,
			   const char *name)
{
	struct vmmdev_guest_info2 *r =
		new_req(VMMDEVREQ_REPORT_GUEST_INFO2, sizeof(*r));

	r->additions_major = major;
	r->additions_minor = minor;
	r->additions_build = build;
	r->additions_revision = 4242;
	r->additions_features = VBOXGUESTINFO2_F_REQUESTOR_INFO;
	if (name)
		g_strlcpy(r->name, name, sizeof(r->name));
	else
		memset(r->name, 'x', sizeof(r->name));
	return submit(r);
}

START_TEST(test_guest_info2)
{
	struct vmmdev_emu_status st;

	ck_assert_int_eq(guest_info2(7, 0, 0, "7.0.0"), VINF_SUCCESS);
	ck_assert_int_eq(guest_info2(7, 0, 14, "7.0.14_RC1"), VINF_SUCCESS);
	ck_assert_int_eq(guest_info2(7, 0, 14, "7.0.14_BETA2_Debian"),
			 VINF_SUCCESS);
	ck_assert_int_eq(guest_info2(7, 0, 14, "7.0.14_Ubuntu(1.2)"),
			 VINF_SUCCESS);
	ck_assert_int_eq(guest_info2(2, 2, 0, "2.2.0"), VERR_INVALID_PARAMETER);
	ck_assert_int_eq(guest_info2(256, 0, 0, "256.0.0"), VERR_OUT_OF_RANGE);
	ck_assert_int_eq(guest_info2(7, 256, 0, "7.256.0"), VERR_OUT_OF_RANGE);
	ck_assert_int_eq(guest_info2(7, 0, 65536, "7.0.65536"),
			 VERR_OUT_OF_RANGE);
	ck_assert_int_eq(guest_info2(7, 0, 0, NULL), VERR_INVALID_PARAMETER);
	ck_assert_int_eq(guest_info2(7, 0, 0, "6.0.0"), VERR_INVALID_PARAMETER);
	ck_assert_int_eq(guest_info2(7, 0, 0, "7.0.0-foo"),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(guest_info2(7, 0, 0, "7.0.0_RC1_bad tag"),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(guest_info2(7, 0, 0, "7.0.0_RCX_Pub"),
			 VERR_INVALID_PARAMETER);
	/* Old additions: the suffix is dropped, not refused. */
	ck_assert_int_eq(guest_info2(4, 1, 12, "4.1.12 weird"), VINF_SUCCESS);
	st = status();
	ck_assert(st.have_guest_info2);
	ck_assert_str_eq(st.additions_name, "4.1.12");
	ck_assert_uint_eq(st.additions_revision, 4242);
	/* Allowed before ReportGuestInfo; did not open the gate. */
	ck_assert(!st.additions_ok);
}
END_TEST

static int32_t guest_status(uint32_t facility, uint32_t st)
{
	struct vmmdev_guest_status *r =
		new_req(VMMDEVREQ_REPORT_GUEST_STATUS, sizeof(*r));

	r->facility = facility;
	r->status = st;
	return submit(r);
}

static uint32_t facility_status(uint32_t facility)
{
	struct vmmdev_emu_status st = status();
	unsigned int i;

	for (i = 0; i < st.facility_count; i++) {
		if (st.facilities[i].facility == facility)
			return st.facilities[i].status;
	}
	return UINT32_MAX;
}

START_TEST(test_guest_status)
{
	uint32_t f;

	report_guest_info();
	ck_assert_uint_eq(facility_status(20), 0);
	ck_assert_int_eq(guest_status(20, 50), VINF_SUCCESS);
	ck_assert_uint_eq(facility_status(20), 50);
	ck_assert_int_eq(guest_status(0, 50), VERR_INVALID_PARAMETER);
	ck_assert_int_eq(guest_status(0x7fffffff, 50), VERR_INVALID_PARAMETER);
	ck_assert_int_eq(guest_status(100, 0x10000), VERR_OUT_OF_RANGE);
	ck_assert_int_eq(guest_status(0x7ffffffe, 30), VINF_SUCCESS);
	ck_assert_uint_eq(facility_status(20), 30);
	ck_assert_uint_eq(facility_status(1100), 30);

	/* Fill the table with active entries until it is full. */
	for (f = 5000; f < 5100; f++) {
		int32_t rc = guest_status(f, 50);

		if (rc == VERR_OUT_OF_RESOURCES)
			break;
		ck_assert_int_eq(rc, VINF_SUCCESS);
	}
	ck_assert_uint_eq(status().facility_count, VMMDEV_EMU_MAX_FACILITIES);
	ck_assert_int_eq(guest_status(9999, 50), VERR_OUT_OF_RESOURCES);
	/* An inactive, non-fixed entry makes room again. */
	ck_assert_int_eq(guest_status(5000, 0), VINF_SUCCESS);
	ck_assert_int_eq(guest_status(9999, 50), VINF_SUCCESS);
	ck_assert_uint_eq(facility_status(5000), UINT32_MAX);
	ck_assert_uint_eq(facility_status(9999), 50);
}
END_TEST

/*
 * A ReportGuestUserState of size bytes with the given sizes, and the
 * string literal names (what fits of it) at @40.
 */
#define user_state(size, state, names, user, domain, details) \
	user_state_req(size, state, names, sizeof(names), user, domain, details)

static int32_t user_state_req(uint32_t size, uint32_t state, const char *names,
			      size_t names_len, uint32_t user_size,
			      uint32_t domain_size, uint32_t details_size)
{
	struct vmmdev_guest_user_state *r =
		new_req(VMMDEVREQ_REPORT_GUEST_USER_STATE, size);

	r->state = state;
	r->user_size = user_size;
	r->domain_size = domain_size;
	r->details_size = details_size;
	memcpy(r + 1, names, MIN(size - sizeof(*r), names_len));
	return submit(r);
}

START_TEST(test_user_state)
{
	struct vmmdev_emu_status st;

	report_guest_info();
	ck_assert_uint_eq(status().user_state.reports, 0);
	/* User, domain and 3 bytes of details. */
	ck_assert_int_eq(user_state(40 + 6 + 4 + 3, 6, "alice\0EXA", 6, 4, 3),
			 VINF_SUCCESS);
	st = status();
	ck_assert_uint_eq(st.user_state.reports, 1);
	ck_assert_uint_eq(st.user_state.state, 6);
	ck_assert_str_eq(st.user_state.user, "alice");
	ck_assert_str_eq(st.user_state.domain, "EXA");
	ck_assert_uint_eq(st.user_state.details_size, 3);
	/* The smallest request: a one-byte name padded to 44. */
	ck_assert_int_eq(user_state(44, 1, "u", 2, 0, 0), VINF_SUCCESS);
	ck_assert_str_eq(status().user_state.domain, "");

	ck_assert_int_eq(user_state(43, 1, "u", 2, 0, 0),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(user_state(44, 1, "u", 0, 0, 0),
			 VERR_INVALID_PARAMETER);
	/* No NUL inside the name, a name past the end, a bad domain. */
	ck_assert_int_eq(user_state(44, 1, "abcd", 4, 0, 0),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(user_state(44, 1, "u", 5, 0, 0),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(user_state(48, 1, "u\0xyz", 2, 3, 0),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(user_state(48, 1, "\xff", 2, 0, 0),
			 VERR_INVALID_UTF8_ENCODING);
	/* Details past the end; fields above the host's limits. */
	ck_assert_int_eq(user_state(44, 1, "u", 2, 0, 3),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(user_state(44, 1, "u", 257, 0, 0), VERR_TOO_MUCH_DATA);
	ck_assert_int_eq(user_state(44, 1, "u", 2, 257, 0), VERR_TOO_MUCH_DATA);
	ck_assert_int_eq(user_state(44, 1, "u", 2, 0, 1025),
			 VERR_TOO_MUCH_DATA);
	ck_assert_int_eq(user_state(2049, 1, "u", 2, 0, 0), VERR_TOO_MUCH_DATA);
	ck_assert_uint_eq(status().user_state.reports, 2);
}
END_TEST

START_TEST(test_misc_requests)
{
	struct vmmdev_mouse_status *m;
	struct vmmdev_heartbeat *hb;
	struct vmmdev_session_id *sid;
	struct vmmdev_power_state *pw;
	struct vmmdev_log_string *log;
	struct vmmdev_set_guest_caps *caps;
	struct vmmdev_guest_caps *lcaps;
	uint32_t *shape;
	int i;

	report_guest_info();
	m = new_req(VMMDEVREQ_GET_MOUSE_STATUS, sizeof(*m));
	ck_assert_int_eq(submit(m), VINF_SUCCESS);
	ck_assert_uint_eq(m->mouse_features, VMMDEV_EMU_HOST_MOUSE);
	m = new_req(VMMDEVREQ_SET_MOUSE_STATUS, sizeof(*m));
	m->mouse_features = 0xffffffff;
	ck_assert_int_eq(submit(m), VINF_SUCCESS);
	ck_assert_uint_eq(status().mouse_features,
			  VMMDEV_EMU_HOST_MOUSE | VMMDEV_MOUSE_GUEST_MASK);

	shape = new_req(VMMDEVREQ_SET_POINTER_SHAPE, 48);
	shape[6] = 0x5; /* visible, shape */
	shape[9] = 16;
	shape[10] = 16;
	ck_assert_int_eq(submit(shape), VINF_SUCCESS); /* 48: no shape */
	shape = new_req(VMMDEVREQ_SET_POINTER_SHAPE, 44 + 32 + 16 * 16 * 4 - 4);
	shape[6] = 0x5;
	shape[9] = 16;
	shape[10] = 16;
	ck_assert_int_eq(submit(shape), VERR_INVALID_PARAMETER);
	shape = new_req(VMMDEVREQ_SET_POINTER_SHAPE, 44 + 32 + 16 * 16 * 4);
	shape[6] = 0x5;
	shape[9] = 16;
	shape[10] = 16;
	ck_assert_int_eq(submit(shape), VINF_SUCCESS);
	shape = new_req(VMMDEVREQ_SET_POINTER_SHAPE, 64);
	shape[6] = 0x5;
	shape[9] = 9000;
	shape[10] = 1;
	ck_assert_int_eq(submit(shape), VERR_INVALID_PARAMETER);

	hb = new_req(VMMDEVREQ_HEARTBEAT_CONFIGURE, sizeof(*hb));
	hb->enabled = 1;
	ck_assert_int_eq(submit(hb), VINF_SUCCESS);
	ck_assert_uint_eq(hb->interval_ns, 2000000000ull);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(send_type(VMMDEVREQ_GUEST_HEARTBEAT, 24),
				 VINF_SUCCESS);
	ck_assert(status().heartbeat_enabled);
	ck_assert_uint_eq(status().heartbeats, 3);
	ck_assert_int_ge(status().last_heartbeat_ms, 0);

	sid = new_req(VMMDEVREQ_GET_SESSION_ID, sizeof(*sid));
	ck_assert_int_eq(submit(sid), VINF_SUCCESS);
	ck_assert_uint_ne(sid->session_id, 0);
	ck_assert_uint_eq(sid->session_id, status().session_id);

	pw = new_req(VMMDEVREQ_SET_POWER_STATUS, sizeof(*pw));
	pw->power_state = VMMDEV_POWER_STATE_POWER_OFF;
	ck_assert_int_eq(submit(pw), VINF_SUCCESS);
	ck_assert_uint_eq(status().power_request, VMMDEV_POWER_STATE_POWER_OFF);
	pw->power_state = VMMDEV_POWER_STATE_SAVE_STATE;
	ck_assert_int_eq(submit(pw), VERR_ACCESS_DENIED);
	pw->power_state = 7;
	ck_assert_int_eq(submit(pw), VERR_INVALID_PARAMETER);

	log = new_req(VMMDEVREQ_LOG_STRING, 24 + 6);
	memcpy(log->text, "hello!", 6);
	ck_assert_int_eq(submit(log), VERR_INVALID_PARAMETER);
	memcpy(log->text, "hello", 6);
	ck_assert_int_eq(submit(log), VINF_SUCCESS);
	ck_assert_uint_eq(status().log_strings, 1);

	lcaps = new_req(VMMDEVREQ_REPORT_GUEST_CAPABILITIES, sizeof(*lcaps));
	lcaps->caps = VMMDEV_GUEST_SUPPORTS_SEAMLESS;
	ck_assert_int_eq(submit(lcaps), VINF_SUCCESS);
	ck_assert_uint_eq(status().guest_caps, 0x5);
	caps = new_req(VMMDEVREQ_SET_GUEST_CAPABILITIES, sizeof(*caps));
	caps->or_mask = 0x2;
	caps->not_mask = 0x4;
	ck_assert_int_eq(submit(caps), VINF_SUCCESS);
	ck_assert_uint_eq(status().guest_caps, 0x3);
}
END_TEST

/* ---- events -------------------------------------------------------------- */

START_TEST(test_events_irq)
{
	struct vmmdev_memory *mmio = vmmdev_emu_mmio(emu);

	ck_assert_uint_eq(mmio->version, VMMDEV_MEMORY_VERSION);
	ck_assert_uint_ge(mmio->size, 32);
	/* Before the guest reported, events wait without an interrupt. */
	vmmdev_emu_raise_events(emu, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert(!irq_level);
	ck_assert_uint_eq(vmmdev_emu_fast_ack(emu), UINT32_MAX);
	report_guest_info();
	ck_assert(!irq_level);
	ck_assert_uint_eq(mmio->V.V1_04.have_events, 0);

	vmmdev_emu_raise_events(emu, VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST);
	ck_assert(!irq_level); /* filter still 0 */
	set_filter(VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST, 0);
	ck_assert(irq_level);
	ck_assert_uint_eq(mmio->V.V1_04.have_events, 1);
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert(!irq_level);
	ck_assert_uint_eq(mmio->V.V1_04.have_events, 0);
	ck_assert_uint_eq(status().pending_events,
			  VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST);
	ck_assert_uint_eq(ack_events(), 0);

	/* Widening the filter over a pending event raises the line. */
	set_filter(VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST, 0);
	ck_assert(irq_level);
	ck_assert_uint_eq(vmmdev_emu_fast_ack(emu),
			  VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST);
	ck_assert(!irq_level);
	ck_assert_uint_eq(status().pending_events, 0);

	/* Narrowing it drops the line without losing the event. */
	vmmdev_emu_raise_events(emu, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert(irq_level);
	set_filter(0, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert(!irq_level);
	ck_assert_uint_eq(status().pending_events,
			  VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);

	/* Bits outside the valid mask never become pending. */
	vmmdev_emu_raise_events(emu, 0xfffff800);
	ck_assert_uint_eq(status().pending_events,
			  VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
}
END_TEST

START_TEST(test_filter_keeps_hgcm)
{
	report_guest_info();
	set_filter(VMMDEV_EVENT_HGCM | VMMDEV_EVENT_VRDP, 0);
	set_filter(0, 0xffffffff);
	ck_assert_uint_eq(status().filter_mask, VMMDEV_EVENT_HGCM);
}
END_TEST

/* ---- display ------------------------------------------------------------- */

static void host_display(uint32_t id, uint32_t cx, uint32_t cy, bool force)
{
	struct vmmdev_display_def d = {
		.flags = VMMDEV_DISPLAY_CX | VMMDEV_DISPLAY_CY |
			 VMMDEV_DISPLAY_BPP | VMMDEV_DISPLAY_ORIGIN |
			 (id == 0 ? VMMDEV_DISPLAY_PRIMARY : 0),
		.id_display = id,
		.x_origin = (int32_t)id * 100,
		.y_origin = 7,
		.cx = cx,
		.cy = cy,
		.bits_per_pixel = 32,
	};

	ck_assert_int_eq(vmmdev_emu_request_display(emu, &d, force), 0);
}

static struct vmmdev_display_change_request2 *query2(uint32_t ack)
{
	struct vmmdev_display_change_request2 *r;

	r = new_req(VMMDEVREQ_GET_DISPLAY_CHANGE_REQ2, sizeof(*r));
	r->eventack = ack;
	r->display = 55; /* input is ignored, as on the real host */
	ck_assert_int_eq(submit(r), VINF_SUCCESS);
	return r;
}

START_TEST(test_display_pending_ack)
{
	struct vmmdev_display_change_request2 *r;
	struct vmmdev_display_change_request *r1;
	struct vmmdev_display_change_request_ex *rx;
	struct vmmdev_display_def bad = { .id_display = 64 };

	report_guest_info();
	set_filter(VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST, 0);
	ck_assert_int_eq(vmmdev_emu_request_display(emu, &bad, false), -EINVAL);
	/* Without any ack so far: the host's latest request. */
	host_display(0, 1024, 768, false);
	ck_assert(irq_level);
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	r = query2(0);
	ck_assert_uint_eq(r->xres, 1024);
	ck_assert_uint_eq(r->yres, 768);
	ck_assert_uint_eq(r->display, 0);

	/* Two displays pending: lowest first, the event comes back. */
	host_display(2, 800, 600, false);
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	r = query2(VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert_uint_eq(r->display, 0);
	ck_assert_uint_eq(r->xres, 1024);
	ck_assert_uint_eq(status().pending_events,
			  VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	r = query2(VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert_uint_eq(r->display, 2);
	ck_assert_uint_eq(r->xres, 800);
	ck_assert_uint_eq(r->yres, 600);
	ck_assert_uint_eq(r->bpp, 32);
	ck_assert_uint_eq(status().pending_events, 0);

	/* Nothing pending: the display reported last, last-acked values. */
	host_display(2, 640, 480, false);
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	r = query2(0);
	ck_assert_uint_eq(r->display, 2);
	ck_assert_uint_eq(r->xres, 800);

	/* The same request as acked: no event; forced: event. */
	r = query2(VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert_uint_eq(r->xres, 640);
	host_display(2, 640, 480, false);
	ck_assert_uint_eq(status().pending_events, 0);
	host_display(2, 640, 480, true);
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);

	/* Ex: origin, enabled, change_origin. */
	rx = new_req(VMMDEVREQ_GET_DISPLAY_CHANGE_REQEX, sizeof(*rx));
	rx->eventack = VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST;
	ck_assert_int_eq(submit(rx), VINF_SUCCESS);
	ck_assert_uint_eq(rx->display, 2);
	ck_assert_uint_eq(rx->origin_x, 200);
	ck_assert_uint_eq(rx->origin_y, 7);
	ck_assert_uint_eq(rx->enabled, 1);
	ck_assert_uint_eq(rx->change_origin, 1);

	/* 51 always answers for display 0. */
	r1 = new_req(VMMDEVREQ_GET_DISPLAY_CHANGE_REQ, sizeof(*r1));
	ck_assert_int_eq(submit(r1), VINF_SUCCESS);
	ck_assert_uint_eq(r1->xres, 1024);
	ck_assert_uint_eq(r1->yres, 768);
}
END_TEST

static struct vmmdev_display_change_request_multi *
multi(uint32_t room, uint32_t ack, uint32_t size)
{
	struct vmmdev_display_change_request_multi *r;

	r = new_req(VMMDEVREQ_GET_DISPLAY_CHANGE_REQ_MULTI, size);
	r->count = room;
	r->eventack = ack;
	return r;
}

START_TEST(test_display_multi)
{
	struct vmmdev_display_change_request_multi *r;
	struct vmmdev_emu_display slots[VMMDEV_MAX_DISPLAYS];
	struct vmmdev_point pos[VMMDEV_MAX_DISPLAYS];
	uint8_t *after;

	report_guest_info();
	ck_assert_int_eq(submit(multi(0, 0, 60)), VERR_INVALID_PARAMETER);
	ck_assert_int_eq(submit(multi(65, 0, 32 + 28 * 65)),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(submit(multi(2, 0, 60)), VERR_INVALID_PARAMETER);

	host_display(1, 1280, 1024, false);
	host_display(3, 1920, 1080, false);
	r = multi(64, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST,
		  VMMDEV_DISPLAY_CHANGE_MULTI_SIZE(64));
	ck_assert_int_eq(submit(r), VINF_SUCCESS);
	ck_assert_uint_eq(r->count, 2);
	ck_assert_uint_eq(r->displays[0].id_display, 1);
	ck_assert_uint_eq(r->displays[0].cx, 1280);
	ck_assert_uint_eq(r->displays[1].id_display, 3);
	ck_assert_uint_eq(r->displays[1].cy, 1080);
	ck_assert_int_eq(r->displays[1].x_origin, 300);
	vmmdev_emu_get_displays(emu, slots, pos);
	ck_assert(!slots[1].pending && !slots[3].pending);
	ck_assert_uint_eq(slots[3].acked.cx, 1920);

	/* More pending than room: the count says so, one entry copied. */
	host_display(0, 100, 100, false);
	host_display(5, 200, 200, false);
	r = multi(1, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST, 60 + 28);
	after = (uint8_t *)r + 60;
	memset(after, 0x5a, 28);
	r->header.size = 60;
	ck_assert_int_eq(submit(r), VINF_SUCCESS);
	ck_assert_uint_eq(r->count, 2);
	ck_assert_uint_eq(r->displays[0].id_display, 0);
	ck_assert_uint_eq(after[0], 0x5a);
	ck_assert_uint_eq(after[27], 0x5a);

	/* Without ack: the first count slots, last-acked values. */
	host_display(1, 999, 999, false);
	r = multi(4, 0, VMMDEV_DISPLAY_CHANGE_MULTI_SIZE(4));
	ck_assert_int_eq(submit(r), VINF_SUCCESS);
	ck_assert_uint_eq(r->count, 4);
	ck_assert_uint_eq(r->displays[1].cx, 1280);
	ck_assert_uint_eq(r->displays[3].cx, 1920);
	ck_assert_uint_eq(r->displays[2].id_display, 2);
	ck_assert_uint_eq(r->displays[2].cx, 0);
}
END_TEST

/*
 * A request for several displays: one event for all, all pending; the
 * request counts as fetched after any query and as acknowledged once
 * nothing of it is pending.
 */
START_TEST(test_display_request_set)
{
	struct vmmdev_display_def defs[3] = {
		{ .flags = VMMDEV_DISPLAY_CX | VMMDEV_DISPLAY_CY |
			   VMMDEV_DISPLAY_PRIMARY,
		  .id_display = 0,
		  .cx = 1600,
		  .cy = 900 },
		{ .flags = VMMDEV_DISPLAY_CX | VMMDEV_DISPLAY_CY |
			   VMMDEV_DISPLAY_ORIGIN,
		  .id_display = 1,
		  .x_origin = -1024,
		  .cx = 1024,
		  .cy = 768 },
		{ .flags = VMMDEV_DISPLAY_CX | VMMDEV_DISPLAY_CY |
			   VMMDEV_DISPLAY_DISABLED,
		  .id_display = 2,
		  .cx = 800,
		  .cy = 600 },
	};
	struct vmmdev_display_def bad = { .id_display = 64 };
	struct vmmdev_display_change_request_multi *r;
	struct vmmdev_emu_display_request req;
	struct vmmdev_display_change_request2 *r2;

	report_guest_info();
	set_filter(VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST, 0);
	ck_assert_int_eq(vmmdev_emu_request_displays(emu, defs, 0, false),
			 -EINVAL);
	ck_assert_int_eq(vmmdev_emu_request_displays(emu, &bad, 1, false),
			 -EINVAL);
	vmmdev_emu_get_display_request(emu, &req);
	ck_assert_uint_eq(req.seq, 0);
	ck_assert(!req.fetched && !req.acked);

	ck_assert_int_eq(vmmdev_emu_request_displays(emu, defs, 3, false), 0);
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	vmmdev_emu_get_display_request(emu, &req);
	ck_assert_uint_eq(req.seq, 1);
	ck_assert_uint_eq(req.count, 3);
	ck_assert_int_eq(req.defs[1].x_origin, -1024);
	ck_assert(!req.fetched && !req.acked);

	/* Read without the ack: fetched, not acknowledged. */
	r = multi(64, 0, VMMDEV_DISPLAY_CHANGE_MULTI_SIZE(64));
	ck_assert_int_eq(submit(r), VINF_SUCCESS);
	ck_assert_uint_eq(r->displays[2].flags & VMMDEV_DISPLAY_DISABLED,
			  VMMDEV_DISPLAY_DISABLED);
	vmmdev_emu_get_display_request(emu, &req);
	ck_assert(req.fetched && !req.acked);

	/* One display acked through 54: two still pending. */
	r2 = query2(VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert_uint_eq(r2->display, 0);
	vmmdev_emu_get_display_request(emu, &req);
	ck_assert(!req.acked);
	r = multi(64, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST,
		  VMMDEV_DISPLAY_CHANGE_MULTI_SIZE(64));
	ck_assert_int_eq(submit(r), VINF_SUCCESS);
	ck_assert_uint_eq(r->count, 2);
	vmmdev_emu_get_display_request(emu, &req);
	ck_assert(req.fetched && req.acked);

	/* The same layout again: no event; the guest has it already. */
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert_int_eq(vmmdev_emu_request_displays(emu, defs, 3, false), 0);
	ck_assert_uint_eq(status().pending_events, 0);
	vmmdev_emu_get_display_request(emu, &req);
	ck_assert_uint_eq(req.seq, 2);
	ck_assert(req.fetched && req.acked);
	ck_assert(!req.guest_graphics);
}
END_TEST

START_TEST(test_video_requests)
{
	struct vmmdev_video_mode_supported2 *m2;
	struct vmmdev_video_mode_supported *m;
	struct vmmdev_video_set_visible_region *vr;
	struct vmmdev_video_update_monitor_positions *mp;
	struct vmmdev_emu_display slots[VMMDEV_MAX_DISPLAYS];
	struct vmmdev_point pos[VMMDEV_MAX_DISPLAYS];
	struct vmmdev_rect *rects;
	struct vmmdev_height_reduction *hr;
	uint64_t reports;
	int64_t last_us = 0;

	report_guest_info();
	m2 = new_req(VMMDEVREQ_VIDEMODE_SUPPORTED2, sizeof(*m2));
	m2->display = 64;
	ck_assert_int_eq(submit(m2), VERR_INVALID_PARAMETER);
	m2->display = 1;
	m2->width = 1024;
	m2->height = 768;
	m2->bpp = 32;
	ck_assert_int_eq(submit(m2), VINF_SUCCESS);
	ck_assert_uint_eq(m2->supported, 1);
	m2->bpp = 7;
	ck_assert_int_eq(submit(m2), VINF_SUCCESS);
	ck_assert_uint_eq(m2->supported, 0);
	m = new_req(VMMDEVREQ_VIDEMODE_SUPPORTED, sizeof(*m));
	m->width = 20000;
	m->height = 10;
	m->bpp = 32;
	ck_assert_int_eq(submit(m), VINF_SUCCESS);
	ck_assert_uint_eq(m->supported, 0);
	hr = new_req(VMMDEVREQ_GET_HEIGHT_REDUCTION, sizeof(*hr));
	hr->height_reduction = 77;
	ck_assert_int_eq(submit(hr), VINF_SUCCESS);
	ck_assert_uint_eq(hr->height_reduction, 0);

	vr = new_req(VMMDEVREQ_VIDEO_SET_VISIBLE_REGION,
		     VMMDEV_VISIBLE_REGION_SIZE(2));
	vr->count = 3;
	ck_assert_int_eq(submit(vr), VERR_INVALID_PARAMETER);
	vr->count = 2;
	vr->rects[0] = (struct vmmdev_rect){ 0, 0, 100, 50 };
	vr->rects[1] = (struct vmmdev_rect){ 10, 60, 30, 90 };
	ck_assert_int_eq(submit(vr), VINF_SUCCESS);
	ck_assert_uint_eq(vmmdev_emu_get_visible_region(emu, &rects, &reports,
							&last_us),
			  2);
	ck_assert_uint_eq(reports, 1);
	ck_assert_int_gt(last_us, 0);
	ck_assert_int_eq(rects[1].bottom, 90);
	g_free(rects);
	vr = new_req(VMMDEVREQ_VIDEO_SET_VISIBLE_REGION, 28);
	ck_assert_int_eq(submit(vr), VINF_SUCCESS);
	ck_assert_uint_eq(
		vmmdev_emu_get_visible_region(emu, &rects, &reports, NULL), 0);
	ck_assert_ptr_null(rects);
	ck_assert_uint_eq(reports, 2);

	mp = new_req(VMMDEVREQ_VIDEO_UPDATE_MONITOR_POSITIONS,
		     VMMDEV_MONITOR_POSITIONS_SIZE(2));
	mp->count = 1;
	ck_assert_int_eq(submit(mp), VERR_INVALID_PARAMETER);
	mp->count = 2;
	mp->positions[0] = (struct vmmdev_point){ 0, 0 };
	mp->positions[1] = (struct vmmdev_point){ 1024, 0 };
	ck_assert_int_eq(submit(mp), VINF_SUCCESS);
	ck_assert_uint_eq(vmmdev_emu_get_displays(emu, slots, pos), 2);
	ck_assert_int_eq(pos[1].x, 1024);
}
END_TEST

#define SEAMLESS_EVENT VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST

static uint32_t query_seamless(uint32_t ack)
{
	struct vmmdev_seamless_change_request *r;

	r = new_req(VMMDEVREQ_GET_SEAMLESS_CHANGE_REQ, sizeof(*r));
	r->eventack = ack;
	ck_assert_int_eq(submit(r), VINF_SUCCESS);
	return r->mode;
}

START_TEST(test_seamless)
{
	report_guest_info();
	ck_assert_int_eq(vmmdev_emu_request_seamless(emu, 2), -EINVAL);
	ck_assert_int_eq(vmmdev_emu_request_seamless(emu, 1), 0);
	ck_assert_uint_eq(status().pending_events,
			  VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST);
	set_filter(VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST, 0);
	ck_assert_uint_eq(ack_events(), SEAMLESS_EVENT);
	ck_assert_uint_eq(query_seamless(0), 1);
	/* Not acked yet: asking again raises the event again. */
	ck_assert_int_eq(vmmdev_emu_request_seamless(emu, 1), 0);
	ck_assert_uint_eq(ack_events(), SEAMLESS_EVENT);
	ck_assert_uint_eq(query_seamless(SEAMLESS_EVENT), 1);
	ck_assert_int_eq(vmmdev_emu_request_seamless(emu, 1), 0);
	ck_assert_uint_eq(status().pending_events, 0);
	ck_assert_int_eq(vmmdev_emu_request_seamless(emu, 0), 0);
	ck_assert_uint_eq(ack_events(), SEAMLESS_EVENT);
	ck_assert_uint_eq(query_seamless(SEAMLESS_EVENT), 0);
}
END_TEST

/* ---- balloon and statistics ---------------------------------------------- */

static struct vmmdev_memballoon_change *balloon_req(bool inflate,
						    uint64_t first_page)
{
	struct vmmdev_memballoon_change *r;
	unsigned int i;

	r = new_req(VMMDEVREQ_CHANGE_MEMBALLOON, sizeof(*r));
	r->pages = VMMDEV_MEMORY_BALLOON_CHUNK_PAGES;
	r->inflate = inflate;
	for (i = 0; i < VMMDEV_MEMORY_BALLOON_CHUNK_PAGES; i++)
		r->phys_page[i] = first_page + (uint64_t)i * PAGE;
	return r;
}

START_TEST(test_balloon)
{
	struct vmmdev_memballoon_change *c;
	struct vmmdev_memballoon_info *q;
	struct vmmdev_emu_balloon b;

	report_guest_info();
	vmmdev_emu_request_balloon(emu, 3);
	ck_assert_uint_eq(status().pending_events,
			  VMMDEV_EVENT_BALLOON_CHANGE_REQUEST);
	set_filter(VMMDEV_EVENT_BALLOON_CHANGE_REQUEST, 0);
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_BALLOON_CHANGE_REQUEST);
	q = new_req(VMMDEVREQ_GET_MEMBALLOON_CHANGE_REQ, sizeof(*q));
	q->event_ack = VMMDEV_EVENT_BALLOON_CHANGE_REQUEST;
	ck_assert_int_eq(submit(q), VINF_SUCCESS);
	ck_assert_uint_eq(q->balloon_chunks, 3);
	ck_assert_uint_eq(q->phys_mem_chunks, 1024);
	vmmdev_emu_request_balloon(emu, 3);
	ck_assert_uint_eq(status().pending_events, 0);

	c = balloon_req(true, 0x200000);
	c->pages = 255;
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	c = balloon_req(true, 0x200000);
	c->phys_page[7] += 8;
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	c = balloon_req(true, 0x200000);
	c->phys_page[9] = c->phys_page[8];
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	c = balloon_req(true, 0x200000);
	c->phys_page[0] = 0;
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	vmmdev_emu_get_balloon(emu, &b);
	ck_assert_uint_eq(b.pages_held, 0);

	c = balloon_req(true, 0x200000);
	ck_assert_int_eq(submit(c), VINF_SUCCESS);
	ck_assert(vmmdev_emu_balloon_holds(emu, 0x200000 + 255 * PAGE));
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	c = balloon_req(false, 0x900000);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	c = balloon_req(false, 0x200000);
	ck_assert_int_eq(submit(c), VINF_SUCCESS);
	vmmdev_emu_get_balloon(emu, &b);
	ck_assert_uint_eq(b.pages_held, 0);
	ck_assert_uint_eq(b.inflates, 1);
	ck_assert_uint_eq(b.deflates, 1);
	ck_assert_uint_eq(b.target_mib, 3);
	ck_assert_uint_eq(b.acked_mib, 3);
}
END_TEST

START_TEST(test_balloon_ram_limit)
{
	vmmdev_emu_free(emu);
	make_emu(1);
	report_guest_info();
	ck_assert_int_eq(submit(balloon_req(true, 0x200000)), VINF_SUCCESS);
	ck_assert_int_eq(submit(balloon_req(true, 0x400000)),
			 VERR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_statistics)
{
	struct vmmdev_emu_stats_report *reports;
	struct vmmdev_stats_change_request *q;
	struct vmmdev_report_guest_stats *s;
	uint32_t interval, acked, i, n;
	uint64_t total;

	report_guest_info();
	vmmdev_emu_request_stats_interval(emu, 5);
	ck_assert_uint_eq(status().pending_events,
			  VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST);
	set_filter(VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST, 0);
	ck_assert_uint_eq(ack_events(),
			  VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST);
	q = new_req(VMMDEVREQ_GET_STATISTICS_CHANGE_REQ, sizeof(*q));
	q->event_ack = VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST;
	ck_assert_int_eq(submit(q), VINF_SUCCESS);
	ck_assert_uint_eq(q->interval, 5);
	vmmdev_emu_request_stats_interval(emu, 5);
	ck_assert_uint_eq(status().pending_events, 0);

	for (i = 0; i < 70; i++) {
		s = new_req(VMMDEVREQ_REPORT_GUEST_STATS, sizeof(*s));
		s->stats.cpu_id = i;
		s->stats.page_size = 4096;
		ck_assert_int_eq(submit(s), VINF_SUCCESS);
	}
	reports = g_new(struct vmmdev_emu_stats_report, VMMDEV_EMU_STATS_KEEP);
	n = vmmdev_emu_get_stats(emu, &interval, &acked, &total, reports);
	ck_assert_uint_eq(n, VMMDEV_EMU_STATS_KEEP);
	ck_assert_uint_eq(total, 70);
	ck_assert_uint_eq(interval, 5);
	ck_assert_uint_eq(acked, 5);
	ck_assert_uint_eq(reports[0].stats.cpu_id, 70 - VMMDEV_EMU_STATS_KEEP);
	ck_assert_uint_eq(reports[n - 1].stats.cpu_id, 69);
	ck_assert_int_gt(reports[0].time_ms, 0);
	g_free(reports);
}
END_TEST

/* ---- HGCM through the device --------------------------------------------- */

/* One parameter of a test call. */
struct tparm {
	uint32_t type; /* VMMDEV_HGCM_PARM_TYPE_* */
	uint32_t u32;
	uint64_t u64;
	void *buf; /* in the arena */
	uint32_t size;
	uint32_t flags; /* page-list / embedded direction */
};

static bool is_page_list(uint32_t type)
{
	return type == VMMDEV_HGCM_PARM_TYPE_PAGELIST ||
	       type == VMMDEV_HGCM_PARM_TYPE_CONTIGUOUS_PAGELIST ||
	       type == VMMDEV_HGCM_PARM_TYPE_NO_BOUNCE_PAGELIST;
}

static uint32_t page_count(const struct tparm *p)
{
	uint64_t first = phys_of(p->buf) & (PAGE - 1);

	if (p->type == VMMDEV_HGCM_PARM_TYPE_CONTIGUOUS_PAGELIST)
		return 1;
	return (uint32_t)((first + p->size + PAGE - 1) / PAGE);
}

/* Build an HGCM call request; page lists and embedded data follow. */
static struct vmmdev_hgcm_call *build_call(uint32_t client, uint32_t fn,
					   const struct tparm *parms,
					   unsigned int n, bool call64)
{
	uint32_t slot = call64 ? 16 : 12, size = 44 + n * slot, off, i, j;
	struct vmmdev_hgcm_call *c;
	uint8_t *req;

	for (i = 0; i < n; i++) {
		if (is_page_list(parms[i].type))
			size += 8 + 8 * page_count(&parms[i]);
		else if (parms[i].type == VMMDEV_HGCM_PARM_TYPE_EMBEDDED)
			size += (parms[i].size + 7) & ~7u;
	}
	c = new_req(call64 ? VMMDEVREQ_HGCM_CALL64 : VMMDEVREQ_HGCM_CALL32,
		    size);
	c->client_id = client;
	c->function = fn;
	c->parm_count = n;
	req = (uint8_t *)c;
	off = 44 + n * slot;
	for (i = 0; i < n; i++) {
		uint8_t *s = req + 44 + i * slot;
		const struct tparm *p = &parms[i];

		memcpy(s, &p->type, 4);
		if (p->type == VMMDEV_HGCM_PARM_TYPE_32BIT) {
			memcpy(s + 4, &p->u32, 4);
		} else if (p->type == VMMDEV_HGCM_PARM_TYPE_64BIT) {
			memcpy(s + 4, &p->u64, 8);
		} else if (is_page_list(p->type)) {
			uint64_t base = phys_of(p->buf) & ~(uint64_t)(PAGE - 1);
			uint16_t first = phys_of(p->buf) & (PAGE - 1);
			uint16_t count = (uint16_t)page_count(p);

			memcpy(s + 4, &p->size, 4);
			memcpy(s + 8, &off, 4);
			memcpy(req + off, &p->flags, 4);
			memcpy(req + off + 4, &first, 2);
			memcpy(req + off + 6, &count, 2);
			for (j = 0; j < count; j++) {
				uint64_t a = base + (uint64_t)j * PAGE;

				memcpy(req + off + 8 + 8 * j, &a, 8);
			}
			off += 8 + 8 * count;
		} else if (p->type == VMMDEV_HGCM_PARM_TYPE_EMBEDDED) {
			uint32_t word = p->flags | (off << 8);

			memcpy(s + 4, &word, 4);
			memcpy(s + 8, &p->size, 4);
			if (p->buf)
				memcpy(req + off, p->buf, p->size);
			off += (p->size + 7) & ~7u;
		} else {
			memcpy(s + 4, &p->size, 4); /* LinAddr */
		}
	}
	return c;
}

static uint32_t slot_u32(struct vmmdev_hgcm_call *c, unsigned int i,
			 unsigned int at)
{
	uint32_t slot = c->header.header.request_type == VMMDEVREQ_HGCM_CALL64 ?
				16 :
				12,
		 v;

	memcpy(&v, (uint8_t *)c + 44 + i * slot + at, 4);
	return v;
}

static uint64_t slot_u64(struct vmmdev_hgcm_call *c, unsigned int i)
{
	uint32_t slot = c->header.header.request_type == VMMDEVREQ_HGCM_CALL64 ?
				16 :
				12;
	uint64_t v;

	memcpy(&v, (uint8_t *)c + 44 + i * slot + 4, 8);
	return v;
}

static bool is_done(void *req)
{
	struct vmmdev_hgcmreq_header *h = req;

	return __atomic_load_n(&h->flags, __ATOMIC_ACQUIRE) &
	       VBOX_HGCM_REQ_DONE;
}

/* Wait (up to 5 s) for DONE; returns the result. */
static int32_t wait_done(void *req)
{
	struct vmmdev_hgcmreq_header *h = req;
	int i;

	for (i = 0; i < 5000 && !is_done(req); i++)
		g_usleep(1000);
	ck_assert_msg(is_done(req), "HGCM request not completed");
	return h->result;
}

/* Submit a call and wait for it; returns the service's result. */
static int32_t do_call(struct vmmdev_hgcm_call *c)
{
	ck_assert_int_eq(submit(c), VINF_HGCM_ASYNC_EXECUTE);
	return wait_done(c);
}

static uint32_t connect_to(const char *name, int32_t *result)
{
	struct vmmdev_hgcm_connect *c =
		new_req(VMMDEVREQ_HGCM_CONNECT, sizeof(*c));

	c->loc.type = VMMDEV_HGCM_LOC_LOCALHOST_EXISTING;
	g_strlcpy(c->loc.u.localhost.service_name, name,
		  sizeof(c->loc.u.localhost.service_name));
	c->client_id = 0xdead;
	ck_assert_int_eq(submit(c), VINF_HGCM_ASYNC_EXECUTE);
	*result = wait_done(c);
	return c->client_id;
}

static uint32_t connect_test(void)
{
	int32_t result;
	uint32_t id = connect_to(HOSTSIMTEST_SERVICE_NAME, &result);

	ck_assert_int_eq(result, VINF_SUCCESS);
	ck_assert_uint_ne(id, 0);
	return id;
}

static int32_t disconnect(uint32_t client)
{
	struct vmmdev_hgcm_disconnect *d =
		new_req(VMMDEVREQ_HGCM_DISCONNECT, sizeof(*d));

	d->client_id = client;
	ck_assert_int_eq(submit(d), VINF_HGCM_ASYNC_EXECUTE);
	return wait_done(d);
}

static void *guest_buf(size_t size, size_t align, uint8_t fill)
{
	uint8_t *p = arena_alloc(size + align, PAGE) + align;

	memset(p, fill, size);
	return p;
}

#define PL(buf_, size_, flags_)                                        \
	{                                                              \
		.type = VMMDEV_HGCM_PARM_TYPE_PAGELIST, .buf = (buf_), \
		.size = (size_), .flags = (flags_)                     \
	}
#define U32(v)                                                  \
	{                                                       \
		.type = VMMDEV_HGCM_PARM_TYPE_32BIT, .u32 = (v) \
	}
#define U64(v)                                                  \
	{                                                       \
		.type = VMMDEV_HGCM_PARM_TYPE_64BIT, .u64 = (v) \
	}
#define IN   VMMDEV_HGCM_F_PARM_DIRECTION_TO_HOST
#define OUT  VMMDEV_HGCM_F_PARM_DIRECTION_FROM_HOST
#define BOTH VMMDEV_HGCM_F_PARM_DIRECTION_BOTH

START_TEST(test_hgcm_connect)
{
	struct vmmdev_hgcm_connect *c;
	int32_t result;
	uint32_t a, b;

	report_guest_info();
	ck_assert_uint_eq(status().filter_mask & VMMDEV_EVENT_HGCM, 0);
	ck_assert_uint_eq(connect_to("NoSuchService", &result), 0);
	ck_assert_int_eq(result, VERR_HGCM_SERVICE_NOT_FOUND);
	/* HGCM traffic switched the HGCM event on; completion raised it. */
	ck_assert_uint_eq(status().filter_mask, VMMDEV_EVENT_HGCM);
	ck_assert(irq_level);
	ck_assert_uint_eq(ack_events(), VMMDEV_EVENT_HGCM);

	a = connect_test();
	b = connect_test();
	ck_assert_uint_ne(a, b);
	ck_assert_uint_ne(a, UINT32_MAX);
	ck_assert_uint_eq(hgcm_host_client_count(host), 2);
	ck_assert_int_eq(disconnect(a), VINF_SUCCESS);
	ck_assert_int_eq(disconnect(a), VERR_HGCM_INVALID_CLIENT_ID);
	ck_assert_uint_eq(hgcm_host_client_count(host), 1);

	c = new_req(VMMDEVREQ_HGCM_CONNECT, sizeof(*c));
	c->loc.type = VMMDEV_HGCM_LOC_INVALID;
	strcpy(c->loc.u.localhost.service_name, HOSTSIMTEST_SERVICE_NAME);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	c->loc.type = VMMDEV_HGCM_LOC_LOCALHOST;
	memset(c->loc.u.localhost.service_name, 'A', 128);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ck_assert(!is_done(c));
}
END_TEST

START_TEST(test_hgcm_echo_fill)
{
	uint8_t *in, *out, *big;
	struct vmmdev_hgcm_call *c;
	uint32_t client, i;

	report_guest_info();
	client = connect_test();

	/* 10000 bytes starting 100 bytes into a page: three pages. */
	in = guest_buf(10000, 100, 0);
	out = guest_buf(10000, 3000, 0x77);
	for (i = 0; i < 10000; i++)
		in[i] = (uint8_t)(i * 7);
	{
		struct tparm p[] = { PL(in, 10000, IN), PL(out, 10000, OUT) };

		c = build_call(client, HOSTSIMTEST_FN_ECHO, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_mem_eq(in, out, 10000);
	ck_assert_uint_eq(slot_u32(c, 1, 4), 10000);

	/* Too small: overflow, out size = bytes needed, nothing copied. */
	out = guest_buf(16, 0, 0x11);
	{
		struct tparm p[] = { PL(in, 100, IN), PL(out, 16, OUT) };

		c = build_call(client, HOSTSIMTEST_FN_ECHO, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VERR_BUFFER_OVERFLOW);
	ck_assert_uint_eq(slot_u32(c, 1, 4), 100);

	/* FILL into an Out buffer: the host saw zeros, not the guest's 0xab. */
	out = guest_buf(64, 8, 0xab);
	{
		struct tparm p[] = { U32(0x5c), U32(40), PL(out, 64, OUT),
				     U32(12345) };

		c = build_call(client, HOSTSIMTEST_FN_FILL, p, 4, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_uint_eq(slot_u32(c, 3, 4), 0);
	ck_assert_uint_eq(slot_u32(c, 2, 4), 40);
	ck_assert_uint_eq(out[0], 0x5c);
	ck_assert_uint_eq(out[39], 0x5c);
	/* Only min(size, capacity) bytes travel back; the rest is untouched. */
	ck_assert_uint_eq(out[40], 0xab);
	ck_assert_uint_eq(out[63], 0xab);

	/* The same through an In/Out buffer: the host saw the guest's data. */
	out = guest_buf(64, 8, 0xab);
	{
		struct tparm p[] = { U32(1), U32(10), PL(out, 64, BOTH),
				     U32(0) };

		c = build_call(client, HOSTSIMTEST_FN_FILL, p, 4, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_uint_eq(slot_u32(c, 3, 4), 64);

	/* count above capacity. */
	out = guest_buf(8, 0, 0);
	{
		struct tparm p[] = { U32(1), U32(9), PL(out, 8, OUT), U32(0) };

		c = build_call(client, HOSTSIMTEST_FN_FILL, p, 4, true);
	}
	ck_assert_int_eq(do_call(c), VERR_BUFFER_OVERFLOW);
	ck_assert_uint_eq(slot_u32(c, 2, 4), 9);

	/* A big buffer: 1 MiB across 257 pages. */
	big = guest_buf(1 << 20, 512, 0);
	{
		struct tparm p[] = { U32(0xee), U32(1 << 20),
				     PL(big, 1 << 20, OUT), U32(0) };

		c = build_call(client, HOSTSIMTEST_FN_FILL, p, 4, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_uint_eq(big[0], 0xee);
	ck_assert_uint_eq(big[(1 << 20) - 1], 0xee);
}
END_TEST

START_TEST(test_hgcm_sum_invert_add)
{
	struct vmmdev_hgcm_call *c;
	uint8_t *buf;
	uint32_t client, i;

	report_guest_info();
	client = connect_test();
	buf = guest_buf(300, 4000, 0);
	for (i = 0; i < 300; i++)
		buf[i] = (uint8_t)i;
	{
		struct tparm p[] = { PL(buf, 300, IN), U64(0) };

		c = build_call(client, HOSTSIMTEST_FN_SUM, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	{
		uint64_t sum = 0;

		for (i = 0; i < 300; i++)
			sum += (uint8_t)i;
		ck_assert_uint_eq(slot_u64(c, 1), sum);
	}
	/* The host scribbled on its copy; the guest's In buffer is intact. */
	for (i = 0; i < 300; i++)
		ck_assert_uint_eq(buf[i], (uint8_t)i);

	{
		struct tparm p[] = { PL(buf, 300, BOTH) };

		c = build_call(client, HOSTSIMTEST_FN_INVERT, p, 1, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	for (i = 0; i < 300; i++)
		ck_assert_uint_eq(buf[i], (uint8_t)~i);

	{
		struct tparm p[] = { U32(41), U64(0xfffffffffull) };

		c = build_call(client, HOSTSIMTEST_FN_ADD, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_uint_eq(slot_u32(c, 0, 4), 42);
	ck_assert_uint_eq(slot_u64(c, 1), 0x1000000000ull);

	/* The 32-bit request layout. */
	{
		struct tparm p[] = { U32(7), U64(9) };

		c = build_call(client, HOSTSIMTEST_FN_ADD, p, 2, false);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_uint_eq(slot_u32(c, 0, 4), 8);
	ck_assert_uint_eq(slot_u64(c, 1), 10);
	{
		struct tparm p[] = { PL(buf, 10, BOTH) };

		c = build_call(client, HOSTSIMTEST_FN_INVERT, p, 1, false);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_uint_eq(buf[0], 0);
	ck_assert_uint_eq(buf[9], 9);
}
END_TEST

START_TEST(test_hgcm_service_errors)
{
	struct vmmdev_hgcm_call *c;
	uint8_t *buf;
	uint32_t client;

	report_guest_info();
	client = connect_test();
	buf = guest_buf(64, 0, 1);
	{
		struct tparm p[] = { U32(1) };

		c = build_call(client, HOSTSIMTEST_FN_ADD, p, 1, true);
	}
	ck_assert_int_eq(do_call(c), VERR_WRONG_PARAMETER_COUNT);
	{
		struct tparm p[] = { U64(1), U64(2) };

		c = build_call(client, HOSTSIMTEST_FN_ADD, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VERR_WRONG_PARAMETER_TYPE);
	{
		struct tparm p[] = { U32(1), PL(buf, 64, OUT) };

		c = build_call(client, HOSTSIMTEST_FN_ECHO, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VERR_WRONG_PARAMETER_TYPE);
	/* ECHO's input must be In-only; In/Out is a direction mismatch. */
	{
		struct tparm p[] = { PL(buf, 64, BOTH), PL(buf, 64, OUT) };

		c = build_call(client, HOSTSIMTEST_FN_ECHO, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VERR_INVALID_PARAMETER);
	{
		struct tparm p[] = { PL(buf, 64, IN), PL(buf, 64, IN) };

		c = build_call(client, HOSTSIMTEST_FN_ECHO, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VERR_INVALID_PARAMETER);
	{
		struct tparm p[] = { PL(buf, 64, OUT) };

		c = build_call(client, HOSTSIMTEST_FN_INVERT, p, 1, true);
	}
	ck_assert_int_eq(do_call(c), VERR_INVALID_PARAMETER);
	{
		struct tparm p[] = { U32(1) };

		c = build_call(client, 99, p, 1, true);
	}
	ck_assert_int_eq(do_call(c), VERR_NOT_IMPLEMENTED);
	{
		struct tparm p[] = { U32(1) };

		c = build_call(client + 1000, HOSTSIMTEST_FN_DELAY, p, 1, true);
	}
	ck_assert_int_eq(do_call(c), VERR_HGCM_INVALID_CLIENT_ID);
}
END_TEST

START_TEST(test_hgcm_other_buffer_kinds)
{
	struct vmmdev_hgcm_call *c;
	uint8_t *in, *out, data[20];
	uint32_t client, i;

	report_guest_info();
	client = connect_test();
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0xa0 + i);

	/* Embedded: the data lives in the request itself. */
	{
		struct tparm p[] = {
			{ .type = VMMDEV_HGCM_PARM_TYPE_EMBEDDED,
			  .buf = data,
			  .size = 20,
			  .flags = IN },
			{ .type = VMMDEV_HGCM_PARM_TYPE_EMBEDDED,
			  .size = 24,
			  .flags = OUT },
		};

		c = build_call(client, HOSTSIMTEST_FN_ECHO, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_uint_eq(slot_u32(c, 1, 8), 20);
	ck_assert_mem_eq((uint8_t *)c + 44 + 32 + 24, data, 20);

	/* Contiguous and no-bounce page lists. */
	in = guest_buf(5000, 10, 0);
	out = guest_buf(5000, 20, 0);
	memset(in, 0x3c, 5000);
	{
		struct tparm p[] = {
			{ .type = VMMDEV_HGCM_PARM_TYPE_CONTIGUOUS_PAGELIST,
			  .buf = in,
			  .size = 5000,
			  .flags = IN },
			{ .type = VMMDEV_HGCM_PARM_TYPE_NO_BOUNCE_PAGELIST,
			  .buf = out,
			  .size = 5000,
			  .flags = OUT },
		};

		c = build_call(client, HOSTSIMTEST_FN_ECHO, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_mem_eq(in, out, 5000);

	/* Zero-size LinAddr buffers (how a driver passes empty ones). */
	{
		struct tparm p[] = {
			{ .type = VMMDEV_HGCM_PARM_TYPE_LINADDR_IN },
			{ .type = VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT },
		};

		c = build_call(client, HOSTSIMTEST_FN_ECHO, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_uint_eq(slot_u32(c, 1, 4), 0);
}
END_TEST

/* Malformed call requests: refused at submission, never queued. */
START_TEST(test_hgcm_bad_page_lists)
{
	struct vmmdev_hgcm_call *c;
	uint8_t *buf, *req;
	uint32_t client, v;
	uint64_t a;
	uint16_t w;

	report_guest_info();
	client = connect_test();
	buf = guest_buf(8192, 0, 0);
#define ECHO_CALL()                                                         \
	do {                                                                \
		struct tparm p[] = { PL(buf, 100, IN), PL(buf, 100, OUT) }; \
		c = build_call(client, HOSTSIMTEST_FN_ECHO, p, 2, true);    \
		req = (uint8_t *)c;                                         \
	} while (0)
	/* Descriptor offsets: param 0's at slot 44+4+4, value 76. */
	ECHO_CALL();
	v = 60; /* inside the parameter slots */
	memcpy(req + 44 + 8, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	v = c->header.header.size - 4; /* runs past the request */
	memcpy(req + 44 + 8, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	v = 0xfffffff0;
	memcpy(req + 44 + 8, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	v = 0; /* no direction */
	memcpy(req + 76, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_FLAGS);
	ECHO_CALL();
	v = 4; /* unknown direction bit */
	memcpy(req + 76, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_FLAGS);
	ECHO_CALL();
	w = 4096; /* first-page offset */
	memcpy(req + 80, &w, 2);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	w = 2; /* page count != ceil((offset + size) / 4096) */
	memcpy(req + 82, &w, 2);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	w = 60000; /* count larger than the request can hold */
	memcpy(req + 82, &w, 2);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	memcpy(&a, req + 84, 8);
	a += 8; /* page address not page-aligned */
	memcpy(req + 84, &a, 8);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	a = 0x1000; /* not guest memory */
	memcpy(req + 84, &a, 8);
	ck_assert_int_eq(submit(c), VERR_INVALID_POINTER);
	ECHO_CALL();
	v = 200 * 1024 * 1024; /* above the 128 MiB limit */
	memcpy(req + 44 + 4, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	v = 33; /* too many parameters */
	memcpy(req + 40, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	v = 3; /* parameter slots run past the request */
	memcpy(req + 40, &v, 4);
	c->header.header.size = 44 + 2 * 16 + 8;
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	v = VMMDEV_HGCM_PARM_TYPE_PHYSADDR;
	memcpy(req + 44, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	v = VMMDEV_HGCM_PARM_TYPE_LINADDR_KERNEL;
	memcpy(req + 44, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	ECHO_CALL();
	v = VMMDEV_HGCM_PARM_TYPE_LINADDR; /* non-empty LinAddr */
	memcpy(req + 44, &v, 4);
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
#undef ECHO_CALL

	/* Two buffers of 64 MiB + 1 page each: over 128 MiB together. */
	{
		uint32_t n = 16385, size = 44 + 2 * 16 + 2 * (8 + 8 * n), i;
		uint32_t big = n * PAGE, flags = BOTH, off;
		uint16_t cnt = (uint16_t)n, first = 0;
		uint64_t page = phys_of(buf) & ~(uint64_t)(PAGE - 1);

		c = new_req(VMMDEVREQ_HGCM_CALL64, size);
		c->client_id = client;
		c->function = HOSTSIMTEST_FN_ECHO;
		c->parm_count = 2;
		req = (uint8_t *)c;
		for (i = 0; i < 2; i++) {
			uint8_t *s = req + 44 + 16 * i;
			uint32_t t = VMMDEV_HGCM_PARM_TYPE_PAGELIST, j;

			off = 44 + 32 + i * (8 + 8 * n);
			memcpy(s, &t, 4);
			memcpy(s + 4, &big, 4);
			memcpy(s + 8, &off, 4);
			memcpy(req + off, &flags, 4);
			memcpy(req + off + 4, &first, 2);
			memcpy(req + off + 6, &cnt, 2);
			for (j = 0; j < n; j++)
				memcpy(req + off + 8 + 8 * j, &page, 8);
		}
		ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	}
	/* The client still works after all that. */
	{
		struct tparm p[] = { U32(1), U64(1) };

		c = build_call(client, HOSTSIMTEST_FN_ADD, p, 2, true);
	}
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
}
END_TEST

START_TEST(test_hgcm_delay_cancel)
{
	struct vmmdev_hgcm_cancel2 *cancel2;
	struct vmmdev_hgcm_call *c, *c2;
	uint32_t client;
	int64_t t0;

	report_guest_info();
	client = connect_test();
	{
		struct tparm p[] = { U32(50) };

		c = build_call(client, HOSTSIMTEST_FN_DELAY, p, 1, true);
	}
	t0 = g_get_monotonic_time();
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
	ck_assert_int_ge(g_get_monotonic_time() - t0, 45000);

	{
		struct tparm p[] = { U32(HOSTSIMTEST_DELAY_FOREVER) };

		c = build_call(client, HOSTSIMTEST_FN_DELAY, p, 1, true);
	}
	ck_assert_int_eq(submit(c), VINF_HGCM_ASYNC_EXECUTE);
	/* A second request at the same address while the first is pending. */
	ck_assert_int_eq(submit(c), VERR_INVALID_PARAMETER);
	c->header.header.rc = VINF_HGCM_ASYNC_EXECUTE;

	cancel2 = new_req(VMMDEVREQ_HGCM_CANCEL2, sizeof(*cancel2));
	cancel2->phys_req_to_cancel = 0;
	ck_assert_int_eq(submit(cancel2), VERR_INVALID_PARAMETER);
	cancel2->phys_req_to_cancel = (uint32_t)phys_of(c);
	ck_assert_int_eq(submit(cancel2), VINF_SUCCESS);
	ck_assert_int_eq(submit(cancel2), VERR_NOT_FOUND);
	g_usleep(100000);
	ck_assert(!is_done(c));

	/* The legacy cancel: the call's own buffer, resubmitted as type 64. */
	{
		struct tparm p[] = { U32(HOSTSIMTEST_DELAY_FOREVER) };

		c2 = build_call(client, HOSTSIMTEST_FN_DELAY, p, 1, true);
	}
	ck_assert_int_eq(submit(c2), VINF_HGCM_ASYNC_EXECUTE);
	c2->header.header.request_type = VMMDEVREQ_HGCM_CANCEL;
	c2->header.flags |= VBOX_HGCM_REQ_CANCELLED;
	ck_assert_int_eq(submit(c2), VINF_SUCCESS);
	ck_assert_int_eq(submit(c2), VERR_INVALID_PARAMETER);

	/* A cancelled request's address can carry a new call. */
	{
		struct tparm p[] = { U32(1) };

		c2 = build_call(client, HOSTSIMTEST_FN_DELAY, p, 1, true);
	}
	memcpy(c, c2, c2->header.header.size);
	ck_assert_int_eq(do_call(c), VINF_SUCCESS);
}
END_TEST

static void count_cancelled(const char *service, int64_t function,
			    const char *fn_name,
			    const struct hgcm_service_stats *st_svc,
			    const struct hgcm_fn_stats *st_fn, void *opaque)
{
	uint64_t *out = opaque;

	(void)st_svc;
	if (strcmp(service, HOSTSIMTEST_SERVICE_NAME) != 0 ||
	    function != HOSTSIMTEST_FN_DELAY)
		return;
	ck_assert_str_eq(fn_name, "DELAY");
	out[0] = st_fn->calls;
	out[1] = st_fn->cancelled;
	out[2] = st_fn->ok;
}

START_TEST(test_hgcm_disconnect_cancels)
{
	struct vmmdev_hgcm_call *c[3];
	uint64_t counts[3] = { 0 };
	uint32_t client;
	int i;

	report_guest_info();
	client = connect_test();
	for (i = 0; i < 3; i++) {
		struct tparm p[] = { U32(HOSTSIMTEST_DELAY_FOREVER) };

		c[i] = build_call(client, HOSTSIMTEST_FN_DELAY, p, 1, true);
		ck_assert_int_eq(submit(c[i]), VINF_HGCM_ASYNC_EXECUTE);
	}
	ck_assert_int_eq(disconnect(client), VINF_SUCCESS);
	g_usleep(50000);
	for (i = 0; i < 3; i++)
		ck_assert(!is_done(c[i]));
	hgcm_host_foreach_stats(host, count_cancelled, counts);
	ck_assert_uint_eq(counts[0], 3);
	ck_assert_uint_eq(counts[1], 3);
	ck_assert_uint_eq(counts[2], 0);
	ck_assert_uint_eq(hgcm_host_client_count(host), 0);
	hgcm_host_reset_stats(host);
	counts[0] = 99;
	hgcm_host_foreach_stats(host, count_cancelled, counts);
	ck_assert_uint_eq(counts[0], 99); /* no DELAY line any more */
}
END_TEST

/* ---- the framework directly ---------------------------------------------- */

/*
 * A service that keeps its calls for the test to finish.  Its cancel
 * callback waits until the test releases it, so the test can complete a
 * call while the cancellation is still under way.
 */
static struct hgcm_call *held_call;
static unsigned int held_cancels;
static bool cancel_release;
static GMutex held_lock;
static GCond held_cond;

static void held_service_call(struct hgcm_service *svc,
			      struct hgcm_client *client,
			      struct hgcm_call *call, uint32_t function,
			      unsigned int parm_count)
{
	(void)svc;
	(void)client;
	(void)function;
	(void)parm_count;
	g_mutex_lock(&held_lock);
	held_call = call;
	g_mutex_unlock(&held_lock);
}

static void held_service_cancel(struct hgcm_service *svc,
				struct hgcm_client *client,
				struct hgcm_call *call)
{
	(void)svc;
	(void)client;
	g_mutex_lock(&held_lock);
	if (call == held_call)
		held_cancels++;
	while (!cancel_release)
		g_cond_wait(&held_cond, &held_lock);
	g_mutex_unlock(&held_lock);
}

static void release_cancels(void)
{
	g_mutex_lock(&held_lock);
	cancel_release = true;
	g_cond_broadcast(&held_cond);
	g_mutex_unlock(&held_lock);
}

static const struct hgcm_service_ops held_ops = {
	.name = "Held",
	.call = held_service_call,
	.cancel = held_service_cancel,
};

struct done_record {
	unsigned int calls;
	int32_t result;
	uint32_t id;
};

static void record_done(struct hgcm_call *call, void *opaque)
{
	struct done_record *r = opaque;

	r->calls++;
	r->result = hgcm_call_result(call);
	r->id = hgcm_call_connected_id(call);
}

static void wait_records(struct done_record *r, unsigned int n)
{
	int i;

	for (i = 0; i < 5000; i++) {
		if (__atomic_load_n(&r->calls, __ATOMIC_ACQUIRE) >= n)
			break;
		g_usleep(1000);
	}
	ck_assert_uint_eq(r->calls, n);
}

static struct hgcm_call *wait_held(void)
{
	struct hgcm_call *call = NULL;
	int i;

	for (i = 0; i < 5000 && !call; i++) {
		g_mutex_lock(&held_lock);
		call = held_call;
		g_mutex_unlock(&held_lock);
		if (!call)
			g_usleep(1000);
	}
	ck_assert_ptr_nonnull(call);
	return call;
}

static void bump(void *data)
{
	(*(int *)data)++;
}

START_TEST(test_framework_cancel_race)
{
	struct done_record conn = { 0 }, rec = { 0 };
	struct hgcm_call *m, *held;
	int counter = 0;

	held_call = NULL;
	held_cancels = 0;
	cancel_release = false;
	ck_assert_int_eq(hgcm_host_register(host, &held_ops, NULL, NULL),
			 VINF_SUCCESS);
	ck_assert_int_eq(hgcm_host_register(host, &held_ops, NULL, NULL),
			 VERR_HGCM_SERVICE_EXISTS);
	hgcm_host_run_sync(host, bump, &counter);
	ck_assert_int_eq(counter, 1);

	m = hgcm_call_new_connect("Held", 0);
	hgcm_call_set_done(m, record_done, &conn, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 1), VINF_SUCCESS);
	wait_records(&conn, 1);
	ck_assert_int_eq(conn.result, VINF_SUCCESS);

	m = hgcm_call_new_call(conn.id, 3, 0, 0);
	hgcm_call_set_done(m, record_done, &rec, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 2), VINF_SUCCESS);
	held = wait_held();
	ck_assert(!hgcm_call_is_cancelled(held));
	ck_assert_int_eq(hgcm_host_cancel(host, 2), VINF_SUCCESS);
	ck_assert(hgcm_call_is_cancelled(held));
	/* The service completes while the cancellation is under way. */
	hgcm_call_complete(held, VINF_SUCCESS);
	release_cancels();
	hgcm_host_run_sync(host, bump, &counter); /* cancel ran by now */
	ck_assert_uint_eq(held_cancels, 1);
	ck_assert_uint_eq(rec.calls, 0);
	ck_assert_int_eq(hgcm_host_cancel(host, 2), VERR_NOT_FOUND);

	/* A normal completion from another thread than the service's. */
	held_call = NULL;
	m = hgcm_call_new_call(conn.id, 3, 0, 0);
	hgcm_call_set_done(m, record_done, &rec, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 3), VINF_SUCCESS);
	held = wait_held();
	hgcm_call_complete(held, VERR_TRY_AGAIN);
	wait_records(&rec, 1);
	ck_assert_int_eq(rec.result, VERR_TRY_AGAIN);
	ck_assert_int_eq(hgcm_host_cancel(host, 3), VERR_NOT_FOUND);

	/* A call the service still holds is cancelled at shutdown. */
	held_call = NULL;
	m = hgcm_call_new_call(conn.id, 3, 0, 0);
	hgcm_call_set_done(m, record_done, &rec, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 4), VINF_SUCCESS);
	wait_held();
	hgcm_host_free(host);
	host = NULL;
	ck_assert_uint_eq(held_cancels, 2);
	ck_assert_uint_eq(rec.calls, 1);
	host = hgcm_host_new();
}
END_TEST

START_TEST(test_framework_limits)
{
	static const struct hgcm_service_ops no_call = { .name = "X" };
	static const struct hgcm_service_ops empty_name = {
		.name = "",
		.call = held_service_call,
	};
	struct hgcm_call *m;
	struct hgcm_parm *p;

	ck_assert_int_eq(hgcm_host_register(host, &no_call, NULL, NULL),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(hgcm_host_register(host, &empty_name, NULL, NULL),
			 VERR_INVALID_PARAMETER);
	ck_assert_ptr_null(hgcm_call_new_call(1, 1, HGCM_MAX_PARMS + 1, 0));

	m = hgcm_call_new_call(1, 1, 2, 0);
	p = hgcm_call_parms(m);
	p[0].type = HGCM_PARM_BUF;
	p[0].dir = HGCM_DIR_IN;
	p[0].capacity = HGCM_MAX_DATA_SIZE;
	p[1].type = HGCM_PARM_BUF;
	p[1].dir = HGCM_DIR_IN;
	p[1].capacity = 1;
	ck_assert_int_eq(hgcm_host_submit(host, m, 1), VERR_INVALID_PARAMETER);
}
END_TEST

/* ---- faults ---------------------------------------------------------------- */

/* The drop hook: "closes" a connection when there is one. */
static bool drop_possible;
static unsigned int drops;

static bool test_drop(void *opaque)
{
	(void)opaque;
	if (drop_possible)
		drops++;
	return drop_possible;
}

static void use_faults(void)
{
	faults = fault_table_new();
	fault_table_set_drop(faults, test_drop, NULL);
	vmmdev_emu_set_faults(emu, faults);
	hgcm_host_set_faults(host, faults);
	drop_possible = false;
	drops = 0;
}

static unsigned int arm_request(uint32_t type, uint32_t count,
				enum fault_action action, int32_t value)
{
	struct fault_spec spec = {
		.target = FAULT_TARGET_REQUEST,
		.request_type = type,
		.count = count,
		.verdict = { .action = action },
	};
	unsigned int id;

	if (action == FAULT_STATUS)
		spec.verdict.status = value;
	else
		spec.verdict.delay_ms = (uint32_t)value;
	ck_assert_int_eq(fault_table_add(faults, &spec, &id), 0);
	return id;
}

static unsigned int arm_call(const char *service, uint32_t function,
			     enum fault_action action, int32_t value)
{
	struct fault_spec spec = {
		.target = FAULT_TARGET_HGCM,
		.service = (char *)service,
		.function = function,
		.count = 1,
		.verdict = { .action = action },
	};
	unsigned int id;

	if (action == FAULT_STATUS)
		spec.verdict.status = value;
	else
		spec.verdict.delay_ms = (uint32_t)value;
	ck_assert_int_eq(fault_table_add(faults, &spec, &id), 0);
	return id;
}

static uint32_t fired(unsigned int id)
{
	struct fault_info *info;
	unsigned int n, i;
	uint32_t count = UINT32_MAX;

	info = fault_table_list(faults, &n);
	for (i = 0; i < n; i++) {
		if (info[i].id == id)
			count = info[i].fired;
	}
	fault_info_free(info, n);
	return count;
}

/* The table: order, counts, the drop hook, the limit, shutdown. */
START_TEST(test_fault_table)
{
	struct fault_verdict v;
	unsigned int a, b, c, i, id;

	use_faults();
	ck_assert_int_eq(fault_check_request(NULL, 4).action, FAULT_NONE);
	a = arm_request(4, 2, FAULT_STATUS, VERR_NOT_SUPPORTED);
	b = arm_request(4, 1, FAULT_STATUS, VERR_TRY_AGAIN);
	ck_assert_uint_gt(b, a);
	/* The first that matches and has not fired COUNT times fires. */
	v = fault_check_request(faults, 4);
	ck_assert_int_eq(v.action, FAULT_STATUS);
	ck_assert_int_eq(v.status, VERR_NOT_SUPPORTED);
	ck_assert_int_eq(fault_check_request(faults, 10).action, FAULT_NONE);
	ck_assert_int_eq(fault_check_request(faults, 4).status,
			 VERR_NOT_SUPPORTED);
	ck_assert_int_eq(fault_check_request(faults, 4).status, VERR_TRY_AGAIN);
	ck_assert_int_eq(fault_check_request(faults, 4).action, FAULT_NONE);
	ck_assert_uint_eq(fired(a), 2);
	ck_assert_uint_eq(fired(b), 1);

	/* A drop needs a connection to close; without one the next fires. */
	c = arm_request(10, 1, FAULT_DROP, 0);
	arm_request(10, 1, FAULT_STATUS, VERR_TIMEOUT);
	ck_assert_int_eq(fault_check_request(faults, 10).status, VERR_TIMEOUT);
	ck_assert_uint_eq(fired(c), 0);
	drop_possible = true;
	ck_assert_int_eq(fault_check_request(faults, 10).action, FAULT_DROP);
	ck_assert_uint_eq(drops, 1);
	ck_assert_uint_eq(fired(c), 1);

	/* HGCM faults match service and function exactly. */
	arm_call("HostSimTest", 1, FAULT_DELAY, 5);
	ck_assert_int_eq(fault_check_hgcm(faults, "HostSimTest", 2).action,
			 FAULT_NONE);
	ck_assert_int_eq(fault_check_hgcm(faults, "hostsimtest", 1).action,
			 FAULT_NONE);
	v = fault_check_hgcm(faults, "HostSimTest", 1);
	ck_assert_int_eq(v.action, FAULT_DELAY);
	ck_assert_uint_eq(v.delay_ms, 5);

	/* At most FAULT_MAX, until cleared; numbers are not reused. */
	ck_assert_uint_eq(fault_table_clear(faults), 5);
	for (i = 0; i < FAULT_MAX; i++)
		arm_request(4, 1, FAULT_DROP, 0);
	ck_assert_int_eq(fault_table_add(faults,
					 &(struct fault_spec){ .count = 1 },
					 &id),
			 -ENOSPC);
	ck_assert_uint_eq(fault_table_clear(faults), FAULT_MAX);
	ck_assert_uint_gt(arm_request(4, 1, FAULT_STATUS, -1), c + FAULT_MAX);

	/* Shut down: nothing fires, delays end at once, unfinished. */
	fault_table_shutdown(faults);
	ck_assert_int_eq(fault_check_request(faults, 4).action, FAULT_NONE);
	ck_assert(!fault_wait(faults, 60000));
}
END_TEST

/* Request faults where the device dispatches. */
START_TEST(test_fault_requests)
{
	struct vmmdev_host_version *hv;
	unsigned int id;
	int64_t t0;

	use_faults();
	report_guest_info();
	id = arm_request(VMMDEVREQ_GET_HOST_VERSION, 1, FAULT_STATUS,
			 VERR_NOT_SUPPORTED);
	hv = new_req(VMMDEVREQ_GET_HOST_VERSION, sizeof(*hv));
	ck_assert_int_eq(submit(hv), VERR_NOT_SUPPORTED);
	/* Not handled at all: nothing but the status is written. */
	ck_assert_uint_eq(hv->major, 0);
	ck_assert_int_eq(submit(hv), VINF_SUCCESS);
	ck_assert_uint_eq(hv->major, 7);
	ck_assert_uint_eq(fired(id), 1);

	/* Unknown or malformed requests never reach the faults. */
	arm_request(VMMDEVREQ_GET_HOST_VERSION, 1, FAULT_STATUS, -1);
	ck_assert_int_eq(send_type(VMMDEVREQ_GET_HOST_VERSION, 23), UNTOUCHED);
	ck_assert_int_eq(send_type(999, 24), VERR_NOT_IMPLEMENTED);
	ck_assert_int_eq(send_type(VMMDEVREQ_GET_HOST_VERSION, 24), -1);

	id = arm_request(VMMDEVREQ_GET_HOST_VERSION, 1, FAULT_DELAY, 50);
	t0 = g_get_monotonic_time();
	ck_assert_int_eq(submit(hv), VINF_SUCCESS);
	ck_assert_int_ge(g_get_monotonic_time() - t0, 45000);
	ck_assert_uint_eq(fired(id), 1);

	/* A drop: the request stays unanswered. */
	drop_possible = true;
	arm_request(VMMDEVREQ_GET_HOST_VERSION, 1, FAULT_DROP, 0);
	hv->header.rc = UNTOUCHED;
	ck_assert_int_eq(submit(hv), UNTOUCHED);
	ck_assert_uint_eq(drops, 1);
}
END_TEST

/*
 * Call faults: a status completes the call without the service, a delay
 * hands it over later, a cancelled delayed call never reaches the service
 * (nor its cancel callback), a drop discards the call at submission.
 */
START_TEST(test_fault_calls)
{
	struct done_record conn = { 0 }, rec = { 0 };
	struct hgcm_call *m;
	int64_t t0;
	int counter = 0;

	held_call = NULL;
	held_cancels = 0;
	cancel_release = true;
	use_faults();
	ck_assert_int_eq(hgcm_host_register(host, &held_ops, NULL, NULL),
			 VINF_SUCCESS);
	m = hgcm_call_new_connect("Held", 0);
	hgcm_call_set_done(m, record_done, &conn, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 1), VINF_SUCCESS);
	wait_records(&conn, 1);

	arm_call("Held", 3, FAULT_STATUS, VERR_ACCESS_DENIED);
	m = hgcm_call_new_call(conn.id, 3, 0, 0);
	hgcm_call_set_done(m, record_done, &rec, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 2), VINF_SUCCESS);
	wait_records(&rec, 1);
	ck_assert_int_eq(rec.result, VERR_ACCESS_DENIED);
	ck_assert_ptr_null(held_call);

	arm_call("Held", 3, FAULT_DELAY, 100);
	t0 = g_get_monotonic_time();
	m = hgcm_call_new_call(conn.id, 3, 0, 0);
	hgcm_call_set_done(m, record_done, &rec, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 3), VINF_SUCCESS);
	hgcm_host_run_sync(host, bump, &counter);
	ck_assert_ptr_null(held_call);
	hgcm_call_complete(wait_held(), VINF_SUCCESS);
	ck_assert_int_ge(g_get_monotonic_time() - t0, 95000);
	wait_records(&rec, 2);
	ck_assert_int_eq(rec.result, VINF_SUCCESS);

	held_call = NULL;
	arm_call("Held", 3, FAULT_DELAY, 100);
	m = hgcm_call_new_call(conn.id, 3, 0, 0);
	hgcm_call_set_done(m, record_done, &rec, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 4), VINF_SUCCESS);
	hgcm_host_run_sync(host, bump, &counter);
	ck_assert_int_eq(hgcm_host_cancel(host, 4), VINF_SUCCESS);
	g_usleep(200 * 1000);
	hgcm_host_run_sync(host, bump, &counter);
	ck_assert_ptr_null(held_call);
	ck_assert_uint_eq(held_cancels, 0);
	ck_assert_uint_eq(rec.calls, 2);

	drop_possible = true;
	arm_call("Held", 3, FAULT_DROP, 0);
	m = hgcm_call_new_call(conn.id, 3, 0, 0);
	hgcm_call_set_done(m, record_done, &rec, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 5), VERR_INTERRUPTED);
	ck_assert_uint_eq(drops, 1);
	hgcm_host_run_sync(host, bump, &counter);
	ck_assert_ptr_null(held_call);

	/* A delayed call still waiting when the host shuts down. */
	arm_call("Held", 3, FAULT_DELAY, 60000);
	m = hgcm_call_new_call(conn.id, 3, 0, 0);
	hgcm_call_set_done(m, record_done, &rec, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, 6), VINF_SUCCESS);
	hgcm_host_run_sync(host, bump, &counter);
	hgcm_host_free(host);
	host = NULL;
	ck_assert_uint_eq(held_cancels, 0);
	ck_assert_uint_eq(rec.calls, 2);
	host = hgcm_host_new();
}
END_TEST

static Suite *emu_suite(void)
{
	Suite *s = suite_create("vmmdev_emu");
	TCase *tc;

	tc = tcase_create("requests");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_header_rules);
	tcase_add_test(tc, test_additions_gate);
	tcase_add_loop_test(tc, test_exact_sizes, 0, G_N_ELEMENTS(exact_sizes));
	tcase_add_test(tc, test_min_sizes);
	tcase_add_test(tc, test_guest_info2);
	tcase_add_test(tc, test_guest_status);
	tcase_add_test(tc, test_user_state);
	tcase_add_test(tc, test_misc_requests);
	suite_add_tcase(s, tc);

	tc = tcase_create("events");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_events_irq);
	tcase_add_test(tc, test_filter_keeps_hgcm);
	suite_add_tcase(s, tc);

	tc = tcase_create("display");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_display_pending_ack);
	tcase_add_test(tc, test_display_multi);
	tcase_add_test(tc, test_display_request_set);
	tcase_add_test(tc, test_video_requests);
	tcase_add_test(tc, test_seamless);
	suite_add_tcase(s, tc);

	tc = tcase_create("balloon_stats");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_balloon);
	tcase_add_test(tc, test_balloon_ram_limit);
	tcase_add_test(tc, test_statistics);
	suite_add_tcase(s, tc);

	tc = tcase_create("hgcm");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hgcm_connect);
	tcase_add_test(tc, test_hgcm_echo_fill);
	tcase_add_test(tc, test_hgcm_sum_invert_add);
	tcase_add_test(tc, test_hgcm_service_errors);
	tcase_add_test(tc, test_hgcm_other_buffer_kinds);
	tcase_add_test(tc, test_hgcm_bad_page_lists);
	tcase_add_test(tc, test_hgcm_delay_cancel);
	tcase_add_test(tc, test_hgcm_disconnect_cancels);
	suite_add_tcase(s, tc);

	tc = tcase_create("framework");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_framework_cancel_race);
	tcase_add_test(tc, test_framework_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("faults");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fault_table);
	tcase_add_test(tc, test_fault_requests);
	tcase_add_test(tc, test_fault_calls);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(emu_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
