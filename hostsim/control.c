// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket: what the VirtualBox host (or its user) would do,
 * and what it can read back about the guest.  Every command and its output
 * is documented in vbox-hostsim(1); keep the two in step.
 */
#include "config.h"

#include "hostsim/control.h"

#include "hostsim/fault.h"
#include "hostsim/guest_sock.h"
#include "hostsim/hgcm_host.h"
#include "hostsim/hostsim_socket.h"
#include "kshim/vbg_userspace.h"
#include "hostsim/svc_clipboard.h"
#include "hostsim/svc_guestprop.h"
#include "hostsim/svc_shfl.h"
#include "hostsim/vmmdev_emu.h"
#include "libvbglr3/vbgl_io.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

/* ---- helpers ------------------------------------------------------------- */

static void G_GNUC_PRINTF(2, 3) line(GString *out, const char *fmt, ...)
{
	va_list ap;

	g_string_append_c(out, ' ');
	va_start(ap, fmt);
	g_string_append_vprintf(out, fmt, ap);
	va_end(ap);
	g_string_append_c(out, '\n');
}

bool control_parse_u32(const char *s, uint32_t *out)
{
	guint64 v;
	guint base = 10;

	if (g_str_has_prefix(s, "0x") || g_str_has_prefix(s, "0X")) {
		s += 2;
		base = 16;
	}
	if (!g_ascii_string_to_unsigned(s, base, 0, UINT32_MAX, &v, NULL))
		return false;
	*out = (uint32_t)v;
	return true;
}

