// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End to end: the libvbglr3 clipboard client (through the socket transport
 * and the driver core) against the VBoxSharedClipboard service of a real
 * vbox-hostsim and its host side (`ctl clipboard`): both protocols, both
 * directions, the buffer growing once, cancelling a wait from another
 * thread, a second waiter, ERROR, the mode, and a host before 6.1.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbglr3_clipboard.h"
#include "tests/integration/hostsim_fixture.h"

#define sim ovt_sim

#define TEXT   VBGL_CLIPBOARD_FMT_UNICODETEXT
#define BITMAP VBGL_CLIPBOARD_FMT_BITMAP
#define HTML   VBGL_CLIPBOARD_FMT_HTML

struct guest {
	struct vbgl_handle *h;
	struct vbgl_clipboard *c;
};

static struct guest guest_open(unsigned int flags)
{
	struct guest g = { 0 };
	int rc = vbgl_open(sim->guest_device, VBGL_OPEN_SYSTEM, &g.h);

	ck_assert_msg(rc == 0, "vbgl_open: %s", g_strerror(-rc));
	rc = vbgl_clipboard_connect(g.h, flags, &g.c);
	ck_assert_msg(rc == 0, "connect: %s", g_strerror(-rc));
	return g;
}

static void guest_close(struct guest *g)
{
	vbgl_clipboard_disconnect(g->c);
	vbgl_close(g->h);
}

static struct vbgl_clipboard_msg next_msg(struct guest *g)
{
	struct vbgl_clipboard_msg m;
	int rc = vbgl_clipboard_next_msg(g->c, &m);

	ck_assert_msg(rc == 0, "next_msg: %s", g_strerror(-rc));
	return m;
}

/* The FORMATS message every client finds at connect. */
static void skip_connect_report(struct guest *g)
{
	ck_assert_uint_eq(next_msg(g).type, VBGL_CLIPBOARD_MSG_FORMATS);
}

/* `ctl clipboard ARGS...`; asserts the exit status, returns stdout. */
static char *host(int want, const char *a1, const char *a2, const char *a3,
		  const char *a4, const char *a5)
{
	int status = -2;
	char *out = hostsim_ctl(sim, &status, "clipboard", a1, a2, a3, a4, a5,
				NULL);

	ck_assert_msg(status == want, "ctl clipboard %s %s: status %d, not %d",
		      a1, a2 ? a2 : "", status, want);
	return out;
}

/* A file with @len bytes of @data, in a fresh directory of its own. */
static char *temp_file(const void *data, size_t len)
{
	g_autofree char *dir = g_dir_make_tmp("vbgl-clip-XXXXXX", NULL);
	char *path;

	ck_assert_ptr_nonnull(dir);
	path = g_build_filename(dir, "data", NULL);
	ck_assert(g_file_set_contents(path, data, (gssize)len, NULL));
	return path;
}

static void temp_remove(char *path)
{
	g_autofree char *dir = g_path_get_dirname(path);

	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
}

/* The host user copies one file per option ("--text" etc.). */
static void host_set(const char *opt, const void *data, size_t len)
{
	char *path = temp_file(data, len);

	g_free(host(0, "set", opt, path, NULL, NULL));
	temp_remove(path);
}

/* UTF-8 -> the wire's UTF-16LE (the caller gives CRLF), NUL included. */
static GBytes *utf16(const char *s)
{
	glong units = 0;
	gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &units, NULL);

	ck_assert_ptr_nonnull(u);
	return g_bytes_new_take(u, ((gsize)units + 1) * 2);
}

static void read_is(struct guest *g, uint32_t format, const void *want,
		    size_t len)
{
	void *data = NULL;
	uint32_t size = 0;
	int rc = vbgl_clipboard_read_data(g->c, format, &data, &size);

	ck_assert_msg(rc == 0, "read_data: %s", g_strerror(-rc));
	ck_assert_uint_eq(size, len);
	ck_assert_mem_eq(data, want, len);
	free(data);
}

/* A guest thread that answers the next read request with @data. */
struct answerer {
	struct guest *g;
	const void *data;
	uint32_t size;
	int ret;
	struct vbgl_clipboard_msg req;
	pthread_t thread;
};

static void *answer_main(void *p)
{
	struct answerer *a = p;

	do {
		a->ret = vbgl_clipboard_next_msg(a->g->c, &a->req);
	} while (a->ret == 0 && a->req.type == VBGL_CLIPBOARD_MSG_FORMATS);
	if (a->ret == 0 && a->req.type == VBGL_CLIPBOARD_MSG_READ_DATA)
		a->ret = vbgl_clipboard_write_data(
			a->g->c, &a->req, a->req.formats, a->data, a->size);
	return NULL;
}

