/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the emulated VMMDev, shared by its source files:
 * vmmdev_emu.c (request port, dispatch table, events, guest reports),
 * vmmdev_display.c (display, video and seamless requests),
 * vmmdev_balloon.c (balloon and statistics), vmmdev_hgcm.c (HGCM).
 */
#ifndef HOSTSIM_VMMDEV_EMU_PRIV_H
#define HOSTSIM_VMMDEV_EMU_PRIV_H

#include "hostsim/vmmdev_emu.h"

#include <glib.h>

struct vmmdev_emu {
	struct fault_table *faults; /* set before use, then read-only */

	/* Everything below is protected by lock. */
	GMutex lock;
	struct vmmdev_emu_config cfg;
	struct vmmdev_emu_platform plat;
	struct hgcm_host *hgcm;
	struct vmmdev_memory *mmio;
	uint64_t session_id;
	uint64_t restores;
	int64_t host_time_offset_ms; /* GetHostTime: real clock + this */

	/* Guest reports. */
	bool additions_ok;
	bool have_guest_info;
	struct vmmdev_guest_info guest_info;
	bool have_guest_info2;
	struct vmmdev_guest_info2 guest_info2;
	unsigned int facility_count;
	struct vmmdev_emu_facility facilities[VMMDEV_EMU_MAX_FACILITIES];
	bool facility_fixed[VMMDEV_EMU_MAX_FACILITIES];
	uint32_t guest_caps;
	uint32_t mouse_features;
	int32_t mouse_x, mouse_y;
	uint32_t power_request;
	uint64_t log_strings;
	struct vmmdev_emu_user_state user_state;

	/* Events. */
	uint32_t pending_events;
	uint32_t filter_mask;
	bool irq_asserted;

	/* Heartbeat. */
	bool heartbeat_enabled;
	uint64_t heartbeats;
	int64_t last_heartbeat_us; /* monotonic */

	/* Display (vmmdev_display.c). */
	struct vmmdev_emu_display displays[VMMDEV_MAX_DISPLAYS];
	bool display_guest_acked; /* any display request acked */
	unsigned int current_monitor;
	struct vmmdev_point positions[VMMDEV_MAX_DISPLAYS];
	unsigned int position_count;
	uint64_t position_reports;
	/* The host's last request as a whole, and how far the guest got. */
	struct vmmdev_display_def request_defs[VMMDEV_MAX_DISPLAYS];
	unsigned int request_count;
	uint64_t request_seq;	      /* 0: none yet */
	uint64_t request_fetched_seq; /* request_seq at the last query */
	uint64_t request_acked_seq;   /* ... at the last query with ack */
	struct vmmdev_rect *visible_rects;
	unsigned int visible_count;
	uint64_t visible_reports;
	int64_t visible_last_us; /* host UTC µs of the last report */
	GCond visible_cond;	 /* broadcast on every report */
	bool visible_waits_cancelled;
	uint32_t seamless_mode;
	uint32_t seamless_acked;

	/* Balloon and statistics (vmmdev_balloon.c). */
	uint32_t balloon_target;
	uint32_t balloon_acked;
	GHashTable *balloon_pages; /* guest page address set */
	uint64_t balloon_inflates;
	uint64_t balloon_deflates;
	uint32_t stats_interval;
	uint32_t stats_acked;
	uint64_t stats_total;
	struct vmmdev_emu_stats_report stats[VMMDEV_EMU_STATS_KEEP];

	/* Log once per kind of guest mistake that has no rc to carry it. */
	bool warned_bad_address;
};

/*
 * A request handler.  Runs with emu->lock held on a private copy of the
 * request (size bytes, already checked against the table's size rule);
 * returns the rc the guest sees.  The copy is written back afterwards.
 */
typedef int32_t (*vmmdev_req_handler)(struct vmmdev_emu *emu, void *req,
				      uint32_t size);

/* Events: set pending bits and update the interrupt line (lock held). */
void vmmdev_emu_raise_locked(struct vmmdev_emu *emu, uint32_t events);
/* Host time in ms since the epoch, as GetHostTime reports it. */
int64_t vmmdev_emu_utc_ms(void);

/* vmmdev_display.c */
int32_t vmmdev_req_display_change(struct vmmdev_emu *emu, void *req,
				  uint32_t size);
int32_t vmmdev_req_display_change2(struct vmmdev_emu *emu, void *req,
				   uint32_t size);
int32_t vmmdev_req_display_change_ex(struct vmmdev_emu *emu, void *req,
				     uint32_t size);
int32_t vmmdev_req_display_change_multi(struct vmmdev_emu *emu, void *req,
					uint32_t size);
int32_t vmmdev_req_video_mode_supported(struct vmmdev_emu *emu, void *req,
					uint32_t size);
int32_t vmmdev_req_video_mode_supported2(struct vmmdev_emu *emu, void *req,
					 uint32_t size);
int32_t vmmdev_req_height_reduction(struct vmmdev_emu *emu, void *req,
				    uint32_t size);
int32_t vmmdev_req_visible_region(struct vmmdev_emu *emu, void *req,
				  uint32_t size);
int32_t vmmdev_req_monitor_positions(struct vmmdev_emu *emu, void *req,
				     uint32_t size);
int32_t vmmdev_req_seamless_change(struct vmmdev_emu *emu, void *req,
				   uint32_t size);
int32_t vmmdev_req_vrdp_change(struct vmmdev_emu *emu, void *req,
			       uint32_t size);
void vmmdev_display_free(struct vmmdev_emu *emu);

/* vmmdev_balloon.c */
int32_t vmmdev_req_balloon_change(struct vmmdev_emu *emu, void *req,
				  uint32_t size);
int32_t vmmdev_req_change_balloon(struct vmmdev_emu *emu, void *req,
				  uint32_t size);
int32_t vmmdev_req_stats_change(struct vmmdev_emu *emu, void *req,
				uint32_t size);
int32_t vmmdev_req_report_stats(struct vmmdev_emu *emu, void *req,
				uint32_t size);

/*
 * vmmdev_hgcm.c: the HGCM requests.  They run without emu->lock on the
 * request in guest memory (they are answered asynchronously, so the
 * request is not copied and written back like the others); each returns
 * the rc for the header.
 */
int32_t vmmdev_hgcm_connect(struct vmmdev_emu *emu, void *guest, uint32_t size,
			    uint64_t phys);
int32_t vmmdev_hgcm_disconnect(struct vmmdev_emu *emu, void *guest,
			       uint32_t size, uint64_t phys);
int32_t vmmdev_hgcm_call(struct vmmdev_emu *emu, void *guest, uint32_t size,
			 uint64_t phys);
int32_t vmmdev_hgcm_cancel(struct vmmdev_emu *emu, void *guest, uint32_t size,
			   uint64_t phys);
int32_t vmmdev_hgcm_cancel2(struct vmmdev_emu *emu, void *guest, uint32_t size,
			    uint64_t phys);

#endif /* HOSTSIM_VMMDEV_EMU_PRIV_H */
