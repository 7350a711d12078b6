# SPDX-License-Identifier: GPL-2.0-or-later
#
# kshim: the kernel-API shim, and the vboxguest driver core built over it
# for userspace (libvbgcore.la).  The core's .c files in driver/ compile
# unchanged against the shim's <linux/...> headers, which must win over
# /usr/include for the names they shadow; vbg_userspace.c is the userspace
# twin of driver/vbg_linux.c (it hands the core an emulated device instead
# of a PCI one).  vbox-hostsim, the core's unit tests and the ioctl fuzzer
# link it.  The kernel module is built by Kbuild from the same core files.
KCORE_CPPFLAGS = \
	-I$(top_srcdir)/kshim/include \
	-I$(top_srcdir)/driver \
	-I$(top_srcdir) \
	-D_GNU_SOURCE \
	$(NULL)
KCORE_CFLAGS = -std=gnu11 $(KCORE_WARN_CFLAGS) $(SAN_CFLAGS) -pthread

noinst_LTLIBRARIES += kshim/libvbgcore.la
kshim_libvbgcore_la_SOURCES = \
	driver/vmmdev.h \
	driver/vbox_status.h \
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
	kshim/diag.h \
	kshim/hw.h \
	kshim/lock.h \
	kshim/kshim_internal.h \
	kshim/vbg_userspace.h \
	kshim/vbg_userspace.c \
	kshim/io.c \
	kshim/irq.c \
	kshim/lock.c \
	kshim/mem.c \
	kshim/printk.c \
	kshim/task.c \
	kshim/time.c \
	kshim/timer.c \
	kshim/uaccess.c \
	kshim/wait.c \
	kshim/workqueue.c \
	kshim/include/linux/bitops.h \
	kshim/include/linux/bits.h \
	kshim/include/linux/bug.h \
	kshim/include/linux/compiler.h \
	kshim/include/linux/compiler_types.h \
	kshim/include/linux/cred.h \
	kshim/include/linux/device.h \
	kshim/include/linux/err.h \
	kshim/include/linux/errno.h \
	kshim/include/linux/gfp.h \
	kshim/include/linux/interrupt.h \
	kshim/include/linux/io.h \
	kshim/include/linux/jiffies.h \
	kshim/include/linux/kconfig.h \
	kshim/include/linux/kernel.h \
	kshim/include/linux/list.h \
	kshim/include/linux/lockdep.h \
	kshim/include/linux/math64.h \
	kshim/include/linux/mm.h \
	kshim/include/linux/mutex.h \
	kshim/include/linux/printk.h \
	kshim/include/linux/sched.h \
	kshim/include/linux/sched/signal.h \
	kshim/include/linux/slab.h \
	kshim/include/linux/spinlock.h \
	kshim/include/linux/stddef.h \
	kshim/include/linux/string.h \
	kshim/include/linux/time64.h \
	kshim/include/linux/timer.h \
	kshim/include/linux/types.h \
	kshim/include/linux/uaccess.h \
	kshim/include/linux/vmalloc.h \
	kshim/include/linux/wait.h \
	kshim/include/linux/workqueue.h \
	$(NULL)
kshim_libvbgcore_la_CPPFLAGS = $(KCORE_CPPFLAGS)
kshim_libvbgcore_la_CFLAGS = $(KCORE_CFLAGS) $(GLIB_CFLAGS)
kshim_libvbgcore_la_LIBADD = $(GLIB_LIBS) $(PTHREAD_LIBS)

# The kernel-only files, shipped so the tarball builds the module too.
EXTRA_DIST += \
	driver/Kbuild \
	driver/Makefile \
	driver/dkms.conf \
	driver/vbg_linux.c \
	$(NULL)
