/* Dirty logging (aspace.h, ptf_aspace_dirty_log_*): start write-protects a range's
 * writable pages and splits its huge leaves; a write fault there marks the page and gives
 * W back; ptf_aspace_write marks what it writes; get reports one bit per 4 KiB page
 * (bit i: gpa + i * 4096) and with clear protects those pages again, with one flush;
 * stop gives W back. Expected bitmaps are worked out here from the pages each test
 * writes: a granule of 16 or 64 KiB is 4 or 16 bits. */
#include "aspace_fixture.h"
#include "page_bitmap.h"

#include <pthread.h>

static unsigned leaf_flags(const struct aspace_fx *fx, uint64_t va, uint64_t *page_size)
{
	unsigned flags = 0;
	cr_assert_eq(fx->fmt->query(fx->hal, ptf_aspace_root(fx->as), va, NULL, &flags, page_size), PTF_OK,
	             "%s: %#llx mapped", fx->fmt->name, (unsigned long long)va);
	return flags;
}

/* The bitmap get writes for [gpa, gpa + size) */
static struct bits get(const struct aspace_fx *fx, uint64_t gpa, uint64_t size, bool clear)
{
	struct bits b;
	poison_words(&b); /* get writes every word its range needs */
	int rc = ptf_aspace_dirty_log_get(fx->as, gpa, size, b.w, clear);
	cr_assert_eq(rc, PTF_OK, "%s: get [%#llx, +%#llx): %s", fx->fmt->name, (unsigned long long)gpa,
	             (unsigned long long)size, ptf_strerror(rc));
	check_words(fx->fmt->name, &b, size);
	return b;
}

ASPACE_FORMAT_PARAMS(dirty_log, start_write_protects_the_writable_pages_with_one_flush)
ParameterizedTest(const unsigned *fi, dirty_log, start_write_protects_the_writable_pages_with_one_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 8 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB + 8 * PG, 4 * PG, AS_RO, true), PTF_OK);
	size_t frames = asfx_frames(&fx);
	unsigned long flushes = asfx_flushes(&fx);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 12 * PG), PTF_OK);
	for (uint64_t i = 0; i < 12; i++)
		cr_expect_eq(leaf_flags(&fx, GiB + i * PG, NULL) & (PTF_R | PTF_W), PTF_R, "%s: page %llu read-only",
		             fx.fmt->name, (unsigned long long)i);
	cr_expect_eq(asfx_flushes(&fx), flushes + 1, "%s: one flush", fx.fmt->name);
	cr_expect_eq(asfx_frames(&fx), frames, "%s: nothing to split, no frame", fx.fmt->name);
	struct bits none = { { 0 } };
	struct bits b = get(&fx, GiB, 12 * PG, false);
	expect_bits(fx.fmt->name, &b, &none, "nothing written yet");
	asfx_close(&fx);
}

/* A linear area of one huge page: start splits it down to granule pages (eager
 * splitting), each mapping what the block did, write-protected. */
ASPACE_FORMAT_PARAMS(dirty_log, start_splits_huge_leaves_to_the_granule)
ParameterizedTest(const unsigned *fi, dirty_log, start_splits_huge_leaves_to_the_granule)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = geo_huge(fx.fmt, 1);
	if (!huge || 2 * huge > fx.size)
		cr_skip_test("%s: no huge page that fits the window twice", fx.fmt->name);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, huge, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, huge, huge), PTF_OK);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.leaves[0], huge / PG, "%s: %zu granule leaves, want %llu", fx.fmt->name, st.leaves[0],
	             (unsigned long long)(huge / PG));
	for (unsigned i = 1; i < fx.fmt->n_page_sizes; i++)
		cr_expect_eq(st.leaves[i], 0, "%s: no leaf of size %u left", fx.fmt->name, i);
	for (uint64_t off = 0; off < huge; off += huge / 8) {
		uint64_t hpa = 0, size = 0;
		cr_assert_eq(ptf_aspace_translate(fx.as, huge + off, &hpa, NULL), PTF_OK);
		cr_expect_eq(hpa, ASFX_FAR_HPA + off, "%s: +%#llx maps what the block did", fx.fmt->name,
		             (unsigned long long)off);
		cr_expect_eq(leaf_flags(&fx, huge + off, &size) & PTF_W, 0);
		cr_expect_eq(size, PG);
	}
	asfx_close(&fx);
}

