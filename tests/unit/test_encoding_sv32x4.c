/* 32-bit page-table entries: RISC-V Sv32x4 (platforms/riscv_sv32x4.lua). Expected entries are worked out from the RISC-V
 * privileged spec: Sv32 PTE = PPN[21:0] at bits 31:10 (PA >> 12), then D A G U X W R V. */
#include <criterion/criterion.h>
#include <ptforge/ptforge.h>

#include "format_geometry.h"
#include "ptf_riscv_sv32x4.h"

#define RW (PTF_R | PTF_W)

Test(sv32x4_encoding, descriptor_has_two_levels_of_32_bit_entries_and_a_16k_root)
{
	const struct ptf_format *f = &ptf_format_riscv_sv32x4;
	cr_expect_eq(f->levels, 2);
	cr_expect_eq(f->pte_bytes, 4);
	cr_expect_eq(f->input_bits, 34);
	cr_expect_eq(f->root_bytes, 16 * KiB, "4096 entries of 4 bytes");
	cr_expect_eq(f->root_tables, 4);
	cr_expect_eq(f->n_page_sizes, 2);
	cr_expect_eq(f->page_sizes[0], 4 * KiB);
	cr_expect_eq(f->page_sizes[1], 4 * MiB, "megapages");
}

Test(sv32x4_encoding, rw_4k_page_matches_hand_computed_entry)
{
	/* PPN 0x123456 << 10 = 0x48d15800 | V R W U A D (0xd7) */
	cr_expect_eq(ptf_riscv_sv32x4_leaf(0x123456000ull, RW, 1), 0x48d158d7u);
}

Test(sv32x4_encoding, rx_4m_megapage_matches_hand_computed_entry)
{
	/* PPN 0x200400 << 10 = 0x80100000 | V R X U A (0x5b) */
	cr_expect_eq(ptf_riscv_sv32x4_leaf(0x200400000ull, PTF_R | PTF_X, 0), 0x8010005bu);
}

Test(sv32x4_encoding, highest_34_bit_page_fills_the_32_bit_entry)
{
	/* PPN 0x3fffff << 10 = 0xfffffc00 | 0xd7 */
	cr_expect_eq(ptf_riscv_sv32x4_leaf(0x3fffff000ull, RW, 1), 0xfffffcd7u);
}

Test(sv32x4_encoding, table_entry_holds_the_next_tables_ppn_and_v)
{
	cr_expect_eq(ptf_riscv_sv32x4_table(0x5000, 0), 0x1401u);
	cr_expect_eq(ptf_riscv_sv32x4_table(0x5000, 1), 0, "the last level holds no tables");
}

Test(sv32x4_encoding, root_index_takes_12_bits_and_the_last_10)
{
	/* 0x3_4567_8000 >> 22 = 0xd15; (>> 12) & 0x3ff = 0x278 */
	cr_expect_eq(ptf_riscv_sv32x4_index(0x345678000ull, 0), 0xd15u);
	cr_expect_eq(ptf_riscv_sv32x4_index(0x345678000ull, 1), 0x278u);
	cr_expect_eq(ptf_riscv_sv32x4_index(0x3ffffffffull, 0), 4095u);
}

Test(sv32x4_encoding, hgatp_for_rv32_has_mode_bit_31_vmid_and_ppn)
{
	/* MODE 1 << 31 | VMID 5 << 22 | 0x4000_0000 >> 12 */
	cr_expect_eq(ptf_riscv_sv32x4_root_register(0x40000000ull, 5), 0x81440000ull);
}

Test(sv32x4_encoding, decode_gives_back_a_megapage)
{
	struct ptf_entry_info info;
	ptf_riscv_sv32x4_decode(0x8010005bu, 0, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_LEAF);
	cr_expect_eq(info.pa, 0x200400000ull);
	cr_expect_eq(info.size, 4 * MiB);
	cr_expect_eq(info.flags, PTF_R | PTF_X);
	ptf_riscv_sv32x4_decode(0x00000001u, 1, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_INVALID, "V with R=W=X=0 at the last level is reserved");
}

struct tree {
	struct ptf_host_hal *host;
	const struct ptf_hal *hal;
	uint64_t root;
};

static struct tree tree_new(void)
{
	struct tree t;
	t.host = ptf_host_hal_create(64 << 20);
	t.hal = ptf_host_hal_get(t.host);
	cr_assert_eq(ptf_riscv_sv32x4_root_alloc(t.hal, &t.root), PTF_OK);
	return t;
}