static void answer_start(struct answerer *a, struct guest *g, const void *data,
			 size_t size)
{
	a->g = g;
	a->data = data;
	a->size = (uint32_t)size;
	a->ret = -1;
	ck_assert_int_eq(pthread_create(&a->thread, NULL, answer_main, a), 0);
}

static void answer_join(struct answerer *a)
{
	ck_assert_int_eq(pthread_join(a->thread, NULL), 0);
	ck_assert_msg(a->ret == 0, "answer: %s", g_strerror(-a->ret));
}

/* A guest thread that waits for one message. */
struct waiter {
	struct guest *g;
	int ret;
	struct vbgl_clipboard_msg msg;
	pthread_t thread;
};

static void *wait_main(void *p)
{
	struct waiter *w = p;

	w->ret = vbgl_clipboard_next_msg(w->g->c, &w->msg);
	return NULL;
}

/* Start a waiter and let its wait reach the host. */
static void wait_start(struct waiter *w, struct guest *g)
{
	w->g = g;
	w->ret = 1;
	ck_assert_int_eq(pthread_create(&w->thread, NULL, wait_main, w), 0);
	ck_assert(hostsim_wait_status(sim, "clipboard_clients", "1", 5000));
	for (int i = 0; i < 250; i++) {
		g_autofree char *out = hostsim_ctl(sim, NULL, "status", NULL);

		if (strstr(out, "waiting=yes"))
			return;
		g_usleep(20000);
	}
	ck_abort_msg("the wait never reached the host");
}

static int wait_join(struct waiter *w)
{
	ck_assert_int_eq(pthread_join(w->thread, NULL), 0);
	return w->ret;
}

/* The status line of the one clipboard client. */
static char *client_line(void)
{
	g_autofree char *out = hostsim_ctl(sim, NULL, "status", NULL);
	char *l = strstr(out, "clipboard_client.");

	ck_assert_ptr_nonnull(l);
	return g_strndup(l, strcspn(l, "\n"));
}

/* ---- the 6.1 protocol -----------------------------------------------------
 */

START_TEST(test_connect_new_protocol)
{
	struct guest g = guest_open(0);
	g_autofree char *line = NULL;
	struct vbgl_clipboard_msg m;

	ck_assert_int_eq(vbgl_clipboard_is_legacy(g.c), 0);
	ck_assert_uint_eq(vbgl_clipboard_host_features(g.c) & 1, 1);
	line = client_line();
	ck_assert_msg(strstr(line, "protocol=new features=0x1 "), "%s", line);
	m = next_msg(&g);
	ck_assert_uint_eq(m.type, VBGL_CLIPBOARD_MSG_FORMATS);
	ck_assert_uint_eq(m.formats, 0);
	ck_assert_int_eq(vbgl_clipboard_report_formats(g.c, 0x8), -EINVAL);
	ck_assert_int_eq(vbgl_clipboard_connect(g.h, 0x2, &g.c), -EINVAL);
	guest_close(&g);
}
END_TEST

/* Host to guest: every format, converted as the host stores it. */
START_TEST(test_host_to_guest)
{
	static const uint8_t bmp[] = {
		'B', 'M', 70, 0, 0, 0, 0, 0, 0, 0, 54, 0,  0,  0,  40, 0, 0,  0,
		2,   0,	  0,  0, 2, 0, 0, 0, 1, 0, 24, 0,  0,  0,  0,  0, 16, 0,
		0,   0,	  0,  0, 0, 0, 0, 0, 0, 0, 0,  0,  0,  0,  0,  0, 0,  0,
		1,   2,	  3,  4, 5, 6, 0, 0, 7, 8, 9,  10, 11, 12, 0,  0,
	};
	struct guest g = guest_open(0);
	g_autoptr(GBytes) text = utf16("h\xc3\xa9llo\r\nw\xc3\xb6rld\r\n");
	g_autofree char *t = temp_file("h\xc3\xa9llo\nw\xc3\xb6rld\n", 14);
	g_autofree char *h = temp_file("<p>x</p>", 8);
	g_autofree char *b = temp_file(bmp, sizeof(bmp));
	struct vbgl_clipboard_msg m;
	int status = -1;
	void *data;
	uint32_t size;

	skip_connect_report(&g);
	g_free(host(0, "set", "--text", t, "--html", h));
	g_free(hostsim_ctl(sim, &status, "clipboard", "set", "--text", t,
			   "--html", h, "--bitmap", b, NULL));
	ck_assert_int_eq(status, 0);
	m = next_msg(&g);
	ck_assert_uint_eq(m.formats, TEXT | HTML);
	m = next_msg(&g);
	ck_assert_uint_eq(m.type, VBGL_CLIPBOARD_MSG_FORMATS);
	ck_assert_uint_eq(m.formats, TEXT | HTML | BITMAP);
	read_is(&g, TEXT, g_bytes_get_data(text, NULL), g_bytes_get_size(text));
	read_is(&g, HTML, "<p>x</p>", 9);
	read_is(&g, BITMAP, bmp + 14, sizeof(bmp) - 14);
	ck_assert_int_eq(vbgl_clipboard_read_data(g.c, TEXT | HTML, &data,
						  &size),
			 -EINVAL);

	/* The host user clears: formats 0, nothing to read. */
	g_free(host(0, "clear", NULL, NULL, NULL, NULL));
	m = next_msg(&g);
	ck_assert_uint_eq(m.formats, 0);
	ck_assert_int_eq(vbgl_clipboard_read_data(g.c, HTML, &data, &size),
			 -ENODATA);
	temp_remove(g_steal_pointer(&t));
	temp_remove(g_steal_pointer(&h));
	temp_remove(g_steal_pointer(&b));
	guest_close(&g);
}
END_TEST

