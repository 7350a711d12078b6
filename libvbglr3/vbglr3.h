/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvbglr3 - the VirtualBox guest "ring 3" library of open-vbox-tools.
 *
 * Talks to the vboxguest driver (mainline or bundled) through
 * /dev/vboxguest or /dev/vboxuser, or to the host simulator through its
 * socket.  The transport is chosen once, at vbgl_open(); nothing above it
 * knows which one is in use.
 *
 * Error model: every function that can fail returns 0 (or a non-negative
 * count) on success and a negative errno value on failure.  VirtualBox
 * status codes coming back from the driver or the host are translated in
 * exactly one place, vbgl_status_to_errno(); positive (informational)
 * status codes count as success.  The library never prints, never exits
 * and never aborts.
 *
 * Errors every call on a handle may return, in addition to those listed
 * with each function:
 *  -EINVAL	a NULL handle or output pointer, or an argument out of range
 *  -ENOTCONN	simulator transport only: the socket to the simulator broke
 *		(simulator gone, protocol violation); every call in flight
 *		and every later call on the handle fails this way, the
 *		caller must vbgl_close() and vbgl_open() again to recover
 *  -ENOMEM	out of memory
 *  -EPERM	the driver refused the request for this session (e.g. a
 *		"trusted" VMMDev request through /dev/vboxuser)
 *  -EPROTO	the host answered with a status that has no better errno
 *
 * Thread safety: a handle may be used by any number of threads at once.
 * vbgl_close() must not race with other calls on the same handle.  A
 * handle must not be used in a child process after fork().
 *
 * Link with `pkg-config --cflags --libs vbglr3`.
 */
#ifndef VBGLR3_H
#define VBGLR3_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ----------------------------------------------------------------------- */
/* Constants (the values are the VMMDev wire values)                        */
/* ----------------------------------------------------------------------- */

/* Event bits (filter masks, vbgl_wait_for_events()). */
#define VBGL_EVENT_MOUSE_CAPABILITIES_CHANGED	      0x001u
#define VBGL_EVENT_HGCM				      0x002u
#define VBGL_EVENT_DISPLAY_CHANGE_REQUEST	      0x004u
#define VBGL_EVENT_JUDGE_CREDENTIALS		      0x008u
#define VBGL_EVENT_RESTORED			      0x010u
#define VBGL_EVENT_SEAMLESS_MODE_CHANGE_REQUEST	      0x020u
#define VBGL_EVENT_BALLOON_CHANGE_REQUEST	      0x040u
#define VBGL_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST 0x080u
#define VBGL_EVENT_VRDP				      0x100u
#define VBGL_EVENT_MOUSE_POSITION_CHANGED	      0x200u
#define VBGL_EVENT_CPU_HOTPLUG			      0x400u
#define VBGL_EVENT_VALID_MASK			      0x7ffu

/* Timeout value meaning "wait for ever". */
#define VBGL_TIMEOUT_INFINITE UINT32_MAX

/* Guest capability bits. */
#define VBGL_CAP_SEAMLESS		   0x1u
#define VBGL_CAP_GUEST_HOST_WINDOW_MAPPING 0x2u
#define VBGL_CAP_GRAPHICS		   0x4u
#define VBGL_CAP_MASK			   0x7u

/* vbgl_acquire_guest_caps() flag: only mark the caps as "acquire mode". */
#define VBGL_ACQUIRE_CONFIG_MODE 0x1u

/* Host feature bits (struct vbgl_host_version.features). */
#define VBGL_HOST_FEATURE_HGCM_PHYS_PAGE_LIST	    0x00000001u
#define VBGL_HOST_FEATURE_HGCM_EMBEDDED_BUFFERS	    0x00000002u
#define VBGL_HOST_FEATURE_HGCM_CONTIGUOUS_PAGE_LIST 0x00000004u
#define VBGL_HOST_FEATURE_HGCM_NO_BOUNCE_PAGE_LIST  0x00000008u
#define VBGL_HOST_FEATURE_FAST_IRQ_ACK		    0x80000000u

/* Mouse feature bits. */
#define VBGL_MOUSE_GUEST_CAN_ABSOLUTE		   0x001u
#define VBGL_MOUSE_HOST_WANTS_ABSOLUTE		   0x002u
#define VBGL_MOUSE_GUEST_NEEDS_HOST_CURSOR	   0x004u
#define VBGL_MOUSE_HOST_CANNOT_HWPOINTER	   0x008u
#define VBGL_MOUSE_NEW_PROTOCOL			   0x010u
#define VBGL_MOUSE_HOST_RECHECKS_NEEDS_HOST_CURSOR 0x020u
#define VBGL_MOUSE_HOST_HAS_ABS_DEV		   0x040u
#define VBGL_MOUSE_GUEST_USES_FULL_STATE_PROTOCOL  0x080u
#define VBGL_MOUSE_HOST_USES_FULL_STATE_PROTOCOL   0x100u
/* The bits a guest may set with vbgl_set_mouse_status(). */
#define VBGL_MOUSE_GUEST_MASK 0x095u

/* Facilities and facility states (vbgl_report_facility_status()). */
#define VBGL_FACILITY_VBOXGUEST_DRIVER 20u
#define VBGL_FACILITY_AUTO_LOGON       90u
#define VBGL_FACILITY_VBOX_SERVICE     100u
#define VBGL_FACILITY_VBOX_TRAY_CLIENT 101u
#define VBGL_FACILITY_SEAMLESS	       1000u
#define VBGL_FACILITY_GRAPHICS	       1100u
#define VBGL_FACILITY_MONITOR_ATTACH   1101u
#define VBGL_FACILITY_ALL	       0x7ffffffeu

#define VBGL_FACILITY_STATUS_INACTIVE	 0u
#define VBGL_FACILITY_STATUS_PAUSED	 1u
#define VBGL_FACILITY_STATUS_PRE_INIT	 20u
#define VBGL_FACILITY_STATUS_INIT	 30u
#define VBGL_FACILITY_STATUS_ACTIVE	 50u
#define VBGL_FACILITY_STATUS_TERMINATING 100u
#define VBGL_FACILITY_STATUS_TERMINATED	 101u
#define VBGL_FACILITY_STATUS_FAILED	 800u
#define VBGL_FACILITY_STATUS_UNKNOWN	 999u

/* Guest user states (vbgl_report_user_state()); the host knows 0..15. */
#define VBGL_USER_STATE_LOGGED_IN  1u
#define VBGL_USER_STATE_LOGGED_OUT 2u
#define VBGL_USER_STATE_LOCKED	   3u
#define VBGL_USER_STATE_UNLOCKED   4u
#define VBGL_USER_STATE_IDLE	   6u
#define VBGL_USER_STATE_IN_USE	   7u
#define VBGL_USER_STATE_MAX	   15u

