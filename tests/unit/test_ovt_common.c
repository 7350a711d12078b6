// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * services/common without a simulator: back-off and error classification,
 * the log writer's filter and format, option parsing, the pidfile lock,
 * sd_notify datagrams and the reconnect state machine on a real main loop.
 */
#include "config.h"

#include "tests/common/ovt_rmtree.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "services/common/ovt_log.h"
#include "services/common/ovt_options.h"
#include "services/common/ovt_pidfile.h"
#include "libvbglr3/vbglr3.h"
#include "services/common/ovt_reconnect.h"
#include "services/common/ovt_sd_notify.h"

static gchar *tmpdir;

static void tmp_setup(void)
{
	tmpdir = g_dir_make_tmp("ovt-common-XXXXXX", NULL);
	ck_assert_ptr_nonnull(tmpdir);
}

static void tmp_teardown(void)
{
	ovt_rmtree(tmpdir);
	g_clear_pointer(&tmpdir, g_free);
}

/* ---- back-off and errors ------------------------------------------------- */

START_TEST(test_backoff_sequence)
{
	const guint want[] = { 1, 2, 4, 8, 16, 30, 30, 30 };
	guint d = 0, i;

	for (i = 0; i < G_N_ELEMENTS(want); i++) {
		d = ovt_backoff_next(d);
		ck_assert_uint_eq(d, want[i]);
	}
	ck_assert_uint_eq(ovt_backoff_next(29), 30);
	ck_assert_uint_eq(ovt_backoff_next(G_MAXUINT), 30);
}
END_TEST

START_TEST(test_disconnect_errors)
{
	const int lost[] = { -ENOTCONN,	  -EIO,		 -ENODEV, -ENXIO,
			     -ECONNRESET, -ECONNREFUSED, -EPIPE,  -ESHUTDOWN };
	const int not_lost[] = { 0,	  -EINVAL, -EPERM,  -EINTR,  -ETIMEDOUT,
				 -ENOSYS, -EPROTO, -ENOMEM, ENOTCONN };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(lost); i++)
		ck_assert_msg(ovt_errno_is_disconnect(lost[i]), "%d", lost[i]);
	for (i = 0; i < G_N_ELEMENTS(not_lost); i++)
		ck_assert_msg(!ovt_errno_is_disconnect(not_lost[i]), "%d",
			      not_lost[i]);
}
END_TEST

/* ---- logging ------------------------------------------------------------- */

START_TEST(test_log_targets)
{
	const char *names[] = { "auto", "stderr", "journal", "syslog" };
	enum ovt_log_target t;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(names); i++) {
		ck_assert_int_eq(ovt_log_target_parse(names[i], &t), 0);
		ck_assert_str_eq(ovt_log_target_name(t), names[i]);
	}
	t = OVT_LOG_SYSLOG;
	ck_assert_int_eq(ovt_log_target_parse("Journal", &t), -EINVAL);
	ck_assert_int_eq(ovt_log_target_parse("", &t), -EINVAL);
	ck_assert_int_eq(ovt_log_target_parse(NULL, &t), -EINVAL);
	ck_assert_int_eq(t, OVT_LOG_SYSLOG);
	ck_assert_str_eq(ovt_log_target_name((enum ovt_log_target)42),
			 "unknown");
	/* The detached daemons' target has a name but no --log-target. */
	ck_assert_str_eq(ovt_log_target_name(OVT_LOG_SYSTEM), "system");
	ck_assert_int_eq(ovt_log_target_parse("system", &t), -EINVAL);
	ck_assert_int_eq(t, OVT_LOG_SYSLOG);
}
END_TEST

START_TEST(test_log_levels)
{
	ck_assert(ovt_log_level_enabled(G_LOG_LEVEL_WARNING, 0));
	ck_assert(ovt_log_level_enabled(G_LOG_LEVEL_CRITICAL, 0));
	ck_assert(ovt_log_level_enabled(G_LOG_LEVEL_MESSAGE, 0));
	ck_assert(!ovt_log_level_enabled(G_LOG_LEVEL_INFO, 0));
	ck_assert(!ovt_log_level_enabled(G_LOG_LEVEL_DEBUG, 0));
	ck_assert(ovt_log_level_enabled(G_LOG_LEVEL_INFO, 1));
	ck_assert(!ovt_log_level_enabled(G_LOG_LEVEL_DEBUG, 1));
	ck_assert(ovt_log_level_enabled(G_LOG_LEVEL_DEBUG, 2));
	ck_assert(
		ovt_log_level_enabled(G_LOG_LEVEL_DEBUG | G_LOG_FLAG_FATAL, 2));
	ck_assert(!ovt_log_level_enabled(G_LOG_LEVEL_DEBUG | G_LOG_FLAG_FATAL,
					 0));
}
END_TEST

