// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboxsf-fuse's pure logic, without FUSE or a host: name checks and host
 * paths over the inode table, the mount options (every one, the refused
 * values, the defaults, the umask rules, '--'), and what the kernel sees
 * of host objects (stat, statvfs, open flags, errors).  Most tests are
 * tables, one Check loop iteration per row.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "vboxsf-fuse/vsf.h"

/* A string of @n copies of @unit (freed by the caller). */
static char *repeat(const char *unit, size_t n)
{
	GString *s = g_string_new(NULL);
	size_t i;

	for (i = 0; i < n; i++)
		g_string_append(s, unit);
	return g_string_free(s, FALSE);
}

/* ---- names ------------------------------------------------------------ */

/* "é" is 2 bytes of UTF-8, "€" 3, U+1F600 4. */
#define E2 "\xc3\xa9"
#define E3 "\xe2\x82\xac"
#define E4 "\xf0\x9f\x98\x80"

static const struct {
	const char *unit; /* the name is @count copies of it */
	size_t count;
	const char *tail; /* then this */
	int want;
} name_cases[] = {
	{ "a", 1, "", 0 },
	{ "", 0, "", -EINVAL },
	{ "", 0, ".", -EINVAL },
	{ "", 0, "..", -EINVAL },
	{ "", 0, "...", 0 },
	{ "", 0, ".hidden", 0 },
	{ "", 0, "..x", 0 },
	{ "", 0, "a/b", -EINVAL },
	{ "", 0, "/", -EINVAL },
	{ "", 0, "a/", -EINVAL },
	{ "", 0, "/a", -EINVAL },
	{ "", 0, "../x", -EINVAL },
	{ "", 0, "with blank", 0 },
	{ "", 0, "back\\slash", 0 },
	{ "", 0, "ctl\001char", 0 },
	/* Bytes are the host's to judge, invalid UTF-8 included. */
	{ "", 0, "\xff\xfe", 0 },
	/* VSF_NAME_MAX counts bytes. */
	{ "x", 255, "", 0 },
	{ "x", 256, "", -ENAMETOOLONG },
	{ "x", 5000, "", -ENAMETOOLONG },
	{ E2, 127, "x", 0 },		/* 255 bytes, 128 characters */
	{ E2, 128, "", -ENAMETOOLONG }, /* 256 bytes */
	{ E3, 85, "", 0 },		/* 255 bytes, 85 characters */
	{ E3, 85, "x", -ENAMETOOLONG },
	{ E4, 63, "abc", 0 },	       /* 255 bytes */
	{ E4, 64, "", -ENAMETOOLONG }, /* 64 characters, 256 bytes */
	/* Too long wins over '/'. */
	{ "/", 256, "", -ENAMETOOLONG },
};

START_TEST(test_name_check)
{
	char *body = repeat(name_cases[_i].unit, name_cases[_i].count);
	char *name = g_strconcat(body, name_cases[_i].tail, NULL);

	ck_assert_msg(vsf_name_check(name) == name_cases[_i].want,
		      "row %d (%zu bytes): %d, want %d", _i, strlen(name),
		      vsf_name_check(name), name_cases[_i].want);
	g_free(name);
	g_free(body);
}
END_TEST

/* ---- host paths over the inode table ---------------------------------- */

static struct vsf_fs fs;

static struct shfl_fsobjinfo info_of(uint32_t mode)
{
	struct shfl_fsobjinfo info;

	memset(&info, 0, sizeof(info));
	info.attr.mode = mode;
	return info;
}

static void table_setup(void)
{
	struct shfl_fsobjinfo root = info_of(SHFL_TYPE_DIRECTORY | 0755);

	memset(&fs, 0, sizeof(fs));
	vsf_table_init(&fs, &root);
}

static void table_teardown(void)
{
	vsf_table_clear(&fs);
}

static fuse_ino_t ref(fuse_ino_t parent, const char *name, uint32_t mode)
{
	struct shfl_fsobjinfo info = info_of(mode);
	fuse_ino_t ino = 0;

	ck_assert_int_eq(vsf_inode_ref(&fs, parent, name, &info, &ino), 0);
	ck_assert_uint_gt(ino, FUSE_ROOT_ID);
	return ino;
}

static void assert_path(fuse_ino_t ino, const char *name, const char *want)
{
	char *path = NULL;

	ck_assert_int_eq(vsf_path(&fs, ino, name, &path), 0);
	ck_assert_str_eq(path, want);
	g_free(path);
}

static void assert_path_error(fuse_ino_t ino, const char *name, int want)
{
	char *path = (char *)"not touched";

	ck_assert_int_eq(vsf_path(&fs, ino, name, &path), want);
	ck_assert_ptr_null(path);
}

START_TEST(test_path_building)
{
	fuse_ino_t dir = ref(FUSE_ROOT_ID, "dir", SHFL_TYPE_DIRECTORY | 0755);
	fuse_ino_t file = ref(dir, "file", SHFL_TYPE_FILE | 0644);
	fuse_ino_t utf = ref(dir, E3 "uro " E2, SHFL_TYPE_FILE | 0644);
	char *longest = repeat("x", VSF_NAME_MAX);
	char *want;

	assert_path(FUSE_ROOT_ID, NULL, "/");
	assert_path(FUSE_ROOT_ID, "new", "/new");
	assert_path(dir, NULL, "/dir");
	assert_path(dir, "child", "/dir/child");
	assert_path(file, NULL, "/dir/file");
	assert_path(utf, NULL, "/dir/" E3 "uro " E2);
	/* The child-path form: the name is checked on the way. */
	want = g_strconcat("/dir/", longest, NULL);
	assert_path(dir, longest, want);
	g_free(want);
	g_free(longest);
	longest = repeat(E2, 128);
	assert_path_error(dir, longest, -ENAMETOOLONG);
	assert_path_error(dir, "..", -EINVAL);
	assert_path_error(dir, ".", -EINVAL);
	assert_path_error(dir, "", -EINVAL);
	assert_path_error(dir, "a/b", -EINVAL);
	assert_path_error(FUSE_ROOT_ID, "../etc", -EINVAL);
	/* An inode the kernel never got. */
	assert_path_error(file + 100, NULL, -ENOENT);
	assert_path_error(file + 100, "x", -ENOENT);
	g_free(longest);
}
END_TEST

