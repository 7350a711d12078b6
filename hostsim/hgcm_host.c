// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The HGCM host-service framework: services, clients, the message queue
 * and the service thread.  See hgcm_host.h for the rules services follow.
 *
 * Life of a message.  The transport creates it (one reference) and submits
 * it: the host keeps that reference as the "pending" reference while the
 * message is in the pending table (keyed by the transport's tag), and the
 * queue holds a second one until the service thread has looked at it.  A
 * call handed to its service gets a third, the "service" reference, which
 * hgcm_call_complete() drops (or the cancel notification, after the
 * service's cancel callback, if the call was cancelled first).  State moves
 * QUEUED -> IN_SERVICE -> COMPLETED, or to CANCELLED from either of the
 * first two, always under the host lock, so exactly one of "done callback"
 * and "cancelled" happens to every message.
 *
 * Who runs service code.  The exec lock is held by whoever runs service
 * code: the service thread for everything but its poll() (the context's
 * poll function drops the lock around the real poll), or a submitting
 * thread that found the service thread idle.  hgcm_host_submit() takes a
 * message straight to its service on the submitting thread when the
 * queue is empty and the exec lock is free (the service thread is asleep
 * in poll(), with nothing queued): services still see one thread at a
 * time, in submission order, only without the trip through the queue and
 * the wake-up of the service thread.  A service that answers at once then
 * completes the call before the submission returns; one that parks it
 * completes it later from wherever it likes, as before.
 */
#include "config.h"

#include "hostsim/hgcm_host.h"

#include "hostsim/fault.h"

#include <string.h>

enum hgcm_call_kind {
	HGCM_KIND_CONNECT,
	HGCM_KIND_DISCONNECT,
	HGCM_KIND_CALL,
};

enum hgcm_call_state {
	HGCM_STATE_NEW,
	HGCM_STATE_QUEUED,
	HGCM_STATE_IN_SERVICE,
	HGCM_STATE_COMPLETED,
	HGCM_STATE_CANCELLED,
};

struct hgcm_service {
	struct hgcm_host *host;
	const struct hgcm_service_ops *ops;
	void *data;
	struct hgcm_service_stats stats;
	struct hgcm_fn_stats *fn_stats; /* function_count + 1 ("other") */
};

struct hgcm_client {
	gint refcount;
	uint32_t id;
	uint32_t requestor;
	struct hgcm_service *svc;
	GList *calls;	   /* calls with the service (host lock) */
	bool disconnected; /* the service saw disconnect() */
	void *data;
};

struct hgcm_call {
	gint refcount;
	enum hgcm_call_kind kind;
	gint state; /* enum hgcm_call_state */
	uint64_t tag;
	uint32_t requestor;
	char *service_name; /* connect */
	uint32_t client_id; /* the client; a connect's result */
	uint32_t function;
	unsigned int parm_count;
	struct hgcm_parm *parms;
	struct hgcm_client *client;	/* a call with its service */
	struct hgcm_fn_stats *fn_stats; /* where its counters go */
	struct fault_verdict fault;	/* decided at submission */
	bool with_service;		/* the service saw call() */
	int32_t result;
	void (*done)(struct hgcm_call *call, void *opaque);
	void *done_opaque;
	void (*free_opaque)(void *opaque);
};

enum hgcm_work_kind {
	HGCM_WORK_DISPATCH,  /* a submitted message */
	HGCM_WORK_CANCELLED, /* tell a service its call was cancelled */
	HGCM_WORK_INVOKE,    /* hgcm_host_run_sync() */
	HGCM_WORK_SHUTDOWN,
};

struct hgcm_invoke {
	void (*fn)(void *data);
	void *data;
	GMutex lock;
	GCond cond;
	bool finished;
};

struct hgcm_work {
	enum hgcm_work_kind kind;
	struct hgcm_call *call;
	struct hgcm_invoke *invoke;
};

struct hgcm_host {
	GMutex exec; /* held while running service code (see the top) */
	GMutex lock;
	GPtrArray *services; /* registration order */
	GHashTable *service_by_name;
	GHashTable *clients; /* id -> client */
	GHashTable *pending; /* &call->tag -> call */
	uint32_t last_client_id;

	GMainContext *ctx;
	GMainLoop *loop;
	GThread *thread;
	GQueue queue; /* struct hgcm_work, host lock */
	GSource *queue_source;
	bool shut_down;		    /* no more submissions */
	bool thread_done;	    /* the shutdown work ran */
	struct fault_table *faults; /* set before the first submission */
};

/* ---- references ---------------------------------------------------------- */

static void client_unref(struct hgcm_client *client)
{
	if (!g_atomic_int_dec_and_test(&client->refcount))
		return;
	g_free(client->data);
	g_free(client);
}

static void call_ref(struct hgcm_call *call)
{
	g_atomic_int_inc(&call->refcount);
}

static void call_unref(struct hgcm_call *call)
{
	unsigned int i;

	if (!g_atomic_int_dec_and_test(&call->refcount))
		return;
	if (call->free_opaque)
		call->free_opaque(call->done_opaque);
	for (i = 0; i < call->parm_count; i++)
		g_free(call->parms[i].data);
	g_free(call->parms);
	if (call->client)
		client_unref(call->client);
	g_free(call->service_name);
	g_free(call);
}

/* ---- the service thread's queue ------------------------------------------ */

static gboolean queue_source_prepare(GSource *source, gint *timeout)
{
	struct hgcm_host *host = *(struct hgcm_host **)(source + 1);
	gboolean ready;

	*timeout = -1;
	g_mutex_lock(&host->lock);
	ready = !g_queue_is_empty(&host->queue);
	g_mutex_unlock(&host->lock);
	return ready;
}

static gboolean queue_source_check(GSource *source)
{
	gint timeout;

	return queue_source_prepare(source, &timeout);
}

static void process_work(struct hgcm_host *host, struct hgcm_work *work);

static gboolean queue_source_dispatch(GSource *source, GSourceFunc callback,
				      gpointer user_data)
{
	struct hgcm_host *host = *(struct hgcm_host **)(source + 1);
	struct hgcm_work *work;

	(void)callback;
	(void)user_data;
	while (!host->thread_done) {
		g_mutex_lock(&host->lock);
		work = g_queue_pop_head(&host->queue);
		g_mutex_unlock(&host->lock);
		if (!work)
			break;
		process_work(host, work);
	}
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs queue_source_funcs = {
	.prepare = queue_source_prepare,
	.check = queue_source_check,
	.dispatch = queue_source_dispatch,
};

/* Queue work for the service thread; host lock held. */
static void enqueue_locked(struct hgcm_host *host, enum hgcm_work_kind kind,
			   struct hgcm_call *call, struct hgcm_invoke *invoke)
{
	struct hgcm_work *work = g_new0(struct hgcm_work, 1);

	work->kind = kind;
	work->call = call;
	work->invoke = invoke;
	g_queue_push_tail(&host->queue, work);
	g_main_context_wakeup(host->ctx);
}

/* The host whose service thread this is (for service_poll()). */
static __thread struct hgcm_host *thread_host;
/* The host whose service code this submitting thread is running. */
static __thread struct hgcm_host *inline_host;

/* The service thread's poll: the one place it does not hold the exec lock. */
static gint service_poll(GPollFD *fds, guint nfds, gint timeout)
{
	struct hgcm_host *host = thread_host;
	gint rc;

	g_mutex_unlock(&host->exec);
	rc = g_poll(fds, nfds, timeout);
	g_mutex_lock(&host->exec);
	return rc;
}

static gpointer service_thread(gpointer data)
{
	struct hgcm_host *host = data;

	thread_host = host;
	g_mutex_lock(&host->exec);
	g_main_context_push_thread_default(host->ctx);
	g_main_loop_run(host->loop);
	g_main_context_pop_thread_default(host->ctx);
	g_mutex_unlock(&host->exec);
	return NULL;
}

/* ---- completion ---------------------------------------------------------- */

static void count_bytes_out(struct hgcm_call *call)
{
	unsigned int i;

	for (i = 0; i < call->parm_count; i++) {
		const struct hgcm_parm *p = &call->parms[i];

		if (p->type == HGCM_PARM_BUF && (p->dir & HGCM_DIR_OUT))
			call->fn_stats->bytes_out += MIN(p->size, p->capacity);
	}
}

/**
 * finish - move a message to COMPLETED and run its done callback.
 * @host: the host
 * @call: a message in IN_SERVICE state (or one cancelled meanwhile)
 * @result: the status the guest will see
 *
 * Drops the pending reference; the caller keeps whatever else it holds.
 *
 * Return: true, or false (having done nothing) if the message was
 * cancelled meanwhile.
 */
static bool finish(struct hgcm_host *host, struct hgcm_call *call,
		   int32_t result)
{
	g_mutex_lock(&host->lock);
	if (call->state != HGCM_STATE_IN_SERVICE) {
		g_mutex_unlock(&host->lock);
		return false;
	}
	g_atomic_int_set(&call->state, HGCM_STATE_COMPLETED);
	call->result = result;
	g_hash_table_remove(host->pending, &call->tag);
	if (call->client)
		call->client->calls = g_list_remove(call->client->calls, call);
	if (call->fn_stats) {
		if (result >= 0)
			call->fn_stats->ok++;
		else
			call->fn_stats->failed++;
		count_bytes_out(call);
	}
	g_mutex_unlock(&host->lock);

	if (call->done)
		call->done(call, call->done_opaque);
	call_unref(call);
	return true;
}

void hgcm_call_complete(struct hgcm_call *call, int32_t result)
{
	struct hgcm_host *host;

	g_return_if_fail(call && call->kind == HGCM_KIND_CALL && call->client);
	host = call->client->svc->host;
	if (finish(host, call, result))
		call_unref(call); /* the service's reference */
}

bool hgcm_call_is_cancelled(struct hgcm_call *call)
{
	return g_atomic_int_get(&call->state) == HGCM_STATE_CANCELLED;
}

/* ---- processing on the service thread ------------------------------------ */

static uint32_t alloc_client_id_locked(struct hgcm_host *host)
{
	uint32_t id = host->last_client_id;

	do {
		id++;
		if (id == 0 || id == UINT32_MAX)
			id = 1;
	} while (g_hash_table_contains(host->clients, GUINT_TO_POINTER(id)));
	host->last_client_id = id;
	return id;
}

/**
 * claim - take a queued message for processing (service thread).
 *
 * Return: true, or false if it was cancelled while queued.
 */
static bool claim(struct hgcm_host *host, struct hgcm_call *call)
{
	bool ok;

	g_mutex_lock(&host->lock);
	ok = call->state == HGCM_STATE_QUEUED;
	if (ok)
		g_atomic_int_set(&call->state, HGCM_STATE_IN_SERVICE);
	g_mutex_unlock(&host->lock);
	return ok;
}

static void do_connect(struct hgcm_host *host, struct hgcm_call *call)
{
	struct hgcm_service *svc;
	struct hgcm_client *client;
	int rc = VINF_SUCCESS;

	g_mutex_lock(&host->lock);
	svc = g_hash_table_lookup(host->service_by_name, call->service_name);
	g_mutex_unlock(&host->lock);
	if (!svc) {
		g_info("HGCM connect to unknown service \"%s\"",
		       call->service_name);
		finish(host, call, VERR_HGCM_SERVICE_NOT_FOUND);
		return;
	}

	client = g_new0(struct hgcm_client, 1);
	client->refcount = 1;
	client->svc = svc;
	client->requestor = call->requestor;
	client->data = g_malloc0(MAX(svc->ops->client_size, 1));
	g_mutex_lock(&host->lock);
	client->id = alloc_client_id_locked(host);
	g_mutex_unlock(&host->lock);

	if (svc->ops->connect)
		rc = svc->ops->connect(svc, client);
	if (rc < 0) {
		client_unref(client);
		finish(host, call, rc);
		return;
	}

	g_mutex_lock(&host->lock);
	g_hash_table_insert(host->clients, GUINT_TO_POINTER(client->id),
			    client);
	svc->stats.clients++;
	svc->stats.connects++;
	call->client_id = client->id;
	g_mutex_unlock(&host->lock);
	g_debug("HGCM client %u connected to %s", client->id, svc->ops->name);
	finish(host, call, VINF_SUCCESS);
}

/* Cancel every call the client has with its service (service thread). */
static void cancel_client_calls(struct hgcm_host *host,
				struct hgcm_client *client)
{
	struct hgcm_service *svc = client->svc;
	GList *calls, *l;

	g_mutex_lock(&host->lock);
	calls = client->calls;
	client->calls = NULL;
	for (l = calls; l; l = l->next) {
		struct hgcm_call *c = l->data;

		g_atomic_int_set(&c->state, HGCM_STATE_CANCELLED);
		g_hash_table_remove(host->pending, &c->tag);
		c->fn_stats->cancelled++;
	}
	g_mutex_unlock(&host->lock);

	for (l = calls; l; l = l->next) {
		struct hgcm_call *c = l->data;

		if (svc->ops->cancel && c->with_service)
			svc->ops->cancel(svc, client, c);
		call_unref(c); /* the service's reference */
		call_unref(c); /* the pending reference */
	}
	g_list_free(calls);
}

/*
 * The service hears of the disconnection first, with the client's calls
 * still pending, so it can answer them (the clipboard ends a parked wait
 * with QUIT); whatever it leaves pending is cancelled after.
 */
static void drop_client(struct hgcm_host *host, struct hgcm_client *client)
{
	struct hgcm_service *svc = client->svc;

	if (svc->ops->disconnect)
		svc->ops->disconnect(svc, client);
	cancel_client_calls(host, client);
	g_mutex_lock(&host->lock);
	client->disconnected = true;
	g_mutex_unlock(&host->lock);
	g_debug("HGCM client %u disconnected from %s", client->id,
		svc->ops->name);
	client_unref(client);
}

static void do_disconnect(struct hgcm_host *host, struct hgcm_call *call)
{
	struct hgcm_client *client;

	g_mutex_lock(&host->lock);
	client = g_hash_table_lookup(host->clients,
				     GUINT_TO_POINTER(call->client_id));
	if (client) {
		g_hash_table_remove(host->clients,
				    GUINT_TO_POINTER(call->client_id));
		client->svc->stats.clients--;
		client->svc->stats.disconnects++;
	}
	g_mutex_unlock(&host->lock);
	if (!client) {
		finish(host, call, VERR_HGCM_INVALID_CLIENT_ID);
		return;
	}
	drop_client(host, client);
	finish(host, call, VINF_SUCCESS);
}

static struct hgcm_fn_stats *fn_stats_for(struct hgcm_service *svc,
					  uint32_t function)
{
	uint32_t n = svc->ops->function_count;

	return &svc->fn_stats[function < n ? function : n];
}

static void give_to_service(struct hgcm_call *call)
{
	struct hgcm_client *client = call->client;
	struct hgcm_service *svc = client->svc;

	call->with_service = true;
	svc->ops->call(svc, client, call, call->function, call->parm_count);
}

static gboolean delayed_dispatch(gpointer data)
{
	struct hgcm_call *call = data;
	struct hgcm_host *host = call->client->svc->host;
	bool pending;

	g_mutex_lock(&host->lock);
	pending = call->state == HGCM_STATE_IN_SERVICE;
	g_mutex_unlock(&host->lock);
	if (pending)
		give_to_service(call);
	return G_SOURCE_REMOVE;
}

static void call_unref_notify(gpointer data)
{
	call_unref(data);
}

/*
 * A delay fault: the call is the client's like any other (cancellable,
 * counted) but reaches its service only when the timer on the service
 * thread fires, and not at all if it was cancelled meanwhile.
 */
static void delay_call(struct hgcm_host *host, struct hgcm_call *call)
{
	GSource *timer = g_timeout_source_new(call->fault.delay_ms);

	call_ref(call); /* the timer's reference */
	g_source_set_callback(timer, delayed_dispatch, call, call_unref_notify);
	g_source_attach(timer, host->ctx);
	g_source_unref(timer);
}

static void do_call(struct hgcm_host *host, struct hgcm_call *call)
{
	struct hgcm_client *client;
	struct hgcm_service *svc;
	unsigned int i;

	g_mutex_lock(&host->lock);
	if (call->state != HGCM_STATE_IN_SERVICE) {
		/* Cancelled after claim(), before reaching its service. */
		g_mutex_unlock(&host->lock);
		return;
	}
	client = g_hash_table_lookup(host->clients,
				     GUINT_TO_POINTER(call->client_id));
	if (!client) {
		g_mutex_unlock(&host->lock);
		finish(host, call, VERR_HGCM_INVALID_CLIENT_ID);
		return;
	}
	svc = client->svc;
	g_atomic_int_inc(&client->refcount);
	call->client = client;
	call->fn_stats = fn_stats_for(svc, call->function);
	call->fn_stats->calls++;
	for (i = 0; i < call->parm_count; i++) {
		const struct hgcm_parm *p = &call->parms[i];

		if (p->type == HGCM_PARM_BUF && (p->dir & HGCM_DIR_IN))
			call->fn_stats->bytes_in += p->capacity;
	}
	client->calls = g_list_prepend(client->calls, call);
	call_ref(call); /* the service's reference */
	g_mutex_unlock(&host->lock);

	switch (call->fault.action) {
	case FAULT_STATUS:
		/* As if the service had failed it at once. */
		hgcm_call_complete(call, call->fault.status);
		break;
	case FAULT_DELAY:
		delay_call(host, call);
		break;
	default:
		give_to_service(call);
		break;
	}
}

static void do_cancelled(struct hgcm_host *host, struct hgcm_call *call)
{
	struct hgcm_client *client = call->client;
	struct hgcm_service *svc = client->svc;
	bool gone;

	g_mutex_lock(&host->lock);
	gone = client->disconnected;
	g_mutex_unlock(&host->lock);
	if (!gone && svc->ops->cancel && call->with_service)
		svc->ops->cancel(svc, client, call);
	call_unref(call); /* the service's reference */
}

static void do_invoke(struct hgcm_invoke *inv)
{
	inv->fn(inv->data);
	g_mutex_lock(&inv->lock);
	inv->finished = true;
	g_cond_signal(&inv->cond);
	g_mutex_unlock(&inv->lock);
}

static void do_shutdown(struct hgcm_host *host)
{
	GList *clients, *l;
	unsigned int i;

	g_mutex_lock(&host->lock);
	clients = g_hash_table_get_values(host->clients);
	g_hash_table_steal_all(host->clients);
	for (l = clients; l; l = l->next) {
		struct hgcm_client *client = l->data;

		client->svc->stats.clients--;
	}
	g_mutex_unlock(&host->lock);

	for (l = clients; l; l = l->next)
		drop_client(host, l->data);
	g_list_free(clients);

	for (i = 0; i < host->services->len; i++) {
		struct hgcm_service *svc = host->services->pdata[i];

		if (svc->ops->destroy)
			svc->ops->destroy(svc);
	}
	host->thread_done = true;
	g_main_loop_quit(host->loop);
}

/* A submitted message, with the exec lock held; drops the queue's reference. */
static void dispatch(struct hgcm_host *host, struct hgcm_call *call)
{
	if (claim(host, call)) {
		if (call->kind == HGCM_KIND_CONNECT)
			do_connect(host, call);
		else if (call->kind == HGCM_KIND_DISCONNECT)
			do_disconnect(host, call);
		else
			do_call(host, call);
	}
	call_unref(call); /* the queue's reference */
}

static void process_work(struct hgcm_host *host, struct hgcm_work *work)
{
	struct hgcm_call *call = work->call;

	switch (work->kind) {
	case HGCM_WORK_DISPATCH:
		dispatch(host, call);
		break;
	case HGCM_WORK_CANCELLED:
		do_cancelled(host, call);
		break;
	case HGCM_WORK_INVOKE:
		do_invoke(work->invoke);
		break;
	case HGCM_WORK_SHUTDOWN:
		do_shutdown(host);
		break;
	}
	g_free(work);
}

/* ---- the host ------------------------------------------------------------ */

static void free_service(gpointer data)
{
	struct hgcm_service *svc = data;

	g_free(svc->fn_stats);
	g_free(svc);
}

struct hgcm_host *hgcm_host_new(void)
{
	struct hgcm_host *host = g_new0(struct hgcm_host, 1);

	g_mutex_init(&host->exec);
	g_mutex_init(&host->lock);
	host->services = g_ptr_array_new_with_free_func(free_service);
	host->service_by_name = g_hash_table_new(g_str_hash, g_str_equal);
	host->clients = g_hash_table_new(g_direct_hash, g_direct_equal);
	host->pending = g_hash_table_new(g_int64_hash, g_int64_equal);
	g_queue_init(&host->queue);
	host->ctx = g_main_context_new();
	g_main_context_set_poll_func(host->ctx, service_poll);
	host->loop = g_main_loop_new(host->ctx, FALSE);
	host->queue_source = g_source_new(&queue_source_funcs,
					  sizeof(GSource) + sizeof(host));
	*(struct hgcm_host **)(host->queue_source + 1) = host;
	g_source_set_name(host->queue_source, "hgcm-queue");
	g_source_attach(host->queue_source, host->ctx);
	host->thread = g_thread_new("hgcm-service", service_thread, host);
	return host;
}

void hgcm_host_free(struct hgcm_host *host)
{
	struct hgcm_work *work;
	GHashTableIter it;
	gpointer value;

	if (!host)
		return;

	/* Nothing queued after this point is dispatched. */
	g_mutex_lock(&host->lock);
	host->shut_down = true;
	g_hash_table_iter_init(&it, host->pending);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct hgcm_call *call = value;

		if (call->state == HGCM_STATE_QUEUED)
			g_atomic_int_set(&call->state, HGCM_STATE_CANCELLED);
	}
	enqueue_locked(host, HGCM_WORK_SHUTDOWN, NULL, NULL);
	g_mutex_unlock(&host->lock);
	g_thread_join(host->thread);

	/* Whatever is left in the queue was never dispatched. */
	while ((work = g_queue_pop_head(&host->queue))) {
		if (work->kind == HGCM_WORK_DISPATCH ||
		    work->kind == HGCM_WORK_CANCELLED)
			call_unref(work->call);
		if (work->kind == HGCM_WORK_INVOKE)
			do_invoke(work->invoke);
		g_free(work);
	}
	g_hash_table_iter_init(&it, host->pending);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		g_hash_table_iter_steal(&it);
		call_unref(value);
	}

	g_source_destroy(host->queue_source);
	g_source_unref(host->queue_source);
	g_main_loop_unref(host->loop);
	g_main_context_unref(host->ctx);
	g_hash_table_destroy(host->pending);
	g_hash_table_destroy(host->clients);
	g_hash_table_destroy(host->service_by_name);
	g_ptr_array_free(host->services, TRUE);
	g_mutex_clear(&host->lock);
	g_mutex_clear(&host->exec);
	g_free(host);
}

int hgcm_host_register(struct hgcm_host *host,
		       const struct hgcm_service_ops *ops, void *data,
		       struct hgcm_service **out)
{
	struct hgcm_service *svc;
	size_t len;
	int rc = VINF_SUCCESS;

	if (!ops || !ops->name || !ops->call)
		return VERR_INVALID_PARAMETER;
	len = strlen(ops->name);
	if (len == 0 || len >= HGCM_SERVICE_NAME_MAX)
		return VERR_INVALID_PARAMETER;
	if (ops->function_count > 4096)
		return VERR_INVALID_PARAMETER;

	svc = g_new0(struct hgcm_service, 1);
	svc->host = host;
	svc->ops = ops;
	svc->data = data;
	svc->fn_stats = g_new0(struct hgcm_fn_stats, ops->function_count + 1);

	g_mutex_lock(&host->lock);
	if (g_hash_table_contains(host->service_by_name, ops->name)) {
		rc = VERR_HGCM_SERVICE_EXISTS;
	} else {
		g_hash_table_insert(host->service_by_name, (char *)ops->name,
				    svc);
		g_ptr_array_add(host->services, svc);
	}
	g_mutex_unlock(&host->lock);
	if (rc < 0) {
		free_service(svc);
		return rc;
	}
	if (out)
		*out = svc;
	return VINF_SUCCESS;
}

GMainContext *hgcm_host_context(struct hgcm_host *host)
{
	return host->ctx;
}

void hgcm_host_run_sync(struct hgcm_host *host, void (*fn)(void *data),
			void *data)
{
	struct hgcm_invoke inv = { .fn = fn, .data = data };

	/* Service code already (it holds the exec lock): run it here. */
	if (g_thread_self() == host->thread || inline_host == host) {
		fn(data);
		return;
	}
	g_mutex_init(&inv.lock);
	g_cond_init(&inv.cond);
	g_mutex_lock(&host->lock);
	enqueue_locked(host, HGCM_WORK_INVOKE, NULL, &inv);
	g_mutex_unlock(&host->lock);

	g_mutex_lock(&inv.lock);
	while (!inv.finished)
		g_cond_wait(&inv.cond, &inv.lock);
	g_mutex_unlock(&inv.lock);
	g_cond_clear(&inv.cond);
	g_mutex_clear(&inv.lock);
}

void hgcm_host_set_faults(struct hgcm_host *host, struct fault_table *ft)
{
	host->faults = ft;
}

/* Registered services never go away, so their ops outlive the lock. */
static const struct hgcm_service_ops *service_ops(struct hgcm_host *host,
						  const char *name)
{
	struct hgcm_service *svc;

	g_mutex_lock(&host->lock);
	svc = g_hash_table_lookup(host->service_by_name, name);
	g_mutex_unlock(&host->lock);
	return svc ? svc->ops : NULL;
}

bool hgcm_host_has_service(struct hgcm_host *host, const char *name)
{
	return service_ops(host, name) != NULL;
}

int hgcm_host_find_function(struct hgcm_host *host, const char *service,
			    const char *name, uint32_t *function)
{
	const struct hgcm_service_ops *ops = service_ops(host, service);
	uint32_t f;

	if (!ops)
		return VERR_HGCM_SERVICE_NOT_FOUND;
	for (f = 0; ops->function_names && f < ops->function_count; f++) {
		const char *fn_name = ops->function_names[f];

		if (fn_name && g_ascii_strcasecmp(fn_name, name) == 0) {
			*function = f;
			return VINF_SUCCESS;
		}
	}
	return VERR_NOT_FOUND;
}

const char *hgcm_host_function_name(struct hgcm_host *host, const char *service,
				    uint32_t function)
{
	const struct hgcm_service_ops *ops = service_ops(host, service);

	if (!ops || !ops->function_names || function >= ops->function_count)
		return NULL;
	return ops->function_names[function];
}

unsigned int hgcm_host_client_count(struct hgcm_host *host)
{
	unsigned int n;

	g_mutex_lock(&host->lock);
	n = g_hash_table_size(host->clients);
	g_mutex_unlock(&host->lock);
	return n;
}

/* ---- accessors for services ---------------------------------------------- */

void *hgcm_service_data(struct hgcm_service *svc)
{
	return svc->data;
}

struct hgcm_host *hgcm_service_host(struct hgcm_service *svc)
{
	return svc->host;
}

uint32_t hgcm_client_id(const struct hgcm_client *client)
{
	return client->id;
}

void *hgcm_client_data(struct hgcm_client *client)
{
	return client->data;
}

unsigned int hgcm_call_parm_count(const struct hgcm_call *call)
{
	return call->parm_count;
}

enum hgcm_parm_type hgcm_call_parm_type(const struct hgcm_call *call,
					unsigned int idx)
{
	return idx < call->parm_count ? call->parms[idx].type : HGCM_PARM_NONE;
}

static int parm_of_type(struct hgcm_call *call, unsigned int idx,
			enum hgcm_parm_type type, struct hgcm_parm **out)
{
	if (idx >= call->parm_count)
		return VERR_INVALID_PARAMETER;
	if (call->parms[idx].type != type)
		return VERR_WRONG_PARAMETER_TYPE;
	*out = &call->parms[idx];
	return VINF_SUCCESS;
}

int hgcm_call_get_u32(struct hgcm_call *call, unsigned int idx, uint32_t *value)
{
	struct hgcm_parm *p;
	int rc = parm_of_type(call, idx, HGCM_PARM_U32, &p);

	if (rc >= 0)
		*value = p->u32;
	return rc;
}

int hgcm_call_set_u32(struct hgcm_call *call, unsigned int idx, uint32_t value)
{
	struct hgcm_parm *p;
	int rc = parm_of_type(call, idx, HGCM_PARM_U32, &p);

	if (rc >= 0)
		p->u32 = value;
	return rc;
}

int hgcm_call_get_u64(struct hgcm_call *call, unsigned int idx, uint64_t *value)
{
	struct hgcm_parm *p;
	int rc = parm_of_type(call, idx, HGCM_PARM_U64, &p);

	if (rc >= 0)
		*value = p->u64;
	return rc;
}

int hgcm_call_set_u64(struct hgcm_call *call, unsigned int idx, uint64_t value)
{
	struct hgcm_parm *p;
	int rc = parm_of_type(call, idx, HGCM_PARM_U64, &p);

	if (rc >= 0)
		p->u64 = value;
	return rc;
}

int hgcm_call_get_buf(struct hgcm_call *call, unsigned int idx,
		      unsigned int accept, void **data, uint32_t *capacity,
		      unsigned int *dir)
{
	struct hgcm_parm *p;
	int rc = parm_of_type(call, idx, HGCM_PARM_BUF, &p);

	if (rc < 0)
		return rc;
	if (!(accept & HGCM_ACCEPT(p->dir)))
		return VERR_INVALID_PARAMETER;
	*data = p->data;
	*capacity = p->capacity;
	if (dir)
		*dir = p->dir;
	return VINF_SUCCESS;
}

int hgcm_call_set_buf_size(struct hgcm_call *call, unsigned int idx,
			   uint32_t size)
{
	struct hgcm_parm *p;
	int rc = parm_of_type(call, idx, HGCM_PARM_BUF, &p);

	if (rc < 0)
		return rc;
	if (!(p->dir & HGCM_DIR_OUT))
		return VERR_INVALID_PARAMETER;
	p->size = size;
	return VINF_SUCCESS;
}

/* ---- statistics ---------------------------------------------------------- */

static bool fn_stats_used(const struct hgcm_fn_stats *st)
{
	return st->calls || st->cancelled;
}

void hgcm_host_foreach_stats(struct hgcm_host *host, hgcm_stats_fn fn,
			     void *opaque)
{
	unsigned int i;
	uint32_t f;

	g_mutex_lock(&host->lock);
	for (i = 0; i < host->services->len; i++) {
		const struct hgcm_service *svc = host->services->pdata[i];
		const struct hgcm_service_ops *ops = svc->ops;

		fn(ops->name, HGCM_STATS_SERVICE, NULL, &svc->stats, NULL,
		   opaque);
		for (f = 0; f <= ops->function_count; f++) {
			const struct hgcm_fn_stats *st = &svc->fn_stats[f];
			const char *name = NULL;

			if (!fn_stats_used(st))
				continue;
			if (f < ops->function_count && ops->function_names)
				name = ops->function_names[f];
			fn(ops->name,
			   f < ops->function_count ? (int64_t)f :
						     HGCM_STATS_OTHER,
			   name, &svc->stats, st, opaque);
		}
	}
	g_mutex_unlock(&host->lock);
}

void hgcm_host_reset_stats(struct hgcm_host *host)
{
	unsigned int i;

	g_mutex_lock(&host->lock);
	for (i = 0; i < host->services->len; i++) {
		struct hgcm_service *svc = host->services->pdata[i];

		memset(svc->fn_stats, 0,
		       sizeof(*svc->fn_stats) * (svc->ops->function_count + 1));
		svc->stats.connects = 0;
		svc->stats.disconnects = 0;
	}
	g_mutex_unlock(&host->lock);
}

/* ---- the transport side -------------------------------------------------- */

static struct hgcm_call *call_new(enum hgcm_call_kind kind, uint32_t requestor)
{
	struct hgcm_call *call = g_new0(struct hgcm_call, 1);

	call->refcount = 1;
	call->kind = kind;
	call->state = HGCM_STATE_NEW;
	call->requestor = requestor;
	return call;
}

struct hgcm_call *hgcm_call_new_connect(const char *service_name,
					uint32_t requestor)
{
	struct hgcm_call *call = call_new(HGCM_KIND_CONNECT, requestor);

	call->service_name = g_strndup(service_name, HGCM_SERVICE_NAME_MAX - 1);
	return call;
}

struct hgcm_call *hgcm_call_new_disconnect(uint32_t client_id,
					   uint32_t requestor)
{
	struct hgcm_call *call = call_new(HGCM_KIND_DISCONNECT, requestor);

	call->client_id = client_id;
	return call;
}

struct hgcm_call *hgcm_call_new_call(uint32_t client_id, uint32_t function,
				     unsigned int parm_count,
				     uint32_t requestor)
{
	struct hgcm_call *call;

	if (parm_count > HGCM_MAX_PARMS)
		return NULL;
	call = call_new(HGCM_KIND_CALL, requestor);
	call->client_id = client_id;
	call->function = function;
	call->parm_count = parm_count;
	call->parms = g_new0(struct hgcm_parm, MAX(parm_count, 1));
	return call;
}

void hgcm_call_discard(struct hgcm_call *call)
{
	if (call)
		call_unref(call);
}

struct hgcm_parm *hgcm_call_parms(struct hgcm_call *call)
{
	return call->parms;
}

void hgcm_call_set_done(struct hgcm_call *call,
			void (*done)(struct hgcm_call *call, void *opaque),
			void *opaque, void (*free_opaque)(void *opaque))
{
	call->done = done;
	call->done_opaque = opaque;
	call->free_opaque = free_opaque;
}

int32_t hgcm_call_result(const struct hgcm_call *call)
{
	return call->result;
}

uint32_t hgcm_call_connected_id(const struct hgcm_call *call)
{
	return call->kind == HGCM_KIND_CONNECT && call->result >= 0 ?
		       call->client_id :
		       0;
}

static bool buffers_fit(const struct hgcm_call *call)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < call->parm_count; i++) {
		const struct hgcm_parm *p = &call->parms[i];

		if (p->type == HGCM_PARM_BUF)
			total += p->capacity;
	}
	return total <= HGCM_MAX_DATA_SIZE;
}