/* Display definition flags (struct vbgl_display_def.flags). */
#define VBGL_DISPLAY_PRIMARY  0x01u
#define VBGL_DISPLAY_DISABLED 0x02u
#define VBGL_DISPLAY_ORIGIN   0x04u
#define VBGL_DISPLAY_CX	      0x08u
#define VBGL_DISPLAY_CY	      0x10u
#define VBGL_DISPLAY_BPP      0x20u
/* Most displays a VirtualBox VM has. */
#define VBGL_MAX_DISPLAYS 64u

/* Seamless modes. */
#define VBGL_SEAMLESS_DISABLED	     0u
#define VBGL_SEAMLESS_VISIBLE_REGION 1u
#define VBGL_SEAMLESS_HOST_WINDOW    2u

/* Statistics validity bits (struct vbgl_guest_stats.stat_caps). */
#define VBGL_STAT_CPU_LOAD_IDLE	      0x0001u
#define VBGL_STAT_CPU_LOAD_KERNEL     0x0002u
#define VBGL_STAT_CPU_LOAD_USER	      0x0004u
#define VBGL_STAT_THREADS	      0x0008u
#define VBGL_STAT_PROCESSES	      0x0010u
#define VBGL_STAT_HANDLES	      0x0020u
#define VBGL_STAT_MEMORY_LOAD	      0x0040u
#define VBGL_STAT_PHYS_MEM_TOTAL      0x0080u
#define VBGL_STAT_PHYS_MEM_AVAIL      0x0100u
#define VBGL_STAT_PHYS_MEM_BALLOON    0x0200u
#define VBGL_STAT_MEM_COMMIT_TOTAL    0x0400u
#define VBGL_STAT_MEM_KERNEL_TOTAL    0x0800u
#define VBGL_STAT_MEM_KERNEL_PAGED    0x1000u
#define VBGL_STAT_MEM_KERNEL_NONPAGED 0x2000u
#define VBGL_STAT_MEM_SYSTEM_CACHE    0x4000u
#define VBGL_STAT_PAGE_FILE_SIZE      0x8000u
#define VBGL_STAT_MASK		      0xffffu

/* HGCM limits. */
#define VBGL_HGCM_MAX_PARMS	   32u
#define VBGL_HGCM_MAX_BUF_SIZE	   (24u * 1024 * 1024)
#define VBGL_HGCM_SERVICE_NAME_MAX 127u

/* Largest VMMDev request the driver passes on (bytes, header included). */
#define VBGL_VMMDEV_MAX_REQUEST_SIZE (1024u * 1024)
/* Size of the VMMDev request header every request starts with. */
#define VBGL_VMMDEV_HEADER_SIZE 24u

/* ----------------------------------------------------------------------- */
/* Status codes                                                             */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_status_to_errno - translate a VirtualBox status code.
 * @rc: a VINF_* (>= 0) or VERR_* (< 0) value
 *
 * The table is the one the kernel driver uses (vbox_status.h, installed
 * next to this header, which also defines the codes <linux/vbox_err.h>
 * lacks): the mainline kernel's translations plus, for userspace,
 * VERR_BUFFER_OVERFLOW -EOVERFLOW, VERR_NOT_FOUND -ENOENT,
 * VERR_HGCM_SERVICE_NOT_FOUND -ENXIO (so "no such service" is told apart
 * from "no such file"), VERR_OUT_OF_RANGE -ERANGE,
 * VERR_PERMISSION_DENIED -EPERM, VERR_VERSION_MISMATCH -EPROTONOSUPPORT,
 * VERR_INVALID_STATE -EBADFD, VERR_OUT_OF_RESOURCES -ENOSPC, VERR_EOF
 * -ENODATA, the HGCM client-id errors -EBADF, too many HGCM clients -ENFILE,
 * too many calls -EAGAIN, wrong parameter count or type -EINVAL,
 * VERR_PARSE_ERROR -EINVAL; for shared folders VERR_NOT_SYMLINK,
 * VERR_INVALID_FLAGS and VERR_NEGATIVE_SEEK -EINVAL, VERR_CANCELLED
 * -ECANCELED, VERR_TOO_MANY_OPENS -EMFILE.
 *
 * Return: 0 for any success code, otherwise a negative errno; -EPROTO for
 * codes without a better match.
 */
int vbgl_status_to_errno(int32_t rc);

/* ----------------------------------------------------------------------- */
/* Handles                                                                  */
/* ----------------------------------------------------------------------- */

struct vbgl_handle;

/* vbgl_open() flags: which default device node the caller wants. */
#define VBGL_OPEN_SYSTEM 0x0u /* system daemons: /dev/vboxguest */
#define VBGL_OPEN_USER	 0x1u /* session programs: /dev/vboxuser */

/* The transport a handle uses. */
enum vbgl_transport {
	VBGL_TRANSPORT_DEVICE = 1, /* ioctl(2) on a device node */
	VBGL_TRANSPORT_SOCKET = 2, /* the host simulator's socket */
};

/**
 * vbgl_open - open a session with the guest driver.
 * @device: "unix:SOCKETPATH" for the simulator, a device node path, or
 *	NULL to take $VBGL_DEVICE (if set and non-empty; ignored in
 *	set-uid/set-gid programs) or else the default node of @flags
 * @flags: VBGL_OPEN_SYSTEM or VBGL_OPEN_USER
 * @out: receives the new handle
 *
 * Opens the device node read-write (or connects to the socket) and asks the
 * driver for its interface version (DRIVER_VERSION_INFO, requesting
 * 1.0); the answer is kept for vbgl_driver_info().  A failure of that query
 * does not fail the open.
 *
 * Return: 0, or -EINVAL (empty device string, empty socket path, unknown
 * flags), -ENAMETOOLONG (socket path longer than a Unix socket address
 * holds), the errno of open(2)/socket(2)/connect(2) (-ENOENT,
 * -EACCES, -ECONNREFUSED, ...), or -ENOTCONN when the simulator closed
 * the connection before answering the version query.
 */
int vbgl_open(const char *device, unsigned int flags, struct vbgl_handle **out);

/**
 * vbgl_close - close a handle; NULL is ignored.
 * @h: the handle
 *
 * The driver releases everything the session held (HGCM clients, event
 * filter bits, capabilities).  No other call may be in progress on @h.
 */
void vbgl_close(struct vbgl_handle *h);

/**
 * vbgl_device - the device string the handle was opened with, after
 * $VBGL_DEVICE and defaults were applied (e.g. "/dev/vboxguest" or
 * "unix:/run/hostsim/vboxguest.sock").
 * @h: the handle
 *
 * Return: a string owned by the handle.
 */
