// SPDX-License-Identifier: GPL-2.0-only
/*
 * The userspace twin of driver/vbg_linux.c, and the plain-C face of the
 * driver core ("kshim/vbg_userspace.h", kcore_*()): what the Linux
 * glue does for the real device, done for the emulated one.
 */
#include <stdint.h>

#include "kshim/hw.h"
#include "kshim/vbg_userspace.h"
#include <linux/device.h>
#include <linux/err.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include "vbg_core.h"

struct kcore {
	struct vbg_dev gdev;
	struct device dev;
};

struct kcore_session {
	struct kcore *core;
	struct vbg_session *session;
};

int kcore_start(void *mmio, struct kcore **out)
{
	struct kcore *core;
	int ret;

	core = kzalloc(sizeof(*core), GFP_KERNEL);
	if (!core)
		return -ENOMEM;

	core->dev.init_name = VBG_DRIVER_NAME;
	core->gdev.dev = &core->dev;
	core->gdev.io_port = KSHIM_VMMDEV_IO_BASE;
	core->gdev.mmio = mmio;

	/* The same order as the Linux glue: bring up, then take the IRQ. */
	ret = vbg_core_init(&core->gdev, VMMDEV_EVENT_MOUSE_POSITION_CHANGED);
	if (ret)
		goto err_free;

	ret = request_irq(KSHIM_VMMDEV_IRQ, vbg_core_isr, IRQF_SHARED,
			  VBG_DRIVER_NAME, &core->gdev);
	if (ret)
		goto err_exit;

	*out = core;
	return 0;

err_exit:
	vbg_core_exit(&core->gdev);
err_free:
	kfree(core);
	return ret;
}

void kcore_stop(struct kcore *core)
{
	unsigned int sessions = vbg_core_session_count(&core->gdev);

	if (sessions)
		dev_warn(&core->dev, "stopped with %u session(s) still open\n",
			 sessions);
	free_irq(KSHIM_VMMDEV_IRQ, &core->gdev);
	vbg_core_exit(&core->gdev);
	kfree(core);
}

void kcore_suspend(struct kcore *core)
{
	vbg_core_suspend(&core->gdev);
}

int kcore_resume(struct kcore *core)
{
	return vbg_core_resume(&core->gdev);
}

int kcore_session_open(struct kcore *core, uint32_t requestor,
		       struct kcore_session **out)
{
	struct kcore_session *ks;
	struct vbg_session *session;

	ks = kzalloc(sizeof(*ks), GFP_KERNEL);
	if (!ks)
		return -ENOMEM;

	session = vbg_core_open_session(&core->gdev, requestor);
	if (IS_ERR(session)) {
		kfree(ks);
		return (int)PTR_ERR(session);
	}

	ks->core = core;
	ks->session = session;
	*out = ks;
	return 0;
}

void kcore_session_close(struct kcore_session *session)
{
	vbg_core_close_session(session->session);
	kfree(session);
}

long kcore_ioctl(struct kcore_session *session, unsigned int cmd, uint64_t arg)
{
	return vbg_core_ioctl(session->session, cmd,
			      (void __user *)(uintptr_t)arg);
}

unsigned int kcore_session_count(struct kcore *core)
{
	return vbg_core_session_count(&core->gdev);
}

uint32_t kcore_balloon_chunks(struct kcore *core)
{
	return vbg_core_balloon_chunks(&core->gdev);
}

const char *kcore_host_version(struct kcore *core)
{
	return core->gdev.host_version;
}

uint32_t kcore_host_features(struct kcore *core)
{
	return core->gdev.host_features;
}