/* More than the first 4 KiB buffer: it grows once, to the host's size. */
START_TEST(test_read_grows_once)
{
	struct guest g = guest_open(0);
	GString *s = g_string_new(NULL);
	g_autoptr(GBytes) want = NULL;
	g_autofree char *stats = NULL;
	unsigned int i;

	for (i = 0; i < 5000; i++)
		g_string_append_printf(s, "line %u ", i);
	want = utf16(s->str);
	host_set("--text", s->str, s->len);
	read_is(&g, TEXT, g_bytes_get_data(want, NULL), g_bytes_get_size(want));
	stats = hostsim_ctl(sim, NULL, "hgcm-stats", NULL);
	ck_assert_msg(strstr(stats, "name=DATA_READ calls=2 ok=2 failed=0"),
		      "%s", stats);
	g_string_free(s, TRUE);
	guest_close(&g);
}
END_TEST

/* Guest to host: the guest announces, the host asks, the guest answers. */
START_TEST(test_guest_to_host)
{
	struct guest g = guest_open(0);
	g_autoptr(GBytes) text = utf16("g\xc3\xa4st\r\nline");
	g_autofree char *dir = g_dir_make_tmp("vbgl-clip-XXXXXX", NULL);
	g_autofree char *file = g_build_filename(dir, "page.html", NULL);
	g_autofree char *out = NULL, *contents = NULL, *bytes = NULL;
	struct answerer a;
	gsize len = 0;

	skip_connect_report(&g);
	ck_assert_int_eq(vbgl_clipboard_report_formats(g.c, TEXT | HTML), 0);
	out = host(0, "formats", NULL, NULL, NULL, NULL);
	ck_assert_str_eq(out, "text\nhtml\n");

	answer_start(&a, &g, g_bytes_get_data(text, NULL),
		     g_bytes_get_size(text));
	g_free(out);
	out = host(0, "get", "--format", "text", NULL, NULL);
	answer_join(&a);
	ck_assert_str_eq(out, "g\xc3\xa4st\nline");
	ck_assert_uint_eq(a.req.formats, TEXT);
	ck_assert_uint_ne(a.req.context, 0);

	answer_start(&a, &g, "<b>bold</b>", 12);
	g_free(host(0, "get", "--format", "html", "--output", file));
	answer_join(&a);
	ck_assert(g_file_get_contents(file, &contents, &len, NULL));
	ck_assert_uint_eq(len, 11);
	ck_assert_mem_eq(contents, "<b>bold</b>", 11);
	bytes = hostsim_status_value(sim, "clipboard_bytes_from_guest");
	ck_assert_uint_eq(strtoul(bytes, NULL, 10),
			  g_bytes_get_size(text) + 12);

	/* A format the guest does not offer fails at once. */
	g_free(host(1, "get", "--format", "bitmap", NULL, NULL));
	/* An empty answer fails, and nothing is written. */
	g_unlink(file);
	answer_start(&a, &g, NULL, 0);
	g_free(host(1, "get", "--format", "html", "--output", file));
	answer_join(&a);
	ck_assert(!g_file_test(file, G_FILE_TEST_EXISTS));
	g_rmdir(dir);
	guest_close(&g);
}
END_TEST

