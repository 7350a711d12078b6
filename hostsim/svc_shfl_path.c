// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VBoxSharedFolders: confined path resolution.
 *
 * A real VirtualBox host only checks guest paths lexically and then
 * follows whatever symbolic links it meets, so a link inside a share can
 * lead anywhere on the host.  This host is stricter: every path is opened
 * relative to the share's directory descriptor with openat2() and
 * RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, so no "..", absolute link or
 * link pointing outside can leave the share (the kernel answers EXDEV),
 * whatever the guest or anybody else does to the tree meanwhile.
 *
 * Kernels before 5.6 lack openat2(); there the path is walked one
 * component at a time with O_PATH | O_NOFOLLOW, symbolic links are read
 * and expanded by hand (relative ones only, ".." never above the share),
 * and the final open uses O_NOFOLLOW, so a link swapped in behind our back
 * makes the open fail instead of escaping.
 */
#include "config.h"

#include "hostsim/svc_shfl_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#define RESOLVE_FLAGS (RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)

static int sys_openat2(int dirfd, const char *path, struct open_how *how)
{
#ifdef SYS_openat2
	return (int)syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
#else
	(void)dirfd;
	(void)path;
	(void)how;
	errno = ENOSYS;
	return -1;
#endif
}

void shfl_path_init(struct shfl_svc *svc)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_FLAGS,
	};
	int fd = sys_openat2(AT_FDCWD, ".", &how);

	if (fd >= 0) {
		close(fd);
		svc->use_walk = false;
		return;
	}
	svc->use_walk = errno == ENOSYS || errno == EINVAL;
	if (svc->use_walk)
		g_info("openat2() unavailable: shared folders resolve paths component by component");
}

static int open2(int root_fd, const char *rel, int flags, mode_t mode,
		 bool follow)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC |
				    (follow ? 0 : O_NOFOLLOW)),
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_FLAGS,
	};
	int fd, tries;

	/* EAGAIN: a concurrent rename raced with "..": try again. */
	for (tries = 0; tries < 8; tries++) {
		fd = sys_openat2(root_fd, rel[0] ? rel : ".", &how);
		if (fd >= 0)
			return fd;
		if (errno != EAGAIN && errno != EINTR)
			break;
	}
	return -errno;
}

/* ---- the fallback walk --------------------------------------------------- */

struct walk {
	int fds[PATH_MAX / 2]; /* fds[0] is the root's */
	unsigned int depth;
	unsigned int links;
	GString *rest; /* what is left to resolve */
};

static void walk_clear(struct walk *w)
{
	while (w->depth > 0)
		close(w->fds[w->depth--]);
	close(w->fds[0]);
	g_string_free(w->rest, TRUE);
}

/* Take the next component of w->rest into comp; false when none is left. */
static bool walk_next(struct walk *w, char *comp, size_t size, bool *last)
{
	size_t start = 0, len;
	const char *slash;

	while (start < w->rest->len && w->rest->str[start] == '/')
		start++;
	if (start == w->rest->len)
		return false;
	slash = strchr(w->rest->str + start, '/');
	len = slash ? (size_t)(slash - (w->rest->str + start)) :
		      w->rest->len - start;
	if (len >= size)
		len = size - 1; /* too long anyway: the kernel says so */
	memcpy(comp, w->rest->str + start, len);
	comp[len] = '\0';
	g_string_erase(w->rest, 0, (gssize)(start + len));
	*last = strspn(w->rest->str, "/") == w->rest->len;
	return true;
}

/* comp is a symlink (fd on it): splice its target in front of w->rest. */
static int walk_expand(struct walk *w, int fd)
{
	char target[PATH_MAX];
	ssize_t n;

	if (++w->links > SHFL_SIM_MAX_SYMLINKS)
		return -ELOOP;
	n = readlinkat(fd, "", target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (target[0] == '/')
		return -EXDEV;
	g_string_prepend_c(w->rest, '/');
	g_string_prepend(w->rest, target);
	return 0;
}

/*
 * One step: "." or "..", a symlink to expand, an intermediate directory to
 * enter, or (*done) the last component, which the caller opens from the
 * current directory.
 */
static int walk_step(struct walk *w, const char *comp, bool last, bool follow,
		     bool *done)
{
	struct stat st;
	int fd, rc = 0;

	if (strcmp(comp, ".") == 0)
		return 0;
	if (strcmp(comp, "..") == 0) {
		if (w->depth == 0)
			return -EXDEV;
		close(w->fds[w->depth--]);
		return 0;
	}
	fd = openat(w->fds[w->depth], comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (S_ISLNK(st.st_mode) && (!last || follow))
		rc = walk_expand(w, fd);
	else if (last)
		*done = true;
	else if (!S_ISDIR(st.st_mode))
		rc = -ENOTDIR;
	else if (w->depth + 1 >= G_N_ELEMENTS(w->fds))
		rc = -ENAMETOOLONG;
	else {
		w->fds[++w->depth] = fd;
		return 0;
	}
	close(fd);
	return rc;
}

static int walk_open(int root_fd, const char *rel, int flags, mode_t mode,
		     bool follow)
{
	struct walk w = { .depth = 0 };
	char comp[NAME_MAX + 2] = ".";
	bool last = false, done = false;
	int rc = 0;

	w.fds[0] = openat(root_fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w.fds[0] < 0)
		return -errno;
	w.rest = g_string_new(rel);
	while (walk_next(&w, comp, sizeof(comp), &last)) {
		rc = walk_step(&w, comp, last, follow, &done);
		/* A missing last component may still be created. */
		if (rc == -ENOENT && last && (flags & O_CREAT)) {
			rc = 0;
			done = true;
		}
		if (rc < 0 || done)
			break;
	}
	if (rc == 0) {
		/* Nothing left but "." and "..": open where we are. */
		rc = openat(w.fds[w.depth], done ? comp : ".",
			    flags | O_NOFOLLOW | O_CLOEXEC, mode);
		if (rc < 0)
			rc = -errno;
	}
	walk_clear(&w);
	return rc;
}

/* ---- the interface ------------------------------------------------------- */

int shfl_open_beneath(const struct shfl_svc *svc, int root_fd, const char *rel,
		      int flags, mode_t mode, bool follow)
{
	if (svc->use_walk)
		return walk_open(root_fd, rel, flags, mode, follow);
	return open2(root_fd, rel, flags, mode, follow);
}

int shfl_open_parent(const struct shfl_svc *svc, int root_fd, const char *rel,
		     const char **name)
{
	const char *slash = strrchr(rel, '/');
	g_autofree char *dir = NULL;

	if (rel[0] == '\0')
		return -EBUSY;
	*name = slash ? slash + 1 : rel;
	dir = slash ? g_strndup(rel, (gsize)(slash - rel)) : g_strdup("");
	return shfl_open_beneath(svc, root_fd, dir, O_PATH | O_DIRECTORY, 0,
				 true);
}

int shfl_resolve_status(int neg_errno)
{
	if (neg_errno == -EXDEV)
		return VERR_INVALID_NAME;
	return shfl_errno_status(-neg_errno);
}
