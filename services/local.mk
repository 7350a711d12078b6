# SPDX-License-Identifier: GPL-2.0-or-later
#
# Programs in services/.

# vboxctl: one file per command group, the table in vboxctl.c.
bin_PROGRAMS += services/vboxctl/vboxctl
services_vboxctl_vboxctl_SOURCES = \
	services/vboxctl/vboxctl.h \
	services/vboxctl/vboxctl.c \
	services/vboxctl/cmd_info.c \
	$(NULL)
services_vboxctl_vboxctl_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
services_vboxctl_vboxctl_LDADD = libvbglr3/libvbglr3.la $(GLIB_LIBS)

dist_man_MANS += man/vboxctl.1

# vboxctl against the library tests' socket peer (the end-to-end tests
# against vbox-hostsim live in tests/).
check_PROGRAMS += tests/unit/vbgl-test-peer
tests_unit_vbgl_test_peer_SOURCES = \
	tests/unit/vbgl_peer_main.c \
	tests/unit/vbgl_test_peer.c \
	tests/unit/vbgl_test_peer.h \
	$(NULL)
tests_unit_vbgl_test_peer_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_vbgl_test_peer_LDADD = libvbglr3/libvbglr3-core.la $(PTHREAD_LIBS)

TESTS += tests/unit/test_vboxctl.sh
EXTRA_DIST += tests/unit/test_vboxctl.sh
