/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The driver core's interface: what the Linux glue (vbg_linux.c) and the
 * userspace hosts of the core (the host simulator, unit tests, the fuzzer)
 * call.  The core uses only ordinary kernel APIs; in userspace they come
 * from the kernel-API shim under kshim.
 */
#ifndef VBG_CORE_H
#define VBG_CORE_H

#include <linux/types.h>
#include <linux/interrupt.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/list.h>
#include <linux/vboxguest.h>
#include "vmmdev.h"

#define VBG_DRIVER_NAME "vboxguest"
/* What the driver reports to the host in ReportGuestInfo2. */
#define VBG_VERSION_MAJOR    7
#define VBG_VERSION_MINOR    0
#define VBG_VERSION_BUILD    0
#define VBG_VERSION_REVISION 0
#define VBG_VERSION_STRING   "7.0.0"

/* The largest ioctl argument the entry accepts, header included. */
#define VBG_MAX_IOCTL_SIZE (16 * 1024 * 1024)

struct vbg_session;

/**
 * struct vbg_bit_usage - per-bit reference counts over all sessions.
 * @per_bit: how many sessions hold each bit
 * @mask: the bits with a non-zero count
 */
struct vbg_bit_usage {
	u32 per_bit[32];
	u32 mask;
};

/**
 * struct vbg_dev - one VMMDev device.
 * @dev: the device, for log messages
 * @io_port: base of the I/O port range (BAR0)
 * @mmio: the VMMDev memory (BAR1)
 * @host_version: "major.minor.buildrREV" from GetHostVersion at init
 * @host_features: VMMDEV_HVF_* from GetHostVersion at init
 * @event_spinlock: guards @pending_events, @acquire_mode_guest_caps and the
 *	sessions' acquired capabilities and cancel flags (the wait condition
 *	reads them together)
 * @event_wq: WAIT_FOR_EVENTS sleeps here
 * @hgcm_wq: HGCM requests wait here for completion
 * @pending_events: events raised by the host and not yet consumed
 * @fixed_events: events the host filter always includes
 * @ack_events_req: the interrupt handler's AcknowledgeEvents request
 * @session_mutex: guards the session bookkeeping below and every session's
 *	filter, capabilities and HGCM clients
 * @session_count: open sessions
 * @event_filter_tracker: which sessions want which events
 * @event_filter_host: the filter the host has (U32_MAX: unknown)
 * @acquire_mode_guest_caps: capabilities that can only be acquired
 * @acquired_guest_caps: capabilities some session acquired
 * @set_guest_caps_tracker: which sessions set which capabilities
 * @guest_caps_host: the capabilities the host has (U32_MAX: unknown)
 * @cancel_req_mutex: guards @cancel_req
 * @cancel_req: the preallocated HGCMCancel2 request
 * @mem_balloon_get_req: the balloon worker's GetMemBalloonChangeRequest
 * @mem_balloon_change_req: the balloon worker's ChangeMemBalloon
 * @mem_balloon_work: follows the host's balloon target
 * @mem_balloon_pages: the pages of each ballooned chunk
 * @mem_balloon_chunks: current balloon size in 1 MiB chunks
 * @mem_balloon_max_chunks: guest RAM in chunks, from the host's first answer
 * @heartbeat_timer: sends the guest heartbeat
 * @heartbeat_interval_ms: the host's heartbeat interval (0: no heartbeat)
 * @guest_heartbeat_req: the timer's GuestHeartbeat request
 *
 * The glue (or the userspace host) fills in @dev, @io_port and @mmio before
 * vbg_core_init(); everything below the marker belongs to the core.
 */
struct vbg_dev {
	struct device *dev;
	unsigned long io_port;
	struct vmmdev_memory *mmio;

	/* --- core-private state, owned by the core (driver/vbg_*.c) --- */
	/* What GetHostVersion said at init ("major.minor.buildrREV"). */
	char host_version[64];
	u32 host_features;

	/*
	 * Events.  event_spinlock guards pending_events, every session's
	 * acquired_guest_caps and cancel_waiters, and acquire_mode_guest_caps:
	 * the wait condition reads them together.  Only the ISR uses
	 * ack_events_req.
	 */
	spinlock_t event_spinlock;
	wait_queue_head_t event_wq;
	wait_queue_head_t hgcm_wq;
	u32 pending_events;
	u32 fixed_events;
	struct vmmdev_events *ack_events_req;

