// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-balloon's /proc sampling against fake proc trees: every field in
 * the right unit, loads from deltas, missing or malformed input leaving
 * its stat_caps bit clear, long lines, sparse and out-of-range CPU ids.
 */
#include "config.h"

#include "tests/common/ovt_rmtree.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "services/vbox-balloon/guest_stats.h"

static gchar *root;

static void root_setup(void)
{
	root = g_dir_make_tmp("ovt-proc-XXXXXX", NULL);
	ck_assert_ptr_nonnull(root);
}

static void root_teardown(void)
{
	ovt_rmtree(root);
	g_clear_pointer(&root, g_free);
}

static void put(const char *name, const char *text)
{
	gchar *path = g_build_filename(root, name, NULL);
	gchar *dir = g_path_get_dirname(path);

	ck_assert_int_eq(g_mkdir_with_parents(dir, 0755), 0);
	ck_assert(g_file_set_contents(path, text, -1, NULL));
	g_free(dir);
	g_free(path);
}

static void mkdir_in_root(const char *name)
{
	gchar *path = g_build_filename(root, name, NULL);

	ck_assert_int_eq(g_mkdir(path, 0755), 0);
	g_free(path);
}

static const char full_meminfo[] = "MemTotal:        2048000 kB\n"
				   "MemFree:          512000 kB\n"
				   "MemAvailable:    1024000 kB\n"
				   "Buffers:            4000 kB\n"
				   "Cached:           200000 kB\n"
				   "SwapCached:            0 kB\n"
				   "SwapTotal:       1048576 kB\n"
				   "SwapFree:        1048576 kB\n"
				   "Slab:              60000 kB\n"
				   "SReclaimable:      40000 kB\n"
				   "SUnreclaim:        20000 kB\n"
				   "KernelStack:        8000 kB\n"
				   "PageTables:        12000 kB\n"
				   "Committed_AS:    3000000 kB\n"
				   "HugePages_Total:       0\n";

/* The one report a tree without /proc/stat gives. */
static struct vbgl_guest_stats sample_one(int64_t balloon)
{
	struct guest_stats_sampler *s = guest_stats_sampler_new(root);
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct vbgl_guest_stats));
	struct vbgl_guest_stats st;

	ck_assert_uint_eq(guest_stats_sample(s, balloon, out), 1);
	st = g_array_index(out, struct vbgl_guest_stats, 0);
	g_array_free(out, TRUE);
	guest_stats_sampler_free(s);
	return st;
}

START_TEST(test_memory_fields_and_units)
{
	struct vbgl_guest_stats st;

	put("meminfo", full_meminfo);
	st = sample_one(64);
	ck_assert_uint_eq(st.cpu_id, 0);
	ck_assert_uint_eq(st.page_size, 4096);
	ck_assert_uint_eq(st.phys_mem_total, 512000);
	ck_assert_uint_eq(st.phys_mem_avail, 256000);
	ck_assert_uint_eq(st.memory_load, 50);
	ck_assert_uint_eq(st.mem_system_cache, 51000);
	ck_assert_uint_eq(st.page_file_size, 262144);
	ck_assert_uint_eq(st.mem_commit_total, 750000);
	ck_assert_uint_eq(st.mem_kernel_paged, 10000);
	ck_assert_uint_eq(st.mem_kernel_nonpaged, 10000);
	ck_assert_uint_eq(st.mem_kernel_total, 20000);
	ck_assert_uint_eq(st.phys_mem_balloon, 64 * 256);
	ck_assert_uint_eq(st.stat_caps, VBGL_STAT_MEMORY_LOAD |
						VBGL_STAT_PHYS_MEM_TOTAL |
						VBGL_STAT_PHYS_MEM_AVAIL |
						VBGL_STAT_PHYS_MEM_BALLOON |
						VBGL_STAT_MEM_COMMIT_TOTAL |
						VBGL_STAT_MEM_KERNEL_TOTAL |
						VBGL_STAT_MEM_KERNEL_PAGED |
						VBGL_STAT_MEM_KERNEL_NONPAGED |
						VBGL_STAT_MEM_SYSTEM_CACHE |
						VBGL_STAT_PAGE_FILE_SIZE);
}
END_TEST

/* Kernels before 3.14 have no MemAvailable. */
START_TEST(test_avail_fallback)
{
	struct vbgl_guest_stats st;

	put("meminfo", "MemTotal: 1000000 kB\nMemFree: 100000 kB\n"
		       "Buffers: 20000 kB\nCached: 280000 kB\n");
	st = sample_one(-1);
	ck_assert_uint_eq(st.phys_mem_avail, 100000);
	ck_assert_uint_eq(st.memory_load, 60);
	ck_assert(st.stat_caps & VBGL_STAT_PHYS_MEM_AVAIL);
	ck_assert(!(st.stat_caps & VBGL_STAT_PHYS_MEM_BALLOON));
	ck_assert(!(st.stat_caps & VBGL_STAT_PAGE_FILE_SIZE));
	ck_assert(!(st.stat_caps & VBGL_STAT_MEM_KERNEL_TOTAL));
}
END_TEST

