/* The build of tests/socs/host_hardware_dirty.lua: the entries and registers of the three
 * ways to have the MMU record writes, worked out from the manuals. */
#include <criterion/criterion.h>
#include <ptforge/ptforge.h>

#include <string.h>

#include "ptf_arm64_s2_4k_ipa48_hafdbs.h"
#include "ptf_riscv_sv39x4_svadu.h"
#include "ptf_x86_ept4_ad.h"

#define RW (PTF_R | PTF_W)

static uint64_t register_value(const struct ptf_format *f, const char *name)
{
	for (unsigned i = 0; i < f->n_registers; i++)
		if (!strcmp(f->registers[i].name, name))
			return f->registers[i].value;
	cr_assert_fail("%s has no register %s", f->name, name);
	return 0;
}

/* Intel SDM Vol. 3C, 29.3.2 (format of an EPT PTE) and 29.3.5: bit 8 accessed, bit 9
 * dirty; bits 2:0 R W X, 5:3 memory type (6 = WB). ptforge's leaves start accessed. */
Test(hardware_dirty_encodings, ept_leaves_start_accessed_and_clean_and_eptp_enables_the_flags)
{
	const struct ptf_format *f = &ptf_format_x86_ept4_ad;
	cr_expect_eq(f->dirty, PTF_DIRTY_HARDWARE);
	cr_expect_eq(f->dirty_bit, (uint64_t)1 << 9);
	cr_expect_eq(f->dirty_writable, 0);
	cr_expect_eq(f->accessed, PTF_ACCESSED_HARDWARE);
	/* 0x5000 | A (0x100) | WB (6 << 3 = 0x30) | W R (0x3) */
	cr_expect_eq(f->leaf(0x5000, RW, 3), 0x5133ull);
	/* a 2 MiB leaf: and page size (bit 7) */
	cr_expect_eq(f->leaf(0x200000, RW, 2), 0x2001b3ull);
	/* EPTP (SDM Vol. 3C, 24.6.11): WB (6) in 2:0, walk length 3 in 5:3, A/D enable bit 6 */
	cr_expect_eq(f->root_register(0x7000, 0), 0x705eull);
}

/* Arm ARM D8, stage 2 descriptors: S2AP bits 7:6 (7 write, 6 read), AF bit 10, DBM bit
 * 51; "Hardware management of the dirty state": with VTCR_EL2.HD, a write through a leaf
 * with DBM and S2AP[1] clear sets S2AP[1]. A writable leaf has both; a read-only one
 * neither. */
Test(hardware_dirty_encodings, arm_writable_leaves_carry_dbm_and_vtcr_sets_ha_and_hd)
{
	const struct ptf_format *f = &ptf_format_arm64_s2_4k_ipa48_hafdbs;
	cr_expect_eq(f->dirty, PTF_DIRTY_HARDWARE);
	cr_expect_eq(f->dirty_bit, (uint64_t)1 << 7);
	cr_expect_eq(f->dirty_writable, (uint64_t)1 << 51);
	cr_expect_eq(f->accessed, PTF_ACCESSED_HARDWARE);
	/* page: valid, page (0x3) | MemAttr 0xf << 2 (0x3c) | S2AP 11 (0xc0) | SH 3 << 8 |
	 * AF (0x400) | DBM | XN 0b10 << 53 */
	cr_expect_eq(f->leaf(0x5000, RW, 3), 0x00480000000057ffull);
	/* read-only: S2AP 01, no DBM */
	cr_expect_eq(f->leaf(0x5000, PTF_R, 3), 0x004000000000577full);
	struct ptf_entry_info info;
	f->decode(0x00480000000057ffull & ~(uint64_t)0x80, 3, &info); /* clean: DBM, S2AP[1] clear */
	cr_expect_eq(info.kind, PTF_ENTRY_LEAF);
	cr_expect_eq(info.flags & RW, PTF_R, "a clean leaf reads as read-only");
	/* VTCR_EL2 (Arm ARM D13): T0SZ 16, SL0 2 << 6, IRGN0 and ORGN0 1, SH0 3 << 12, PS 5
	 * << 16, HA bit 21, HD bit 22, RES1 bit 31 */
	cr_expect_eq(register_value(f, "VTCR_EL2"), 0x80653590ull);
}

/* Privileged spec, Sv39x4 PTE: V 0, R 1, W 2, X 3, U 4, A 6, D 7, PPN from bit 10. Under
 * Svadu the hart sets D on a write, so a writable leaf starts without it (the base
 * format sets it up front); menvcfg.ADUE (bit 61) turns the updating on for G-stage. */
Test(hardware_dirty_encodings, svadu_writable_leaves_start_without_d_and_menvcfg_sets_adue)
{
	const struct ptf_format *f = &ptf_format_riscv_sv39x4_svadu;
	cr_expect_eq(f->dirty, PTF_DIRTY_HARDWARE);
	cr_expect_eq(f->dirty_bit, (uint64_t)1 << 7);
	cr_expect_eq(f->dirty_writable, 0);
	/* PPN 5 << 10 (0x1400) | A (0x40) | U (0x10) | W R V (0x7) */
	cr_expect_eq(f->leaf(0x5000, RW, 2), 0x1457ull);
	cr_expect_eq(register_value(f, "menvcfg"), (uint64_t)1 << 61);
}
