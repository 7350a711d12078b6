/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The exit statuses of every program of the suite.  This comment is their
 * definition; the EXIT STATUS section of each man page says which of them
 * the program uses, with these meanings.
 *
 *   0  OVT_EXIT_OK         Done: the command succeeded; a daemon was
 *                          stopped cleanly (SIGINT, SIGTERM); vboxsf-fuse
 *                          mounted the share (and, in the foreground, it
 *                          was unmounted normally).
 *   1  OVT_EXIT_FAILURE    The operation failed: the program could not
 *                          start (no device, no service, a socket or
 *                          pidfile it cannot create, another instance),
 *                          the driver, the host or the simulator refused or
 *                          failed a request or could not be reached, or the
 *                          command was interrupted by a signal.
 *   2  OVT_EXIT_USAGE      Usage error: unknown option or command, bad
 *                          option value, missing or extra argument.
 *   3  OVT_EXIT_NOT_FOUND  A query found nothing (vboxctl guestproperty
 *                          get: no such property).
 *   4  OVT_EXIT_TIMEOUT    A wait with a timeout saw nothing (vboxctl
 *                          guestproperty wait).
 *
 * Every failure status comes with a one-line reason on standard error
 * (ovt_print_error(), ovt_print_usage_error()).
 *
 * One exception: vboxsf-fuse and its mount(8) helper mount.vboxsf-fuse
 * exit 1 for a usage error as well, because mount(8) hands a helper's
 * status on to its caller, and there 1 means "incorrect invocation" while
 * 2 would mean "system error".
 *
 * A new status gets its number and meaning here first.
 */
#ifndef OVT_EXIT_H
#define OVT_EXIT_H

#define OVT_EXIT_OK	   0
#define OVT_EXIT_FAILURE   1
#define OVT_EXIT_USAGE	   2
#define OVT_EXIT_NOT_FOUND 3
#define OVT_EXIT_TIMEOUT   4

#endif /* OVT_EXIT_H */
