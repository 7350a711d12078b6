// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * System readers of vbox-guestinfo (see guestinfo_sys.h).
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utmpx.h>

#include "services/vbox-guestinfo/guestinfo_props.h"
#include "services/vbox-guestinfo/guestinfo_sys.h"

char **guestinfo_sys_users(const char *path)
{
	GPtrArray *names = g_ptr_array_new();
	struct utmpx *ut;

	if (utmpxname(path) < 0)
		g_debug("utmpxname(%s) failed", path);
	setutxent();
	while ((ut = getutxent())) {
		if (ut->ut_type != USER_PROCESS)
			continue;
		g_ptr_array_add(names,
				g_strndup(ut->ut_user, sizeof(ut->ut_user)));
	}
	endutxent();
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

static uint32_t sin_addr_of(const struct sockaddr *sa)
{
	struct sockaddr_in sin;

	memcpy(&sin, sa, sizeof(sin));
	return sin.sin_addr.s_addr;
}

/* Fill one entry from its SIOCGIFCONF record; -errno if it vanished. */
static int read_iface(int sd, const struct ifreq *rec,
		      struct guestinfo_iface *ifc)
{
	struct ifreq r;

	memset(ifc, 0, sizeof(*ifc));
	memcpy(ifc->name, rec->ifr_name, sizeof(ifc->name));
	ifc->addr = sin_addr_of(&rec->ifr_addr);
	r = *rec;
	if (ioctl(sd, SIOCGIFFLAGS, &r) < 0)
		return -errno;
	ifc->up = r.ifr_flags & IFF_UP;
	ifc->loopback = r.ifr_flags & IFF_LOOPBACK;
	r = *rec;
	if (ioctl(sd, SIOCGIFBRDADDR, &r) < 0)
		return -errno;
	ifc->broadcast = sin_addr_of(&r.ifr_broadaddr);
	r = *rec;
	if (ioctl(sd, SIOCGIFNETMASK, &r) < 0)
		return -errno;
	ifc->netmask = sin_addr_of(&r.ifr_netmask);
	r = *rec;
	if (ioctl(sd, SIOCGIFHWADDR, &r) < 0)
		return -errno;
	memcpy(ifc->mac, r.ifr_hwaddr.sa_data, sizeof(ifc->mac));
	return 0;
}

int guestinfo_sys_ifaces(GArray *out)
{
	struct ifreq reqs[GUESTINFO_MAX_IFACES];
	struct guestinfo_iface ifc;
	struct ifconf conf;
	size_t i, n;
	int sd, ret = 0;

	sd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sd < 0)
		return -errno;
	conf.ifc_len = sizeof(reqs);
	conf.ifc_req = reqs;
	if (ioctl(sd, SIOCGIFCONF, &conf) < 0) {
		ret = -errno;
		close(sd);
		return ret;
	}
	n = MIN((size_t)MAX(conf.ifc_len, 0), sizeof(reqs)) / sizeof(reqs[0]);
	for (i = 0; i < n; i++) {
		if (reqs[i].ifr_addr.sa_family != AF_INET)
			continue;
		/* An address removed since SIOCGIFCONF is skipped. */
		if (read_iface(sd, &reqs[i], &ifc) == 0)
			g_array_append_val(out, ifc);
	}
	close(sd);
	return ret;
}
