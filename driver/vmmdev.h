/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Wire layouts of the VMMDev device: the request header, every request body
 * the project sends or answers, the MMIO area and the constants that go with
 * them.  This is the one definition used by the kernel driver, the host
 * simulator and libvbglr3 alike; the ioctl ABI itself comes from the mainline
 * uapi headers <linux/vboxguest.h> and <linux/vbox_vmmdev_types.h>.
 *
 * Licensing: this header is shared by the GPL driver and the LGPL library,
 * so it is offered under GPL-2.0-only or MIT, like the uapi headers it
 * extends are offered under more than one licence.
 *
 * Layout rules: little-endian fixed-width fields, 4-byte packing (a u64 may
 * sit at an offset that is only a multiple of 4), no bool.  Every struct has
 * a size assertion.  Offsets in the comments are from the start of the whole
 * request, header included.
 */
#ifndef VBG_VMMDEV_H
#define VBG_VMMDEV_H

#include <linux/types.h>
#include <linux/vbox_vmmdev_types.h>

#include "vbox_status.h"

#define VMMDEV_PACKED __attribute__((packed, aligned(4)))

/* PCI identity of the device. */
#define VMMDEV_VENDORID 0x80ee
#define VMMDEV_DEVICEID 0xcafe

/* BAR0 (I/O ports): a 32-bit write of a request's physical address. */
#define VMMDEV_PORT_OFF_REQUEST	     0
#define VMMDEV_PORT_OFF_REQUEST_FAST 8

/* Header and interface versions. */
#define VMMDEV_REQUEST_HEADER_VERSION 0x10001
#define VMMDEV_VERSION		      0x00010004
#define VMMDEV_VERSION_MAJOR	      1
#define VMMDEV_VERSION_MINOR	      4
#define VMMDEV_MAX_VMMDEVREQ_SIZE     (1024 * 1024)
#define VMMDEV_MEMORY_VERSION	      1
#define VMMDEV_RAM_SIZE		      (4 * 1024 * 1024)

/* Event bits (pending events, filter masks, WAIT_FOR_EVENTS). */
#define VMMDEV_EVENT_MOUSE_CAPABILITIES_CHANGED		0x001
#define VMMDEV_EVENT_HGCM				0x002
#define VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST		0x004
#define VMMDEV_EVENT_JUDGE_CREDENTIALS			0x008
#define VMMDEV_EVENT_RESTORED				0x010
#define VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST	0x020
#define VMMDEV_EVENT_BALLOON_CHANGE_REQUEST		0x040
#define VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST 0x080
#define VMMDEV_EVENT_VRDP				0x100
#define VMMDEV_EVENT_MOUSE_POSITION_CHANGED		0x200
#define VMMDEV_EVENT_CPU_HOTPLUG			0x400
#define VMMDEV_EVENT_VALID_EVENT_MASK			0x7ff

/* Guest capability bits. */
#define VMMDEV_GUEST_SUPPORTS_SEAMLESS			0x1
#define VMMDEV_GUEST_SUPPORTS_GUEST_HOST_WINDOW_MAPPING 0x2
#define VMMDEV_GUEST_SUPPORTS_GRAPHICS			0x4
#define VMMDEV_GUEST_CAPABILITIES_MASK			0x7

/* Mouse feature bits. */
#define VMMDEV_MOUSE_GUEST_CAN_ABSOLUTE		     0x001
#define VMMDEV_MOUSE_HOST_WANTS_ABSOLUTE	     0x002
#define VMMDEV_MOUSE_GUEST_NEEDS_HOST_CURSOR	     0x004
#define VMMDEV_MOUSE_HOST_CANNOT_HWPOINTER	     0x008
#define VMMDEV_MOUSE_NEW_PROTOCOL		     0x010
#define VMMDEV_MOUSE_HOST_RECHECKS_NEEDS_HOST_CURSOR 0x020
#define VMMDEV_MOUSE_HOST_HAS_ABS_DEV		     0x040
#define VMMDEV_MOUSE_GUEST_USES_FULL_STATE_PROTOCOL  0x080
#define VMMDEV_MOUSE_HOST_USES_FULL_STATE_PROTOCOL   0x100
#define VMMDEV_MOUSE_GUEST_MASK			     0x095
#define VMMDEV_MOUSE_HOST_MASK			     0x16a

