/* tests/unit/test_encoding.c: raw entry encoding of the five built-in formats
 * (x86_ept4, arm64_s2_4k_ipa48, arm64_s2_4k_ipa40, riscv_sv39x4, riscv_sv48x4).
 *
 * Every expected value below was worked out by hand from the architecture facts in
 * shared/reference/platform-facts.md (bit layouts and worked examples) and from
 * ptforge's choices in shared/reference/encoding-conventions.md. None of them was
 * taken from platforms/F.lua or from generated code: these tests check the generator
 * against the manuals, not against itself. The arithmetic is written next to each
 * value so that a reviewer can redo it.
 *
 * Shared inputs (as in the worked examples of platform-facts.md):
 *   host page 0x1_2345_6000, 2 MiB block 0x2_0040_0000, 1 GiB block 0x4000_0000,
 *   next table 0x5000, GPA 0x8020_3000.
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <string.h>

#include "ptf_x86_ept4.h"
#include "ptf_arm64_s2_4k_ipa48.h"
#include "ptf_arm64_s2_4k_ipa40.h"
#include "ptf_riscv_sv39x4.h"
#include "ptf_riscv_sv48x4.h"

/* ---------------------------------------------------------------------------------
 * Inputs and helpers
 * --------------------------------------------------------------------------------- */

#define HOST_PAGE 0x123456000ull /* 0x1_2345_6000 */
#define BLOCK_2M  0x200400000ull /* 0x2_0040_0000, 2 MiB aligned */
#define BLOCK_1G  0x40000000ull  /* 0x4000_0000, 1 GiB aligned */
#define TABLE_PA  0x5000ull
#define GPA_EX    0x80203000ull  /* 0x8020_3000 */

#define SZ_4K   0x1000ull
#define SZ_2M   0x200000ull
#define SZ_1G   0x40000000ull
#define SZ_512G 0x8000000000ull /* 1 << 39 */

#define RW  (PTF_R | PTF_W)
#define RX  (PTF_R | PTF_X)
#define RWX (PTF_R | PTF_W | PTF_X)

/* Compare two 64-bit values and print both in hex on failure. */
#define EXPECT_HEX(got, want)                                                        \
	do {                                                                         \
		unsigned long long got_ = (unsigned long long)(got);                 \
		unsigned long long want_ = (unsigned long long)(want);               \
		cr_assert_eq(got_, want_, "%s: got %#llx want %#llx", #got, got_,    \
		             want_);                                                 \
	} while (0)

/* Compare two small unsigned values (indices, counts) in decimal and hex. */
#define EXPECT_UINT(got, want)                                                       \
	do {                                                                         \
		unsigned long long got_ = (unsigned long long)(got);                 \
		unsigned long long want_ = (unsigned long long)(want);               \
		cr_assert_eq(got_, want_, "%s: got %llu (%#llx) want %llu (%#llx)",  \
		             #got, got_, got_, want_, want_);                        \
	} while (0)

/* decode(entry, depth) must give exactly this kind, pa, size and flags. */
#define EXPECT_DECODE(decode_fn, entry, depth, want_kind, want_pa, want_size,         \
                      want_flags)                                                    \
	do {                                                                         \
		struct ptf_entry_info info_;                                         \
		unsigned long long e_ = (unsigned long long)(entry);                 \
		unsigned d_ = (unsigned)(depth);                                     \
		memset(&info_, 0x5a, sizeof info_);                                  \
		decode_fn((uint64_t)e_, d_, &info_);                                 \
		cr_assert_eq((int)info_.kind, (int)(want_kind),                      \
		             "decode(%#llx, depth %u): kind %d want %d", e_, d_,     \
		             (int)info_.kind, (int)(want_kind));                     \
		cr_assert_eq((unsigned long long)info_.pa,                           \
		             (unsigned long long)(want_pa),                          \
		             "decode(%#llx, depth %u): pa %#llx want %#llx", e_, d_, \
		             (unsigned long long)info_.pa,                           \
		             (unsigned long long)(want_pa));                         \
		cr_assert_eq((unsigned long long)info_.size,                         \
		             (unsigned long long)(want_size),                        \
		             "decode(%#llx, depth %u): size %#llx want %#llx", e_,   \
		             d_, (unsigned long long)info_.size,                     \
		             (unsigned long long)(want_size));                       \
		cr_assert_eq(info_.flags, (unsigned)(want_flags),                    \
		             "decode(%#llx, depth %u): flags %#x want %#x", e_, d_,  \
		             info_.flags, (unsigned)(want_flags));                   \
	} while (0)

#define EXPECT_DECODE_LEAF(decode_fn, entry, depth, pa, size, flags)                 \
	EXPECT_DECODE(decode_fn, entry, depth, PTF_ENTRY_LEAF, pa, size, flags)
#define EXPECT_DECODE_TABLE(decode_fn, entry, depth, pa, size)                       \
	EXPECT_DECODE(decode_fn, entry, depth, PTF_ENTRY_TABLE, pa, size, 0u)

/* decode(entry, depth) must say "invalid"; the other fields are not looked at. */
#define EXPECT_DECODE_INVALID(decode_fn, entry, depth)                               \
	do {                                                                         \
		struct ptf_entry_info info_;                                         \
		unsigned long long e_ = (unsigned long long)(entry);                 \
		unsigned d_ = (unsigned)(depth);                                     \
		memset(&info_, 0x5a, sizeof info_);                                  \
		decode_fn((uint64_t)e_, d_, &info_);                                 \
		cr_assert_eq((int)info_.kind, (int)PTF_ENTRY_INVALID,                \
		             "decode(%#llx, depth %u): kind %d want INVALID (%d)",   \
		             e_, d_, (int)info_.kind, (int)PTF_ENTRY_INVALID);       \
	} while (0)

/* One depth's geometry in the descriptor. */
static void expect_level(const struct ptf_format *fmt, unsigned depth, unsigned index_lo,
                         unsigned index_bits, uint64_t leaf_size)
{
	const struct ptf_level_info *l = &fmt->level[depth];

	cr_assert_eq(l->index_lo, index_lo, "%s depth %u: index_lo %u want %u", fmt->name,
	             depth, l->index_lo, index_lo);
	cr_assert_eq(l->index_bits, index_bits, "%s depth %u: index_bits %u want %u",
	             fmt->name, depth, l->index_bits, index_bits);
	cr_assert_eq((unsigned long long)l->leaf_size, (unsigned long long)leaf_size,
	             "%s depth %u: leaf_size %#llx want %#llx", fmt->name, depth,
	             (unsigned long long)l->leaf_size, (unsigned long long)leaf_size);
}

/* The page sizes, exactly and in ascending order. */
static void expect_page_sizes(const struct ptf_format *fmt, unsigned n, const uint64_t *want)
{
	cr_assert_eq(fmt->n_page_sizes, n, "%s: n_page_sizes %u want %u", fmt->name,
	             fmt->n_page_sizes, n);
	for (unsigned i = 0; i < n; i++) {
		cr_assert_eq((unsigned long long)fmt->page_sizes[i], (unsigned long long)want[i],
		             "%s: page_sizes[%u] %#llx want %#llx", fmt->name, i,
		             (unsigned long long)fmt->page_sizes[i],
		             (unsigned long long)want[i]);
		if (i > 0)
			cr_assert(fmt->page_sizes[i - 1] < fmt->page_sizes[i],
			          "%s: page_sizes not ascending at %u", fmt->name, i);
	}
}

static int combo_allowed(const struct ptf_format *fmt, unsigned flags)
{
	return (int)((fmt->flag_combos >> flags) & 1u);
}

/* flags must be refused: bit clear in flag_combos, a reason in flag_refusals. */
static void expect_refused(const struct ptf_format *fmt, unsigned flags)
{
	cr_assert_not(combo_allowed(fmt, flags), "%s: flags %#x should be refused (flag_combos %#llx)",
	              fmt->name, flags, (unsigned long long)fmt->flag_combos);
	cr_assert_not_null(fmt->flag_refusals, "%s: flag_refusals is NULL", fmt->name);
	cr_assert_not_null(fmt->flag_refusals[flags], "%s: flags %#x refused without a reason",
	                   fmt->name, flags);
}

