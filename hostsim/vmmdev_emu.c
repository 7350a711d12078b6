// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The emulated VMMDev: the request port, the request table, events and the
 * interrupt line, and the guest's reports (version, guest info, facility
 * status, capabilities, mouse, heartbeat, power, log strings).
 *
 * A request is processed the way the real host does it
 * (docs/protocol/vmmdev.md §2):
 * header first (size and version wrong -> untouched), size limit, the
 * "additions OK" gate, then a private copy of the whole request goes
 * through its handler and is written back with the rc.  HGCM requests are
 * the exception: they are answered asynchronously, so only their rc is
 * written at submission (vmmdev_hgcm.c).
 */
#include "config.h"

#include "hostsim/vmmdev_emu_priv.h"
#include "hostsim/fault.h"
#include "hostsim/hgcm_host.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum vmmdev_size_rule {
	SIZE_EXACT, /* header.size == size */
	SIZE_MIN,   /* header.size >= size; the handler checks the rest */
	SIZE_ANY,   /* any size (header-only requests) */
};

typedef int32_t (*vmmdev_hgcm_handler)(struct vmmdev_emu *emu, void *guest,
				       uint32_t size, uint64_t phys);

/* One request type the device answers. */
struct vmmdev_req_type {
	uint32_t type;
	const char *name;
	enum vmmdev_size_rule rule;
	uint32_t size;
	bool before_guest_info;	    /* allowed before guest info */
	vmmdev_req_handler handler; /* copied and locked */
	vmmdev_hgcm_handler hgcm;   /* in place, unlocked */
};

static int32_t req_get_mouse_status(struct vmmdev_emu *emu, void *req,
				    uint32_t size);
static int32_t req_set_mouse_status(struct vmmdev_emu *emu, void *req,
				    uint32_t size);
static int32_t req_set_pointer_shape(struct vmmdev_emu *emu, void *req,
				     uint32_t size);
static int32_t req_get_host_version(struct vmmdev_emu *emu, void *req,
				    uint32_t size);
static int32_t req_idle(struct vmmdev_emu *emu, void *req, uint32_t size);
static int32_t req_get_host_time(struct vmmdev_emu *emu, void *req,
				 uint32_t size);
static int32_t req_get_hypervisor_info(struct vmmdev_emu *emu, void *req,
				       uint32_t size);
static int32_t req_set_hypervisor_info(struct vmmdev_emu *emu, void *req,
				       uint32_t size);
static int32_t req_set_power_status(struct vmmdev_emu *emu, void *req,
				    uint32_t size);
static int32_t req_ack_events(struct vmmdev_emu *emu, void *req, uint32_t size);
static int32_t req_filter_mask(struct vmmdev_emu *emu, void *req,
			       uint32_t size);
static int32_t req_guest_info(struct vmmdev_emu *emu, void *req, uint32_t size);
static int32_t req_report_caps(struct vmmdev_emu *emu, void *req,
			       uint32_t size);
static int32_t req_set_caps(struct vmmdev_emu *emu, void *req, uint32_t size);
static int32_t req_guest_info2(struct vmmdev_emu *emu, void *req,
			       uint32_t size);
static int32_t req_guest_status(struct vmmdev_emu *emu, void *req,
				uint32_t size);
static int32_t req_user_state(struct vmmdev_emu *emu, void *req, uint32_t size);
static int32_t req_log_string(struct vmmdev_emu *emu, void *req, uint32_t size);
static int32_t req_session_id(struct vmmdev_emu *emu, void *req, uint32_t size);
static int32_t req_write_core_dump(struct vmmdev_emu *emu, void *req,
				   uint32_t size);
static int32_t req_heartbeat(struct vmmdev_emu *emu, void *req, uint32_t size);
static int32_t req_heartbeat_configure(struct vmmdev_emu *emu, void *req,
				       uint32_t size);
static int32_t req_get_mouse_status_ex(struct vmmdev_emu *emu, void *req,
				       uint32_t size);

#define REQ(t, n, r, s, h)                                          \
	{                                                           \
		.type = (t), .name = (n), .rule = (r), .size = (s), \
		.handler = (h)                                      \
	}
#define REQ_EARLY(t, n, r, s, h)                                    \
	{                                                           \
		.type = (t), .name = (n), .rule = (r), .size = (s), \
		.handler = (h), .before_guest_info = true           \
	}
#define REQ_HGCM(t, n, s, h)                                             \
	{                                                                \
		.type = (t), .name = (n), .rule = SIZE_MIN, .size = (s), \
		.hgcm = (h)                                              \
	}
#define SZ(s) ((uint32_t)sizeof(struct s))

/*
 * Every request type this device answers, with its size rule
 * (docs/protocol/vmmdev.md §3).  Types not listed get VERR_NOT_IMPLEMENTED,
 * as from a host without the feature: credentials, CPU hot-plug, page
 * sharing, VBVA.
 */
