// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sd_notify without libsystemd (see ovt_sd_notify.h).  The protocol is a
 * single datagram; the few lines here save a dependency for what
 * libsystemd would do in the same way.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>

#include "services/common/ovt_sd_notify.h"

/* Fill @addr from $NOTIFY_SOCKET; returns the address length or -EINVAL. */
static int notify_address(const char *name, struct sockaddr_un *addr)
{
	size_t len = strlen(name);

	if (len < 2 || len >= sizeof(addr->sun_path) ||
	    (name[0] != '/' && name[0] != '@'))
		return -EINVAL;
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	memcpy(addr->sun_path, name, len);
	if (name[0] == '@')
		addr->sun_path[0] = '\0'; /* abstract namespace */
	else
		len++; /* count the NUL */
	return (int)(offsetof(struct sockaddr_un, sun_path) + len);
}

int ovt_sd_notify(const char *state)
{
	const char *name = g_getenv("NOTIFY_SOCKET");
	struct sockaddr_un addr;
	int fd, alen, ret = 1;

	if (!name || !name[0])
		return 0;
	if (!state || !state[0])
		return -EINVAL;
	alen = notify_address(name, &addr);
	if (alen < 0)
		return alen;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL,
		   (struct sockaddr *)&addr, (socklen_t)alen) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int ovt_sd_notifyf(const char *fmt, ...)
{
	gchar *state;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	state = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	ret = ovt_sd_notify(state);
	g_free(state);
	return ret;
}
