/* range.h: the argument check every ranged call makes, in the documented order:
 * PTF_ESIZE, PTF_EALIGN, PTF_EWRAP, PTF_ERANGE. */
#ifndef PTF_RANGE_H
#define PTF_RANGE_H

#include <stdint.h>

#include <ptforge/errors.h>

/* [va, va + size) is non-empty, align-aligned (a power of two), does not wrap, and lies
 * inside [lo, hi]. */
static inline int ptf_check_range(uint64_t va, uint64_t size, uint64_t align, uint64_t lo, uint64_t hi)
{
	if (size == 0)
		return PTF_ESIZE;
	if ((va | size) & (align - 1))
		return PTF_EALIGN;
	if (va + size < va)
		return PTF_EWRAP;
	if (va < lo || va + size > hi)
		return PTF_ERANGE;
	return PTF_OK;
}

#endif
