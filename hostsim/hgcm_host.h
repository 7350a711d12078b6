/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HGCM host-service framework of vbox-hostsim.
 *
 * Services (HostSimTest, VBoxSharedFolders, VBoxGuestPropSvc,
 * VBoxSharedClipboard) register by name with an ops table.  A transport
 * (the emulated VMMDev, or a unit test) submits connect, disconnect and
 * call messages; the framework runs them on one service thread, in submission order, the way
 * the real host's HGCM thread does, and reports each completion through the
 * transport's done callback.
 *
 * Rules for a service:
 *  - Every callback runs on the service thread, or on a submitting thread
 *    while the service thread is idle (hgcm_host_submit()): never two at
 *    once, and in submission order.  Services may attach their own
 *    GSources to hgcm_host_context() (timers, fd watches); those run on the
 *    service thread, so service state touched only from callbacks and
 *    those sources needs no lock.  Do not rely on the thread's identity
 *    or its thread-default main context.
 *  - call() receives a call it must finish exactly once with
 *    hgcm_call_complete(), from any thread, at any later time, unless its
 *    cancel() callback runs first.  After cancel() returns, or after
 *    disconnect() for the call's client, the service must forget the call.
 *    disconnect() runs while the client's calls are still pending: it may
 *    complete them; the framework cancels the rest right after it.
 *    A completion that races with a cancellation is discarded; a cancel()
 *    may therefore arrive for a call the service has just completed, and
 *    must then do nothing.
 *  - A fault (hgcm_host_set_faults()) may finish a call without its
 *    service, or hand it over later; a service never hears of a call it
 *    was not given, not even its cancellation.
 *  - Parameters are read and written only through the hgcm_call_get_* /
 *    hgcm_call_set_* accessors, which validate index, type and direction and
 *    return VBox status codes a service can pass straight back.
 *  - Buffers are host copies: In buffers hold what the guest sent (and never
 *    travel back), Out buffers start zero-filled, In/Out buffers travel both
 *    ways.  A service reports how many bytes an Out buffer holds with
 *    hgcm_call_set_buf_size(); a size above the capacity tells the guest
 *    how much room it would need (only capacity bytes are copied back).
 *
 * All functions return VBox status codes (VINF_* >= 0, VERR_* < 0) unless
 * stated otherwise.
 */
#ifndef HOSTSIM_HGCM_HOST_H
#define HOSTSIM_HGCM_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "driver/vmmdev.h"

struct fault_table;
struct hgcm_host;
struct hgcm_service;
struct hgcm_client;
struct hgcm_call;

/* Buffer directions, as the guest declared them (the page-list flags). */
#define HGCM_DIR_IN    VMMDEV_HGCM_F_PARM_DIRECTION_TO_HOST
#define HGCM_DIR_OUT   VMMDEV_HGCM_F_PARM_DIRECTION_FROM_HOST
#define HGCM_DIR_INOUT VMMDEV_HGCM_F_PARM_DIRECTION_BOTH

/* Sets of directions a service accepts for one buffer parameter. */
#define HGCM_ACCEPT(dir)     (1u << (dir))
#define HGCM_ACCEPT_IN	     HGCM_ACCEPT(HGCM_DIR_IN)
#define HGCM_ACCEPT_OUT	     HGCM_ACCEPT(HGCM_DIR_OUT)
#define HGCM_ACCEPT_INOUT    HGCM_ACCEPT(HGCM_DIR_INOUT)
#define HGCM_ACCEPT_READABLE (HGCM_ACCEPT_IN | HGCM_ACCEPT_INOUT)
#define HGCM_ACCEPT_WRITABLE (HGCM_ACCEPT_OUT | HGCM_ACCEPT_INOUT)
#define HGCM_ACCEPT_ANY	     (HGCM_ACCEPT_READABLE | HGCM_ACCEPT_OUT)

/* The kinds of call parameters. */
enum hgcm_parm_type {
	HGCM_PARM_NONE = 0,
	HGCM_PARM_U32,
	HGCM_PARM_U64,
	HGCM_PARM_BUF,
};

/* Limits the framework enforces on what a transport submits. */
#define HGCM_MAX_PARMS VMMDEV_HGCM_MAX_PARMS
/* All buffers of one call together. */
#define HGCM_MAX_DATA_SIZE VMMDEV_MAX_HGCM_DATA_SIZE
/* Service names, in bytes with the NUL. */
#define HGCM_SERVICE_NAME_MAX 128

/**
 * struct hgcm_service_ops - what a service provides.
 * @name: the name guests connect to (at most 127 bytes)
 * @client_size: bytes of per-client state, zero-filled at connect
 * @function_count: functions 0 .. function_count - 1 get their own call
 *	counters; higher numbers share one "other" counter
 * @function_names: optional, @function_count names for statistics
 * @connect: optional; a new client.  Return VINF_SUCCESS to accept or a
 *	VERR_* the guest's connect then fails with.
 * @disconnect: optional; the client goes away (the guest disconnects it
 *	or the host shuts down).  It may complete the client's pending
 *	calls; those it leaves are cancelled (with @cancel) after it returns.
 * @call: required; a guest call with @parm_count parameters
 * @cancel: optional; the guest cancelled @call (timeout, signal) or the
 *	host is shutting down
 * @destroy: optional; the host shuts down, every client is gone
 */
