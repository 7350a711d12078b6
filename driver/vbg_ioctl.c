// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioctl entry: one table says, for every command, its number, its
 * sizes, which way its payload goes and who handles it.  The entry checks
 * the header against the table before it allocates anything, copies in only
 * what the command reads, and copies out only what it writes.
 *
 * Sizes let the ABI grow: an input shorter than the buffer reads as
 * zero-filled, an output is truncated to what the caller asked for.
 */
#include <linux/ioctl.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "vbg_core_internal.h"

/* Numbers the mainline driver also accepts for LOG and VMMDEV_REQUEST_BIG. */
#define VBG_IOCTL_VMMDEV_REQUEST_BIG_ALT _IOC(_IOC_READ | _IOC_WRITE, 'V', 3, 0)
#define VBG_IOCTL_LOG_ALT(s)		 _IOC(_IOC_READ | _IOC_WRITE, 'V', 9, s)

#define VBG_HDR_SIZE	   sizeof(struct vbg_ioctl_hdr)
#define VBG_IN_SIZE(type)  (VBG_HDR_SIZE + sizeof_field(type, u.in))
#define VBG_OUT_SIZE(type) (VBG_HDR_SIZE + sizeof_field(type, u.out))

/* The header is always read and written back (it carries rc). */
#define VBG_IOC_IN	 BIT(0) /* reads the payload after the header */
#define VBG_IOC_OUT	 BIT(1) /* writes the payload after the header */
#define VBG_IOC_SIZED_NR BIT(2) /* the number carries the size */
#define VBG_IOC_VAR_SIZE BIT(3) /* sizes are checked by ->check */
#define VBG_IOC_VMMDEV	 BIT(4) /* the buffer is a VMMDev request */

/**
 * struct vbg_ioctl_desc - one command of the ioctl table.
 * @cmd: the number; with VBG_IOC_SIZED_NR its size field is zero here
 * @flags: VBG_IOC_*
 * @size_in: exact size_in of a fixed-size command
 * @size_out: exact size_out (0 means size_in) of a fixed-size command
 * @check: for variable sizes, validates the header before any allocation
 * @handler: does the work on the kernel copy of the argument
 * @name: for log messages
 */
struct vbg_ioctl_desc {
	unsigned int cmd;
	u32 flags;
	u32 size_in;
	u32 size_out;
	int (*check)(const struct vbg_ioctl_hdr *hdr);
	int (*handler)(struct vbg_session *session, void *data);
	const char *name;
};

static int vbg_ioctl_driver_version_info(struct vbg_session *session,
					 void *data)
{
	struct vbg_ioctl_driver_version_info *info = data;
	u32 req_version = info->u.in.req_version;
	u32 min_version = info->u.in.min_version;

	if (min_version > req_version ||
	    (min_version >> 16) != (req_version >> 16))
		return -EINVAL;

	if (min_version <= VBG_IOC_VERSION &&
	    (min_version >> 16) == (VBG_IOC_VERSION >> 16)) {
		info->u.out.session_version = VBG_IOC_VERSION;
	} else {
		info->u.out.session_version = U32_MAX;
		info->hdr.rc = VERR_VERSION_MISMATCH;
	}
	info->u.out.driver_version = VBG_IOC_VERSION;
	info->u.out.driver_revision = 0;
	info->u.out.reserved1 = 0;
	info->u.out.reserved2 = 0;
	return 0;
}

/* Who may send a VMMDev request type through VMMDEV_REQUEST. */
enum vbg_req_access {
	VBG_REQ_NOBODY, /* driver-internal or has its own ioctl */
	VBG_REQ_ANYONE,
	VBG_REQ_TRUSTED, /* /dev/vboxguest only, not /dev/vboxuser */
};

/**
 * vbg_req_access - the pass-through allow-list.
 * @type: the VMMDev request type
 *
 * ReportGuestCapabilities (55) is allowed for anyone: both upstream drivers
 * read its caps word as if it were a facility, and no caps value matches a
 * restricted facility, so in effect it always passes.
 *
 * Return: who may send @type.
 */