/* flags must be expressible: bit set in flag_combos, no refusal reason. */
static void expect_accepted(const struct ptf_format *fmt, unsigned flags)
{
	cr_assert(combo_allowed(fmt, flags), "%s: flags %#x should be expressible (flag_combos %#llx)",
	          fmt->name, flags, (unsigned long long)fmt->flag_combos);
	cr_assert_not_null(fmt->flag_refusals, "%s: flag_refusals is NULL", fmt->name);
	cr_assert_null(fmt->flag_refusals[flags], "%s: flags %#x expressible but has a refusal",
	               fmt->name, flags);
}

/* For every one of the 64 flag values: leaf() at the last depth is non-zero exactly
 * when flag_combos says the value is expressible. */
static void expect_combos_agree_with_leaf(const struct ptf_format *fmt)
{
	unsigned last = fmt->levels - 1;

	for (unsigned f = 0; f < PTF_FLAG_COMBOS; f++) {
		uint64_t e = fmt->leaf(HOST_PAGE, f, last);
		if (combo_allowed(fmt, f))
			cr_assert_neq((unsigned long long)e, 0ull,
			              "%s: flags %#x in flag_combos but leaf() returned 0",
			              fmt->name, f);
		else
			cr_assert_eq((unsigned long long)e, 0ull,
			             "%s: flags %#x refused but leaf() returned %#llx", fmt->name,
			             f, (unsigned long long)e);
	}
}

static const struct ptf_register *find_register(const struct ptf_format *fmt, const char *name)
{
	for (unsigned i = 0; i < fmt->n_registers; i++)
		if (fmt->registers[i].name != NULL && strcmp(fmt->registers[i].name, name) == 0)
			return &fmt->registers[i];
	return NULL;
}

/* =================================================================================
 * Intel EPT, 4-level (x86_ept4)
 *   leaf: R 0, W 1, X 2, memtype 5:3 (WB 6 -> 0x30, UC 0), bit 7 in 2M/1G leaves.
 *   table: addr | 0x7.  EPTP: root | WB 6 | (4 - 1) << 3 = root | 0x1e.
 * ================================================================================= */

Test(ept4_descriptor, is_four_levels_with_48_bit_gpa_and_52_bit_hpa)
{
	const struct ptf_format *f = &ptf_format_x86_ept4;

	cr_assert_str_eq(f->name, "x86_ept4");
	EXPECT_UINT(f->levels, 4);
	EXPECT_UINT(f->input_bits, 48);
	EXPECT_UINT(f->output_bits, 52);
	EXPECT_UINT(f->granule_shift, 12);
	EXPECT_UINT(f->pte_bytes, 8);
}

Test(ept4_descriptor, root_is_a_single_4k_table_4k_aligned)
{
	const struct ptf_format *f = &ptf_format_x86_ept4;

	EXPECT_HEX(f->root_bytes, 0x1000);
	EXPECT_HEX(f->root_align, 0x1000);
	EXPECT_UINT(f->root_tables, 1);
}

Test(ept4_descriptor, depths_index_bits_47_39_38_30_29_21_20_12_and_pml4_holds_no_leaf)
{
	const struct ptf_format *f = &ptf_format_x86_ept4;

	expect_level(f, 0, 39, 9, 0);
	expect_level(f, 1, 30, 9, SZ_1G);
	expect_level(f, 2, 21, 9, SZ_2M);
	expect_level(f, 3, 12, 9, SZ_4K);
}

Test(ept4_descriptor, page_sizes_are_4k_2m_1g_ascending)
{
	static const uint64_t want[] = { SZ_4K, SZ_2M, SZ_1G };

	expect_page_sizes(&ptf_format_x86_ept4, 3, want);
}

Test(ept4_descriptor, entry_points_encode_like_the_worked_example)
{
	const struct ptf_format *f = &ptf_format_x86_ept4;

	EXPECT_HEX(f->leaf(HOST_PAGE, RW, 3), 0x0000000123456033ull);
	EXPECT_HEX(f->table(TABLE_PA, 0), 0x5007);
	EXPECT_UINT(f->index(GPA_EX, 1), 2);
}

Test(ept4_leaf, rw_normal_4k_page_matches_worked_example)
{
	/* 0x1_2345_6000 | R W (0x3) | WB << 3 (0x30) */
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, RW, 3), 0x0000000123456033ull);
}

Test(ept4_leaf, rx_normal_4k_page_matches_worked_example)
{
	/* 0x1_2345_6000 | R X (0x5) | WB (0x30) */
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, RX, 3), 0x0000000123456035ull);
}

Test(ept4_leaf, r_normal_4k_page_matches_worked_example)
{
	/* 0x1_2345_6000 | R (0x1) | WB (0x30) */
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, PTF_R, 3), 0x0000000123456031ull);
}

Test(ept4_leaf, rwx_normal_4k_page_sets_all_three_permission_bits)
{
	/* 0x1_2345_6000 | R W X (0x7) | WB (0x30) */
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, RWX, 3), 0x0000000123456037ull);
}

Test(ept4_leaf, rw_device_4k_page_matches_worked_example_with_uc_memtype)
{
	/* 0x1_2345_6000 | R W (0x3) | UC << 3 (0) */
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, RW | PTF_DEVICE, 3), 0x0000000123456003ull);
}

Test(ept4_leaf, uncached_uses_the_uc_memtype_like_device)
{
	/* 0x1_2345_6000 | R W (0x3) | UC (0): same entry as R W DEVICE */
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, RW | PTF_UNCACHED, 3), 0x0000000123456003ull);
}

Test(ept4_leaf, device_page_keeps_execute)
{
	/* 0x1_2345_6000 | R W X (0x7) | UC (0) */
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, RWX | PTF_DEVICE, 3), 0x0000000123456007ull);
}

Test(ept4_leaf, top_of_the_52_bit_host_address_space_is_kept)
{
	/* 0xf_ffff_ffff_f000 (bits 51:12) | R W (0x3) | WB (0x30) */
	EXPECT_HEX(ptf_x86_ept4_leaf(0xffffffffff000ull, RW, 3), 0x000ffffffffff033ull);
}

Test(ept4_leaf, rwx_2m_leaf_matches_worked_example)
{
	/* 0x2_0040_0000 | R W X (0x7) | WB (0x30) | PS bit 7 (0x80) */
	EXPECT_HEX(ptf_x86_ept4_leaf(BLOCK_2M, RWX, 2), 0x00000002004000b7ull);
}

Test(ept4_leaf, r_device_2m_leaf_has_page_size_bit_and_uc)
{
	/* 0x2_0040_0000 | R (0x1) | UC (0) | PS (0x80) */
	EXPECT_HEX(ptf_x86_ept4_leaf(BLOCK_2M, PTF_R | PTF_DEVICE, 2), 0x0000000200400081ull);
}

Test(ept4_leaf, rw_1g_leaf_matches_worked_example)
{
	/* 0x4000_0000 | R W (0x3) | WB (0x30) | PS (0x80) */
	EXPECT_HEX(ptf_x86_ept4_leaf(BLOCK_1G, RW, 1), 0x00000000400000b3ull);
}

Test(ept4_leaf, rx_uncached_1g_leaf_has_page_size_bit_and_uc)
{
	/* 0x4000_0000 | R X (0x5) | UC (0) | PS (0x80) */
	EXPECT_HEX(ptf_x86_ept4_leaf(BLOCK_1G, RX | PTF_UNCACHED, 1), 0x0000000040000085ull);
}

Test(ept4_leaf, pml4_depth_cannot_hold_a_leaf)
{
	EXPECT_HEX(ptf_x86_ept4_leaf(0, RW, 0), 0);
	EXPECT_HEX(ptf_x86_ept4_leaf(SZ_512G, RWX, 0), 0);
}