bool control_parse_s32(const char *s, int32_t *out)
{
	gint64 v;

	if (!g_ascii_string_to_signed(s, 10, INT32_MIN, INT32_MAX, &v, NULL))
		return false;
	*out = (int32_t)v;
	return true;
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

/* ---- status -------------------------------------------------------------- */

static const char *facility_status_name(uint32_t status)
{
	switch (status) {
	case VBOXGUEST_FACILITY_STATUS_INACTIVE:
		return "inactive";
	case VBOXGUEST_FACILITY_STATUS_PAUSED:
		return "paused";
	case VBOXGUEST_FACILITY_STATUS_PRE_INIT:
		return "pre_init";
	case VBOXGUEST_FACILITY_STATUS_INIT:
		return "init";
	case VBOXGUEST_FACILITY_STATUS_ACTIVE:
		return "active";
	case VBOXGUEST_FACILITY_STATUS_TERMINATING:
		return "terminating";
	case VBOXGUEST_FACILITY_STATUS_TERMINATED:
		return "terminated";
	case VBOXGUEST_FACILITY_STATUS_FAILED:
		return "failed";
	case VBOXGUEST_FACILITY_STATUS_UNKNOWN:
		return "unknown";
	default:
		return NULL;
	}
}

static const char *power_name(uint32_t state)
{
	switch (state) {
	case VMMDEV_POWER_STATE_PAUSE:
		return "pause";
	case VMMDEV_POWER_STATE_POWER_OFF:
		return "power_off";
	case VMMDEV_POWER_STATE_SAVE_STATE:
		return "save_state";
	default:
		return "none";
	}
}

static void status_guest(const struct vmmdev_emu_status *st, GString *out)
{
	unsigned int i;

	line(out, "additions_ok: %s", yes_no(st->additions_ok));
	if (st->have_guest_info)
		line(out, "guest_info: interface=0x%08x os_type=0x%08x",
		     st->interface_version, st->os_type);
	else
		line(out, "guest_info: none");
	if (st->have_guest_info2)
		line(out,
		     "guest_info2: version=%u.%u.%ur%u name=%s features=0x%08x",
		     st->additions_major, st->additions_minor,
		     st->additions_build, st->additions_revision,
		     st->additions_name, st->additions_features);
	else
		line(out, "guest_info2: none");
	for (i = 0; i < st->facility_count; i++) {
		const struct vmmdev_emu_facility *f = &st->facilities[i];
		const char *name = facility_status_name(f->status);

		if (name)
			line(out, "facility.%u: %s", f->facility, name);
		else
			line(out, "facility.%u: %u", f->facility, f->status);
	}
}

static void status_heartbeat(const struct vmmdev_emu_status *st, GString *out)
{
	g_autofree char *last = st->last_heartbeat_ms < 0 ?
					g_strdup("never") :
					g_strdup_printf("%" G_GINT64_FORMAT,
							st->last_heartbeat_ms);

	line(out,
	     "heartbeat: %s interval_ms=%" G_GUINT64_FORMAT
	     " beats=%" G_GUINT64_FORMAT " last_beat_ms_ago=%s",
	     st->heartbeat_enabled ? "enabled" : "disabled",
	     st->heartbeat_interval_ns / 1000000, st->heartbeats, last);
}

/* Names percent-encoded like request words, so each stays one word. */
static void status_user_state(const struct vmmdev_emu_user_state *us,
			      GString *out)
{
	g_autofree char *user = NULL;
	g_autofree char *domain = NULL;

	if (!us->reports) {
		line(out, "user_state: none");
		return;
	}
	user = control_encode_word(us->user);
	domain = control_encode_word(us->domain);
	line(out,
	     "user_state: state=%u user=%s domain=%s details_bytes=%u reports=%" G_GUINT64_FORMAT,
	     us->state, user, domain, us->details_size, us->reports);
}

static char *cmd_status(const struct control_ctx *ctx, char **args,
			unsigned int n, GString *out)
{
	struct vmmdev_emu_status st;
	struct vmmdev_emu_balloon b;

	(void)args;
	(void)n;
	vmmdev_emu_get_status(ctx->emu, &st);
	vmmdev_emu_get_balloon(ctx->emu, &b);
	line(out, "host_version: %s", ctx->host_version);
	line(out, "host_features: 0x%08x", VMMDEV_EMU_HOST_FEATURES);
	line(out, "driver_host_version: %s", kcore_host_version(ctx->core));
	line(out, "driver_host_features: 0x%08x",
	     kcore_host_features(ctx->core));
	line(out, "ram_mib: %u", ctx->ram_mib);
	line(out, "session_id: 0x%016" G_GINT64_MODIFIER "x", st.session_id);
	line(out, "restores: %" G_GUINT64_FORMAT, st.restores);
	line(out, "host_time_offset_ms: %" G_GINT64_FORMAT,
	     st.host_time_offset_ms);
	status_guest(&st, out);
	line(out, "filter_mask: 0x%08x", st.filter_mask);
	line(out, "pending_events: 0x%08x", st.pending_events);
	line(out, "irq: %s", st.irq_asserted ? "high" : "low");
	line(out, "guest_caps: 0x%08x", st.guest_caps);
	line(out, "mouse_features: 0x%08x", st.mouse_features);
	status_heartbeat(&st, out);
	line(out, "seamless: %s", st.seamless_mode ? "on" : "off");
	line(out,
	     "balloon: target_mib=%u pages_held=%" G_GUINT64_FORMAT
	     " driver_chunks=%u",
	     b.target_mib, b.pages_held, kcore_balloon_chunks(ctx->core));
	line(out, "power_request: %s", power_name(st.power_request));
	line(out, "log_strings: %" G_GUINT64_FORMAT, st.log_strings);
	status_user_state(&st.user_state, out);
	line(out, "connections: %u",
	     guest_sock_server_connections(ctx->guests));
	line(out, "requests_in_flight: %u",
	     guest_sock_server_requests(ctx->guests));
	line(out, "sessions: %u", kcore_session_count(ctx->core));
	line(out, "hgcm_clients: %u", hgcm_host_client_count(ctx->hgcm));
	clipboard_ctl_status(ctx->clipboard, out);
	return NULL;
}

/* ---- events, balloon, statistics ----------------------------------------- */

static char *cmd_event(const struct control_ctx *ctx, char **args,
		       unsigned int n, GString *out)
{
	uint32_t mask;

	(void)n;
	(void)out;
	if (!control_parse_u32(args[0], &mask))
		return g_strdup_printf("bad event mask '%s'", args[0]);
	if (mask == 0 || (mask & ~(uint32_t)VMMDEV_EVENT_VALID_EVENT_MASK))
		return g_strdup_printf("event mask 0x%x is not within 0x%x",
				       mask, VMMDEV_EVENT_VALID_EVENT_MASK);
	vmmdev_emu_raise_events(ctx->emu, mask);
	return NULL;
}

static char *cmd_balloon(const struct control_ctx *ctx, char **args,
			 unsigned int n, GString *out)
{
	struct vmmdev_emu_balloon b;
	uint32_t mib;

	if (n == 1) {
		if (!control_parse_u32(args[0], &mib))
			return g_strdup_printf("bad balloon size '%s'",
					       args[0]);
		vmmdev_emu_request_balloon(ctx->emu, mib);
		return NULL;
	}
	vmmdev_emu_get_balloon(ctx->emu, &b);
	line(out, "target_mib: %u", b.target_mib);
	line(out, "acked_mib: %u", b.acked_mib);
	line(out, "ram_mib: %u", b.ram_mib);
	line(out, "pages_held: %" G_GUINT64_FORMAT, b.pages_held);
	line(out, "held_mib: %" G_GUINT64_FORMAT,
	     b.pages_held / VMMDEV_MEMORY_BALLOON_CHUNK_PAGES);
	line(out, "inflates: %" G_GUINT64_FORMAT, b.inflates);
	line(out, "deflates: %" G_GUINT64_FORMAT, b.deflates);
	line(out, "driver_chunks: %u", kcore_balloon_chunks(ctx->core));
	return NULL;
}

static char *cmd_stats_interval(const struct control_ctx *ctx, char **args,
				unsigned int n, GString *out)
{
	uint32_t seconds;

	(void)n;
	(void)out;
	if (!control_parse_u32(args[0], &seconds))
		return g_strdup_printf("bad interval '%s'", args[0]);
	vmmdev_emu_request_stats_interval(ctx->emu, seconds);
	return NULL;
}

static char *cmd_stats(const struct control_ctx *ctx, char **args,
		       unsigned int n, GString *out)
{
	g_autofree struct vmmdev_emu_stats_report *r =
		g_new(struct vmmdev_emu_stats_report, VMMDEV_EMU_STATS_KEEP);
	uint32_t interval, acked;
	unsigned int count, i;
	uint64_t total;

	(void)args;
	(void)n;
	count = vmmdev_emu_get_stats(ctx->emu, &interval, &acked, &total, r);
	line(out, "interval: %u", interval);
	line(out, "acked_interval: %u", acked);
	line(out, "reports_total: %" G_GUINT64_FORMAT, total);
	for (i = 0; i < count; i++) {
		const struct vmmdev_guest_stats *s = &r[i].stats;

		line(out,
		     "report: time_ms=%" G_GINT64_FORMAT " cpu=%u caps=0x%04x"
		     " idle=%u kernel=%u user=%u threads=%u processes=%u"
		     " handles=%u memory_load=%u page_size=%u phys_total=%u"
		     " phys_avail=%u balloon=%u commit_total=%u"
		     " kernel_total=%u kernel_paged=%u kernel_nonpaged=%u"
		     " system_cache=%u page_file=%u",
		     r[i].time_ms, s->cpu_id, s->stat_caps, s->cpu_load_idle,
		     s->cpu_load_kernel, s->cpu_load_user, s->threads,
		     s->processes, s->handles, s->memory_load, s->page_size,
		     s->phys_mem_total, s->phys_mem_avail, s->phys_mem_balloon,
		     s->mem_commit_total, s->mem_kernel_total,
		     s->mem_kernel_paged, s->mem_kernel_nonpaged,
		     s->mem_system_cache, s->page_file_size);
	}
	return NULL;
}

/* ---- display, seamless, visible region ----------------------------------- */

#define DISPLAY_MAX_DIM	 16384u
#define DISPLAY_DEF_FORM "ID:WxH[@X,Y][,primary][,disabled]"

/* A definition in the form `display set` takes. */
static void append_def(GString *s, const struct vmmdev_display_def *d)
{
	if (d->flags & (VMMDEV_DISPLAY_CX | VMMDEV_DISPLAY_CY))
		g_string_append_printf(s, "%ux%u", d->cx, d->cy);
	else
		g_string_append(s, "unset");
	if (d->flags & VMMDEV_DISPLAY_ORIGIN)
		g_string_append_printf(s, "@%d,%d", d->x_origin, d->y_origin);
	if (d->flags & VMMDEV_DISPLAY_PRIMARY)
		g_string_append(s, ",primary");
	if (d->flags & VMMDEV_DISPLAY_DISABLED)
		g_string_append(s, ",disabled");
}

static void show_request(const struct vmmdev_emu_display_request *r,
			 GString *out)
{
	g_autoptr(GString) s = g_string_new(NULL);
	unsigned int i;

	for (i = 0; i < r->count; i++) {
		g_string_append_printf(s, "%s%u:", i ? " " : "",
				       r->defs[i].id_display);
		append_def(s, &r->defs[i]);
	}
	line(out, "request: %s", r->count ? s->str : "none");
	line(out, "request_seq: %" G_GUINT64_FORMAT, r->seq);
	line(out, "fetched: %s", yes_no(r->fetched));
	line(out, "acknowledged: %s", yes_no(r->acked));
}

static void show_slots(const struct control_ctx *ctx, GString *out)
{
	struct vmmdev_emu_display d[VMMDEV_MAX_DISPLAYS];
	struct vmmdev_point pos[VMMDEV_MAX_DISPLAYS];
	g_autoptr(GString) s = g_string_new(NULL);
	unsigned int i;

	vmmdev_emu_get_displays(ctx->emu, d, pos);
	for (i = 0; i < VMMDEV_MAX_DISPLAYS; i++) {
		if (!d[i].host_set)
			continue;
		g_string_assign(s, "");
		append_def(s, &d[i].host);
		line(out, "display.%u: %s pending=%s", i, s->str,
		     yes_no(d[i].pending));
		g_string_assign(s, "");
		append_def(s, &d[i].acked);
		line(out, "display.%u.acked: %s", i, s->str);
	}
}

static char *cmd_display_show(const struct control_ctx *ctx, GString *out)
{
	g_autofree struct vmmdev_emu_display_request *r =
		g_new0(struct vmmdev_emu_display_request, 1);
	g_autoptr(GString) s = g_string_new(NULL);
	unsigned int i;

	vmmdev_emu_get_display_request(ctx->emu, r);
	show_request(r, out);
	show_slots(ctx, out);
	for (i = 0; i < r->position_count; i++)
		g_string_append_printf(s, "%s%d,%d", i ? " " : "",
				       r->positions[i].x, r->positions[i].y);
	line(out, "monitor_positions: %s", r->position_count ? s->str : "none");
	line(out, "monitor_position_reports: %" G_GUINT64_FORMAT,
	     r->position_reports);
	line(out, "guest_graphics: %s", yes_no(r->guest_graphics));
	return NULL;
}

static bool parse_size(const char *v, struct vmmdev_display_def *d)
{
	g_auto(GStrv) wh = g_strsplit(v, "x", -1);
	uint32_t w, h;

	if (g_strv_length(wh) != 2 || !control_parse_u32(wh[0], &w) ||
	    !control_parse_u32(wh[1], &h) || !w || !h || w > DISPLAY_MAX_DIM ||
	    h > DISPLAY_MAX_DIM)
		return false;
	d->cx = w;
	d->cy = h;
	d->flags |= VMMDEV_DISPLAY_CX | VMMDEV_DISPLAY_CY;
	return true;
}

/* "WxH[@X,Y]" (already split at the commas into parts[0..]). */
static char *parse_geometry(char **parts, unsigned int *used,
			    struct vmmdev_display_def *d, const char *word)
{
	char *at = strchr(parts[0], '@');

	*used = 1;
	if (at)
		*at++ = '\0';
	if (!parse_size(parts[0], d))
		return g_strdup_printf("bad size in '%s' (WxH, 1..%u)", word,
				       DISPLAY_MAX_DIM);
	if (!at)
		return NULL;
	if (!parts[1] || !control_parse_s32(at, &d->x_origin) ||
	    !control_parse_s32(parts[1], &d->y_origin))
		return g_strdup_printf("bad position in '%s' (@X,Y)", word);
	d->flags |= VMMDEV_DISPLAY_ORIGIN;
	*used = 2;
	return NULL;
}

/**
 * parse_display_def - one DEF of `display set`.
 * @word: ID:WxH[@X,Y][,primary][,disabled]
 * @d: receives the definition
 *
 * Return: NULL, or the reason it is refused (caller frees).
 */
static char *parse_display_def(const char *word, struct vmmdev_display_def *d)
{
	g_auto(GStrv) idrest = g_strsplit(word, ":", 2);
	g_auto(GStrv) parts = NULL;
	unsigned int i;
	char *err;

	memset(d, 0, sizeof(*d));
	if (g_strv_length(idrest) != 2)
		return g_strdup_printf(
			"bad display '%s' (" DISPLAY_DEF_FORM ")", word);
	if (!control_parse_u32(idrest[0], &d->id_display) ||
	    d->id_display >= VMMDEV_MAX_DISPLAYS)
		return g_strdup_printf("bad display id in '%s' (0..%u)", word,
				       VMMDEV_MAX_DISPLAYS - 1);
	parts = g_strsplit(idrest[1], ",", -1);
	if (!parts[0])
		return g_strdup_printf(
			"bad display '%s' (" DISPLAY_DEF_FORM ")", word);
	err = parse_geometry(parts, &i, d, word);
	if (err)
		return err;
	for (; parts[i]; i++) {
		if (strcmp(parts[i], "primary") == 0)
			d->flags |= VMMDEV_DISPLAY_PRIMARY;
		else if (strcmp(parts[i], "disabled") == 0)
			d->flags |= VMMDEV_DISPLAY_DISABLED;
		else
			return g_strdup_printf(
				"unknown display flag '%s' in '%s' (primary, disabled)",
				parts[i], word);
	}
	return NULL;
}

static char *cmd_display_set(const struct control_ctx *ctx, char **args,
			     unsigned int n)
{
	struct vmmdev_display_def defs[VMMDEV_MAX_DISPLAYS];
	uint64_t seen = 0;
	unsigned int i, primaries = 0;
	char *err;

	if (n == 0 || n > VMMDEV_MAX_DISPLAYS)
		return g_strdup_printf(
			"display set takes 1 to %u definitions " DISPLAY_DEF_FORM,
			VMMDEV_MAX_DISPLAYS);
	for (i = 0; i < n; i++) {
		err = parse_display_def(args[i], &defs[i]);
		if (err)
			return err;
		if (seen & (1ull << defs[i].id_display))
			return g_strdup_printf("display %u is given twice",
					       defs[i].id_display);
		seen |= 1ull << defs[i].id_display;
		if (defs[i].flags & VMMDEV_DISPLAY_PRIMARY)
			primaries++;
	}
	if (primaries > 1)
		return g_strdup("only one display can be primary");
	vmmdev_emu_request_displays(ctx->emu, defs, n, false);
	return NULL;
}

static char *cmd_display(const struct control_ctx *ctx, char **args,
			 unsigned int n, GString *out)
{
	if (strcmp(args[0], "set") == 0)
		return cmd_display_set(ctx, args + 1, n - 1);
	if (strcmp(args[0], "show") == 0 && n == 1)
		return cmd_display_show(ctx, out);
	return g_strdup("usage: display set " DISPLAY_DEF_FORM
			"... | display show");
}

/* How long `seamless show --wait` waits unless told, and at most. */
#define SEAMLESS_WAIT_DEFAULT_MS 5000u
#define SEAMLESS_WAIT_MAX_MS	 600000u

static const char *on_off(uint32_t mode)
{
	return mode == VMMDEV_SEAMLESS_DISABLED ? "off" : "on";
}

/*
 * The options of `seamless show`: --wait N (the update count to wait
 * for) and --timeout MS.
 */
static char *parse_show_options(char **args, unsigned int n, bool *wait,
				uint32_t *updates, uint32_t *timeout_ms)
{
	bool have_timeout = false;
	unsigned int i;

	*wait = false;
	*timeout_ms = SEAMLESS_WAIT_DEFAULT_MS;
	for (i = 0; i < n; i += 2) {
		const char *value = i + 1 < n ? args[i + 1] : NULL;

		if (strcmp(args[i], "--wait") == 0) {
			if (!value || !control_parse_u32(value, updates))
				return g_strdup_printf(
					"--wait takes an update count (0..%u), not '%s'",
					UINT32_MAX, value ? value : "");
			*wait = true;
		} else if (strcmp(args[i], "--timeout") == 0) {
			if (!value || !control_parse_u32(value, timeout_ms) ||
			    !*timeout_ms || *timeout_ms > SEAMLESS_WAIT_MAX_MS)
				return g_strdup_printf(
					"--timeout takes milliseconds (1..%u), not '%s'",
					SEAMLESS_WAIT_MAX_MS,
					value ? value : "");
			have_timeout = true;
		} else {
			return g_strdup_printf(
				"unknown seamless show option '%s' (--wait N, --timeout MS)",
				args[i]);
		}
	}
	if (have_timeout && !*wait)
		return g_strdup("--timeout goes with --wait");
	return NULL;
}

static void show_region(const struct control_ctx *ctx, GString *out)
{
	g_autofree struct vmmdev_rect *rects = NULL;
	struct vmmdev_emu_status st;
	unsigned int count, i;
	uint64_t updates;
	int64_t last_us;

	vmmdev_emu_get_status(ctx->emu, &st);
	count = vmmdev_emu_get_visible_region(ctx->emu, &rects, &updates,
					      &last_us);
	line(out, "mode: %s", on_off(st.seamless_mode));
	line(out, "acked_mode: %s", on_off(st.seamless_acked));
	line(out, "guest_supports_seamless: %s",
	     yes_no(st.guest_caps & VMMDEV_GUEST_SUPPORTS_SEAMLESS));
	line(out, "updates: %" G_GUINT64_FORMAT, updates);
	if (updates)
		line(out, "last_update_us: %" G_GINT64_FORMAT, last_us);
	else
		line(out, "last_update_us: never");
	line(out, "rects: %u", count);
	for (i = 0; i < count; i++)
		line(out, "%d %d %d %d", rects[i].left, rects[i].top,
		     rects[i].right, rects[i].bottom);
}

static char *seamless_show(const struct control_ctx *ctx, char **args,
			   unsigned int n, GString *out)
{
	uint32_t updates = 0, timeout_ms;
	bool wait;
	char *err;
	int ret;

	err = parse_show_options(args, n, &wait, &updates, &timeout_ms);
	if (err)
		return err;
	if (wait) {
		ret = vmmdev_emu_wait_visible_region(ctx->emu, updates,
						     timeout_ms);
		if (ret == -ECANCELED)
			return g_strdup("the simulator is shutting down");
		if (ret == -ETIMEDOUT) {
			g_autofree struct vmmdev_rect *rects = NULL;
			uint64_t arrived;

			vmmdev_emu_get_visible_region(ctx->emu, &rects,
						      &arrived, NULL);
			return g_strdup_printf(
				"timed out after %u ms: %u region updates wanted, %" G_GUINT64_FORMAT
				" arrived",
				timeout_ms, updates, arrived);
		}
	}
	show_region(ctx, out);
	return NULL;
}

static char *cmd_seamless(const struct control_ctx *ctx, char **args,
			  unsigned int n, GString *out)
{
	uint32_t mode;

	if (strcmp(args[0], "show") == 0)
		return seamless_show(ctx, args + 1, n - 1, out);
	if (strcmp(args[0], "on") == 0)
		mode = VMMDEV_SEAMLESS_VISIBLE_REGION;
	else if (strcmp(args[0], "off") == 0)
		mode = VMMDEV_SEAMLESS_DISABLED;
	else
		return g_strdup_printf(
			"seamless takes on, off or show, not '%s'", args[0]);
	if (n > 1)
		return g_strdup_printf("seamless %s takes no arguments",
				       args[0]);
	vmmdev_emu_request_seamless(ctx->emu, mode);
	return NULL;
}

/* ---- HGCM statistics ----------------------------------------------------- */

static void stats_line(const char *service, int64_t function,
		       const char *fn_name,
		       const struct hgcm_service_stats *st_svc,
		       const struct hgcm_fn_stats *st, void *opaque)
{
	GString *out = opaque;

	if (function == HGCM_STATS_SERVICE) {
		line(out,
		     "svc.%s: clients=%u connects=%" G_GUINT64_FORMAT
		     " disconnects=%" G_GUINT64_FORMAT,
		     service, st_svc->clients, st_svc->connects,
		     st_svc->disconnects);
		return;
	}
	if (function == HGCM_STATS_OTHER)
		g_string_append_printf(out, " fn.%s.other:", service);
	else
		g_string_append_printf(out, " fn.%s.%" G_GINT64_FORMAT ":",
				       service, function);
	if (fn_name)
		g_string_append_printf(out, " name=%s", fn_name);
	g_string_append_printf(
		out,
		" calls=%" G_GUINT64_FORMAT " ok=%" G_GUINT64_FORMAT
		" failed=%" G_GUINT64_FORMAT " cancelled=%" G_GUINT64_FORMAT
		" bytes_in=%" G_GUINT64_FORMAT " bytes_out=%" G_GUINT64_FORMAT
		"\n",
		st->calls, st->ok, st->failed, st->cancelled, st->bytes_in,
		st->bytes_out);
}

static char *cmd_hgcm_stats(const struct control_ctx *ctx, char **args,
			    unsigned int n, GString *out)
{
	if (n == 1 && strcmp(args[0], "--reset") != 0)
		return g_strdup_printf("unknown option '%s'", args[0]);
	hgcm_host_foreach_stats(ctx->hgcm, stats_line, out);
	if (n == 1)
		hgcm_host_reset_stats(ctx->hgcm);
	return NULL;
}

/* ---- guest properties ---------------------------------------------------- */

static char *cmd_guestprop(const struct control_ctx *ctx, char **args,
			   unsigned int n, GString *out)
{
	return guestprop_ctl_run(ctx->guestprop, args, n, ctx->client_fd, out);
}

/* ---- the host's clock and restores --------------------------------------- */

/* Ten years: far enough for any test, far from overflowing the clock. */
#define HOST_TIME_MAX_OFFSET_MS (10LL * 366 * 24 * 3600 * 1000)

/*
 * "+3s", "-700ms", "-25m", "2h", "0": a signed decimal and a unit (ms, s,
 * m, h; none only for 0).  Return: true with *@ms set, or false.
 */
static bool parse_time_offset(const char *arg, int64_t *ms)
{
	static const struct {
		const char *suffix;
		int64_t ms;
	} units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 }
	};
	const char *p = arg;
	bool neg = false;
	guint64 v;
	char *end;
	size_t i;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!g_ascii_isdigit(*p))
		return false;
	errno = 0;
	v = g_ascii_strtoull(p, &end, 10);
	if (errno || v > (guint64)HOST_TIME_MAX_OFFSET_MS)
		return false;
	if (!*end && v == 0) {
		*ms = 0;
		return true;
	}
	for (i = 0; i < G_N_ELEMENTS(units); i++) {
		if (strcmp(end, units[i].suffix))
			continue;
		if (v > (guint64)(HOST_TIME_MAX_OFFSET_MS / units[i].ms))
			return false;
		*ms = (int64_t)v * units[i].ms * (neg ? -1 : 1);
		return true;
	}
	return false;
}

