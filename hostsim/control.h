/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host side of vbox-hostsim: DIR/control.sock (0600) and the
 * `vbox-hostsim ctl` client.
 *
 * Protocol: the client sends one request line (words separated by single
 * spaces, at most CONTROL_MAX_LINE bytes with the newline: room for a full
 * host clipboard in base64, see svc_clipboard_ctl.c).  Each word is
 * percent-encoded: "%XX" (two hex digits, not 00) stands for that byte,
 * so a word can carry blanks, '%' and control characters, and a word that
 * is a lone "%" stands for the empty string.  The server answers with
 * body lines, each starting with one space, then a final line "OK" or
 * "ERR <reason>"; the body of `clipboard get` is a sized binary block
 * (see svc_clipboard.h).  A connection may carry several requests one after the
 * other.
 */
#ifndef HOSTSIM_CONTROL_H
#define HOSTSIM_CONTROL_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

struct fault_table;
struct hgcm_host;
struct vmmdev_emu;
struct kcore;
struct guest_sock_server;
struct guestprop_svc;
struct shfl_svc;
struct clipboard_svc;
struct control_server;

#define CONTROL_SOCK_NAME "control.sock"
/* Room for CLIPBOARD_MAX_DATA (128 MiB) in base64 and the words around it. */
#define CONTROL_MAX_LINE (192u * 1024 * 1024)

/* What the control commands act on. */
struct control_ctx {
	const char *host_version; /* "7.0.14r161095" */
	uint32_t ram_mib;
	struct vmmdev_emu *emu;
	struct hgcm_host *hgcm;
	struct kcore *core;
	struct guest_sock_server *guests;
	struct guestprop_svc *guestprop;
	struct shfl_svc *shfl;
	struct fault_table *faults;
	struct clipboard_svc *clipboard;
	/* During one request (control_run() sets it): the client's socket. */
	int client_fd;
};

/*
 * Words of a request: a u32 in decimal or 0x-prefixed hexadecimal, an s32
 * in decimal.  Return: true and *out, or false.
 */
bool control_parse_u32(const char *s, uint32_t *out);
bool control_parse_s32(const char *s, int32_t *out);

/*
 * Percent-encode one argument as a request word (see above).  Returns a
 * new string.
 */
char *control_encode_word(const char *arg);

/*
 * Run one request line and append the reply body (each line starting with
 * a space and ending with a newline) to out.  client_fd is the requesting
 * client's socket (-1 for none): a command that waits (guestprop wait)
 * gives up when it hangs up.  Returns NULL on success or the error reason
 * (one line, caller frees).
 */
char *control_run(const struct control_ctx *ctx, const char *line,
		  int client_fd, GString *out);

/*
 * Create DIR/control.sock and serve it from the thread-default main
 * context (each client on its own thread).  ctx must outlive the server.
 */
struct control_server *control_server_new(const struct control_ctx *ctx,
					  const char *dir, GError **error);
/* Stop serving, wait for clients, remove the socket file.  NULL ok. */
void control_server_free(struct control_server *srv);

/*
 * `vbox-hostsim ctl --dir DIR COMMAND [ARG...]`: argv[0] is "ctl".
 * Returns the exit status: 0 OK, 1 ERR, 2 usage or connection error.
 */
int ctl_client_main(int argc, char **argv);

#endif /* HOSTSIM_CONTROL_H */
