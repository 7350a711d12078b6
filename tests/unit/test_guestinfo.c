// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of vbox-guestinfo's pure part: the property set built from
 * plain structs, and the cache's writes and deletes.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>

#include "services/vbox-guestinfo/guestinfo_props.h"

#define NET "/VirtualBox/GuestInfo/Net/"

static const struct guestinfo_iface lo = {
	.name = "lo",
	.loopback = true,
	.up = true,
};
static struct guestinfo_iface eth0 = {
	.name = "eth0",
	.mac = { 0x08, 0x00, 0x27, 0xab, 0xcd, 0xef },
	.up = true,
};
static struct guestinfo_iface dummy0 = {
	.name = "dummy0",
	.mac = { 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f },
};

static void setup(void)
{
	eth0.addr = inet_addr("10.0.2.15");
	eth0.broadcast = inet_addr("10.0.2.255");
	eth0.netmask = inet_addr("255.255.255.0");
	dummy0.addr = inet_addr("10.200.0.1");
	dummy0.broadcast = 0;
	dummy0.netmask = inet_addr("255.255.0.0");
}

static const char *lookup(const GPtrArray *set, const char *name,
			  unsigned int *flags)
{
	guint i;

	for (i = 0; i < set->len; i++) {
		const struct guestinfo_prop *p = set->pdata[i];

		if (strcmp(p->name, name) == 0) {
			if (flags)
				*flags = p->flags;
			return p->value ? p->value : "<absent>";
		}
	}
	return NULL;
}

static struct guestinfo_input base_input(void)
{
	struct guestinfo_input in = {
		.os = { .product = "Linux",
			.release = "6.8.0-1",
			.version = "#1 SMP PREEMPT" },
		.version = "0.1.0",
		.revision = "1000",
	};

	return in;
}

/* ---- the set --------------------------------------------------------- */

struct expect {
	const char *name;
	const char *value; /* "<absent>": in the set with NULL */
	unsigned int flags;
};

static const struct expect fixed_expect[] = {
	{ "/VirtualBox/GuestInfo/OS/Product", "Linux", 0 },
	{ "/VirtualBox/GuestInfo/OS/Release", "6.8.0-1", 0 },
	{ "/VirtualBox/GuestInfo/OS/Version", "#1 SMP PREEMPT", 0 },
	{ "/VirtualBox/GuestInfo/OS/ServicePack", "", 0 },
	{ "/VirtualBox/GuestAdd/Version", "0.1.0", 0 },
	{ "/VirtualBox/GuestAdd/VersionExt", "0.1.0", 0 },
	{ "/VirtualBox/GuestAdd/Revision", "1000", 0 },
	{ GUESTINFO_USERS_LIST, "<absent>", GUESTINFO_F_TRANSIENT },
	{ GUESTINFO_USERS_COUNT, "0", GUESTINFO_F_TRANSIENT },
	{ GUESTINFO_NO_USERS, "true", GUESTINFO_F_TRANSIENT },
	{ GUESTINFO_NET_COUNT, "2", GUESTINFO_F_ALWAYS },
	{ NET "0/V4/IP", "10.0.2.15", 0 },
	{ NET "0/V4/Broadcast", "10.0.2.255", 0 },
	{ NET "0/V4/Netmask", "255.255.255.0", 0 },
	{ NET "0/MAC", "080027ABCDEF", 0 },
	{ NET "0/Status", "Up", 0 },
	{ NET "0/Name", "eth0", 0 },
	{ NET "1/V4/IP", "10.200.0.1", 0 },
	{ NET "1/V4/Broadcast", "0.0.0.0", 0 },
	{ NET "1/V4/Netmask", "255.255.0.0", 0 },
	{ NET "1/MAC", "0A1B2C3D4E5F", 0 },
	{ NET "1/Status", "Down", 0 },
	{ NET "1/Name", "dummy0", 0 },
};

START_TEST(test_set_row)
{
	const struct guestinfo_iface ifs[] = { lo, eth0, dummy0 };
	struct guestinfo_input in = base_input();
	const struct expect *e = &fixed_expect[_i];
	g_autoptr(GPtrArray) set = NULL;
	unsigned int flags = 99, n = 0;
	const char *v;

	in.ifaces = ifs;
	in.n_ifaces = G_N_ELEMENTS(ifs);
	set = guestinfo_props_build(&in, &n);
	ck_assert_uint_eq(n, 2);
	v = lookup(set, e->name, &flags);
	ck_assert_msg(v, "%s missing", e->name);
	ck_assert_str_eq(v, e->value);
	ck_assert_uint_eq(flags, e->flags);
}
END_TEST

START_TEST(test_set_size_and_loopback)
{
	const struct guestinfo_iface ifs[] = { lo, eth0, dummy0 };
	struct guestinfo_input in = base_input();
	g_autoptr(GPtrArray) set = NULL;

	in.ifaces = ifs;
	in.n_ifaces = G_N_ELEMENTS(ifs);
	set = guestinfo_props_build(&in, NULL);
	ck_assert_uint_eq(set->len, G_N_ELEMENTS(fixed_expect));
	ck_assert_ptr_null(lookup(set, NET "2/V4/IP", NULL));
}
END_TEST

