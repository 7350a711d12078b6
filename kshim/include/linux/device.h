/* SPDX-License-Identifier: GPL-2.0-only */
/* kshim: a device is a name for log messages. */
#ifndef KSHIM_LINUX_DEVICE_H
#define KSHIM_LINUX_DEVICE_H

#include <linux/printk.h>
#include <linux/types.h>

struct device {
	const char *init_name;
};

static inline const char *dev_name(const struct device *dev)
{
	return dev && dev->init_name ? dev->init_name : "(no device)";
}

#define dev_printk(level, dev, fmt, ...) \
	printk(level "%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_err(dev, fmt, ...) dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) \
	dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) \
	dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)	dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)

#define dev_err_ratelimited(dev, fmt, ...) \
	printk_ratelimited(KERN_ERR "%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_warn_ratelimited(dev, fmt, ...)                        \
	printk_ratelimited(KERN_WARNING "%s: " fmt, dev_name(dev), \
			   ##__VA_ARGS__)

#endif /* KSHIM_LINUX_DEVICE_H */
