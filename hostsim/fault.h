/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fault injection: the host misbehaving on purpose, so that tests can see
 * how the guest side copes with a host that fails, is slow or goes away.
 * Faults are armed with `vbox-hostsim ctl fault` (fault_ctl.c, documented
 * in vbox-hostsim(1)).
 *
 * A fault matches either VMMDev requests of one type, checked where the
 * emulated device dispatches a request (vmmdev_emu.c), or HGCM calls of
 * one service function, checked where the HGCM framework takes a call in
 * (hgcm_host.c).  It fires for the next COUNT requests it matches and does
 * one thing to each:
 *  - status: the request fails with a VBox status without reaching its
 *    handler (for an HGCM call: its service); the guest sees exactly what
 *    a host returning that status looks like;
 *  - delay: the answer comes MS milliseconds later.  The device answers a
 *    VMMDev request inside the port write, so the submitting thread waits
 *    (a vCPU held in the port write; the guest's other threads go on).  An
 *    HGCM call reaches its service MS later while the service thread goes
 *    on with every other call, as with a slow host service;
 *  - drop: the guest connection that made the request is closed before
 *    the request is answered (the guest sockets provide the hook), as if
 *    the host went away mid-request.  A drop fault only matches requests
 *    that a guest connection made, not the driver core's own.
 * Faults are checked in the order they were added; the first that matches
 * and has fired fewer than COUNT times fires.
 */
#ifndef HOSTSIM_FAULT_H
#define HOSTSIM_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

struct fault_table;
struct hgcm_host;

/* At most this many faults (fired or not) until `fault clear`. */
#define FAULT_MAX	   64
#define FAULT_MAX_COUNT	   1000000u
#define FAULT_MAX_DELAY_MS 600000u

enum fault_target {
	FAULT_TARGET_REQUEST, /* VMMDev requests of one type */
	FAULT_TARGET_HGCM,    /* HGCM calls of one service function */
};

enum fault_action {
	FAULT_NONE,
	FAULT_STATUS,
	FAULT_DELAY,
	FAULT_DROP,
};

/* What happens to one request; FAULT_NONE: nothing. */
struct fault_verdict {
	enum fault_action action;
	int32_t status;	   /* FAULT_STATUS: a VERR_* */
	uint32_t delay_ms; /* FAULT_DELAY */
};

struct fault_spec {
	enum fault_target target;
	uint32_t request_type; /* FAULT_TARGET_REQUEST */
	char *service;	       /* FAULT_TARGET_HGCM: the registered name */
	uint32_t function;     /* FAULT_TARGET_HGCM */
	uint32_t count;	       /* 1 .. FAULT_MAX_COUNT */
	struct fault_verdict verdict;
};

/* A fault as `fault list` shows it. */
struct fault_info {
	unsigned int id;
	struct fault_spec spec; /* spec.service owned by the array */
	uint32_t fired;
};

struct fault_table *fault_table_new(void);
/* NULL is ignored. */
void fault_table_free(struct fault_table *ft);

/*
 * The hook that closes the guest connection whose request the calling
 * thread is running.  It returns false if the thread runs none (the
 * driver core's own requests).  It is called with the table's lock held
 * and must not call into the table.
 */
typedef bool (*fault_drop_fn)(void *opaque);
void fault_table_set_drop(struct fault_table *ft, fault_drop_fn drop,
			  void *opaque);

/*
 * The host shuts down: no fault fires any more, and requests waiting out a
 * delay stop waiting at once and go unanswered.
 */
void fault_table_shutdown(struct fault_table *ft);

/**
 * fault_table_add - arm a fault.
 * @ft: the table
 * @spec: what to match and do (copied; already validated)
 * @id: receives the fault's number, for `fault list`
 *
 * Return: 0, or -ENOSPC when FAULT_MAX faults are armed.
 */
int fault_table_add(struct fault_table *ft, const struct fault_spec *spec,
		    unsigned int *id);

/* Remove every fault; returns how many there were. */
unsigned int fault_table_clear(struct fault_table *ft);

/*
 * Every fault, in the order they were added (caller frees with
 * fault_info_free()); *n gets the count.
 */
struct fault_info *fault_table_list(struct fault_table *ft, unsigned int *n);
void fault_info_free(struct fault_info *info, unsigned int n);

/*
 * The verdict for a VMMDev request of this type, or for an HGCM call of
 * this service function, counting the fault that fires.  A FAULT_DROP
 * verdict means the connection has already been closed.  ft may be NULL
 * (no faults).
 */
struct fault_verdict fault_check_request(struct fault_table *ft, uint32_t type);
struct fault_verdict fault_check_hgcm(struct fault_table *ft,
				      const char *service, uint32_t function);

/*
 * Wait out a delay on the calling thread.  Return: true, or false when the
 * host shut down meanwhile (the request is then not to be answered).
 */
bool fault_wait(struct fault_table *ft, uint32_t ms);

/*
 * `ctl fault add ... | list | clear` (args[0] is the subcommand): service
 * and function names are resolved through hgcm.  Returns NULL or the error
 * reason, as control_run() does.
 */
char *fault_ctl_run(struct fault_table *ft, struct hgcm_host *hgcm, char **args,
		    unsigned int n, GString *out);

#endif /* HOSTSIM_FAULT_H */
