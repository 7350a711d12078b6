// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End to end: guest properties between libvbglr3 (through the socket
 * transport and the driver core) and the host side of a real vbox-hostsim
 * (`ctl guestprop`): both directions, flags, enumeration, waits and their
 * latency, and the service's refusals of malformed calls.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "driver/vmmdev.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

struct guest {
	struct vbgl_handle *h;
	uint32_t client;
};

static struct guest guest_open(void)
{
	struct guest g = { 0 };
	int rc = vbgl_open(sim->guest_device, VBGL_OPEN_SYSTEM, &g.h);

	ck_assert_msg(rc == 0, "vbgl_open: %s", g_strerror(-rc));
	rc = vbgl_guestprop_connect(g.h, &g.client);
	ck_assert_msg(rc == 0, "connect: %s", g_strerror(-rc));
	return g;
}

static void guest_close(struct guest *g)
{
	ck_assert_int_eq(vbgl_guestprop_disconnect(g->h, g->client), 0);
	vbgl_close(g->h);
}

/* `ctl guestprop ARGS...`; asserts the exit status, returns stdout. */
static char *host(int want_status, const char *a1, const char *a2,
		  const char *a3, const char *a4, const char *a5)
{
	int status = -2;
	char *out = hostsim_ctl(sim, &status, "guestprop", a1, a2, a3, a4, a5,
				NULL);

	ck_assert_msg(status == want_status,
		      "ctl guestprop %s %s: status %d, wanted %d; output: %s",
		      a1, a2 ? a2 : "", status, want_status, out);
	return out;
}

/* One "key: value" of `ctl guestprop get NAME` (values %-escaped). */
static char *host_field(const char *name, const char *key)
{
	g_autofree char *out = host(0, "get", name, NULL, NULL, NULL);
	g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
	size_t klen = strlen(key);
	char **l;

	for (l = lines; *l; l++) {
		if (strncmp(*l, key, klen) == 0 && (*l)[klen] == ':' &&
		    (*l)[klen + 1] == ' ')
			return g_strdup(*l + klen + 2);
	}
	ck_abort_msg("no %s in: %s", key, out);
	return NULL;
}

static int64_t now_us(void)
{
	return g_get_monotonic_time();
}

/* Guest writes, host reads; host writes, guest reads. */
START_TEST(test_round_trip)
{
	struct guest g = guest_open();
	g_autofree char *v = NULL, *f = NULL, *ts = NULL, *out = NULL;
	char *value = NULL, ts_str[32];
	uint32_t flags = 0;
	uint64_t t = 0;

	ck_assert_int_eq(vbgl_guestprop_set(g.h, g.client, "/t/guest",
					    "from the guest",
					    VBGL_GUESTPROP_TRANSRESET),
			 0);
	v = host_field("/t/guest", "value");
	f = host_field("/t/guest", "flags");
	ck_assert_str_eq(v, "from the guest");
	ck_assert_str_eq(f, "TRANSIENT, TRANSRESET");

	/* Blanks, '%' and a newline survive the control socket both ways. */
	g_free(host(0, "set", "/t/host", "50% of\na b", "--flags",
		    "rdonlyguest"));
	ck_assert_int_eq(vbgl_guestprop_get(g.h, g.client, "/t/host", &value,
					    &flags, &t),
			 0);
	ck_assert_str_eq(value, "50% of\na b");
	ck_assert_uint_eq(flags, VBGL_GUESTPROP_RDONLYGUEST);
	ts = host_field("/t/host", "timestamp");
	snprintf(ts_str, sizeof(ts_str), "%" PRIu64, t);
	ck_assert_str_eq(ts, ts_str);
	free(value);
	g_free(v);
	v = host_field("/t/host", "value");
	ck_assert_str_eq(v, "50%25 of%0Aa b");

	/* An empty value is a value. */
	g_free(host(0, "set", "/t/empty", "", NULL, NULL));
	ck_assert_int_eq(vbgl_guestprop_get(g.h, g.client, "/t/empty", &value,
					    NULL, NULL),
			 0);
	ck_assert_str_eq(value, "");
	free(value);

	/* A long value takes the library's retry path (first buffer 128). */
	{
		char big[1001];

		memset(big, 'x', 1000);
		big[1000] = '\0';
		ck_assert_int_eq(vbgl_guestprop_set_value(g.h, g.client,
							  "/t/big", big),
				 0);
		ck_assert_int_eq(vbgl_guestprop_get(g.h, g.client, "/t/big",
						    &value, &flags, NULL),
				 0);
		ck_assert_str_eq(value, big);
		ck_assert_uint_eq(flags, 0);
		free(value);
	}

	/* Deleted from the host, gone for the guest, and the other way. */
	g_free(host(0, "delete", "/t/guest", NULL, NULL, NULL));
	ck_assert_int_eq(vbgl_guestprop_get(g.h, g.client, "/t/guest", NULL,
					    NULL, NULL),
			 -ENOENT);
	ck_assert_int_eq(vbgl_guestprop_delete(g.h, g.client, "/t/empty"), 0);
	out = host(1, "get", "/t/empty", NULL, NULL, NULL);
	ck_assert_str_eq(out, "");
	guest_close(&g);
}
END_TEST

