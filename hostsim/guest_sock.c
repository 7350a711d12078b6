// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Guest sockets: every connection is one driver session.
 *
 * One thread at a time is a connection's reader: it reads frames
 * (libvbglr3/vbgl_sockproto.h; through a read-ahead buffer, so a small
 * frame costs one read()), validates them with the request checks it
 * shares with the library (libvbglr3/vbgl_sockframe_req.c), and runs each
 * request itself: it installs the frame's regions as its thread's user
 * memory, runs the ioctl in the driver core, and writes the reply under
 * the connection's write lock: for every OUT region the range the driver
 * wrote (recorded by the shim's copy_to_user()) and just those bytes, so
 * the caller's memory changes exactly where the kernel would have changed
 * it.  Most requests never sleep (an HGCM call its service answers at once
 * completes before the port write returns), so one thread reads, runs and
 * answers them with no hand-off; the interrupt such a request raises is
 * deferred and handled on the same thread after the reply (kshim/irq.c),
 * so no interrupt thread is woken either.  When an ioctl is about to sleep in the
 * driver (a WAIT_FOR_EVENTS, a call its service parks or queues), the
 * shim's block hook gives the reader role to a thread of a shared,
 * unbounded pool, which goes on reading, so nothing blocks the requests
 * behind it; the sleeping thread answers its request when it wakes and
 * goes back to the pool.
 *
 * A malformed frame is logged and closes the connection, and so does a
 * drop fault (fault.h) fired by a request the connection made: the thread
 * knows its connection while it runs the ioctl, and the device's request
 * port and the HGCM framework's submission run on that same thread.  On
 * close (EOF, error, a drop, or server shutdown) the reader marks the
 * connection closing, interrupts every running request through its kernel
 * task (as a signal would interrupt a process blocked in ioctl(2)), waits
 * for all of them, and only then closes the session.
 */
#include "config.h"

#include "hostsim/guest_sock.h"
#include "hostsim/fault.h"
#include "hostsim/hostsim_socket.h"

#include "libvbglr3/vbgl_io.h"
#include "libvbglr3/vbgl_sockframe.h"
#include "kshim/hw.h"
#include "kshim/vbg_userspace.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <glib-unix.h>
#include <linux/vbox_vmmdev_types.h>

/* Bytes the reader reads past what it needs (libvbglr3/vbgl_io.h). */
#define GUEST_SOCK_READ_AHEAD 16384

/* Bytes of region data one connection may have in flight. */
#define GUEST_SOCK_MAX_IN_FLIGHT_BYTES (512ull * 1024 * 1024)

struct guest_sock_server;

struct guest_conn {
	struct guest_sock_server *srv;
	int fd;
	/*
	 * Where replies go: fd, or the socket the client's hello passed
	 * (vbgl_sockproto.h); set once, by the first reader, under write_lock.
	 */
	int out_fd;
	bool started; /* the first reader looked for a hello */
	uid_t uid;
	bool user_device;
	struct kcore_session *session;
	/*
	 * The reader's read-ahead (whichever thread is the reader; the role
	 * changes hands through the pool, which orders the accesses): a
	 * small frame that arrived whole costs one read().
	 */
	struct vbgl_io_rbuf rbuf;
	unsigned char rbuf_mem[GUEST_SOCK_READ_AHEAD];

	GMutex lock; /* everything below */
	GCond cond;
	GList *running;		/* guest_req, each with a task */
	unsigned int in_flight; /* queued or running */
	uint64_t in_flight_bytes;
	unsigned int cond_waiters; /* in g_cond_wait(&cond) */
	bool closing;

	GMutex write_lock; /* replies are written whole */
};

struct guest_req {
	struct guest_conn *conn;
	struct vbgl_sock_req_hdr hdr;
	struct vbgl_sock_region regions[VBGL_SOCK_MAX_REGIONS];
	uint8_t *bufs[VBGL_SOCK_MAX_REGIONS];
	uint64_t bytes;
	struct task_struct *task;
};

struct guest_listener {
	struct guest_sock_server *srv;
	char *path;
	int fd;
	guint watch;
	bool user_device;
};

struct guest_sock_server {
	struct kcore *core;
	struct fault_table *faults;
	struct guest_listener listeners[2];
	GThreadPool *pool;
	GMutex lock;
	GCond cond;
	GList *conns;
};

/* ---- reading frames ------------------------------------------------------ */

static void guest_req_free(struct guest_req *req)
{
	unsigned int i;

	for (i = 0; i < VBGL_SOCK_MAX_REGIONS; i++)
		g_free(req->bufs[i]);
	g_free(req);
}

/* Wait on conn->cond; call with conn->lock held. */
static void conn_cond_wait(struct guest_conn *conn)
{
	conn->cond_waiters++;
	g_cond_wait(&conn->cond, &conn->lock);
	conn->cond_waiters--;
}

/**
 * reserve_in_flight - wait for room in the connection's in-flight budget
 * (request count and region bytes) and take it.
 *
 * Return: true, or false if the connection is closing.
 */
static bool reserve_in_flight(struct guest_conn *conn, uint64_t bytes)
{
	bool ok;

	g_mutex_lock(&conn->lock);
	while (!conn->closing && conn->in_flight &&
	       (conn->in_flight >= GUEST_SOCK_MAX_IN_FLIGHT ||
		conn->in_flight_bytes + bytes > GUEST_SOCK_MAX_IN_FLIGHT_BYTES))
		conn_cond_wait(conn);
	ok = !conn->closing;
	if (ok) {
		conn->in_flight++;
		conn->in_flight_bytes += bytes;
	}
	g_mutex_unlock(&conn->lock);
	return ok;
}

static void release_in_flight(struct guest_conn *conn, uint64_t bytes)
{
	g_mutex_lock(&conn->lock);
	conn->in_flight--;
	conn->in_flight_bytes -= bytes;
	/* A GCond broadcast is a system call even with nobody waiting. */
	if (conn->cond_waiters)
		g_cond_broadcast(&conn->cond);
	g_mutex_unlock(&conn->lock);
}

/**
 * read_region_data - allocate every region and read the IN ones' data
 * (with their padding) in one go; OUT-only regions start zero-filled.
 *
 * Return: 0, -ENOMEM or -EIO.
 */
static int read_region_data(struct guest_conn *conn, struct guest_req *req)
{
	struct iovec iov[2 * VBGL_SOCK_MAX_REGIONS];
	uint8_t pad[VBGL_SOCK_MAX_REGIONS][8];
	uint32_t i;
	int n = 0;

	for (i = 0; i < req->hdr.region_count; i++) {
		const struct vbgl_sock_region *r = &req->regions[i];
		size_t padding = VBGL_SOCK_PAD8(r->len) - r->len;

		if (r->len) {
			/* IN data overwrites all of it. */
			req->bufs[i] = r->flags & VBGL_SOCK_REGION_IN ?
					       g_try_malloc(r->len) :
					       g_try_malloc0(r->len);
			if (!req->bufs[i])
				return -ENOMEM;
		}
		if (!(r->flags & VBGL_SOCK_REGION_IN))
			continue;
		if (r->len)
			iov[n++] = (struct iovec){ req->bufs[i], r->len };
		if (padding)
			iov[n++] = (struct iovec){ pad[i], padding };
	}
	if (n && vbgl_io_rbuf_readv(conn->fd, &conn->rbuf, iov, n) != 1)
		return -EIO;
	return 0;
}

/**
 * read_request - read and validate one request frame.
 * @conn: the connection
 * @why: set to the reason the connection ends (NULL for a plain EOF)
 *
 * Return: the request (its in-flight budget reserved), or NULL at the end
 * of the connection.
 */
static struct guest_req *read_request(struct guest_conn *conn, const char **why)
{
	struct guest_req *req = g_new0(struct guest_req, 1);
	uint32_t i;
	int rc;

	*why = NULL;
	req->conn = conn;
	rc = vbgl_io_rbuf_read(conn->fd, &conn->rbuf, &req->hdr,
			       sizeof(req->hdr));
	if (rc <= 0) {
		*why = rc < 0 ? "read error or truncated header" : NULL;
		goto fail;
	}
	*why = vbgl_frame_req_hdr_check(&req->hdr);
	if (*why)
		goto fail;
	if (req->hdr.region_count &&
	    vbgl_io_rbuf_read(conn->fd, &conn->rbuf, req->regions,
			      req->hdr.region_count *
				      sizeof(req->regions[0])) != 1) {
		*why = "truncated region table";
		goto fail;
	}
	*why = vbgl_frame_req_regions_check(&req->hdr, req->regions);
	if (*why)
		goto fail;
	for (i = 0; i < req->hdr.region_count; i++)
		req->bytes += req->regions[i].len;
	if (!reserve_in_flight(conn, req->bytes)) {
		*why = "connection closing";
		goto fail;
	}
	rc = read_region_data(conn, req);
	if (rc < 0) {
		release_in_flight(conn, req->bytes);
		*why = rc == -ENOMEM ? "out of memory for region data" :
				       "truncated region data";
		goto fail;
	}
	return req;

fail:
	guest_req_free(req);
	return NULL;
}

/* ---- running requests ---------------------------------------------------- */

/* The connection whose ioctl the calling thread is running. */
static GPrivate current_conn;

/* Shut both directions down: the reader ends, the client sees the end. */
static void conn_shutdown(struct guest_conn *conn)
{
	int out = conn->out_fd;

	shutdown(conn->fd, SHUT_RDWR);
	if (out != conn->fd)
		shutdown(out, SHUT_RDWR);
}

/* The fault_drop_fn: shut the current connection down (the reader ends it). */
static bool drop_current_conn(void *opaque)
{
	struct guest_conn *conn = g_private_get(&current_conn);

	(void)opaque;
	if (!conn)
		return false;
	g_message("fault: dropping guest connection (%s, uid %u)",
		  conn->user_device ? USER_SOCK_NAME : GUEST_SOCK_NAME,
		  (unsigned int)conn->uid);
	conn_shutdown(conn);
	return true;
}

static void hand_off_reading(void *opaque);

/*
 * Write a reply whole; call with the write lock held.  The reader must
 * never block on a full socket: the peer may itself be blocked writing a
 * request nobody reads, so when the reply does not fit at once, the
 * reader role goes to another thread first (*reader is then cleared).
 */
static int write_reply(struct guest_conn *conn, struct iovec *iov, int n,
		       bool *reader)
{
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)n };
	ssize_t done;

	if (*reader) {
		do {
			done = sendmsg(conn->out_fd, &msg,
				       MSG_DONTWAIT | MSG_NOSIGNAL);
		} while (done < 0 && errno == EINTR);
		if (done < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		if (done < 0)
			done = 0;
		vbgl_io_iov_advance(&iov, &n, (size_t)done);
		if (!n)
			return 0;
		hand_off_reading(conn);
		*reader = false;
	}
	kshim_irq_flush_deferred();
	return vbgl_io_writev_all(conn->out_fd, iov, n);
}

