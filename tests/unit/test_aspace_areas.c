/* The area manager: overlaps refused or overwritten, splits on unmap and protect
 * (left part, right part, middle), protection, finding a free range, iteration. */
#include "guest_fixture.h"

struct area_list {
	size_t n;
	struct ptf_area_info a[8];
};

static int collect(const struct ptf_area_info *info, void *arg)
{
	struct area_list *l = arg;
	if (l->n < 8)
		l->a[l->n] = *info;
	l->n++;
	return 0;
}

static struct area_list areas(const struct guest *g)
{
	struct area_list l = { 0 };
	ptf_aspace_for_each_area(g->as, collect, &l);
	return l;
}

FORMAT_PARAMS(aspace_areas, overlapping_map_is_refused_and_changes_nothing)
ParameterizedTest(const unsigned *fi, aspace_areas, overlapping_map_is_refused_and_changes_nothing)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_linear(g.as, 2 * MiB, 2 * MiB, 2 * MiB, RW), PTF_OK);
	size_t frames = guest_frames(&g);
	cr_expect_eq(ptf_aspace_map_linear(g.as, 4 * MiB - PG, 0, 2 * PG, RW), PTF_EEXIST, "overlaps the end");
	cr_expect_eq(ptf_aspace_map_alloc(g.as, 0, 2 * MiB + PG, RW, true), PTF_EEXIST, "overlaps the start");
	cr_expect_eq(ptf_aspace_map_alloc(g.as, 0, 8 * MiB, RW, false), PTF_EEXIST, "covers it");
	cr_expect_eq(ptf_aspace_map_alloc(g.as, 3 * MiB, PG, RW, false), PTF_EEXIST, "inside it");
	cr_expect_eq(guest_frames(&g), frames);
	cr_expect_eq(area_count(&g), 1);
	cr_expect_eq(ptf_aspace_map_alloc(g.as, 4 * MiB, PG, RW, false), PTF_OK, "adjacent is fine");
	guest_free(&g);
}

FORMAT_PARAMS(aspace_areas, unmap_splits_left_right_and_middle)
ParameterizedTest(const unsigned *fi, aspace_areas, unmap_splits_left_right_and_middle)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_linear(g.as, 1 * GiB, 5 * GiB, 64 * MiB, RW), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(g.as, 1 * GiB, 4 * MiB), PTF_OK);                  /* left */
	cr_assert_eq(ptf_aspace_unmap(g.as, 1 * GiB + 60 * MiB, 4 * MiB), PTF_OK);       /* right */
	cr_assert_eq(ptf_aspace_unmap(g.as, 1 * GiB + 30 * MiB, 2 * MiB + PG), PTF_OK); /* middle */
	struct area_list l = areas(&g);
	cr_assert_eq(l.n, 2);
	cr_expect_eq(l.a[0].gpa, 1 * GiB + 4 * MiB);
	cr_expect_eq(l.a[0].size, 26 * MiB);
	cr_expect_eq(l.a[0].hpa, 5 * GiB + 4 * MiB);
	cr_expect_eq(l.a[1].gpa, 1 * GiB + 32 * MiB + PG);
	cr_expect_eq(l.a[1].size, 28 * MiB - PG);
	cr_expect_eq(l.a[1].hpa, 5 * GiB + 32 * MiB + PG, "the right part keeps its offset");
	cr_expect_eq(translated(&g, 1 * GiB + 32 * MiB + PG), 5 * GiB + 32 * MiB + PG);
	guest_free(&g);
}

FORMAT_PARAMS(aspace_areas, unmap_across_several_areas_removes_the_covered_parts)
ParameterizedTest(const unsigned *fi, aspace_areas, unmap_across_several_areas_removes_the_covered_parts)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 0, 16 * PG, RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(g.as, 16 * PG, 0, 16 * PG, RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 48 * PG, 16 * PG, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(g.as, 8 * PG, 48 * PG), PTF_OK);
	struct area_list l = areas(&g);
	cr_assert_eq(l.n, 2);
	cr_expect_eq(l.a[0].gpa, 0);
	cr_expect_eq(l.a[0].size, 8 * PG);
	cr_expect_eq(l.a[1].gpa, 56 * PG);
	cr_expect_eq(l.a[1].size, 8 * PG);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(g.as, &st);
	cr_expect_eq(st.frames_owned, 8, "half of the populated frames remain");
	guest_free(&g);
}

