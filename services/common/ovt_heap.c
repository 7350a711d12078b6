// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The heap policy for large, short-lived buffers (services/common/ovt_heap.h).
 */
#include "config.h"

#include "services/common/ovt_heap.h"

#ifdef HAVE_MALLOPT
#include <limits.h>
#include <malloc.h>
#endif

void ovt_heap_keep_large_buffers(size_t bytes)
{
#ifdef HAVE_MALLOPT
	int v = bytes > INT_MAX ? INT_MAX : (int)bytes;

	mallopt(M_MMAP_THRESHOLD, v);
	mallopt(M_TRIM_THRESHOLD, v);
#else
	(void)bytes;
#endif
}
