// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboxsf-fuse: mount a VirtualBox shared folder with FUSE.
 *
 *	vboxsf-fuse SHARE MOUNTPOINT [-f] [-d] [-s] [-o OPTIONS]
 *
 * Start-up order: parse options; unless -f, fork and let the parent wait
 * for the child's verdict (so the exit status tells whether the mount
 * worked, as mount(8) needs); in the child connect to the host, map the
 * share, mount, then detach and run libfuse's multi-threaded loop until
 * unmounted or told to stop (SIGINT/SIGTERM/SIGHUP unmount cleanly).
 * The driver session is opened only after the fork: its threads would not
 * survive one.
 *
 * Device: like the session programs, the default is /dev/vboxuser (root
 * and normal users alike; VirtualBox serves shared folders to user
 * sessions), $VBGL_DEVICE or --device/-o device= override it.
 *
 * Logging (ovt_log): to stderr (or the journal when stderr goes there)
 * until detached, then to the journal, else syslog; info and debug only
 * with -d (or G_MESSAGES_DEBUG).  libfuse's own messages join them.
 *
 * Exit status: OVT_EXIT_OK when mounted, OVT_EXIT_FAILURE for everything
 * else, a bad command line included (mount(8) reads 2 as "system error";
 * see ovt_exit.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "services/common/ovt_log.h"
#include "vboxsf-fuse/vsf.h"

#define VSF_IDENT "vboxsf-fuse"

/* libfuse's own messages go through g_log too. */
static void fuse_log_to_glib(enum fuse_log_level level, const char *fmt,
			     va_list ap)
{
	GLogLevelFlags gl = G_LOG_LEVEL_DEBUG;
	char *msg = g_strdup_vprintf(fmt, ap);

	g_strchomp(msg);
	if (level <= FUSE_LOG_ERR)
		gl = G_LOG_LEVEL_WARNING;
	else if (level <= FUSE_LOG_NOTICE)
		gl = G_LOG_LEVEL_MESSAGE;
	else if (level <= FUSE_LOG_INFO)
		gl = G_LOG_LEVEL_INFO;
	g_log(G_LOG_DOMAIN, gl, "%s", msg);
	g_free(msg);
}

static void usage(const char *prog)
{
	printf("usage: %s SHARE MOUNTPOINT [options]\n\n"
	       "Mount the VirtualBox shared folder SHARE on MOUNTPOINT.\n\n"
	       "vboxsf-fuse options:\n"
	       "    --device=DEV, -o device=DEV\n"
	       "                           guest device or unix:SOCKET (default $VBGL_DEVICE,\n"
	       "                           else /dev/vboxuser)\n"
	       "    -o uid=N,gid=N         owner and group of every file (default: yours)\n"
	       "    -o dmode=OCT,fmode=OCT permissions of every directory / file\n"
	       "    -o dmask=OCT,fmask=OCT permission bits removed from directories / files\n"
	       "    -o umask=OCT           both masks\n"
	       "    -o ttl=MS              attribute and name cache time (default %d ms)\n"
	       "    -o cache=MODE          none, strict, auto (default), always or\n"
	       "                           writeback\n"
	       "    -o calltimeout=S       bound on one host call (default %d s)\n"
	       "    -o write_gather=MS     longest time written data may wait in the daemon\n"
	       "                           before it goes to the host (default %d ms; 0 = off)\n"
	       "    -o read_ahead=KIB      read-ahead of the mount, KiB (default %u, at most\n"
	       "                           %u; 0 = off)\n"
	       "    -o ro                  read-only (also chosen when the host shares read-only)\n"
	       "    -o no_default_permissions\n"
	       "                           do not let the kernel check the shown owner and\n"
	       "                           permissions (default_permissions is implied)\n"
	       "    -V, --version          print the version\n\n",
	       prog, VSF_DEFAULT_TTL_MS, VSF_DEFAULT_CALL_TIMEOUT_S,
	       VSF_DEFAULT_GATHER_MS, VSF_DEFAULT_READ_AHEAD_KB,
	       VSF_READ_AHEAD_MAX_KB);
}

/*
 * Fork; the parent waits for one status byte from the child and exits
 * with it (OVT_EXIT_FAILURE if the child died first).  Returns the write
 * end of the pipe in the child.
 */
static int daemon_fork(void)
{
	int fds[2];
	pid_t pid;
	char status = OVT_EXIT_FAILURE;

	if (pipe(fds) < 0)
		exit(ovt_print_error("pipe: %s", g_strerror(errno)));
	pid = fork();
	if (pid < 0)
		exit(ovt_print_error("fork: %s", g_strerror(errno)));
	if (pid > 0) {
		close(fds[1]);
		while (read(fds[0], &status, 1) < 0 && errno == EINTR)
			;
		_exit(status);
	}
	close(fds[0]);
	setsid();
	return fds[1];
}

/* The child is mounted: detach from the terminal and release the parent. */
static void daemon_ready(int fd)
{
	char ok = OVT_EXIT_OK;
	int null;

	if (chdir("/") < 0)
		g_debug("chdir /: %s", g_strerror(errno));
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	ovt_log_set_target(OVT_LOG_SYSTEM);
	if (write(fd, &ok, 1) < 0)
		g_debug("telling the parent: %s", g_strerror(errno));
	close(fd);
}

/* Connect, map the share and read its root; *writable from map info. */
static int host_connect(struct vsf_fs *fs, bool *writable)
{
	struct shfl_fsobjinfo root;
	struct shfl_volinfo vol;
	char name[1024], mp[1024];
	uint64_t flags = SHFL_MIQF_PATH;
	int ret;

	ret = vbgl_open(fs->opts.device, VBGL_OPEN_USER, &fs->vbgl);
	if (ret < 0) {
		ovt_print_error("cannot open the guest device %s: %s",
				fs->opts.device ? fs->opts.device : "(default)",
				g_strerror(-ret));
		return ret;
	}
	ret = vbgl_shfl_connect(fs->vbgl, VBGL_SHFL_CONNECT_SYMLINKS,
				&fs->shfl);
	if (ret < 0) {
		ovt_print_error(
			"cannot connect to the shared-folders service: %s",
			g_strerror(-ret));
		return ret;
	}
	vbgl_shfl_set_timeout(fs->shfl, fs->opts.call_timeout_s * 1000u);
	ret = vbgl_shfl_map_folder(fs->shfl, fs->opts.share, &fs->root);
	if (ret < 0) {
		ovt_print_error("cannot map share '%s': %s", fs->opts.share,
				ret == -ENOENT ? "the host has no such share" :
						 g_strerror(-ret));
		return ret;
	}
	ret = vbgl_shfl_lookup(fs->shfl, fs->root, "/", &root);
	if (!ret && (root.attr.mode & SHFL_TYPE_MASK) != SHFL_TYPE_DIRECTORY)
		ret = -ENOTDIR;
	if (ret < 0) {
		ovt_print_error("cannot read the root of share '%s': %s",
				fs->opts.share, g_strerror(-ret));
		vbgl_shfl_unmap_folder(fs->shfl, fs->root);
		return ret;
	}
	/* Whether a name missing from a listing is missing (vsf_dir_absent()). */
	if (!vbgl_shfl_volume_info(fs->shfl, fs->root, &vol))
		fs->case_sensitive = vol.props.case_sensitive;
	*writable = true;
	if (!vbgl_shfl_query_map_info(fs->shfl, fs->root, name, sizeof(name),
				      mp, sizeof(mp), &flags, NULL))
		*writable = flags & SHFL_MIF_WRITABLE;
	vsf_table_init(fs, &root);
	return 0;
}

static void host_disconnect(struct vsf_fs *fs)
{
	if (fs->by_ino)
		vbgl_shfl_unmap_folder(fs->shfl, fs->root);
	vbgl_shfl_disconnect(fs->shfl);
	vbgl_close(fs->vbgl);
	vsf_table_clear(fs);
}

static void inval_worker(gpointer data, gpointer user_data)
{
	struct vsf_fs *fs = user_data;
	fuse_ino_t *ino = data;
	int ret;

	ret = fuse_lowlevel_notify_inval_inode(fs->se, *ino, 0, 0);
	if (ret < 0 && ret != -ENOENT)
		g_debug("invalidating inode %llu: %s", (unsigned long long)*ino,
			g_strerror(-ret));
	g_free(ino);
}

/* Mount and serve until unmounted; returns the exit status. */
static int serve(struct vsf_fs *fs, struct fuse_args *args,
		 struct fuse_cmdline_opts *cmd, int ready_fd)
{
	struct fuse_loop_config cfg;
	struct fuse_session *se;
	guint nfiles, ndirs;
	bool ra_set;
	int ret;

	se = fuse_session_new(args, &vsf_ops, sizeof(vsf_ops), fs);
	if (!se)
		return ovt_print_error("bad FUSE options (see --help)");
	fs->se = se;
	if (fuse_set_signal_handlers(se) < 0) {
		fuse_session_destroy(se);
		return ovt_print_error("cannot install the signal handlers");
	}
	if (fuse_session_mount(se, cmd->mountpoint) < 0) {
		fuse_remove_signal_handlers(se);
		fuse_session_destroy(se);
		return ovt_print_error("cannot mount on %s", cmd->mountpoint);
	}
	ra_set = vsf_read_ahead_apply(&fs->opts, cmd->mountpoint);
	fs->inval_pool = g_thread_pool_new(inval_worker, fs, 1, FALSE, NULL);
	vsf_gather_start(fs);
	if (ready_fd >= 0)
		daemon_ready(ready_fd);
	g_message(
		"share '%s' mounted on %s (cache=%s, ttl=%d ms, write_gather=%u ms, read_ahead=%u KiB%s)",
		fs->opts.share, cmd->mountpoint,
		fs->opts.cache ? fs->opts.cache : "auto", fs->opts.ttl_ms,
		vsf_gather_enabled(&fs->opts) ? fs->opts.gather_ms : 0,
		ra_set ? fs->opts.read_ahead_kb : VSF_KERNEL_READ_AHEAD_KB,
		fs->opts.ro ? ", read-only" : "");
	if (cmd->singlethread) {
		ret = fuse_session_loop(se);
	} else {
		cfg.clone_fd = cmd->clone_fd;
		cfg.max_idle_threads = cmd->max_idle_threads;
		ret = fuse_session_loop_mt(se, &cfg);
	}
	vsf_gather_stop(fs);
	g_thread_pool_free(fs->inval_pool, FALSE, TRUE);
	fs->inval_pool = NULL;
	nfiles = vsf_files_release_all(fs);
	ndirs = vsf_dirs_release_all(fs);
	if (nfiles || ndirs)
		g_message(
			"closing at exit what the kernel never released: %u file%s, %u director%s",
			nfiles, nfiles == 1 ? "" : "s", ndirs,
			ndirs == 1 ? "y" : "ies");
	fuse_session_unmount(se);
	fuse_remove_signal_handlers(se);
	fuse_session_destroy(se);
	g_message("share '%s' unmounted from %s", fs->opts.share,
		  cmd->mountpoint);
	return ret < 0 ? OVT_EXIT_FAILURE : OVT_EXIT_OK;
}

/* Show the share as the mount's source: fsname=SHARE (commas escaped). */
static void add_fsname(struct fuse_args *args, const char *share)
{
	GString *opt = g_string_new("-osubtype=vboxsf-fuse,fsname=");
	const char *p;

	for (p = share; *p; p++) {
		if (*p == ',' || *p == '\\')
			g_string_append_c(opt, '\\');
		g_string_append_c(opt, *p);
	}
	fuse_opt_add_arg(args, opt->str);
	g_string_free(opt, TRUE);
}

int main(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct fuse_cmdline_opts cmd;
	struct vsf_fs fs;
	const char *err;
	bool writable;
	int ready_fd = -1, status = OVT_EXIT_FAILURE;

	memset(&fs, 0, sizeof(fs));
	memset(&cmd, 0, sizeof(cmd));
	ovt_log_setup(VSF_IDENT, OVT_LOG_AUTO, 0);
	fuse_set_log_func(fuse_log_to_glib);
	if (vsf_opts_parse(&args, &fs.opts) < 0)
		goto out;
	if (fuse_parse_cmdline(&args, &cmd) < 0)
		goto out;
	vsf_args_drop_separator(&args);
	if (cmd.debug)
		ovt_log_setup(VSF_IDENT, OVT_LOG_AUTO, 2);
	if (cmd.show_help) {
		usage(argv[0]);
		fuse_cmdline_help();
		fuse_lowlevel_help();
		status = OVT_EXIT_OK;
		goto out;
	}
	if (cmd.show_version) {
		printf("vboxsf-fuse %s (libfuse %s)\n", PACKAGE_VERSION,
		       fuse_pkgversion());
		status = OVT_EXIT_OK;
		goto out;
	}
	if (!fs.opts.share || !cmd.mountpoint) {
		ovt_print_error(
			"usage: vboxsf-fuse SHARE MOUNTPOINT [-o OPTIONS] (see --help)");
		goto out;
	}
	if (vsf_opts_finish(&fs.opts, &err) < 0) {
		ovt_print_error("%s", err);
		goto out;
	}
	if (!cmd.foreground)
		ready_fd = daemon_fork();
	if (host_connect(&fs, &writable) < 0)
		goto out_host;
	if (!writable && !fs.opts.ro) {
		g_message("the host shares '%s' read-only: mounting read-only",
			  fs.opts.share);
		fs.opts.ro = 1;
		fuse_opt_add_arg(&args, "-oro");
	}
	if (vsf_args_add_permissions(&args, &fs.opts))
		g_warning(
			"no_default_permissions with allow_other: every user may read, change and delete every file of '%s' on %s",
			fs.opts.share, cmd.mountpoint);
	if (fs.opts.cache_mode == VSF_CACHE_NONE)
		g_message(
			"cache=none: shared memory mappings (mmap MAP_SHARED) of files fail with ENODEV; use cache=strict for programs that need them");
	add_fsname(&args, fs.opts.share);
	status = serve(&fs, &args, &cmd, ready_fd);
out_host:
	host_disconnect(&fs);
out:
	free(cmd.mountpoint);
	fuse_opt_free_args(&args);
	vsf_opts_clear(&fs.opts);
	return status;
}