/* A rename moves what is below; a removal detaches it. */
START_TEST(test_path_rename_and_remove)
{
	fuse_ino_t dir = ref(FUSE_ROOT_ID, "dir", SHFL_TYPE_DIRECTORY | 0755);
	fuse_ino_t sub = ref(dir, "sub", SHFL_TYPE_DIRECTORY | 0755);
	fuse_ino_t file = ref(sub, "file", SHFL_TYPE_FILE | 0644);
	fuse_ino_t other = ref(FUSE_ROOT_ID, "other", SHFL_TYPE_DIRECTORY);
	fuse_ino_t victim = ref(FUSE_ROOT_ID, "victim", SHFL_TYPE_DIRECTORY);

	vsf_inode_move(&fs, FUSE_ROOT_ID, "dir", other, "moved");
	assert_path(file, NULL, "/other/moved/sub/file");
	assert_path(sub, "x", "/other/moved/sub/x");
	/* Renamed onto: the replaced object is detached. */
	vsf_inode_move(&fs, other, "moved", FUSE_ROOT_ID, "victim");
	assert_path(file, NULL, "/victim/sub/file");
	assert_path_error(victim, NULL, -ENOENT);
	assert_path_error(victim, "x", -ENOENT);
	assert_path(other, NULL, "/other");
	/* Removed: everything below is gone, the name is free. */
	vsf_inode_detach(&fs, dir, "sub");
	assert_path_error(sub, NULL, -ENOENT);
	assert_path_error(file, NULL, -ENOENT);
	assert_path(dir, "sub", "/victim/sub");
}
END_TEST

/* Lookup counts: a child keeps its parent; a type change is a new inode. */
START_TEST(test_path_lifetimes)
{
	fuse_ino_t dir = ref(FUSE_ROOT_ID, "dir", SHFL_TYPE_DIRECTORY | 0755);
	fuse_ino_t file = ref(dir, "file", SHFL_TYPE_FILE | 0644);
	fuse_ino_t again, replaced;

	ck_assert_uint_eq(ref(dir, "file", SHFL_TYPE_FILE | 0600), file);
	vsf_inode_forget(&fs, dir, 1);
	assert_path(file, NULL, "/dir/file");
	vsf_inode_forget(&fs, file, 1);
	assert_path(file, NULL, "/dir/file"); /* one reference left */
	vsf_inode_forget(&fs, file, 1);
	assert_path_error(file, NULL, -ENOENT);
	assert_path_error(dir, NULL, -ENOENT); /* nothing held it */
	again = ref(FUSE_ROOT_ID, "dir", SHFL_TYPE_DIRECTORY | 0755);
	ck_assert_uint_gt(again, file); /* numbers are never reused */
	replaced = ref(again, "x", SHFL_TYPE_FILE);
	ck_assert_uint_ne(ref(again, "x", SHFL_TYPE_DIRECTORY), replaced);
	assert_path_error(replaced, NULL, -ENOENT);
	/* The root cannot be forgotten. */
	vsf_inode_forget(&fs, FUSE_ROOT_ID, 1000);
	assert_path(FUSE_ROOT_ID, "x", "/x");
}
END_TEST

/* VBGL_SHFL_PATH_MAX (65534 bytes) bounds the whole path. */
START_TEST(test_path_longest)
{
	char *name = repeat("d", VSF_NAME_MAX);
	char *last, *path = NULL;
	fuse_ino_t ino = FUSE_ROOT_ID;
	size_t depth = VBGL_SHFL_PATH_MAX / (VSF_NAME_MAX + 1);
	size_t i, room;

	for (i = 0; i < depth; i++)
		ino = ref(ino, name, SHFL_TYPE_DIRECTORY | 0755);
	ck_assert_int_eq(vsf_path(&fs, ino, NULL, &path), 0);
	ck_assert_uint_eq(strlen(path), depth * (VSF_NAME_MAX + 1));
	g_free(path);
	/* What is left for one more "/NAME". */
	room = VBGL_SHFL_PATH_MAX - depth * (VSF_NAME_MAX + 1) - 1;
	ck_assert_uint_lt(room, VSF_NAME_MAX);
	last = repeat("f", room);
	ck_assert_int_eq(vsf_path(&fs, ino, last, &path), 0);
	ck_assert_uint_eq(strlen(path), VBGL_SHFL_PATH_MAX);
	g_free(path);
	g_free(last);
	last = repeat("f", room + 1);
	assert_path_error(ino, last, -ENAMETOOLONG);
	ino = ref(ino, last, SHFL_TYPE_FILE); /* the host named it so */
	assert_path_error(ino, NULL, -ENAMETOOLONG);
	g_free(last);
	g_free(name);
}
END_TEST

/* ---- options ---------------------------------------------------------- */

static GString *fuse_messages;

static void catch_fuse_log(enum fuse_log_level level, const char *fmt,
			   va_list ap)
{
	(void)level;
	g_string_append_vprintf(fuse_messages, fmt, ap);
}

/*
 * Parse "prog ARGS... share /mnt" with vsf_opts_parse(); -o values
 * separated by NULL.  Returns vsf_opts_parse()'s result; @args keeps
 * what is left.
 */
static int parse_opts(struct fuse_args *args, struct vsf_opts *o, ...)
{
	const char *a;
	va_list ap;

	*args = (struct fuse_args)FUSE_ARGS_INIT(0, NULL);
	fuse_opt_add_arg(args, "prog");
	va_start(ap, o);
	while ((a = va_arg(ap, const char *)))
		fuse_opt_add_arg(args, a);
	va_end(ap);
	return vsf_opts_parse(args, o);
}

/* -o OPT for SHARE on /mnt, then vsf_opts_finish(). */
static int finish_with(const char *opt, struct vsf_opts *o, const char **err)
{
	struct fuse_args args;
	int ret;

	*err = NULL;
	ret = parse_opts(&args, o, "-o", opt, "share", "/mnt", NULL);
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(o->share, "share");
	ret = vsf_opts_finish(o, err);
	fuse_opt_free_args(&args);
	return ret;
}

#define FIELD(f)      offsetof(struct vsf_opts, f)
#define VALUE(o, off) (*(const unsigned int *)((const char *)(o) + (off)))

/* Every value option, accepted: where the value lands. */
static const struct {
	const char *opt;
	size_t field;
	unsigned int want;
} accepted[] = {
	{ "uid=0", FIELD(uid), 0 },
	{ "uid=1000", FIELD(uid), 1000 },
	{ "uid=4294967294", FIELD(uid), 4294967294u },
	{ "gid=0", FIELD(gid), 0 },
	{ "gid=4321", FIELD(gid), 4321 },
	{ "dmode=0755", FIELD(dmode), 0755 },
	{ "dmode=755", FIELD(dmode), 0755 },
	{ "dmode=0", FIELD(dmode), 0 },
	{ "dmode=0777", FIELD(dmode), 0777 },
	{ "fmode=0640", FIELD(fmode), 0640 },
	{ "fmode=00644", FIELD(fmode), 0644 },
	{ "dmask=022", FIELD(dmask), 022 },
	{ "dmask=07777", FIELD(dmask), 07777 },
	{ "fmask=0133", FIELD(fmask), 0133 },
	{ "umask=027", FIELD(umask), 027 },
	{ "umask=027", FIELD(dmask), 027 },
	{ "umask=027", FIELD(fmask), 027 },
	{ "calltimeout=1", FIELD(call_timeout_s), 1 },
	{ "calltimeout=86400", FIELD(call_timeout_s), 86400 },
	{ "calltimeout=5", FIELD(call_timeout_s), 5 },
	{ "write_gather=0", FIELD(gather_ms), 0 },
	{ "write_gather=250", FIELD(gather_ms), 250 },
	{ "write_gather=60000", FIELD(gather_ms), 60000 },
	{ "read_ahead=0", FIELD(read_ahead_kb), 0 },
	{ "read_ahead=1024", FIELD(read_ahead_kb), 1024 },
	{ "read_ahead=16384", FIELD(read_ahead_kb), 16384 },
	{ "max_read=4096", FIELD(max_read), 4096 },
	{ "max_read=262144", FIELD(max_read), 262144 },
	/* The last one given wins. */
	{ "uid=1,uid=2", FIELD(uid), 2 },
	{ "dmode=0700,dmode=0750", FIELD(dmode), 0750 },
};

