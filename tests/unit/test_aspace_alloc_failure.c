/* Allocation failure injected at every allocation point of the runtime's operations:
 * the address space is exactly as before (areas, tables, data frames) and nothing
 * leaks; then the same call succeeds. */
#include "guest_fixture.h"

struct guest_state {
	struct snapshot tree;
	struct ptf_aspace_stats stats;
	size_t frames;
};

static struct guest_state capture(const struct guest *g)
{
	struct guest_state s;
	struct tree t = { .fmt = g->fmt, .host = g->host, .hal = g->hal, .root = ptf_aspace_root(g->as) };
	s.tree = snapshot(&t);
	ptf_aspace_stats(g->as, &s.stats);
	s.frames = guest_frames(g);
	return s;
}

typedef int (*guest_op)(struct guest *g);

static void fail_at_each_allocation(struct guest *g, guest_op op, const char *what)
{
	for (long n = 0;; n++) {
		struct guest_state before = capture(g);
		ptf_host_hal_fail_after(g->host, n);
		int rc = op(g);
		ptf_host_hal_fail_after(g->host, -1);
		if (rc == PTF_OK) {
			free(before.tree.e);
			cr_expect_gt(n, 0, "%s allocates", what);
			return;
		}
		cr_assert_eq(rc, PTF_ENOMEM, "%s, failing after %ld: %s", what, n, ptf_strerror(rc));
		struct guest_state after = capture(g);
		assert_same_snapshot(&before.tree, &after.tree, what);
		cr_assert_eq(memcmp(&before.stats, &after.stats, sizeof(before.stats)), 0, "%s: stats changed", what);
		cr_assert_eq(after.frames, before.frames, "%s: frames leaked after failure %ld", what, n);
		cr_assert_lt(n, 100000);
	}
}

static int populate(struct guest *g) { return ptf_aspace_map_alloc(g->as, 2 * MiB - 4 * PG, 16 * PG, RW, true); }
static int small_page_linear(struct guest *g) { return ptf_aspace_map_linear(g->as, GiB - 2 * PG, 5 * GiB - PG, 6 * PG, RW); }
static int lazy_fault(struct guest *g) { return ptf_aspace_handle_fault(g->as, (geo_window(g->fmt) / 8 * 5) + 5 * MiB + PG, PTF_W); }
/* in two different leaves of the smallest huge page, each split on its own */
static int split_unmap(struct guest *g)
{
	return ptf_aspace_unmap(g->as, 8 * GiB + GiB / 2 - geo_huge(g->fmt, 1) + PG, PG);
}
static int split_protect(struct guest *g) { return ptf_aspace_protect(g->as, 8 * GiB + GiB / 2 + PG, PG, PTF_R); }
static int overwrite(struct guest *g) { return ptf_aspace_map_alloc_overwrite(g->as, 8 * GiB + 1 * MiB, 4 * MiB, RW, true); }

FORMAT_PARAMS(aspace_alloc_failure, populate_fails_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, aspace_alloc_failure, populate_fails_clean_at_every_allocation)
{
	struct guest g = guest_new(format_at(fi));
	fail_at_each_allocation(&g, populate, "populate");
	cr_expect_eq(translated(&g, 2 * MiB) != 0, 1);
	guest_free(&g);
}

FORMAT_PARAMS(aspace_alloc_failure, small_page_map_linear_fails_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, aspace_alloc_failure, small_page_map_linear_fails_clean_at_every_allocation)
{
	struct guest g = guest_new(format_at(fi));
	fail_at_each_allocation(&g, small_page_linear, "map_linear");
	cr_expect_eq(translated(&g, GiB), 5 * GiB + PG);
	guest_free(&g);
}

FORMAT_PARAMS(aspace_alloc_failure, lazy_fault_fails_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, aspace_alloc_failure, lazy_fault_fails_clean_at_every_allocation)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_alloc(g.as, geo_window(g.fmt) / 8 * 5, GiB, RW, false), PTF_OK);
	fail_at_each_allocation(&g, lazy_fault, "lazy fault");
	guest_free(&g);
}