static enum vbg_req_access vbg_req_access(u32 type)
{
	switch (type) {
	case VMMDEVREQ_GET_MOUSE_STATUS:
	case VMMDEVREQ_SET_MOUSE_STATUS:
	case VMMDEVREQ_SET_POINTER_SHAPE:
	case VMMDEVREQ_GET_HOST_VERSION:
	case VMMDEVREQ_IDLE:
	case VMMDEVREQ_GET_HOST_TIME:
	case VMMDEVREQ_SET_POWER_STATUS:
	case VMMDEVREQ_ACKNOWLEDGE_EVENTS:
	case VMMDEVREQ_CTL_GUEST_FILTER_MASK:
	case VMMDEVREQ_GET_DISPLAY_CHANGE_REQ:
	case VMMDEVREQ_VIDEMODE_SUPPORTED:
	case VMMDEVREQ_GET_HEIGHT_REDUCTION:
	case VMMDEVREQ_GET_DISPLAY_CHANGE_REQ2:
	case VMMDEVREQ_REPORT_GUEST_CAPABILITIES:
	case VMMDEVREQ_VIDEMODE_SUPPORTED2:
	case VMMDEVREQ_REPORT_GUEST_STATUS:
	case VMMDEVREQ_VIDEO_ACCEL_ENABLE:
	case VMMDEVREQ_VIDEO_ACCEL_FLUSH:
	case VMMDEVREQ_VIDEO_SET_VISIBLE_REGION:
	case VMMDEVREQ_GET_SEAMLESS_CHANGE_REQ:
	case VMMDEVREQ_GET_DISPLAY_CHANGE_REQEX:
	case VMMDEVREQ_GET_DISPLAY_CHANGE_REQ_MULTI:
	case VMMDEVREQ_GET_VRDPCHANGE_REQ:
	case VMMDEVREQ_LOG_STRING:
	case VMMDEVREQ_GET_SESSION_ID:
	case VMMDEVREQ_VIDEO_UPDATE_MONITOR_POSITIONS:
		return VBG_REQ_ANYONE;
	case VMMDEVREQ_REPORT_GUEST_USER_STATE:
	case VMMDEVREQ_QUERY_CREDENTIALS:
	case VMMDEVREQ_REPORT_CREDENTIALS_JUDGEMENT:
	case VMMDEVREQ_REPORT_GUEST_STATS:
	case VMMDEVREQ_GET_STATISTICS_CHANGE_REQ:
	case VMMDEVREQ_GET_CPU_HOTPLUG_REQ:
	case VMMDEVREQ_SET_CPU_HOTPLUG_STATUS:
	case VMMDEVREQ_REGISTER_SHARED_MODULE:
	case VMMDEVREQ_UNREGISTER_SHARED_MODULE:
	case VMMDEVREQ_CHECK_SHARED_MODULES:
	case VMMDEVREQ_GET_PAGE_SHARING_STATUS:
	case VMMDEVREQ_DEBUG_IS_PAGE_SHARED:
	case VMMDEVREQ_WRITE_COREDUMP:
		return VBG_REQ_TRUSTED;
	default:
		return VBG_REQ_NOBODY;
	}
}

/* VMMDEV_REQUEST: the same size both ways, at most 1 MiB, a real type. */
static int vbg_ioctl_vmmdev_request_check(const struct vbg_ioctl_hdr *hdr)
{
	if (hdr->size_in != hdr->size_out)
		return -EINVAL;
	if (hdr->size_in > VMMDEV_MAX_VMMDEVREQ_SIZE)
		return -E2BIG;
	if (hdr->type == VBG_IOCTL_HDR_TYPE_DEFAULT)
		return -EINVAL;
	return 0;
}