/* Host feature bits (GetHostVersion). */
#define VMMDEV_HVF_HGCM_PHYS_PAGE_LIST	     0x00000001
#define VMMDEV_HVF_HGCM_EMBEDDED_BUFFERS     0x00000002
#define VMMDEV_HVF_HGCM_CONTIGUOUS_PAGE_LIST 0x00000004
#define VMMDEV_HVF_HGCM_NO_BOUNCE_PAGE_LIST  0x00000008
#define VMMDEV_HVF_FAST_IRQ_ACK		     0x80000000

/* Display definition flags. */
#define VMMDEV_DISPLAY_PRIMARY	0x01
#define VMMDEV_DISPLAY_DISABLED 0x02
#define VMMDEV_DISPLAY_ORIGIN	0x04
#define VMMDEV_DISPLAY_CX	0x08
#define VMMDEV_DISPLAY_CY	0x10
#define VMMDEV_DISPLAY_BPP	0x20
#define VMMDEV_MAX_DISPLAYS	64

/* Seamless modes. */
#define VMMDEV_SEAMLESS_DISABLED       0
#define VMMDEV_SEAMLESS_VISIBLE_REGION 1
#define VMMDEV_SEAMLESS_HOST_WINDOW    2

/* Facilities and their states (ReportGuestStatus). */
#define VBOXGUEST_FACILITY_TYPE_UNKNOWN		 0
#define VBOXGUEST_FACILITY_TYPE_VBOXGUEST_DRIVER 20
#define VBOXGUEST_FACILITY_TYPE_AUTO_LOGON	 90
#define VBOXGUEST_FACILITY_TYPE_VBOX_SERVICE	 100
#define VBOXGUEST_FACILITY_TYPE_VBOX_TRAY_CLIENT 101
#define VBOXGUEST_FACILITY_TYPE_SEAMLESS	 1000
#define VBOXGUEST_FACILITY_TYPE_GRAPHICS	 1100
#define VBOXGUEST_FACILITY_TYPE_MONITOR_ATTACH	 1101
#define VBOXGUEST_FACILITY_TYPE_ALL		 0x7ffffffe

#define VBOXGUEST_FACILITY_STATUS_INACTIVE    0
#define VBOXGUEST_FACILITY_STATUS_PAUSED      1
#define VBOXGUEST_FACILITY_STATUS_PRE_INIT    20
#define VBOXGUEST_FACILITY_STATUS_INIT	      30
#define VBOXGUEST_FACILITY_STATUS_ACTIVE      50
#define VBOXGUEST_FACILITY_STATUS_TERMINATING 100
#define VBOXGUEST_FACILITY_STATUS_TERMINATED  101
#define VBOXGUEST_FACILITY_STATUS_FAILED      800
#define VBOXGUEST_FACILITY_STATUS_UNKNOWN     999

/* OS type reported in ReportGuestInfo. */
#define VBOXOSTYPE_LINUX26 0x53000
#define VBOXOSTYPE_X64	   0x100

/* ReportGuestInfo2 additions_features bit. */
#define VBOXGUESTINFO2_F_REQUESTOR_INFO 0x1

/* Memory balloon geometry. */
#define VMMDEV_MEMORY_BALLOON_CHUNK_PAGES 256
/* The page of balloon chunks and HGCM page lists, whatever the guest's. */
#define VMMDEV_PAGE_SIZE		 4096u
#define VMMDEV_MEMORY_BALLOON_CHUNK_SIZE (1024 * 1024)

/* HGCM request flags and limits. */
#define VBOX_HGCM_REQ_DONE		    0x1
#define VBOX_HGCM_REQ_CANCELLED		    0x2
#define VMMDEV_HGCM_MAX_PARMS		    32
#define VMMDEV_HGCM_MAX_CLIENTS_PER_SESSION 64
#define VBG_MAX_HGCM_USER_PARM		    (24 * 1024 * 1024)
#define VBG_MAX_HGCM_KERNEL_PARM	    (16 * 1024 * 1024)
#define VMMDEV_MAX_HGCM_DATA_SIZE	    (128 * 1024 * 1024)
/* Parameter types beyond the uapi enum (host side only). */
#define VMMDEV_HGCM_PARM_TYPE_EMBEDDED		  11
#define VMMDEV_HGCM_PARM_TYPE_CONTIGUOUS_PAGELIST 12
#define VMMDEV_HGCM_PARM_TYPE_NO_BOUNCE_PAGELIST  13

