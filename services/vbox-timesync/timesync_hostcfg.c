// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host's time sync settings (see timesync_hostcfg.h).
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>

#include "services/vbox-timesync/timesync_hostcfg.h"

struct num_setting {
	const char *name; /* after TS_HOSTCFG_PREFIX */
	uint32_t given;	  /* TS_GIVEN_* */
	size_t offset;	  /* of the uint32_t in struct ts_config */
	uint32_t min, max;
};

static const struct num_setting num_settings[] = {
	{ "interval", TS_GIVEN_INTERVAL,
	  offsetof(struct ts_config, interval_ms), TS_MIN_INTERVAL_MS,
	  UINT32_MAX - 1 },
	{ "min-adjust", TS_GIVEN_MIN_ADJUST,
	  offsetof(struct ts_config, min_adjust_ms), 0, TS_MAX_MIN_ADJUST_MS },
	{ "latency-factor", TS_GIVEN_LATENCY_FACTOR,
	  offsetof(struct ts_config, latency_factor), 1,
	  TS_MAX_LATENCY_FACTOR },
	{ "max-latency", TS_GIVEN_MAX_LATENCY,
	  offsetof(struct ts_config, max_latency_ms), 1,
	  TS_MAX_MAX_LATENCY_MS },
	{ "set-threshold", TS_GIVEN_SET_THRESHOLD,
	  offsetof(struct ts_config, set_threshold_ms), 0,
	  TS_MAX_SET_THRESHOLD_MS },
};

/* A decimal or 0x-hexadecimal number, nothing around it. */
static gboolean parse_u32(const char *s, uint32_t min, uint32_t max,
			  uint32_t *out)
{
	guint64 v;
	guint base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!g_ascii_string_to_unsigned(s, base, min, max, &v, NULL))
		return FALSE;
	*out = (uint32_t)v;
	return TRUE;
}

static gboolean exists(ts_prop_get_fn get, void *ctx, const char *suffix)
{
	g_autofree gchar *name = g_strconcat(TS_HOSTCFG_PREFIX, suffix, NULL);
	g_autofree gchar *value = NULL;

	return get(ctx, name, &value) == 0;
}

static void apply_flag(ts_prop_get_fn get, void *ctx, const char *yes,
		       const char *no, bool *flag, GPtrArray *notes)
{
	gboolean y = exists(get, ctx, yes), n = exists(get, ctx, no);

	if (n)
		*flag = false;
	else if (y)
		*flag = true;
	if (n || y)
		g_ptr_array_add(notes, g_strdup(n ? no : yes));
}

void ts_hostcfg_apply(struct ts_config *cfg, ts_prop_get_fn get, void *ctx,
		      GPtrArray *notes)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(num_settings); i++) {
		const struct num_setting *s = &num_settings[i];
		g_autofree gchar *name =
			g_strconcat(TS_HOSTCFG_PREFIX, s->name, NULL);
		g_autofree gchar *value = NULL;
		uint32_t v;

		if (cfg->given & s->given)
			continue;
		if (get(ctx, name, &value) != 0 || !value)
			continue;
		if (!parse_u32(value, s->min, s->max, &v)) {
			g_ptr_array_add(
				notes,
				g_strdup_printf(
					"ignored: %s=\"%.64s\" (a number from %u to %u)",
					s->name, value, s->min, s->max));
			continue;
		}
		*(uint32_t *)(void *)((char *)cfg + s->offset) = v;
		g_ptr_array_add(notes, g_strdup_printf("%s=%u", s->name, v));
	}
	if (!(cfg->given & TS_GIVEN_SET_START))
		apply_flag(get, ctx, "set-start", "no-set-start",
			   &cfg->set_start, notes);
	if (!(cfg->given & TS_GIVEN_SET_ON_RESTORE))
		apply_flag(get, ctx, "set-on-restore", "no-set-on-restore",
			   &cfg->set_on_restore, notes);
}