static char *cmd_host_time(const struct control_ctx *ctx, char **args,
			   unsigned int n, GString *out)
{
	int64_t ms;

	(void)n;
	(void)out;
	if (!parse_time_offset(args[0], &ms))
		return g_strdup_printf(
			"bad time offset '%s' (e.g. +3s, -700ms, -25m, 0)",
			args[0]);
	vmmdev_emu_set_host_time_offset(ctx->emu, ms);
	return NULL;
}

static char *cmd_restore(const struct control_ctx *ctx, char **args,
			 unsigned int n, GString *out)
{
	(void)args;
	(void)n;
	(void)out;
	vmmdev_emu_restore(ctx->emu);
	return NULL;
}

/* ---- shared folders ------------------------------------------------------ */

static char *cmd_share(const struct control_ctx *ctx, char **args,
		       unsigned int n, GString *out)
{
	return shfl_ctl_run(ctx->shfl, args, n, out);
}

/* ---- faults -------------------------------------------------------------- */

static char *cmd_fault(const struct control_ctx *ctx, char **args,
		       unsigned int n, GString *out)
{
	return fault_ctl_run(ctx->faults, ctx->hgcm, args, n, out);
}

/* ---- shared clipboard ---------------------------------------------------- */

static char *cmd_clipboard(const struct control_ctx *ctx, char **args,
			   unsigned int n, GString *out)
{
	return clipboard_ctl_run(ctx->clipboard, args, n, ctx->client_fd, out);
}