static const struct vmmdev_req_type vmmdev_req_types[] = {
	REQ(VMMDEVREQ_GET_MOUSE_STATUS, "GetMouseStatus", SIZE_EXACT,
	    SZ(vmmdev_mouse_status), req_get_mouse_status),
	REQ(VMMDEVREQ_SET_MOUSE_STATUS, "SetMouseStatus", SIZE_EXACT,
	    SZ(vmmdev_mouse_status), req_set_mouse_status),
	REQ(VMMDEVREQ_SET_POINTER_SHAPE, "SetPointerShape", SIZE_MIN, 48,
	    req_set_pointer_shape),
	REQ_EARLY(VMMDEVREQ_GET_HOST_VERSION, "GetHostVersion", SIZE_EXACT,
		  SZ(vmmdev_host_version), req_get_host_version),
	REQ(VMMDEVREQ_IDLE, "Idle", SIZE_ANY, 0, req_idle),
	REQ(VMMDEVREQ_GET_HOST_TIME, "GetHostTime", SIZE_EXACT,
	    SZ(vmmdev_host_time), req_get_host_time),
	REQ(VMMDEVREQ_GET_HYPERVISOR_INFO, "GetHypervisorInfo", SIZE_EXACT,
	    SZ(vmmdev_hypervisorinfo), req_get_hypervisor_info),
	REQ(VMMDEVREQ_SET_HYPERVISOR_INFO, "SetHypervisorInfo", SIZE_EXACT,
	    SZ(vmmdev_hypervisorinfo), req_set_hypervisor_info),
	REQ(VMMDEVREQ_SET_POWER_STATUS, "SetPowerStatus", SIZE_EXACT,
	    SZ(vmmdev_power_state), req_set_power_status),
	REQ(VMMDEVREQ_ACKNOWLEDGE_EVENTS, "AcknowledgeEvents", SIZE_EXACT,
	    SZ(vmmdev_events), req_ack_events),
	REQ(VMMDEVREQ_CTL_GUEST_FILTER_MASK, "CtlGuestFilterMask", SIZE_EXACT,
	    SZ(vmmdev_mask), req_filter_mask),
	REQ_EARLY(VMMDEVREQ_REPORT_GUEST_INFO, "ReportGuestInfo", SIZE_EXACT,
		  SZ(vmmdev_guest_info), req_guest_info),
	REQ(VMMDEVREQ_GET_DISPLAY_CHANGE_REQ, "GetDisplayChangeRequest",
	    SIZE_EXACT, SZ(vmmdev_display_change_request),
	    vmmdev_req_display_change),
	REQ(VMMDEVREQ_VIDEMODE_SUPPORTED, "VideoModeSupported", SIZE_EXACT,
	    SZ(vmmdev_video_mode_supported), vmmdev_req_video_mode_supported),
	REQ(VMMDEVREQ_GET_HEIGHT_REDUCTION, "GetHeightReduction", SIZE_EXACT,
	    SZ(vmmdev_height_reduction), vmmdev_req_height_reduction),
	REQ(VMMDEVREQ_GET_DISPLAY_CHANGE_REQ2, "GetDisplayChangeRequest2",
	    SIZE_EXACT, SZ(vmmdev_display_change_request2),
	    vmmdev_req_display_change2),
	REQ(VMMDEVREQ_REPORT_GUEST_CAPABILITIES, "ReportGuestCapabilities",
	    SIZE_EXACT, SZ(vmmdev_guest_caps), req_report_caps),
	REQ(VMMDEVREQ_SET_GUEST_CAPABILITIES, "SetGuestCapabilities",
	    SIZE_EXACT, SZ(vmmdev_set_guest_caps), req_set_caps),
	REQ(VMMDEVREQ_VIDEMODE_SUPPORTED2, "VideoModeSupported2", SIZE_EXACT,
	    SZ(vmmdev_video_mode_supported2), vmmdev_req_video_mode_supported2),
	REQ_EARLY(VMMDEVREQ_REPORT_GUEST_INFO2, "ReportGuestInfo2", SIZE_EXACT,
		  SZ(vmmdev_guest_info2), req_guest_info2),
	REQ(VMMDEVREQ_REPORT_GUEST_STATUS, "ReportGuestStatus", SIZE_EXACT,
	    SZ(vmmdev_guest_status), req_guest_status),
	REQ(VMMDEVREQ_REPORT_GUEST_USER_STATE, "ReportGuestUserState", SIZE_MIN,
	    VMMDEV_USER_STATE_MIN_SIZE, req_user_state),
	REQ_HGCM(VMMDEVREQ_HGCM_CONNECT, "HGCMConnect", SZ(vmmdev_hgcm_connect),
		 vmmdev_hgcm_connect),
	REQ_HGCM(VMMDEVREQ_HGCM_DISCONNECT, "HGCMDisconnect",
		 SZ(vmmdev_hgcm_disconnect), vmmdev_hgcm_disconnect),
	REQ_HGCM(VMMDEVREQ_HGCM_CALL32, "HGCMCall32", SZ(vmmdev_hgcm_call),
		 vmmdev_hgcm_call),
	REQ_HGCM(VMMDEVREQ_HGCM_CALL64, "HGCMCall64", SZ(vmmdev_hgcm_call),
		 vmmdev_hgcm_call),
	REQ_HGCM(VMMDEVREQ_HGCM_CANCEL, "HGCMCancel", SZ(vmmdev_hgcm_cancel),
		 vmmdev_hgcm_cancel),
	REQ_HGCM(VMMDEVREQ_HGCM_CANCEL2, "HGCMCancel2", SZ(vmmdev_hgcm_cancel2),
		 vmmdev_hgcm_cancel2),
	REQ(VMMDEVREQ_VIDEO_SET_VISIBLE_REGION, "VideoSetVisibleRegion",
	    SIZE_MIN,
	    (uint32_t)offsetof(struct vmmdev_video_set_visible_region, rects),
	    vmmdev_req_visible_region),
	REQ(VMMDEVREQ_GET_SEAMLESS_CHANGE_REQ, "GetSeamlessChangeRequest",
	    SIZE_EXACT, SZ(vmmdev_seamless_change_request),
	    vmmdev_req_seamless_change),
	REQ(VMMDEVREQ_GET_DISPLAY_CHANGE_REQEX, "GetDisplayChangeRequestEx",
	    SIZE_EXACT, SZ(vmmdev_display_change_request_ex),
	    vmmdev_req_display_change_ex),
	REQ(VMMDEVREQ_GET_DISPLAY_CHANGE_REQ_MULTI,
	    "GetDisplayChangeRequestMulti", SIZE_MIN,
	    SZ(vmmdev_display_change_request_multi),
	    vmmdev_req_display_change_multi),
	REQ(VMMDEVREQ_REPORT_GUEST_STATS, "ReportGuestStats", SIZE_EXACT,
	    SZ(vmmdev_report_guest_stats), vmmdev_req_report_stats),
	REQ(VMMDEVREQ_GET_MEMBALLOON_CHANGE_REQ, "GetMemBalloonChangeRequest",
	    SIZE_EXACT, SZ(vmmdev_memballoon_info), vmmdev_req_balloon_change),
	REQ(VMMDEVREQ_GET_STATISTICS_CHANGE_REQ, "GetStatisticsChangeRequest",
	    SIZE_EXACT, SZ(vmmdev_stats_change_request),
	    vmmdev_req_stats_change),
	REQ(VMMDEVREQ_CHANGE_MEMBALLOON, "ChangeMemBalloon", SIZE_MIN,
	    (uint32_t)offsetof(struct vmmdev_memballoon_change, phys_page),
	    vmmdev_req_change_balloon),
	REQ(VMMDEVREQ_GET_VRDPCHANGE_REQ, "GetVRDPChangeRequest", SIZE_EXACT,
	    SZ(vmmdev_vrdp_change_request), vmmdev_req_vrdp_change),
	REQ(VMMDEVREQ_LOG_STRING, "LogString", SIZE_MIN, SZ(vmmdev_log_string),
	    req_log_string),
	REQ(VMMDEVREQ_GET_SESSION_ID, "GetSessionId", SIZE_EXACT,
	    SZ(vmmdev_session_id), req_session_id),
	REQ_EARLY(VMMDEVREQ_WRITE_COREDUMP, "WriteCoreDump", SIZE_EXACT,
		  SZ(vmmdev_write_core_dump), req_write_core_dump),
	REQ(VMMDEVREQ_GUEST_HEARTBEAT, "GuestHeartbeat", SIZE_ANY, 0,
	    req_heartbeat),
	REQ(VMMDEVREQ_HEARTBEAT_CONFIGURE, "HeartbeatConfigure", SIZE_EXACT,
	    SZ(vmmdev_heartbeat), req_heartbeat_configure),
	REQ(VMMDEVREQ_VIDEO_UPDATE_MONITOR_POSITIONS,
	    "VideoUpdateMonitorPositions", SIZE_MIN,
	    (uint32_t)offsetof(struct vmmdev_video_update_monitor_positions,
			       positions),
	    vmmdev_req_monitor_positions),
	REQ(VMMDEVREQ_GET_MOUSE_STATUS_EX, "GetMouseStatusEx", SIZE_EXACT,
	    SZ(vmmdev_mouse_status_ex), req_get_mouse_status_ex),
};

