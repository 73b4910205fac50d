-- AArch64 stage-2, 16 KiB granule, 48-bit IPA: start level 1 with 2 concatenated root
-- tables (IPA 47:36, 12 bits), 3 levels, 32 MiB blocks at level 2 and 16 KiB pages.
-- Facts: Arm ARM D8 (VMSAv8-64 translation, "Translation granule size" and the 16KB
-- granule's level ranges; stage-2 start level and concatenation: at most 16 tables;
-- level 1 blocks with this granule only with FEAT_LPA2), D13 VTCR_EL2 (TG0 0b10 is
-- 16KB; SL0 0b10 starts at level 1 for 16KB), VTTBR_EL2. Linux picks the levels for
-- IPA - 4 bits (arch/arm64/include/asm/kvm_pgtable.h, kvm_get_vtcr): 44 bits need 3.
-- Descriptors, permissions, memory types and the rules for updating live entries are
-- those of arm64_s2_4k_ipa48; only the address bits follow the granule.
return {
  extends = "arm64_s2_4k_ipa48",
  name = "arm64_s2_16k_ipa48",
  description = "AArch64 stage-2, 16 KiB granule, 48-bit IPA, start level 1, 2 concatenated root tables",
  input_bits = 48,
  granule_shift = 14,
  levels = {
    { name = "L1", index = { 47, 36 } },                -- 12 bits: 2 tables of 2048
    { name = "L2", index = { 35, 25 }, leaf = true },   -- 32 MiB block
    { name = "L3", index = { 24, 14 }, leaf = true },   -- 16 KiB page
  },
  root = { tables = 2, align = 32768 },  -- 32 KiB, aligned to its size
  fields = {
    valid = { 0 }, table_or_page = { 1 },
    memattr = { 5, 2 }, s2ap_r = { 6 }, s2ap_w = { 7 }, sh = { 9, 8 }, af = { 10 },
    fnxs = { 11 }, res0_granule = { 13, 12 }, address = { 47, 14 }, dbm = { 51 },
    contiguous = { 52 }, xn = { 54, 53 }, software = { 58, 55 },
  },
  -- bits 13:12 are RES0 below a 16 KiB page's address (OA 47:14)
  reserved_zero = { "fnxs", "res0_granule" },
  address = { field = "address", shift = 14 },
  registers = {
    VTCR_EL2 = {
      T0SZ = { bits = { 5, 0 }, value = 16 },     -- 64 - 48
      SL0 = { bits = { 7, 6 }, value = 2 },       -- 16 KiB granule: 0b10 starts at level 1
      IRGN0 = { bits = { 9, 8 }, value = 1 },
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      TG0 = { bits = { 15, 14 }, value = 2 },     -- 0b10: 16 KiB granule
      PS = { bits = { 18, 16 }, value = 5 },      -- 48-bit output
      RES1 = { bits = { 31, 31 }, value = 1 },    -- RES1 (Arm ARM D13, VTCR_EL2)
    },
  },
}