START_TEST(test_opts_accepted)
{
	struct vsf_opts o;
	const char *err;

	ck_assert_msg(finish_with(accepted[_i].opt, &o, &err) == 0,
		      "%s refused: %s", accepted[_i].opt, err);
	ck_assert_msg(VALUE(&o, accepted[_i].field) == accepted[_i].want,
		      "%s: got %#o / %u", accepted[_i].opt,
		      VALUE(&o, accepted[_i].field),
		      VALUE(&o, accepted[_i].field));
	vsf_opts_clear(&o);
}
END_TEST

/* Bad values: refused whole, with the option named in the reason. */
static const struct {
	const char *opt;
	const char *reason; /* what the reason starts with */
} refused[] = {
	{ "uid=", "uid=" },
	{ "uid=abc", "uid=" },
	{ "uid=12abc", "uid=" },
	{ "uid=-1", "uid=" },
	{ "uid=4294967295", "uid=" },
	{ "uid=4294967296", "uid=" },
	{ "uid=+5", "uid=" },
	{ "uid= 5", "uid=" },
	{ "uid=0x10", "uid=" },
	{ "gid=-5", "uid= and gid=" },
	{ "gid=99999999999999999999", "uid= and gid=" },
	{ "dmode=0778", "dmode=" },
	{ "dmode=1000", "dmode=" },
	{ "dmode=01777", "dmode=" },
	{ "dmode=rwx", "dmode=" },
	{ "fmode=8", "dmode= and fmode=" },
	{ "fmode=", "dmode= and fmode=" },
	{ "dmask=010000", "dmask=" },
	{ "fmask=9", "dmask=, fmask=" },
	{ "umask=-022", "dmask=, fmask= and umask=" },
	{ "umask=022x", "dmask=, fmask= and umask=" },
	{ "ttl=-2", "ttl=" },
	{ "ttl=5ms", "ttl=" },
	{ "ttl=", "ttl=" },
	{ "ttl=2147483648", "ttl=" },
	{ "ttl=1.5", "ttl=" },
	{ "calltimeout=0", "calltimeout=" },
	{ "calltimeout=86401", "calltimeout=" },
	{ "calltimeout=-1", "calltimeout=" },
	{ "calltimeout=10s", "calltimeout=" },
	{ "write_gather=60001", "write_gather=" },
	{ "write_gather=-1", "write_gather=" },
	{ "write_gather=1s", "write_gather=" },
	{ "write_gather=", "write_gather=" },
	{ "read_ahead=16388", "read_ahead=" },
	{ "read_ahead=-4", "read_ahead=" },
	{ "read_ahead=1M", "read_ahead=" },
	{ "read_ahead=1024k", "read_ahead=" },
	{ "read_ahead=", "read_ahead=" },
	/* Not a whole number of pages (the test machines have 4 KiB ones). */
	{ "read_ahead=6", "read_ahead=" },
	{ "read_ahead=1", "read_ahead=" },
	{ "max_read=4095", "max_read=" },
	{ "max_read=4294967296", "max_read=" },
	{ "max_read=1M", "max_read=" },
	{ "cache=bogus", "cache=" },
	{ "cache=", "cache=" },
	{ "cache=None", "cache=" },
	/* One bad value among good ones. */
	{ "uid=1000,dmode=0778,gid=1", "dmode=" },
};

START_TEST(test_opts_refused)
{
	struct vsf_opts o;
	const char *err;

	ck_assert_msg(finish_with(refused[_i].opt, &o, &err) == -1,
		      "%s accepted", refused[_i].opt);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(g_str_has_prefix(err, refused[_i].reason), "%s: '%s'",
		      refused[_i].opt, err);
	ck_assert_ptr_null(strchr(err, '\n'));
	vsf_opts_clear(&o);
}
END_TEST

START_TEST(test_opts_defaults)
{
	struct fuse_args args;
	struct vsf_opts o;
	const char *err = NULL;

	ck_assert_int_eq(parse_opts(&args, &o, "share", "/mnt", NULL), 0);
	ck_assert_int_eq(vsf_opts_finish(&o, &err), 0);
	ck_assert_str_eq(o.share, "share");
	ck_assert_ptr_null(o.device);
	ck_assert_ptr_null(o.cache);
	ck_assert_uint_eq(o.uid, getuid());
	ck_assert_uint_eq(o.gid, getgid());
	ck_assert(!o.dmode_set);
	ck_assert(!o.fmode_set);
	ck_assert_uint_eq(o.dmask, 0);
	ck_assert_uint_eq(o.fmask, 0);
	ck_assert_int_eq(o.ttl_ms, VSF_DEFAULT_TTL_MS);
	ck_assert_uint_eq(o.call_timeout_s, VSF_DEFAULT_CALL_TIMEOUT_S);
	ck_assert_uint_eq(o.gather_ms, VSF_DEFAULT_GATHER_MS);
	ck_assert(vsf_gather_enabled(&o));
	ck_assert_uint_eq(o.read_ahead_kb, VSF_DEFAULT_READ_AHEAD_KB);
	ck_assert(!o.read_ahead_set);
	ck_assert_uint_eq(o.max_read, 0);
	ck_assert_int_eq(o.cache_mode, VSF_CACHE_AUTO);
	ck_assert(o.timeout == VSF_DEFAULT_TTL_MS / 1000.0);
	ck_assert_int_eq(o.ro, 0);
	/* The mount point stays for fuse_parse_cmdline(). */
	ck_assert_int_eq(args.argc, 2);
	ck_assert_str_eq(args.argv[1], "/mnt");
	vsf_opts_clear(&o);
	fuse_opt_free_args(&args);
}
END_TEST

/* umask= fills in the masks that are not given, in any order. */
static const struct {
	const char *opt;
	unsigned int dmask, fmask;
} mask_cases[] = {
	{ "umask=022", 022, 022 },
	{ "umask=0", 0, 0 },
	{ "umask=022,dmask=077", 077, 022 },
	{ "dmask=077,umask=022", 077, 022 },
	{ "fmask=0133,umask=027", 027, 0133 },
	{ "umask=027,fmask=0133", 027, 0133 },
	{ "dmask=07,fmask=070,umask=0777", 07, 070 },
	{ "dmask=0,umask=077", 0, 077 },
	{ "dmask=022", 022, 0 },
	{ "fmask=0111", 0, 0111 },
};

