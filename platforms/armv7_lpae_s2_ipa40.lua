-- ARMv7-A with the Large Physical Address Extension, stage 2 (Virtualization Extensions):
-- 40-bit IPA, start level 1 with 2 concatenated root tables (IPA 39:30), 3 levels, 1 GiB
-- and 2 MiB blocks, 40-bit output. Facts: ARM Architecture Reference Manual ARMv7-A/R
-- (DDI 0406C), B3.6 "Long-descriptor translation table format" (B3.6.1 descriptors,
-- B3.6.2 "Memory attributes in the Long-descriptor translation table format
-- descriptors": stage-2 MemAttr[3:0] 5:2, HAP[2:1] 7:6, SH 9:8, AF 10, XN 54; bits 47:40
-- of an output address and bit 53 (PXN, stage 1 only) should be zero), B3.6.6 (stage-2
-- concatenation: a 40-bit IPA starts at level 1 with two tables), B4.1.159 VTCR (T0SZ
-- 3:0 is a signed 4-bit value and S, bit 4, its sign: 40 bits is T0SZ = -8 = 0b1000,
-- S = 1; SL0 7:6 = 0b01 starts at level 1; bit 31 reads as one), B4.1.160 VTTBR (BADDR
-- 39:x, VMID 55:48). The rules for updating live entries are those of the ARMv8 files:
-- B3.10.1, "Using break-before-make when updating translation table entries".
return {
  name = "armv7_lpae_s2_ipa40",
  description = "ARMv7 LPAE stage-2, 40-bit IPA, start level 1, 2 concatenated root tables",
  input_bits = 40,
  output_bits = 40,
  granule_shift = 12,
  pte_bits = 64,

  levels = {
    { name = "L1", index = { 39, 30 }, leaf = true },   -- 1 GiB block; 10 bits: 2 tables
    { name = "L2", index = { 29, 21 }, leaf = true },   -- 2 MiB block
    { name = "L3", index = { 20, 12 }, leaf = true },   -- 4 KiB page
  },
  root = { tables = 2, align = 8192 },

  fields = {
    valid = { 0 }, table_or_page = { 1 },
    memattr = { 5, 2 }, hap_r = { 6 }, hap_w = { 7 }, sh = { 9, 8 }, af = { 10 },
    sbz_11 = { 11 }, address = { 39, 12 }, oa_hi = { 47, 40 }, contiguous = { 52 },
    pxn = { 53 }, xn = { 54 }, software = { 58, 55 },
  },
  software_fields = { "software" },
  reserved_zero = { "sbz_11", "oa_hi", "pxn" },
  address = { field = "address", shift = 12 },

  valid = { valid = 1 },
  table = { set = { valid = 1, table_or_page = 1 }, test = { table_or_page = 1 } },
  block = { set = { valid = 1, table_or_page = 0, af = 1 }, test = { table_or_page = 0 } },
  page  = { set = { valid = 1, table_or_page = 1, af = 1 }, test = { table_or_page = 1 } },

  permissions = {
    R = { present = { hap_r = 1 } },
    W = { present = { hap_w = 1 } },
    X = { present = { xn = 0 }, absent = { xn = 1 } },
  },
  memory_types = {
    normal   = { memattr = 15, sh = 3 },                   -- Normal WB, inner shareable
    device   = { memattr = 1, sh = 0, xn = 1, drops = { "X" },
                 why = "device memory is never executable" },   -- Device
    uncached = { memattr = 5, sh = 3 },                    -- Normal non-cacheable
  },
  refuse = {
    { lacks = { "R", "W", "X" }, why = "a leaf with no access at all: unmap instead" },
  },

  break_before_make = { "kind", "output_address", "memory_type" },
  caches_invalid_entries = false,
  -- Arm ARM (ARMv7-A LPAE), "The Access flag": stage-2 AF = 0 gives an Access flag fault
  -- (there is no hardware update in ARMv7); ptforge sets AF there.
  accessed = { how = "fault", field = "af" },

  root_register = {
    name = "VTTBR",
    address = { bits = { 39, 1 }, shift = 1 },
    vmid = { bits = { 55, 48 } },
  },
  registers = {
    VTCR = {
      T0SZ = { bits = { 3, 0 }, value = 8 },      -- -8 as 4 bits: 32 + 8 = 40-bit IPA
      S = { bits = { 4, 4 }, value = 1 },         -- the sign of T0SZ
      SL0 = { bits = { 7, 6 }, value = 1 },       -- start at level 1
      IRGN0 = { bits = { 9, 8 }, value = 1 },
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      RES1 = { bits = { 31, 31 }, value = 1 },
    },
  },
}
