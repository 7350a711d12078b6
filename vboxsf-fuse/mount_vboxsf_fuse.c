// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mount.vboxsf-fuse: the mount(8) helper for file system type
 * "vboxsf-fuse", so fstab lines like
 *
 *	MyShare  /mnt/share  vboxsf-fuse  uid=1000,gid=1000,noauto  0 0
 *
 * work.  mount(8) runs "mount.vboxsf-fuse SPEC DIR [-sfnv] [-o OPTS]"; the
 * helper drops the options only mount(8) cares about, and replaces itself
 * with "vboxsf-fuse SPEC DIR -o OPTS", which mounts, detaches and exits 0
 * only when the mount is in place.
 *
 * Command-line parsing is getopt(3), not GOption: the mount helper calling
 * convention has its positional arguments first and single-letter flags
 * that GOption would not accept in that form.
 *
 * Messages go through ovt_log ("mount.vboxsf-fuse: ..." on stderr, or the
 * journal when stderr goes there).  Exit status: vboxsf-fuse's, or
 * OVT_EXIT_FAILURE for a usage error or a failed exec (the mount(8)
 * exception in ovt_exit.h).
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "services/common/ovt_log.h"

#define USAGE "mount.vboxsf-fuse SHARE DIR [-sfnvrw] [-o OPTIONS]"

/* Options for mount(8) and fstab only; never passed on. */
static const char *const mount_only_opts[] = {
	"defaults", "auto",  "noauto", "user",	  "nouser", "users",
	"owner",    "group", "nofail", "_netdev", "loop",   NULL,
};
static const char *const mount_only_prefixes[] = {
	"comment=",
	"x-",
	"helper=",
	NULL,
};

/* Options vboxsf-fuse or FUSE take (with -s everything else is dropped). */
static const char *const known_opts[] = {
	"rw",
	"ro",
	"suid",
	"nosuid",
	"dev",
	"nodev",
	"exec",
	"noexec",
	"async",
	"sync",
	"atime",
	"noatime",
	"diratime",
	"nodiratime",
	"relatime",
	"norelatime",
	"strictatime",
	"nostrictatime",
	"lazytime",
	"nolazytime",
	"dirsync",
	"allow_other",
	"allow_root",
	"auto_unmount",
	"default_permissions",
	"no_default_permissions",
	NULL,
};
static const char *const known_prefixes[] = {
	"uid=",	       "gid=",	       "dmode=",       "fmode=",
	"dmask=",      "fmask=",       "umask=",       "ttl=",
	"cache=",      "calltimeout=", "device=",      "fsname=",
	"subtype=",    "max_read=",    "blksize=",     "context=",
	"fscontext=",  "defcontext=",  "rootcontext=", "write_gather=",
	"read_ahead=", NULL,
};

static bool in_list(const char *opt, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(opt, *list))
			return true;
	return false;
}

static bool has_prefix(const char *opt, const char *const *list)
{
	for (; *list; list++)
		if (g_str_has_prefix(opt, *list))
			return true;
	return false;
}

/*
 * Append the options of one comma-separated string that vboxsf-fuse should
 * see to @out.  Unknown options are dropped when @sloppy, else passed on
 * for vboxsf-fuse to refuse with its own message.
 */
static void filter_opts(const char *in, bool sloppy, bool verbose, GString *out)
{
	char **opts = g_strsplit(in, ",", -1);
	char **o;

	for (o = opts; *o; o++) {
		const char *opt = *o;

		if (!*opt || in_list(opt, mount_only_opts) ||
		    has_prefix(opt, mount_only_prefixes))
			continue;
		/* vboxsf compatibility: names are always UTF-8 here. */
		if (!strcmp(opt, "iocharset=utf8") || !strcmp(opt, "nls=utf8"))
			continue;
		if (sloppy && !in_list(opt, known_opts) &&
		    !has_prefix(opt, known_prefixes)) {
			if (verbose)
				g_message("ignoring option '%s'", opt);
			continue;
		}
		if (out->len)
			g_string_append_c(out, ',');
		g_string_append(out, opt);
	}
	g_strfreev(opts);
}

int main(int argc, char **argv)
{
	bool sloppy = false, fake = false, verbose = false;
	GString *opts = g_string_new(NULL);
	const char *prog;
	const char *spec, *dir;
	char *args[8];
	int c, n = 0;

	ovt_log_setup("mount.vboxsf-fuse", OVT_LOG_AUTO, 0);
	/* Asked alone, not by mount(8), which always passes SHARE DIR. */
	if (argc == 2 &&
	    (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: " USAGE "\n");
		return OVT_EXIT_OK;
	}
	if (argc == 2 &&
	    (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))) {
		printf("mount.vboxsf-fuse %s\n", PACKAGE_VERSION);
		return OVT_EXIT_OK;
	}
	if (argc < 3 || argv[1][0] == '-' || argv[2][0] == '-')
		return ovt_print_error("usage: " USAGE);
	spec = argv[1];
	dir = argv[2];
	optind = 3;
	while ((c = getopt(argc, argv, "sfnvrwo:t:N:h")) != -1) {
		switch (c) {
		case 's':
			sloppy = true;
			break;
		case 'f':
			fake = true;
			break;
		case 'n':
			/* There is no mtab to keep. */
			break;
		case 'v':
			verbose = true;
			break;
		case 'r':
			filter_opts("ro", sloppy, verbose, opts);
			break;
		case 'w':
			filter_opts("rw", sloppy, verbose, opts);
			break;
		case 'o':
			filter_opts(optarg, sloppy, verbose, opts);
			break;
		case 't':
			/* vboxsf-fuse or fuse.vboxsf-fuse: nothing to do. */
			break;
		case 'N':
			return ovt_print_error(
				"mount namespaces (-N) are not supported");
		case 'h':
			printf("usage: " USAGE "\n");
			return OVT_EXIT_OK;
		default:
			return ovt_print_error("usage: " USAGE);
		}
	}
	if (optind != argc)
		return ovt_print_error("usage: " USAGE);

	/* Not honoured in set-id contexts. */
	prog = secure_getenv("VBOXSF_FUSE");
	if (!prog || !*prog)
		prog = VBOXSF_FUSE_PATH;
	args[n++] = (char *)prog;
	args[n++] = (char *)spec;
	args[n++] = (char *)dir;
	if (opts->len) {
		args[n++] = (char *)"-o";
		args[n++] = opts->str;
	}
	args[n] = NULL;
	if (verbose) {
		g_autofree gchar *line = g_strjoinv(" ", args);

		g_message("running %s", line);
	}
	if (fake)
		return OVT_EXIT_OK;
	execv(prog, args);
	return ovt_print_error("cannot run %s: %s", prog, g_strerror(errno));
}