/* A read-only huge leaf is split by start too: a protect that makes it writable while
 * the log runs marks its pages, a get with clear protects them (a part of them, here),
 * and a later write is logged for its own page, not given W over the whole block. */
ASPACE_FORMAT_PARAMS(dirty_log, read_only_block_made_writable_while_logged_is_logged_page_by_page)
ParameterizedTest(const unsigned *fi, dirty_log, read_only_block_made_writable_while_logged_is_logged_page_by_page)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = geo_huge(fx.fmt, 1);
	if (!huge || 2 * huge > fx.size || huge / 4096 > 64 * LOG_WORDS)
		cr_skip_test("%s: no huge page that fits the window twice and a bitmap", fx.fmt->name);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, huge, AS_RO), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, huge, huge), PTF_OK);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.leaves[0], huge / PG, "%s: split to the granule", fx.fmt->name);
	cr_assert_eq(ptf_aspace_protect(fx.as, huge, huge, AS_RW), PTF_OK);
	struct bits none = { { 0 } };
	struct bits b = get(&fx, huge, huge / 2, true); /* the first half protected again */
	struct bits half = first_bits(huge / 2 / 4096);
	expect_bits(fx.fmt->name, &b, &half, "the protect marked every page");
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + 3 * PG, PTF_W), PTF_OK);
	cr_expect_eq(leaf_flags(&fx, huge + 4 * PG, NULL) & PTF_W, 0, "%s: the next page still protected",
	             fx.fmt->name);
	const uint64_t written[] = { 3 };
	struct bits want = pages(written, 1);
	b = get(&fx, huge, huge / 2, true);
	expect_bits(fx.fmt->name, &b, &want, "the one page written");
	b = get(&fx, huge, huge / 2, false);
	expect_bits(fx.fmt->name, &b, &none, "nothing since");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(dirty_log, write_fault_marks_the_page_and_gives_w_back)
ParameterizedTest(const unsigned *fi, dirty_log, write_fault_marks_the_page_and_gives_w_back)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 8 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 8 * PG), PTF_OK);
	size_t frames = asfx_frames(&fx);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 3 * PG + 8, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 5 * PG, PTF_R), PTF_OK); /* a read marks nothing */
	cr_expect_eq(leaf_flags(&fx, GiB + 3 * PG, NULL) & PTF_W, PTF_W, "%s: W back", fx.fmt->name);
	cr_expect_eq(leaf_flags(&fx, GiB + 5 * PG, NULL) & PTF_W, 0, "%s: still protected", fx.fmt->name);
	cr_expect_eq(asfx_frames(&fx), frames);
	const uint64_t written[] = { 3 };
	struct bits want = pages(written, 1);
	struct bits b = get(&fx, GiB, 8 * PG, false);
	expect_bits(fx.fmt->name, &b, &want, "page 3 written");
	b = get(&fx, GiB, 8 * PG, false);
	expect_bits(fx.fmt->name, &b, &want, "get without clear keeps the bits");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(dirty_log, get_with_clear_protects_again_with_one_flush)
