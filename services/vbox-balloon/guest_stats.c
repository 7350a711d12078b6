// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Guest statistics from /proc (see guest_stats.h for the mapping).
 *
 * Parsing is defensive: files are read line by line through a fixed
 * buffer (a longer line, such as the "intr" line of /proc/stat on a big
 * machine, is skipped whole), numbers are checked for overflow, and a line
 * that does not have the expected shape is ignored, so its figure simply
 * stays unknown.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "services/vbox-balloon/guest_stats.h"

/* Pages in a 1 MiB balloon chunk. */
#define CHUNK_PAGES (1024 * 1024 / GUEST_STATS_PAGE_SIZE)

/* Longest line handled; the lines used here are far shorter. */
#define LINE_SIZE 512

/* The per-CPU times of /proc/stat used here, in their order. */
enum {
	CPU_USER,
	CPU_NICE,
	CPU_SYSTEM,
	CPU_IDLE,
	CPU_IOWAIT,
	CPU_IRQ,
	CPU_SOFTIRQ,
	CPU_STEAL,
	CPU_FIELDS
};
/* A cpu line needs at least user, nice, system and idle. */
#define CPU_MIN_FIELDS 4

enum meminfo_key {
	MI_MEM_TOTAL,
	MI_MEM_FREE,
	MI_MEM_AVAILABLE,
	MI_BUFFERS,
	MI_CACHED,
	MI_SWAP_TOTAL,
	MI_COMMITTED_AS,
	MI_SRECLAIMABLE,
	MI_SUNRECLAIM,
	MI_KERNEL_STACK,
	MI_PAGE_TABLES,
	MI_COUNT
};

static const char *const meminfo_names[MI_COUNT] = {
	[MI_MEM_TOTAL] = "MemTotal",
	[MI_MEM_FREE] = "MemFree",
	[MI_MEM_AVAILABLE] = "MemAvailable",
	[MI_BUFFERS] = "Buffers",
	[MI_CACHED] = "Cached",
	[MI_SWAP_TOTAL] = "SwapTotal",
	[MI_COMMITTED_AS] = "Committed_AS",
	[MI_SRECLAIMABLE] = "SReclaimable",
	[MI_SUNRECLAIM] = "SUnreclaim",
	[MI_KERNEL_STACK] = "KernelStack",
	[MI_PAGE_TABLES] = "PageTables",
};

struct meminfo {
	uint64_t kb[MI_COUNT];
	uint32_t have; /* bit per enum meminfo_key */
};

struct cpu_times {
	gboolean have;
	uint64_t t[CPU_FIELDS];
};

struct guest_stats_sampler {
	gchar *root;
	struct cpu_times *prev; /* GUEST_STATS_MAX_CPUS entries */
};

struct guest_stats_sampler *guest_stats_sampler_new(const char *proc_root)
{
	struct guest_stats_sampler *s = g_new0(struct guest_stats_sampler, 1);

	s->root = g_strdup(proc_root && proc_root[0] ? proc_root : "/proc");
	s->prev = g_new0(struct cpu_times, GUEST_STATS_MAX_CPUS);
	return s;
}

void guest_stats_sampler_free(struct guest_stats_sampler *s)
{
	if (!s)
		return;
	g_free(s->prev);
	g_free(s->root);
	g_free(s);
}

/* ---- reading ------------------------------------------------------------ */

static FILE *open_proc(const struct guest_stats_sampler *s, const char *name)
{
	gchar *path = g_build_filename(s->root, name, NULL);
	FILE *f = fopen(path, "re");

	if (!f)
		g_debug("cannot read %s: %s", path, g_strerror(errno));
	g_free(path);
	return f;
}

/*
 * Next line of @f into @buf without its newline.  A line that does not fit
 * is consumed and skipped.  Returns FALSE at the end of the file.
 */
static gboolean read_line(FILE *f, char *buf, size_t size)
{
	size_t len;
	int c;

	for (;;) {
		if (!fgets(buf, (int)size, f))
			return FALSE;
		len = strlen(buf);
		if (len && buf[len - 1] == '\n') {
			buf[len - 1] = '\0';
			return TRUE;
		}
		if (len + 1 < size)
			return TRUE; /* last line, no newline */
		do
			c = getc(f);
		while (c != EOF && c != '\n');
	}
}

