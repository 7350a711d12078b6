// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vsf-testtool: the system-call side of the vboxsf-fuse tests.  Shell
 * cannot tell errno values apart, nor do seeded random operations or
 * sparse writes at 5 GiB; this does, one subcommand per job:
 *
 *   errno EXPECT OP ARGS...     run one call, exit 0 iff the outcome is
 *                               EXPECT ("0" or an errno name like ENOENT);
 *                               besides the plain calls: mkfifo, mknod-char,
 *                               bind (a Unix socket), utimens PATH SECONDS
 *                               (by path, both times), creat PATH MODE
 *                               (umask 0, then the mode must show exactly),
 *                               utimens-nofollow, fstat-unlinked (open,
 *                               unlink, then fstat and read through the
 *                               descriptor), mmap-shared (store and read
 *                               back through a MAP_SHARED mapping)
 *   sparse PATH OFFSET          write 'Z' at OFFSET, check size and bytes
 *   fill PATH SEED SIZE         write SIZE pseudo-random bytes from SEED
 *   check PATH SEED SIZE        verify what fill wrote (exit 1 on mismatch)
 *   randops SEED COUNT DIR REF  seeded random operations on DIR and on the
 *                               reference directory REF, compared after
 *                               every step
 *   ioloop PATH                 read PATH over and over until a read fails;
 *                               print the errno name and the seconds the
 *                               failing call took
 *   shfl-open DEVICE SHARE PATH open PATH through the SHFL client library
 *                               directly; print "0" or the errno name
 *   writes PATH COUNT SIZE STEP...
 *                               create PATH (write-only, truncated), write
 *                               COUNT pieces of SIZE bytes (piece i is all
 *                               'a' + i % 26), then do each STEP: fsync,
 *                               close, ftruncate:N, fstat (prints the size),
 *                               write:TEXT (one more write(2)),
 *                               pwrite2:OFF:TEXT (TEXT at OFF through a
 *                               second descriptor, opened write-only before
 *                               the writes when a step needs it), close2
 *                               (closes it), dread2 (read through another
 *                               descriptor, opened O_DIRECT before the
 *                               writes; prints the bytes and the last one),
 *                               mark:FILE (create FILE), wait:FILE (until
 *                               FILE exists, at most 30 s); print "write N
 *                               ERR" for a failed write (it ends the
 *                               writing) and "STEP RESULT" for fsync, close,
 *                               write: and ftruncate (0 or the errno name)
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "libvbglr3/vbglr3.h"
#include "libvbglr3/vbglr3_shfl.h"

static const struct {
	const char *name;
	int value;
} errnames[] = {
	{ "EPERM", EPERM },
	{ "ENOENT", ENOENT },
	{ "EIO", EIO },
	{ "EBADF", EBADF },
	{ "EACCES", EACCES },
	{ "EEXIST", EEXIST },
	{ "EXDEV", EXDEV },
	{ "ENOTDIR", ENOTDIR },
	{ "EISDIR", EISDIR },
	{ "EINVAL", EINVAL },
	{ "EFBIG", EFBIG },
	{ "ENOSPC", ENOSPC },
	{ "EROFS", EROFS },
	{ "ENAMETOOLONG", ENAMETOOLONG },
	{ "ENOTEMPTY", ENOTEMPTY },
	{ "ELOOP", ELOOP },
	{ "ENOTCONN", ENOTCONN },
	{ "ETIMEDOUT", ETIMEDOUT },
	{ "EOPNOTSUPP", EOPNOTSUPP },
	{ "ENOSYS", ENOSYS },
	{ "EPROTO", EPROTO },
	{ "ENODATA", ENODATA },
	{ "EBUSY", EBUSY },
	{ "ECONNABORTED", ECONNABORTED },
	{ "ENXIO", ENXIO },
	{ "ENODEV", ENODEV },
};

static const char *errname(int e)
{
	static char buf[32];
	size_t i;

	if (!e)
		return "0";
	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].value == e)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "E#%d", e);
	return buf;
}

static int die(const char *what)
{
	fprintf(stderr, "vsf-testtool: %s\n", what);
	return 2;
}

/* ---------------------------------------------------------------------- */

/* Bind a Unix socket at @path: -1 with errno on failure. */
static int op_bind(const char *path)
{
	struct sockaddr_un sa;
	int fd, ret, e;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	ret = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	e = errno;
	close(fd);
	errno = e;
	return ret;
}

