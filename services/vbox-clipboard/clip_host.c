// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-clipboard's host side (see clip_host.h).
 *
 * A connection (struct clip_conn) is one vbgl handle with one clipboard
 * client and its two threads.  The threads never touch struct clip_host:
 * they post what they learn to the default main context, tagged with the
 * connection's generation, and the main loop ignores what a connection it
 * has already torn down still had on its way.
 */
#define G_LOG_DOMAIN "vbox-clipboard"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbglr3_clipboard.h"
#include "services/common/ovt_reconnect.h"
#include "services/vbox-clipboard/clip_host.h"

struct clip_conn {
	struct vbgl_handle *h;
	struct vbgl_clipboard *c;
	GThread *waiter;
	GThread *caller;
	GAsyncQueue *jobs;
	gint stopping;		/* atomic: the main loop is tearing it down */
	struct clip_host *host; /* only for the posts; never dereferenced */
	unsigned int gen;
};

struct clip_host {
	gchar *device;
	const struct clip_host_ops *ops;
	void *data;
	struct clip_conn *conn; /* NULL while the host is away */
	unsigned int gen;	/* of the current (or next) connection */
	struct ovt_reconnect reconnect;
	int last_call_error;	       /* to log each failing call kind once */
	struct ovt_facility *facility; /* not owned; may be NULL */
};

enum job_kind {
	JOB_STOP,
	JOB_REPORT,
	JOB_READ,
	JOB_WRITE,
};

struct job {
	enum job_kind kind;
	struct clip_host *host;
	unsigned int gen;
	uint32_t format;
	struct vbgl_clipboard_msg req;
	GBytes *data; /* WRITE: what to send; READ: what came */
	size_t max_size;
	clip_host_read_fn fn;
	void *user;
	int err;
};

struct post {
	struct clip_host *host;
	unsigned int gen;
	int err; /* 0: @msg is a message; else the loss */
	struct vbgl_clipboard_msg msg;
};

static const char *format_name(uint32_t format)
{
	switch (format) {
	case VBGL_CLIPBOARD_FMT_UNICODETEXT:
		return "text";
	case VBGL_CLIPBOARD_FMT_BITMAP:
		return "bitmap";
	case VBGL_CLIPBOARD_FMT_HTML:
		return "html";
	default:
		return "?";
	}
}

static void job_free(struct job *j)
{
	if (j->data)
		g_bytes_unref(j->data);
	g_free(j);
}

static void conn_lost(struct clip_host *host, unsigned int gen, int err);

/* ---- the threads ------------------------------------------------------- */

static gboolean on_post(gpointer p)
{
	struct post *post = p;
	struct clip_host *host = post->host;

	if (post->err) {
		conn_lost(host, post->gen, post->err);
		return G_SOURCE_REMOVE;
	}
	if (!host->conn || post->gen != host->gen)
		return G_SOURCE_REMOVE;
	switch (post->msg.type) {
	case VBGL_CLIPBOARD_MSG_FORMATS:
		g_debug("host message: formats 0x%x", post->msg.formats);
		host->ops->formats(host->data,
				   post->msg.formats & VBGL_CLIPBOARD_FMT_MASK);
		break;
	case VBGL_CLIPBOARD_MSG_READ_DATA:
		g_debug("host message: read 0x%x", post->msg.formats);
		host->ops->read_request(host->data, &post->msg);
		break;
	default:
		break;
	}
	return G_SOURCE_REMOVE;
}

static void post_to_main(struct clip_conn *conn, int err,
			 const struct vbgl_clipboard_msg *msg)
{
	struct post *post = g_new0(struct post, 1);

	post->host = conn->host;
	post->gen = conn->gen;
	post->err = err;
	if (msg)
		post->msg = *msg;
	g_main_context_invoke_full(NULL, G_PRIORITY_DEFAULT, on_post, post,
				   g_free);
}

static gpointer waiter_thread(gpointer p)
{
	struct clip_conn *conn = p;
	struct vbgl_clipboard_msg msg;
	int ret;

	for (;;) {
		ret = vbgl_clipboard_next_msg(conn->c, &msg);
		if (g_atomic_int_get(&conn->stopping))
			break;
		if (ret == -EINTR || ret == -ECANCELED)
			continue;
		if (ret < 0) {
			post_to_main(conn, ret, NULL);
			break;
		}
		if (msg.type == VBGL_CLIPBOARD_MSG_QUIT) {
			post_to_main(conn, -ESHUTDOWN, NULL);
			break;
		}
		post_to_main(conn, 0, &msg);
	}
	return NULL;
}