ParameterizedTest(const unsigned *fi, dirty_log, get_with_clear_protects_again_with_one_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 16 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 16 * PG), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 2 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 9 * PG, PTF_W), PTF_OK);
	unsigned long flushes = asfx_flushes(&fx);
	const uint64_t written[] = { 2, 9 };
	struct bits want = pages(written, 2), none = { { 0 } };
	struct bits b = get(&fx, GiB, 16 * PG, true);
	expect_bits(fx.fmt->name, &b, &want, "pages 2 and 9");
	cr_expect_eq(asfx_flushes(&fx), flushes + 1, "%s: one flush", fx.fmt->name);
	uint64_t fgpa = 0, fsize = 0;
	asfx_last_flush(&fx, &fgpa, &fsize);
	cr_expect(fgpa <= GiB + 2 * PG && fgpa + fsize >= GiB + 10 * PG, "%s: the flush covers both pages",
	          fx.fmt->name);
	cr_expect_eq(leaf_flags(&fx, GiB + 2 * PG, NULL) & PTF_W, 0, "%s: protected again", fx.fmt->name);
	cr_expect_eq(leaf_flags(&fx, GiB + 9 * PG, NULL) & PTF_W, 0, "%s: protected again", fx.fmt->name);
	b = get(&fx, GiB, 16 * PG, true);
	expect_bits(fx.fmt->name, &b, &none, "a second get with no write in between");
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 9 * PG, PTF_W), PTF_OK);
	const uint64_t again[] = { 9 };
	want = pages(again, 1);
	b = get(&fx, GiB, 16 * PG, true);
	expect_bits(fx.fmt->name, &b, &want, "written again after the clear");
	asfx_close(&fx);
}

/* ptf_aspace_write marks every page it writes a byte of, at 4 KiB; a read marks none. */
ASPACE_FORMAT_PARAMS(dirty_log, guest_memory_writes_mark_the_pages_they_touch)
ParameterizedTest(const unsigned *fi, dirty_log, guest_memory_writes_mark_the_pages_they_touch)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 8 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 8 * PG), PTF_OK);
	char buf[16] = "0123456789abcde";
	/* the last 8 bytes of 4 KiB unit 5 and the first 8 of unit 6 */
	cr_assert_eq(ptf_aspace_write(fx.as, GiB + 6 * 4096 - 8, buf, 16), PTF_OK);
	cr_assert_eq(ptf_aspace_read(fx.as, GiB + 7 * PG, buf, 16), PTF_OK);
	struct bits want = { { 0 } };
	want.w[0] = (uint64_t)3 << 5;
	struct bits b = get(&fx, GiB, 8 * PG, false);
	expect_bits(fx.fmt->name, &b, &want, "4 KiB units 5 and 6");
	asfx_close(&fx);
}

/* A lazy area: a read fault in a logged range maps the page write-protected and marks
 * nothing; the first write then faults and marks it. So does populate. */
ASPACE_FORMAT_PARAMS(dirty_log, lazy_pages_mapped_while_logged_are_protected_until_written)
ParameterizedTest(const unsigned *fi, dirty_log, lazy_pages_mapped_while_logged_are_protected_until_written)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 8 * PG), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + PG, PTF_R), PTF_OK);
	cr_expect_eq(leaf_flags(&fx, GiB + PG, NULL) & PTF_W, 0, "%s: a read maps read-only", fx.fmt->name);
	cr_assert_eq(ptf_aspace_populate(fx.as, GiB + 4 * PG, 2 * PG), PTF_OK);
	cr_expect_eq(leaf_flags(&fx, GiB + 5 * PG, NULL) & PTF_W, 0, "%s: populate maps read-only", fx.fmt->name);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 2 * PG, PTF_W), PTF_OK);
	cr_expect_eq(leaf_flags(&fx, GiB + 2 * PG, NULL) & PTF_W, PTF_W, "%s: a write maps writable", fx.fmt->name);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + PG, PTF_W), PTF_OK);
	const uint64_t written[] = { 1, 2 };
	struct bits want = pages(written, 2);
	struct bits b = get(&fx, GiB, 8 * PG, false);
	expect_bits(fx.fmt->name, &b, &want, "pages 1 and 2");
	asfx_close(&fx);
}

