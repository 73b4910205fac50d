/* aspace_internal.h: the address space's state, shared by the files that implement
 * it (lifecycle and mapping, fault path, guest-memory accessor). */
#ifndef PTF_ASPACE_INTERNAL_H
#define PTF_ASPACE_INTERNAL_H

#include <ptforge/aspace.h>
#include <ptforge/errors.h>
#include <ptforge/flags.h>

#include "area_map.h"

struct ptf_aspace {
	const struct ptf_format *fmt;
	const struct ptf_hal *hal;
	uint64_t base, end;     /* window [base, end) */
	uint64_t root;
	struct area_map areas;
	size_t frames_owned;    /* data frames of alloc areas */
};

#define PAGE ((uint64_t)PTF_FRAME_SIZE)

static inline bool in_window(const struct ptf_aspace *as, uint64_t gpa)
{
	return gpa >= as->base && gpa < as->end;
}

#endif
