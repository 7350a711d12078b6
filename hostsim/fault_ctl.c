// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `vbox-hostsim ctl fault ...`: arming the host's faults (fault.h),
 * documented in vbox-hostsim(1).
 *
 *   fault add (--request TYPE | --hgcm SERVICE:FUNCTION) [--count N]
 *	       (--status STATUS | --delay MS | --drop)
 *	-> " fault: ID"
 *   fault list
 *	-> " faults: N", then one line per fault in the order added:
 *	   " fault.ID: request=TYPE|hgcm=SERVICE:FUNCTION
 *	     status=STATUS|delay_ms=MS|drop count=N fired=N"
 *	   (one line), TYPE, FUNCTION and STATUS by name where they have one
 *   fault clear
 *	-> " cleared: N"
 *
 * TYPE is a request type the emulated device answers, by number or by its
 * name (GetHostVersion); FUNCTION a number or a name from the service's
 * function table; STATUS a negative VBox status or a name from the table
 * below.
 */
#include "config.h"

#include "hostsim/control.h"
#include "hostsim/fault.h"
#include "hostsim/hgcm_host.h"
#include "hostsim/vmmdev_emu.h"

#include <string.h>

#define STATUS(s)     \
	{             \
#s, s \
	}

/* The failure statuses a fault is most often asked to return. */
static const struct {
	const char *name;
	int32_t status;
} status_names[] = {
	STATUS(VERR_GENERAL_FAILURE),
	STATUS(VERR_INVALID_PARAMETER),
	STATUS(VERR_INVALID_HANDLE),
	STATUS(VERR_INVALID_POINTER),
	STATUS(VERR_NO_MEMORY),
	STATUS(VERR_PERMISSION_DENIED),
	STATUS(VERR_VERSION_MISMATCH),
	STATUS(VERR_NOT_IMPLEMENTED),
	STATUS(VERR_INVALID_FLAGS),
	STATUS(VERR_INVALID_FUNCTION),
	STATUS(VERR_NOT_SUPPORTED),
	STATUS(VERR_ACCESS_DENIED),
	STATUS(VERR_INTERRUPTED),
	STATUS(VERR_TIMEOUT),
	STATUS(VERR_BUFFER_OVERFLOW),
	STATUS(VERR_TOO_MUCH_DATA),
	STATUS(VERR_TRY_AGAIN),
	STATUS(VERR_OUT_OF_RANGE),
	STATUS(VERR_NOT_FOUND),
	STATUS(VERR_INVALID_STATE),
	STATUS(VERR_OUT_OF_RESOURCES),
	STATUS(VERR_FILE_NOT_FOUND),
	STATUS(VERR_ALREADY_EXISTS),
	STATUS(VERR_RESOURCE_BUSY),
	STATUS(VERR_DISK_FULL),
	STATUS(VERR_INTERNAL_ERROR),
	STATUS(VERR_DEV_IO_ERROR),
	STATUS(VERR_BROKEN_PIPE),
	STATUS(VERR_HGCM_SERVICE_NOT_FOUND),
	STATUS(VERR_HGCM_INVALID_CLIENT_ID),
	STATUS(VERR_WRONG_PARAMETER_COUNT),
	STATUS(VERR_WRONG_PARAMETER_TYPE),
};

static const char *status_name(int32_t status)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(status_names); i++) {
		if (status_names[i].status == status)
			return status_names[i].name;
	}
	return NULL;
}

static char *parse_status(const char *word, int32_t *status)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(status_names); i++) {
		if (g_ascii_strcasecmp(status_names[i].name, word) == 0) {
			*status = status_names[i].status;
			return NULL;
		}
	}
	if (!control_parse_s32(word, status) || *status >= 0)
		return g_strdup_printf(
			"bad --status '%s' (a negative VBox status or a name like VERR_NOT_SUPPORTED)",
			word);
	return NULL;
}