/* RDONLYGUEST: refused with -EPERM, nothing changes on the host. */
START_TEST(test_rdonlyguest_enforced)
{
	struct guest g = guest_open();
	g_autofree char *v1 = NULL, *t1 = NULL, *v2 = NULL, *t2 = NULL;

	g_free(host(0, "set", "/t/ro", "host's", "--flags", "RDONLYGUEST"));
	v1 = host_field("/t/ro", "value");
	t1 = host_field("/t/ro", "timestamp");
	ck_assert_int_eq(vbgl_guestprop_set(g.h, g.client, "/t/ro", "mine", 0),
			 -EPERM);
	ck_assert_int_eq(vbgl_guestprop_set_value(g.h, g.client, "/t/ro",
						  "mine"),
			 -EPERM);
	ck_assert_int_eq(vbgl_guestprop_delete(g.h, g.client, "/t/ro"), -EPERM);
	v2 = host_field("/t/ro", "value");
	t2 = host_field("/t/ro", "timestamp");
	ck_assert_str_eq(v2, v1);
	ck_assert_str_eq(t2, t1);

	/* Names the host reserves are refused even when new. */
	ck_assert_int_eq(vbgl_guestprop_set_value(g.h, g.client,
						  "/VirtualBox/HostInfo/Fake",
						  "x"),
			 -EPERM);
	g_free(host(1, "get", "/VirtualBox/HostInfo/Fake", NULL, NULL, NULL));

	/* RDONLYHOST binds the host, not the guest. */
	ck_assert_int_eq(vbgl_guestprop_set(g.h, g.client, "/t/rh", "g",
					    VBGL_GUESTPROP_RDONLYHOST),
			 0);
	g_free(host(1, "set", "/t/rh", "h", NULL, NULL));
	ck_assert_int_eq(vbgl_guestprop_set_value(g.h, g.client, "/t/rh", "g2"),
			 0);
	guest_close(&g);
}
END_TEST

static int collect(const char *name, const char *value, uint64_t ts,
		   uint32_t flags, void *opaque)
{
	GPtrArray *names = opaque;

	(void)value;
	ck_assert_uint_gt(ts, 0);
	(void)flags;
	g_ptr_array_add(names, g_strdup(name));
	return 0;
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names enumerate() reports for the patterns, sorted and joined. */
static char *enum_names(struct guest *g, const char *const *patterns)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	GString *s = g_string_new(NULL);
	int n;
	guint i;

	n = vbgl_guestprop_enumerate(g->h, g->client, patterns, collect, names);
	ck_assert_int_eq(n, (int)names->len);
	g_ptr_array_sort(names, cmp_str);
	for (i = 0; i < names->len; i++)
		g_string_append_printf(s, "%s%s", i ? " " : "",
				       (char *)names->pdata[i]);
	return g_string_free(s, FALSE);
}

static void names_are(struct guest *g, const char *const *patterns,
		      const char *want)
{
	g_autofree char *got = enum_names(g, patterns);

	ck_assert_str_eq(got, want);
}

static int stop_early(const char *name, const char *value, uint64_t ts,
		      uint32_t flags, void *opaque)
{
	(void)name;
	(void)value;
	(void)ts;
	(void)flags;
	return ++*(int *)opaque == 2 ? -ECANCELED : 0;
}

