/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small peer for the library's socket transport tests: it listens on a
 * Unix socket, takes request frames apart with the library's own parser,
 * answers each on its own thread (so replies come back out of order) and
 * emulates the user-memory view of the simulator: it only sees the regions
 * the frame carried, and a parameter outside them faults with EFAULT.  Its
 * replies carry what the "driver" wrote, as the simulator's do: after a
 * successful ioctl the argument (up to max(size_in, size_out)) and the
 * bytes the HGCM functions below produced; after a failed one nothing.
 *
 * It answers: DRIVER_VERSION_INFO; VMMDEV_REQUEST GetHostVersion
 * (7.1.4r165100, features 0x8000000f); WAIT_FOR_EVENTS (events raised with
 * test_peer_raise(), the timeout, INTERRUPT_ALL); CHANGE_FILTER_MASK;
 * VMMDEV_REQUEST / _BIG (refused with EINVAL unless the sized number is used
 * below 1 KiB and BIG from 1 KiB up) for VideoSetVisibleRegion,
 * ReportGuestUserState (checked like the host) and
 * GetDisplayChangeRequestMulti (always five pending displays);
 * HGCM_CONNECT ("PeerEcho" gets client 5, anything else
 * VERR_HGCM_SERVICE_NOT_FOUND); HGCM_CALL_64 for client 5: function 1
 * ECHO(buf in, buf out, u32 in/out, u32 delay_ms): out = in, out size = in
 * size (VERR_BUFFER_OVERFLOW and the needed size if it does not fit), the
 * u32 is incremented, the reply is delayed (only the in size's worth of
 * the out buffer is written); function 2 INVERT(buf in/out).
 * Everything else: ENOTTY.
 */
#ifndef VBGL_TEST_PEER_H
#define VBGL_TEST_PEER_H

#include <stddef.h>
#include <stdint.h>

#define PEER_CLIENT_ID	5
#define PEER_FN_ECHO	1
#define PEER_FN_INVERT	2

struct test_peer;

/* How test_peer_bad_extent_next_reply() breaks the last OUT extent. */
enum test_peer_bad_extent {
	PEER_EXTENT_GOOD,
	PEER_EXTENT_PAST_END,		/* one byte longer than the region */
	PEER_EXTENT_WRAPS,		/* offset + len overflows 32 bits */
	PEER_EXTENT_EMPTY_WITH_OFFSET,	/* len 0 but offset 4 */
};

/* Start listening in a fresh temporary directory. */
struct test_peer *test_peer_start(void);
/* "unix:PATH" of the listening socket. */
const char *test_peer_device(const struct test_peer *peer);
/* Close every connection now, as a dying simulator would. */
void test_peer_kill_connections(struct test_peer *peer);
/* Answer the next request with a reply whose id matches nothing. */
void test_peer_corrupt_next_reply(struct test_peer *peer);
/*
 * Answer the next request with its last OUT extent broken (the frame
 * length and data match the broken extent, so only the extent check can
 * see it).
 */
void test_peer_bad_extent_next_reply(struct test_peer *peer,
				     enum test_peer_bad_extent how);
/* Make events pending (consumed by one WAIT_FOR_EVENTS). */
void test_peer_raise(struct test_peer *peer, uint32_t events);
/* The user name and state of the last ReportGuestUserState. */
uint32_t test_peer_last_user(struct test_peer *peer, char *user, size_t len);
/* The rectangle count of the last VideoSetVisibleRegion. */
uint32_t test_peer_last_region_count(struct test_peer *peer);
/* Requests answered so far. */
unsigned int test_peer_requests(struct test_peer *peer);
/* Requests currently being worked on. */
unsigned int test_peer_active(struct test_peer *peer);
/* Stop: close everything, wait for every thread, remove the socket. */
void test_peer_stop(struct test_peer *peer);

#endif /* VBGL_TEST_PEER_H */