/* Parse a decimal number after optional blanks; advance *p past it. */
static gboolean parse_u64(const char **p, uint64_t *value)
{
	const char *s = *p;
	uint64_t v = 0;
	unsigned int d;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!g_ascii_isdigit(*s))
		return FALSE;
	for (; g_ascii_isdigit(*s); s++) {
		d = (unsigned int)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return FALSE;
		v = v * 10 + d;
	}
	*value = v;
	*p = s;
	return TRUE;
}

static gboolean rest_is(const char *p, const char *word)
{
	size_t len = strlen(word);

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, word, len))
		return FALSE;
	for (p += len; *p == ' ' || *p == '\t'; p++)
		;
	return *p == '\0';
}

/* "Key:   1234 kB" for one of the keys used. */
static void parse_meminfo_line(const char *line, struct meminfo *mi)
{
	const char *colon = strchr(line, ':');
	const char *p;
	uint64_t kb;
	size_t len;
	int i;

	if (!colon)
		return;
	len = (size_t)(colon - line);
	for (i = 0; i < MI_COUNT; i++) {
		if (strlen(meminfo_names[i]) == len &&
		    !memcmp(line, meminfo_names[i], len))
			break;
	}
	p = colon + 1;
	if (i == MI_COUNT || !parse_u64(&p, &kb) || !rest_is(p, "kB"))
		return;
	mi->kb[i] = kb;
	mi->have |= 1u << i;
}

static void read_meminfo(const struct guest_stats_sampler *s,
			 struct meminfo *mi)
{
	char line[LINE_SIZE];
	FILE *f;

	memset(mi, 0, sizeof(*mi));
	f = open_proc(s, "meminfo");
	if (!f)
		return;
	while (read_line(f, line, sizeof(line)))
		parse_meminfo_line(line, mi);
	fclose(f);
}

