/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Starting and stopping a real vbox-hostsim for end-to-end tests.  The
 * simulator runs in a fresh temporary directory, is remembered by PID and is
 * stopped by PID (SIGTERM, then SIGKILL) whatever the test did.
 */
#ifndef OVT_HOSTSIM_FIXTURE_H
#define OVT_HOSTSIM_FIXTURE_H

#include <stdbool.h>
#include <sys/types.h>

struct hostsim {
	char *dir; /* the simulator's --dir */
	pid_t pid;
	char *guest_device; /* "unix:DIR/vboxguest.sock" */
	char *user_device;  /* "unix:DIR/vboxuser.sock" */
};

/* Path of a built program, from $OVT_TOP_BUILDDIR (or PATH). */
char *ovt_program_path(const char *relpath);

/*
 * Start vbox-hostsim with extra arguments (NULL-terminated, may be NULL) and
 * wait until its three sockets exist.  Returns NULL (with a message on
 * stderr) if it does not come up within 10 s.
 */
struct hostsim *hostsim_start(const char *const *extra_args);

/* Stop it by PID and remove its directory.  NULL is ignored. */
void hostsim_stop(struct hostsim *sim);

/*
 * Run `vbox-hostsim ctl --dir DIR ARGS...` (NULL-terminated).  Returns its
 * stdout (caller frees) and stores the exit status in *status if not NULL.
 */
char *hostsim_ctl(struct hostsim *sim, int *status, const char *arg, ...)
	__attribute__((sentinel));

/*
 * The value of "key: value" in `ctl status`, or NULL.  Caller frees.
 */
char *hostsim_status_value(struct hostsim *sim, const char *key);
/* The same for another command without arguments (`ctl hgcm-stats`). */
char *hostsim_ctl_value(struct hostsim *sim, const char *command,
			const char *key);

/*
 * Poll `ctl status` until key has the expected value or timeout_ms passes.
 * Returns true if it did.  (Tests wait on host state this way; the 20 ms
 * step is the test's, not the product's.)
 */
bool hostsim_wait_status(struct hostsim *sim, const char *key,
			 const char *expected, unsigned int timeout_ms);

/*
 * Check glue: every test gets its own TCase with a fresh simulator started
 * and stopped in the parent process (an unchecked fixture), so the
 * simulator is stopped even when the test fails.  The simulator is
 * available as ovt_sim inside the test.
 */
#include <check.h>

extern struct hostsim *ovt_sim;
extern const char *const *ovt_sim_args;

void ovt_add_sim_test(Suite *s, const char *name, const TTest *test,
		      unsigned int timeout_s);

#endif /* OVT_HOSTSIM_FIXTURE_H */
