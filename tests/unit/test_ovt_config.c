// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The configuration module: the line scan that names where a key is, the
 * value types and their bounds, the one-line messages, all-or-nothing
 * application, unknown sections and keys, and a missing file.
 */
#include "config.h"

#include <check.h>
#include <stddef.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "services/common/ovt_config.h"

struct settings {
	gboolean flag;
	gint64 count;
	gint64 mode;
	gint64 size;
	gchar *name;
	gchar *dir;
	gchar *kind;
};

static const char *const kinds[] = { "auto", "order", NULL };

static const char *no_x(const char *v)
{
	return strchr(v, 'x') ? "no 'x'" : NULL;
}

static const struct ovt_config_key keys[] = {
	{ "flag", OVT_CONFIG_BOOL, offsetof(struct settings, flag), 0, 0, NULL,
	  NULL, FALSE },
	{ "count", OVT_CONFIG_INT, offsetof(struct settings, count), 1, 100,
	  NULL, NULL, FALSE },
	{ "mode", OVT_CONFIG_OCTAL, offsetof(struct settings, mode), 0, 0777,
	  NULL, NULL, TRUE },
	{ "size", OVT_CONFIG_SIZE, offsetof(struct settings, size), 4096,
	  1 << 30, NULL, NULL, FALSE },
	{ "name", OVT_CONFIG_STRING, offsetof(struct settings, name), 0, 8,
	  NULL, no_x, TRUE },
	{ "dir", OVT_CONFIG_PATH, offsetof(struct settings, dir), 0, 64, NULL,
	  NULL, FALSE },
	{ "kind", OVT_CONFIG_ENUM, offsetof(struct settings, kind), 0, 0, kinds,
	  NULL, FALSE },
	OVT_CONFIG_KEY_END
};

static const struct settings defaults = {
	.flag = FALSE,
	.count = 10,
	.mode = -1,
	.size = 64 << 20,
	.name = (gchar *)"def",
	.dir = (gchar *)"/media",
	.kind = (gchar *)"auto",
};

static gboolean read_text(const char *text, struct settings *s, GError **error)
{
	return ovt_config_read_data("t.conf", text, strlen(text),
				    "vbox-balloon", keys, s, NULL, error);
}

START_TEST(find_line)
{
	static const struct {
		const char *text;
		const char *section, *key;
		unsigned int line;
	} cases[] = {
		{ "[vbox-balloon]\ncount=1\n", "vbox-balloon", "count", 2 },
		{ "[vbox-balloon]\ncount=1\n", "vbox-balloon", NULL, 1 },
		{ "# c\n\n  [vbox-balloon]  \n  count = 1\n", "vbox-balloon",
		  "count", 4 },
		{ "[vbox-display]\ncount=1\n[vbox-balloon]\ncount=2\n",
		  "vbox-balloon", "count", 4 },
		{ "[vbox-balloon]\ncount=1\ncount=2\n", "vbox-balloon", "count",
		  3 },
		{ "[vbox-balloon]\ncounter=1\n", "vbox-balloon", "count", 0 },
		{ "[vbox-balloon]\n#count=1\n", "vbox-balloon", "count", 0 },
		{ "[vbox-balloon]\r\ncount=1\r\n", "vbox-balloon", "count", 2 },
		{ "[vbox-balloon]\ncount=1", "vbox-balloon", "count", 2 },
		{ "[vbox-balloon\ncount=1", "vbox-balloon", "count", 0 },
		{ "", "vbox-balloon", "count", 0 },
		{ "[vbox-balloon]\n[x]\ncount=1\n", "vbox-balloon", "count",
		  0 },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++)
		ck_assert_msg(ovt_config_find_line(
				      cases[i].text, strlen(cases[i].text),
				      cases[i].section,
				      cases[i].key) == cases[i].line,
			      "case %zu", i);
}
END_TEST

START_TEST(find_bad_line)
{
	static const struct {
		const char *text;
		unsigned int line;
	} cases[] = {
		{ "[a]\nk=v\n", 0 },	{ "# x\n\n[a]\nbogus\n", 4 },
		{ "[a\n", 1 },		{ "[a]\n=v\n", 2 },
		{ "  # c\n k=v\n", 0 }, { "", 0 },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++)
		ck_assert_msg(ovt_config_find_bad_line(cases[i].text,
						       strlen(cases[i].text)) ==
				      cases[i].line,
			      "case %zu", i);
}
END_TEST

