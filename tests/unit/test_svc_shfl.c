// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of vbox-hostsim's shared-folders service (VBoxSharedFolders):
 * every guest function driven through the HGCM framework, the way the
 * emulated VMMDev drives it, over a temporary directory tree:
 *
 *   TMP/share     the writable share "sf" (symlink creation allowed)
 *   TMP/ro        the read-only share "rosf"
 *   TMP/outside   files no guest may reach; their contents and times are
 *                 checked after every escape attempt
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "libvbglr3/vbgl_shfl_wire.h"
#include "hostsim/hgcm_host.h"
#include "hostsim/svc_shfl.h"
#include "hostsim/svc_shfl_priv.h"

#define SECRET "do not touch"

static struct hgcm_host *host;
static struct shfl_svc *svc;
static char *tmp, *share_dir, *ro_dir, *out_dir;
static uint64_t next_tag;
static struct stat secret_st;

/* ---- calling the service ------------------------------------------------- */

/* A test-side parameter; buffers are copied in and (Out/InOut) back. */
struct tp {
	enum hgcm_parm_type type;
	uint32_t u32;
	uint64_t u64;
	unsigned int dir;
	void *buf;
	uint32_t cap;
};

#define U32(v) ((struct tp){ .type = HGCM_PARM_U32, .u32 = (v) })
#define U64(v) ((struct tp){ .type = HGCM_PARM_U64, .u64 = (v) })
#define BUF(p, n)                            \
	((struct tp){ .type = HGCM_PARM_BUF, \
		      .dir = HGCM_DIR_INOUT, \
		      .buf = (p),            \
		      .cap = (uint32_t)(n) })
#define BUF_IN(p, n)                         \
	((struct tp){ .type = HGCM_PARM_BUF, \
		      .dir = HGCM_DIR_IN,    \
		      .buf = (p),            \
		      .cap = (uint32_t)(n) })

struct pending {
	struct tp *tp;
	unsigned int n;
	int32_t result;
	uint32_t connected;
	bool done;
	GMutex lock;
	GCond cond;
};

static void on_done(struct hgcm_call *call, void *opaque)
{
	struct pending *pc = opaque;
	struct hgcm_parm *p = hgcm_call_parms(call);
	unsigned int i;

	for (i = 0; i < pc->n; i++) {
		struct tp *t = &pc->tp[i];

		if (t->type == HGCM_PARM_U32)
			t->u32 = p[i].u32;
		else if (t->type == HGCM_PARM_U64)
			t->u64 = p[i].u64;
		else if ((t->dir & HGCM_DIR_OUT) && t->cap)
			memcpy(t->buf, p[i].data, MIN(p[i].size, t->cap));
	}
	g_mutex_lock(&pc->lock);
	pc->result = hgcm_call_result(call);
	pc->connected = hgcm_call_connected_id(call);
	pc->done = true;
	g_cond_broadcast(&pc->cond);
	g_mutex_unlock(&pc->lock);
}

static struct pending *pending_new(struct tp *tp, unsigned int n)
{
	struct pending *pc = g_new0(struct pending, 1);

	pc->tp = tp;
	pc->n = n;
	g_mutex_init(&pc->lock);
	g_cond_init(&pc->cond);
	return pc;
}

static void pending_free(struct pending *pc)
{
	g_mutex_clear(&pc->lock);
	g_cond_clear(&pc->cond);
	g_free(pc);
}

/* Wait up to ms for completion; false if it did not come. */
static bool pending_wait(struct pending *pc, unsigned int ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	bool done;

	g_mutex_lock(&pc->lock);
	while (!pc->done && g_cond_wait_until(&pc->cond, &pc->lock, end))
		;
	done = pc->done;
	g_mutex_unlock(&pc->lock);
	return done;
}

static uint64_t submit(struct hgcm_call *m, struct pending *pc)
{
	uint64_t tag = ++next_tag;

	hgcm_call_set_done(m, on_done, pc, NULL);
	ck_assert_int_eq(hgcm_host_submit(host, m, tag), VINF_SUCCESS);
	return tag;
}

static struct hgcm_call *new_call(uint32_t client, uint32_t fn, struct tp *tp,
				  unsigned int n)
{
	struct hgcm_call *m = hgcm_call_new_call(client, fn, n, 0);
	struct hgcm_parm *p = hgcm_call_parms(m);
	unsigned int i;

	for (i = 0; i < n; i++) {
		p[i].type = tp[i].type;
		p[i].u32 = tp[i].u32;
		p[i].u64 = tp[i].u64;
		if (tp[i].type != HGCM_PARM_BUF)
			continue;
		p[i].dir = tp[i].dir;
		p[i].capacity = tp[i].cap;
		if (tp[i].cap) {
			p[i].data = g_malloc0(tp[i].cap);
			if (tp[i].dir & HGCM_DIR_IN)
				memcpy(p[i].data, tp[i].buf, tp[i].cap);
		}
	}
	return m;
}

/* Call function fn and wait for the result. */
static int32_t call(uint32_t client, uint32_t fn, struct tp *tp, unsigned int n)
{
	struct pending *pc = pending_new(tp, n);
	int32_t rc;

	submit(new_call(client, fn, tp, n), pc);
	ck_assert(pending_wait(pc, 5000));
	rc = pc->result;
	pending_free(pc);
	return rc;
}

static uint32_t connect_client(void)
{
	struct pending *pc = pending_new(NULL, 0);
	uint32_t id;

	submit(hgcm_call_new_connect(SHFL_SERVICE_NAME, 0), pc);
	ck_assert(pending_wait(pc, 5000));
	ck_assert_int_eq(pc->result, VINF_SUCCESS);
	id = pc->connected;
	pending_free(pc);
	return id;
}

static void disconnect_client(uint32_t id)
{
	struct pending *pc = pending_new(NULL, 0);

	submit(hgcm_call_new_disconnect(id, 0), pc);
	ck_assert(pending_wait(pc, 5000));
	ck_assert_int_eq(pc->result, VINF_SUCCESS);
	pending_free(pc);
}

/* ---- SHFLSTRINGs --------------------------------------------------------- */

/* A UTF-8 input string: size = len + 1. */
static struct shfl_string *str8(const char *s, uint32_t *cb)
{
	size_t len = strlen(s);
	struct shfl_string *str = g_malloc0(SHFL_STRING_HDR_SIZE + len + 1);

	str->size = (uint16_t)(len + 1);
	str->length = (uint16_t)len;
	memcpy(str->string.utf8, s, len + 1);
	*cb = (uint32_t)(SHFL_STRING_HDR_SIZE + len + 1);
	return str;
}

/* A UTF-16 input string. */
static struct shfl_string *str16(const char *s, uint32_t *cb)
{
	glong units;
	gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &units, NULL);
	struct shfl_string *str =
		g_malloc0(SHFL_STRING_HDR_SIZE + (units + 1) * 2);

	str->size = (uint16_t)((units + 1) * 2);
	str->length = (uint16_t)(units * 2);
	memcpy(str->string.utf16, u, (units + 1) * 2);
	g_free(u);
	*cb = (uint32_t)(SHFL_STRING_HDR_SIZE + (units + 1) * 2);
	return str;
}

/* An output string buffer of size bytes in the string area. */
static struct shfl_string *str_out(uint16_t size, uint32_t *cb)
{
	struct shfl_string *str = g_malloc0(SHFL_STRING_HDR_SIZE + size);

	str->size = size;
	*cb = SHFL_STRING_HDR_SIZE + size;
	return str;
}

/* ---- typical calls ------------------------------------------------------- */

static uint32_t utf8_client(void)
{
	uint32_t id = connect_client();

	ck_assert_int_eq(call(id, SHFL_FN_SET_UTF8, NULL, 0), VINF_SUCCESS);
	return id;
}

static int32_t map(uint32_t id, const char *name, uint32_t *root)
{
	uint32_t cb;
	g_autofree struct shfl_string *s = str8(name, &cb);
	struct tp tp[] = { BUF_IN(s, cb), U32(0), U32('/'), U32(1) };
	int32_t rc = call(id, SHFL_FN_MAP_FOLDER, tp, 4);

	*root = tp[1].u32;
	return rc;
}

static uint32_t map_ok(uint32_t id, const char *name)
{
	uint32_t root;

	ck_assert_int_eq(map(id, name, &root), VINF_SUCCESS);
	return root;
}

/* CREATE with flags; p gets the parameters back. */
static int32_t create(uint32_t id, uint32_t root, const char *path,
		      uint32_t flags, struct shfl_createparms *p)
{
	uint32_t cb;
	g_autofree struct shfl_string *s = str8(path, &cb);
	struct tp tp[] = { U32(root), BUF_IN(s, cb), BUF(p, sizeof(*p)) };

	memset(p, 0, sizeof(*p));
	p->handle = SHFL_HANDLE_NIL;
	p->create_flags = flags;
	p->info.attr.mode = 0644;
	return call(id, SHFL_FN_CREATE, tp, 3);
}

static uint64_t open_ok(uint32_t id, uint32_t root, const char *path,
			uint32_t flags)
{
	struct shfl_createparms p;

	ck_assert_int_eq(create(id, root, path, flags, &p), VINF_SUCCESS);
	ck_assert_uint_ne(p.handle, SHFL_HANDLE_NIL);
	return p.handle;
}

static int32_t close_h(uint32_t id, uint32_t root, uint64_t h)
{
	struct tp tp[] = { U32(root), U64(h) };

	return call(id, SHFL_FN_CLOSE, tp, 2);
}

static int32_t rw(uint32_t id, uint32_t fn, uint32_t root, uint64_t h,
		  uint64_t *off, void *buf, uint32_t *count, uint32_t cap)
{
	struct tp tp[] = { U32(root), U64(h), U64(*off), U32(*count),
			   fn == SHFL_FN_WRITE ? BUF_IN(buf, cap) :
						 BUF(buf, cap) };
	int32_t rc = call(id, fn, tp, 5);

	*off = tp[2].u64;
	*count = tp[3].u32;
	return rc;
}

static int32_t write_at(uint32_t id, uint32_t root, uint64_t h, uint64_t off,
			const char *data)
{
	uint32_t n = (uint32_t)strlen(data);

	return rw(id, SHFL_FN_WRITE, root, h, &off, (void *)data, &n, n);
}

static int32_t remove_path(uint32_t id, uint32_t root, const char *path,
			   uint32_t flags)
{
	uint32_t cb;
	g_autofree struct shfl_string *s = str8(path, &cb);
	struct tp tp[] = { U32(root), BUF_IN(s, cb), U32(flags) };

	return call(id, SHFL_FN_REMOVE, tp, 3);
}

static int32_t rename_path(uint32_t id, uint32_t root, const char *from,
			   const char *to, uint32_t flags)
{
	uint32_t cb1, cb2;
	g_autofree struct shfl_string *s1 = str8(from, &cb1);
	g_autofree struct shfl_string *s2 = str8(to, &cb2);
	struct tp tp[] = { U32(root), BUF_IN(s1, cb1), BUF_IN(s2, cb2),
			   U32(flags) };

	return call(id, SHFL_FN_RENAME, tp, 4);
}

static int32_t info_call(uint32_t id, uint32_t root, uint64_t h, uint32_t flags,
			 void *buf, uint32_t *cb)
{
	struct tp tp[] = { U32(root), U64(h), U32(flags), U32(*cb),
			   BUF(buf, *cb) };
	int32_t rc = call(id, SHFL_FN_INFORMATION, tp, 5);

	*cb = tp[3].u32;
	return rc;
}

static int32_t symlink_call(uint32_t id, uint32_t root, const char *path,
			    const char *target)
{
	uint32_t cb1, cb2;
	g_autofree struct shfl_string *s1 = str8(path, &cb1);
	g_autofree struct shfl_string *s2 = str8(target, &cb2);
	struct shfl_fsobjinfo info;
	struct tp tp[] = { U32(root), BUF_IN(s1, cb1), BUF_IN(s2, cb2),
			   BUF(&info, sizeof(info)) };

	return call(id, SHFL_FN_SYMLINK, tp, 4);
}

static int32_t readlink_call(uint32_t id, uint32_t root, const char *path,
			     char *buf, uint32_t cap)
{
	uint32_t cb;
	g_autofree struct shfl_string *s = str8(path, &cb);
	struct tp tp[] = { U32(root), BUF_IN(s, cb), BUF(buf, cap) };

	memset(buf, 0, cap);
	return call(id, SHFL_FN_READLINK, tp, 3);
}

/* One LIST call. */
struct list_res {
	int32_t rc;
	uint32_t bytes, more, count;
};