/* Statistics capability bits (VBoxGuestStatistics.stat_caps). */
#define VBOX_GUEST_STAT_CPU_LOAD_IDLE	    0x0001
#define VBOX_GUEST_STAT_CPU_LOAD_KERNEL	    0x0002
#define VBOX_GUEST_STAT_CPU_LOAD_USER	    0x0004
#define VBOX_GUEST_STAT_THREADS		    0x0008
#define VBOX_GUEST_STAT_PROCESSES	    0x0010
#define VBOX_GUEST_STAT_HANDLES		    0x0020
#define VBOX_GUEST_STAT_MEMORY_LOAD	    0x0040
#define VBOX_GUEST_STAT_PHYS_MEM_TOTAL	    0x0080
#define VBOX_GUEST_STAT_PHYS_MEM_AVAIL	    0x0100
#define VBOX_GUEST_STAT_PHYS_MEM_BALLOON    0x0200
#define VBOX_GUEST_STAT_MEM_COMMIT_TOTAL    0x0400
#define VBOX_GUEST_STAT_MEM_KERNEL_TOTAL    0x0800
#define VBOX_GUEST_STAT_MEM_KERNEL_PAGED    0x1000
#define VBOX_GUEST_STAT_MEM_KERNEL_NONPAGED 0x2000
#define VBOX_GUEST_STAT_MEM_SYSTEM_CACHE    0x4000
#define VBOX_GUEST_STAT_PAGE_FILE_SIZE	    0x8000

/* Power states (SetPowerStatus). */
#define VMMDEV_POWER_STATE_PAUSE      1
#define VMMDEV_POWER_STATE_POWER_OFF  2
#define VMMDEV_POWER_STATE_SAVE_STATE 3

/* The mainline uapi enum stops at 222; 7.x adds this one. */
#define VMMDEVREQ_GET_MOUSE_STATUS_EX 223

/* @0: the common 24-byte header of every request. */
struct vmmdev_request_header {
	__u32 size;	    /* whole request, header included */
	__u32 version;	    /* VMMDEV_REQUEST_HEADER_VERSION */
	__u32 request_type; /* enum vmmdev_request_type */
	__s32 rc;	    /* OUT: VBox status */
	__u32 reserved1;    /* MBZ for the device; size_out on the ioctl path */
	__u32 requestor;    /* VMMDEV_REQUESTOR_* */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_request_header, 24);

/* BAR1: the MMIO area shared with the host. */
struct vmmdev_memory {
	__u32 size;
	__u32 version; /* VMMDEV_MEMORY_VERSION */
	union {
		struct {
			__u8 have_events;
			__u8 padding[3];
		} V1_04;
		struct {
			__u32 host_events;
			__u32 guest_event_mask;
		} V1_03;
	} V;
	/* VBVA memory follows at offset 16; unused on Linux. */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_memory, 8 + 8);

/* 1, 2: GetMouseStatus / SetMouseStatus. */
struct vmmdev_mouse_status {
	struct vmmdev_request_header header;
	__u32 mouse_features;
	__s32 pointer_pos_x;
	__s32 pointer_pos_y;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_mouse_status, 24 + 12);

/* 223: GetMouseStatusEx. */
struct vmmdev_mouse_status_ex {
	struct vmmdev_mouse_status core;
	__s32 dz;
	__s32 dw;
	__u32 buttons;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_mouse_status_ex, 36 + 12);

/* 4: GetHostVersion. */
struct vmmdev_host_version {
	struct vmmdev_request_header header;
	__u16 major;
	__u16 minor;
	__u32 build;
	__u32 revision;
	__u32 features; /* VMMDEV_HVF_* */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_host_version, 24 + 16);

/* 10: GetHostTime. */
struct vmmdev_host_time {
	struct vmmdev_request_header header;
	__u64 time_ms; /* OUT: UTC milliseconds since the epoch */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_host_time, 24 + 8);

/* 20, 21: Get/SetHypervisorInfo. */
struct vmmdev_hypervisorinfo {
	struct vmmdev_request_header header;
	__u32 hypervisor_start;
	__u32 hypervisor_size;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_hypervisorinfo, 24 + 8);

