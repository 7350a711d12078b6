// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboxctl - query and control the VirtualBox guest driver and host.
 *
 *   vboxctl [--device DEV] [--verbose] COMMAND [ARGS]
 *
 * Global options come before the command (option parsing stops at the
 * first non-option, so command arguments may start with '-').  The command
 * runs on a worker thread; the main loop handles SIGINT/SIGTERM by
 * interrupting whatever the command waits for in the driver.
 */
#define G_LOG_DOMAIN "vboxctl"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "services/vboxctl/vboxctl.h"

struct vboxctl {
	gchar *device;
	gboolean verbose;
	gboolean version;
	gchar *help;

	GMutex lock; /* h, interrupted */
	struct vbgl_handle *h;
	gboolean interrupted;

	GMainLoop *loop;
	const struct vboxctl_command *cmd;
	int argc;
	char **argv;
	int result;
};

static int run_help(struct vboxctl *ctl, int argc, char **argv);

static const struct vboxctl_command cmd_help = {
	.name = "help",
	.args = "",
	.summary = "Show this help",
	.run = run_help,
};

/* Every command; later ones slot in here. */
static const struct vboxctl_command *const commands[] = {
	&vboxctl_cmd_version,	&vboxctl_cmd_info,
	&vboxctl_cmd_balloon,	&vboxctl_cmd_stats,
	&vboxctl_cmd_guestprop, &vboxctl_cmd_sharedfolder,
	&vboxctl_cmd_status,	&cmd_help,
};

int vboxctl_no_args(int argc, char **argv)
{
	if (argc > 1)
		return ovt_print_usage_error("'%s' takes no arguments",
					     argv[0]);
	return 0;
}

/* The device a vbgl_open() with these settings means, for messages. */
static const char *device_name(const struct vboxctl *ctl, unsigned int flags)
{
	const char *env = g_getenv("VBGL_DEVICE");

	if (ctl->device)
		return ctl->device;
	if (env && env[0])
		return env;
	return (flags & VBGL_OPEN_USER) ? "/dev/vboxuser" : "/dev/vboxguest";
}

int vboxctl_handle(struct vboxctl *ctl, struct vbgl_handle **out)
{
	unsigned int flags = geteuid() == 0 ? VBGL_OPEN_SYSTEM : VBGL_OPEN_USER;
	struct vbgl_handle *h;
	int ret = 0;

	g_mutex_lock(&ctl->lock);
	if (ctl->interrupted) {
		ret = ovt_print_error("interrupted");
		goto out;
	}
	if (!ctl->h) {
		g_debug("opening %s", device_name(ctl, flags));
		ret = vbgl_open(ctl->device, flags, &h);
		if (ret < 0) {
			ret = ovt_print_error("cannot open %s: %s",
					      device_name(ctl, flags),
					      g_strerror(-ret));
			goto out;
		}
		g_debug("opened %s (transport %s)", vbgl_device(h),
			vbgl_transport_name(vbgl_transport(h)));
		ctl->h = h;
	}
	*out = ctl->h;
out:
	g_mutex_unlock(&ctl->lock);
	return ret;
}

static int run_help(struct vboxctl *ctl, int argc, char **argv)
{
	int ret = vboxctl_no_args(argc, argv);

	if (ret)
		return ret;
	g_print("%s", ctl->help);
	return OVT_EXIT_OK;
}

static const struct vboxctl_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	}
	return NULL;
}

static gchar *command_list(void)
{
	GString *s = g_string_new("Commands:\n");
	gchar *left;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(commands); i++) {
		left = g_strdup_printf("%s%s%s", commands[i]->name,
				       commands[i]->args[0] ? " " : "",
				       commands[i]->args);
		g_string_append_printf(s, "  %-26s %s\n", left,
				       commands[i]->summary);
		g_free(left);
	}
	g_string_append(
		s,
		"\nGlobal options go before the command.  The device is --device, "
		"else $VBGL_DEVICE,\nelse /dev/vboxguest (root) or /dev/vboxuser; "
		"\"unix:PATH\" means the host simulator.\n"
		"\nExit status: 0 success, 1 the operation failed, 2 usage error, 3 no such\n"
		"property (guestproperty get), 4 timeout (guestproperty wait).");
	return g_string_free(s, FALSE);
}