START_TEST(test_enumerate_patterns)
{
	static const char *const names[] = {
		"/e/net/0/ip",	 "/e/net/0/mac", "/e/net/1/ip",
		"/e/net/1/mac",	 "/e/net/10/ip", "/e/os/release",
		"/e/os/version", "/e/user/a",	 "/e/user/bb",
		"/e/x?y",
	};
	static const char *const p_ip[] = { "/e/net/?/ip", NULL };
	static const char *const p_two[] = { "/e/os/*", "/e/user/?", NULL };
	static const char *const p_bar[] = { "/e/net/1*|/e/user/b*", NULL };
	static const char *const p_all_e[] = { "/e/*", NULL };
	static const char *const p_none[] = { "/nothing/*", NULL };
	struct guest g = guest_open();
	unsigned int i;
	int calls = 0;

	for (i = 0; i < G_N_ELEMENTS(names); i++) {
		if (strchr(names[i], '?')) {
			/* Not a valid name: refused, not stored. */
			ck_assert_int_eq(vbgl_guestprop_set_value(
						 g.h, g.client, names[i], "v"),
					 -EINVAL);
			continue;
		}
		ck_assert_int_eq(vbgl_guestprop_set_value(g.h, g.client,
							  names[i], "v"),
				 0);
	}
	names_are(&g, p_ip, "/e/net/0/ip /e/net/1/ip");
	names_are(&g, p_two, "/e/os/release /e/os/version /e/user/a");
	names_are(&g, p_bar,
		  "/e/net/1/ip /e/net/1/mac /e/net/10/ip /e/user/bb");
	names_are(&g, p_all_e,
		  "/e/net/0/ip /e/net/0/mac /e/net/1/ip /e/net/1/mac "
		  "/e/net/10/ip /e/os/release /e/os/version /e/user/a "
		  "/e/user/bb");
	names_are(&g, p_none, "");
	/* No patterns: everything, the host's own properties included. */
	{
		g_autofree char *all = enum_names(&g, NULL);

		ck_assert_ptr_nonnull(
			strstr(all, "/VirtualBox/HostInfo/VBoxVer "));
		ck_assert_ptr_nonnull(strstr(all, "/e/user/bb"));
	}
	/* The callback can stop the walk. */
	ck_assert_int_eq(vbgl_guestprop_enumerate(g.h, g.client, NULL,
						  stop_early, &calls),
			 -ECANCELED);
	ck_assert_int_eq(calls, 2);
	guest_close(&g);
}
END_TEST

/* More than the library's first 4 KiB: the overflow retry. */
START_TEST(test_enumerate_large)
{
	static const char *const pat[] = { "/big/*", NULL };
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	struct guest g = guest_open();
	char value[1000];
	unsigned int i;

	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	for (i = 0; i < 40; i++) {
		g_autofree char *n = g_strdup_printf("/big/%02u", i);

		ck_assert_int_eq(
			vbgl_guestprop_set_value(g.h, g.client, n, value), 0);
	}
	ck_assert_int_eq(vbgl_guestprop_enumerate(g.h, g.client, pat, collect,
						  names),
			 40);
	ck_assert_uint_eq(names->len, 40);
	guest_close(&g);
}
END_TEST

struct waiter {
	struct guest *g;
	const char *const *patterns;
	uint64_t last;
	uint32_t timeout_ms;
	int rc;
	struct vbgl_guestprop_change change;
	int64_t returned_us;
	int64_t returned_real_us; /* wall clock, like the timestamps */
	gint started;
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;

	g_atomic_int_set(&w->started, 1);
	w->rc = vbgl_guestprop_wait(w->g->h, w->g->client, w->patterns, w->last,
				    w->timeout_ms, &w->change);
	w->returned_us = now_us();
	w->returned_real_us = g_get_real_time();
	return NULL;
}

static void start_waiter(pthread_t *t, struct waiter *w)
{
	ck_assert_int_eq(pthread_create(t, NULL, waiter_thread, w), 0);
	while (!g_atomic_int_get(&w->started))
		g_usleep(1000);
	/* Let the call reach the host and wait there. */
	g_usleep(200 * 1000);
}