	/* Sessions and what they hold in common; guarded by session_mutex. */
	struct mutex session_mutex;
	unsigned int session_count;
	struct vbg_bit_usage event_filter_tracker;
	u32 event_filter_host; /* U32_MAX: unknown, report again */
	u32 acquire_mode_guest_caps;
	u32 acquired_guest_caps;
	struct vbg_bit_usage set_guest_caps_tracker;
	u32 guest_caps_host; /* U32_MAX: unknown, report again */

	/* HGCM cancellation: one preallocated Cancel2 request. */
	struct mutex cancel_req_mutex;
	struct vmmdev_hgcm_cancel2 *cancel_req;

	/* Memory balloon; only mem_balloon_work changes it. */
	struct vmmdev_memballoon_info *mem_balloon_get_req;
	struct vmmdev_memballoon_change *mem_balloon_change_req;
	struct work_struct mem_balloon_work;
	struct page ***mem_balloon_pages;
	u32 mem_balloon_chunks;
	u32 mem_balloon_max_chunks;

	/* Heartbeat: a timer that sends GuestHeartbeat at the host's interval. */
	struct timer_list heartbeat_timer;
	u32 heartbeat_interval_ms;
	struct vmmdev_request_header *guest_heartbeat_req;
};

/**
 * vbg_core_init - bring the device up.
 * @gdev: device with dev, io_port and mmio filled in
 * @fixed_events: events the host filter always includes
 *
 * Queries the host version (requires HGCM page lists), reports guest info
 * and status, resets filter, capabilities and mouse status, starts the
 * heartbeat and prepares the balloon.
 *
 * Return: 0 or a negative errno.
 */
int vbg_core_init(struct vbg_dev *gdev, u32 fixed_events);

/**
 * vbg_core_exit - undo vbg_core_init().
 * @gdev: the device; all sessions must be closed and the IRQ freed
 */
void vbg_core_exit(struct vbg_dev *gdev);

/**
 * vbg_core_suspend - stop timers before the VM is suspended.
 * @gdev: the device
 */
void vbg_core_suspend(struct vbg_dev *gdev);

/**
 * vbg_core_resume - re-report everything the host forgets across a
 * suspend or restore: guest info and status, filter mask, capabilities,
 * mouse status, heartbeat.
 * @gdev: the device
 *
 * Return: 0 or a negative errno.
 */
int vbg_core_resume(struct vbg_dev *gdev);

/**
 * vbg_core_open_session - a new session (one open file).
 * @gdev: the device
 * @requestor: VMMDEV_REQUESTOR_* bits for requests made on its behalf;
 *	VMMDEV_REQUESTOR_USER_DEVICE marks a /dev/vboxuser session.
 *
 * Return: the session or an ERR_PTR().
 */
struct vbg_session *vbg_core_open_session(struct vbg_dev *gdev, u32 requestor);

/**
 * vbg_core_close_session - release everything the session held: HGCM
 * clients, event filter bits, acquired and set capabilities, waiters.
 * @session: the session; no ioctl of it may still be running
 */
void vbg_core_close_session(struct vbg_session *session);

/**
 * vbg_core_ioctl - the ioctl entry point.
 * @session: the caller's session
 * @cmd: the ioctl request number
 * @arg: user pointer to the argument (header first)
 *
 * Validates the header against the command table, copies in only what the
 * command reads, dispatches, and copies out only what it writes.
 *
 * Return: 0 (the VBox status is in the header's rc) or a negative errno.
 */
long vbg_core_ioctl(struct vbg_session *session, unsigned int cmd,
		    void __user *arg);

/**
 * vbg_core_isr - the interrupt handler.
 * @irq: the interrupt line
 * @dev_id: the struct vbg_dev
 *
 * Return: IRQ_HANDLED, or IRQ_NONE if the device did not interrupt.
 */
irqreturn_t vbg_core_isr(int irq, void *dev_id);

/**
 * vbg_core_session_count - number of open sessions.
 * @gdev: the device
 *
 * Return: the count.
 */
unsigned int vbg_core_session_count(struct vbg_dev *gdev);

/**
 * vbg_core_balloon_chunks - current balloon size.
 * @gdev: the device
 *
 * Return: the size in 1 MiB chunks.
 */
u32 vbg_core_balloon_chunks(struct vbg_dev *gdev);

/**
 * vbg_status_code_to_errno - translate a VBox status as the mainline
 * driver does (the mainline rows of the one table in vbox_status.h).
 * @rc: the VBox status
 *
 * Return: 0 for any success status, else a negative errno (-EPROTO for
 * codes without a better match).
 */
int vbg_status_code_to_errno(int rc);

#endif /* VBG_CORE_H */
