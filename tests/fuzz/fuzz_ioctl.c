// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the driver core's ioctl entry (vbg_core_ioctl) with the
 * emulated VMMDev, the HGCM framework and the HostSimTest service behind
 * it, all in one process — the same objects vbox-hostsim runs.
 *
 * Input layout:
 *   byte 0      bit 0: use the /dev/vboxuser session instead of vboxguest
 *               bit 1: bytes 1-4 are the raw ioctl number
 *               bit 2: close and reopen both sessions first
 *   bytes 1-4   little-endian u32: raw ioctl number (bit 1), or an index
 *               into the table of known ioctls (low byte)
 *   bytes 5-    the ioctl argument, mapped as user memory at ARG_UADDR
 *
 * A 64 KiB zeroed scratch area is mapped at SCRATCH_UADDR so pointer
 * parameters that name it are valid; every other user address faults, as
 * in the kernel.  To keep each input short the harness caps the timeouts
 * inside WAIT_FOR_EVENTS and HGCM calls (a wait "for ever" would otherwise
 * hang the fuzzer); nothing else is changed.
 *
 * Besides the sanitizers, one property is checked after every ioctl: a
 * failed one wrote no user memory (the kernel copies nothing back), except
 * on -EFAULT, where a copy back may have written part of its data before
 * the fault.  The shim records what copy_to_user() wrote.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vboxguest.h>

#include "driver/vmmdev.h"
#include "hostsim/hgcm_host.h"
#include "hostsim/svc_hostsimtest.h"
#include "hostsim/vmmdev_emu.h"
#include "kshim/hw.h"
#include "kshim/vbg_userspace.h"

#define ARG_UADDR     0x10000000ull
#define SCRATCH_UADDR 0x20000000ull
#define SCRATCH_SIZE  (64 * 1024)
#define MAX_ARG	      (1024 * 1024 + 64)
/* Reopen the sessions every so often so per-session limits do not saturate. */
#define REOPEN_EVERY 512

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kcore *core;
static struct kcore_session *sessions[2];
static unsigned char *scratch;
static unsigned char *argbuf;
static unsigned long runs;

static const uint32_t requestors[2] = {
	VMMDEV_REQUESTOR_USERMODE | VMMDEV_REQUESTOR_USR_ROOT,
	VMMDEV_REQUESTOR_USERMODE | VMMDEV_REQUESTOR_USR_USER |
		VMMDEV_REQUESTOR_USER_DEVICE,
};

static void open_sessions(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		if (sessions[i])
			kcore_session_close(sessions[i]);
		sessions[i] = NULL;
		if (kcore_session_open(core, requestors[i], &sessions[i])) {
			fprintf(stderr, "fuzz_ioctl: cannot open a session\n");
			abort();
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct vmmdev_emu_config cfg = {
		.host_major = 7,
		.host_minor = 0,
		.host_build = 14,
		.host_revision = 161095,
		.ram_mib = 1024,
	};
	struct hgcm_host *hgcm;
	struct vmmdev_emu *emu;

	(void)argc;
	(void)argv;
	hgcm = hgcm_host_new();
	if (hostsimtest_register(hgcm)) {
		fprintf(stderr, "fuzz_ioctl: cannot register HostSimTest\n");
		abort();
	}
	emu = vmmdev_emu_new_kshim(&cfg, hgcm);
	if (kcore_start(vmmdev_emu_mmio(emu), &core)) {
		fprintf(stderr, "fuzz_ioctl: the driver core did not start\n");
		abort();
	}
	scratch = calloc(1, SCRATCH_SIZE);
	argbuf = malloc(MAX_ARG);
	if (!scratch || !argbuf)
		abort();
	open_sessions();
	return 0;
}

/* The ioctls of the uapi; variable-size ones get the argument's size. */
static uint32_t table_cmd(unsigned int idx, size_t len)
{
	uint32_t s = len > 0x3fff ? 0 : (uint32_t)len;

	switch (idx % 16) {
	case 0:
		return VBG_IOCTL_DRIVER_VERSION_INFO;
	case 1:
		return VBG_IOCTL_VMMDEV_REQUEST(s);
	case 2:
		return VBG_IOCTL_VMMDEV_REQUEST_BIG;
	case 3:
		return VBG_IOCTL_HGCM_CONNECT;
	case 4:
		return VBG_IOCTL_HGCM_DISCONNECT;
	case 5:
		return VBG_IOCTL_HGCM_CALL_32(s);
	case 6:
		return VBG_IOCTL_HGCM_CALL_64(s);
	case 7:
		return VBG_IOCTL_LOG(s);
	case 8:
		return VBG_IOCTL_WAIT_FOR_EVENTS;
	case 9:
		return VBG_IOCTL_INTERRUPT_ALL_WAIT_FOR_EVENTS;
	case 10:
		return VBG_IOCTL_CHANGE_FILTER_MASK;
	case 11:
		return VBG_IOCTL_ACQUIRE_GUEST_CAPABILITIES;
	case 12:
		return VBG_IOCTL_CHANGE_GUEST_CAPABILITIES;
	case 13:
		return VBG_IOCTL_CHECK_BALLOON;
	case 14:
		return VBG_IOCTL_WRITE_CORE_DUMP;
	default:
		return _IOC(_IOC_READ | _IOC_WRITE, 'V', 3, 0);
	}
}

static void cap_u32(unsigned char *buf, size_t len, size_t off, uint32_t max)
{
	uint32_t v;

	if (len < off + 4)
		return;
	memcpy(&v, buf + off, 4);
	if (v > max) {
		v = max;
		memcpy(buf + off, &v, 4);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kshim_user_region regions[2];
	uint32_t word, cmd;
	size_t len;
	unsigned int nr;
	long ret;

	if (size < 5)
		return 0;
	len = size - 5;
	if (len > MAX_ARG)
		len = MAX_ARG;
	memcpy(&word, data + 1, 4);
	if ((data[0] & 0x4) || ++runs % REOPEN_EVERY == 0)
		open_sessions();
	cmd = (data[0] & 0x2) ? word : table_cmd(word & 0xff, len);
	memcpy(argbuf, data + 5, len);

	nr = _IOC_NR(cmd);
	if (_IOC_TYPE(cmd) == 'V' && nr == 10)
		cap_u32(argbuf, len, 24, 2); /* wait timeout, ms */
	if (_IOC_TYPE(cmd) == 'V' && (nr == 6 || nr == 7))
		cap_u32(argbuf, len, 32, 20); /* call timeout, ms */

	memset(scratch, 0, SCRATCH_SIZE);
	regions[0] = (struct kshim_user_region){
		.uaddr = ARG_UADDR,
		.len = len,
		.kaddr = argbuf,
		.writable = true,
	};
	regions[1] = (struct kshim_user_region){
		.uaddr = SCRATCH_UADDR,
		.len = SCRATCH_SIZE,
		.kaddr = scratch,
		.writable = true,
	};
	kshim_task_clear_signal();
	kshim_user_map_set(regions, 2);
	ret = kcore_ioctl(sessions[data[0] & 1], cmd, ARG_UADDR);
	kshim_user_map_clear();
	if (ret < 0 && ret != -EFAULT &&
	    (regions[0].dirty_hi || regions[1].dirty_hi)) {
		fprintf(stderr,
			"fuzz_ioctl: ioctl %#x failed (%ld) but wrote user memory\n",
			cmd, ret);
		abort();
	}
	return 0;
}