/* ---- the command table --------------------------------------------------- */

struct control_cmd {
	const char *name;
	const char *usage;
	unsigned int min_args;
	unsigned int max_args;
	char *(*run)(const struct control_ctx *ctx, char **args, unsigned int n,
		     GString *out);
};

static char *cmd_help(const struct control_ctx *ctx, char **args,
		      unsigned int n, GString *out);

static const struct control_cmd control_cmds[] = {
	{ "status", "status", 0, 0, cmd_status },
	{ "event", "event MASK", 1, 1, cmd_event },
	{ "balloon", "balloon [MIB]", 0, 1, cmd_balloon },
	{ "stats-interval", "stats-interval SECONDS", 1, 1,
	  cmd_stats_interval },
	{ "stats", "stats", 0, 0, cmd_stats },
	{ "display", "display set " DISPLAY_DEF_FORM "... | display show", 1,
	  1 + VMMDEV_MAX_DISPLAYS, cmd_display },
	{ "seamless", "seamless on|off|show [--wait N [--timeout MS]]", 1, 5,
	  cmd_seamless },
	{ "hgcm-stats", "hgcm-stats [--reset]", 0, 1, cmd_hgcm_stats },
	{ "guestprop",
	  "guestprop get NAME | set NAME VALUE [--flags FLAGS] | delete NAME | enumerate [PATTERN...] | wait PATTERN [--timeout MS] [--since TIMESTAMP]",
	  1, 64, cmd_guestprop },
	{ "share",
	  "share add NAME PATH [ro] [auto] [symlinks] [mountpoint=MP] | remove NAME | list",
	  1, 7, cmd_share },
	{ "fault",
	  "fault add (--request TYPE | --hgcm SERVICE:FUNCTION) [--count N] (--status STATUS | --delay MS | --drop) | list | clear",
	  1, 8, cmd_fault },
	{ "clipboard",
	  "clipboard set [--text FILE] [--html FILE] [--bitmap FILE] [--raw-text|--raw-html|--raw-bitmap FILE] [--claim-size BYTES] | clear | formats | get --format text|html|bitmap [--output FILE] | mode [MODE]",
	  1, 9, cmd_clipboard },
	{ "host-time", "host-time OFFSET", 1, 1, cmd_host_time },
	{ "restore", "restore", 0, 0, cmd_restore },
	{ "help", "help", 0, 0, cmd_help },
};