/* 30: SetPowerStatus. */
struct vmmdev_power_state {
	struct vmmdev_request_header header;
	__u32 power_state; /* VMMDEV_POWER_STATE_* */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_power_state, 24 + 4);

/* 41: AcknowledgeEvents. */
struct vmmdev_events {
	struct vmmdev_request_header header;
	__u32 events; /* OUT */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_events, 24 + 4);

/* 42: CtlGuestFilterMask. */
struct vmmdev_mask {
	struct vmmdev_request_header header;
	__u32 or_mask;
	__u32 not_mask;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_mask, 24 + 8);

/* 50: ReportGuestInfo. */
struct vmmdev_guest_info {
	struct vmmdev_request_header header;
	__u32 interface_version; /* VMMDEV_VERSION */
	__u32 os_type;		 /* VBOXOSTYPE_* */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_guest_info, 24 + 8);

/* 58: ReportGuestInfo2. */
struct vmmdev_guest_info2 {
	struct vmmdev_request_header header;
	__u16 additions_major;
	__u16 additions_minor;
	__u32 additions_build;
	__u32 additions_revision;
	__u32 additions_features; /* VBOXGUESTINFO2_F_* */
	char name[128]; /* "major.minor.build[_tag]", NUL-terminated */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_guest_info2, 24 + 144);

/* 59: ReportGuestStatus. */
struct vmmdev_guest_status {
	struct vmmdev_request_header header;
	__u32 facility; /* VBOXGUEST_FACILITY_TYPE_* */
	__u32 status;	/* VBOXGUEST_FACILITY_STATUS_* */
	__u32 flags;	/* MBZ */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_guest_status, 24 + 12);

/* 51: GetDisplayChangeRequest (display 0 only, deprecated). */
struct vmmdev_display_change_request {
	struct vmmdev_request_header header;
	__u32 xres;
	__u32 yres;
	__u32 bpp;
	__u32 eventack;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_display_change_request, 24 + 16);

/* 54: GetDisplayChangeRequest2. */
struct vmmdev_display_change_request2 {
	struct vmmdev_request_header header;
	__u32 xres;
	__u32 yres;
	__u32 bpp;
	__u32 eventack;
	__u32 display;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_display_change_request2, 24 + 20);

/* 80: GetDisplayChangeRequestEx. */
struct vmmdev_display_change_request_ex {
	struct vmmdev_request_header header;
	__u32 xres;
	__u32 yres;
	__u32 bpp;
	__u32 eventack;
	__u32 display;
	__u32 origin_x;
	__u32 origin_y;
	__u8 change_origin;
	__u8 enabled;
	__u8 padding[2];
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_display_change_request_ex, 24 + 32);

/* One display in GetDisplayChangeRequestMulti (28 bytes). */
struct vmmdev_display_def {
	__u32 flags; /* VMMDEV_DISPLAY_* */
	__u32 id_display;
	__s32 x_origin;
	__s32 y_origin;
	__u32 cx;
	__u32 cy;
	__u32 bits_per_pixel;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_display_def, 28);

/* 81: GetDisplayChangeRequestMulti; size = 32 + 28 * count. */
struct vmmdev_display_change_request_multi {
	struct vmmdev_request_header header;
	__u32 eventack;
	__u32 count; /* IN: room (1..64); OUT: entries returned */
	struct vmmdev_display_def displays[1];
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_display_change_request_multi, 32 + 28);
#define VMMDEV_DISPLAY_CHANGE_MULTI_SIZE(n) (32 + 28 * (n))

/* 52: VideoModeSupported (display 0). */
struct vmmdev_video_mode_supported {
	struct vmmdev_request_header header;
	__u32 width;
	__u32 height;
	__u32 bpp;
	__u8 supported; /* OUT */
	__u8 padding[3];
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_video_mode_supported, 24 + 16);

/* 57: VideoModeSupported2. */
struct vmmdev_video_mode_supported2 {
	struct vmmdev_request_header header;
	__u32 display;
	__u32 width;
	__u32 height;
	__u32 bpp;
	__u8 supported; /* OUT */
	__u8 padding[3];
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_video_mode_supported2, 24 + 20);

/* 53: GetHeightReduction. */
struct vmmdev_height_reduction {
	struct vmmdev_request_header header;
	__u32 height_reduction; /* OUT, pixels */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_height_reduction, 24 + 4);