FORMAT_PARAMS(aspace_alloc_failure, unmap_and_protect_splits_fail_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, aspace_alloc_failure, unmap_and_protect_splits_fail_clean_at_every_allocation)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_linear(g.as, 8 * GiB, 8 * GiB, GiB, RW), PTF_OK);
	fail_at_each_allocation(&g, split_unmap, "unmap split");
	fail_at_each_allocation(&g, split_protect, "protect split");
	fail_at_each_allocation(&g, overwrite, "overwrite");
	guest_free(&g);
}

/* dirty_log_start splits the huge leaves of its range (two of the smallest huge size,
 * cut out of the 1 GiB linear area's largest leaves) */
static int dirty_log_start(struct guest *g)
{
	uint64_t huge = geo_huge(g->fmt, 1);
	return ptf_aspace_dirty_log_start(g->as, 8 * GiB + GiB / 2 - huge, 2 * huge);
}

FORMAT_PARAMS(aspace_alloc_failure, dirty_log_start_fails_clean_at_every_allocation)
ParameterizedTest(const unsigned *fi, aspace_alloc_failure, dirty_log_start_fails_clean_at_every_allocation)
{
	struct guest g = guest_new(format_at(fi));
	if (!geo_huge(g.fmt, 1))
		cr_skip_test("%s: no huge page", g.fmt->name);
	cr_assert_eq(ptf_aspace_map_linear(g.as, 8 * GiB, 8 * GiB, GiB, RW), PTF_OK);
	fail_at_each_allocation(&g, dirty_log_start, "dirty_log_start");
	guest_free(&g);
}

/* A logged range holds granule leaves only (dirty_log.h), a map into it too: a get with
 * clear changes permissions and nothing else, so it needs no frame, and with none to be
 * had it still reports every page and protects them again. */
FORMAT_PARAMS(aspace_alloc_failure, dirty_log_get_with_clear_needs_no_frame)
ParameterizedTest(const unsigned *fi, aspace_alloc_failure, dirty_log_get_with_clear_needs_no_frame)
{
	struct guest g = guest_new(format_at(fi));
	uint64_t huge = geo_huge(g.fmt, 1);
	if (!huge)
		cr_skip_test("%s: no huge page", g.fmt->name);
	uint64_t bits = huge / 4096, words = (bits + 63) / 64;
	uint64_t *bitmap = calloc((size_t)words, sizeof(uint64_t));
	cr_assert_not_null(bitmap);
	cr_assert_eq(ptf_aspace_dirty_log_start(g.as, 12 * GiB, huge), PTF_OK);
	/* mapped anew in a logged range: every page reported */
	cr_assert_eq(ptf_aspace_map_linear(g.as, 12 * GiB, 12 * GiB, huge, RW), PTF_OK);
	size_t frames = guest_frames(&g);
	ptf_host_hal_fail_after(g.host, 0);
	int rc = ptf_aspace_dirty_log_get(g.as, 12 * GiB, huge, bitmap, true);
	ptf_host_hal_fail_after(g.host, -1);
	cr_assert_eq(rc, PTF_OK, "%s: %s", g.fmt->name, ptf_strerror(rc));
	cr_expect_eq(guest_frames(&g), frames);
	for (uint64_t i = 0; i < bits; i++)
		cr_assert(bitmap[i / 64] >> (i % 64) & 1, "%s: page %llu reported", g.fmt->name, (unsigned long long)i);
	unsigned flags = 0;
	cr_assert_eq(g.fmt->query(g.hal, ptf_aspace_root(g.as), 12 * GiB + huge / 2, NULL, &flags, NULL), PTF_OK);
	cr_expect_eq(flags & PTF_W, 0, "%s: protected again", g.fmt->name);
	free(bitmap);
	guest_free(&g);
}
