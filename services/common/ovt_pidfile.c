// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pidfile with an flock(2)-based single-instance lock (see ovt_pidfile.h).
 *
 * The lock, not the file's existence, says whether an instance runs: a
 * pid in a stale file may belong to an unrelated process by now, but a
 * lock dies with its holder.  The one race left is the holder removing
 * the file while a newcomer has it open: the newcomer then locks an
 * unlinked inode, so after locking it checks that the path still names
 * the inode it locked, and starts over if not.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "services/common/ovt_log.h"
#include "services/common/ovt_pidfile.h"

/* Attempts when the file keeps being replaced under us. */
#define PIDFILE_TRIES 3

struct ovt_pidfile {
	char *path;
	int fd;
};

/* Create the file's directory if it is missing (e.g. /run/NAME). */
static void make_parent(const char *path)
{
	gchar *dir = g_path_get_dirname(path);

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		g_debug("cannot create %s: %s", dir, g_strerror(errno));
	g_free(dir);
}

/* The pid the holder wrote, or 0. */
static pid_t read_holder(int fd)
{
	char buf[32];
	gint64 pid;
	char *end;
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = g_ascii_strtoll(buf, &end, 10);
	if (end == buf || (*end && *end != '\n') || pid <= 0 ||
	    pid > G_MAXINT32)
		return 0;
	return (pid_t)pid;
}

static int write_pid(int fd)
{
	char buf[32];
	ssize_t n;
	int len;

	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0)
		return -errno;
	n = pwrite(fd, buf, (size_t)len, 0);
	if (n < 0)
		return -errno;
	if (n != len)
		return -EIO;
	return 0;
}

static gboolean same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/*
 * One attempt.  Returns 0 with *fdp locked, -EAGAIN when the file was
 * replaced while we locked it, or another negative errno.
 */
static int try_lock(const char *path, int *fdp, pid_t *holder)
{
	struct stat fst, pst;
	int fd, ret;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
		  0644);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &fst) < 0) {
		ret = -errno;
		goto fail;
	}
	if (!S_ISREG(fst.st_mode)) {
		ret = -EINVAL;
		goto fail;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		ret = errno == EWOULDBLOCK ? -EBUSY : -errno;
		if (ret == -EBUSY && holder)
			*holder = read_holder(fd);
		goto fail;
	}
	if (stat(path, &pst) < 0 || !same_file(&fst, &pst)) {
		ret = -EAGAIN;
		goto fail;
	}
	*fdp = fd;
	return 0;
fail:
	close(fd);
	return ret;
}

int ovt_pidfile_acquire(const char *path, struct ovt_pidfile **out,
			pid_t *holder)
{
	struct ovt_pidfile *pf;
	int fd = -1, ret = -EAGAIN, i;

	if (holder)
		*holder = 0;
	if (!path || !path[0] || !out)
		return -EINVAL;
	make_parent(path);
	for (i = 0; i < PIDFILE_TRIES && ret == -EAGAIN; i++)
		ret = try_lock(path, &fd, holder);
	if (ret == -EAGAIN)
		ret = -EBUSY;
	if (ret < 0)
		return ret;

	ret = write_pid(fd);
	if (ret < 0) {
		unlink(path);
		close(fd);
		return ret;
	}
	pf = g_new(struct ovt_pidfile, 1);
	pf->path = g_strdup(path);
	pf->fd = fd;
	*out = pf;
	return 0;
}

void ovt_pidfile_release(struct ovt_pidfile *pf)
{
	struct stat fst, pst;

	if (!pf)
		return;
	/* Remove it only while it is still ours, then let go of the lock. */
	if (fstat(pf->fd, &fst) == 0 && stat(pf->path, &pst) == 0 &&
	    same_file(&fst, &pst))
		unlink(pf->path);
	close(pf->fd);
	g_free(pf->path);
	g_free(pf);
}

int ovt_pidfile_lock(const char *path, struct ovt_pidfile **out)
{
	pid_t holder = 0;
	int ret = ovt_pidfile_acquire(path, out, &holder);

	if (ret == -EBUSY && holder)
		ovt_print_error("already running as pid %ld (pidfile %s)",
				(long)holder, path);
	else if (ret == -EBUSY)
		ovt_print_error("already running (pidfile %s is locked)", path);
	else if (ret < 0)
		ovt_print_error("cannot create the pidfile %s: %s", path,
				g_strerror(-ret));
	return ret;
}