const char *vbgl_device(const struct vbgl_handle *h);

/**
 * vbgl_transport - the transport the handle uses.
 * @h: the handle
 *
 * Return: VBGL_TRANSPORT_DEVICE or VBGL_TRANSPORT_SOCKET.
 */
enum vbgl_transport vbgl_transport(const struct vbgl_handle *h);

/**
 * vbgl_transport_name - "device" or "socket".
 * @t: a transport
 *
 * Return: a static string ("unknown" for other values).
 */
const char *vbgl_transport_name(enum vbgl_transport t);

/* What DRIVER_VERSION_INFO answered at open. */
struct vbgl_driver_info {
	uint32_t session_version; /* interface version of this session */
	uint32_t driver_version;  /* the driver's interface version */
	uint32_t driver_revision; /* the driver's revision, or 0 */
};

/**
 * vbgl_driver_info - the interface versions the driver reported at open.
 * @h: the handle
 * @info: receives the versions (high 16 bits major, low 16 bits minor)
 *
 * Return: 0, or the error the query failed with at open (e.g.
 * -EPROTONOSUPPORT when the driver does not speak interface 1.x, -ENOTTY
 * when the device is not a vboxguest device).
 */
int vbgl_driver_info(const struct vbgl_handle *h,
		     struct vbgl_driver_info *info);

/* ----------------------------------------------------------------------- */
/* Host version                                                             */
/* ----------------------------------------------------------------------- */

struct vbgl_host_version {
	uint16_t major;
	uint16_t minor;
	uint32_t build;
	uint32_t revision;
	uint32_t features; /* VBGL_HOST_FEATURE_* */
};

/**
 * vbgl_get_host_version - ask the host for its version and features
 * (VMMDev GetHostVersion).
 * @h: the handle
 * @ver: receives the answer
 *
 * Return: 0 or a negative errno.
 */
int vbgl_get_host_version(struct vbgl_handle *h, struct vbgl_host_version *ver);

/**
 * vbgl_host_version_format - format "MAJOR.MINOR.BUILDrREVISION", e.g.
 * "7.1.4r165100".
 * @ver: the version
 * @buf: output buffer
 * @len: its size; 40 bytes always suffice
 *
 * Return: the length of the string (without the NUL), or -EINVAL for NULL
 * arguments, or -EOVERFLOW if @len is too small (@buf then holds nothing).
 */
int vbgl_host_version_format(const struct vbgl_host_version *ver, char *buf,
			     size_t len);

/**
 * vbgl_host_feature_name - the name of one host feature bit.
 * @feature: exactly one VBGL_HOST_FEATURE_* bit
 *
 * Return: a static lower-case name such as "hgcm-phys-page-list", or NULL
 * for bits without a name (and for values with no or several bits set).
 */
const char *vbgl_host_feature_name(uint32_t feature);

/* ----------------------------------------------------------------------- */
/* Events                                                                   */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_change_event_filter - add and remove events this session wants to
 * receive (the host only raises events some session asked for).
 * @h: the handle
 * @or_mask: VBGL_EVENT_* bits to add
 * @not_mask: VBGL_EVENT_* bits to remove
 *
 * Return: 0, or -EINVAL for bits outside VBGL_EVENT_VALID_MASK.
 */
int vbgl_change_event_filter(struct vbgl_handle *h, uint32_t or_mask,
			     uint32_t not_mask);

/**
 * vbgl_wait_for_events - wait until one of the events in @mask is pending
 * for this session, and consume it.
 * @h: the handle
 * @mask: VBGL_EVENT_* bits to wait for (not 0)
 * @timeout_ms: milliseconds, 0 to poll, VBGL_TIMEOUT_INFINITE for ever
 * @events: receives the events that were consumed (may be NULL)
 *
 * Return: 0 with *@events set; -ETIMEDOUT when the timeout passed;
 * -EINTR when vbgl_interrupt_waiters() was called on this handle (then and
 * for every later wait) or, on the device transport, when a signal arrived;
 * -EINVAL for a zero mask or bits outside VBGL_EVENT_VALID_MASK.
 */
int vbgl_wait_for_events(struct vbgl_handle *h, uint32_t mask,
			 uint32_t timeout_ms, uint32_t *events);

/**
 * vbgl_interrupt_waiters - make every vbgl_wait_for_events() on this handle,
 * current and future, return -EINTR at once.  Meant for shutdown.
 * @h: the handle
 *
 * Return: 0 or a negative errno.
 */
int vbgl_interrupt_waiters(struct vbgl_handle *h);

/* ----------------------------------------------------------------------- */
/* HGCM (host services)                                                     */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_hgcm_connect - connect to a host service.
 * @h: the handle
 * @service: the service name, 1..VBGL_HGCM_SERVICE_NAME_MAX bytes
 * @client_id: receives the client id
 *
 * Clients are disconnected automatically when the handle is closed.
 *
 * Return: 0; -EINVAL for a NULL or empty name; -ENAMETOOLONG for a name
 * over VBGL_HGCM_SERVICE_NAME_MAX bytes; -ENXIO if the host has no such
 * service; -ENFILE (or -EMFILE from the driver) when the session already has
 * the maximum number of clients (64).
 */
int vbgl_hgcm_connect(struct vbgl_handle *h, const char *service,
		      uint32_t *client_id);

/**
 * vbgl_hgcm_disconnect - disconnect an HGCM client.
 * @h: the handle
 * @client_id: a client id from vbgl_hgcm_connect() on this handle
 *
 * Return: 0; -EINVAL for 0, 0xffffffff or a client this session does not
 * own (the driver's answer); -EBADF if the host does not know the client.
 */
int vbgl_hgcm_disconnect(struct vbgl_handle *h, uint32_t client_id);

/*
 * One HGCM call: the client, the function, up to VBGL_HGCM_MAX_PARMS typed
 * parameters and a timeout.  Build it with vbgl_hgcm_call_new() and the
 * vbgl_hgcm_set_*() helpers, run it with vbgl_hgcm_call(), read results
 * with vbgl_hgcm_get_*().  A call object may be run again (each run sends
 * the buffer sizes given to the setters, not the sizes the host returned
 * last time) and must not be run by two threads at once.
 *
 * Buffers are referenced, not copied: they must stay valid until the call
 * returns.  "In" buffers are only read, "out" buffers only written (on the
 * device transport the driver zero-fills what the host does not write),
 * "in/out" buffers both.
 */
struct vbgl_hgcm_call;

