// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sf-bench-tool: the I/O the shared-folders benchmark times, done with
 * plain system calls so that the measurement is the file system's, not a
 * shell's.  bench/shared-folders compiles it at benchmark time with the
 * system's C compiler; it needs nothing but libc.
 *
 * Big files hold a pattern that every 4 KiB page makes unique: a fixed
 * pseudo-random 1 MiB block derived from the seed, with the page's number
 * stamped over its first eight bytes.  A page read from the wrong offset,
 * a lost write or a short file is therefore detected by "verify" and by
 * every read "randread" makes.
 *
 *   fill FILE MIB SEED        write the pattern in 1 MiB writes, fsync
 *   read FILE                 read the whole file in 1 MiB reads
 *   verify FILE MIB SEED      check size and every page of the pattern
 *   randread FILE COUNT SEED  COUNT 4 KiB preads at seeded random pages,
 *                             each checked
 *   mkfiles DIR COUNT         create DIR/f00000... with a small text each
 *   checkfiles DIR COUNT      DIR holds exactly those files, contents right
 *
 * Exit status 0 on success, 1 with a one-line reason on standard error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK_SIZE	(1024 * 1024)
#define PAGE_SIZE_B	4096
#define PAGES_PER_BLOCK (BLOCK_SIZE / PAGE_SIZE_B)
#define MAX_MIB		(1024 * 1024)
#define MAX_COUNT	100000000UL
#define SMALL_FILE_MAX	128

static const char *prog = "sf-bench-tool";

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/**
 * parse_count() - a decimal number from the command line.
 * @text: the argument.
 * @max: the largest value accepted.
 * @what: its name, for the error message.
 *
 * Return: the value; exits on anything but 1 to @max digits-only decimal.
 */
static unsigned long parse_count(const char *text, unsigned long max,
				 const char *what)
{
	unsigned long v;
	char *end;

	if (!*text || *text < '0' || *text > '9')
		die("%s '%s' is not a number", what, text);
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || *end || v == 0 || v > max)
		die("%s '%s' is not between 1 and %lu", what, text, max);
	return v;
}

/* splitmix64: a small, good and seedable generator. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned char *pattern_block(uint64_t seed)
{
	unsigned char *block = malloc(BLOCK_SIZE);
	uint64_t state = seed;
	size_t i;

	if (!block)
		die("out of memory");
	for (i = 0; i < BLOCK_SIZE; i += sizeof(uint64_t)) {
		uint64_t v = next_random(&state);

		memcpy(block + i, &v, sizeof(v));
	}
	return block;
}

/* The tag over the first bytes of page number @page (never 0). */
static uint64_t page_tag(uint64_t seed, uint64_t page)
{
	return (page + 1) * 0x100000001b3ULL ^ seed;
}

static void stamp_block(unsigned char *block, uint64_t seed, uint64_t index)
{
	unsigned int p;

	for (p = 0; p < PAGES_PER_BLOCK; p++) {
		uint64_t tag = page_tag(seed, index * PAGES_PER_BLOCK + p);

		memcpy(block + (size_t)p * PAGE_SIZE_B, &tag, sizeof(tag));
	}
}

/**
 * page_ok() - whether one 4 KiB page read back is the pattern's.
 * @data: the page.
 * @base: the unstamped pattern block.
 * @seed: the pattern's seed.
 * @page: the page's number in the file.
 *
 * Return: 1 when it matches, 0 otherwise.
 */
static int page_ok(const unsigned char *data, const unsigned char *base,
		   uint64_t seed, uint64_t page)
{
	size_t off = (size_t)(page % PAGES_PER_BLOCK) * PAGE_SIZE_B;
	uint64_t tag = page_tag(seed, page);

	if (memcmp(data, &tag, sizeof(tag)) != 0)
		return 0;
	return memcmp(data + sizeof(tag), base + off + sizeof(tag),
		      PAGE_SIZE_B - sizeof(tag)) == 0;
}

static void write_all(int fd, const unsigned char *buf, size_t len,
		      const char *path)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("write %s: %s", path,
			    n < 0 ? strerror(errno) : "wrote nothing");
		buf += n;
		len -= (size_t)n;
	}
}

/* Read up to @len bytes; returns how many (less only at end of file). */
static size_t read_full(int fd, unsigned char *buf, size_t len,
			const char *path)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("read %s: %s", path, strerror(errno));
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return got;
}

static int cmd_fill(char **argv)
{
	const char *path = argv[0];
	unsigned long mib = parse_count(argv[1], MAX_MIB, "size in MiB");
	uint64_t seed = parse_count(argv[2], ULONG_MAX, "seed");
	unsigned char *block = pattern_block(seed);
	unsigned long i;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	for (i = 0; i < mib; i++) {
		stamp_block(block, seed, i);
		write_all(fd, block, BLOCK_SIZE, path);
	}
	if (fsync(fd) != 0)
		die("fsync %s: %s", path, strerror(errno));
	if (close(fd) != 0)
		die("close %s: %s", path, strerror(errno));
	free(block);
	return 0;
}

static int cmd_read(char **argv)
{
	const char *path = argv[0];
	unsigned char *buf = malloc(BLOCK_SIZE);
	unsigned long long total = 0;
	size_t n;
	int fd;

	if (!buf)
		die("out of memory");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	while ((n = read_full(fd, buf, BLOCK_SIZE, path)) > 0)
		total += n;
	close(fd);
	free(buf);
	printf("%llu\n", total);
	return 0;
}