static char *cmd_help(const struct control_ctx *ctx, char **args,
		      unsigned int n, GString *out)
{
	size_t i;

	(void)ctx;
	(void)args;
	(void)n;
	for (i = 0; i < G_N_ELEMENTS(control_cmds); i++)
		line(out, "%s", control_cmds[i].usage);
	return NULL;
}

/* ---- request words ------------------------------------------------------- */

char *control_encode_word(const char *arg)
{
	bool utf8 = g_utf8_validate(arg, -1, NULL);
	GString *s = g_string_new(NULL);
	const unsigned char *p;

	if (!arg[0])
		g_string_append_c(s, '%');
	for (p = (const unsigned char *)arg; *p; p++) {
		if (*p <= ' ' || *p == 0x7f || *p == '%' ||
		    (*p >= 0x80 && !utf8))
			g_string_append_printf(s, "%%%02X", *p);
		else
			g_string_append_c(s, (char)*p);
	}
	return g_string_free(s, FALSE);
}

/**
 * decode_word - undo control_encode_word().
 * @word: a request word (not empty)
 *
 * Return: the argument (caller frees), or NULL for a malformed escape or
 * an escaped NUL.
 */
static char *decode_word(const char *word)
{
	GString *s;
	const char *p;
	int hi, lo;

	if (strcmp(word, "%") == 0)
		return g_strdup("");
	s = g_string_new(NULL);
	for (p = word; *p; p++) {
		if (*p != '%') {
			g_string_append_c(s, *p);
			continue;
		}
		hi = g_ascii_xdigit_value(p[1]);
		lo = hi < 0 ? -1 : g_ascii_xdigit_value(p[2]);
		if (lo < 0 || (hi == 0 && lo == 0)) {
			g_string_free(s, TRUE);
			return NULL;
		}
		g_string_append_c(s, (char)(hi * 16 + lo));
		p += 2;
	}
	return g_string_free(s, FALSE);
}

