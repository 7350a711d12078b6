// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mount options, from one declarative fuse_opt table.  Options that
 * are ours are taken out of the argument list; FUSE's own (allow_other,
 * default_permissions, ro, ...) stay in it for fuse_session_new().
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vboxsf-fuse/vsf.h"

enum {
	KEY_RO,
	KEY_RW,
};

#define VSF_OPT(t, field, value) { t, offsetof(struct vsf_opts, field), value }

static const struct fuse_opt vsf_opt_table[] = {
	VSF_OPT("uid=%u", uid, 0),
	VSF_OPT("uid=", uid_set, 1),
	VSF_OPT("gid=%u", gid, 0),
	VSF_OPT("gid=", gid_set, 1),
	VSF_OPT("dmode=%o", dmode, 0),
	VSF_OPT("dmode=", dmode_set, 1),
	VSF_OPT("fmode=%o", fmode, 0),
	VSF_OPT("fmode=", fmode_set, 1),
	VSF_OPT("dmask=%o", dmask, 0),
	VSF_OPT("dmask=", dmask_set, 1),
	VSF_OPT("fmask=%o", fmask, 0),
	VSF_OPT("fmask=", fmask_set, 1),
	VSF_OPT("umask=%o", umask, 0),
	VSF_OPT("umask=", umask_set, 1),
	VSF_OPT("ttl=%d", ttl_ms, 0),
	VSF_OPT("cache=%s", cache, 0),
	VSF_OPT("calltimeout=%u", call_timeout_s, 0),
	VSF_OPT("device=%s", device, 0),
	VSF_OPT("--device=%s", device, 0),
	FUSE_OPT_KEY("ro", KEY_RO),
	FUSE_OPT_KEY("rw", KEY_RW),
	FUSE_OPT_END
};

static int vsf_opt_proc(void *data, const char *arg, int key,
			struct fuse_args *outargs)
{
	struct vsf_opts *opts = data;

	(void)outargs;
	switch (key) {
	case KEY_RO:
		opts->ro = 1;
		return 1;
	case KEY_RW:
		opts->ro = 0;
		return 1;
	case FUSE_OPT_KEY_NONOPT:
		if (!opts->share) {
			opts->share = strdup(arg);
			return opts->share ? 0 : -1;
		}
		return 1;
	default:
		return 1;
	}
}

int vsf_opts_parse(struct fuse_args *args, struct vsf_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->ttl_ms = -1;
	opts->call_timeout_s = VSF_DEFAULT_CALL_TIMEOUT_S;
	return fuse_opt_parse(args, opts, vsf_opt_table, vsf_opt_proc);
}

static int cache_mode_parse(const char *s, enum vsf_cache *mode)
{
	static const struct {
		const char *name;
		enum vsf_cache mode;
	} modes[] = {
		{ "none", VSF_CACHE_NONE },
		{ "strict", VSF_CACHE_STRICT },
		{ "auto", VSF_CACHE_AUTO },
		{ "always", VSF_CACHE_ALWAYS },
	};
	size_t i;

	if (!s) {
		*mode = VSF_CACHE_AUTO;
		return 0;
	}
	for (i = 0; i < G_N_ELEMENTS(modes); i++) {
		if (!strcmp(s, modes[i].name)) {
			*mode = modes[i].mode;
			return 0;
		}
	}
	return -1;
}

int vsf_opts_finish(struct vsf_opts *opts, const char **err)
{
	if (cache_mode_parse(opts->cache, &opts->cache_mode) < 0) {
		*err = "cache= must be none, strict, auto or always";
		return -1;
	}
	if ((opts->dmode_set && opts->dmode > 0777) ||
	    (opts->fmode_set && opts->fmode > 0777)) {
		*err = "dmode= and fmode= must lie within 0777";
		return -1;
	}
	if (opts->dmask > 07777 || opts->fmask > 07777 || opts->umask > 07777) {
		*err = "dmask=, fmask= and umask= must lie within 07777";
		return -1;
	}
	if (opts->ttl_ms < -1) {
		*err = "ttl= must be -1 (default), 0 or a number of milliseconds";
		return -1;
	}
	if ((opts->uid_set && opts->uid == (unsigned int)-1) ||
	    (opts->gid_set && opts->gid == (unsigned int)-1)) {
		*err = "uid= and gid= must be ids, not -1";
		return -1;
	}
	if (!opts->call_timeout_s || opts->call_timeout_s > 86400) {
		*err = "calltimeout= must be 1..86400 seconds";
		return -1;
	}
	if (opts->umask_set) {
		if (!opts->dmask_set)
			opts->dmask = opts->umask;
		if (!opts->fmask_set)
			opts->fmask = opts->umask;
	}
	if (!opts->uid_set)
		opts->uid = getuid();
	if (!opts->gid_set)
		opts->gid = getgid();
	if (opts->ttl_ms < 0)
		opts->ttl_ms = VSF_DEFAULT_TTL_MS;
	if (opts->cache_mode == VSF_CACHE_NONE ||
	    opts->cache_mode == VSF_CACHE_STRICT)
		opts->timeout = 0;
	else
		opts->timeout = opts->ttl_ms / 1000.0;
	return 0;
}

void vsf_args_drop_separator(struct fuse_args *args)
{
	int i;

	for (i = 1; i < args->argc; i++) {
		if (!strcmp(args->argv[i], "-o")) {
			i++;	/* its value */
			continue;
		}
		if (strcmp(args->argv[i], "--"))
			continue;
		if (args->allocated)
			free(args->argv[i]);
		/* Move the rest down, the terminating NULL with it. */
		memmove(&args->argv[i], &args->argv[i + 1],
			(size_t)(args->argc - i) * sizeof(*args->argv));
		args->argc--;
		return;
	}
}

void vsf_opts_clear(struct vsf_opts *opts)
{
	free(opts->share);
	free(opts->device);
	free(opts->cache);
	memset(opts, 0, sizeof(*opts));
}
