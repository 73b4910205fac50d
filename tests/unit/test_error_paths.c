/* Error paths the other suites do not reach, each with its exact PTF_E* code and a check
 * that the refused call changed nothing (areas, page table, stats, frames, TLB flushes):
 *   - the address space when the host heap (malloc/calloc) fails: create, the area node
 *     of a map, the spare node of a middle split, the nodes of a protect that splits;
 *   - create when the root frame cannot be allocated, and a fault that must map a linear
 *     page again (removed behind the address space's back) when no table frame is left;
 *   - the generated walkers' argument checks at every depth and page size of every
 *     format: raw encoders asked for a depth beyond the format, map_page per page size,
 *     unmap_page, protect_range, map_range, walk, fault_page, query; and their conflict
 *     and allocation-failure returns at every depth (a leaf above, a path that ends at
 *     depth k, a reservation failing at each of its frames).
 * Every test runs for every built format. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

#include "aspace_fixture.h"
#include "walker_fixture.h"

/* ---- host heap failure injection ----
 * The test binary's own malloc and calloc forward to glibc's and fail on request, for
 * the calling thread only: after heap_fail_after more successful allocations, every
 * later one fails until it is set back to -1. Not under a sanitizer, whose allocator
 * must see every allocation: the heap tests are skipped there. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NO_HEAP_INJECTION 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define NO_HEAP_INJECTION 1
#endif
#endif
#if !defined(__GLIBC__)
#define NO_HEAP_INJECTION 1
#endif

static _Thread_local long heap_fail_after = -1;

#ifndef NO_HEAP_INJECTION
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);

static bool heap_may_allocate(void)
{
	if (heap_fail_after < 0)
		return true;
	if (heap_fail_after == 0)
		return false;
	heap_fail_after--;
	return true;
}

void *malloc(size_t size)
{
	if (!heap_may_allocate()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
	if (!heap_may_allocate()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(count, size);
}
#endif

static void require_heap_injection(void)
{
#ifdef NO_HEAP_INJECTION
	cr_skip_test("host heap failure injection needs glibc and no sanitizer");
#endif
}

/* call, with the n-th host heap allocation failing for n = 0, 1, ... until it succeeds:
 * PTF_ENOMEM and nothing changed every time, then PTF_OK after at least min_allocs
 * heap allocations (so that each of them was made to fail once). */