char *control_run(const struct control_ctx *ctx, const char *text,
		  int client_fd, GString *out)
{
	g_auto(GStrv) raw = g_strsplit(text, " ", -1);
	g_auto(GStrv) words = NULL;
	const struct control_cmd *cmd = NULL;
	struct control_ctx call;
	unsigned int n;
	size_t i;

	for (i = 0; raw[i]; i++) {
		if (raw[i][0] == '\0')
			return g_strdup("empty word (use single spaces)");
	}
	words = g_new0(char *, i + 1);
	for (i = 0; raw[i]; i++) {
		words[i] = decode_word(raw[i]);
		if (!words[i])
			return g_strdup_printf(
				"bad %%-escape in word %zu (%%XX, not %%00; a lone %% is the empty word)",
				i + 1);
	}
	if (!words[0])
		return g_strdup("empty request");
	for (i = 0; i < G_N_ELEMENTS(control_cmds); i++) {
		if (strcmp(words[0], control_cmds[i].name) == 0)
			cmd = &control_cmds[i];
	}
	if (!cmd)
		return g_strdup_printf("unknown command '%s' (try help)",
				       words[0]);
	n = g_strv_length(words) - 1;
	if (n < cmd->min_args || n > cmd->max_args)
		return g_strdup_printf("usage: %s", cmd->usage);
	call = *ctx;
	call.client_fd = client_fd;
	return cmd->run(&call, words + 1, n, out);
}

