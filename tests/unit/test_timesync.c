// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-timesync's decisions, table driven: small offsets slewed, large
 * ones stepped, the dynamic minimum adjustment (latency, guest ahead),
 * --set-start, a restore (a new session id) stepping once, the latency
 * filter (maximum, factor times the shortest round trip), standing down
 * for another time service and --force; the configuration limits; the
 * host's settings through guest properties; the detection of time daemons
 * in a fake root.
 */
#include "config.h"

#include "tests/common/ovt_rmtree.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "services/vbox-timesync/timesync_detect.h"
#include "services/vbox-timesync/timesync_hostcfg.h"
#include "services/vbox-timesync/timesync_logic.h"

#define MS TS_NS_PER_MS
#define US 1000LL
#define T0 (1700000000000LL * MS)

enum cfg_tweak {
	CFG_DEFAULT,
	CFG_SET_START,
	CFG_NO_RESTORE,
	CFG_FORCE,
	CFG_NO_MIN_ADJUST,
};

struct step {
	int64_t rtt_us;
	int64_t offset_ms; /* host - midpoint */
	uint64_t session;  /* 0: no session id */
	bool external;
	enum ts_action action;
	enum ts_reason reason;
	bool standing_changed;
};

#define MAX_STEPS 6

struct scenario {
	const char *name;
	enum cfg_tweak tweak;
	struct step steps[MAX_STEPS];
	unsigned int n;
	uint64_t discarded, slews, steps_done;
};

#define A(x) TS_ACTION_##x
#define R(x) TS_REASON_##x

