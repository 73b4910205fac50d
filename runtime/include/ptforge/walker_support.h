/* ptforge/walker_support.h: format-agnostic helpers the generated walkers call.
 *
 * Multi-step operations first count the frames they will need, reserve them all
 * (all-or-nothing), then apply changes that can no longer fail. That is how every
 * walker entry point stays atomic under allocation failure. */
#ifndef PTFORGE_WALKER_SUPPORT_H
#define PTFORGE_WALKER_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "hal.h"

/* Frames reserved for one operation, chained through their first 8 bytes. */
struct ptf_reserve {
	uint64_t head;  /* pa of the first reserved frame, 0 if none */
	size_t count;
};

/* Reserve n single frames; on failure frees what it took and returns PTF_ENOMEM. */
int ptf_reserve_frames(const struct ptf_hal *hal, struct ptf_reserve *r, size_t n);
/* Take one reserved frame, zeroed. The caller counted, so the list is never empty. */
uint64_t ptf_reserve_take(const struct ptf_hal *hal, struct ptf_reserve *r);
/* Give back whatever is left (normally nothing). */
void ptf_reserve_release(const struct ptf_hal *hal, struct ptf_reserve *r);
/* A single zeroed frame, or 0. */
uint64_t ptf_frame_alloc_zeroed(const struct ptf_hal *hal);

#endif