static void assert_line(GLogLevelFlags level, const char *msg, const char *want)
{
	gchar *line = ovt_log_format_line("prog", level, msg);

	ck_assert_str_eq(line, want);
	g_free(line);
}

START_TEST(test_log_format)
{
	assert_line(G_LOG_LEVEL_MESSAGE, "hello", "prog: hello");
	assert_line(G_LOG_LEVEL_INFO, "hello", "prog: hello");
	assert_line(G_LOG_LEVEL_WARNING, "bad", "prog: warning: bad");
	assert_line(G_LOG_LEVEL_CRITICAL, "worse", "prog: critical: worse");
	assert_line(G_LOG_LEVEL_DEBUG, "detail", "prog: debug: detail");
	assert_line(G_LOG_LEVEL_MESSAGE, NULL, "prog: (null)");
}
END_TEST

START_TEST(test_log_domain_listed)
{
	static const struct {
		const char *list, *domain;
		gboolean listed;
	} cases[] = {
		{ NULL, "vboxctl", FALSE },
		{ NULL, NULL, FALSE },
		{ "", "vboxctl", FALSE },
		{ "all", "vboxctl", TRUE },
		{ "all", NULL, TRUE },
		{ "vboxctl", "vboxctl", TRUE },
		{ "vboxctl", NULL, FALSE },
		{ "vboxguest,vbox-hostsim", "vbox-hostsim", TRUE },
		{ "vboxguest,vbox-hostsim", "vboxguest", TRUE },
		{ "vboxguest vbox-hostsim", "vbox-hostsim", TRUE },
		{ " ,vboxguest, ", "vboxguest", TRUE },
		{ "x all", "vboxctl", TRUE },
		/* Whole names only: no prefixes, no substrings. */
		{ "vboxguest", "vbox", FALSE },
		{ "vbox", "vboxguest", FALSE },
		{ "vbox-hostsim", "hostsim", FALSE },
		{ "All", "vboxctl", FALSE },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++)
		ck_assert_msg(ovt_log_domain_listed(cases[i].list,
						    cases[i].domain) ==
				      cases[i].listed,
			      "'%s' / '%s'",
			      cases[i].list ? cases[i].list : "(unset)",
			      cases[i].domain ? cases[i].domain : "(none)");
}
END_TEST

/* Read a whole file (the test's redirected stderr). */
static gchar *slurp(const char *path)
{
	gchar *text = NULL;

	ck_assert(g_file_get_contents(path, &text, NULL, NULL));
	return text;
}

/* stderr goes to a file until stderr_release() hands back its text. */
static int stderr_capture(void)
{
	gchar *path = g_build_filename(tmpdir, "stderr", NULL);
	int fd, saved;

	fflush(stderr);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	g_free(path);
	return saved;
}

static gchar *stderr_release(int saved)
{
	gchar *path = g_build_filename(tmpdir, "stderr", NULL);
	gchar *text;

	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	text = slurp(path);
	g_free(path);
	return text;
}

/* The writer end to end: stderr target, threshold, structured fields. */
START_TEST(test_log_writer_stderr)
{
	gchar *text;
	int saved;

	g_unsetenv("G_MESSAGES_DEBUG");
	saved = stderr_capture();
	/* stderr is a file, not the journal: auto means stderr. */
	ck_assert_int_eq(ovt_log_setup("tprog", OVT_LOG_AUTO, 1),
			 OVT_LOG_STDERR);
	g_log("tdomain", G_LOG_LEVEL_MESSAGE, "a message %d", 1);
	g_log("tdomain", G_LOG_LEVEL_INFO, "some info");
	g_log("tdomain", G_LOG_LEVEL_DEBUG, "hidden debug");
	g_log_structured("tdomain", G_LOG_LEVEL_WARNING, "CODE_FILE", "x.c",
			 "MESSAGE", "structured %s", "warning");
	ovt_print_error("fatal %s", "reason");
	text = stderr_release(saved);
	ck_assert_str_eq(text, "tprog: a message 1\n"
			       "tprog: some info\n"
			       "tprog: warning: structured warning\n"
			       "tprog: fatal reason\n");
	g_free(text);
}
END_TEST

