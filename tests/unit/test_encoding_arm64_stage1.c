/* AArch64 stage 1, 4 KiB granule, 48-bit VA (platforms/arm64_s1_4k_va48.lua): entries
 * worked out by hand from the Arm ARM (DDI 0487), not from the platform file.
 *   D8 "The VMSAv8-64 translation table format": bits 1:0 0b11 page or table, 0b01
 *   block; AttrIndx 4:2 (0x4 per index step); AP[1] bit 6 (0x40) EL0 access; AP[2] bit 7
 *   (0x80) read-only; SH 9:8 (0x300 inner shareable); AF 10 (0x400); nG 11 (0x800);
 *   OA 47:12; PXN 53 (0x0020_0000_0000_0000); UXN 54 (0x0040_0000_0000_0000).
 *   D8 "Memory access control": PXN forbids execution at EL1, UXN at EL0.
 *   D13 TCR_EL1: T0SZ 5:0, IRGN0 9:8, ORGN0 11:10, SH0 13:12, TG0 15:14 (0 = 4 KiB), EPD1
 *   bit 23, IPS 34:32 (0b101 = 48 bits); MAIR_EL1 Attr<n> in bits 8n+7:8n; TTBR0_EL1
 *   BADDR 47:1, ASID 63:48.
 * The file's choices: MAIR indices 0 normal (0xff), 1 device (0x04), 2 non-cacheable
 * (0x44); leaves carry AF and nG; a kernel page executes with PXN = 0, UXN = 1, a user
 * page with PXN = 1, UXN = 0. */
#include "encoding_checks.h"

#include "ptf_arm64_s1_4k_va48.h"

#define F (&ptf_format_arm64_s1_4k_va48)
#define PAGE 0x123456000ull /* 0x1_2345_6000 */
#define PXN (1ull << 53)
#define UXN (1ull << 54)
#define RW (PTF_R | PTF_W)
#define RX (PTF_R | PTF_X)
#define RWX (PTF_R | PTF_W | PTF_X)

/* page bits: 0b11 | SH 0x300 | AF 0x400 | nG 0x800 = 0xf03 (AttrIndx 0, AP 00: EL1 RW) */
Test(arm64_stage1, kernel_pages_execute_with_pxn_clear_and_never_at_el0)
{
	EXPECT_ENTRY(F->leaf(PAGE, RW, 3), PXN | UXN | PAGE | 0xf03);
	EXPECT_ENTRY(F->leaf(PAGE, RX, 3), UXN | PAGE | 0xf83);   /* AP[2]: read-only */
	EXPECT_ENTRY(F->leaf(PAGE, RWX, 3), UXN | PAGE | 0xf03);
	EXPECT_ENTRY(F->leaf(PAGE, PTF_R, 3), PXN | UXN | PAGE | 0xf83);
}

/* AP[1] (0x40) grants EL0; execution moves to UXN = 0 and PXN = 1 */
Test(arm64_stage1, user_pages_execute_with_uxn_clear_and_never_at_el1)
{
	EXPECT_ENTRY(F->leaf(PAGE, RW | PTF_U, 3), PXN | UXN | PAGE | 0xf43);
	EXPECT_ENTRY(F->leaf(PAGE, RX | PTF_U, 3), PXN | PAGE | 0xfc3);
	EXPECT_ENTRY(F->leaf(PAGE, RWX | PTF_U, 3), PXN | PAGE | 0xf43);
	EXPECT_ENTRY(F->leaf(PAGE, PTF_R | PTF_U, 3), PXN | UXN | PAGE | 0xfc3);
}