/* Create @path with @mode under umask 0; EPROTO when it shows otherwise. */
static int op_creat(const char *path, mode_t mode)
{
	mode_t old = umask(0);
	struct stat st;
	int fd, ret;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
	umask(old);
	if (fd < 0)
		return -1;
	ret = fstat(fd, &st);
	close(fd);
	if (!ret && (st.st_mode & 07777) != mode) {
		fprintf(stderr, "created with %#o, shows %#o\n",
			(unsigned int)mode, (unsigned int)(st.st_mode & 07777));
		errno = EPROTO;
		return -1;
	}
	return ret;
}

/*
 * Create @path, write to it, unlink it, then fstat (size and link count
 * must follow) and read through the descriptor; EPROTO when they disagree.
 */
static int op_fstat_unlinked(const char *path)
{
	struct stat st;
	char buf[8];
	int fd, ret = -1, e;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, "orphan", 6) != 6 || unlink(path) < 0)
		goto out;
	if (fstat(fd, &st) < 0)
		goto out;
	if (st.st_size != 6 || st.st_nlink != 0 || pread(fd, buf, 6, 0) != 6 ||
	    memcmp(buf, "orphan", 6)) {
		fprintf(stderr, "fstat: size %lld, %lu links\n",
			(long long)st.st_size, (unsigned long)st.st_nlink);
		errno = EPROTO;
		goto out;
	}
	ret = 0;
out:
	e = errno;
	close(fd);
	errno = e;
	return ret;
}

/* Store through a MAP_SHARED mapping of @path and read it back with read. */
static int op_mmap_shared(const char *path)
{
	char buf[5] = "";
	char *p;
	int fd, ret = -1, e;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, 4096) < 0)
		goto out;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto out;
	memcpy(p, "mmap", 4);
	ret = msync(p, 4096, MS_SYNC);
	munmap(p, 4096);
	if (!ret && (pread(fd, buf, 4, 0) != 4 || memcmp(buf, "mmap", 4))) {
		errno = EPROTO;
		ret = -1;
	}
out:
	e = errno;
	close(fd);
	errno = e;
	return ret;
}

static int do_op(int argc, char **argv)
{
	const char *op = argv[0];
	struct timespec ts[2];
	char buf[4096];
	struct stat st;
	int fd, ret = -1;

#define NEED(n)                       \
	do {                          \
		if (argc < (n) + 1) { \
			errno = 0;    \
			return -2;    \
		}                     \
	} while (0)
	NEED(1);
	if (!strcmp(op, "mkdir")) {
		ret = mkdir(argv[1], 0755);
	} else if (!strcmp(op, "rmdir")) {
		ret = rmdir(argv[1]);
	} else if (!strcmp(op, "unlink")) {
		ret = unlink(argv[1]);
	} else if (!strcmp(op, "rename")) {
		NEED(2);
		ret = rename(argv[1], argv[2]);
	} else if (!strcmp(op, "rename-noreplace") ||
		   !strcmp(op, "rename-exchange")) {
		NEED(2);
		ret = renameat2(AT_FDCWD, argv[1], AT_FDCWD, argv[2],
				op[7] == 'n' ? RENAME_NOREPLACE :
					       RENAME_EXCHANGE);
	} else if (!strcmp(op, "symlink")) {
		NEED(2);
		ret = symlink(argv[1], argv[2]);
	} else if (!strcmp(op, "readlink")) {
		ret = readlink(argv[1], buf, sizeof(buf)) < 0 ? -1 : 0;
	} else if (!strcmp(op, "stat")) {
		ret = stat(argv[1], &st);
	} else if (!strcmp(op, "lstat")) {
		ret = lstat(argv[1], &st);
	} else if (!strcmp(op, "chmod")) {
		NEED(2);
		ret = chmod(argv[1], (mode_t)strtoul(argv[2], NULL, 8));
	} else if (!strcmp(op, "truncate")) {
		NEED(2);
		ret = truncate(argv[1], strtoll(argv[2], NULL, 0));
	} else if (!strncmp(op, "open-", 5)) {
		int flags = 0;

		if (strstr(op, "-rdonly"))
			flags |= O_RDONLY;
		if (strstr(op, "-wronly"))
			flags |= O_WRONLY;
		if (strstr(op, "-rdwr"))
			flags |= O_RDWR;
		if (strstr(op, "-creat"))
			flags |= O_CREAT;
		if (strstr(op, "-excl"))
			flags |= O_EXCL;
		if (strstr(op, "-trunc"))
			flags |= O_TRUNC;
		if (strstr(op, "-dir"))
			flags |= O_DIRECTORY;
		fd = open(argv[1], flags, 0644);
		if (fd >= 0)
			close(fd);
		ret = fd < 0 ? -1 : 0;
	} else if (!strcmp(op, "link")) {
		NEED(2);
		ret = link(argv[1], argv[2]);
	} else if (!strcmp(op, "mkfifo")) {
		ret = mkfifo(argv[1], 0644);
	} else if (!strcmp(op, "mknod-char")) {
		ret = mknod(argv[1], S_IFCHR | 0644, makedev(1, 3));
	} else if (!strcmp(op, "bind")) {
		ret = op_bind(argv[1]);
	} else if (!strcmp(op, "creat")) {
		NEED(2);
		ret = op_creat(argv[1], (mode_t)strtoul(argv[2], NULL, 8));
	} else if (!strcmp(op, "utimens")) {
		NEED(2);
		ts[0].tv_sec = ts[1].tv_sec = strtoll(argv[2], NULL, 0);
		ts[0].tv_nsec = ts[1].tv_nsec = 0;
		ret = utimensat(AT_FDCWD, argv[1], ts, 0);
	} else if (!strcmp(op, "utimens-nofollow")) {
		ret = utimensat(AT_FDCWD, argv[1], NULL, AT_SYMLINK_NOFOLLOW);
	} else if (!strcmp(op, "fstat-unlinked")) {
		ret = op_fstat_unlinked(argv[1]);
	} else if (!strcmp(op, "mmap-shared")) {
		ret = op_mmap_shared(argv[1]);
	} else if (!strcmp(op, "write")) {
		NEED(2);
		fd = open(argv[1], O_WRONLY);
		ret = fd < 0 ? -1 : 0;
		if (!ret && write(fd, argv[2], strlen(argv[2])) < 0)
			ret = -1;
		if (fd >= 0)
			close(fd);
	} else {
		errno = 0;
		return -2;
	}
#undef NEED
	return ret < 0 ? errno : 0;
}