/* G_MESSAGES_DEBUG (read at setup) adds the named domains' info and debug. */
START_TEST(test_log_writer_debug_env)
{
	gchar *text;
	int saved;

	g_setenv("G_MESSAGES_DEBUG", "other,tdomain", TRUE);
	saved = stderr_capture();
	ovt_log_setup("tprog", OVT_LOG_STDERR, 0);
	g_setenv("G_MESSAGES_DEBUG", "all", TRUE); /* too late: ignored */
	g_log("tdomain", G_LOG_LEVEL_DEBUG, "listed debug");
	g_log("tdomain", G_LOG_LEVEL_INFO, "listed info");
	g_log("xdomain", G_LOG_LEVEL_DEBUG, "unlisted debug");
	g_log("xdomain", G_LOG_LEVEL_INFO, "unlisted info");
	g_log("xdomain", G_LOG_LEVEL_MESSAGE, "unlisted message");
	g_log(NULL, G_LOG_LEVEL_DEBUG, "no domain");
	text = stderr_release(saved);
	ck_assert_str_eq(text, "tprog: debug: listed debug\n"
			       "tprog: listed info\n"
			       "tprog: unlisted message\n");
	g_free(text);

	saved = stderr_capture();
	ovt_log_setup("tprog", OVT_LOG_STDERR, 0);
	g_log(NULL, G_LOG_LEVEL_DEBUG, "no domain");
	g_log("xdomain", G_LOG_LEVEL_DEBUG, "any domain");
	text = stderr_release(saved);
	ck_assert_str_eq(text, "tprog: debug: no domain\n"
			       "tprog: debug: any domain\n");
	g_free(text);
	g_unsetenv("G_MESSAGES_DEBUG");
}
END_TEST

/* The one-line reasons, and the exit statuses they return. */
START_TEST(test_log_print_reasons)
{
	gchar *text;
	int saved;

	saved = stderr_capture();
	ovt_log_setup("vboxctl", OVT_LOG_STDERR, 0);
	ck_assert_int_eq(ovt_print_error("cannot open %s: %s", "/dev/x",
					 "No such file or directory"),
			 OVT_EXIT_FAILURE);
	ck_assert_int_eq(ovt_print_usage_error("unknown command '%s'", "frob"),
			 OVT_EXIT_USAGE);
	ovt_log_setup("vbox-hostsim ctl", OVT_LOG_STDERR, 0);
	ck_assert_int_eq(ovt_print_usage_error("no command given"),
			 OVT_EXIT_USAGE);
	text = stderr_release(saved);
	ck_assert_str_eq(
		text,
		"vboxctl: cannot open /dev/x: No such file or directory\n"
		"vboxctl: unknown command 'frob' (see vboxctl --help)\n"
		"vbox-hostsim ctl: no command given (see vbox-hostsim ctl --help)\n");
	g_free(text);
}
END_TEST

/* A detached daemon's target: the journal if it runs, else syslog. */
START_TEST(test_log_system_target)
{
	struct stat st;
	enum ovt_log_target want = OVT_LOG_SYSLOG;
	gchar *text;
	int saved;

	if (stat("/run/systemd/journal/socket", &st) == 0 &&
	    S_ISSOCK(st.st_mode))
		want = OVT_LOG_JOURNAL;
	saved = stderr_capture();
	ck_assert_int_eq(ovt_log_setup("tprog", OVT_LOG_STDERR, 0),
			 OVT_LOG_STDERR);
	g_log("tdomain", G_LOG_LEVEL_MESSAGE, "before");
	/* Nothing is logged while the target is the system's own log. */
	ck_assert_int_eq(ovt_log_set_target(OVT_LOG_SYSTEM), want);
	ck_assert_int_eq(ovt_log_set_target(OVT_LOG_AUTO), OVT_LOG_STDERR);
	g_log("tdomain", G_LOG_LEVEL_MESSAGE, "after");
	text = stderr_release(saved);
	ck_assert_str_eq(text, "tprog: before\n"
			       "tprog: after\n");
	g_free(text);
}
END_TEST

/* ---- options ------------------------------------------------------------- */