static struct list_res list_call(uint32_t id, uint32_t root, uint64_t h,
				 uint32_t flags, const char *filter, void *buf,
				 uint32_t cb)
{
	uint32_t cbf = 0;
	g_autofree struct shfl_string *f = filter ? str8(filter, &cbf) : NULL;
	struct tp tp[] = { U32(root),	   U64(h),	 U32(flags), U32(cb),
			   BUF_IN(f, cbf), BUF(buf, cb), U32(0),     U32(0) };
	struct list_res r;

	r.rc = call(id, SHFL_FN_LIST, tp, 8);
	r.bytes = tp[3].u32;
	r.more = tp[6].u32;
	r.count = tp[7].u32;
	return r;
}

/* Walk the entries of a LIST answer; names go into set (counted). */
static void list_collect(const uint8_t *buf, const struct list_res *r,
			 GHashTable *set, bool utf16)
{
	uint32_t off = 0, i;

	for (i = 0; i < r->count; i++) {
		struct shfl_dirinfo d;
		char *name;

		ck_assert_uint_le(off + SHFL_DIRINFO_HDR_SIZE, r->bytes);
		memcpy(&d, buf + off, SHFL_DIRINFO_HDR_SIZE);
		ck_assert_uint_le(off + SHFL_DIRINFO_HDR_SIZE + d.name.size,
				  r->bytes);
		if (utf16) {
			gunichar2 *u = g_malloc(d.name.size);

			memcpy(u, buf + off + SHFL_DIRINFO_HDR_SIZE,
			       d.name.size);

			ck_assert_uint_eq(d.name.size, d.name.length + 2);
			name = g_utf16_to_utf8(u, d.name.length / 2, NULL, NULL,
					       NULL);
			g_free(u);
		} else {
			ck_assert_uint_eq(d.name.size, d.name.length + 1);
			name = g_strndup((const char *)buf + off +
						 SHFL_DIRINFO_HDR_SIZE,
					 d.name.length);
			ck_assert_uint_eq(
				buf[off + SHFL_DIRINFO_HDR_SIZE + d.name.length],
				0);
		}
		ck_assert_ptr_nonnull(name);
		g_hash_table_insert(
			set, name,
			GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(
						 set, name)) +
					 1));
		off += SHFL_DIRINFO_HDR_SIZE + d.name.size;
	}
	ck_assert_uint_eq(off, r->bytes);
}

/* ---- the host side ------------------------------------------------------- */

static char *host_path(const char *dir, const char *rel)
{
	return g_build_filename(dir, rel, NULL);
}

static void put_file(const char *dir, const char *rel, const char *data)
{
	g_autofree char *p = host_path(dir, rel);

	ck_assert(g_file_set_contents(p, data, -1, NULL));
}

static char *get_file(const char *dir, const char *rel)
{
	g_autofree char *p = host_path(dir, rel);
	char *data = NULL;

	if (!g_file_get_contents(p, &data, NULL, NULL))
		return NULL;
	return data;
}

static bool exists(const char *dir, const char *rel)
{
	g_autofree char *p = host_path(dir, rel);
	struct stat st;

	return lstat(p, &st) == 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Nothing outside the shares changed. */
static void outside_intact(void)
{
	g_autofree char *data = get_file(out_dir, "secret");
	g_autofree char *p = host_path(out_dir, "secret");
	struct stat st;
	GDir *d = g_dir_open(out_dir, 0, NULL);
	unsigned int entries = 0;

	ck_assert_ptr_nonnull(d);
	while (g_dir_read_name(d))
		entries++;
	g_dir_close(d);
	ck_assert_uint_eq(entries, 2); /* secret and subdir */
	ck_assert_str_eq(data, SECRET);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mtim.tv_sec, secret_st.st_mtim.tv_sec);
	ck_assert_int_eq(st.st_mtim.tv_nsec, secret_st.st_mtim.tv_nsec);
	ck_assert_int_eq(st.st_mode, secret_st.st_mode);
	ck_assert_int_eq(st.st_size, secret_st.st_size);
}

static void add_share(const char *name, const char *path, bool ro,
		      bool symlinks, bool automount)
{
	struct shfl_share_spec spec = {
		.name = (char *)name,
		.path = (char *)path,
		.read_only = ro,
		.symlinks = symlinks,
		.auto_mount = automount,
		.mount_point = automount ? (char *)"/mnt/auto" : NULL,
	};
	g_autoptr(GError) error = NULL;

	ck_assert_msg(shfl_svc_add_share(svc, &spec, NULL, &error), "%s",
		      error ? error->message : "");
}

static void setup(void)
{
	g_autofree char *secret = NULL;

	tmp = g_dir_make_tmp("shfl-test-XXXXXX", NULL);
	ck_assert_ptr_nonnull(tmp);
	share_dir = host_path(tmp, "share");
	ro_dir = host_path(tmp, "ro");
	out_dir = host_path(tmp, "outside");
	ck_assert_int_eq(mkdir(share_dir, 0755), 0);
	ck_assert_int_eq(mkdir(ro_dir, 0755), 0);
	ck_assert_int_eq(mkdir(out_dir, 0755), 0);
	put_file(out_dir, "secret", SECRET);
	secret = host_path(out_dir, "subdir");
	ck_assert_int_eq(mkdir(secret, 0755), 0);
	g_free(secret);
	secret = host_path(out_dir, "secret");
	ck_assert_int_eq(stat(secret, &secret_st), 0);
	put_file(ro_dir, "readme", "read only");

	host = hgcm_host_new();
	ck_assert_int_eq(shfl_svc_register(host, &svc), VINF_SUCCESS);
	add_share("sf", share_dir, false, true, false);
	add_share("rosf", ro_dir, true, false, true);
}

static void teardown(void)
{
	hgcm_host_free(host);
	host = NULL;
	svc = NULL;
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	g_free(tmp);
	g_free(share_dir);
	g_free(ro_dir);
	g_free(out_dir);
}

/* ---- layouts and the dispatcher ------------------------------------------ */

START_TEST(test_wire_layout)
{
	ck_assert_uint_eq(offsetof(struct shfl_fsobjinfo, modification_time),
			  24);
	ck_assert_uint_eq(offsetof(struct shfl_fsobjinfo, attr.mode), 48);
	ck_assert_uint_eq(offsetof(struct shfl_fsobjinfo, attr.additional), 52);
	ck_assert_uint_eq(offsetof(struct shfl_fsobjinfo, attr.u.unix_attr.uid),
			  56);
	ck_assert_uint_eq(offsetof(struct shfl_fsobjinfo,
				   attr.u.unix_attr.hardlinks),
			  64);
	ck_assert_uint_eq(
		offsetof(struct shfl_fsobjinfo, attr.u.unix_attr.inode_id), 72);
	ck_assert_uint_eq(
		offsetof(struct shfl_fsobjinfo, attr.u.unix_attr.device), 88);
	ck_assert_uint_eq(offsetof(struct shfl_createparms, result), 8);
	ck_assert_uint_eq(offsetof(struct shfl_createparms, create_flags), 12);
	ck_assert_uint_eq(offsetof(struct shfl_createparms, info), 16);
	ck_assert_uint_eq(offsetof(struct shfl_dirinfo, short_name_len), 92);
	ck_assert_uint_eq(offsetof(struct shfl_dirinfo, short_name), 94);
	ck_assert_uint_eq(offsetof(struct shfl_dirinfo, name), 122);
	ck_assert_uint_eq(offsetof(struct shfl_volinfo, bytes_per_alloc_unit),
			  16);
	ck_assert_uint_eq(offsetof(struct shfl_volinfo, serial), 24);
	ck_assert_uint_eq(offsetof(struct shfl_volinfo, props), 28);
	ck_assert_uint_eq(offsetof(struct shfl_fsproperties, case_sensitive),
			  5);
	ck_assert_uint_eq(SHFL_HANDLE_NIL, UINT64_MAX);
	ck_assert_uint_eq(SHFL_TYPE_SYMLINK, 0xa000);
	ck_assert_uint_eq(SHFL_CF_ACCESS_APPEND, 0x40000);
	ck_assert_uint_eq(SHFL_FN_SET_ERROR_STYLE, 29);
}
END_TEST

START_TEST(test_dispatch)
{
	uint32_t id = connect_client();
	struct tp feat[] = { U64(0), U32(0) };
	struct tp two[] = { U32(0), U32(0) };
	struct tp style[] = { U32(3), U32(0) };
	uint32_t root;

	ck_assert_int_eq(call(id, SHFL_FN_QUERY_FEATURES, feat, 2),
			 VINF_SUCCESS);
	ck_assert_uint_eq(feat[0].u64, SHFL_FEATURE_WRITE_UPDATES_OFFSET);
	ck_assert_uint_eq(feat[1].u32, SHFL_FN_LAST);
	ck_assert_int_eq(call(id, 0, NULL, 0), VERR_NOT_IMPLEMENTED);
	ck_assert_int_eq(call(id, 10, NULL, 0), VERR_NOT_IMPLEMENTED);
	ck_assert_int_eq(call(id, 30, NULL, 0), VERR_NOT_IMPLEMENTED);
	/* Old-style functions: any count or type problem is INVALID. */
	ck_assert_int_eq(call(id, SHFL_FN_CREATE, two, 2),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(call(id, SHFL_FN_CLOSE, two, 2),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(call(id, SHFL_FN_CANCEL_MAPPINGS_CHANGES_WAITS, two,
			      1),
			 VERR_INVALID_PARAMETER);
	/* The newer ones say what is wrong. */
	ck_assert_int_eq(call(id, SHFL_FN_READ, two, 2),
			 VERR_WRONG_PARAMETER_COUNT);
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_FEATURES, two, 2),
			 VERR_WRONG_PARAMETER_TYPE);
	ck_assert_int_eq(call(id, SHFL_FN_SET_ERROR_STYLE, style, 2),
			 VERR_WRONG_PARAMETER_TYPE);
	style[0].u32 = SHFL_ERROR_STYLE_LINUX;
	style[1].u32 = 1;
	ck_assert_int_eq(call(id, SHFL_FN_SET_ERROR_STYLE, style, 2),
			 VERR_WRONG_PARAMETER_TYPE);
	style[1].u32 = 0;
	ck_assert_int_eq(call(id, SHFL_FN_SET_ERROR_STYLE, style, 2),
			 VINF_SUCCESS);
	/* SET_UTF8 and SET_SYMLINKS do not look at their parameters. */
	ck_assert_int_eq(call(id, SHFL_FN_SET_UTF8, two, 2), VINF_SUCCESS);
	ck_assert_int_eq(call(id, SHFL_FN_SET_SYMLINKS, two, 1), VINF_SUCCESS);
	/* Paths only on roots this client mapped (stricter than VBox). */
	{
		struct shfl_createparms p;

		ck_assert_int_eq(create(id, 0, "x", SHFL_CF_LOOKUP, &p),
				 VERR_INVALID_PARAMETER);
		root = map_ok(id, "sf");
		ck_assert_uint_eq(root, 0);
		ck_assert_int_eq(create(id, root, "x", SHFL_CF_LOOKUP, &p),
				 VINF_SUCCESS);
		ck_assert_int_eq(create(id, 63, "x", SHFL_CF_LOOKUP, &p),
				 VERR_INVALID_PARAMETER);
	}
	disconnect_client(id);
}
END_TEST

/* ---- mappings ------------------------------------------------------------ */

static void query_name(uint32_t id, uint32_t root, uint16_t size,
		       int32_t want_rc, const char *want)
{
	uint32_t cb;
	g_autofree struct shfl_string *s = str_out(size, &cb);
	struct tp tp[] = { U32(root), BUF(s, cb) };

	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAP_NAME, tp, 2), want_rc);
	if (want_rc >= 0) {
		ck_assert_uint_eq(s->length, strlen(want));
		ck_assert_str_eq((char *)s->string.utf8, want);
	}
}