START_TEST(test_opts_umask_rules)
{
	struct vsf_opts o;
	const char *err;

	ck_assert_int_eq(finish_with(mask_cases[_i].opt, &o, &err), 0);
	ck_assert_msg(o.dmask == mask_cases[_i].dmask &&
			      o.fmask == mask_cases[_i].fmask,
		      "%s: dmask %#o fmask %#o", mask_cases[_i].opt, o.dmask,
		      o.fmask);
	vsf_opts_clear(&o);
}
END_TEST

/* cache= and ttl=: the mode and the timeout the kernel is given. */
static const struct {
	const char *opt;
	enum vsf_cache mode;
	int ttl_ms;
	double timeout;
	bool gather; /* vsf_gather_enabled() */
} cache_cases[] = {
	{ "cache=auto", VSF_CACHE_AUTO, 200, 0.2, true },
	{ "cache=always", VSF_CACHE_ALWAYS, 200, 0.2, true },
	/* The kernel gathers itself; none promises the host at once. */
	{ "cache=writeback", VSF_CACHE_WRITEBACK, 200, 0.2, false },
	{ "cache=none", VSF_CACHE_NONE, 200, 0, false },
	{ "cache=strict", VSF_CACHE_STRICT, 200, 0, true },
	{ "ttl=1500", VSF_CACHE_AUTO, 1500, 1.5, true },
	{ "ttl=0", VSF_CACHE_AUTO, 0, 0, true },
	{ "ttl=-1", VSF_CACHE_AUTO, VSF_DEFAULT_TTL_MS, 0.2, true },
	{ "ttl=2147483647", VSF_CACHE_AUTO, 2147483647, 2147483.647, true },
	{ "ttl=1000,cache=always", VSF_CACHE_ALWAYS, 1000, 1, true },
	{ "ttl=1000,cache=none", VSF_CACHE_NONE, 1000, 0, false },
	{ "cache=none,cache=auto", VSF_CACHE_AUTO, 200, 0.2, true },
	{ "write_gather=0", VSF_CACHE_AUTO, 200, 0.2, false },
	{ "write_gather=0,cache=strict", VSF_CACHE_STRICT, 200, 0, false },
};

START_TEST(test_opts_cache)
{
	struct vsf_opts o;
	const char *err;

	ck_assert_int_eq(finish_with(cache_cases[_i].opt, &o, &err), 0);
	ck_assert_int_eq(o.cache_mode, cache_cases[_i].mode);
	ck_assert_int_eq(o.ttl_ms, cache_cases[_i].ttl_ms);
	ck_assert_msg(o.timeout == cache_cases[_i].timeout, "%s: %g",
		      cache_cases[_i].opt, o.timeout);
	ck_assert_msg(vsf_gather_enabled(&o) == cache_cases[_i].gather,
		      "%s: gathering %d", cache_cases[_i].opt,
		      vsf_gather_enabled(&o));
	vsf_opts_clear(&o);
}
END_TEST

/* Whether @args holds an argument containing @s. */
static bool args_mention(const struct fuse_args *args, const char *s)
{
	int i;

	for (i = 1; i < args->argc; i++)
		if (strstr(args->argv[i], s))
			return true;
	return false;
}

/* Whether @args passes on the mount option @opt (in an -o list). */
static bool opt_kept(const struct fuse_args *args, const char *opt)
{
	bool found = false;
	int i;

	for (i = 1; i + 1 < args->argc && !found; i++) {
		gchar **list;

		if (strcmp(args->argv[i], "-o"))
			continue;
		list = g_strsplit(args->argv[i + 1], ",", -1);
		found = g_strv_contains((const gchar *const *)list, opt);
		g_strfreev(list);
	}
	return found;
}

/* ro/rw, device=, --device=, and FUSE's options passed on. */
START_TEST(test_opts_passed_on)
{
	struct fuse_args args;
	struct vsf_opts o;

	ck_assert_int_eq(parse_opts(&args, &o, "-o", "ro,allow_other,uid=7",
				    "--device=unix:/a", "share", "/mnt", NULL),
			 0);
	ck_assert_int_eq(o.ro, 1);
	ck_assert_str_eq(o.device, "unix:/a");
	ck_assert_str_eq(o.uid_arg, "7");
	ck_assert(opt_kept(&args, "ro"));
	ck_assert(opt_kept(&args, "allow_other"));
	ck_assert(!args_mention(&args, "uid="));
	ck_assert(!args_mention(&args, "device"));
	ck_assert(!args_mention(&args, "share"));
	ck_assert(args_mention(&args, "/mnt"));
	vsf_opts_clear(&o);
	fuse_opt_free_args(&args);

	ck_assert_int_eq(parse_opts(&args, &o, "-o", "ro,rw,device=unix:/b",
				    "share", "/mnt", NULL),
			 0);
	ck_assert_int_eq(o.ro, 0);
	ck_assert_str_eq(o.device, "unix:/b");
	vsf_opts_clear(&o);
	fuse_opt_free_args(&args);

	ck_assert_int_eq(parse_opts(&args, &o, "--device=unix:/c", "-o",
				    "rw,ro,device=unix:/d", "share", "/mnt",
				    NULL),
			 0);
	ck_assert_int_eq(o.ro, 1);
	ck_assert_str_eq(o.device, "unix:/d"); /* the last one */
	vsf_opts_clear(&o);
	fuse_opt_free_args(&args);

	/* read_ahead= is ours; max_read= the kernel's too (noted, kept). */
	ck_assert_int_eq(parse_opts(&args, &o, "-o",
				    "read_ahead=512,max_read=131072", "share",
				    "/mnt", NULL),
			 0);
	ck_assert_str_eq(o.read_ahead_arg, "512");
	ck_assert_str_eq(o.max_read_arg, "131072");
	ck_assert(!args_mention(&args, "read_ahead"));
	ck_assert(opt_kept(&args, "max_read=131072"));
	vsf_opts_clear(&o);
	fuse_opt_free_args(&args);
}
END_TEST

/* ---- read-ahead ------------------------------------------------------- */

#define MI_ROOT "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
#define MI_FUSE \
	"40 22 0:40 / /mnt/a rw,nosuid - fuse.vboxsf-fuse s rw,user_id=0\n"
#define MI_BLANK "41 22 0:41 / /mnt/with\\040blank rw - fuse.vboxsf-fuse t rw\n"
#define MI_BLK	 "42 22 7:3 / /mnt/blk rw - fuseblk /dev/loop3 rw\n"
#define MI_OVER	 "43 40 0:44 / /mnt/a rw - fuse x rw\n"
#define MI_EXT4	 "44 22 8:1 / /mnt/e rw - ext4 /dev/sda1 rw\n"
#define MI_TAGS	 "45 22 0:45 / /mnt/t rw shared:7 master:2 - fuse.sshfs h: rw\n"

