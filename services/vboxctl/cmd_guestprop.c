// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboxctl guestproperty: read, write, list and watch guest properties
 * (the host's VBoxGuestPropSvc service), with VBoxControl's command line
 * and output:
 *
 *   guestproperty get NAME [--verbose]
 *   guestproperty set NAME [VALUE [--flags FLAGS]]
 *   guestproperty delete|unset NAME
 *   guestproperty enumerate [--patterns PATTERN...]
 *   guestproperty wait PATTERNS [--timestamp N] [--timeout MS]
 *
 * Options also work with one dash.  Values are printed byte for byte
 * (not through g_print(), which would convert them to the locale's
 * charset).
 */
#define G_LOG_DOMAIN "vboxctl"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "services/vboxctl/vboxctl.h"

/* How often a wait looks for SIGINT and SIGTERM. */
#define GP_SIGNAL_POLL_MS 100

#define GP_USAGE                                                                   \
	"guestproperty get NAME [--verbose] | set NAME [VALUE [--flags FLAGS]] | " \
	"delete|unset NAME | enumerate [--patterns PATTERN...] | "                 \
	"wait PATTERNS [--timestamp N] [--timeout MS]"

static int usage(void)
{
	return ovt_print_usage_error("usage: %s", GP_USAGE);
}

/* --NAME or -NAME. */
static bool is_option(const char *arg, const char *name)
{
	if (arg[0] != '-')
		return false;
	arg += arg[1] == '-' ? 2 : 1;
	return strcmp(arg, name) == 0;
}

/* The handle and a client of the service, or an exit code. */
static int open_client(struct vboxctl *ctl, struct vbgl_handle **h,
		       uint32_t *client)
{
	int ret = vboxctl_handle(ctl, h);

	if (ret)
		return ret;
	ret = vbgl_guestprop_connect(*h, client);
	if (ret == -ENXIO)
		return ovt_print_error(
			"the host has no guest property service");
	if (ret < 0)
		return ovt_print_error(
			"cannot connect to the guest property service: %s",
			g_strerror(-ret));
	return 0;
}

/* The reason a change of NAME failed, as one line; returns the exit code. */
static int change_failed(const char *what, const char *name, int err)
{
	switch (err) {
	case -EPERM:
		return ovt_print_error(
			"cannot %s %s: the property is read-only for the guest",
			what, name);
	case -E2BIG:
		return ovt_print_error(
			"cannot %s %s: the value is too long (at most %u bytes) or the host has no room for another property (%u)",
			what, name, VBGL_GUESTPROP_MAX_VALUE_LEN - 1,
			VBGL_GUESTPROP_MAX_PROPS);
	case -EINVAL:
		return ovt_print_error(
			"cannot %s %s: invalid name (1 to %u bytes of UTF-8 without '*', '?' or '|') or value (UTF-8)",
			what, name, VBGL_GUESTPROP_MAX_NAME_LEN - 1);
	default:
		return ovt_print_error("cannot %s %s: %s", what, name,
				       g_strerror(-err));
	}
}

static int run_get(struct vboxctl *ctl, int argc, char **argv)
{
	char flag_str[VBGL_GUESTPROP_MAX_FLAGS_LEN];
	struct vbgl_handle *h;
	bool verbose = false;
	char *value = NULL;
	uint32_t client, flags;
	uint64_t ts;
	int ret;

	if (argc == 3 && is_option(argv[2], "verbose"))
		verbose = true;
	else if (argc != 2)
		return usage();
	ret = open_client(ctl, &h, &client);
	if (ret)
		return ret;
	ret = vbgl_guestprop_get(h, client, argv[1], &value, &flags, &ts);
	vbgl_guestprop_disconnect(h, client);
	if (ret == -ENOENT) {
		printf("No value set!\n");
		return OVT_EXIT_NOT_FOUND;
	}
	if (ret == -EINVAL)
		return ovt_print_error(
			"cannot read %s: invalid name (1 to %u bytes of UTF-8 without '*', '?' or '|')",
			argv[1], VBGL_GUESTPROP_MAX_NAME_LEN - 1);
	if (ret < 0)
		return ovt_print_error("cannot read %s: %s", argv[1],
				       g_strerror(-ret));
	printf("Value: %s\n", value);
	if (verbose) {
		vbgl_guestprop_flags_format(flags, flag_str, sizeof(flag_str));
		printf("Timestamp: %" PRIu64 " ns\n", ts);
		printf("Flags: %s\n", flag_str);
	}
	free(value);
	return OVT_EXIT_OK;
}

static int run_set(struct vboxctl *ctl, int argc, char **argv)
{
	const char *flag_str = NULL;
	struct vbgl_handle *h;
	uint32_t client, flags = 0;
	int ret;

	if (argc == 5 && is_option(argv[3], "flags"))
		flag_str = argv[4];
	else if (argc != 2 && argc != 3)
		return usage();
	if (flag_str && vbgl_guestprop_flags_parse(flag_str, &flags) < 0)
		return ovt_print_error(
			"cannot set %s: invalid flags '%s' (TRANSIENT, TRANSRESET, RDONLYGUEST, RDONLYHOST, READONLY, separated by commas)",
			argv[1], flag_str);
	ret = open_client(ctl, &h, &client);
	if (ret)
		return ret;
	if (argc == 2)
		ret = vbgl_guestprop_delete(h, client, argv[1]);
	else if (flag_str)
		ret = vbgl_guestprop_set(h, client, argv[1], argv[2], flags);
	else
		ret = vbgl_guestprop_set_value(h, client, argv[1], argv[2]);
	vbgl_guestprop_disconnect(h, client);
	if (ret < 0)
		return change_failed(argc == 2 ? "delete" : "set", argv[1],
				     ret);
	return OVT_EXIT_OK;
}

static int run_delete(struct vboxctl *ctl, int argc, char **argv)
{
	struct vbgl_handle *h;
	uint32_t client;
	int ret;

	if (argc != 2)
		return usage();
	ret = open_client(ctl, &h, &client);
	if (ret)
		return ret;
	ret = vbgl_guestprop_delete(h, client, argv[1]);
	vbgl_guestprop_disconnect(h, client);
	if (ret < 0)
		return change_failed("delete", argv[1], ret);
	return OVT_EXIT_OK;
}

static int print_prop(const char *name, const char *value, uint64_t ts,
		      uint32_t flags, void *opaque)
{
	char flag_str[VBGL_GUESTPROP_MAX_FLAGS_LEN];

	(void)opaque;
	vbgl_guestprop_flags_format(flags, flag_str, sizeof(flag_str));
	printf("Name: %s, value: %s, timestamp: %" PRIu64 ", flags: %s\n", name,
	       value, ts, flag_str);
	return 0;
}

static int run_enumerate(struct vboxctl *ctl, int argc, char **argv)
{
	const char *const *patterns = NULL;
	struct vbgl_handle *h;
	uint32_t client;
	int ret;

	if (argc > 2 && is_option(argv[1], "patterns"))
		patterns = (const char *const *)argv + 2;
	else if (argc != 1)
		return usage();
	ret = open_client(ctl, &h, &client);
	if (ret)
		return ret;
	ret = vbgl_guestprop_enumerate(h, client, patterns, print_prop, NULL);
	vbgl_guestprop_disconnect(h, client);
	if (ret == -E2BIG)
		return ovt_print_error(
			"the patterns are too long (at most %u bytes together)",
			VBGL_GUESTPROP_MAX_PATTERN_LEN - 1);
	if (ret < 0)
		return ovt_print_error(
			"cannot enumerate the guest properties: %s",
			g_strerror(-ret));
	if (ret == 0)
		printf("No properties found.\n");
	return OVT_EXIT_OK;
}

struct wait_args {
	const char *patterns[2];
	uint64_t timestamp;
	uint32_t timeout_ms;
};

static bool parse_number(const char *s, guint64 max, guint64 *out)
{
	return s[0] >= '0' && s[0] <= '9' &&
	       g_ascii_string_to_unsigned(s, 10, 0, max, out, NULL);
}

static int parse_wait_args(int argc, char **argv, struct wait_args *a)
{
	guint64 v;
	int i;

	if (argc < 2)
		return usage();
	a->patterns[0] = argv[1];
	a->patterns[1] = NULL;
	a->timestamp = 0;
	a->timeout_ms = VBGL_TIMEOUT_INFINITE;
	for (i = 2; i < argc; i += 2) {
		if (i + 1 >= argc)
			return usage();
		if (is_option(argv[i], "timestamp") &&
		    parse_number(argv[i + 1], UINT64_MAX, &v))
			a->timestamp = v;
		else if (is_option(argv[i], "timeout") &&
			 parse_number(argv[i + 1], UINT32_MAX - 1, &v))
			a->timeout_ms = (uint32_t)v;
		else
			return ovt_print_usage_error(
				"bad wait option '%s %s' (--timestamp N, --timeout MS)",
				argv[i], argv[i + 1]);
	}
	return 0;
}

static void print_change(const struct vbgl_guestprop_change *ch)
{
	char flag_str[VBGL_GUESTPROP_MAX_FLAGS_LEN];

	if (ch->deleted) {
		printf("Property %s was deleted\n", ch->name);
	} else {
		vbgl_guestprop_flags_format(ch->flags, flag_str,
					    sizeof(flag_str));
		printf("Name: %s\n", ch->name);
		printf("Value: %s\n", ch->value);
	}
	printf("Timestamp: %" PRIu64 " ns\n", ch->timestamp);
	if (!ch->deleted)
		printf("Flags: %s\n", flag_str);
}

/*
 * A wait is one GET_NOTIFICATION call with the user's timeout, so nothing
 * is missed and the host's timestamp rules apply unchanged.  To end it
 * early on SIGINT or SIGTERM, a helper thread asks the host for another
 * wait with the same client and patterns: a VirtualBox host (and
 * vbox-hostsim) then ends the older wait with VERR_INTERRUPTED.
 */
struct waiting {
	struct vboxctl *ctl;
	struct vbgl_handle *h;
	uint32_t client;
	const char *const *patterns;
	GMutex lock;
	GCond cond;
	bool done;	  /* the wait returned */
	bool interrupted; /* a signal arrived: the helper ends it */
};

/* The helper: poll for a signal, then end the wait. */
static gpointer interrupter(gpointer data)
{
	struct waiting *w = data;
	struct vbgl_guestprop_change ch;
	struct vbgl_handle *h;
	bool done;

	g_mutex_lock(&w->lock);
	while (!w->done && !w->interrupted) {
		g_cond_wait_until(&w->cond, &w->lock,
				  g_get_monotonic_time() +
					  GP_SIGNAL_POLL_MS * 1000);
		/* Fails (and says "interrupted") once a signal arrived. */
		if (!w->done && vboxctl_handle(w->ctl, &h))
			w->interrupted = true;
	}
	done = w->done;
	g_mutex_unlock(&w->lock);
	while (!done) {
		if (vbgl_guestprop_wait(w->h, w->client, w->patterns, 0,
					GP_SIGNAL_POLL_MS, &ch) == 0)
			vbgl_guestprop_change_clear(&ch);
		g_mutex_lock(&w->lock);
		done = w->done;
		g_mutex_unlock(&w->lock);
	}
	return NULL;
}

/*
 * Wait for a change; -ECANCELED when SIGINT or SIGTERM ended the wait
 * (the reason is printed already).
 */
static int wait_interruptible(struct vboxctl *ctl, struct vbgl_handle *h,
			      uint32_t client, const struct wait_args *a,
			      struct vbgl_guestprop_change *ch)
{
	struct waiting w = {
		.ctl = ctl,
		.h = h,
		.client = client,
		.patterns = a->patterns,
	};
	GThread *helper;
	int ret;

	g_mutex_init(&w.lock);
	g_cond_init(&w.cond);
	helper = g_thread_new("interrupter", interrupter, &w);
	ret = vbgl_guestprop_wait(h, client, a->patterns, a->timestamp,
				  a->timeout_ms, ch);
	g_mutex_lock(&w.lock);
	w.done = true;
	g_cond_signal(&w.cond);
	g_mutex_unlock(&w.lock);
	g_thread_join(helper);
	/* A signal wins over a change that raced with it. */
	if (w.interrupted) {
		if (ret == 0)
			vbgl_guestprop_change_clear(ch);
		ret = -ECANCELED;
	}
	g_mutex_clear(&w.lock);
	g_cond_clear(&w.cond);
	return ret;
}

static int run_wait(struct vboxctl *ctl, int argc, char **argv)
{
	struct vbgl_guestprop_change ch;
	struct wait_args a;
	struct vbgl_handle *h;
	uint32_t client;
	int ret;

	ret = parse_wait_args(argc, argv, &a);
	if (ret)
		return ret;
	ret = open_client(ctl, &h, &client);
	if (ret)
		return ret;
	ret = wait_interruptible(ctl, h, client, &a, &ch);
	vbgl_guestprop_disconnect(h, client);
	if (ret == -ECANCELED)
		return OVT_EXIT_FAILURE;
	if (ret == -EINTR)
		return ovt_print_error(
			"the host ended the wait (another wait of this client with the same patterns replaced it)");
	if (ret == -ETIMEDOUT) {
		ovt_print_error("no matching change within %u ms",
				a.timeout_ms);
		return OVT_EXIT_TIMEOUT;
	}
	if (ret == -E2BIG)
		return ovt_print_error(
			"the patterns are too long (at most %u bytes)",
			VBGL_GUESTPROP_MAX_PATTERN_LEN - 1);
	if (ret < 0)
		return ovt_print_error("waiting for a change failed: %s",
				       g_strerror(-ret));
	if (ch.missed)
		g_warning("the host no longer remembers timestamp %" PRIu64
			  "; changes may have been missed",
			  a.timestamp);
	print_change(&ch);
	vbgl_guestprop_change_clear(&ch);
	return OVT_EXIT_OK;
}

static int run_guestprop(struct vboxctl *ctl, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	int ret;

	if (!strcmp(sub, "get"))
		ret = run_get(ctl, argc - 1, argv + 1);
	else if (!strcmp(sub, "set"))
		ret = run_set(ctl, argc - 1, argv + 1);
	else if (!strcmp(sub, "delete") || !strcmp(sub, "unset"))
		ret = run_delete(ctl, argc - 1, argv + 1);
	else if (!strcmp(sub, "enumerate"))
		ret = run_enumerate(ctl, argc - 1, argv + 1);
	else if (!strcmp(sub, "wait"))
		ret = run_wait(ctl, argc - 1, argv + 1);
	else
		ret = usage();
	fflush(stdout);
	return ret;
}

const struct vboxctl_command vboxctl_cmd_guestprop = {
	.name = "guestproperty",
	.args = "get|set|delete|enumerate|wait ...",
	.summary = "Read, write, list or wait for guest properties",
	.run = run_guestprop,
};
