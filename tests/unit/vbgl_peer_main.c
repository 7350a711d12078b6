// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbgl-test-peer: the library tests' socket peer as a program, so shell
 * tests can run the real vboxctl against it.  Prints the device string
 * ("unix:PATH") on stdout, then serves until SIGTERM or SIGINT.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/vbgl_test_peer.h"

int main(void)
{
	struct test_peer *peer;
	sigset_t set;
	int sig;

	/* Block the stop signals before any thread exists; wait for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	peer = test_peer_start();
	if (!peer) {
		fprintf(stderr, "vbgl-test-peer: cannot start\n");
		return 1;
	}
	printf("%s\n", test_peer_device(peer));
	fflush(stdout);
	sigwait(&set, &sig);
	test_peer_stop(peer);
	return 0;
}