static int cmd_errno(int argc, char **argv)
{
	int e;

	if (argc < 3)
		return die("errno EXPECT OP ARGS...");
	e = do_op(argc - 2, argv + 2);
	if (e == -2)
		return die("unknown op or missing arguments");
	if (!strcmp(errname(e), argv[1]))
		return 0;
	fprintf(stderr, "%s %s: expected %s, got %s\n", argv[2],
		argc > 3 ? argv[3] : "", argv[1], errname(e));
	return 1;
}

/* ---------------------------------------------------------------------- */

static int cmd_sparse(int argc, char **argv)
{
	off_t off;
	char c = 'Z', got = 0;
	struct stat st;
	int fd;

	if (argc != 3)
		return die("sparse PATH OFFSET");
	off = strtoll(argv[2], NULL, 0);
	fd = open(argv[1], O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || pwrite(fd, &c, 1, off) != 1 || close(fd) < 0) {
		perror("sparse write");
		return 1;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		perror("sparse reopen");
		return 1;
	}
	if (st.st_size != off + 1) {
		fprintf(stderr, "size %lld, expected %lld\n",
			(long long)st.st_size, (long long)off + 1);
		return 1;
	}
	if (pread(fd, &got, 1, off) != 1 || got != 'Z') {
		fprintf(stderr, "byte at the offset is wrong\n");
		return 1;
	}
	if (pread(fd, &got, 1, 12345) != 1 || got != 0) {
		fprintf(stderr, "the hole does not read as zero\n");
		return 1;
	}
	close(fd);
	return 0;
}

