/* Splitting huge leaves on partial unmap and protect, and freeing emptied tables. */
#include "walker_fixture.h"

static void expect_mapped(struct tree *t, uint64_t gpa, uint64_t hpa, unsigned flags, uint64_t size)
{
	uint64_t pa, got_size;
	unsigned got;
	cr_assert_eq(t->fmt->query(t->hal, t->root, gpa, &pa, &got, &got_size), PTF_OK, "gpa %#llx mapped", (unsigned long long)gpa);
	cr_expect_eq(pa, hpa, "gpa %#llx -> %#llx, want %#llx", (unsigned long long)gpa, (unsigned long long)pa, (unsigned long long)hpa);
	cr_expect_eq(got, flags, "gpa %#llx flags %#x want %#x", (unsigned long long)gpa, got, flags);
	cr_expect_eq(got_size, size, "gpa %#llx page %#llx want %#llx", (unsigned long long)gpa,
	             (unsigned long long)got_size, (unsigned long long)size);
}

FORMAT_PARAMS(walker_split, split_on_partial_unmap_of_2m_leaf)
ParameterizedTest(const unsigned *fi, walker_split, split_on_partial_unmap_of_2m_leaf)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, 6 * MiB, 10 * MiB, 2 * MiB, RW), PTF_OK);
	size_t f = frames(&t);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, 6 * MiB + 12 * KiB, 8 * KiB), PTF_OK);
	cr_expect_eq(frames(&t), f + 1, "one last-level table replaces the leaf");
	expect_mapped(&t, 6 * MiB, 10 * MiB, RW, 4 * KiB);
	expect_mapped(&t, 6 * MiB + 8 * KiB, 10 * MiB + 8 * KiB, RW, 4 * KiB);
	cr_expect_eq(t.fmt->query(t.hal, t.root, 6 * MiB + 12 * KiB, NULL, NULL, NULL), PTF_ENOENT);
	cr_expect_eq(t.fmt->query(t.hal, t.root, 6 * MiB + 16 * KiB, NULL, NULL, NULL), PTF_ENOENT);
	expect_mapped(&t, 6 * MiB + 20 * KiB, 10 * MiB + 20 * KiB, RW, 4 * KiB);
	expect_mapped(&t, 8 * MiB - 4 * KiB, 12 * MiB - 4 * KiB, RW, 4 * KiB);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, split_on_partial_unmap_of_1g_leaf_goes_two_levels_down)
ParameterizedTest(const unsigned *fi, walker_split, split_on_partial_unmap_of_1g_leaf_goes_two_levels_down)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, 3 * GiB, 9 * GiB, GiB, PTF_R | PTF_X), PTF_OK);
	size_t f = frames(&t);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, 3 * GiB + 2 * MiB + 4 * KiB, 4 * KiB), PTF_OK);
	cr_expect_eq(frames(&t), f + 2, "a 2 MiB table, then a 4 KiB table under one of its leaves");
	expect_mapped(&t, 3 * GiB, 9 * GiB, PTF_R | PTF_X, 2 * MiB);
	expect_mapped(&t, 3 * GiB + 2 * MiB, 9 * GiB + 2 * MiB, PTF_R | PTF_X, 4 * KiB);
	cr_expect_eq(t.fmt->query(t.hal, t.root, 3 * GiB + 2 * MiB + 4 * KiB, NULL, NULL, NULL), PTF_ENOENT);
	expect_mapped(&t, 3 * GiB + 2 * MiB + 8 * KiB, 9 * GiB + 2 * MiB + 8 * KiB, PTF_R | PTF_X, 4 * KiB);
	expect_mapped(&t, 3 * GiB + 4 * MiB, 9 * GiB + 4 * MiB, PTF_R | PTF_X, 2 * MiB);
	expect_mapped(&t, 4 * GiB - 2 * MiB, 10 * GiB - 2 * MiB, PTF_R | PTF_X, 2 * MiB);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, unmapping_a_whole_leaf_needs_no_split)
ParameterizedTest(const unsigned *fi, walker_split, unmapping_a_whole_leaf_needs_no_split)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 2 * GiB, 2 * GiB, GiB + 4 * MiB, RW), PTF_OK);
	size_t f = frames(&t);
	ptf_host_hal_fail_after(t.host, 0);
	cr_expect_eq(t.fmt->unmap_range(t.hal, t.root, 3 * GiB, 2 * MiB), PTF_OK, "no allocation is needed");
	ptf_host_hal_fail_after(t.host, -1);
	cr_expect_eq(frames(&t), f);
	cr_expect_eq(t.fmt->query(t.hal, t.root, 3 * GiB, NULL, NULL, NULL), PTF_ENOENT);
	expect_mapped(&t, 3 * GiB + 2 * MiB, 3 * GiB + 2 * MiB, RW, 2 * MiB);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, protect_splits_and_changes_only_the_range)
