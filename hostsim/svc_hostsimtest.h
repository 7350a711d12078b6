/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HostSimTest: an HGCM service that exercises the transport.  Every
 * function checks its parameter count (VERR_WRONG_PARAMETER_COUNT) and
 * types (VERR_WRONG_PARAMETER_TYPE), and buffer directions
 * (VERR_INVALID_PARAMETER).  "buf in" must come from LinAddr_In (the host
 * sees TO_HOST), "buf out" from LinAddr_Out or LinAddr, "buf in/out" from
 * LinAddr.
 */
#ifndef HOSTSIM_SVC_HOSTSIMTEST_H
#define HOSTSIM_SVC_HOSTSIMTEST_H

#include "hostsim/hgcm_host.h"

#define HOSTSIMTEST_SERVICE_NAME "HostSimTest"

/* ECHO(buf in, buf out): out = in, out size = in size. */
#define HOSTSIMTEST_FN_ECHO 1
/*
 * FILL(u32 byte, u32 count, buf out, u32 nonzero_seen): nonzero_seen =
 * non-zero bytes the host found in the out buffer as it arrived; then
 * count bytes of byte, out size = count.
 */
#define HOSTSIMTEST_FN_FILL 2
/* SUM(buf in, u64 sum): the byte sum; the host then scribbles 0xEE over
 * its own copy of the buffer, which must never reach the guest. */
#define HOSTSIMTEST_FN_SUM 3
/* INVERT(buf in/out): every byte b becomes b ^ 0xff. */
#define HOSTSIMTEST_FN_INVERT 4
/* ADD(u32 a, u64 b): a += 1, b += 1. */
#define HOSTSIMTEST_FN_ADD 5
/* DELAY(u32 ms): completes after ms; HOSTSIMTEST_DELAY_FOREVER never
 * completes (only cancellation or disconnect end it). */
#define HOSTSIMTEST_FN_DELAY 6
#define HOSTSIMTEST_FN_COUNT 7

#define HOSTSIMTEST_DELAY_FOREVER 0xffffffffu

/* Register the service with host.  Return: a VBox status. */
int hostsimtest_register(struct hgcm_host *host);

#endif /* HOSTSIM_SVC_HOSTSIMTEST_H */
