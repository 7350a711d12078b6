/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The heap policy of a program whose large buffers come and go on every
 * request (a clipboard paste, a shared-folder write): fresh memory costs
 * a page fault per page, a good part of such a request's time.
 */
#ifndef OVT_HEAP_H
#define OVT_HEAP_H

#include <stddef.h>

/**
 * ovt_heap_keep_large_buffers - let blocks up to @bytes come from the heap
 * and, once freed, serve the next request instead of going back to the
 * system and faulting in again: glibc's mmap and trim thresholds fixed at
 * @bytes from the start (its dynamic policy reaches 32 MiB only after
 * large blocks have come and gone).  At most @bytes stay free at the top
 * of the heap.  Call once, early in main(); without mallopt(3) it does
 * nothing.
 * @bytes: the largest block to keep, e.g. 32 MiB
 */
void ovt_heap_keep_large_buffers(size_t bytes);

#endif /* OVT_HEAP_H */
