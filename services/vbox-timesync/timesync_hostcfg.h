/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Settings from the host: VBoxService reads its time sync options from
 * guest properties the host sets, and many VM configurations (Vagrant
 * boxes, provisioning scripts) set them, e.g.
 *
 *   VBoxManage guestproperty set VM \
 *       /VirtualBox/GuestAdd/VBoxService/--timesync-set-threshold 1000
 *
 * The numeric ones carry a value (decimal, or hexadecimal with 0x), each
 * within the limits of the option of that name; --timesync-set-start,
 * --timesync-no-set-start, --timesync-set-on-restore and
 * --timesync-no-set-on-restore count by being there, whatever their value
 * (the "no" form wins when both are).  As in VBoxService, the command line
 * (and here the configuration file) beats the host: a setting the agent
 * was given (a TS_GIVEN_* bit in ts_config.given) is not changed.  A
 * value that is not a number or is out of range is ignored with a
 * warning.  No system calls here: the agent hands in the property reader.
 */
#ifndef VBOX_TIMESYNC_HOSTCFG_H
#define VBOX_TIMESYNC_HOSTCFG_H

#include <glib.h>

#include "services/vbox-timesync/timesync_logic.h"

#define TS_HOSTCFG_PREFIX "/VirtualBox/GuestAdd/VBoxService/--timesync-"

/**
 * ts_prop_get_fn - read one property.
 * @ctx: the reader's context
 * @name: the full property name
 * @value: receives the value (g_free()) when there is one
 *
 * Return: 0, -ENOENT when there is no such property, or another negative
 * errno (the property is then taken as absent).
 */
typedef int (*ts_prop_get_fn)(void *ctx, const char *name, gchar **value);

/**
 * ts_hostcfg_apply - apply the host's settings to a configuration.
 * @cfg: the configuration (what it was given is kept)
 * @get: reads a property
 * @ctx: passed to @get
 * @notes: receives one line (g_free()d by the array) for each setting
 *	taken ("set-threshold=1000") and each one refused (starting with
 *	"ignored: ")
 */
void ts_hostcfg_apply(struct ts_config *cfg, ts_prop_get_fn get, void *ctx,
		      GPtrArray *notes);

#endif /* VBOX_TIMESYNC_HOSTCFG_H */