/**
 * send_reply - answer a request: the header, one extent per OUT region,
 * then the bytes each extent names.
 * @conn: the connection
 * @req: the request
 * @ret: the ioctl's result
 * @ext: per region (indexed like req->regions), what the ioctl wrote
 * @reader: whether this thread is the connection's reader (write_reply())
 */
static void send_reply(struct guest_conn *conn, struct guest_req *req, long ret,
		       const struct vbgl_sock_extent *ext, bool *reader)
{
	static const uint8_t zeros[8];
	struct iovec iov[2 + 2 * VBGL_SOCK_MAX_REGIONS];
	struct vbgl_sock_extent table[VBGL_SOCK_MAX_REGIONS];
	struct vbgl_sock_rep_hdr rep = {
		.magic = VBGL_SOCK_REP_MAGIC,
		.ret = (int32_t)ret,
		.frame_len = sizeof(rep),
		.id = req->hdr.id,
	};
	unsigned int nout = 0;
	int n = 2, err;
	uint32_t i;

	for (i = 0; i < req->hdr.region_count; i++) {
		const struct vbgl_sock_extent *e = &ext[i];
		size_t padding = VBGL_SOCK_PAD8(e->len) - e->len;

		if (!(req->regions[i].flags & VBGL_SOCK_REGION_OUT))
			continue;
		table[nout++] = *e;
		if (e->len)
			iov[n++] = (struct iovec){ req->bufs[i] + e->offset,
						   e->len };
		if (padding)
			iov[n++] = (struct iovec){ (void *)zeros, padding };
		rep.frame_len += VBGL_SOCK_PAD8(e->len);
	}
	rep.frame_len += nout * sizeof(table[0]);
	iov[0] = (struct iovec){ &rep, sizeof(rep) };
	iov[1] = (struct iovec){ table, nout * sizeof(table[0]) };
	/* Nor may the reader wait for a writer that waits for the peer. */
	if (!*reader) {
		kshim_irq_flush_deferred();
		g_mutex_lock(&conn->write_lock);
	} else if (!g_mutex_trylock(&conn->write_lock)) {
		hand_off_reading(conn);
		*reader = false;
		kshim_irq_flush_deferred();
		g_mutex_lock(&conn->write_lock);
	}
	err = write_reply(conn, iov, n, reader);
	g_mutex_unlock(&conn->write_lock);
	/* A peer that went away is noticed by the reader. */
	if (err < 0 && err != -EPIPE && err != -ECONNRESET)
		g_debug("guest connection: reply not sent: %s",
			g_strerror(-err));
}