static void tree_free(struct tree *t)
{
	ptf_riscv_sv32x4_destroy(t->hal, t->root);
	cr_expect_eq(ptf_host_hal_frames_in_use(t->host), 0);
	ptf_host_hal_destroy(t->host);
}

Test(sv32x4_walker, raw_32_bit_entries_land_in_the_tables)
{
	struct tree t = tree_new();
	cr_assert_eq(ptf_riscv_sv32x4_map_page(t.hal, t.root, 0x345678000ull, 0x123456000ull, 4 * KiB, RW), PTF_OK);
	const uint32_t *root = t.hal->phys_to_virt(t.hal->ctx, t.root);
	uint32_t e0 = root[0xd15];
	cr_assert_eq(e0 & 0x3ffu, 0x001u, "a table entry: V only");
	const uint32_t *l0 = t.hal->phys_to_virt(t.hal->ctx, (uint64_t)(e0 >> 10) << 12);
	cr_expect_eq(l0[0x278], 0x48d158d7u);
	cr_expect_eq(l0[0x277], 0, "the neighbouring 32-bit entry is untouched");
	cr_expect_eq(l0[0x279], 0);
	tree_free(&t);
}

Test(sv32x4_walker, map_range_uses_megapages_and_splits_on_partial_unmap)
{
	struct tree t = tree_new();
	cr_assert_eq(ptf_riscv_sv32x4_map_range(t.hal, t.root, 8 * MiB, 3 * GiB, 8 * MiB + 4 * KiB, RW), PTF_OK);
	uint64_t pa, size;
	cr_assert_eq(ptf_riscv_sv32x4_query(t.hal, t.root, 9 * MiB, &pa, NULL, &size), PTF_OK);
	cr_expect_eq(size, 4 * MiB);
	cr_expect_eq(pa, 3 * GiB + MiB);
	size_t frames = ptf_host_hal_frames_in_use(t.host);
	cr_assert_eq(ptf_riscv_sv32x4_unmap_range(t.hal, t.root, 8 * MiB + 4 * KiB, 4 * KiB), PTF_OK);
	cr_expect_eq(ptf_host_hal_frames_in_use(t.host), frames + 1, "one table of 1024 entries replaces the megapage");
	cr_expect_eq(ptf_riscv_sv32x4_query(t.hal, t.root, 8 * MiB + 4 * KiB, NULL, NULL, NULL), PTF_ENOENT);
	cr_assert_eq(ptf_riscv_sv32x4_query(t.hal, t.root, 12 * MiB - 4 * KiB, &pa, NULL, &size), PTF_OK);
	cr_expect_eq(size, 4 * KiB);
	cr_expect_eq(pa, 3 * GiB + 4 * MiB - 4 * KiB);
	cr_assert_eq(ptf_riscv_sv32x4_unmap_range(t.hal, t.root, 8 * MiB, 8 * MiB + 4 * KiB), PTF_OK);
	cr_expect_eq(ptf_host_hal_frames_in_use(t.host), 4, "only the 16 KiB root is left");
	tree_free(&t);
}

Test(sv32x4_walker, output_addresses_stop_at_34_bits)
{
	struct tree t = tree_new();
	cr_expect_eq(ptf_riscv_sv32x4_map_page(t.hal, t.root, 0, 0x3fffff000ull, 4 * KiB, RW), PTF_OK);
	cr_expect_eq(ptf_riscv_sv32x4_map_page(t.hal, t.root, 4 * KiB, 0x400000000ull, 4 * KiB, RW), PTF_EOUTPUT);
	cr_expect_eq(ptf_riscv_sv32x4_map_page(t.hal, t.root, 0x400000000ull, 0, 4 * KiB, RW), PTF_ERANGE);
	tree_free(&t);
}

Test(sv32x4_walker, map_range_fails_clean_at_every_allocation)
{
	struct tree t = tree_new();
	for (long n = 0;; n++) {
		size_t before = ptf_host_hal_frames_in_use(t.host);
		ptf_host_hal_fail_after(t.host, n);
		int rc = ptf_riscv_sv32x4_map_range(t.hal, t.root, 4 * MiB - 8 * KiB, 0, 16 * KiB, RW);
		ptf_host_hal_fail_after(t.host, -1);
		if (rc == PTF_OK)
			break;
		cr_assert_eq(rc, PTF_ENOMEM);
		cr_assert_eq(ptf_host_hal_frames_in_use(t.host), before, "nothing leaked after failure %ld", n);
		cr_assert_eq(ptf_riscv_sv32x4_query(t.hal, t.root, 4 * MiB - 8 * KiB, NULL, NULL, NULL), PTF_ENOENT);
		cr_assert_lt(n, 10);
	}
	tree_free(&t);
}