struct hgcm_service_ops {
	const char *name;
	size_t client_size;
	uint32_t function_count;
	const char *const *function_names;
	int (*connect)(struct hgcm_service *svc, struct hgcm_client *client);
	void (*disconnect)(struct hgcm_service *svc,
			   struct hgcm_client *client);
	void (*call)(struct hgcm_service *svc, struct hgcm_client *client,
		     struct hgcm_call *call, uint32_t function,
		     unsigned int parm_count);
	void (*cancel)(struct hgcm_service *svc, struct hgcm_client *client,
		       struct hgcm_call *call);
	void (*destroy)(struct hgcm_service *svc);
};

/* ---- the host ------------------------------------------------------------ */

/* Create the host and start its service thread. */
struct hgcm_host *hgcm_host_new(void);

/*
 * Shut down: cancel every pending message (no done callback runs for it),
 * disconnect every client, destroy every service, stop the thread, free.
 * NULL is ignored.
 */
void hgcm_host_free(struct hgcm_host *host);

/**
 * hgcm_host_register - add a service.
 * @ops: must stay valid for the host's lifetime
 * @data: the service's own state, returned by hgcm_service_data()
 * @out: optional, receives the service handle
 *
 * Return: VINF_SUCCESS, VERR_INVALID_PARAMETER (bad name or ops) or
 * VERR_HGCM_SERVICE_EXISTS.
 */
int hgcm_host_register(struct hgcm_host *host,
		       const struct hgcm_service_ops *ops, void *data,
		       struct hgcm_service **out);

/* The service thread's main context, for services' own sources. */
GMainContext *hgcm_host_context(struct hgcm_host *host);

/*
 * Run fn(data) on the service thread and wait for it to return (directly
 * when called from service code, on whichever thread it runs).  Host-side commands use it to touch
 * service state without locks.
 */
void hgcm_host_run_sync(struct hgcm_host *host, void (*fn)(void *data),
			void *data);

/* Number of connected clients, all services together. */
unsigned int hgcm_host_client_count(struct hgcm_host *host);

/*
 * The faults calls are checked against (fault.h); set before the first
 * submission.  Without it no call is faulted.
 */
void hgcm_host_set_faults(struct hgcm_host *host, struct fault_table *ft);

/* Is a service of this name (compared exactly, as connect does) registered? */
bool hgcm_host_has_service(struct hgcm_host *host, const char *name);
/*
 * A service function by the name in its function_names (compared without
 * regard to case).  Return: VINF_SUCCESS, VERR_HGCM_SERVICE_NOT_FOUND or
 * VERR_NOT_FOUND.
 */
int hgcm_host_find_function(struct hgcm_host *host, const char *service,
			    const char *name, uint32_t *function);
/* The name of a service function, or NULL if it has none. */
const char *hgcm_host_function_name(struct hgcm_host *host, const char *service,
				    uint32_t function);

/* ---- services and clients (for service code) ----------------------------- */

void *hgcm_service_data(struct hgcm_service *svc);
struct hgcm_host *hgcm_service_host(struct hgcm_service *svc);

uint32_t hgcm_client_id(const struct hgcm_client *client);
/* The client_size bytes of per-client state. */
void *hgcm_client_data(struct hgcm_client *client);

/* ---- calls (for service code) -------------------------------------------- */

unsigned int hgcm_call_parm_count(const struct hgcm_call *call);

/* The type of parameter @idx; HGCM_PARM_NONE beyond the last. */
enum hgcm_parm_type hgcm_call_parm_type(const struct hgcm_call *call,
					unsigned int idx);

/*
 * Typed parameter access.  Each returns VINF_SUCCESS,
 * VERR_INVALID_PARAMETER (index out of range, or a buffer whose direction
 * is not in @accept) or VERR_WRONG_PARAMETER_TYPE (a different type).
 */
int hgcm_call_get_u32(struct hgcm_call *call, unsigned int idx,
		      uint32_t *value);
int hgcm_call_set_u32(struct hgcm_call *call, unsigned int idx, uint32_t value);
int hgcm_call_get_u64(struct hgcm_call *call, unsigned int idx,
		      uint64_t *value);
int hgcm_call_set_u64(struct hgcm_call *call, unsigned int idx, uint64_t value);
/*
 * A buffer parameter: *data gets the host copy (capacity bytes, writable
 * for every direction; NULL when the capacity is 0), *capacity the size the
 * guest gave, *dir (optional) its HGCM_DIR_*.
 */
int hgcm_call_get_buf(struct hgcm_call *call, unsigned int idx,
		      unsigned int accept, void **data, uint32_t *capacity,
		      unsigned int *dir);
/*
 * Set the size reported back for an Out or In/Out buffer (may exceed the
 * capacity, see above).  VERR_INVALID_PARAMETER for an In-only buffer.
 */
