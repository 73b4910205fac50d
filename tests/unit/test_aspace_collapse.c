/* Huge-page recovery (ptf_aspace_collapse): an aligned block of an alloc area that
 * granule pages map whole is copied into one huge frame, mapped by one leaf; the guest
 * reads what it wrote, the granule frames and their table go back. Blocks with a hole,
 * blocks that leave their area, logged blocks and linear areas are left as they are. */
#include "huge_fixture.h"

#include <pthread.h>

/* The byte every page of the test holds: its page number, mixed so that no two pages
 * of a block hold the same (a copy from the wrong frame shows). */
static unsigned char page_byte(uint64_t gpa)
{
	return (unsigned char)((gpa / PG) * 37 + 11);
}

/* Faults in every page of [gpa, gpa + size) as a guest would (one granule each) and
 * writes its byte at its first and last offsets. */
static void fault_in_and_write(const struct aspace_fx *fx, uint64_t gpa, uint64_t size)
{
	for (uint64_t at = gpa; at < gpa + size; at += PG) {
		cr_assert_eq(ptf_aspace_handle_fault(fx->as, at, PTF_W), PTF_OK);
		unsigned char b = page_byte(at);
		cr_assert_eq(ptf_aspace_write(fx->as, at, &b, 1), PTF_OK);
		cr_assert_eq(ptf_aspace_write(fx->as, at + PG - 1, &b, 1), PTF_OK);
	}
}

/* A lazy area of one huge block at [huge, 2 huge), faulted in and written page by page */
static struct aspace_fx open_faulted_block(const unsigned *fi, uint64_t *huge)
{
	struct aspace_fx fx = open_huge(fi);
	*huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, *huge, *huge, AS_RW, false), PTF_OK);
	fault_in_and_write(&fx, *huge, *huge);
	return fx;
}

static void expect_bytes_kept(const struct aspace_fx *fx, uint64_t gpa, uint64_t size)
{
	for (uint64_t at = gpa; at < gpa + size; at += PG) {
		unsigned char first = 0, last = 0;
		cr_assert_eq(ptf_aspace_read(fx->as, at, &first, 1), PTF_OK);
		cr_assert_eq(ptf_aspace_read(fx->as, at + PG - 1, &last, 1), PTF_OK);
		cr_expect(first == page_byte(at) && last == page_byte(at), "%s: page %#llx holds %#x/%#x, want %#x",
		          fx->fmt->name, (unsigned long long)at, first, last, page_byte(at));
	}
}

ASPACE_FORMAT_PARAMS(collapse, fully_faulted_block_becomes_one_huge_leaf_holding_the_same_bytes)
ParameterizedTest(const unsigned *fi, collapse, fully_faulted_block_becomes_one_huge_leaf_holding_the_same_bytes)
{
	uint64_t huge;
	struct aspace_fx fx = open_faulted_block(fi, &huge);
	struct ptf_aspace_stats before = stats(&fx);
	size_t frames = asfx_frames(&fx);
	cr_assert_eq(before.leaves[0], huge / PG);
	cr_assert_eq(ptf_aspace_collapse(fx.as, huge, huge), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 1, "%s: one huge leaf, got %zu", fx.fmt->name, st.leaves[1]);
	cr_expect_eq(st.leaves[0], 0, "%s: no granule left, got %zu", fx.fmt->name, st.leaves[0]);
	cr_expect_eq(st.blocks_collapsed, 1);
	cr_expect_eq(st.frames_owned, huge / PG, "%s: the same memory, one frame", fx.fmt->name);
	cr_expect_eq(st.tables, before.tables - 1, "%s: the table of granules went back", fx.fmt->name);
	cr_expect_eq(asfx_frames(&fx), frames - 1, "%s: the granule frames went back, the huge one came",
	             fx.fmt->name);
	uint64_t base = hpa_of(&fx, huge);
	cr_expect_eq(base & (huge - 1), 0, "%s: the frame is aligned to its size", fx.fmt->name);
	cr_expect_eq(hpa_of(&fx, 2 * huge - PG), base + huge - PG, "%s: one contiguous frame", fx.fmt->name);
	expect_bytes_kept(&fx, huge, huge);
	/* the leaf grants what the area does: a write needs no repair that splits it */
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + 3 * PG, PTF_W), PTF_OK);
	cr_expect_eq(stats(&fx).leaves[1], 1);
	cr_assert_eq(ptf_aspace_unmap(fx.as, huge, huge), PTF_OK);
	cr_expect_eq(asfx_frames(&fx), fx.root_frames, "%s: everything back", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(collapse, block_with_a_page_never_faulted_is_left_as_it_is)
ParameterizedTest(const unsigned *fi, collapse, block_with_a_page_never_faulted_is_left_as_it_is)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge, huge, AS_RW, false), PTF_OK);
	fault_in_and_write(&fx, huge, 7 * PG);
	fault_in_and_write(&fx, huge + 8 * PG, huge - 8 * PG);
	struct asfx_state before = asfx_state(&fx);
	cr_assert_eq(ptf_aspace_collapse(fx.as, huge, huge), PTF_OK);
	asfx_expect_unchanged(&fx, &before, "collapse of a block with a hole");
	cr_expect_eq(stats(&fx).blocks_collapsed, 0);
	asfx_close(&fx);
}

