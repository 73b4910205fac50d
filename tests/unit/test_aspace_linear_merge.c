/* Linear areas merged back into blocks (merge.h): when an operation leaves an aligned
 * huge-page-sized range mapped by linear areas as one run of host memory with one set
 * of flags, not dirty-logged, with every leaf used since its last age, the range is
 * mapped by one leaf again and the tables below it go back. */
#include "aspace_fixture.h"

static uint64_t huge_or_skip(const struct aspace_fx *fx)
{
	uint64_t huge = geo_huge(fx->fmt, 1);
	if (!huge || 4 * huge > fx->size)
		cr_skip_test("%s: no huge page that fits the window four times", fx->fmt->name);
	return huge;
}

static uint64_t leaf_size(const struct aspace_fx *fx, uint64_t gpa)
{
	uint64_t size = 0;
	cr_assert_eq(fx->fmt->query(fx->hal, ptf_aspace_root(fx->as), gpa, NULL, NULL, &size), PTF_OK,
	             "%s: %#llx mapped", fx->fmt->name, (unsigned long long)gpa);
	return size;
}

static size_t merged(const struct aspace_fx *fx)
{
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx->as, &st);
	return st.blocks_merged;
}

/* A block mapped, a page of it unmapped (the leaf splits), mapped again as it was */
static void split_by_a_hole(struct aspace_fx *fx, uint64_t huge, uint64_t hole)
{
	cr_assert_eq(ptf_aspace_map_linear(fx->as, huge, ASFX_FAR_HPA, huge, AS_RW), PTF_OK);
	cr_assert_eq(leaf_size(fx, huge), huge);
	cr_assert_eq(ptf_aspace_unmap(fx->as, huge + hole, PG), PTF_OK);
	cr_assert_lt(leaf_size(fx, huge), huge, "%s: split", fx->fmt->name);
}

ASPACE_FORMAT_PARAMS(linear_merge, mapping_a_hole_again_merges_the_block)
ParameterizedTest(const unsigned *fi, linear_merge, mapping_a_hole_again_merges_the_block)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = huge_or_skip(&fx);
	split_by_a_hole(&fx, huge, 5 * PG);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge + 5 * PG, ASFX_FAR_HPA + 5 * PG, PG, AS_RW), PTF_OK);
	cr_expect_eq(leaf_size(&fx, huge), huge, "%s: one leaf again", fx.fmt->name);
	cr_expect_eq(merged(&fx), 1);
	uint64_t hpa = 0;
	cr_assert_eq(ptf_aspace_translate(fx.as, huge + huge - 8, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, ASFX_FAR_HPA + huge - 8);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.leaves[0], 0, "%s: no granule leaf left", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(linear_merge, the_tables_below_a_merged_block_go_back)
ParameterizedTest(const unsigned *fi, linear_merge, the_tables_below_a_merged_block_go_back)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, huge, AS_RW), PTF_OK);
	size_t frames = asfx_frames(&fx);
	cr_assert_eq(ptf_aspace_unmap(fx.as, huge, huge), PTF_OK);
	split_by_a_hole(&fx, huge, 5 * PG);
	cr_assert_gt(asfx_frames(&fx), frames, "%s: the split took a table", fx.fmt->name);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge + 5 * PG, ASFX_FAR_HPA + 5 * PG, PG, AS_RW), PTF_OK);
	cr_expect_eq(asfx_frames(&fx), frames, "%s: as many tables as before the split", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(linear_merge, a_protect_that_makes_flags_uniform_again_merges)
ParameterizedTest(const unsigned *fi, linear_merge, a_protect_that_makes_flags_uniform_again_merges)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, huge, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(fx.as, huge + 7 * PG, 2 * PG, AS_RO), PTF_OK);
	cr_expect_lt(leaf_size(&fx, huge), huge);
	cr_expect_eq(merged(&fx), 0, "%s: flags differ", fx.fmt->name);
	cr_assert_eq(ptf_aspace_protect(fx.as, huge + 7 * PG, 2 * PG, AS_RW), PTF_OK);
	cr_expect_eq(leaf_size(&fx, huge), huge, "%s: one leaf again", fx.fmt->name);
	cr_expect_eq(merged(&fx), 1);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(linear_merge, the_end_of_a_dirty_log_lets_blocks_come_back)