int hgcm_call_set_buf_size(struct hgcm_call *call, unsigned int idx,
			   uint32_t size);

/*
 * Finish a call with the service's status (the guest sees it as the call's
 * result).  Thread-safe; see the rules at the top of this file.
 */
void hgcm_call_complete(struct hgcm_call *call, int32_t result);

/* True once the guest cancelled the call (for long-running services). */
bool hgcm_call_is_cancelled(struct hgcm_call *call);

/* ---- statistics ---------------------------------------------------------- */

struct hgcm_fn_stats {
	uint64_t calls;	    /* dispatched to the service */
	uint64_t ok;	    /* completed with a success status */
	uint64_t failed;    /* completed with a failure status */
	uint64_t cancelled; /* cancelled while pending */
	uint64_t bytes_in;  /* guest to host buffer bytes */
	uint64_t bytes_out; /* host to guest buffer bytes */
};

struct hgcm_service_stats {
	unsigned int clients;
	uint64_t connects;
	uint64_t disconnects;
};

/*
 * Report every service (function == HGCM_STATS_SERVICE, st_fn NULL) and
 * then each function with at least one call (function number, or
 * HGCM_STATS_OTHER for the shared counter; fn_name may be NULL), in
 * registration and function order.  Runs under the host lock: the callback
 * must not call back into the host.
 */
#define HGCM_STATS_SERVICE (-1)
#define HGCM_STATS_OTHER   (-2)
typedef void (*hgcm_stats_fn)(const char *service, int64_t function,
			      const char *fn_name,
			      const struct hgcm_service_stats *st_svc,
			      const struct hgcm_fn_stats *st_fn, void *opaque);
void hgcm_host_foreach_stats(struct hgcm_host *host, hgcm_stats_fn fn,
			     void *opaque);
/* Zero every call counter (client counts stay). */
void hgcm_host_reset_stats(struct hgcm_host *host);

/* ---- the transport side -------------------------------------------------- */

/* One parameter as the transport sees it (services use the accessors). */
struct hgcm_parm {
	enum hgcm_parm_type type;
	uint32_t u32;
	uint64_t u64;
	unsigned int dir;  /* HGCM_DIR_* for buffers */
	uint32_t capacity; /* bytes the guest provided */
	uint32_t size;	   /* bytes to report back (Out/InOut) */
	uint8_t *data;	   /* capacity bytes, owned by the call */
};

/* Messages; each starts with one reference that hgcm_host_submit() takes. */
struct hgcm_call *hgcm_call_new_connect(const char *service_name,
					uint32_t requestor);
struct hgcm_call *hgcm_call_new_disconnect(uint32_t client_id,
					   uint32_t requestor);
struct hgcm_call *hgcm_call_new_call(uint32_t client_id, uint32_t function,
				     unsigned int parm_count,
				     uint32_t requestor);
/* Free a message that was never submitted. */
void hgcm_call_discard(struct hgcm_call *call);

/* The parameter array (parm_count entries) for the transport to fill. */
struct hgcm_parm *hgcm_call_parms(struct hgcm_call *call);

/*
 * Set the completion callback.  done runs once, on the completing thread,
 * for a message that was not cancelled; free_opaque (optional) runs when
 * the message is destroyed, completed or not.
 */
void hgcm_call_set_done(struct hgcm_call *call,
			void (*done)(struct hgcm_call *call, void *opaque),
			void *opaque, void (*free_opaque)(void *opaque));

/* After completion: the service's status, and the client id of a connect. */
int32_t hgcm_call_result(const struct hgcm_call *call);
uint32_t hgcm_call_connected_id(const struct hgcm_call *call);

/**
 * hgcm_host_submit - queue a message for the service thread.
 * @tag: the transport's unique name for it (the request's guest-physical
 *	address), used by hgcm_host_cancel()
 *
 * Takes over the caller's reference in every case.  A call is checked
 * against the faults here (see hgcm_host_set_faults()).  When nothing is
 * queued and the service thread is idle, the message is taken to its
 * service on the calling thread instead (still one thread at a time in
 * service code): its done callback may then run before this returns, so
 * the caller must hold no lock the callback takes.
 *
 * Return: VINF_SUCCESS; VERR_INVALID_PARAMETER if another pending message
 * has the same tag, or the buffers exceed HGCM_MAX_DATA_SIZE;
 * VERR_INTERRUPTED if a drop fault closed the guest connection that made
 * the call (the message is discarded in each of these cases).
 */
int hgcm_host_submit(struct hgcm_host *host, struct hgcm_call *call,
		     uint64_t tag);

/**
 * hgcm_host_cancel - cancel the pending message with this tag.
 *
 * A cancelled message never completes (no done callback); a call already
 * with its service gets the service's cancel callback.  Connects and
 * disconnects can only be cancelled while still queued.
 *
 * Return: VINF_SUCCESS, or VERR_NOT_FOUND if nothing with that tag is
 * pending (it may be completing right now).
 */
int hgcm_host_cancel(struct hgcm_host *host, uint64_t tag);

#endif /* HOSTSIM_HGCM_HOST_H */