/* xorshift64*: reproducible from a seed. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

static void rng_fill(uint64_t *s, unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(rng_next(s) >> 56);
}

static int cmd_fill_check(int argc, char **argv, bool fill)
{
	uint64_t seed;
	size_t size, done = 0;
	unsigned char *want, *got;
	int fd, ret = 0;

	if (argc != 4)
		return die("fill|check PATH SEED SIZE");
	seed = strtoull(argv[2], NULL, 0) | 1;
	size = strtoull(argv[3], NULL, 0);
	want = malloc(size ? size : 1);
	got = malloc(size ? size : 1);
	if (!want || !got)
		return die("out of memory");
	rng_fill(&seed, want, size);
	fd = open(argv[1], fill ? O_CREAT | O_TRUNC | O_WRONLY : O_RDONLY,
		  0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	while (done < size) {
		/* Uneven chunks: 1..256 KiB. */
		size_t chunk = 1 + rng_next(&seed) % (256 * 1024);
		ssize_t n;

		if (chunk > size - done)
			chunk = size - done;
		n = fill ? write(fd, want + done, chunk) :
			   read(fd, got + done, chunk);
		if (n <= 0) {
			fprintf(stderr, "%s: %s at %zu\n", argv[1],
				n < 0 ? strerror(errno) : "short file", done);
			ret = 1;
			break;
		}
		done += (size_t)n;
	}
	if (!ret && !fill && memcmp(want, got, size)) {
		fprintf(stderr, "%s: contents differ\n", argv[1]);
		ret = 1;
	}
	if (!ret && !fill) {
		char extra;

		if (read(fd, &extra, 1) != 0) {
			fprintf(stderr, "%s: longer than %zu\n", argv[1], size);
			ret = 1;
		}
	}
	if (close(fd) < 0)
		ret = 1;
	free(want);
	free(got);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Random operations against a reference directory.                       */

#define RAND_FILES    8
#define RAND_MAX_SIZE (160 * 1024)

static const char *const rand_names[RAND_FILES] = {
	"f0",
	"f1",
	"f2",
	"sub/f3",
	"sub/f4",
	"f 5",
	"f\xc3\xa9"
	"6",
	"sub/f7",
};

/* Read a whole file (up to RAND_MAX_SIZE * 2); -errno or the size. */
static ssize_t slurp(const char *path, unsigned char *buf)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf + total, 2 * RAND_MAX_SIZE - total)) > 0)
		total += n;
	if (n < 0)
		total = -errno;
	close(fd);
	return total;
}

static unsigned char cmp_a[2 * RAND_MAX_SIZE], cmp_b[2 * RAND_MAX_SIZE];

static int compare_file(const char *dir, const char *ref, const char *name,
			unsigned long step)
{
	char pa[4096], pb[4096];
	ssize_t a, b;

	snprintf(pa, sizeof(pa), "%s/%s", dir, name);
	snprintf(pb, sizeof(pb), "%s/%s", ref, name);
	a = slurp(pa, cmp_a);
	b = slurp(pb, cmp_b);
	if (a != b || (a > 0 && memcmp(cmp_a, cmp_b, (size_t)a))) {
		fprintf(stderr,
			"step %lu: %s differs (mount %zd, reference %zd)\n",
			step, name, a, b);
		return 1;
	}
	return 0;
}

/* One random operation on both trees; the outcomes must agree. */
static int rand_step(uint64_t *s, const char *dir, const char *ref,
		     unsigned long step, int *touched)
{
	static unsigned char data[32 * 1024];
	int op = (int)(rng_next(s) % 100);
	int i = (int)(rng_next(s) % RAND_FILES);
	int j = (int)(rng_next(s) % RAND_FILES);
	off_t off = (off_t)(rng_next(s) % RAND_MAX_SIZE);
	size_t len = 1 + rng_next(s) % sizeof(data);
	int res[2], t;

	rng_fill(s, data, len);
	touched[0] = i;
	touched[1] = j;
	for (t = 0; t < 2; t++) {
		const char *base = t ? ref : dir;
		char p[4096], q[4096];
		int fd, r = 0;

		snprintf(p, sizeof(p), "%s/%s", base, rand_names[i]);
		snprintf(q, sizeof(q), "%s/%s", base, rand_names[j]);
		if (op < 35) {
			fd = open(p, O_CREAT | O_WRONLY, 0644);
			r = fd < 0 ||
			    pwrite(fd, data, len, off) != (ssize_t)len;
			if (fd >= 0)
				close(fd);
		} else if (op < 45) {
			fd = open(p, O_CREAT | O_WRONLY | O_APPEND, 0644);
			r = fd < 0 || write(fd, data, len / 4 + 1) !=
					      (ssize_t)(len / 4 + 1);
			if (fd >= 0)
				close(fd);
		} else if (op < 60) {
			r = truncate(p, off / 2);
		} else if (op < 70) {
			r = rename(p, q);
		} else if (op < 78) {
			r = unlink(p);
		} else if (op < 85) {
			fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
			r = fd < 0 || write(fd, data, len) != (ssize_t)len;
			if (fd >= 0)
				close(fd);
		} else {
			/* Read a range; the bytes are compared below. */
			fd = open(p, O_RDONLY);
			r = fd < 0;
			if (fd >= 0) {
				ssize_t n = pread(fd, t ? cmp_b : cmp_a, len,
						  off / 2);
				res[t] = n < 0 ? -errno : (int)n;
				close(fd);
				continue;
			}
		}
		res[t] = r ? -errno : 0;
	}
	if (res[0] != res[1]) {
		fprintf(stderr,
			"step %lu: op %d on %s/%s: mount %d, reference %d\n",
			step, op, rand_names[i], rand_names[j], res[0], res[1]);
		return 1;
	}
	if (op >= 85 && res[0] > 0 && memcmp(cmp_a, cmp_b, (size_t)res[0])) {
		fprintf(stderr, "step %lu: read of %s differs\n", step,
			rand_names[i]);
		return 1;
	}
	return 0;
}

