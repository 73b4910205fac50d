/* x86-64 stage-1 paging (platforms/x86_64_4level.lua, x86_64_5level.lua): entries worked
 * out by hand from the Intel SDM Vol. 3A, 4.5 "4-Level Paging and 5-Level Paging".
 *   Bits of every entry (tables 4-15 to 4-21): P 0 (0x1), R/W 1 (0x2), U/S 2 (0x4),
 *   PWT 3 (0x8), PCD 4 (0x10), A 5 (0x20), D 6 (0x40, leaves), PS 7 (0x80, a PDPTE or
 *   PDE that maps a page), address 51:12, XD 63 (0x8000_0000_0000_0000, EFER.NXE).
 *   Memory types through the power-up PAT (11.12.4): PAT:PCD:PWT 000 entry 0 WB
 *   (normal), 011 entry 3 UC (device), 010 entry 2 UC- (uncached). The PAT bit is bit 7
 *   of a PTE (table 4-21), where a PDE or PDPTE has PS, and bit 12 of a PDE or PDPTE that
 *   maps a page (tables 4-17, 4-19), below the address a 2 MiB or 1 GiB page keeps.
 *   ptforge's conventions: leaves carry A, and D when writable (the CPU then writes
 *   neither); tables grant R/W and U/S (4.6: the rights of all levels combine), carry A;
 *   R is implied by P, so a leaf without R cannot be expressed. */
#include "encoding_checks.h"

#include "ptf_x86_64_4level.h"
#include "ptf_x86_64_5level.h"

#define F4 (&ptf_format_x86_64_4level)
#define F5 (&ptf_format_x86_64_5level)
#define PAGE 0x123456000ull /* 0x1_2345_6000 */
#define XD 0x8000000000000000ull

static int first_leaf_va(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)visit;
	*(uint64_t *)arg = v->va;
	return 1;
}

/* 4.5.4 / 3.3.7.1: a linear address is canonical when bits 63:47 (63:56 with 5 levels)
 * all equal: the lower half [0, 2^47) and the upper half from 0xffff_8000_0000_0000
 * (0xff00_0000_0000_0000), one tree */
Test(x86_64_encoding, four_levels_of_48_bit_canonical_addresses_with_2m_and_1g_pages)
{
	cr_expect_eq(F4->levels, 4);
	cr_expect_eq(F4->input_bits, 48);
	EXPECT_ENTRY(F4->input_base, 0xffff800000000000ull);
	EXPECT_ENTRY(ptf_format_input_end(F4), 0x800000000000ull);
	cr_expect_eq(F4->output_bits, 52);
	cr_expect_eq(F4->pte_bytes, 8);
	cr_expect_eq(F4->n_page_sizes, 3);
	cr_expect_eq(F4->page_sizes[1], 0x200000);
	cr_expect_eq(F4->page_sizes[2], 0x40000000);
	cr_expect_eq(F5->levels, 5);
	cr_expect_eq(F5->input_bits, 57);
	EXPECT_ENTRY(F5->input_base, 0xff00000000000000ull);
}

/* Table 4-21 (PTE): P | R/W | A | D = 0x63, not executable: XD */
Test(x86_64_encoding, rw_4k_page)
{
	EXPECT_ENTRY(F4->leaf(PAGE, PTF_R | PTF_W, 3), XD | PAGE | 0x63);
}

/* P | A = 0x21, executable: XD clear */
Test(x86_64_encoding, rx_4k_page)
{
	EXPECT_ENTRY(F4->leaf(PAGE, PTF_R | PTF_X, 3), PAGE | 0x21);
}

/* read-only, not executable: P | A, XD */
Test(x86_64_encoding, r_4k_page)
{
	EXPECT_ENTRY(F4->leaf(PAGE, PTF_R, 3), XD | PAGE | 0x21);
}

/* a user page, RWX: P | R/W | U/S | A | D = 0x67 */
Test(x86_64_encoding, rwx_user_4k_page)
{
	EXPECT_ENTRY(F4->leaf(PAGE, PTF_R | PTF_W | PTF_X | PTF_U, 3), PAGE | 0x67);
}

/* device: PCD and PWT (PAT entry 3, UC): 0x63 | 0x18 = 0x7b; uncached: PCD (entry 2,
 * UC-): 0x73 */