#define EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(fx, min_allocs, call) \
	do { \
		long n_ = 0; \
		for (;; n_++) { \
			struct asfx_state before_ = asfx_state(fx); \
			heap_fail_after = n_; \
			int rc_ = (call); \
			heap_fail_after = -1; \
			if (rc_ == PTF_OK) \
				break; \
			cr_assert_eq(rc_, PTF_ENOMEM, "%s: %s with heap failure after %ld: %d (%s), want ENOMEM", \
			             (fx)->fmt->name, #call, n_, rc_, ptf_error_name(rc_) ? ptf_error_name(rc_) : "?"); \
			asfx_expect_unchanged((fx), &before_, #call); \
			cr_assert_lt(n_, 64, "%s: %s never succeeds", (fx)->fmt->name, #call); \
		} \
		cr_expect_geq(n_, (long)(min_allocs), "%s: %s made %ld heap allocations, want at least %d", \
		              (fx)->fmt->name, #call, n_, (int)(min_allocs)); \
	} while (0)

/* ---- address space: allocation failures ---- */

ASPACE_FORMAT_PARAMS(error_paths, create_fails_with_enomem_and_holds_nothing_when_the_root_frame_cannot_be_allocated)
ParameterizedTest(const unsigned *fi, error_paths,
                  create_fails_with_enomem_and_holds_nothing_when_the_root_frame_cannot_be_allocated)
{
	const struct ptf_format *fmt = asfx_format(fi);
	struct ptf_host_hal *host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(host);
	struct ptf_aspace *sentinel = (struct ptf_aspace *)&host, *as = sentinel;
	ptf_host_hal_fail_after(host, 0);
	int rc = ptf_aspace_create(&as, fmt, 0, GiB, ptf_host_hal_get(host));
	ptf_host_hal_fail_after(host, -1);
	cr_expect_eq(rc, PTF_ENOMEM, "%s: create without a root frame: %d (%s)", fmt->name, rc,
	             ptf_error_name(rc) ? ptf_error_name(rc) : "?");
	cr_expect_eq(as, sentinel, "%s: a failed create wrote *out", fmt->name);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	cr_expect_eq(ptf_host_hal_flush_calls(host), 0);
	/* and with the frame it works */
	cr_expect_eq(ptf_aspace_create(&as, fmt, 0, GiB, ptf_host_hal_get(host)), PTF_OK);
	if (as != sentinel)
		ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

ASPACE_FORMAT_PARAMS(error_paths, create_fails_with_enomem_and_holds_nothing_when_the_host_heap_is_exhausted)
ParameterizedTest(const unsigned *fi, error_paths,
                  create_fails_with_enomem_and_holds_nothing_when_the_host_heap_is_exhausted)
{
	require_heap_injection();
	const struct ptf_format *fmt = asfx_format(fi);
	struct ptf_host_hal *host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(host);
	struct ptf_aspace *sentinel = (struct ptf_aspace *)&host, *as = sentinel;
	heap_fail_after = 0;
	int rc = ptf_aspace_create(&as, fmt, 0, GiB, ptf_host_hal_get(host));
	heap_fail_after = -1;
	cr_expect_eq(rc, PTF_ENOMEM, "%s: create with no heap: %d (%s)", fmt->name, rc,
	             ptf_error_name(rc) ? ptf_error_name(rc) : "?");
	cr_expect_eq(as, sentinel, "%s: a failed create wrote *out", fmt->name);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0, "%s: a failed create holds frames", fmt->name);
	cr_expect_eq(ptf_host_hal_alloc_calls(host), 0, "%s: create asked for frames it could not use", fmt->name);
	ptf_host_hal_destroy(host);
}

#define EP_LIN (16 * MiB)  /* linear RW, 64 KiB */
#define EP_POP (32 * MiB)  /* populated alloc RW, 64 KiB */
#define EP_GAP (48 * MiB)  /* nothing here */
#define EP_AREA (16 * PG)

static struct aspace_fx open_two_areas(const unsigned *fi)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t hpa = asfx_ram(&fx, EP_AREA, PG, 0x5a);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, EP_LIN, hpa, EP_AREA, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, EP_POP, EP_AREA, AS_RW, true), PTF_OK);
	return fx;
}

ASPACE_FORMAT_PARAMS(error_paths, map_fails_clean_with_enomem_when_its_area_node_cannot_be_allocated)
ParameterizedTest(const unsigned *fi, error_paths, map_fails_clean_with_enomem_when_its_area_node_cannot_be_allocated)
{
	require_heap_injection();
	struct aspace_fx fx = open_two_areas(fi);
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 1, ptf_aspace_map_alloc(fx.as, EP_GAP, PG, AS_RW, false));
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 1, ptf_aspace_map_alloc(fx.as, EP_GAP + MiB, PG, AS_RW, true));
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 1, ptf_aspace_map_linear(fx.as, EP_GAP + 2 * MiB, ASFX_FAR_HPA, 2 * MiB, AS_RO));
	/* an overwrite of a whole area: a node, no split */
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 1, ptf_aspace_map_alloc_overwrite(fx.as, EP_GAP, PG, AS_RO, true));
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(error_paths, overwrite_of_the_middle_of_an_area_fails_clean_with_enomem_at_each_heap_allocation)
ParameterizedTest(const unsigned *fi, error_paths,
                  overwrite_of_the_middle_of_an_area_fails_clean_with_enomem_at_each_heap_allocation)
{
	require_heap_injection();
	struct aspace_fx fx = open_two_areas(fi);
	/* the new node, then the spare node for the right-hand part of the split area */
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 2,
	                                  ptf_aspace_map_linear_overwrite(fx.as, EP_LIN + PG, ASFX_FAR_HPA, PG, AS_RO));
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 2,
	                                  ptf_aspace_map_alloc_overwrite(fx.as, EP_POP + 2 * PG, PG, AS_RO, true));
	cr_expect_eq(asfx_state(&fx).stats.areas, 6, "%s: both areas were split in three", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(error_paths, unmap_of_the_middle_of_an_area_fails_clean_with_enomem_when_the_heap_is_exhausted)
ParameterizedTest(const unsigned *fi, error_paths,
                  unmap_of_the_middle_of_an_area_fails_clean_with_enomem_when_the_heap_is_exhausted)
{
	require_heap_injection();
	struct aspace_fx fx = open_two_areas(fi);
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 1, ptf_aspace_unmap(fx.as, EP_LIN + PG, PG));
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 1, ptf_aspace_unmap(fx.as, EP_POP + PG, 2 * PG));
	cr_expect_eq(ptf_aspace_translate(fx.as, EP_POP + PG, NULL, NULL), PTF_ENOENT);
	cr_expect_eq(asfx_state(&fx).stats.areas, 4);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(error_paths, protect_that_splits_areas_fails_clean_with_enomem_at_each_heap_allocation)