START_TEST(test_mappings_query)
{
	uint32_t id = connect_client();
	struct shfl_mapping m[4];
	struct tp all[] = { U32(SHFL_MF_UTF8), U32(4), BUF(m, sizeof(m)) };
	struct tp autom[] = { U32(SHFL_MF_AUTOMOUNT), U32(4),
			      BUF(m, sizeof(m)) };
	struct tp few[] = { U32(0), U32(1), BUF(m, sizeof(m[0])) };
	struct tp mismatch[] = { U32(0), U32(2), BUF(m, sizeof(m[0])) };
	struct tp badflag[] = { U32(2), U32(4), BUF(m, sizeof(m)) };
	uint32_t cb;
	g_autofree struct shfl_string *s = str_out(8, &cb);
	struct tp badout[] = { U32(0), BUF(s, cb) };

	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAPPINGS, all, 3),
			 VINF_SUCCESS);
	ck_assert_uint_eq(all[1].u32, 2);
	ck_assert_uint_eq(m[0].status, SHFL_MS_NEW);
	ck_assert_uint_eq(m[0].root, 0);
	ck_assert_uint_eq(m[1].root, 1);
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAPPINGS, autom, 3),
			 VINF_SUCCESS);
	ck_assert_uint_eq(autom[1].u32, 1);
	ck_assert_uint_eq(m[0].root, 1);
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAPPINGS, few, 3),
			 VINF_BUFFER_OVERFLOW);
	ck_assert_uint_eq(few[1].u32, 2);
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAPPINGS, mismatch, 3),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAPPINGS, badflag, 3),
			 VERR_INVALID_PARAMETER);

	/* MF_UTF8 switched the client to UTF-8. */
	query_name(id, 1, 16, VINF_SUCCESS, "rosf");
	query_name(id, 0, 2, VERR_BUFFER_OVERFLOW, NULL);
	query_name(id, 7, 16, VERR_INVALID_PARAMETER, NULL);
	query_name(id, 1000, 16, VERR_INVALID_PARAMETER, NULL);
	s->length = s->size; /* an output string must start "empty" */
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAP_NAME, badout, 2),
			 VERR_INVALID_PARAMETER);
	{
		g_autofree struct shfl_string *o = str_out(2, &cb);
		struct tp tp[] = { U32(0), BUF(o, cb) };

		ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAP_NAME, tp, 2),
				 VERR_BUFFER_OVERFLOW);
		ck_assert_uint_eq(o->length, 2); /* "sf" needs 3 */
	}
	disconnect_client(id);
}
END_TEST

static int32_t map_raw(uint32_t id, struct shfl_string *s, uint32_t cb,
		       uint32_t delim, uint32_t cs, uint32_t *root)
{
	struct tp tp[] = { BUF_IN(s, cb), U32(0), U32(delim), U32(cs) };
	int32_t rc = call(id, SHFL_FN_MAP_FOLDER, tp, 4);

	*root = tp[1].u32;
	return rc;
}

START_TEST(test_mappings_map)
{
	uint32_t id = utf8_client(), id2 = utf8_client(), root, cb;
	g_autofree struct shfl_string *sf = str8("sf", &cb);
	g_autofree struct shfl_string *name = str_out(64, &cb);
	g_autofree struct shfl_string *mp = NULL;
	struct tp info[] = { U32(1), BUF(name, cb), BUF(NULL, 0),
			     U64(SHFL_MIQF_PATH), U32(0) };
	struct tp unmap[] = { U32(5) };
	uint32_t cbmp;

	mp = str_out(64, &cbmp);
	info[2] = BUF(mp, cbmp);
	ck_assert_uint_eq(map_ok(id, "SF"), 0); /* case-insensitive */
	ck_assert_int_eq(map(id, "nope", &root), VERR_FILE_NOT_FOUND);
	/* The delimiter is fixed by the first MAP_FOLDER. */
	ck_assert_int_eq(map_raw(id, sf, 7, '\\', 1, &root),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(map_raw(id2, sf, 7, 'x', 1, &root),
			 VERR_INVALID_PARAMETER);
	/* Another client may not map it case-insensitively meanwhile. */
	ck_assert_int_eq(map_raw(id2, sf, 7, '/', 0, &root),
			 VERR_INCOMPATIBLE_CONFIG);
	/* A string whose length is not below its size is refused. */
	sf->length = sf->size;
	ck_assert_int_eq(map_raw(id2, sf, 7, '/', 1, &root),
			 VERR_INVALID_PARAMETER);

	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAP_INFO, info, 5),
			 VINF_SUCCESS);
	ck_assert_str_eq((char *)name->string.utf8, "rosf");
	ck_assert_str_eq((char *)mp->string.utf8, "/mnt/auto");
	ck_assert_uint_eq(info[3].u64,
			  SHFL_MIF_AUTO_MOUNT | SHFL_MIF_HOST_ICASE);
	ck_assert_uint_eq(info[4].u32, 1);
	info[0].u32 = 0;
	info[3].u64 = 0;
	name->length = 0;
	mp->length = 0;
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAP_INFO, info, 5),
			 VINF_SUCCESS);
	ck_assert_uint_eq(info[3].u64, SHFL_MIF_WRITABLE | SHFL_MIF_HOST_ICASE |
					       SHFL_MIF_GUEST_ICASE |
					       SHFL_MIF_SYMLINK_CREATION);
	ck_assert_str_eq((char *)mp->string.utf8, "");
	info[3].u64 = 4;
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAP_INFO, info, 5),
			 VERR_INVALID_PARAMETER);
	info[3].u64 = 0;
	info[0].u32 = 9;
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAP_INFO, info, 5),
			 VERR_INVALID_PARAMETER);

	ck_assert_int_eq(call(id, SHFL_FN_UNMAP_FOLDER, unmap, 1),
			 VERR_FILE_NOT_FOUND);
	unmap[0].u32 = 1;
	ck_assert_int_eq(call(id, SHFL_FN_UNMAP_FOLDER, unmap, 1),
			 VERR_INVALID_HANDLE);
	unmap[0].u32 = 0;
	ck_assert_int_eq(call(id, SHFL_FN_UNMAP_FOLDER, unmap, 1),
			 VINF_SUCCESS);
	ck_assert_int_eq(call(id, SHFL_FN_UNMAP_FOLDER, unmap, 1),
			 VERR_INVALID_HANDLE);
	/* Nobody has it mapped now: any case mode goes. */
	sf->length = 2;
	ck_assert_int_eq(map_raw(id2, sf, 7, '/', 0, &root), VINF_SUCCESS);
	disconnect_client(id);
	disconnect_client(id2);
}
END_TEST

START_TEST(test_mappings_utf16)
{
	uint32_t id = connect_client(), root, cb;
	g_autofree struct shfl_string *n = str16("sf", &cb);
	g_autofree struct shfl_string *small = NULL, *big = NULL;
	struct tp tp[] = { U32(0), BUF(NULL, 0) };

	ck_assert_int_eq(map_raw(id, n, cb, '\\', 1, &root), VINF_SUCCESS);
	/* Windows additions count the terminator in the length. */
	n->length += 2;
	ck_assert_int_eq(map_raw(id, n, cb, '\\', 1, &root), VINF_SUCCESS);
	ck_assert_uint_eq(root, 0);
	small = str_out(4, &cb);
	tp[1] = BUF(small, cb);
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAP_NAME, tp, 2),
			 VERR_INVALID_PARAMETER);
	big = str_out(6, &cb);
	tp[1] = BUF(big, cb);
	ck_assert_int_eq(call(id, SHFL_FN_QUERY_MAP_NAME, tp, 2), VINF_SUCCESS);
	ck_assert_uint_eq(big->length, 4);
	ck_assert_int_eq(memcmp((uint8_t *)big + SHFL_STRING_HDR_SIZE,
				"s\0f\0\0\0", 6),
			 0);
	disconnect_client(id);
}
END_TEST

/* ---- CREATE --------------------------------------------------------------- */

struct create_case {
	uint32_t act; /* IF_EXISTS | IF_NEW */
	bool exists;
	int32_t rc;
	uint32_t result;
	bool handle;
	const char *content; /* afterwards; NULL: no file */
};

#define RW SHFL_CF_ACCESS_READWRITE

static const struct create_case create_cases[] = {
	{ 0x000, true, VINF_SUCCESS, SHFL_FILE_EXISTS, true, "0123456789" },
	{ 0x000, false, VINF_SUCCESS, SHFL_FILE_CREATED, true, "" },
	{ 0x100, true, VINF_SUCCESS, SHFL_FILE_EXISTS, true, "0123456789" },
	{ 0x100, false, VINF_SUCCESS, SHFL_FILE_NOT_FOUND, false, NULL },
	{ 0x010, true, VINF_SUCCESS, SHFL_FILE_EXISTS, false, "0123456789" },
	{ 0x010, false, VINF_SUCCESS, SHFL_FILE_CREATED, true, "" },
	{ 0x110, true, VERR_INVALID_PARAMETER, SHFL_NO_RESULT, false,
	  "0123456789" },
	{ 0x110, false, VERR_INVALID_PARAMETER, SHFL_NO_RESULT, false, NULL },
	{ 0x020, true, VINF_SUCCESS, SHFL_FILE_REPLACED, true, "" },
	{ 0x020, false, VINF_SUCCESS, SHFL_FILE_CREATED, true, "" },
	{ 0x120, true, VINF_SUCCESS, SHFL_FILE_REPLACED, true, "" },
	{ 0x120, false, VINF_SUCCESS, SHFL_FILE_NOT_FOUND, false, NULL },
	{ 0x030, true, VINF_SUCCESS, SHFL_FILE_REPLACED, true, "" },
	{ 0x030, false, VINF_SUCCESS, SHFL_FILE_CREATED, true, "" },
	{ 0x130, true, VINF_SUCCESS, SHFL_FILE_REPLACED, true, "" },
	{ 0x130, false, VINF_SUCCESS, SHFL_FILE_NOT_FOUND, false, NULL },
	{ 0x040, true, VERR_INVALID_PARAMETER, SHFL_NO_RESULT, false,
	  "0123456789" },
	{ 0x200, false, VERR_INVALID_PARAMETER, SHFL_NO_RESULT, false, NULL },
};

START_TEST(test_create_files)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	struct shfl_createparms p;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(create_cases); i++) {
		const struct create_case *t = &create_cases[i];
		g_autofree char *data = NULL;
		g_autofree char *path = host_path(share_dir, "f");

		unlink(path);
		if (t->exists)
			put_file(share_dir, "f", "0123456789");
		ck_assert_msg(create(id, root, "/f", t->act | RW, &p) == t->rc,
			      "case %zu: rc", i);
		ck_assert_msg(p.result == t->result, "case %zu: result %u", i,
			      p.result);
		ck_assert_msg((p.handle != SHFL_HANDLE_NIL) == t->handle,
			      "case %zu: handle", i);
		data = get_file(share_dir, "f");
		if (t->content)
			ck_assert_msg(data && strcmp(data, t->content) == 0,
				      "case %zu: content", i);
		else
			ck_assert_msg(!data, "case %zu: file made", i);
		if (t->handle) {
			ck_assert_uint_eq(p.info.attr.mode & SHFL_TYPE_MASK,
					  SHFL_TYPE_FILE);
			ck_assert_int_eq(p.info.size, strlen(t->content));
			ck_assert_int_eq(close_h(id, root, p.handle),
					 VINF_SUCCESS);
		}
		if (t->result == SHFL_FILE_EXISTS && !t->handle)
			ck_assert_int_eq(p.info.size, 10);
	}

	/* REPLACE sets the size from info.size; the mode is applied. */
	{
		g_autofree char *path = host_path(share_dir, "sized");
		uint32_t cb;
		g_autofree struct shfl_string *s = str8("sized", &cb);
		struct tp tp[] = { U32(root), BUF_IN(s, cb),
				   BUF(&p, sizeof(p)) };
		struct stat st;

		memset(&p, 0, sizeof(p));
		p.handle = SHFL_HANDLE_NIL;
		p.create_flags = SHFL_CF_ACT_REPLACE_IF_EXISTS | RW;
		p.info.size = 5;
		p.info.attr.mode = SHFL_TYPE_FILE | 0640;
		ck_assert_int_eq(call(id, SHFL_FN_CREATE, tp, 3), VINF_SUCCESS);
		ck_assert_uint_eq(p.result, SHFL_FILE_CREATED);
		ck_assert_int_eq(p.info.size, 5);
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_int_eq(st.st_size, 5);
		ck_assert_uint_eq(st.st_mode & 0777, 0640);
		ck_assert_int_eq(close_h(id, root, p.handle), VINF_SUCCESS);
		/* The params buffer must be exactly 108 bytes. */
		tp[2].cap = sizeof(p) - 1;
		ck_assert_int_eq(call(id, SHFL_FN_CREATE, tp, 3),
				 VERR_INVALID_PARAMETER);
	}

	/* Missing parent: FILE_NOT_FOUND (Linux style) or PATH_NOT_FOUND. */
	ck_assert_int_eq(create(id, root, "nodir/f", RW, &p), VINF_SUCCESS);
	ck_assert_uint_eq(p.result, SHFL_FILE_NOT_FOUND);
	put_file(share_dir, "file", "x");
	ck_assert_int_eq(create(id, root, "file/f", RW, &p), VINF_SUCCESS);
	ck_assert_uint_eq(p.result, SHFL_PATH_NOT_FOUND);
	{
		struct tp style[] = { U32(SHFL_ERROR_STYLE_WINDOWS), U32(0) };

		ck_assert_int_eq(call(id, SHFL_FN_SET_ERROR_STYLE, style, 2),
				 VINF_SUCCESS);
		ck_assert_int_eq(create(id, root, "nodir/f", RW, &p),
				 VINF_SUCCESS);
		ck_assert_uint_eq(p.result, SHFL_PATH_NOT_FOUND);
	}
	disconnect_client(id);
}
END_TEST