Test(x86_64_encoding, device_and_uncached_4k_pages_pick_pat_entries_3_and_2)
{
	EXPECT_ENTRY(F4->leaf(PAGE, PTF_R | PTF_W | PTF_DEVICE, 3), XD | PAGE | 0x7b);
	EXPECT_ENTRY(F4->leaf(PAGE, PTF_R | PTF_W | PTF_UNCACHED, 3), XD | PAGE | 0x73);
}

/* Table 4-19 (PDE mapping 2 MiB): PS | P | R/W | A | D = 0xe3 at 0x2_0040_0000 */
Test(x86_64_encoding, rw_2m_page_sets_ps)
{
	EXPECT_ENTRY(F4->leaf(0x200400000ull, PTF_R | PTF_W, 2), XD | 0x200400000ull | 0xe3);
}

/* Table 4-17 (PDPTE mapping 1 GiB): PS | P | A = 0xa1, executable, at 0x4000_0000 */
Test(x86_64_encoding, rx_1g_page_sets_ps)
{
	EXPECT_ENTRY(F4->leaf(0x40000000ull, PTF_R | PTF_X, 1), 0x40000000ull | 0xa1);
}

/* No leaf at the PML4 (table 4-15: bit 7 is reserved there), nor without R */
Test(x86_64_encoding, no_pml4_leaf_and_no_leaf_without_read)
{
	EXPECT_ENTRY(F4->leaf(0, PTF_R | PTF_W, 0), 0);
	EXPECT_ENTRY(F4->leaf(PAGE, PTF_W, 3), 0);
	EXPECT_ENTRY(F4->leaf(PAGE, PTF_X, 3), 0);
	EXPECT_ENTRY(F4->leaf(PAGE, PTF_W | PTF_X | PTF_U, 3), 0);
	cr_expect_not_null(F4->flag_refusals[PTF_X], "a refusal says why");
}

/* Tables 4-15, 4-18, 4-20: P | R/W | U/S | A = 0x27, PS clear */
Test(x86_64_encoding, table_entry_grants_everything)
{
	EXPECT_ENTRY(F4->table(0x5000, 0), 0x5027);
	EXPECT_ENTRY(F4->table(0x5000, 2), 0x5027);
}

/* A present page decodes as readable whatever else it grants */
Test(x86_64_encoding, decode_gives_r_from_p)
{
	struct ptf_entry_info info;
	F4->decode(PAGE | 0x21 | XD, 3, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_LEAF);
	cr_expect_eq(info.flags, PTF_R);
	F4->decode(PAGE | 0x67, 3, &info);
	cr_expect_eq(info.flags, PTF_R | PTF_W | PTF_X | PTF_U);
	F4->decode(0x200400000ull | 0xe3 | XD, 2, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_LEAF);
	cr_expect_eq(info.size, 0x200000);
	F4->decode(0x5027, 2, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_TABLE);
	F4->decode(0x5026, 2, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_INVALID, "P clear: not present");
}

/* The PAT bit where each depth has it: bit 12 of a 1 GiB or 2 MiB leaf (depths 1, 2),
 * bit 7 of a PTE (depth 3); the attribute word has it where a PTE does. */
Test(x86_64_encoding, pat_bit_is_bit_12_of_huge_leaves_and_bit_7_of_a_pte)
{
	EXPECT_ENTRY(ptf_x86_64_4level_d1_set_pat(0, 1), 0x1000);
	EXPECT_ENTRY(ptf_x86_64_4level_d2_set_pat(0, 1), 0x1000);
	EXPECT_ENTRY(ptf_x86_64_4level_d3_set_pat(0, 1), 0x80);
	EXPECT_ENTRY(ptf_x86_64_4level_d2_get_pat(0x200400000ull | 0x10e3), 1);
	EXPECT_ENTRY(ptf_x86_64_4level_d2_get_pat(0x200400000ull | 0xe3), 0); /* bit 7 of a PDE is PS */
	EXPECT_ENTRY(ptf_x86_64_4level_d3_get_pat(PAGE | 0xe3), 1);
	/* the attribute word's bit 7 (PAT) moves to bit 12 of a 2 MiB leaf, and back */
	EXPECT_ENTRY(ptf_x86_64_4level_d2_attrs_in_leaf(0x9a), 0x101a);
	EXPECT_ENTRY(ptf_x86_64_4level_d2_attrs_of_leaf(0x200400000ull | 0xe3), 0x200400000ull | 0x63);
	EXPECT_ENTRY(ptf_x86_64_4level_d2_attrs_of_leaf(0x200400000ull | 0x10e3), 0x200400000ull | 0xe3);
	EXPECT_ENTRY(ptf_x86_64_4level_d3_attrs_in_leaf(0x9a), 0x9a);
}