Test(ept4_table, table_entry_is_address_or_rwx_at_every_non_last_depth)
{
	/* 0x5000 | R W X (0x7); bits 7:3 clear */
	EXPECT_HEX(ptf_x86_ept4_table(TABLE_PA, 0), 0x5007);
	EXPECT_HEX(ptf_x86_ept4_table(TABLE_PA, 1), 0x5007);
	EXPECT_HEX(ptf_x86_ept4_table(TABLE_PA, 2), 0x5007);
	/* 0x1_2345_6000 | 0x7 */
	EXPECT_HEX(ptf_x86_ept4_table(HOST_PAGE, 1), 0x0000000123456007ull);
}

Test(ept4_index, gpa_0x80203000_indexes_0_2_1_3)
{
	EXPECT_UINT(ptf_x86_ept4_index(GPA_EX, 0), 0);
	EXPECT_UINT(ptf_x86_ept4_index(GPA_EX, 1), 2);
	EXPECT_UINT(ptf_x86_ept4_index(GPA_EX, 2), 1);
	EXPECT_UINT(ptf_x86_ept4_index(GPA_EX, 3), 3);
}

Test(ept4_index, each_depth_takes_its_own_nine_bits)
{
	/* 5 << 39 | 6 << 30 | 7 << 21 | 8 << 12 | 0xabc = 0x281_80e0_8abc */
	uint64_t gpa = 0x28180e08abcull;

	EXPECT_UINT(ptf_x86_ept4_index(gpa, 0), 5);
	EXPECT_UINT(ptf_x86_ept4_index(gpa, 1), 6);
	EXPECT_UINT(ptf_x86_ept4_index(gpa, 2), 7);
	EXPECT_UINT(ptf_x86_ept4_index(gpa, 3), 8);
}

Test(ept4_index, highest_48_bit_gpa_uses_the_last_entry_everywhere)
{
	uint64_t gpa = 0xffffffffffffull; /* 2^48 - 1 */

	EXPECT_UINT(ptf_x86_ept4_index(gpa, 0), 511);
	EXPECT_UINT(ptf_x86_ept4_index(gpa, 1), 511);
	EXPECT_UINT(ptf_x86_ept4_index(gpa, 2), 511);
	EXPECT_UINT(ptf_x86_ept4_index(gpa, 3), 511);
}

Test(ept4_decode, worked_example_leaves_decode_back)
{
	EXPECT_DECODE_LEAF(ptf_x86_ept4_decode, 0x0000000123456033ull, 3, HOST_PAGE, SZ_4K, RW);
	EXPECT_DECODE_LEAF(ptf_x86_ept4_decode, 0x0000000123456035ull, 3, HOST_PAGE, SZ_4K, RX);
	EXPECT_DECODE_LEAF(ptf_x86_ept4_decode, 0x0000000123456031ull, 3, HOST_PAGE, SZ_4K, PTF_R);
	EXPECT_DECODE_LEAF(ptf_x86_ept4_decode, 0x00000002004000b7ull, 2, BLOCK_2M, SZ_2M, RWX);
	EXPECT_DECODE_LEAF(ptf_x86_ept4_decode, 0x00000000400000b3ull, 1, BLOCK_1G, SZ_1G, RW);
}

Test(ept4_decode, uc_memtype_decodes_as_device_including_what_was_uncached)
{
	/* RW DEVICE and RW UNCACHED both encode as 0x1_2345_6003: it reads back as DEVICE */
	EXPECT_DECODE_LEAF(ptf_x86_ept4_decode, 0x0000000123456003ull, 3, HOST_PAGE, SZ_4K,
	                   RW | PTF_DEVICE);
	EXPECT_DECODE_LEAF(ptf_x86_ept4_decode, 0x0000000040000085ull, 1, BLOCK_1G, SZ_1G,
	                   RX | PTF_DEVICE);
}

Test(ept4_decode, table_entries_decode_to_next_table_and_covered_size)
{
	EXPECT_DECODE_TABLE(ptf_x86_ept4_decode, 0x5007, 0, TABLE_PA, SZ_512G);
	EXPECT_DECODE_TABLE(ptf_x86_ept4_decode, 0x0000000123456007ull, 1, HOST_PAGE, SZ_1G);
	EXPECT_DECODE_TABLE(ptf_x86_ept4_decode, 0x5007, 2, TABLE_PA, SZ_2M);
}

Test(ept4_decode, zero_and_entries_without_rwx_are_invalid)
{
	EXPECT_DECODE_INVALID(ptf_x86_ept4_decode, 0, 0);
	EXPECT_DECODE_INVALID(ptf_x86_ept4_decode, 0, 3);
	/* bits 2:0 = 0: not present, whatever the memtype and address say */
	EXPECT_DECODE_INVALID(ptf_x86_ept4_decode, 0x0000000123456030ull, 3);
}

Test(ept4_flags, combos_without_read_or_with_user_are_refused)
{
	const struct ptf_format *f = &ptf_format_x86_ept4;

	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, 0, 3), 0);
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, PTF_W, 3), 0);          /* write-only */
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, PTF_X, 3), 0);          /* execute-only */
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, PTF_W | PTF_X, 3), 0);
	EXPECT_HEX(ptf_x86_ept4_leaf(HOST_PAGE, RW | PTF_U, 3), 0);     /* no MBEC */
	EXPECT_HEX(ptf_x86_ept4_leaf(BLOCK_2M, PTF_W | PTF_DEVICE, 2), 0);
	for (unsigned fl = 0; fl < PTF_FLAG_COMBOS; fl++)
		if (!(fl & PTF_R) || (fl & PTF_U))
			expect_refused(f, fl);
}

Test(ept4_flags, read_combos_of_normal_device_and_uncached_are_expressible)
{
	const struct ptf_format *f = &ptf_format_x86_ept4;

	expect_accepted(f, PTF_R);
	expect_accepted(f, RW);
	expect_accepted(f, RX);
	expect_accepted(f, RWX);
	expect_accepted(f, RW | PTF_DEVICE);
	expect_accepted(f, RW | PTF_UNCACHED);
}

Test(ept4_flags, flag_combos_agrees_with_leaf_for_all_64_values)
{
	expect_combos_agree_with_leaf(&ptf_format_x86_ept4);
}

Test(ept4_root_register, eptp_is_root_or_wb_and_walk_length_3)
{
	cr_assert_not_null(ptf_format_x86_ept4.root_register_name);
	/* EPTP has no VMID field (SDM Vol. 3C 24.6.11): the EPTP itself tags EPT translations */
	cr_expect_eq(ptf_format_x86_ept4.vmid_bits, 0);
	/* 0x1_2345_6000 | WB 6 | (4 - 1) << 3 (0x18) = ...601e */
	EXPECT_HEX(ptf_x86_ept4_root_register(HOST_PAGE, 0), 0x000000012345601eull);
	/* 0x5000 | 0x1e */
	EXPECT_HEX(ptf_x86_ept4_root_register(TABLE_PA, 0), 0x501e);
}

/* =================================================================================
 * AArch64 stage 2, 4 KiB granule, 48-bit IPA (arm64_s2_4k_ipa48): start level 0.
 *   type 1:0 (page/table 0b11, block 0b01), MemAttr 5:2 (WB 0xf -> 0x3c,
 *   NC 0x5 -> 0x14, Device-nGnRE 0x1 -> 0x4), S2AP R 0x40 W 0x80,
 *   SH 9:8 (inner 0x300 for normal, 0 for device), AF 0x400, XN bit 54 (1 << 54 =
 *   0x0040_0000_0000_0000) when not executable. VTTBR = root | vmid << 48.
 * ================================================================================= */

#define ARM_XN (1ull << 54)

Test(ipa48_descriptor, is_four_levels_with_48_bit_ipa_and_48_bit_pa)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa48;

	cr_assert_str_eq(f->name, "arm64_s2_4k_ipa48");
	EXPECT_UINT(f->levels, 4);
	EXPECT_UINT(f->input_bits, 48);
	EXPECT_UINT(f->output_bits, 48);
	EXPECT_UINT(f->granule_shift, 12);
	EXPECT_UINT(f->pte_bytes, 8);
}

