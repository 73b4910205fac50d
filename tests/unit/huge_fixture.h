/* huge_fixture.h: an address space whose HAL gives huge data frames (hal.h,
 * data_frame_max) of the format's first huge page size, shared by the suites about huge
 * frames for RAM. */
#ifndef HUGE_FIXTURE_H
#define HUGE_FIXTURE_H

#include "aspace_fixture.h"

/* The format's first huge page size, if the window holds four of them and the arena a
 * few (a 64 KiB granule's 512 MiB is too large): else the test is skipped. */
static inline uint64_t huge_or_skip(const struct aspace_fx *fx)
{
	uint64_t huge = geo_huge(fx->fmt, 1);
	if (!huge || 4 * huge > fx->size || huge > 32 * MiB)
		cr_skip_test("%s: no huge page small enough for the test", fx->fmt->name);
	return huge;
}

static inline struct aspace_fx open_huge(const unsigned *fi)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	ptf_host_hal_set_data_frame_max(fx.host, geo_huge(fx.fmt, 1));
	return fx;
}

static inline struct ptf_aspace_stats stats(const struct aspace_fx *fx)
{
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx->as, &st);
	return st;
}

static inline uint64_t hpa_of(const struct aspace_fx *fx, uint64_t gpa)
{
	uint64_t hpa = 0;
	cr_assert_eq(ptf_aspace_translate(fx->as, gpa, &hpa, NULL), PTF_OK, "%s: %#llx mapped", fx->fmt->name,
	             (unsigned long long)gpa);
	return hpa;
}

#endif