ParameterizedTest(const unsigned *fi, walker_split, protect_splits_and_changes_only_the_range)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, 2 * MiB, 4 * MiB, 2 * MiB, PTF_R | PTF_W | PTF_X), PTF_OK);
	cr_assert_eq(t.fmt->protect_range(t.hal, t.root, 2 * MiB + 64 * KiB, 64 * KiB, PTF_R), PTF_OK);
	expect_mapped(&t, 2 * MiB + 60 * KiB, 4 * MiB + 60 * KiB, PTF_R | PTF_W | PTF_X, 4 * KiB);
	expect_mapped(&t, 2 * MiB + 64 * KiB, 4 * MiB + 64 * KiB, PTF_R, 4 * KiB);
	expect_mapped(&t, 2 * MiB + 124 * KiB, 4 * MiB + 124 * KiB, PTF_R, 4 * KiB);
	expect_mapped(&t, 2 * MiB + 128 * KiB, 4 * MiB + 128 * KiB, PTF_R | PTF_W | PTF_X, 4 * KiB);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, protect_of_a_whole_leaf_keeps_it_huge)
ParameterizedTest(const unsigned *fi, walker_split, protect_of_a_whole_leaf_keeps_it_huge)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, 2 * MiB, 4 * MiB, 2 * MiB, RW), PTF_OK);
	size_t f = frames(&t);
	cr_assert_eq(t.fmt->protect_range(t.hal, t.root, 2 * MiB, 2 * MiB, PTF_R), PTF_OK);
	cr_expect_eq(frames(&t), f);
	expect_mapped(&t, 3 * MiB, 5 * MiB, PTF_R, 2 * MiB);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, unmapping_everything_frees_every_table)
ParameterizedTest(const unsigned *fi, walker_split, unmapping_everything_frees_every_table)
{
	struct tree t = tree_new(format_at(fi));
	/* a spread of mappings: small pages in two distant places and a huge one */
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 0, 0, 64 * KiB, RW), PTF_OK);
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 100 * GiB, 0, 2 * MiB + 4 * KiB, RW), PTF_OK);
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 7 * GiB, 7 * GiB, GiB, RW), PTF_OK);
	cr_assert_gt(frames(&t), t.baseline);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, 0, 64 * KiB), PTF_OK);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, 100 * GiB, 2 * MiB + 4 * KiB), PTF_OK);
	cr_assert_eq(t.fmt->unmap_range(t.hal, t.root, 7 * GiB, GiB), PTF_OK);
	cr_expect_eq(frames(&t), t.baseline, "frames in use return to the baseline");
	struct snapshot s = snapshot(&t);
	cr_expect_eq(s.n, 0, "no entry is left");
	free(s.e);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, unmapping_pages_one_by_one_frees_the_table_with_the_last)
ParameterizedTest(const unsigned *fi, walker_split, unmapping_pages_one_by_one_frees_the_table_with_the_last)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 4 * MiB, 0, 16 * KiB, RW), PTF_OK);
	size_t f = frames(&t);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(t.fmt->unmap_page(t.hal, t.root, 4 * MiB + (uint64_t)i * 4 * KiB, 4 * KiB), PTF_OK);
		cr_expect_eq(frames(&t), f, "tables stay while a page remains");
	}
	cr_assert_eq(t.fmt->unmap_page(t.hal, t.root, 4 * MiB + 12 * KiB, 4 * KiB), PTF_OK);
	cr_expect_eq(frames(&t), t.baseline);
	tree_free(&t);
}

FORMAT_PARAMS(walker_split, unmap_of_nothing_changes_nothing)
ParameterizedTest(const unsigned *fi, walker_split, unmap_of_nothing_changes_nothing)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 0, 0, 16 * KiB, RW), PTF_OK);
	struct snapshot before = snapshot(&t);
	cr_expect_eq(t.fmt->unmap_range(t.hal, t.root, GiB, GiB), PTF_OK);
	cr_expect_eq(t.fmt->protect_range(t.hal, t.root, GiB, GiB, PTF_R), PTF_OK);
	struct snapshot after = snapshot(&t);
	assert_same_snapshot(&before, &after, "unmap and protect of a hole");
	tree_free(&t);
}