Test(ipa48_descriptor, root_is_a_single_4k_table_4k_aligned)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa48;

	EXPECT_HEX(f->root_bytes, 0x1000);
	EXPECT_HEX(f->root_align, 0x1000);
	EXPECT_UINT(f->root_tables, 1);
}

Test(ipa48_descriptor, depths_are_levels_0_to_3_and_level_0_holds_no_block)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa48;

	expect_level(f, 0, 39, 9, 0);
	expect_level(f, 1, 30, 9, SZ_1G);
	expect_level(f, 2, 21, 9, SZ_2M);
	expect_level(f, 3, 12, 9, SZ_4K);
}

Test(ipa48_descriptor, page_sizes_are_4k_2m_1g_ascending)
{
	static const uint64_t want[] = { SZ_4K, SZ_2M, SZ_1G };

	expect_page_sizes(&ptf_format_arm64_s2_4k_ipa48, 3, want);
}

Test(ipa48_descriptor, vtcr_el2_is_t0sz_16_sl0_2_wbwa_inner_4k_ps_48)
{
	const struct ptf_register *r = find_register(&ptf_format_arm64_s2_4k_ipa48, "VTCR_EL2");

	cr_assert_not_null(r, "no VTCR_EL2 in registers[]");
	/* T0SZ 16 (0x10) | SL0 2 << 6 (0x80) | IRGN0 1 << 8 (0x100) | ORGN0 1 << 10 (0x400)
	 * | SH0 3 << 12 (0x3000) | TG0 0 | PS 5 << 16 (0x50000) | bit 31 RES1 = 0x80053590 */
	EXPECT_HEX(r->value, 0x80053590);
}

Test(ipa48_leaf, rw_normal_4k_page_matches_worked_example)
{
	/* 0x1_2345_6000 | page 0b11 | WB 0x3c | S2AP RW 0xc0 | SH inner 0x300 | AF 0x400
	 * | XN bit 54 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, RW, 3), 0x00400001234567ffull);
}

Test(ipa48_leaf, rx_normal_4k_page_matches_worked_example)
{
	/* 0x3 | 0x3c | S2AP R 0x40 | 0x300 | 0x400 = 0x77f, executable: XN 0 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, RX, 3), 0x000000012345677full);
}

Test(ipa48_leaf, r_normal_4k_page_matches_worked_example)
{
	/* 0x77f as above | XN bit 54 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, PTF_R, 3), 0x004000012345677full);
}

Test(ipa48_leaf, rwx_normal_4k_page_has_no_xn)
{
	/* 0x3 | 0x3c | 0xc0 | 0x300 | 0x400 = 0x7ff, XN 0 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, RWX, 3), 0x00000001234567ffull);
}

Test(ipa48_leaf, rw_device_4k_page_is_ngnre_non_shareable_and_never_executable)
{
	/* 0x3 | Device-nGnRE 0x1 << 2 (0x4) | 0xc0 | SH 00 | 0x400 = 0x4c7 | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, RW | PTF_DEVICE, 3),
	           0x00400001234564c7ull);
	/* X is dropped for device memory: same entry */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, RWX | PTF_DEVICE, 3),
	           0x00400001234564c7ull);
}

Test(ipa48_leaf, rw_uncached_4k_page_is_normal_nc_inner_shareable)
{
	/* 0x3 | NC 0x5 << 2 (0x14) | 0xc0 | 0x300 | 0x400 = 0x7d7 | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, RW | PTF_UNCACHED, 3),
	           0x00400001234567d7ull);
}

Test(ipa48_leaf, write_only_and_execute_only_pages_are_expressible)
{
	/* W: 0x3 | 0x3c | S2AP W 0x80 | 0x300 | 0x400 = 0x7bf | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, PTF_W, 3), 0x00400001234567bfull);
	/* X: 0x3 | 0x3c | S2AP 00 | 0x300 | 0x400 = 0x73f, XN 0 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, PTF_X, 3), 0x000000012345673full);
}

Test(ipa48_leaf, top_of_the_48_bit_output_space_is_kept)
{
	/* 0xffff_ffff_f000 | 0x7ff | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(0xfffffffff000ull, RW, 3), 0x0040fffffffff7ffull);
}

Test(ipa48_leaf, rwx_2m_block_matches_worked_example)
{
	/* 0x2_0040_0000 | block 0b01 | 0x3c | 0xc0 | 0x300 | 0x400 = ...7fd */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(BLOCK_2M, RWX, 2), 0x00000002004007fdull);
}

Test(ipa48_leaf, r_device_2m_block)
{
	/* 0x2_0040_0000 | 0b01 | 0x4 | 0x40 | SH 00 | 0x400 = ...445 | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(BLOCK_2M, PTF_R | PTF_DEVICE, 2),
	           0x0040000200400445ull);
}

Test(ipa48_leaf, rw_1g_block_matches_worked_example)
{
	/* 0x4000_0000 | 0b01 | 0x3c | 0xc0 | 0x300 | 0x400 (0x7fd) | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(BLOCK_1G, RW, 1), 0x00400000400007fdull);
}

Test(ipa48_leaf, rx_uncached_1g_block)
{
	/* 0x8000_0000 | 0b01 | 0x14 | 0x40 | 0x300 | 0x400 = ...755, XN 0 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(0x80000000ull, RX | PTF_UNCACHED, 1),
	           0x0000000080000755ull);
}

Test(ipa48_leaf, level_0_cannot_hold_a_block)
{
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(0, RW, 0), 0);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(SZ_512G, RWX, 0), 0);
}

Test(ipa48_table, table_descriptor_is_address_or_0b11_at_every_non_last_depth)
{
	/* 0x5000 | 0b11 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_table(TABLE_PA, 0), 0x5003);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_table(TABLE_PA, 1), 0x5003);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_table(TABLE_PA, 2), 0x5003);
	/* 0x1_2345_6000 | 0b11 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_table(HOST_PAGE, 2), 0x0000000123456003ull);
}

Test(ipa48_index, gpa_0x80203000_indexes_0_2_1_3)
{
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(GPA_EX, 0), 0);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(GPA_EX, 1), 2);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(GPA_EX, 2), 1);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(GPA_EX, 3), 3);
}

Test(ipa48_index, each_depth_takes_its_own_nine_bits)
{
	/* 5 << 39 | 6 << 30 | 7 << 21 | 8 << 12 | 0xabc */
	uint64_t gpa = 0x28180e08abcull;

	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(gpa, 0), 5);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(gpa, 1), 6);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(gpa, 2), 7);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(gpa, 3), 8);
}

Test(ipa48_index, highest_48_bit_ipa_uses_the_last_entry_everywhere)
{
	uint64_t gpa = 0xffffffffffffull; /* 2^48 - 1 */

	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(gpa, 0), 511);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(gpa, 1), 511);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(gpa, 2), 511);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa48_index(gpa, 3), 511);
}

Test(ipa48_decode, hand_made_leaves_decode_back)
{
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x00400001234567ffull, 3, HOST_PAGE,
	                   SZ_4K, RW);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x000000012345677full, 3, HOST_PAGE,
	                   SZ_4K, RX);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x004000012345677full, 3, HOST_PAGE,
	                   SZ_4K, PTF_R);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x000000012345673full, 3, HOST_PAGE,
	                   SZ_4K, PTF_X);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x00000002004007fdull, 2, BLOCK_2M,
	                   SZ_2M, RWX);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x00400000400007fdull, 1, BLOCK_1G,
	                   SZ_1G, RW);
}

Test(ipa48_decode, device_and_uncached_memattr_decode_to_their_flags)
{
	/* device: XN set, so no PTF_X even when X was asked for */
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x00400001234564c7ull, 3, HOST_PAGE,
	                   SZ_4K, RW | PTF_DEVICE);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x0040000200400445ull, 2, BLOCK_2M,
	                   SZ_2M, PTF_R | PTF_DEVICE);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x00400001234567d7ull, 3, HOST_PAGE,
	                   SZ_4K, RW | PTF_UNCACHED);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa48_decode, 0x0000000080000755ull, 1, 0x80000000ull,
	                   SZ_1G, RX | PTF_UNCACHED);
}