/* Which device mountinfo names for a mount point (FUSE mounts only). */
static const struct {
	const char *mountinfo, *mp;
	int ret;
	unsigned int major, minor;
} mi_cases[] = {
	{ MI_ROOT MI_FUSE, "/mnt/a", 0, 0, 40 },
	{ MI_ROOT MI_FUSE MI_BLANK, "/mnt/with blank", 0, 0, 41 },
	/* A later mount on the same point covers the earlier one. */
	{ MI_ROOT MI_FUSE MI_OVER, "/mnt/a", 0, 0, 44 },
	{ MI_ROOT MI_TAGS, "/mnt/t", 0, 0, 45 },
	/* Its backing device is MAJ:MIN-fuseblk: never ours. */
	{ MI_ROOT MI_BLK, "/mnt/blk", -ENOENT, 0, 0 },
	{ MI_ROOT MI_EXT4, "/mnt/e", -ENOENT, 0, 0 },
	{ MI_ROOT MI_FUSE, "/mnt", -ENOENT, 0, 0 },
	{ MI_ROOT MI_FUSE, "/mnt/a/", -ENOENT, 0, 0 },
	{ MI_ROOT MI_BLANK, "/mnt/with\\040blank", -ENOENT, 0, 0 },
	{ "", "/mnt/a", -ENOENT, 0, 0 },
	/* Malformed lines are skipped. */
	{ "40 22 0:40 / /mnt/a rw\n", "/mnt/a", -ENOENT, 0, 0 },
	{ "40 22 0:40x / /mnt/a rw - fuse s rw\n", "/mnt/a", -ENOENT, 0, 0 },
	{ "40 22 040 / /mnt/a rw - fuse s rw\n", "/mnt/a", -ENOENT, 0, 0 },
	{ "40 22 0:40 / /mnt/a rw -\n", "/mnt/a", -ENOENT, 0, 0 },
};

START_TEST(test_mountinfo_dev)
{
	unsigned int major = 99, minor = 99;
	int ret = vsf_mountinfo_dev(mi_cases[_i].mountinfo, mi_cases[_i].mp,
				    &major, &minor);

	ck_assert_int_eq(ret, mi_cases[_i].ret);
	if (!ret) {
		ck_assert_uint_eq(major, mi_cases[_i].major);
		ck_assert_uint_eq(minor, mi_cases[_i].minor);
	}
}
END_TEST

/* A sysfs root of our own: class/bdi/0:40/read_ahead_kb holding "128". */
static char *fake_sysfs(void)
{
	char *root = g_dir_make_tmp("vsf-sysfs-XXXXXX", NULL);
	char *dir, *file;

	ck_assert_ptr_nonnull(root);
	dir = g_build_filename(root, "class", "bdi", "0:40", NULL);
	ck_assert_int_eq(g_mkdir_with_parents(dir, 0755), 0);
	file = g_build_filename(dir, "read_ahead_kb", NULL);
	ck_assert(g_file_set_contents(file, "128\n", -1, NULL));
	g_free(file);
	g_free(dir);
	return root;
}

static void fake_sysfs_remove(char *root)
{
	char *cmd = g_strdup_printf("rm -rf --one-file-system '%s'", root);

	ck_assert_int_eq(system(cmd), 0);
	g_free(cmd);
	g_free(root);
}

static char *fake_value(const char *root)
{
	char *file = vsf_bdi_read_ahead_path(root, 0, 40), *text = NULL;

	ck_assert(g_file_get_contents(file, &text, NULL, NULL));
	g_free(file);
	return text;
}

START_TEST(test_read_ahead_path)
{
	char *p = vsf_bdi_read_ahead_path("/sys", 0, 40);

	ck_assert_str_eq(p, "/sys/class/bdi/0:40/read_ahead_kb");
	g_free(p);
	p = vsf_bdi_read_ahead_path("/tmp/x", 259, 1048575);
	ck_assert_str_eq(p, "/tmp/x/class/bdi/259:1048575/read_ahead_kb");
	g_free(p);
}
END_TEST

START_TEST(test_read_ahead_set)
{
	char *root = fake_sysfs(), *msg, *v;

	/* The mount's own file gets the value, and the log says where. */
	ck_assert_int_eq(vsf_read_ahead_set(root, MI_ROOT MI_FUSE, "/mnt/a",
					    1024, &msg),
			 0);
	v = fake_value(root);
	ck_assert_str_eq(v, "1024\n");
	g_free(v);
	ck_assert_ptr_nonnull(strstr(msg, "1024 KiB"));
	ck_assert_ptr_nonnull(strstr(msg, "/class/bdi/0:40/read_ahead_kb"));
	ck_assert_ptr_null(strchr(msg, '\n'));
	g_free(msg);

	ck_assert_int_eq(vsf_read_ahead_set(root, MI_ROOT MI_FUSE, "/mnt/a", 0,
					    &msg),
			 0);
	v = fake_value(root);
	ck_assert_str_eq(v, "0\n");
	g_free(v);
	g_free(msg);

	/* Not a FUSE mount (or another one's point): nothing is written. */
	ck_assert_int_eq(vsf_read_ahead_set(root, MI_ROOT MI_FUSE MI_EXT4,
					    "/mnt/e", 512, &msg),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(msg, "/mnt/e is not a FUSE mount"));
	ck_assert_ptr_nonnull(strstr(msg, "the kernel's read-ahead stays"));
	ck_assert_ptr_null(strchr(msg, '\n'));
	g_free(msg);
	v = fake_value(root);
	ck_assert_str_eq(v, "0\n");
	g_free(v);

	/* A device sysfs does not have (the file is never created). */
	ck_assert_int_eq(vsf_read_ahead_set(root, MI_ROOT MI_BLANK,
					    "/mnt/with blank", 512, &msg),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(msg, "cannot set "));
	ck_assert_ptr_nonnull(strstr(msg, "/class/bdi/0:41/read_ahead_kb"));
	ck_assert_ptr_nonnull(strstr(msg, g_strerror(ENOENT)));
	g_free(msg);
	v = g_build_filename(root, "class", "bdi", "0:41", NULL);
	ck_assert(!g_file_test(v, G_FILE_TEST_EXISTS));
	g_free(v);
	fake_sysfs_remove(root);

	/* No sysfs there at all. */
	ck_assert_int_eq(vsf_read_ahead_set("/nonexistent-sysfs",
					    MI_ROOT MI_FUSE, "/mnt/a", 512,
					    &msg),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(msg, "read_ahead=512: cannot set"));
	g_free(msg);
}
END_TEST

/* An attribute that cannot be written: the errno, in one line. */
START_TEST(test_read_ahead_not_a_file)
{
	char *root = fake_sysfs(), *msg, *file;

	file = vsf_bdi_read_ahead_path(root, 0, 40);
	ck_assert_int_eq(unlink(file), 0);
	ck_assert_int_eq(mkdir(file, 0755), 0);
	ck_assert_int_eq(vsf_read_ahead_set(root, MI_ROOT MI_FUSE, "/mnt/a",
					    256, &msg),
			 -EISDIR);
	ck_assert_ptr_nonnull(strstr(msg, g_strerror(EISDIR)));
	ck_assert_ptr_nonnull(strstr(msg, "the kernel's read-ahead stays"));
	ck_assert_ptr_null(strchr(msg, '\n'));
	g_free(msg);
	g_free(file);
	fake_sysfs_remove(root);
}
END_TEST

