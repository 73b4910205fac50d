-- AArch64 stage-2, 64 KiB granule, 42-bit IPA: start level 2 (IPA 41:29, one full table
-- of 8192 entries), 2 levels, 512 MiB blocks and 64 KiB pages. The 64 KiB granule's
-- common configuration for a 42-bit IPA (Linux: CONFIG_ARM64_64K_PAGES with 42-bit VAs).
-- Facts: Arm ARM D8 (the 64KB granule's level ranges), D13 VTCR_EL2 (T0SZ 22; SL0 0b01
-- starts at level 2 for 64KB; TG0 0b01). Everything else is arm64_s2_64k_ipa48's.
return {
  extends = "arm64_s2_64k_ipa48",
  name = "arm64_s2_64k_ipa42",
  description = "AArch64 stage-2, 64 KiB granule, 42-bit IPA, start level 2",
  input_bits = 42,
  levels = {
    { name = "L2", index = { 41, 29 }, leaf = true },   -- 512 MiB block; 13 bits: one table
    { name = "L3", index = { 28, 16 }, leaf = true },   -- 64 KiB page
  },
  registers = {
    VTCR_EL2 = {
      T0SZ = { bits = { 5, 0 }, value = 22 },     -- 64 - 42
      SL0 = { bits = { 7, 6 }, value = 1 },       -- 64 KiB granule: 0b01 starts at level 2
      IRGN0 = { bits = { 9, 8 }, value = 1 },
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      TG0 = { bits = { 15, 14 }, value = 1 },     -- 0b01: 64 KiB granule
      PS = { bits = { 18, 16 }, value = 5 },      -- 48-bit output
      RES1 = { bits = { 31, 31 }, value = 1 },    -- RES1 (Arm ARM D13, VTCR_EL2)
    },
  },
}