/* 55: ReportGuestCapabilities (legacy). */
struct vmmdev_guest_caps {
	struct vmmdev_request_header header;
	__u32 caps;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_guest_caps, 24 + 4);

/* 56: SetGuestCapabilities. */
struct vmmdev_set_guest_caps {
	struct vmmdev_request_header header;
	__u32 or_mask;
	__u32 not_mask;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_set_guest_caps, 24 + 8);

/* RTRECT: right and bottom are exclusive. */
struct vmmdev_rect {
	__s32 left;
	__s32 top;
	__s32 right;
	__s32 bottom;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_rect, 16);

/* 72: VideoSetVisibleRegion; size = 28 + 16 * count exactly. */
struct vmmdev_video_set_visible_region {
	struct vmmdev_request_header header;
	__u32 count;
	struct vmmdev_rect rects[1];
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_video_set_visible_region, 28 + 16);
#define VMMDEV_VISIBLE_REGION_SIZE(n)	(28 + 16 * (n))
#define VMMDEV_VISIBLE_REGION_MAX_RECTS (1024 * 1024)

struct vmmdev_point {
	__s32 x;
	__s32 y;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_point, 8);

/* 222: VideoUpdateMonitorPositions; size = 28 + 8 * count exactly. */
struct vmmdev_video_update_monitor_positions {
	struct vmmdev_request_header header;
	__u32 count;
	struct vmmdev_point positions[1];
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_video_update_monitor_positions, 28 + 8);
#define VMMDEV_MONITOR_POSITIONS_SIZE(n) (28 + 8 * (n))
#define VMMDEV_MONITOR_POSITIONS_MAX	 (1024 * 1024)

/* 3: SetPointerShape; the AND and XOR masks follow the fixed part. */
struct vmmdev_pointer_shape {
	struct vmmdev_request_header header;
	__u32 flags; /* VMMDEV_POINTER_* */
	__u32 x_hot;
	__u32 y_hot;
	__u32 width;
	__u32 height;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_pointer_shape, 24 + 20);
#define VMMDEV_POINTER_SHAPE 0x4 /* a shape follows */

/* 73: GetSeamlessChangeRequest. */
struct vmmdev_seamless_change_request {
	struct vmmdev_request_header header;
	__u32 mode; /* OUT: VMMDEV_SEAMLESS_* */
	__u32 eventack;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_seamless_change_request, 24 + 8);

/* 150: GetVRDPChangeRequest. */
struct vmmdev_vrdp_change_request {
	struct vmmdev_request_header header;
	__u8 vrdp_active;
	__u8 padding[3];
	__u32 experience_level;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_vrdp_change_request, 24 + 8);

/* 111: GetMemBalloonChangeRequest. */
struct vmmdev_memballoon_info {
	struct vmmdev_request_header header;
	__u32 balloon_chunks;  /* OUT: target, 1 MiB chunks */
	__u32 phys_mem_chunks; /* OUT: guest RAM, MiB */
	__u32 event_ack;       /* VMMDEV_EVENT_BALLOON_CHANGE_REQUEST or 0 */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_memballoon_info, 24 + 12);

/* 113: ChangeMemBalloon; exactly one chunk of 256 pages. */
struct vmmdev_memballoon_change {
	struct vmmdev_request_header header;
	__u32 pages;   /* VMMDEV_MEMORY_BALLOON_CHUNK_PAGES */
	__u32 inflate; /* 1 = give to host, 0 = take back */
	__u64 phys_page[VMMDEV_MEMORY_BALLOON_CHUNK_PAGES];
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_memballoon_change, 24 + 8 + 8 * 256);

/* 112: GetStatisticsChangeRequest. */
struct vmmdev_stats_change_request {
	struct vmmdev_request_header header;
	__u32 interval; /* OUT: seconds, 0 = off */
	__u32 event_ack;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_stats_change_request, 24 + 8);