static const struct vmmdev_req_type *find_req_type(uint32_t type)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(vmmdev_req_types); i++) {
		if (vmmdev_req_types[i].type == type)
			return &vmmdev_req_types[i];
	}
	return NULL;
}

const char *vmmdev_emu_request_name(uint32_t type)
{
	const struct vmmdev_req_type *t = find_req_type(type);

	return t ? t->name : NULL;
}

bool vmmdev_emu_request_by_name(const char *name, uint32_t *type)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(vmmdev_req_types); i++) {
		if (g_ascii_strcasecmp(vmmdev_req_types[i].name, name) == 0) {
			*type = vmmdev_req_types[i].type;
			return true;
		}
	}
	return false;
}

/* ---- events and the interrupt line --------------------------------------- */

/*
 * The line follows (pending & filter), but only once the guest reported
 * its additions: before that the real host keeps events pending without
 * interrupting.  have_events in the MMIO area mirrors the line.
 */
static void update_irq_locked(struct vmmdev_emu *emu)
{
	bool level = emu->additions_ok &&
		     (emu->pending_events & emu->filter_mask) != 0;

	__atomic_store_n(&emu->mmio->V.V1_04.have_events, level ? 1 : 0,
			 __ATOMIC_RELEASE);
	if (level != emu->irq_asserted) {
		emu->irq_asserted = level;
		emu->plat.set_irq(emu->plat.opaque, level);
	}
}

void vmmdev_emu_raise_locked(struct vmmdev_emu *emu, uint32_t events)
{
	emu->pending_events |= events & VMMDEV_EVENT_VALID_EVENT_MASK;
	update_irq_locked(emu);
}

void vmmdev_emu_raise_events(struct vmmdev_emu *emu, uint32_t events)
{
	g_mutex_lock(&emu->lock);
	vmmdev_emu_raise_locked(emu, events);
	g_mutex_unlock(&emu->lock);
}

static uint32_t ack_events_locked(struct vmmdev_emu *emu)
{
	uint32_t events = emu->pending_events & emu->filter_mask;

	emu->pending_events &= ~events;
	update_irq_locked(emu);
	return events;
}

uint32_t vmmdev_emu_fast_ack(struct vmmdev_emu *emu)
{
	uint32_t events = UINT32_MAX;

	g_mutex_lock(&emu->lock);
	if (emu->additions_ok)
		events = ack_events_locked(emu);
	g_mutex_unlock(&emu->lock);
	return events;
}

int64_t vmmdev_emu_utc_ms(void)
{
	return g_get_real_time() / 1000;
}

