/* A single-page map or unmap, and a change of one whole leaf, walk down the tree once
 * when nothing has to split: each table on the way is reached exactly once. The HAL
 * here has no direct map, so every table a walk reaches costs one phys_to_virt call,
 * which it counts. */
#include "walker_fixture.h"
#include "wrapped_hal.h"

struct counted_tree {
	struct tree t;
	struct wrapped_hal w;
	const struct ptf_hal *hal;
};

static void counted_open(struct counted_tree *c, const struct ptf_format *fmt)
{
	c->t = tree_new(fmt);
	c->hal = wrap_hal(&c->w, c->t.host, WRAP_LEND_META);
}

/* The depth whose leaves map size. */
static unsigned depth_of(const struct ptf_format *f, uint64_t size)
{
	int d = ptf_format_depth_for_size(f, size);
	cr_assert_geq(d, 0);
	return (unsigned)d;
}

FORMAT_PARAMS(one_descent, map_page_with_tables_present_reaches_each_table_once)
ParameterizedTest(const unsigned *fi, one_descent, map_page_with_tables_present_reaches_each_table_once)
{
	struct counted_tree c;
	counted_open(&c, format_at(fi));
	const struct ptf_format *f = c.t.fmt;
	cr_assert_eq(f->map_page(c.hal, c.t.root, 3 * GiB, 0x10000000, PG, RW), PTF_OK);
	c.w.virt_calls = 0;
	cr_assert_eq(f->map_page(c.hal, c.t.root, 3 * GiB + PG, 0x10000000 + PG, PG, RW), PTF_OK);
	cr_expect_eq(c.w.virt_calls, f->levels, "%s: %lu tables reached for %u levels", f->name, c.w.virt_calls, f->levels);
	tree_free(&c.t);
}

FORMAT_PARAMS(one_descent, unmap_page_that_empties_nothing_reaches_each_table_once)
ParameterizedTest(const unsigned *fi, one_descent, unmap_page_that_empties_nothing_reaches_each_table_once)
{
	struct counted_tree c;
	counted_open(&c, format_at(fi));
	const struct ptf_format *f = c.t.fmt;
	cr_assert_eq(f->map_range(c.hal, c.t.root, 3 * GiB, 0x10000000, 4 * PG, RW), PTF_OK);
	c.w.virt_calls = 0;
	cr_assert_eq(f->unmap_page(c.hal, c.t.root, 3 * GiB + PG, PG), PTF_OK);
	cr_expect_eq(c.w.virt_calls, f->levels, "%s: %lu tables reached for %u levels", f->name, c.w.virt_calls, f->levels);
	cr_expect_eq(f->query(c.hal, c.t.root, 3 * GiB + PG, NULL, NULL, NULL), PTF_ENOENT);
	cr_expect_eq(f->query(c.hal, c.t.root, 3 * GiB + 2 * PG, NULL, NULL, NULL), PTF_OK);
	tree_free(&c.t);
}

FORMAT_PARAMS(one_descent, one_largest_leaf_is_mapped_and_unmapped_in_one_descent)
ParameterizedTest(const unsigned *fi, one_descent, one_largest_leaf_is_mapped_and_unmapped_in_one_descent)
{
	struct counted_tree c;
	counted_open(&c, format_at(fi));
	const struct ptf_format *f = c.t.fmt;
	uint64_t big = largest_page(f);
	unsigned reached = depth_of(f, big) + 1; /* the root and each table above the leaf */
	/* its tables exist already, as they do for a hypervisor's RAM */
	cr_assert_eq(f->map_range(c.hal, c.t.root, 2 * big, 2 * big, big, RW), PTF_OK);
	c.w.virt_calls = 0;
	cr_assert_eq(f->map_range(c.hal, c.t.root, 3 * big, 3 * big, big, RW), PTF_OK);
	cr_expect_eq(c.w.virt_calls, reached, "%s: map reached %lu tables, want %u", f->name, c.w.virt_calls, reached);
	c.w.virt_calls = 0;
	cr_assert_eq(f->unmap_range(c.hal, c.t.root, 3 * big, big), PTF_OK);
	cr_expect_eq(c.w.virt_calls, reached, "%s: unmap reached %lu tables, want %u", f->name, c.w.virt_calls, reached);
	c.w.virt_calls = 0;
	cr_assert_eq(f->protect_range(c.hal, c.t.root, 2 * big, big, PTF_R), PTF_OK);
	cr_expect_eq(c.w.virt_calls, reached, "%s: protect reached %lu tables, want %u", f->name, c.w.virt_calls, reached);
	tree_free(&c.t);
}

FORMAT_PARAMS(one_descent, unmap_page_inside_a_huge_leaf_splits_it_through_the_range_walk)
ParameterizedTest(const unsigned *fi, one_descent, unmap_page_inside_a_huge_leaf_splits_it_through_the_range_walk)
{
	struct counted_tree c;
	counted_open(&c, format_at(fi));
	const struct ptf_format *f = c.t.fmt;
	if (f->n_page_sizes < 2) {
		tree_free(&c.t);
		cr_skip_test("%s has no huge leaves", f->name);
	}
	uint64_t huge = f->page_sizes[1];
	cr_assert_eq(f->map_range(c.hal, c.t.root, 4 * huge, 4 * huge, huge, RW), PTF_OK);
	cr_assert_eq(f->unmap_page(c.hal, c.t.root, 4 * huge + PG, PG), PTF_OK);
	uint64_t pa, size;
	cr_expect_eq(f->query(c.hal, c.t.root, 4 * huge + PG, NULL, NULL, NULL), PTF_ENOENT);
	cr_expect_eq(f->query(c.hal, c.t.root, 4 * huge + 2 * PG, &pa, NULL, &size), PTF_OK);
	cr_expect_eq(pa, 4 * huge + 2 * PG, "%s: the rest still maps what the leaf did", f->name);
	cr_expect_eq(size, PG);
	tree_free(&c.t);
}