START_TEST(test_create_dirs_lookup)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	uint32_t mk = SHFL_CF_DIRECTORY | SHFL_CF_ACT_CREATE_IF_NEW |
		      SHFL_CF_ACT_FAIL_IF_EXISTS | RW;
	struct shfl_createparms p;
	uint64_t h;
	char buf[4];
	uint32_t n = sizeof(buf);
	uint64_t off = 0;

	ck_assert_int_eq(create(id, root, "d", mk, &p), VINF_SUCCESS);
	ck_assert_uint_eq(p.result, SHFL_FILE_CREATED);
	ck_assert_uint_eq(p.info.attr.mode & SHFL_TYPE_MASK,
			  SHFL_TYPE_DIRECTORY);
	ck_assert(p.info.attr.mode & SHFL_DOS_DIRECTORY);
	ck_assert(exists(share_dir, "d"));
	ck_assert_int_eq(close_h(id, root, p.handle), VINF_SUCCESS);
	ck_assert_int_eq(create(id, root, "d", mk, &p), VERR_ALREADY_EXISTS);
	ck_assert_uint_eq(p.result, SHFL_FILE_EXISTS);
	ck_assert_uint_eq(p.handle, SHFL_HANDLE_NIL);
	/* OPEN_IF_EXISTS | CREATE_IF_NEW opens the existing directory. */
	ck_assert_int_eq(create(id, root, "d", SHFL_CF_DIRECTORY | RW, &p),
			 VINF_SUCCESS);
	ck_assert_uint_eq(p.result, SHFL_FILE_EXISTS);
	ck_assert_int_eq(close_h(id, root, p.handle), VINF_SUCCESS);
	/* Opening a directory is an error when it is missing. */
	ck_assert_int_eq(create(id, root, "nod",
				SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW,
				&p),
			 VERR_FILE_NOT_FOUND);
	ck_assert_uint_eq(p.result, SHFL_FILE_NOT_FOUND);
	put_file(share_dir, "file", "x");
	ck_assert_int_eq(create(id, root, "file",
				SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW,
				&p),
			 VERR_PATH_NOT_FOUND);
	ck_assert_uint_eq(p.result, SHFL_PATH_NOT_FOUND);
	ck_assert_int_eq(create(id, root, "x/y", mk, &p), VERR_FILE_NOT_FOUND);
	ck_assert_uint_eq(p.result, SHFL_FILE_NOT_FOUND);
	/* Without SHFL_CF_DIRECTORY an existing directory still opens as one. */
	h = open_ok(id, root, "d",
		    SHFL_CF_ACT_FAIL_IF_NEW | SHFL_CF_ACCESS_READ);
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, h, &off, buf, &n,
			    sizeof(buf)),
			 VERR_INVALID_HANDLE);
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);

	/* LOOKUP. */
	put_file(share_dir, "ten", "0123456789");
	put_file(share_dir, ".hidden", "");
	ck_assert_int_eq(create(id, root, "ten", SHFL_CF_LOOKUP, &p),
			 VINF_SUCCESS);
	ck_assert_uint_eq(p.result, SHFL_FILE_EXISTS);
	ck_assert_uint_eq(p.handle, SHFL_HANDLE_NIL);
	ck_assert_int_eq(p.info.size, 10);
	ck_assert_uint_eq(p.info.attr.additional, SHFL_FSOBJATTRADD_UNIX);
	ck_assert_uint_eq(p.info.attr.u.unix_attr.hardlinks, 1);
	ck_assert(p.info.modification_time.ns > 0);
	ck_assert(!(p.info.attr.mode & SHFL_DOS_HIDDEN));
	ck_assert_int_eq(create(id, root, ".hidden", SHFL_CF_LOOKUP, &p),
			 VINF_SUCCESS);
	ck_assert(p.info.attr.mode & SHFL_DOS_HIDDEN);
	ck_assert_int_eq(create(id, root, "missing", SHFL_CF_LOOKUP, &p),
			 VINF_SUCCESS);
	ck_assert_uint_eq(p.result, SHFL_FILE_NOT_FOUND);
	ck_assert_int_eq(create(id, root, "ten/x", SHFL_CF_LOOKUP, &p),
			 VINF_SUCCESS);
	ck_assert_uint_eq(p.result, SHFL_PATH_NOT_FOUND);
	ck_assert_int_eq(create(id, root, "/", SHFL_CF_LOOKUP, &p),
			 VINF_SUCCESS);
	ck_assert_uint_eq(p.result, SHFL_FILE_EXISTS);
	ck_assert_uint_eq(p.info.attr.mode & SHFL_TYPE_MASK,
			  SHFL_TYPE_DIRECTORY);
	ck_assert_int_eq(create(id, root, "d/../ten", SHFL_CF_LOOKUP, &p),
			 VINF_SUCCESS);
	ck_assert_int_eq(p.info.size, 10);
	/* Malformed path strings. */
	{
		uint32_t cb;
		g_autofree struct shfl_string *s = str8("ten", &cb);
		struct tp tp[] = { U32(root), BUF_IN(s, cb),
				   BUF(&p, sizeof(p)) };

		s->string.utf8[1] = 0xff;
		ck_assert_int_eq(call(id, SHFL_FN_CREATE, tp, 3),
				 VERR_INVALID_PARAMETER);
		s->string.utf8[1] = 'e';
		s->length = 4;
		ck_assert_int_eq(call(id, SHFL_FN_CREATE, tp, 3),
				 VERR_INVALID_PARAMETER);
		s->length = 2; /* "te" but byte 2 is not the terminator */
		ck_assert_int_eq(call(id, SHFL_FN_CREATE, tp, 3),
				 VERR_INVALID_PARAMETER);
		s->length = 3;
		tp[1].cap = 6; /* buffer smaller than 4 + size */
		ck_assert_int_eq(call(id, SHFL_FN_CREATE, tp, 3),
				 VERR_INVALID_PARAMETER);
	}
	disconnect_client(id);
}
END_TEST

/* ---- handle operations --------------------------------------------------- */

START_TEST(test_read_write)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	uint32_t other = utf8_client(), oroot = map_ok(other, "sf");
	uint32_t ro_root = map_ok(id, "rosf");
	char buf[64];
	uint32_t n;
	uint64_t off, h, ha, hr;
	g_autofree char *data = NULL;

	(void)oroot;
	h = open_ok(id, root, "rw", RW);
	ck_assert_int_eq(write_at(id, root, h, 0, "hello world"), VINF_SUCCESS);
	off = 6;
	n = 5;
	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, h, &off, buf, &n,
			    sizeof(buf)),
			 VINF_SUCCESS);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(buf, "world");
	/* Past the end: a short read, then nothing. */
	off = 8;
	n = 60;
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, h, &off, buf, &n,
			    sizeof(buf)),
			 VINF_SUCCESS);
	ck_assert_uint_eq(n, 3);
	off = 100;
	n = 10;
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, h, &off, buf, &n,
			    sizeof(buf)),
			 VINF_SUCCESS);
	ck_assert_uint_eq(n, 0);
	/* WRITE returns the new offset. */
	off = 11;
	n = 1;
	ck_assert_int_eq(rw(id, SHFL_FN_WRITE, root, h, &off, "!", &n, 1),
			 VINF_SUCCESS);
	ck_assert_uint_eq(off, 12);
	ck_assert_uint_eq(n, 1);
	data = get_file(share_dir, "rw");
	ck_assert_str_eq(data, "hello world!");
	/* Count above the buffer, handle 0, NIL, foreign handles. */
	off = 0;
	n = 65;
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, h, &off, buf, &n,
			    sizeof(buf)),
			 VERR_INVALID_HANDLE);
	ck_assert_uint_eq(n, 0);
	n = 1;
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, 0, &off, buf, &n,
			    sizeof(buf)),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, SHFL_HANDLE_NIL, &off, buf,
			    &n, sizeof(buf)),
			 VERR_INVALID_HANDLE);
	ck_assert_int_eq(rw(other, SHFL_FN_READ, root, h, &off, buf, &n,
			    sizeof(buf)),
			 VERR_INVALID_HANDLE);
	ck_assert_int_eq(rw(id, SHFL_FN_READ, ro_root, h, &off, buf, &n,
			    sizeof(buf)),
			 VERR_INVALID_HANDLE);
	ck_assert_int_eq(close_h(other, root, h), VERR_INVALID_HANDLE);
	ck_assert_int_eq(close_h(id, ro_root, h), VERR_INVALID_HANDLE);
	/* Count 0 always works. */
	n = 0;
	ck_assert_int_eq(rw(id, SHFL_FN_WRITE, root, h, &off, buf, &n,
			    sizeof(buf)),
			 VINF_SUCCESS);

	/* FLUSH, SET_FILE_SIZE, LOCK. */
	{
		struct tp fl[] = { U32(root), U64(h) };
		struct tp sz[] = { U32(root), U64(h), U64(3) };
		struct tp lk[] = { U32(root), U64(h), U64(0), U64(10),
				   U32(SHFL_LOCK_EXCLUSIVE | SHFL_LOCK_WAIT) };

		ck_assert_int_eq(call(id, SHFL_FN_FLUSH, fl, 2), VINF_SUCCESS);
		fl[1].u64 = 0;
		ck_assert_int_eq(call(id, SHFL_FN_FLUSH, fl, 2),
				 VERR_INVALID_PARAMETER);
		ck_assert_int_eq(call(id, SHFL_FN_SET_FILE_SIZE, sz, 3),
				 VINF_SUCCESS);
		g_free(data);
		data = get_file(share_dir, "rw");
		ck_assert_str_eq(data, "hel");
		sz[1].u64 = 4000;
		ck_assert_int_eq(call(id, SHFL_FN_SET_FILE_SIZE, sz, 3),
				 VERR_INVALID_HANDLE);
		ck_assert_int_eq(call(id, SHFL_FN_LOCK, lk, 5), VINF_SUCCESS);
		lk[4].u32 = SHFL_LOCK_CANCEL;
		ck_assert_int_eq(call(id, SHFL_FN_LOCK, lk, 5), VINF_SUCCESS);
		lk[4].u32 = SHFL_LOCK_SHARED | SHFL_LOCK_ENTIRE;
		ck_assert_int_eq(call(id, SHFL_FN_LOCK, lk, 5),
				 VERR_INVALID_PARAMETER);
		lk[4].u32 = 3;
		ck_assert_int_eq(call(id, SHFL_FN_LOCK, lk, 5),
				 VERR_INVALID_PARAMETER);
		lk[1].u64 = SHFL_HANDLE_NIL;
		ck_assert_int_eq(call(id, SHFL_FN_LOCK, lk, 5),
				 VERR_INVALID_HANDLE);
	}
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);
	ck_assert_int_eq(close_h(id, root, h), VERR_INVALID_HANDLE);

	/* Append: writes land at the end, the offset says where it is. */
	put_file(share_dir, "log", "0123456789");
	ha = open_ok(id, root, "log",
		     SHFL_CF_ACT_FAIL_IF_NEW | SHFL_CF_ACCESS_WRITE |
			     SHFL_CF_ACCESS_APPEND);
	off = 2;
	n = 3;
	ck_assert_int_eq(rw(id, SHFL_FN_WRITE, root, ha, &off, "abc", &n, 3),
			 VINF_SUCCESS);
	ck_assert_uint_eq(off, 13);
	g_free(data);
	data = get_file(share_dir, "log");
	ck_assert_str_eq(data, "0123456789abc");
	/* A read-only handle cannot write, a write-only one cannot read. */
	hr = open_ok(id, root, "log",
		     SHFL_CF_ACT_FAIL_IF_NEW | SHFL_CF_ACCESS_READ);
	off = 0;
	n = 1;
	ck_assert_int_eq(rw(id, SHFL_FN_WRITE, root, hr, &off, "x", &n, 1),
			 VERR_INVALID_HANDLE);
	ck_assert_uint_eq(n, 0);
	n = 1;
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, ha, &off, buf, &n, 1),
			 VERR_INVALID_HANDLE);
	ck_assert_int_eq(close_h(id, root, hr), VINF_SUCCESS);
	ck_assert_int_eq(close_h(id, root, ha), VINF_SUCCESS);
	disconnect_client(id);
	disconnect_client(other);
}
END_TEST

