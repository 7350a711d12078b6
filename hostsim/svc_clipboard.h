/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VBoxSharedClipboard, the shared clipboard service of vbox-hostsim.
 *
 * The host side of a shared clipboard as a VirtualBox 7 host on Linux
 * serves it: both guest protocols (the 6.1 one with context ids and the
 * peek/get message loop, and the legacy one), the clipboard mode, and the
 * host's clipboard, which the host user fills and reads through
 * `ctl clipboard`.  With legacy_host set the service acts like a host
 * before 6.1, which knows only the four legacy functions.  vbox-hostsim(1)
 * documents every function and where this host differs; the wire
 * definitions are in libvbglr3/vbgl_clipboard_wire.h.
 *
 * The host clipboard has one owner at a time: the host user (after
 * clipboard_host_set()) or the guest (after a guest announced formats).
 * Data is kept in the wire encodings (see libvbglr3/vbglr3_clipboard.h).
 */
#ifndef HOSTSIM_SVC_CLIPBOARD_H
#define HOSTSIM_SVC_CLIPBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "hostsim/hgcm_host.h"

/* The most bytes the host clipboard holds, all formats together, and the
 * most one guest DATA_WRITE may carry: a real host's service has no limit
 * of its own, only HGCM's VMMDEV_MAX_HGCM_DATA_SIZE (128 MiB) per call, so
 * that is the default and the largest --clipboard-max-size.  (A guest's
 * driver takes at most 24 MiB per buffer, VBGL_HGCM_MAX_BUF_SIZE.) */
#define CLIPBOARD_MAX_DATA (128u * 1024 * 1024)
/* The smallest --clipboard-max-size. */
#define CLIPBOARD_MIN_DATA 1024u
/* Clients at once (the Linux host's X11 back end allows 20). */
#define CLIPBOARD_MAX_CLIENTS 20u
/* Per client: queued messages and legacy read requests. */
#define CLIPBOARD_MAX_MSGS	   4096u
#define CLIPBOARD_MAX_LEGACY_READS 4096u
/* How long the host waits for the guest's data by default. */
#define CLIPBOARD_DEFAULT_TIMEOUT_MS 5000u
/* Formats the service handles: text, bitmap, HTML (bits 0..2). */
#define CLIPBOARD_FORMAT_COUNT 3u

/* The modes; bit 0 allows host to guest, bit 1 guest to host. */
enum clipboard_mode {
	CLIPBOARD_MODE_OFF = 0,
	CLIPBOARD_MODE_HOST_TO_GUEST = 1,
	CLIPBOARD_MODE_GUEST_TO_HOST = 2,
	CLIPBOARD_MODE_BIDIRECTIONAL = 3,
};

/**
 * struct clipboard_config - how the service starts.
 * @mode: the clipboard mode
 * @legacy_host: act like a host before 6.1
 * @timeout_ms: how long a host read waits for the guest (0: the default)
 * @max_data: the most bytes the host clipboard holds and one DATA_WRITE
 *	carries (0: CLIPBOARD_MAX_DATA; at most CLIPBOARD_MAX_DATA)
 * @session_id: optional; the VMMDev session id MSG_PEEK checks a guest's
 *	restore id against (without it any non-zero id is stale)
 * @session_opaque: passed to @session_id
 */
struct clipboard_config {
	enum clipboard_mode mode;
	bool legacy_host;
	unsigned int timeout_ms;
	uint32_t max_data;
	uint64_t (*session_id)(void *opaque);
	void *session_opaque;
};

struct clipboard_svc;

/**
 * clipboard_register - register the service with an HGCM host.
 * @host: the host
 * @cfg: the configuration (copied)
 * @out: receives the service (may be NULL)
 *
 * Return: a VBox status.
 */
int clipboard_register(struct hgcm_host *host,
		       const struct clipboard_config *cfg,
		       struct clipboard_svc **out);

/* ---- names --------------------------------------------------------------- */

/* "off", "host-to-guest", "guest-to-host", "bidirectional". */
const char *clipboard_mode_name(enum clipboard_mode mode);
/* Parse a mode name; false for anything else. */
bool clipboard_mode_parse(const char *name, enum clipboard_mode *mode);
/* "text", "bitmap", "html" for one format bit, else NULL. */
const char *clipboard_format_name(uint32_t format);
/* The format bit of a name, or 0. */
uint32_t clipboard_format_parse(const char *name);

/*
 * Host side, from any thread (the work runs on the service thread).
 */

/**
 * clipboard_host_set - the host user copies: replace the host clipboard.
 * @svc: the service
 * @data: CLIPBOARD_FORMAT_COUNT entries, indexed by format bit number
 *	(text, bitmap, HTML), each NULL or the data in its wire encoding
 *
 * Every client then gets a FORMATS_REPORT, if the mode lets data go to
 * the guest; all entries NULL empties the clipboard (formats 0).  The
 * guest's offer is gone: the host clipboard is the host user's now.
 *
 * Return: VINF_SUCCESS, or VERR_TOO_MUCH_DATA when the data together
 * exceed the service's max_data (nothing changes).
 */
int clipboard_host_set(struct clipboard_svc *svc, GBytes *const *data);

/**
 * clipboard_host_set_claim - clipboard_host_set() for a host that lies:
 * every DATA_READ of this data reports @claim as its size (the buffer
 * overflow rule going by @claim too) but gets only the real bytes.
 * @svc: the service
 * @data: as for clipboard_host_set()
 * @claim: the size to report; 0 for the real one
 *
 * Return: as clipboard_host_set().
 */