ParameterizedTest(const unsigned *fi, error_paths,
                  protect_that_splits_areas_fails_clean_with_enomem_at_each_heap_allocation)
{
	require_heap_injection();
	struct aspace_fx fx = open_two_areas(fi);
	/* the middle of an area: a left and a right node */
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 2, ptf_aspace_protect(fx.as, EP_LIN + PG, PG, AS_RO));
	/* the start of an area: a right node only; its end: a left node only */
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 1, ptf_aspace_protect(fx.as, EP_POP, PG, AS_RO));
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 1, ptf_aspace_protect(fx.as, EP_POP + EP_AREA - PG, PG, AS_RO));
	/* across two areas, cutting into both */
	EXPECT_CLEAN_AT_EACH_HEAP_FAILURE(&fx, 2,
	                                  ptf_aspace_protect(fx.as, EP_LIN + EP_AREA - PG, EP_POP - EP_LIN - 2 * PG, AS_RW));
	asfx_close(&fx);
}

/* fault.c: a fault in a linear area whose page is gone from the table (the walker
 * removed it behind the address space's back) maps the page again; with no frame for
 * the tables that needs, it fails with PTF_ENOMEM and changes nothing. */
ASPACE_FORMAT_PARAMS(error_paths, fault_that_maps_a_linear_page_again_fails_clean_with_enomem_when_no_table_frame_is_left)
ParameterizedTest(const unsigned *fi, error_paths,
                  fault_that_maps_a_linear_page_again_fails_clean_with_enomem_when_no_table_frame_is_left)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t hpa = asfx_ram(&fx, 4 * PG, PG, 0x5a);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, EP_LIN, hpa, 4 * PG, AS_RW), PTF_OK);
	/* behind its back: the walker removes the pages and frees the tables they emptied */
	cr_assert_eq(fx.fmt->unmap_range(fx.hal, ptf_aspace_root(fx.as), EP_LIN, 4 * PG), PTF_OK);
	cr_assert_eq(asfx_frames(&fx), fx.root_frames, "%s: the emptied tables were freed", fx.fmt->name);
	cr_assert_eq(ptf_aspace_translate(fx.as, EP_LIN + PG, NULL, NULL), PTF_ENOENT);
	ptf_host_hal_fail_after(fx.host, 0);
	ASFX_EXPECT_REFUSED(&fx, PTF_ENOMEM, ptf_aspace_handle_fault(fx.as, EP_LIN + PG + 8, PTF_W));
	ptf_host_hal_fail_after(fx.host, (long)fx.fmt->levels - 2); /* one table short */
	ASFX_EXPECT_REFUSED(&fx, PTF_ENOMEM, ptf_aspace_handle_fault(fx.as, EP_LIN + PG + 8, PTF_W));
	ptf_host_hal_fail_after(fx.host, -1);
	cr_expect_eq(ptf_aspace_translate(fx.as, EP_LIN + PG, NULL, NULL), PTF_ENOENT);
	/* with frames, the page comes back where the area says */
	cr_expect_eq(ptf_aspace_handle_fault(fx.as, EP_LIN + PG + 8, PTF_W), PTF_OK);
	uint64_t got = 0;
	cr_expect_eq(ptf_aspace_translate(fx.as, EP_LIN + PG + 8, &got, NULL), PTF_OK);
	cr_expect_eq(got, hpa + PG + 8, "%s: %#llx", fx.fmt->name, (unsigned long long)got);
	cr_expect_eq(ptf_aspace_translate(fx.as, EP_LIN, NULL, NULL), PTF_ENOENT, "%s: only the faulting page",
	             fx.fmt->name);
	asfx_close(&fx);
}

/* guest_memory.c: the NULL-buffer check is for a non-empty access only; an empty one
 * succeeds anywhere (even at an address that would wrap) and touches nothing. */
ASPACE_FORMAT_PARAMS(error_paths, guest_access_of_zero_bytes_succeeds_with_a_null_buffer_and_changes_nothing)
ParameterizedTest(const unsigned *fi, error_paths,
                  guest_access_of_zero_bytes_succeeds_with_a_null_buffer_and_changes_nothing)
{
	struct aspace_fx fx = open_two_areas(fi);
	ASFX_EXPECT_REFUSED(&fx, PTF_OK, ptf_aspace_read(fx.as, EP_GAP, NULL, 0));
	ASFX_EXPECT_REFUSED(&fx, PTF_OK, ptf_aspace_write(fx.as, EP_POP, NULL, 0));
	ASFX_EXPECT_REFUSED(&fx, PTF_OK, ptf_aspace_write(fx.as, UINT64_MAX, NULL, 0));
	ASFX_EXPECT_REFUSED(&fx, PTF_EINVAL, ptf_aspace_read(fx.as, EP_POP, NULL, 1));
	cr_expect_eq(ptf_aspace_read(NULL, 0, NULL, 0), PTF_EINVAL, "a NULL address space even for no bytes");
	asfx_close(&fx);
}

