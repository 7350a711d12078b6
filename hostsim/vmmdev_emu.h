/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The emulated VMMDev: the device side of every VMMDev request, the event
 * and interrupt logic, and the host state a VirtualBox host keeps about its
 * guest (display requests, seamless mode, balloon, statistics, facilities,
 * heartbeat, visible region).  HGCM requests go to an hgcm_host.
 *
 * The device reaches guest memory and the interrupt line only through a
 * platform table: vmmdev_emu_new_kshim() wires it to the kernel-API shim
 * ("kshim/hw.h") for the simulator; unit tests supply their own.
 * Guest-physical addresses are never dereferenced directly.
 *
 * Behaviour follows the 7.0 host as docs/protocol/vmmdev.md describes it
 * (§2 processing, §3 the request table, §5-§14 the requests; HGCM in
 * docs/protocol/hgcm.md).  Where this device differs from a real host on
 * purpose, the reason is written at the code and in vmmdev.md §15.
 */
#ifndef HOSTSIM_VMMDEV_EMU_H
#define HOSTSIM_VMMDEV_EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver/vmmdev.h"

struct fault_table;
struct hgcm_host;
struct vmmdev_emu;

/* How the device reaches guest memory and its interrupt line. */
struct vmmdev_emu_platform {
	/*
	 * Local pointer for the request at [phys, phys + len), or NULL when
	 * the range is not memory a request may live in.
	 */
	void *(*req_ptr)(void *opaque, uint64_t phys, size_t len);
	/* Local pointer for guest memory a page list names, or NULL. */
	void *(*mem_ptr)(void *opaque, uint64_t phys, size_t len);
	/* Raise (true) or lower the interrupt line. */
	void (*set_irq)(void *opaque, bool asserted);
	/*
	 * Optional: the device is about to stall the calling thread (a delay
	 * fault), so the host can move other work off it first.
	 */
	void (*stall)(void *opaque);
	void *opaque;
};

struct vmmdev_emu_config {
	uint16_t host_major;
	uint16_t host_minor;
	uint32_t host_build;
	uint32_t host_revision;
	uint32_t ram_mib; /* guest RAM reported to the balloon */
};

/* The host features this device implements (GetHostVersion). */
#define VMMDEV_EMU_HOST_FEATURES                                             \
	(VMMDEV_HVF_HGCM_PHYS_PAGE_LIST | VMMDEV_HVF_HGCM_EMBEDDED_BUFFERS | \
	 VMMDEV_HVF_HGCM_CONTIGUOUS_PAGE_LIST |                              \
	 VMMDEV_HVF_HGCM_NO_BOUNCE_PAGE_LIST | VMMDEV_HVF_FAST_IRQ_ACK)
/* Host mouse features this device reports (integration on, absolute). */
#define VMMDEV_EMU_HOST_MOUSE                                               \
	(VMMDEV_MOUSE_HOST_WANTS_ABSOLUTE | VMMDEV_MOUSE_HOST_HAS_ABS_DEV | \
	 VMMDEV_MOUSE_HOST_RECHECKS_NEEDS_HOST_CURSOR |                     \
	 VMMDEV_MOUSE_HOST_USES_FULL_STATE_PROTOCOL)
/* Size of the MMIO area (BAR1) this device exposes. */
#define VMMDEV_EMU_MMIO_SIZE 4096u
/* Heartbeat interval the host asks for. */
#define VMMDEV_EMU_HEARTBEAT_NS 2000000000ull
/* Facility table size, as in the real host. */
#define VMMDEV_EMU_MAX_FACILITIES 32
/* Guest statistics reports kept for `ctl stats`. */
#define VMMDEV_EMU_STATS_KEEP 64

/**
 * vmmdev_emu_new - create the device.
 * @cfg: host version and guest RAM
 * @plat: memory and interrupt access (copied)
 * @hgcm: where HGCM requests go; must outlive the device's users
 *
 * Return: the device (never NULL).
 */
struct vmmdev_emu *vmmdev_emu_new(const struct vmmdev_emu_config *cfg,
				  const struct vmmdev_emu_platform *plat,
				  struct hgcm_host *hgcm);
/*
 * Free the device.  HGCM completions write into guest memory through the
 * device, so free (or at least stop) its hgcm_host first: after
 * hgcm_host_free() no completion can arrive.  NULL is ignored.
 */
void vmmdev_emu_free(struct vmmdev_emu *emu);

/*
 * The faults requests are checked against where the device dispatches
 * them (fault.h); set before the device is used.  Without it no request
 * is faulted.
 */
void vmmdev_emu_set_faults(struct vmmdev_emu *emu, struct fault_table *ft);

