/* AArch64 stage 2 with the 16 KiB and 64 KiB granules (platforms/arm64_s2_16k_ipa48.lua,
 * arm64_s2_64k_ipa48.lua, arm64_s2_64k_ipa42.lua): entries worked out by hand from the
 * Arm ARM (DDI 0487), not from the platform files.
 *   D8 "Translation granule size" and the level tables: 16 KiB tables hold 2048
 *   entries (11 index bits), 64 KiB tables 8192 (13 bits); with 16 KiB, level 1 indexes
 *   IPA 46:36 (and 47 with concatenation), level 2 35:25, level 3 24:14; with 64 KiB,
 *   level 1 47:42, level 2 41:29, level 3 28:16. Blocks: 32 MiB (16 KiB, level 2) and
 *   512 MiB (64 KiB, level 2); level 1 blocks need FEAT_LPA2 / FEAT_LPA (52 bits).
 *   D8 "Stage 2 translation": the start level may hold up to 16 concatenated tables.
 *   D8 descriptors (as for 4 KiB): bits 1:0 0b11 page or table, 0b01 block; MemAttr
 *   5:2 (0xf Normal WB, 0x5 Normal NC, 0x1 Device-nGnRE); S2AP 7:6 (bit 6 read, bit 7
 *   write); SH 9:8 (0b11 inner); AF 10; XN 54:53 = 0b10 never executable. Output
 *   address: page 47:14 (16 KiB) or 47:16 (64 KiB), block 47:25 or 47:29; next-level
 *   table address 47:14 or 47:16.
 *   D13 VTCR_EL2: T0SZ 5:0, SL0 7:6 (16 KiB and 64 KiB: 0b01 level 2, 0b10 level 1),
 *   IRGN0 9:8, ORGN0 11:10, SH0 13:12, TG0 15:14 (0b01 64 KiB, 0b10 16 KiB), PS 18:16
 *   (0b101: 48 bits), bit 31 RES1. VTTBR_EL2: BADDR 47:1, VMID 63:48.
 * ptforge's conventions (encoding-conventions.md): leaves carry AF; normal memory is
 * inner shareable; device memory is never executable. */
#include "encoding_checks.h"

#include "ptf_arm64_s2_16k_ipa48.h"
#include "ptf_arm64_s2_64k_ipa42.h"
#include "ptf_arm64_s2_64k_ipa48.h"

#define F16 (&ptf_format_arm64_s2_16k_ipa48)
#define F64 (&ptf_format_arm64_s2_64k_ipa48)
#define F64_42 (&ptf_format_arm64_s2_64k_ipa42)
#define XN (1ull << 54)
#define RW (PTF_R | PTF_W)
#define RX (PTF_R | PTF_X)
#define RWX (PTF_R | PTF_W | PTF_X)

/* ---- 16 KiB granule, 48-bit IPA ---- */

Test(arm64_16k, three_levels_from_level_1_with_two_concatenated_root_tables)
{
	cr_expect_eq(F16->levels, 3);
	cr_expect_eq(F16->granule_shift, 14);
	cr_expect_eq(F16->root_tables, 2, "IPA 47:36 is 12 bits: two tables of 2048");
	cr_expect_eq(F16->root_bytes, 0x8000);
	cr_expect_eq(F16->root_align, 0x8000, "a concatenated root is aligned to its size");
	cr_expect_eq(F16->level[0].index_lo, 36);
	cr_expect_eq(F16->level[0].index_bits, 12);
	cr_expect_eq(F16->level[0].leaf_size, 0, "no level 1 blocks without FEAT_LPA2");
	cr_expect_eq(F16->level[1].index_lo, 25);
	cr_expect_eq(F16->level[1].index_bits, 11);
	cr_expect_eq(F16->level[1].leaf_size, 0x2000000, "32 MiB blocks");
	cr_expect_eq(F16->level[2].index_lo, 14);
	cr_expect_eq(F16->level[2].leaf_size, 0x4000);
	cr_expect_eq(F16->n_page_sizes, 2);
}

/* T0SZ 16 (0x10) | SL0 0b10 << 6 (0x80) | IRGN0 1 << 8 (0x100) | ORGN0 1 << 10 (0x400) |
 * SH0 3 << 12 (0x3000) | TG0 0b10 << 14 (0x8000) | PS 5 << 16 (0x50000) | RES1 bit 31 */
Test(arm64_16k, vtcr_el2_is_t0sz_16_sl0_level_1_tg0_16k_ps_48)
{
	EXPECT_ENTRY(format_register(F16, "VTCR_EL2"), 0x8005b590ull);
}

/* page: 0b11 | MemAttr 0xf << 2 (0x3c) | S2AP (0x40 R, 0x80 W) | SH 0x300 | AF 0x400 */
Test(arm64_16k, pages_for_every_permission_at_0x1_2345_4000)
{
	const uint64_t pa = 0x123454000ull; /* 16 KiB aligned */
	EXPECT_ENTRY(F16->leaf(pa, RW, 2), XN | pa | 0x7ff);
	EXPECT_ENTRY(F16->leaf(pa, RX, 2), pa | 0x77f);
	EXPECT_ENTRY(F16->leaf(pa, PTF_R, 2), XN | pa | 0x77f);
	EXPECT_ENTRY(F16->leaf(pa, RWX, 2), pa | 0x7ff);
	EXPECT_ENTRY(F16->leaf(pa, PTF_W, 2), XN | pa | 0x7bf);
	EXPECT_ENTRY(F16->leaf(pa, PTF_X, 2), pa | 0x73f);
}