/* get's range may go beyond the logs: what is not logged reads clean, written or not. */
ASPACE_FORMAT_PARAMS(dirty_log, pages_not_logged_read_clean)
ParameterizedTest(const unsigned *fi, dirty_log, pages_not_logged_read_clean)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 16 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB + 4 * PG, 4 * PG), PTF_OK);
	char c = 1;
	for (uint64_t i = 0; i < 16; i++)
		cr_assert_eq(ptf_aspace_write(fx.as, GiB + i * PG, &c, 1), PTF_OK);
	struct bits want = { { 0 } };
	for (uint64_t i = 4; i < 8; i++)
		want.w[i * BPP / 64] |= (uint64_t)1 << (i * BPP % 64);
	struct bits b = get(&fx, GiB, 16 * PG, false);
	expect_bits(fx.fmt->name, &b, &want, "only the logged pages");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(dirty_log, stop_gives_w_back_and_ends_logging)
ParameterizedTest(const unsigned *fi, dirty_log, stop_gives_w_back_and_ends_logging)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 8 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB + 8 * PG, 2 * PG, AS_RO, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 10 * PG), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_stop(fx.as, GiB, 10 * PG), PTF_OK);
	for (uint64_t i = 0; i < 8; i++)
		cr_expect_eq(leaf_flags(&fx, GiB + i * PG, NULL) & PTF_W, PTF_W, "%s: page %llu writable", fx.fmt->name,
		             (unsigned long long)i);
	cr_expect_eq(leaf_flags(&fx, GiB + 8 * PG, NULL) & PTF_W, 0, "%s: the read-only area stays so", fx.fmt->name);
	char c = 1;
	cr_assert_eq(ptf_aspace_write(fx.as, GiB + 2 * PG, &c, 1), PTF_OK);
	struct bits none = { { 0 } };
	struct bits b = get(&fx, GiB, 10 * PG, false);
	expect_bits(fx.fmt->name, &b, &none, "not logged any more");
	cr_expect_eq(ptf_aspace_dirty_log_stop(fx.as, GiB, 10 * PG), PTF_OK, "%s: nothing logged: 0", fx.fmt->name);
	cr_expect_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 10 * PG), PTF_OK, "%s: and it may start again",
	             fx.fmt->name);
	asfx_close(&fx);
}

/* Stopping the middle of a log keeps both ends logged, their bits included. */
ASPACE_FORMAT_PARAMS(dirty_log, stop_of_a_middle_part_keeps_the_ends_logged)
ParameterizedTest(const unsigned *fi, dirty_log, stop_of_a_middle_part_keeps_the_ends_logged)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 12 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 12 * PG), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 1 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 5 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 10 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_stop(fx.as, GiB + 4 * PG, 4 * PG), PTF_OK);
	cr_expect_eq(leaf_flags(&fx, GiB + 6 * PG, NULL) & PTF_W, PTF_W, "%s: the middle has W back", fx.fmt->name);
	cr_expect_eq(leaf_flags(&fx, GiB + 2 * PG, NULL) & PTF_W, 0, "%s: the ends stay protected", fx.fmt->name);
	cr_expect_eq(leaf_flags(&fx, GiB + 9 * PG, NULL) & PTF_W, 0, "%s: the ends stay protected", fx.fmt->name);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 9 * PG, PTF_W), PTF_OK);
	const uint64_t written[] = { 1, 9, 10 };
	struct bits want = pages(written, 3);
	struct bits b = get(&fx, GiB, 12 * PG, false);
	expect_bits(fx.fmt->name, &b, &want, "the ends' pages, old and new");
	cr_expect_eq(ptf_aspace_dirty_log_start(fx.as, GiB + 3 * PG, 2 * PG), PTF_EEXIST,
	             "%s: a range partly logged", fx.fmt->name);
	cr_expect_eq(ptf_aspace_dirty_log_start(fx.as, GiB + 4 * PG, 4 * PG), PTF_OK, "%s: the hole", fx.fmt->name);
	asfx_close(&fx);
}

