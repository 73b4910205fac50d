/* Splitting huge leaves on partial unmap and protect, and freeing emptied tables. */
#include "walker_fixture.h"

static void expect_mapped(struct tree *t, uint64_t gpa, uint64_t hpa, unsigned flags, uint64_t size)
{
	const char *name = t->fmt->name;
	uint64_t pa, got_size;
	unsigned got;
	cr_assert_eq(t->fmt->query(t->hal, t->root, gpa, &pa, &got, &got_size), PTF_OK, "%s: gpa %#llx mapped", name,
	             (unsigned long long)gpa);
	cr_expect_eq(pa, hpa, "%s: gpa %#llx -> %#llx, want %#llx", name, (unsigned long long)gpa, (unsigned long long)pa,
	             (unsigned long long)hpa);
	cr_expect_eq(got, flags, "%s: gpa %#llx flags %#x want %#x", name, (unsigned long long)gpa, got, flags);
	cr_expect_eq(got_size, size, "%s: gpa %#llx page %#llx want %#llx", name, (unsigned long long)gpa,
	             (unsigned long long)got_size, (unsigned long long)size);
}

/* The largest page size that fits an eighth of a 64 GiB window (1 GiB on x86 and ARM
 * 4 KiB; 4 MiB on Sv32x4), and the size below it. */
static uint64_t top_page(const struct ptf_format *f)
{
	uint64_t top = PG;
	for (unsigned i = 0; i < f->n_page_sizes; i++)
		if (f->page_sizes[i] <= geo_window(f) / 8)
			top = f->page_sizes[i];
	return top;
}

static uint64_t page_below(const struct ptf_format *f, uint64_t size)
{
	uint64_t below = PG;
	for (unsigned i = 0; i < f->n_page_sizes && f->page_sizes[i] < size; i++)
		below = f->page_sizes[i];
	return below;
}

/* the leaf of the smallest huge page (2 MiB on x86 and ARM 4 KiB) */
FORMAT_PARAMS(walker_split, split_on_partial_unmap_of_2m_leaf)
ParameterizedTest(const unsigned *fi, walker_split, split_on_partial_unmap_of_2m_leaf)
{
	struct tree t = tree_new(format_at(fi));
	uint64_t h = geo_huge(t.fmt, 1);
	cr_assert_neq(h, 0, "%s has a huge page", t.fmt->name);
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, 3 * h, 5 * h, h, RW), PTF_OK, "%s", t.fmt->name);
	size_t f = frames(&t);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, 3 * h + 3 * PG, 2 * PG), PTF_OK);
	cr_expect_eq(frames(&t), f + 1, "%s: one last-level table replaces the leaf", t.fmt->name);
	expect_mapped(&t, 3 * h, 5 * h, RW, PG);
	expect_mapped(&t, 3 * h + 2 * PG, 5 * h + 2 * PG, RW, PG);
	cr_expect_eq(t.fmt->query(t.hal, t.root, 3 * h + 3 * PG, NULL, NULL, NULL), PTF_ENOENT);
	cr_expect_eq(t.fmt->query(t.hal, t.root, 3 * h + 4 * PG, NULL, NULL, NULL), PTF_ENOENT);
	expect_mapped(&t, 3 * h + 5 * PG, 5 * h + 5 * PG, RW, PG);
	expect_mapped(&t, 4 * h - PG, 6 * h - PG, RW, PG);
	tree_free(&t);
}

/* the second huge page (1 GiB on x86 and ARM 4 KiB), split down to 4 KiB through the one
 * below it; a format with one huge page size has nothing to split twice */
FORMAT_PARAMS(walker_split, split_on_partial_unmap_of_1g_leaf_goes_two_levels_down)
ParameterizedTest(const unsigned *fi, walker_split, split_on_partial_unmap_of_1g_leaf_goes_two_levels_down)
{
	struct tree t = tree_new(format_at(fi));
	uint64_t g = geo_huge(t.fmt, 2), h = geo_huge(t.fmt, 1);
	if (!g || ptf_format_depth_for_size(t.fmt, g) + 2 != ptf_format_depth_for_size(t.fmt, PG))
		cr_skip_test("%s: no huge page two levels above 4 KiB", t.fmt->name);
	if (9 * g + g > geo_out_span(t.fmt))
		cr_skip_test("%s: output range too narrow for this layout", t.fmt->name);
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, 3 * g, 9 * g, g, PTF_R | PTF_X), PTF_OK, "%s", t.fmt->name);
	size_t f = frames(&t);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, 3 * g + h + PG, PG), PTF_OK);
	cr_expect_eq(frames(&t), f + 2, "%s: a table of huge leaves, then a 4 KiB table under one of them",
	             t.fmt->name);
	expect_mapped(&t, 3 * g, 9 * g, PTF_R | PTF_X, h);
	expect_mapped(&t, 3 * g + h, 9 * g + h, PTF_R | PTF_X, PG);
	cr_expect_eq(t.fmt->query(t.hal, t.root, 3 * g + h + PG, NULL, NULL, NULL), PTF_ENOENT);
	expect_mapped(&t, 3 * g + h + 2 * PG, 9 * g + h + 2 * PG, PTF_R | PTF_X, PG);
	expect_mapped(&t, 3 * g + 2 * h, 9 * g + 2 * h, PTF_R | PTF_X, h);
	expect_mapped(&t, 4 * g - h, 10 * g - h, PTF_R | PTF_X, h);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, unmapping_a_whole_leaf_needs_no_split)
