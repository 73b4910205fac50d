/* An address-space operation takes from the HAL exactly the frames its walker's count
 * pass reported, then keeps every one: no worst-case reservation handed back unused.
 * So an operation's allocations equal the tables (and data frames) it adds. */
#include "aspace_fixture.h"

static unsigned long allocs(const struct aspace_fx *fx) { return ptf_host_hal_alloc_calls(fx->host); }

static size_t tables(const struct aspace_fx *fx)
{
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx->as, &st);
	return st.tables;
}

#define EXPECT_TAKES_EXACTLY(fx, what, call, frames_added)                                                  \
	do {                                                                                                    \
		unsigned long a0_ = allocs(fx);                                                                     \
		size_t t0_ = tables(fx);                                                                            \
		cr_assert_eq((call), PTF_OK, "%s: %s", (fx)->fmt->name, what);                                      \
		size_t gained_ = tables(fx) - t0_ + (frames_added);                                                 \
		cr_expect_eq(allocs(fx) - a0_, gained_, "%s: %s took %lu frames and kept %zu", (fx)->fmt->name,     \
		             what, allocs(fx) - a0_, gained_);                                                      \
	} while (0)

ASPACE_FORMAT_PARAMS(exact_reservation, map_linear_takes_the_tables_it_links)
ParameterizedTest(const unsigned *fi, exact_reservation, map_linear_takes_the_tables_it_links)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	/* 4 KiB off 2 MiB alignment: small pages, tables at every level on both sides of 1 GiB */
	EXPECT_TAKES_EXACTLY(&fx, "map_linear", ptf_aspace_map_linear(fx.as, GiB - 16 * PG, 3 * GiB + PG, 32 * PG, AS_RW), 0);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(exact_reservation, unmap_inside_a_huge_leaf_takes_the_tables_of_its_split)
ParameterizedTest(const unsigned *fi, exact_reservation, unmap_inside_a_huge_leaf_takes_the_tables_of_its_split)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = fx.fmt->page_sizes[fx.fmt->n_page_sizes > 1 ? 1 : 0];
	cr_assert_eq(ptf_aspace_map_linear(fx.as, 4 * huge, 4 * huge, huge, AS_RW), PTF_OK);
	EXPECT_TAKES_EXACTLY(&fx, "unmap", ptf_aspace_unmap(fx.as, 4 * huge + 2 * PG, PG), 0);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(exact_reservation, protect_across_huge_leaves_takes_the_tables_of_its_splits)
ParameterizedTest(const unsigned *fi, exact_reservation, protect_across_huge_leaves_takes_the_tables_of_its_splits)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = fx.fmt->page_sizes[fx.fmt->n_page_sizes > 1 ? 1 : 0];
	cr_assert_eq(ptf_aspace_map_linear(fx.as, 4 * huge, 4 * huge, 2 * huge, AS_RW), PTF_OK);
	EXPECT_TAKES_EXACTLY(&fx, "protect", ptf_aspace_protect(fx.as, 4 * huge + huge / 2, huge, AS_RO), 0);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(exact_reservation, populate_takes_a_frame_per_page_and_the_tables_it_links)
ParameterizedTest(const unsigned *fi, exact_reservation, populate_takes_a_frame_per_page_and_the_tables_it_links)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	EXPECT_TAKES_EXACTLY(&fx, "populate", ptf_aspace_map_alloc(fx.as, 2 * GiB - 8 * PG, 16 * PG, AS_RW, true), 16);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(exact_reservation, overwrite_takes_what_the_new_mapping_links)
ParameterizedTest(const unsigned *fi, exact_reservation, overwrite_takes_what_the_new_mapping_links)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 2 * GiB, 4 * MiB, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, 2 * GiB + 3 * MiB, PTF_W), PTF_OK);
	/* over the lazy area and its one page, a linear range of small pages */
	EXPECT_TAKES_EXACTLY(&fx, "overwrite",
	                     ptf_aspace_map_linear_overwrite(fx.as, 2 * GiB + MiB, 5 * GiB + PG, 2 * MiB, AS_RW), 0);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(exact_reservation, fault_takes_the_frame_and_the_missing_tables)
ParameterizedTest(const unsigned *fi, exact_reservation, fault_takes_the_frame_and_the_missing_tables)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 2 * GiB, 4 * MiB, AS_RW, false), PTF_OK);
	EXPECT_TAKES_EXACTLY(&fx, "first fault", ptf_aspace_handle_fault(fx.as, 2 * GiB + 3 * PG, PTF_R), 1);
	EXPECT_TAKES_EXACTLY(&fx, "second fault", ptf_aspace_handle_fault(fx.as, 2 * GiB + 4 * PG, PTF_R), 1);
	asfx_close(&fx);
}
