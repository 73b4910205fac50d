/* The Raspberry Pi 4 build (platforms/socs/rpi4.lua), built on its own by make test-soc:
 * the Cortex-A72's 44-bit physical range and 8-bit VMIDs reach the format. Expected
 * values from the Arm ARM (VTCR_EL2, VTTBR_EL2, stage-2 descriptors) and the Cortex-A72
 * TRM (ID_AA64MMFR0_EL1.PARange = 0b0100: 44 bits; ID_AA64MMFR1_EL1.VMIDBits = 0: 8 bits). */
#include "../unit/encoding_checks.h"

#include "ptf_arm64_s2_4k_ipa40_pa44.h"

#define F (&ptf_format_arm64_s2_4k_ipa40_pa44)
#define PA_LIMIT ((uint64_t)1 << 44)
#define RW (PTF_R | PTF_W)

Test(rpi4, format_has_40_bit_ipa_44_bit_pa_and_8_bit_vmids)
{
	cr_expect_eq(F->input_bits, 40);
	cr_expect_eq(F->output_bits, 44);
	cr_expect_eq(F->vmid_bits, 8);
	cr_expect_eq(F->levels, 3);
	cr_expect_eq(F->root_tables, 2);
}

Test(rpi4, vtcr_el2_has_ps_44_bits)
{
	/* T0SZ 24 (0x18) | SL0 1 << 6 (0x40) | IRGN0 1 << 8 | ORGN0 1 << 10 | SH0 3 << 12
	 * (0x3000) | TG0 0 | PS 0b100 << 16 (0x40000, 44 bits) | VS 0 (8-bit VMID) | bit 31
	 * RES1 (0x80000000) */
	cr_expect_eq(format_register(F, "VTCR_EL2"), 0x80043558ull, "VTCR_EL2 = %#llx",
	             (unsigned long long)format_register(F, "VTCR_EL2"));
}

Test(rpi4, vttbr_el2_keeps_8_vmid_bits)
{
	/* BADDR 0x8_0000_2000 (8 KiB aligned: two concatenated tables) | VMID[55:48]:
	 * 0x1ab keeps 0xab; bit 56 would be RES0 with 8-bit VMIDs */
	cr_expect_eq(F->root_register(0x800002000ull, 0x1ab), 0x00ab000800002000ull);
	cr_expect_eq(F->root_register(0x800002000ull, 0xff), 0x00ff000800002000ull);
}

Test(rpi4, output_addresses_end_at_the_44_bit_physical_range)
{
	struct ptf_host_hal *host = ptf_host_hal_create_for(F, 16 << 20);
	cr_assert_not_null(host);
	struct ptf_aspace *as;
	cr_assert_eq(ptf_aspace_create(&as, F, 0, (uint64_t)1 << 40, ptf_host_hal_get(host)), PTF_OK);
	/* the last 4 KiB page below 2^44: a page descriptor V | page (0x3) | MemAttr 0b1111
	 * (0x3c) | S2AP RW (0xc0) | SH 0b11 (0x300) | AF (0x400) | XN 0b10 (bit 54) */
	cr_assert_eq(ptf_aspace_map_linear(as, 0x1000, PA_LIMIT - 0x1000, 0x1000, RW), PTF_OK);
	cr_expect_eq(F->leaf(PA_LIMIT - 0x1000, RW, 2), 0x00400ffffffff7ffull);
	uint64_t hpa;
	cr_assert_eq(ptf_aspace_translate(as, 0x1234, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, PA_LIMIT - 0x1000 + 0x234);
	/* one page further is beyond what the CPU can address */
	cr_expect_eq(ptf_aspace_map_linear(as, 0x2000, PA_LIMIT, 0x1000, RW), PTF_EOUTPUT);
	cr_expect_eq(ptf_aspace_translate(as, 0x2000, &hpa, NULL), PTF_ENOENT);
	ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}
