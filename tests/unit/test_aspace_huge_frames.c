/* Huge frames for RAM (aspace.h, hal.h data_frame_max): where the HAL allows them,
 * populated alloc memory and the faults of areas that ask for it are mapped by the
 * largest leaves whose aligned range lies inside what is filled, each one zeroed frame
 * from alloc_frames(count, align); smaller sizes where the HAL has none; granule pages
 * for the rest. The leaf counts expected here follow from the ranges' alignment. */
#include "huge_fixture.h"

#include <pthread.h>

/* [huge - 2 pages, 3 huge + 2 pages): two aligned huge ranges inside, two pages each side */
ASPACE_FORMAT_PARAMS(huge_frames, populate_maps_each_aligned_range_inside_with_one_huge_leaf)
ParameterizedTest(const unsigned *fi, huge_frames, populate_maps_each_aligned_range_inside_with_one_huge_leaf)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	asfx_dirty_free_frames(&fx, 64, 0x5a); /* frames come back zeroed only if zeroed */
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge - 2 * PG, 2 * huge + 4 * PG, AS_RW, true), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 2, "%s: two huge leaves, got %zu", fx.fmt->name, st.leaves[1]);
	cr_expect_eq(st.leaves[0], 4, "%s: four granule pages, got %zu", fx.fmt->name, st.leaves[0]);
	cr_expect_eq(st.frames_owned, (2 * huge + 4 * PG) / PG, "%s: every page owned", fx.fmt->name);
	uint64_t base = hpa_of(&fx, huge);
	cr_expect_eq(base & (huge - 1), 0, "%s: the frame is aligned to its size", fx.fmt->name);
	cr_expect_eq(hpa_of(&fx, huge + huge - PG), base + huge - PG, "%s: one contiguous frame", fx.fmt->name);
	unsigned char buf[64], zero[64] = { 0 };
	for (uint64_t off = 0; off < huge; off += huge / 4) {
		cr_assert_eq(ptf_aspace_read(fx.as, huge + off, buf, sizeof(buf)), PTF_OK);
		cr_expect_eq(memcmp(buf, zero, sizeof(buf)), 0, "%s: +%#llx reads zero", fx.fmt->name,
		             (unsigned long long)off);
	}
	asfx_close(&fx);
}

/* Without data_frame_max the HAL gives granules only: populate maps granule pages. */
ASPACE_FORMAT_PARAMS(huge_frames, a_hal_that_allows_none_gets_granule_pages)
ParameterizedTest(const unsigned *fi, huge_frames, a_hal_that_allows_none_gets_granule_pages)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge, huge, AS_RW, true), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 0);
	cr_expect_eq(st.leaves[0], huge / PG);
	asfx_close(&fx);
}

/* No aligned free run of the huge size left in the HAL: granule pages, and success. */
ASPACE_FORMAT_PARAMS(huge_frames, falls_back_to_granules_when_the_hal_has_no_huge_frame)
ParameterizedTest(const unsigned *fi, huge_frames, falls_back_to_granules_when_the_hal_has_no_huge_frame)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	/* one frame taken at the start of every aligned huge block of the arena */
	size_t blocks = ptf_host_hal_arena_frames(fx.host) / (huge / PTF_FRAME_SIZE);
	uint64_t *taken = calloc(blocks + 1, sizeof(*taken));
	cr_assert_not_null(taken);
	size_t n = 0;
	for (uint64_t pa; n <= blocks && (pa = fx.hal->alloc_frames(fx.hal->ctx, 1, (size_t)huge)); n++)
		taken[n] = pa;
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge, huge, AS_RW, true), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 0, "%s: no huge frame to be had", fx.fmt->name);
	cr_expect_eq(st.leaves[0], huge / PG);
	cr_assert_eq(ptf_aspace_unmap(fx.as, huge, huge), PTF_OK);
	for (size_t i = 0; i < n; i++)
		fx.hal->free_frames(fx.hal->ctx, taken[i], 1);
	free(taken);
	asfx_close(&fx);
}

