// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Starting and stopping a real vbox-hostsim for end-to-end tests.
 */
#include "config.h"

#include "hostsim_fixture.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

char *ovt_program_path(const char *relpath)
{
	const char *top = g_getenv("OVT_TOP_BUILDDIR");

	if (top && *top)
		return g_build_filename(top, relpath, NULL);
	return g_path_get_basename(relpath);
}

static bool sockets_exist(const char *dir)
{
	static const char *const names[] = { "vboxguest.sock", "vboxuser.sock",
					     "control.sock" };
	struct stat st;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *p = g_build_filename(dir, names[i], NULL);

		if (stat(p, &st) != 0 || !S_ISSOCK(st.st_mode))
			return false;
	}
	return true;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* If the test process dies, the simulator goes with it. */
static void die_with_parent(gpointer unused)
{
	(void)unused;
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

struct hostsim *hostsim_start(const char *const *extra_args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;
	struct hostsim *sim;
	unsigned int waited;
	int status;
	GPid pid;

	sim = g_new0(struct hostsim, 1);
	sim->dir = g_dir_make_tmp("ovt-hostsim-XXXXXX", &error);
	if (!sim->dir) {
		fprintf(stderr, "hostsim_start: %s\n", error->message);
		g_free(sim);
		return NULL;
	}
	g_ptr_array_add(argv, ovt_program_path("hostsim/vbox-hostsim"));
	g_ptr_array_add(argv, g_strdup("--dir"));
	g_ptr_array_add(argv, g_strdup(sim->dir));
	for (; extra_args && *extra_args; extra_args++)
		g_ptr_array_add(argv, g_strdup(*extra_args));
	g_ptr_array_add(argv, NULL);

	if (!g_spawn_async(NULL, (char **)argv->pdata, NULL,
			   G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
			   &pid, &error)) {
		fprintf(stderr, "hostsim_start: %s\n", error->message);
		rmdir(sim->dir);
		g_free(sim->dir);
		g_free(sim);
		return NULL;
	}
	sim->pid = pid;
	sim->guest_device = g_strdup_printf("unix:%s/vboxguest.sock", sim->dir);
	sim->user_device = g_strdup_printf("unix:%s/vboxuser.sock", sim->dir);

	for (waited = 0; waited < 10000; waited += 10) {
		if (sockets_exist(sim->dir))
			return sim;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			fprintf(stderr,
				"hostsim_start: vbox-hostsim exited early (status 0x%x)\n",
				status);
			sim->pid = 0;
			hostsim_stop(sim);
			return NULL;
		}
		sleep_ms(10);
	}
	fprintf(stderr,
		"hostsim_start: sockets did not appear in %s within 10 s\n",
		sim->dir);
	hostsim_stop(sim);
	return NULL;
}

static void remove_dir(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		g_autofree char *p = g_build_filename(dir, name, NULL);

		unlink(p);
	}
	rmdir(dir);
}

void hostsim_stop(struct hostsim *sim)
{
	unsigned int waited;
	int status;

	if (!sim)
		return;
	if (sim->pid > 0) {
		kill(sim->pid, SIGTERM);
		for (waited = 0; waited < 5000; waited += 10) {
			if (waitpid(sim->pid, &status, WNOHANG) == sim->pid)
				break;
			sleep_ms(10);
		}
		if (waited >= 5000) {
			fprintf(stderr,
				"hostsim_stop: no exit after SIGTERM, killing %d\n",
				(int)sim->pid);
			kill(sim->pid, SIGKILL);
			waitpid(sim->pid, &status, 0);
		}
	}
	remove_dir(sim->dir);
	g_free(sim->dir);
	g_free(sim->guest_device);
	g_free(sim->user_device);
	g_free(sim);
}

char *hostsim_ctl(struct hostsim *sim, int *status, const char *arg, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;
	char *out = NULL;
	int wait_status = 0;
	va_list ap;

	g_ptr_array_add(argv, ovt_program_path("hostsim/vbox-hostsim"));
	g_ptr_array_add(argv, g_strdup("ctl"));
	g_ptr_array_add(argv, g_strdup("--dir"));
	g_ptr_array_add(argv, g_strdup(sim->dir));
	va_start(ap, arg);
	for (; arg; arg = va_arg(ap, const char *))
		g_ptr_array_add(argv, g_strdup(arg));
	va_end(ap);
	g_ptr_array_add(argv, NULL);

	if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL,
			  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
			  &wait_status, &error)) {
		fprintf(stderr, "hostsim_ctl: %s\n", error->message);
		if (status)
			*status = -1;
		return g_strdup("");
	}
	if (status)
		*status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) :
						   -1;
	return out;
}

char *hostsim_status_value(struct hostsim *sim, const char *key)
{
	return hostsim_ctl_value(sim, "status", key);
}

char *hostsim_ctl_value(struct hostsim *sim, const char *command,
			const char *key)
{
	g_autofree char *out = hostsim_ctl(sim, NULL, command, NULL);
	g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
	size_t klen = strlen(key);
	char **l;

	for (l = lines; *l; l++) {
		if (strncmp(*l, key, klen) == 0 && (*l)[klen] == ':')
			return g_strstrip(g_strdup(*l + klen + 1));
	}
	return NULL;
}

bool hostsim_wait_status(struct hostsim *sim, const char *key,
			 const char *expected, unsigned int timeout_ms)
{
	unsigned int waited;

	for (waited = 0;; waited += 20) {
		g_autofree char *v = hostsim_status_value(sim, key);

		if (v && strcmp(v, expected) == 0)
			return true;
		if (waited >= timeout_ms)
			return false;
		sleep_ms(20);
	}
}

struct hostsim *ovt_sim;
const char *const *ovt_sim_args;

static void ovt_sim_setup(void)
{
	ovt_sim = hostsim_start(ovt_sim_args);
	if (!ovt_sim) {
		fprintf(stderr, "vbox-hostsim did not start\n");
		exit(EXIT_FAILURE);
	}
}

static void ovt_sim_teardown(void)
{
	hostsim_stop(ovt_sim);
	ovt_sim = NULL;
}

void ovt_add_sim_test(Suite *s, const char *name, const TTest *test,
		      unsigned int timeout_s)
{
	TCase *tc = tcase_create(name);

	tcase_add_unchecked_fixture(tc, ovt_sim_setup, ovt_sim_teardown);
	tcase_set_timeout(tc, timeout_s);
	tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
}