Test(arm64_stage1, every_flag_combination_decodes_back_with_its_own_execute_bit)
{
	const unsigned perms[] = { PTF_R, RW, RX, RWX, PTF_R | PTF_U, RW | PTF_U, RX | PTF_U, RWX | PTF_U };
	for (size_t i = 0; i < sizeof(perms) / sizeof(perms[0]); i++) {
		struct ptf_entry_info info;
		F->decode(F->leaf(PAGE, perms[i], 3), 3, &info);
		cr_expect_eq(info.kind, PTF_ENTRY_LEAF);
		cr_expect_eq(info.flags, perms[i], "flags %#x decode as %#x", perms[i], info.flags);
	}
}

/* a valid leaf is readable: no write-only or execute-only page */
Test(arm64_stage1, r_is_implied_by_validity)
{
	EXPECT_ENTRY(F->leaf(PAGE, PTF_W, 3), 0);
	EXPECT_ENTRY(F->leaf(PAGE, PTF_X, 3), 0);
	cr_expect_eq(ptf_format_check_flags(F, PTF_X | PTF_U), PTF_EFLAGS);
}

/* device: AttrIndx 1 (0x4), SH 0: 0x3 | 0x4 | 0x400 | 0x800 = 0xc07, PXN and UXN;
 * uncached: AttrIndx 2 (0x8), SH 0x300: 0xf0b */
Test(arm64_stage1, memory_types_index_mair)
{
	EXPECT_ENTRY(F->leaf(PAGE, RW | PTF_DEVICE, 3), PXN | UXN | PAGE | 0xc07);
	EXPECT_ENTRY(F->leaf(PAGE, RW | PTF_U | PTF_DEVICE, 3), PXN | UXN | PAGE | 0xc47);
	EXPECT_ENTRY(F->leaf(PAGE, RW | PTF_UNCACHED, 3), PXN | UXN | PAGE | 0xf0b);
	EXPECT_ENTRY(F->leaf(PAGE, RX | PTF_UNCACHED, 3), UXN | PAGE | 0xf8b);
}

/* blocks: 0b01 | 0x300 | 0x400 | 0x800 = 0xf01 at 0x2_0040_0000 (2 MiB) and 0x4000_0000 */
Test(arm64_stage1, blocks_and_tables)
{
	EXPECT_ENTRY(F->leaf(0x200400000ull, RWX | PTF_U, 2), PXN | 0x200400f41ull);
	EXPECT_ENTRY(F->leaf(0x40000000ull, RX, 1), UXN | 0x40000f81ull);
	EXPECT_ENTRY(F->leaf(0x8000000000ull, RW, 0), 0); /* no level 0 block */
	EXPECT_ENTRY(F->table(0x5000, 0), 0x5003);         /* PXNTable, UXNTable, APTable 0 */
}

/* T0SZ 16 | IRGN0 1 << 8 | ORGN0 1 << 10 | SH0 3 << 12 | EPD1 1 << 23 | IPS 5 << 32
 * = 0x10 + 0x100 + 0x400 + 0x3000 + 0x80_0000 + 0x5_0000_0000; MAIR: 0x44 << 16 |
 * 0x04 << 8 | 0xff; TTBR0_EL1: ASID 3 << 48 | root */
Test(arm64_stage1, tcr_mair_and_ttbr0)
{
	EXPECT_ENTRY(format_register(F, "TCR_EL1"), 0x500803510ull);
	EXPECT_ENTRY(format_register(F, "MAIR_EL1"), 0x4404ffull);
	EXPECT_ENTRY(F->root_register(0x81000, 3), 0x0003000000081000ull);
	cr_expect_eq(F->vmid_bits, 16, "a 16-bit ASID");
}

/* VA 0x8020_3000: indices 0, 2, 1, 3 (platform-facts.md's worked example) */
Test(arm64_stage1, indices_of_0x8020_3000)
{
	cr_expect_eq(F->index(0x80203000ull, 0), 0);
	cr_expect_eq(F->index(0x80203000ull, 1), 2);
	cr_expect_eq(F->index(0x80203000ull, 2), 1);
	cr_expect_eq(F->index(0x80203000ull, 3), 3);
}