/* ---- the server ---------------------------------------------------------- */

struct control_server {
	const struct control_ctx *ctx;
	char *path;
	int fd;
	guint watch;
	GMutex lock;
	GCond cond;
	GList *clients; /* GINT_TO_POINTER(fd) */
};

struct control_client {
	struct control_server *srv;
	int fd;
	char *buf; /* grows up to CONTROL_MAX_LINE */
	size_t cap;
	size_t len;
	size_t scanned; /* bytes of buf that hold no newline */
};

#define CONTROL_FIRST_BUF 4096u

/**
 * read_line - read one request line from a control client.
 * @c: the client
 * @too_long: set when a line exceeds CONTROL_MAX_LINE
 *
 * Return: the line without its newline (caller frees), or NULL at EOF,
 * on an error or for a line that is too long.
 */
static char *read_line(struct control_client *c, bool *too_long)
{
	char *nl, *text;
	ssize_t n;

	*too_long = false;
	for (;;) {
		nl = memchr(c->buf + c->scanned, '\n', c->len - c->scanned);
		if (nl) {
			text = g_strndup(c->buf, (gsize)(nl - c->buf));
			c->len -= (size_t)(nl - c->buf) + 1;
			memmove(c->buf, nl + 1, c->len);
			c->scanned = 0;
			return text;
		}
		c->scanned = c->len;
		if (c->len == CONTROL_MAX_LINE) {
			*too_long = true;
			return NULL;
		}
		if (c->len == c->cap) {
			c->cap = MIN(c->cap * 2, CONTROL_MAX_LINE);
			c->buf = g_realloc(c->buf, c->cap);
		}
		n = read(c->fd, c->buf + c->len, c->cap - c->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		c->len += (size_t)n;
	}
}

/**
 * serve_line - run one request and send the whole reply.
 *
 * Return: false if the reply could not be sent.
 */
static bool serve_line(struct control_client *c, const char *text)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autofree char *err = NULL;

	if (!g_utf8_validate(text, -1, NULL) || strchr(text, '\r'))
		err = g_strdup("request is not a clean UTF-8 line");
	else
		err = control_run(c->srv->ctx, text, c->fd, out);
	if (err)
		g_string_append_printf(out, "ERR %s\n", err);
	else
		g_string_append(out, "OK\n");
	return vbgl_io_write_all(c->fd, out->str, out->len) == 0;
}

