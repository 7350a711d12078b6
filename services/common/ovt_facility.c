// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Facility status to the host, combined over the agents that share a
 * facility (see ovt_facility.h).
 */
#define G_LOG_DOMAIN "ovt-common"

#include "config.h"

#include "services/common/ovt_facility.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib.h>

#include "services/common/ovt_reconnect.h"

#define KEY_FACILITY "facility"
#define KEY_STATUS   "facility-status"

struct ovt_facility {
	uint32_t facility;
	struct ovt_state *state;
	int last_error; /* last error logged, to log each once */
};

static const struct {
	uint32_t status;
	const char *name;
} status_names[] = {
	{ VBGL_FACILITY_STATUS_INACTIVE, "inactive" },
	{ VBGL_FACILITY_STATUS_PAUSED, "paused" },
	{ VBGL_FACILITY_STATUS_PRE_INIT, "pre-init" },
	{ VBGL_FACILITY_STATUS_INIT, "init" },
	{ VBGL_FACILITY_STATUS_ACTIVE, "active" },
	{ VBGL_FACILITY_STATUS_TERMINATING, "terminating" },
	{ VBGL_FACILITY_STATUS_TERMINATED, "terminated" },
	{ VBGL_FACILITY_STATUS_FAILED, "failed" },
	{ VBGL_FACILITY_STATUS_UNKNOWN, "unknown" },
};

const char *ovt_facility_status_name(uint32_t status)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(status_names); i++)
		if (status_names[i].status == status)
			return status_names[i].name;
	return NULL;
}

static const char *name_of(uint32_t status)
{
	const char *name = ovt_facility_status_name(status);

	return name ? name : "unknown";
}

static bool status_from_name(const char *name, uint32_t *status)
{
	size_t i;

	for (i = 0; name && i < G_N_ELEMENTS(status_names); i++) {
		if (!strcmp(status_names[i].name, name)) {
			*status = status_names[i].status;
			return true;
		}
	}
	return false;
}

struct ovt_facility *ovt_facility_new(uint32_t facility,
				      struct ovt_state *state)
{
	struct ovt_facility *f = g_new0(struct ovt_facility, 1);

	f->facility = facility;
	f->state = state;
	return f;
}

void ovt_facility_free(struct ovt_facility *f)
{
	g_free(f);
}

static bool stopping(uint32_t status)
{
	return status == VBGL_FACILITY_STATUS_TERMINATING ||
	       status == VBGL_FACILITY_STATUS_TERMINATED ||
	       status == VBGL_FACILITY_STATUS_INACTIVE;
}

/* What the other agents say: any failed, any starting, any active. */
struct combined {
	bool failed, starting, active;
};

static void combine(struct combined *c, uint32_t status)
{
	c->failed |= status == VBGL_FACILITY_STATUS_FAILED;
	c->starting |= status == VBGL_FACILITY_STATUS_PRE_INIT ||
		       status == VBGL_FACILITY_STATUS_INIT;
	c->active |= status == VBGL_FACILITY_STATUS_ACTIVE ||
		     status == VBGL_FACILITY_STATUS_PAUSED;
}

/* The other live agents of the facility, from their state files. */
static void combine_others(const struct ovt_facility *f, const char *dir,
			   const char *own, struct combined *c)
{
	const char *file;
	GDir *d = g_dir_open(dir, 0, NULL);

	if (!d)
		return;
	while ((file = g_dir_read_name(d))) {
		g_autoptr(GKeyFile) kf = NULL;
		g_autofree char *path = NULL;
		g_autofree char *name = NULL;
		uint32_t status;

		if (file[0] == '.' || !g_str_has_suffix(file, ".state"))
			continue;
		path = g_build_filename(dir, file, NULL);
		if (!strcmp(path, own))
			continue;
		kf = g_key_file_new();
		if (!g_key_file_load_from_file(kf, path, 0, NULL) ||
		    g_key_file_get_uint64(kf, OVT_STATE_GROUP_AGENT,
					  KEY_FACILITY, NULL) != f->facility ||
		    !ovt_state_file_alive(kf))
			continue;
		name = g_key_file_get_string(kf, OVT_STATE_GROUP_AGENT,
					     KEY_STATUS, NULL);
		if (status_from_name(name, &status))
			combine(c, status);
	}
	g_dir_close(d);
}

