# SPDX-License-Identifier: GPL-2.0-or-later
#
# The vboxguest driver core built for userspace: the core's .c files,
# compiled unchanged against the kernel-API shim's <linux/...> headers
# (which must win over /usr/include for the names they shadow), plus the
# shim itself and kcore.c, the plain-C face userspace hosts call.  The
# kernel module is built by Kbuild from the same core files.
KCORE_CPPFLAGS = \
	-I$(top_srcdir)/tests/hostsim/kshim/include \
	-I$(top_srcdir)/driver \
	-D_GNU_SOURCE \
	$(NULL)
KCORE_CFLAGS = -std=gnu11 $(KCORE_WARN_CFLAGS) $(SAN_CFLAGS) -pthread

noinst_LTLIBRARIES += libvbgcore.la
libvbgcore_la_SOURCES = \
	driver/vmmdev.h \
	driver/vbg_core.h \
	driver/vbg_core_internal.h \
	driver/vbg_balloon.c \
	driver/vbg_caps.c \
	driver/vbg_core.c \
	driver/vbg_events.c \
	driver/vbg_heartbeat.c \
	driver/vbg_hgcm.c \
	driver/vbg_ioctl.c \
	driver/vbg_request.c \
	driver/vbg_status.c \
	tests/hostsim/kshim/kshim_internal.h \
	tests/hostsim/kshim/include/kshim/diag.h \
	tests/hostsim/kshim/include/kshim/hw.h \
	tests/hostsim/kshim/include/kshim/kcore.h \
	tests/hostsim/kshim/include/kshim/lock.h \
	tests/hostsim/kshim/include/linux/bitops.h \
	tests/hostsim/kshim/include/linux/bits.h \
	tests/hostsim/kshim/include/linux/bug.h \
	tests/hostsim/kshim/include/linux/compiler.h \
	tests/hostsim/kshim/include/linux/compiler_types.h \
	tests/hostsim/kshim/include/linux/cred.h \
	tests/hostsim/kshim/include/linux/device.h \
	tests/hostsim/kshim/include/linux/err.h \
	tests/hostsim/kshim/include/linux/errno.h \
	tests/hostsim/kshim/include/linux/gfp.h \
	tests/hostsim/kshim/include/linux/interrupt.h \
	tests/hostsim/kshim/include/linux/io.h \
	tests/hostsim/kshim/include/linux/jiffies.h \
	tests/hostsim/kshim/include/linux/kconfig.h \
	tests/hostsim/kshim/include/linux/kernel.h \
	tests/hostsim/kshim/include/linux/list.h \
	tests/hostsim/kshim/include/linux/lockdep.h \
	tests/hostsim/kshim/include/linux/math64.h \
	tests/hostsim/kshim/include/linux/mm.h \
	tests/hostsim/kshim/include/linux/mutex.h \
	tests/hostsim/kshim/include/linux/printk.h \
	tests/hostsim/kshim/include/linux/sched.h \
	tests/hostsim/kshim/include/linux/sched/signal.h \
	tests/hostsim/kshim/include/linux/slab.h \
	tests/hostsim/kshim/include/linux/spinlock.h \
	tests/hostsim/kshim/include/linux/stddef.h \
	tests/hostsim/kshim/include/linux/string.h \
	tests/hostsim/kshim/include/linux/time64.h \
	tests/hostsim/kshim/include/linux/timer.h \
	tests/hostsim/kshim/include/linux/types.h \
	tests/hostsim/kshim/include/linux/uaccess.h \
	tests/hostsim/kshim/include/linux/vmalloc.h \
	tests/hostsim/kshim/include/linux/wait.h \
	tests/hostsim/kshim/include/linux/workqueue.h \
	tests/hostsim/kshim/io.c \
	tests/hostsim/kshim/irq.c \
	tests/hostsim/kshim/kcore.c \
	tests/hostsim/kshim/lock.c \
	tests/hostsim/kshim/mem.c \
	tests/hostsim/kshim/printk.c \
	tests/hostsim/kshim/task.c \
	tests/hostsim/kshim/time.c \
	tests/hostsim/kshim/timer.c \
	tests/hostsim/kshim/uaccess.c \
	tests/hostsim/kshim/wait.c \
	tests/hostsim/kshim/workqueue.c \
	$(NULL)
libvbgcore_la_CPPFLAGS = $(KCORE_CPPFLAGS)
libvbgcore_la_CFLAGS = $(KCORE_CFLAGS) $(GLIB_CFLAGS)
libvbgcore_la_LIBADD = $(GLIB_LIBS) $(PTHREAD_LIBS)

# The kernel-only files, shipped so the tarball builds the module too.
EXTRA_DIST += \
	driver/Kbuild \
	driver/Makefile \
	driver/dkms.conf \
	driver/vbg_linux.c \
	$(NULL)

# Unit tests of the shim and of the core over the emulated VMMDev.  They
# are kernel-world code (they use wait queues, timers, ... directly), so
# they see the shim headers first, like the core.
KCORE_TEST_CFLAGS = $(KCORE_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
KCORE_TEST_LIBS = libvbgcore.la $(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS)

check_PROGRAMS += tests/unit/test_kshim
TESTS += tests/unit/test_kshim
tests_unit_test_kshim_SOURCES = tests/unit/test_kshim.c
tests_unit_test_kshim_CPPFLAGS = $(KCORE_CPPFLAGS)
tests_unit_test_kshim_CFLAGS = $(KCORE_TEST_CFLAGS)
tests_unit_test_kshim_LDADD = $(KCORE_TEST_LIBS)

# The core over the emulated VMMDev (tests/hostsim): userspace code that
# reaches the core only through <kshim/kcore.h>.
check_PROGRAMS += tests/unit/test_core
TESTS += tests/unit/test_core
tests_unit_test_core_SOURCES = tests/unit/test_core.c
tests_unit_test_core_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/tests/hostsim/kshim/include
tests_unit_test_core_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS) \
	$(PTHREAD_CFLAGS)
tests_unit_test_core_LDADD = \
	tests/hostsim/libhostsim-emu.la \
	libvbgcore.la \
	$(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