static const struct scenario scenarios[] = {
	{ "in sync: nothing",
	  CFG_DEFAULT,
	  { { 200, 0, 1, false, A(NONE), R(NONE), false },
	    { 200, 50, 1, false, A(NONE), R(NONE), false },
	    { 200, -150, 1, false, A(NONE), R(NONE), false } },
	  3,
	  0,
	  0,
	  0 },
	{ "+3 s slews",
	  CFG_DEFAULT,
	  { { 200, 3000, 1, false, A(SLEW), R(OFFSET), false } },
	  1,
	  0,
	  1,
	  0 },
	{ "-700 ms slews",
	  CFG_DEFAULT,
	  { { 200, -700, 1, false, A(SLEW), R(OFFSET), false } },
	  1,
	  0,
	  1,
	  0 },
	{ "+25 min steps",
	  CFG_DEFAULT,
	  { { 200, 25 * 60000, 1, false, A(STEP), R(OFFSET), false } },
	  1,
	  0,
	  0,
	  1 },
	{ "-25 min steps",
	  CFG_DEFAULT,
	  { { 200, -25 * 60000, 1, false, A(STEP), R(OFFSET), false } },
	  1,
	  0,
	  0,
	  1 },
	{ "just below the set threshold slews",
	  CFG_DEFAULT,
	  { { 200, 20 * 60000 - 1, 1, false, A(SLEW), R(OFFSET), false } },
	  1,
	  0,
	  1,
	  0 },
	{ "ahead needs twice the minimum adjustment",
	  CFG_DEFAULT,
	  { { 200, 150, 1, false, A(SLEW), R(OFFSET), false },
	    { 200, -150, 1, false, A(NONE), R(NONE), false },
	    { 200, -250, 1, false, A(SLEW), R(OFFSET), false } },
	  3,
	  0,
	  2,
	  0 },
	{ "a slower round trip raises the minimum adjustment",
	  CFG_DEFAULT,
	  { { 20000, 30, 1, false, A(NONE), R(NONE), false },
	    { 20000, 150, 1, false, A(NONE), R(NONE), false },
	    { 20000, 170, 1, false, A(SLEW), R(OFFSET), false } },
	  3,
	  0,
	  1,
	  0 },
	{ "--set-start steps the first sample, even in sync",
	  CFG_SET_START,
	  { { 200, 3, 1, false, A(STEP), R(START), false },
	    { 200, 3000, 1, false, A(SLEW), R(OFFSET), false } },
	  2,
	  0,
	  1,
	  1 },
	{ "a restore steps once",
	  CFG_DEFAULT,
	  { { 200, 0, 1, false, A(NONE), R(NONE), false },
	    { 200, 3000, 2, false, A(STEP), R(RESTORE), false },
	    { 200, 3000, 2, false, A(SLEW), R(OFFSET), false } },
	  3,
	  0,
	  1,
	  1 },
	{ "a restore in sync changes nothing",
	  CFG_DEFAULT,
	  { { 200, 0, 1, false, A(NONE), R(NONE), false },
	    { 200, 20, 2, false, A(NONE), R(NONE), false },
	    { 200, 3000, 2, false, A(SLEW), R(OFFSET), false } },
	  3,
	  0,
	  1,
	  0 },
	{ "a restore waits for a good sample",
	  CFG_DEFAULT,
	  { { 200, 0, 1, false, A(NONE), R(NONE), false },
	    { 300000, 3000, 2, false, A(DISCARD), R(MAX_LATENCY), false },
	    { 200, 3000, 2, false, A(STEP), R(RESTORE), false } },
	  3,
	  1,
	  0,
	  1 },
	{ "--no-set-on-restore slews after a restore",
	  CFG_NO_RESTORE,
	  { { 200, 0, 1, false, A(NONE), R(NONE), false },
	    { 200, 3000, 2, false, A(SLEW), R(OFFSET), false } },
	  2,
	  0,
	  1,
	  0 },
	{ "no session id: no restore",
	  CFG_DEFAULT,
	  { { 200, 0, 0, false, A(NONE), R(NONE), false },
	    { 200, 3000, 0, false, A(SLEW), R(OFFSET), false } },
	  2,
	  0,
	  1,
	  0 },
	{ "above the maximum latency: discarded",
	  CFG_DEFAULT,
	  { { 250001, 3000, 1, false, A(DISCARD), R(MAX_LATENCY), false },
	    { 250000, 3000, 1, false, A(SLEW), R(OFFSET), false } },
	  2,
	  1,
	  1,
	  0 },
	{ "above factor x the shortest round trip: discarded",
	  CFG_DEFAULT,
	  { { 2000, 3000, 1, false, A(SLEW), R(OFFSET), false },
	    { 16001, 3000, 1, false, A(DISCARD), R(LATENCY_FACTOR), false },
	    { 16000, 3000, 1, false, A(SLEW), R(OFFSET), false } },
	  3,
	  1,
	  2,
	  0 },
	{ "short round trips count as 1 ms for the factor",
	  CFG_DEFAULT,
	  { { 10, 3000, 1, false, A(SLEW), R(OFFSET), false },
	    { 8000, 3000, 1, false, A(SLEW), R(OFFSET), false },
	    { 8001, 3000, 1, false, A(DISCARD), R(LATENCY_FACTOR), false } },
	  3,
	  1,
	  2,
	  0 },
	{ "the guest clock going back in a sample: discarded",
	  CFG_DEFAULT,
	  { { -5, 3000, 1, false, A(DISCARD), R(BAD_SAMPLE), false } },
	  1,
	  1,
	  0,
	  0 },
	{ "stands down for another time service, once",
	  CFG_DEFAULT,
	  { { 200, 3000, 1, true, A(STAND_DOWN), R(EXTERNAL), true },
	    { 200, 3000, 1, true, A(STAND_DOWN), R(EXTERNAL), false },
	    { 200, 3000, 1, false, A(SLEW), R(OFFSET), true } },
	  3,
	  0,
	  1,
	  0 },
	{ "--force does not stand down",
	  CFG_FORCE,
	  { { 200, 3000, 1, true, A(SLEW), R(OFFSET), false } },
	  1,
	  0,
	  1,
	  0 },
	{ "min-adjust 0: any offset above the latency",
	  CFG_NO_MIN_ADJUST,
	  { { 100, 2, 1, false, A(SLEW), R(OFFSET), false } },
	  1,
	  0,
	  1,
	  0 },
};

static void make_config(enum cfg_tweak t, struct ts_config *cfg)
{
	ts_config_defaults(cfg);
	/* Rows test one thing each: a step at start only where asked. */
	cfg->set_start = t == CFG_SET_START;
	if (t == CFG_NO_RESTORE)
		cfg->set_on_restore = false;
	else if (t == CFG_FORCE)
		cfg->force = true;
	else if (t == CFG_NO_MIN_ADJUST)
		cfg->min_adjust_ms = 0;
}

static void make_sample(const struct step *st, unsigned int i,
			struct ts_sample *s)
{
	int64_t before = T0 + (int64_t)i * 10000 * MS;
	int64_t mid;

