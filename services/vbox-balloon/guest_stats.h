/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest statistics from /proc, in the fields and units of the VMMDev
 * ReportGuestStats request: one struct vbgl_guest_stats per CPU, memory
 * in 4 KiB pages, loads in percent.  A figure that cannot be read leaves
 * its stat_caps bit clear; nothing is guessed.
 *
 * Sources (all under the proc root, /proc unless told otherwise):
 *  meminfo	phys_mem_total = MemTotal; phys_mem_avail = MemAvailable
 *		(kernels before 3.14: MemFree + Buffers + Cached);
 *		mem_system_cache = Buffers + Cached; page_file_size =
 *		SwapTotal; mem_commit_total = Committed_AS; mem_kernel_paged
 *		= SReclaimable; mem_kernel_nonpaged = SUnreclaim +
 *		KernelStack + PageTables; mem_kernel_total = the sum of both;
 *		memory_load = the share of MemTotal not available
 *	stat	one report per "cpuN" line; idle = idle + iowait, kernel =
 *		system + irq + softirq, user = user + nice, as percentages of
 *		all time (steal included) since the previous sample (since
 *		boot for the first one)
 *	loadavg	threads (the scheduler's entity count)
 *	[0-9]*	processes (one directory per process)
 *	sys/fs/file-nr	handles (allocated file handles)
 * The balloon size comes from the driver (vbgl_check_balloon()).
 */
#ifndef GUEST_STATS_H
#define GUEST_STATS_H

#include <stdint.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"

/* CPU ids above this are ignored (VirtualBox VMs have at most 64). */
#define GUEST_STATS_MAX_CPUS 1024u
/* The page size the memory figures count in. */
#define GUEST_STATS_PAGE_SIZE 4096u

struct guest_stats_sampler;

/**
 * guest_stats_sampler_new - a sampler that reads below @proc_root.
 * @proc_root: the proc file system's mount point (NULL: /proc)
 *
 * Return: the sampler (never NULL).
 */
struct guest_stats_sampler *guest_stats_sampler_new(const char *proc_root);

/**
 * guest_stats_sampler_free - free a sampler; NULL is ignored.
 * @s: the sampler
 */
void guest_stats_sampler_free(struct guest_stats_sampler *s);

/**
 * guest_stats_sample - read /proc once and build the reports.
 * @s: the sampler (remembers the CPU times for the next load figures)
 * @balloon_chunks: the balloon size in MiB, or a negative value if unknown
 *	(PHYS_MEM_BALLOON then stays clear)
 * @out: a GArray of struct vbgl_guest_stats; emptied, then one element per
 *	CPU (one with cpu_id 0 and no CPU loads if /proc/stat lists none)
 *
 * Return: the number of reports (at least 1).
 */
guint guest_stats_sample(struct guest_stats_sampler *s, int64_t balloon_chunks,
			 GArray *out);

#endif /* GUEST_STATS_H */
