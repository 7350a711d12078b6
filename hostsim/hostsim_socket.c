// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Listening Unix sockets for vbox-hostsim's socket files.
 */
#include "config.h"

#include "hostsim/hostsim_socket.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* Remove a stale socket file; refuse to remove anything else. */
static bool remove_stale(const char *path, GError **error)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return true;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "%s: %s", path, g_strerror(errno));
		return false;
	}
	if (!S_ISSOCK(st.st_mode)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
			    "%s exists and is not a socket", path);
		return false;
	}
	if (unlink(path) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot remove stale %s: %s", path,
			    g_strerror(errno));
		return false;
	}
	return true;
}

int hostsim_listen_unix(const char *path, mode_t mode, GError **error)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, saved;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
			    "socket path too long: %s", path);
		return -1;
	}
	if (!remove_stale(path, error))
		return -1;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		goto fail;
	/* Until this chmod the file has umask permissions, never wider. */
	if (chmod(path, mode) != 0 || listen(fd, 64) != 0) {
		saved = errno;
		unlink(path);
		errno = saved;
		goto fail;
	}
	return fd;

fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
		    "cannot listen on %s: %s", path, g_strerror(saved));
	return -1;
}
