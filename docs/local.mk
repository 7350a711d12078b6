# SPDX-License-Identifier: GPL-2.0-or-later
#
# docs/: the wire protocols as the code implements them.  Code comments
# point into these files (docs/protocol/FILE.md §N).
EXTRA_DIST += \
	docs/protocol/README.md \
	docs/protocol/clipboard.md \
	docs/protocol/guest-properties.md \
	docs/protocol/hgcm.md \
	docs/protocol/ioctl.md \
	docs/protocol/shared-folders.md \
	docs/protocol/socket-transport.md \
	docs/protocol/vmmdev.md \
	$(NULL)