struct parsed {
	struct ovt_options o;
	gboolean go_on;
	int exit_code;
	gchar *err; /* what went to stderr */
	gchar *out; /* what went to stdout */
};

static gchar *read_and_remove(const char *path)
{
	gchar *text = slurp(path);

	g_unlink(path);
	return text;
}

/* Parse @args (NULL-terminated, without argv[0]) with stdout/stderr caught. */
static void parse(struct parsed *p, unsigned int flags, ...)
{
	gchar *errpath = g_build_filename(tmpdir, "err", NULL);
	gchar *outpath = g_build_filename(tmpdir, "out", NULL);
	GPtrArray *args = g_ptr_array_new();
	int saved_err, saved_out, fd;
	GOptionContext *octx;
	const char *a;
	char **argv;
	int argc;
	va_list ap;

	g_ptr_array_add(args, (gpointer) "prog");
	va_start(ap, flags);
	while ((a = va_arg(ap, const char *)))
		g_ptr_array_add(args, (gpointer)a);
	va_end(ap);
	g_ptr_array_add(args, NULL);
	argc = (int)args->len - 1;
	argv = (char **)args->pdata;

	fflush(stdout);
	fflush(stderr);
	saved_err = dup(STDERR_FILENO);
	saved_out = dup(STDOUT_FILENO);
	fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, STDERR_FILENO);
	close(fd);
	fd = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, STDOUT_FILENO);
	close(fd);

	g_set_prgname("prog");
	octx = g_option_context_new(NULL);
	ovt_options_add(octx, &p->o, flags, "/dev/vboxtest");
	p->go_on = ovt_options_parse(octx, &p->o, &argc, &argv, &p->exit_code);
	g_option_context_free(octx);

	fflush(stdout);
	fflush(stderr);
	dup2(saved_err, STDERR_FILENO);
	dup2(saved_out, STDOUT_FILENO);
	close(saved_err);
	close(saved_out);
	p->err = read_and_remove(errpath);
	p->out = read_and_remove(outpath);
	g_ptr_array_free(args, TRUE);
	g_free(errpath);
	g_free(outpath);
}

static void parsed_clear(struct parsed *p)
{
	ovt_options_clear(&p->o);
	g_free(p->err);
	g_free(p->out);
}

static guint count_lines(const char *s)
{
	guint n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

START_TEST(test_options_values)
{
	struct parsed p;

	parse(&p, OVT_OPT_PIDFILE, "--device", "unix:/x.sock", "-v", "-vv",
	      "--log-target=syslog", "--pidfile", "/tmp/p.pid", NULL);
	ck_assert(p.go_on);
	ck_assert_str_eq(p.o.device, "unix:/x.sock");
	ck_assert_int_eq(p.o.verbosity, 2); /* capped */
	ck_assert_int_eq(p.o.log_target, OVT_LOG_SYSLOG);
	ck_assert_str_eq(p.o.pidfile, "/tmp/p.pid");
	ck_assert_str_eq(p.err, "");
	parsed_clear(&p);

	parse(&p, 0, NULL);
	ck_assert(p.go_on);
	ck_assert_ptr_null(p.o.device);
	ck_assert_int_eq(p.o.verbosity, 0);
	ck_assert_int_eq(p.o.log_target, OVT_LOG_AUTO);
	parsed_clear(&p);
}
END_TEST

/* Every usage error: exit 2 and exactly one line naming the problem. */
START_TEST(test_options_usage_errors)
{
	struct {
		const char *a1, *a2;
		const char *says;
	} cases[] = {
		{ "--frobnicate", NULL, "frobnicate" },
		{ "--log-target=kmsg", NULL, "kmsg" },
		{ "--device=", NULL, "--device" },
		{ "stray", NULL, "stray" },
		{ "--pidfile=/x", NULL, "pidfile" }, /* not offered */
		{ "--device", NULL, "device" },	     /* missing value */
	};
	struct parsed p;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		parse(&p, 0, cases[i].a1, cases[i].a2, NULL);
		ck_assert_msg(!p.go_on, "%s accepted", cases[i].a1);
		ck_assert_int_eq(p.exit_code, OVT_EXIT_USAGE);
		ck_assert_msg(count_lines(p.err) == 1, "%s: '%s'", cases[i].a1,
			      p.err);
		ck_assert_msg(g_str_has_prefix(p.err, "prog: "), "%s", p.err);
		ck_assert_msg(strstr(p.err, cases[i].says), "%s: '%s'",
			      cases[i].a1, p.err);
		ck_assert_msg(strstr(p.err, "(see prog --help)"), "%s", p.err);
		parsed_clear(&p);
	}
	parse(&p, OVT_OPT_PIDFILE, "--pidfile=", NULL);
	ck_assert(!p.go_on);
	ck_assert_int_eq(p.exit_code, OVT_EXIT_USAGE);
	parsed_clear(&p);
}
END_TEST

