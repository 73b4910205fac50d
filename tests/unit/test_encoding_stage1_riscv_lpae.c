/* RISC-V Sv39/Sv48/Sv57 stage 1 (platforms/riscv_sv39.lua, riscv_sv48.lua, riscv_sv57.lua)
 * and ARMv7 LPAE stage 2 (platforms/armv7_lpae_s2_ipa40.lua): entries worked out by hand
 * from the manuals, not from the platform files.
 * RISC-V Privileged Architecture, "Supervisor-Level ISA": the Sv39 PTE (V 0, R 1, W 2,
 *   X 3, U 4, G 5, A 6, D 7, PPN 53:10 = PA >> 12); V=1 with R=W=X=0 points to the next
 *   table; satp MODE 63:60 (8 Sv39, 9 Sv48, 10 Sv57), ASID 59:44, PPN 43:0. ptforge sets
 *   A on every leaf and D on writable ones, leaves G clear; U only when asked.
 * ARM ARM ARMv7-A/R (DDI 0406C) B3.6.1/B3.6.2: stage-2 descriptors as in ARMv8 (bits 1:0
 *   0b11 page/table, 0b01 block; MemAttr 5:2; HAP 7:6; SH 9:8; AF 10; XN 54), with a
 *   40-bit output; B4.1.159 VTCR (T0SZ 3:0 signed, S 4, SL0 7:6, IRGN0 9:8, ORGN0 11:10,
 *   SH0 13:12, bit 31 one); B4.1.160 VTTBR (BADDR 39:x, VMID 55:48). */
#include "encoding_checks.h"

#include "ptf_armv7_lpae_s2_ipa40.h"
#include "ptf_riscv_sv39.h"
#include "ptf_riscv_sv48.h"
#include "ptf_riscv_sv57.h"

#define SV39 (&ptf_format_riscv_sv39)
#define SV48 (&ptf_format_riscv_sv48)
#define SV57 (&ptf_format_riscv_sv57)
#define LPAE (&ptf_format_armv7_lpae_s2_ipa40)
#define PAGE 0x123456000ull        /* 0x1_2345_6000 */
#define PTE_PPN 0x48d15800ull      /* 0x123456 << 10 */
#define RW (PTF_R | PTF_W)
#define RX (PTF_R | PTF_X)
#define RWX (PTF_R | PTF_W | PTF_X)

/* ---- RISC-V stage 1 ---- */

/* "Sv39": VA bits 63:39 must equal bit 38, so the addresses are the lower half
 * [0, 2^38) and the upper half [0xffff_ffc0_0000_0000, 2^64); VPN[2] is bits 38:30, 512
 * root entries, the upper half's from 256. Sv48: bits 63:48 equal bit 47 (upper half from
 * 0xffff_8000_0000_0000); Sv57: bits 63:57 equal bit 56 (from 0xff00_0000_0000_0000). */
Test(riscv_stage1, sv39_is_three_levels_of_both_halves_with_a_4k_root)
{
	cr_expect_eq(SV39->levels, 3);
	cr_expect_eq(SV39->input_bits, 39);
	EXPECT_ENTRY(SV39->input_base, 0xffffffc000000000ull);
	EXPECT_ENTRY(ptf_format_input_end(SV39), 0x4000000000ull);
	cr_expect_eq(SV39->root_tables, 1);
	cr_expect_eq(SV39->root_bytes, 4096, "no x4 root in stage 1");
	cr_expect_eq(SV39->level[0].index_bits, 9);
	cr_expect_eq(SV39->index(0xffffffc000000000ull, 0), 256);
	cr_expect_eq(SV39->index(0x3fc0000000ull, 0), 255);
	cr_expect_eq(SV39->n_page_sizes, 3);
	cr_expect_eq(SV48->levels, 4);
	cr_expect_eq(SV48->input_bits, 48);
	EXPECT_ENTRY(SV48->input_base, 0xffff800000000000ull);
	cr_expect_eq(SV57->levels, 5);
	cr_expect_eq(SV57->input_bits, 57);
	EXPECT_ENTRY(SV57->input_base, 0xff00000000000000ull);
	cr_expect_eq(SV57->n_page_sizes, 5, "4 KiB up to 256 TiB");
}