START_TEST(values)
{
	struct settings s = { 0 };
	GError *error = NULL;

	ovt_config_copy(keys, &s, &defaults);
	ck_assert(read_text("# comment\n[vbox-balloon]\nflag=yes\ncount=100\n"
			    "mode=0750\nsize=1M\nname= ab \ndir=/srv//a/\n"
			    "kind=order\n[vbox-display]\nother=1\n",
			    &s, &error));
	ck_assert(s.flag);
	ck_assert_int_eq(s.count, 100);
	ck_assert_int_eq(s.mode, 0750);
	ck_assert_int_eq(s.size, 1 << 20);
	ck_assert_str_eq(s.name, "ab");
	ck_assert_str_eq(s.dir, "/srv/a");
	ck_assert_str_eq(s.kind, "order");
	/* empty values that mean "unset" */
	ck_assert(read_text("[vbox-balloon]\nmode=\nname=\n", &s, &error));
	ck_assert_int_eq(s.mode, -1);
	ck_assert_ptr_null(s.name);
	ck_assert_int_eq(s.count, 100); /* untouched */
	ovt_config_free(keys, &s);
	ck_assert_ptr_null(s.dir);
}
END_TEST

START_TEST(refusals)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
		{ "[vbox-balloon]\nflag=maybe\n",
		  "t.conf:2: [vbox-balloon] flag: true or false" },
		{ "[vbox-balloon]\n\ncount=0\n",
		  "t.conf:3: [vbox-balloon] count: an integer from 1 to 100" },
		{ "[vbox-balloon]\ncount=101\n",
		  "t.conf:2: [vbox-balloon] count: an integer from 1 to 100" },
		{ "[vbox-balloon]\ncount=1x\n",
		  "t.conf:2: [vbox-balloon] count: an integer from 1 to 100" },
		{ "[vbox-balloon]\nmode=0800\n",
		  "t.conf:2: [vbox-balloon] mode: an octal number within 0777" },
		{ "[vbox-balloon]\nmode=01000\n",
		  "t.conf:2: [vbox-balloon] mode: an octal number within 0777" },
		{ "[vbox-balloon]\nsize=1\n",
		  "t.conf:2: [vbox-balloon] size: a size from 4096 to 1073741824 bytes (K, M, G allowed)" },
		{ "[vbox-balloon]\nsize=2G\n",
		  "t.conf:2: [vbox-balloon] size: a size from 4096 to 1073741824 bytes (K, M, G allowed)" },
		{ "[vbox-balloon]\nsize=99999999999999999999K\n",
		  "t.conf:2: [vbox-balloon] size: a size from 4096 to 1073741824 bytes (K, M, G allowed)" },
		{ "[vbox-balloon]\nname=123456789\n",
		  "t.conf:2: [vbox-balloon] name: at most 8 bytes" },
		{ "[vbox-balloon]\nname=axb\n",
		  "t.conf:2: [vbox-balloon] name: no 'x'" },
		{ "[vbox-balloon]\nname=a\\tb\n",
		  "t.conf:2: [vbox-balloon] name: no control characters" },
		{ "[vbox-balloon]\ndir=rel\n",
		  "t.conf:2: [vbox-balloon] dir: an absolute path" },
		{ "[vbox-balloon]\ndir=/a/../b\n",
		  "t.conf:2: [vbox-balloon] dir: the path must not contain . or .." },
		{ "[vbox-balloon]\ndir=\n",
		  "t.conf:2: [vbox-balloon] dir: an absolute path" },
		{ "[vbox-balloon]\nkind=fast\n",
		  "t.conf:2: [vbox-balloon] kind: one of auto, order" },
		{ "[vbox-balloon]\ncolour=red\n",
		  "t.conf:2: [vbox-balloon] colour: unknown key" },
		{ "[vbox-ballon]\ncount=1\n",
		  "t.conf:1: [vbox-ballon]: unknown section" },
		{ "[vbox-balloon]\ncount=5\nthis is not a key\n",
		  NULL /* GKeyFile's text, prefixed with t.conf:3: */ },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct settings s = { 0 };
		GError *error = NULL;

		ovt_config_copy(keys, &s, &defaults);
		ck_assert_msg(!read_text(cases[i].text, &s, &error), "case %zu",
			      i);
		ck_assert_ptr_nonnull(error);
		if (cases[i].message)
			ck_assert_str_eq(error->message, cases[i].message);
		else
			ck_assert(
				g_str_has_prefix(error->message, "t.conf:3: "));
		ck_assert(!strchr(error->message, '\n'));
		/* nothing applied */
		ck_assert_int_eq(s.count, 10);
		ck_assert_str_eq(s.name, "def");
		g_error_free(error);
		ovt_config_free(keys, &s);
	}
}
END_TEST

