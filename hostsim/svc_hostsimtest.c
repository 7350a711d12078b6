// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HostSimTest, the transport test service (see svc_hostsimtest.h).
 */
#include "config.h"

#include "hostsim/svc_hostsimtest.h"

#include <string.h>

/* A DELAY call waiting for its timer (or for ever). */
struct hst_delay {
	struct hgcm_call *call;
	GSource *timer; /* NULL for HOSTSIMTEST_DELAY_FOREVER */
	struct hst_client *owner;
};

struct hst_client {
	GList *delays; /* hst_delay; service thread only */
};

static const char *const hst_function_names[HOSTSIMTEST_FN_COUNT] = {
	[HOSTSIMTEST_FN_ECHO] = "ECHO", [HOSTSIMTEST_FN_FILL] = "FILL",
	[HOSTSIMTEST_FN_SUM] = "SUM",	[HOSTSIMTEST_FN_INVERT] = "INVERT",
	[HOSTSIMTEST_FN_ADD] = "ADD",	[HOSTSIMTEST_FN_DELAY] = "DELAY",
};

static int hst_echo(struct hgcm_call *call)
{
	void *in, *out;
	uint32_t in_size, out_cap;
	int rc;

	rc = hgcm_call_get_buf(call, 0, HGCM_ACCEPT_IN, &in, &in_size, NULL);
	if (rc < 0)
		return rc;
	rc = hgcm_call_get_buf(call, 1, HGCM_ACCEPT_WRITABLE, &out, &out_cap,
			       NULL);
	if (rc < 0)
		return rc;
	hgcm_call_set_buf_size(call, 1, in_size);
	if (in_size > out_cap)
		return VERR_BUFFER_OVERFLOW;
	if (in_size)
		memcpy(out, in, in_size);
	return VINF_SUCCESS;
}

static uint32_t count_nonzero(const uint8_t *p, uint32_t n)
{
	uint32_t i, count = 0;

	for (i = 0; i < n; i++)
		count += p[i] != 0;
	return count;
}

static int hst_fill(struct hgcm_call *call)
{
	uint32_t byte, count, cap, seen;
	void *out;
	int rc;

	rc = hgcm_call_get_u32(call, 0, &byte);
	if (rc < 0)
		return rc;
	rc = hgcm_call_get_u32(call, 1, &count);
	if (rc < 0)
		return rc;
	rc = hgcm_call_get_buf(call, 2, HGCM_ACCEPT_WRITABLE, &out, &cap, NULL);
	if (rc < 0)
		return rc;
	rc = hgcm_call_get_u32(call, 3, &seen);
	if (rc < 0)
		return rc;
	if (byte > 0xff)
		return VERR_INVALID_PARAMETER;

	hgcm_call_set_u32(call, 3, count_nonzero(out, cap));
	hgcm_call_set_buf_size(call, 2, count);
	if (count > cap)
		return VERR_BUFFER_OVERFLOW;
	memset(out, (int)byte, count);
	return VINF_SUCCESS;
}

static int hst_sum(struct hgcm_call *call)
{
	uint64_t sum = 0, ignored;
	uint32_t size, i;
	uint8_t *in;
	int rc;

	rc = hgcm_call_get_buf(call, 0, HGCM_ACCEPT_IN, (void **)&in, &size,
			       NULL);
	if (rc < 0)
		return rc;
	rc = hgcm_call_get_u64(call, 1, &ignored);
	if (rc < 0)
		return rc;
	for (i = 0; i < size; i++)
		sum += in[i];
	hgcm_call_set_u64(call, 1, sum);
	/* Our copy of an In buffer must never travel back to the guest. */
	if (size)
		memset(in, 0xee, size);
	return VINF_SUCCESS;
}

static int hst_invert(struct hgcm_call *call)
{
	uint32_t size, i;
	uint8_t *buf;
	int rc;

	rc = hgcm_call_get_buf(call, 0, HGCM_ACCEPT_INOUT, (void **)&buf, &size,
			       NULL);
	if (rc < 0)
		return rc;
	for (i = 0; i < size; i++)
		buf[i] ^= 0xff;
	return VINF_SUCCESS;
}

static int hst_add(struct hgcm_call *call)
{
	uint32_t a;
	uint64_t b;
	int rc;

	rc = hgcm_call_get_u32(call, 0, &a);
	if (rc < 0)
		return rc;
	rc = hgcm_call_get_u64(call, 1, &b);
	if (rc < 0)
		return rc;
	hgcm_call_set_u32(call, 0, a + 1);
	hgcm_call_set_u64(call, 1, b + 1);
	return VINF_SUCCESS;
}