/* --help names the options and the program's default device. */
START_TEST(test_options_help)
{
	GOptionContext *octx = g_option_context_new(NULL);
	struct ovt_options o;
	gchar *help;

	ovt_options_add(octx, &o, OVT_OPT_PIDFILE, "/dev/vboxtest");
	help = g_option_context_get_help(octx, TRUE, NULL);
	ck_assert_ptr_nonnull(strstr(help, "else /dev/vboxtest)"));
	ck_assert_ptr_nonnull(strstr(help, "--log-target=WHERE"));
	ck_assert_ptr_nonnull(strstr(help, "--pidfile=PATH"));
	ck_assert_ptr_nonnull(strstr(help, "--verbose"));
	g_free(help);
	g_option_context_free(octx);
	ovt_options_clear(&o);
}
END_TEST

START_TEST(test_options_version)
{
	struct parsed p;

	parse(&p, 0, "--version", NULL);
	ck_assert(!p.go_on);
	ck_assert_int_eq(p.exit_code, OVT_EXIT_OK);
	ck_assert_str_eq(p.out, "prog " PACKAGE_VERSION "\n");
	parsed_clear(&p);
}
END_TEST

/* ---- pidfile ------------------------------------------------------------- */

/* The device named in messages: --device, else $VBGL_DEVICE, else it. */
START_TEST(test_device_name)
{
	g_autofree gchar *given = NULL, *env = NULL, *fallback = NULL;

	g_setenv("VBGL_DEVICE", "unix:/run/sim/vboxuser.sock", TRUE);
	given = ovt_device_name("/dev/vboxguest", "/dev/vboxuser");
	ck_assert_str_eq(given, "/dev/vboxguest");
	env = ovt_device_name(NULL, "/dev/vboxuser");
	ck_assert_str_eq(env, "unix:/run/sim/vboxuser.sock");
	g_setenv("VBGL_DEVICE", "", TRUE);
	fallback = ovt_device_name(NULL, "/dev/vboxuser");
	ck_assert_str_eq(fallback, "/dev/vboxuser");
	g_unsetenv("VBGL_DEVICE");
}
END_TEST

/* A device that cannot be opened: one message naming it, no handle. */
START_TEST(test_device_open_failure)
{
	struct vbgl_handle *h = (struct vbgl_handle *)&h;
	g_autofree gchar *error = NULL;
	int ret;

	ret = ovt_device_open("unix:/nonexistent/ovt.sock", VBGL_OPEN_USER,
			      "the test device", &h, &error);
	ck_assert_int_lt(ret, 0);
	ck_assert_ptr_null(h);
	ck_assert_ptr_nonnull(error);
	ck_assert(g_str_has_prefix(error, "cannot open the test device: "));
	ck_assert_ptr_null(strchr(error, '\n'));
}
END_TEST

START_TEST(test_pidfile_single_instance)
{
	gchar *path = g_build_filename(tmpdir, "run", "x.pid", NULL);
	struct ovt_pidfile *pf = NULL, *pf2 = NULL;
	gchar *text, *want;
	pid_t holder = -1;

	/* The missing directory is created. */
	ck_assert_int_eq(ovt_pidfile_acquire(path, &pf, &holder), 0);
	ck_assert_int_eq(holder, 0);
	text = slurp(path);
	want = g_strdup_printf("%ld\n", (long)getpid());
	ck_assert_str_eq(text, want);
	g_free(text);

	/* A second taker (another open file description) is refused. */
	ck_assert_int_eq(ovt_pidfile_acquire(path, &pf2, &holder), -EBUSY);
	ck_assert_int_eq(holder, getpid());
	ck_assert_ptr_null(pf2);

	ovt_pidfile_release(pf);
	ck_assert(!g_file_test(path, G_FILE_TEST_EXISTS));

	/* Free again: taken at once. */
	ck_assert_int_eq(ovt_pidfile_acquire(path, &pf, NULL), 0);
	ovt_pidfile_release(pf);
	g_free(want);
	g_free(path);
}
END_TEST