START_TEST(all_or_nothing)
{
	struct settings s = { 0 };
	GError *error = NULL;

	ovt_config_copy(keys, &s, &defaults);
	ck_assert(!read_text("[vbox-balloon]\ncount=50\nname=new\nkind=x\n", &s,
			     &error));
	ck_assert_int_eq(s.count, 10);
	ck_assert_str_eq(s.name, "def");
	ck_assert_str_eq(s.kind, "auto");
	g_clear_error(&error);
	ovt_config_free(keys, &s);
}
END_TEST

START_TEST(files)
{
	g_autofree gchar *dir = g_dir_make_tmp("ovtcfg-XXXXXX", NULL);
	g_autofree gchar *path = g_build_filename(dir, "x.conf", NULL);
	g_autofree gchar *missing = g_build_filename(dir, "none.conf", NULL);
	g_autofree gchar *big = g_malloc(OVT_CONFIG_MAX_SIZE + 2);
	struct settings s = { 0 };
	GError *error = NULL;
	guint64 set = 0;

	ck_assert_ptr_nonnull(dir);
	ovt_config_copy(keys, &s, &defaults);
	/* missing: the defaults, unless it must exist */
	ck_assert(ovt_config_read(missing, FALSE, "vbox-balloon", keys, &s,
				  NULL, &error));
	ck_assert_int_eq(s.count, 10);
	ck_assert(!ovt_config_read(missing, TRUE, "vbox-balloon", keys, &s,
				   NULL, &error));
	ck_assert_ptr_nonnull(strstr(error->message, "none.conf"));
	g_clear_error(&error);

	ck_assert(g_file_set_contents(path, "[vbox-balloon]\ncount=7\n", -1,
				      NULL));
	ck_assert(ovt_config_read(path, TRUE, "vbox-balloon", keys, &s, &set,
				  &error));
	ck_assert_int_eq(s.count, 7);
	/* which keys the file set: count (keys[1]) only, not the defaults */
	ck_assert_uint_eq(set, 1u << 1);
	/* another agent's section is not ours */
	ck_assert(ovt_config_read(path, TRUE, "vbox-display", keys, &s, NULL,
				  &error));

	memset(big, '#', OVT_CONFIG_MAX_SIZE + 1);
	big[OVT_CONFIG_MAX_SIZE + 1] = '\0';
	ck_assert(g_file_set_contents(path, big, -1, NULL));
	ck_assert(!ovt_config_read(path, TRUE, "vbox-balloon", keys, &s, NULL,
				   &error));
	ck_assert_ptr_nonnull(strstr(error->message, "larger than"));
	g_clear_error(&error);
	ck_assert(g_file_set_contents(path, "[vbox-balloon]\n\0count=1", 23,
				      NULL));
	ck_assert(!ovt_config_read(path, TRUE, "vbox-balloon", keys, &s, NULL,
				   &error));
	g_clear_error(&error);

	ck_assert_int_eq(g_unlink(path), 0);
	ck_assert_int_eq(g_rmdir(dir), 0);
	ovt_config_free(keys, &s);
}
END_TEST

START_TEST(format)
{
	static const char *const want[] = { "false", "10",     "",    "64M",
					    "def",   "/media", "auto" };
	struct settings s = { 0 };
	size_t i;

	for (i = 0; keys[i].name; i++) {
		g_autofree gchar *v = ovt_config_format(&keys[i], &defaults);

		ck_assert_str_eq(v, want[i]);
	}
	ovt_config_copy(keys, &s, &defaults);
	s.mode = 0700;
	s.size = 5000;
	{
		g_autofree gchar *m = ovt_config_format(&keys[2], &s);
		g_autofree gchar *z = ovt_config_format(&keys[3], &s);

		ck_assert_str_eq(m, "0700");
		ck_assert_str_eq(z, "5000");
	}
	ovt_config_free(keys, &s);
}
END_TEST

START_TEST(paths)
{
	g_autofree gchar *user = NULL;

	ck_assert(g_str_has_suffix(ovt_config_system_path(),
				   "/open-vbox-tools/open-vbox-tools.conf"));
	ck_assert(g_path_is_absolute(ovt_config_system_path()));
	g_setenv("XDG_CONFIG_HOME", "/tmp/cfghome", TRUE);
	user = ovt_config_user_path();
	ck_assert_str_eq(user,
			 "/tmp/cfghome/open-vbox-tools/open-vbox-tools.conf");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ovt_config");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, find_line);
	tcase_add_test(tc, find_bad_line);
	tcase_add_test(tc, values);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, all_or_nothing);
	tcase_add_test(tc, files);
	tcase_add_test(tc, format);
	tcase_add_test(tc, paths);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