/* Run the ioctl and answer it; *reader as for write_reply(). */
static void run_ioctl(struct guest_conn *conn, struct guest_req *req,
		      bool *reader)
{
	struct kshim_user_region map[VBGL_SOCK_MAX_REGIONS];
	struct vbgl_sock_extent ext[VBGL_SOCK_MAX_REGIONS] = { { 0 } };
	int slot[VBGL_SOCK_MAX_REGIONS];
	unsigned int n = 0;
	uint32_t i;
	long ret;

	for (i = 0; i < req->hdr.region_count; i++) {
		const struct vbgl_sock_region *r = &req->regions[i];

		slot[i] = -1;
		if (!r->len)
			continue;
		slot[i] = (int)n;
		map[n++] = (struct kshim_user_region){
			.uaddr = r->uaddr,
			.len = r->len,
			.kaddr = req->bufs[i],
			.writable = (r->flags & VBGL_SOCK_REGION_OUT) != 0,
		};
	}
	kshim_set_current_uid(conn->uid);
	kshim_user_map_set(map, n);
	g_private_set(&current_conn, conn);
	kshim_set_block_hook(hand_off_reading, conn);
	/* Interrupts raised now are handled after the reply (kshim/irq.c). */
	kshim_irq_defer_begin();
	ret = kcore_ioctl(conn->session, req->hdr.cmd, req->hdr.arg);
	if (kshim_clear_block_hook())
		*reader = false;
	g_private_set(&current_conn, NULL);
	kshim_user_map_clear();

	/* Regions are at most 4 GiB - 1 bytes: the range fits the extent. */
	for (i = 0; i < req->hdr.region_count; i++) {
		const struct kshim_user_region *m;

		if (slot[i] < 0)
			continue;
		m = &map[slot[i]];
		ext[i].offset = (uint32_t)m->dirty_lo;
		ext[i].len = (uint32_t)(m->dirty_hi - m->dirty_lo);
	}

	g_mutex_lock(&conn->lock);
	conn->running = g_list_remove(conn->running, req);
	g_mutex_unlock(&conn->lock);
	send_reply(conn, req, ret, ext, reader);
	kshim_irq_defer_end();
}