ParameterizedTest(const unsigned *fi, linear_merge, the_end_of_a_dirty_log_lets_blocks_come_back)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, 2 * huge, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, huge, 2 * huge), PTF_OK);
	cr_assert_eq(leaf_size(&fx, huge), PG, "%s: split eagerly", fx.fmt->name);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + 3 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_stop(fx.as, huge, 2 * huge), PTF_OK);
	cr_expect_eq(leaf_size(&fx, huge), huge, "%s: the first block back", fx.fmt->name);
	cr_expect_eq(leaf_size(&fx, 2 * huge + PG), huge, "%s: the second too", fx.fmt->name);
	asfx_close(&fx);
}

/* Host memory not contiguous across the block: no single leaf could map it. */
ASPACE_FORMAT_PARAMS(linear_merge, a_hole_mapped_elsewhere_stays_split)
ParameterizedTest(const unsigned *fi, linear_merge, a_hole_mapped_elsewhere_stays_split)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = huge_or_skip(&fx);
	split_by_a_hole(&fx, huge, 5 * PG);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge + 5 * PG, ASFX_FAR_HPA + huge + 5 * PG, PG, AS_RW), PTF_OK);
	cr_expect_lt(leaf_size(&fx, huge), huge);
	cr_expect_eq(merged(&fx), 0);
	asfx_close(&fx);
}

/* A block whose leaves the last age found unused keeps them until the guest uses them:
 * one new leaf would read as used and lose that. */
ASPACE_FORMAT_PARAMS(linear_merge, a_block_with_an_aged_leaf_waits)
ParameterizedTest(const unsigned *fi, linear_merge, a_block_with_an_aged_leaf_waits)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = huge_or_skip(&fx);
	if (huge / 4096 > 4096)
		cr_skip_test("%s: a bitmap too large for the test", fx.fmt->name);
	split_by_a_hole(&fx, huge, 5 * PG);
	uint64_t bitmap[64];
	cr_assert_eq(ptf_aspace_age(fx.as, huge, huge, bitmap), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge + 5 * PG, ASFX_FAR_HPA + 5 * PG, PG, AS_RW), PTF_OK);
	cr_expect_lt(leaf_size(&fx, huge), huge, "%s: aged leaves stay", fx.fmt->name);
	cr_expect_eq(merged(&fx), 0);
	asfx_close(&fx);
}

/* With no frame to be had from the HAL, the operation still succeeds; the merge, which
 * takes no frame (break records come from alloc_bytes), happens or the leaves stay as
 * they are, and nothing leaks either way. */
ASPACE_FORMAT_PARAMS(linear_merge, with_no_frame_to_spare_a_map_succeeds_and_nothing_leaks)
ParameterizedTest(const unsigned *fi, linear_merge, with_no_frame_to_spare_a_map_succeeds_and_nothing_leaks)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = huge_or_skip(&fx);
	split_by_a_hole(&fx, huge, 5 * PG);
	size_t frames = asfx_frames(&fx);
	ptf_host_hal_fail_after(fx.host, 0);
	int rc = ptf_aspace_map_linear(fx.as, huge + 5 * PG, ASFX_FAR_HPA + 5 * PG, PG, AS_RW);
	ptf_host_hal_fail_after(fx.host, -1);
	cr_assert_eq(rc, PTF_OK, "%s: %s", fx.fmt->name, ptf_strerror(rc));
	if (leaf_size(&fx, huge) == huge)
		cr_expect_lt(asfx_frames(&fx), frames, "%s: merged without memory: its tables went back", fx.fmt->name);
	else
		cr_expect_eq(asfx_frames(&fx), frames, "%s: not merged, nothing taken", fx.fmt->name);
	asfx_close(&fx);
}