int clipboard_host_set_claim(struct clipboard_svc *svc, GBytes *const *data,
			     uint32_t claim);

/* The most bytes the host clipboard holds (the configured max_data). */
uint32_t clipboard_max_data(struct clipboard_svc *svc);

/* The formats the guest offers (0 when the host user owns the clipboard). */
uint32_t clipboard_guest_formats(struct clipboard_svc *svc);

/* Change the mode; takes effect for the next call. */
void clipboard_set_mode(struct clipboard_svc *svc, enum clipboard_mode mode);

/* A host read of guest data in progress. */
struct clipboard_read;

/**
 * clipboard_read_start - the host user pastes: ask the guest for data.
 * @svc: the service
 * @format: one format bit
 * @out: receives the read, for clipboard_read_wait()
 *
 * Queues a READ_DATA_CID message (READ_DATA for a legacy client) to the
 * client whose formats the host clipboard holds.
 *
 * Return: VINF_SUCCESS; VERR_ACCESS_DENIED when the mode forbids guest to
 * host transfers; VERR_NOT_FOUND when the guest does not offer @format;
 * VERR_NO_MEMORY when the client's message queue is full.
 */
int clipboard_read_start(struct clipboard_svc *svc, uint32_t format,
			 struct clipboard_read **out);

/**
 * clipboard_read_wait - wait for the guest's answer and free the read.
 * @read: from clipboard_read_start()
 * @data: receives the data the guest wrote (caller unrefs; NULL on error)
 * @format: receives the format the guest said the data is in
 *
 * Return: VINF_SUCCESS; VERR_NO_DATA for an answer of 0 bytes;
 * VERR_TIMEOUT when the guest did not answer in time; VERR_INTERRUPTED when
 * the client disconnected; VERR_CANCELLED when the client reported an error
 * (which resets it) or the host shut down.
 */
int clipboard_read_wait(struct clipboard_read *read, GBytes **data,
			uint32_t *format);

/* One client, as clipboard_get_status() reports it. */
struct clipboard_client_status {
	uint32_t id;
	bool context_ids;    /* speaks the 6.1 protocol */
	uint64_t features;   /* guest feature word 0 */
	unsigned int queued; /* messages waiting to be fetched */
	bool waiting;	     /* has a wait pending */
};

struct clipboard_status {
	enum clipboard_mode mode;
	bool legacy_host;
	unsigned int timeout_ms;
	uint32_t host_formats;
	uint32_t guest_formats;
	uint64_t bytes_to_guest;   /* DATA_READ answers read whole */
	uint64_t bytes_from_guest; /* DATA_WRITE answers taken */
	unsigned int client_count;
	struct clipboard_client_status clients[CLIPBOARD_MAX_CLIENTS];
};

/* A snapshot of the service's state. */
void clipboard_get_status(struct clipboard_svc *svc,
			  struct clipboard_status *st);

/**
 * clipboard_ctl_run - the `ctl clipboard` command (see vbox-hostsim(1);
 * svc_clipboard_ctl.c, in the program).
 * @svc: the service
 * @args: the words after "clipboard"
 * @n: how many
 * @client_fd: the client's socket, or -1: `get` writes its data there
 *	(the reply so far first), not into @out
 * @out: receives the reply body lines (" key: value\n")
 *
 * Return: NULL on success or the one-line error reason (caller frees).
 */
char *clipboard_ctl_run(struct clipboard_svc *svc, char **args, unsigned int n,
			int client_fd, GString *out);

/**
 * clipboard_ctl_status - the clipboard lines of `ctl status`.
 * @svc: the service
 * @out: receives the body lines
 */
void clipboard_ctl_status(struct clipboard_svc *svc, GString *out);

/**
 * clipboard_ctl_client_prepare - the client side of `ctl clipboard`: turn
 * the user's words into request words.
 * @argc: words after "clipboard"
 * @argv: the words
 * @words: receives the request words, "clipboard" first
 * @output: receives the --output FILE of `get` ("-" or NULL: stdout)
 * @error: receives the reason on failure
 *
 * `set` FILE arguments are read here ("-" is standard input) and sent as
 * base64; `get --output FILE` stays with the client, which writes the
 * data it gets back (see clipboard_ctl_client_output()).
 *
 * Return: true, or false with @error set.
 */
bool clipboard_ctl_client_prepare(int argc, char **argv, GPtrArray *words,
				  char **output, GError **error);

/*
 * The body of a `get` reply: the line " size: N", then right after its
 * newline exactly N bytes and a newline.  N is at most what the largest
 * host clipboard converts to: UTF-16 text becomes at most 3 UTF-8 bytes
 * per 2 bytes, a DIB gains the 14-byte BMP file header.
 */
#define CLIPBOARD_CTL_SIZE_KEY "size: "
#define CLIPBOARD_CTL_MAX_GET  (CLIPBOARD_MAX_DATA / 2 * 3 + 14u)

/**
 * clipboard_ctl_client_output - write the data of a `get` reply.
 * @data: the bytes the reply carried
 * @output: where to ("-" or NULL: stdout)
 * @error: receives the reason on failure
 *
 * Return: true, or false with @error set.
 */
bool clipboard_ctl_client_output(GBytes *data, const char *output,
				 GError **error);

#endif /* HOSTSIM_SVC_CLIPBOARD_H */