START_TEST(test_information)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	struct shfl_fsobjinfo info;
	struct shfl_volinfo vol;
	g_autofree char *path = host_path(share_dir, "i");
	uint32_t cb;
	uint64_t h, hd;
	struct stat st;

	put_file(share_dir, "i", "12345");
	h = open_ok(id, root, "i", SHFL_CF_ACT_FAIL_IF_NEW | RW);
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, h, SHFL_INFO_GET | SHFL_INFO_FILE,
				   &info, &cb),
			 VINF_SUCCESS);
	ck_assert_uint_eq(cb, sizeof(info));
	ck_assert_int_eq(info.size, 5);
	ck_assert_uint_eq(info.attr.mode & SHFL_TYPE_MASK, SHFL_TYPE_FILE);
	cb = sizeof(info) - 1;
	ck_assert_int_eq(info_call(id, root, h, SHFL_INFO_GET | SHFL_INFO_FILE,
				   &info, &cb),
			 VERR_INVALID_PARAMETER);
	ck_assert_uint_eq(cb, 0);
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, 77, SHFL_INFO_GET | SHFL_INFO_FILE,
				   &info, &cb),
			 VERR_INVALID_PARAMETER);
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, h, SHFL_INFO_GET | SHFL_INFO_NAME,
				   &info, &cb),
			 VERR_INVALID_PARAMETER);

	/* SET|FILE: times in ns (0 = keep), mode with SUID. */
	memset(&info, 0, sizeof(info));
	info.modification_time.ns = 1000000000LL * 1234567890 + 500;
	info.attr.mode = SHFL_TYPE_FILE | 04600;
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, h, SHFL_INFO_SET | SHFL_INFO_FILE,
				   &info, &cb),
			 VINF_SUCCESS);
	ck_assert_uint_eq(cb, sizeof(info));
	ck_assert_int_eq(info.modification_time.ns,
			 1000000000LL * 1234567890 + 500);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mtim.tv_sec, 1234567890);
	ck_assert_uint_eq(st.st_mode & 07777, 04600);
	ck_assert_uint_eq(info.attr.mode & 07777, 04600);
	/* Owner-read stays. */
	memset(&info, 0, sizeof(info));
	info.attr.mode = 0200;
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, h, SHFL_INFO_SET | SHFL_INFO_FILE,
				   &info, &cb),
			 VINF_SUCCESS);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_uint_eq(info.attr.mode & 0777, 0600);

	/* SET|SIZE. */
	memset(&info, 0, sizeof(info));
	info.size = 2;
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, h, SHFL_INFO_SET | SHFL_INFO_SIZE,
				   &info, &cb),
			 VINF_SUCCESS);
	ck_assert_int_eq(info.size, 2);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 2);

	/* Directories: GET and SET|FILE, not SET|SIZE. */
	hd = open_ok(id, root, "", SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW);
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, hd, SHFL_INFO_GET | SHFL_INFO_FILE,
				   &info, &cb),
			 VINF_SUCCESS);
	ck_assert_uint_eq(info.attr.mode & SHFL_TYPE_MASK, SHFL_TYPE_DIRECTORY);
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, hd, SHFL_INFO_SET | SHFL_INFO_SIZE,
				   &info, &cb),
			 VERR_INVALID_PARAMETER);

	/* VOLUME (handle ignored). */
	cb = sizeof(vol);
	ck_assert_int_eq(info_call(id, root, 0,
				   SHFL_INFO_GET | SHFL_INFO_VOLUME, &vol, &cb),
			 VINF_SUCCESS);
	ck_assert_uint_eq(cb, sizeof(vol));
	ck_assert(vol.total_bytes > 0);
	ck_assert_uint_eq(vol.bytes_per_sector, 512);
	ck_assert_uint_eq(vol.props.max_component, 255);
	ck_assert_uint_eq(vol.props.case_sensitive, 1);
	ck_assert_uint_eq(vol.props.supports_unicode, 1);
	cb = sizeof(vol) - 1;
	ck_assert_int_eq(info_call(id, root, 0,
				   SHFL_INFO_GET | SHFL_INFO_VOLUME, &vol, &cb),
			 VERR_INVALID_PARAMETER);
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);
	ck_assert_int_eq(close_h(id, root, hd), VINF_SUCCESS);
	disconnect_client(id);
}
END_TEST

/* ---- LIST ---------------------------------------------------------------- */

#define MANY 1000

START_TEST(test_list_resume)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	g_autoptr(GHashTable) seen =
		g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autofree char *dirpath = host_path(share_dir, "many");
	uint8_t buf[1024];
	struct list_res r;
	unsigned int i, calls = 0;
	uint64_t h;

	ck_assert_int_eq(mkdir(dirpath, 0755), 0);
	for (i = 0; i < MANY; i++) {
		g_autofree char *name = g_strdup_printf(
			"many/entry-%04u%s", i, i % 3 ? ".txt" : ".dat");

		put_file(share_dir, name, "");
	}
	h = open_ok(id, root, "many",
		    SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW |
			    SHFL_CF_ACCESS_READ);
	do {
		r = list_call(id, root, h, 0, NULL, buf, sizeof(buf));
		calls++;
		if (r.rc == VERR_NO_MORE_FILES)
			break;
		ck_assert_int_eq(r.rc, VINF_SUCCESS);
		ck_assert_uint_gt(r.count, 0);
		list_collect(buf, &r, seen, false);
	} while (r.more);
	/* Every name exactly once, "." and ".." included. */
	ck_assert_uint_eq(g_hash_table_size(seen), MANY + 2);
	{
		GHashTableIter it;
		gpointer k, v;

		g_hash_table_iter_init(&it, seen);
		while (g_hash_table_iter_next(&it, &k, &v))
			ck_assert_msg(GPOINTER_TO_UINT(v) == 1,
				      "%s seen %u times", (char *)k,
				      GPOINTER_TO_UINT(v));
	}
	ck_assert(g_hash_table_contains(seen, "."));
	ck_assert(g_hash_table_contains(seen, ".."));
	ck_assert_uint_gt(calls, 100); /* about 7 entries per call */
	/* At the end: VERR_NO_MORE_FILES, nothing returned. */
	r = list_call(id, root, h, 0, NULL, buf, sizeof(buf));
	ck_assert_int_eq(r.rc, VERR_NO_MORE_FILES);
	ck_assert_uint_eq(r.bytes, 0);
	ck_assert_uint_eq(r.count, 0);
	ck_assert_uint_eq(r.more, 0);
	/* RESTART | RETURN_ONE: one entry from the start. */
	r = list_call(id, root, h, SHFL_LIST_RESTART | SHFL_LIST_RETURN_ONE,
		      NULL, buf, sizeof(buf));
	ck_assert_int_eq(r.rc, VINF_SUCCESS);
	ck_assert_uint_eq(r.count, 1);
	ck_assert_uint_eq(r.more, 1);
	/* An entry bigger than the whole buffer: VINF_BUFFER_OVERFLOW. */
	r = list_call(id, root, h, 0, NULL, buf, 128);
	ck_assert_int_eq(r.rc, VINF_BUFFER_OVERFLOW);
	ck_assert_uint_eq(r.count, 0);
	ck_assert_uint_eq(r.bytes, 0);
	ck_assert_uint_eq(r.more, 1);
	/* ... and it is still there for a bigger buffer. */
	r = list_call(id, root, h, SHFL_LIST_RETURN_ONE, NULL, buf,
		      sizeof(buf));
	ck_assert_int_eq(r.rc, VINF_SUCCESS);
	ck_assert_uint_eq(r.count, 1);
	/* Buffer size rules. */
	r = list_call(id, root, h, 0, NULL, buf, 127);
	ck_assert_int_eq(r.rc, VERR_INVALID_PARAMETER);
	{
		struct tp tp[] = { U32(root), U64(h),	       U32(0),
				   U32(600),  BUF_IN(NULL, 0), BUF(buf, 512),
				   U32(0),    U32(0) };

		ck_assert_int_eq(call(id, SHFL_FN_LIST, tp, 8),
				 VERR_INVALID_PARAMETER);
	}
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);

	/* A filtered listing: "*.dat" in the directory. */
	h = open_ok(id, root, "many",
		    SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW |
			    SHFL_CF_ACCESS_READ);
	g_hash_table_remove_all(seen);
	do {
		r = list_call(id, root, h, 0, "many/ENTRY-*.DAT", buf,
			      sizeof(buf));
		if (r.rc == VERR_NO_MORE_FILES)
			break;
		ck_assert_int_eq(r.rc, VINF_SUCCESS);
		list_collect(buf, &r, seen, false);
	} while (r.more);
	ck_assert_uint_eq(g_hash_table_size(seen), (MANY + 2) / 3);
	ck_assert(g_hash_table_contains(seen, "entry-0999.dat"));
	/* A file handle is not a directory handle. */
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);
	put_file(share_dir, "plain", "");
	h = open_ok(id, root, "plain", SHFL_CF_ACT_FAIL_IF_NEW);
	r = list_call(id, root, h, 0, NULL, buf, sizeof(buf));
	ck_assert_int_eq(r.rc, VERR_INVALID_HANDLE);
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);
	disconnect_client(id);
}
END_TEST

START_TEST(test_list_entries)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	uint8_t buf[4096];
	struct shfl_dirinfo d;
	struct list_res r;
	uint32_t off = 0, i;
	bool saw_file = false, saw_link = false;
	uint64_t h;
	g_autofree char *link = host_path(share_dir, "d/lnk");
	g_autofree char *dir = host_path(share_dir, "d");

	ck_assert_int_eq(mkdir(dir, 0755), 0);
	put_file(share_dir, "d/file", "abc");
	ck_assert_int_eq(symlink("file", link), 0);
	h = open_ok(id, root, "d", SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW);
	r = list_call(id, root, h, 0, NULL, buf, sizeof(buf));
	ck_assert_int_eq(r.rc, VINF_SUCCESS); /* all fitted, end reached */
	ck_assert_uint_eq(r.more, 0);
	ck_assert_uint_eq(r.count, 4);
	for (i = 0; i < r.count; i++) {
		memcpy(&d, buf + off, SHFL_DIRINFO_HDR_SIZE);
		if (memcmp(buf + off + SHFL_DIRINFO_HDR_SIZE, "file", 5) == 0) {
			saw_file = true;
			ck_assert_int_eq(d.info.size, 3);
			ck_assert_uint_eq(d.short_name_len, 0);
		}
		/* Without SET_SYMLINKS a link shows as its target. */
		if (memcmp(buf + off + SHFL_DIRINFO_HDR_SIZE, "lnk", 4) == 0) {
			saw_link = true;
			ck_assert_uint_eq(d.info.attr.mode & SHFL_TYPE_MASK,
					  SHFL_TYPE_FILE);
			ck_assert_int_eq(d.info.size, 3);
		}
		off += SHFL_DIRINFO_HDR_SIZE + d.name.size;
	}
	ck_assert(saw_file && saw_link);
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);
	disconnect_client(id);
}
END_TEST

/* ---- REMOVE and RENAME --------------------------------------------------- */

START_TEST(test_remove_rename)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	g_autofree char *d = host_path(share_dir, "dir");
	g_autofree char *d2 = host_path(share_dir, "dir2");
	g_autofree char *l = host_path(share_dir, "link");
	g_autofree char *data = NULL;

	put_file(share_dir, "a", "A");
	put_file(share_dir, "b", "B");
	ck_assert_int_eq(mkdir(d, 0755), 0);
	ck_assert_int_eq(mkdir(d2, 0755), 0);
	put_file(share_dir, "dir/in", "");
	ck_assert_int_eq(symlink("a", l), 0);

	/* REMOVE. */
	ck_assert_int_eq(remove_path(id, root, "a", 8), VERR_INVALID_FLAGS);
	ck_assert_int_eq(remove_path(id, root, "nope", SHFL_REMOVE_FILE),
			 VERR_FILE_NOT_FOUND);
	ck_assert_int_eq(remove_path(id, root, "dir", SHFL_REMOVE_DIR),
			 VERR_DIR_NOT_EMPTY);
	ck_assert_int_eq(remove_path(id, root, "a", SHFL_REMOVE_DIR),
			 VERR_NOT_A_DIRECTORY);
	ck_assert_int_eq(remove_path(id, root, "dir", SHFL_REMOVE_FILE),
			 VERR_IS_A_DIRECTORY);
	ck_assert_int_eq(remove_path(id, root, "a", SHFL_REMOVE_SYMLINK),
			 VERR_NOT_SYMLINK);
	ck_assert_int_eq(remove_path(id, root, "link",
				     SHFL_REMOVE_FILE | SHFL_REMOVE_SYMLINK),
			 VINF_SUCCESS);
	ck_assert(!exists(share_dir, "link"));
	ck_assert(exists(share_dir, "a"));
	ck_assert_int_eq(remove_path(id, root, "dir/in", SHFL_REMOVE_FILE),
			 VINF_SUCCESS);
	ck_assert_int_eq(remove_path(id, root, "dir", SHFL_REMOVE_DIR),
			 VINF_SUCCESS);
	ck_assert(!exists(share_dir, "dir"));
	ck_assert_int_eq(remove_path(id, root, "/", SHFL_REMOVE_DIR),
			 VERR_ACCESS_DENIED);

	/* RENAME. */
	ck_assert_int_eq(rename_path(id, root, "a", "b", SHFL_RENAME_FILE),
			 VERR_ALREADY_EXISTS);
	ck_assert_int_eq(rename_path(id, root, "a", "b",
				     SHFL_RENAME_FILE |
					     SHFL_RENAME_REPLACE_IF_EXISTS),
			 VINF_SUCCESS);
	data = get_file(share_dir, "b");
	ck_assert_str_eq(data, "A");
	ck_assert(!exists(share_dir, "a"));
	ck_assert_int_eq(rename_path(id, root, "dir2", "x", SHFL_RENAME_FILE),
			 VERR_IS_A_DIRECTORY);
	ck_assert_int_eq(rename_path(id, root, "b", "x", 0),
			 VERR_NOT_A_DIRECTORY);
	ck_assert_int_eq(rename_path(id, root, "b", "x", 8),
			 VERR_INVALID_PARAMETER);
	put_file(share_dir, "c", "C");
	/* A directory destination is never replaced. */
	ck_assert_int_eq(rename_path(id, root, "c", "dir2",
				     SHFL_RENAME_FILE | SHFL_RENAME_DIR |
					     SHFL_RENAME_REPLACE_IF_EXISTS),
			 VERR_ALREADY_EXISTS);
	ck_assert_int_eq(rename_path(id, root, "dir2", "dir3", SHFL_RENAME_DIR),
			 VINF_SUCCESS);
	ck_assert(exists(share_dir, "dir3"));
	ck_assert_int_eq(rename_path(id, root, "c", "dir3/c", SHFL_RENAME_FILE),
			 VINF_SUCCESS);
	ck_assert_int_eq(rename_path(id, root, "dir3/c", "dir3/c",
				     SHFL_RENAME_FILE),
			 VINF_SUCCESS);
	ck_assert_int_eq(rename_path(id, root, "nope", "z", SHFL_RENAME_FILE),
			 VERR_FILE_NOT_FOUND);
	disconnect_client(id);
}
END_TEST

