/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Facility status to the host: what the host's "guest facilities" list
 * shows for an agent (docs/protocol/vmmdev.md, ReportGuestStatus).
 *
 * How an agent uses it:
 *
 *   f = ovt_facility_new(VBGL_FACILITY_VBOX_SERVICE, state);
 *   ovt_facility_report(f, h, VBGL_FACILITY_STATUS_INIT);    at start
 *   ovt_facility_report(f, h, VBGL_FACILITY_STATUS_ACTIVE);  working
 *   ovt_facility_report(f, h, VBGL_FACILITY_STATUS_FAILED);  gave up
 *   ovt_facility_report(f, h, VBGL_FACILITY_STATUS_TERMINATING);
 *   ovt_facility_report(f, h, VBGL_FACILITY_STATUS_TERMINATED); on exit
 *   ovt_facility_free(f);
 *
 * After a reconnect (a new host, or the same one restarted) the agent
 * reports again from INIT: the host forgot it.  An agent killed without
 * a chance to report leaves the host's last word as it was, as every
 * guest program does.
 *
 * Which facility: the host knows a fixed list.  The system agents
 * (vbox-balloon, vbox-automount, vbox-guestinfo and vbox-timesync) share
 * VBGL_FACILITY_VBOX_SERVICE (100), the facility of the
 * one VBoxService process they replace.  The desktop agents share
 * VBGL_FACILITY_VBOX_TRAY_CLIENT (101), which every user may report: the
 * reference's Linux VBoxClient reports no facility (the host derives
 * Seamless and Graphics from the guest's capabilities), and 1000/1100 are
 * the host's to derive, so the agents leave them alone.
 *
 * Several agents, one facility: the host keeps one status per facility,
 * the last one reported.  So that one agent stopping (or failing) does not
 * speak for the others, each agent records its own status in its state
 * file ([agent] facility= and facility-status=, see ovt_state.h) and
 * reports the combination of every live agent of that facility whose
 * state file is in the same directory:
 *   - any agent failed: FAILED (one part of the service is broken);
 *   - else any starting (PRE_INIT, INIT): INIT;
 *   - else any active: ACTIVE;
 *   - else (all stopping or stopped): the status being reported.
 * So the first agent to start reports INIT, the facility is ACTIVE once
 * every agent is, and the last one to stop reports TERMINATED.  Agents
 * whose process is gone (killed) do not count.  The read-combine-report
 * step runs under an flock(2) of a lock file in the state directory, so
 * two agents stopping at once cannot both leave the other's word last.
 * Without a state (NULL) the agent's own status is reported as it is.
 */
#ifndef OVT_FACILITY_H
#define OVT_FACILITY_H

#include <stdint.h>

#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_state.h"

struct ovt_facility;

/**
 * ovt_facility_new - an agent's part of a facility.
 * @facility: a VBGL_FACILITY_* value
 * @state: the agent's state (kept, not owned), or NULL
 *
 * Return: the facility; free with ovt_facility_free().
 */
struct ovt_facility *ovt_facility_new(uint32_t facility,
				      struct ovt_state *state);

/**
 * ovt_facility_report - record the agent's status and report the
 * facility's combined status (see above) to the host.
 * @f: the facility, or NULL (an agent that reports none: nothing happens)
 * @h: the open device
 * @status: a VBGL_FACILITY_STATUS_* value
 *
 * Failures other than a lost connection are logged once (at info level:
 * the agent's work does not depend on them).
 *
 * Return: 0, or a negative errno that means the device or the host is
 * gone (ovt_errno_is_disconnect()); other errors count as reported.
 */
int ovt_facility_report(struct ovt_facility *f, struct vbgl_handle *h,
			uint32_t status);

/**
 * ovt_facility_begun - report how a session's start went: ACTIVE after a
 * success, FAILED after an error that is not a lost connection (a lost
 * one reports nothing: the reconnect starts over from INIT).
 * @f: the facility, or NULL
 * @h: the open device
 * @ret: 0 or the negative errno the start ended with
 *
 * Return: @ret if it is an error, else what ovt_facility_report() returns.
 */
int ovt_facility_begun(struct ovt_facility *f, struct vbgl_handle *h, int ret);

/**
 * ovt_facility_status_name - the name of a facility status ("active").
 * @status: a VBGL_FACILITY_STATUS_* value
 *
 * Return: the name, or NULL for a value the host does not know.
 */
const char *ovt_facility_status_name(uint32_t status);

/**
 * ovt_facility_free - free a facility; NULL is ignored.
 * @f: the facility
 */
void ovt_facility_free(struct ovt_facility *f);

#endif /* OVT_FACILITY_H */
