// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory balloon state and guest statistics: what a balloon/statistics
 * agent needs from the driver and the host.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

_Static_assert(sizeof(struct vbgl_guest_stats) ==
		       sizeof(struct vmmdev_guest_stats),
	       "stats fields");
_Static_assert(VBGL_STAT_CPU_LOAD_IDLE == VBOX_GUEST_STAT_CPU_LOAD_IDLE,
	       "stat bit");
_Static_assert(VBGL_STAT_MEMORY_LOAD == VBOX_GUEST_STAT_MEMORY_LOAD,
	       "stat bit");
_Static_assert(VBGL_STAT_PHYS_MEM_BALLOON == VBOX_GUEST_STAT_PHYS_MEM_BALLOON,
	       "stat bit");
_Static_assert(VBGL_STAT_PAGE_FILE_SIZE == VBOX_GUEST_STAT_PAGE_FILE_SIZE,
	       "stat bit");

#define PERCENT_FIELDS                                         \
	(VBGL_STAT_CPU_LOAD_IDLE | VBGL_STAT_CPU_LOAD_KERNEL | \
	 VBGL_STAT_CPU_LOAD_USER | VBGL_STAT_MEMORY_LOAD)

int vbgl_check_balloon(struct vbgl_handle *h, uint32_t *chunks,
		       int *handle_in_r3)
{
	struct vbg_ioctl_check_balloon req;
	int ret;

	if (!chunks)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	vbgl_ioctl_hdr_init(&req.hdr, sizeof(req.hdr),
			    sizeof(req.hdr) + sizeof(req.u.out),
			    VBG_IOCTL_HDR_TYPE_DEFAULT);
	ret = vbgl_ioctl(h, VBG_IOCTL_CHECK_BALLOON, &req, sizeof(req));
	if (ret < 0)
		return ret;
	*chunks = req.u.out.balloon_chunks;
	if (handle_in_r3)
		*handle_in_r3 = req.u.out.handle_in_r3 ? 1 : 0;
	return 0;
}

int vbgl_get_stats_interval(struct vbgl_handle *h, int ack, uint32_t *seconds)
{
	struct vmmdev_stats_change_request req;
	int ret;

	if (!seconds)
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req),
				 VMMDEVREQ_GET_STATISTICS_CHANGE_REQ);
	req.event_ack = ack ? VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST :
			      0;
	ret = vbgl_vmmdev_request(h, &req);
	if (ret < 0)
		return ret;
	*seconds = req.interval;
	return 0;
}

static int stats_valid(const struct vbgl_guest_stats *s)
{
	uint32_t pct = s->stat_caps & PERCENT_FIELDS;

	if (s->stat_caps & ~VBGL_STAT_MASK)
		return 0;
	if ((pct & VBGL_STAT_CPU_LOAD_IDLE) && s->cpu_load_idle > 100)
		return 0;
	if ((pct & VBGL_STAT_CPU_LOAD_KERNEL) && s->cpu_load_kernel > 100)
		return 0;
	if ((pct & VBGL_STAT_CPU_LOAD_USER) && s->cpu_load_user > 100)
		return 0;
	if ((pct & VBGL_STAT_MEMORY_LOAD) && s->memory_load > 100)
		return 0;
	return 1;
}

int vbgl_report_guest_stats(struct vbgl_handle *h,
			    const struct vbgl_guest_stats *stats)
{
	struct vmmdev_report_guest_stats req;
	struct vmmdev_guest_stats *w = &req.stats;

	if (!stats || !stats_valid(stats))
		return -EINVAL;
	vbgl_vmmdev_request_init(&req, sizeof(req),
				 VMMDEVREQ_REPORT_GUEST_STATS);
	w->cpu_id = stats->cpu_id;
	w->stat_caps = stats->stat_caps;
	w->cpu_load_idle = stats->cpu_load_idle;
	w->cpu_load_kernel = stats->cpu_load_kernel;
	w->cpu_load_user = stats->cpu_load_user;
	w->threads = stats->threads;
	w->processes = stats->processes;
	w->handles = stats->handles;
	w->memory_load = stats->memory_load;
	w->page_size = stats->page_size;
	w->phys_mem_total = stats->phys_mem_total;
	w->phys_mem_avail = stats->phys_mem_avail;
	w->phys_mem_balloon = stats->phys_mem_balloon;
	w->mem_commit_total = stats->mem_commit_total;
	w->mem_kernel_total = stats->mem_kernel_total;
	w->mem_kernel_paged = stats->mem_kernel_paged;
	w->mem_kernel_nonpaged = stats->mem_kernel_nonpaged;
	w->mem_system_cache = stats->mem_system_cache;
	w->page_file_size = stats->page_file_size;
	return vbgl_vmmdev_request(h, &req);
}