/* ---- confinement --------------------------------------------------------- */

static void expect_lookup(uint32_t id, uint32_t root, const char *path,
			  int32_t rc, uint32_t result)
{
	struct shfl_createparms p;

	ck_assert_msg(create(id, root, path, SHFL_CF_LOOKUP, &p) == rc,
		      "LOOKUP %s", path);
	if (rc >= 0)
		ck_assert_msg(p.result == result, "LOOKUP %s: result %u", path,
			      p.result);
}

static void expect_open(uint32_t id, uint32_t root, const char *path,
			uint32_t flags, int32_t rc)
{
	struct shfl_createparms p;

	ck_assert_msg(create(id, root, path, flags, &p) == rc, "CREATE %s",
		      path);
	ck_assert_uint_eq(p.handle, SHFL_HANDLE_NIL);
}

static void make_links(void)
{
	g_autofree char *evil = host_path(share_dir, "evil");
	g_autofree char *abs = host_path(share_dir, "abs");
	g_autofree char *sec = host_path(share_dir, "sec");
	g_autofree char *up = host_path(share_dir, "up");
	g_autofree char *sub = host_path(share_dir, "sub");
	g_autofree char *inside = host_path(share_dir, "inside");

	ck_assert_int_eq(symlink("../outside", evil), 0);
	ck_assert_int_eq(symlink(out_dir, abs), 0);
	ck_assert_int_eq(symlink("../outside/secret", sec), 0);
	ck_assert_int_eq(symlink("..", up), 0);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	put_file(share_dir, "sub/ok", "fine");
	ck_assert_int_eq(symlink("sub", inside), 0);
	put_file(share_dir, "b", "B");
}

static void confinement_checks(void)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	uint32_t wr = SHFL_CF_ACT_OVERWRITE_IF_EXISTS | RW;
	uint32_t mk = SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_EXISTS | RW;
	uint8_t buf[4096];
	char text[256];
	struct list_res r;
	uint64_t h;

	make_links();
	/* Lexical escapes. */
	expect_lookup(id, root, "../outside/secret", VERR_INVALID_NAME, 0);
	expect_lookup(id, root, "/../outside", VERR_INVALID_NAME, 0);
	expect_lookup(id, root, "sub/../../outside", VERR_INVALID_NAME, 0);
	/* An absolute guest path stays inside the share. */
	expect_lookup(id, root, "/etc/passwd", VINF_SUCCESS,
		      SHFL_FILE_NOT_FOUND);
	/* Links in the middle, at the end, absolute, "..". */
	expect_lookup(id, root, "evil/secret", VERR_INVALID_NAME, 0);
	expect_lookup(id, root, "abs/secret", VERR_INVALID_NAME, 0);
	expect_lookup(id, root, "sec", VERR_INVALID_NAME, 0);
	expect_lookup(id, root, "up/outside/secret", VERR_INVALID_NAME, 0);
	/* Links that stay inside work. */
	expect_lookup(id, root, "inside/ok", VINF_SUCCESS, SHFL_FILE_EXISTS);
	expect_lookup(id, root, "sub/../b", VINF_SUCCESS, SHFL_FILE_EXISTS);
	/* Nothing outside is opened, created or truncated. */
	expect_open(id, root, "evil/secret", wr, VERR_INVALID_NAME);
	expect_open(id, root, "evil/new", RW, VERR_INVALID_NAME);
	expect_open(id, root, "evil/newdir", mk, VERR_INVALID_NAME);
	expect_open(id, root, "sec",
		    SHFL_CF_ACT_FAIL_IF_NEW | SHFL_CF_ACCESS_READ,
		    VERR_INVALID_NAME);
	expect_open(id, root, "sec", wr, VERR_INVALID_NAME);
	expect_open(id, root, "evil",
		    SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW,
		    VERR_INVALID_NAME);
	ck_assert_int_eq(remove_path(id, root, "evil/secret", SHFL_REMOVE_FILE),
			 VERR_INVALID_NAME);
	ck_assert_int_eq(remove_path(id, root, "evil/subdir", SHFL_REMOVE_DIR),
			 VERR_INVALID_NAME);
	ck_assert_int_eq(rename_path(id, root, "evil/secret", "stolen",
				     SHFL_RENAME_FILE),
			 VERR_INVALID_NAME);
	ck_assert_int_eq(rename_path(id, root, "b", "evil/planted",
				     SHFL_RENAME_FILE),
			 VERR_INVALID_NAME);
	ck_assert_int_eq(rename_path(id, root, "b", "../planted",
				     SHFL_RENAME_FILE),
			 VERR_INVALID_NAME);
	ck_assert_int_eq(symlink_call(id, root, "evil/l", "x"),
			 VERR_INVALID_NAME);
	ck_assert_int_eq(readlink_call(id, root, "evil/x", text, sizeof(text)),
			 VERR_INVALID_NAME);
	/* The links themselves can be read, listed and removed. */
	ck_assert_int_eq(readlink_call(id, root, "sec", text, sizeof(text)),
			 VINF_SUCCESS);
	ck_assert_str_eq(text, "../outside/secret");
	h = open_ok(id, root, "", SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW);
	r = list_call(id, root, h, 0, NULL, buf, sizeof(buf));
	ck_assert_int_eq(r.rc, VINF_SUCCESS);
	{
		uint32_t off = 0, i;
		struct shfl_dirinfo d;

		for (i = 0; i < r.count; i++) {
			const char *name =
				(const char *)buf + off + SHFL_DIRINFO_HDR_SIZE;

			memcpy(&d, buf + off, SHFL_DIRINFO_HDR_SIZE);
			/* Escaping links are described as the links. */
			if (!strcmp(name, "sec") || !strcmp(name, "evil") ||
			    !strcmp(name, "abs"))
				ck_assert_uint_eq(d.info.attr.mode &
							  SHFL_TYPE_MASK,
						  SHFL_TYPE_SYMLINK);
			if (!strcmp(name, "inside"))
				ck_assert_uint_eq(d.info.attr.mode &
							  SHFL_TYPE_MASK,
						  SHFL_TYPE_DIRECTORY);
			off += SHFL_DIRINFO_HDR_SIZE + d.name.size;
		}
	}
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);
	/* A link the guest makes to the outside is text only. */
	ck_assert_int_eq(symlink_call(id, root, "mine", "../outside/secret"),
			 VINF_SUCCESS);
	ck_assert_int_eq(symlink_call(id, root, "mine2", "/etc/shadow"),
			 VINF_SUCCESS);
	expect_open(id, root, "mine", wr, VERR_INVALID_NAME);
	expect_open(id, root, "mine2",
		    SHFL_CF_ACT_FAIL_IF_NEW | SHFL_CF_ACCESS_READ,
		    VERR_INVALID_NAME);
	ck_assert_int_eq(remove_path(id, root, "mine",
				     SHFL_REMOVE_FILE | SHFL_REMOVE_SYMLINK),
			 VINF_SUCCESS);
	/* COPY_FILE in either direction. */
	{
		uint32_t cb1, cb2;
		g_autofree struct shfl_string *s1 = str8("sec", &cb1);
		g_autofree struct shfl_string *s2 = str8("copy", &cb2);
		struct tp tp[] = { U32(root), BUF_IN(s1, cb1), U32(root),
				   BUF_IN(s2, cb2), U32(0) };

		ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE, tp, 5),
				 VERR_INVALID_NAME);
		ck_assert(!exists(share_dir, "copy"));
	}
	outside_intact();
	ck_assert(!exists(tmp, "planted"));
	disconnect_client(id);
}

START_TEST(test_confinement)
{
	confinement_checks();
}
END_TEST

/* The same on kernels without openat2(): the component walk. */
START_TEST(test_confinement_walk)
{
	svc->use_walk = true;
	confinement_checks();
}
END_TEST

START_TEST(test_confinement_backslash)
{
	uint32_t id = utf8_client(), root, cb;
	g_autofree struct shfl_string *s = str8("sf", &cb);

	make_links();
	ck_assert_int_eq(map_raw(id, s, cb, '\\', 1, &root), VINF_SUCCESS);
	expect_lookup(id, root, "sub\\ok", VINF_SUCCESS, SHFL_FILE_EXISTS);
	expect_lookup(id, root, "\\sub\\ok", VINF_SUCCESS, SHFL_FILE_EXISTS);
	expect_lookup(id, root, "..\\outside\\secret", VERR_INVALID_NAME, 0);
	expect_lookup(id, root, "evil\\secret", VERR_INVALID_NAME, 0);
	/* '/' is no delimiter here and cannot be part of a name. */
	expect_lookup(id, root, "sub/ok", VERR_INVALID_NAME, 0);
	outside_intact();
	disconnect_client(id);
}
END_TEST

/* ---- read-only shares ---------------------------------------------------- */