/* Set only when asked, or when the default is not the kernel's. */
START_TEST(test_read_ahead_wanted)
{
	struct vsf_opts o;
	const char *err;

	ck_assert_int_eq(finish_with("uid=0", &o, &err), 0);
	ck_assert(vsf_read_ahead_wanted(&o) ==
		  (VSF_DEFAULT_READ_AHEAD_KB != VSF_KERNEL_READ_AHEAD_KB));
	vsf_opts_clear(&o);
	ck_assert_int_eq(finish_with("read_ahead=128", &o, &err), 0);
	ck_assert(vsf_read_ahead_wanted(&o));
	vsf_opts_clear(&o);
	ck_assert_int_eq(finish_with("read_ahead=0", &o, &err), 0);
	ck_assert(vsf_read_ahead_wanted(&o));
	ck_assert_uint_eq(o.read_ahead_kb, 0);
	vsf_opts_clear(&o);
}
END_TEST

/* A broken -o list is libfuse's to refuse, with a message. */
START_TEST(test_opts_malformed)
{
	struct fuse_args args;
	struct vsf_opts o;

	fuse_messages = g_string_new(NULL);
	fuse_set_log_func(catch_fuse_log);
	ck_assert_int_eq(parse_opts(&args, &o, "share", "/mnt", "-o", NULL),
			 -1);
	ck_assert_msg(strstr(fuse_messages->str, "-o"), "'%s'",
		      fuse_messages->str);
	vsf_opts_clear(&o);
	fuse_opt_free_args(&args);
	g_string_free(fuse_messages, TRUE);
}
END_TEST

/* '--' ends the options and leaves nothing behind once parsed. */
static const struct {
	const char *in[8]; /* after argv[0] */
	const char *out[8];
} separator_cases[] = {
	{ { "-f", "--", NULL }, { "-f", NULL } },
	{ { "--", NULL }, { NULL } },
	{ { "-o", "allow_other", "--", NULL }, { "-o", "allow_other", NULL } },
	{ { "--", "-f", NULL }, { "-f", NULL } },
	/* An -o value is never the separator; only the first one goes. */
	{ { "-o", "--", NULL }, { "-o", "--", NULL } },
	{ { "-o", "--", "--", NULL }, { "-o", "--", NULL } },
	{ { "--", "--", NULL }, { "--", NULL } },
	{ { "-d", NULL }, { "-d", NULL } },
	{ { NULL }, { NULL } },
};

START_TEST(test_args_separator)
{
	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	int i, n = 0;

	fuse_opt_add_arg(&args, "prog");
	for (i = 0; separator_cases[_i].in[i]; i++)
		fuse_opt_add_arg(&args, separator_cases[_i].in[i]);
	vsf_args_drop_separator(&args);
	while (separator_cases[_i].out[n])
		n++;
	ck_assert_int_eq(args.argc, n + 1);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(args.argv[i + 1], separator_cases[_i].out[i]);
	ck_assert_ptr_null(args.argv[args.argc]);
	fuse_opt_free_args(&args);
}
END_TEST

/* The whole start-up parse with '--' (the case libfuse left broken). */
START_TEST(test_args_separator_cmdline)
{
	struct fuse_cmdline_opts cmd;
	struct fuse_args args;
	struct vsf_opts o;

	memset(&cmd, 0, sizeof(cmd));
	ck_assert_int_eq(parse_opts(&args, &o, "-f", "-o", "allow_other", "--",
				    "-share", "/", NULL),
			 0);
	ck_assert_str_eq(o.share, "-share");
	/* (libfuse resolves the mount point: it must exist.) */
	ck_assert_int_eq(fuse_parse_cmdline(&args, &cmd), 0);
	ck_assert_str_eq(cmd.mountpoint, "/");
	ck_assert(cmd.foreground);
	vsf_args_drop_separator(&args);
	ck_assert(!args_mention(&args, "--"));
	ck_assert(opt_kept(&args, "allow_other"));
	free(cmd.mountpoint);
	vsf_opts_clear(&o);
	fuse_opt_free_args(&args);
}
END_TEST

/* ---- what the kernel sees --------------------------------------------- */

#define NOT_SET 0xffffffffu

/* Type and permission bits under the mode options. */
static const struct {
	uint32_t host;				 /* SHFL mode word */
	unsigned int dmode, fmode, dmask, fmask; /* NOT_SET: not given */
	mode_t want;
} mode_cases[] = {
	{ SHFL_TYPE_DIRECTORY | 0755, NOT_SET, NOT_SET, 0, 0, S_IFDIR | 0755 },
	{ SHFL_TYPE_DIRECTORY | 0755, 0700, NOT_SET, 0, 0, S_IFDIR | 0700 },
	{ SHFL_TYPE_DIRECTORY | 0777, NOT_SET, NOT_SET, 022, 0,
	  S_IFDIR | 0755 },
	{ SHFL_TYPE_DIRECTORY | 0755, 0777, NOT_SET, 027, 0, S_IFDIR | 0750 },
	{ SHFL_TYPE_DIRECTORY | 0755, NOT_SET, 0600, 0, 0777, S_IFDIR | 0755 },
	{ SHFL_TYPE_DIRECTORY | 0755, 0, NOT_SET, 0, 0, S_IFDIR },
	{ SHFL_TYPE_DIRECTORY | 0755, NOT_SET, NOT_SET, 07777, 0, S_IFDIR },
	{ SHFL_TYPE_FILE | 0644, NOT_SET, NOT_SET, 0, 0, S_IFREG | 0644 },
	{ SHFL_TYPE_FILE | 0644, NOT_SET, 0600, 0, 0, S_IFREG | 0600 },
	{ SHFL_TYPE_FILE | 0777, NOT_SET, NOT_SET, 0, 0133, S_IFREG | 0644 },
	{ SHFL_TYPE_FILE | 0644, NOT_SET, 0666, 0, 0022, S_IFREG | 0644 },
	{ SHFL_TYPE_FILE | 0644, 0700, NOT_SET, 0777, 0, S_IFREG | 0644 },
	/* setuid, setgid and sticky bits show; modes keep them, masks not. */
	{ SHFL_TYPE_FILE | 04755, NOT_SET, NOT_SET, 0, 0, S_IFREG | 04755 },
	{ SHFL_TYPE_FILE | 02755, NOT_SET, NOT_SET, 0, 0, S_IFREG | 02755 },
	{ SHFL_TYPE_DIRECTORY | 01777, NOT_SET, NOT_SET, 0, 0,
	  S_IFDIR | 01777 },
	{ SHFL_TYPE_DIRECTORY | 01777, 0750, NOT_SET, 0, 0, S_IFDIR | 01750 },
	{ SHFL_TYPE_FILE | 06711, NOT_SET, 0644, 0, 0, S_IFREG | 06644 },
	{ SHFL_TYPE_FILE | 06755, NOT_SET, NOT_SET, 0, 06000, S_IFREG | 0755 },
	{ SHFL_TYPE_DIRECTORY | 01777, NOT_SET, NOT_SET, 01000, 0,
	  S_IFDIR | 0777 },
	/* Links are 0777 whatever is asked. */
	{ SHFL_TYPE_SYMLINK | 0700, NOT_SET, NOT_SET, 0, 0, S_IFLNK | 0777 },
	{ SHFL_TYPE_SYMLINK | 0700, 0500, 0400, 0777, 0777, S_IFLNK | 0777 },
	/* Everything else is a regular file. */
	{ SHFL_TYPE_FIFO | 0600, NOT_SET, NOT_SET, 0, 0, S_IFREG | 0600 },
	{ SHFL_TYPE_SOCKET | 0755, NOT_SET, NOT_SET, 0, 0, S_IFREG | 0755 },
	{ SHFL_TYPE_DEV_BLOCK | 0660, NOT_SET, 0640, 0, 0, S_IFREG | 0640 },
	{ SHFL_TYPE_DEV_CHAR | 0666, NOT_SET, NOT_SET, 0, 0002,
	  S_IFREG | 0664 },
	{ 0644, NOT_SET, NOT_SET, 0, 0, S_IFREG | 0644 },
};

