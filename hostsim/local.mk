# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-hostsim, the simulated VirtualBox host.
#
# libhostsim-emu.la is the emulated VMMDev, the HGCM host-service framework
# and the host services: everything of the simulator that does not need the
# driver core, so unit tests can link the production objects.
# vmmdev_kshim.c is the only file in it that calls the shim; it is linked
# only into programs that reference vmmdev_emu_new_kshim().
HOSTSIM_CPPFLAGS = $(AM_CPPFLAGS) -DG_LOG_USE_STRUCTURED \
	-DG_LOG_DOMAIN=\"vbox-hostsim\"
HOSTSIM_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(PTHREAD_CFLAGS)

noinst_LTLIBRARIES += hostsim/libhostsim-emu.la
hostsim_libhostsim_emu_la_SOURCES = \
	hostsim/fault.c \
	hostsim/fault.h \
	hostsim/hgcm_host.c \
	hostsim/hgcm_host.h \
	hostsim/svc_clipboard.c \
	hostsim/svc_clipboard.h \
	hostsim/svc_guestprop.c \
	hostsim/svc_guestprop.h \
	hostsim/svc_hostsimtest.c \
	hostsim/svc_hostsimtest.h \
	hostsim/svc_shfl.c \
	hostsim/svc_shfl.h \
	hostsim/svc_shfl_dir.c \
	hostsim/svc_shfl_file.c \
	hostsim/svc_shfl_handle.c \
	hostsim/svc_shfl_ops.c \
	hostsim/svc_shfl_path.c \
	hostsim/svc_shfl_priv.h \
	hostsim/svc_shfl_str.c \
	hostsim/vmmdev_balloon.c \
	hostsim/vmmdev_display.c \
	hostsim/vmmdev_emu.c \
	hostsim/vmmdev_emu.h \
	hostsim/vmmdev_emu_priv.h \
	hostsim/vmmdev_hgcm.c \
	hostsim/vmmdev_kshim.c \
	$(NULL)
hostsim_libhostsim_emu_la_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
hostsim_libhostsim_emu_la_CFLAGS = $(HOSTSIM_CFLAGS)
hostsim_libhostsim_emu_la_LIBADD = \
	libvbglr3/libvbgl-wire.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)

# The simulator itself, installed: the emulated device and services above,
# the driver core over the shim (kshim/), the guest and control sockets;
# it logs through services/common's ovt_log.
bin_PROGRAMS += hostsim/vbox-hostsim
hostsim_vbox_hostsim_SOURCES = \
	hostsim/control.c \
	hostsim/control.h \
	hostsim/ctl_client.c \
	hostsim/fault_ctl.c \
	hostsim/guest_sock.c \
	hostsim/guest_sock.h \
	hostsim/hostsim_main.c \
	hostsim/hostsim_socket.c \
	hostsim/hostsim_socket.h \
	hostsim/svc_clipboard_ctl.c \
	hostsim/svc_shfl_ctl.c \
	$(NULL)
hostsim_vbox_hostsim_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
hostsim_vbox_hostsim_CFLAGS = $(HOSTSIM_CFLAGS)
hostsim_vbox_hostsim_LDADD = \
	hostsim/libhostsim-emu.la \
	kshim/libvbgcore.la \
	services/common/libovt-common.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