START_TEST(test_read_only)
{
	uint32_t id = utf8_client(), root = map_ok(id, "rosf");
	uint32_t sf = map_ok(id, "sf");
	struct shfl_createparms p;
	struct shfl_fsobjinfo info;
	uint32_t cb, n;
	uint64_t h, hd, off;
	char buf[16] = { 0 };
	g_autofree char *data = NULL;
	g_autofree char *readme = host_path(ro_dir, "readme");
	struct stat before, after;

	ck_assert_int_eq(stat(readme, &before), 0);
	/* Opening without creating works; it reads. */
	h = open_ok(id, root, "readme", SHFL_CF_ACT_FAIL_IF_NEW | RW);
	off = 0;
	n = 4;
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, h, &off, buf, &n,
			    sizeof(buf)),
			 VINF_SUCCESS);
	ck_assert_str_eq(buf, "read");
	/* Every modification is refused. */
	n = 1;
	ck_assert_int_eq(rw(id, SHFL_FN_WRITE, root, h, &off, "x", &n, 1),
			 VERR_WRITE_PROTECT);
	{
		struct tp fl[] = { U32(root), U64(h) };
		struct tp sz[] = { U32(root), U64(h), U64(0) };

		ck_assert_int_eq(call(id, SHFL_FN_FLUSH, fl, 2),
				 VERR_WRITE_PROTECT);
		ck_assert_int_eq(call(id, SHFL_FN_SET_FILE_SIZE, sz, 3),
				 VERR_WRITE_PROTECT);
	}
	memset(&info, 0, sizeof(info));
	info.attr.mode = 0777;
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, h, SHFL_INFO_SET | SHFL_INFO_FILE,
				   &info, &cb),
			 VERR_WRITE_PROTECT);
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, h, SHFL_INFO_SET | SHFL_INFO_SIZE,
				   &info, &cb),
			 VERR_WRITE_PROTECT);
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);
	ck_assert_int_eq(create(id, root, "readme", RW, &p),
			 VERR_WRITE_PROTECT); /* CREATE_IF_NEW */
	ck_assert_int_eq(create(id, root, "new", RW, &p), VERR_WRITE_PROTECT);
	ck_assert_int_eq(create(id, root, "readme",
				SHFL_CF_ACT_OVERWRITE_IF_EXISTS |
					SHFL_CF_ACT_FAIL_IF_NEW | RW,
				&p),
			 VERR_WRITE_PROTECT);
	ck_assert_int_eq(create(id, root, "readme",
				SHFL_CF_ACT_FAIL_IF_NEW | SHFL_CF_ACCESS_WRITE,
				&p),
			 VERR_WRITE_PROTECT);
	ck_assert_int_eq(create(id, root, "nd",
				SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_EXISTS,
				&p),
			 VERR_WRITE_PROTECT);
	ck_assert_int_eq(remove_path(id, root, "readme", SHFL_REMOVE_FILE),
			 VERR_WRITE_PROTECT);
	ck_assert_int_eq(rename_path(id, root, "readme", "moved",
				     SHFL_RENAME_FILE),
			 VERR_WRITE_PROTECT);
	ck_assert_int_eq(symlink_call(id, root, "l", "readme"),
			 VERR_WRITE_PROTECT);
	{
		uint32_t cb1, cb2;
		g_autofree struct shfl_string *s1 = str8("x", &cb1);
		g_autofree struct shfl_string *s2 = str8("copy", &cb2);
		struct tp tp[] = { U32(sf), BUF_IN(s1, cb1), U32(root),
				   BUF_IN(s2, cb2), U32(0) };

		put_file(share_dir, "x", "data");
		ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE, tp, 5),
				 VERR_WRITE_PROTECT);
	}
	/* Directories list; their attributes cannot be changed. */
	hd = open_ok(id, root, "", SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW);
	cb = sizeof(info);
	ck_assert_int_eq(info_call(id, root, hd, SHFL_INFO_SET | SHFL_INFO_FILE,
				   &info, &cb),
			 VERR_WRITE_PROTECT);
	ck_assert_int_eq(close_h(id, root, hd), VINF_SUCCESS);

	data = get_file(ro_dir, "readme");
	ck_assert_str_eq(data, "read only");
	ck_assert_int_eq(stat(readme, &after), 0);
	ck_assert_int_eq(after.st_mode, before.st_mode);
	ck_assert_int_eq(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
	ck_assert_int_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
	ck_assert(!exists(ro_dir, "new"));
	ck_assert(!exists(ro_dir, "nd"));
	ck_assert(!exists(ro_dir, "copy"));
	ck_assert(!exists(ro_dir, "l"));
	disconnect_client(id);
}
END_TEST

/* ---- names --------------------------------------------------------------- */

START_TEST(test_names)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	const char *odd = "sp ace \xc3\xa4\xc3\xb6\xc3\xbc \xe2\x82\xac "
			  "\xf0\x9f\x98\x80.txt";
	char name255[256], name256[257];
	struct shfl_createparms p;
	uint8_t buf[8192];
	struct list_res r;
	uint64_t h;
	uint32_t id16, root16, cb;
	g_autoptr(GHashTable) seen =
		g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	memset(name255, 'n', 255);
	name255[255] = '\0';
	memset(name256, 'n', 256);
	name256[256] = '\0';
	h = open_ok(id, root, odd, RW);
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);
	ck_assert(exists(share_dir, odd));
	h = open_ok(id, root, name255, RW);
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);
	ck_assert(exists(share_dir, name255));
	ck_assert_int_eq(create(id, root, name256, RW, &p),
			 VERR_FILENAME_TOO_LONG);
	ck_assert_int_eq(create(id, root, name256, SHFL_CF_LOOKUP, &p),
			 VERR_FILENAME_TOO_LONG);
	h = open_ok(id, root, "", SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW);
	r = list_call(id, root, h, 0, NULL, buf, sizeof(buf));
	ck_assert_int_eq(r.rc, VINF_SUCCESS);
	list_collect(buf, &r, seen, false);
	ck_assert(g_hash_table_contains(seen, odd));
	ck_assert(g_hash_table_contains(seen, name255));
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);

	/* A UTF-16 client sees and makes the same names. */
	id16 = connect_client();
	{
		g_autofree struct shfl_string *n = str16("sf", &cb);

		ck_assert_int_eq(map_raw(id16, n, cb, '/', 1, &root16),
				 VINF_SUCCESS);
	}
	{
		g_autofree struct shfl_string *s = str16("\xc3\x9f-utf16", &cb);
		struct tp tp[] = { U32(root16), BUF_IN(s, cb),
				   BUF(&p, sizeof(p)) };

		memset(&p, 0, sizeof(p));
		p.handle = SHFL_HANDLE_NIL;
		p.create_flags = RW;
		ck_assert_int_eq(call(id16, SHFL_FN_CREATE, tp, 3),
				 VINF_SUCCESS);
		ck_assert_uint_eq(p.result, SHFL_FILE_CREATED);
		ck_assert_int_eq(close_h(id16, root16, p.handle), VINF_SUCCESS);
		ck_assert(exists(share_dir, "\xc3\x9f-utf16"));
		/* Unpaired surrogates are not UTF-16. */
		memcpy((uint8_t *)s + SHFL_STRING_HDR_SIZE, "\x00\xd8", 2);
		ck_assert_int_eq(call(id16, SHFL_FN_CREATE, tp, 3),
				 VERR_INVALID_PARAMETER);
	}
	{
		g_autofree struct shfl_string *s = str16("", &cb);
		struct tp tp[] = { U32(root16), BUF_IN(s, cb),
				   BUF(&p, sizeof(p)) };

		memset(&p, 0, sizeof(p));
		p.handle = SHFL_HANDLE_NIL;
		p.create_flags = SHFL_CF_DIRECTORY | SHFL_CF_ACT_FAIL_IF_NEW;
		ck_assert_int_eq(call(id16, SHFL_FN_CREATE, tp, 3),
				 VINF_SUCCESS);
		h = p.handle;
	}
	g_hash_table_remove_all(seen);
	r = list_call(id16, root16, h, 0, NULL, buf, sizeof(buf));
	ck_assert_int_eq(r.rc, VINF_SUCCESS);
	list_collect(buf, &r, seen, true);
	ck_assert(g_hash_table_contains(seen, odd));
	ck_assert(g_hash_table_contains(seen, "\xc3\x9f-utf16"));
	ck_assert(g_hash_table_contains(seen, name255));
	ck_assert_int_eq(close_h(id16, root16, h), VINF_SUCCESS);
	/* SYMLINK is UTF-8 only. */
	{
		g_autofree struct shfl_string *a = str16("l", &cb);
		uint32_t cb2;
		g_autofree struct shfl_string *b = str16("t", &cb2);
		struct shfl_fsobjinfo info;
		struct tp tp[] = { U32(root16), BUF_IN(a, cb), BUF_IN(b, cb2),
				   BUF(&info, sizeof(info)) };

		ck_assert_int_eq(call(id16, SHFL_FN_SYMLINK, tp, 4),
				 VERR_NOT_IMPLEMENTED);
	}
	disconnect_client(id16);
	disconnect_client(id);
}
END_TEST

/* ---- waiting for mapping changes ----------------------------------------- */

struct waiter {
	struct tp tp[1];
	struct pending *pc;
	uint64_t tag;
};

static void wait_start(struct waiter *w, uint32_t id, uint32_t version)
{
	w->tp[0] = U32(version);
	w->pc = pending_new(w->tp, 1);
	w->tag = submit(new_call(id, SHFL_FN_WAIT_FOR_MAPPINGS_CHANGES, w->tp,
				 1),
			w->pc);
}

static uint32_t current_version(uint32_t id)
{
	struct tp tp[] = { U32(0xdeadbeef) };

	ck_assert_int_eq(call(id, SHFL_FN_WAIT_FOR_MAPPINGS_CHANGES, tp, 1),
			 VINF_SUCCESS);
	return tp[0].u32;
}

START_TEST(test_wait_changes)
{
	uint32_t id = connect_client(), other = connect_client();
	struct waiter w1, w2, w3;
	struct tp none[1];
	uint32_t v, v2;
	bool missing;

	v = current_version(id);
	/* Parked while nothing changes. */
	wait_start(&w1, id, v);
	wait_start(&w2, other, v);
	ck_assert(!pending_wait(w1.pc, 100));
	/* Adding a share wakes everybody (with VERR_CANCELLED, as 7.0.14). */
	add_share("new", ro_dir, true, false, true);
	ck_assert(pending_wait(w1.pc, 5000));
	ck_assert(pending_wait(w2.pc, 5000));
	ck_assert_int_eq(w1.pc->result, VERR_CANCELLED);
	ck_assert_uint_ne(w1.tp[0].u32, v);
	ck_assert_uint_eq(w1.tp[0].u32, w2.tp[0].u32);
	v2 = w1.tp[0].u32;
	pending_free(w1.pc);
	pending_free(w2.pc);
	/* So does removing one. */
	wait_start(&w1, id, v2);
	ck_assert(shfl_svc_remove_share(svc, "NEW", &missing, NULL));
	ck_assert(!missing);
	ck_assert(pending_wait(w1.pc, 5000));
	ck_assert_uint_ne(w1.tp[0].u32, v2);
	v2 = w1.tp[0].u32;
	pending_free(w1.pc);

	/* CANCEL ends this client's waits only, and the next one too. */
	wait_start(&w1, id, v2);
	wait_start(&w2, other, v2);
	ck_assert(!pending_wait(w1.pc, 50));
	ck_assert_int_eq(call(id, SHFL_FN_CANCEL_MAPPINGS_CHANGES_WAITS, none,
			      0),
			 VINF_SUCCESS);
	ck_assert(pending_wait(w1.pc, 5000));
	ck_assert_int_eq(w1.pc->result, VERR_CANCELLED);
	ck_assert_uint_eq(w1.tp[0].u32, v2);
	ck_assert(!pending_wait(w2.pc, 50));
	wait_start(&w3, id, v2);
	ck_assert(pending_wait(w3.pc, 5000));
	ck_assert_int_eq(w3.pc->result, VERR_CANCELLED);
	pending_free(w1.pc);
	pending_free(w3.pc);
	/* A guest-side cancel (timeout, signal) of the parked call. */
	ck_assert_int_eq(hgcm_host_cancel(host, w2.tag), VINF_SUCCESS);
	ck_assert(!pending_wait(w2.pc, 50));
	pending_free(w2.pc);
	/* A disconnect ends a parked wait without completing it. */
	wait_start(&w2, other, v2);
	ck_assert(!pending_wait(w2.pc, 50));
	disconnect_client(other);
	add_share("again", ro_dir, true, false, false);
	ck_assert(!pending_wait(w2.pc, 100));
	pending_free(w2.pc);
	/* At most 64 parked waits host-wide. */
	{
		struct waiter many[SHFL_SIM_MAX_WAITS];
		unsigned int i;

		v = current_version(id);
		for (i = 0; i < SHFL_SIM_MAX_WAITS; i++)
			wait_start(&many[i], id, v);
		ck_assert(!pending_wait(many[SHFL_SIM_MAX_WAITS - 1].pc, 50));
		{
			struct tp tp[] = { U32(v) };

			ck_assert_int_eq(call(id,
					      SHFL_FN_WAIT_FOR_MAPPINGS_CHANGES,
					      tp, 1),
					 VERR_OUT_OF_RESOURCES);
		}
		ck_assert_int_eq(call(id, SHFL_FN_CANCEL_MAPPINGS_CHANGES_WAITS,
				      none, 0),
				 VINF_SUCCESS);
		for (i = 0; i < SHFL_SIM_MAX_WAITS; i++) {
			ck_assert(pending_wait(many[i].pc, 5000));
			pending_free(many[i].pc);
		}
	}
	disconnect_client(id);
}
END_TEST

/* ---- lifetimes ----------------------------------------------------------- */

static const struct shfl_share_info *
find_share(struct shfl_share_info *all, unsigned int n, const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (strcmp(all[i].spec.name, name) == 0)
			return &all[i];
	}
	return NULL;
}