static void opts_for_mode(struct vsf_opts *o, int row)
{
	memset(o, 0, sizeof(*o));
	o->dmode_set = mode_cases[row].dmode != NOT_SET;
	o->dmode = o->dmode_set ? mode_cases[row].dmode : 0;
	o->fmode_set = mode_cases[row].fmode != NOT_SET;
	o->fmode = o->fmode_set ? mode_cases[row].fmode : 0;
	o->dmask = mode_cases[row].dmask;
	o->fmask = mode_cases[row].fmask;
}

START_TEST(test_stat_mode)
{
	struct shfl_fsobjinfo info = info_of(mode_cases[_i].host);
	struct vsf_fs f;
	struct stat st;

	memset(&f, 0, sizeof(f));
	opts_for_mode(&f.opts, _i);
	vsf_fill_stat(&f, 42, &info, &st);
	ck_assert_msg(st.st_mode == mode_cases[_i].want,
		      "row %d: %#o, want %#o", _i, (unsigned int)st.st_mode,
		      (unsigned int)mode_cases[_i].want);
}
END_TEST

/* Sizes, blocks, times (negative ones too), owners, entry timeouts. */
START_TEST(test_stat_fields)
{
	struct shfl_fsobjinfo info = info_of(SHFL_TYPE_FILE | 0644);
	struct fuse_entry_param e;
	struct vsf_fs f;
	struct stat st;

	memset(&f, 0, sizeof(f));
	f.opts.uid = 1234;
	f.opts.gid = 5678;
	f.opts.timeout = 0.25;
	info.size = 1000;
	info.allocated = 513;
	info.access_time.ns = 1500000000;
	info.modification_time.ns = -1;
	info.change_time.ns = 0;
	vsf_fill_stat(&f, 77, &info, &st);
	ck_assert_uint_eq(st.st_ino, 77);
	ck_assert_uint_eq(st.st_nlink, 1);
	ck_assert_uint_eq(st.st_uid, 1234);
	ck_assert_uint_eq(st.st_gid, 5678);
	ck_assert_int_eq(st.st_size, 1000);
	ck_assert_int_eq(st.st_blocks, 2);
	ck_assert_int_eq(st.st_blksize, VSF_MAX_IO);
	ck_assert_int_eq(st.st_atim.tv_sec, 1);
	ck_assert_int_eq(st.st_atim.tv_nsec, 500000000);
	ck_assert_int_eq(st.st_mtim.tv_sec, -1);
	ck_assert_int_eq(st.st_mtim.tv_nsec, 999999999);
	ck_assert_int_eq(st.st_ctim.tv_sec, 0);
	ck_assert_int_eq(st.st_ctim.tv_nsec, 0);

	info.size = -5;
	info.allocated = -1;
	info.access_time.ns = -1500000001;
	vsf_fill_stat(&f, 77, &info, &st);
	ck_assert_int_eq(st.st_size, 0);
	ck_assert_int_eq(st.st_blocks, 0);
	ck_assert_int_eq(st.st_atim.tv_sec, -2);
	ck_assert_int_eq(st.st_atim.tv_nsec, 499999999);
	info.allocated = 512;
	vsf_fill_stat(&f, 77, &info, &st);
	ck_assert_int_eq(st.st_blocks, 1);

	/* The host's link count, when it sends Unix attributes. */
	info.attr.additional = SHFL_FSOBJATTRADD_UNIX;
	info.attr.u.unix_attr.hardlinks = 5;
	vsf_fill_stat(&f, 77, &info, &st);
	ck_assert_uint_eq(st.st_nlink, 5);
	info.attr.u.unix_attr.hardlinks = 0;
	vsf_fill_stat(&f, 77, &info, &st);
	ck_assert_uint_eq(st.st_nlink, 0);
	info.attr.additional = SHFL_FSOBJATTRADD_NOTHING;
	info.attr.u.unix_attr.hardlinks = 5;
	vsf_fill_stat(&f, 77, &info, &st);
	ck_assert_uint_eq(st.st_nlink, 1);

	vsf_fill_entry(&f, 78, &info, &e);
	ck_assert_uint_eq(e.ino, 78);
	ck_assert_uint_eq(e.attr.st_ino, 78);
	ck_assert(e.attr_timeout == 0.25 && e.entry_timeout == 0.25);
	ck_assert_uint_eq(e.attr.st_uid, 1234);
}
END_TEST

static const struct {
	int64_t total, available;
	uint32_t unit, max_component;
	unsigned long bsize;
	fsblkcnt_t blocks, bfree;
	unsigned long namemax;
} statvfs_cases[] = {
	{ 1 << 30, 1 << 20, 4096, 255, 4096, 262144, 256, 255 },
	{ 1 << 30, 1 << 20, 512, 0, 512, 2097152, 2048, VSF_NAME_MAX },
	{ 1 << 30, 1 << 20, 100, 100, 4096, 262144, 256, 100 },
	{ 1 << 30, 1 << 20, 0, 1000, 4096, 262144, 256, VSF_NAME_MAX },
	{ -1, -1, 65536, 1, 65536, 0, 0, 1 },
	{ 10000, 5000, 4096, 254, 4096, 2, 1, 254 },
};

