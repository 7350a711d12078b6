// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * clip-testguest: a minimal shared-clipboard guest for the shell tests,
 * over libvbglr3.  Data goes in and out in the wire encodings, unconverted.
 *
 *   clip-testguest DEVICE [--legacy] formats
 *	print the formats the host clipboard holds (the report every client
 *	gets at connect), one name a line
 *   clip-testguest DEVICE [--legacy] read FORMAT
 *	write the host clipboard's data in FORMAT to standard output
 *   clip-testguest DEVICE [--legacy] serve [--no-answer] [--text FILE]
 *		[--html FILE] [--bitmap FILE]
 *	announce the formats of the files given, print "ready", then answer
 *	each read request with the file of the format asked for (or, with
 *	--no-answer, not at all) until the host says QUIT
 *
 * FORMAT is text, html or bitmap.  Exit status 0, or 1 with a line on
 * standard error.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbglr3_clipboard.h"

#define MAX_FILE (16u * 1024 * 1024)

static const char *const format_names[] = { "text", "bitmap", "html" };

struct serve_file {
	char *data;
	uint32_t size;
};

static int fail(const char *what, int err)
{
	fprintf(stderr, "clip-testguest: %s: %s\n", what, strerror(-err));
	return 1;
}

static uint32_t format_of(const char *name)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (strcmp(name, format_names[i]) == 0)
			return 1u << i;
	}
	return 0;
}

/* Read a whole file into @f; 0 or a negative errno. */
static int load(const char *path, struct serve_file *f)
{
	FILE *fp = fopen(path, "rb");
	size_t got;

	if (!fp)
		return -errno;
	f->data = malloc(MAX_FILE);
	if (!f->data) {
		fclose(fp);
		return -ENOMEM;
	}
	got = fread(f->data, 1, MAX_FILE, fp);
	f->size = (uint32_t)got;
	fclose(fp);
	return 0;
}

static int cmd_formats(struct vbgl_clipboard *c)
{
	struct vbgl_clipboard_msg m;
	unsigned int i;
	int ret = vbgl_clipboard_next_msg(c, &m);

	if (ret < 0)
		return fail("next_msg", ret);
	if (m.type != VBGL_CLIPBOARD_MSG_FORMATS)
		return fail("the first message is no formats report", -EPROTO);
	for (i = 0; i < 3; i++) {
		if (m.formats & (1u << i))
			printf("%s\n", format_names[i]);
	}
	return 0;
}

static int cmd_read(struct vbgl_clipboard *c, const char *name)
{
	uint32_t format = format_of(name), size = 0;
	void *data = NULL;
	int ret;

	if (!format)
		return fail(name, -EINVAL);
	ret = vbgl_clipboard_read_data(c, format, &data, &size);
	if (ret < 0)
		return fail("read_data", ret);
	fwrite(data, 1, size, stdout);
	free(data);
	return 0;
}

/* Answer one read request, the lowest format asked for that we have. */
static int answer(struct vbgl_clipboard *c, const struct vbgl_clipboard_msg *m,
		  const struct serve_file *files)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if ((m->formats & (1u << i)) && files[i].data)
			return vbgl_clipboard_write_data(
				c, m, 1u << i, files[i].data, files[i].size);
	}
	return vbgl_clipboard_write_data(c, m, m->formats & -m->formats, NULL,
					 0);
}

/* Announce, then answer read requests until QUIT or a failure. */
static int serve_loop(struct vbgl_clipboard *c, uint32_t formats,
		      const struct serve_file *files, int no_answer)
{
	struct vbgl_clipboard_msg m;
	int ret = vbgl_clipboard_report_formats(c, formats);

	if (ret < 0)
		return fail("report_formats", ret);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		ret = vbgl_clipboard_next_msg(c, &m);
		if (ret < 0)
			return fail("next_msg", ret);
		if (m.type == VBGL_CLIPBOARD_MSG_QUIT)
			return 0;
		if (m.type != VBGL_CLIPBOARD_MSG_READ_DATA || no_answer)
			continue;
		ret = answer(c, &m, files);
		if (ret < 0)
			return fail("write_data", ret);
		printf("answered %#x\n", m.formats);
		fflush(stdout);
	}
}

static int cmd_serve(struct vbgl_clipboard *c, int argc, char **argv)
{
	struct serve_file files[3] = { { NULL, 0 } };
	uint32_t formats = 0, f;
	int no_answer = 0, i, ret = 0;

	for (i = 0; i < argc && ret == 0; i++) {
		if (strcmp(argv[i], "--no-answer") == 0) {
			no_answer = 1;
			continue;
		}
		f = argv[i][0] == '-' && argv[i][1] == '-' ?
			    format_of(argv[i] + 2) :
			    0;
		if (!f || i + 1 >= argc || files[__builtin_ctz(f)].data) {
			ret = fail(argv[i], -EINVAL);
			break;
		}
		ret = load(argv[++i], &files[__builtin_ctz(f)]);
		if (ret < 0)
			ret = fail(argv[i], ret);
		formats |= f;
	}
	if (ret == 0)
		ret = serve_loop(c, formats, files, no_answer);
	for (i = 0; i < 3; i++)
		free(files[i].data);
	return ret;
}

int main(int argc, char **argv)
{
	struct vbgl_clipboard *c;
	struct vbgl_handle *h;
	unsigned int flags = 0;
	int ret, i = 2;

	if (argc > 2 && strcmp(argv[2], "--legacy") == 0) {
		flags = VBGL_CLIPBOARD_CONNECT_LEGACY;
		i = 3;
	}
	if (argc <= i) {
		fprintf(stderr,
			"usage: clip-testguest DEVICE [--legacy] formats|read FORMAT|serve ...\n");
		return 1;
	}
	ret = vbgl_open(argv[1], VBGL_OPEN_USER, &h);
	if (ret < 0)
		return fail("vbgl_open", ret);
	ret = vbgl_clipboard_connect(h, flags, &c);
	if (ret < 0)
		return fail("connect", ret);
	if (strcmp(argv[i], "formats") == 0)
		ret = cmd_formats(c);
	else if (strcmp(argv[i], "read") == 0 && argc == i + 2)
		ret = cmd_read(c, argv[i + 1]);
	else if (strcmp(argv[i], "serve") == 0)
		ret = cmd_serve(c, argc - i - 1, argv + i + 1);
	else
		ret = fail(argv[i], -EINVAL);
	vbgl_clipboard_disconnect(c);
	vbgl_close(h);
	return ret;
}