/*
 * The reader is about to sleep in the driver (the shim's block hook) or on
 * a full socket: another pool thread goes on reading.
 */
static void hand_off_reading(void *opaque)
{
	struct guest_conn *conn = opaque;

	/* On failure the job stays queued for the next free pool thread. */
	g_thread_pool_push(conn->srv->pool, conn, NULL);
}

/**
 * run_request - run one request on the reader's thread and answer it.
 *
 * Return: true if this thread is still the connection's reader, false if
 * the request slept and another thread reads now (the connection may be
 * gone by the time this returns).
 */
static bool run_request(struct guest_conn *conn, struct guest_req *req)
{
	struct task_struct *task;
	bool closing, reader = true;

	/* A signal meant for this thread's previous request is stale. */
	kshim_task_clear_signal();
	task = kshim_current_task();
	g_mutex_lock(&conn->lock);
	closing = conn->closing;
	if (!closing) {
		req->task = task;
		conn->running = g_list_prepend(conn->running, req);
	}
	g_mutex_unlock(&conn->lock);
	if (!closing)
		run_ioctl(conn, req, &reader);
	release_in_flight(conn, req->bytes);
	guest_req_free(req);
	return reader;
}

/* ---- connections --------------------------------------------------------- */

static void conn_close(struct guest_conn *conn)
{
	struct guest_sock_server *srv = conn->srv;
	GList *l;

	g_mutex_lock(&conn->lock);
	conn->closing = true;
	for (l = conn->running; l; l = l->next) {
		struct guest_req *req = l->data;

		kshim_task_signal(req->task);
	}
	while (conn->in_flight)
		conn_cond_wait(conn);
	g_mutex_unlock(&conn->lock);

	kcore_session_close(conn->session);
	g_debug("guest session closed (%s, uid %u)",
		conn->user_device ? USER_SOCK_NAME : GUEST_SOCK_NAME,
		(unsigned int)conn->uid);

	g_mutex_lock(&srv->lock);
	srv->conns = g_list_remove(srv->conns, conn);
	if (conn->out_fd != conn->fd)
		close(conn->out_fd);
	close(conn->fd);
	g_cond_broadcast(&srv->cond);
	g_mutex_unlock(&srv->lock);

	g_mutex_clear(&conn->lock);
	g_cond_clear(&conn->cond);
	g_mutex_clear(&conn->write_lock);
	g_free(conn);
}