Test(ipa48_decode, table_descriptors_decode_to_next_table_and_covered_size)
{
	EXPECT_DECODE_TABLE(ptf_arm64_s2_4k_ipa48_decode, 0x5003, 0, TABLE_PA, SZ_512G);
	EXPECT_DECODE_TABLE(ptf_arm64_s2_4k_ipa48_decode, 0x5003, 1, TABLE_PA, SZ_1G);
	EXPECT_DECODE_TABLE(ptf_arm64_s2_4k_ipa48_decode, 0x0000000123456003ull, 2, HOST_PAGE,
	                    SZ_2M);
}

Test(ipa48_decode, zero_0b10_and_a_last_level_0b01_are_invalid)
{
	EXPECT_DECODE_INVALID(ptf_arm64_s2_4k_ipa48_decode, 0, 0);
	EXPECT_DECODE_INVALID(ptf_arm64_s2_4k_ipa48_decode, 0, 3);
	/* type 0b01 at level 3 is reserved: the 4 KiB page above with bit 1 cleared */
	EXPECT_DECODE_INVALID(ptf_arm64_s2_4k_ipa48_decode, 0x00400001234567fdull, 3);
	/* type 0b10 is invalid at any level */
	EXPECT_DECODE_INVALID(ptf_arm64_s2_4k_ipa48_decode, 0x00000002004007feull, 2);
	/* no level-0 blocks without FEAT_LPA2 */
	EXPECT_DECODE_INVALID(ptf_arm64_s2_4k_ipa48_decode, 0x00000000000007fdull, 0);
}

Test(ipa48_flags, combos_with_no_permission_or_with_user_are_refused)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa48;

	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, 0, 3), 0);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, PTF_DEVICE, 3), 0);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, PTF_UNCACHED, 3), 0);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_leaf(HOST_PAGE, RW | PTF_U, 3), 0);
	for (unsigned fl = 0; fl < PTF_FLAG_COMBOS; fl++)
		if (!(fl & RWX) || (fl & PTF_U))
			expect_refused(f, fl);
}

Test(ipa48_flags, every_non_empty_permission_set_is_expressible)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa48;

	for (unsigned p = 1; p <= RWX; p++)
		expect_accepted(f, p);
	expect_accepted(f, RW | PTF_DEVICE);
	expect_accepted(f, RWX | PTF_DEVICE); /* accepted; X dropped */
	expect_accepted(f, RW | PTF_UNCACHED);
}

Test(ipa48_flags, flag_combos_agrees_with_leaf_for_all_64_values)
{
	expect_combos_agree_with_leaf(&ptf_format_arm64_s2_4k_ipa48);
}

Test(ipa48_root_register, vttbr_el2_is_root_or_vmid_at_bit_48)
{
	cr_assert_not_null(ptf_format_arm64_s2_4k_ipa48.root_register_name);
	/* 0x4_5678_9000 | 0x2a << 48 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_root_register(0x456789000ull, 0x2a),
	           0x002a000456789000ull);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa48_root_register(0x456789000ull, 0), 0x0000000456789000ull);
	/* VTTBR_EL2.VMID is bits 63:48 with 16-bit VMIDs (FEAT_VMID16, VTCR_EL2.VS = 1) */
	cr_expect_eq(ptf_format_arm64_s2_4k_ipa48.vmid_bits, 16);
}

/* =================================================================================
 * AArch64 stage 2, 4 KiB granule, 40-bit IPA (arm64_s2_4k_ipa40): start level 1 with
 * two concatenated tables; depth 0 = level 1 (IPA 39:30, 10 bits, 1 GiB blocks),
 * depth 1 = level 2 (2 MiB blocks), depth 2 = level 3 (4 KiB pages). Same descriptor
 * bits as ipa48.
 * ================================================================================= */

Test(ipa40_descriptor, is_three_levels_with_40_bit_ipa_and_48_bit_pa)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa40;

	cr_assert_str_eq(f->name, "arm64_s2_4k_ipa40");
	EXPECT_UINT(f->levels, 3);
	EXPECT_UINT(f->input_bits, 40);
	EXPECT_UINT(f->output_bits, 48);
	EXPECT_UINT(f->granule_shift, 12);
	EXPECT_UINT(f->pte_bytes, 8);
}

Test(ipa40_descriptor, root_is_two_concatenated_tables_8k_aligned)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa40;

	EXPECT_HEX(f->root_bytes, 0x2000);
	EXPECT_HEX(f->root_align, 0x2000);
	EXPECT_UINT(f->root_tables, 2);
}

Test(ipa40_descriptor, root_index_is_10_bits_from_bit_30_and_every_depth_holds_a_leaf)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa40;

	expect_level(f, 0, 30, 10, SZ_1G);
	expect_level(f, 1, 21, 9, SZ_2M);
	expect_level(f, 2, 12, 9, SZ_4K);
}

Test(ipa40_descriptor, page_sizes_are_4k_2m_1g_ascending)
{
	static const uint64_t want[] = { SZ_4K, SZ_2M, SZ_1G };

	expect_page_sizes(&ptf_format_arm64_s2_4k_ipa40, 3, want);
}

Test(ipa40_descriptor, vtcr_el2_is_t0sz_24_sl0_1_wbwa_inner_4k_ps_48)
{
	const struct ptf_register *r = find_register(&ptf_format_arm64_s2_4k_ipa40, "VTCR_EL2");

	cr_assert_not_null(r, "no VTCR_EL2 in registers[]");
	/* T0SZ 24 (0x18) | SL0 1 << 6 (0x40) | IRGN0 0x100 | ORGN0 0x400 | SH0 0x3000
	 * | TG0 0 | PS 5 << 16 (0x50000) | bit 31 RES1 = 0x80053558 */
	EXPECT_HEX(r->value, 0x80053558);
}

Test(ipa40_leaf, rw_normal_4k_page_at_depth_2_matches_worked_example)
{
	/* 0x1_2345_6000 | 0b11 | 0x3c | 0xc0 | 0x300 | 0x400 | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_leaf(HOST_PAGE, RW, 2), 0x00400001234567ffull);
}

Test(ipa40_leaf, r_and_rx_normal_4k_pages_match_worked_examples)
{
	/* 0x77f | XN, and 0x77f without XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_leaf(HOST_PAGE, PTF_R, 2), 0x004000012345677full);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_leaf(HOST_PAGE, RX, 2), 0x000000012345677full);
}

Test(ipa40_leaf, rw_uncached_4k_page_is_normal_nc)
{
	/* 0x3 | 0x14 | 0xc0 | 0x300 | 0x400 = 0x7d7 | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_leaf(HOST_PAGE, RW | PTF_UNCACHED, 2),
	           0x00400001234567d7ull);
}

Test(ipa40_leaf, rwx_2m_block_at_depth_1_matches_worked_example)
{
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_leaf(BLOCK_2M, RWX, 1), 0x00000002004007fdull);
}

Test(ipa40_leaf, rw_1g_block_at_the_root_matches_worked_example)
{
	/* 0x4000_0000 | 0b01 | 0x3c | 0xc0 | 0x300 | 0x400 | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_leaf(BLOCK_1G, RW, 0), 0x00400000400007fdull);
}

Test(ipa40_leaf, rwx_device_1g_block_at_the_root_drops_execute)
{
	/* 0x4000_0000 | 0b01 | 0x4 | 0xc0 | SH 00 | 0x400 = ...4c5 | XN */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_leaf(BLOCK_1G, RWX | PTF_DEVICE, 0),
	           0x00400000400004c5ull);
}

Test(ipa40_table, table_descriptor_is_address_or_0b11_at_depths_0_and_1)
{
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_table(TABLE_PA, 0), 0x5003);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_table(TABLE_PA, 1), 0x5003);
}

Test(ipa40_index, gpa_0x80203000_indexes_2_1_3)
{
	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(GPA_EX, 0), 2);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(GPA_EX, 1), 1);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(GPA_EX, 2), 3);
}

