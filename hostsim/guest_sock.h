/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest side of vbox-hostsim: DIR/vboxguest.sock (0600) and
 * DIR/vboxuser.sock (0666), speaking libvbglr3/vbgl_sockproto.h.  Each
 * connection is one driver session; each request runs on its own worker
 * thread, so many can be in flight on one connection.
 */
#ifndef HOSTSIM_GUEST_SOCK_H
#define HOSTSIM_GUEST_SOCK_H

#include <glib.h>

struct fault_table;
struct kcore;
struct guest_sock_server;

#define GUEST_SOCK_NAME "vboxguest.sock"
#define USER_SOCK_NAME	"vboxuser.sock"

/* Requests one connection may have in flight before reading pauses. */
#define GUEST_SOCK_MAX_IN_FLIGHT 256

/**
 * guest_sock_server_new - create both sockets in dir and accept on the
 * thread-default main context.  Stale socket files are replaced; any other
 * file in the way is an error.  The server is the drop hook of @faults
 * (fault.h) until it is freed.
 *
 * Return: the server, or NULL with @error set.
 */
struct guest_sock_server *guest_sock_server_new(struct kcore *core,
						const char *dir,
						struct fault_table *faults,
						GError **error);

/*
 * Stop accepting, close every connection (interrupting its in-flight
 * requests and closing its session), remove the socket files, free.
 */
void guest_sock_server_free(struct guest_sock_server *srv);

/* Open connections (each one a driver session). */
unsigned int guest_sock_server_connections(struct guest_sock_server *srv);
/* Requests read from the connections and not yet answered. */
unsigned int guest_sock_server_requests(struct guest_sock_server *srv);

#endif /* HOSTSIM_GUEST_SOCK_H */
