/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pidfile and single instance: the running instance holds an exclusive
 * flock(2) on its pidfile for as long as it runs, so a second instance
 * cannot take it, and a pidfile left behind by a crash (nobody holds the
 * lock) is simply taken over.
 */
#ifndef OVT_PIDFILE_H
#define OVT_PIDFILE_H

#include <sys/types.h>

struct ovt_pidfile;

/**
 * ovt_pidfile_acquire - lock a pidfile and write this process's pid.
 * @path: the file; its directory is created (mode 0755) if missing, one
 *	level only
 * @out: receives the pidfile
 * @holder: receives the pid written by the instance that holds the lock
 *	when the result is -EBUSY (0 if it cannot be read); may be NULL
 *
 * Return: 0; -EBUSY when another process holds the lock; -EINVAL for an
 * empty path or a path that is not a regular file; -ELOOP for a symbolic
 * link; another negative errno from open(2), flock(2) or write(2).
 */
int ovt_pidfile_acquire(const char *path, struct ovt_pidfile **out,
			pid_t *holder);

/**
 * ovt_pidfile_release - remove the pidfile and drop the lock; NULL is
 * ignored.
 * @pf: the pidfile
 */
void ovt_pidfile_release(struct ovt_pidfile *pf);

/**
 * ovt_pidfile_lock - ovt_pidfile_acquire() for a program's start-up: on
 * failure it prints the one-line reason (another instance and its pid, or
 * why the file cannot be created) with ovt_print_error().
 * @path: the pidfile
 * @out: receives the lock
 *
 * Return: 0 or the negative errno of ovt_pidfile_acquire().
 */
int ovt_pidfile_lock(const char *path, struct ovt_pidfile **out);

#endif /* OVT_PIDFILE_H */