static void run_read(struct clip_conn *conn, struct job *j)
{
	void *data = NULL;
	uint32_t size = 0;

	j->err = vbgl_clipboard_read_data(conn->c, j->format, &data, &size);
	if (j->err < 0)
		return;
	if (size > j->max_size) {
		free(data);
		j->err = -EFBIG;
		return;
	}
	j->data = g_bytes_new_with_free_func(data, size, free, data);
}

static void run_job(struct clip_conn *conn, struct job *j)
{
	switch (j->kind) {
	case JOB_REPORT:
		j->err = vbgl_clipboard_report_formats(conn->c, j->format);
		break;
	case JOB_READ:
		run_read(conn, j);
		break;
	case JOB_WRITE: {
		gsize size = 0;
		const void *data = j->data ? g_bytes_get_data(j->data, &size) :
					     NULL;

		j->err = vbgl_clipboard_write_data(conn->c, &j->req, j->format,
						   data, (uint32_t)size);
		break;
	}
	case JOB_STOP:
		break;
	}
}

static gboolean on_job_done(gpointer p);

static gpointer caller_thread(gpointer p)
{
	struct clip_conn *conn = p;
	struct job *j;

	for (;;) {
		j = g_async_queue_pop(conn->jobs);
		if (j->kind == JOB_STOP) {
			job_free(j);
			break;
		}
		run_job(conn, j);
		g_main_context_invoke(NULL, on_job_done, j);
	}
	return NULL;
}

/* ---- connecting and losing the host ------------------------------------- */

static void conn_free(struct clip_conn *conn)
{
	struct job *stop;

	g_atomic_int_set(&conn->stopping, 1);
	if (conn->waiter) {
		vbgl_clipboard_cancel(conn->c);
		g_thread_join(conn->waiter);
	}
	if (conn->caller) {
		stop = g_new0(struct job, 1);
		stop->kind = JOB_STOP;
		g_async_queue_push(conn->jobs, stop);
		g_thread_join(conn->caller);
	}
	if (conn->jobs)
		g_async_queue_unref(conn->jobs);
	vbgl_clipboard_disconnect(conn->c);
	vbgl_close(conn->h);
	g_free(conn);
}

static int conn_open(struct clip_host *host, struct clip_conn **out)
{
	struct clip_conn *conn = g_new0(struct clip_conn, 1);
	int ret;

	conn->host = host;
	conn->gen = host->gen + 1;
	ret = vbgl_open(host->device, VBGL_OPEN_USER, &conn->h);
	if (ret < 0)
		goto fail;
	ret = ovt_facility_report(host->facility, conn->h,
				  VBGL_FACILITY_STATUS_INIT);
	if (ret < 0)
		goto fail;
	ret = vbgl_clipboard_connect(conn->h, 0, &conn->c);
	/* -ENXIO right after the open: no clipboard service, not a loss. */
	if (ret == -ENXIO || (ret < 0 && !ovt_errno_is_disconnect(ret)))
		ovt_facility_report(host->facility, conn->h,
				    VBGL_FACILITY_STATUS_FAILED);
	if (ret < 0)
		goto fail;
	conn->jobs = g_async_queue_new();
	conn->waiter = g_thread_new("clip-host-wait", waiter_thread, conn);
	conn->caller = g_thread_new("clip-host-call", caller_thread, conn);
	*out = conn;
	return 0;
fail:
	conn_free(conn);
	return ret;
}

static int reconnect_cb(gpointer data)
{
	struct clip_host *host = data;
	struct clip_conn *conn;
	int ret;

	ret = conn_open(host, &conn);
	if (ret < 0)
		return ret;
	host->conn = conn;
	host->gen = conn->gen;
	host->last_call_error = 0;
	g_message("connected to the host's shared clipboard (%s protocol)",
		  vbgl_clipboard_is_legacy(conn->c) == 1 ? "legacy" : "6.1");
	host->ops->up(host->data, vbgl_clipboard_is_legacy(conn->c) == 1);
	/* A loss now shows at the next call; the reconnect reports again. */
	ovt_facility_report(host->facility, conn->h,
			    VBGL_FACILITY_STATUS_ACTIVE);
	return 0;
}