START_TEST(test_pidfile_stale_and_bad)
{
	gchar *path = g_build_filename(tmpdir, "stale.pid", NULL);
	gchar *link = g_build_filename(tmpdir, "link.pid", NULL);
	struct ovt_pidfile *pf = NULL;
	gchar *text, *want;

	/* A file left behind (nobody holds the lock) is taken over. */
	ck_assert(g_file_set_contents(path, "99999999 garbage\n", -1, NULL));
	ck_assert_int_eq(ovt_pidfile_acquire(path, &pf, NULL), 0);
	text = slurp(path);
	want = g_strdup_printf("%ld\n", (long)getpid());
	ck_assert_str_eq(text, want);
	g_free(text);
	g_free(want);
	ovt_pidfile_release(pf);

	ck_assert_int_eq(symlink("/etc/passwd", link), 0);
	ck_assert_int_eq(ovt_pidfile_acquire(link, &pf, NULL), -ELOOP);
	ck_assert_int_lt(ovt_pidfile_acquire(tmpdir, &pf, NULL), 0);
	ck_assert_int_eq(ovt_pidfile_acquire("", &pf, NULL), -EINVAL);
	ovt_pidfile_release(NULL);
	g_free(link);
	g_free(path);
}
END_TEST

/* ---- sd_notify ----------------------------------------------------------- */

static int bind_dgram(const char *name, gboolean abstract)
{
	struct sockaddr_un addr;
	socklen_t len;
	int fd;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	if (abstract) {
		memcpy(addr.sun_path + 1, name, strlen(name));
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				  strlen(name));
	} else {
		g_strlcpy(addr.sun_path, name, sizeof(addr.sun_path));
		len = sizeof(addr);
	}
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, len), 0);
	return fd;
}

static void assert_received(int fd, const char *want)
{
	char buf[256];
	ssize_t n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);

	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_str_eq(buf, want);
}

START_TEST(test_sd_notify)
{
	gchar *path = g_build_filename(tmpdir, "notify", NULL);
	gchar *abs_name = g_strdup_printf("ovt-test-%ld", (long)getpid());
	gchar *env;
	int fd;

	g_unsetenv("NOTIFY_SOCKET");
	ck_assert_int_eq(ovt_sd_notify("READY=1"), 0);

	fd = bind_dgram(path, FALSE);
	g_setenv("NOTIFY_SOCKET", path, TRUE);
	ck_assert_int_eq(ovt_sd_notify("READY=1"), 1);
	assert_received(fd, "READY=1");
	ck_assert_int_eq(ovt_sd_notifyf("STATUS=every %u s", 5u), 1);
	assert_received(fd, "STATUS=every 5 s");
	ck_assert_int_eq(ovt_sd_notify(""), -EINVAL);
	close(fd);

	fd = bind_dgram(abs_name, TRUE);
	env = g_strdup_printf("@%s", abs_name);
	g_setenv("NOTIFY_SOCKET", env, TRUE);
	ck_assert_int_eq(ovt_sd_notify("STOPPING=1"), 1);
	assert_received(fd, "STOPPING=1");
	close(fd);

	g_setenv("NOTIFY_SOCKET", "relative/path", TRUE);
	ck_assert_int_eq(ovt_sd_notify("READY=1"), -EINVAL);
	g_unsetenv("NOTIFY_SOCKET");
	g_free(env);
	g_free(abs_name);
	g_free(path);
}
END_TEST

/* ---- reconnect ----------------------------------------------------------- */

struct fake_device {
	int failures_left; /* connect fails this many times */
	int calls;
	gint64 connected_at;
	GMainLoop *loop;
};

static int fake_connect(gpointer data)
{
	struct fake_device *d = data;

	d->calls++;
	if (d->failures_left > 0) {
		d->failures_left--;
		return -ECONNREFUSED;
	}
	d->connected_at = g_get_monotonic_time();
	if (d->loop)
		g_main_loop_quit(d->loop);
	return 0;
}