/**
 * vbgl_hgcm_call_new - allocate a call.
 * @client_id: the client from vbgl_hgcm_connect()
 * @function: the service function number
 * @parm_count: number of parameters, 0..VBGL_HGCM_MAX_PARMS
 * @out: receives the call
 *
 * Every parameter must be set before the call runs.  The timeout starts as
 * VBGL_TIMEOUT_INFINITE.
 *
 * Return: 0, -EINVAL, -E2BIG for more than VBGL_HGCM_MAX_PARMS parameters,
 * or -ENOMEM.
 */
int vbgl_hgcm_call_new(uint32_t client_id, uint32_t function,
		       unsigned int parm_count, struct vbgl_hgcm_call **out);

/** vbgl_hgcm_call_free - free a call; NULL is ignored. */
void vbgl_hgcm_call_free(struct vbgl_hgcm_call *call);

/**
 * vbgl_hgcm_call_set_timeout - how long the driver waits for the host.
 * @call: the call
 * @timeout_ms: milliseconds or VBGL_TIMEOUT_INFINITE
 *
 * When it passes, the driver cancels the call and vbgl_hgcm_call() returns
 * -ETIMEDOUT.
 *
 * Return: 0 or -EINVAL.
 */
int vbgl_hgcm_call_set_timeout(struct vbgl_hgcm_call *call,
			       uint32_t timeout_ms);

/**
 * vbgl_hgcm_set_u32 - set parameter @idx to a 32-bit value.
 * @call: the call
 * @idx: parameter index, below the call's parameter count
 * @value: the value
 *
 * Return: 0, or -EINVAL for a NULL call or an index out of range.
 */
int vbgl_hgcm_set_u32(struct vbgl_hgcm_call *call, unsigned int idx,
		      uint32_t value);

/**
 * vbgl_hgcm_set_u64 - set parameter @idx to a 64-bit value.
 * @call: the call
 * @idx: parameter index
 * @value: the value
 *
 * Return: 0 or -EINVAL.
 */
int vbgl_hgcm_set_u64(struct vbgl_hgcm_call *call, unsigned int idx,
		      uint64_t value);

/**
 * vbgl_hgcm_set_buf_in - set parameter @idx to a buffer the host reads.
 * @call: the call
 * @idx: parameter index
 * @buf: the data (may be NULL only when @size is 0)
 * @size: its size in bytes, at most VBGL_HGCM_MAX_BUF_SIZE
 *
 * Return: 0; -EINVAL for a bad index or a NULL buffer with a size;
 * -E2BIG for a size over VBGL_HGCM_MAX_BUF_SIZE.
 */
int vbgl_hgcm_set_buf_in(struct vbgl_hgcm_call *call, unsigned int idx,
			 const void *buf, uint32_t size);

/**
 * vbgl_hgcm_set_buf_out - set parameter @idx to a buffer the host writes.
 * @call: the call
 * @idx: parameter index
 * @buf: the buffer (may be NULL only when @size is 0)
 * @size: its size, at most VBGL_HGCM_MAX_BUF_SIZE
 *
 * Return: as vbgl_hgcm_set_buf_in().
 */
int vbgl_hgcm_set_buf_out(struct vbgl_hgcm_call *call, unsigned int idx,
			  void *buf, uint32_t size);

/**
 * vbgl_hgcm_set_buf_inout - set parameter @idx to a buffer the host reads
 * and writes.
 * @call: the call
 * @idx: parameter index
 * @buf: the buffer (may be NULL only when @size is 0)
 * @size: its size, at most VBGL_HGCM_MAX_BUF_SIZE
 *
 * Return: as vbgl_hgcm_set_buf_in().
 */
int vbgl_hgcm_set_buf_inout(struct vbgl_hgcm_call *call, unsigned int idx,
			    void *buf, uint32_t size);

/**
 * vbgl_hgcm_call - run a call and wait for the host's answer.
 * @h: the handle the client was connected on
 * @call: the call, every parameter set
 *
 * After it returns (successfully or with a service error) the values of
 * 32-bit and 64-bit parameters and the sizes the host returned for buffer
 * parameters are readable with the vbgl_hgcm_get_*() helpers.
 *
 * Return: 0 if the service succeeded (its exact status, which may be a
 * positive informational code, is vbgl_hgcm_call_status()); -EINVAL if a
 * parameter was never set or the driver refused the call (e.g. a client
 * this session does not own); -ETIMEDOUT when the call's timeout passed;
 * -EINTR when interrupted by a signal (device transport); -E2BIG when the
 * buffers together exceed what the transport can carry; otherwise the
 * service's status translated by vbgl_status_to_errno() (e.g. -EOVERFLOW
 * for VERR_BUFFER_OVERFLOW, -EBADF for an unknown client).
 */
int vbgl_hgcm_call(struct vbgl_handle *h, struct vbgl_hgcm_call *call);

/**
 * vbgl_hgcm_call_status - the VirtualBox status of the last run.
 * @call: the call
 *
 * Return: the status the driver reported (the service's result or the
 * host's refusal), or VERR_INTERNAL_ERROR (-225) if the call never ran or
 * the driver failed it before asking the host.
 */
int32_t vbgl_hgcm_call_status(const struct vbgl_hgcm_call *call);

/**
 * vbgl_hgcm_get_u32 - read a 32-bit parameter after a run.
 * @call: the call
 * @idx: parameter index
 * @value: receives the value
 *
 * Return: 0, or -EINVAL for a bad index or a parameter of another type.
 */
int vbgl_hgcm_get_u32(const struct vbgl_hgcm_call *call, unsigned int idx,
		      uint32_t *value);

/**
 * vbgl_hgcm_get_u64 - read a 64-bit parameter after a run.
 * @call: the call
 * @idx: parameter index
 * @value: receives the value
 *
 * Return: 0, or -EINVAL for a bad index or a parameter of another type.
 */
int vbgl_hgcm_get_u64(const struct vbgl_hgcm_call *call, unsigned int idx,
		      uint64_t *value);

/**
 * vbgl_hgcm_get_buf_size - the size the host returned for a buffer.
 * @call: the call
 * @idx: parameter index
 * @size: receives the size
 *
 * After a run this is the number of bytes the host produced (for out and
 * in/out buffers) or consumed; it may exceed the buffer's size when the
 * service reports how much room it needs (then only the buffer's size was
 * written).  Before a run it is the size given to the setter.
 *
 * Return: 0, or -EINVAL for a bad index or a parameter that is no buffer.
 */
int vbgl_hgcm_get_buf_size(const struct vbgl_hgcm_call *call, unsigned int idx,
			   uint32_t *size);

/* ----------------------------------------------------------------------- */
/* Generic VMMDev requests                                                  */
/* ----------------------------------------------------------------------- */