START_TEST(test_wait_host_change)
{
	static const char *const pat[] = { "/w/*", NULL };
	struct guest g = guest_open();
	struct waiter w = { .g = &g, .patterns = pat, .timeout_ms = 10000 };
	int64_t before_us, after_us;
	pthread_t t;
	uint64_t first;

	start_waiter(&t, &w);
	/* Not matching: still waiting. */
	g_free(host(0, "set", "/x/other", "1", NULL, NULL));
	g_usleep(100 * 1000);
	ck_assert_int_eq(pthread_tryjoin_np(t, NULL), EBUSY);

	before_us = now_us();
	g_free(host(0, "set", "/w/a", "hello", "--flags", "TRANSIENT"));
	after_us = now_us();
	pthread_join(t, NULL);
	ck_assert_int_eq(w.rc, 0);
	ck_assert_str_eq(w.change.name, "/w/a");
	ck_assert_str_eq(w.change.value, "hello");
	ck_assert_uint_eq(w.change.flags, VBGL_GUESTPROP_TRANSIENT);
	ck_assert(!w.change.deleted);
	ck_assert(!w.change.missed);
	/* The wait ends within 1 s of the change (here: of the ctl run). */
	ck_assert_msg(w.returned_us - before_us < 1000000,
		      "wait returned %" PRId64 " us after the host change",
		      w.returned_us - before_us);
	/* The host stamps the change with its clock, the same as ours here. */
	printf("# guest wait returned %" PRId64 " us after the host changed "
	       "the property (%" PRId64 " us after ctl started, %" PRId64
	       " us after it exited)\n",
	       w.returned_real_us - (int64_t)(w.change.timestamp / 1000),
	       w.returned_us - before_us, w.returned_us - after_us);
	ck_assert_int_lt(w.returned_real_us -
				 (int64_t)(w.change.timestamp / 1000),
			 1000000);
	first = w.change.timestamp;
	vbgl_guestprop_change_clear(&w.change);

	/* A deletion from the guest itself, waited for with the timestamp. */
	memset(&w, 0, sizeof(w));
	w.g = &g;
	w.patterns = pat;
	w.last = first;
	w.timeout_ms = 10000;
	{
		struct guest g2 = guest_open();

		start_waiter(&t, &w);
		ck_assert_int_eq(vbgl_guestprop_delete(g2.h, g2.client, "/w/a"),
				 0);
		pthread_join(t, NULL);
		guest_close(&g2);
	}
	ck_assert_int_eq(w.rc, 0);
	ck_assert_str_eq(w.change.name, "/w/a");
	ck_assert(w.change.deleted);
	ck_assert_str_eq(w.change.value, "");
	ck_assert_uint_gt(w.change.timestamp, first);
	vbgl_guestprop_change_clear(&w.change);

	/* The remembered timestamp: the next change comes back at once. */
	ck_assert_int_eq(vbgl_guestprop_wait(g.h, g.client, pat, first, 1000,
					     &w.change),
			 0);
	ck_assert(w.change.deleted);
	vbgl_guestprop_change_clear(&w.change);
	/* An unknown one: the oldest kept change, flagged as "missed". */
	ck_assert_int_eq(vbgl_guestprop_wait(g.h, g.client, pat, 42, 1000,
					     &w.change),
			 0);
	ck_assert(w.change.missed);
	ck_assert_uint_eq(w.change.timestamp, first);
	ck_assert_str_eq(w.change.value, "hello");
	vbgl_guestprop_change_clear(&w.change);
	guest_close(&g);
}
END_TEST

START_TEST(test_wait_timeout_cancels)
{
	static const char *const pat[] = { "/quiet/*", NULL };
	struct guest g = guest_open();
	struct vbgl_guestprop_change ch;
	g_autofree char *stats = NULL;
	int64_t t0 = now_us(), elapsed;

	ck_assert_int_eq(vbgl_guestprop_wait(g.h, g.client, pat, 0, 300, &ch),
			 -ETIMEDOUT);
	elapsed = now_us() - t0;
	ck_assert_msg(elapsed >= 290000 && elapsed < 1500000,
		      "timed out after %" PRId64 " us", elapsed);
	/* The host forgot the wait: it counts as cancelled, not pending. */
	stats = hostsim_ctl(sim, NULL, "hgcm-stats", NULL);
	ck_assert_msg(
		strstr(stats,
		       "name=GET_NOTIFICATION calls=1 ok=0 failed=0 cancelled=1"),
		"%s", stats);
	/* A later change completes nothing and a new wait works. */
	g_free(host(0, "set", "/quiet/x", "1", NULL, NULL));
	ck_assert_int_eq(vbgl_guestprop_wait(g.h, g.client, pat, 0, 200, &ch),
			 -ETIMEDOUT);
	guest_close(&g);
}
END_TEST