static void command_thread(GTask *task, gpointer source, gpointer data,
			   GCancellable *cancellable)
{
	struct vboxctl *ctl = data;

	(void)source;
	(void)cancellable;
	g_task_return_int(task, ctl->cmd->run(ctl, ctl->argc, ctl->argv));
}

static void command_done(GObject *source, GAsyncResult *res, gpointer data)
{
	struct vboxctl *ctl = data;

	(void)source;
	ctl->result = (int)g_task_propagate_int(G_TASK(res), NULL);
	g_main_loop_quit(ctl->loop);
}

/* Wake whatever the command waits for; it then ends by itself. */
static gboolean on_signal(gpointer data)
{
	struct vboxctl *ctl = data;

	g_mutex_lock(&ctl->lock);
	if (!ctl->interrupted)
		g_debug("signal received, interrupting the command");
	ctl->interrupted = TRUE;
	if (ctl->h)
		vbgl_interrupt_waiters(ctl->h);
	g_mutex_unlock(&ctl->lock);
	return G_SOURCE_CONTINUE;
}

static int run_command(struct vboxctl *ctl)
{
	GTask *task;
	guint sigint, sigterm;

	ctl->loop = g_main_loop_new(NULL, FALSE);
	sigint = g_unix_signal_add(SIGINT, on_signal, ctl);
	sigterm = g_unix_signal_add(SIGTERM, on_signal, ctl);

	task = g_task_new(NULL, NULL, command_done, ctl);
	g_task_set_task_data(task, ctl, NULL);
	g_task_run_in_thread(task, command_thread);
	g_object_unref(task);
	g_main_loop_run(ctl->loop);

	g_source_remove(sigint);
	g_source_remove(sigterm);
	g_clear_pointer(&ctl->loop, g_main_loop_unref);
	if (ctl->interrupted && ctl->result == OVT_EXIT_OK)
		ctl->result = ovt_print_error("interrupted");
	return ctl->result;
}

static int parse_options(struct vboxctl *ctl, int *argc, char ***argv)
{
	const GOptionEntry entries[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &ctl->device,
		  "Device node or unix:SOCKET (default: $VBGL_DEVICE)", "DEV" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &ctl->verbose,
		  "Log what is being done on stderr", NULL },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &ctl->version,
		  "Print the version and exit", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *octx;
	GError *error = NULL;
	gchar *list;
	int ret = 0;

	octx = g_option_context_new("COMMAND [ARGS…]");
	g_option_context_set_summary(
		octx,
		"Query and control the VirtualBox guest driver and host.");
	list = command_list();
	g_option_context_set_description(octx, list);
	g_free(list);
	g_option_context_add_main_entries(octx, entries, NULL);
	g_option_context_set_strict_posix(octx, TRUE);
	if (!g_option_context_parse(octx, argc, argv, &error)) {
		ret = ovt_print_usage_error("%s", error->message);
		g_error_free(error);
	} else if (ctl->device && !ctl->device[0]) {
		ret = ovt_print_usage_error("--device must not be empty");
	}
	ctl->help = g_option_context_get_help(octx, TRUE, NULL);
	g_option_context_free(octx);
	return ret;
}

int main(int argc, char **argv)
{
	struct vboxctl ctl;
	int ret;

	memset(&ctl, 0, sizeof(ctl));
	g_mutex_init(&ctl.lock);
	g_set_prgname("vboxctl");

	ret = parse_options(&ctl, &argc, &argv);
	if (ret)
		goto out;
	if (ctl.version) {
		g_print("vboxctl %s\n", PACKAGE_VERSION);
		goto out;
	}
	/* Results go to stdout; log messages (debug with --verbose) never. */
	ovt_log_setup("vboxctl", OVT_LOG_AUTO, ctl.verbose ? 2 : 0);

	if (argc < 2) {
		ret = ovt_print_usage_error("no command given");
		goto out;
	}
	ctl.cmd = find_command(argv[1]);
	if (!ctl.cmd) {
		ret = ovt_print_usage_error("unknown command '%s'", argv[1]);
		goto out;
	}
	ctl.argc = argc - 1;
	ctl.argv = argv + 1;
	ret = run_command(&ctl);

out:
	vbgl_close(ctl.h);
	g_free(ctl.device);
	g_free(ctl.help);
	g_mutex_clear(&ctl.lock);
	return ret;
}
