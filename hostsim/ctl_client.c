// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `vbox-hostsim ctl --dir DIR COMMAND [ARG...]`: send one request to a
 * running simulator's control socket and print the reply body.
 */
#include "config.h"

#include "hostsim/control.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define CTL_EXIT_OK	0
#define CTL_EXIT_ERR	1
#define CTL_EXIT_USAGE	2

static int ctl_fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int ctl_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("vbox-hostsim ctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CTL_EXIT_USAGE;
}

static int ctl_connect(const char *dir)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	g_autofree char *path = g_build_filename(dir, CONTROL_SOCK_NAME, NULL);
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* The request line (words percent-encoded), or NULL if it is too long. */
static char *build_request(int argc, char **argv)
{
	GString *req = g_string_new(NULL);
	int i;

	for (i = 0; i < argc; i++) {
		g_autofree char *word = control_encode_word(argv[i]);

		if (i)
			g_string_append_c(req, ' ');
		g_string_append(req, word);
	}
	g_string_append_c(req, '\n');
	if (req->len > CONTROL_MAX_LINE) {
		g_string_free(req, TRUE);
		return NULL;
	}
	return g_string_free(req, FALSE);
}

/* Print the body; return the exit status the final line calls for. */
static int read_reply(int fd)
{
	FILE *f = fdopen(fd, "r");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = -1;

	if (!f)
		return ctl_fail("cannot read the reply: %s", g_strerror(errno));
	while (status < 0 && (n = getline(&text, &cap, f)) > 0) {
		if (text[n - 1] == '\n')
			text[n - 1] = '\0';
		if (text[0] == ' ') {
			puts(text + 1);
		} else if (strcmp(text, "OK") == 0) {
			status = CTL_EXIT_OK;
		} else if (g_str_has_prefix(text, "ERR ")) {
			fprintf(stderr, "vbox-hostsim ctl: %s\n", text + 4);
			status = CTL_EXIT_ERR;
		} else {
			status = ctl_fail("unexpected reply line: %s", text);
		}
	}
	free(text);
	fclose(f);
	if (status < 0)
		return ctl_fail("the simulator closed the connection mid-reply");
	return status;
}

int ctl_client_main(int argc, char **argv)
{
	g_autofree char *dir = NULL;
	g_autofree char *request = NULL;
	g_autoptr(GOptionContext) octx = NULL;
	g_autoptr(GError) error = NULL;
	GOptionEntry entries[] = {
		{ "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
		  "The simulator's directory (its --dir)", "DIR" },
		{ NULL },
	};
	int fd;

	octx = g_option_context_new("COMMAND [ARG...] - control a running vbox-hostsim");
	g_option_context_add_main_entries(octx, entries, NULL);
	g_option_context_set_strict_posix(octx, TRUE);
	g_option_context_set_summary(octx,
		"Commands: status, event MASK, balloon [MIB], stats-interval SECONDS,\n"
		"stats, display [ID SETTING...], seamless on|off|show [--wait N],\n"
		"hgcm-stats [--reset], guestprop get|set|delete|enumerate ..., help.\n"
		"Arguments may hold any characters.  See vbox-hostsim(1).");
	if (!g_option_context_parse(octx, &argc, &argv, &error))
		return ctl_fail("%s", error->message);
	if (!dir)
		return ctl_fail("--dir DIR is required");
	if (argc < 2)
		return ctl_fail("no command given (try: ctl --dir DIR help)");
	request = build_request(argc - 1, argv + 1);
	if (!request)
		return ctl_fail("the request is longer than %d bytes (blanks, %% and control characters count 3 each)",
				CONTROL_MAX_LINE - 1);

	fd = ctl_connect(dir);
	if (fd < 0)
		return ctl_fail("cannot connect to %s/%s: %s", dir,
				CONTROL_SOCK_NAME, g_strerror(errno));
	if (send(fd, request, strlen(request), MSG_NOSIGNAL) < 0) {
		int saved = errno;

		close(fd);
		return ctl_fail("cannot send the request: %s",
				g_strerror(saved));
	}
	shutdown(fd, SHUT_WR);
	return read_reply(fd);
}