/* ---- the request port ---------------------------------------------------- */

static void write_rc(void *guest, int32_t rc)
{
	struct vmmdev_request_header *hdr = guest;

	__atomic_store_n(&hdr->rc, rc, __ATOMIC_RELEASE);
}

static bool size_ok(const struct vmmdev_req_type *t, uint32_t size)
{
	switch (t->rule) {
	case SIZE_EXACT:
		return size == t->size;
	case SIZE_MIN:
		return size >= t->size;
	default:
		return true;
	}
}

static void run_copied(struct vmmdev_emu *emu, const struct vmmdev_req_type *t,
		       void *guest, uint32_t size)
{
	struct vmmdev_request_header *copy = g_malloc(size);
	int32_t rc;

	memcpy(copy, guest, size);
	if (!size_ok(t, size)) {
		rc = VERR_INVALID_PARAMETER;
	} else {
		g_mutex_lock(&emu->lock);
		rc = t->handler(emu, copy, size);
		g_mutex_unlock(&emu->lock);
	}
	copy->rc = rc;
	memcpy(guest, copy, size);
	g_free(copy);
}

static void warn_bad_address(struct vmmdev_emu *emu, uint64_t phys,
			     uint32_t size)
{
	bool first;

	g_mutex_lock(&emu->lock);
	first = !emu->warned_bad_address;
	emu->warned_bad_address = true;
	g_mutex_unlock(&emu->lock);
	if (first)
		g_warning(
			"VMMDev request at %#" G_GINT64_MODIFIER
			"x (%u bytes) is outside guest request memory; ignored (logged once)",
			phys, size);
}

/**
 * apply_fault - what a fault armed for this request type does (fault.h):
 * fail the request with its status, hold the port write for its delay, or
 * leave the request unanswered once its guest connection is gone (or the
 * host shut down during the delay).
 * @emu: the device
 * @t: the request's table entry
 * @guest: the request in guest memory
 *
 * Return: true if the request is to be handled as usual now.
 */
static bool apply_fault(struct vmmdev_emu *emu, const struct vmmdev_req_type *t,
			void *guest)
{
	struct fault_verdict v = fault_check_request(emu->faults, t->type);

	switch (v.action) {
	case FAULT_STATUS:
		write_rc(guest, v.status);
		return false;
	case FAULT_DELAY:
		/* Requests behind this one go on meanwhile. */
		if (emu->plat.stall)
			emu->plat.stall(emu->plat.opaque);
		return fault_wait(emu->faults, v.delay_ms);
	case FAULT_DROP:
		return false;
	default:
		return true;
	}
}

/*
 * The request port.  The header decides whether the request is answered
 * at all; then the table entry decides its size rule and handler.
 */
void vmmdev_emu_submit(struct vmmdev_emu *emu, uint32_t phys)
{
	const struct vmmdev_req_type *t;
	struct vmmdev_request_header hdr;
	bool additions_ok;
	void *guest;

	guest = emu->plat.req_ptr(emu->plat.opaque, phys, sizeof(hdr));
	if (!guest) {
		warn_bad_address(emu, phys, sizeof(hdr));
		return;
	}
	memcpy(&hdr, guest, sizeof(hdr));
	/* A broken header is not answered at all (rc stays as pre-filled). */
	if (hdr.size < sizeof(hdr) ||
	    hdr.version != VMMDEV_REQUEST_HEADER_VERSION)
		return;
	if (hdr.size > VMMDEV_MAX_VMMDEVREQ_SIZE) {
		write_rc(guest, VERR_NOT_SUPPORTED);
		return;
	}
	guest = emu->plat.req_ptr(emu->plat.opaque, phys, hdr.size);
	if (!guest) {
		warn_bad_address(emu, phys, hdr.size);
		guest = emu->plat.req_ptr(emu->plat.opaque, phys, sizeof(hdr));
		write_rc(guest, VERR_INVALID_PARAMETER);
		return;
	}

	t = find_req_type(hdr.request_type);
	g_mutex_lock(&emu->lock);
	additions_ok = emu->additions_ok;
	g_mutex_unlock(&emu->lock);
	if (!additions_ok && !(t && t->before_guest_info)) {
		write_rc(guest, VERR_NOT_SUPPORTED);
		return;
	}
	if (!t) {
		g_debug("VMMDev request type %u is not implemented",
			hdr.request_type);
		write_rc(guest, VERR_NOT_IMPLEMENTED);
		return;
	}
	if (!apply_fault(emu, t, guest))
		return;
	if (t->hgcm) {
		write_rc(guest, size_ok(t, hdr.size) ?
					t->hgcm(emu, guest, hdr.size, phys) :
					VERR_INVALID_PARAMETER);
		return;
	}
	run_copied(emu, t, guest, hdr.size);
}

/* ---- version, time, session ---------------------------------------------- */

static int32_t req_get_host_version(struct vmmdev_emu *emu, void *req,
				    uint32_t size)
{
	struct vmmdev_host_version *r = req;

	(void)size;
	r->major = emu->cfg.host_major;
	r->minor = emu->cfg.host_minor;
	r->build = emu->cfg.host_build;
	r->revision = emu->cfg.host_revision;
	r->features = VMMDEV_EMU_HOST_FEATURES;
	return VINF_SUCCESS;
}

static int32_t req_idle(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	const struct vmmdev_request_header *hdr = req;

	(void)emu;
	(void)size;
	/* The real host halts the vCPU once and leaves rc as it was. */
	return hdr->rc;
}