static gpointer client_thread(gpointer data)
{
	struct control_client *c = data;
	struct control_server *srv = c->srv;
	bool too_long;
	char *text;

	while ((text = read_line(c, &too_long))) {
		bool ok = serve_line(c, text);

		g_free(text);
		if (!ok)
			break;
	}
	if (too_long) {
		static const char msg[] = "ERR request line too long\n";

		vbgl_io_write_all(c->fd, msg, sizeof(msg) - 1);
	}
	g_mutex_lock(&srv->lock);
	srv->clients = g_list_remove(srv->clients, GINT_TO_POINTER(c->fd));
	close(c->fd);
	g_cond_broadcast(&srv->cond);
	g_mutex_unlock(&srv->lock);
	g_free(c->buf);
	g_free(c);
	return NULL;
}

static gboolean on_control_accept(gint fd, GIOCondition cond, gpointer data)
{
	struct control_server *srv = data;
	struct control_client *c;
	GThread *thread;
	int cfd;

	(void)cond;
	cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	if (cfd < 0)
		return G_SOURCE_CONTINUE;
	c = g_new0(struct control_client, 1);
	c->srv = srv;
	c->fd = cfd;
	c->cap = CONTROL_FIRST_BUF;
	c->buf = g_malloc(c->cap);
	g_mutex_lock(&srv->lock);
	srv->clients = g_list_prepend(srv->clients, GINT_TO_POINTER(cfd));
	g_mutex_unlock(&srv->lock);
	thread = g_thread_try_new("control", client_thread, c, NULL);
	if (!thread) {
		g_mutex_lock(&srv->lock);
		srv->clients =
			g_list_remove(srv->clients, GINT_TO_POINTER(cfd));
		g_mutex_unlock(&srv->lock);
		close(cfd);
		g_free(c->buf);
		g_free(c);
		return G_SOURCE_CONTINUE;
	}
	g_thread_unref(thread);
	return G_SOURCE_CONTINUE;
}

struct control_server *control_server_new(const struct control_ctx *ctx,
					  const char *dir, GError **error)
{
	struct control_server *srv = g_new0(struct control_server, 1);

	srv->ctx = ctx;
	g_mutex_init(&srv->lock);
	g_cond_init(&srv->cond);
	srv->path = g_build_filename(dir, CONTROL_SOCK_NAME, NULL);
	srv->fd = hostsim_listen_unix(srv->path, 0600, error);
	if (srv->fd < 0) {
		g_free(srv->path);
		g_mutex_clear(&srv->lock);
		g_cond_clear(&srv->cond);
		g_free(srv);
		return NULL;
	}
	srv->watch = g_unix_fd_add(srv->fd, G_IO_IN, on_control_accept, srv);
	return srv;
}

void control_server_free(struct control_server *srv)
{
	GList *l;

	if (!srv)
		return;
	/* A `seamless show --wait` must not hold the shutdown up. */
	vmmdev_emu_cancel_waits(srv->ctx->emu);
	g_source_remove(srv->watch);
	close(srv->fd);
	unlink(srv->path);
	g_mutex_lock(&srv->lock);
	for (l = srv->clients; l; l = l->next)
		shutdown(GPOINTER_TO_INT(l->data), SHUT_RDWR);
	while (srv->clients)
		g_cond_wait(&srv->cond, &srv->lock);
	g_mutex_unlock(&srv->lock);
	g_free(srv->path);
	g_mutex_clear(&srv->lock);
	g_cond_clear(&srv->cond);
	g_free(srv);
}
