/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboxctl: the command table and what every command handler may use.
 *
 * A command is one struct vboxctl_command in its own file (cmd_*.c),
 * listed in the table in vboxctl.c.  Its handler runs on a worker thread
 * while the main loop watches SIGINT/SIGTERM; it prints its output to
 * stdout and returns an OVT_EXIT_* status, the reason for a failure
 * printed with ovt_print_error() or ovt_print_usage_error() (one line
 * "vboxctl: REASON" on stderr).
 */
#ifndef VBOXCTL_H
#define VBOXCTL_H

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_exit.h"
#include "services/common/ovt_log.h"

struct vboxctl;

struct vboxctl_command {
	const char *name;
	const char *args;    /* synopsis of the arguments, "" for none */
	const char *summary; /* one line for --help */
	/* argv[0] is the command name; returns an OVT_EXIT_* status. */
	int (*run)(struct vboxctl *ctl, int argc, char **argv);
};

extern const struct vboxctl_command vboxctl_cmd_version;
extern const struct vboxctl_command vboxctl_cmd_info;
extern const struct vboxctl_command vboxctl_cmd_balloon;
extern const struct vboxctl_command vboxctl_cmd_stats;
extern const struct vboxctl_command vboxctl_cmd_guestprop;
extern const struct vboxctl_command vboxctl_cmd_sharedfolder;
extern const struct vboxctl_command vboxctl_cmd_status;

/**
 * vboxctl_handle - the device handle, opened on first use.
 * @ctl: the program state
 * @out: receives the handle (owned by @ctl)
 *
 * Opens --device, else $VBGL_DEVICE, else /dev/vboxguest for root and
 * /dev/vboxuser for everyone else.
 *
 * Return: 0, or OVT_EXIT_FAILURE after printing why.
 */
int vboxctl_handle(struct vboxctl *ctl, struct vbgl_handle **out);

/**
 * vboxctl_no_args - refuse extra arguments to a command without any.
 * @argc: the command's argc
 * @argv: the command's argv
 *
 * Return: 0, or OVT_EXIT_USAGE after printing why.
 */
int vboxctl_no_args(int argc, char **argv);

#endif /* VBOXCTL_H */