static int32_t req_get_host_time(struct vmmdev_emu *emu, void *req,
				 uint32_t size)
{
	struct vmmdev_host_time *r = req;

	(void)size;
	r->time_ms = (uint64_t)(vmmdev_emu_utc_ms() + emu->host_time_offset_ms);
	return VINF_SUCCESS;
}

static int32_t req_session_id(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	struct vmmdev_session_id *r = req;

	(void)size;
	r->session_id = emu->session_id;
	return VINF_SUCCESS;
}

static int32_t req_get_hypervisor_info(struct vmmdev_emu *emu, void *req,
				       uint32_t size)
{
	struct vmmdev_hypervisorinfo *r = req;

	(void)emu;
	(void)size;
	/* No raw-mode hypervisor area on a hardware-virtualised host. */
	r->hypervisor_size = 0;
	return VINF_SUCCESS;
}

static int32_t req_set_hypervisor_info(struct vmmdev_emu *emu, void *req,
				       uint32_t size)
{
	const struct vmmdev_hypervisorinfo *r = req;

	(void)emu;
	(void)size;
	if (r->hypervisor_start == 0 || r->hypervisor_size == 0)
		return VINF_SUCCESS;
	return VERR_TRY_AGAIN;
}

static int32_t req_set_power_status(struct vmmdev_emu *emu, void *req,
				    uint32_t size)
{
	const struct vmmdev_power_state *r = req;

	(void)size;
	switch (r->power_state) {
	case VMMDEV_POWER_STATE_PAUSE:
		g_message("guest asks to pause the VM");
		break;
	case VMMDEV_POWER_STATE_POWER_OFF:
		g_message("guest asks to power the VM off");
		break;
	case VMMDEV_POWER_STATE_SAVE_STATE:
		/* Like a host where guest-triggered saving is not allowed. */
		g_message("guest asks to save the VM state; declined");
		emu->power_request = r->power_state;
		return VERR_ACCESS_DENIED;
	default:
		return VERR_INVALID_PARAMETER;
	}
	emu->power_request = r->power_state;
	return VINF_SUCCESS;
}

static int32_t req_write_core_dump(struct vmmdev_emu *emu, void *req,
				   uint32_t size)
{
	(void)emu;
	(void)req;
	(void)size;
	/* Guest core dumps are disabled on this host. */
	return VERR_ACCESS_DENIED;
}

static int32_t req_log_string(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	const struct vmmdev_log_string *r = req;
	const char *text = r->text;
	g_autofree char *escaped = NULL;
	size_t text_len = size - offsetof(struct vmmdev_log_string, text);

	if (text[text_len - 1] != '\0')
		return VERR_INVALID_PARAMETER;
	escaped = g_strescape(text, NULL);
	g_message("guest log: %s", escaped);
	emu->log_strings++;
	return VINF_SUCCESS;
}

/* ---- events and capabilities --------------------------------------------- */

static int32_t req_ack_events(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	struct vmmdev_events *r = req;

	(void)size;
	r->events = ack_events_locked(emu);
	return VINF_SUCCESS;
}

static int32_t req_filter_mask(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	const struct vmmdev_mask *r = req;

	(void)size;
	/* The guest cannot switch HGCM completion notifications off. */
	emu->filter_mask |= r->or_mask;
	emu->filter_mask &= ~(r->not_mask & ~(uint32_t)VMMDEV_EVENT_HGCM);
	update_irq_locked(emu);
	return VINF_SUCCESS;
}

static int32_t req_report_caps(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	const struct vmmdev_guest_caps *r = req;

	(void)size;
	/* The legacy request implies graphics support. */
	emu->guest_caps = r->caps | VMMDEV_GUEST_SUPPORTS_GRAPHICS;
	return VINF_SUCCESS;
}

static int32_t req_set_caps(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	const struct vmmdev_set_guest_caps *r = req;

	(void)size;
	emu->guest_caps = (emu->guest_caps | r->or_mask) & ~r->not_mask;
	return VINF_SUCCESS;
}

/* ---- mouse --------------------------------------------------------------- */

/* Every mouse feature bit, the guest's and the host's. */
#define VMMDEV_MOUSE_MASK (VMMDEV_MOUSE_GUEST_MASK | VMMDEV_MOUSE_HOST_MASK)

static int32_t req_get_mouse_status(struct vmmdev_emu *emu, void *req,
				    uint32_t size)
{
	struct vmmdev_mouse_status *r = req;

	(void)size;
	r->mouse_features = emu->mouse_features & VMMDEV_MOUSE_MASK;
	r->pointer_pos_x = emu->mouse_x;
	r->pointer_pos_y = emu->mouse_y;
	return VINF_SUCCESS;
}

static int32_t req_get_mouse_status_ex(struct vmmdev_emu *emu, void *req,
				       uint32_t size)
{
	struct vmmdev_mouse_status_ex *r = req;

	req_get_mouse_status(emu, &r->core, size);
	r->dz = 0;
	r->dw = 0;
	r->buttons = 0;
	return VINF_SUCCESS;
}

static int32_t req_set_mouse_status(struct vmmdev_emu *emu, void *req,
				    uint32_t size)
{
	const struct vmmdev_mouse_status *r = req;

	(void)size;
	emu->mouse_features &= ~(uint32_t)VMMDEV_MOUSE_GUEST_MASK;
	emu->mouse_features |= r->mouse_features & VMMDEV_MOUSE_GUEST_MASK;
	return VINF_SUCCESS;
}

