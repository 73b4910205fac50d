/* A guest never sees another owner's data: ptforge zeroes every data and table frame it
 * takes, unless the HAL says its frames arrive zeroed (struct ptf_hal's frames_zeroed),
 * and then it leaves them as they are: the zeroing moves to the HAL, outside the fault
 * path. The hosted HAL can keep such a pool of pre-zeroed frames. */
#include "guest_fixture.h"
#include "wrapped_hal.h"

#define PATTERN 0xa5
#define MAX_PAGE (64 * KiB) /* the largest granule */

static bool all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* Fault page gpa in, fill it with PATTERN, unmap it (its frame goes back to the HAL
 * dirty) while a neighbour keeps the tables, and return the frame it had. */
static uint64_t dirty_and_unmap(struct ptf_aspace *as, uint64_t gpa)
{
	static unsigned char buf[MAX_PAGE];
	memset(buf, PATTERN, PG);
	cr_assert_eq(ptf_aspace_handle_fault(as, gpa, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(as, gpa + PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_write(as, gpa, buf, PG), PTF_OK);
	uint64_t hpa;
	cr_assert_eq(ptf_aspace_translate(as, gpa, &hpa, NULL), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(as, gpa, PG), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(as, gpa, PG, RW, false), PTF_OK);
	return hpa;
}

/* Faults gpa in again, on the same frame as before, and reads it back. */
static void refault(struct ptf_aspace *as, uint64_t gpa, uint64_t want_hpa, unsigned char *page)
{
	cr_assert_eq(ptf_aspace_handle_fault(as, gpa, PTF_R), PTF_OK);
	uint64_t hpa;
	cr_assert_eq(ptf_aspace_translate(as, gpa, &hpa, NULL), PTF_OK);
	cr_assert_eq(hpa, want_hpa, "the HAL hands the freed frame out again (its lowest free one)");
	cr_assert_eq(ptf_aspace_read(as, gpa, page, PG), PTF_OK);
}

FORMAT_PARAMS(zeroed_frames, a_reused_frame_is_zeroed_before_the_guest_sees_it)
ParameterizedTest(const unsigned *fi, zeroed_frames, a_reused_frame_is_zeroed_before_the_guest_sees_it)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_alloc(g.as, GiB, 2 * MiB, RW, false), PTF_OK);
	uint64_t hpa = dirty_and_unmap(g.as, GiB);
	static unsigned char page[MAX_PAGE];
	refault(g.as, GiB, hpa, page);
	cr_expect(all_bytes(page, PG, 0), "%s: the guest sees the previous owner's bytes", g.fmt->name);
	guest_free(&g);
}

FORMAT_PARAMS(zeroed_frames, frames_the_hal_zeroes_are_not_zeroed_again)
ParameterizedTest(const unsigned *fi, zeroed_frames, frames_the_hal_zeroes_are_not_zeroed_again)
{
	/* This HAL says so and does not: what the guest reads shows who zeroed. */
	struct ptf_host_hal *host = ptf_host_hal_create(64 << 20);
	struct wrapped_hal w;
	struct ptf_aspace *as;
	cr_assert_eq(ptf_aspace_create(&as, format_at(fi), 0, geo_window(format_at(fi)), wrap_hal(&w, host, WRAP_LEND_META | WRAP_SAY_ZEROED)),
	             PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(as, GiB, 2 * MiB, RW, false), PTF_OK);
	uint64_t hpa = dirty_and_unmap(as, GiB);
	static unsigned char page[MAX_PAGE];
	refault(as, GiB, hpa, page);
	cr_expect(all_bytes(page, PG, PATTERN), "%s: ptforge zeroed a frame the HAL had zeroed",
	          format_at(fi)->name);
	ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

FORMAT_PARAMS(zeroed_frames, host_pool_hands_out_frames_zeroed_off_the_fault_path)
ParameterizedTest(const unsigned *fi, zeroed_frames, host_pool_hands_out_frames_zeroed_off_the_fault_path)
{
	struct guest g = guest_new(format_at(fi));
	if (geo_frames_per_page(g.fmt) != 1) {
		guest_free(&g);
		cr_skip_test("%s: the host HAL's zeroed pool holds single 4 KiB frames, not %llu-byte pages", g.fmt->name,
		             (unsigned long long)PG);
	}
	cr_assert_eq(ptf_aspace_map_alloc(g.as, GiB, 2 * MiB, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, GiB + 16 * PG, PTF_W), PTF_OK); /* tables now */
	size_t in_use = ptf_host_hal_frames_in_use(g.host);
	cr_assert_eq(ptf_host_hal_keep_zeroed(g.host, 8), 0);
	cr_expect(ptf_host_hal_get(g.host)->frames_zeroed, "the HAL now says its frames arrive zeroed");
	cr_expect_eq(ptf_host_hal_zeroed_frames(g.host), 8);
	cr_expect_eq(ptf_host_hal_frames_in_use(g.host), in_use, "frames waiting in the pool are not in use");
	dirty_and_unmap(g.as, GiB);
	cr_expect_eq(ptf_host_hal_zeroed_frames(g.host), 6, "both faults took their frames from the pool");
	cr_expect_eq(ptf_host_hal_refill_zeroed(g.host), 2, "the refill zeroes what the faults took");
	static unsigned char page[MAX_PAGE];
	cr_assert_eq(ptf_aspace_handle_fault(g.as, GiB, PTF_R), PTF_OK);
	cr_assert_eq(ptf_aspace_read(g.as, GiB, page, PG), PTF_OK);
	cr_expect(all_bytes(page, PG, 0), "%s: a pool frame holds old bytes", g.fmt->name);
	cr_expect_eq(ptf_host_hal_zero_misses(g.host), 0);
	guest_free(&g);
}

FORMAT_PARAMS(zeroed_frames, an_empty_pool_zeroes_the_frame_itself_and_counts_a_miss)
ParameterizedTest(const unsigned *fi, zeroed_frames, an_empty_pool_zeroes_the_frame_itself_and_counts_a_miss)
{
	struct guest g = guest_new(format_at(fi));
	if (geo_frames_per_page(g.fmt) != 1) {
		guest_free(&g);
		cr_skip_test("%s: the host HAL's zeroed pool holds single 4 KiB frames, not %llu-byte pages", g.fmt->name,
		             (unsigned long long)PG);
	}
	cr_assert_eq(ptf_aspace_map_alloc(g.as, GiB, 2 * MiB, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, GiB + 16 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_host_hal_keep_zeroed(g.host, 1), 0);
	uint64_t hpa = dirty_and_unmap(g.as, GiB); /* two faults: the second finds the pool empty */
	cr_expect_eq(ptf_host_hal_zero_misses(g.host), 1);
	static unsigned char page[MAX_PAGE];
	refault(g.as, GiB, hpa, page); /* the pool is still empty: zeroed on the spot */
	cr_expect(all_bytes(page, PG, 0), "%s: a missed pool still hands out zeroes", g.fmt->name);
	cr_expect_eq(ptf_host_hal_zero_misses(g.host), 2);
	cr_assert_eq(ptf_host_hal_keep_zeroed(g.host, 0), 0);
	cr_expect(!ptf_host_hal_get(g.host)->frames_zeroed, "pool off: ptforge zeroes again");
	guest_free(&g);
}