struct users_case {
	const char *users[5];
	size_t n;
	const char *list, *count, *none;
};

static const struct users_case users_cases[] = {
	{ { NULL }, 0, "<absent>", "0", "true" },
	{ { "alice" }, 1, "alice", "1", "false" },
	{ { "alice", "bob", "alice" }, 3, "alice,bob", "2", "false" },
	{ { "bob", "", "alice", "bob" }, 4, "bob,alice", "2", "false" },
	{ { "", "" }, 2, "<absent>", "0", "true" },
};

START_TEST(test_users)
{
	const struct users_case *c = &users_cases[_i];
	struct guestinfo_input in = base_input();
	g_autoptr(GPtrArray) set = NULL;

	in.users = c->users;
	in.n_users = c->n;
	set = guestinfo_props_build(&in, NULL);
	ck_assert_str_eq(lookup(set, GUESTINFO_USERS_LIST, NULL), c->list);
	ck_assert_str_eq(lookup(set, GUESTINFO_USERS_COUNT, NULL), c->count);
	ck_assert_str_eq(lookup(set, GUESTINFO_NO_USERS, NULL), c->none);
}
END_TEST

START_TEST(test_name_not_utf8)
{
	struct guestinfo_iface bad = eth0;
	struct guestinfo_input in = base_input();
	g_autoptr(GPtrArray) set = NULL;

	memset(bad.name, 0xff, sizeof(bad.name));
	in.ifaces = &bad;
	in.n_ifaces = 1;
	set = guestinfo_props_build(&in, NULL);
	ck_assert_ptr_null(lookup(set, NET "0/Name", NULL));
	ck_assert_str_eq(lookup(set, NET "0/V4/IP", NULL), "10.0.2.15");
}
END_TEST

static const struct {
	const char *version, *revision;
} rev_cases[] = {
	{ "0.1.0", "1000" },
	{ "1.2.3", "1002003" },
	{ "7.0.14_OVT", "7000014" },
	{ "1.2", "0" },
	{ "1000.0.0", "0" },
	{ "x.1.2", "0" },
	{ "", "0" },
};

START_TEST(test_revision)
{
	g_autofree char *r = guestinfo_revision(rev_cases[_i].version);

	ck_assert_str_eq(r, rev_cases[_i].revision);
}
END_TEST

/* ---- the cache ------------------------------------------------------- */

static GPtrArray *diff_commit(struct guestinfo_cache *c,
			      const struct guestinfo_input *in)
{
	g_autoptr(GPtrArray) set = guestinfo_props_build(in, NULL);
	GPtrArray *ops = guestinfo_cache_diff(c, set);
	guint i;

	for (i = 0; i < ops->len; i++)
		guestinfo_cache_commit(c, ops->pdata[i]);
	return ops;
}

static const struct guestinfo_op *find_op(const GPtrArray *ops,
					  const char *name)
{
	guint i;

	for (i = 0; i < ops->len; i++) {
		const struct guestinfo_op *op = ops->pdata[i];

		if (strcmp(op->name, name) == 0)
			return op;
	}
	return NULL;
}

/*
 * A sequence of states; after each, the ops the cache asks for, as
 * "name=value" (or "name" for a delete), in order.
 */
struct cache_step {
	size_t n_ifaces; /* of eth0, dummy0 */
	const char *users[3];
	size_t n_users;
	bool reset;	 /* guestinfo_cache_reset() first */
	const char *ops; /* " "-separated */
};

static const struct cache_step cache_steps[] = {
	/* Nothing changes: only the beacon. */
	{ 1, { NULL }, 0, false, NET "Count=1" },
	/* An interface comes. */
	{ 2,
	  { NULL },
	  0,
	  false,
	  NET "1/V4/IP=10.200.0.1 " NET "1/V4/Broadcast=0.0.0.0 " NET
	      "1/V4/Netmask=255.255.0.0 " NET "1/MAC=0A1B2C3D4E5F " NET
	      "1/Status=Down " NET "1/Name=dummy0 " NET "Count=2" },
	/* A user logs in. */
	{ 2,
	  { "alice" },
	  1,
	  false,
	  GUESTINFO_USERS_LIST "=alice " GUESTINFO_USERS_COUNT
			       "=1 " GUESTINFO_NO_USERS "=false " NET
			       "Count=2" },
	/* The interface and the user go. */
	{ 1,
	  { NULL },
	  0,
	  false,
	  GUESTINFO_USERS_LIST
	  " " GUESTINFO_USERS_COUNT "=0 " GUESTINFO_NO_USERS "=true " NET
	  "Count=1 " NET "1/MAC " NET "1/Name " NET "1/Status " NET
	  "1/V4/Broadcast " NET "1/V4/IP " NET "1/V4/Netmask" },
};

static char *ops_string(const GPtrArray *ops)
{
	GString *s = g_string_new(NULL);
	guint i;

	for (i = 0; i < ops->len; i++) {
		const struct guestinfo_op *op = ops->pdata[i];

		g_string_append_printf(s, "%s%s%s%s", i ? " " : "", op->name,
				       op->value ? "=" : "",
				       op->value ? op->value : "");
	}
	return g_string_free(s, FALSE);
}