/**
 * vbg_ioctl_vmmdev_request - pass a VMMDev request to the host.
 * @session: the caller's session
 * @data: the request; its header is the ioctl header
 *
 * The request's size field is the header's size_in, so it always matches
 * the buffer.  The requestor word is the session's, whatever the caller
 * put there: the host may grant rights by requestor.
 *
 * Return: 0 (the host's status is in the header) or -EPERM.
 */
static int vbg_ioctl_vmmdev_request(struct vbg_session *session, void *data)
{
	struct vmmdev_request_header *req = data;
	enum vbg_req_access access = vbg_req_access(req->request_type);

	if (access == VBG_REQ_NOBODY ||
	    (access == VBG_REQ_TRUSTED &&
	     (session->requestor & VMMDEV_REQUESTOR_USER_DEVICE))) {
		dev_warn_ratelimited(
			session->gdev->dev,
			"denied VMMDev request type %u from a %s session\n",
			req->request_type,
			(session->requestor & VMMDEV_REQUESTOR_USER_DEVICE) ?
				"vboxuser" :
				"vboxguest");
		return -EPERM;
	}

	req->requestor = session->requestor;
	req->rc = VERR_GENERAL_FAILURE;
	vbg_req_perform(session->gdev, req);
	return 0;
}

/**
 * vbg_session_claim_slot - reserve a free HGCM client slot.
 * @session: the session
 *
 * Return: the slot index, or -EMFILE if all are taken.
 */
static int vbg_session_claim_slot(struct vbg_session *session)
{
	struct vbg_dev *gdev = session->gdev;
	unsigned int i;
	int ret = -EMFILE;

	mutex_lock(&gdev->session_mutex);
	for (i = 0; i < ARRAY_SIZE(session->hgcm_client_ids); i++) {
		if (session->hgcm_client_ids[i] == VBG_HGCM_SLOT_FREE) {
			session->hgcm_client_ids[i] = VBG_HGCM_SLOT_BUSY;
			ret = (int)i;
			break;
		}
	}
	mutex_unlock(&gdev->session_mutex);

	return ret;
}

/**
 * vbg_session_find_client - find a connected client of the session.
 * @session: the session
 * @client_id: the client id
 * @mark_busy: reserve the slot (for a disconnect in flight)
 *
 * Return: the slot index, or -EINVAL if the session has no such client.
 */
static int vbg_session_find_client(struct vbg_session *session, u32 client_id,
				   bool mark_busy)
{
	struct vbg_dev *gdev = session->gdev;
	unsigned int i;
	int ret = -EINVAL;

	if (client_id == VBG_HGCM_SLOT_FREE || client_id == VBG_HGCM_SLOT_BUSY)
		return -EINVAL;

	mutex_lock(&gdev->session_mutex);
	for (i = 0; i < ARRAY_SIZE(session->hgcm_client_ids); i++) {
		if (session->hgcm_client_ids[i] == client_id) {
			if (mark_busy)
				session->hgcm_client_ids[i] =
					VBG_HGCM_SLOT_BUSY;
			ret = (int)i;
			break;
		}
	}
	mutex_unlock(&gdev->session_mutex);

	return ret;
}

static void vbg_session_set_slot(struct vbg_session *session, int slot,
				 u32 value)
{
	mutex_lock(&session->gdev->session_mutex);
	session->hgcm_client_ids[slot] = value;
	mutex_unlock(&session->gdev->session_mutex);
}

static int vbg_ioctl_hgcm_connect(struct vbg_session *session, void *data)
{
	struct vbg_ioctl_hgcm_connect *conn = data;
	struct vmmdev_hgcm_service_location loc = conn->u.in.loc;
	u32 client_id = 0;
	int slot, ret;

	slot = vbg_session_claim_slot(session);
	if (slot < 0)
		return slot;

	ret = vbg_hgcm_connect(session->gdev, session->requestor, &loc,
			       &client_id, &conn->hdr.rc);
	if (ret || conn->hdr.rc < 0 || client_id == VBG_HGCM_SLOT_FREE ||
	    client_id == VBG_HGCM_SLOT_BUSY)
		client_id = 0;
	if (!ret && conn->hdr.rc >= 0 && !client_id) {
		dev_err(session->gdev->dev,
			"the host returned an unusable HGCM client id\n");
		conn->hdr.rc = VERR_HGCM_INTERNAL;
	}

	vbg_session_set_slot(session, slot, client_id);
	conn->u.out.client_id = client_id;
	return ret;
}

