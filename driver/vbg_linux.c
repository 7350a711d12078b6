// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linux glue of the vboxguest driver: binds the VMMDev PCI device, hands
 * its interrupt to the driver core and exposes the core's sessions as two
 * misc devices, /dev/vboxguest (root only) and /dev/vboxuser (everyone).
 * Everything the device protocol needs lives in the core (vbg_core.h);
 * this file only knows about PCI, files, power management and sysfs.
 */

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pm.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/sysfs.h>
#include <linux/uidgid.h>

#include "vbg_core.h"

#define VBG_USER_DEVICE_NAME "vboxuser"

/* BAR numbers of the VMMDev. */
#define VBG_BAR_PORTS 0
#define VBG_BAR_MMIO  1

/* The port range must reach the last 32-bit register the core writes. */
#define VBG_PORTS_MIN_LEN (VMMDEV_PORT_OFF_REQUEST_FAST + 4)

/*
 * Smallest VMMDev memory area accepted: the size/version words and the
 * event union the core reads, plus the start of the area the host keeps
 * behind them.  A device reporting less is not a VMMDev.
 */
#define VBG_MMIO_MIN_SIZE 32

/**
 * struct vbg_linux_dev - one bound VMMDev as the glue sees it.
 * @gdev: the core's device state; the core gets a pointer to it
 * @pdev: the PCI device
 * @mmio_base: BAR1 as mapped by pci_iomap()
 * @misc_device: /dev/vboxguest, mode 0600
 * @misc_device_user: /dev/vboxuser, mode 0666
 */
struct vbg_linux_dev {
	struct vbg_dev gdev;
	struct pci_dev *pdev;
	void __iomem *mmio_base;
	struct miscdevice misc_device;
	struct miscdevice misc_device_user;
};

/*
 * The core keeps per-machine state (balloon, heartbeat, guest info) and
 * the device nodes have fixed names, so only one VMMDev can be bound.
 */
static atomic_t vbg_instance_bound = ATOMIC_INIT(0);

/**
 * vbg_session_requestor - the VMMDEV_REQUESTOR_* word for a new session.
 * @inode: the device node being opened
 * @user_device: the node is /dev/vboxuser
 *
 * Root means uid 0 of the initial user namespace: root inside a user
 * namespace is an ordinary user of the machine and is reported as one.
 * Membership of the node's group marks the VirtualBox group.
 *
 * Return: the requestor flags.
 */
static u32 vbg_session_requestor(const struct inode *inode, bool user_device)
{
	u32 requestor = VMMDEV_REQUESTOR_USERMODE |
			VMMDEV_REQUESTOR_CON_DONT_KNOW |
			VMMDEV_REQUESTOR_TRUST_NOT_GIVEN;

	if (uid_eq(current_uid(), GLOBAL_ROOT_UID))
		requestor |= VMMDEV_REQUESTOR_USR_ROOT;
	else
		requestor |= VMMDEV_REQUESTOR_USR_USER;

	if (in_egroup_p(inode->i_gid))
		requestor |= VMMDEV_REQUESTOR_GRP_VBOX;

	if (user_device)
		requestor |= VMMDEV_REQUESTOR_USER_DEVICE;

	return requestor;
}

/**
 * vbg_open_session - open a core session and attach it to @file.
 * @vdev: the device behind the node
 * @inode: the device node
 * @file: the file being opened
 * @user_device: the node is /dev/vboxuser
 *
 * Return: 0 or a negative errno from the core.
 */
static int vbg_open_session(struct vbg_linux_dev *vdev, struct inode *inode,
			    struct file *file, bool user_device)
{
	struct vbg_session *session;

	session = vbg_core_open_session(
		&vdev->gdev, vbg_session_requestor(inode, user_device));
	if (IS_ERR(session))
		return PTR_ERR(session);

	file->private_data = session;
	return 0;
}

/*
 * misc_open() leaves the struct miscdevice in file->private_data before
 * calling our open; it leads back to the device.
 */
static int vbg_misc_open(struct inode *inode, struct file *file)
{
	struct vbg_linux_dev *vdev = container_of(
		file->private_data, struct vbg_linux_dev, misc_device);

	return vbg_open_session(vdev, inode, file, false);
}