START_TEST(test_cache_sequence)
{
	const struct guestinfo_iface ifs[] = { eth0, dummy0 };
	struct guestinfo_cache *c = guestinfo_cache_new();
	struct guestinfo_input in = base_input();
	g_autoptr(GPtrArray) first = NULL;
	size_t i;

	in.ifaces = ifs;
	in.n_ifaces = 1;
	first = diff_commit(c, &in);
	/* The first cycle writes everything but the absent users list. */
	ck_assert_uint_eq(first->len, 7 + 2 + 6 + 1);
	ck_assert_ptr_null(find_op(first, GUESTINFO_USERS_LIST));
	for (i = 0; i < G_N_ELEMENTS(cache_steps); i++) {
		const struct cache_step *st = &cache_steps[i];
		g_autoptr(GPtrArray) ops = NULL;
		g_autofree char *got = NULL;

		in.n_ifaces = st->n_ifaces;
		in.users = st->users;
		in.n_users = st->n_users;
		ops = diff_commit(c, &in);
		got = ops_string(ops);
		ck_assert_msg(strcmp(got, st->ops) == 0,
			      "step %zu: got '%s', want '%s'", i, got, st->ops);
	}
	guestinfo_cache_free(c);
}
END_TEST

START_TEST(test_cache_failed_write_retried)
{
	struct guestinfo_cache *c = guestinfo_cache_new();
	struct guestinfo_input in = base_input();
	g_autoptr(GPtrArray) set = guestinfo_props_build(&in, NULL);
	g_autoptr(GPtrArray) ops = guestinfo_cache_diff(c, set);
	g_autoptr(GPtrArray) again = NULL;

	/* Nothing committed: the next diff asks for the same writes. */
	again = guestinfo_cache_diff(c, set);
	ck_assert_uint_eq(again->len, ops->len);
	ck_assert_uint_eq(guestinfo_cache_size(c), 0);
	guestinfo_cache_free(c);
}
END_TEST

START_TEST(test_cache_reset_writes_all)
{
	struct guestinfo_cache *c = guestinfo_cache_new();
	struct guestinfo_input in = base_input();
	g_autoptr(GPtrArray) a = diff_commit(c, &in);
	g_autoptr(GPtrArray) b = NULL;
	g_autoptr(GPtrArray) d = NULL;

	b = diff_commit(c, &in);
	ck_assert_uint_eq(b->len, 1);
	guestinfo_cache_reset(c);
	d = diff_commit(c, &in);
	ck_assert_uint_eq(d->len, a->len);
	guestinfo_cache_free(c);
}
END_TEST

START_TEST(test_exit_ops)
{
	const struct guestinfo_iface ifs[] = { eth0 };
	const char *users[] = { "alice" };
	struct guestinfo_cache *c = guestinfo_cache_new();
	struct guestinfo_input in = base_input();
	g_autoptr(GPtrArray) ops = NULL;
	g_autoptr(GPtrArray) exit_ops = NULL;
	g_autofree char *got = NULL;

	in.ifaces = ifs;
	in.n_ifaces = 1;
	in.users = users;
	in.n_users = 1;
	ops = diff_commit(c, &in);
	exit_ops = guestinfo_cache_exit_ops(c);
	got = ops_string(exit_ops);
	ck_assert_str_eq(got,
			 NET "0/MAC " NET "0/Name " NET "0/Status " NET
			     "0/V4/Broadcast " NET "0/V4/IP " NET
			     "0/V4/Netmask " NET "Count " GUESTINFO_USERS_LIST
			     " " GUESTINFO_USERS_COUNT "=0 " GUESTINFO_NO_USERS
			     "=true");
	ck_assert_uint_eq(((const struct guestinfo_op *)
				   exit_ops->pdata[exit_ops->len - 1])
				  ->flags,
			  GUESTINFO_F_TRANSIENT);
	guestinfo_cache_free(c);
}
END_TEST

START_TEST(test_mac_format)
{
	static const uint8_t mac[6] = { 0, 1, 0xa, 0xbc, 0xff, 0x10 };
	char buf[13];

	guestinfo_mac_format(mac, buf);
	ck_assert_str_eq(buf, "00010ABCFF10");
}
END_TEST

static Suite *guestinfo_suite(void)
{
	Suite *s = suite_create("guestinfo");
	TCase *tc = tcase_create("set");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_set_row, 0, G_N_ELEMENTS(fixed_expect));
	tcase_add_test(tc, test_set_size_and_loopback);
	tcase_add_loop_test(tc, test_users, 0, G_N_ELEMENTS(users_cases));
	tcase_add_test(tc, test_name_not_utf8);
	tcase_add_loop_test(tc, test_revision, 0, G_N_ELEMENTS(rev_cases));
	tcase_add_test(tc, test_mac_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("cache");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_cache_sequence);
	tcase_add_test(tc, test_cache_failed_write_retried);
	tcase_add_test(tc, test_cache_reset_writes_all);
	tcase_add_test(tc, test_exit_ops);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(guestinfo_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