static void conn_lost(struct clip_host *host, unsigned int gen, int err)
{
	struct clip_conn *conn = host->conn;

	if (!conn || gen != host->gen)
		return;
	host->conn = NULL;
	conn_free(conn);
	host->ops->down(host->data, err);
	ovt_reconnect_start(&host->reconnect, err);
}

struct clip_host *clip_host_new(const char *device,
				struct ovt_facility *facility,
				const struct clip_host_ops *ops, void *data)
{
	struct clip_host *host = g_new0(struct clip_host, 1);

	host->device = g_strdup(device);
	host->facility = facility;
	host->ops = ops;
	host->data = data;
	ovt_reconnect_init(&host->reconnect,
			   device ? host->device : "the guest device",
			   reconnect_cb, host);
	return host;
}

int clip_host_start(struct clip_host *host, char **error)
{
	const char *dev = host->device ? host->device : "the guest device";
	int ret;

	ret = reconnect_cb(host);
	if (ret == -ENXIO)
		*error = g_strdup_printf("%s: the host has no shared clipboard",
					 dev);
	else if (ret < 0)
		*error = g_strdup_printf(
			"cannot connect to the host through %s: %s", dev,
			g_strerror(-ret));
	return ret;
}

void clip_host_report_end(struct clip_host *host)
{
	if (!host->conn)
		return;
	ovt_facility_report(host->facility, host->conn->h,
			    VBGL_FACILITY_STATUS_TERMINATING);
	ovt_facility_report(host->facility, host->conn->h,
			    VBGL_FACILITY_STATUS_TERMINATED);
}

void clip_host_free(struct clip_host *host)
{
	if (!host)
		return;
	ovt_reconnect_cancel(&host->reconnect);
	if (host->conn) {
		clip_host_report_end(host);
		conn_free(host->conn);
	}
	g_free(host->device);
	g_free(host);
}

bool clip_host_connected(const struct clip_host *host)
{
	return host->conn != NULL;
}

/* ---- calls -------------------------------------------------------------- */

static void log_call_error(struct clip_host *host, const struct job *j)
{
	const char *what = j->kind == JOB_REPORT ? "announcing formats to" :
			   j->kind == JOB_WRITE	 ? "answering" :
						   "reading from";

	if (j->err == host->last_call_error)
		return;
	host->last_call_error = j->err;
	if (j->err == -EPERM)
		g_message("the host's clipboard mode forbids %s the host",
			  what);
	else
		g_message("%s the host failed (%s): %s", what,
			  format_name(j->format), g_strerror(-j->err));
}

static gboolean on_job_done(gpointer p)
{
	struct job *j = p;
	struct clip_host *host = j->host;

	if (j->err < 0 && ovt_errno_is_disconnect(j->err) && j->err != -ENXIO) {
		conn_lost(host, j->gen, j->err);
	} else if (j->err < 0 && j->kind != JOB_READ) {
		log_call_error(host, j);
	} else if (j->err == 0) {
		host->last_call_error = 0;
	}
	if (j->kind == JOB_READ)
		j->fn(j->err, j->err < 0 ? NULL : j->data, j->user);
	job_free(j);
	return G_SOURCE_REMOVE;
}

static struct job *job_new(struct clip_host *host, enum job_kind kind,
			   uint32_t format)
{
	struct job *j = g_new0(struct job, 1);

	j->kind = kind;
	j->host = host;
	j->gen = host->gen;
	j->format = format;
	return j;
}

static void job_queue(struct clip_host *host, struct job *j)
{
	if (host->conn) {
		g_async_queue_push(host->conn->jobs, j);
		return;
	}
	if (j->kind != JOB_READ) {
		job_free(j);
		return;
	}
	j->err = -ENOTCONN;
	g_idle_add(on_job_done, j);
}

void clip_host_report(struct clip_host *host, uint32_t formats)
{
	job_queue(host, job_new(host, JOB_REPORT, formats));
}

void clip_host_read(struct clip_host *host, uint32_t format, size_t max_size,
		    clip_host_read_fn fn, void *user)
{
	struct job *j = job_new(host, JOB_READ, format);

	j->max_size = max_size;
	j->fn = fn;
	j->user = user;
	job_queue(host, j);
}

void clip_host_write(struct clip_host *host,
		     const struct vbgl_clipboard_msg *req, uint32_t format,
		     GBytes *data)
{
	struct job *j = job_new(host, JOB_WRITE, format);

	j->req = *req;
	j->data = data ? g_bytes_ref(data) : NULL;
	job_queue(host, j);
}
