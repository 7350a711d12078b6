/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VBoxGuestPropSvc, the guest property service of vbox-hostsim.
 *
 * A store of up to VBGL_GUESTPROP_MAX_PROPS named string values with flags and
 * timestamps that the guest (HGCM calls) and the host (`ctl guestprop`)
 * both read and write, and change notifications the guest waits for.
 * Layouts, limits and status codes are those of the VirtualBox 7 host
 * service; vbox-hostsim(1) documents every function and where this host
 * differs.
 *
 * The pure parts (flags, pattern matching, the enumeration and
 * notification buffers) are exported for the unit tests.
 */
#ifndef HOSTSIM_SVC_GUESTPROP_H
#define HOSTSIM_SVC_GUESTPROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "driver/vbox_status.h"
#include "hostsim/hgcm_host.h"
#include "libvbglr3/vbgl_guestprop_wire.h"
#include "libvbglr3/vbglr3.h"

/*
 * The service name, the wire limits and the flag bits are libvbglr3's
 * VBGL_GUESTPROP_* (vbglr3.h), the function numbers GUESTPROP_FN_*
 * (vbgl_guestprop_wire.h); what follows is this host's own.
 */
#define GUESTPROP_MAX_NOTIFICATIONS    256u
#define GUESTPROP_MAX_WAITS_PER_CLIENT 16u
#define GUESTPROP_FN_COUNT	       (GUESTPROP_FN_LAST + 1)

/* One property (also one enumeration entry). */
struct guestprop_prop {
	char *name;
	char *value;
	uint64_t timestamp; /* ns since the Unix epoch */
	uint32_t flags;	    /* VBGL_GUESTPROP_* */
};

/* ---- pure parts ---------------------------------------------------------- */

/**
 * guestprop_flags_parse - parse a flags string the way the host does.
 * @s: e.g. "transient, RDONLYGUEST"; NULL and "" mean no flags
 * @flags: receives the VBGL_GUESTPROP_* bits
 *
 * Flag names are matched without regard to case and separated by commas;
 * blanks around names and commas are skipped; a trailing comma is allowed.
 *
 * Return: VINF_SUCCESS, or VERR_PARSE_ERROR (*@flags untouched).
 */
int guestprop_flags_parse(const char *s, uint32_t *flags);

/**
 * guestprop_flags_format - the canonical flags string.
 * @flags: VBGL_GUESTPROP_* bits
 * @buf: receives the string, VBGL_GUESTPROP_MAX_FLAGS_LEN bytes
 *
 * Order: TRANSIENT, READONLY (for both read-only bits), RDONLYGUEST,
 * RDONLYHOST, TRANSRESET, joined by ", "; TRANSRESET always brings
 * TRANSIENT.
 *
 * Return: VINF_SUCCESS, or VERR_INVALID_PARAMETER for unknown bits.
 */
int guestprop_flags_format(uint32_t flags,
			   char buf[VBGL_GUESTPROP_MAX_FLAGS_LEN]);

/**
 * guestprop_pattern_match - does a name match a pattern list?
 * @patterns: alternatives separated by '|'; each may use '*' (any run of
 *	characters, also none) and '?' (exactly one character); "" matches
 *	every name
 * @name: a UTF-8 property name
 *
 * Matching is case-sensitive and works on characters, not bytes.
 *
 * Return: true on a match.
 */
bool guestprop_pattern_match(const char *patterns, const char *name);

/**
 * guestprop_patterns_from_wire - turn an ENUM_PROPS pattern buffer into a
 * '|'-separated pattern string.
 * @buf: the guest's buffer: strings separated by '|' or NUL, the last
 *	byte a NUL
 * @size: its size in bytes
 *
 * Return: the pattern string (caller frees) or NULL when @size is 0, the
 * last byte is not a NUL or a piece is not UTF-8; *@rc then says
 * VERR_INVALID_PARAMETER, or VERR_TOO_MUCH_DATA for a buffer over
 * VBGL_GUESTPROP_MAX_PATTERN_LEN bytes.
 */
char *guestprop_patterns_from_wire(const char *buf, uint32_t size, int *rc);

/**
 * guestprop_pack_enum - fill an ENUM_PROPS answer.
 * @props: the properties, in the order they are to be listed
 * @count: how many
 * @patterns: only names matching these are listed (see
 *	guestprop_pattern_match())
 * @buf: the guest's buffer (may be NULL when @cap is 0)
 * @cap: its size
 * @needed: receives the bytes the whole answer takes
 *
 * Each listed property is name\0value\0timestamp\0flags\0 with the
 * timestamp in decimal; four empty strings end the list.  When the answer
 * does not fit, the buffer holds whatever entries fitted and no end mark.
 *
 * Return: VINF_SUCCESS, or VERR_BUFFER_OVERFLOW when @needed > @cap.
 */
int guestprop_pack_enum(const struct guestprop_prop *const *props, size_t count,
			const char *patterns, char *buf, uint32_t cap,
			uint32_t *needed);