/*
 * A VMMDev request is a buffer that starts with the 24-byte request header
 * (u32 size, u32 version, u32 type, s32 rc, u32 reserved1, u32 requestor;
 * little-endian) followed by the type's body.  The layouts are those of
 * the VirtualBox VMMDev interface.
 */

/**
 * vbgl_vmmdev_request_init - fill in a request header.
 * @req: the request buffer, at least @size bytes
 * @size: the whole request size, header included
 *	(VBGL_VMMDEV_HEADER_SIZE..VBGL_VMMDEV_MAX_REQUEST_SIZE)
 * @type: the request type (not 0)
 *
 * Zeroes the body, sets size, version and type, and pre-fills rc with a
 * failure code as the host expects.
 *
 * Return: 0 or -EINVAL.
 */
int vbgl_vmmdev_request_init(void *req, uint32_t size, uint32_t type);

/**
 * vbgl_vmmdev_request - pass a VMMDev request to the host through the
 * driver and wait for the answer, which is written into @req.
 * @h: the handle
 * @req: the request; its header's size field gives its length
 *
 * Uses VBG_IOCTL_VMMDEV_REQUEST for requests under 1 KiB and
 * VBG_IOCTL_VMMDEV_REQUEST_BIG from 1 KiB up.  Sets the header's reserved1
 * word (the ioctl output size) to the request size.  The host's status is
 * in the header's rc field afterwards.
 *
 * Return: 0 when the host succeeded; -EINVAL for a bad header (size below
 * the header size, wrong version, type 0); -E2BIG for a size over
 * VBGL_VMMDEV_MAX_REQUEST_SIZE; -EPERM when the driver does not let this
 * session send the type; otherwise the host's status through
 * vbgl_status_to_errno() (-ENOSYS for types the host does not implement).
 */
int vbgl_vmmdev_request(struct vbgl_handle *h, void *req);

/* ----------------------------------------------------------------------- */
/* Guest status reporting                                                   */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_report_facility_status - tell the host the state of a facility
 * (VMMDev ReportGuestStatus).
 * @h: the handle
 * @facility: a VBGL_FACILITY_* value (1..VBGL_FACILITY_ALL)
 * @status: a VBGL_FACILITY_STATUS_* value (at most 0xffff)
 *
 * Return: 0, -EINVAL for a facility of 0 or above VBGL_FACILITY_ALL,
 * -ERANGE for a status above 0xffff, or the host's refusal (-ENOSPC when
 * its facility table is full).
 */
int vbgl_report_facility_status(struct vbgl_handle *h, uint32_t facility,
				uint32_t status);

/**
 * vbgl_report_user_state - tell the host about a guest user (VMMDev
 * ReportGuestUserState; the driver allows it through /dev/vboxguest only).
 * @h: the handle
 * @state: a VBGL_USER_STATE_* value (at most VBGL_USER_STATE_MAX)
 * @user: the user name, 1..255 bytes
 * @domain: the domain name (NULL or up to 255 bytes)
 * @details: opaque details (NULL when @details_len is 0)
 * @details_len: at most 1024 bytes
 *
 * Return: 0, -EINVAL for bad arguments, -E2BIG for strings or details
 * over the host's limits, -EPERM through /dev/vboxuser, or the host's
 * status.
 */
int vbgl_report_user_state(struct vbgl_handle *h, uint32_t state,
			   const char *user, const char *domain,
			   const void *details, uint32_t details_len);

/* ----------------------------------------------------------------------- */
/* Guest capabilities                                                       */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_set_guest_caps - add and remove capabilities this session
 * advertises; the host sees the union over all sessions
 * (CHANGE_GUEST_CAPABILITIES).
 * @h: the handle
 * @or_mask: VBGL_CAP_* bits to add
 * @not_mask: VBGL_CAP_* bits to remove
 * @session_caps: receives this session's caps afterwards (may be NULL)
 * @global_caps: receives the caps last reported to the host, 0xffffffff
 *	if that report failed (may be NULL)
 *
 * Return: 0; -EINVAL for bits outside VBGL_CAP_MASK; -EBUSY when a cap to
 * add is in acquire mode.
 */
int vbgl_set_guest_caps(struct vbgl_handle *h, uint32_t or_mask,
			uint32_t not_mask, uint32_t *session_caps,
			uint32_t *global_caps);

/**
 * vbgl_acquire_guest_caps - acquire or release capabilities exclusively
 * for this session (ACQUIRE_GUEST_CAPABILITIES).  Acquired GRAPHICS makes
 * this session the only receiver of display change events, acquired
 * SEAMLESS of seamless mode events.
 * @h: the handle
 * @flags: 0, or VBGL_ACQUIRE_CONFIG_MODE to only put the caps in acquire
 *	mode
 * @or_mask: VBGL_CAP_* bits to acquire
 * @not_mask: VBGL_CAP_* bits to release
 *
 * Return: 0; -EINVAL for unknown bits or flags or a cap some session set
 * with vbgl_set_guest_caps(); -EBUSY when another session holds a cap.
 */
int vbgl_acquire_guest_caps(struct vbgl_handle *h, uint32_t flags,
			    uint32_t or_mask, uint32_t not_mask);

/* ----------------------------------------------------------------------- */
/* Mouse                                                                    */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_get_mouse_status - the host's mouse features and the absolute
 * pointer position (VMMDev GetMouseStatus).
 * @h: the handle
 * @features: receives VBGL_MOUSE_* bits (may be NULL)
 * @x: receives the position, 0..0xffff (may be NULL)
 * @y: receives the position, 0..0xffff (may be NULL)
 *
 * Return: 0 or a negative errno.
 */
int vbgl_get_mouse_status(struct vbgl_handle *h, uint32_t *features, int32_t *x,
			  int32_t *y);

/**
 * vbgl_set_mouse_status - tell the host the guest's mouse features
 * (VMMDev SetMouseStatus).  The mainline driver also sets them when its
 * input device is opened; most programs should leave them alone.
 * @h: the handle
 * @features: VBGL_MOUSE_* bits within VBGL_MOUSE_GUEST_MASK
 *
 * Return: 0, -EINVAL for host-only bits, or the host's status.
 */
int vbgl_set_mouse_status(struct vbgl_handle *h, uint32_t features);

/* ----------------------------------------------------------------------- */
/* Displays                                                                 */
/* ----------------------------------------------------------------------- */

/* One display as the host wants it (28 bytes on the wire). */
struct vbgl_display_def {
	uint32_t flags;	  /* VBGL_DISPLAY_* */
	uint32_t display; /* display index */
	int32_t x_origin;
	int32_t y_origin;
	uint32_t cx;  /* width, valid with VBGL_DISPLAY_CX */
	uint32_t cy;  /* height, valid with VBGL_DISPLAY_CY */
	uint32_t bpp; /* bits per pixel, with VBGL_DISPLAY_BPP */
};