/* New contents in a logged range are reported: a map there, or a protect granting W. */
ASPACE_FORMAT_PARAMS(dirty_log, maps_and_protects_granting_w_report_their_pages)
ParameterizedTest(const unsigned *fi, dirty_log, maps_and_protects_granting_w_report_their_pages)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 4 * PG, AS_RO, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 16 * PG), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(fx.as, GiB + PG, PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, GiB + 8 * PG, ASFX_FAR_HPA, 2 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB + 12 * PG, 2 * PG, AS_RW, false), PTF_OK); /* lazy: nothing mapped */
	const uint64_t written[] = { 1, 8, 9 };
	struct bits want = pages(written, 3);
	struct bits b = get(&fx, GiB, 16 * PG, true);
	expect_bits(fx.fmt->name, &b, &want, "the protected page and the new linear one");
	for (uint64_t i = 8; i < 10; i++)
		cr_expect_eq(leaf_flags(&fx, GiB + i * PG, NULL) & PTF_W, 0, "%s: protected once reported", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(dirty_log, bad_arguments_get_their_usual_errors)
ParameterizedTest(const unsigned *fi, dirty_log, bad_arguments_get_their_usual_errors)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t w[4];
	cr_expect_eq(ptf_aspace_dirty_log_start(NULL, GiB, PG), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 0), PTF_ESIZE);
	cr_expect_eq(ptf_aspace_dirty_log_start(fx.as, GiB + PG / 2, PG), PTF_EALIGN);
	cr_expect_eq(ptf_aspace_dirty_log_start(fx.as, fx.size - PG, 2 * PG), PTF_ERANGE);
	cr_expect_eq(ptf_aspace_dirty_log_stop(fx.as, GiB, PG / 2), PTF_EALIGN);
	cr_expect_eq(ptf_aspace_dirty_log_get(fx.as, GiB, PG, NULL, false), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_dirty_log_get(fx.as, fx.size, PG, w, true), PTF_ERANGE);
	asfx_close(&fx);
}

/* Every page some vCPU's write fault made writable shows up in exactly one of the gets
 * running meanwhile or in the last one; no page no one wrote does. */
#define RACE_PAGES 256
#define RACE_WRITERS 3

struct race {
	struct ptf_aspace *as;
	uint64_t base, page;
	unsigned first;
};

static void *write_faults(void *arg)
{
	struct race *r = arg;
	unsigned me = r->first;
	for (unsigned round = 0; round < 4; round++)
		for (unsigned i = me; i < RACE_PAGES; i += RACE_WRITERS)
			cr_assert_eq(ptf_aspace_handle_fault(r->as, r->base + i * r->page, PTF_W), PTF_OK);
	return NULL;
}

ASPACE_FORMAT_PARAMS(dirty_log, no_write_fault_is_lost_while_gets_clear)
ParameterizedTest(const unsigned *fi, dirty_log, no_write_fault_is_lost_while_gets_clear)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t size = RACE_PAGES * PG;
	if (size / 4096 > 64 * LOG_WORDS)
		cr_skip_test("%s: pages too large for the test's bitmap", fx.fmt->name);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, size + 64 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, size), PTF_OK);
	struct race r[RACE_WRITERS];
	pthread_t t[RACE_WRITERS];
	for (unsigned i = 0; i < RACE_WRITERS; i++) {
		r[i] = (struct race){ .as = fx.as, .base = GiB, .page = PG, .first = i };
		cr_assert_eq(pthread_create(&t[i], NULL, write_faults, &r[i]), 0);
	}
	struct bits seen = { { 0 } };
	for (unsigned n = 0; n < 64; n++) {
		struct bits b = get(&fx, GiB, size, true);
		for (unsigned w = 0; w < LOG_WORDS; w++)
			seen.w[w] |= b.w[w];
		/* unlogged memory next door: gets reach nothing there */
		char c = 1;
		cr_assert_eq(ptf_aspace_write(fx.as, GiB + size + (n % 64) * PG, &c, 1), PTF_OK);
	}
	for (unsigned i = 0; i < RACE_WRITERS; i++)
		pthread_join(t[i], NULL);
	struct bits last = get(&fx, GiB, size, true);
	for (unsigned w = 0; w < LOG_WORDS; w++)
		seen.w[w] |= last.w[w];
	uint64_t all[RACE_PAGES];
	for (unsigned i = 0; i < RACE_PAGES; i++)
		all[i] = i;
	struct bits want = pages(all, RACE_PAGES);
	expect_bits(fx.fmt->name, &seen, &want, "every page written was reported");
	asfx_close(&fx);
}