/* An unmap of one page of a huge leaf splits it; that page's part of the frame goes back
 * to the HAL, the rest stays mapped; the rest goes when the area does. */
ASPACE_FORMAT_PARAMS(huge_frames, unmap_of_part_of_a_huge_leaf_gives_back_that_part)
ParameterizedTest(const unsigned *fi, huge_frames, unmap_of_part_of_a_huge_leaf_gives_back_that_part)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge, huge, AS_RW, true), PTF_OK);
	uint64_t base = hpa_of(&fx, huge);
	size_t tables = stats(&fx).tables, frames = asfx_frames(&fx);
	cr_assert_eq(ptf_aspace_unmap(fx.as, huge + 3 * PG, PG), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.frames_owned, huge / PG - 1);
	cr_expect_eq(asfx_frames(&fx), frames - 1 + (st.tables - tables), "%s: one page back, a table for the split",
	             fx.fmt->name);
	cr_expect_eq(hpa_of(&fx, huge + 4 * PG), base + 4 * PG, "%s: the rest maps what it did", fx.fmt->name);
	cr_assert_eq(ptf_aspace_unmap(fx.as, huge, huge), PTF_OK);
	cr_expect_eq(asfx_frames(&fx), fx.root_frames, "%s: everything back", fx.fmt->name);
	asfx_close(&fx);
}

/* ptf_aspace_populate of a lazy area: huge frames where a whole aligned range is empty,
 * granule pages around what a fault mapped already. */
ASPACE_FORMAT_PARAMS(huge_frames, populate_fills_around_what_faults_mapped)
ParameterizedTest(const unsigned *fi, huge_frames, populate_fills_around_what_faults_mapped)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge, 2 * huge, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + 5 * PG, PTF_W), PTF_OK);
	uint64_t faulted = hpa_of(&fx, huge + 5 * PG);
	cr_assert_eq(ptf_aspace_populate(fx.as, huge, 2 * huge), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 1, "%s: the empty range took one huge leaf", fx.fmt->name);
	cr_expect_eq(st.leaves[0], huge / PG, "%s: the other granule pages", fx.fmt->name);
	cr_expect_eq(hpa_of(&fx, huge + 5 * PG), faulted, "%s: the faulted page stays", fx.fmt->name);
	cr_expect_eq(st.frames_owned, 2 * huge / PG);
	asfx_close(&fx);
}

/* A dirty-logged range is write-protected by the granule: populate maps granule pages
 * there, huge frames elsewhere. */
ASPACE_FORMAT_PARAMS(huge_frames, dirty_logged_ranges_get_granule_pages)
ParameterizedTest(const unsigned *fi, huge_frames, dirty_logged_ranges_get_granule_pages)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge, 2 * huge, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, huge, huge), PTF_OK);
	cr_assert_eq(ptf_aspace_populate(fx.as, huge, 2 * huge), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 1, "%s: the unlogged half", fx.fmt->name);
	cr_expect_eq(st.leaves[0], huge / PG, "%s: the logged half", fx.fmt->name);
	asfx_close(&fx);
}

/* Every allocation failing in turn: the populate fails whole, nothing leaks, the huge
 * frames taken for it included; then it succeeds. */
ASPACE_FORMAT_PARAMS(huge_frames, populate_is_all_or_nothing_under_allocation_failure)
ParameterizedTest(const unsigned *fi, huge_frames, populate_is_all_or_nothing_under_allocation_failure)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 0, 3 * huge, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, 2 * huge + PG, PTF_R), PTF_OK);
	for (long n = 0;; n++) {
		struct asfx_state before = asfx_state(&fx);
		ptf_host_hal_fail_after(fx.host, n);
		int rc = ptf_aspace_populate(fx.as, huge - 2 * PG, huge + 4 * PG);
		ptf_host_hal_fail_after(fx.host, -1);
		if (rc == PTF_OK)
			break;
		cr_assert_eq(rc, PTF_ENOMEM, "%s: failing after %ld: %s", fx.fmt->name, n, ptf_strerror(rc));
		asfx_expect_unchanged(&fx, &before, "populate");
		cr_assert_lt(n, 100000);
	}
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 1, "%s: the one whole range", fx.fmt->name);
	cr_expect_eq(st.leaves[0], 4, "%s: the faulted page and three around", fx.fmt->name);
	asfx_close(&fx);
}