/*
 * The fault armed for a call's service function (fault.h).  It is decided
 * here, on the submitting thread, because a drop closes the guest
 * connection that this thread is serving; a status or delay takes effect
 * when the service thread takes the call.
 */
static struct fault_verdict call_fault(struct hgcm_host *host,
				       const struct hgcm_call *call)
{
	struct fault_verdict none = { .action = FAULT_NONE };
	const char *service = NULL;
	struct hgcm_client *client;

	if (!host->faults || call->kind != HGCM_KIND_CALL)
		return none;
	g_mutex_lock(&host->lock);
	client = g_hash_table_lookup(host->clients,
				     GUINT_TO_POINTER(call->client_id));
	if (client)
		service = client->svc->ops->name;
	g_mutex_unlock(&host->lock);
	if (!service)
		return none;
	return fault_check_hgcm(host->faults, service, call->function);
}

int hgcm_host_submit(struct hgcm_host *host, struct hgcm_call *call,
		     uint64_t tag)
{
	bool here = false;
	int rc = VINF_SUCCESS;
	unsigned int i;

	for (i = 0; i < call->parm_count; i++) {
		struct hgcm_parm *p = &call->parms[i];

		if (p->type == HGCM_PARM_BUF)
			p->size = p->capacity;
	}
	if (!buffers_fit(call)) {
		call_unref(call);
		return VERR_INVALID_PARAMETER;
	}
	call->fault = call_fault(host, call);
	if (call->fault.action == FAULT_DROP) {
		/* The guest connection is gone; nobody waits for an answer. */
		call_unref(call);
		return VERR_INTERRUPTED;
	}

	call->tag = tag;
	g_mutex_lock(&host->lock);
	if (host->shut_down) {
		rc = VERR_INVALID_STATE;
	} else if (g_hash_table_contains(host->pending, &tag)) {
		rc = VERR_INVALID_PARAMETER;
	} else {
		g_atomic_int_set(&call->state, HGCM_STATE_QUEUED);
		g_hash_table_insert(host->pending, &call->tag, call);
		call_ref(call); /* the queue's reference */
		/* Nothing ahead of it and the service thread idle: run it here. */
		here = g_queue_is_empty(&host->queue) &&
		       g_mutex_trylock(&host->exec);
		if (!here)
			enqueue_locked(host, HGCM_WORK_DISPATCH, call, NULL);
	}
	g_mutex_unlock(&host->lock);
	if (rc < 0)
		call_unref(call);
	if (here) {
		inline_host = host;
		dispatch(host, call);
		inline_host = NULL;
		g_mutex_unlock(&host->exec);
	}
	return rc;
}

int hgcm_host_cancel(struct hgcm_host *host, uint64_t tag)
{
	enum hgcm_call_state prev;
	struct hgcm_call *call;

	g_mutex_lock(&host->lock);
	call = g_hash_table_lookup(host->pending, &tag);
	if (!call || (call->kind != HGCM_KIND_CALL &&
		      call->state != HGCM_STATE_QUEUED)) {
		g_mutex_unlock(&host->lock);
		return VERR_NOT_FOUND;
	}
	prev = call->state;
	g_atomic_int_set(&call->state, HGCM_STATE_CANCELLED);
	g_hash_table_remove(host->pending, &call->tag);
	/* Only a call its service already has needs telling. */
	if (prev == HGCM_STATE_IN_SERVICE && call->client) {
		call->client->calls = g_list_remove(call->client->calls, call);
		call->fn_stats->cancelled++;
		/* The notification carries the service's reference. */
		enqueue_locked(host, HGCM_WORK_CANCELLED, call, NULL);
	}
	g_mutex_unlock(&host->lock);
	call_unref(call); /* the pending reference */
	return VINF_SUCCESS;
}