	s->guest_before_ns = before;
	s->guest_after_ns = before + st->rtt_us * US;
	mid = before + st->rtt_us * US / 2;
	/* The host answers in whole ms: round so the offset stays exact. */
	s->host_ms = (mid + MS / 2) / MS + st->offset_ms;
	s->have_session = st->session != 0;
	s->session_id = st->session;
	s->external_sync = st->external;
}

START_TEST(test_scenario)
{
	const struct scenario *sc = &scenarios[_i];
	struct ts_decision d;
	struct ts_config cfg;
	struct ts_logic l;
	unsigned int i;

	make_config(sc->tweak, &cfg);
	ck_assert_ptr_null(ts_config_check(&cfg));
	ts_logic_init(&l, &cfg);
	for (i = 0; i < sc->n; i++) {
		const struct step *st = &sc->steps[i];
		struct ts_sample s;

		make_sample(st, i, &s);
		ts_logic_decide(&l, &s, &d);
		ck_assert_msg(
			d.action == st->action && d.reason == st->reason &&
				d.standing_changed == st->standing_changed,
			"%s, sample %u: %s (%s, changed %d), expected %s (%s, changed %d)",
			sc->name, i, ts_action_name(d.action),
			ts_reason_name(d.reason), d.standing_changed,
			ts_action_name(st->action), ts_reason_name(st->reason),
			st->standing_changed);
		if (d.action == A(SLEW) || d.action == A(STEP) ||
		    d.action == A(NONE))
			ck_assert_int_le(
				llabs(d.offset_ns - st->offset_ms * MS),
				MS / 2 + 1);
	}
	ck_assert_uint_eq(l.discarded, sc->discarded);
	ck_assert_uint_eq(l.slews, sc->slews);
	ck_assert_uint_eq(l.steps, sc->steps_done);
}
END_TEST

START_TEST(test_defaults)
{
	struct ts_config cfg;

	ts_config_defaults(&cfg);
	ck_assert_uint_eq(cfg.interval_ms, 10000);
	ck_assert_uint_eq(cfg.min_adjust_ms, 100);
	ck_assert_uint_eq(cfg.latency_factor, 8);
	ck_assert_uint_eq(cfg.max_latency_ms, 250);
	ck_assert_uint_eq(cfg.set_threshold_ms, 1200000);
	ck_assert(cfg.set_start); /* VBoxService: false, see the .h */
	ck_assert(cfg.set_on_restore);
	ck_assert(!cfg.force);
}
END_TEST

START_TEST(test_limits)
{
	static const struct {
		uint32_t interval, min_adjust, factor, max_latency, threshold;
		bool ok;
	} rows[] = {
		{ 50, 0, 1, 1, 0, true },
		{ 49, 100, 8, 250, 1200000, false },
		{ 10000, 3600000, 1024, 3600000, 604800000, true },
		{ 10000, 3600001, 8, 250, 1200000, false },
		{ 10000, 100, 0, 250, 1200000, false },
		{ 10000, 100, 1025, 250, 1200000, false },
		{ 10000, 100, 8, 0, 1200000, false },
		{ 10000, 100, 8, 3600001, 1200000, false },
		{ 10000, 100, 8, 250, 604800001, false },
	};
	struct ts_config cfg;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(rows); i++) {
		ts_config_defaults(&cfg);
		cfg.interval_ms = rows[i].interval;
		cfg.min_adjust_ms = rows[i].min_adjust;
		cfg.latency_factor = rows[i].factor;
		cfg.max_latency_ms = rows[i].max_latency;
		cfg.set_threshold_ms = rows[i].threshold;
		ck_assert_msg((ts_config_check(&cfg) == NULL) == rows[i].ok,
			      "row %zu", i);
	}
}
END_TEST

START_TEST(test_host_time_out_of_range)
{
	struct ts_sample s = { T0, T0 + 100 * US, INT64_MAX / 1000, true,
			       1,  false };
	struct ts_decision d;
	struct ts_config cfg;
	struct ts_logic l;

	ts_config_defaults(&cfg);
	ts_logic_init(&l, &cfg);
	ts_logic_decide(&l, &s, &d);
	ck_assert_int_eq(d.action, A(DISCARD));
	ck_assert_int_eq(d.reason, R(BAD_SAMPLE));
	s.host_ms = -1;
	ts_logic_decide(&l, &s, &d);
	ck_assert_int_eq(d.action, A(DISCARD));
	ck_assert_uint_eq(l.discarded, 2);
}
END_TEST