/* One display's change request (VMMDev GetDisplayChangeRequestEx). */
struct vbgl_display_change {
	uint32_t xres; /* 0 = do not change */
	uint32_t yres; /* 0 = do not change */
	uint32_t bpp;  /* 0 = do not change */
	uint32_t display;
	uint32_t x_origin;
	uint32_t y_origin;
	uint8_t change_origin; /* non-zero: the origin is meant */
	uint8_t enabled;       /* non-zero: the display is on */
};

/**
 * vbgl_get_display_change - the host's current request for one display
 * (VMMDev GetDisplayChangeRequestEx; hosts before 4.2.4 answer -ENOSYS).
 * @h: the handle
 * @ack: non-zero to acknowledge the DISPLAY_CHANGE_REQUEST event: the host
 *	then returns the lowest-numbered display with a pending request and
 *	marks it read; zero returns the last request read with ack (or the
 *	latest one if none was acked) and changes nothing
 * @change: receives the request
 *
 * Return: 0 or a negative errno.
 */
int vbgl_get_display_change(struct vbgl_handle *h, int ack,
			    struct vbgl_display_change *change);

/**
 * vbgl_get_display_change_multi - the host's requests for several displays
 * (VMMDev GetDisplayChangeRequestMulti).
 * @h: the handle
 * @ack: non-zero to acknowledge the event (returns only displays with a
 *	pending request and marks them all read); zero returns the first
 *	*@count displays' last-read (or latest) definitions
 * @defs: array of *@count entries
 * @count: in: entries in @defs, 1..VBGL_MAX_DISPLAYS; out: entries filled
 *
 * The sequence of a resize agent: vbgl_change_event_filter() with
 * VBGL_EVENT_DISPLAY_CHANGE_REQUEST; vbgl_acquire_guest_caps() with
 * VBGL_CAP_GRAPHICS; one call with @ack zero to pick up the current
 * layout; then, after each event from vbgl_wait_for_events(), a call with
 * @ack set, applying every returned display, and finally
 * vbgl_update_monitor_positions().
 *
 * Return: 0, or -EINVAL for a count of 0 or above VBGL_MAX_DISPLAYS.  When
 * the host has more pending displays than fit, *@count is clamped to the
 * room given and the rest is lost for this event.
 */
int vbgl_get_display_change_multi(struct vbgl_handle *h, int ack,
				  struct vbgl_display_def *defs,
				  uint32_t *count);

/* A point (monitor origin). */
struct vbgl_point {
	int32_t x;
	int32_t y;
};

/**
 * vbgl_update_monitor_positions - report the origins of the enabled
 * monitors, in display order (VMMDev VideoUpdateMonitorPositions).
 * @h: the handle
 * @pos: @count origins
 * @count: 1..VBGL_MAX_DISPLAYS
 *
 * Return: 0, -EINVAL for a bad count, or the host's status.
 */
int vbgl_update_monitor_positions(struct vbgl_handle *h,
				  const struct vbgl_point *pos, uint32_t count);

/**
 * vbgl_video_mode_supported - ask whether the host can show a mode on a
 * display (VMMDev VideoModeSupported2).
 * @h: the handle
 * @display: display index, below VBGL_MAX_DISPLAYS
 * @width: width in pixels
 * @height: height in pixels
 * @bpp: bits per pixel
 * @supported: receives 1 or 0
 *
 * Return: 0 or a negative errno.  (Callers usually treat an error as
 * "supported", as the host only refuses modes it knows it cannot show.)
 */
int vbgl_video_mode_supported(struct vbgl_handle *h, uint32_t display,
			      uint32_t width, uint32_t height, uint32_t bpp,
			      int *supported);

/**
 * vbgl_get_height_reduction - the pixels the host window's decorations
 * take from the available height (VMMDev GetHeightReduction).
 * @h: the handle
 * @pixels: receives the height reduction
 *
 * Return: 0 or a negative errno.
 */
int vbgl_get_height_reduction(struct vbgl_handle *h, uint32_t *pixels);

/* ----------------------------------------------------------------------- */
/* Seamless mode                                                            */
/* ----------------------------------------------------------------------- */

/* A rectangle; right and bottom are exclusive. */
struct vbgl_rect {
	int32_t left;
	int32_t top;
	int32_t right;
	int32_t bottom;
};

/* Most rectangles one visible-region report can carry (1 MiB request). */
#define VBGL_VISIBLE_REGION_MAX_RECTS 65534u

/**
 * vbgl_get_seamless_mode - the seamless mode the host wants (VMMDev
 * GetSeamlessChangeRequest).
 * @h: the handle
 * @ack: non-zero to acknowledge the SEAMLESS_MODE_CHANGE_REQUEST event
 * @mode: receives a VBGL_SEAMLESS_* value
 *
 * Return: 0 or a negative errno.
 */
int vbgl_get_seamless_mode(struct vbgl_handle *h, int ack, uint32_t *mode);

/**
 * vbgl_set_visible_region - report the visible region of the guest
 * desktop in seamless mode (VMMDev VideoSetVisibleRegion).
 * @h: the handle
 * @rects: @count rectangles (may be NULL when @count is 0)
 * @count: 0 (nothing visible) .. VBGL_VISIBLE_REGION_MAX_RECTS
 *
 * Return: 0, -EINVAL for a NULL array with a count or a rectangle whose
 * right/bottom lie before its left/top, -E2BIG for too many rectangles,
 * or the host's status.
 */
int vbgl_set_visible_region(struct vbgl_handle *h,
			    const struct vbgl_rect *rects, uint32_t count);

/* ----------------------------------------------------------------------- */
/* Memory balloon and statistics                                            */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_check_balloon - the current balloon size (CHECK_BALLOON).  The
 * mainline driver inflates and deflates the balloon itself.
 * @h: the handle
 * @chunks: receives the balloon size in 1 MiB chunks
 * @handle_in_r3: receives 1 if userspace must allocate the memory (never
 *	on the mainline or bundled driver), else 0 (may be NULL)
 *
 * Return: 0 or a negative errno.
 */
int vbgl_check_balloon(struct vbgl_handle *h, uint32_t *chunks,
		       int *handle_in_r3);

/**
 * vbgl_get_stats_interval - how often the host wants statistics (VMMDev
 * GetStatisticsChangeRequest; /dev/vboxguest only).
 * @h: the handle
 * @ack: non-zero to acknowledge the STATISTICS_INTERVAL_CHANGE_REQUEST
 *	event
 * @seconds: receives the interval, 0 = statistics off
 *
 * Return: 0 or a negative errno (-EPERM through /dev/vboxuser).
 */
