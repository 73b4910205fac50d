-- AArch64 stage-2, 4 KiB granule, 40-bit IPA: start level 1, 3 levels, a root of 2
-- concatenated tables (8 KiB, aligned to its size). Facts: Arm ARM D8 (stage-2 start
-- level and concatenation; Linux picks levels for IPA - 4 bits), VTCR_EL2 T0SZ and SL0.
-- Descriptors, permissions, memory types and the rules for updating live entries
-- (break_before_make, caches_invalid_entries) are those of arm64_s2_4k_ipa48.
return {
  extends = "arm64_s2_4k_ipa48",
  name = "arm64_s2_4k_ipa40",
  description = "AArch64 stage-2, 4 KiB granule, 40-bit IPA, start level 1, 2 concatenated root tables",
  input_bits = 40,
  levels = {
    { name = "L1", index = { 39, 30 }, leaf = true },   -- 1 GiB block; 10 bits: 2 tables
    { name = "L2", index = { 29, 21 }, leaf = true },   -- 2 MiB block
    { name = "L3", index = { 20, 12 }, leaf = true },   -- 4 KiB page
  },
  root = { tables = 2, align = 8192 },   -- 8 KiB, aligned to its size
  registers = {
    VTCR_EL2 = {
      T0SZ = { bits = { 5, 0 }, value = 24 },     -- 64 - 40
      SL0 = { bits = { 7, 6 }, value = 1 },       -- start at level 1
      IRGN0 = { bits = { 9, 8 }, value = 1 },
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      TG0 = { bits = { 15, 14 }, value = 0 },     -- 4 KiB granule
      PS = { bits = { 18, 16 }, value = 5 },      -- 48-bit output
      RES1 = { bits = { 31, 31 }, value = 1 },  -- RES1 (Arm ARM D13, VTCR_EL2)
    },
  },
}
