/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Listening Unix sockets for vbox-hostsim's socket files.
 */
#ifndef HOSTSIM_SOCKET_H
#define HOSTSIM_SOCKET_H

#include <sys/types.h>

#include <glib.h>

/**
 * hostsim_listen_unix - a non-blocking listening Unix stream socket.
 * @path: the socket file; a stale socket there is replaced, any other
 *	kind of file is an error
 * @mode: permissions of the socket file
 *
 * Return: the socket, or -1 with @error set.
 */
int hostsim_listen_unix(const char *path, mode_t mode, GError **error);

#endif /* HOSTSIM_SOCKET_H */