START_TEST(test_lifetime)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	struct shfl_share_info *all;
	const struct shfl_share_info *s;
	struct shfl_createparms p;
	unsigned int n;
	uint64_t h;
	char buf[4];
	uint32_t cnt = 1;
	uint64_t off = 0;
	bool missing;
	g_autoptr(GError) error = NULL;

	ck_assert_uint_eq(map_ok(id, "sf"), root); /* counted */
	h = open_ok(id, root, "f", RW);
	open_ok(id, root, "g", RW);
	all = shfl_svc_list_shares(svc, &n);
	ck_assert_uint_eq(n, 2);
	s = find_share(all, n, "sf");
	ck_assert_uint_eq(s->maps, 2);
	ck_assert_uint_eq(s->handles, 2);
	ck_assert_str_eq(s->spec.path, share_dir);
	ck_assert(!s->spec.read_only);
	s = find_share(all, n, "rosf");
	ck_assert(s->spec.read_only && s->spec.auto_mount);
	ck_assert_str_eq(s->spec.mount_point, "/mnt/auto");
	shfl_share_info_free(all, n);

	/* Duplicate names and bad directories are refused. */
	{
		struct shfl_share_spec spec = { .name = (char *)"SF",
						.path = share_dir };

		ck_assert(!shfl_svc_add_share(svc, &spec, NULL, &error));
		g_clear_error(&error);
		spec.name = (char *)"other";
		spec.path = (char *)"/nonexistent/dir";
		ck_assert(!shfl_svc_add_share(svc, &spec, NULL, &error));
		g_clear_error(&error);
		spec.name = (char *)"a/b";
		spec.path = share_dir;
		ck_assert(!shfl_svc_add_share(svc, &spec, NULL, &error));
		g_clear_error(&error);
	}

	/* Removed while mapped: a missing placeholder. */
	ck_assert(shfl_svc_remove_share(svc, "sf", &missing, &error));
	ck_assert(missing);
	ck_assert_int_eq(create(id, root, "f", SHFL_CF_LOOKUP, &p),
			 VERR_NOT_FOUND);
	ck_assert_int_eq(rw(id, SHFL_FN_READ, root, h, &off, buf, &cnt,
			    sizeof(buf)),
			 VERR_ACCESS_DENIED);
	ck_assert_int_eq(map(id, "sf", &cnt), VERR_FILE_NOT_FOUND);
	all = shfl_svc_list_shares(svc, &n);
	s = find_share(all, n, "sf");
	ck_assert(s && s->missing);
	shfl_share_info_free(all, n);
	/* A new share may take the name meanwhile. */
	add_share("sf", ro_dir, true, false, false);
	ck_assert(!shfl_svc_remove_share(svc, "nope", NULL, &error));
	g_clear_error(&error);
	ck_assert_int_eq(close_h(id, root, h), VINF_SUCCESS);

	/* Disconnect closes handles and unmaps: the placeholder goes. */
	disconnect_client(id);
	all = shfl_svc_list_shares(svc, &n);
	ck_assert_uint_eq(n, 2);
	s = find_share(all, n, "sf");
	ck_assert(s && !s->missing && s->spec.read_only);
	ck_assert_uint_eq(s->root, 2);
	ck_assert_uint_eq(s->version, 1);
	shfl_share_info_free(all, n);
	/* The freed root ID is reused with a new version. */
	add_share("third", share_dir, false, false, false);
	all = shfl_svc_list_shares(svc, &n);
	s = find_share(all, n, "third");
	ck_assert_uint_eq(s->root, 0);
	ck_assert_uint_eq(s->version, 2);
	ck_assert_uint_eq(s->handles, 0);
	shfl_share_info_free(all, n);
}
END_TEST

START_TEST(test_handle_limit)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	struct shfl_createparms p;
	struct shfl_share_info *all;
	struct rlimit rl;
	unsigned int opened = 0, n;
	int32_t rc;

	put_file(share_dir, "f", "");
	for (;;) {
		rc = create(id, root, "f", SHFL_CF_ACT_FAIL_IF_NEW, &p);
		if (rc < 0)
			break;
		ck_assert_uint_eq(p.handle, opened + 1);
		opened++;
	}
	ck_assert_uint_eq(p.handle, SHFL_HANDLE_NIL);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur >= SHFL_SIM_MAX_HANDLES + 64) {
		/* The table (4095 handles) runs out first. */
		ck_assert_int_eq(rc, VERR_NO_MEMORY);
		ck_assert_uint_eq(opened, SHFL_SIM_MAX_HANDLES - 1);
	} else {
		ck_assert_int_eq(rc, VERR_TOO_MANY_OPEN_FILES);
	}
	/* The client's disconnect closes every one of them. */
	disconnect_client(id);
	all = shfl_svc_list_shares(svc, &n);
	ck_assert_uint_eq(all[0].handles, 0);
	ck_assert_uint_eq(all[0].maps, 0);
	shfl_share_info_free(all, n);
	id = utf8_client();
	root = map_ok(id, "sf");
	ck_assert_int_eq(create(id, root, "f", SHFL_CF_ACT_FAIL_IF_NEW, &p),
			 VINF_SUCCESS);
	disconnect_client(id);
}
END_TEST

/* ---- symbolic links ------------------------------------------------------ */

START_TEST(test_symlinks)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	uint32_t ro = map_ok(id, "rosf");
	struct shfl_createparms p;
	char text[64];
	uint32_t cb;

	put_file(share_dir, "target", "0123");
	ck_assert_int_eq(symlink_call(id, root, "lnk", "target"), VINF_SUCCESS);
	ck_assert_int_eq(symlink_call(id, root, "lnk", "target"),
			 VERR_ALREADY_EXISTS);
	ck_assert_int_eq(readlink_call(id, root, "lnk", text, sizeof(text)),
			 VINF_SUCCESS);
	ck_assert_str_eq(text, "target");
	ck_assert_int_eq(readlink_call(id, root, "lnk", text, 6),
			 VERR_BUFFER_OVERFLOW);
	ck_assert_int_eq(readlink_call(id, root, "target", text, sizeof(text)),
			 VERR_NOT_SYMLINK);
	ck_assert_int_eq(readlink_call(id, root, "none", text, sizeof(text)),
			 VERR_FILE_NOT_FOUND);
	/* Followed by default ... */
	ck_assert_int_eq(create(id, root, "lnk", SHFL_CF_LOOKUP, &p),
			 VINF_SUCCESS);
	ck_assert_uint_eq(p.info.attr.mode & SHFL_TYPE_MASK, SHFL_TYPE_FILE);
	ck_assert_int_eq(p.info.size, 4);
	/* ... shown as links after SET_SYMLINKS. */
	ck_assert_int_eq(call(id, SHFL_FN_SET_SYMLINKS, NULL, 0), VINF_SUCCESS);
	ck_assert_int_eq(create(id, root, "lnk", SHFL_CF_LOOKUP, &p),
			 VINF_SUCCESS);
	ck_assert_uint_eq(p.info.attr.mode & SHFL_TYPE_MASK, SHFL_TYPE_SYMLINK);
	ck_assert_int_eq(p.info.size, 6);
	/* The info parameter must be exactly one SHFLFSOBJINFO. */
	{
		g_autofree struct shfl_string *a = str8("l2", &cb);
		uint32_t cb2;
		g_autofree struct shfl_string *b = str8("target", &cb2);
		struct shfl_fsobjinfo info[2];
		struct tp tp[] = { U32(root), BUF_IN(a, cb), BUF_IN(b, cb2),
				   BUF(info, sizeof(info)) };

		ck_assert_int_eq(call(id, SHFL_FN_SYMLINK, tp, 4),
				 VERR_INVALID_PARAMETER);
		tp[3].cap = sizeof(info[0]);
		ck_assert_int_eq(call(id, SHFL_FN_SYMLINK, tp, 4),
				 VINF_SUCCESS);
		ck_assert_uint_eq(info[0].attr.mode & SHFL_TYPE_MASK,
				  SHFL_TYPE_SYMLINK);
	}
	/* Only on shares that allow it (rosf does not). */
	ck_assert_int_eq(symlink_call(id, ro, "x", "y"), VERR_WRITE_PROTECT);
	disconnect_client(id);
}
END_TEST

/* ---- copies -------------------------------------------------------------- */

START_TEST(test_copy)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	uint32_t cb1, cb2;
	g_autofree struct shfl_string *s1 = str8("src", &cb1);
	g_autofree struct shfl_string *s2 = str8("dst", &cb2);
	struct tp tp[] = { U32(root), BUF_IN(s1, cb1), U32(root),
			   BUF_IN(s2, cb2), U32(0) };
	g_autofree char *data = NULL;
	uint64_t hs, hd;

	put_file(share_dir, "src", "copy me");
	ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE, tp, 5), VINF_SUCCESS);
	data = get_file(share_dir, "dst");
	ck_assert_str_eq(data, "copy me");
	ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE, tp, 5),
			 VERR_ALREADY_EXISTS);
	tp[4].u32 = 1;
	ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE, tp, 5),
			 VERR_INVALID_FLAGS);

	hs = open_ok(id, root, "src",
		     SHFL_CF_ACT_FAIL_IF_NEW | SHFL_CF_ACCESS_READ);
	hd = open_ok(id, root, "part", RW);
	{
		struct tp cp[] = { U32(root), U64(hs), U64(5),	 U32(root),
				   U64(hd),   U64(1),  U64(100), U32(0) };

		ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE_PART, cp, 8),
				 VINF_SUCCESS);
		ck_assert_uint_eq(cp[6].u64, 2);
		g_free(data);
		data = get_file(share_dir, "part");
		ck_assert_int_eq(memcmp(data, "\0me", 3), 0);
		cp[2].u64 = UINT64_MAX;
		ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE_PART, cp, 8),
				 VERR_NEGATIVE_SEEK);
		cp[2].u64 = 0;
		cp[6].u64 = 1ull << 60;
		ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE_PART, cp, 8),
				 VERR_OUT_OF_RANGE);
		cp[6].u64 = 1;
		cp[7].u32 = 1;
		ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE_PART, cp, 8),
				 VERR_INVALID_FLAGS);
		/* The destination needs a handle opened for writing. */
		cp[7].u32 = 0;
		cp[4].u64 = hs;
		ck_assert_int_eq(call(id, SHFL_FN_COPY_FILE_PART, cp, 8),
				 VERR_INVALID_HANDLE);
	}
	ck_assert_int_eq(close_h(id, root, hs), VINF_SUCCESS);
	/* CLOSE_AND_REMOVE. */
	{
		struct tp cr[] = { U32(root), BUF_IN(s1, cb1),
				   U32(SHFL_REMOVE_FILE), U64(hd) };

		g_free(s1);
		s1 = str8("part", &cb1);
		cr[1] = BUF_IN(s1, cb1);
		ck_assert_int_eq(call(id, SHFL_FN_CLOSE_AND_REMOVE, cr, 4),
				 VINF_SUCCESS);
		ck_assert(!exists(share_dir, "part"));
		ck_assert_int_eq(close_h(id, root, hd), VERR_INVALID_HANDLE);
		cr[3].u64 = 0;
		ck_assert_int_eq(call(id, SHFL_FN_CLOSE_AND_REMOVE, cr, 4),
				 VERR_INVALID_HANDLE);
	}
	disconnect_client(id);
}
END_TEST

/* ---- statistics ---------------------------------------------------------- */

static void count_create(const char *service, int64_t function,
			 const char *fn_name,
			 const struct hgcm_service_stats *st_svc,
			 const struct hgcm_fn_stats *st, void *opaque)
{
	(void)st_svc;
	if (strcmp(service, SHFL_SERVICE_NAME) == 0 &&
	    function == SHFL_FN_CREATE) {
		ck_assert_str_eq(fn_name, "CREATE");
		*(uint64_t *)opaque = st->calls;
	}
}

START_TEST(test_stats)
{
	uint32_t id = utf8_client(), root = map_ok(id, "sf");
	struct shfl_createparms p;
	uint64_t creates = 0;
	int i;

	hgcm_host_reset_stats(host);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(create(id, root, "x", SHFL_CF_LOOKUP, &p),
				 VINF_SUCCESS);
	hgcm_host_foreach_stats(host, count_create, &creates);
	ck_assert_uint_eq(creates, 3);
	disconnect_client(id);
}
END_TEST

static Suite *shfl_suite(void)
{
	Suite *s = suite_create("svc_shfl");
	TCase *tc = tcase_create("service");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_wire_layout);
	tcase_add_test(tc, test_dispatch);
	tcase_add_test(tc, test_mappings_query);
	tcase_add_test(tc, test_mappings_map);
	tcase_add_test(tc, test_mappings_utf16);
	tcase_add_test(tc, test_create_files);
	tcase_add_test(tc, test_create_dirs_lookup);
	tcase_add_test(tc, test_read_write);
	tcase_add_test(tc, test_information);
	tcase_add_test(tc, test_list_resume);
	tcase_add_test(tc, test_list_entries);
	tcase_add_test(tc, test_remove_rename);
	tcase_add_test(tc, test_confinement);
	tcase_add_test(tc, test_confinement_walk);
	tcase_add_test(tc, test_confinement_backslash);
	tcase_add_test(tc, test_read_only);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_wait_changes);
	tcase_add_test(tc, test_lifetime);
	tcase_add_test(tc, test_handle_limit);
	tcase_add_test(tc, test_symlinks);
	tcase_add_test(tc, test_copy);
	tcase_add_test(tc, test_stats);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(shfl_suite());
	int failed;

	/* Created files and directories get exactly the modes asked for. */
	umask(022);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