/* PCD and PWT set: device (PAT entry 3) only with the PAT bit clear. Bit 7 is that bit in
 * a PTE; in a 2 MiB leaf it is PS, and bit 12 is PAT (entry 7 when set). */
Test(x86_64_encoding, decode_reads_the_pat_bit_where_the_depth_has_it)
{
	struct ptf_entry_info info;
	F4->decode(PAGE | 0x7b | XD, 3, &info);
	cr_expect_eq(info.flags, PTF_R | PTF_W | PTF_DEVICE, "PAT:PCD:PWT 011 in a PTE");
	F4->decode(PAGE | 0xfb | XD, 3, &info);
	cr_expect_eq(info.flags & PTF_DEVICE, 0, "bit 7 of a PTE is PAT: entry 7, not 3");
	F4->decode(0x200400000ull | 0xfb | XD, 2, &info);
	cr_expect_eq(info.flags, PTF_R | PTF_W | PTF_DEVICE, "bit 7 of a PDE is PS: PAT:PCD:PWT 011");
	F4->decode(0x200400000ull | 0x10fb | XD, 2, &info);
	cr_expect_eq(info.kind, PTF_ENTRY_LEAF);
	cr_expect_eq(info.pa, 0x200400000ull, "bit 12 is not part of a 2 MiB page's address");
	cr_expect_eq(info.flags & PTF_DEVICE, 0, "bit 12 of a 2 MiB leaf is PAT: entry 7, not 3");
}

/* A device 2 MiB leaf at 0x2_0040_0000 = XD | PS | D | A | PCD | PWT | R/W | P (0xfb) with
 * the PAT bit (12) set behind ptforge's back: unmapping its first 4 KiB splits it, and
 * every PTE left keeps the PAT bit in bit 7 and has no PS: XD | pa | 0xfb. */