/* ---- generated walkers ---- */

/* A walker result's name: a PTF_E* code, or 1 (fault_page: already mapped). */
static const char *result_name(int rc)
{
	return rc == 1 ? "already mapped" : ptf_error_name(rc) ? ptf_error_name(rc) : "?";
}

/* Expect call to return err and leave the tree and the frames in use exactly as they were. */
#define TREE_EXPECT_REFUSED(t, err, call) \
	do { \
		struct snapshot tb_ = snapshot(t); \
		size_t tf_ = frames(t); \
		int trc_ = (call); \
		cr_expect_eq(trc_, (err), "%s: %s returned %d (%s), want %d (%s)", (t)->fmt->name, #call, trc_, \
		             result_name(trc_), (err), result_name(err)); \
		struct snapshot ta2_ = snapshot(t); \
		assert_same_snapshot(&tb_, &ta2_, #call); \
		cr_expect_eq(frames(t), tf_, "%s: %s: frames in use %zu -> %zu", (t)->fmt->name, #call, tf_, frames(t)); \
	} while (0)

static uint64_t in_span(const struct ptf_format *f) { return geo_span(f); }
static uint64_t out_span(const struct ptf_format *f) { return (uint64_t)1 << f->output_bits; }
static uint64_t leaf_size(const struct ptf_format *f, unsigned depth) { return f->level[depth].leaf_size; }

/* Make the walk to va (0) end at depth k: every table above k exists, the depth-k entry
 * is empty (a 4 KiB page mapped next to va, differing only in depth k's lowest index bit). */
static void path_ends_at(struct tree *t, uint64_t va, unsigned k)
{
	if (k == 0)
		return;
	uint64_t beside = va ^ ((uint64_t)1 << t->fmt->level[k].index_lo);
	cr_assert_eq(t->fmt->map_page(t->hal, t->root, beside, 0, PG, RW), PTF_OK);
}

FORMAT_PARAMS(error_paths, raw_encoders_refuse_a_depth_beyond_the_format)
ParameterizedTest(const unsigned *fi, error_paths, raw_encoders_refuse_a_depth_beyond_the_format)
{
	const struct ptf_format *f = format_at(fi);
	/* UINT_MAX too: a check written as depth + 1 >= LEVELS would wrap there */
	const unsigned beyond[] = { f->levels, f->levels + 1, PTF_MAX_LEVELS, 100, INT_MAX, UINT_MAX };
	for (size_t i = 0; i < sizeof(beyond) / sizeof(beyond[0]); i++) {
		unsigned d = beyond[i];
		cr_expect_eq(f->leaf(PG, RW, d), 0, "%s: leaf at depth %u", f->name, d);
		cr_expect_eq(f->table(PG, d), 0, "%s: table at depth %u", f->name, d);
		cr_expect_eq(f->index(~(uint64_t)0, d), 0, "%s: index at depth %u", f->name, d);
		struct ptf_entry_info info;
		memset(&info, 0x5a, sizeof(info));
		f->decode(f->leaf(PG, RW, f->levels - 1), d, &info);
		cr_expect(info.kind == PTF_ENTRY_INVALID && info.pa == 0 && info.size == 0 && info.flags == 0,
		          "%s: decode at depth %u gives kind %d pa %#llx size %#llx flags %#x", f->name, d, info.kind,
		          (unsigned long long)info.pa, (unsigned long long)info.size, info.flags);
	}
	/* an empty entry decodes as invalid at every depth, with only the size it covers */
	for (unsigned d = 0; d < f->levels; d++) {
		struct ptf_entry_info info;
		memset(&info, 0x5a, sizeof(info));
		f->decode(0, d, &info);
		cr_expect(info.kind == PTF_ENTRY_INVALID && info.pa == 0 && info.flags == 0 &&
		          info.size == (uint64_t)1 << f->level[d].index_lo,
		          "%s: entry 0 at depth %u decodes as kind %d pa %#llx size %#llx flags %#x", f->name, d, info.kind,
		          (unsigned long long)info.pa, (unsigned long long)info.size, info.flags);
	}
	/* the last depth points to no table; flags past the 64 combinations encode nothing */
	cr_expect_eq(f->table(PG, f->levels - 1), 0, "%s: table at the last depth", f->name);
	cr_expect_eq(f->leaf(PG, PTF_FLAG_COMBOS | RW, f->levels - 1), 0, "%s: flags %#x", f->name,
	             PTF_FLAG_COMBOS | RW);
	cr_expect_eq(f->leaf(PG, UINT_MAX, f->levels - 1), 0, "%s: flags UINT_MAX", f->name);
}

FORMAT_PARAMS(error_paths, map_page_refuses_misaligned_out_of_range_and_too_high_addresses_at_every_page_size)
ParameterizedTest(const unsigned *fi, error_paths,
                  map_page_refuses_misaligned_out_of_range_and_too_high_addresses_at_every_page_size)
{
	struct tree t = tree_new(format_at(fi));
	const struct ptf_format *f = t.fmt;
	for (unsigned d = 0; d < f->levels; d++) {
		uint64_t s = leaf_size(f, d);
		if (!s)
			continue;
		TREE_EXPECT_REFUSED(&t, PTF_EALIGN, f->map_page(t.hal, t.root, s / 2, 0, s, RW));
		TREE_EXPECT_REFUSED(&t, PTF_EALIGN, f->map_page(t.hal, t.root, 0, s / 2, s, RW));
		TREE_EXPECT_REFUSED(&t, PTF_ERANGE, f->map_page(t.hal, t.root, in_span(f), 0, s, RW));
		/* the last page below the input range's first address (the 64-bit space's last) */
		TREE_EXPECT_REFUSED(&t, PTF_ERANGE, f->map_page(t.hal, t.root, f->input_base - s, 0, s, RW));
		TREE_EXPECT_REFUSED(&t, PTF_EOUTPUT, f->map_page(t.hal, t.root, 0, out_span(f), s, RW));
		TREE_EXPECT_REFUSED(&t, PTF_EOUTPUT, f->map_page(t.hal, t.root, 0, ~(s - 1), s, RW));
		/* misalignment is reported before the range, the range before the output */
		TREE_EXPECT_REFUSED(&t, PTF_EALIGN, f->map_page(t.hal, t.root, in_span(f) + s / 2, out_span(f), s, RW));
		TREE_EXPECT_REFUSED(&t, PTF_ERANGE, f->map_page(t.hal, t.root, in_span(f), out_span(f), s, RW));
		/* the last page below both widths is fine */
		cr_expect_eq(f->map_page(t.hal, t.root, in_span(f) - s, out_span(f) - s, s, RW), PTF_OK,
		             "%s: the last %#llx page", f->name, (unsigned long long)s);
		cr_expect_eq(f->unmap_page(t.hal, t.root, in_span(f) - s, s), PTF_OK);
		cr_expect_eq(frames(&t), t.baseline, "%s: unmap freed the tables", f->name);
	}
	tree_free(&t);
}

FORMAT_PARAMS(error_paths, map_page_and_unmap_page_refuse_a_size_the_format_has_no_page_of)
ParameterizedTest(const unsigned *fi, error_paths, map_page_and_unmap_page_refuse_a_size_the_format_has_no_page_of)
{
	struct tree t = tree_new(format_at(fi));
	const struct ptf_format *f = t.fmt;
	cr_assert_eq(f->map_page(t.hal, t.root, 0, 0, PG, RW), PTF_OK);
	/* twice the smallest huge page is no page size of any format */
	const uint64_t sizes[] = { 0, 1, 2 * KiB, 2 * PG, 3 * PG, 2 * geo_huge(f, 1), 2 * largest_page(f), UINT64_MAX };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		TREE_EXPECT_REFUSED(&t, PTF_EPAGESIZE, f->map_page(t.hal, t.root, 0, 0, sizes[i], RW));
		TREE_EXPECT_REFUSED(&t, PTF_EPAGESIZE, f->unmap_page(t.hal, t.root, 0, sizes[i]));
	}
	tree_free(&t);
}

/* A leaf of any size in the way of a map_page of any size: EEXIST, from the depth of
 * the leaf in the way (above: a block on the path; same: the slot; below: a table there). */
FORMAT_PARAMS(error_paths, map_page_over_a_leaf_of_any_size_is_eexist_at_every_depth)
ParameterizedTest(const unsigned *fi, error_paths, map_page_over_a_leaf_of_any_size_is_eexist_at_every_depth)
{
	const struct ptf_format *f = format_at(fi);
	for (unsigned have = 0; have < f->levels; have++) {
		if (!leaf_size(f, have))
			continue;
		struct tree t = tree_new(f);
		cr_assert_eq(f->map_page(t.hal, t.root, 0, 0, leaf_size(f, have), RW), PTF_OK);
		for (unsigned want = 0; want < f->levels; want++) {
			if (!leaf_size(f, want))
				continue;
			TREE_EXPECT_REFUSED(&t, PTF_EEXIST, f->map_page(t.hal, t.root, 0, 0, leaf_size(f, want), RW));
			TREE_EXPECT_REFUSED(&t, PTF_EEXIST, f->map_range(t.hal, t.root, 0, 0, leaf_size(f, want), RW));
		}
		/* the last 4 KiB of the leaf */
		TREE_EXPECT_REFUSED(&t, PTF_EEXIST,
		                    f->map_range(t.hal, t.root, leaf_size(f, have) - PG, 0, PG, RW));
		tree_free(&t);
	}
}

/* map_page when the walk to va ends at depth k, for every k above the page's depth:
 * a reservation of the missing tables that fails at any of its frames takes nothing. */
FORMAT_PARAMS(error_paths, map_page_fails_clean_with_enomem_wherever_its_tables_start_to_be_missing)
ParameterizedTest(const unsigned *fi, error_paths,
                  map_page_fails_clean_with_enomem_wherever_its_tables_start_to_be_missing)
{
	const struct ptf_format *f = format_at(fi);
	for (unsigned d = 1; d < f->levels; d++) {
		uint64_t s = leaf_size(f, d);
		if (!s)
			continue;
		for (unsigned k = 0; k < d; k++) {
			struct tree t = tree_new(f);
			path_ends_at(&t, 0, k);
			long need = (long)(d - k);
			for (long n = 0; n < need; n++) {
				ptf_host_hal_fail_after(t.host, n);
				TREE_EXPECT_REFUSED(&t, PTF_ENOMEM, f->map_page(t.hal, t.root, 0, 0, s, RW));
				ptf_host_hal_fail_after(t.host, -1);
			}
			size_t before = frames(&t);
			ptf_host_hal_fail_after(t.host, need);
			cr_expect_eq(f->map_page(t.hal, t.root, 0, 0, s, RW), PTF_OK, "%s: %#llx page, path ending at depth %u",
			             f->name, (unsigned long long)s, k);
			ptf_host_hal_fail_after(t.host, -1);
			cr_expect_eq(frames(&t), before + (size_t)need, "%s: one table per missing depth", f->name);
			tree_free(&t);
		}
	}
}

FORMAT_PARAMS(error_paths, map_range_refuses_a_host_range_that_wraps)
ParameterizedTest(const unsigned *fi, error_paths, map_range_refuses_a_host_range_that_wraps)
{
	struct tree t = tree_new(format_at(fi));
	const struct ptf_format *f = t.fmt;
	uint64_t top = ~(uint64_t)0 - PG + 1; /* the last page of the 64-bit space */
	TREE_EXPECT_REFUSED(&t, PTF_EWRAP, f->map_range(t.hal, t.root, 0, top, 2 * PG, RW));
	/* exactly up to 2^64, which is 0 in 64 bits: a wrap too */
	TREE_EXPECT_REFUSED(&t, PTF_EWRAP, f->map_range(t.hal, t.root, 0, top, PG, RW));
	/* up to the last page, no wrap: beyond every output width */
	TREE_EXPECT_REFUSED(&t, PTF_EOUTPUT, f->map_range(t.hal, t.root, 0, top - PG, PG, RW));
	/* the host range is checked after the guest range */
	TREE_EXPECT_REFUSED(&t, PTF_ERANGE, f->map_range(t.hal, t.root, in_span(f), top, 2 * PG, RW));
	tree_free(&t);
}

FORMAT_PARAMS(error_paths, unmap_range_and_protect_range_refuse_bad_ranges_in_order)
ParameterizedTest(const unsigned *fi, error_paths, unmap_range_and_protect_range_refuse_bad_ranges_in_order)
{
	struct tree t = tree_new(format_at(fi));
	const struct ptf_format *f = t.fmt;
	uint64_t top = geo_wrapping_va(f); /* the last page of the 64-bit space, as offsets go */
	cr_assert_eq(f->map_range(t.hal, t.root, 0, 0, 4 * MiB, RW), PTF_OK);
	cr_assert_eq(f->map_page(t.hal, t.root, in_span(f) - PG, 0, PG, RW), PTF_OK);
	const struct { uint64_t va, size; int err; } bad[] = {
		{ 0, 0, PTF_ESIZE },
		{ top, 0, PTF_ESIZE },                  /* size first */
		{ 2 * KiB, PG, PTF_EALIGN },
		{ 0, PG + 1, PTF_EALIGN },
		{ top + 1, 2 * PG, PTF_EALIGN },       /* alignment before wrap-around */
		{ top, 2 * PG, PTF_EWRAP },
		{ PG, top, PTF_EWRAP },
		{ top, PG, PTF_EWRAP },            /* up to 2^64 exactly */
		{ top - PG, PG, PTF_ERANGE },
		{ in_span(f), PG, PTF_ERANGE },
		{ in_span(f) - PG, 2 * PG, PTF_ERANGE },
		{ 0, in_span(f) + PG, PTF_ERANGE },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TREE_EXPECT_REFUSED(&t, bad[i].err, f->unmap_range(t.hal, t.root, bad[i].va, bad[i].size));
		TREE_EXPECT_REFUSED(&t, bad[i].err, f->protect_range(t.hal, t.root, bad[i].va, bad[i].size, PTF_R));
		/* a bad range is reported before bad flags */
		TREE_EXPECT_REFUSED(&t, bad[i].err, f->protect_range(t.hal, t.root, bad[i].va, bad[i].size, 0x40));
	}
	tree_free(&t);
}

static int count_visit(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)v;
	(void)visit;
	++*(unsigned long *)arg;
	return 0;
}