static int vbg_misc_open_user(struct inode *inode, struct file *file)
{
	struct vbg_linux_dev *vdev = container_of(
		file->private_data, struct vbg_linux_dev, misc_device_user);

	return vbg_open_session(vdev, inode, file, true);
}

static int vbg_misc_release(struct inode *inode, struct file *file)
{
	vbg_core_close_session(file->private_data);
	return 0;
}

/*
 * The core validates the argument against its command table; the glue
 * only turns the integer into a user pointer.  compat_ptr_ioctl() does
 * the same for 32-bit callers, whose HGCM calls arrive as command 6.
 */
static long vbg_misc_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	return vbg_core_ioctl(file->private_data, cmd, (void __user *)arg);
}

static const struct file_operations vbg_misc_fops = {
	.owner = THIS_MODULE,
	.open = vbg_misc_open,
	.release = vbg_misc_release,
	.unlocked_ioctl = vbg_misc_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static const struct file_operations vbg_misc_user_fops = {
	.owner = THIS_MODULE,
	.open = vbg_misc_open_user,
	.release = vbg_misc_release,
	.unlocked_ioctl = vbg_misc_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static ssize_t host_version_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct vbg_linux_dev *vdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", vdev->gdev.host_version);
}
static DEVICE_ATTR_RO(host_version);

static ssize_t host_features_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	struct vbg_linux_dev *vdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%#x\n", vdev->gdev.host_features);
}
static DEVICE_ATTR_RO(host_features);

static struct attribute *vbg_pci_attrs[] = {
	&dev_attr_host_version.attr,
	&dev_attr_host_features.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vbg_pci);

/**
 * vbg_check_bars - check that the BARs have the VMMDev's shape.
 * @pdev: the PCI device
 *
 * Return: 0, or -ENODEV (logged) when a BAR has the wrong type or size.
 */
static int vbg_check_bars(struct pci_dev *pdev)
{
	resource_size_t ports_len = pci_resource_len(pdev, VBG_BAR_PORTS);
	resource_size_t mmio_len = pci_resource_len(pdev, VBG_BAR_MMIO);

	if (!(pci_resource_flags(pdev, VBG_BAR_PORTS) & IORESOURCE_IO) ||
	    !(pci_resource_flags(pdev, VBG_BAR_MMIO) & IORESOURCE_MEM)) {
		dev_err(&pdev->dev,
			"not a VMMDev: BAR0 must be I/O ports and BAR1 memory\n");
		return -ENODEV;
	}
	if (ports_len < VBG_PORTS_MIN_LEN || mmio_len < VBG_MMIO_MIN_SIZE) {
		dev_err(&pdev->dev,
			"not a VMMDev: BARs too small (%pa ports, %pa bytes)\n",
			&ports_len, &mmio_len);
		return -ENODEV;
	}
	if (!pdev->irq) {
		dev_err(&pdev->dev, "not usable: no interrupt line assigned\n");
		return -ENODEV;
	}
	return 0;
}

/**
 * vbg_check_mmio - check the header of the VMMDev memory area.
 * @pdev: the PCI device
 * @base: BAR1 mapping
 *
 * Return: 0, or -ENODEV (logged) when the version or size is wrong.
 */
static int vbg_check_mmio(struct pci_dev *pdev, void __iomem *base)
{
	resource_size_t len = pci_resource_len(pdev, VBG_BAR_MMIO);
	u32 version = readl(base + offsetof(struct vmmdev_memory, version));
	u32 size = readl(base + offsetof(struct vmmdev_memory, size));

	if (version != VMMDEV_MEMORY_VERSION) {
		dev_err(&pdev->dev,
			"not a VMMDev: memory version %#x, expected %#x\n",
			version, VMMDEV_MEMORY_VERSION);
		return -ENODEV;
	}
	if (size < VBG_MMIO_MIN_SIZE || size > len) {
		dev_err(&pdev->dev,
			"not a VMMDev: memory size %u outside [%u, %llu]\n",
			size, VBG_MMIO_MIN_SIZE, (unsigned long long)len);
		return -ENODEV;
	}
	return 0;
}