static void hst_delay_free(struct hst_delay *d)
{
	if (d->timer) {
		g_source_destroy(d->timer);
		g_source_unref(d->timer);
	}
	g_free(d);
}

static gboolean hst_delay_expired(gpointer data)
{
	struct hst_delay *d = data;
	struct hgcm_call *call = d->call;

	d->owner->delays = g_list_remove(d->owner->delays, d);
	hst_delay_free(d);
	hgcm_call_complete(call, VINF_SUCCESS);
	return G_SOURCE_REMOVE;
}

/**
 * hst_delay - DELAY(u32 ms): a timer on the service thread completes the
 * call; HOSTSIMTEST_DELAY_FOREVER leaves it to cancellation.
 *
 * Return: VINF_HGCM_ASYNC_EXECUTE (the call stays pending) or a parameter
 * error.
 */
static int hst_delay(struct hgcm_service *svc, struct hst_client *hc,
		     struct hgcm_call *call)
{
	struct hst_delay *d;
	uint32_t ms;
	int rc;

	rc = hgcm_call_get_u32(call, 0, &ms);
	if (rc < 0)
		return rc;
	d = g_new0(struct hst_delay, 1);
	d->call = call;
	d->owner = hc;
	if (ms != HOSTSIMTEST_DELAY_FOREVER) {
		d->timer = g_timeout_source_new(ms);
		g_source_set_callback(d->timer, hst_delay_expired, d, NULL);
		g_source_attach(d->timer,
				hgcm_host_context(hgcm_service_host(svc)));
	}
	hc->delays = g_list_prepend(hc->delays, d);
	return VINF_HGCM_ASYNC_EXECUTE;
}

static const unsigned int hst_parm_counts[HOSTSIMTEST_FN_COUNT] = {
	[HOSTSIMTEST_FN_ECHO] = 2, [HOSTSIMTEST_FN_FILL] = 4,
	[HOSTSIMTEST_FN_SUM] = 2,  [HOSTSIMTEST_FN_INVERT] = 1,
	[HOSTSIMTEST_FN_ADD] = 2,  [HOSTSIMTEST_FN_DELAY] = 1,
};

static void hst_call(struct hgcm_service *svc, struct hgcm_client *client,
		     struct hgcm_call *call, uint32_t function,
		     unsigned int parm_count)
{
	struct hst_client *hc = hgcm_client_data(client);
	int rc;

	if (function == 0 || function >= HOSTSIMTEST_FN_COUNT) {
		hgcm_call_complete(call, VERR_NOT_IMPLEMENTED);
		return;
	}
	if (parm_count != hst_parm_counts[function]) {
		hgcm_call_complete(call, VERR_WRONG_PARAMETER_COUNT);
		return;
	}

	switch (function) {
	case HOSTSIMTEST_FN_ECHO:
		rc = hst_echo(call);
		break;
	case HOSTSIMTEST_FN_FILL:
		rc = hst_fill(call);
		break;
	case HOSTSIMTEST_FN_SUM:
		rc = hst_sum(call);
		break;
	case HOSTSIMTEST_FN_INVERT:
		rc = hst_invert(call);
		break;
	case HOSTSIMTEST_FN_ADD:
		rc = hst_add(call);
		break;
	default:
		rc = hst_delay(svc, hc, call);
		break;
	}
	if (rc != VINF_HGCM_ASYNC_EXECUTE)
		hgcm_call_complete(call, rc);
}

static void hst_cancel(struct hgcm_service *svc, struct hgcm_client *client,
		       struct hgcm_call *call)
{
	struct hst_client *hc = hgcm_client_data(client);
	GList *l;

	(void)svc;
	for (l = hc->delays; l; l = l->next) {
		struct hst_delay *d = l->data;

		if (d->call == call) {
			hc->delays = g_list_delete_link(hc->delays, l);
			hst_delay_free(d);
			return;
		}
	}
}

static void hst_disconnect(struct hgcm_service *svc, struct hgcm_client *client)
{
	struct hst_client *hc = hgcm_client_data(client);

	(void)svc;
	/* The delays end with the client; the framework cancels their calls. */
	g_list_free_full(hc->delays, (GDestroyNotify)hst_delay_free);
	hc->delays = NULL;
}

static const struct hgcm_service_ops hst_ops = {
	.name = HOSTSIMTEST_SERVICE_NAME,
	.client_size = sizeof(struct hst_client),
	.function_count = HOSTSIMTEST_FN_COUNT,
	.function_names = hst_function_names,
	.disconnect = hst_disconnect,
	.call = hst_call,
	.cancel = hst_cancel,
};

int hostsimtest_register(struct hgcm_host *host)
{
	return hgcm_host_register(host, &hst_ops, NULL, NULL);
}
