/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure part of vbox-guestinfo: the guest properties VBoxService's
 * VMInfo writes on a Linux guest, built from plain structs, and the
 * property cache that turns one set into the writes and deletes that bring
 * the host up to date.  No system calls here.
 *
 * Names, values and flags (see docs/protocol/guest-properties.md):
 *   /VirtualBox/GuestInfo/OS/{Product,Release,Version,ServicePack}
 *   /VirtualBox/GuestAdd/{Version,VersionExt,Revision}     no flags
 *   /VirtualBox/GuestInfo/OS/LoggedInUsersList  "a,b" (absent: none)
 *   /VirtualBox/GuestInfo/OS/LoggedInUsers      "2"
 *   /VirtualBox/GuestInfo/OS/NoLoggedInUsers    "true" / "false"
 *                                               these three TRANSRESET
 *   /VirtualBox/GuestInfo/Net/Count             written every cycle
 *   /VirtualBox/GuestInfo/Net/N/{V4/IP,V4/Broadcast,V4/Netmask,MAC,
 *                                Status,Name}  no flags
 */
#ifndef GUESTINFO_PROPS_H
#define GUESTINFO_PROPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#define GUESTINFO_NET_PREFIX  "/VirtualBox/GuestInfo/Net/"
#define GUESTINFO_NET_COUNT   "/VirtualBox/GuestInfo/Net/Count"
#define GUESTINFO_USERS_LIST  "/VirtualBox/GuestInfo/OS/LoggedInUsersList"
#define GUESTINFO_USERS_COUNT "/VirtualBox/GuestInfo/OS/LoggedInUsers"
#define GUESTINFO_NO_USERS    "/VirtualBox/GuestInfo/OS/NoLoggedInUsers"

/* The longest interface name the kernel gives, with its NUL (IFNAMSIZ). */
#define GUESTINFO_IFNAME_LEN 16u

/* What uname() says; a NULL field is written as "". */
struct guestinfo_os {
	const char *product; /* sysname, "Linux" */
	const char *release;
	const char *version;
	const char *service_pack; /* none on Linux: NULL */
};

/*
 * One reported IPv4 address: the reference lists one entry per address of
 * every non-loopback interface, in the kernel's order.  Addresses in
 * network byte order.
 */
struct guestinfo_iface {
	char name[GUESTINFO_IFNAME_LEN]; /* the address's label */
	uint32_t addr;
	uint32_t broadcast;
	uint32_t netmask;
	uint8_t mac[6];
	bool up;       /* IFF_UP */
	bool loopback; /* IFF_LOOPBACK: not reported */
};

struct guestinfo_input {
	struct guestinfo_os os;
	const char *version;	 /* "0.1.0" */
	const char *version_ext; /* NULL: as version */
	const char *revision;
	const char *const *users; /* utmp USER_PROCESS names, in order */
	size_t n_users;
	const struct guestinfo_iface *ifaces;
	size_t n_ifaces;
};

/* Flags of a property in the set. */
#define GUESTINFO_F_TRANSIENT 0x1u /* written TRANSRESET (or TRANSIENT) */
#define GUESTINFO_F_ALWAYS    0x2u /* written every cycle: the beacon */

/* One property of the set; value NULL: it must not exist. */
struct guestinfo_prop {
	char *name;
	char *value;
	unsigned int flags;
};

/* One change to make on the host. */
struct guestinfo_op {
	char *name;
	char *value;	    /* NULL: delete */
	unsigned int flags; /* GUESTINFO_F_* of the property */
};

/**
 * guestinfo_revision - the revision this suite reports for a version: the
 * numbers of MAJOR.MINOR.PATCH packed as MAJOR * 1000000 + MINOR * 1000 +
 * PATCH, so it grows with every release as VirtualBox's revisions do.
 * @version: "MAJOR.MINOR.PATCH", each part 0..999 (anything after the
 *	third number is ignored)
 *
 * Return: the revision as a decimal string (caller frees), "0" for a
 * version that does not parse.
 */
char *guestinfo_revision(const char *version);

/**
 * guestinfo_mac_format - a MAC address as the reference writes it.
 * @mac: 6 bytes
 * @buf: receives 12 uppercase hex digits and a NUL
 */
void guestinfo_mac_format(const uint8_t mac[6], char buf[13]);

/**
 * guestinfo_props_build - the property set for one state of the guest.
 * @in: the state
 * @n_reported: receives the number of reported interfaces (may be NULL)
 *
 * Users are counted once each, in the order first seen; loopback entries
 * are skipped and the rest numbered from 0.
 *
 * Return: an array of struct guestinfo_prop * (it frees them).
 */
GPtrArray *guestinfo_props_build(const struct guestinfo_input *in,
				 unsigned int *n_reported);

struct guestinfo_cache;

/* Return: an empty cache (nothing known to be on the host). */
struct guestinfo_cache *guestinfo_cache_new(void);

/* Free a cache; NULL is ignored. */
void guestinfo_cache_free(struct guestinfo_cache *c);

/* Forget what the host has (a new connection: write everything again). */
void guestinfo_cache_reset(struct guestinfo_cache *c);

/**
 * guestinfo_cache_diff - what to write so the host holds @props.
 * @c: the cache (what was written successfully so far)
 * @props: the new set, from guestinfo_props_build()
 *
 * A property is written when its value differs from the cache (or it is
 * not in it), or when it is GUESTINFO_F_ALWAYS; a property with value NULL
 * is deleted if the cache has it.  Interface properties the cache has but
 * the set no longer names (an interface went away) are deleted too.
 * Apply each op, then guestinfo_cache_commit() it if it succeeded.
 *
 * Return: an array of struct guestinfo_op * (it frees them), in the
 * order of @props, the deletions of vanished names last.
 */
GPtrArray *guestinfo_cache_diff(const struct guestinfo_cache *c,
				const GPtrArray *props);

/**
 * guestinfo_cache_commit - record that an op reached the host.
 * @c: the cache
 * @op: the op
 */
void guestinfo_cache_commit(struct guestinfo_cache *c,
			    const struct guestinfo_op *op);

/**
 * guestinfo_cache_exit_ops - what a clean stop leaves on the host, as the
 * reference: every interface property and the beacon deleted, the users
 * list deleted, LoggedInUsers "0" and NoLoggedInUsers "true" (both
 * TRANSRESET); the OS and additions properties stay.
 * @c: the cache
 *
 * Return: an array of struct guestinfo_op *.
 */
GPtrArray *guestinfo_cache_exit_ops(const struct guestinfo_cache *c);

/* The number of properties the cache holds. */
unsigned int guestinfo_cache_size(const struct guestinfo_cache *c);

#endif /* GUESTINFO_PROPS_H */