/* [huge + PG, 3 huge): the block at huge leaves the area, the one at 2 huge does not */
ASPACE_FORMAT_PARAMS(collapse, only_blocks_inside_one_area_are_collapsed)
ParameterizedTest(const unsigned *fi, collapse, only_blocks_inside_one_area_are_collapsed)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge, PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, huge + PG, 2 * huge - PG, AS_RW, false), PTF_OK);
	fault_in_and_write(&fx, huge, 2 * huge);
	cr_assert_eq(ptf_aspace_collapse(fx.as, 0, 4 * huge), PTF_OK);
	struct ptf_aspace_stats st = stats(&fx);
	cr_expect_eq(st.leaves[1], 1, "%s: the block inside the second area", fx.fmt->name);
	cr_expect_eq(st.leaves[0], huge / PG, "%s: the block across two areas stays", fx.fmt->name);
	cr_expect_eq(hpa_of(&fx, 2 * huge) & (huge - 1), 0);
	expect_bytes_kept(&fx, huge, 2 * huge);
	asfx_close(&fx);
}

/* A logged page is write-protected by its own leaf (dirty logging): its block stays in
 * granules while the log runs, and collapses once it stops. */
ASPACE_FORMAT_PARAMS(collapse, dirty_logged_block_keeps_its_granule_leaves_until_the_log_stops)
ParameterizedTest(const unsigned *fi, collapse, dirty_logged_block_keeps_its_granule_leaves_until_the_log_stops)
{
	uint64_t huge;
	struct aspace_fx fx = open_faulted_block(fi, &huge);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, huge + 5 * PG, PG), PTF_OK);
	cr_assert_eq(ptf_aspace_collapse(fx.as, huge, huge), PTF_OK);
	cr_expect_eq(stats(&fx).leaves[1], 0, "%s: logged: no huge leaf", fx.fmt->name);
	cr_assert_eq(ptf_aspace_dirty_log_stop(fx.as, huge + 5 * PG, PG), PTF_OK);
	cr_assert_eq(ptf_aspace_collapse(fx.as, huge, huge), PTF_OK);
	cr_expect_eq(stats(&fx).leaves[1], 1, "%s: after the stop: one huge leaf", fx.fmt->name);
	expect_bytes_kept(&fx, huge, huge);
	asfx_close(&fx);
}

/* Linear areas map memory the embedder owns, and merge of their own (linear_merge) */
ASPACE_FORMAT_PARAMS(collapse, linear_areas_are_left_to_their_merges)
ParameterizedTest(const unsigned *fi, collapse, linear_areas_are_left_to_their_merges)
{
	struct aspace_fx fx = open_huge(fi);
	uint64_t huge = huge_or_skip(&fx);
	uint64_t ram = asfx_ram(&fx, huge, PG, 0x33); /* granule-aligned only: no block leaf */
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ram, huge, AS_RW), PTF_OK);
	struct asfx_state before = asfx_state(&fx);
	cr_assert_eq(ptf_aspace_collapse(fx.as, huge, huge), PTF_OK);
	asfx_expect_unchanged(&fx, &before, "collapse of a linear area");
	cr_expect_eq(hpa_of(&fx, huge), ram);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(collapse, bad_ranges_are_refused_with_their_usual_errors)
ParameterizedTest(const unsigned *fi, collapse, bad_ranges_are_refused_with_their_usual_errors)
{
	uint64_t huge;
	struct aspace_fx fx = open_faulted_block(fi, &huge);
	struct asfx_state before = asfx_state(&fx);
	cr_expect_eq(ptf_aspace_collapse(NULL, huge, huge), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_collapse(fx.as, huge, 0), PTF_ESIZE);
	cr_expect_eq(ptf_aspace_collapse(fx.as, huge + 1, huge), PTF_EALIGN);
	cr_expect_eq(ptf_aspace_collapse(fx.as, huge, huge + PG / 2), PTF_EALIGN);
	cr_expect_eq(ptf_aspace_collapse(fx.as, fx.size - PG, 2 * PG), PTF_ERANGE);
	cr_expect_eq(ptf_aspace_collapse(fx.as, 3 * huge, huge), PTF_ENOAREA);
	asfx_expect_unchanged(&fx, &before, "refused collapses");
	asfx_close(&fx);
}