START_TEST(test_kernel_synced)
{
	ck_assert(ts_kernel_synced(STA_PLL, 1000));
	ck_assert(!ts_kernel_synced(STA_UNSYNC, 1000));
	ck_assert(!ts_kernel_synced(STA_PLL | STA_UNSYNC, 1000));
	ck_assert(!ts_kernel_synced(0, TS_NTP_MAXERROR_LIMIT_US));
	ck_assert(!ts_kernel_synced(0, -1));
}
END_TEST

static gchar *root;

static void put(const char *name, const char *text)
{
	gchar *path = g_build_filename(root, name, NULL);
	gchar *dir = g_path_get_dirname(path);

	ck_assert_int_eq(g_mkdir_with_parents(dir, 0755), 0);
	ck_assert(g_file_set_contents(path, text, -1, NULL));
	g_free(dir);
	g_free(path);
}

static void root_setup(void)
{
	root = g_dir_make_tmp("ovt-timesync-XXXXXX", NULL);
	ck_assert_ptr_nonnull(root);
}

static void root_teardown(void)
{
	ovt_rmtree(root);
	g_clear_pointer(&root, g_free);
}

START_TEST(test_find_daemon)
{
	char name[32] = "";

	ck_assert(!ts_find_time_daemon(root, name, sizeof(name)));
	/* A stale pid file (no such process) and a malformed one. */
	put("run/chrony/chronyd.pid", "4242\n");
	put("run/ntpd.pid", "12x\n");
	ck_assert(!ts_find_time_daemon(root, name, sizeof(name)));
	put("proc/4242/stat", "");
	ck_assert(ts_find_time_daemon(root, name, sizeof(name)));
	ck_assert_str_eq(name, "chronyd");
	put("run/systemd/timesync/synchronized", "");
	ck_assert(ts_find_time_daemon(root, name, sizeof(name)));
	ck_assert_str_eq(name, "systemd-timesyncd");
}
END_TEST

/* ---- the host's settings ---------------------------------------------- */

struct hostcfg_case {
	const char *what;
	const char *props; /* "name=value;..." after TS_HOSTCFG_PREFIX */
	uint32_t given;
	/* expected */
	uint32_t interval_ms, min_adjust_ms, factor, max_latency_ms, threshold;
	bool set_start, set_on_restore;
	const char *notes; /* joined with "|" */
};

#define D_INT TS_DEFAULT_INTERVAL_MS
#define D_MIN TS_DEFAULT_MIN_ADJUST_MS
#define D_FAC TS_DEFAULT_LATENCY_FACTOR
#define D_LAT TS_DEFAULT_MAX_LATENCY_MS
#define D_THR TS_DEFAULT_SET_THRESHOLD_MS

static const struct hostcfg_case hostcfg_cases[] = {
	{ "no properties: the defaults", "", 0, D_INT, D_MIN, D_FAC, D_LAT,
	  D_THR, true, true, "" },
	{ "every number (a Vagrant box's set)",
	  "interval=5000;min-adjust=50;latency-factor=4;max-latency=100;set-threshold=1000",
	  0, 5000, 50, 4, 100, 1000, true, true,
	  "interval=5000|min-adjust=50|latency-factor=4|max-latency=100|set-threshold=1000" },
	{ "hexadecimal as VBoxService reads it", "set-threshold=0x3e8", 0,
	  D_INT, D_MIN, D_FAC, D_LAT, 1000, true, true, "set-threshold=1000" },
	{ "flags count by being there, any value",
	  "no-set-start=;no-set-on-restore=0", 0, D_INT, D_MIN, D_FAC, D_LAT,
	  D_THR, false, false, "no-set-start|no-set-on-restore" },
	{ "the no form wins over the yes form", "set-start=1;no-set-start=1", 0,
	  D_INT, D_MIN, D_FAC, D_LAT, D_THR, false, true, "no-set-start" },
	{ "the command line beats the host",
	  "set-threshold=1000;interval=5000;no-set-start=",
	  TS_GIVEN_SET_THRESHOLD | TS_GIVEN_SET_START, 5000, D_MIN, D_FAC,
	  D_LAT, D_THR, true, true, "interval=5000" },
	{ "out of range: ignored", "interval=10;latency-factor=2000", 0, D_INT,
	  D_MIN, D_FAC, D_LAT, D_THR, true, true,
	  "ignored: interval=\"10\" (a number from 50 to 4294967294)|"
	  "ignored: latency-factor=\"2000\" (a number from 1 to 1024)" },
	{ "not a number: ignored",
	  "min-adjust=12ms;max-latency=;set-threshold=-1", 0, D_INT, D_MIN,
	  D_FAC, D_LAT, D_THR, true, true,
	  "ignored: min-adjust=\"12ms\" (a number from 0 to 3600000)|"
	  "ignored: max-latency=\"\" (a number from 1 to 3600000)|"
	  "ignored: set-threshold=\"-1\" (a number from 0 to 604800000)" },
	{ "limits are accepted", "min-adjust=0;set-threshold=604800000", 0,
	  D_INT, 0, D_FAC, D_LAT, 604800000, true, true,
	  "min-adjust=0|set-threshold=604800000" },
};

