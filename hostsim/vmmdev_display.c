// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Display, video and seamless requests of the emulated VMMDev.
 *
 * Per display the host keeps the latest request it made, the request the
 * guest last read with an acknowledgement, and a pending flag (fact sheet
 * §4.4).  Like the real host, whether the guest ever acknowledged a
 * display request is one flag for all displays: before that, queries
 * without an acknowledgement return the host's latest request.
 */
#include "config.h"

#include "hostsim/vmmdev_emu_priv.h"

#include <errno.h>
#include <string.h>

/* The video memory this host pretends to have, for mode queries. */
#define VMMDEV_EMU_VRAM	   (256ull * 1024 * 1024)
#define VMMDEV_EMU_MAX_DIM 16384u

static bool flag(const struct vmmdev_display_def *d, uint32_t f)
{
	return (d->flags & f) != 0;
}

/*
 * The real host's notion of "the same request": a field the new request
 * does not set counts as unchanged; enabled and primary must match.
 */
static bool display_def_equal(const struct vmmdev_display_def *n,
			      const struct vmmdev_display_def *o)
{
	if (n->id_display != o->id_display)
		return false;
	if (flag(n, VMMDEV_DISPLAY_ORIGIN) &&
	    (!flag(o, VMMDEV_DISPLAY_ORIGIN) || n->x_origin != o->x_origin ||
	     n->y_origin != o->y_origin))
		return false;
	if (flag(n, VMMDEV_DISPLAY_CX) &&
	    (!flag(o, VMMDEV_DISPLAY_CX) || n->cx != o->cx))
		return false;
	if (flag(n, VMMDEV_DISPLAY_CY) &&
	    (!flag(o, VMMDEV_DISPLAY_CY) || n->cy != o->cy))
		return false;
	if (flag(n, VMMDEV_DISPLAY_BPP) &&
	    (!flag(o, VMMDEV_DISPLAY_BPP) ||
	     n->bits_per_pixel != o->bits_per_pixel))
		return false;
	return flag(n, VMMDEV_DISPLAY_DISABLED) ==
		       flag(o, VMMDEV_DISPLAY_DISABLED) &&
	       flag(n, VMMDEV_DISPLAY_PRIMARY) ==
		       flag(o, VMMDEV_DISPLAY_PRIMARY);
}

/*
 * Any display query counts as the guest fetching the last request; one
 * with the acknowledgement counts towards acknowledging it.
 */
static void note_query(struct vmmdev_emu *emu, uint32_t eventack)
{
	emu->request_fetched_seq = emu->request_seq;
	if (eventack == VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST)
		emu->request_acked_seq = emu->request_seq;
}

/* One display of a host request (lock held); true if it is now pending. */
static bool request_slot_locked(struct vmmdev_emu *emu,
				const struct vmmdev_display_def *def,
				bool force)
{
	struct vmmdev_emu_display *slot = &emu->displays[def->id_display];
	bool differs = force || !display_def_equal(def, &slot->acked);

	slot->host = *def;
	slot->host_set = true;
	slot->pending = differs;
	return differs;
}