/*
 * The status to report: the combination of this agent's new status and
 * the others'; a stopping agent speaks only if no other one runs.
 */
static uint32_t combined_status(const struct combined *c, uint32_t own)
{
	if (c->failed || own == VBGL_FACILITY_STATUS_FAILED)
		return VBGL_FACILITY_STATUS_FAILED;
	if (stopping(own) && !c->starting && !c->active)
		return own;
	if (c->starting || own == VBGL_FACILITY_STATUS_PRE_INIT ||
	    own == VBGL_FACILITY_STATUS_INIT)
		return VBGL_FACILITY_STATUS_INIT;
	if (c->active || own == VBGL_FACILITY_STATUS_ACTIVE)
		return VBGL_FACILITY_STATUS_ACTIVE;
	return own;
}

/* Record the agent's own status (written now, for the others to read). */
static void record_own(struct ovt_facility *f, uint32_t status)
{
	GKeyFile *kf = ovt_state_keyfile(f->state);
	GError *error = NULL;

	g_key_file_set_uint64(kf, OVT_STATE_GROUP_AGENT, KEY_FACILITY,
			      f->facility);
	g_key_file_set_string(kf, OVT_STATE_GROUP_AGENT, KEY_STATUS,
			      name_of(status));
	ovt_state_changed(f->state);
	if (!ovt_state_flush(f->state, &error)) {
		g_info("cannot record the facility status: %s", error->message);
		g_error_free(error);
	}
}

/* flock(2) of DIR/.facility-N.lock; -1 if it cannot be had. */
static int lock_dir(const struct ovt_facility *f, const char *dir)
{
	g_autofree char *path = NULL;
	char file[40];
	int fd;

	g_snprintf(file, sizeof(file), ".facility-%u.lock", f->facility);
	path = g_build_filename(dir, file, NULL);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static uint32_t decide(struct ovt_facility *f, uint32_t status, int *lock_fd)
{
	struct combined c = { 0 };
	g_autofree char *dir = NULL;
	const char *own;

	*lock_fd = -1;
	if (!f->state)
		return status;
	own = ovt_state_path(f->state);
	dir = g_path_get_dirname(own);
	*lock_fd = lock_dir(f, dir);
	record_own(f, status);
	combine_others(f, dir, own, &c);
	return combined_status(&c, status);
}

int ovt_facility_report(struct ovt_facility *f, struct vbgl_handle *h,
			uint32_t status)
{
	uint32_t report;
	int lock_fd, ret;

	if (!f)
		return 0;
	report = decide(f, status, &lock_fd);
	ret = vbgl_report_facility_status(h, f->facility, report);
	if (lock_fd >= 0)
		close(lock_fd);
	if (ret < 0 && ovt_errno_is_disconnect(ret))
		return ret;
	if (ret < 0 && ret != f->last_error)
		g_info("reporting facility %u as %s failed: %s", f->facility,
		       name_of(report), g_strerror(-ret));
	f->last_error = ret < 0 ? ret : 0;
	if (ret == 0 && report != status)
		g_debug("facility %u: %s for this agent, %s reported",
			f->facility, name_of(status), name_of(report));
	return 0;
}

int ovt_facility_begun(struct ovt_facility *f, struct vbgl_handle *h, int ret)
{
	if (ret == 0)
		return ovt_facility_report(f, h, VBGL_FACILITY_STATUS_ACTIVE);
	if (!ovt_errno_is_disconnect(ret))
		ovt_facility_report(f, h, VBGL_FACILITY_STATUS_FAILED);
	return ret;
}