/* Each allocation failing in turn: the collapse changes nothing and leaks nothing (where
 * the huge frame is what failed it succeeds with nothing collapsed: the block is left
 * for later, as populate falls back), until it collapses the block. */
ASPACE_FORMAT_PARAMS(collapse, is_all_or_nothing_under_allocation_failure)
ParameterizedTest(const unsigned *fi, collapse, is_all_or_nothing_under_allocation_failure)
{
	uint64_t huge;
	struct aspace_fx fx = open_faulted_block(fi, &huge);
	for (long n = 0;; n++) {
		struct asfx_state before = asfx_state(&fx);
		ptf_host_hal_fail_after(fx.host, n);
		int rc = ptf_aspace_collapse(fx.as, huge, huge);
		ptf_host_hal_fail_after(fx.host, -1);
		if (rc == PTF_OK && stats(&fx).blocks_collapsed == 1)
			break;
		cr_assert(rc == PTF_OK || rc == PTF_ENOMEM, "%s: failing after %ld: %s", fx.fmt->name, n, ptf_strerror(rc));
		asfx_expect_unchanged(&fx, &before, "collapse that failed to allocate");
		cr_assert_lt(n, 100000);
	}
	expect_bytes_kept(&fx, huge, huge);
	asfx_close(&fx);
}

/* The granules are write-protected, and that flushed, before they are copied: two
 * flushes where nothing is broken first, the last covering the block. */
ASPACE_FORMAT_PARAMS(collapse, write_protection_is_flushed_before_the_copy)
ParameterizedTest(const unsigned *fi, collapse, write_protection_is_flushed_before_the_copy)
{
	uint64_t huge;
	struct aspace_fx fx = open_faulted_block(fi, &huge);
	unsigned long flushes = asfx_flushes(&fx);
	cr_assert_eq(ptf_aspace_collapse(fx.as, huge, huge), PTF_OK);
	unsigned long made = asfx_flushes(&fx) - flushes;
	if (fx.fmt->break_before_make)
		cr_expect_geq(made, 3, "%s: protect, break, end: %lu flushes", fx.fmt->name, made);
	else
		cr_expect_eq(made, 2, "%s: protect, end: %lu flushes", fx.fmt->name, made);
	uint64_t gpa = 0, size = 0;
	asfx_last_flush(&fx, &gpa, &size);
	cr_expect(gpa == huge && size == huge, "%s: last flush [%#llx, +%#llx)", fx.fmt->name, (unsigned long long)gpa,
	          (unsigned long long)size);
	asfx_close(&fx);
}

/* Guest-memory writes (readers) go on beside collapses of the same block, which wait at
 * the gate for the copy: every write lands, in the frame mapped when it is made. */
struct writer {
	struct ptf_aspace *as;
	uint64_t gpa, size;
};

static void *write_pages(void *arg)
{
	const struct writer *w = arg;
	for (uint64_t at = w->gpa; at < w->gpa + w->size; at += PG) {
		unsigned char b = page_byte(at) ^ 0xff;
		cr_assert_eq(ptf_aspace_write(w->as, at + PG / 2, &b, 1), PTF_OK);
	}
	return NULL;
}

ASPACE_FORMAT_PARAMS(collapse, writes_beside_a_collapse_are_kept)
ParameterizedTest(const unsigned *fi, collapse, writes_beside_a_collapse_are_kept)
{
	uint64_t huge;
	struct aspace_fx fx = open_faulted_block(fi, &huge);
	struct writer w = { fx.as, huge, huge };
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, write_pages, &w), 0);
	cr_assert_eq(ptf_aspace_collapse(fx.as, huge, huge), PTF_OK);
	pthread_join(t, NULL);
	cr_expect_eq(stats(&fx).leaves[1], 1);
	expect_bytes_kept(&fx, huge, huge);
	for (uint64_t at = huge; at < 2 * huge; at += PG) {
		unsigned char b = 0;
		cr_assert_eq(ptf_aspace_read(fx.as, at + PG / 2, &b, 1), PTF_OK);
		cr_expect_eq(b, (unsigned char)(page_byte(at) ^ 0xff), "%s: the write at %#llx", fx.fmt->name,
		             (unsigned long long)(at + PG / 2));
	}
	asfx_close(&fx);
}
