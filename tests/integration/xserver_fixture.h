/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An X server for the desktop agents' end-to-end tests: Xvfb on a display
 * number it picks itself (-displayfd, so parallel tests never race for
 * one), or on the first free one of OVT_TEST_X_DISPLAYS="FIRST-LAST" when
 * that is set (a machine shared with other X users), remembered by PID and
 * stopped by PID.  It never resets (-noreset): one that does when its last
 * client leaves drops a client that connects meanwhile.
 */
#ifndef OVT_XSERVER_FIXTURE_H
#define OVT_XSERVER_FIXTURE_H

#include <sys/types.h>

struct xserver {
	pid_t pid;
	char *display; /* ":N" */
};

/*
 * Start Xvfb with a 1280x1024x24 screen and wait (10 s) until it accepts
 * clients.  Returns NULL, with a message on stderr, if it does not.
 */
struct xserver *xserver_start_xvfb(void);

/* Stop it by PID (SIGTERM, then SIGKILL) and free it.  NULL is ignored. */
void xserver_stop(struct xserver *xs);

/* Kill it at once (SIGKILL) and reap it, as when the server crashes. */
void xserver_kill(struct xserver *xs);

#endif /* OVT_XSERVER_FIXTURE_H */