/*
 * A second wait of the same client with the same patterns ends the first
 * with VERR_INTERRUPTED, as on a VirtualBox host (vboxctl relies on it to
 * end a wait on SIGINT); other patterns or clients leave it alone.
 */
START_TEST(test_wait_replaced)
{
	static const char *const pat[] = { "/r/*", NULL };
	static const char *const other[] = { "/r/x", NULL };
	struct guest g = guest_open(), g2 = guest_open();
	struct waiter w = { .g = &g, .patterns = pat, .timeout_ms = 10000 };
	struct vbgl_guestprop_change ch;
	pthread_t t;

	start_waiter(&t, &w);
	ck_assert_int_eq(vbgl_guestprop_wait(g.h, g.client, other, 0, 100, &ch),
			 -ETIMEDOUT);
	ck_assert_int_eq(vbgl_guestprop_wait(g2.h, g2.client, pat, 0, 100, &ch),
			 -ETIMEDOUT);
	ck_assert_int_eq(pthread_tryjoin_np(t, NULL), EBUSY);
	ck_assert_int_eq(vbgl_guestprop_wait(g.h, g.client, pat, 0, 100, &ch),
			 -ETIMEDOUT);
	pthread_join(t, NULL);
	ck_assert_int_eq(w.rc, -EINTR);
	guest_close(&g2);
	guest_close(&g);
}
END_TEST

/*
 * Disconnecting a client ends its pending wait with VERR_INTERRUPTED, as
 * on a VirtualBox host: the waiter's call completes (failed), it is not
 * left to its timeout.
 */
START_TEST(test_wait_ends_at_disconnect)
{
	static const char *const pat[] = { "/d/*", NULL };
	struct guest g = guest_open();
	struct waiter w = { .g = &g, .patterns = pat, .timeout_ms = 20000 };
	g_autofree char *stats = NULL;
	int64_t before_us;
	pthread_t t;
	int i;

	start_waiter(&t, &w);
	ck_assert_int_eq(pthread_tryjoin_np(t, NULL), EBUSY);
	before_us = now_us();
	ck_assert_int_eq(vbgl_guestprop_disconnect(g.h, g.client), 0);
	for (i = 0; i < 500 && pthread_tryjoin_np(t, NULL) == EBUSY; i++)
		g_usleep(10 * 1000);
	ck_assert_msg(i < 500, "the wait outlived its client by 5 s");
	ck_assert_int_eq(w.rc, -EINTR);
	ck_assert_int_lt(w.returned_us - before_us, 5000000);
	stats = hostsim_ctl(sim, NULL, "hgcm-stats", NULL);
	ck_assert_msg(
		strstr(stats,
		       "name=GET_NOTIFICATION calls=1 ok=0 failed=1 cancelled=0"),
		"%s", stats);
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "0", 5000));
	vbgl_close(g.h);
}
END_TEST

/* A client that goes away with a wait pending leaves nothing behind. */
START_TEST(test_wait_client_exit)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		static const char *const pat[] = { "/never/*", NULL };
		struct vbgl_guestprop_change ch;
		struct vbgl_handle *h;
		uint32_t c;

		if (vbgl_open(sim->guest_device, VBGL_OPEN_SYSTEM, &h) < 0 ||
		    vbgl_guestprop_connect(h, &c) < 0)
			_exit(1);
		vbgl_guestprop_wait(h, c, pat, 0, VBGL_TIMEOUT_INFINITE, &ch);
		_exit(2);
	}
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "1", 5000));
	g_usleep(200 * 1000);
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert(hostsim_wait_status(sim, "hgcm_clients", "0", 5000));
	ck_assert(hostsim_wait_status(sim, "sessions", "0", 5000));
	/* The service still serves. */
	g_free(host(0, "set", "/never/x", "1", NULL, NULL));
}
END_TEST