/* The 76-byte statistics block of ReportGuestStats. */
struct vmmdev_guest_stats {
	__u32 cpu_id;
	__u32 stat_caps; /* VBOX_GUEST_STAT_* */
	__u32 cpu_load_idle;
	__u32 cpu_load_kernel;
	__u32 cpu_load_user;
	__u32 threads;
	__u32 processes;
	__u32 handles;
	__u32 memory_load;
	__u32 page_size;
	__u32 phys_mem_total; /* 4 KiB pages from here on */
	__u32 phys_mem_avail;
	__u32 phys_mem_balloon;
	__u32 mem_commit_total;
	__u32 mem_kernel_total;
	__u32 mem_kernel_paged;
	__u32 mem_kernel_nonpaged;
	__u32 mem_system_cache;
	__u32 page_file_size;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_guest_stats, 76);

/* 110: ReportGuestStats. */
struct vmmdev_report_guest_stats {
	struct vmmdev_request_header header;
	struct vmmdev_guest_stats stats;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_report_guest_stats, 24 + 76);

/* 220: HeartbeatConfigure. */
struct vmmdev_heartbeat {
	struct vmmdev_request_header header;
	__u64 interval_ns; /* OUT */
	__u8 enabled;	   /* IN */
	__u8 padding[3];
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_heartbeat, 24 + 12);

/* 217: GetSessionId. */
struct vmmdev_session_id {
	struct vmmdev_request_header header;
	__u64 session_id; /* OUT */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_session_id, 24 + 8);

/*
 * 74: ReportGuestUserState.  The fixed part is 40 bytes; the user name
 * (NUL-terminated, user_size bytes, > 0), the domain (domain_size bytes,
 * may be 0) and opaque details (details_size bytes) follow at offset 40.
 * The host's own struct counts a padded first name byte, so its minimum is
 * 44 and VbglR3 sizes the request as 44 + user + domain + details.
 */
struct vmmdev_guest_user_state {
	struct vmmdev_request_header header;
	__u32 state; /* VBOXGUEST_USER_STATE_* */
	__u32 user_size;
	__u32 domain_size;
	__u32 details_size;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_guest_user_state, 24 + 16);
#define VMMDEV_USER_STATE_MIN_SIZE    44
#define VMMDEV_USER_STATE_MAX_SIZE    2048
#define VMMDEV_USER_STATE_MAX_USER    256
#define VMMDEV_USER_STATE_MAX_DOMAIN  256
#define VMMDEV_USER_STATE_MAX_DETAILS 1024

/* 218: WriteCoreDump. */
struct vmmdev_write_core_dump {
	struct vmmdev_request_header header;
	__u32 flags; /* MBZ */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_write_core_dump, 24 + 4);

/* 200: LogString; NUL-terminated text from @24, last byte NUL. */
struct vmmdev_log_string {
	struct vmmdev_request_header header;
	char text[4];
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_log_string, 24 + 4);

/* The 32-byte header shared by all HGCM requests (60-65). */
struct vmmdev_hgcmreq_header {
	struct vmmdev_request_header header;
	__u32 flags;  /* VBOX_HGCM_REQ_* */
	__s32 result; /* the service's status, valid once DONE */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_hgcmreq_header, 24 + 8);

/* 60: HGCMConnect. */
struct vmmdev_hgcm_connect {
	struct vmmdev_hgcmreq_header header;
	struct vmmdev_hgcm_service_location loc;
	__u32 client_id; /* OUT */
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_hgcm_connect, 32 + 132 + 4);

/* 61: HGCMDisconnect. */
struct vmmdev_hgcm_disconnect {
	struct vmmdev_hgcmreq_header header;
	__u32 client_id;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_hgcm_disconnect, 32 + 4);

/*
 * 62, 63: HGCMCall32 / HGCMCall64.  parm_count parameter slots follow
 * (12 or 16 bytes each), then the page lists they refer to by offset.
 */
struct vmmdev_hgcm_call {
	struct vmmdev_hgcmreq_header header;
	__u32 client_id;
	__u32 function;
	__u32 parm_count;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_hgcm_call, 32 + 12);

/* 64: HGCMCancel (the call buffer resubmitted with CANCELLED set). */
struct vmmdev_hgcm_cancel {
	struct vmmdev_hgcmreq_header header;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_hgcm_cancel, 32);

/* 65: HGCMCancel2. */
struct vmmdev_hgcm_cancel2 {
	struct vmmdev_request_header header;
	__u32 phys_req_to_cancel;
} VMMDEV_PACKED;
VMMDEV_ASSERT_SIZE(vmmdev_hgcm_cancel2, 24 + 4);

#endif /* VBG_VMMDEV_H */
