// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mount options, from one declarative fuse_opt table.  Options that
 * are ours are taken out of the argument list; FUSE's own (allow_other,
 * default_permissions, ro, ...) stay in it for fuse_session_new().
 *
 * The table stores every value as the string given; vsf_opts_finish()
 * converts the numbers from a second table, strictly: fuse_opt's own "%u"
 * and "%o" conversions are sscanf(3)'s, which take "12abc" for 12 and
 * "-1" for 4294967295.
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
	KEY_ALLOW_OTHER,
	KEY_DEFAULT_PERMISSIONS,
	KEY_NO_DEFAULT_PERMISSIONS,
	KEY_MAX_READ,
};

#define VSF_OPT(t, field)                              \
	{                                              \
		t, offsetof(struct vsf_opts, field), 0 \
	}

static const struct fuse_opt vsf_opt_table[] = {
	/* Ours, kept as given. */
	VSF_OPT("uid=%s", uid_arg),
	VSF_OPT("gid=%s", gid_arg),
	VSF_OPT("dmode=%s", dmode_arg),
	VSF_OPT("fmode=%s", fmode_arg),
	VSF_OPT("dmask=%s", dmask_arg),
	VSF_OPT("fmask=%s", fmask_arg),
	VSF_OPT("umask=%s", umask_arg),
	VSF_OPT("ttl=%s", ttl_arg),
	VSF_OPT("cache=%s", cache),
	VSF_OPT("calltimeout=%s", calltimeout_arg),
	VSF_OPT("write_gather=%s", gather_arg),
	VSF_OPT("read_ahead=%s", read_ahead_arg),
	VSF_OPT("device=%s", device),
	VSF_OPT("--device=%s", device),
	{ "no_default_permissions",
	  offsetof(struct vsf_opts, no_default_permissions), 1 },
	/* FUSE's, noted. */
	FUSE_OPT_KEY("ro", KEY_RO),
	FUSE_OPT_KEY("rw", KEY_RW),
	FUSE_OPT_KEY("allow_other", KEY_ALLOW_OTHER),
	FUSE_OPT_KEY("default_permissions", KEY_DEFAULT_PERMISSIONS),
	/* The kernel's, kept for it; INIT must name the same (vsf_init()). */
	FUSE_OPT_KEY("max_read=", KEY_MAX_READ),
	FUSE_OPT_END,
};

#define ERR_ID	     "uid= and gid= must be numeric ids (0 to 4294967294)"
#define ERR_MODE     "dmode= and fmode= must be octal modes within 0777"
#define ERR_MASK     "dmask=, fmask= and umask= must be octal masks within 07777"
#define ERR_TIMEOUT  "calltimeout= must be 1..86400 seconds"
#define ERR_GATHER   "write_gather= must be 0..60000 milliseconds"
#define ERR_RA	     "read_ahead= must be 0..16384 KiB, in whole pages"
#define ERR_MAX_READ "max_read= must be 4096..4294967295 bytes"

/* An unsigned option: where its string is, where its value goes. */
struct vsf_number {
	size_t arg;
	size_t value;
	unsigned int base;
	guint64 min, max;
	const char *err;
};

#define VSF_NUMBER(a, v, base, min, max, err)                               \
	{                                                                   \
		offsetof(struct vsf_opts, a), offsetof(struct vsf_opts, v), \
			base, min, max, err                                 \
	}

static const struct vsf_number vsf_numbers[] = {
	/* (uid_t)-1 means "no change" to chown(2): not an id. */
	VSF_NUMBER(uid_arg, uid, 10, 0, G_MAXUINT32 - 1, ERR_ID),
	VSF_NUMBER(gid_arg, gid, 10, 0, G_MAXUINT32 - 1, ERR_ID),
	VSF_NUMBER(dmode_arg, dmode, 8, 0, 0777, ERR_MODE),
	VSF_NUMBER(fmode_arg, fmode, 8, 0, 0777, ERR_MODE),
	VSF_NUMBER(dmask_arg, dmask, 8, 0, 07777, ERR_MASK),
	VSF_NUMBER(fmask_arg, fmask, 8, 0, 07777, ERR_MASK),
	VSF_NUMBER(umask_arg, umask, 8, 0, 07777, ERR_MASK),
	VSF_NUMBER(calltimeout_arg, call_timeout_s, 10, 1, 86400, ERR_TIMEOUT),
	VSF_NUMBER(gather_arg, gather_ms, 10, 0, 60000, ERR_GATHER),
	VSF_NUMBER(read_ahead_arg, read_ahead_kb, 10, 0, VSF_READ_AHEAD_MAX_KB,
		   ERR_RA),
	VSF_NUMBER(max_read_arg, max_read, 10, 4096, G_MAXUINT32, ERR_MAX_READ),
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
	case KEY_ALLOW_OTHER:
		opts->allow_other = 1;
		return 1;
	case KEY_DEFAULT_PERMISSIONS:
		opts->default_permissions = 1;
		return 1;
	case KEY_MAX_READ:
		free(opts->max_read_arg);
		opts->max_read_arg = strdup(arg + strlen("max_read="));
		return opts->max_read_arg ? 1 : -1;
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
	return fuse_opt_parse(args, opts, vsf_opt_table, vsf_opt_proc);
}

