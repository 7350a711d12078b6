// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fault table (see fault.h): armed faults, matching, and waiting out
 * delays.  One lock protects everything; it is a leaf lock (nothing else
 * is taken under it but the guest sockets' drop hook, which takes none).
 */
#include "config.h"

#include "hostsim/fault.h"

#include <errno.h>
#include <string.h>

struct fault {
	unsigned int id;
	struct fault_spec spec;
	uint32_t fired;
};

struct fault_table {
	GMutex lock;
	GCond cond;	   /* shutdown, for fault_wait() */
	GPtrArray *faults; /* struct fault, in the order added */
	unsigned int next_id;
	bool shut_down;
	fault_drop_fn drop;
	void *drop_opaque;
};

static void fault_free(gpointer data)
{
	struct fault *f = data;

	g_free(f->spec.service);
	g_free(f);
}

struct fault_table *fault_table_new(void)
{
	struct fault_table *ft = g_new0(struct fault_table, 1);

	g_mutex_init(&ft->lock);
	g_cond_init(&ft->cond);
	ft->faults = g_ptr_array_new_with_free_func(fault_free);
	ft->next_id = 1;
	return ft;
}

void fault_table_free(struct fault_table *ft)
{
	if (!ft)
		return;
	g_ptr_array_free(ft->faults, TRUE);
	g_cond_clear(&ft->cond);
	g_mutex_clear(&ft->lock);
	g_free(ft);
}

void fault_table_set_drop(struct fault_table *ft, fault_drop_fn drop,
			  void *opaque)
{
	g_mutex_lock(&ft->lock);
	ft->drop = drop;
	ft->drop_opaque = opaque;
	g_mutex_unlock(&ft->lock);
}

void fault_table_shutdown(struct fault_table *ft)
{
	g_mutex_lock(&ft->lock);
	ft->shut_down = true;
	g_cond_broadcast(&ft->cond);
	g_mutex_unlock(&ft->lock);
}

int fault_table_add(struct fault_table *ft, const struct fault_spec *spec,
		    unsigned int *id)
{
	struct fault *f;

	g_mutex_lock(&ft->lock);
	if (ft->faults->len >= FAULT_MAX) {
		g_mutex_unlock(&ft->lock);
		return -ENOSPC;
	}
	f = g_new0(struct fault, 1);
	f->id = ft->next_id++;
	f->spec = *spec;
	f->spec.service = g_strdup(spec->service);
	g_ptr_array_add(ft->faults, f);
	*id = f->id;
	g_mutex_unlock(&ft->lock);
	return 0;
}

unsigned int fault_table_clear(struct fault_table *ft)
{
	unsigned int n;

	g_mutex_lock(&ft->lock);
	n = ft->faults->len;
	g_ptr_array_set_size(ft->faults, 0);
	g_mutex_unlock(&ft->lock);
	return n;
}

struct fault_info *fault_table_list(struct fault_table *ft, unsigned int *n)
{
	struct fault_info *info;
	unsigned int i;

	g_mutex_lock(&ft->lock);
	*n = ft->faults->len;
	info = g_new0(struct fault_info, MAX(*n, 1));
	for (i = 0; i < *n; i++) {
		const struct fault *f = ft->faults->pdata[i];

		info[i].id = f->id;
		info[i].spec = f->spec;
		info[i].spec.service = g_strdup(f->spec.service);
		info[i].fired = f->fired;
	}
	g_mutex_unlock(&ft->lock);
	return info;
}

void fault_info_free(struct fault_info *info, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		g_free(info[i].spec.service);
	g_free(info);
}

static bool fault_matches(const struct fault *f, enum fault_target target,
			  uint32_t type, const char *service, uint32_t function)
{
	if (f->fired >= f->spec.count || f->spec.target != target)
		return false;
	if (target == FAULT_TARGET_REQUEST)
		return f->spec.request_type == type;
	return f->spec.function == function &&
	       strcmp(f->spec.service, service) == 0;
}

/**
 * fault_check - find the first fault that matches and fire it.
 * @ft: the table, or NULL
 * @target: what is asking
 * @type: the VMMDev request type (FAULT_TARGET_REQUEST)
 * @service: the HGCM service name (FAULT_TARGET_HGCM)
 * @function: the HGCM function (FAULT_TARGET_HGCM)
 *
 * A drop fault that finds no guest connection to close does not fire; the
 * search goes on past it.
 *
 * Return: the verdict of the fault that fired, or FAULT_NONE.
 */
static struct fault_verdict fault_check(struct fault_table *ft,
					enum fault_target target, uint32_t type,
					const char *service, uint32_t function)
{
	struct fault_verdict v = { .action = FAULT_NONE };
	unsigned int i, id = 0;
	uint32_t fired = 0, count = 0;

	if (!ft)
		return v;
	g_mutex_lock(&ft->lock);
	for (i = 0; !ft->shut_down && i < ft->faults->len; i++) {
		struct fault *f = ft->faults->pdata[i];

		if (!fault_matches(f, target, type, service, function))
			continue;
		if (f->spec.verdict.action == FAULT_DROP &&
		    !(ft->drop && ft->drop(ft->drop_opaque)))
			continue;
		v = f->spec.verdict;
		id = f->id;
		fired = ++f->fired;
		count = f->spec.count;
		break;
	}
	g_mutex_unlock(&ft->lock);
	if (v.action != FAULT_NONE)
		g_info("fault %u fired (%u of %u)", id, fired, count);
	return v;
}

struct fault_verdict fault_check_request(struct fault_table *ft, uint32_t type)
{
	return fault_check(ft, FAULT_TARGET_REQUEST, type, NULL, 0);
}

struct fault_verdict fault_check_hgcm(struct fault_table *ft,
				      const char *service, uint32_t function)
{
	return fault_check(ft, FAULT_TARGET_HGCM, 0, service, function);
}

bool fault_wait(struct fault_table *ft, uint32_t ms)
{
	gint64 end =
		g_get_monotonic_time() + (gint64)ms * G_TIME_SPAN_MILLISECOND;
	bool waited;

	g_mutex_lock(&ft->lock);
	while (!ft->shut_down && g_cond_wait_until(&ft->cond, &ft->lock, end))
		;
	waited = !ft->shut_down;
	g_mutex_unlock(&ft->lock);
	return waited;
}