/* ptf_aspace_map_alloc_huge: a fault maps the whole huge frame around the page, where
 * its aligned range lies inside the area with nothing mapped in it; a granule else. */
ASPACE_FORMAT_PARAMS(huge_frames, a_fault_in_a_huge_area_maps_the_whole_frame)
ParameterizedTest(const unsigned *fi, huge_frames, a_fault_in_a_huge_area_maps_the_whole_frame)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc_huge(fx.as, huge - 2 * PG, huge + 4 * PG, AS_RW), PTF_OK);
	struct ptf_area_info info;
	cr_assert_eq(ptf_aspace_find_area(fx.as, huge, &info), PTF_OK);
	cr_expect(info.huge_faults);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + 7 * PG + 3, PTF_W), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 1, "%s: one huge leaf", fx.fmt->name);
	cr_expect_eq(st.frames_owned, huge / PG);
	cr_expect_eq(hpa_of(&fx, huge + huge - PG), hpa_of(&fx, huge) + huge - PG);
	/* the pages at the area's edges: their aligned huge range leaves the area */
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge - PG, PTF_R), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, 2 * huge + PG, PTF_R), PTF_OK);
	st = stats(&fx);
	cr_expect_eq(st.leaves[0], 2, "%s: granule pages at the edges", fx.fmt->name);
	cr_expect_eq(st.frames_owned, huge / PG + 2);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(huge_frames, a_fault_where_a_page_is_mapped_already_maps_a_granule)
ParameterizedTest(const unsigned *fi, huge_frames, a_fault_where_a_page_is_mapped_already_maps_a_granule)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc_huge(fx.as, huge, huge, AS_RW), PTF_OK);
	char c = 1;
	cr_assert_eq(ptf_aspace_write(fx.as, huge + 9 * PG, &c, 1), PTF_OK); /* populates that page */
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + 2 * PG, PTF_R), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 0);
	cr_expect_eq(st.leaves[0], 2);
	asfx_close(&fx);
}

/* Faults on every page of a huge area from two threads: one frame per huge range or a
 * granule per page, every page mapped once, the HAL's count equal to what is mapped. */
#define HUGE_RACE_THREADS 2

struct huge_race {
	struct ptf_aspace *as;
	uint64_t base, size, page;
	unsigned first;
};

static void *fault_all(void *arg)
{
	const struct huge_race *r = arg;
	for (uint64_t off = r->first * r->page; off < r->size; off += HUGE_RACE_THREADS * r->page)
		cr_assert_eq(ptf_aspace_handle_fault(r->as, r->base + off, PTF_W), PTF_OK);
	return NULL;
}

ASPACE_FORMAT_PARAMS(huge_frames, faults_race_to_a_huge_range_without_losing_a_frame)
ParameterizedTest(const unsigned *fi, huge_frames, faults_race_to_a_huge_range_without_losing_a_frame)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc_huge(fx.as, huge, 2 * huge, AS_RW), PTF_OK);
	struct huge_race r[HUGE_RACE_THREADS];
	pthread_t t[HUGE_RACE_THREADS];
	for (unsigned i = 0; i < HUGE_RACE_THREADS; i++) {
		r[i] = (struct huge_race){ .as = fx.as, .base = huge, .size = 2 * huge, .page = PG, .first = i };
		cr_assert_eq(pthread_create(&t[i], NULL, fault_all, &r[i]), 0);
	}
	for (unsigned i = 0; i < HUGE_RACE_THREADS; i++)
		pthread_join(t[i], NULL);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.frames_owned, 2 * huge / PG, "%s: every page mapped once", fx.fmt->name);
	cr_expect_eq(asfx_hal_frames(&fx), st.frames_in_use, "%s: the HAL's count is what is mapped", fx.fmt->name);
	cr_assert_eq(ptf_aspace_unmap(fx.as, huge, 2 * huge), PTF_OK);
	cr_expect_eq(asfx_frames(&fx), fx.root_frames, "%s: everything back", fx.fmt->name);
	asfx_close(&fx);
}