static int32_t req_set_pointer_shape(struct vmmdev_emu *emu, void *req,
				     uint32_t size)
{
	const struct vmmdev_pointer_shape *r = req;
	uint64_t and_mask, need;

	(void)emu;
	/* A 48-byte request carries no shape. */
	if (size == 48 || !(r->flags & VMMDEV_POINTER_SHAPE))
		return VINF_SUCCESS;
	if (r->width > 8192 || r->height > 8192)
		return VERR_INVALID_PARAMETER;
	and_mask = ((uint64_t)r->width + 7) / 8 * r->height;
	need = sizeof(*r) + ((and_mask + 3) & ~(uint64_t)3) +
	       (uint64_t)r->width * 4 * r->height;
	if (need > size)
		return VERR_INVALID_PARAMETER;
	return VINF_SUCCESS;
}

/* ---- guest info and status ----------------------------------------------- */

static bool interface_version_ok(uint32_t v)
{
	return (v >> 16) == VMMDEV_VERSION_MAJOR &&
	       (v & 0xffff) <= VMMDEV_VERSION_MINOR;
}

static int32_t req_guest_info(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	const struct vmmdev_guest_info *r = req;

	(void)size;
	emu->guest_info = *r;
	emu->have_guest_info = true;
	emu->additions_ok = interface_version_ok(r->interface_version);
	update_irq_locked(emu);
	if (!emu->additions_ok) {
		g_warning("guest reported interface version %#x; refused",
			  r->interface_version);
		return VERR_VERSION_MISMATCH;
	}
	g_info("guest additions: interface %#x, OS type %#x",
	       r->interface_version, r->os_type);
	return VINF_SUCCESS;
}

static bool is_build_tag(const char *tag)
{
	static const char *const prefixes[] = { "RC", "BETA", "ALPHA" };
	size_t i, n;

	for (i = 0; i < G_N_ELEMENTS(prefixes); i++) {
		n = strlen(prefixes[i]);
		if (strncmp(tag, prefixes[i], n) != 0)
			continue;
		tag += n;
		if (*tag == '\0')
			return true;
		/* An optional decimal number that fits in 8 bits. */
		n = strspn(tag, "0123456789");
		return n > 0 && n <= 3 && tag[n] == '\0' && atoi(tag) <= 255;
	}
	return false;
}

static bool is_publisher_tag(const char *tag)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "abcdefghijklmnopqrstuvwxyz"
				 "0123456789()[]{}+-.,";

	return tag[strspn(tag, ok)] == '\0';
}

/**
 * version_suffix_ok - check what follows "major.minor.build" in the
 * additions name: nothing, "_TAG" or "_BUILDTAG_PUBLISHERTAG".
 *
 * Return: true if the suffix is well-formed.
 */
static bool version_suffix_ok(const char *s)
{
	char buf[128];
	char *second;

	if (*s == '\0')
		return true;
	if (*s != '_')
		return false;
	g_strlcpy(buf, s + 1, sizeof(buf));
	second = strchr(buf, '_');
	if (!second)
		return is_build_tag(buf) || is_publisher_tag(buf);
	*second++ = '\0';
	return is_build_tag(buf) && is_publisher_tag(second);
}

static bool strict_name_check(const struct vmmdev_guest_info2 *r)
{
	return r->additions_major > 4 ||
	       (r->additions_major == 4 && r->additions_minor > 1) ||
	       (r->additions_major == 4 && r->additions_minor == 1 &&
		r->additions_build >= 50);
}

/**
 * req_guest_info2 - ReportGuestInfo2: the additions version and name,
 * validated as the real host does (docs/protocol/vmmdev.md §6).

 *
 * Return: VINF_SUCCESS, VERR_INVALID_PARAMETER or VERR_OUT_OF_RANGE.
 */
static int32_t req_guest_info2(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	const struct vmmdev_guest_info2 *r = req;
	char prefix[64];
	bool suffix_ok;
	int n;

	(void)size;
	if (r->additions_major < 3)
		return VERR_INVALID_PARAMETER;
	if (r->additions_major > 255 || r->additions_minor > 255 ||
	    r->additions_build > 65535)
		return VERR_OUT_OF_RANGE;
	if (!memchr(r->name, '\0', sizeof(r->name)))
		return VERR_INVALID_PARAMETER;
	n = g_snprintf(prefix, sizeof(prefix), "%u.%u.%u", r->additions_major,
		       r->additions_minor, r->additions_build);
	if (strncmp(r->name, prefix, (size_t)n) != 0)
		return VERR_INVALID_PARAMETER;

	suffix_ok = version_suffix_ok(r->name + n);
	if (!suffix_ok && strict_name_check(r))
		return VERR_INVALID_PARAMETER;
	emu->guest_info2 = *r;
	/* Older additions: the host drops an unparsable suffix. */
	if (!suffix_ok)
		emu->guest_info2.name[n] = '\0';
	emu->have_guest_info2 = true;
	g_info("guest additions %s r%u, features %#x", emu->guest_info2.name,
	       r->additions_revision, r->additions_features);
	return VINF_SUCCESS;
}

/* Facilities the host always lists, as the real host creates them. */
static const uint32_t fixed_facilities[] = {
	VBOXGUEST_FACILITY_TYPE_VBOXGUEST_DRIVER,
	VBOXGUEST_FACILITY_TYPE_AUTO_LOGON,
	VBOXGUEST_FACILITY_TYPE_VBOX_SERVICE,
	VBOXGUEST_FACILITY_TYPE_VBOX_TRAY_CLIENT,
	VBOXGUEST_FACILITY_TYPE_SEAMLESS,
	VBOXGUEST_FACILITY_TYPE_GRAPHICS,
};

/**
 * facility_entry - find or add a facility entry (the table stays sorted
 * by facility).  A full table first drops one inactive entry that is not
 * fixed.
 *
 * Return: the entry, or NULL if the table is full.
 */