FORMAT_PARAMS(aspace_areas, overwrite_replaces_overlapping_areas)
ParameterizedTest(const unsigned *fi, aspace_areas, overwrite_replaces_overlapping_areas)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 0, 8 * MiB, RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear_overwrite(g.as, 2 * MiB, 10 * GiB, 2 * MiB, PTF_R), PTF_OK);
	cr_expect_eq(translated(&g, 3 * MiB), 10 * GiB + MiB);
	struct area_list l = areas(&g);
	cr_assert_eq(l.n, 3, "left, new, right");
	cr_expect_eq(l.a[1].backend, PTF_BACKEND_LINEAR);
	cr_expect_eq(l.a[1].flags, PTF_R);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(g.as, &st);
	cr_expect_eq(st.frames_owned, (8 - 2) * (MiB / PG), "the replaced frames were freed");
	cr_assert_eq(ptf_aspace_map_alloc_overwrite(g.as, MiB, 4 * MiB, PTF_R | PTF_X, false), PTF_OK);
	uint64_t hpa;
	cr_expect_eq(ptf_aspace_translate(g.as, 3 * MiB, &hpa, NULL), PTF_ENOENT, "lazy area replaced the linear one");
	l = areas(&g);
	cr_expect_eq(l.n, 3);
	guest_free(&g);
}

FORMAT_PARAMS(aspace_areas, protect_splits_areas_and_changes_leaves)
ParameterizedTest(const unsigned *fi, aspace_areas, protect_splits_areas_and_changes_leaves)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_linear(g.as, GiB, GiB, GiB, PTF_R | PTF_W | PTF_X), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(g.as, GiB + 2 * MiB, PG, PTF_R), PTF_OK);
	struct area_list l = areas(&g);
	cr_assert_eq(l.n, 3);
	cr_expect_eq(l.a[0].flags, PTF_R | PTF_W | PTF_X);
	cr_expect_eq(l.a[1].flags, PTF_R);
	cr_expect_eq(l.a[1].gpa, GiB + 2 * MiB);
	cr_expect_eq(l.a[1].size, PG);
	cr_expect_eq(l.a[2].flags, PTF_R | PTF_W | PTF_X);
	unsigned flags;
	uint64_t root = ptf_aspace_root(g.as);
	cr_assert_eq(g.fmt->query(g.hal, root, GiB + 2 * MiB, NULL, &flags, NULL), PTF_OK);
	cr_expect_eq(flags, PTF_R);
	cr_assert_eq(g.fmt->query(g.hal, root, GiB + 2 * MiB + PG, NULL, &flags, NULL), PTF_OK);
	cr_expect_eq(flags, PTF_R | PTF_W | PTF_X);
	cr_expect_eq(ptf_aspace_handle_fault(g.as, GiB + 2 * MiB, PTF_W), PTF_EACCESS, "the area's permissions changed too");
	guest_free(&g);
}

FORMAT_PARAMS(aspace_areas, protect_of_lazy_area_applies_to_later_faults)
ParameterizedTest(const unsigned *fi, aspace_areas, protect_of_lazy_area_applies_to_later_faults)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 0, 1 * MiB, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(g.as, 0, 1 * MiB, PTF_R | PTF_X), PTF_OK);
	cr_expect_eq(ptf_aspace_handle_fault(g.as, PG, PTF_W), PTF_EACCESS);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, PG, PTF_X), PTF_OK);
	unsigned flags;
	cr_assert_eq(g.fmt->query(g.hal, ptf_aspace_root(g.as), PG, NULL, &flags, NULL), PTF_OK);
	cr_expect_eq(flags, PTF_R | PTF_X);
	guest_free(&g);
}

FORMAT_PARAMS(aspace_areas, find_free_returns_the_lowest_aligned_gap)
ParameterizedTest(const unsigned *fi, aspace_areas, find_free_returns_the_lowest_aligned_gap)
{
	struct guest g = guest_new(format_at(fi));
	uint64_t gpa;
	cr_assert_eq(ptf_aspace_find_free(g.as, 2 * MiB, 2 * MiB, &gpa), PTF_OK);
	cr_expect_eq(gpa, 0);
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 0, 3 * MiB, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 4 * MiB + PG, PG, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_find_free(g.as, PG, PG, &gpa), PTF_OK);
	cr_expect_eq(gpa, 3 * MiB);
	cr_assert_eq(ptf_aspace_find_free(g.as, 2 * MiB, 2 * MiB, &gpa), PTF_OK);
	cr_expect_eq(gpa, 6 * MiB, "4 MiB is taken at 4 MiB + 4 KiB");
	cr_assert_eq(ptf_aspace_find_free(g.as, MiB, PG, &gpa), PTF_OK);
	cr_expect_eq(gpa, 3 * MiB, "1 MiB fits the 1 MiB + 4 KiB gap");
	cr_assert_eq(ptf_aspace_find_free(g.as, 2 * MiB, PG, &gpa), PTF_OK);
	cr_expect_eq(gpa, 4 * MiB + 2 * PG, "2 MiB does not fit it");
	cr_expect_eq(ptf_aspace_find_free(g.as, g.window, PG, &gpa), PTF_ENOAREA);
	cr_expect_eq(ptf_aspace_find_free(g.as, PG, 3 * KiB, &gpa), PTF_EALIGN);
	guest_free(&g);
}