/* The output address's top bit in the entry (bit 31 of a 32-bit entry: Sv32x4's 34-bit
 * output) survives the compare-and-swap that gives W back: RV64's lr.w sign-extends. */
ASPACE_FORMAT_PARAMS(dirty_log, write_fault_repairs_a_leaf_at_the_top_output_address)
ParameterizedTest(const unsigned *fi, dirty_log, write_fault_repairs_a_leaf_at_the_top_output_address)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t hpa = geo_out_span(fx.fmt) - 4 * PG;
	cr_assert_eq(ptf_aspace_map_linear(fx.as, GiB, hpa, 4 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 4 * PG), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 3 * PG, PTF_W), PTF_OK);
	cr_expect_eq(leaf_flags(&fx, GiB + 3 * PG, NULL) & PTF_W, PTF_W, "%s: W back", fx.fmt->name);
	uint64_t got = 0;
	cr_assert_eq(ptf_aspace_translate(fx.as, GiB + 3 * PG, &got, NULL), PTF_OK);
	cr_expect_eq(got, hpa + 3 * PG, "%s: still the same frame", fx.fmt->name);
	const uint64_t written[] = { 3 };
	struct bits want = pages(written, 1);
	struct bits b = get(&fx, GiB, 4 * PG, false);
	expect_bits(fx.fmt->name, &b, &want, "page 3");
	asfx_close(&fx);
}

/* A map into a logged range maps granule leaves there, so that after a get with clear a
 * write fault gives W back to its own page only: the log sees every later write. */
ASPACE_FORMAT_PARAMS(dirty_log, a_map_into_a_logged_range_maps_granule_pages_there)
ParameterizedTest(const unsigned *fi, dirty_log, a_map_into_a_logged_range_maps_granule_pages_there)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = geo_huge(fx.fmt, 1);
	if (!huge || 4 * huge > fx.size || huge / 4096 > 64 * LOG_WORDS)
		cr_skip_test("%s: no huge page small enough for the test's bitmap", fx.fmt->name);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, huge, huge), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, huge, AS_RW), PTF_OK);
	uint64_t size = 0;
	leaf_flags(&fx, huge + huge / 2, &size);
	cr_expect_eq(size, PG, "%s: a granule leaf in the log", fx.fmt->name);
	struct bits all = first_bits(huge / 4096), none = { { 0 } };
	struct bits b = get(&fx, huge, huge, true);
	expect_bits(fx.fmt->name, &b, &all, "the map wrote every page");
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + 3 * PG, PTF_W), PTF_OK);
	cr_expect_eq(leaf_flags(&fx, huge + 4 * PG, NULL) & PTF_W, 0, "%s: its neighbour still protected", fx.fmt->name);
	const uint64_t written[] = { 3 };
	struct bits want = pages(written, 1);
	b = get(&fx, huge, huge, true);
	expect_bits(fx.fmt->name, &b, &want, "page 3 alone");
	b = get(&fx, huge, huge, false);
	expect_bits(fx.fmt->name, &b, &none, "cleared");
	asfx_close(&fx);
}
