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
	size_t per_page = geo_frames_per_page(g.fmt); /* the pool holds pages of the format's granule */
	cr_assert_eq(ptf_aspace_map_alloc(g.as, GiB, 2 * MiB, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, GiB + 16 * PG, PTF_W), PTF_OK); /* tables now */
	size_t in_use = ptf_host_hal_frames_in_use(g.host);
	cr_assert_eq(ptf_host_hal_keep_zeroed_pages(g.host, PG, 8), 0);
	cr_expect(ptf_host_hal_get(g.host)->frames_zeroed, "the HAL now says its frames arrive zeroed");
	cr_expect_eq(ptf_host_hal_zeroed_frames(g.host), 8 * per_page);
	cr_expect_eq(ptf_host_hal_frames_in_use(g.host), in_use, "frames waiting in the pool are not in use");
	dirty_and_unmap(g.as, GiB);
	cr_expect_eq(ptf_host_hal_zeroed_frames(g.host), 6 * per_page, "%s: both faults took their pages from the pool",
	             g.fmt->name);
	cr_expect_eq(ptf_host_hal_refill_zeroed(g.host), 2 * per_page, "the refill zeroes what the faults took");
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
	cr_assert_eq(ptf_aspace_map_alloc(g.as, GiB, 2 * MiB, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, GiB + 16 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_host_hal_keep_zeroed_pages(g.host, PG, 1), 0);
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

/* ---- the pool's page size ---- */

Test(zeroed_frames, the_pool_takes_page_sizes_from_4k_to_64k_and_refuses_others)
{
	struct ptf_host_hal *host = ptf_host_hal_create(4 << 20);
	static const uint64_t refused[] = { 0, 2048, 12288, 128 * 1024 };
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		cr_expect_eq(ptf_host_hal_keep_zeroed_pages(host, refused[i], 4), -1, "page size %llu taken",
		             (unsigned long long)refused[i]);
		cr_expect(!ptf_host_hal_get(host)->frames_zeroed, "a refused size leaves the pool off");
	}
	for (uint64_t page = 4096; page <= 65536; page *= 2) {
		cr_assert_eq(ptf_host_hal_keep_zeroed_pages(host, page, 4), 0);
		cr_expect_eq(ptf_host_hal_zeroed_frames(host), 4 * page / 4096);
	}
	cr_assert_eq(ptf_host_hal_keep_zeroed_pages(host, 4096, 0), 0);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0, "the pool's frames went back");
	ptf_host_hal_destroy(host);
}

Test(zeroed_frames, pool_pages_are_zeroed_aligned_runs_and_other_sizes_are_zeroed_on_the_spot)
{
	const struct ptf_hal *hal;
	struct ptf_host_hal *host = ptf_host_hal_create(4 << 20);
	hal = ptf_host_hal_get(host);
	/* dirty the whole arena first: whatever comes back zeroed was zeroed for it */
	memset(hal->phys_to_virt(hal->ctx, ptf_host_hal_arena_base(host)), 0xa5,
	       ptf_host_hal_arena_frames(host) * PTF_FRAME_SIZE);
	cr_assert_eq(ptf_host_hal_keep_zeroed_pages(host, 16384, 3), 0);
	for (int i = 0; i < 3; i++) {
		uint64_t pa = hal->alloc_frames(hal->ctx, 4, 16384);
		cr_assert_neq(pa, 0);
		cr_expect_eq(pa % 16384, 0, "a pool page is aligned to its size");
		cr_expect(all_bytes(hal->phys_to_virt(hal->ctx, pa), 16384, 0), "pool page %d holds old bytes", i);
	}
	cr_expect_eq(ptf_host_hal_zero_misses(host), 0);
	uint64_t single = hal->alloc_frames(hal->ctx, 1, 4096); /* not the pool's size: zeroed here */
	cr_assert_neq(single, 0);
	cr_expect(all_bytes(hal->phys_to_virt(hal->ctx, single), 4096, 0), "a frame of another size holds old bytes");
	cr_expect_eq(ptf_host_hal_zero_misses(host), 0, "only the pool's size counts misses");
	uint64_t fourth = hal->alloc_frames(hal->ctx, 4, 16384); /* the pool is empty now */
	cr_assert_neq(fourth, 0);
	cr_expect(all_bytes(hal->phys_to_virt(hal->ctx, fourth), 16384, 0));
	cr_expect_eq(ptf_host_hal_zero_misses(host), 1);
	ptf_host_hal_destroy(host);
}
