// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `vbox-hostsim ctl --dir DIR COMMAND [ARG...]`: send one request to a
 * running simulator's control socket and print the reply body.
 *
 * Exit status: OVT_EXIT_OK when the simulator answered OK, OVT_EXIT_FAILURE
 * when it answered ERR or could not be talked to, OVT_EXIT_USAGE for a bad
 * command line; every failure with one line on stderr.
 */
#include "config.h"

#include "hostsim/control.h"
#include "services/common/ovt_log.h"
#include "hostsim/svc_clipboard.h"
#include "libvbglr3/vbgl_io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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
static char *build_request(GPtrArray *words)
{
	GString *req = g_string_new(NULL);
	guint i;

	for (i = 0; i < words->len; i++) {
		g_autofree char *word = control_encode_word(words->pdata[i]);

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

/*
 * The " size: N" line of a `clipboard get` reply (@value is what follows
 * the key): read the N bytes and the newline after them into *@data; a
 * block this large is read straight into it, past stdio's buffer.  Returns
 * an exit status on a malformed reply, else -1.
 */
static int read_data_block(FILE *f, const char *value, GBytes **data,
			   const char *line)
{
	guint64 size;
	uint8_t *buf;

	if (*data || !g_ascii_isdigit(value[0]) ||
	    !g_ascii_string_to_unsigned(value, 10, 0, CLIPBOARD_CTL_MAX_GET,
					&size, NULL))
		return ovt_print_error("unexpected reply line: %.80s", line);
	buf = g_try_malloc(size ? size : 1);
	if (!buf)
		return ovt_print_error("no memory for the %" G_GUINT64_FORMAT
				       " bytes of the reply",
				       size);
	if (fread(buf, 1, (size_t)size, f) != size || getc(f) != '\n') {
		g_free(buf);
		return ovt_print_error(
			"the simulator closed the connection mid-reply");
	}
	*data = g_bytes_new_take(buf, (gsize)size);
	return -1;
}

/*
 * Print the body, or with @data (`clipboard get`) read its one sized
 * block into *@data; return the exit status the final line calls for.
 */
static int read_reply(int fd, GBytes **data)
{
	static const char size_line[] = " " CLIPBOARD_CTL_SIZE_KEY;
	FILE *f = fdopen(fd, "r");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = -1;

	if (!f)
		return ovt_print_error("cannot read the reply: %s",
				       g_strerror(errno));
	while (status < 0 && (n = getline(&text, &cap, f)) > 0) {
		if (text[n - 1] == '\n')
			text[n - 1] = '\0';
		if ((size_t)n > CONTROL_MAX_LINE) {
			status = ovt_print_error("reply line too long: %.80s",
						 text);
		} else if (data && g_str_has_prefix(text, size_line)) {
			status = read_data_block(f, text + strlen(size_line),
						 data, text);
		} else if (text[0] == ' ' && !data) {
			puts(text + 1);
		} else if (strcmp(text, "OK") == 0) {
			status = OVT_EXIT_OK;
		} else if (g_str_has_prefix(text, "ERR ")) {
			status = ovt_print_error("%s", text + 4);
		} else {
			status = ovt_print_error("unexpected reply line: %.80s",
						 text);
		}
	}
	free(text);
	fclose(f);
	if (status < 0)
		return ovt_print_error(
			"the simulator closed the connection mid-reply");
	if (status == OVT_EXIT_OK && data && !*data)
		return ovt_print_error("the reply carried no data");
	return status;
}

/*
 * The request words for the command line: as given, except that
 * `clipboard` carries files and writes the data it gets (see
 * svc_clipboard_ctl.c).  *@get is set for a reply that carries data
 * (`clipboard get`); *@output is where it goes.
 */
static bool command_words(int argc, char **argv, GPtrArray *words, bool *get,
			  char **output, GError **error)
{
	int i;

	*get = false;
	*output = NULL;
	if (strcmp(argv[0], "clipboard") != 0) {
		for (i = 0; i < argc; i++)
			g_ptr_array_add(words, g_strdup(argv[i]));
		return true;
	}
	if (!clipboard_ctl_client_prepare(argc - 1, argv + 1, words, output,
					  error))
		return false;
	if (argc > 1 && strcmp(argv[1], "get") == 0)
		*get = true;
	return true;
}

int ctl_client_main(int argc, char **argv)
{
	g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GBytes) data = NULL;
	bool get;
	g_autofree char *dir = NULL;
	g_autofree char *output = NULL;
	g_autofree char *request = NULL;
	g_autoptr(GOptionContext) octx = NULL;
	g_autoptr(GError) error = NULL;
	GOptionEntry entries[] = {
		{ "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
		  "The simulator's directory (its --dir)", "DIR" },
		{ NULL },
	};
	int fd, ret, status;

	ovt_log_setup("vbox-hostsim ctl", OVT_LOG_AUTO, 0);
	octx = g_option_context_new(
		"COMMAND [ARG...] - control a running vbox-hostsim");
	g_option_context_add_main_entries(octx, entries, NULL);
	g_option_context_set_strict_posix(octx, TRUE);
	g_option_context_set_summary(
		octx,
		"Commands: status, event MASK, balloon [MIB], stats-interval SECONDS,\n"
		"stats, display set DEF...|show, seamless on|off|show [--wait N],\n"
		"hgcm-stats [--reset], guestprop get|set|delete|enumerate|wait ...,\n"
		"share add|remove|list ..., clipboard set|clear|formats|get|mode ...,\n"
		"fault add|list|clear ..., help.\n"
		"Arguments may hold any characters.  See vbox-hostsim(1).");
	if (!g_option_context_parse(octx, &argc, &argv, &error))
		return ovt_print_usage_error("%s", error->message);
	if (!dir)
		return ovt_print_usage_error("--dir DIR is required");
	if (argc < 2)
		return ovt_print_usage_error(
			"no command given (try: ctl --dir DIR help)");
	if (!command_words(argc - 1, argv + 1, words, &get, &output, &error))
		return ovt_print_usage_error("%s", error->message);
	request = build_request(words);
	if (!request)
		return ovt_print_usage_error(
			"the request is longer than %u bytes (blanks, %% and control characters count 3 each)",
			CONTROL_MAX_LINE - 1);

	fd = ctl_connect(dir);
	if (fd < 0)
		return ovt_print_error("cannot connect to %s/%s: %s", dir,
				       CONTROL_SOCK_NAME, g_strerror(errno));
	ret = vbgl_io_write_all(fd, request, strlen(request));
	if (ret < 0) {
		close(fd);
		return ovt_print_error("cannot send the request: %s",
				       g_strerror(-ret));
	}
	shutdown(fd, SHUT_WR);
	status = read_reply(fd, get ? &data : NULL);
	if (status == OVT_EXIT_OK && get &&
	    !clipboard_ctl_client_output(data, output, &error)) {
		status = ovt_print_error("%s", error->message);
	}
	return status;
}
