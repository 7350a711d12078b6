/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What vbox-guestinfo reads from the system, in the reference's way: the
 * OS from uname(), users from utmp, IPv4 addresses with SIOCGIFCONF and
 * the SIOCGIF* ioctls.
 */
#ifndef GUESTINFO_SYS_H
#define GUESTINFO_SYS_H

#include <glib.h>
#include <sys/utsname.h>

/* The most addresses read in one cycle. */
#define GUESTINFO_MAX_IFACES 64u

/**
 * guestinfo_sys_users - the names of the USER_PROCESS entries of utmp, in
 * file order (duplicates kept: the property set counts each once).
 * @path: the utmp file
 *
 * Return: a NULL-terminated array (g_strfreev()).
 */
char **guestinfo_sys_users(const char *path);

/**
 * guestinfo_sys_ifaces - every IPv4 address, in the kernel's order, with
 * its interface's flags, broadcast address, netmask and MAC.
 * @out: receives struct guestinfo_iface elements (appended)
 *
 * Return: 0, or a negative errno (what was read so far stays in @out).
 */
int guestinfo_sys_ifaces(GArray *out);

#endif /* GUESTINFO_SYS_H */