/* Raw calls the service must refuse, through the real driver. */
static int32_t raw_set(struct guest *g, const void *name, uint32_t nlen,
		       const void *value, uint32_t vlen, const char *flags)
{
	struct vbgl_hgcm_call *call;
	int32_t status;

	ck_assert_int_eq(vbgl_hgcm_call_new(g->client, 2, 3, &call), 0);
	vbgl_hgcm_set_buf_in(call, 0, name, nlen);
	vbgl_hgcm_set_buf_in(call, 1, value, vlen);
	vbgl_hgcm_set_buf_in(call, 2, flags, (uint32_t)strlen(flags) + 1);
	vbgl_hgcm_call(g->h, call);
	status = vbgl_hgcm_call_status(call);
	vbgl_hgcm_call_free(call);
	return status;
}

START_TEST(test_limits_refused)
{
	struct guest g = guest_open();
	char name[80], value[1100];

	memset(name, 'n', sizeof(name));
	name[63] = '\0';
	ck_assert_int_eq(raw_set(&g, name, 64, "v", 2, ""), VINF_SUCCESS);
	name[63] = 'n';
	name[64] = '\0';
	ck_assert_int_eq(raw_set(&g, name, 65, "v", 2, ""),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(raw_set(&g, "a*", 3, "v", 2, ""),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(raw_set(&g, "a|b", 4, "v", 2, ""),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(raw_set(&g, "abc", 3, "v", 2, ""), /* no NUL */
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(raw_set(&g, "a\xc0", 3, "v", 2, ""), /* UTF-8 */
			 VERR_INVALID_PARAMETER);
	memset(value, 'v', sizeof(value));
	value[1023] = '\0';
	ck_assert_int_eq(raw_set(&g, "/l/v", 5, value, 1024, ""), VINF_SUCCESS);
	value[1023] = 'v';
	value[1024] = '\0';
	ck_assert_int_eq(raw_set(&g, "/l/v", 5, value, 1025, ""),
			 VERR_TOO_MUCH_DATA);
	ck_assert_int_eq(raw_set(&g, "/l/v", 5, "x", 2, "TRANSIENT, bogus"),
			 VERR_PARSE_ERROR);
	/* Nothing of the refused ones reached the store. */
	g_free(host(1, "get", "a*", NULL, NULL, NULL));
	{
		g_autofree char *v = host_field("/l/v", "value");

		ck_assert_uint_eq(strlen(v), 1023);
	}

	/* The library's view of the same limits. */
	ck_assert_int_eq(vbgl_guestprop_set_value(g.h, g.client, name, "v"),
			 -EINVAL);
	ck_assert_int_eq(vbgl_guestprop_set_value(g.h, g.client, "a?b", "v"),
			 -EINVAL);
	ck_assert_int_eq(vbgl_guestprop_set_value(g.h, g.client, "/l/v", value),
			 -E2BIG);
	ck_assert_int_eq(vbgl_guestprop_set(g.h, g.client, "/l/v", "x", 0x1),
			 -EINVAL);
	ck_assert_int_eq(vbgl_guestprop_get(g.h, g.client, "", NULL, NULL,
					    NULL),
			 -EINVAL);
	guest_close(&g);
}
END_TEST

static Suite *guestprop_suite(void)
{
	Suite *s = suite_create("guestprop");

	ovt_add_sim_test(s, "round-trip", test_round_trip, 60);
	ovt_add_sim_test(s, "rdonlyguest", test_rdonlyguest_enforced, 60);
	ovt_add_sim_test(s, "enumerate", test_enumerate_patterns, 60);
	ovt_add_sim_test(s, "enumerate-large", test_enumerate_large, 60);
	ovt_add_sim_test(s, "wait", test_wait_host_change, 60);
	ovt_add_sim_test(s, "wait-timeout", test_wait_timeout_cancels, 60);
	ovt_add_sim_test(s, "wait-replaced", test_wait_replaced, 60);
	ovt_add_sim_test(s, "wait-disconnect", test_wait_ends_at_disconnect,
			 60);
	ovt_add_sim_test(s, "wait-client-exit", test_wait_client_exit, 60);
	ovt_add_sim_test(s, "limits", test_limits_refused, 60);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(guestprop_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