/* V R W A D = 0xc7; V R X A = 0x4b; V R A = 0x43; V R W X A D = 0xcf; V X A = 0x49 */
Test(riscv_stage1, supervisor_pages_for_every_permission)
{
	EXPECT_ENTRY(SV39->leaf(PAGE, RW, 2), PTE_PPN | 0xc7);
	EXPECT_ENTRY(SV39->leaf(PAGE, RX, 2), PTE_PPN | 0x4b);
	EXPECT_ENTRY(SV39->leaf(PAGE, PTF_R, 2), PTE_PPN | 0x43);
	EXPECT_ENTRY(SV39->leaf(PAGE, RWX, 2), PTE_PPN | 0xcf);
	EXPECT_ENTRY(SV39->leaf(PAGE, PTF_X, 2), PTE_PPN | 0x49);
	EXPECT_ENTRY(SV39->leaf(PAGE, PTF_W, 2), 0); /* W without R is reserved */
}

/* U (0x10): V R W U A D = 0xd7, V R X U A = 0x5b */
Test(riscv_stage1, user_pages_set_u)
{
	EXPECT_ENTRY(SV39->leaf(PAGE, RW | PTF_U, 2), PTE_PPN | 0xd7);
	EXPECT_ENTRY(SV39->leaf(PAGE, RX | PTF_U, 2), PTE_PPN | 0x5b);
}

/* no Svpbmt: the PMAs decide, so device and uncached pages are ordinary ones */
Test(riscv_stage1, device_and_uncached_are_left_to_the_pmas)
{
	EXPECT_ENTRY(SV39->leaf(PAGE, RW | PTF_DEVICE, 2), PTE_PPN | 0xc7);
	EXPECT_ENTRY(SV39->leaf(PAGE, RW | PTF_UNCACHED, 2), PTE_PPN | 0xc7);
}

/* 2 MiB at 0x2_0040_0000: PPN 0x200400 << 10 = 0x8010_0000 | 0xcf; 1 GiB at 0x4000_0000:
 * 0x40000 << 10 = 0x1000_0000 | 0x4b; Sv48's 512 GiB at 0x80_0000_0000: 0x8000000 << 10 =
 * 0x20_0000_0000 | 0xc7 */
Test(riscv_stage1, megapages_gigapages_and_terapages)
{
	EXPECT_ENTRY(SV39->leaf(0x200400000ull, RWX, 1), 0x801000cfull);
	EXPECT_ENTRY(SV39->leaf(0x40000000ull, RX, 0), 0x1000004bull);
	EXPECT_ENTRY(SV39->leaf(0x200400000ull, RWX, 0), 0); /* not 1 GiB aligned */
	EXPECT_ENTRY(SV48->leaf(0x8000000000ull, RW, 0), 0x20000000c7ull);
}

/* a table: PPN 5 << 10 = 0x1400 | V; U, A, D stay clear in non-leaf entries */
Test(riscv_stage1, table_entries_are_ppn_and_v_only)
{
	EXPECT_ENTRY(SV39->table(0x5000, 0), 0x1401);
	EXPECT_ENTRY(SV39->table(0x5000, 1), 0x1401);
	EXPECT_ENTRY(SV39->table(0x5000, 2), 0);
}

/* VA 0x12_3456_7000: >> 30 = 0x48 = 72; >> 21 = 0x91a2, & 511 = 0x1a2 = 418;
 * >> 12 = 0x1234567, & 511 = 0x167 = 359. Sv48: 0x7f12_3456_7000 >> 39 = 0xfe = 254.
 * Sv57: 0xab_cdef_1234_5000 >> 48 = 0xab = 171. */
Test(riscv_stage1, indices)
{
	cr_expect_eq(SV39->index(0x1234567000ull, 0), 72);
	cr_expect_eq(SV39->index(0x1234567000ull, 1), 418);
	cr_expect_eq(SV39->index(0x1234567000ull, 2), 359);
	cr_expect_eq(SV48->index(0x7f1234567000ull, 0), 254);
	cr_expect_eq(SV57->index(0xabcdef12345000ull, 0), 171);
}