FORMAT_PARAMS(error_paths, walk_refuses_a_null_visitor_and_empty_wrapping_or_out_of_range_ranges)
ParameterizedTest(const unsigned *fi, error_paths, walk_refuses_a_null_visitor_and_empty_wrapping_or_out_of_range_ranges)
{
	struct tree t = tree_new(format_at(fi));
	const struct ptf_format *f = t.fmt;
	cr_assert_eq(f->map_page(t.hal, t.root, 0, 0, PG, RW), PTF_OK);
	cr_assert_eq(f->map_page(t.hal, t.root, in_span(f) - PG, 0, PG, RW), PTF_OK);
	unsigned long calls = 0;
	cr_expect_eq(f->walk(t.hal, t.root, 0, PG, PTF_VISIT_ALL, NULL, &calls), PTF_EINVAL);
	cr_expect_eq(f->walk(t.hal, t.root, 0, 0, PTF_VISIT_ALL, count_visit, &calls), PTF_ESIZE);
	cr_expect_eq(f->walk(t.hal, t.root, in_span(f), 0, PTF_VISIT_ALL, count_visit, &calls), PTF_ESIZE);
	cr_expect_eq(f->walk(t.hal, t.root, geo_wrapping_va(f) + PG - 1, 2, PTF_VISIT_ALL, count_visit, &calls), PTF_EWRAP);
	cr_expect_eq(f->walk(t.hal, t.root, 1, ~(uint64_t)0, PTF_VISIT_ALL, count_visit, &calls), PTF_EWRAP);
	cr_expect_eq(f->walk(t.hal, t.root, in_span(f) - 1, 2, PTF_VISIT_ALL, count_visit, &calls), PTF_ERANGE);
	cr_expect_eq(f->walk(t.hal, t.root, in_span(f), 1, PTF_VISIT_ALL, count_visit, &calls), PTF_ERANGE);
	cr_expect_eq(calls, 0, "%s: a refused walk visited %lu entries", f->name, calls);
	/* up to the end of the input space is fine (walk takes any byte range) */
	cr_expect_eq(f->walk(t.hal, t.root, in_span(f) - 1, 1, PTF_VISIT_ALL, count_visit, &calls), 0);
	cr_expect_eq(calls, 2 * f->levels - 1, "%s: each table entry before and after, then the leaf", f->name);
	tree_free(&t);
}

