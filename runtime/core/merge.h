/* merge.h: linear areas' leaves joined back into blocks (merge.c). */
#ifndef PTF_MERGE_H
#define PTF_MERGE_H

#include "aspace_internal.h"

/* After a change that may have left blocks around [lo, hi) (offsets) uniformly mapped
 * by linear areas (a map that filled a hole, a protect that made flags equal again, the
 * end of a dirty log): each such block that is not one leaf yet becomes one, in one more
 * change. Best effort: when that change cannot reserve what it needs, nothing changes. */
void ptf_merge_linear(struct ptf_aspace *as, uint64_t lo, uint64_t hi);

#endif