static struct vmmdev_emu_facility *facility_entry(struct vmmdev_emu *emu,
						  uint32_t facility, bool fixed)
{
	unsigned int i, n = emu->facility_count;

	for (i = 0; i < n; i++) {
		if (emu->facilities[i].facility == facility)
			return &emu->facilities[i];
	}
	if (n == VMMDEV_EMU_MAX_FACILITIES) {
		for (i = n; i-- > 0;) {
			if (emu->facilities[i].status == 0 &&
			    !emu->facility_fixed[i])
				break;
		}
		if (i == UINT_MAX)
			return NULL;
		memmove(&emu->facilities[i], &emu->facilities[i + 1],
			(n - i - 1) * sizeof(emu->facilities[0]));
		memmove(&emu->facility_fixed[i], &emu->facility_fixed[i + 1],
			(n - i - 1) * sizeof(emu->facility_fixed[0]));
		n--;
	}
	for (i = 0; i < n && emu->facilities[i].facility < facility; i++)
		;
	memmove(&emu->facilities[i + 1], &emu->facilities[i],
		(n - i) * sizeof(emu->facilities[0]));
	memmove(&emu->facility_fixed[i + 1], &emu->facility_fixed[i],
		(n - i) * sizeof(emu->facility_fixed[0]));
	memset(&emu->facilities[i], 0, sizeof(emu->facilities[0]));
	emu->facilities[i].facility = facility;
	emu->facility_fixed[i] = fixed;
	emu->facility_count = n + 1;
	return &emu->facilities[i];
}

static int32_t req_guest_status(struct vmmdev_emu *emu, void *req,
				uint32_t size)
{
	const struct vmmdev_guest_status *r = req;
	struct vmmdev_emu_facility *f;
	int64_t now = vmmdev_emu_utc_ms();
	unsigned int i;

	(void)size;
	if (r->facility == VBOXGUEST_FACILITY_TYPE_UNKNOWN ||
	    r->facility > VBOXGUEST_FACILITY_TYPE_ALL)
		return VERR_INVALID_PARAMETER;
	if (r->status > 0xffff)
		return VERR_OUT_OF_RANGE;

	if (r->facility == VBOXGUEST_FACILITY_TYPE_ALL) {
		for (i = 0; i < emu->facility_count; i++) {
			emu->facilities[i].status = r->status;
			emu->facilities[i].flags = r->flags;
			emu->facilities[i].time_ms = now;
		}
		return VINF_SUCCESS;
	}
	f = facility_entry(emu, r->facility, false);
	if (!f) {
		g_warning("facility table full; facility %u status %u dropped",
			  r->facility, r->status);
		return VERR_OUT_OF_RESOURCES;
	}
	f->status = r->status;
	f->flags = r->flags;
	f->time_ms = now;
	g_debug("facility %u: status %u", r->facility, r->status);
	return VINF_SUCCESS;
}

/*
 * A string field of ReportGuestUserState: size bytes at p with a NUL among
 * them, valid UTF-8 up to it.
 */
static int32_t user_state_string(const char *p, uint32_t size)
{
	if (!size || !memchr(p, '\0', size))
		return VERR_INVALID_PARAMETER;
	if (!g_utf8_validate(p, -1, NULL))
		return VERR_INVALID_UTF8_ENCODING;
	return VINF_SUCCESS;
}

/**
 * req_user_state - ReportGuestUserState: a user's state, with the real
 * host's checks (sizes, a non-empty user name, NUL-terminated UTF-8 names,
 * everything inside the request).  The details stay opaque; only their
 * size is kept.
 *
 * Return: VINF_SUCCESS, VERR_TOO_MUCH_DATA, VERR_INVALID_PARAMETER or
 * VERR_INVALID_UTF8_ENCODING.
 */
static int32_t req_user_state(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	const struct vmmdev_guest_user_state *r = req;
	const char *p = (const char *)req + sizeof(*r);
	uint32_t left = size - (uint32_t)sizeof(*r);
	struct vmmdev_emu_user_state *us = &emu->user_state;
	int32_t rc;

	if (size > VMMDEV_USER_STATE_MAX_SIZE ||
	    r->user_size > VMMDEV_USER_STATE_MAX_USER ||
	    r->domain_size > VMMDEV_USER_STATE_MAX_DOMAIN ||
	    r->details_size > VMMDEV_USER_STATE_MAX_DETAILS)
		return VERR_TOO_MUCH_DATA;
	if (r->user_size > left)
		return VERR_INVALID_PARAMETER;
	rc = user_state_string(p, r->user_size);
	if (rc < 0)
		return rc;
	left -= r->user_size;
	if (r->domain_size > left)
		return VERR_INVALID_PARAMETER;
	if (r->domain_size) {
		rc = user_state_string(p + r->user_size, r->domain_size);
		if (rc < 0)
			return rc;
	}
	if (r->details_size > left - r->domain_size)
		return VERR_INVALID_PARAMETER;

	us->reports++;
	us->state = r->state;
	g_strlcpy(us->user, p, sizeof(us->user));
	g_strlcpy(us->domain, r->domain_size ? p + r->user_size : "",
		  sizeof(us->domain));
	us->details_size = r->details_size;
	g_debug("guest user state %u", r->state);
	return VINF_SUCCESS;
}

/* ---- heartbeat ----------------------------------------------------------- */

static int32_t req_heartbeat(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	(void)req;
	(void)size;
	if (emu->heartbeat_enabled) {
		emu->heartbeats++;
		emu->last_heartbeat_us = g_get_monotonic_time();
	}
	return VINF_SUCCESS;
}