static char *parse_request(const char *word, uint32_t *type)
{
	bool known;

	if (control_parse_u32(word, type))
		known = vmmdev_emu_request_name(*type) != NULL;
	else
		known = vmmdev_emu_request_by_name(word, type);
	if (known)
		return NULL;
	return g_strdup_printf(
		"bad --request '%s' (a VMMDev request type this host answers, by number or by a name like GetHostVersion)",
		word);
}

static char *parse_hgcm(struct hgcm_host *hgcm, const char *word,
			struct fault_spec *spec)
{
	g_auto(GStrv) parts = g_strsplit(word, ":", 2);

	if (g_strv_length(parts) != 2 || !parts[0][0] || !parts[1][0])
		return g_strdup_printf("bad --hgcm '%s' (SERVICE:FUNCTION)",
				       word);
	if (!hgcm_host_has_service(hgcm, parts[0]))
		return g_strdup_printf("no HGCM service '%s'", parts[0]);
	if (!control_parse_u32(parts[1], &spec->function) &&
	    hgcm_host_find_function(hgcm, parts[0], parts[1], &spec->function) <
		    0)
		return g_strdup_printf(
			"service %s has no function '%s' (a number or one of its function names)",
			parts[0], parts[1]);
	spec->service = g_strdup(parts[0]);
	return NULL;
}

static char *parse_bounded(const char *opt, const char *word, uint32_t max,
			   const char *unit, uint32_t *out)
{
	if (!control_parse_u32(word, out) || *out == 0 || *out > max)
		return g_strdup_printf("bad %s '%s' (1..%u%s)", opt, word, max,
				       unit);
	return NULL;
}

#define ACTION_ONCE "give one of --status, --delay, --drop"

/* What `fault add` has seen so far. */
struct fault_add_args {
	struct fault_spec spec;
	bool have_target;
	bool have_count;
	bool have_action;
};

/* The options that take a value, and what each sets. */
static char *parse_valued(struct hgcm_host *hgcm, const char *opt,
			  const char *word, struct fault_add_args *a)
{
	struct fault_spec *s = &a->spec;
	const char *once;
	bool *seen;

	if (strcmp(opt, "--count") == 0) {
		seen = &a->have_count;
		once = "--count is given twice";
	} else if (strcmp(opt, "--request") == 0 ||
		   strcmp(opt, "--hgcm") == 0) {
		seen = &a->have_target;
		once = "give one of --request, --hgcm";
	} else {
		seen = &a->have_action;
		once = ACTION_ONCE;
	}
	if (*seen)
		return g_strdup(once);
	*seen = true;

	if (strcmp(opt, "--count") == 0)
		return parse_bounded(opt, word, FAULT_MAX_COUNT, "", &s->count);
	if (strcmp(opt, "--request") == 0) {
		s->target = FAULT_TARGET_REQUEST;
		return parse_request(word, &s->request_type);
	}
	if (strcmp(opt, "--hgcm") == 0) {
		s->target = FAULT_TARGET_HGCM;
		return parse_hgcm(hgcm, word, s);
	}
	if (strcmp(opt, "--status") == 0) {
		s->verdict.action = FAULT_STATUS;
		return parse_status(word, &s->verdict.status);
	}
	s->verdict.action = FAULT_DELAY;
	return parse_bounded(opt, word, FAULT_MAX_DELAY_MS, " ms",
			     &s->verdict.delay_ms);
}

static bool takes_value(const char *opt)
{
	static const char *const opts[] = { "--request", "--hgcm", "--count",
					    "--status", "--delay" };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(opts); i++) {
		if (strcmp(opt, opts[i]) == 0)
			return true;
	}
	return false;
}

static char *parse_add(struct hgcm_host *hgcm, char **args, unsigned int n,
		       struct fault_add_args *a)
{
	unsigned int i;
	char *err;

