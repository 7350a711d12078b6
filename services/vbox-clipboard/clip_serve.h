/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbox-clipboard answers X clients' requests for the host's data while the
 * agent owns a selection: TARGETS, TIMESTAMP, MULTIPLE and the data
 * targets of clip_targets_offered().  A data target's answer waits for the
 * host's data (clip_cache_get()), converted with clip_convert; large
 * answers go out with INCR (clip_xfer_put()).
 */
#ifndef CLIP_SERVE_H
#define CLIP_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <X11/Xlib.h>

#include "services/vbox-clipboard/clip_cache.h"
#include "services/vbox-clipboard/clip_xfer.h"
#include "services/x11/ovt_x11.h"

struct clip_serve;

/* Called for every data target answered. */
typedef void (*clip_serve_done_fn)(void *data, uint32_t format,
				   const char *target, size_t bytes);

/**
 * clip_serve_new - prepare to answer requests.
 * @x: the X connection
 * @xf: the transfers
 * @cache: the host's data
 * @max_size: the largest answer, in bytes
 * @done: called for each data target answered (may be NULL)
 * @data: passed to @done
 *
 * Return: the server.
 */
struct clip_serve *clip_serve_new(struct ovt_x11 *x, struct clip_xfer *xf,
				  struct clip_cache *cache, size_t max_size,
				  clip_serve_done_fn done, void *data);

/* The largest answer from now on (SIGHUP's max-size). */
void clip_serve_set_max_size(struct clip_serve *sv, size_t max_size);

/**
 * clip_serve_free - free; NULL is ignored.  Requests still waiting for the
 * host are never answered.
 * @sv: the server
 */
void clip_serve_free(struct clip_serve *sv);

/**
 * clip_serve_request - answer one SelectionRequest.
 * @sv: the server
 * @ev: the request
 * @own_time: when the agent took the selection, for TIMESTAMP and to
 *	refuse requests from before
 * @owned: whether the agent owns the selection; if not, the request is
 *	refused
 */
void clip_serve_request(struct clip_serve *sv, const XSelectionRequestEvent *ev,
			Time own_time, bool owned);

#endif /* CLIP_SERVE_H */