ParameterizedTest(const unsigned *fi, walker_split, unmapping_a_whole_leaf_needs_no_split)
{
	struct tree t = tree_new(format_at(fi));
	uint64_t top = top_page(t.fmt), small = page_below(t.fmt, top);
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 2 * top, 2 * top, top + 2 * small, RW), PTF_OK, "%s", t.fmt->name);
	size_t f = frames(&t);
	ptf_host_hal_fail_after(t.host, 0);
	cr_expect_eq(t.fmt->unmap_range(t.hal, t.root, 3 * top, small), PTF_OK, "%s: no allocation is needed",
	             t.fmt->name);
	ptf_host_hal_fail_after(t.host, -1);
	cr_expect_eq(frames(&t), f);
	cr_expect_eq(t.fmt->query(t.hal, t.root, 3 * top, NULL, NULL, NULL), PTF_ENOENT);
	expect_mapped(&t, 3 * top + small, 3 * top + small, RW, small);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, protect_splits_and_changes_only_the_range)
ParameterizedTest(const unsigned *fi, walker_split, protect_splits_and_changes_only_the_range)
{
	struct tree t = tree_new(format_at(fi));
	uint64_t h = geo_huge(t.fmt, 1);
	cr_assert_neq(h, 0, "%s has a huge page", t.fmt->name);
	unsigned rwx = PTF_R | PTF_W | PTF_X;
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, h, 2 * h, h, rwx), PTF_OK, "%s", t.fmt->name);
	cr_assert_eq(t.fmt->protect_range(t.hal, t.root, h + 16 * PG, 16 * PG, PTF_R), PTF_OK);
	expect_mapped(&t, h + 15 * PG, 2 * h + 15 * PG, rwx, PG);
	expect_mapped(&t, h + 16 * PG, 2 * h + 16 * PG, PTF_R, PG);
	expect_mapped(&t, h + 31 * PG, 2 * h + 31 * PG, PTF_R, PG);
	expect_mapped(&t, h + 32 * PG, 2 * h + 32 * PG, rwx, PG);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, protect_of_a_whole_leaf_keeps_it_huge)
ParameterizedTest(const unsigned *fi, walker_split, protect_of_a_whole_leaf_keeps_it_huge)
{
	struct tree t = tree_new(format_at(fi));
	uint64_t h = geo_huge(t.fmt, 1);
	cr_assert_neq(h, 0, "%s has a huge page", t.fmt->name);
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, h, 2 * h, h, RW), PTF_OK, "%s", t.fmt->name);
	size_t f = frames(&t);
	cr_assert_eq(t.fmt->protect_range(t.hal, t.root, h, h, PTF_R), PTF_OK);
	cr_expect_eq(frames(&t), f);
	expect_mapped(&t, h + h / 2, 2 * h + h / 2, PTF_R, h);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, unmapping_everything_frees_every_table)
ParameterizedTest(const unsigned *fi, walker_split, unmapping_everything_frees_every_table)
{
	struct tree t = tree_new(format_at(fi));
	/* a spread of mappings: small pages in two distant places (100 GiB, or half the input
	 * range if less) and a huge one */
	uint64_t h = geo_huge(t.fmt, 1), top = top_page(t.fmt);
	uint64_t far = geo_span(t.fmt) / 2 < 100 * GiB ? geo_span(t.fmt) / 2 : 100 * GiB;
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 0, 0, 16 * PG, RW), PTF_OK);
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, far, 0, h + PG, RW), PTF_OK, "%s", t.fmt->name);
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 7 * top, 7 * top, top, RW), PTF_OK, "%s", t.fmt->name);
	cr_assert_gt(frames(&t), t.baseline);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, 0, 16 * PG), PTF_OK);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, far, h + PG), PTF_OK);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, 7 * top, top), PTF_OK);
	cr_expect_eq(frames(&t), t.baseline, "%s: frames in use return to the baseline", t.fmt->name);
	struct snapshot s = snapshot(&t);
	cr_expect_eq(s.n, 0, "%s: no entry is left", t.fmt->name);
	free(s.e);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, unmapping_pages_one_by_one_frees_the_table_with_the_last)
ParameterizedTest(const unsigned *fi, walker_split, unmapping_pages_one_by_one_frees_the_table_with_the_last)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 4 * MiB, 0, 4 * PG, RW), PTF_OK);
	size_t f = frames(&t);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(t.fmt->unmap_page(t.hal, t.root, 4 * MiB + (uint64_t)i * PG, PG), PTF_OK);
		cr_expect_eq(frames(&t), f, "tables stay while a page remains");
	}
	cr_assert_eq(t.fmt->unmap_page(t.hal, t.root, 4 * MiB + 3 * PG, PG), PTF_OK);
	cr_expect_eq(frames(&t), t.baseline);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, unmap_of_nothing_changes_nothing)
ParameterizedTest(const unsigned *fi, walker_split, unmap_of_nothing_changes_nothing)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 0, 0, 4 * PG, RW), PTF_OK);
	struct snapshot before = snapshot(&t);
	cr_expect_eq(t.fmt->unmap_range(t.hal, t.root, GiB, GiB), PTF_OK);
	cr_expect_eq(t.fmt->protect_range(t.hal, t.root, GiB, GiB, PTF_R), PTF_OK);
	struct snapshot after = snapshot(&t);
	assert_same_snapshot(&before, &after, "unmap and protect of a hole");
	tree_free(&t);
}