static int vbg_ioctl_hgcm_disconnect(struct vbg_session *session, void *data)
{
	struct vbg_ioctl_hgcm_disconnect *disconn = data;
	u32 client_id = disconn->u.in.client_id;
	int slot, ret;

	slot = vbg_session_find_client(session, client_id, true);
	if (slot < 0)
		return slot;

	ret = vbg_hgcm_disconnect(session->gdev, session->requestor, client_id,
				  &disconn->hdr.rc);
	if (!ret && disconn->hdr.rc >= 0)
		vbg_session_set_slot(session, slot, VBG_HGCM_SLOT_FREE);
	else
		vbg_session_set_slot(session, slot, client_id);
	return ret;
}

/* HGCM_CALL: at least the call header, the same size both ways. */
static int vbg_ioctl_hgcm_call_check(const struct vbg_ioctl_hdr *hdr)
{
	if (hdr->size_in < sizeof(struct vbg_ioctl_hgcm_call) ||
	    hdr->size_in != hdr->size_out)
		return -EINVAL;
	return 0;
}

static bool vbg_hgcm_user_parm_type_ok(u32 type)
{
	switch (type) {
	case VMMDEV_HGCM_PARM_TYPE_32BIT:
	case VMMDEV_HGCM_PARM_TYPE_64BIT:
	case VMMDEV_HGCM_PARM_TYPE_LINADDR:
	case VMMDEV_HGCM_PARM_TYPE_LINADDR_IN:
	case VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT:
		return true;
	default:
		return false;
	}
}

/**
 * vbg_ioctl_hgcm_call - HGCM_CALL_32 and HGCM_CALL_64.
 * @session: the caller's session
 * @call: the call header, parameters follow
 * @slot_size: size of one parameter slot (12 or 16 bytes)
 *
 * Only the header and the parameter slots are copied back, whatever
 * extra bytes the caller passed.  Buffers above the per-buffer limit (or
 * above the host's limit for a whole call) fail the call with
 * VERR_OUT_OF_RANGE in the header, not with an errno, as mainline does.
 *
 * Return: 0 or a negative errno.
 */
static int vbg_ioctl_hgcm_call(struct vbg_session *session,
			       struct vbg_ioctl_hgcm_call *call,
			       size_t slot_size)
{
	struct vbg_dev *gdev = session->gdev;
	u8 *parms = (u8 *)(call + 1);
	size_t needed;
	u32 i, type;
	int ret;

	if (call->parm_count > VMMDEV_HGCM_MAX_PARMS)
		return -E2BIG;
	if (call->client_id == VBG_HGCM_SLOT_FREE ||
	    call->client_id == VBG_HGCM_SLOT_BUSY)
		return -EINVAL;

	needed = sizeof(*call) + call->parm_count * slot_size;
	if (call->hdr.size_in < needed)
		return -EINVAL;
	call->hdr.size_out = needed;

	for (i = 0; i < call->parm_count; i++) {
		/* The type is the first u32 of both slot layouts. */
		memcpy(&type, parms + i * slot_size, sizeof(type));
		if (!vbg_hgcm_user_parm_type_ok(type))
			return -EINVAL;
	}

	if (vbg_session_find_client(session, call->client_id, false) < 0)
		return -EINVAL;

	if (slot_size == sizeof(struct vmmdev_hgcm_function_parameter32))
		ret = vbg_hgcm_call32(gdev, session->requestor, call->client_id,
				      call->function, call->timeout_ms,
				      (void *)parms, call->parm_count,
				      &call->hdr.rc);
	else
		ret = vbg_hgcm_call(gdev, session->requestor, call->client_id,
				    call->function, call->timeout_ms,
				    (void *)parms, call->parm_count,
				    &call->hdr.rc);

	if (ret == -E2BIG) {
		call->hdr.rc = VERR_OUT_OF_RANGE;
		ret = 0;
	}
	return ret;
}