START_TEST(test_cancel)
{
	struct guest g = guest_open(0);
	struct waiter w;

	skip_connect_report(&g);
	wait_start(&w, &g);
	ck_assert_int_eq(vbgl_clipboard_cancel(g.c), 0);
	ck_assert_int_eq(wait_join(&w), -ECANCELED);
	/* A cancel with no wait in progress ends the next one at once. */
	ck_assert_int_eq(vbgl_clipboard_cancel(g.c), 0);
	ck_assert_int_eq(vbgl_clipboard_next_msg(g.c, &w.msg), -ECANCELED);
	/* Then waits work again. */
	g_free(host(0, "clear", NULL, NULL, NULL, NULL));
	ck_assert_uint_eq(next_msg(&g).type, VBGL_CLIPBOARD_MSG_FORMATS);
	guest_close(&g);
}
END_TEST

START_TEST(test_second_waiter_busy)
{
	struct guest g = guest_open(0);
	struct vbgl_clipboard_msg m;
	struct waiter w;

	skip_connect_report(&g);
	wait_start(&w, &g);
	ck_assert_int_eq(vbgl_clipboard_next_msg(g.c, &m), -EBUSY);
	host_set("--html", "<i>", 3);
	ck_assert_int_eq(wait_join(&w), 0);
	ck_assert_uint_eq(w.msg.type, VBGL_CLIPBOARD_MSG_FORMATS);
	ck_assert_uint_eq(w.msg.formats, HTML);
	guest_close(&g);
}
END_TEST

/* ERROR starts the client over; the library reports its features again. */
START_TEST(test_report_error)
{
	struct guest g = guest_open(0);
	g_autofree char *line = NULL, *out = NULL;
	struct answerer a;

	skip_connect_report(&g);
	ck_assert_int_eq(vbgl_clipboard_report_error(g.c, -ENOSYS), 0);
	ck_assert_int_eq(vbgl_clipboard_report_error(g.c, 5), -EINVAL);
	line = client_line();
	ck_assert_msg(strstr(line, "protocol=new"), "%s", line);
	ck_assert_int_eq(vbgl_clipboard_report_formats(g.c, HTML), 0);
	answer_start(&a, &g, "<hr>", 5);
	out = host(0, "get", "--format", "html", NULL, NULL);
	answer_join(&a);
	ck_assert_str_eq(out, "<hr>");
	ck_assert_uint_ne(a.req.context, 0);
	guest_close(&g);
}
END_TEST

START_TEST(test_mode_gating)
{
	struct guest g = guest_open(0);
	void *data;
	uint32_t size;
	g_autofree char *mode = NULL;

	skip_connect_report(&g);
	host_set("--text", "t", 1);
	g_free(host(0, "mode", "host-to-guest", NULL, NULL, NULL));
	ck_assert_int_eq(vbgl_clipboard_report_formats(g.c, TEXT), -EPERM);
	read_is(&g, TEXT, "t\0\0", 4);
	g_free(host(0, "mode", "guest-to-host", NULL, NULL, NULL));
	ck_assert_int_eq(vbgl_clipboard_read_data(g.c, TEXT, &data, &size),
			 -EPERM);
	ck_assert_int_eq(vbgl_clipboard_report_formats(g.c, TEXT), 0);
	g_free(host(0, "mode", "off", NULL, NULL, NULL));
	g_free(host(1, "get", "--format", "text", NULL, NULL));
	mode = hostsim_status_value(sim, "clipboard_mode");
	ck_assert_str_eq(mode, "off");
	guest_close(&g);
}
END_TEST

/* The legacy protocol against a 7.x host, on request. */
START_TEST(test_forced_legacy)
{
	struct guest g = guest_open(VBGL_CLIPBOARD_CONNECT_LEGACY);
	g_autoptr(GBytes) text = utf16("old\r\nstyle");
	g_autofree char *line = NULL, *out = NULL;
	struct answerer a;
	struct waiter w;

	ck_assert_int_eq(vbgl_clipboard_is_legacy(g.c), 1);
	ck_assert_uint_eq(vbgl_clipboard_host_features(g.c), 0);
	line = client_line();
	ck_assert_msg(strstr(line, "protocol=legacy"), "%s", line);
	skip_connect_report(&g);
	ck_assert_int_eq(vbgl_clipboard_report_formats(g.c, TEXT), 0);
	answer_start(&a, &g, g_bytes_get_data(text, NULL),
		     g_bytes_get_size(text));
	out = host(0, "get", "--format", "text", NULL, NULL);
	answer_join(&a);
	ck_assert_str_eq(out, "old\nstyle");
	ck_assert_uint_eq(a.req.context, 0);
	/* A 7.x host cancels an old-style wait too. */
	wait_start(&w, &g);
	ck_assert_int_eq(vbgl_clipboard_cancel(g.c), 0);
	ck_assert_int_eq(wait_join(&w), -ECANCELED);
	guest_close(&g);
}
END_TEST

