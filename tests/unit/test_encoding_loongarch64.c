/* LoongArch64, 4-level walk of the lower half (platforms/loongarch64_4level.lua): entries
 * worked out by hand from the LoongArch Reference Manual Vol. 1, not from the file.
 *   5.4.4 page table entry: V 0 (0x1), D 1 (0x2, writable), PLV 3:2 (3 = user: 0xc),
 *   MAT 5:4 (0 strongly-ordered uncached, 1 coherent cached: 0x10, 2 weakly-ordered
 *   uncached: 0x20), G 6 in a PTE / HUGE 6 (0x40) in a directory entry, PPN 47:12,
 *   NR 61 (0x2000_0000_0000_0000), NX 62 (0x4000_0000_0000_0000).
 *   LDDIR: a directory entry is the next table's address, with no valid bit.
 *   5.4 PWCL: PTbase 4:0, PTwidth 9:5, Dir1_base 14:10, Dir1_width 19:15, Dir2_base 24:20,
 *   Dir2_width 29:25, PTEWidth 31:30; PWCH: Dir3_base 5:0, Dir3_width 11:6; PGDL: the
 *   root's address. */
#include "encoding_checks.h"

#include "ptf_loongarch64_4level.h"

#define F (&ptf_format_loongarch64_4level)
#define PAGE 0x123456000ull /* 0x1_2345_6000 */
#define NR (1ull << 61)
#define NX (1ull << 62)
#define RW (PTF_R | PTF_W)
#define RX (PTF_R | PTF_X)
#define RWX (PTF_R | PTF_W | PTF_X)

/* V | MAT 1 (0x10), plus D (0x2) when writable; NX when not executable */
Test(loongarch64, pages_for_every_permission)
{
	EXPECT_ENTRY(F->leaf(PAGE, RW, 3), NX | PAGE | 0x13);
	EXPECT_ENTRY(F->leaf(PAGE, RX, 3), PAGE | 0x11);
	EXPECT_ENTRY(F->leaf(PAGE, PTF_R, 3), NX | PAGE | 0x11);
	EXPECT_ENTRY(F->leaf(PAGE, RWX, 3), PAGE | 0x13);
	EXPECT_ENTRY(F->leaf(PAGE, PTF_X, 3), NR | PAGE | 0x11);      /* NR: execute-only */
	EXPECT_ENTRY(F->leaf(PAGE, PTF_W, 3), NR | NX | PAGE | 0x13); /* NR: write-only */
	EXPECT_ENTRY(F->leaf(PAGE, RW | PTF_U, 3), NX | PAGE | 0x1f); /* PLV 3 */
}

/* MAT 0 (device) and 2 (0x20, uncached) */
Test(loongarch64, device_and_uncached_pages)
{
	EXPECT_ENTRY(F->leaf(PAGE, RW | PTF_DEVICE, 3), NX | PAGE | 0x03);
	EXPECT_ENTRY(F->leaf(PAGE, RW | PTF_UNCACHED, 3), NX | PAGE | 0x23);
}

/* a huge PMD entry: V | D | MAT 1 | HUGE (0x40) = 0x53 at 0x2_0040_0000 */
Test(loongarch64, huge_pages_set_huge_in_the_pmd)
{
	EXPECT_ENTRY(F->leaf(0x200400000ull, RWX, 2), 0x200400053ull);
	EXPECT_ENTRY(F->leaf(0x40000000ull, RW, 1), 0); /* no huge PUD entries */
}

/* a directory entry is the address alone; 0 is empty, so no table at 0 */
Test(loongarch64, table_entries_are_the_address_alone)
{
	EXPECT_ENTRY(F->table(0x5000, 0), 0x5000);
	EXPECT_ENTRY(F->table(0x5000, 2), 0x5000);
	EXPECT_ENTRY(F->table(0, 0), 0);
	struct ptf_entry_info info;
	F->decode(0x5000, 1, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_TABLE);
	cr_expect_eq(info.pa, 0x5000);
	F->decode(0, 1, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_INVALID);
	F->decode(0x200400053ull, 2, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_LEAF, "HUGE makes a PMD entry a leaf");
	cr_expect_eq(info.size, 0x200000);
}

/* the entry a fault claims a slot with (software bit 7) is neither a table nor a page */
Test(loongarch64, a_claimed_slot_is_empty_at_every_depth)
{
	EXPECT_ENTRY(PTF_LOONGARCH64_4LEVEL_CLAIMED, 0x80);
	for (unsigned d = 0; d < F->levels; d++) {
		struct ptf_entry_info info;
		F->decode(PTF_LOONGARCH64_4LEVEL_CLAIMED, d, &info);
		cr_expect_eq(info.kind, PTF_ENTRY_INVALID, "depth %u", d);
	}
}

/* VA 0x7f12_3456_7000: >> 39 = 0xfe = 254; >> 30 & 511 = 0x48 = 72; >> 21 & 511 = 418;
 * >> 12 & 511 = 359 */
Test(loongarch64, indices_of_the_lower_half)
{
	cr_expect_eq(F->index(0x7f1234567000ull, 0), 254);
	cr_expect_eq(F->index(0x7f1234567000ull, 1), 72);
	cr_expect_eq(F->index(0x7f1234567000ull, 2), 418);
	cr_expect_eq(F->index(0x7f1234567000ull, 3), 359);
	cr_expect_eq(F->input_bits, 47, "VA bit 47 set selects PGDH, the upper half");
}

/* PWCL: 12 | 9 << 5 | 21 << 10 | 9 << 15 | 30 << 20 | 9 << 25 = 0x13e4_d52c;
 * PWCH: 39 | 9 << 6 = 0x267; PGDL: the root's address */
Test(loongarch64, pwcl_pwch_and_pgdl)
{
	EXPECT_ENTRY(format_register(F, "PWCL"), 0x13e4d52cull);
	EXPECT_ENTRY(format_register(F, "PWCH"), 0x267ull);
	EXPECT_ENTRY(F->root_register(0x81000, 0), 0x81000ull);
}