Test(ipa40_index, gpa_0x80_4020_3000_lands_in_the_second_concatenated_table)
{
	/* 0x80_4020_3000 >> 30 = 0x201 = 513 = 512 + 1 */
	uint64_t gpa = 0x8040203000ull;

	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(gpa, 0), 513);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(gpa, 1), 1);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(gpa, 2), 3);
}

Test(ipa40_index, each_depth_takes_its_own_bits)
{
	/* 0x305 << 30 | 7 << 21 | 8 << 12 | 0xabc = 0xc1_40e0_8abc; 0x305 = 773 */
	uint64_t gpa = 0xc140e08abcull;

	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(gpa, 0), 773);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(gpa, 1), 7);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(gpa, 2), 8);
}

Test(ipa40_index, highest_40_bit_ipa_uses_the_last_root_entry_1023)
{
	uint64_t gpa = 0xffffffffffull; /* 2^40 - 1 */

	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(gpa, 0), 1023);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(gpa, 1), 511);
	EXPECT_UINT(ptf_arm64_s2_4k_ipa40_index(gpa, 2), 511);
}

Test(ipa40_decode, hand_made_entries_decode_back)
{
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa40_decode, 0x00400001234567ffull, 2, HOST_PAGE,
	                   SZ_4K, RW);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa40_decode, 0x00000002004007fdull, 1, BLOCK_2M,
	                   SZ_2M, RWX);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa40_decode, 0x00400000400007fdull, 0, BLOCK_1G,
	                   SZ_1G, RW);
	EXPECT_DECODE_LEAF(ptf_arm64_s2_4k_ipa40_decode, 0x00400000400004c5ull, 0, BLOCK_1G,
	                   SZ_1G, RW | PTF_DEVICE);
	EXPECT_DECODE_TABLE(ptf_arm64_s2_4k_ipa40_decode, 0x5003, 0, TABLE_PA, SZ_1G);
	EXPECT_DECODE_TABLE(ptf_arm64_s2_4k_ipa40_decode, 0x5003, 1, TABLE_PA, SZ_2M);
}

Test(ipa40_decode, zero_and_a_last_level_0b01_are_invalid)
{
	EXPECT_DECODE_INVALID(ptf_arm64_s2_4k_ipa40_decode, 0, 0);
	EXPECT_DECODE_INVALID(ptf_arm64_s2_4k_ipa40_decode, 0, 2);
	/* depth 2 is level 3 here: type 0b01 is reserved */
	EXPECT_DECODE_INVALID(ptf_arm64_s2_4k_ipa40_decode, 0x00400001234567fdull, 2);
}

Test(ipa40_flags, combos_with_no_permission_or_with_user_are_refused)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa40;

	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_leaf(HOST_PAGE, PTF_DEVICE, 2), 0);
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_leaf(HOST_PAGE, PTF_R | PTF_U, 2), 0);
	for (unsigned fl = 0; fl < PTF_FLAG_COMBOS; fl++)
		if (!(fl & RWX) || (fl & PTF_U))
			expect_refused(f, fl);
	for (unsigned p = 1; p <= RWX; p++)
		expect_accepted(f, p);
}

Test(ipa40_flags, flag_combos_agrees_with_leaf_for_all_64_values)
{
	expect_combos_agree_with_leaf(&ptf_format_arm64_s2_4k_ipa40);
}

Test(ipa40_root_register, vttbr_el2_is_8k_aligned_root_or_vmid_at_bit_48)
{
	cr_assert_not_null(ptf_format_arm64_s2_4k_ipa40.root_register_name);
	/* 0x4_5678_8000 | 0xff << 48 */
	EXPECT_HEX(ptf_arm64_s2_4k_ipa40_root_register(0x456788000ull, 0xff),
	           0x00ff000456788000ull);
}

/* =================================================================================
 * RISC-V Sv39x4 G-stage (riscv_sv39x4), no Svpbmt.
 *   V 0x1, R 0x2, W 0x4, X 0x8, U 0x10, A 0x40, D 0x80; PPN (PA >> 12) << 10.
 *   leaves: U and A always, D iff W. Table: PPN << 10 | V.
 *   hgatp = 8 << 60 | vmid << 44 | root >> 12.
 * ================================================================================= */

Test(sv39x4_descriptor, is_three_levels_with_41_bit_gpa_and_56_bit_pa)
{
	const struct ptf_format *f = &ptf_format_riscv_sv39x4;

	cr_assert_str_eq(f->name, "riscv_sv39x4");
	EXPECT_UINT(f->levels, 3);
	EXPECT_UINT(f->input_bits, 41);
	EXPECT_UINT(f->output_bits, 56);
	EXPECT_UINT(f->granule_shift, 12);
	EXPECT_UINT(f->pte_bytes, 8);
}

Test(sv39x4_descriptor, root_is_16k_four_tables_16k_aligned)
{
	const struct ptf_format *f = &ptf_format_riscv_sv39x4;

	EXPECT_HEX(f->root_bytes, 0x4000);
	EXPECT_HEX(f->root_align, 0x4000);
	EXPECT_UINT(f->root_tables, 4);
}

Test(sv39x4_descriptor, root_index_is_11_bits_from_bit_30)
{
	const struct ptf_format *f = &ptf_format_riscv_sv39x4;

	expect_level(f, 0, 30, 11, SZ_1G);
	expect_level(f, 1, 21, 9, SZ_2M);
	expect_level(f, 2, 12, 9, SZ_4K);
}

Test(sv39x4_descriptor, page_sizes_are_4k_2m_1g_ascending)
{
	static const uint64_t want[] = { SZ_4K, SZ_2M, SZ_1G };

	expect_page_sizes(&ptf_format_riscv_sv39x4, 3, want);
}

Test(sv39x4_leaf, rw_4k_page_matches_worked_example)
{
	/* 0x123456 << 10 = 0x48d15800 | V R W U A D (0xd7) */
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, RW, 2), 0x0000000048d158d7ull);
}

Test(sv39x4_leaf, rx_and_r_4k_pages_match_worked_examples)
{
	/* | V R X U A (0x5b);  | V R U A (0x53) */
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, RX, 2), 0x0000000048d1585bull);
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, PTF_R, 2), 0x0000000048d15853ull);
}

Test(sv39x4_leaf, rwx_and_execute_only_4k_pages)
{
	/* | V R W X U A D (0xdf);  | V X U A (0x59) */
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, RWX, 2), 0x0000000048d158dfull);
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, PTF_X, 2), 0x0000000048d15859ull);
}

Test(sv39x4_leaf, device_and_uncached_encode_like_normal_memory_without_svpbmt)
{
	/* no PBMT bits: same as the normal R W and R pages */
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, RW | PTF_DEVICE, 2), 0x0000000048d158d7ull);
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, PTF_R | PTF_UNCACHED, 2),
	           0x0000000048d15853ull);
}

Test(sv39x4_leaf, top_of_the_56_bit_host_address_space_fills_ppn_53_10)
{
	/* (0xff_ffff_ffff_f000 >> 12) = 0xfff_ffff_ffff (44 bits) << 10 = 0x3f_ffff_ffff_fc00
	 * | 0xd7 */
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(0xfffffffffff000ull, RW, 2), 0x003ffffffffffcd7ull);
}

Test(sv39x4_leaf, rwx_2m_megapage_matches_worked_example)
{
	/* 0x200400 << 10 = 0x80100000 | 0xdf */
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(BLOCK_2M, RWX, 1), 0x00000000801000dfull);
}

Test(sv39x4_leaf, rw_1g_gigapage_at_the_root_matches_worked_example)
{
	/* 0x40000 << 10 = 0x10000000 | 0xd7 */
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(BLOCK_1G, RW, 0), 0x00000000100000d7ull);
}

Test(sv39x4_table, table_entry_is_ppn_and_v_only_at_depths_0_and_1)
{
	/* (0x5 << 10) | V = 0x1401 */
	EXPECT_HEX(ptf_riscv_sv39x4_table(TABLE_PA, 0), 0x1401);
	EXPECT_HEX(ptf_riscv_sv39x4_table(TABLE_PA, 1), 0x1401);
	/* 0x48d15800 | V */
	EXPECT_HEX(ptf_riscv_sv39x4_table(HOST_PAGE, 1), 0x0000000048d15801ull);
}