int vbgl_get_stats_interval(struct vbgl_handle *h, int ack, uint32_t *seconds);

/* Guest statistics for one CPU; memory figures in 4 KiB pages. */
struct vbgl_guest_stats {
	uint32_t cpu_id;
	uint32_t stat_caps;	  /* VBGL_STAT_*: valid fields */
	uint32_t cpu_load_idle;	  /* percent */
	uint32_t cpu_load_kernel; /* percent */
	uint32_t cpu_load_user;	  /* percent */
	uint32_t threads;
	uint32_t processes;
	uint32_t handles;
	uint32_t memory_load; /* percent */
	uint32_t page_size;   /* bytes */
	uint32_t phys_mem_total;
	uint32_t phys_mem_avail;
	uint32_t phys_mem_balloon;
	uint32_t mem_commit_total;
	uint32_t mem_kernel_total;
	uint32_t mem_kernel_paged;
	uint32_t mem_kernel_nonpaged;
	uint32_t mem_system_cache;
	uint32_t page_file_size;
};

/**
 * vbgl_report_guest_stats - send one CPU's statistics (VMMDev
 * ReportGuestStats; /dev/vboxguest only).
 * @h: the handle
 * @stats: the statistics
 *
 * Return: 0, -EINVAL for stat_caps bits outside VBGL_STAT_MASK or a
 * percentage above 100 in a valid field, or the host's status.
 */
int vbgl_report_guest_stats(struct vbgl_handle *h,
			    const struct vbgl_guest_stats *stats);

/* ----------------------------------------------------------------------- */
/* Session and time                                                         */
/* ----------------------------------------------------------------------- */

/**
 * vbgl_get_session_id - the VM session id; it changes whenever the VM is
 * started, reset or restored (VMMDev GetSessionId).
 * @h: the handle
 * @id: receives the id
 *
 * Return: 0 or a negative errno.
 */
int vbgl_get_session_id(struct vbgl_handle *h, uint64_t *id);

/**
 * vbgl_get_host_time - the host's clock (VMMDev GetHostTime).
 * @h: the handle
 * @ms_since_epoch: receives UTC milliseconds since 1970-01-01
 *
 * Return: 0, -ENOSYS when the host has time sync disabled, or another
 * negative errno.
 */
int vbgl_get_host_time(struct vbgl_handle *h, uint64_t *ms_since_epoch);

/* ----------------------------------------------------------------------- */
/* Guest properties (the VBoxGuestPropSvc HGCM service)                      */
/* ----------------------------------------------------------------------- */

/*
 * Named string values the guest and the host share: the host publishes
 * e.g. /VirtualBox/HostInfo/VBoxVer, the guest reports e.g.
 * /VirtualBox/GuestInfo/OS/Release.  Every property has a value, flags and
 * a timestamp (nanoseconds since the Unix epoch, host clock, strictly
 * increasing from change to change); changes can be waited for.
 *
 * Connect once with vbgl_guestprop_connect() and pass the client id to the
 * other calls.  Errors the calls share (besides the handle's):
 *  -EINVAL	a bad name (empty, VBGL_GUESTPROP_MAX_NAME_LEN bytes or more,
 *		or with '*', '?' or '|'), flags or UTF-8; the host's
 *		VERR_INVALID_PARAMETER and VERR_PARSE_ERROR
 *  -E2BIG	a value of VBGL_GUESTPROP_MAX_VALUE_LEN bytes or more, or a
 *		new property when the host already has VBGL_GUESTPROP_MAX_PROPS
 *		(VERR_TOO_MUCH_DATA)
 *  -EPERM	the property is read-only for the guest (RDONLYGUEST, or a
 *		name under a prefix the host reserves, such as
 *		/VirtualBox/HostInfo/); nothing was changed
 *		(VERR_PERMISSION_DENIED)
 *  -ENOENT	no such property (VERR_NOT_FOUND)
 *  -EBADF	the client id is not connected
 *  -EPROTO	the host's answer does not follow the protocol
 */

#define VBGL_GUESTPROP_SERVICE "VBoxGuestPropSvc"
/* Limits, in bytes including the terminating NUL. */
#define VBGL_GUESTPROP_MAX_NAME_LEN    64u
#define VBGL_GUESTPROP_MAX_VALUE_LEN   1024u
#define VBGL_GUESTPROP_MAX_FLAGS_LEN   35u
#define VBGL_GUESTPROP_MAX_PATTERN_LEN 1024u
/* The most properties a host keeps. */
#define VBGL_GUESTPROP_MAX_PROPS 256u

/* Property flags. */
#define VBGL_GUESTPROP_TRANSIENT   0x02u /* gone when the VM powers off */
#define VBGL_GUESTPROP_RDONLYGUEST 0x04u /* the guest cannot change it */
#define VBGL_GUESTPROP_RDONLYHOST  0x08u /* the host cannot change it */
#define VBGL_GUESTPROP_READONLY	   0x0cu /* both of the above */
#define VBGL_GUESTPROP_TRANSRESET  0x10u /* gone at a VM reset too */
#define VBGL_GUESTPROP_FLAGS_MASK  0x1eu

/**
 * vbgl_guestprop_flags_parse - parse a flags string as the host does.
 * @s: e.g. "TRANSIENT, RDONLYGUEST"; names in any case, separated by
 *	commas, blanks around them ignored; NULL or "" for none
 * @flags: receives VBGL_GUESTPROP_* bits
 *
 * Return: 0, or -EINVAL for anything else (*@flags untouched).
 */
int vbgl_guestprop_flags_parse(const char *s, uint32_t *flags);

/**
 * vbgl_guestprop_flags_format - the host's spelling of a flag set.
 * @flags: VBGL_GUESTPROP_* bits
 * @buf: output buffer
 * @len: its size; VBGL_GUESTPROP_MAX_FLAGS_LEN always suffices
 *
 * Names in the order TRANSIENT, READONLY (for both read-only bits),
 * RDONLYGUEST, RDONLYHOST, TRANSRESET, joined by ", "; TRANSRESET always
 * brings TRANSIENT.  No flags give "".
 *
 * Return: the length of the string, -EINVAL for bits outside
 * VBGL_GUESTPROP_FLAGS_MASK or a NULL buffer, -EOVERFLOW if @len is too
 * small.
 */
int vbgl_guestprop_flags_format(uint32_t flags, char *buf, size_t len);

/**
 * vbgl_guestprop_connect - connect to the guest property service.
 * @h: the handle
 * @client_id: receives the client id
 *
 * Return: 0, -ENXIO if the host has no guest property service, or an
 * error of vbgl_hgcm_connect().
 */
