-- AArch64 stage-2, 64 KiB granule, 48-bit IPA: start level 1 (IPA 47:42, 64 entries of
-- one table), 3 levels, 512 MiB blocks at level 2 and 64 KiB pages.
-- Facts: Arm ARM D8 (VMSAv8-64 translation, the 64KB granule's level ranges; level 1
-- blocks with this granule only with 52-bit FEAT_LPA, whose OA 51:48 in descriptor bits
-- 15:12 are RES0 here; stage-2 concatenation: starting at level 2 would need 64 tables,
-- more than the 16 allowed), D13 VTCR_EL2 (TG0 0b01 is 64KB; SL0 0b10 starts at level 1
-- for 64KB), VTTBR_EL2 (the root aligned to its size; one 64 KiB table here).
-- Descriptors, permissions, memory types and the rules for updating live entries are
-- those of arm64_s2_4k_ipa48; only the address bits follow the granule.
return {
  extends = "arm64_s2_4k_ipa48",
  name = "arm64_s2_64k_ipa48",
  description = "AArch64 stage-2, 64 KiB granule, 48-bit IPA, start level 1",
  input_bits = 48,
  granule_shift = 16,
  levels = {
    { name = "L1", index = { 47, 42 } },                -- 6 bits: 64 entries
    { name = "L2", index = { 41, 29 }, leaf = true },   -- 512 MiB block
    { name = "L3", index = { 28, 16 }, leaf = true },   -- 64 KiB page
  },
  root = { tables = 1, align = 65536 },
  fields = {
    valid = { 0 }, table_or_page = { 1 },
    memattr = { 5, 2 }, s2ap_r = { 6 }, s2ap_w = { 7 }, sh = { 9, 8 }, af = { 10 },
    fnxs = { 11 }, oa_hi = { 15, 12 }, address = { 47, 16 }, dbm = { 51 },
    contiguous = { 52 }, xn = { 54, 53 }, software = { 58, 55 },
  },
  -- OA 51:48 (FEAT_LPA only) stay 0: the output is 48 bits
  reserved_zero = { "fnxs", "oa_hi" },
  address = { field = "address", shift = 16 },
  registers = {
    VTCR_EL2 = {
      T0SZ = { bits = { 5, 0 }, value = 16 },     -- 64 - 48
      SL0 = { bits = { 7, 6 }, value = 2 },       -- 64 KiB granule: 0b10 starts at level 1
      IRGN0 = { bits = { 9, 8 }, value = 1 },
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      TG0 = { bits = { 15, 14 }, value = 1 },     -- 0b01: 64 KiB granule
      PS = { bits = { 18, 16 }, value = 5 },      -- 48-bit output
      RES1 = { bits = { 31, 31 }, value = 1 },    -- RES1 (Arm ARM D13, VTCR_EL2)
    },
  },
}