static int vbg_ioctl_hgcm_call32(struct vbg_session *session, void *data)
{
	return vbg_ioctl_hgcm_call(
		session, data, sizeof(struct vmmdev_hgcm_function_parameter32));
}

static int vbg_ioctl_hgcm_call64(struct vbg_session *session, void *data)
{
	return vbg_ioctl_hgcm_call(
		session, data, sizeof(struct vmmdev_hgcm_function_parameter64));
}

/* LOG: any text length; nothing but the header comes back. */
static int vbg_ioctl_log_check(const struct vbg_ioctl_hdr *hdr)
{
	return hdr->size_out == VBG_HDR_SIZE ? 0 : -EINVAL;
}

static int vbg_ioctl_log(struct vbg_session *session, void *data)
{
	struct vbg_ioctl_log *log = data;
	size_t len = log->hdr.size_in - VBG_HDR_SIZE;

	/* The text need not be NUL-terminated: print by length. */
	dev_info(session->gdev->dev, "%.*s", (int)len, log->u.in.msg);
	return 0;
}

static int vbg_ioctl_wait_for_events(struct vbg_session *session, void *data)
{
	struct vbg_ioctl_wait_for_events *wait = data;
	u32 timeout_ms = wait->u.in.timeout_ms;
	u32 event_mask = wait->u.in.events;
	u32 events = 0;
	int ret;

	ret = vbg_events_wait(session->gdev, session, event_mask, timeout_ms,
			      &events);
	wait->u.out.events = events;
	return ret;
}

static int vbg_ioctl_interrupt_all(struct vbg_session *session, void *data)
{
	vbg_events_interrupt_all(session->gdev, session);
	return 0;
}

static int vbg_ioctl_change_filter_mask(struct vbg_session *session, void *data)
{
	struct vbg_ioctl_change_filter *filter = data;
	u32 or_mask = filter->u.in.or_mask;
	u32 not_mask = filter->u.in.not_mask;

	if ((or_mask | not_mask) & ~VMMDEV_EVENT_VALID_EVENT_MASK)
		return -EINVAL;

	return vbg_events_change_filter(session->gdev, session, or_mask,
					not_mask, false);
}

static int vbg_ioctl_acquire_guest_caps(struct vbg_session *session, void *data)
{
	struct vbg_ioctl_acquire_guest_caps *caps = data;
	u32 flags = caps->u.in.flags;
	u32 or_mask = caps->u.in.or_mask;
	u32 not_mask = caps->u.in.not_mask;

	if (flags & ~VBGL_IOC_AGC_FLAGS_VALID_MASK)
		return -EINVAL;
	if ((or_mask | not_mask) & ~VMMDEV_GUEST_CAPABILITIES_MASK)
		return -EINVAL;

	return vbg_caps_acquire(session->gdev, session, or_mask, not_mask,
				flags, false);
}

static int vbg_ioctl_change_guest_caps(struct vbg_session *session, void *data)
{
	struct vbg_ioctl_set_guest_caps *caps = data;
	struct vbg_dev *gdev = session->gdev;
	u32 or_mask = caps->u.in.or_mask;
	u32 not_mask = caps->u.in.not_mask;
	int ret;

	if ((or_mask | not_mask) & ~VMMDEV_GUEST_CAPABILITIES_MASK)
		return -EINVAL;

	ret = vbg_caps_change(gdev, session, or_mask, not_mask, false);
	if (ret)
		return ret;

	mutex_lock(&gdev->session_mutex);
	caps->u.out.session_caps = session->set_guest_caps;
	caps->u.out.global_caps = gdev->guest_caps_host;
	mutex_unlock(&gdev->session_mutex);
	return 0;
}