/**
 * vbg_map_device - claim and map the BARs and fill in the core's view.
 * @vdev: the device; @vdev->pdev is enabled
 *
 * On success @vdev->gdev.io_port and @vdev->gdev.mmio are set.  The core's
 * contract holds the memory area as a plain pointer because its userspace
 * hosts share it with an emulated device; on Linux it is the ioremapped
 * BAR, which x86 and the other VirtualBox guest architectures can read
 * with ordinary loads.
 *
 * Return: 0 or a negative errno (logged).
 */
static int vbg_map_device(struct vbg_linux_dev *vdev)
{
	struct pci_dev *pdev = vdev->pdev;
	void __iomem *base;
	int ret;

	ret = vbg_check_bars(pdev);
	if (ret)
		return ret;

	ret = pci_request_regions(pdev, VBG_DRIVER_NAME);
	if (ret) {
		dev_err(&pdev->dev, "cannot claim the BARs: %d\n", ret);
		return ret;
	}

	base = pci_iomap(pdev, VBG_BAR_MMIO, 0);
	if (!base) {
		dev_err(&pdev->dev, "cannot map BAR1\n");
		ret = -ENOMEM;
		goto err_release_regions;
	}

	ret = vbg_check_mmio(pdev, base);
	if (ret)
		goto err_unmap;

	vdev->mmio_base = base;
	vdev->gdev.io_port = pci_resource_start(pdev, VBG_BAR_PORTS);
	vdev->gdev.mmio = (__force struct vmmdev_memory *)base;
	return 0;

err_unmap:
	pci_iounmap(pdev, base);
err_release_regions:
	pci_release_regions(pdev);
	return ret;
}

/**
 * vbg_unmap_device - undo vbg_map_device().
 * @vdev: the device
 */
static void vbg_unmap_device(struct vbg_linux_dev *vdev)
{
	vdev->gdev.mmio = NULL;
	pci_iounmap(vdev->pdev, vdev->mmio_base);
	vdev->mmio_base = NULL;
	pci_release_regions(vdev->pdev);
}

/**
 * vbg_register_nodes - create /dev/vboxguest and /dev/vboxuser.
 * @vdev: the device, with the core initialised
 *
 * Return: 0 or a negative errno (logged).
 */
static int vbg_register_nodes(struct vbg_linux_dev *vdev)
{
	struct device *dev = &vdev->pdev->dev;
	int ret;

	vdev->misc_device = (struct miscdevice){
		.minor = MISC_DYNAMIC_MINOR,
		.name = VBG_DRIVER_NAME,
		.fops = &vbg_misc_fops,
		.parent = dev,
		.mode = 0600,
	};
	vdev->misc_device_user = (struct miscdevice){
		.minor = MISC_DYNAMIC_MINOR,
		.name = VBG_USER_DEVICE_NAME,
		.fops = &vbg_misc_user_fops,
		.parent = dev,
		.mode = 0666,
	};

	ret = misc_register(&vdev->misc_device);
	if (ret) {
		dev_err(dev, "cannot register /dev/%s: %d\n", VBG_DRIVER_NAME,
			ret);
		return ret;
	}

	ret = misc_register(&vdev->misc_device_user);
	if (ret) {
		dev_err(dev, "cannot register /dev/%s: %d\n",
			VBG_USER_DEVICE_NAME, ret);
		misc_deregister(&vdev->misc_device);
		return ret;
	}
	return 0;
}

/**
 * vbg_pci_probe - bring up a VMMDev.
 * @pdev: the PCI device
 * @id: the matching table entry
 *
 * Order: enable, map and check the BARs, initialise the core (which talks
 * to the host synchronously), then take the interrupt (the handler uses
 * state the core set up) and finally publish the device nodes.
 *
 * Return: 0, -EBUSY when a VMMDev is already bound, or another negative
 * errno.
 */
