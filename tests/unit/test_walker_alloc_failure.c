/* Allocation failure injected at every allocation of a multi-level operation: the
 * tree is exactly as before and no frame leaks; then the same call succeeds. */
#include "walker_fixture.h"

typedef int (*op_fn)(struct tree *t);

/* Runs op with the n-th allocation failing for every n it makes, then for real. */
static void fail_at_each_allocation(struct tree *t, op_fn op, const char *what)
{
	unsigned long calls = ptf_host_hal_alloc_calls(t->host);
	/* a dry run on a copy is not possible, so count allocations by failing late enough */
	for (long n = 0;; n++) {
		struct snapshot before = snapshot(t);
		size_t f = frames(t);
		ptf_host_hal_fail_after(t->host, n);
		int rc = op(t);
		ptf_host_hal_fail_after(t->host, -1);
		if (rc == PTF_OK) {
			free(before.e);
			cr_expect_gt(n, 0, "%s: allocates at least once", what);
			break;
		}
		cr_assert_eq(rc, PTF_ENOMEM, "%s: %s with failure after %ld: %s", t->fmt->name, what, n, ptf_strerror(rc));
		struct snapshot after = snapshot(t);
		assert_same_snapshot(&before, &after, what);
		cr_assert_eq(frames(t), f, "%s: %zu frames leaked after failure at allocation %ld", what, frames(t) - f, n);
		cr_assert_lt(n, 100000, "%s never succeeds", what);
	}
	cr_expect_gt(ptf_host_hal_alloc_calls(t->host), calls);
}

/* The largest huge page that is not the only one (1 GiB on x86 and ARM 4 KiB), else the
 * only one (4 MiB on Sv32x4). */
static uint64_t big_page(const struct ptf_format *f)
{
	return geo_huge(f, 2) ? geo_huge(f, 2) : geo_huge(f, 1);
}

/* at most x, at most a quarter of the input range */
static uint64_t within(const struct ptf_format *f, uint64_t x)
{
	return x < geo_span(f) / 4 ? x : geo_span(f) / 4;
}

static int map_small_pages_across_tables(struct tree *t)
{
	/* 4 KiB pages over a boundary of 4 big pages (4 GiB on x86): tables at every level
	 * below it on both sides */
	uint64_t b = 4 * big_page(t->fmt);
	return t->fmt->map_range(t->hal, t->root, b - 2 * PG, b - 2 * PG + PG, 4 * PG, RW);
}

static int map_one_page_deep(struct tree *t)
{
	return t->fmt->map_page(t->hal, t->root, within(t->fmt, 77 * GiB) + 5 * MiB + 3 * PG, 0x1230000, PG, RW);
}

static int unmap_inside_big_leaf(struct tree *t)
{
	uint64_t g = big_page(t->fmt);
	return t->fmt->unmap_range(t->hal, t->root, g + g / 2 + PG, PG);
}

static int protect_across_huge_leaves(struct tree *t)
{
	uint64_t h = geo_huge(t->fmt, 1);
	return t->fmt->protect_range(t->hal, t->root, within(t->fmt, GiB) + h / 2, h, PTF_R);
}

FORMAT_PARAMS(walker_alloc_failure, map_range_fails_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, walker_alloc_failure, map_range_fails_clean_at_every_allocation)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, within(t.fmt, 8 * GiB), 0, PG, RW), PTF_OK, "%s", t.fmt->name);
	fail_at_each_allocation(&t, map_small_pages_across_tables, "map_range");
	tree_free(&t);
}

FORMAT_PARAMS(walker_alloc_failure, map_page_fails_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, walker_alloc_failure, map_page_fails_clean_at_every_allocation)
{
	struct tree t = tree_new(format_at(fi));
	fail_at_each_allocation(&t, map_one_page_deep, "map_page");
	cr_expect_eq(frames(&t), t.baseline + t.fmt->levels - 1, "one table per level below the root");
	tree_free(&t);
}

FORMAT_PARAMS(walker_alloc_failure, unmap_split_fails_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, walker_alloc_failure, unmap_split_fails_clean_at_every_allocation)
{
	struct tree t = tree_new(format_at(fi));
	uint64_t g = big_page(t.fmt);
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, g, geo_far_hpa(t.fmt) / 2, g, RW), PTF_OK, "%s", t.fmt->name);
	fail_at_each_allocation(&t, unmap_inside_big_leaf, "unmap split");
	tree_free(&t);
}

FORMAT_PARAMS(walker_alloc_failure, protect_split_fails_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, walker_alloc_failure, protect_split_fails_clean_at_every_allocation)
{
	struct tree t = tree_new(format_at(fi));
	uint64_t h = geo_huge(t.fmt, 1);
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, within(t.fmt, GiB), geo_far_hpa(t.fmt) / 2, 2 * h, RW), PTF_OK, "%s",
	             t.fmt->name);
	fail_at_each_allocation(&t, protect_across_huge_leaves, "protect split");
	tree_free(&t);
}

FORMAT_PARAMS(walker_alloc_failure, root_allocation_failure_is_reported)
ParameterizedTest(const unsigned *fi, walker_alloc_failure, root_allocation_failure_is_reported)
{
	struct ptf_host_hal *host = ptf_host_hal_create(1 << 20);
	uint64_t root = 0;
	ptf_host_hal_fail_after(host, 0);
	cr_expect_eq(format_at(fi)->root_alloc(ptf_host_hal_get(host), &root), PTF_ENOMEM);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}