static int vbg_ioctl_check_balloon(struct vbg_session *session, void *data)
{
	struct vbg_ioctl_check_balloon *balloon = data;

	/* The balloon is driven by the kernel alone; nothing for userspace. */
	balloon->u.out.balloon_chunks = vbg_core_balloon_chunks(session->gdev);
	balloon->u.out.handle_in_r3 = 0;
	return 0;
}

static int vbg_ioctl_write_core_dump(struct vbg_session *session, void *data)
{
	struct vbg_ioctl_write_coredump *dump = data;
	struct vmmdev_write_core_dump *req;

	req = vbg_req_alloc(sizeof(*req), VMMDEVREQ_WRITE_COREDUMP,
			    session->requestor);
	if (!req)
		return -ENOMEM;

	req->flags = dump->u.in.flags;
	dump->hdr.rc = vbg_req_perform(session->gdev, req);
	vbg_req_free(req, sizeof(*req));
	return 0;
}

#define VBG_IOCTL_FIXED(nr, dir, in, out, fn)                   \
	{                                                       \
		.cmd = (nr), .flags = (dir), .size_in = (in),   \
		.size_out = (out), .handler = (fn), .name = #nr \
	}
#define VBG_IOCTL_VAR(nr, fl, chk, fn)                                         \
	{                                                                      \
		.cmd = (nr), .flags = (fl) | VBG_IOC_VAR_SIZE, .check = (chk), \
		.handler = (fn), .name = #nr                                   \
	}

