// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vbox-hostsim: a simulated VirtualBox host.
 *
 *   vbox-hostsim --dir DIR [--host-version MAJOR.MINOR.BUILD[rREVISION]]
 *                [--ram MIB] [--share NAME=PATH[,ro][,auto][,symlinks]
 *                [,mountpoint=MP]]... [--clipboard-mode MODE]
 *                [--clipboard-legacy-host] [--clipboard-max-size BYTES]
 *   vbox-hostsim ctl --dir DIR COMMAND [ARG...]
 *
 * The first form runs the simulator in the foreground until SIGINT or
 * SIGTERM: the driver core (userspace build) on an emulated VMMDev with
 * HGCM services, guest sockets DIR/vboxguest.sock and DIR/vboxuser.sock,
 * and the control socket DIR/control.sock.  The second form is the
 * control client (control.c, ctl_client.c).
 */
#include "config.h"

#include "hostsim/control.h"
#include "hostsim/fault.h"
#include "hostsim/guest_sock.h"
#include "hostsim/hgcm_host.h"
#include "kshim/vbg_userspace.h"
#include "hostsim/svc_clipboard.h"
#include "hostsim/svc_guestprop.h"
#include "hostsim/svc_hostsimtest.h"
#include "hostsim/svc_shfl.h"
#include "hostsim/vmmdev_emu.h"
#include "services/common/ovt_heap.h"
#include "services/common/ovt_log.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include <glib-unix.h>

#define DEFAULT_HOST_VERSION "7.0.14r161095"
#define DEFAULT_RAM_MIB	     1024u
#define MAX_RAM_MIB	     (1024u * 1024) /* 1 TiB */

struct hostsim_options {
	char *dir;
	char *host_version;
	char *ram;
	char **shares;
	char *clipboard_mode;
	gboolean clipboard_legacy_host;
	char *clipboard_max_size;
	gboolean version;
};

struct hostsim {
	struct vmmdev_emu_config cfg;
	char *version_string;
	struct fault_table *faults;
	struct hgcm_host *hgcm;
	struct vmmdev_emu *emu;
	struct kcore *core;
	struct guest_sock_server *guests;
	struct control_ctx ctl_ctx;
	struct control_server *control;
	struct guestprop_svc *guestprop;
	struct shfl_svc *shfl;
	struct clipboard_config clipboard_cfg;
	struct clipboard_svc *clipboard;
	GMainLoop *loop;
};

static bool parse_uint(const char *s, guint64 max, guint64 *out)
{
	return s[0] >= '0' && s[0] <= '9' &&
	       g_ascii_string_to_unsigned(s, 10, 0, max, out, NULL);
}

/* BYTES, BYTESK or BYTESM (binary units), within [min, max]. */
static bool parse_size(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	g_autofree char *digits = g_strdup(s);
	size_t len = strlen(digits);
	guint64 v, unit = 1;

	if (len && (digits[len - 1] == 'K' || digits[len - 1] == 'M')) {
		unit = digits[len - 1] == 'K' ? 1024 : 1024 * 1024;
		digits[len - 1] = '\0';
	}
	if (!parse_uint(digits, max / unit, &v) || v * unit < min)
		return false;
	*out = (uint32_t)(v * unit);
	return true;
}

/* MAJOR.MINOR.BUILD[rREVISION]: u16.u16.u32, revision u32. */
static bool parse_host_version(const char *s, struct vmmdev_emu_config *cfg)
{
	g_auto(GStrv) rev = g_strsplit(s, "r", -1);
	g_auto(GStrv) parts = NULL;
	guint64 major, minor, build, revision = 0;

	if (g_strv_length(rev) > 2 ||
	    (rev[0] && rev[1] && !parse_uint(rev[1], UINT32_MAX, &revision)))
		return false;
	parts = g_strsplit(rev[0] ? rev[0] : "", ".", -1);
	if (g_strv_length(parts) != 3 ||
	    !parse_uint(parts[0], UINT16_MAX, &major) ||
	    !parse_uint(parts[1], UINT16_MAX, &minor) ||
	    !parse_uint(parts[2], UINT32_MAX, &build))
		return false;
	cfg->host_major = (uint16_t)major;
	cfg->host_minor = (uint16_t)minor;
	cfg->host_build = (uint32_t)build;
	cfg->host_revision = (uint32_t)revision;
	return true;
}