int vbgl_guestprop_connect(struct vbgl_handle *h, uint32_t *client_id);

/**
 * vbgl_guestprop_disconnect - disconnect a guest property client.
 * @h: the handle
 * @client_id: from vbgl_guestprop_connect()
 *
 * Return: as vbgl_hgcm_disconnect().
 */
int vbgl_guestprop_disconnect(struct vbgl_handle *h, uint32_t client_id);

/**
 * vbgl_guestprop_get - read a property (GET_PROP).
 * @h: the handle
 * @client_id: from vbgl_guestprop_connect()
 * @name: the property name
 * @value: receives the value, to be released with free() (may be NULL)
 * @flags: receives VBGL_GUESTPROP_* bits (may be NULL)
 * @timestamp: receives the time of the last change (may be NULL)
 *
 * Grows its buffer and asks again when the value does not fit.
 *
 * Return: 0, -ENOENT if there is no such property, -EINVAL for a bad
 * name, -EAGAIN if the value kept growing faster than the buffer.
 */
int vbgl_guestprop_get(struct vbgl_handle *h, uint32_t client_id,
		       const char *name, char **value, uint32_t *flags,
		       uint64_t *timestamp);

/**
 * vbgl_guestprop_set - create or change a property with its flags
 * (SET_PROP).
 * @h: the handle
 * @client_id: from vbgl_guestprop_connect()
 * @name: the property name
 * @value: the value ("" is a value; use vbgl_guestprop_delete() to
 *	delete)
 * @flags: VBGL_GUESTPROP_* bits the property gets
 *
 * Return: 0, -EINVAL, -E2BIG or -EPERM (see above).
 */
int vbgl_guestprop_set(struct vbgl_handle *h, uint32_t client_id,
		       const char *name, const char *value, uint32_t flags);

/**
 * vbgl_guestprop_set_value - create or change a property without giving
 * flags (SET_PROP_VALUE).
 * @h: the handle
 * @client_id: from vbgl_guestprop_connect()
 * @name: the property name
 * @value: the value
 *
 * VirtualBox hosts (and vbox-hostsim) then clear the property's flags, as
 * for an empty flag set.
 *
 * Return: 0, -EINVAL, -E2BIG or -EPERM (see above).
 */
int vbgl_guestprop_set_value(struct vbgl_handle *h, uint32_t client_id,
			     const char *name, const char *value);

/**
 * vbgl_guestprop_delete - delete a property (DEL_PROP).
 * @h: the handle
 * @client_id: from vbgl_guestprop_connect()
 * @name: the property name
 *
 * Return: 0 (also when there was no such property), -EINVAL or -EPERM.
 */
int vbgl_guestprop_delete(struct vbgl_handle *h, uint32_t client_id,
			  const char *name);

/*
 * Called once per property by vbgl_guestprop_enumerate(), in the host's
 * order; the strings are valid during the call only.  Return 0 to go on,
 * a negative value to stop (vbgl_guestprop_enumerate() then returns it).
 */
typedef int (*vbgl_guestprop_enum_fn)(const char *name, const char *value,
				      uint64_t timestamp, uint32_t flags,
				      void *opaque);

/**
 * vbgl_guestprop_enumerate - list the properties whose names match
 * (ENUM_PROPS).
 * @h: the handle
 * @client_id: from vbgl_guestprop_connect()
 * @patterns: NULL-terminated array of patterns; a name matches if it
 *	matches any of them; '*' stands for any run of characters, '?' for
 *	one, '|' separates alternatives inside one pattern.  NULL or an
 *	empty array lists every property.
 * @fn: called for each property
 * @opaque: passed to @fn
 *
 * The list is one snapshot: it is read in one call, with the buffer grown
 * and the call repeated while it does not fit.
 *
 * Return: the number of properties passed to @fn; a negative value @fn
 * returned; -E2BIG if the patterns take more than
 * VBGL_GUESTPROP_MAX_PATTERN_LEN bytes; -EAGAIN if the list kept growing
 * faster than the buffer; -EPROTO for an answer that does not parse.
 */
int vbgl_guestprop_enumerate(struct vbgl_handle *h, uint32_t client_id,
			     const char *const *patterns,
			     vbgl_guestprop_enum_fn fn, void *opaque);

/* One change, as vbgl_guestprop_wait() reports it. */
struct vbgl_guestprop_change {
	char *name;	    /* the property (free with ..._change_clear()) */
	char *value;	    /* its new value, "" when deleted */
	uint64_t timestamp; /* the change's time: pass it to the next wait */
	uint32_t flags;	    /* its new flags, 0 when deleted */
	int deleted;	    /* non-zero: the change deleted it */
	/*
	 * Non-zero: the host no longer remembered the last_timestamp given
	 * (it keeps 256 changes), so changes may have been missed; this is
	 * the oldest matching change it still has.
	 */
	int missed;
};

/**
 * vbgl_guestprop_wait - wait for a change to a matching property
 * (GET_NOTIFICATION).
 * @h: the handle
 * @client_id: from vbgl_guestprop_connect()
 * @patterns: as for vbgl_guestprop_enumerate() (joined into one pattern
 *	string of at most VBGL_GUESTPROP_MAX_PATTERN_LEN bytes)
 * @last_timestamp: 0 to wait for the next change from now on, or the
 *	timestamp of the last change seen: then the first matching change
 *	after it is returned at once if there was one, so a loop that
 *	passes each answer's timestamp to the next call misses nothing
 * @timeout_ms: milliseconds, or VBGL_TIMEOUT_INFINITE
 * @change: receives the change; release it with
 *	vbgl_guestprop_change_clear()
 *
 * Return: 0; -ETIMEDOUT when nothing matching changed in time (the host
 * forgets the wait); -EINTR when the host ended the wait: another wait with
 * the same patterns on the same client replaced it, or the client went
 * away; -ENOSPC when the client already has 16 waits pending; -E2BIG for
 * too long patterns; -EOVERFLOW for a change larger than the protocol's
 * limits when @last_timestamp is 0 (with a timestamp the call grows its
 * buffer and asks again, and gives -EAGAIN if the host still answered
 * "too small" after ten tries).
 */
int vbgl_guestprop_wait(struct vbgl_handle *h, uint32_t client_id,
			const char *const *patterns, uint64_t last_timestamp,
			uint32_t timeout_ms,
			struct vbgl_guestprop_change *change);

/**
 * vbgl_guestprop_change_clear - free the strings of a change and zero it.
 * @change: the change (NULL is ignored)
 */
void vbgl_guestprop_change_clear(struct vbgl_guestprop_change *change);

#ifdef __cplusplus
}
#endif

#endif /* VBGLR3_H */