FORMAT_PARAMS(error_paths, query_is_enoent_wherever_the_walk_ends_and_writes_nothing)
ParameterizedTest(const unsigned *fi, error_paths, query_is_enoent_wherever_the_walk_ends_and_writes_nothing)
{
	const struct ptf_format *f = format_at(fi);
	for (unsigned k = 0; k < f->levels; k++) {
		struct tree t = tree_new(f);
		path_ends_at(&t, 0, k);
		uint64_t pa = 0x5a5a, size = 0x5a5a;
		unsigned flags = 0x5a5a;
		TREE_EXPECT_REFUSED(&t, PTF_ENOENT, f->query(t.hal, t.root, 0, &pa, &flags, &size));
		TREE_EXPECT_REFUSED(&t, PTF_ENOENT, f->query(t.hal, t.root, PG - 1, NULL, NULL, NULL));
		cr_expect(pa == 0x5a5a && size == 0x5a5a && flags == 0x5a5a, "%s: a failed query at depth %u wrote its results",
		          f->name, k);
		tree_free(&t);
	}
}

FORMAT_PARAMS(error_paths, fault_page_refuses_flags_the_format_cannot_express_and_addresses_beyond_its_input)
ParameterizedTest(const unsigned *fi, error_paths,
                  fault_page_refuses_flags_the_format_cannot_express_and_addresses_beyond_its_input)
{
	struct tree t = tree_new(format_at(fi));
	const struct ptf_format *f = t.fmt;
	uint64_t frame = 0x5a5a;
	unsigned long calls = ptf_host_hal_alloc_calls(t.host);
	TREE_EXPECT_REFUSED(&t, PTF_EFLAGS, f->fault_page(t.hal, t.root, 0, 0x40 | RW, &frame));
	TREE_EXPECT_REFUSED(&t, PTF_EFLAGS, f->fault_page(t.hal, t.root, 0, PTF_DEVICE | PTF_UNCACHED | RW, &frame));
	TREE_EXPECT_REFUSED(&t, PTF_EFLAGS, f->fault_page(t.hal, t.root, 0, UINT_MAX, &frame));
	TREE_EXPECT_REFUSED(&t, PTF_ERANGE, f->fault_page(t.hal, t.root, in_span(f), RW, &frame));
	TREE_EXPECT_REFUSED(&t, PTF_ERANGE, f->fault_page(t.hal, t.root, geo_wrapping_va(f), RW, &frame));
	/* flags before the address */
	TREE_EXPECT_REFUSED(&t, PTF_EFLAGS, f->fault_page(t.hal, t.root, in_span(f), 0x40, &frame));
	cr_expect_eq(frame, 0x5a5a, "%s: a refused fault wrote *frame", f->name);
	cr_expect_eq(ptf_host_hal_alloc_calls(t.host), calls, "%s: a refused fault asked for frames", f->name);
	tree_free(&t);
}

