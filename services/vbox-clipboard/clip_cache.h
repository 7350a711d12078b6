/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host's clipboard as the agent knows it: the formats the host last
 * announced and, per format, the data once an X client asked for it.
 *
 * Data is read from the host only when someone wants it, at most once per
 * format and announcement: X clients that paste while the read is under
 * way wait for the same read, later ones get the cached bytes.  A new
 * announcement drops the cache; reads still under way then answer the
 * clients that were waiting for them and are not kept.
 */
#ifndef CLIP_CACHE_H
#define CLIP_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "services/vbox-clipboard/clip_host.h"

struct clip_cache;

/**
 * clip_cache_new - an empty cache reading from @host.
 * @host: the host side
 * @max_size: the most bytes one format may hold
 *
 * Return: the cache.
 */
struct clip_cache *clip_cache_new(struct clip_host *host, size_t max_size);

/* The largest read from the host from now on (SIGHUP's max-size). */
void clip_cache_set_max_size(struct clip_cache *c, size_t max_size);

/**
 * clip_cache_free - free; NULL is ignored.
 * @c: the cache
 *
 * Waiters of reads still under way are never called.
 */
void clip_cache_free(struct clip_cache *c);

/**
 * clip_cache_reset - the host announced @formats: forget what was cached.
 * @c: the cache
 * @formats: VBOX_SHCL_FMT_* bits (0: the host clipboard is empty)
 */
void clip_cache_reset(struct clip_cache *c, uint32_t formats);

/**
 * clip_cache_formats - the formats the host last announced.
 * @c: the cache
 *
 * Return: VBOX_SHCL_FMT_* bits.
 */
uint32_t clip_cache_formats(const struct clip_cache *c);

/**
 * clip_cache_get - the host's data in one format.
 * @c: the cache
 * @format: one VBOX_SHCL_FMT_* bit
 * @fn: called with the data (or the error: -ENODATA for a format the host
 *	does not offer), from the main loop and never from inside this call
 * @user: passed to @fn
 */
void clip_cache_get(struct clip_cache *c, uint32_t format, clip_host_read_fn fn,
		    void *user);

#endif /* CLIP_CACHE_H */