/*
 * The first read of a connection: a hello (vbgl_sockproto.h) there moves
 * the replies to the socket it passes; anything else stays buffered as the
 * start of the first request.  Return false when the connection ends (*why
 * says why, NULL for a plain end of file).
 */
static bool take_hello(struct guest_conn *conn, const char **why)
{
	struct vbgl_sock_hello hello;
	int passed = -1, type = 0;
	socklen_t len = sizeof(type);
	long n;

	conn->started = true;
	*why = NULL;
	n = vbgl_io_rbuf_fill_fd(conn->fd, &conn->rbuf, &passed);
	if (n < 0)
		*why = "read error";
	if (n <= 0)
		goto fail;
	if ((size_t)n < sizeof(uint32_t) ||
	    memcmp(conn->rbuf.buf, &(uint32_t){ VBGL_SOCK_HELLO_MAGIC },
		   sizeof(uint32_t))) {
		/* No hello: a request, replies on the connection. */
		if (passed >= 0)
			close(passed);
		return true;
	}
	if (vbgl_io_rbuf_read(conn->fd, &conn->rbuf, &hello, sizeof(hello)) !=
	    1)
		*why = "truncated hello";
	else if (hello.flags || hello.frame_len != sizeof(hello))
		*why = "bad hello";
	else if (passed < 0)
		*why = "hello without a reply socket";
	else if (getsockopt(passed, SOL_SOCKET, SO_TYPE, &type, &len) ||
		 type != SOCK_STREAM)
		*why = "hello with something else than a stream socket";
	if (*why)
		goto fail;
	g_mutex_lock(&conn->write_lock);
	conn->out_fd = passed;
	g_mutex_unlock(&conn->write_lock);
	vbgl_io_rbuf_set_one_way(&conn->rbuf);
	return true;
fail:
	if (passed >= 0)
		close(passed);
	return false;
}

/* A pool job: be the connection's reader until a request sleeps or it ends. */
static void conn_reader(gpointer data, gpointer user_data)
{
	struct guest_conn *conn = data;
	struct guest_req *req;
	const char *why;

	(void)user_data;
	if (!conn->started && !take_hello(conn, &why)) {
		g_warning("guest connection (%s, uid %u) closed: %s",
			  conn->user_device ? USER_SOCK_NAME : GUEST_SOCK_NAME,
			  (unsigned int)conn->uid, why ? why : "end of file");
		conn_close(conn);
		return;
	}
	while ((req = read_request(conn, &why))) {
		if (!run_request(conn, req))
			return;
	}
	if (why)
		g_warning("guest connection (%s, uid %u) closed: %s",
			  conn->user_device ? USER_SOCK_NAME : GUEST_SOCK_NAME,
			  (unsigned int)conn->uid, why);
	conn_close(conn);
}

static uint32_t session_requestor(uid_t uid, bool user_device)
{
	uint32_t requestor = VMMDEV_REQUESTOR_USERMODE;

	requestor |= uid == 0 ? VMMDEV_REQUESTOR_USR_ROOT :
				VMMDEV_REQUESTOR_USR_USER;
	if (user_device)
		requestor |= VMMDEV_REQUESTOR_USER_DEVICE;
	return requestor;
}

static void start_conn(struct guest_listener *l, int fd)
{
	struct guest_sock_server *srv = l->srv;
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct guest_conn *conn;
	GError *error = NULL;
	int rc;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		g_warning("guest connection refused: no peer credentials: %s",
			  g_strerror(errno));
		close(fd);
		return;
	}
	conn = g_new0(struct guest_conn, 1);
	conn->srv = srv;
	conn->fd = fd;
	conn->out_fd = fd;
	conn->uid = cred.uid;
	conn->user_device = l->user_device;
	vbgl_io_rbuf_init(&conn->rbuf, conn->rbuf_mem, sizeof(conn->rbuf_mem));
	g_mutex_init(&conn->lock);
	g_cond_init(&conn->cond);
	g_mutex_init(&conn->write_lock);
	rc = kcore_session_open(srv->core,
				session_requestor(cred.uid, l->user_device),
				&conn->session);
	if (rc < 0) {
		g_warning("guest connection refused: session: %s",
			  g_strerror(-rc));
		close(fd);
		g_mutex_clear(&conn->lock);
		g_cond_clear(&conn->cond);
		g_mutex_clear(&conn->write_lock);
		g_free(conn);
		return;
	}
	g_debug("guest session opened (%s, uid %u)",
		l->user_device ? USER_SOCK_NAME : GUEST_SOCK_NAME,
		(unsigned int)cred.uid);

	g_mutex_lock(&srv->lock);
	srv->conns = g_list_prepend(srv->conns, conn);
	g_mutex_unlock(&srv->lock);
	/* On failure the job stays queued for the next free pool thread. */
	if (!g_thread_pool_push(srv->pool, conn, &error)) {
		g_warning("guest connection: no reader thread yet: %s",
			  error->message);
		g_error_free(error);
	}
}