Test(x86_64_encoding, split_moves_the_pat_bit_from_bit_12_to_bit_7)
{
	struct ptf_host_hal *host = ptf_host_hal_create((size_t)16 << 20);
	cr_assert_not_null(host);
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	uint64_t root, va = 0x40000000ull, pa = 0x200400000ull;
	cr_assert_eq(F4->root_alloc(hal, &root), PTF_OK);
	cr_assert_eq(F4->map_page(hal, root, va, pa, 0x200000, PTF_R | PTF_W | PTF_DEVICE), PTF_OK);
	/* PML4[0] -> PDPT[1] -> PD[0]: the 2 MiB leaf */
	const uint64_t *pml4 = hal->phys_to_virt(hal->ctx, root);
	const uint64_t *pdpt = hal->phys_to_virt(hal->ctx, pml4[0] & 0xffffffffff000ull);
	uint64_t *pd = hal->phys_to_virt(hal->ctx, pdpt[1] & 0xffffffffff000ull);
	EXPECT_ENTRY(pd[0], XD | pa | 0xfb);
	pd[0] |= 0x1000;
	cr_assert_eq(F4->unmap_page(hal, root, va, 0x1000), PTF_OK);
	const uint64_t *pt = hal->phys_to_virt(hal->ctx, pd[0] & 0xffffffffff000ull);
	EXPECT_ENTRY(pd[0] & 0x80, 0); /* a table now: PS clear */
	EXPECT_ENTRY(pt[0], 0);
	EXPECT_ENTRY(pt[1], XD | (pa + 0x1000) | 0xfb);
	EXPECT_ENTRY(pt[511], XD | (pa + 0x1ff000) | 0xfb);
	F4->destroy(hal, root);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

/* Linear address 0x7fff_ffff_f000 (the lower half's last page): PML4 index 255 (bits
 * 46:39 all set), then 511, 511, 511 (4.5.4, figure 4-8). 5 levels: PML5 index 0 for it,
 * 0x7e for 0x7e_0000_0000_0000 and 0xff for 0xff_0000_0000_0000 (bits 55:48). */
Test(x86_64_encoding, indices_of_the_lower_half)
{
	uint64_t va = 0x7ffffffff000ull;
	cr_expect_eq(F4->index(va, 0), 255);
	cr_expect_eq(F4->index(va, 1), 511);
	cr_expect_eq(F4->index(va, 2), 511);
	cr_expect_eq(F4->index(va, 3), 511);
	cr_expect_eq(F5->index(va, 0), 0);
	cr_expect_eq(F5->index(va, 1), 255);
	cr_expect_eq(F5->index(0x7e000000000000ull, 0), 0x7e);
	cr_expect_eq(F5->index(0xff000000000000ull, 0), 0xff);
}

/* The upper half (figure 4-8: the PML4 index is bits 47:39 of the address itself): 0xffff_
 * 8000_0000_0000 is PML4 entry 256, the last page 0xffff_ffff_ffff_f000 entries 511 at
 * every depth; 5 levels: 0xff00_0000_0000_0000 is PML5 entry 256 (bits 56:48). */
Test(x86_64_encoding, indices_of_the_upper_half)
{
	cr_expect_eq(F4->index(0xffff800000000000ull, 0), 256);
	for (unsigned d = 0; d < 4; d++)
		cr_expect_eq(F4->index(0xfffffffffffff000ull, d), 511, "depth %u", d);
	cr_expect_eq(F5->index(0xff00000000000000ull, 0), 256);
	cr_expect_eq(F5->index(0xff00000000000000ull, 1), 0);
}

/* A page mapped at 0xffff_8000_0000_0000 is PML4[256] -> PDPT[0] -> PD[0] -> PT[0], and a
 * walk tells that address; 0x0000_8000_0000_0000 (not canonical) is refused. */
Test(x86_64_encoding, an_upper_half_page_sits_in_pml4_entry_256)
{
	struct ptf_host_hal *host = ptf_host_hal_create((size_t)16 << 20);
	cr_assert_not_null(host);
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	uint64_t root, va = 0xffff800000000000ull;
	cr_assert_eq(F4->root_alloc(hal, &root), PTF_OK);
	cr_assert_eq(F4->map_page(hal, root, va, PAGE, 0x1000, PTF_R | PTF_W), PTF_OK);
	cr_expect_eq(F4->map_page(hal, root, 0x800000000000ull, PAGE, 0x1000, PTF_R | PTF_W), PTF_ERANGE);
	const uint64_t *pml4 = hal->phys_to_virt(hal->ctx, root);
	cr_expect_eq(pml4[0], 0);
	cr_assert_neq(pml4[256], 0);
	const uint64_t *pdpt = hal->phys_to_virt(hal->ctx, pml4[256] & 0xffffffffff000ull);
	const uint64_t *pd = hal->phys_to_virt(hal->ctx, pdpt[0] & 0xffffffffff000ull);
	const uint64_t *pt = hal->phys_to_virt(hal->ctx, pd[0] & 0xffffffffff000ull);
	EXPECT_ENTRY(pt[0], XD | PAGE | 0x63);
	uint64_t pa = 0, leaf_va = 0;
	cr_expect_eq(F4->query(hal, root, va + 0x123, &pa, NULL, NULL), PTF_OK);
	EXPECT_ENTRY(pa, PAGE + 0x123);
	cr_expect_eq(F4->walk(hal, root, va, 0x1000, PTF_VISIT_LEAF, first_leaf_va, &leaf_va), 1);
	EXPECT_ENTRY(leaf_va, va);
	F4->destroy(hal, root);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

/* CR3 with CR4.PCIDE = 1 (table 4-13): PML4 base 51:12, PCID 11:0 */
Test(x86_64_encoding, cr3_is_root_or_pcid)
{
	cr_expect_str_eq(F4->root_register_name, "CR3");
	EXPECT_ENTRY(F4->root_register(0x1234000, 5), 0x1234005);
	EXPECT_ENTRY(F4->root_register(0x1234000, 0xfff), 0x1234fff);
	cr_expect_eq(F4->vmid_bits, 12, "the PCID's 12 bits");
}