/**
 * guestprop_pack_notification - fill a GET_NOTIFICATION answer:
 * name\0value\0flags\0 and "1" or "0" (deleted) with its NUL.
 * @name: the property name
 * @value: its value ("" for a deletion)
 * @flags: its flags (0 for a deletion)
 * @deleted: whether the change deleted it
 * @buf: the guest's buffer (may be NULL when @cap is 0)
 * @cap: its size
 * @needed: receives the bytes the answer takes
 *
 * Return: VINF_SUCCESS, VERR_BUFFER_OVERFLOW (nothing written) or
 * VERR_INVALID_PARAMETER for bad flags.
 */
int guestprop_pack_notification(const char *name, const char *value,
				uint32_t flags, bool deleted, char *buf,
				uint32_t cap, uint32_t *needed);

/* ---- the service --------------------------------------------------------- */

struct guestprop_svc;

/**
 * guestprop_register - register the service with an HGCM host.
 * @host: the host
 * @version: the host version as MAJOR.MINOR.BUILD, for the
 *	/VirtualBox/HostInfo/VBoxVer and VBoxVerExt properties
 * @revision: the host revision, for /VirtualBox/HostInfo/VBoxRev
 * @out: receives the service, for the host-side functions below (may be
 *	NULL)
 *
 * The store starts with the properties a VirtualBox host creates at VM
 * start (see vbox-hostsim(1)).
 *
 * Return: a VBox status.
 */
int guestprop_register(struct hgcm_host *host, const char *version,
		       uint32_t revision, struct guestprop_svc **out);

/*
 * Host-side access, from any thread (the work runs on the service thread).
 * The host is the VM's owner: it ignores RDONLYGUEST but is refused
 * RDONLYHOST properties.  Changes wake the guest's waits.
 */

/**
 * guestprop_host_get - read a property.
 * @svc: the service
 * @name: the name
 * @prop: receives a copy (free with guestprop_prop_clear())
 *
 * Return: VINF_SUCCESS or VERR_NOT_FOUND.
 */
int guestprop_host_get(struct guestprop_svc *svc, const char *name,
		       struct guestprop_prop *prop);

/**
 * guestprop_host_set - create or change a property.
 * @svc: the service
 * @name: the name (validated as a guest name would be)
 * @value: the value
 * @flags: a flags string, or NULL for none
 *
 * Return: VINF_SUCCESS, VERR_INVALID_PARAMETER (bad name or UTF-8),
 * VERR_TOO_MUCH_DATA (value too long, or no room for a new property),
 * VERR_PARSE_ERROR (bad flags) or VERR_PERMISSION_DENIED (RDONLYHOST).
 */
int guestprop_host_set(struct guestprop_svc *svc, const char *name,
		       const char *value, const char *flags);

/**
 * guestprop_host_delete - delete a property; a missing one is no error.
 * @svc: the service
 * @name: the name
 *
 * Return: VINF_SUCCESS, VERR_INVALID_PARAMETER or VERR_PERMISSION_DENIED.
 */
int guestprop_host_delete(struct guestprop_svc *svc, const char *name);

/**
 * guestprop_host_enumerate - copy the matching properties, by name.
 * @svc: the service
 * @patterns: as for guestprop_pattern_match()
 * @out: receives an array of struct guestprop_prop * (caller unrefs; the
 *	array frees its elements)
 *
 * Return: VINF_SUCCESS.
 */
int guestprop_host_enumerate(struct guestprop_svc *svc, const char *patterns,
			     GPtrArray **out);

/**
 * guestprop_host_wait - wait for a change to a matching property, as the
 * host's `guestproperty wait` does.
 * @svc: the service
 * @patterns: as for guestprop_pattern_match()
 * @since: 0 for the next change from now on, or the timestamp of a change
 *	seen: then the first matching change after it, at once if there was
 *	one (the oldest remembered one if @since is forgotten)
 * @timeout_ms: the longest wait, negative for none
 * @abort_fd: a socket whose hang-up ends the wait (the control client's),
 *	or -1
 * @prop: receives the property as the change left it (free with
 *	guestprop_prop_clear()); value "" and flags 0 for a deletion
 * @deleted: receives whether the change deleted it
 *
 * Return: VINF_SUCCESS, VERR_TIMEOUT, VERR_INTERRUPTED (@abort_fd hung up)
 * or VERR_NO_MEMORY.
 */
int guestprop_host_wait(struct guestprop_svc *svc, const char *patterns,
			uint64_t since, int timeout_ms, int abort_fd,
			struct guestprop_prop *prop, bool *deleted);

/* Free what a struct guestprop_prop holds (not the struct). */
void guestprop_prop_clear(struct guestprop_prop *prop);

/**
 * guestprop_ctl_run - the `ctl guestprop` command (see vbox-hostsim(1)).
 * @svc: the service
 * @args: the words after "guestprop"
 * @n: how many
 * @abort_fd: the control client's socket: `wait` ends when it hangs up
 *	(-1: none)
 * @out: receives the reply body lines (" key: value\n")
 *
 * Return: NULL on success or the one-line error reason (caller frees).
 */
char *guestprop_ctl_run(struct guestprop_svc *svc, char **args, unsigned int n,
			int abort_fd, GString *out);

#endif /* HOSTSIM_SVC_GUESTPROP_H */
