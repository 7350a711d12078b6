// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory balloon and guest statistics requests of the emulated VMMDev.
 *
 * The host records which guest pages it holds: an inflate hands it 256
 * page addresses, a deflate takes exactly held pages back.  A real host
 * would also check that each page is guest RAM; here every page-aligned,
 * non-zero address counts as RAM, and the total held may not exceed the
 * configured guest RAM.
 */
#include "config.h"

#include "hostsim/vmmdev_emu_priv.h"

#include <string.h>

void vmmdev_emu_request_balloon(struct vmmdev_emu *emu, uint32_t mib)
{
	g_mutex_lock(&emu->lock);
	emu->balloon_target = mib;
	if (mib != emu->balloon_acked)
		vmmdev_emu_raise_locked(emu,
					VMMDEV_EVENT_BALLOON_CHANGE_REQUEST);
	g_mutex_unlock(&emu->lock);
}

int32_t vmmdev_req_balloon_change(struct vmmdev_emu *emu, void *req,
				  uint32_t size)
{
	struct vmmdev_memballoon_info *r = req;

	(void)size;
	r->balloon_chunks = emu->balloon_target;
	r->phys_mem_chunks = emu->cfg.ram_mib;
	if (r->event_ack == VMMDEV_EVENT_BALLOON_CHANGE_REQUEST)
		emu->balloon_acked = emu->balloon_target;
	return VINF_SUCCESS;
}

static bool page_address_ok(uint64_t phys)
{
	return phys != 0 && (phys & (VMMDEV_PAGE_SIZE - 1)) == 0;
}

static int32_t balloon_inflate(struct vmmdev_emu *emu, const uint64_t *pages)
{
	uint64_t ram_pages =
		(uint64_t)emu->cfg.ram_mib * VMMDEV_MEMORY_BALLOON_CHUNK_PAGES;
	g_autoptr(GHashTable)
		seen = g_hash_table_new(g_int64_hash, g_int64_equal);
	unsigned int i;

	if (g_hash_table_size(emu->balloon_pages) +
		    (uint64_t)VMMDEV_MEMORY_BALLOON_CHUNK_PAGES >
	    ram_pages)
		return VERR_INVALID_PARAMETER;
	for (i = 0; i < VMMDEV_MEMORY_BALLOON_CHUNK_PAGES; i++) {
		if (!page_address_ok(pages[i]) ||
		    g_hash_table_contains(emu->balloon_pages, &pages[i]) ||
		    !g_hash_table_add(seen, (gpointer)&pages[i]))
			return VERR_INVALID_PARAMETER;
	}
	for (i = 0; i < VMMDEV_MEMORY_BALLOON_CHUNK_PAGES; i++) {
		uint64_t *key = g_new(uint64_t, 1);

		*key = pages[i];
		g_hash_table_add(emu->balloon_pages, key);
	}
	emu->balloon_inflates++;
	return VINF_SUCCESS;
}

static int32_t balloon_deflate(struct vmmdev_emu *emu, const uint64_t *pages)
{
	g_autoptr(GHashTable)
		seen = g_hash_table_new(g_int64_hash, g_int64_equal);
	unsigned int i;

	for (i = 0; i < VMMDEV_MEMORY_BALLOON_CHUNK_PAGES; i++) {
		if (!g_hash_table_contains(emu->balloon_pages, &pages[i]) ||
		    !g_hash_table_add(seen, (gpointer)&pages[i]))
			return VERR_INVALID_PARAMETER;
	}
	for (i = 0; i < VMMDEV_MEMORY_BALLOON_CHUNK_PAGES; i++)
		g_hash_table_remove(emu->balloon_pages, &pages[i]);
	emu->balloon_deflates++;
	return VINF_SUCCESS;
}

int32_t vmmdev_req_change_balloon(struct vmmdev_emu *emu, void *req,
				  uint32_t size)
{
	const struct vmmdev_memballoon_change *r = req;
	uint64_t pages[VMMDEV_MEMORY_BALLOON_CHUNK_PAGES];

	if (r->pages != VMMDEV_MEMORY_BALLOON_CHUNK_PAGES || size != sizeof(*r))
		return VERR_INVALID_PARAMETER;
	memcpy(pages, r->phys_page, sizeof(pages));
	return r->inflate ? balloon_inflate(emu, pages) :
			    balloon_deflate(emu, pages);
}

void vmmdev_emu_request_stats_interval(struct vmmdev_emu *emu, uint32_t seconds)
{
	g_mutex_lock(&emu->lock);
	emu->stats_interval = seconds;
	if (seconds != emu->stats_acked)
		vmmdev_emu_raise_locked(
			emu, VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST);
	g_mutex_unlock(&emu->lock);
}

int32_t vmmdev_req_stats_change(struct vmmdev_emu *emu, void *req,
				uint32_t size)
{
	struct vmmdev_stats_change_request *r = req;

	(void)size;
	r->interval = emu->stats_interval;
	if (r->event_ack == VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST)
		emu->stats_acked = emu->stats_interval;
	return VINF_SUCCESS;
}

int32_t vmmdev_req_report_stats(struct vmmdev_emu *emu, void *req,
				uint32_t size)
{
	const struct vmmdev_report_guest_stats *r = req;
	struct vmmdev_emu_stats_report *slot;

	(void)size;
	slot = &emu->stats[emu->stats_total % VMMDEV_EMU_STATS_KEEP];
	slot->time_ms = vmmdev_emu_utc_ms();
	slot->stats = r->stats;
	emu->stats_total++;
	return VINF_SUCCESS;
}

void vmmdev_emu_get_balloon(struct vmmdev_emu *emu,
			    struct vmmdev_emu_balloon *b)
{
	g_mutex_lock(&emu->lock);
	b->target_mib = emu->balloon_target;
	b->acked_mib = emu->balloon_acked;
	b->ram_mib = emu->cfg.ram_mib;
	b->pages_held = g_hash_table_size(emu->balloon_pages);
	b->inflates = emu->balloon_inflates;
	b->deflates = emu->balloon_deflates;
	g_mutex_unlock(&emu->lock);
}

bool vmmdev_emu_balloon_holds(struct vmmdev_emu *emu, uint64_t phys)
{
	bool held;

	g_mutex_lock(&emu->lock);
	held = g_hash_table_contains(emu->balloon_pages, &phys);
	g_mutex_unlock(&emu->lock);
	return held;
}

unsigned int vmmdev_emu_get_stats(struct vmmdev_emu *emu, uint32_t *interval,
				  uint32_t *acked, uint64_t *total,
				  struct vmmdev_emu_stats_report *reports)
{
	unsigned int n, i;
	uint64_t first;

	g_mutex_lock(&emu->lock);
	*interval = emu->stats_interval;
	*acked = emu->stats_acked;
	*total = emu->stats_total;
	n = (unsigned int)MIN(emu->stats_total, VMMDEV_EMU_STATS_KEEP);
	first = emu->stats_total - n;
	for (i = 0; i < n; i++)
		reports[i] = emu->stats[(first + i) % VMMDEV_EMU_STATS_KEEP];
	g_mutex_unlock(&emu->lock);
	return n;
}