START_TEST(test_reconnect_backoff_steps)
{
	struct fake_device dev = { .failures_left = 3 };
	struct ovt_reconnect r;

	ovt_reconnect_init(&r, "the test device", fake_connect, &dev);
	ck_assert(!ovt_reconnect_active(&r));
	ovt_reconnect_start(&r, -ENOTCONN);
	ck_assert(ovt_reconnect_active(&r));
	ck_assert_uint_eq(r.delay_s, 1);
	ck_assert_uint_ne(r.source, 0);
	ck_assert_int_eq(dev.calls, 0);

	/* A second loss report while reconnecting changes nothing. */
	ovt_reconnect_start(&r, -EIO);
	ck_assert_uint_eq(r.delay_s, 1);

	/* Each failed attempt doubles the wait. */
	ovt_reconnect_now(&r);
	ck_assert_int_eq(dev.calls, 1);
	ck_assert_uint_eq(r.delay_s, 2);
	ovt_reconnect_now(&r);
	ck_assert_uint_eq(r.delay_s, 4);
	ovt_reconnect_now(&r);
	ck_assert_uint_eq(r.delay_s, 8);
	ck_assert(ovt_reconnect_active(&r));

	ovt_reconnect_now(&r);
	ck_assert_int_eq(dev.calls, 4);
	ck_assert_uint_eq(r.attempts, 4);
	ck_assert(!ovt_reconnect_active(&r));
	ck_assert_uint_eq(r.source, 0);

	/* Not reconnecting: "now" does nothing. */
	ovt_reconnect_now(&r);
	ck_assert_int_eq(dev.calls, 4);

	ovt_reconnect_start(&r, -ENOTCONN);
	ck_assert(ovt_reconnect_active(&r));
	ovt_reconnect_cancel(&r);
	ck_assert(!ovt_reconnect_active(&r));
	ck_assert_uint_eq(r.source, 0);
}
END_TEST

static gboolean give_up(gpointer data)
{
	g_main_loop_quit(data);
	return G_SOURCE_REMOVE;
}

/* The first attempt really comes about one second after the loss. */
START_TEST(test_reconnect_timer)
{
	struct fake_device dev = { .failures_left = 0 };
	struct ovt_reconnect r;
	gint64 t0;
	double waited;

	dev.loop = g_main_loop_new(NULL, FALSE);
	ovt_reconnect_init(&r, "the test device", fake_connect, &dev);
	t0 = g_get_monotonic_time();
	ovt_reconnect_start(&r, -ENOTCONN);
	g_timeout_add_seconds(5, give_up, dev.loop);
	g_main_loop_run(dev.loop);
	ck_assert_int_eq(dev.calls, 1);
	ck_assert(!ovt_reconnect_active(&r));
	waited = (double)(dev.connected_at - t0) / 1e6;
	ck_assert_msg(waited >= 0.5 && waited <= 2.5, "waited %.2f s", waited);
	g_main_loop_unref(dev.loop);
}
END_TEST

static Suite *common_suite(void)
{
	Suite *s = suite_create("ovt-common");
	TCase *tc = tcase_create("pure");
	TCase *tmp = tcase_create("files");
	TCase *loop = tcase_create("reconnect");

	tcase_add_test(tc, test_backoff_sequence);
	tcase_add_test(tc, test_disconnect_errors);
	tcase_add_test(tc, test_log_targets);
	tcase_add_test(tc, test_log_levels);
	tcase_add_test(tc, test_log_format);
	tcase_add_test(tc, test_log_domain_listed);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(tmp, tmp_setup, tmp_teardown);
	tcase_add_test(tmp, test_log_writer_stderr);
	tcase_add_test(tmp, test_log_writer_debug_env);
	tcase_add_test(tmp, test_log_print_reasons);
	tcase_add_test(tmp, test_log_system_target);
	tcase_add_test(tmp, test_options_values);
	tcase_add_test(tmp, test_options_usage_errors);
	tcase_add_test(tmp, test_options_help);
	tcase_add_test(tmp, test_options_version);
	tcase_add_test(tmp, test_device_name);
	tcase_add_test(tmp, test_device_open_failure);
	tcase_add_test(tmp, test_pidfile_single_instance);
	tcase_add_test(tmp, test_pidfile_stale_and_bad);
	tcase_add_test(tmp, test_sd_notify);
	suite_add_tcase(s, tmp);

	tcase_add_test(loop, test_reconnect_backoff_steps);
	tcase_add_test(loop, test_reconnect_timer);
	tcase_set_timeout(loop, 20);
	suite_add_tcase(s, loop);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(common_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
