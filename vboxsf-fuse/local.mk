# SPDX-License-Identifier: GPL-2.0-or-later
#
# vboxsf-fuse: shared folders over FUSE (libfuse 3 low-level API), and its
# mount(8) helper.  libvsf.la is the daemon without its main(), which the
# unit tests link (tests/unit/test_vsf).  Both programs log through
# services/common's ovt_log.
VSF_CPPFLAGS = $(AM_CPPFLAGS) -DG_LOG_USE_STRUCTURED \
	-DG_LOG_DOMAIN=\"vboxsf-fuse\"
VSF_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(FUSE3_CFLAGS) $(PTHREAD_CFLAGS)

noinst_LTLIBRARIES += vboxsf-fuse/libvsf.la
vboxsf_fuse_libvsf_la_SOURCES = \
	vboxsf-fuse/vsf.h \
	vboxsf-fuse/vsf_attr.c \
	vboxsf-fuse/vsf_dir.c \
	vboxsf-fuse/vsf_gather.c \
	vboxsf-fuse/vsf_inode.c \
	vboxsf-fuse/vsf_ops.c \
	vboxsf-fuse/vsf_opts.c \
	vboxsf-fuse/vsf_readahead.c \
	$(NULL)
vboxsf_fuse_libvsf_la_CPPFLAGS = $(VSF_CPPFLAGS)
vboxsf_fuse_libvsf_la_CFLAGS = $(VSF_CFLAGS)

bin_PROGRAMS += vboxsf-fuse/vboxsf-fuse
vboxsf_fuse_vboxsf_fuse_SOURCES = vboxsf-fuse/vboxsf_fuse.c
vboxsf_fuse_vboxsf_fuse_CPPFLAGS = $(VSF_CPPFLAGS)
vboxsf_fuse_vboxsf_fuse_CFLAGS = $(VSF_CFLAGS)
vboxsf_fuse_vboxsf_fuse_LDADD = \
	vboxsf-fuse/libvsf.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(GLIB_LIBS) $(FUSE3_LIBS) $(PTHREAD_LIBS) \
	$(NULL)

sbin_PROGRAMS += vboxsf-fuse/mount.vboxsf-fuse
vboxsf_fuse_mount_vboxsf_fuse_SOURCES = vboxsf-fuse/mount_vboxsf_fuse.c
vboxsf_fuse_mount_vboxsf_fuse_CPPFLAGS = \
	$(AM_CPPFLAGS) -DG_LOG_USE_STRUCTURED \
	-DG_LOG_DOMAIN=\"mount.vboxsf-fuse\" \
	-DVBOXSF_FUSE_PATH=\"$(bindir)/vboxsf-fuse\"
vboxsf_fuse_mount_vboxsf_fuse_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
vboxsf_fuse_mount_vboxsf_fuse_LDADD = \
	services/common/libovt-common.la \
	$(GLIB_LIBS) \
	$(NULL)