/* The name of a request type the device answers ("GetHostVersion"), or NULL. */
const char *vmmdev_emu_request_name(uint32_t type);
/* The type of a request the device answers, by name (any case). */
bool vmmdev_emu_request_by_name(const char *name, uint32_t *type);

/* The MMIO area to hand to the driver (kcore_start()). */
struct vmmdev_memory *vmmdev_emu_mmio(struct vmmdev_emu *emu);

/* The request port: a 32-bit write of a request's physical address. */
void vmmdev_emu_submit(struct vmmdev_emu *emu, uint32_t phys);
/* The fast acknowledge port: a 32-bit read (feature bit 31). */
uint32_t vmmdev_emu_fast_ack(struct vmmdev_emu *emu);

/*
 * Wire the device to the kernel-API shim: DMA32 arena for requests, shim
 * memory for page lists, KSHIM_VMMDEV_IRQ, and the port range at
 * KSHIM_VMMDEV_IO_BASE.  (Defined in vmmdev_kshim.c; only the simulator
 * and tests that run the driver core link it.)
 */
struct vmmdev_emu *vmmdev_emu_new_kshim(const struct vmmdev_emu_config *cfg,
					struct hgcm_host *hgcm);
void vmmdev_emu_detach_kshim(struct vmmdev_emu *emu);

/* ---- what the host (its user) does --------------------------------------- */

/* Set pending events (bits of VMMDEV_EVENT_VALID_EVENT_MASK). */
void vmmdev_emu_raise_events(struct vmmdev_emu *emu, uint32_t events);

/**
 * vmmdev_emu_request_display - a display change request from the host.
 * @def: the new definition; def->id_display < VMMDEV_MAX_DISPLAYS
 * @force: raise the event even if the guest already acked this definition
 *
 * Return: 0, or -EINVAL for a bad display id.
 */
int vmmdev_emu_request_display(struct vmmdev_emu *emu,
			       const struct vmmdev_display_def *def,
			       bool force);

/**
 * vmmdev_emu_request_displays - the host's request for several displays at
 * once, as the front end makes it when the user resizes a window or turns
 * monitors on and off: every definition is stored, and one display change
 * event is raised if any of them differs from what the guest acked.
 * @defs: the definitions (distinct ids below VMMDEV_MAX_DISPLAYS)
 * @n: their number, 1..VMMDEV_MAX_DISPLAYS
 * @force: raise the event even if the guest already acked them
 *
 * Return: 0, or -EINVAL for a bad count or display id.
 */
int vmmdev_emu_request_displays(struct vmmdev_emu *emu,
				const struct vmmdev_display_def *defs,
				unsigned int n, bool force);
/* Seamless mode request (VMMDEV_SEAMLESS_*). Return: 0 or -EINVAL. */
int vmmdev_emu_request_seamless(struct vmmdev_emu *emu, uint32_t mode);
/* Balloon target in MiB. */
void vmmdev_emu_request_balloon(struct vmmdev_emu *emu, uint32_t mib);
/* Statistics interval in seconds (0 = off). */
void vmmdev_emu_request_stats_interval(struct vmmdev_emu *emu,
				       uint32_t seconds);
/* The host's clock as GetHostTime reports it: the real clock + @offset_ms. */
void vmmdev_emu_set_host_time_offset(struct vmmdev_emu *emu, int64_t offset_ms);
/* A saved-state restore as the guest sees it: a new session id. */
void vmmdev_emu_restore(struct vmmdev_emu *emu);

/* ---- what the host reads back -------------------------------------------- */

struct vmmdev_emu_facility {
	uint32_t facility;
	uint32_t status;
	uint32_t flags;
	int64_t time_ms; /* host UTC ms of the last report, 0 = never */
};

/* The last ReportGuestUserState. */
struct vmmdev_emu_user_state {
	uint64_t reports; /* 0 = never */
	uint32_t state;	  /* VBOXGUEST_USER_STATE_* */
	char user[VMMDEV_USER_STATE_MAX_USER];
	char domain[VMMDEV_USER_STATE_MAX_DOMAIN]; /* "" if none */
	uint32_t details_size;
};