static int parse_options(int *argc, char ***argv, struct hostsim_options *opt,
			 struct vmmdev_emu_config *cfg,
			 struct clipboard_config *clip)
{
	g_autoptr(GOptionContext) octx = NULL;
	g_autoptr(GError) error = NULL;
	GOptionEntry entries[] = {
		{ "dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt->dir,
		  "Directory for the socket files (must exist)", "DIR" },
		{ "host-version", 0, 0, G_OPTION_ARG_STRING, &opt->host_version,
		  "Host version to report (default " DEFAULT_HOST_VERSION ")",
		  "MAJOR.MINOR.BUILD[rREVISION]" },
		{ "ram", 0, 0, G_OPTION_ARG_STRING, &opt->ram,
		  "Guest RAM reported to the balloon, in MiB (default 1024)",
		  "MIB" },
		{ "share", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt->shares,
		  "Share a host directory with the guest (repeatable)",
		  "NAME=PATH[,ro][,auto][,symlinks][,mountpoint=MP]" },
		{ "clipboard-mode", 0, 0, G_OPTION_ARG_STRING,
		  &opt->clipboard_mode,
		  "Shared clipboard mode (default bidirectional)",
		  "off|host-to-guest|guest-to-host|bidirectional" },
		{ "clipboard-legacy-host", 0, 0, G_OPTION_ARG_NONE,
		  &opt->clipboard_legacy_host,
		  "Serve the clipboard like a host before VirtualBox 6.1",
		  NULL },
		{ "clipboard-max-size", 0, 0, G_OPTION_ARG_STRING,
		  &opt->clipboard_max_size,
		  "Most bytes the host clipboard holds (default 128M)",
		  "BYTES[K|M]" },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &opt->version,
		  "Print the version and exit", NULL },
		{ NULL },
	};
	guint64 ram = DEFAULT_RAM_MIB;
	struct stat st;

	octx = g_option_context_new("- a simulated VirtualBox host");
	g_option_context_add_main_entries(octx, entries, NULL);
	g_option_context_set_description(
		octx, "Also: vbox-hostsim ctl --dir DIR COMMAND [ARG...]\n"
		      "See vbox-hostsim(1).");
	if (!g_option_context_parse(octx, argc, argv, &error))
		return ovt_print_usage_error("%s", error->message);
	if (opt->version) {
		g_print("vbox-hostsim %s\n", PACKAGE_VERSION);
		return OVT_EXIT_OK; /* and main() stops */
	}
	if (*argc > 1)
		return ovt_print_usage_error("unexpected argument '%s'",
					     (*argv)[1]);
	if (!opt->dir)
		return ovt_print_usage_error("--dir DIR is required");
	if (stat(opt->dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return ovt_print_usage_error("--dir %s is not a directory",
					     opt->dir);
	if (!parse_host_version(opt->host_version ? opt->host_version :
						    DEFAULT_HOST_VERSION,
				cfg))
		return ovt_print_usage_error(
			"bad --host-version '%s' (want MAJOR.MINOR.BUILD[rREVISION], 16/16/32/32 bits)",
			opt->host_version);
	if (opt->ram && (!parse_uint(opt->ram, MAX_RAM_MIB, &ram) || !ram))
		return ovt_print_usage_error("bad --ram '%s' (1..%u MiB)",
					     opt->ram, MAX_RAM_MIB);
	cfg->ram_mib = (uint32_t)ram;
	clip->mode = CLIPBOARD_MODE_BIDIRECTIONAL;
	if (opt->clipboard_mode &&
	    !clipboard_mode_parse(opt->clipboard_mode, &clip->mode))
		return ovt_print_usage_error(
			"bad --clipboard-mode '%s' (off, host-to-guest, guest-to-host, bidirectional)",
			opt->clipboard_mode);
	clip->legacy_host = opt->clipboard_legacy_host;
	if (opt->clipboard_max_size &&
	    !parse_size(opt->clipboard_max_size, CLIPBOARD_MIN_DATA,
			CLIPBOARD_MAX_DATA, &clip->max_data))
		return ovt_print_usage_error(
			"bad --clipboard-max-size '%s' (%u..%u bytes, K or M suffix allowed)",
			opt->clipboard_max_size, CLIPBOARD_MIN_DATA,
			CLIPBOARD_MAX_DATA);
	return 0;
}

static gboolean on_quit_signal(gpointer data)
{
	struct hostsim *sim = data;

	g_message("stopping");
	g_main_loop_quit(sim->loop);
	return G_SOURCE_CONTINUE;
}

static void hostsim_stop(struct hostsim *sim)
{
	control_server_free(sim->control);
	/* Requests waiting out a delay fault must not hold up the close. */
	if (sim->faults)
		fault_table_shutdown(sim->faults);
	guest_sock_server_free(sim->guests);
	if (sim->core)
		kcore_stop(sim->core);
	if (sim->emu)
		vmmdev_emu_detach_kshim(sim->emu);
	/* No HGCM completion can reach the device after this. */
	hgcm_host_free(sim->hgcm);
	vmmdev_emu_free(sim->emu);
	fault_table_free(sim->faults);
	g_free(sim->version_string);
	if (sim->loop)
		g_main_loop_unref(sim->loop);
}

/* The guest property service, with the host's version properties. */
static int register_guestprop(struct hostsim *sim)
{
	g_autofree char *version =
		g_strdup_printf("%u.%u.%u", sim->cfg.host_major,
				sim->cfg.host_minor, sim->cfg.host_build);
	int rc = guestprop_register(sim->hgcm, version, sim->cfg.host_revision,
				    &sim->guestprop);

	if (rc < 0) {
		return ovt_print_error("cannot register %s (%d)",
				       VBGL_GUESTPROP_SERVICE, rc);
	}
	return 0;
}

/* The VMMDev session id, for the clipboard's restore check. */
static uint64_t session_id(void *opaque)
{
	struct hostsim *sim = opaque;
	struct vmmdev_emu_status st;

	vmmdev_emu_get_status(sim->emu, &st);
	return st.session_id;
}

/* The shared clipboard, in the --clipboard-* configuration. */
static int register_clipboard(struct hostsim *sim)
{
	int rc;

	sim->clipboard_cfg.session_id = session_id;
	sim->clipboard_cfg.session_opaque = sim;
	rc = clipboard_register(sim->hgcm, &sim->clipboard_cfg,
				&sim->clipboard);
	if (rc < 0) {
		return ovt_print_error(
			"cannot register the shared clipboard (%d)", rc);
	}
	return 0;
}

/* The shared-folders service with the --share directories. */
static int register_shfl(struct hostsim *sim, char **shares)
{
	int rc = shfl_svc_register(sim->hgcm, &sim->shfl);
	guint i;

	if (rc < 0) {
		return ovt_print_error("cannot register %s (%d)",
				       SHFL_SERVICE_NAME, rc);
	}
	for (i = 0; shares && shares[i]; i++) {
		struct shfl_share_spec spec;
		g_autoptr(GError) error = NULL;
		bool ok;

		ok = shfl_share_spec_parse(shares[i], &spec, &error) &&
		     shfl_svc_add_share(sim->shfl, &spec, NULL, &error);
		shfl_share_spec_clear(&spec);
		if (!ok)
			return ovt_print_usage_error("--share: %s",
						     error->message);
	}
	return 0;
}

static int hostsim_start(struct hostsim *sim, const char *dir, char **shares)
{
	g_autoptr(GError) error = NULL;
	int rc;

	sim->version_string =
		sim->cfg.host_revision ?
			g_strdup_printf("%u.%u.%ur%u", sim->cfg.host_major,
					sim->cfg.host_minor,
					sim->cfg.host_build,
					sim->cfg.host_revision) :
			g_strdup_printf("%u.%u.%u", sim->cfg.host_major,
					sim->cfg.host_minor,
					sim->cfg.host_build);
	sim->faults = fault_table_new();
	sim->hgcm = hgcm_host_new();
	hgcm_host_set_faults(sim->hgcm, sim->faults);
	rc = hostsimtest_register(sim->hgcm);
	if (rc < 0) {
		return ovt_print_error("cannot register %s (%d)",
				       HOSTSIMTEST_SERVICE_NAME, rc);
	}
	rc = register_guestprop(sim);
	if (rc)
		return rc;
	rc = register_shfl(sim, shares);
	if (rc)
		return rc;
	rc = register_clipboard(sim);
	if (rc)
		return rc;
	sim->emu = vmmdev_emu_new_kshim(&sim->cfg, sim->hgcm);
	vmmdev_emu_set_faults(sim->emu, sim->faults);
	rc = kcore_start(vmmdev_emu_mmio(sim->emu), &sim->core);
	if (rc < 0) {
		sim->core = NULL;
		return ovt_print_error("the driver core did not start: %s",
				       g_strerror(-rc));
	}
	sim->guests =
		guest_sock_server_new(sim->core, dir, sim->faults, &error);
	if (!sim->guests) {
		return ovt_print_error("%s", error->message);
	}
	sim->ctl_ctx = (struct control_ctx){
		.host_version = sim->version_string,
		.ram_mib = sim->cfg.ram_mib,
		.emu = sim->emu,
		.hgcm = sim->hgcm,
		.core = sim->core,
		.guests = sim->guests,
		.guestprop = sim->guestprop,
		.shfl = sim->shfl,
		.faults = sim->faults,
		.clipboard = sim->clipboard,
	};
	sim->control = control_server_new(&sim->ctl_ctx, dir, &error);
	if (!sim->control) {
		return ovt_print_error("%s", error->message);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct hostsim_options opt = { 0 };
	struct hostsim sim = { 0 };
	int rc;

	if (argc > 1 && strcmp(argv[1], "ctl") == 0)
		return ctl_client_main(argc - 1, argv + 1);

	/*
	 * Every log line to stderr (or the journal), none to stdout; debug
	 * output with G_MESSAGES_DEBUG=vbox-hostsim,vboxguest or all.
	 */
	ovt_log_setup("vbox-hostsim", OVT_LOG_AUTO, 0);
	/*
	 * Requests of MiBs (a clipboard, a shared-folder write) come and go
	 * on every call: their buffers are used again instead of each being
	 * mapped fresh and faulted in page by page (the simulator's own
	 * cost, which a host does not add).
	 */
	ovt_heap_keep_large_buffers(32u << 20);

	rc = parse_options(&argc, &argv, &opt, &sim.cfg, &sim.clipboard_cfg);
	if (rc || opt.version)
		goto out;
	/* Replies to vanished peers must not kill the simulator. */
	signal(SIGPIPE, SIG_IGN);
	rc = hostsim_start(&sim, opt.dir, opt.shares);
	if (rc == 0) {
		sim.loop = g_main_loop_new(NULL, FALSE);
		g_unix_signal_add(SIGINT, on_quit_signal, &sim);
		g_unix_signal_add(SIGTERM, on_quit_signal, &sim);
		g_message("ready: host %s, sockets in %s", sim.version_string,
			  opt.dir);
		g_main_loop_run(sim.loop);
	}
	hostsim_stop(&sim);
out:
	g_free(opt.dir);
	g_free(opt.host_version);
	g_free(opt.ram);
	g_strfreev(opt.shares);
	g_free(opt.clipboard_mode);
	g_free(opt.clipboard_max_size);
	return rc;
}