/* A missing or malformed figure clears its bit and only its bit. */
START_TEST(test_missing_and_malformed)
{
	struct vbgl_guest_stats st;

	put("meminfo", "MemTotal: abc kB\n"		      /* not a number */
		       "MemFree 100 kB\n"		      /* no colon */
		       "Buffers: 4000 MB\n"		      /* wrong unit */
		       "Cached: 99999999999999999999999 kB\n" /* overflows */
		       "SwapTotal: 4096 kB\n"
		       "SReclaimable: 8192 kB\n"
		       "SUnreclaim: 4096 kB\n" /* KernelStack missing */
		       "PageTables: 4096 kB\n"
		       "Committed_AS:\n");
	st = sample_one(0);
	ck_assert_uint_eq(st.stat_caps, VBGL_STAT_PAGE_FILE_SIZE |
						VBGL_STAT_MEM_KERNEL_PAGED |
						VBGL_STAT_PHYS_MEM_BALLOON);
	ck_assert_uint_eq(st.page_file_size, 1024);
	ck_assert_uint_eq(st.mem_kernel_paged, 2048);
	ck_assert_uint_eq(st.phys_mem_balloon, 0);
}
END_TEST

/* Figures beyond 32 bits of pages saturate instead of wrapping. */
START_TEST(test_saturation)
{
	struct vbgl_guest_stats st;

	put("meminfo", "MemTotal: 68719476736000 kB\n"
		       "MemAvailable: 68719476736000 kB\n");
	st = sample_one(G_MAXINT64 / 2);
	ck_assert_uint_eq(st.phys_mem_total, UINT32_MAX);
	ck_assert_uint_eq(st.phys_mem_avail, UINT32_MAX);
	ck_assert_uint_eq(st.memory_load, 0);
	ck_assert_uint_eq(st.phys_mem_balloon, UINT32_MAX);
}
END_TEST

START_TEST(test_counts)
{
	struct vbgl_guest_stats st;

	put("loadavg", "0.00 0.01 0.05 2/345 6789\n");
	put("sys/fs/file-nr", "1234\t0\t9223372036854775807\n");
	mkdir_in_root("1");
	mkdir_in_root("42");
	mkdir_in_root("1000");
	mkdir_in_root("self");
	mkdir_in_root("1a");
	st = sample_one(-1);
	ck_assert_uint_eq(st.threads, 345);
	ck_assert_uint_eq(st.handles, 1234);
	ck_assert_uint_eq(st.processes, 3);
	ck_assert_uint_eq(st.stat_caps, VBGL_STAT_THREADS |
						VBGL_STAT_PROCESSES |
						VBGL_STAT_HANDLES);

	put("loadavg", "0.00 0.01 0.05 garbage\n");
	put("sys/fs/file-nr", "x\n");
	st = sample_one(-1);
	ck_assert_uint_eq(st.stat_caps, VBGL_STAT_PROCESSES);
}
END_TEST

/* Nothing readable at all: one report, only what the driver told. */
START_TEST(test_nothing_readable)
{
	struct guest_stats_sampler *s;
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct vbgl_guest_stats));
	struct vbgl_guest_stats st;

	s = guest_stats_sampler_new("/nonexistent/proc");
	ck_assert_uint_eq(guest_stats_sample(s, 3, out), 1);
	st = g_array_index(out, struct vbgl_guest_stats, 0);
	ck_assert_uint_eq(st.stat_caps, VBGL_STAT_PHYS_MEM_BALLOON);
	ck_assert_uint_eq(st.phys_mem_balloon, 768);
	ck_assert_uint_eq(st.page_size, 4096);
	guest_stats_sampler_free(s);
	g_array_free(out, TRUE);
}
END_TEST

#define LOADS                                                  \
	(VBGL_STAT_CPU_LOAD_IDLE | VBGL_STAT_CPU_LOAD_KERNEL | \
	 VBGL_STAT_CPU_LOAD_USER)

static const struct vbgl_guest_stats *nth(GArray *out, guint i)
{
	return &g_array_index(out, struct vbgl_guest_stats, i);
}

static void assert_loads(const struct vbgl_guest_stats *st, uint32_t cpu,
			 uint32_t idle, uint32_t kernel, uint32_t user)
{
	ck_assert_uint_eq(st->cpu_id, cpu);
	ck_assert_uint_eq(st->stat_caps & LOADS, LOADS);
	ck_assert_uint_eq(st->cpu_load_idle, idle);
	ck_assert_uint_eq(st->cpu_load_kernel, kernel);
	ck_assert_uint_eq(st->cpu_load_user, user);
}