/* Digits only (no sign, no blank, nothing after), within [min, max]. */
static bool parse_number(const char *s, unsigned int base, guint64 min,
			 guint64 max, guint64 *out)
{
	return g_ascii_isdigit(s[0]) &&
	       g_ascii_string_to_unsigned(s, base, min, max, out, NULL);
}

static int parse_numbers(struct vsf_opts *opts, const char **err)
{
	const char *base = (const char *)opts;
	guint64 v;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(vsf_numbers); i++) {
		const struct vsf_number *n = &vsf_numbers[i];
		const char *s = *(char *const *)(base + n->arg);

		if (!s)
			continue;
		if (!parse_number(s, n->base, n->min, n->max, &v)) {
			*err = n->err;
			return -1;
		}
		*(unsigned int *)((char *)opts + n->value) = (unsigned int)v;
	}
	return 0;
}

/* -1 (the default), 0 or a number of milliseconds. */
static int parse_ttl(const char *s, int *ttl_ms)
{
	guint64 v;

	if (!s || !strcmp(s, "-1")) {
		*ttl_ms = VSF_DEFAULT_TTL_MS;
		return 0;
	}
	if (!parse_number(s, 10, 0, G_MAXINT, &v))
		return -1;
	*ttl_ms = (int)v;
	return 0;
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
		{ "writeback", VSF_CACHE_WRITEBACK },
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
	opts->uid = getuid();
	opts->gid = getgid();
	opts->dmask = 0;
	opts->fmask = 0;
	opts->umask = 0;
	opts->call_timeout_s = VSF_DEFAULT_CALL_TIMEOUT_S;
	opts->gather_ms = VSF_DEFAULT_GATHER_MS;
	opts->read_ahead_kb = VSF_DEFAULT_READ_AHEAD_KB;
	opts->max_read = 0;
	if (cache_mode_parse(opts->cache, &opts->cache_mode) < 0) {
		*err = "cache= must be none, strict, auto, always or writeback";
		return -1;
	}
	if (parse_numbers(opts, err) < 0)
		return -1;
	/* The kernel counts read-ahead in pages (read_ahead_kb >> 2 on x86). */
	if (opts->read_ahead_kb %
	    (unsigned int)(sysconf(_SC_PAGESIZE) / 1024)) {
		*err = ERR_RA;
		return -1;
	}
	opts->read_ahead_set = opts->read_ahead_arg != NULL;
	if (parse_ttl(opts->ttl_arg, &opts->ttl_ms) < 0) {
		*err = "ttl= must be -1 (default), 0 or a number of milliseconds";
		return -1;
	}
	opts->dmode_set = opts->dmode_arg != NULL;
	opts->fmode_set = opts->fmode_arg != NULL;
	if (!opts->dmask_arg)
		opts->dmask = opts->umask;
	if (!opts->fmask_arg)
		opts->fmask = opts->umask;
	if (opts->cache_mode == VSF_CACHE_NONE ||
	    opts->cache_mode == VSF_CACHE_STRICT)
		opts->timeout = 0;
	else
		opts->timeout = opts->ttl_ms / 1000.0;
	return 0;
}

bool vsf_args_add_permissions(struct fuse_args *args,
			      const struct vsf_opts *opts)
{
	if (opts->no_default_permissions && !opts->default_permissions)
		return opts->allow_other;
	if (!opts->default_permissions)
		fuse_opt_add_arg(args, "-odefault_permissions");
	return false;
}

void vsf_args_drop_separator(struct fuse_args *args)
{
	int i;

	for (i = 1; i < args->argc; i++) {
		if (!strcmp(args->argv[i], "-o")) {
			i++; /* its value */
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
	char **const given[] = {
		&opts->share,	     &opts->device,
		&opts->cache,	     &opts->uid_arg,
		&opts->gid_arg,	     &opts->dmode_arg,
		&opts->fmode_arg,    &opts->dmask_arg,
		&opts->fmask_arg,    &opts->umask_arg,
		&opts->ttl_arg,	     &opts->calltimeout_arg,
		&opts->gather_arg,   &opts->read_ahead_arg,
		&opts->max_read_arg,
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(given); i++)
		free(*given[i]);
	memset(opts, 0, sizeof(*opts));
}
