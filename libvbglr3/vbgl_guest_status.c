// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reporting guest state to the host: facility status (ReportGuestStatus)
 * and user state (ReportGuestUserState).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvbglr3/vbgl_internal.h"
#include "driver/vmmdev.h"

_Static_assert(VBGL_FACILITY_VBOXGUEST_DRIVER ==
		       VBOXGUEST_FACILITY_TYPE_VBOXGUEST_DRIVER,
	       "facility");
_Static_assert(VBGL_FACILITY_AUTO_LOGON == VBOXGUEST_FACILITY_TYPE_AUTO_LOGON,
	       "facility");
_Static_assert(VBGL_FACILITY_VBOX_SERVICE ==
		       VBOXGUEST_FACILITY_TYPE_VBOX_SERVICE,
	       "facility");
_Static_assert(VBGL_FACILITY_VBOX_TRAY_CLIENT ==
		       VBOXGUEST_FACILITY_TYPE_VBOX_TRAY_CLIENT,
	       "facility");
_Static_assert(VBGL_FACILITY_SEAMLESS == VBOXGUEST_FACILITY_TYPE_SEAMLESS,
	       "facility");
_Static_assert(VBGL_FACILITY_GRAPHICS == VBOXGUEST_FACILITY_TYPE_GRAPHICS,
	       "facility");
_Static_assert(VBGL_FACILITY_MONITOR_ATTACH ==
		       VBOXGUEST_FACILITY_TYPE_MONITOR_ATTACH,
	       "facility");
_Static_assert(VBGL_FACILITY_ALL == VBOXGUEST_FACILITY_TYPE_ALL, "facility");
_Static_assert(VBGL_FACILITY_STATUS_ACTIVE == VBOXGUEST_FACILITY_STATUS_ACTIVE,
	       "facility status");
_Static_assert(VBGL_FACILITY_STATUS_FAILED == VBOXGUEST_FACILITY_STATUS_FAILED,
	       "facility status");

/*
 * ReportGuestUserState (74): header, four u32, then the strings from @40.
 * The host's minimum size is 44 (its struct counts the first, padded name
 * byte), and VbglR3 sizes the request as 44 + the string and detail sizes;
 * do the same, so a one-letter user name is not refused.
 */
#define USER_STATE_FIXED       sizeof(struct vmmdev_guest_user_state)
#define USER_STATE_BASE	       VMMDEV_USER_STATE_MIN_SIZE
#define USER_STATE_MAX_SIZE    VMMDEV_USER_STATE_MAX_SIZE
#define USER_STATE_MAX_NAME    VMMDEV_USER_STATE_MAX_USER /* incl. NUL */
#define USER_STATE_MAX_DETAILS VMMDEV_USER_STATE_MAX_DETAILS

int vbgl_report_facility_status(struct vbgl_handle *h, uint32_t facility,
				uint32_t status)
{
	struct vmmdev_guest_status req;

	if (facility == VBOXGUEST_FACILITY_TYPE_UNKNOWN ||
	    facility > VBOXGUEST_FACILITY_TYPE_ALL)
		return -EINVAL;
	if (status > 0xffff)
		return -ERANGE;
	vbgl_vmmdev_request_init(&req, sizeof(req),
				 VMMDEVREQ_REPORT_GUEST_STATUS);
	req.facility = facility;
	req.status = status;
	req.flags = 0;
	return vbgl_vmmdev_request(h, &req);
}

/* Length including the NUL, or 0 if the string is too long. */
static uint32_t name_size(const char *s)
{
	size_t len = strnlen(s, USER_STATE_MAX_NAME);

	return len < USER_STATE_MAX_NAME ? (uint32_t)len + 1 : 0;
}

int vbgl_report_user_state(struct vbgl_handle *h, uint32_t state,
			   const char *user, const char *domain,
			   const void *details, uint32_t details_len)
{
	uint32_t user_size, domain_size = 0, size;
	struct vmmdev_guest_user_state *req;
	uint8_t *p;
	int ret;

	if (!user || !user[0] || state > VBGL_USER_STATE_MAX ||
	    (!details && details_len))
		return -EINVAL;
	user_size = name_size(user);
	if (domain && domain[0])
		domain_size = name_size(domain);
	if (!user_size || (domain && domain[0] && !domain_size) ||
	    details_len > USER_STATE_MAX_DETAILS)
		return -E2BIG;
	size = USER_STATE_BASE + user_size + domain_size + details_len;
	if (size > USER_STATE_MAX_SIZE)
		return -E2BIG;

	req = malloc(size);
	if (!req)
		return -ENOMEM;
	vbgl_vmmdev_request_init(req, size, VMMDEVREQ_REPORT_GUEST_USER_STATE);
	req->state = state;
	req->user_size = user_size;
	req->domain_size = domain_size;
	req->details_size = details_len;
	p = (uint8_t *)req + USER_STATE_FIXED;
	memcpy(p, user, user_size);
	p += user_size;
	if (domain_size)
		memcpy(p, domain, domain_size);
	p += domain_size;
	if (details_len)
		memcpy(p, details, details_len);
	ret = vbgl_vmmdev_request(h, req);
	free(req);
	return ret;
}