	a->spec.count = 1;
	for (i = 0; i < n; i++) {
		if (strcmp(args[i], "--drop") == 0) {
			if (a->have_action)
				return g_strdup(ACTION_ONCE);
			a->have_action = true;
			a->spec.verdict.action = FAULT_DROP;
			continue;
		}
		if (!takes_value(args[i]))
			return g_strdup_printf(
				"unknown fault option '%s' (--request, --hgcm, --count, --status, --delay, --drop)",
				args[i]);
		if (i + 1 == n)
			return g_strdup_printf("%s needs a value", args[i]);
		err = parse_valued(hgcm, args[i], args[i + 1], a);
		if (err)
			return err;
		i++;
	}
	if (!a->have_target)
		return g_strdup(
			"give --request TYPE or --hgcm SERVICE:FUNCTION");
	if (!a->have_action)
		return g_strdup(ACTION_ONCE);
	return NULL;
}

static char *fault_add(struct fault_table *ft, struct hgcm_host *hgcm,
		       char **args, unsigned int n, GString *out)
{
	struct fault_add_args a = { 0 };
	unsigned int id;
	char *err;

	err = parse_add(hgcm, args, n, &a);
	if (!err && fault_table_add(ft, &a.spec, &id) < 0)
		err = g_strdup_printf(
			"fault table full (%u faults; fault clear empties it)",
			FAULT_MAX);
	if (!err)
		g_string_append_printf(out, " fault: %u\n", id);
	g_free(a.spec.service);
	return err;
}

static void append_target(GString *s, struct hgcm_host *hgcm,
			  const struct fault_spec *spec)
{
	const char *name;

	if (spec->target == FAULT_TARGET_REQUEST) {
		g_string_append_printf(
			s, "request=%s",
			vmmdev_emu_request_name(spec->request_type));
		return;
	}
	name = hgcm_host_function_name(hgcm, spec->service, spec->function);
	if (name)
		g_string_append_printf(s, "hgcm=%s:%s", spec->service, name);
	else
		g_string_append_printf(s, "hgcm=%s:%u", spec->service,
				       spec->function);
}

static void append_action(GString *s, const struct fault_verdict *v)
{
	const char *name;

	switch (v->action) {
	case FAULT_STATUS:
		name = status_name(v->status);
		if (name)
			g_string_append_printf(s, " status=%s", name);
		else
			g_string_append_printf(s, " status=%d", v->status);
		break;
	case FAULT_DELAY:
		g_string_append_printf(s, " delay_ms=%u", v->delay_ms);
		break;
	default:
		g_string_append(s, " drop");
		break;
	}
}

static void fault_list(struct fault_table *ft, struct hgcm_host *hgcm,
		       GString *out)
{
	struct fault_info *info;
	unsigned int n, i;

	info = fault_table_list(ft, &n);
	g_string_append_printf(out, " faults: %u\n", n);
	for (i = 0; i < n; i++) {
		g_string_append_printf(out, " fault.%u: ", info[i].id);
		append_target(out, hgcm, &info[i].spec);
		append_action(out, &info[i].spec.verdict);
		g_string_append_printf(out, " count=%u fired=%u\n",
				       info[i].spec.count, info[i].fired);
	}
	fault_info_free(info, n);
}

char *fault_ctl_run(struct fault_table *ft, struct hgcm_host *hgcm, char **args,
		    unsigned int n, GString *out)
{
	if (strcmp(args[0], "add") == 0)
		return fault_add(ft, hgcm, args + 1, n - 1, out);
	if (strcmp(args[0], "list") == 0 && n == 1) {
		fault_list(ft, hgcm, out);
		return NULL;
	}
	if (strcmp(args[0], "clear") == 0 && n == 1) {
		g_string_append_printf(out, " cleared: %u\n",
				       fault_table_clear(ft));
		return NULL;
	}
	return g_strdup(
		"usage: fault add (--request TYPE | --hgcm SERVICE:FUNCTION) [--count N] (--status STATUS | --delay MS | --drop) | list | clear");
}
