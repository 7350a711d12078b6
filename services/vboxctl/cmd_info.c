// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboxctl version / info: what program, driver and host this is.
 *
 * Output lines are "key: value" and stable (scripts and tests grep them).
 */
#define G_LOG_DOMAIN "vboxctl"

#include "config.h"

#include <glib.h>

#include "services/vboxctl/vboxctl.h"

/* "1.0 (0x00010000)": an interface version, major in the high half. */
static void print_interface(const char *key, uint32_t v)
{
	g_print("%s: %u.%u (0x%08x)\n", key, v >> 16, v & 0xffff, v);
}

static int print_driver(struct vbgl_handle *h)
{
	struct vbgl_driver_info info;
	int ret;

	ret = vbgl_driver_info(h, &info);
	if (ret < 0)
		return ovt_print_error("driver version query failed: %s",
				       g_strerror(-ret));
	print_interface("driver version", info.driver_version);
	print_interface("session version", info.session_version);
	g_print("driver revision: %u\n", info.driver_revision);
	return OVT_EXIT_OK;
}

static int run_version(struct vboxctl *ctl, int argc, char **argv)
{
	struct vbgl_handle *h;
	int ret;

	ret = vboxctl_no_args(argc, argv);
	if (ret)
		return ret;
	g_print("vboxctl version: %s\n", PACKAGE_VERSION);
	ret = vboxctl_handle(ctl, &h);
	if (ret)
		return ret;
	return print_driver(h);
}

const struct vboxctl_command vboxctl_cmd_version = {
	.name = "version",
	.args = "",
	.summary = "Show the program's and the driver's versions",
	.run = run_version,
};

/* "0x8000000f (hgcm-phys-page-list ... fast-irq-ack)". */
static void print_features(uint32_t features)
{
	GString *s = g_string_new(NULL);
	const char *name;
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		if (!(features & (1u << bit)))
			continue;
		name = vbgl_host_feature_name(1u << bit);
		if (s->len)
			g_string_append_c(s, ' ');
		if (name)
			g_string_append(s, name);
		else
			g_string_append_printf(s, "0x%08x", 1u << bit);
	}
	g_print("host features: 0x%08x (%s)\n", features,
		s->len ? s->str : "none");
	g_string_free(s, TRUE);
}

static int run_info(struct vboxctl *ctl, int argc, char **argv)
{
	struct vbgl_host_version ver;
	struct vbgl_handle *h;
	char text[40];
	int ret;

	ret = vboxctl_no_args(argc, argv);
	if (ret)
		return ret;
	ret = vboxctl_handle(ctl, &h);
	if (ret)
		return ret;

	ret = vbgl_get_host_version(h, &ver);
	if (ret < 0)
		return ovt_print_error("host version query failed: %s",
				       g_strerror(-ret));
	vbgl_host_version_format(&ver, text, sizeof(text));
	g_print("host version: %s\n", text);
	print_features(ver.features);

	ret = print_driver(h);
	if (ret)
		return ret;
	g_print("device: %s\n", vbgl_device(h));
	g_print("transport: %s\n", vbgl_transport_name(vbgl_transport(h)));
	return OVT_EXIT_OK;
}

const struct vboxctl_command vboxctl_cmd_info = {
	.name = "info",
	.args = "",
	.summary = "Show the host's version and features and the driver in use",
	.run = run_info,
};