/* "cpuN user nice system idle [iowait irq softirq steal ...]". */
static gboolean parse_cpu_line(const char *line, uint32_t *id,
			       uint64_t t[CPU_FIELDS])
{
	const char *p = line + 3;
	uint64_t cpu;
	int n;

	if (strncmp(line, "cpu", 3) || !g_ascii_isdigit(*p))
		return FALSE;
	if (!parse_u64(&p, &cpu) || cpu >= GUEST_STATS_MAX_CPUS ||
	    (*p != ' ' && *p != '\t'))
		return FALSE;
	memset(t, 0, CPU_FIELDS * sizeof(t[0]));
	for (n = 0; n < CPU_FIELDS && parse_u64(&p, &t[n]); n++)
		;
	if (n < CPU_MIN_FIELDS)
		return FALSE;
	*id = (uint32_t)cpu;
	return TRUE;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint32_t percent(uint64_t part, uint64_t total)
{
	double pct = 100.0 * (double)part / (double)total + 0.5;

	return pct >= 100.0 ? 100 : (uint32_t)pct;
}

/*
 * The loads since @prev (or since boot).  A counter that went backwards
 * (the CPU was unplugged and came back) restarts the count from boot.
 */
static void cpu_loads(const struct cpu_times *prev, const uint64_t cur[],
		      struct vbgl_guest_stats *st)
{
	gboolean delta = prev->have;
	uint64_t d[CPU_FIELDS], total = 0, kernel;
	int i;

	for (i = 0; i < CPU_FIELDS && delta; i++)
		delta = cur[i] >= prev->t[i];
	for (i = 0; i < CPU_FIELDS; i++) {
		d[i] = delta ? cur[i] - prev->t[i] : cur[i];
		total = sat_add(total, d[i]);
	}
	if (!total)
		return;
	st->cpu_load_idle = percent(sat_add(d[CPU_IDLE], d[CPU_IOWAIT]), total);
	kernel = sat_add(sat_add(d[CPU_SYSTEM], d[CPU_IRQ]), d[CPU_SOFTIRQ]);
	st->cpu_load_kernel = percent(kernel, total);
	st->cpu_load_user = percent(sat_add(d[CPU_USER], d[CPU_NICE]), total);
	st->stat_caps |= VBGL_STAT_CPU_LOAD_IDLE | VBGL_STAT_CPU_LOAD_KERNEL |
			 VBGL_STAT_CPU_LOAD_USER;
}

/* Append one report per CPU line, loads filled in, to @out. */
static void read_cpus(struct guest_stats_sampler *s,
		      const struct vbgl_guest_stats *base, GArray *out)
{
	uint64_t t[CPU_FIELDS];
	struct vbgl_guest_stats st;
	char line[LINE_SIZE];
	uint32_t id;
	FILE *f;

	f = open_proc(s, "stat");
	if (!f)
		return;
	while (read_line(f, line, sizeof(line))) {
		if (!parse_cpu_line(line, &id, t))
			continue;
		st = *base;
		st.cpu_id = id;
		cpu_loads(&s->prev[id], t, &st);
		s->prev[id].have = TRUE;
		memcpy(s->prev[id].t, t, sizeof(t));
		g_array_append_val(out, st);
	}
	fclose(f);
}

/* The number at the start of a file's first line. */
static gboolean read_first_number(const struct guest_stats_sampler *s,
				  const char *name, uint64_t *value)
{
	char line[LINE_SIZE];
	const char *p = line;
	gboolean ok;
	FILE *f;

	f = open_proc(s, name);
	if (!f)
		return FALSE;
	ok = read_line(f, line, sizeof(line)) && parse_u64(&p, value);
	fclose(f);
	return ok;
}

/* loadavg: "0.52 0.58 0.59 3/1024 12345": the 1024. */
static gboolean read_threads(const struct guest_stats_sampler *s,
			     uint64_t *threads)
{
	char line[LINE_SIZE];
	const char *p;
	gboolean ok = FALSE;
	uint64_t running;
	gchar **words;
	FILE *f;

	f = open_proc(s, "loadavg");
	if (!f)
		return FALSE;
	if (read_line(f, line, sizeof(line))) {
		words = g_strsplit_set(line, " \t", 6);
		if (g_strv_length(words) >= 4) {
			p = words[3];
			ok = parse_u64(&p, &running) && *p == '/';
			if (ok) {
				p++;
				ok = parse_u64(&p, threads) && *p == '\0';
			}
		}
		g_strfreev(words);
	}
	fclose(f);
	return ok;
}

static gboolean all_digits(const char *name)
{
	if (!*name)
		return FALSE;
	for (; *name; name++) {
		if (!g_ascii_isdigit(*name))
			return FALSE;
	}
	return TRUE;
}

static gboolean count_processes(const struct guest_stats_sampler *s,
				uint64_t *count)
{
	struct dirent *de;
	DIR *dir;

	dir = opendir(s->root);
	if (!dir)
		return FALSE;
	*count = 0;
	while ((de = readdir(dir)))
		*count += all_digits(de->d_name);
	closedir(dir);
	/* A proc file system always lists at least the reader itself. */
	return *count > 0;
}

/* ---- the report --------------------------------------------------------- */

static uint32_t clamp_u32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* KiB to 4 KiB pages. */
static uint32_t kb_to_pages(uint64_t kb)
{
	return clamp_u32(kb / (GUEST_STATS_PAGE_SIZE / 1024));
}

static gboolean have(const struct meminfo *mi, uint32_t keys)
{
	return (mi->have & keys) == keys;
}

#define MI(k) (1u << (k))

static void fill_avail(const struct meminfo *mi, struct vbgl_guest_stats *st)
{
	uint64_t avail;

	if (have(mi, MI(MI_MEM_AVAILABLE)))
		avail = mi->kb[MI_MEM_AVAILABLE];
	else if (have(mi, MI(MI_MEM_FREE) | MI(MI_BUFFERS) | MI(MI_CACHED)))
		avail = sat_add(sat_add(mi->kb[MI_MEM_FREE],
					mi->kb[MI_BUFFERS]),
				mi->kb[MI_CACHED]);
	else
		return;
	st->phys_mem_avail = kb_to_pages(avail);
	st->stat_caps |= VBGL_STAT_PHYS_MEM_AVAIL;

	if (!have(mi, MI(MI_MEM_TOTAL)) || !mi->kb[MI_MEM_TOTAL])
		return;
	avail = MIN(avail, mi->kb[MI_MEM_TOTAL]);
	st->memory_load =
		percent(mi->kb[MI_MEM_TOTAL] - avail, mi->kb[MI_MEM_TOTAL]);
	st->stat_caps |= VBGL_STAT_MEMORY_LOAD;
}

static void fill_kernel(const struct meminfo *mi, struct vbgl_guest_stats *st)
{
	const uint32_t nonpaged = MI(MI_SUNRECLAIM) | MI(MI_KERNEL_STACK) |
				  MI(MI_PAGE_TABLES);
	uint64_t paged_kb = 0, nonpaged_kb = 0;

	if (have(mi, MI(MI_SRECLAIMABLE))) {
		paged_kb = mi->kb[MI_SRECLAIMABLE];
		st->mem_kernel_paged = kb_to_pages(paged_kb);
		st->stat_caps |= VBGL_STAT_MEM_KERNEL_PAGED;
	}
	if (have(mi, nonpaged)) {
		nonpaged_kb = sat_add(sat_add(mi->kb[MI_SUNRECLAIM],
					      mi->kb[MI_KERNEL_STACK]),
				      mi->kb[MI_PAGE_TABLES]);
		st->mem_kernel_nonpaged = kb_to_pages(nonpaged_kb);
		st->stat_caps |= VBGL_STAT_MEM_KERNEL_NONPAGED;
	}
	if (have(mi, MI(MI_SRECLAIMABLE) | nonpaged)) {
		st->mem_kernel_total =
			kb_to_pages(sat_add(paged_kb, nonpaged_kb));
		st->stat_caps |= VBGL_STAT_MEM_KERNEL_TOTAL;
	}
}

static void fill_memory(const struct meminfo *mi, struct vbgl_guest_stats *st)
{
	if (have(mi, MI(MI_MEM_TOTAL))) {
		st->phys_mem_total = kb_to_pages(mi->kb[MI_MEM_TOTAL]);
		st->stat_caps |= VBGL_STAT_PHYS_MEM_TOTAL;
	}
	fill_avail(mi, st);
	if (have(mi, MI(MI_BUFFERS) | MI(MI_CACHED))) {
		st->mem_system_cache = kb_to_pages(
			sat_add(mi->kb[MI_BUFFERS], mi->kb[MI_CACHED]));
		st->stat_caps |= VBGL_STAT_MEM_SYSTEM_CACHE;
	}
	if (have(mi, MI(MI_SWAP_TOTAL))) {
		st->page_file_size = kb_to_pages(mi->kb[MI_SWAP_TOTAL]);
		st->stat_caps |= VBGL_STAT_PAGE_FILE_SIZE;
	}
	if (have(mi, MI(MI_COMMITTED_AS))) {
		st->mem_commit_total = kb_to_pages(mi->kb[MI_COMMITTED_AS]);
		st->stat_caps |= VBGL_STAT_MEM_COMMIT_TOTAL;
	}
	fill_kernel(mi, st);
}

static void fill_counts(const struct guest_stats_sampler *s,
			struct vbgl_guest_stats *st)
{
	uint64_t v;

	if (read_threads(s, &v)) {
		st->threads = clamp_u32(v);
		st->stat_caps |= VBGL_STAT_THREADS;
	}
	if (count_processes(s, &v)) {
		st->processes = clamp_u32(v);
		st->stat_caps |= VBGL_STAT_PROCESSES;
	}
	if (read_first_number(s, "sys/fs/file-nr", &v)) {
		st->handles = clamp_u32(v);
		st->stat_caps |= VBGL_STAT_HANDLES;
	}
}

guint guest_stats_sample(struct guest_stats_sampler *s, int64_t balloon_chunks,
			 GArray *out)
{
	struct vbgl_guest_stats base;
	struct meminfo mi;

	g_array_set_size(out, 0);
	memset(&base, 0, sizeof(base));
	base.page_size = GUEST_STATS_PAGE_SIZE;
	read_meminfo(s, &mi);
	fill_memory(&mi, &base);
	fill_counts(s, &base);
	if (balloon_chunks >= 0) {
		base.phys_mem_balloon =
			balloon_chunks > UINT32_MAX / CHUNK_PAGES ?
				UINT32_MAX :
				(uint32_t)balloon_chunks * CHUNK_PAGES;
		base.stat_caps |= VBGL_STAT_PHYS_MEM_BALLOON;
	}
	read_cpus(s, &base, out);
	if (!out->len)
		g_array_append_val(out, base);
	return out->len;
}