static int cmd_randops(int argc, char **argv)
{
	uint64_t seed;
	unsigned long count, step;
	char p[4096];
	int touched[2], k;

	if (argc != 5)
		return die("randops SEED COUNT DIR REF");
	seed = strtoull(argv[1], NULL, 0) | 1;
	count = strtoul(argv[2], NULL, 0);
	snprintf(p, sizeof(p), "%s/sub", argv[3]);
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		return die("mkdir DIR/sub");
	snprintf(p, sizeof(p), "%s/sub", argv[4]);
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		return die("mkdir REF/sub");
	for (step = 1; step <= count; step++) {
		if (rand_step(&seed, argv[3], argv[4], step, touched))
			return 1;
		for (k = 0; k < 2; k++)
			if (compare_file(argv[3], argv[4],
					 rand_names[touched[k]], step))
				return 1;
		if (step % 250 == 0 || step == count)
			for (k = 0; k < RAND_FILES; k++)
				if (compare_file(argv[3], argv[4],
						 rand_names[k], step))
					return 1;
	}
	printf("%lu operations, trees equal\n", count);
	return 0;
}

/* ---------------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmd_ioloop(int argc, char **argv)
{
	static char buf[1024 * 1024];
	double t0;
	off_t off = 0;
	int fd;

	if (argc != 2)
		return die("ioloop PATH");
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		printf("%s 0\n", errname(errno));
		return 1;
	}
	printf("started\n");
	fflush(stdout);
	for (;;) {
		ssize_t n;

		t0 = now_s();
		n = pread(fd, buf, sizeof(buf), off);
		if (n < 0) {
			printf("%s %.1f\n", errname(errno), now_s() - t0);
			return 0;
		}
		off = n ? off + n : 0;
	}
}

static int cmd_shfl_open(int argc, char **argv)
{
	struct vbgl_handle *h = NULL;
	struct vbgl_shfl *c = NULL;
	struct shfl_createparms parms;
	uint32_t root;
	int ret;

	if (argc != 4)
		return die("shfl-open DEVICE SHARE PATH");
	ret = vbgl_open(argv[1], VBGL_OPEN_USER, &h);
	if (!ret)
		ret = vbgl_shfl_connect(h, 0, &c);
	if (!ret)
		ret = vbgl_shfl_map_folder(c, argv[2], &root);
	if (!ret) {
		memset(&parms, 0, sizeof(parms));
		parms.create_flags = SHFL_CF_ACT_OPEN_IF_EXISTS |
				     SHFL_CF_ACT_FAIL_IF_NEW |
				     SHFL_CF_ACCESS_READ;
		ret = vbgl_shfl_create(c, root, argv[3], &parms);
		if (!ret && parms.handle == SHFL_HANDLE_NIL)
			ret = -ENOENT;
		if (!ret)
			vbgl_shfl_close(c, root, parms.handle);
	}
	printf("%s\n", errname(-ret));
	vbgl_shfl_disconnect(c);
	vbgl_close(h);
	return 0;
}

static int cmd_writes(int argc, char **argv)
{
	char *piece;
	long count, size, i;
	int fd, fd2 = -1, fd3 = -1, a;

	if (argc < 4)
		return die("writes PATH COUNT SIZE STEP...");
	count = strtol(argv[2], NULL, 10);
	size = strtol(argv[3], NULL, 10);
	if (count < 0 || size <= 0 || size > (1 << 24))
		return die("writes: bad COUNT or SIZE");
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("open %s\n", errname(errno));
		return 0;
	}
	for (a = 4; a < argc; a++)
		if (!strncmp(argv[a], "pwrite2:", 8) && fd2 < 0)
			fd2 = open(argv[1], O_WRONLY);
		else if (!strcmp(argv[a], "dread2") && fd3 < 0)
			fd3 = open(argv[1], O_RDONLY | O_DIRECT);
	piece = malloc((size_t)size);
	if (!piece)
		return die("out of memory");
	for (i = 0; i < count; i++) {
		memset(piece, 'a' + (int)(i % 26), (size_t)size);
		if (write(fd, piece, (size_t)size) != size) {
			printf("write %ld %s\n", i, errname(errno));
			break;
		}
	}
	free(piece);
	fflush(stdout);
	for (a = 4; a < argc; a++) {
		const char *step = argv[a];

		if (!strcmp(step, "fsync")) {
			printf("fsync %s\n",
			       errname(fsync(fd) < 0 ? errno : 0));
		} else if (!strcmp(step, "close")) {
			printf("close %s\n",
			       errname(close(fd) < 0 ? errno : 0));
			fd = -1;
		} else if (!strncmp(step, "write:", 6)) {
			size_t len = strlen(step + 6);

			printf("write %s\n",
			       errname(write(fd, step + 6, len) < 0 ? errno :
								      0));
		} else if (!strncmp(step, "ftruncate:", 10)) {
			off_t n = (off_t)strtoll(step + 10, NULL, 10);

			printf("ftruncate %s\n",
			       errname(ftruncate(fd, n) < 0 ? errno : 0));
		} else if (!strncmp(step, "pwrite2:", 8)) {
			char *text;
			off_t o = (off_t)strtoll(step + 8, &text, 10);

			if (*text != ':')
				return die("writes: pwrite2:OFF:TEXT");
			text++;
			if (fd2 < 0 || pwrite(fd2, text, strlen(text), o) !=
					       (ssize_t)strlen(text))
				printf("pwrite2 %s\n", errname(errno));
		} else if (!strcmp(step, "dread2")) {
			void *buf = NULL;
			ssize_t n = -1;

			if (fd3 >= 0 && !posix_memalign(&buf, 4096, 65536))
				n = pread(fd3, buf, 65536, 0);
			if (n < 0)
				printf("dread2 %s\n", errname(errno));
			else
				printf("dread2 %zd %c\n", n,
				       n ? ((char *)buf)[n - 1] : '-');
			free(buf);
		} else if (!strcmp(step, "close2")) {
			printf("close2 %s\n",
			       errname(close(fd2) < 0 ? errno : 0));
			fd2 = -1;
		} else if (!strcmp(step, "fstat")) {
			struct stat st;

			if (fstat(fd, &st) < 0)
				printf("fstat %s\n", errname(errno));
			else
				printf("fstat %lld\n", (long long)st.st_size);
		} else if (!strncmp(step, "mark:", 5)) {
			int m = open(step + 5, O_WRONLY | O_CREAT, 0644);

			if (m >= 0)
				close(m);
		} else if (!strncmp(step, "wait:", 5)) {
			int tries = 3000;
			const struct timespec ten_ms = { 0, 10000000 };

			while (access(step + 5, F_OK) < 0 && tries-- > 0)
				nanosleep(&ten_ms, NULL);
		} else {
			return die("writes: unknown step");
		}
		fflush(stdout);
	}
	if (fd >= 0)
		close(fd);
	if (fd2 >= 0)
		close(fd2);
	if (fd3 >= 0)
		close(fd3);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return die("usage: vsf-testtool COMMAND ARGS...");
	if (!strcmp(argv[1], "errno"))
		return cmd_errno(argc - 1, argv + 1);
	if (!strcmp(argv[1], "sparse"))
		return cmd_sparse(argc - 1, argv + 1);
	if (!strcmp(argv[1], "fill"))
		return cmd_fill_check(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "check"))
		return cmd_fill_check(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "randops"))
		return cmd_randops(argc - 1, argv + 1);
	if (!strcmp(argv[1], "ioloop"))
		return cmd_ioloop(argc - 1, argv + 1);
	if (!strcmp(argv[1], "shfl-open"))
		return cmd_shfl_open(argc - 1, argv + 1);
	if (!strcmp(argv[1], "writes"))
		return cmd_writes(argc - 1, argv + 1);
	return die("unknown command");
}