/* device: 0b11 | MemAttr 0x1 << 2 (0x4) | S2AP RW 0xc0 | SH 0 | AF 0x400 = 0x4c7, XN;
 * uncached: MemAttr 0x5 << 2 (0x14), SH 0x300: 0x7d7 */
Test(arm64_16k, device_and_uncached_pages)
{
	const uint64_t pa = 0x123454000ull;
	EXPECT_ENTRY(F16->leaf(pa, RW | PTF_DEVICE, 2), XN | pa | 0x4c7);
	EXPECT_ENTRY(F16->leaf(pa, RW | PTF_UNCACHED, 2), XN | pa | 0x7d7);
}

/* block: 0b01 | 0x3c | 0xc0 | 0x300 | 0x400 = 0x7fd at 0x2_0200_0000 (32 MiB aligned) */
Test(arm64_16k, a_32m_block_and_no_level_1_block)
{
	EXPECT_ENTRY(F16->leaf(0x202000000ull, RWX, 1), 0x2020007fdull);
	EXPECT_ENTRY(F16->leaf(0x200400000ull, RWX, 1), 0);
	EXPECT_ENTRY(F16->leaf(0x1000000000ull, RWX, 0), 0);
}

Test(arm64_16k, output_addresses_below_the_granule_or_beyond_48_bits_are_refused)
{
	EXPECT_ENTRY(F16->leaf(0x123456000ull, RW, 2), 0);     /* 8 KiB into a 16 KiB page */
	EXPECT_ENTRY(F16->leaf(0xffffffffc000ull, RW, 2), XN | 0xffffffffc000ull | 0x7ff);
	EXPECT_ENTRY(F16->leaf(0x1000000000000ull, RW, 2), 0); /* 2^48 */
}

/* table: address 47:14 | 0b11 */
Test(arm64_16k, table_entries_hold_16k_aligned_addresses)
{
	EXPECT_ENTRY(F16->table(0x8000, 0), 0x8003);
	EXPECT_ENTRY(F16->table(0x8000, 1), 0x8003);
	EXPECT_ENTRY(F16->table(0x5000, 0), 0);
	EXPECT_ENTRY(F16->table(0x8000, 2), 0);
}

/* IPA 0x9234_5678_C000: >> 36 = 0x923 = 2339 (the second concatenated table);
 * >> 25 = 0x491a2b, & 0x7ff = 0x22b = 555; >> 14 = 0x248d159e3, & 0x7ff = 0x1e3 = 483 */
Test(arm64_16k, index_of_0x9234_5678_c000_is_2339_555_483)
{
	cr_expect_eq(F16->index(0x92345678c000ull, 0), 2339);
	cr_expect_eq(F16->index(0x92345678c000ull, 1), 555);
	cr_expect_eq(F16->index(0x92345678c000ull, 2), 483);
}

Test(arm64_16k, entries_decode_back)
{
	struct ptf_entry_info info;
	F16->decode(XN | 0x123454000ull | 0x7ff, 2, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_LEAF);
	cr_expect_eq(info.pa, 0x123454000ull);
	cr_expect_eq(info.size, 0x4000);
	cr_expect_eq(info.flags, RW);
	F16->decode(0x8003, 0, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_TABLE);
	cr_expect_eq(info.pa, 0x8000);
	cr_expect_eq(info.size, 1ull << 36);
}

/* VTTBR_EL2: VMID 5 << 48 | root 0x48000 (32 KiB aligned) */
Test(arm64_16k, vttbr_el2_holds_root_and_vmid)
{
	EXPECT_ENTRY(F16->root_register(0x48000, 5), 0x0005000000048000ull);
}

/* ---- 64 KiB granule, 48-bit IPA ---- */

Test(arm64_64k, three_levels_from_level_1_with_a_64_entry_root)
{
	cr_expect_eq(F64->levels, 3);
	cr_expect_eq(F64->granule_shift, 16);
	cr_expect_eq(F64->root_tables, 1);
	cr_expect_eq(F64->root_bytes, 0x10000, "a whole granule, of which 64 entries are used");
	cr_expect_eq(F64->level[0].index_lo, 42);
	cr_expect_eq(F64->level[0].index_bits, 6);
	cr_expect_eq(F64->level[0].leaf_size, 0, "no level 1 blocks without FEAT_LPA");
	cr_expect_eq(F64->level[1].index_lo, 29);
	cr_expect_eq(F64->level[1].index_bits, 13);
	cr_expect_eq(F64->level[1].leaf_size, 0x20000000, "512 MiB blocks");
	cr_expect_eq(F64->level[2].leaf_size, 0x10000);
}