static const struct vbg_ioctl_desc vbg_ioctl_table[] = {
	VBG_IOCTL_FIXED(VBG_IOCTL_DRIVER_VERSION_INFO, VBG_IOC_IN | VBG_IOC_OUT,
			VBG_IN_SIZE(struct vbg_ioctl_driver_version_info),
			VBG_OUT_SIZE(struct vbg_ioctl_driver_version_info),
			vbg_ioctl_driver_version_info),
	VBG_IOCTL_VAR(VBG_IOCTL_VMMDEV_REQUEST(0),
		      VBG_IOC_IN | VBG_IOC_OUT | VBG_IOC_SIZED_NR |
			      VBG_IOC_VMMDEV,
		      vbg_ioctl_vmmdev_request_check, vbg_ioctl_vmmdev_request),
	VBG_IOCTL_VAR(VBG_IOCTL_VMMDEV_REQUEST_BIG,
		      VBG_IOC_IN | VBG_IOC_OUT | VBG_IOC_VMMDEV,
		      vbg_ioctl_vmmdev_request_check, vbg_ioctl_vmmdev_request),
	VBG_IOCTL_VAR(VBG_IOCTL_VMMDEV_REQUEST_BIG_ALT,
		      VBG_IOC_IN | VBG_IOC_OUT | VBG_IOC_VMMDEV,
		      vbg_ioctl_vmmdev_request_check, vbg_ioctl_vmmdev_request),
	VBG_IOCTL_FIXED(VBG_IOCTL_HGCM_CONNECT, VBG_IOC_IN | VBG_IOC_OUT,
			VBG_IN_SIZE(struct vbg_ioctl_hgcm_connect),
			VBG_OUT_SIZE(struct vbg_ioctl_hgcm_connect),
			vbg_ioctl_hgcm_connect),
	VBG_IOCTL_FIXED(VBG_IOCTL_HGCM_DISCONNECT, VBG_IOC_IN,
			VBG_IN_SIZE(struct vbg_ioctl_hgcm_disconnect),
			VBG_HDR_SIZE, vbg_ioctl_hgcm_disconnect),
	VBG_IOCTL_VAR(VBG_IOCTL_HGCM_CALL_32(0),
		      VBG_IOC_IN | VBG_IOC_OUT | VBG_IOC_SIZED_NR,
		      vbg_ioctl_hgcm_call_check, vbg_ioctl_hgcm_call32),
	VBG_IOCTL_VAR(VBG_IOCTL_HGCM_CALL_64(0),
		      VBG_IOC_IN | VBG_IOC_OUT | VBG_IOC_SIZED_NR,
		      vbg_ioctl_hgcm_call_check, vbg_ioctl_hgcm_call64),
	VBG_IOCTL_VAR(VBG_IOCTL_LOG(0), VBG_IOC_IN, vbg_ioctl_log_check,
		      vbg_ioctl_log),
	VBG_IOCTL_VAR(VBG_IOCTL_LOG_ALT(0), VBG_IOC_IN | VBG_IOC_SIZED_NR,
		      vbg_ioctl_log_check, vbg_ioctl_log),
	VBG_IOCTL_FIXED(VBG_IOCTL_WAIT_FOR_EVENTS, VBG_IOC_IN | VBG_IOC_OUT,
			VBG_IN_SIZE(struct vbg_ioctl_wait_for_events),
			VBG_OUT_SIZE(struct vbg_ioctl_wait_for_events),
			vbg_ioctl_wait_for_events),
	VBG_IOCTL_FIXED(VBG_IOCTL_INTERRUPT_ALL_WAIT_FOR_EVENTS, 0,
			VBG_HDR_SIZE, VBG_HDR_SIZE, vbg_ioctl_interrupt_all),
	VBG_IOCTL_FIXED(VBG_IOCTL_CHANGE_FILTER_MASK, VBG_IOC_IN,
			VBG_IN_SIZE(struct vbg_ioctl_change_filter),
			VBG_HDR_SIZE, vbg_ioctl_change_filter_mask),
	VBG_IOCTL_FIXED(VBG_IOCTL_ACQUIRE_GUEST_CAPABILITIES, VBG_IOC_IN,
			VBG_IN_SIZE(struct vbg_ioctl_acquire_guest_caps),
			VBG_HDR_SIZE, vbg_ioctl_acquire_guest_caps),
	VBG_IOCTL_FIXED(VBG_IOCTL_CHANGE_GUEST_CAPABILITIES,
			VBG_IOC_IN | VBG_IOC_OUT,
			VBG_IN_SIZE(struct vbg_ioctl_set_guest_caps),
			VBG_OUT_SIZE(struct vbg_ioctl_set_guest_caps),
			vbg_ioctl_change_guest_caps),
	VBG_IOCTL_FIXED(VBG_IOCTL_CHECK_BALLOON, VBG_IOC_OUT, VBG_HDR_SIZE,
			VBG_OUT_SIZE(struct vbg_ioctl_check_balloon),
			vbg_ioctl_check_balloon),
	VBG_IOCTL_FIXED(VBG_IOCTL_WRITE_CORE_DUMP, VBG_IOC_IN,
			VBG_IN_SIZE(struct vbg_ioctl_write_coredump),
			VBG_HDR_SIZE, vbg_ioctl_write_core_dump),
};

/**
 * vbg_ioctl_lookup - find a command in the table.
 * @cmd: the ioctl number
 *
 * Return: the descriptor, or NULL for an unknown number.
 */
static const struct vbg_ioctl_desc *vbg_ioctl_lookup(unsigned int cmd)
{
	const struct vbg_ioctl_desc *desc;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vbg_ioctl_table); i++) {
		desc = &vbg_ioctl_table[i];
		if (desc->flags & VBG_IOC_SIZED_NR) {
			if ((cmd & ~IOCSIZE_MASK) == desc->cmd)
				return desc;
		} else if (cmd == desc->cmd) {
			return desc;
		}
	}
	return NULL;
}

/**
 * vbg_ioctl_check_header - validate a header against the table.
 * @cmd: the ioctl number
 * @hdr: the caller's header; size_out 0 is replaced by size_in
 * @descp: where to store the command's descriptor
 *
 * Return: 0 or the errno the ioctl fails with (EINVAL, E2BIG, ENOTTY).
 */