/* fault_page when the walk ends at depth k, for every k: the tables below k and the data
 * frame come together or not at all, whichever of them fails. */
FORMAT_PARAMS(error_paths, fault_page_fails_clean_with_enomem_wherever_its_tables_start_to_be_missing)
ParameterizedTest(const unsigned *fi, error_paths,
                  fault_page_fails_clean_with_enomem_wherever_its_tables_start_to_be_missing)
{
	const struct ptf_format *f = format_at(fi);
	for (unsigned k = 0; k < f->levels; k++) {
		struct tree t = tree_new(f);
		path_ends_at(&t, 0, k);
		long need = (long)(f->levels - k); /* tables below depth k, and the frame */
		uint64_t frame = 0x5a5a;
		for (long n = 0; n < need; n++) {
			ptf_host_hal_fail_after(t.host, n);
			TREE_EXPECT_REFUSED(&t, PTF_ENOMEM, f->fault_page(t.hal, t.root, 0, RW, &frame));
			ptf_host_hal_fail_after(t.host, -1);
		}
		cr_expect_eq(frame, 0x5a5a, "%s: a failed fault wrote *frame", f->name);
		size_t before = frames(&t);
		ptf_host_hal_fail_after(t.host, need);
		cr_expect_eq(f->fault_page(t.hal, t.root, 0, RW, &frame), 0, "%s: walk ending at depth %u", f->name, k);
		ptf_host_hal_fail_after(t.host, -1);
		cr_expect_eq(frames(&t), before + (size_t)need, "%s: walk ending at depth %u", f->name, k);
		uint64_t pa = 0;
		cr_expect_eq(f->query(t.hal, t.root, 0, &pa, NULL, NULL), PTF_OK);
		cr_expect_eq(pa, frame, "%s: the page maps the frame the fault returned", f->name);
		/* tree_free does not free data frames */
		t.hal->free_frames(t.hal->ctx, frame, geo_frames_per_page(t.fmt));
		tree_free(&t);
	}
}

