// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End to end: malformed ioctls sent raw through the socket transport to the
 * driver core in vbox-hostsim.  Each must get the documented errno (the
 * mainline driver's answer), and the session must stay usable afterwards.
 * Also: the 32-bit HGCM call layout, and the per-session client limit.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

#define HDR_VERSION VBG_IOCTL_HDR_VERSION
#define MIB	    (1024u * 1024u)

enum node { GUEST, USER };

/* Which part of a case's buffer is filled in how. */
struct vcase {
	const char *name;
	enum node node;
	unsigned long cmd;
	uint32_t size_in, size_out, version, type;
	uint32_t words[12]; /* payload from offset 24, as u32 words */
	unsigned int nwords;
	size_t buf_len;	    /* bytes the transport ships (0: buffer size) */
	int hgcm_parms;	    /* >= 0: build an HGCM call with this many */
	uint32_t parm_type; /* ... of this type */
	uint32_t client;    /* 0: the session's own client */
	int want_errno;	    /* positive errno the ioctl must fail with */
};

#define VCMD(nr, size) _IOC(_IOC_READ | _IOC_WRITE, 'V', (nr), (size))

static const struct vcase cases[] = {
	/* Header */
	{ "bad header version",
	  GUEST,
	  VBG_IOCTL_WAIT_FOR_EVENTS,
	  32,
	  28,
	  0x10000,
	  0,
	  { 0, 0x100 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "header version 0",
	  GUEST,
	  VBG_IOCTL_WAIT_FOR_EVENTS,
	  32,
	  28,
	  0,
	  0,
	  { 0, 0x100 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "size_in 0",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST_BIG,
	  0,
	  0,
	  HDR_VERSION,
	  VMMDEVREQ_GET_HOST_VERSION,
	  { 0 },
	  4,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "size_in below the header",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST_BIG,
	  23,
	  23,
	  HDR_VERSION,
	  VMMDEVREQ_GET_HOST_VERSION,
	  { 0 },
	  4,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "size_out below the header",
	  GUEST,
	  VBG_IOCTL_HGCM_CALL_64(0),
	  40,
	  12,
	  HDR_VERSION,
	  0,
	  { 1, 1, 0, 0 },
	  4,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "size_in above the maximum",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST_BIG,
	  16 * MIB + 1,
	  16 * MIB + 1,
	  HDR_VERSION,
	  VMMDEVREQ_GET_HOST_VERSION,
	  { 0 },
	  4,
	  64,
	  -1,
	  0,
	  0,
	  E2BIG },
	{ "size_out above the maximum",
	  GUEST,
	  VBG_IOCTL_HGCM_CALL_64(0),
	  40,
	  16 * MIB + 8,
	  HDR_VERSION,
	  0,
	  { 1, 1, 0, 0 },
	  4,
	  64,
	  -1,
	  0,
	  0,
	  E2BIG },
	{ "ioctl size field disagrees with the header",
	  GUEST,
	  VBG_IOCTL_WAIT_FOR_EVENTS,
	  36,
	  28,
	  HDR_VERSION,
	  0,
	  { 0, 0x100 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "a known number with another size is unknown",
	  GUEST,
	  VCMD(10, 36),
	  36,
	  28,
	  HDR_VERSION,
	  0,
	  { 0, 0x100 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  ENOTTY },
	{ "fixed size_in wrong",
	  GUEST,
	  VBG_IOCTL_DRIVER_VERSION_INFO,
	  44,
	  44,
	  HDR_VERSION,
	  0,
	  { 0x10000, 0x10000 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "fixed size_out wrong",
	  GUEST,
	  VCMD(10, 32),
	  32,
	  24,
	  HDR_VERSION,
	  0,
	  { 0, 0x100 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "type set on a non-VMMDev ioctl",
	  GUEST,
	  VBG_IOCTL_WAIT_FOR_EVENTS,
	  32,
	  28,
	  HDR_VERSION,
	  4,
	  { 0, 0x100 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "header beyond the caller's memory",
	  GUEST,
	  VBG_IOCTL_WAIT_FOR_EVENTS,
	  32,
	  28,
	  HDR_VERSION,
	  0,
	  { 0, 0x100 },
	  2,
	  16,
	  -1,
	  0,
	  0,
	  EFAULT },
	/* Unknown ioctls */
	{ "unknown number 1",
	  GUEST,
	  VCMD(1, 32),
	  32,
	  32,
	  HDR_VERSION,
	  0,
	  { 0 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  ENOTTY },
	{ "unknown number 8",
	  GUEST,
	  VCMD(8, 32),
	  32,
	  32,
	  HDR_VERSION,
	  0,
	  { 0 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  ENOTTY },
	{ "upstream-only SET_MOUSE_STATUS",
	  GUEST,
	  VCMD(15, 28),
	  28,
	  24,
	  HDR_VERSION,
	  0,
	  { 0 },
	  1,
	  0,
	  -1,
	  0,
	  0,
	  ENOTTY },
	{ "upstream-only CHANGE_BALLOON",
	  GUEST,
	  VCMD(18, 40),
	  40,
	  24,
	  HDR_VERSION,
	  0,
	  { 0 },
	  4,
	  0,
	  -1,
	  0,
	  0,
	  ENOTTY },
	{ "wrong ioctl magic",
	  GUEST,
	  _IOC(_IOC_READ | _IOC_WRITE, 'X', 10, 32),
	  32,
	  28,
	  HDR_VERSION,
	  0,
	  { 0, 0x100 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  ENOTTY },
	/* Payload validation */
	{ "driver version min above req",
	  GUEST,
	  VBG_IOCTL_DRIVER_VERSION_INFO,
	  40,
	  44,
	  HDR_VERSION,
	  0,
	  { 0x10000, 0x20000 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "filter bit outside the valid mask",
	  GUEST,
	  VBG_IOCTL_CHANGE_FILTER_MASK,
	  32,
	  24,
	  HDR_VERSION,
	  0,
	  { 0x800, 0 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "filter not-mask outside the valid mask",
	  GUEST,
	  VBG_IOCTL_CHANGE_FILTER_MASK,
	  32,
	  24,
	  HDR_VERSION,
	  0,
	  { 0, 0x80000000 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "acquire an unknown capability",
	  GUEST,
	  VBG_IOCTL_ACQUIRE_GUEST_CAPABILITIES,
	  36,
	  24,
	  HDR_VERSION,
	  0,
	  { 0, 0x8, 0 },
	  3,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "acquire with unknown flags",
	  GUEST,
	  VBG_IOCTL_ACQUIRE_GUEST_CAPABILITIES,
	  36,
	  24,
	  HDR_VERSION,
	  0,
	  { 0x2, 0x1, 0 },
	  3,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "set an unknown capability",
	  GUEST,
	  VBG_IOCTL_CHANGE_GUEST_CAPABILITIES,
	  32,
	  32,
	  HDR_VERSION,
	  0,
	  { 0x10, 0 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "log with output",
	  GUEST,
	  VCMD(9, 0),
	  30,
	  28,
	  HDR_VERSION,
	  0,
	  { 0x6c6c6568, 0x6f },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "check balloon with input",
	  GUEST,
	  VBG_IOCTL_CHECK_BALLOON,
	  32,
	  32,
	  HDR_VERSION,
	  0,
	  { 0 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	/* VMMDev pass-through */
	{ "VMMDev request type 0",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST(40),
	  40,
	  40,
	  HDR_VERSION,
	  0,
	  { 0 },
	  4,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "VMMDev request sizes disagree",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST(44),
	  40,
	  44,
	  HDR_VERSION,
	  VMMDEVREQ_GET_HOST_VERSION,
	  { 0 },
	  5,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "VMMDev request ioctl size disagrees",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST(48),
	  40,
	  40,
	  HDR_VERSION,
	  VMMDEVREQ_GET_HOST_VERSION,
	  { 0 },
	  4,
	  48,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "VMMDev request over 1 MiB",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST_BIG,
	  MIB + 8,
	  MIB + 8,
	  HDR_VERSION,
	  VMMDEVREQ_LOG_STRING,
	  { 0 },
	  1,
	  0,
	  -1,
	  0,
	  0,
	  E2BIG },
	{ "VMMDev ReportGuestInfo (driver only)",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST(32),
	  32,
	  32,
	  HDR_VERSION,
	  VMMDEVREQ_REPORT_GUEST_INFO,
	  { 0x10004, 0x53100 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	{ "VMMDev HGCMConnect (has its ioctl)",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST(168),
	  168,
	  168,
	  HDR_VERSION,
	  VMMDEVREQ_HGCM_CONNECT,
	  { 0 },
	  4,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	{ "VMMDev SetGuestCapabilities (has its ioctl)",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST(32),
	  32,
	  32,
	  HDR_VERSION,
	  VMMDEVREQ_SET_GUEST_CAPABILITIES,
	  { 1, 0 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	{ "VMMDev ChangeMemBalloon (kernel only)",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST_BIG,
	  2080,
	  2080,
	  HDR_VERSION,
	  VMMDEVREQ_CHANGE_MEMBALLOON,
	  { 256, 1 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	{ "VMMDev GuestHeartbeat (kernel only)",
	  GUEST,
	  VBG_IOCTL_VMMDEV_REQUEST(24),
	  24,
	  24,
	  HDR_VERSION,
	  VMMDEVREQ_GUEST_HEARTBEAT,
	  { 0 },
	  0,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	{ "vboxuser: ReportGuestStats",
	  USER,
	  VBG_IOCTL_VMMDEV_REQUEST(100),
	  100,
	  100,
	  HDR_VERSION,
	  VMMDEVREQ_REPORT_GUEST_STATS,
	  { 0 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	{ "vboxuser: GetStatisticsChangeRequest",
	  USER,
	  VBG_IOCTL_VMMDEV_REQUEST(32),
	  32,
	  32,
	  HDR_VERSION,
	  VMMDEVREQ_GET_STATISTICS_CHANGE_REQ,
	  { 0, 0 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	{ "vboxuser: WriteCoreDump request",
	  USER,
	  VBG_IOCTL_VMMDEV_REQUEST(28),
	  28,
	  28,
	  HDR_VERSION,
	  VMMDEVREQ_WRITE_COREDUMP,
	  { 0 },
	  1,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	{ "vboxuser: QueryCredentials",
	  USER,
	  VBG_IOCTL_VMMDEV_REQUEST(412),
	  412,
	  412,
	  HDR_VERSION,
	  VMMDEVREQ_QUERY_CREDENTIALS,
	  { 0 },
	  1,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	{ "vboxuser: GetCpuHotPlugRequest",
	  USER,
	  VBG_IOCTL_VMMDEV_REQUEST(36),
	  36,
	  36,
	  HDR_VERSION,
	  VMMDEVREQ_GET_CPU_HOTPLUG_REQ,
	  { 0 },
	  3,
	  0,
	  -1,
	  0,
	  0,
	  EPERM },
	/* HGCM calls */
	{ "HGCM call with 33 parameters",
	  GUEST,
	  0,
	  0,
	  0,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  33,
	  VMMDEV_HGCM_PARM_TYPE_32BIT,
	  0,
	  E2BIG },
	{ "HGCM call shorter than its parameters",
	  GUEST,
	  0,
	  40 + 16,
	  40 + 16,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  2,
	  VMMDEV_HGCM_PARM_TYPE_32BIT,
	  0,
	  EINVAL },
	{ "HGCM call size_in != size_out",
	  GUEST,
	  0,
	  0,
	  40 + 16 + 16,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  1,
	  VMMDEV_HGCM_PARM_TYPE_32BIT,
	  0,
	  EINVAL },
	{ "HGCM call below its header",
	  GUEST,
	  VBG_IOCTL_HGCM_CALL_64(32),
	  32,
	  32,
	  HDR_VERSION,
	  0,
	  { 0 },
	  2,
	  0,
	  -1,
	  0,
	  0,
	  EINVAL },
	{ "HGCM parameter type PHYSADDR",
	  GUEST,
	  0,
	  0,
	  0,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  1,
	  VMMDEV_HGCM_PARM_TYPE_PHYSADDR,
	  0,
	  EINVAL },
	{ "HGCM parameter type LINADDR_KERNEL",
	  GUEST,
	  0,
	  0,
	  0,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  1,
	  VMMDEV_HGCM_PARM_TYPE_LINADDR_KERNEL,
	  0,
	  EINVAL },
	{ "HGCM parameter type PAGELIST",
	  GUEST,
	  0,
	  0,
	  0,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  1,
	  VMMDEV_HGCM_PARM_TYPE_PAGELIST,
	  0,
	  EINVAL },
	{ "HGCM parameter type INVALID",
	  GUEST,
	  0,
	  0,
	  0,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  1,
	  VMMDEV_HGCM_PARM_TYPE_INVALID,
	  0,
	  EINVAL },
	{ "HGCM parameter type 99",
	  GUEST,
	  0,
	  0,
	  0,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  1,
	  99,
	  0,
	  EINVAL },
	{ "HGCM call to client 0",
	  GUEST,
	  0,
	  0,
	  0,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  1,
	  VMMDEV_HGCM_PARM_TYPE_32BIT,
	  0xfffffffe,
	  EINVAL },
	{ "HGCM call to client 0xffffffff",
	  GUEST,
	  0,
	  0,
	  0,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  1,
	  VMMDEV_HGCM_PARM_TYPE_32BIT,
	  0xffffffff,
	  EINVAL },
	{ "HGCM call to another session's client",
	  GUEST,
	  0,
	  0,
	  0,
	  HDR_VERSION,
	  0,
	  { 0 },
	  0,
	  0,
	  1,
	  VMMDEV_HGCM_PARM_TYPE_32BIT,
	  0xfffffffd,
	  EINVAL },
	{ "HGCM disconnect of another session's client",
	  GUEST,
	  VBG_IOCTL_HGCM_DISCONNECT,
	  28,
	  24,
	  HDR_VERSION,
	  0,
	  { 0 },
	  1,
	  0,
	  -1,
	  0,
	  0xfffffffd,
	  EINVAL },
};

/* A client id owned by a second session, for the "not yours" cases. */
static uint32_t foreign_client;

static void put32(unsigned char *buf, size_t off, uint32_t v)
{
	memcpy(buf + off, &v, sizeof(v));
}

/* Build the buffer for case c; returns its size and the ioctl number. */
static size_t build(const struct vcase *c, uint32_t own_client,
		    unsigned char *buf, size_t cap, unsigned long *cmd)
{
	uint32_t client;
	size_t size, i;

	memset(buf, 0, cap);
	*cmd = c->cmd;
	if (c->hgcm_parms < 0) {
		struct vbg_ioctl_hdr *hdr = (struct vbg_ioctl_hdr *)buf;
		uint32_t payload = c->nwords * 4;

		size = 24 + payload;
		if (c->size_in > size && c->size_in < cap)
			size = c->size_in;
		if (c->size_out > size && c->size_out < cap)
			size = c->size_out;
		hdr->size_in = c->size_in;
		hdr->size_out = c->size_out;
		hdr->version = c->version;
		hdr->type = c->type;
		for (i = 0; i < c->nwords; i++)
			put32(buf, 24 + 4 * i, c->words[i]);
		if (c->cmd == VBG_IOCTL_HGCM_DISCONNECT)
			put32(buf, 24, foreign_client);
		return size;
	}

	/* An HGCM call with hgcm_parms slots of parm_type. */
	client = own_client;
	if (c->client == 0xfffffffe)
		client = 0;
	else if (c->client == 0xfffffffd)
		client = foreign_client;
	else if (c->client)
		client = c->client;
	size = 40 + 16 * (size_t)c->hgcm_parms;
	ck_assert(size <= cap);
	{
		struct vbg_ioctl_hgcm_call *call =
			(struct vbg_ioctl_hgcm_call *)buf;

		call->hdr.size_in = c->size_in ? c->size_in : size;
		call->hdr.size_out = c->size_out ? c->size_out :
						   call->hdr.size_in;
		call->hdr.version = c->version;
		call->client_id = client;
		call->function = 5;
		call->timeout_ms = 5000;
		call->parm_count = c->hgcm_parms;
		for (i = 0; i < (size_t)c->hgcm_parms; i++) {
			put32(buf, 40 + 16 * i, c->parm_type);
			put32(buf, 40 + 16 * i + 4, (uint32_t)i);
		}
		*cmd = VBG_IOCTL_HGCM_CALL_64(
			call->hdr.size_in > call->hdr.size_out ?
				call->hdr.size_in :
				call->hdr.size_out);
		if (c->size_out > size)
			size = c->size_out;
	}
	return size;
}

/* The session answers a well-formed request after the bad one. */
static void assert_usable(struct vbgl_handle *h, const char *after)
{
	uint32_t events = 0;
	struct vbgl_host_version ver;
	int rc;

	rc = vbgl_wait_for_events(h, VMMDEV_EVENT_VRDP, 0, &events);
	ck_assert_msg(rc == -ETIMEDOUT, "after '%s': poll gave %d", after, rc);
	rc = vbgl_get_host_version(h, &ver);
	ck_assert_msg(rc == 0, "after '%s': host version gave %d", after, rc);
}

START_TEST(test_malformed_ioctls)
{
	struct vbgl_handle *guest = NULL, *user = NULL, *other = NULL;
	uint32_t own_guest, own_user;
	size_t cap = 2 * MIB, n = G_N_ELEMENTS(cases), i;
	unsigned char *buf = g_malloc(cap);

	ck_assert_int_eq(vbgl_open(sim->guest_device, 0, &guest), 0);
	ck_assert_int_eq(vbgl_open(sim->user_device, 0, &user), 0);
	ck_assert_int_eq(vbgl_open(sim->guest_device, 0, &other), 0);
	ck_assert_int_eq(vbgl_hgcm_connect(guest, "HostSimTest", &own_guest),
			 0);
	ck_assert_int_eq(vbgl_hgcm_connect(user, "HostSimTest", &own_user), 0);
	ck_assert_int_eq(
		vbgl_hgcm_connect(other, "HostSimTest", &foreign_client), 0);
	ck_assert_uint_ge(n, 30);

	for (i = 0; i < n; i++) {
		const struct vcase *c = &cases[i];
		struct vbgl_handle *h = c->node == USER ? user : guest;
		unsigned long cmd;
		size_t size = build(c, c->node == USER ? own_user : own_guest,
				    buf, cap, &cmd);
		size_t ship = c->buf_len ? c->buf_len : size;
		int rc = vbgl_ioctl_raw(h, cmd, buf, ship);

		ck_assert_msg(rc == -c->want_errno,
			      "case %zu '%s': got %d (%s), want -%d (%s)", i,
			      c->name, rc, g_strerror(-rc), c->want_errno,
			      g_strerror(c->want_errno));
		assert_usable(h, c->name);
	}
	/* Nothing the bad requests did leaked host-side state. */
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "3", 2000));
	vbgl_close(guest);
	vbgl_close(user);
	vbgl_close(other);
	g_free(buf);
}
END_TEST

/* A pointer buffer above the 24 MiB per-parameter limit. */
START_TEST(test_buffer_above_parameter_limit)
{
	struct vbgl_handle *h = NULL;
	struct vbgl_hgcm_call *call;
	uint32_t client;
	size_t big = 24 * MIB + 1;
	void *buf = g_malloc0(big);
	unsigned char out[16];

	ck_assert_int_eq(vbgl_open(sim->guest_device, 0, &h), 0);
	ck_assert_int_eq(vbgl_hgcm_connect(h, "HostSimTest", &client), 0);
	ck_assert_int_eq(vbgl_hgcm_call_new(client, 1, 2, &call), 0);
	/* The library refuses it itself... */
	ck_assert_int_eq(vbgl_hgcm_set_buf_in(call, 0, buf, big), -E2BIG);
	vbgl_hgcm_call_free(call);

	/* ...and the driver answers VERR_OUT_OF_RANGE when sent raw. */
	{
		size_t size = 40 + 2 * 16;
		unsigned char *req = g_malloc0(size);
		struct vbg_ioctl_hgcm_call *c =
			(struct vbg_ioctl_hgcm_call *)req;
		uint64_t addr = (uintptr_t)buf, oaddr = (uintptr_t)out;
		int rc;

		c->hdr.size_in = c->hdr.size_out = size;
		c->hdr.version = HDR_VERSION;
		c->client_id = client;
		c->function = 1;
		c->timeout_ms = 5000;
		c->parm_count = 2;
		put32(req, 40, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN);
		put32(req, 44, (uint32_t)big);
		memcpy(req + 48, &addr, 8);
		put32(req, 56, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT);
		put32(req, 60, sizeof(out));
		memcpy(req + 64, &oaddr, 8);
		rc = vbgl_ioctl_raw(h, VBG_IOCTL_HGCM_CALL_64(size), req, size);
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(c->hdr.rc, VERR_OUT_OF_RANGE);
		g_free(req);
	}
	assert_usable(h, "oversized buffer");
	vbgl_close(h);
	g_free(buf);
}
END_TEST

/* The 32-bit call layout (nr 6, 12-byte slots, 32-bit addresses) works. */
START_TEST(test_hgcm_call_32bit_layout)
{
	struct vbgl_handle *h = NULL;
	uint32_t client;
	size_t size = 40 + 2 * 12;
	unsigned char *mem, *req, *in, *out;
	struct vbg_ioctl_hgcm_call *c;
	uint32_t v;
	int rc;

	/* Memory below 4 GiB, as a 32-bit process would have. */
	mem = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	ck_assert(mem != MAP_FAILED);
	req = mem;
	in = mem + 4096;
	out = mem + 6144;
	memcpy(in, "thirty-two bits", 16);
	memset(out, 0, 64);

	ck_assert_int_eq(vbgl_open(sim->guest_device, 0, &h), 0);
	ck_assert_int_eq(vbgl_hgcm_connect(h, "HostSimTest", &client), 0);
	memset(req, 0, size);
	c = (struct vbg_ioctl_hgcm_call *)req;
	c->hdr.size_in = c->hdr.size_out = size;
	c->hdr.version = HDR_VERSION;
	c->client_id = client;
	c->function = 1; /* ECHO */
	c->timeout_ms = 5000;
	c->parm_count = 2;
	put32(req, 40, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN);
	put32(req, 44, 16);
	put32(req, 48, (uint32_t)(uintptr_t)in);
	put32(req, 52, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT);
	put32(req, 56, 64);
	put32(req, 60, (uint32_t)(uintptr_t)out);
	rc = vbgl_ioctl_raw(h, VBG_IOCTL_HGCM_CALL_32(size), req, size);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(c->hdr.rc, 0);
	memcpy(&v, req + 56, 4);
	ck_assert_uint_eq(v, 16);
	ck_assert_mem_eq(out, "thirty-two bits", 16);
	vbgl_close(h);
	munmap(mem, 8192);
}
END_TEST

/* A session may hold 64 HGCM clients; the 65th is refused with EMFILE. */
START_TEST(test_client_limit)
{
	struct vbgl_handle *h = NULL;
	uint32_t client;
	unsigned int i;

	ck_assert_int_eq(vbgl_open(sim->guest_device, 0, &h), 0);
	for (i = 0; i < 64; i++)
		ck_assert_int_eq(vbgl_hgcm_connect(h, "HostSimTest", &client),
				 0);
	ck_assert_int_eq(vbgl_hgcm_connect(h, "HostSimTest", &client), -EMFILE);
	assert_usable(h, "65th client");
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "64", 2000));
	vbgl_close(h);
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "0", 2000));
}
END_TEST

static Suite *validation_suite(void)
{
	Suite *s = suite_create("ioctl-validation");

	ovt_add_sim_test(s, "malformed", test_malformed_ioctls, 60);
	ovt_add_sim_test(s, "parameter-limit",
			 test_buffer_above_parameter_limit, 60);
	ovt_add_sim_test(s, "call32", test_hgcm_call_32bit_layout, 30);
	ovt_add_sim_test(s, "client-limit", test_client_limit, 30);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(validation_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