/* A /proc/stat whose "intr" line is far longer than the line buffer. */
static void put_stat(const char *cpu_lines)
{
	GString *s = g_string_new("cpu  1 2 3 4 5 6 7 8 0 0\n");
	int i;

	g_string_append(s, cpu_lines);
	g_string_append(s, "intr 123456");
	for (i = 0; i < 2000; i++)
		g_string_append(s, " 0");
	g_string_append(s, "\nctxt 1000\nbtime 1700000000\n"
			   "cpu7 1 1 1 1 1 1 1 1\n"); /* after the long line */
	put("stat", s->str);
	g_string_free(s, TRUE);
}

START_TEST(test_cpu_loads)
{
	struct guest_stats_sampler *s = guest_stats_sampler_new(root);
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct vbgl_guest_stats));

	put("meminfo", full_meminfo);
	/* First sample: since boot.  cpu0 = 100 user, 50 system, 850 idle. */
	put_stat("cpu0 100 0 50 850 0 0 0 0 0 0\n"
		 "cpu1 300 100 100 400 50 25 25 0 0 0\n"
		 "cpu3 0 0 0 0 0 0 0 0 0 0\n" /* no time at all */
		 "cpu2 5 5 5\n"		      /* too short */
		 "cpu5000 1 1 1 1 1 1 1 1\n"  /* id out of range */
		 "cpux 1 1 1 1\n");
	ck_assert_uint_eq(guest_stats_sample(s, 0, out), 4);
	assert_loads(nth(out, 0), 0, 85, 5, 10);
	assert_loads(nth(out, 1), 1, 45, 15, 40);
	ck_assert_uint_eq(nth(out, 2)->cpu_id, 3);
	ck_assert_uint_eq(nth(out, 2)->stat_caps & LOADS, 0);
	assert_loads(nth(out, 3), 7, 25, 38, 25);
	/* Every report carries the same memory figures. */
	ck_assert_uint_eq(nth(out, 3)->phys_mem_avail, 256000);
	ck_assert_uint_eq(nth(out, 1)->memory_load, 50);

	/*
	 * Second sample: deltas.  cpu0 +30 user +20 nice +25 system +100 idle
	 * +20 iowait +5 irq = 200; cpu1 went backwards (hot-plugged again):
	 * since boot; cpu3 still idle-free.
	 */
	put_stat("cpu0 130 20 75 950 20 5 0 0 0 0\n"
		 "cpu1 10 0 0 30 0 0 0 0 0 0\n"
		 "cpu3 0 0 0 0 0 0 0 0 0 0\n");
	ck_assert_uint_eq(guest_stats_sample(s, 0, out), 4);
	assert_loads(nth(out, 0), 0, 60, 15, 25);
	assert_loads(nth(out, 1), 1, 75, 0, 25);
	ck_assert_uint_eq(nth(out, 2)->stat_caps & LOADS, 0);
	/* cpu7 unchanged: no time passed, no loads. */
	ck_assert_uint_eq(nth(out, 3)->cpu_id, 7);
	ck_assert_uint_eq(nth(out, 3)->stat_caps & LOADS, 0);

	g_array_free(out, TRUE);
	guest_stats_sampler_free(s);
}
END_TEST

/* The machine this runs on: sane figures, one report per CPU. */
START_TEST(test_real_proc)
{
	struct guest_stats_sampler *s = guest_stats_sampler_new(NULL);
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct vbgl_guest_stats));
	const struct vbgl_guest_stats *st;
	guint n, i;

	n = guest_stats_sample(s, 0, out);
	ck_assert_uint_ge(n, 1);
	ck_assert_uint_le(n, GUEST_STATS_MAX_CPUS);
	for (i = 0; i < n; i++) {
		st = nth(out, i);
		ck_assert(st->stat_caps & VBGL_STAT_PHYS_MEM_TOTAL);
		ck_assert(st->stat_caps & VBGL_STAT_PHYS_MEM_AVAIL);
		ck_assert(st->stat_caps & VBGL_STAT_PROCESSES);
		ck_assert_uint_gt(st->phys_mem_total, 0);
		ck_assert_uint_le(st->phys_mem_avail, st->phys_mem_total);
		ck_assert_uint_ge(st->processes, 1);
		ck_assert_uint_le(st->memory_load, 100);
		ck_assert_uint_le(st->cpu_load_idle, 100);
	}
	g_array_free(out, TRUE);
	guest_stats_sampler_free(s);
}
END_TEST

static Suite *stats_suite(void)
{
	Suite *s = suite_create("guest-stats");
	TCase *tc = tcase_create("fake-proc");
	TCase *real = tcase_create("real-proc");

	tcase_add_checked_fixture(tc, root_setup, root_teardown);
	tcase_add_test(tc, test_memory_fields_and_units);
	tcase_add_test(tc, test_avail_fallback);
	tcase_add_test(tc, test_missing_and_malformed);
	tcase_add_test(tc, test_saturation);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_nothing_readable);
	tcase_add_test(tc, test_cpu_loads);
	suite_add_tcase(s, tc);
	tcase_add_test(real, test_real_proc);
	suite_add_tcase(s, real);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(stats_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