static int vbg_ioctl_check_header(unsigned int cmd, struct vbg_ioctl_hdr *hdr,
				  const struct vbg_ioctl_desc **descp)
{
	const struct vbg_ioctl_desc *desc;
	u32 size;
	int ret;

	if (hdr->version != VBG_IOCTL_HDR_VERSION)
		return -EINVAL;
	if (hdr->size_in < VBG_HDR_SIZE ||
	    (hdr->size_out && hdr->size_out < VBG_HDR_SIZE))
		return -EINVAL;

	size = max(hdr->size_in, hdr->size_out);
	if (_IOC_SIZE(cmd) && _IOC_SIZE(cmd) != size)
		return -EINVAL;
	if (size > VBG_MAX_IOCTL_SIZE)
		return -E2BIG;

	desc = vbg_ioctl_lookup(cmd);
	if (hdr->type != VBG_IOCTL_HDR_TYPE_DEFAULT &&
	    !(desc && (desc->flags & VBG_IOC_VMMDEV)))
		return -EINVAL;
	if (!desc)
		return -ENOTTY;

	if (!hdr->size_out)
		hdr->size_out = hdr->size_in;
	if (desc->flags & VBG_IOC_VAR_SIZE) {
		ret = desc->check ? desc->check(hdr) : 0;
		if (ret)
			return ret;
	} else if (hdr->size_in != desc->size_in ||
		   hdr->size_out != desc->size_out) {
		return -EINVAL;
	}

	*descp = desc;
	return 0;
}

/**
 * vbg_core_ioctl - the ioctl entry point.
 * @session: the caller's session
 * @cmd: the ioctl request number
 * @arg: user pointer to the argument (header first)
 *
 * Return: 0 (the VBox status is in the header's rc) or a negative errno;
 * on an errno nothing is copied back.
 */
long vbg_core_ioctl(struct vbg_session *session, unsigned int cmd,
		    void __user *arg)
{
	const struct vbg_ioctl_desc *desc = NULL;
	struct vbg_ioctl_hdr hdr, *buf;
	u32 size, copy_in, copy_out;
	int ret;

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;

	ret = vbg_ioctl_check_header(cmd, &hdr, &desc);
	if (ret) {
		dev_dbg(session->gdev->dev, "ioctl %#x rejected: %d\n", cmd,
			ret);
		return ret;
	}

	/* Both sizes are now bounded by VBG_MAX_IOCTL_SIZE (or less). */
	size = max(hdr.size_in, hdr.size_out);
	if (desc->flags & VBG_IOC_VMMDEV)
		buf = vbg_req_alloc(size, hdr.type, session->requestor);
	else
		buf = kvmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	*buf = hdr;
	copy_in = (desc->flags & VBG_IOC_IN) ? hdr.size_in : VBG_HDR_SIZE;
	if (copy_from_user(buf + 1, (u8 __user *)arg + VBG_HDR_SIZE,
			   copy_in - VBG_HDR_SIZE)) {
		ret = -EFAULT;
		goto out_free;
	}
	memset((u8 *)buf + copy_in, 0, size - copy_in);

	buf->rc = VINF_SUCCESS;
	ret = desc->handler(session, buf);
	if (ret < 0) {
		if (ret != -EINTR && ret != -ETIMEDOUT)
			dev_dbg(session->gdev->dev, "%s failed: %d\n",
				desc->name, ret);
		goto out_free;
	}

	copy_out = (desc->flags & VBG_IOC_OUT) ?
			   clamp_t(u32, buf->size_out, VBG_HDR_SIZE, size) :
			   VBG_HDR_SIZE;
	if (copy_to_user(arg, buf, copy_out))
		ret = -EFAULT;

out_free:
	if (desc->flags & VBG_IOC_VMMDEV)
		vbg_req_free(buf, size);
	else
		kvfree(buf);
	return ret;
}