static int open_sized(const char *path, unsigned long long size)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0)
		die("stat %s: %s", path, strerror(errno));
	if ((unsigned long long)st.st_size != size)
		die("%s: size %lld, expected %llu", path, (long long)st.st_size,
		    size);
	return fd;
}

static int cmd_verify(char **argv)
{
	const char *path = argv[0];
	unsigned long mib = parse_count(argv[1], MAX_MIB, "size in MiB");
	uint64_t seed = parse_count(argv[2], ULONG_MAX, "seed");
	unsigned char *base = pattern_block(seed);
	unsigned char *buf = malloc(BLOCK_SIZE);
	unsigned long i;
	unsigned int p;
	int fd;

	if (!buf)
		die("out of memory");
	fd = open_sized(path, (unsigned long long)mib * BLOCK_SIZE);
	for (i = 0; i < mib; i++) {
		if (read_full(fd, buf, BLOCK_SIZE, path) != BLOCK_SIZE)
			die("%s: short read in MiB %lu", path, i);
		for (p = 0; p < PAGES_PER_BLOCK; p++) {
			uint64_t page = (uint64_t)i * PAGES_PER_BLOCK + p;

			if (!page_ok(buf + (size_t)p * PAGE_SIZE_B, base, seed,
				     page))
				die("%s: wrong data in page %" PRIu64, path,
				    page);
		}
	}
	close(fd);
	free(buf);
	free(base);
	return 0;
}

static int cmd_randread(char **argv)
{
	const char *path = argv[0];
	unsigned long count = parse_count(argv[1], MAX_COUNT, "count");
	uint64_t seed = parse_count(argv[2], ULONG_MAX, "seed");
	unsigned char *base = pattern_block(seed);
	unsigned char page_buf[PAGE_SIZE_B];
	uint64_t state = seed ^ 0x5eed5eed5eed5eedULL;
	uint64_t pages;
	struct stat st;
	unsigned long i;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0)
		die("open %s: %s", path, strerror(errno));
	pages = (uint64_t)st.st_size / PAGE_SIZE_B;
	if (pages == 0)
		die("%s: smaller than one page", path);
	for (i = 0; i < count; i++) {
		uint64_t page = next_random(&state) % pages;
		ssize_t n = pread(fd, page_buf, sizeof(page_buf),
				  (off_t)(page * PAGE_SIZE_B));

		if (n != (ssize_t)sizeof(page_buf))
			die("pread %s page %" PRIu64 ": %s", path, page,
			    n < 0 ? strerror(errno) : "short read");
		if (!page_ok(page_buf, base, seed, page))
			die("%s: wrong data in page %" PRIu64, path, page);
	}
	close(fd);
	free(base);
	return 0;
}

static int small_file_text(char *buf, size_t len, unsigned long i)
{
	return snprintf(buf, len, "open-vbox-tools bench file %lu\n", i);
}

static int cmd_mkfiles(char **argv)
{
	const char *dir = argv[0];
	unsigned long count = parse_count(argv[1], 999999, "count");
	char name[PATH_MAX], text[SMALL_FILE_MAX];
	unsigned long i;
	int fd, len;

	for (i = 0; i < count; i++) {
		if (snprintf(name, sizeof(name), "%s/f%05lu", dir, i) >=
		    (int)sizeof(name))
			die("%s: path too long", dir);
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0)
			die("create %s: %s", name, strerror(errno));
		len = small_file_text(text, sizeof(text), i);
		write_all(fd, (const unsigned char *)text, (size_t)len, name);
		if (close(fd) != 0)
			die("close %s: %s", name, strerror(errno));
	}
	return 0;
}

static void check_small_file(const char *name, unsigned long i)
{
	char text[SMALL_FILE_MAX], got[SMALL_FILE_MAX + 1];
	size_t n;
	int fd, len;

	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open %s: %s", name, strerror(errno));
	n = read_full(fd, (unsigned char *)got, sizeof(got), name);
	close(fd);
	len = small_file_text(text, sizeof(text), i);
	if (n != (size_t)len || memcmp(got, text, n) != 0)
		die("%s: wrong contents", name);
}

static int cmd_checkfiles(char **argv)
{
	const char *dir = argv[0];
	unsigned long count = parse_count(argv[1], 999999, "count");
	char name[PATH_MAX];
	unsigned long i, entries = 0;
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	if (!d)
		die("opendir %s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			entries++;
	}
	closedir(d);
	if (entries != count)
		die("%s: %lu entries, expected %lu", dir, entries, count);
	for (i = 0; i < count; i++) {
		if (snprintf(name, sizeof(name), "%s/f%05lu", dir, i) >=
		    (int)sizeof(name))
			die("%s: path too long", dir);
		check_small_file(name, i);
	}
	return 0;
}

struct command {
	const char *name;
	int argc;
	int (*run)(char **argv);
};

static const struct command commands[] = {
	{ "fill", 3, cmd_fill },       { "read", 1, cmd_read },
	{ "verify", 3, cmd_verify },   { "randread", 3, cmd_randread },
	{ "mkfiles", 2, cmd_mkfiles }, { "checkfiles", 2, cmd_checkfiles },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc >= 2) {
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
			if (strcmp(argv[1], commands[i].name) != 0)
				continue;
			if (argc - 2 != commands[i].argc)
				die("%s takes %d arguments", argv[1],
				    commands[i].argc);
			return commands[i].run(argv + 2);
		}
	}
	fprintf(stderr,
		"usage: %s fill FILE MIB SEED | read FILE | verify FILE MIB SEED\n"
		"       | randread FILE COUNT SEED | mkfiles DIR COUNT\n"
		"       | checkfiles DIR COUNT\n",
		prog);
	return 1;
}
