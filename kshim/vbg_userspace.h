/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A plain-C face of the driver core for userspace hosts (the simulator,
 * tests, the fuzzer).  It is implemented in kernel world (against the shim's
 * <linux/...> headers) so that callers never include kernel headers
 * themselves; together with "kshim/hw.h" it is all they need.
 */
#ifndef KSHIM_VBG_USERSPACE_H
#define KSHIM_VBG_USERSPACE_H

#include <stdint.h>

struct kcore;
struct kcore_session;

/*
 * Bring up the driver core on the emulated device: the device model must
 * already have registered its port handlers (kshim_io_register()) at
 * KSHIM_VMMDEV_IO_BASE.  mmio is the device's BAR1 area.  Registers the
 * interrupt handler on KSHIM_VMMDEV_IRQ and runs vbg_core_init().
 * Returns 0 and *out, or a negative errno.
 */
int kcore_start(void *mmio, struct kcore **out);
/* vbg_core_exit() and free; every session must be closed first. */
void kcore_stop(struct kcore *core);
/* vbg_core_suspend() / vbg_core_resume(). */
void kcore_suspend(struct kcore *core);
int kcore_resume(struct kcore *core);

/* One session (one open file); requestor as in VMMDEV_REQUESTOR_*. */
int kcore_session_open(struct kcore *core, uint32_t requestor,
		       struct kcore_session **out);
/*
 * Like the last close() of a file: no kcore_ioctl() on the session may be
 * running any more (stop the threads still in one with kshim_task_signal()
 * and wait for them first).  Releases HGCM clients, filter bits and
 * capabilities.
 */
void kcore_session_close(struct kcore_session *session);

/*
 * vbg_core_ioctl() on behalf of the calling thread; arg is a user address
 * that must be covered by the thread's user map (kshim_user_map_set()).
 * Returns 0 or a negative errno, as ioctl(2) would report it.
 */
long kcore_ioctl(struct kcore_session *session, unsigned int cmd, uint64_t arg);

unsigned int kcore_session_count(struct kcore *core);
uint32_t kcore_balloon_chunks(struct kcore *core);
/* Host version string and features as the driver saw them at init. */
const char *kcore_host_version(struct kcore *core);
uint32_t kcore_host_features(struct kcore *core);

#endif /* KSHIM_VBG_USERSPACE_H */
