// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `vbox-hostsim ctl share ...`: the host administrator's view of the
 * shared folders (documented in vbox-hostsim(1)).
 *
 *   share add NAME PATH [ro] [auto] [symlinks] [mountpoint=MP]
 *	-> " root: N"
 *   share remove NAME
 *	-> " state: removed" or " state: missing" (still mapped by a guest:
 *	   kept as a placeholder until the guest unmaps it)
 *   share list
 *	-> one line per share, in root-ID order:
 *	   " share.ROOT: name=NAME flags=FLAGS maps=N handles=N
 *	     state=active|missing version=N mountpoint=MP path=PATH"
 *	   (one line), FLAGS "rw" or "ro" followed by ",auto" and
 *	   ",symlinks" when set; NAME, MP and PATH percent-encoded like
 *	   request words (a lone "%" is the empty string).
 */
#include "config.h"

#include "hostsim/control.h"
#include "hostsim/svc_shfl.h"

#include <string.h>

static char *share_add(struct shfl_svc *svc, char **args, unsigned int n,
		       GString *out)
{
	struct shfl_share_spec spec = {
		.name = args[0],
		.path = args[1],
	};
	g_autoptr(GError) error = NULL;
	unsigned int i;
	uint32_t root;

	for (i = 2; i < n; i++) {
		if (strcmp(args[i], "ro") == 0)
			spec.read_only = true;
		else if (strcmp(args[i], "auto") == 0)
			spec.auto_mount = true;
		else if (strcmp(args[i], "symlinks") == 0)
			spec.symlinks = true;
		else if (g_str_has_prefix(args[i], "mountpoint=") &&
			 !spec.mount_point)
			spec.mount_point = args[i] + 11;
		else
			return g_strdup_printf(
				"unknown share option '%s' (ro, auto, symlinks, mountpoint=MP)",
				args[i]);
	}
	if (!shfl_svc_add_share(svc, &spec, &root, &error))
		return g_strdup(error->message);
	g_string_append_printf(out, " root: %u\n", root);
	return NULL;
}

static char *share_remove(struct shfl_svc *svc, const char *name, GString *out)
{
	g_autoptr(GError) error = NULL;
	bool missing;

	if (!shfl_svc_remove_share(svc, name, &missing, &error))
		return g_strdup(error->message);
	g_string_append_printf(out, " state: %s\n",
			       missing ? "missing" : "removed");
	return NULL;
}

static void share_list(struct shfl_svc *svc, GString *out)
{
	struct shfl_share_info *info;
	unsigned int count, i;

	info = shfl_svc_list_shares(svc, &count);
	for (i = 0; i < count; i++) {
		const struct shfl_share_info *s = &info[i];
		g_autofree char *name = control_encode_word(s->spec.name);
		g_autofree char *mp = control_encode_word(s->spec.mount_point);
		g_autofree char *path = control_encode_word(s->spec.path);

		g_string_append_printf(
			out,
			" share.%u: name=%s flags=%s%s%s maps=%u handles=%u state=%s version=%u mountpoint=%s path=%s\n",
			s->root, name, s->spec.read_only ? "ro" : "rw",
			s->spec.auto_mount ? ",auto" : "",
			s->spec.symlinks ? ",symlinks" : "", s->maps,
			s->handles, s->missing ? "missing" : "active",
			s->version, mp, path);
	}
	shfl_share_info_free(info, count);
}

char *shfl_ctl_run(struct shfl_svc *svc, char **args, unsigned int n,
		   GString *out)
{
	if (strcmp(args[0], "add") == 0 && n >= 3 && n <= 7)
		return share_add(svc, args + 1, n - 1, out);
	if (strcmp(args[0], "remove") == 0 && n == 2)
		return share_remove(svc, args[1], out);
	if (strcmp(args[0], "list") == 0 && n == 1) {
		share_list(svc, out);
		return NULL;
	}
	return g_strdup(
		"usage: share add NAME PATH [ro] [auto] [symlinks] [mountpoint=MP] | remove NAME | list");
}
