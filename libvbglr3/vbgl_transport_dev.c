// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device transport: ioctl(2) on /dev/vboxguest or /dev/vboxuser.  The
 * kernel does all the work; a file descriptor may be used by many threads
 * at once, so there is nothing to lock.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libvbglr3/vbgl_internal.h"

struct dev_priv {
	int fd;
};

static int dev_open(const char *path, void **priv)
{
	struct dev_priv *d;
	int fd;

	do {
		fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
	} while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return -errno;

	d = malloc(sizeof(*d));
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	d->fd = fd;
	*priv = d;
	return 0;
}

/*
 * buf_len does not matter here: the kernel reads and writes what the
 * header describes, and faults (EFAULT) outside the caller's memory.
 */
static int dev_ioctl(void *priv, unsigned long cmd, void *buf, size_t buf_len)
{
	struct dev_priv *d = priv;

	(void)buf_len;
	if (ioctl(d->fd, cmd, buf) < 0)
		return -errno;
	return 0;
}

static void dev_close(void *priv)
{
	struct dev_priv *d = priv;

	close(d->fd);
	free(d);
}

const struct vbgl_transport_ops vbgl_device_transport = {
	.name = "device",
	.open = dev_open,
	.ioctl = dev_ioctl,
	.close = dev_close,
};
