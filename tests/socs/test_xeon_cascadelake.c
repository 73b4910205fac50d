/* The Xeon (Cascade Lake-SP) build (platforms/socs/xeon_cascadelake.lua), built on its
 * own by make test-soc: EPT with 4 levels and 1 GiB pages, output addresses below
 * MAXPHYADDR = 46 (Intel SDM Vol. 3C 29.3.3.1: a set bit in 51:MAXPHYADDR of an EPT entry
 * is an EPT misconfiguration), with EPT accessed and dirty flags on (EPTP bit 6). */
#include <criterion/criterion.h>
#include <ptforge/ptforge.h>

#include "ptf_x86_ept4_pa46.h"

#define F (&ptf_format_x86_ept4_pa46)
#define PA_LIMIT ((uint64_t)1 << 46)
#define GiB ((uint64_t)1 << 30)
#define RWX (PTF_R | PTF_W | PTF_X)

Test(xeon_cascadelake, format_has_4_levels_1g_pages_and_46_bit_pa)
{
	cr_expect_eq(F->levels, 4);
	cr_expect_eq(F->input_bits, 48);
	cr_expect_eq(F->output_bits, 46);
	cr_expect_eq(F->vmid_bits, 0);
	cr_expect_eq(F->page_sizes[F->n_page_sizes - 1], GiB);
}

Test(xeon_cascadelake, a_1g_leaf_ends_at_maxphyaddr)
{
	/* a 1 GiB leaf at the last GiB below 2^46: address bits 45:30 (0x3fff_c000_0000) |
	 * R W X (0x7) | memory type WB (6 << 3 = 0x30) | page size (bit 7, 0x80) | accessed
	 * (bit 8, SDM Vol. 3C 29.3.5: ptforge's leaves start accessed) */
	cr_expect_eq(F->leaf(PA_LIMIT - GiB, RWX, 1), 0x00003fffc00001b7ull);
	struct ptf_host_hal *host = ptf_host_hal_create_for(F, 16 << 20);
	cr_assert_not_null(host);
	struct ptf_aspace *as;
	cr_assert_eq(ptf_aspace_create(&as, F, 0, 8 * GiB, ptf_host_hal_get(host)), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(as, GiB, PA_LIMIT - GiB, GiB, RWX), PTF_OK);
	uint64_t hpa, page;
	unsigned flags;
	cr_assert_eq(ptf_aspace_translate(as, GiB + 0x12345678, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, PA_LIMIT - GiB + 0x12345678);
	cr_assert_eq(F->query(ptf_host_hal_get(host), ptf_aspace_root(as), GiB, &hpa, &flags, &page), PTF_OK);
	cr_expect_eq(page, GiB, "one 1 GiB leaf");
	/* the next GiB would need address bit 46 */
	cr_expect_eq(ptf_aspace_map_linear(as, 2 * GiB, PA_LIMIT, GiB, RWX), PTF_EOUTPUT);
	ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

/* EPTP (SDM Vol. 3C, 24.6.11): memory type WB (6) in 2:0, walk length 3 (4 levels) in
 * 5:3, bit 6 enabling accessed and dirty flags; the processor then sets bit 9 of a leaf
 * it writes through, which dirty logging harvests (29.3.5). */
Test(xeon_cascadelake, eptp_enables_accessed_and_dirty_flags)
{
	cr_expect_eq(F->root_register(0x12345000, 0), 0x1234505eull);
	cr_expect_eq(F->dirty, PTF_DIRTY_HARDWARE);
	cr_expect_eq(F->dirty_bit, (uint64_t)1 << 9);
	cr_expect_eq(F->accessed, PTF_ACCESSED_HARDWARE);
}