/* The host's properties: a table; "fail" makes every read fail. */
static int table_get(void *ctx, const char *name, gchar **value)
{
	g_auto(GStrv) props = g_strsplit(ctx, ";", -1);
	size_t plen = strlen(TS_HOSTCFG_PREFIX);
	guint i;

	ck_assert(g_str_has_prefix(name, TS_HOSTCFG_PREFIX));
	for (i = 0; props[i]; i++) {
		const char *eq = strchr(props[i], '=');

		if (eq && strlen(name + plen) == (size_t)(eq - props[i]) &&
		    !strncmp(name + plen, props[i], eq - props[i])) {
			*value = g_strdup(eq + 1);
			return 0;
		}
	}
	return -ENOENT;
}

START_TEST(test_hostcfg)
{
	const struct hostcfg_case *c = &hostcfg_cases[_i];
	g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
	g_autofree gchar *joined = NULL;
	struct ts_config cfg;

	ts_config_defaults(&cfg);
	cfg.given = c->given;
	ts_hostcfg_apply(&cfg, table_get, (void *)c->props, notes);
	g_ptr_array_add(notes, NULL);
	joined = g_strjoinv("|", (gchar **)notes->pdata);
	ck_assert_msg(!strcmp(joined, c->notes),
		      "%s: notes \"%s\", expected \"%s\"", c->what, joined,
		      c->notes);
	ck_assert_msg(cfg.interval_ms == c->interval_ms &&
			      cfg.min_adjust_ms == c->min_adjust_ms &&
			      cfg.latency_factor == c->factor &&
			      cfg.max_latency_ms == c->max_latency_ms &&
			      cfg.set_threshold_ms == c->threshold &&
			      cfg.set_start == c->set_start &&
			      cfg.set_on_restore == c->set_on_restore,
		      "%s: got %u %u %u %u %u %d %d", c->what, cfg.interval_ms,
		      cfg.min_adjust_ms, cfg.latency_factor, cfg.max_latency_ms,
		      cfg.set_threshold_ms, cfg.set_start, cfg.set_on_restore);
	ck_assert_uint_eq(cfg.given, c->given);
}
END_TEST

static int failing_get(void *ctx, const char *name, gchar **value)
{
	(void)ctx;
	(void)name;
	(void)value;
	return -EIO;
}

START_TEST(test_hostcfg_read_errors)
{
	g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
	struct ts_config cfg, def;

	ts_config_defaults(&cfg);
	def = cfg;
	ts_hostcfg_apply(&cfg, failing_get, NULL, notes);
	ck_assert_uint_eq(notes->len, 0);
	ck_assert(!memcmp(&cfg, &def, sizeof(cfg)));
}
END_TEST

static Suite *timesync_suite(void)
{
	Suite *s = suite_create("timesync");
	TCase *tc = tcase_create("logic");
	TCase *td = tcase_create("detect");

	tcase_add_loop_test(tc, test_scenario, 0, G_N_ELEMENTS(scenarios));
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_host_time_out_of_range);
	tcase_add_loop_test(tc, test_hostcfg, 0, G_N_ELEMENTS(hostcfg_cases));
	tcase_add_test(tc, test_hostcfg_read_errors);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(td, root_setup, root_teardown);
	tcase_add_test(td, test_kernel_synced);
	tcase_add_test(td, test_find_daemon);
	suite_add_tcase(s, td);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(timesync_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