/* satp: MODE << 60 | ASID 7 << 44 | root 0x8000_0000 >> 12 = 0x80000 */
Test(riscv_stage1, satp_holds_mode_asid_and_root_ppn)
{
	EXPECT_ENTRY(SV39->root_register(0x80000000ull, 7), 0x8000700000080000ull);
	EXPECT_ENTRY(SV48->root_register(0x80000000ull, 7), 0x9000700000080000ull);
	EXPECT_ENTRY(SV57->root_register(0x80000000ull, 7), 0xa000700000080000ull);
	cr_expect_eq(SV39->vmid_bits, 16, "a 16-bit ASID");
}

/* ---- ARMv7 LPAE stage 2 ---- */

Test(armv7_lpae, three_levels_from_level_1_with_two_concatenated_root_tables)
{
	cr_expect_eq(LPAE->levels, 3);
	cr_expect_eq(LPAE->input_bits, 40);
	cr_expect_eq(LPAE->output_bits, 40);
	cr_expect_eq(LPAE->root_tables, 2);
	cr_expect_eq(LPAE->root_bytes, 8192);
	cr_expect_eq(LPAE->root_align, 8192);
	cr_expect_eq(LPAE->level[0].index_bits, 10);
	cr_expect_eq(LPAE->n_page_sizes, 3);
}

/* page: 0b11 | MemAttr 0xf << 2 | HAP 0xc0 | SH 0x300 | AF 0x400 = 0x7ff; XN bit 54 */
Test(armv7_lpae, pages_blocks_and_memory_types)
{
	const uint64_t xn = 1ull << 54;
	EXPECT_ENTRY(LPAE->leaf(PAGE, RW, 2), xn | PAGE | 0x7ff);
	EXPECT_ENTRY(LPAE->leaf(PAGE, RX, 2), PAGE | 0x77f);
	EXPECT_ENTRY(LPAE->leaf(PAGE, PTF_R, 2), xn | PAGE | 0x77f);
	EXPECT_ENTRY(LPAE->leaf(PAGE, RWX, 2), PAGE | 0x7ff);
	EXPECT_ENTRY(LPAE->leaf(PAGE, RW | PTF_DEVICE, 2), xn | PAGE | 0x4c7);  /* MemAttr 0b0001, SH 0 */
	EXPECT_ENTRY(LPAE->leaf(PAGE, RW | PTF_UNCACHED, 2), xn | PAGE | 0x7d7); /* MemAttr 0b0101 */
	EXPECT_ENTRY(LPAE->leaf(0x200400000ull, RWX, 1), 0x2004007fdull);      /* 2 MiB block */
	EXPECT_ENTRY(LPAE->leaf(0x40000000ull, RW, 0), xn | 0x400007fdull);   /* 1 GiB block */
	EXPECT_ENTRY(LPAE->leaf(0x10000000000ull, RW, 2), 0);                 /* 2^40: beyond the output */
	EXPECT_ENTRY(LPAE->table(0x5000, 0), 0x5003);
}

/* IPA 0x80_4020_3000: >> 30 = 0x201 = 513 (the second root table), then 1, 3 */
Test(armv7_lpae, index_reaches_the_second_concatenated_table)
{
	cr_expect_eq(LPAE->index(0x8040203000ull, 0), 513);
	cr_expect_eq(LPAE->index(0x8040203000ull, 1), 1);
	cr_expect_eq(LPAE->index(0x8040203000ull, 2), 3);
}

/* VTCR: T0SZ -8 = 0b1000 | S 1 << 4 | SL0 1 << 6 | IRGN0 1 << 8 | ORGN0 1 << 10 |
 * SH0 3 << 12 | bit 31 = 0x8000_3558; VTTBR: VMID 9 << 48 | root 0x8_2000 */
Test(armv7_lpae, vtcr_and_vttbr)
{
	EXPECT_ENTRY(format_register(LPAE, "VTCR"), 0x80003558ull);
	EXPECT_ENTRY(LPAE->root_register(0x82000, 9), 0x0009000000082000ull);
	cr_expect_eq(LPAE->vmid_bits, 8);
}
