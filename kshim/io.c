// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim port I/O: one registered range, routed to the device model.  An
 * access outside it is logged once and dropped (reads return all ones, as
 * an unclaimed port does).
 */
#include <pthread.h>
#include <stdint.h>

#include "kshim/hw.h"
#include <linux/io.h>
#include <linux/kernel.h>

static pthread_mutex_t io_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long io_base, io_size;
static const struct kshim_io_ops *io_ops;
static void *io_opaque;
static bool io_warned;

void kshim_io_register(unsigned long base, unsigned long size,
		       const struct kshim_io_ops *ops, void *opaque)
{
	pthread_mutex_lock(&io_lock);
	io_base = base;
	io_size = size;
	io_ops = ops;
	io_opaque = opaque;
	pthread_mutex_unlock(&io_lock);
}

void kshim_io_unregister(void)
{
	kshim_io_register(0, 0, NULL, NULL);
}

/**
 * kshim_io_route - the device model for a port, if one claims it.
 * @port: the port
 * @opaque: where to store the model's context
 *
 * Return: the model's ops, or NULL (logged once) if the port is unclaimed.
 */
static const struct kshim_io_ops *kshim_io_route(unsigned long port,
						 void **opaque)
{
	const struct kshim_io_ops *ops = NULL;
	bool warn = false;

	pthread_mutex_lock(&io_lock);
	if (io_ops && port >= io_base && port - io_base < io_size) {
		ops = io_ops;
		*opaque = io_opaque;
	} else if (!io_warned) {
		io_warned = warn = true;
	}
	pthread_mutex_unlock(&io_lock);

	if (warn)
		pr_warn("kshim: access to unclaimed I/O port %#lx dropped\n",
			port);
	return ops;
}

void outl(u32 value, unsigned long port)
{
	const struct kshim_io_ops *ops;
	void *opaque;

	ops = kshim_io_route(port, &opaque);
	if (ops && ops->outl)
		ops->outl(opaque, port, value);
}

u32 inl(unsigned long port)
{
	const struct kshim_io_ops *ops;
	void *opaque;

	ops = kshim_io_route(port, &opaque);
	return ops && ops->inl ? ops->inl(opaque, port) : ~0U;
}