Test(sv39x4_index, gpa_0x80203000_indexes_2_1_3)
{
	EXPECT_UINT(ptf_riscv_sv39x4_index(GPA_EX, 0), 2);
	EXPECT_UINT(ptf_riscv_sv39x4_index(GPA_EX, 1), 1);
	EXPECT_UINT(ptf_riscv_sv39x4_index(GPA_EX, 2), 3);
}

Test(sv39x4_index, gpa_0x180_4020_3000_uses_root_index_1537)
{
	/* 0x180_4020_3000 >> 30 = 0x601 = 1537 (needs the 2 extra x4 bits) */
	uint64_t gpa = 0x18040203000ull;

	EXPECT_UINT(ptf_riscv_sv39x4_index(gpa, 0), 1537);
	EXPECT_UINT(ptf_riscv_sv39x4_index(gpa, 1), 1);
	EXPECT_UINT(ptf_riscv_sv39x4_index(gpa, 2), 3);
}

Test(sv39x4_index, each_depth_takes_its_own_bits)
{
	/* 0x605 << 30 | 7 << 21 | 8 << 12 | 0xabc = 0x181_40e0_8abc; 0x605 = 1541 */
	uint64_t gpa = 0x18140e08abcull;

	EXPECT_UINT(ptf_riscv_sv39x4_index(gpa, 0), 1541);
	EXPECT_UINT(ptf_riscv_sv39x4_index(gpa, 1), 7);
	EXPECT_UINT(ptf_riscv_sv39x4_index(gpa, 2), 8);
}

Test(sv39x4_index, highest_41_bit_gpa_uses_the_last_root_entry_2047)
{
	uint64_t gpa = 0x1ffffffffffull; /* 2^41 - 1 */

	EXPECT_UINT(ptf_riscv_sv39x4_index(gpa, 0), 2047);
	EXPECT_UINT(ptf_riscv_sv39x4_index(gpa, 1), 511);
	EXPECT_UINT(ptf_riscv_sv39x4_index(gpa, 2), 511);
}

Test(sv39x4_decode, hand_made_leaves_decode_back)
{
	EXPECT_DECODE_LEAF(ptf_riscv_sv39x4_decode, 0x0000000048d158d7ull, 2, HOST_PAGE, SZ_4K, RW);
	EXPECT_DECODE_LEAF(ptf_riscv_sv39x4_decode, 0x0000000048d1585bull, 2, HOST_PAGE, SZ_4K, RX);
	EXPECT_DECODE_LEAF(ptf_riscv_sv39x4_decode, 0x0000000048d15853ull, 2, HOST_PAGE, SZ_4K,
	                   PTF_R);
	EXPECT_DECODE_LEAF(ptf_riscv_sv39x4_decode, 0x0000000048d15859ull, 2, HOST_PAGE, SZ_4K,
	                   PTF_X);
	EXPECT_DECODE_LEAF(ptf_riscv_sv39x4_decode, 0x00000000801000dfull, 1, BLOCK_2M, SZ_2M, RWX);
	EXPECT_DECODE_LEAF(ptf_riscv_sv39x4_decode, 0x00000000100000d7ull, 0, BLOCK_1G, SZ_1G, RW);
	EXPECT_DECODE_LEAF(ptf_riscv_sv39x4_decode, 0x003ffffffffffcd7ull, 2,
	                   0xfffffffffff000ull, SZ_4K, RW);
}

Test(sv39x4_decode, table_entries_decode_to_next_table_and_covered_size)
{
	EXPECT_DECODE_TABLE(ptf_riscv_sv39x4_decode, 0x1401, 0, TABLE_PA, SZ_1G);
	EXPECT_DECODE_TABLE(ptf_riscv_sv39x4_decode, 0x0000000048d15801ull, 1, HOST_PAGE, SZ_2M);
}

Test(sv39x4_decode, zero_non_leaf_at_last_level_and_write_without_read_are_invalid)
{
	EXPECT_DECODE_INVALID(ptf_riscv_sv39x4_decode, 0, 0);
	EXPECT_DECODE_INVALID(ptf_riscv_sv39x4_decode, 0, 2);
	/* V = 1, R = W = X = 0 at the last level: a table pointer where none may be */
	EXPECT_DECODE_INVALID(ptf_riscv_sv39x4_decode, 0x1401, 2);
	/* V = 0 with everything else of an R W page: not valid */
	EXPECT_DECODE_INVALID(ptf_riscv_sv39x4_decode, 0x0000000048d158d6ull, 2);
	/* V W U A D (0xd5), R = 0: reserved encoding */
	EXPECT_DECODE_INVALID(ptf_riscv_sv39x4_decode, 0x0000000048d158d5ull, 2);
}

Test(sv39x4_flags, write_without_read_no_permission_and_user_are_refused)
{
	const struct ptf_format *f = &ptf_format_riscv_sv39x4;

	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, 0, 2), 0);
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, PTF_W, 2), 0);
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, PTF_W | PTF_X, 2), 0);
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, PTF_DEVICE, 2), 0);
	EXPECT_HEX(ptf_riscv_sv39x4_leaf(HOST_PAGE, RW | PTF_U, 2), 0);
	for (unsigned fl = 0; fl < PTF_FLAG_COMBOS; fl++)
		if (!(fl & RWX) || ((fl & PTF_W) && !(fl & PTF_R)) || (fl & PTF_U))
			expect_refused(f, fl);
}

Test(sv39x4_flags, readable_or_execute_only_combos_with_any_memory_type_are_expressible)
{
	const struct ptf_format *f = &ptf_format_riscv_sv39x4;

	expect_accepted(f, PTF_R);
	expect_accepted(f, RW);
	expect_accepted(f, RX);
	expect_accepted(f, RWX);
	expect_accepted(f, PTF_X);
	expect_accepted(f, RW | PTF_DEVICE);
	expect_accepted(f, RW | PTF_UNCACHED);
}

Test(sv39x4_flags, flag_combos_agrees_with_leaf_for_all_64_values)
{
	expect_combos_agree_with_leaf(&ptf_format_riscv_sv39x4);
}

Test(sv39x4_root_register, hgatp_is_mode_8_vmid_and_root_ppn)
{
	cr_assert_not_null(ptf_format_riscv_sv39x4.root_register_name);
	/* 8 << 60 | 5 << 44 (0x5000_0000_0000) | 0x1_2345_c000 >> 12 (0x12345c) */
	EXPECT_HEX(ptf_riscv_sv39x4_root_register(0x12345c000ull, 5), 0x800050000012345cull);
	/* 8 << 60 | 0x3fff << 44 (14-bit VMID, 0x03ff_f000_0000_0000) | 0x4000 >> 12 */
	EXPECT_HEX(ptf_riscv_sv39x4_root_register(0x4000ull, 0x3fff), 0x83fff00000000004ull);
	/* hgatp.VMID is bits 57:44 for RV64: VMIDLEN at most 14 (privileged spec, hgatp) */
	cr_expect_eq(ptf_format_riscv_sv39x4.vmid_bits, 14);
}

/* =================================================================================
 * RISC-V Sv48x4 G-stage (riscv_sv48x4), no Svpbmt: same PTE as Sv39x4, one more
 * level; depth 0 (GPA 49:39, 11 bits) maps 512 GiB leaves. hgatp mode 9.
 * ================================================================================= */

Test(sv48x4_descriptor, is_four_levels_with_50_bit_gpa_and_56_bit_pa)
{
	const struct ptf_format *f = &ptf_format_riscv_sv48x4;

	cr_assert_str_eq(f->name, "riscv_sv48x4");
	EXPECT_UINT(f->levels, 4);
	EXPECT_UINT(f->input_bits, 50);
	EXPECT_UINT(f->output_bits, 56);
	EXPECT_UINT(f->granule_shift, 12);
	EXPECT_UINT(f->pte_bytes, 8);
}