static int32_t req_heartbeat_configure(struct vmmdev_emu *emu, void *req,
				       uint32_t size)
{
	struct vmmdev_heartbeat *r = req;
	bool enable = r->enabled != 0;

	(void)size;
	r->interval_ns = VMMDEV_EMU_HEARTBEAT_NS;
	if (enable != emu->heartbeat_enabled) {
		emu->heartbeat_enabled = enable;
		if (enable)
			emu->last_heartbeat_us = g_get_monotonic_time();
		g_debug("heartbeat %s", enable ? "enabled" : "disabled");
	}
	return VINF_SUCCESS;
}

/* ---- lifetime and host-side reads ---------------------------------------- */

static uint64_t new_session_id(void)
{
	uint64_t id;

	do {
		id = ((uint64_t)g_random_int() << 32) | g_random_int();
	} while (id == 0);
	return id;
}

struct vmmdev_emu *vmmdev_emu_new(const struct vmmdev_emu_config *cfg,
				  const struct vmmdev_emu_platform *plat,
				  struct hgcm_host *hgcm)
{
	struct vmmdev_emu *emu = g_new0(struct vmmdev_emu, 1);
	size_t i;

	g_mutex_init(&emu->lock);
	g_cond_init(&emu->visible_cond);
	emu->cfg = *cfg;
	emu->plat = *plat;
	emu->hgcm = hgcm;
	emu->mmio = g_malloc0(VMMDEV_EMU_MMIO_SIZE);
	emu->mmio->size = VMMDEV_EMU_MMIO_SIZE;
	emu->mmio->version = VMMDEV_MEMORY_VERSION;
	emu->session_id = new_session_id();
	emu->mouse_features = VMMDEV_EMU_HOST_MOUSE;
	emu->last_heartbeat_us = -1;
	emu->balloon_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal,
						   g_free, NULL);
	for (i = 0; i < G_N_ELEMENTS(fixed_facilities); i++)
		facility_entry(emu, fixed_facilities[i], true);
	for (i = 0; i < VMMDEV_MAX_DISPLAYS; i++) {
		emu->displays[i].host.id_display = (uint32_t)i;
		emu->displays[i].acked.id_display = (uint32_t)i;
	}
	return emu;
}

void vmmdev_emu_free(struct vmmdev_emu *emu)
{
	if (!emu)
		return;
	vmmdev_display_free(emu);
	g_hash_table_destroy(emu->balloon_pages);
	g_free(emu->mmio);
	g_cond_clear(&emu->visible_cond);
	g_mutex_clear(&emu->lock);
	g_free(emu);
}

void vmmdev_emu_set_host_time_offset(struct vmmdev_emu *emu, int64_t offset_ms)
{
	g_mutex_lock(&emu->lock);
	emu->host_time_offset_ms = offset_ms;
	g_mutex_unlock(&emu->lock);
}

void vmmdev_emu_restore(struct vmmdev_emu *emu)
{
	uint64_t id;

	g_mutex_lock(&emu->lock);
	do {
		id = new_session_id();
	} while (id == emu->session_id);
	emu->session_id = id;
	emu->restores++;
	g_mutex_unlock(&emu->lock);
}

void vmmdev_emu_set_faults(struct vmmdev_emu *emu, struct fault_table *ft)
{
	emu->faults = ft;
}

struct vmmdev_memory *vmmdev_emu_mmio(struct vmmdev_emu *emu)
{
	return emu->mmio;
}

void vmmdev_emu_get_status(struct vmmdev_emu *emu, struct vmmdev_emu_status *st)
{
	memset(st, 0, sizeof(*st));
	g_mutex_lock(&emu->lock);
	st->session_id = emu->session_id;
	st->restores = emu->restores;
	st->host_time_offset_ms = emu->host_time_offset_ms;
	st->additions_ok = emu->additions_ok;
	st->have_guest_info = emu->have_guest_info;
	st->interface_version = emu->guest_info.interface_version;
	st->os_type = emu->guest_info.os_type;
	st->have_guest_info2 = emu->have_guest_info2;
	st->additions_major = emu->guest_info2.additions_major;
	st->additions_minor = emu->guest_info2.additions_minor;
	st->additions_build = emu->guest_info2.additions_build;
	st->additions_revision = emu->guest_info2.additions_revision;
	st->additions_features = emu->guest_info2.additions_features;
	memcpy(st->additions_name, emu->guest_info2.name,
	       sizeof(st->additions_name));
	st->facility_count = emu->facility_count;
	memcpy(st->facilities, emu->facilities, sizeof(st->facilities));
	st->pending_events = emu->pending_events;
	st->filter_mask = emu->filter_mask;
	st->irq_asserted = emu->irq_asserted;
	st->guest_caps = emu->guest_caps;
	st->mouse_features = emu->mouse_features & VMMDEV_MOUSE_MASK;
	st->heartbeat_enabled = emu->heartbeat_enabled;
	st->heartbeat_interval_ns = VMMDEV_EMU_HEARTBEAT_NS;
	st->heartbeats = emu->heartbeats;
	st->last_heartbeat_ms =
		emu->last_heartbeat_us < 0 ?
			-1 :
			(g_get_monotonic_time() - emu->last_heartbeat_us) /
				1000;
	st->seamless_mode = emu->seamless_mode;
	st->seamless_acked = emu->seamless_acked;
	st->power_request = emu->power_request;
	st->log_strings = emu->log_strings;
	st->user_state = emu->user_state;
	g_mutex_unlock(&emu->lock);
}