FORMAT_PARAMS(error_paths, fault_page_inside_a_leaf_of_any_size_reports_it_mapped_and_takes_nothing)
ParameterizedTest(const unsigned *fi, error_paths, fault_page_inside_a_leaf_of_any_size_reports_it_mapped_and_takes_nothing)
{
	const struct ptf_format *f = format_at(fi);
	for (unsigned d = 0; d < f->levels; d++) {
		uint64_t s = leaf_size(f, d);
		if (!s)
			continue;
		struct tree t = tree_new(f);
		cr_assert_eq(f->map_page(t.hal, t.root, 0, 0, s, RW), PTF_OK);
		uint64_t frame = 0x5a5a;
		unsigned long calls = ptf_host_hal_alloc_calls(t.host);
		TREE_EXPECT_REFUSED(&t, 1, f->fault_page(t.hal, t.root, s - PG, RW, &frame));
		TREE_EXPECT_REFUSED(&t, 1, f->fault_page(t.hal, t.root, 0, PTF_R, &frame));
		cr_expect_eq(frame, 0x5a5a, "%s: fault inside a %#llx leaf wrote *frame", f->name, (unsigned long long)s);
		cr_expect_eq(ptf_host_hal_alloc_calls(t.host), calls, "%s: fault inside a %#llx leaf asked for frames", f->name,
		             (unsigned long long)s);
		tree_free(&t);
	}
}