/* T0SZ 16 | SL0 0b10 << 6 (0x80) | 0x100 | 0x400 | 0x3000 | TG0 0b01 << 14 (0x4000) |
 * 0x50000 | bit 31 */
Test(arm64_64k, vtcr_el2_is_t0sz_16_sl0_level_1_tg0_64k_ps_48)
{
	EXPECT_ENTRY(format_register(F64, "VTCR_EL2"), 0x80057590ull);
}

Test(arm64_64k, pages_for_every_permission_at_0x1_2345_0000)
{
	const uint64_t pa = 0x123450000ull; /* 64 KiB aligned */
	EXPECT_ENTRY(F64->leaf(pa, RW, 2), XN | pa | 0x7ff);
	EXPECT_ENTRY(F64->leaf(pa, RX, 2), pa | 0x77f);
	EXPECT_ENTRY(F64->leaf(pa, PTF_R, 2), XN | pa | 0x77f);
	EXPECT_ENTRY(F64->leaf(pa, RWX, 2), pa | 0x7ff);
	EXPECT_ENTRY(F64->leaf(pa, PTF_X, 2), pa | 0x73f);
	EXPECT_ENTRY(F64->leaf(pa, RW | PTF_DEVICE, 2), XN | pa | 0x4c7);
	EXPECT_ENTRY(F64->leaf(pa, RW | PTF_UNCACHED, 2), XN | pa | 0x7d7);
	EXPECT_ENTRY(F64->leaf(0x123454000ull, RW, 2), 0); /* 16 KiB into a 64 KiB page */
	EXPECT_ENTRY(F64->leaf(0xffffffff0000ull, RW, 2), XN | 0xffffffff0000ull | 0x7ff);
}

/* 512 MiB block at 0x2_2000_0000: 0b01 | 0x3c | 0xc0 | 0x300 | 0x400 = 0x7fd, XN */
Test(arm64_64k, a_512m_block_and_no_level_1_block)
{
	EXPECT_ENTRY(F64->leaf(0x220000000ull, RW, 1), XN | 0x220000000ull | 0x7fd);
	EXPECT_ENTRY(F64->leaf(0x202000000ull, RW, 1), 0); /* 32 MiB aligned only */
	EXPECT_ENTRY(F64->leaf(0x40000000000ull, RW, 0), 0);
}

Test(arm64_64k, table_entries_hold_64k_aligned_addresses)
{
	EXPECT_ENTRY(F64->table(0x10000, 0), 0x10003);
	EXPECT_ENTRY(F64->table(0x10000, 1), 0x10003);
	EXPECT_ENTRY(F64->table(0x8000, 0), 0);
}

/* IPA 0x9234_5678_C000: >> 42 = 0x24 = 36; >> 29 = 0x491a2, & 0x1fff = 0x11a2 = 4514;
 * >> 16 = 0x92345678, & 0x1fff = 0x1678 = 5752 */
Test(arm64_64k, index_of_0x9234_5678_c000_is_36_4514_5752)
{
	cr_expect_eq(F64->index(0x92345678c000ull, 0), 36);
	cr_expect_eq(F64->index(0x92345678c000ull, 1), 4514);
	cr_expect_eq(F64->index(0x92345678c000ull, 2), 5752);
}

/* ---- 64 KiB granule, 42-bit IPA ---- */

Test(arm64_64k_ipa42, two_levels_from_level_2_with_one_full_root_table)
{
	cr_expect_eq(F64_42->levels, 2);
	cr_expect_eq(F64_42->input_bits, 42);
	cr_expect_eq(F64_42->root_tables, 1);
	cr_expect_eq(F64_42->level[0].index_lo, 29);
	cr_expect_eq(F64_42->level[0].index_bits, 13, "IPA 41:29: all 8192 entries");
	cr_expect_eq(F64_42->level[0].leaf_size, 0x20000000);
	cr_expect_eq(F64_42->level[1].leaf_size, 0x10000);
}

/* T0SZ 22 (0x16) | SL0 0b01 << 6 (0x40) | 0x100 | 0x400 | 0x3000 | 0x4000 | 0x50000 | bit 31 */
Test(arm64_64k_ipa42, vtcr_el2_is_t0sz_22_sl0_level_2_tg0_64k)
{
	EXPECT_ENTRY(format_register(F64_42, "VTCR_EL2"), 0x80057556ull);
}

/* a 512 MiB block in the root; IPA 0x3AB_CDEF_0000: >> 29 = 0x1d5e = 7518,
 * >> 16 = 0x3abcdef, & 0x1fff = 0xdef = 3567 */
Test(arm64_64k_ipa42, root_blocks_and_indices)
{
	EXPECT_ENTRY(F64_42->leaf(0x220000000ull, RW, 0), XN | 0x220000000ull | 0x7fd);
	EXPECT_ENTRY(F64_42->table(0x10000, 0), 0x10003);
	cr_expect_eq(F64_42->index(0x3abcdef0000ull, 0), 7518);
	cr_expect_eq(F64_42->index(0x3abcdef0000ull, 1), 3567);
}