static int vbg_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct vbg_linux_dev *vdev;
	int ret;

	if (atomic_cmpxchg(&vbg_instance_bound, 0, 1)) {
		dev_err(dev,
			"a VMMDev is already bound; only one is supported\n");
		return -EBUSY;
	}

	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev) {
		ret = -ENOMEM;
		goto err_unclaim;
	}
	vdev->pdev = pdev;
	vdev->gdev.dev = dev;

	ret = pci_enable_device(pdev);
	if (ret) {
		dev_err(dev, "cannot enable the PCI device: %d\n", ret);
		goto err_free;
	}

	ret = vbg_map_device(vdev);
	if (ret)
		goto err_disable;

	pci_set_drvdata(pdev, vdev);

	/* The core logs why a host request failed; not repeated here. */
	ret = vbg_core_init(&vdev->gdev, VMMDEV_EVENT_MOUSE_POSITION_CHANGED);
	if (ret)
		goto err_unmap;

	ret = request_irq(pdev->irq, vbg_core_isr, IRQF_SHARED, VBG_DRIVER_NAME,
			  &vdev->gdev);
	if (ret) {
		dev_err(dev, "cannot request IRQ %u: %d\n", pdev->irq, ret);
		goto err_core_exit;
	}

	ret = vbg_register_nodes(vdev);
	if (ret)
		goto err_free_irq;

	dev_info(dev, "host version %s, features %#x\n",
		 vdev->gdev.host_version, vdev->gdev.host_features);
	return 0;

err_free_irq:
	free_irq(pdev->irq, &vdev->gdev);
err_core_exit:
	vbg_core_exit(&vdev->gdev);
err_unmap:
	pci_set_drvdata(pdev, NULL);
	vbg_unmap_device(vdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	kfree(vdev);
err_unclaim:
	atomic_set(&vbg_instance_bound, 0);
	return ret;
}

/**
 * vbg_pci_remove - tear down in the reverse order of vbg_pci_probe().
 * @pdev: the PCI device
 *
 * Open files hold a reference on the module and sysfs unbinding is
 * disabled, so every session is closed by the time the module goes.
 * Only removal of the PCI device itself can get here with sessions left;
 * that is logged.
 */
static void vbg_pci_remove(struct pci_dev *pdev)
{
	struct vbg_linux_dev *vdev = pci_get_drvdata(pdev);
	unsigned int sessions;

	misc_deregister(&vdev->misc_device_user);
	misc_deregister(&vdev->misc_device);

	sessions = vbg_core_session_count(&vdev->gdev);
	if (sessions)
		dev_warn(&pdev->dev, "removed with %u session(s) still open\n",
			 sessions);

	free_irq(pdev->irq, &vdev->gdev);
	vbg_core_exit(&vdev->gdev);
	pci_set_drvdata(pdev, NULL);
	vbg_unmap_device(vdev);
	pci_disable_device(pdev);
	kfree(vdev);
	atomic_set(&vbg_instance_bound, 0);
}

static int vbg_pm_suspend(struct device *dev)
{
	struct vbg_linux_dev *vdev = dev_get_drvdata(dev);

	vbg_core_suspend(&vdev->gdev);
	return 0;
}

/*
 * The host forgets the guest's reported state across a save/restore, so
 * the core reports it again (and logs a request the host refuses).
 */
static int vbg_pm_resume(struct device *dev)
{
	struct vbg_linux_dev *vdev = dev_get_drvdata(dev);

	return vbg_core_resume(&vdev->gdev);
}

static DEFINE_SIMPLE_DEV_PM_OPS(vbg_pm_ops, vbg_pm_suspend, vbg_pm_resume);

static const struct pci_device_id vbg_pci_ids[] = {
	{ PCI_DEVICE(VMMDEV_VENDORID, VMMDEV_DEVICEID) },
	{}
};
MODULE_DEVICE_TABLE(pci, vbg_pci_ids);

static struct pci_driver vbg_pci_driver = {
	.name = VBG_DRIVER_NAME,
	.id_table = vbg_pci_ids,
	.probe = vbg_pci_probe,
	.remove = vbg_pci_remove,
	.driver = {
		.pm = pm_sleep_ptr(&vbg_pm_ops),
		.dev_groups = vbg_pci_groups,
		/*
		 * The core needs every session closed before it is torn
		 * down; an unbind through sysfs would not wait for that.
		 */
		.suppress_bind_attrs = true,
	},
};
module_pci_driver(vbg_pci_driver);

MODULE_AUTHOR("open-vbox-tools");
MODULE_DESCRIPTION("VirtualBox guest device driver (VMMDev)");
MODULE_LICENSE("GPL");