/* An overwrite that populates: huge frames as for a new area, the old mapping gone. */
ASPACE_FORMAT_PARAMS(huge_frames, populating_overwrite_maps_huge_frames_over_what_was_there)
ParameterizedTest(const unsigned *fi, huge_frames, populating_overwrite_maps_huge_frames_over_what_was_there)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge, huge, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc_overwrite(fx.as, huge, huge, AS_RW, true), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 1);
	cr_expect_eq(st.leaves[0], 0);
	cr_expect_eq(st.frames_owned, huge / PG);
	asfx_close(&fx);
}

/* Faults run while a populate counts and reserves: a huge range a fault filled in part
 * meanwhile gets the frame's pieces around the faulted pages, and the pieces no leaf
 * took go back. Every page mapped once, nothing leaked, whoever wins. */
static void *fault_while_populating(void *arg)
{
	const struct huge_race *r = arg;
	for (uint64_t off = 0; off < r->size; off += 8 * r->page)
		cr_assert_eq(ptf_aspace_handle_fault(r->as, r->base + off, PTF_W), PTF_OK);
	return NULL;
}

ASPACE_FORMAT_PARAMS(huge_frames, populate_beside_faults_maps_every_page_once)
ParameterizedTest(const unsigned *fi, huge_frames, populate_beside_faults_maps_every_page_once)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	for (unsigned round = 0; round < 16; round++) {
		cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge, 2 * huge, AS_RW, false), PTF_OK);
		struct huge_race r = { .as = fx.as, .base = huge + (round % 2) * huge, .size = huge, .page = PG };
		pthread_t t;
		cr_assert_eq(pthread_create(&t, NULL, fault_while_populating, &r), 0);
		cr_assert_eq(ptf_aspace_populate(fx.as, huge, 2 * huge), PTF_OK);
		pthread_join(t, NULL);
		struct ptf_aspace_stats st = stats(&fx);
		cr_expect_eq(st.frames_owned, 2 * huge / PG, "%s: every page mapped once", fx.fmt->name);
		cr_expect_eq(asfx_hal_frames(&fx), st.frames_in_use, "%s: round %u: the HAL's count is what is mapped",
		             fx.fmt->name, round);
		cr_assert_eq(ptf_aspace_unmap(fx.as, huge, 2 * huge), PTF_OK);
	}
	cr_expect_eq(asfx_frames(&fx), fx.root_frames, "%s: everything back", fx.fmt->name);
	asfx_close(&fx);
}

/* A huge range with a dirty-logged page in it is write-protected by the granule: a fault
 * in it maps a granule, even on a page outside the log. */
ASPACE_FORMAT_PARAMS(huge_frames, a_fault_in_a_range_with_logged_pages_maps_a_granule)
ParameterizedTest(const unsigned *fi, huge_frames, a_fault_in_a_range_with_logged_pages_maps_a_granule)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc_huge(fx.as, huge, 2 * huge, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, huge + PG, PG), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + 5 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, 2 * huge + 5 * PG, PTF_W), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[0], 1, "%s: a granule next to the log", fx.fmt->name);
	cr_expect_eq(st.leaves[1], 1, "%s: a huge frame away from it", fx.fmt->name);
	asfx_close(&fx);
}