struct vmmdev_emu_status {
	uint64_t session_id;
	uint64_t restores; /* vmmdev_emu_restore() calls */
	int64_t host_time_offset_ms;
	bool additions_ok;
	bool have_guest_info;
	uint32_t interface_version;
	uint32_t os_type;
	bool have_guest_info2;
	uint16_t additions_major;
	uint16_t additions_minor;
	uint32_t additions_build;
	uint32_t additions_revision;
	uint32_t additions_features;
	char additions_name[128];
	unsigned int facility_count;
	struct vmmdev_emu_facility facilities[VMMDEV_EMU_MAX_FACILITIES];
	uint32_t pending_events;
	uint32_t filter_mask;
	bool irq_asserted;
	uint32_t guest_caps;
	uint32_t mouse_features; /* host and guest bits, as reported */
	bool heartbeat_enabled;
	uint64_t heartbeat_interval_ns;
	uint64_t heartbeats;
	int64_t last_heartbeat_ms; /* monotonic ms since, -1 = never */
	uint32_t seamless_mode;
	uint32_t seamless_acked;
	uint32_t power_request; /* last power request, 0 = none */
	uint64_t log_strings;
	struct vmmdev_emu_user_state user_state;
};

void vmmdev_emu_get_status(struct vmmdev_emu *emu,
			   struct vmmdev_emu_status *st);

struct vmmdev_emu_display {
	struct vmmdev_display_def host;	 /* latest host request */
	struct vmmdev_display_def acked; /* last read with ack */
	bool pending;
	bool host_set; /* host ever sent one */
};

/*
 * Copy the display slots (VMMDEV_MAX_DISPLAYS entries) and the monitor
 * positions the guest last reported.  Returns the number of positions.
 */
unsigned int vmmdev_emu_get_displays(struct vmmdev_emu *emu,
				     struct vmmdev_emu_display *displays,
				     struct vmmdev_point *positions);

/* The host's last display request and what the guest did with it. */
struct vmmdev_emu_display_request {
	uint64_t seq; /* requests so far; 0 = none */
	unsigned int count;
	struct vmmdev_display_def defs[VMMDEV_MAX_DISPLAYS];
	bool fetched;		   /* a display query ran since */
	bool acked;		   /* read with ack, nothing pending */
	uint64_t position_reports; /* VideoUpdateMonitorPositions */
	unsigned int position_count;
	struct vmmdev_point positions[VMMDEV_MAX_DISPLAYS];
	bool guest_graphics; /* VMMDEV_GUEST_SUPPORTS_GRAPHICS */
};

void vmmdev_emu_get_display_request(struct vmmdev_emu *emu,
				    struct vmmdev_emu_display_request *r);

struct vmmdev_emu_balloon {
	uint32_t target_mib;
	uint32_t acked_mib; /* target the guest last acked */
	uint32_t ram_mib;
	uint64_t pages_held; /* guest pages the host holds */
	uint64_t inflates;
	uint64_t deflates;
};

void vmmdev_emu_get_balloon(struct vmmdev_emu *emu,
			    struct vmmdev_emu_balloon *b);
/* True if the host holds guest page phys (a ballooned page). */
bool vmmdev_emu_balloon_holds(struct vmmdev_emu *emu, uint64_t phys);

struct vmmdev_emu_stats_report {
	int64_t time_ms; /* host UTC ms when it arrived */
	struct vmmdev_guest_stats stats;
};

/*
 * The statistics state: interval and acked interval, the total number of
 * reports, and up to VMMDEV_EMU_STATS_KEEP most recent reports (oldest
 * first) in reports.  Returns the number copied.
 */
unsigned int vmmdev_emu_get_stats(struct vmmdev_emu *emu, uint32_t *interval,
				  uint32_t *acked, uint64_t *total,
				  struct vmmdev_emu_stats_report *reports);

/*
 * The visible region the guest last reported: *rects (caller frees with
 * g_free) and their count; *reports = how many reports arrived (0 = never);
 * *last_us (may be NULL) = host UTC time of the last one in microseconds
 * since 1970 (0 = never).
 */
unsigned int vmmdev_emu_get_visible_region(struct vmmdev_emu *emu,
					   struct vmmdev_rect **rects,
					   uint64_t *reports, int64_t *last_us);

/**
 * vmmdev_emu_wait_visible_region - wait until the guest has sent at least
 * @reports visible-region reports since the device was created.
 * @emu: the device
 * @reports: the report count to wait for
 * @timeout_ms: how long to wait at most
 *
 * Return: 0, -ETIMEDOUT, or -ECANCELED once vmmdev_emu_cancel_waits() was
 * called.
 */
int vmmdev_emu_wait_visible_region(struct vmmdev_emu *emu, uint64_t reports,
				   unsigned int timeout_ms);

/*
 * End every vmmdev_emu_wait_visible_region(), present and future, with
 * -ECANCELED (the simulator is shutting down).
 */
void vmmdev_emu_cancel_waits(struct vmmdev_emu *emu);

#endif /* HOSTSIM_VMMDEV_EMU_H */