int vmmdev_emu_request_displays(struct vmmdev_emu *emu,
				const struct vmmdev_display_def *defs,
				unsigned int n, bool force)
{
	bool raise = false;
	unsigned int i;

	if (n == 0 || n > VMMDEV_MAX_DISPLAYS)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (defs[i].id_display >= VMMDEV_MAX_DISPLAYS)
			return -EINVAL;
	}
	g_mutex_lock(&emu->lock);
	for (i = 0; i < n; i++)
		raise |= request_slot_locked(emu, &defs[i], force);
	memcpy(emu->request_defs, defs, n * sizeof(defs[0]));
	emu->request_count = n;
	emu->request_seq++;
	/*
	 * One event for the whole layout, as the front end raises it.  A
	 * layout the guest already acknowledged raises none and counts as
	 * fetched and acknowledged.
	 */
	if (raise)
		vmmdev_emu_raise_locked(emu,
					VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	else
		note_query(emu, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	g_mutex_unlock(&emu->lock);
	return 0;
}

int vmmdev_emu_request_display(struct vmmdev_emu *emu,
			       const struct vmmdev_display_def *def, bool force)
{
	return vmmdev_emu_request_displays(emu, def, 1, force);
}

/* What an unacknowledged or acknowledged query returns for a slot. */
static const struct vmmdev_display_def *
visible_def(const struct vmmdev_emu *emu, const struct vmmdev_emu_display *s)
{
	return emu->display_guest_acked ? &s->acked : &s->host;
}

static void ack_slot(struct vmmdev_emu *emu, struct vmmdev_emu_display *s)
{
	s->pending = false;
	s->acked = s->host;
	emu->display_guest_acked = true;
}

static void fill_mode(const struct vmmdev_display_def *d, uint32_t *xres,
		      uint32_t *yres, uint32_t *bpp)
{
	*xres = flag(d, VMMDEV_DISPLAY_CX) ? d->cx : 0;
	*yres = flag(d, VMMDEV_DISPLAY_CY) ? d->cy : 0;
	*bpp = flag(d, VMMDEV_DISPLAY_BPP) ? d->bits_per_pixel : 0;
}

int32_t vmmdev_req_display_change(struct vmmdev_emu *emu, void *req,
				  uint32_t size)
{
	struct vmmdev_display_change_request *r = req;
	struct vmmdev_emu_display *s = &emu->displays[0];

	(void)size;
	note_query(emu, r->eventack);
	if (r->eventack == VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST)
		ack_slot(emu, s);
	fill_mode(visible_def(emu, s), &r->xres, &r->yres, &r->bpp);
	return VINF_SUCCESS;
}

/*
 * The 54/80 selection: with an acknowledgement, the lowest pending display
 * (and the event again if more are pending); otherwise, or if nothing is
 * pending, the display reported last.  The guest's display field is input
 * to neither, exactly as on the real host.
 */
static struct vmmdev_emu_display *select_display(struct vmmdev_emu *emu,
						 uint32_t eventack)
{
	struct vmmdev_emu_display *found;
	unsigned int i;

	if (eventack != VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST)
		return &emu->displays[emu->current_monitor];
	for (i = 0; i < VMMDEV_MAX_DISPLAYS; i++) {
		if (emu->displays[i].pending)
			break;
	}
	if (i == VMMDEV_MAX_DISPLAYS)
		return &emu->displays[emu->current_monitor];
	found = &emu->displays[i];
	emu->current_monitor = i;
	for (i++; i < VMMDEV_MAX_DISPLAYS; i++) {
		if (emu->displays[i].pending) {
			vmmdev_emu_raise_locked(
				emu, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
			break;
		}
	}
	ack_slot(emu, found);
	return found;
}

int32_t vmmdev_req_display_change2(struct vmmdev_emu *emu, void *req,
				   uint32_t size)
{
	struct vmmdev_display_change_request2 *r = req;
	const struct vmmdev_display_def *d;

	(void)size;
	note_query(emu, r->eventack);
	d = visible_def(emu, select_display(emu, r->eventack));
	fill_mode(d, &r->xres, &r->yres, &r->bpp);
	r->display = d->id_display;
	return VINF_SUCCESS;
}

int32_t vmmdev_req_display_change_ex(struct vmmdev_emu *emu, void *req,
				     uint32_t size)
{
	struct vmmdev_display_change_request_ex *r = req;
	const struct vmmdev_display_def *d;

	(void)size;
	note_query(emu, r->eventack);
	d = visible_def(emu, select_display(emu, r->eventack));
	fill_mode(d, &r->xres, &r->yres, &r->bpp);
	r->display = d->id_display;
	r->origin_x = (uint32_t)d->x_origin;
	r->origin_y = (uint32_t)d->y_origin;
	r->enabled = !flag(d, VMMDEV_DISPLAY_DISABLED);
	r->change_origin = flag(d, VMMDEV_DISPLAY_ORIGIN);
	return VINF_SUCCESS;
}

int32_t vmmdev_req_display_change_multi(struct vmmdev_emu *emu, void *req,
					uint32_t size)
{
	struct vmmdev_display_change_request_multi *r = req;
	uint32_t room = r->count, out = 0;
	unsigned int i;

	if (room == 0 || room > VMMDEV_MAX_DISPLAYS ||
	    size < VMMDEV_DISPLAY_CHANGE_MULTI_SIZE(room))
		return VERR_INVALID_PARAMETER;

	note_query(emu, r->eventack);
	if (r->eventack != VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST) {
		for (i = 0; i < room; i++)
			r->displays[i] = *visible_def(emu, &emu->displays[i]);
		return VINF_SUCCESS;
	}
	/* Every slot counts as read; pending ones are returned. */
	for (i = 0; i < VMMDEV_MAX_DISPLAYS; i++) {
		struct vmmdev_emu_display *s = &emu->displays[i];

		s->acked = s->host;
		if (!s->pending)
			continue;
		if (out < room)
			r->displays[out] = s->acked;
		out++;
		s->pending = false;
	}
	/* As the real host: all pending displays, even above the room. */
	r->count = out;
	emu->display_guest_acked = true;
	return VINF_SUCCESS;
}

static bool mode_supported(uint32_t width, uint32_t height, uint32_t bpp)
{
	uint64_t bytes;

	if (bpp != 0 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)
		return false;
	if (width > VMMDEV_EMU_MAX_DIM || height > VMMDEV_EMU_MAX_DIM)
		return false;
	bytes = (uint64_t)width * height * (bpp ? bpp : 32) / 8;
	return bytes <= VMMDEV_EMU_VRAM;
}

int32_t vmmdev_req_video_mode_supported(struct vmmdev_emu *emu, void *req,
					uint32_t size)
{
	struct vmmdev_video_mode_supported *r = req;

	(void)emu;
	(void)size;
	r->supported = mode_supported(r->width, r->height, r->bpp);
	return VINF_SUCCESS;
}

int32_t vmmdev_req_video_mode_supported2(struct vmmdev_emu *emu, void *req,
					 uint32_t size)
{
	struct vmmdev_video_mode_supported2 *r = req;

	(void)emu;
	(void)size;
	if (r->display >= VMMDEV_MAX_DISPLAYS)
		return VERR_INVALID_PARAMETER;
	r->supported = mode_supported(r->width, r->height, r->bpp);
	return VINF_SUCCESS;
}

int32_t vmmdev_req_height_reduction(struct vmmdev_emu *emu, void *req,
				    uint32_t size)
{
	struct vmmdev_height_reduction *r = req;

	(void)emu;
	(void)size;
	/* No host window decorations take guest screen height here. */
	r->height_reduction = 0;
	return VINF_SUCCESS;
}

static struct vmmdev_rect *copy_rects(const struct vmmdev_rect *src,
				      unsigned int n)
{
	struct vmmdev_rect *dst;

	if (!n)
		return NULL;
	dst = g_new(struct vmmdev_rect, n);
	memcpy(dst, src, n * sizeof(*dst));
	return dst;
}

int32_t vmmdev_req_visible_region(struct vmmdev_emu *emu, void *req,
				  uint32_t size)
{
	struct vmmdev_video_set_visible_region *r = req;
	uint32_t n = r->count;

	if (n > VMMDEV_VISIBLE_REGION_MAX_RECTS ||
	    size != VMMDEV_VISIBLE_REGION_SIZE(n))
		return VERR_INVALID_PARAMETER;
	g_free(emu->visible_rects);
	emu->visible_rects = copy_rects(r->rects, n);
	emu->visible_count = n;
	emu->visible_reports++;
	emu->visible_last_us = g_get_real_time();
	g_cond_broadcast(&emu->visible_cond);
	return VINF_SUCCESS;
}

int32_t vmmdev_req_monitor_positions(struct vmmdev_emu *emu, void *req,
				     uint32_t size)
{
	struct vmmdev_video_update_monitor_positions *r = req;
	uint32_t n = r->count;

	if (n > VMMDEV_MONITOR_POSITIONS_MAX ||
	    size != VMMDEV_MONITOR_POSITIONS_SIZE(n))
		return VERR_INVALID_PARAMETER;
	/* Displays beyond the host's 64 have nowhere to go. */
	emu->position_count = MIN(n, VMMDEV_MAX_DISPLAYS);
	memcpy(emu->positions, r->positions,
	       emu->position_count * sizeof(r->positions[0]));
	emu->position_reports++;
	return VINF_SUCCESS;
}

int vmmdev_emu_request_seamless(struct vmmdev_emu *emu, uint32_t mode)
{
	/* A 7.0 host only ever asks for "off" or "visible region". */
	if (mode != VMMDEV_SEAMLESS_DISABLED &&
	    mode != VMMDEV_SEAMLESS_VISIBLE_REGION)
		return -EINVAL;
	g_mutex_lock(&emu->lock);
	/*
	 * The value is always updated (the real host keeps its old one when
	 * the new equals what the guest acked, so a quick on-off would leave
	 * "on" behind); the event only goes out when it differs.
	 */
	emu->seamless_mode = mode;
	if (mode != emu->seamless_acked)
		vmmdev_emu_raise_locked(
			emu, VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST);
	g_mutex_unlock(&emu->lock);
	return 0;
}

int32_t vmmdev_req_seamless_change(struct vmmdev_emu *emu, void *req,
				   uint32_t size)
{
	struct vmmdev_seamless_change_request *r = req;

	(void)size;
	r->mode = emu->seamless_mode;
	if (r->eventack == VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST)
		emu->seamless_acked = emu->seamless_mode;
	return VINF_SUCCESS;
}

int32_t vmmdev_req_vrdp_change(struct vmmdev_emu *emu, void *req, uint32_t size)
{
	struct vmmdev_vrdp_change_request *r = req;

	(void)emu;
	(void)size;
	/* No remote desktop server runs on this host. */
	r->vrdp_active = 0;
	r->experience_level = 0;
	return VINF_SUCCESS;
}

void vmmdev_display_free(struct vmmdev_emu *emu)
{
	g_free(emu->visible_rects);
	emu->visible_rects = NULL;
}

unsigned int vmmdev_emu_get_displays(struct vmmdev_emu *emu,
				     struct vmmdev_emu_display *displays,
				     struct vmmdev_point *positions)
{
	unsigned int n;

	g_mutex_lock(&emu->lock);
	memcpy(displays, emu->displays, sizeof(emu->displays));
	n = emu->position_count;
	memcpy(positions, emu->positions, n * sizeof(positions[0]));
	g_mutex_unlock(&emu->lock);
	return n;
}

void vmmdev_emu_get_display_request(struct vmmdev_emu *emu,
				    struct vmmdev_emu_display_request *r)
{
	unsigned int i;

	g_mutex_lock(&emu->lock);
	r->seq = emu->request_seq;
	r->count = emu->request_count;
	memcpy(r->defs, emu->request_defs, r->count * sizeof(r->defs[0]));
	r->fetched = r->seq && emu->request_fetched_seq == r->seq;
	r->acked = r->seq && emu->request_acked_seq == r->seq;
	for (i = 0; i < r->count; i++) {
		if (emu->displays[r->defs[i].id_display].pending)
			r->acked = false;
	}
	r->position_reports = emu->position_reports;
	r->position_count = emu->position_count;
	memcpy(r->positions, emu->positions,
	       r->position_count * sizeof(r->positions[0]));
	r->guest_graphics =
		(emu->guest_caps & VMMDEV_GUEST_SUPPORTS_GRAPHICS) != 0;
	g_mutex_unlock(&emu->lock);
}

unsigned int vmmdev_emu_get_visible_region(struct vmmdev_emu *emu,
					   struct vmmdev_rect **rects,
					   uint64_t *reports, int64_t *last_us)
{
	unsigned int n;

	g_mutex_lock(&emu->lock);
	n = emu->visible_count;
	*rects = copy_rects(emu->visible_rects, n);
	*reports = emu->visible_reports;
	if (last_us)
		*last_us = emu->visible_last_us;
	g_mutex_unlock(&emu->lock);
	return n;
}

int vmmdev_emu_wait_visible_region(struct vmmdev_emu *emu, uint64_t reports,
				   unsigned int timeout_ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	int ret = 0;

	g_mutex_lock(&emu->lock);
	while (emu->visible_reports < reports) {
		if (emu->visible_waits_cancelled) {
			ret = -ECANCELED;
			break;
		}
		if (!g_cond_wait_until(&emu->visible_cond, &emu->lock, end) &&
		    emu->visible_reports < reports) {
			ret = -ETIMEDOUT;
			break;
		}
	}
	g_mutex_unlock(&emu->lock);
	return ret;
}

void vmmdev_emu_cancel_waits(struct vmmdev_emu *emu)
{
	g_mutex_lock(&emu->lock);
	emu->visible_waits_cancelled = true;
	g_cond_broadcast(&emu->visible_cond);
	g_mutex_unlock(&emu->lock);
}
