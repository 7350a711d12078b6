/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Wire constants of the VirtualBox guest property HGCM service
 * (VBoxGuestPropSvc) that the public header does not carry: the guest's
 * function numbers.  The service name, the limits and the flag bits are
 * public (VBGL_GUESTPROP_* in libvbglr3/vbglr3.h).  libvbglr3's client and
 * vbox-hostsim's service both use this one definition.
 */
#ifndef VBGL_GUESTPROP_WIRE_H
#define VBGL_GUESTPROP_WIRE_H

#define GUESTPROP_FN_GET_PROP	      1
#define GUESTPROP_FN_SET_PROP	      2
#define GUESTPROP_FN_SET_PROP_VALUE   3
#define GUESTPROP_FN_DEL_PROP	      4
#define GUESTPROP_FN_ENUM_PROPS	      5
#define GUESTPROP_FN_GET_NOTIFICATION 6
#define GUESTPROP_FN_LAST	      GUESTPROP_FN_GET_NOTIFICATION

#endif /* VBGL_GUESTPROP_WIRE_H */