static gboolean on_accept(gint fd, GIOCondition cond, gpointer data)
{
	struct guest_listener *l = data;
	int cfd;

	(void)cond;
	cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	if (cfd < 0) {
		if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED)
			g_warning("accept on %s: %s", l->path,
				  g_strerror(errno));
		return G_SOURCE_CONTINUE;
	}
	start_conn(l, cfd);
	return G_SOURCE_CONTINUE;
}

/* ---- the server ---------------------------------------------------------- */

static bool open_listener(struct guest_sock_server *srv, unsigned int i,
			  const char *dir, const char *name, mode_t mode,
			  bool user_device, GError **error)
{
	struct guest_listener *l = &srv->listeners[i];

	l->srv = srv;
	l->user_device = user_device;
	l->path = g_build_filename(dir, name, NULL);
	l->fd = hostsim_listen_unix(l->path, mode, error);
	if (l->fd < 0)
		return false;
	l->watch = g_unix_fd_add(l->fd, G_IO_IN, on_accept, l);
	return true;
}

static void close_listener(struct guest_listener *l)
{
	if (l->watch)
		g_source_remove(l->watch);
	l->watch = 0;
	if (l->fd >= 0) {
		close(l->fd);
		unlink(l->path);
	}
	l->fd = -1;
	g_clear_pointer(&l->path, g_free);
}

struct guest_sock_server *guest_sock_server_new(struct kcore *core,
						const char *dir,
						struct fault_table *faults,
						GError **error)
{
	struct guest_sock_server *srv = g_new0(struct guest_sock_server, 1);

	srv->core = core;
	srv->faults = faults;
	srv->listeners[0].fd = -1;
	srv->listeners[1].fd = -1;
	g_mutex_init(&srv->lock);
	g_cond_init(&srv->cond);
	srv->pool = g_thread_pool_new(conn_reader, srv, -1, FALSE, error);
	if (!srv->pool ||
	    !open_listener(srv, 0, dir, GUEST_SOCK_NAME, 0600, false, error) ||
	    !open_listener(srv, 1, dir, USER_SOCK_NAME, 0666, true, error)) {
		guest_sock_server_free(srv);
		return NULL;
	}
	fault_table_set_drop(faults, drop_current_conn, srv);
	return srv;
}

void guest_sock_server_free(struct guest_sock_server *srv)
{
	GList *l;

	if (!srv)
		return;
	close_listener(&srv->listeners[0]);
	close_listener(&srv->listeners[1]);

	g_mutex_lock(&srv->lock);
	for (l = srv->conns; l; l = l->next) {
		struct guest_conn *conn = l->data;

		conn_shutdown(conn);
	}
	while (srv->conns)
		g_cond_wait(&srv->cond, &srv->lock);
	g_mutex_unlock(&srv->lock);
	fault_table_set_drop(srv->faults, NULL, NULL);

	if (srv->pool)
		g_thread_pool_free(srv->pool, FALSE, TRUE);
	g_mutex_clear(&srv->lock);
	g_cond_clear(&srv->cond);
	g_free(srv);
}

unsigned int guest_sock_server_requests(struct guest_sock_server *srv)
{
	unsigned int n = 0;
	GList *l;

	g_mutex_lock(&srv->lock);
	for (l = srv->conns; l; l = l->next) {
		struct guest_conn *conn = l->data;

		g_mutex_lock(&conn->lock);
		n += conn->in_flight;
		g_mutex_unlock(&conn->lock);
	}
	g_mutex_unlock(&srv->lock);
	return n;
}

unsigned int guest_sock_server_connections(struct guest_sock_server *srv)
{
	unsigned int n;

	g_mutex_lock(&srv->lock);
	n = g_list_length(srv->conns);
	g_mutex_unlock(&srv->lock);
	return n;
}