Test(sv48x4_descriptor, root_is_16k_four_tables_16k_aligned)
{
	const struct ptf_format *f = &ptf_format_riscv_sv48x4;

	EXPECT_HEX(f->root_bytes, 0x4000);
	EXPECT_HEX(f->root_align, 0x4000);
	EXPECT_UINT(f->root_tables, 4);
}

Test(sv48x4_descriptor, root_index_is_11_bits_from_bit_39)
{
	const struct ptf_format *f = &ptf_format_riscv_sv48x4;

	expect_level(f, 0, 39, 11, SZ_512G);
	expect_level(f, 1, 30, 9, SZ_1G);
	expect_level(f, 2, 21, 9, SZ_2M);
	expect_level(f, 3, 12, 9, SZ_4K);
}

Test(sv48x4_descriptor, page_sizes_are_4k_2m_1g_512g_ascending)
{
	static const uint64_t want[] = { SZ_4K, SZ_2M, SZ_1G, SZ_512G };

	expect_page_sizes(&ptf_format_riscv_sv48x4, 4, want);
}

Test(sv48x4_leaf, rw_r_rx_4k_pages_match_worked_examples)
{
	/* 0x48d15800 | 0xd7, | 0x53, | 0x5b */
	EXPECT_HEX(ptf_riscv_sv48x4_leaf(HOST_PAGE, RW, 3), 0x0000000048d158d7ull);
	EXPECT_HEX(ptf_riscv_sv48x4_leaf(HOST_PAGE, PTF_R, 3), 0x0000000048d15853ull);
	EXPECT_HEX(ptf_riscv_sv48x4_leaf(HOST_PAGE, RX, 3), 0x0000000048d1585bull);
}

Test(sv48x4_leaf, device_encodes_like_normal_memory_without_svpbmt)
{
	EXPECT_HEX(ptf_riscv_sv48x4_leaf(HOST_PAGE, RWX | PTF_DEVICE, 3), 0x0000000048d158dfull);
}

Test(sv48x4_leaf, rwx_2m_megapage_matches_worked_example)
{
	EXPECT_HEX(ptf_riscv_sv48x4_leaf(BLOCK_2M, RWX, 2), 0x00000000801000dfull);
}

Test(sv48x4_leaf, rw_1g_gigapage_matches_worked_example)
{
	EXPECT_HEX(ptf_riscv_sv48x4_leaf(BLOCK_1G, RW, 1), 0x00000000100000d7ull);
}

Test(sv48x4_leaf, r_512g_terapage_at_the_root)
{
	/* PA 0x80_0000_0000 (2^39): PPN 2^27 << 10 = 2^37 = 0x20_0000_0000 | V R U A (0x53) */
	EXPECT_HEX(ptf_riscv_sv48x4_leaf(SZ_512G, PTF_R, 0), 0x0000002000000053ull);
}

Test(sv48x4_table, table_entry_is_ppn_and_v_only_at_every_non_last_depth)
{
	EXPECT_HEX(ptf_riscv_sv48x4_table(TABLE_PA, 0), 0x1401);
	EXPECT_HEX(ptf_riscv_sv48x4_table(TABLE_PA, 1), 0x1401);
	EXPECT_HEX(ptf_riscv_sv48x4_table(TABLE_PA, 2), 0x1401);
}

Test(sv48x4_index, gpa_0x80203000_indexes_0_2_1_3)
{
	EXPECT_UINT(ptf_riscv_sv48x4_index(GPA_EX, 0), 0);
	EXPECT_UINT(ptf_riscv_sv48x4_index(GPA_EX, 1), 2);
	EXPECT_UINT(ptf_riscv_sv48x4_index(GPA_EX, 2), 1);
	EXPECT_UINT(ptf_riscv_sv48x4_index(GPA_EX, 3), 3);
}

Test(sv48x4_index, gpa_0x2_8000_8020_3000_uses_root_index_1280)
{
	/* >> 39 = (2^49 + 2^47) >> 39 = 2^10 + 2^8 = 0x500 = 1280, then 2, 1, 3 */
	uint64_t gpa = 0x2800080203000ull;

	EXPECT_UINT(ptf_riscv_sv48x4_index(gpa, 0), 1280);
	EXPECT_UINT(ptf_riscv_sv48x4_index(gpa, 1), 2);
	EXPECT_UINT(ptf_riscv_sv48x4_index(gpa, 2), 1);
	EXPECT_UINT(ptf_riscv_sv48x4_index(gpa, 3), 3);
}

Test(sv48x4_index, highest_50_bit_gpa_uses_the_last_root_entry_2047)
{
	uint64_t gpa = 0x3ffffffffffffull; /* 2^50 - 1 */

	EXPECT_UINT(ptf_riscv_sv48x4_index(gpa, 0), 2047);
	EXPECT_UINT(ptf_riscv_sv48x4_index(gpa, 1), 511);
	EXPECT_UINT(ptf_riscv_sv48x4_index(gpa, 2), 511);
	EXPECT_UINT(ptf_riscv_sv48x4_index(gpa, 3), 511);
}

Test(sv48x4_decode, hand_made_entries_decode_back)
{
	EXPECT_DECODE_LEAF(ptf_riscv_sv48x4_decode, 0x0000000048d158d7ull, 3, HOST_PAGE, SZ_4K, RW);
	EXPECT_DECODE_LEAF(ptf_riscv_sv48x4_decode, 0x00000000801000dfull, 2, BLOCK_2M, SZ_2M, RWX);
	EXPECT_DECODE_LEAF(ptf_riscv_sv48x4_decode, 0x00000000100000d7ull, 1, BLOCK_1G, SZ_1G, RW);
	EXPECT_DECODE_LEAF(ptf_riscv_sv48x4_decode, 0x0000002000000053ull, 0, SZ_512G, SZ_512G,
	                   PTF_R);
	EXPECT_DECODE_TABLE(ptf_riscv_sv48x4_decode, 0x1401, 0, TABLE_PA, SZ_512G);
	EXPECT_DECODE_TABLE(ptf_riscv_sv48x4_decode, 0x1401, 2, TABLE_PA, SZ_2M);
}

Test(sv48x4_decode, zero_and_non_leaf_at_last_level_are_invalid)
{
	EXPECT_DECODE_INVALID(ptf_riscv_sv48x4_decode, 0, 0);
	EXPECT_DECODE_INVALID(ptf_riscv_sv48x4_decode, 0, 3);
	EXPECT_DECODE_INVALID(ptf_riscv_sv48x4_decode, 0x1401, 3);
}

Test(sv48x4_flags, write_without_read_no_permission_and_user_are_refused)
{
	const struct ptf_format *f = &ptf_format_riscv_sv48x4;

	EXPECT_HEX(ptf_riscv_sv48x4_leaf(HOST_PAGE, PTF_W | PTF_DEVICE, 3), 0);
	EXPECT_HEX(ptf_riscv_sv48x4_leaf(HOST_PAGE, PTF_UNCACHED, 3), 0);
	for (unsigned fl = 0; fl < PTF_FLAG_COMBOS; fl++)
		if (!(fl & RWX) || ((fl & PTF_W) && !(fl & PTF_R)) || (fl & PTF_U))
			expect_refused(f, fl);
	expect_accepted(f, RW);
	expect_accepted(f, PTF_X);
	expect_accepted(f, RX | PTF_UNCACHED);
}

Test(sv48x4_flags, flag_combos_agrees_with_leaf_for_all_64_values)
{
	expect_combos_agree_with_leaf(&ptf_format_riscv_sv48x4);
}

Test(sv48x4_root_register, hgatp_is_mode_9_vmid_and_root_ppn)
{
	cr_assert_not_null(ptf_format_riscv_sv48x4.root_register_name);
	/* 9 << 60 | 5 << 44 | 0x1_2345_c000 >> 12 */
	EXPECT_HEX(ptf_riscv_sv48x4_root_register(0x12345c000ull, 5), 0x900050000012345cull);
	EXPECT_HEX(ptf_riscv_sv48x4_root_register(0x12345c000ull, 0), 0x900000000012345cull);
}