START_TEST(test_statvfs)
{
	struct shfl_volinfo vol;
	struct statvfs st;

	memset(&vol, 0, sizeof(vol));
	vol.total_bytes = statvfs_cases[_i].total;
	vol.available_bytes = statvfs_cases[_i].available;
	vol.bytes_per_alloc_unit = statvfs_cases[_i].unit;
	vol.props.max_component = statvfs_cases[_i].max_component;
	vsf_fill_statvfs(&vol, &st);
	ck_assert_uint_eq(st.f_bsize, statvfs_cases[_i].bsize);
	ck_assert_uint_eq(st.f_frsize, statvfs_cases[_i].bsize);
	ck_assert_uint_eq(st.f_blocks, statvfs_cases[_i].blocks);
	ck_assert_uint_eq(st.f_bfree, statvfs_cases[_i].bfree);
	ck_assert_uint_eq(st.f_bavail, statvfs_cases[_i].bfree);
	ck_assert_uint_eq(st.f_namemax, statvfs_cases[_i].namemax);
	ck_assert_uint_gt(st.f_ffree, 0);
}
END_TEST

#define ACT_OPEN      SHFL_CF_ACT_OPEN_IF_EXISTS
#define ACT_NEW_FAILS SHFL_CF_ACT_FAIL_IF_NEW

static const struct {
	int flags;
	bool create;
	uint32_t want;
} open_cases[] = {
	{ O_RDONLY, false, SHFL_CF_ACCESS_READ | ACT_NEW_FAILS | ACT_OPEN },
	{ O_WRONLY, false, SHFL_CF_ACCESS_WRITE | ACT_NEW_FAILS | ACT_OPEN },
	{ O_RDWR, false, SHFL_CF_ACCESS_READWRITE | ACT_NEW_FAILS | ACT_OPEN },
	{ O_WRONLY | O_APPEND, false,
	  SHFL_CF_ACCESS_WRITE | SHFL_CF_ACCESS_APPEND | ACT_NEW_FAILS |
		  ACT_OPEN },
	{ O_WRONLY | O_TRUNC, false,
	  SHFL_CF_ACCESS_WRITE | ACT_NEW_FAILS |
		  SHFL_CF_ACT_OVERWRITE_IF_EXISTS },
	/* O_EXCL means nothing without O_CREAT. */
	{ O_RDONLY | O_EXCL, false,
	  SHFL_CF_ACCESS_READ | ACT_NEW_FAILS | ACT_OPEN },
	{ O_RDWR | O_CREAT, true,
	  SHFL_CF_ACCESS_READWRITE | SHFL_CF_ACT_CREATE_IF_NEW | ACT_OPEN },
	{ O_WRONLY | O_CREAT | O_EXCL, true,
	  SHFL_CF_ACCESS_WRITE | SHFL_CF_ACT_FAIL_IF_EXISTS },
	{ O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, true,
	  SHFL_CF_ACCESS_WRITE | SHFL_CF_ACT_FAIL_IF_EXISTS },
	{ O_WRONLY | O_CREAT | O_TRUNC, true,
	  SHFL_CF_ACCESS_WRITE | SHFL_CF_ACT_OVERWRITE_IF_EXISTS },
	{ O_RDWR | O_CREAT | O_APPEND, true,
	  SHFL_CF_ACCESS_READWRITE | SHFL_CF_ACCESS_APPEND | ACT_OPEN },
};

START_TEST(test_open_flags)
{
	uint32_t got = vsf_open_create_flags(open_cases[_i].flags,
					     open_cases[_i].create);

	ck_assert_msg(got == open_cases[_i].want, "row %d: %#x, want %#x", _i,
		      got, open_cases[_i].want);
}
END_TEST

static const struct {
	int ret, want;
} errno_cases[] = {
	{ -ENOENT, -ENOENT },
	{ -ENOTDIR, -ENOTDIR },
	{ -EEXIST, -EEXIST },
	{ -EACCES, -EACCES },
	{ -EPERM, -EPERM },
	{ -EROFS, -EROFS },
	{ -ENOTEMPTY, -ENOTEMPTY },
	{ -ENAMETOOLONG, -ENAMETOOLONG },
	{ -ENOTCONN, -ENOTCONN },
	{ -ENOMEM, -ENOMEM },
	{ -ETIMEDOUT, -EIO },
	{ -EPROTO, -EIO },
	{ -EBADF, -EIO },
	{ -EIO, -EIO },
	/* Not an error code at all: still an error for the kernel. */
	{ 0, -EIO },
	{ ENOENT, -EIO },
};

START_TEST(test_host_errno)
{
	ck_assert_msg(
		vsf_host_errno(errno_cases[_i].ret) == errno_cases[_i].want,
		"%d -> %d, want %d", errno_cases[_i].ret,
		vsf_host_errno(errno_cases[_i].ret), errno_cases[_i].want);
}
END_TEST

static Suite *vsf_suite(void)
{
	Suite *s = suite_create("vsf");
	TCase *names = tcase_create("names");
	TCase *paths = tcase_create("paths");
	TCase *opts = tcase_create("options");
	TCase *attrs = tcase_create("attributes");
	TCase *ra = tcase_create("read-ahead");

	tcase_add_loop_test(names, test_name_check, 0,
			    G_N_ELEMENTS(name_cases));
	suite_add_tcase(s, names);

	tcase_add_checked_fixture(paths, table_setup, table_teardown);
	tcase_add_test(paths, test_path_building);
	tcase_add_test(paths, test_path_rename_and_remove);
	tcase_add_test(paths, test_path_lifetimes);
	tcase_add_test(paths, test_path_longest);
	suite_add_tcase(s, paths);

	tcase_add_loop_test(opts, test_opts_accepted, 0,
			    G_N_ELEMENTS(accepted));
	tcase_add_loop_test(opts, test_opts_refused, 0, G_N_ELEMENTS(refused));
	tcase_add_test(opts, test_opts_defaults);
	tcase_add_loop_test(opts, test_opts_umask_rules, 0,
			    G_N_ELEMENTS(mask_cases));
	tcase_add_loop_test(opts, test_opts_cache, 0,
			    G_N_ELEMENTS(cache_cases));
	tcase_add_test(opts, test_opts_passed_on);
	tcase_add_test(opts, test_opts_malformed);
	tcase_add_loop_test(opts, test_args_separator, 0,
			    G_N_ELEMENTS(separator_cases));
	tcase_add_test(opts, test_args_separator_cmdline);
	suite_add_tcase(s, opts);

	tcase_add_loop_test(ra, test_mountinfo_dev, 0, G_N_ELEMENTS(mi_cases));
	tcase_add_test(ra, test_read_ahead_path);
	tcase_add_test(ra, test_read_ahead_set);
	tcase_add_test(ra, test_read_ahead_not_a_file);
	tcase_add_test(ra, test_read_ahead_wanted);
	suite_add_tcase(s, ra);

	tcase_add_loop_test(attrs, test_stat_mode, 0, G_N_ELEMENTS(mode_cases));
	tcase_add_test(attrs, test_stat_fields);
	tcase_add_loop_test(attrs, test_statvfs, 0,
			    G_N_ELEMENTS(statvfs_cases));
	tcase_add_loop_test(attrs, test_open_flags, 0,
			    G_N_ELEMENTS(open_cases));
	tcase_add_loop_test(attrs, test_host_errno, 0,
			    G_N_ELEMENTS(errno_cases));
	suite_add_tcase(s, attrs);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(vsf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