/* ---- a host before 6.1 ----------------------------------------------------
 */

START_TEST(test_legacy_host)
{
	struct guest g = guest_open(0);
	g_autoptr(GBytes) big = NULL;
	g_autofree char *line = NULL, *out = NULL, *host_kind = NULL;
	GString *s = g_string_new(NULL);
	struct answerer a;
	unsigned int i;

	host_kind = hostsim_status_value(sim, "clipboard_legacy_host");
	ck_assert_str_eq(host_kind, "yes");
	ck_assert_int_eq(vbgl_clipboard_is_legacy(g.c), 1);
	ck_assert_uint_eq(vbgl_clipboard_host_features(g.c), 0);
	line = client_line();
	ck_assert_msg(strstr(line, "protocol=legacy"), "%s", line);
	skip_connect_report(&g);

	/* The read grows without VINF_BUFFER_OVERFLOW. */
	for (i = 0; i < 3000; i++)
		g_string_append_printf(s, "%u,", i);
	big = utf16(s->str);
	host_set("--text", s->str, s->len);
	ck_assert_uint_eq(next_msg(&g).formats, TEXT);
	read_is(&g, TEXT, g_bytes_get_data(big, NULL), g_bytes_get_size(big));

	ck_assert_int_eq(vbgl_clipboard_report_formats(g.c, HTML), 0);
	answer_start(&a, &g, "<em>", 5);
	out = host(0, "get", "--format", "html", NULL, NULL);
	answer_join(&a);
	ck_assert_str_eq(out, "<em>");
	ck_assert_int_eq(vbgl_clipboard_report_error(g.c, -EIO), -ENOSYS);
	g_string_free(s, TRUE);
	guest_close(&g);
}
END_TEST

/* Without MSG_CANCEL, cancelling closes: the wait gets QUIT. */
START_TEST(test_legacy_host_cancel)
{
	struct guest g = guest_open(0);
	struct vbgl_clipboard_msg m;
	struct waiter w;
	void *data;
	uint32_t size;

	skip_connect_report(&g);
	wait_start(&w, &g);
	ck_assert_int_eq(vbgl_clipboard_cancel(g.c), 0);
	ck_assert_int_eq(wait_join(&w), 0);
	ck_assert_uint_eq(w.msg.type, VBGL_CLIPBOARD_MSG_QUIT);
	ck_assert(hostsim_wait_status(sim, "clipboard_clients", "0", 5000));
	ck_assert_int_eq(vbgl_clipboard_next_msg(g.c, &m), -ESHUTDOWN);
	ck_assert_int_eq(vbgl_clipboard_report_formats(g.c, TEXT), -ESHUTDOWN);
	ck_assert_int_eq(vbgl_clipboard_read_data(g.c, TEXT, &data, &size),
			 -ESHUTDOWN);
	ck_assert_int_eq(vbgl_clipboard_cancel(g.c), -ESHUTDOWN);
	guest_close(&g);
}
END_TEST

static Suite *new_host_suite(void)
{
	Suite *s = suite_create("vbgl_clipboard");

	ovt_add_sim_test(s, "connect", test_connect_new_protocol, 30);
	ovt_add_sim_test(s, "host-to-guest", test_host_to_guest, 30);
	ovt_add_sim_test(s, "grows", test_read_grows_once, 30);
	ovt_add_sim_test(s, "guest-to-host", test_guest_to_host, 30);
	ovt_add_sim_test(s, "cancel", test_cancel, 30);
	ovt_add_sim_test(s, "busy", test_second_waiter_busy, 30);
	ovt_add_sim_test(s, "error", test_report_error, 30);
	ovt_add_sim_test(s, "mode", test_mode_gating, 30);
	ovt_add_sim_test(s, "forced-legacy", test_forced_legacy, 30);
	return s;
}

static Suite *legacy_host_suite(void)
{
	Suite *s = suite_create("vbgl_clipboard_legacy_host");

	ovt_add_sim_test(s, "legacy-host", test_legacy_host, 30);
	ovt_add_sim_test(s, "legacy-host-cancel", test_legacy_host_cancel, 30);
	return s;
}

static int run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed;
}

int main(void)
{
	static const char *const legacy_args[] = { "--clipboard-legacy-host",
						   NULL };
	int failed;

	failed = run(new_host_suite());
	ovt_sim_args = legacy_args;
	failed += run(legacy_host_suite());
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
