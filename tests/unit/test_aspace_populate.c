/* ptf_aspace_populate: every page of the alloc areas in a range that is not mapped yet
 * gets its zeroed frame now, in one change, all or nothing; what is mapped stays, linear
 * areas and holes are left alone, and no translation changes (no flush). */
#include "aspace_fixture.h"

#define G GiB

static bool all_zero_page(const struct aspace_fx *fx, uint64_t hpa)
{
	const unsigned char *p = asfx_va(fx, hpa);
	for (uint64_t i = 0; i < PG; i++)
		if (p[i])
			return false;
	return true;
}

ASPACE_FORMAT_PARAMS(populate, maps_every_unmapped_page_of_the_lazy_areas_and_keeps_the_faulted_ones)
ParameterizedTest(const unsigned *fi, populate, maps_every_unmapped_page_of_the_lazy_areas_and_keeps_the_faulted_ones)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	asfx_dirty_free_frames(&fx, 16, 0xa5);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 2 * PG, PTF_W), PTF_OK);
	unsigned char mark = 0x77;
	cr_assert_eq(ptf_aspace_write(fx.as, G + 2 * PG + 5, &mark, 1), PTF_OK);
	uint64_t kept = 0;
	cr_assert_eq(ptf_aspace_translate(fx.as, G + 2 * PG, &kept, NULL), PTF_OK);
	size_t frames = asfx_frames(&fx);
	unsigned long flushes = asfx_flushes(&fx);
	cr_expect_eq(ptf_aspace_populate(fx.as, G, 8 * PG), PTF_OK);
	cr_expect_eq(asfx_frames(&fx), frames + 7, "%s: a frame for each of the 7 other pages", fx.fmt->name);
	for (unsigned i = 0; i < 8; i++) {
		uint64_t hpa;
		cr_expect_eq(ptf_aspace_translate(fx.as, G + i * PG, &hpa, NULL), PTF_OK, "%s: page %u", fx.fmt->name, i);
		if (i == 2)
			cr_expect_eq(hpa, kept, "%s: the faulted page keeps its frame", fx.fmt->name);
		else
			cr_expect(all_zero_page(&fx, hpa), "%s: page %u is zeroed", fx.fmt->name, i);
	}
	unsigned char back = 0;
	cr_expect_eq(ptf_aspace_read(fx.as, G + 2 * PG + 5, &back, 1), PTF_OK);
	cr_expect_eq(back, 0x77);
	cr_expect_eq(asfx_flushes(&fx), flushes, "%s: no translation changed", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(populate, leaves_linear_areas_and_holes_alone)
ParameterizedTest(const unsigned *fi, populate, leaves_linear_areas_and_holes_alone)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	/* linear [G, G+2P), a hole [G+2P, G+3P), lazy [G+3P, G+5P) */
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, ASFX_FAR_HPA, 2 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + 3 * PG, 2 * PG, AS_RW, false), PTF_OK);
	size_t frames = asfx_frames(&fx);
	cr_expect_eq(ptf_aspace_populate(fx.as, G, 5 * PG), PTF_OK);
	cr_expect_eq(asfx_frames(&fx), frames + 2, "%s: frames for the lazy pages only", fx.fmt->name);
	uint64_t hpa = 0;
	cr_expect_eq(ptf_aspace_translate(fx.as, G + PG, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, ASFX_FAR_HPA + PG, "%s: the linear area as it was", fx.fmt->name);
	cr_expect_eq(ptf_aspace_translate(fx.as, G + 2 * PG, NULL, NULL), PTF_ENOENT, "%s: the hole stays", fx.fmt->name);
	cr_expect_eq(ptf_aspace_find_area(fx.as, G + 2 * PG, NULL), PTF_ENOAREA);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(populate, a_range_touching_no_area_and_bad_ranges_are_refused)
ParameterizedTest(const unsigned *fi, populate, a_range_touching_no_area_and_bad_ranges_are_refused)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 2 * PG, AS_RW, false), PTF_OK);
	ASFX_EXPECT_REFUSED(&fx, PTF_ENOAREA, ptf_aspace_populate(fx.as, G + 2 * PG, 2 * PG));
	ASFX_EXPECT_REFUSED(&fx, PTF_ESIZE, ptf_aspace_populate(fx.as, G, 0));
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_populate(fx.as, G + 8, PG));
	ASFX_EXPECT_REFUSED(&fx, PTF_ERANGE, ptf_aspace_populate(fx.as, fx.base + fx.size, PG));
	ASFX_EXPECT_REFUSED(&fx, PTF_EINVAL, ptf_aspace_populate(NULL, G, PG));
	asfx_close(&fx);
}

/* Out of frames at each allocation in turn: PTF_ENOMEM and nothing mapped, until it succeeds */
ASPACE_FORMAT_PARAMS(populate, fails_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, populate, fails_clean_at_every_allocation)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t at = G - 2 * PG; /* across the end of a last-level table (1 GiB is aligned to every format's span) */
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, at, 4 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, at + PG, PTF_R), PTF_OK);
	int rc = PTF_ENOMEM;
	long n = 0;
	for (; rc == PTF_ENOMEM && n < 64; n++) {
		struct asfx_state before = asfx_state(&fx);
		ptf_host_hal_fail_after(fx.host, n);
		rc = ptf_aspace_populate(fx.as, at, 4 * PG);
		ptf_host_hal_fail_after(fx.host, -1);
		if (rc == PTF_ENOMEM)
			asfx_expect_unchanged(&fx, &before, "populate out of frames");
	}
	cr_expect_eq(rc, PTF_OK, "%s: populate once frames are there", fx.fmt->name);
	cr_expect_gt(n, 1, "%s: it needed frames", fx.fmt->name);
	for (unsigned i = 0; i < 4; i++)
		cr_expect_eq(ptf_aspace_translate(fx.as, at + i * PG, NULL, NULL), PTF_OK);
	asfx_close(&fx);
}
