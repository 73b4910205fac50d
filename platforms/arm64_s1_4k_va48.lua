-- AArch64 stage 1 (EL1&0, TTBR0_EL1), 4 KiB granule, 48-bit VA (the lower range, 0 to
-- 2^48): start level 0, 4 levels, 1 GiB and 2 MiB blocks.
-- Facts: Arm ARM (DDI 0487) D8 "The VMSAv8-64 translation table format" (descriptors:
-- AttrIndx 4:2, AP[2:1] 7:6, SH 9:8, AF 10, nG 11, OA 47:12, PXN 53, UXN 54; table
-- descriptors' PXNTable 59, UXNTable 60, APTable 62:61 left 0 so tables restrict
-- nothing), D8 "Memory access control" (AP[2] = 1 read-only, AP[1] = 1 EL0 access; PXN
-- forbids execution at EL1, UXN at EL0; a valid leaf is readable at the levels AP
-- grants: R is implied), D13 MAIR_EL1, TCR_EL1, TTBR0_EL1 (BADDR 47:1, ASID 63:48).
-- Memory types index MAIR_EL1, which this file fixes: Attr0 = 0xff (Normal, write-back),
-- Attr1 = 0x04 (Device-nGnRE), Attr2 = 0x44 (Normal non-cacheable).
-- Execute depends on U: a kernel page executes at EL1 (PXN = 0) and never at EL0
-- (UXN = 1); a user page executes at EL0 (UXN = 0) and never at EL1 (PXN = 1, which the
-- architecture also forces for memory EL0 may write). Leaves are non-global (nG = 1): the
-- ASID in TTBR0_EL1 tags them.
return {
  name = "arm64_s1_4k_va48",
  description = "AArch64 stage-1 (TTBR0_EL1), 4 KiB granule, 48-bit VA, MAIR indices 0 normal, 1 device, 2 non-cacheable",
  input_bits = 48,
  output_bits = 48,
  granule_shift = 12,
  pte_bits = 64,

  levels = {
    { name = "L0", index = { 47, 39 } },
    { name = "L1", index = { 38, 30 }, leaf = true },   -- 1 GiB block
    { name = "L2", index = { 29, 21 }, leaf = true },   -- 2 MiB block
    { name = "L3", index = { 20, 12 }, leaf = true },   -- 4 KiB page
  },
  root = { tables = 1, align = 4096 },

  fields = {
    valid = { 0 }, table_or_page = { 1 },
    attr_index = { 4, 2 }, ns = { 5 }, ap_el0 = { 6 }, ap_ro = { 7 }, sh = { 9, 8 }, af = { 10 },
    ng = { 11 }, address = { 47, 12 }, dbm = { 51 }, contiguous = { 52 }, pxn = { 53 }, uxn = { 54 },
    software = { 58, 55 }, table_attrs = { 63, 59 },
  },
  software_fields = { "software" },
  reserved_zero = { "ns", "table_attrs" },
  address = { field = "address", shift = 12 },

  valid = { valid = 1 },
  table = { set = { valid = 1, table_or_page = 1 }, test = { table_or_page = 1 } },
  block = { set = { valid = 1, table_or_page = 0, af = 1, ng = 1 }, test = { table_or_page = 0 } },
  page  = { set = { valid = 1, table_or_page = 1, af = 1, ng = 1 }, test = { table_or_page = 1 } },

  permissions = {
    R = { implied = true },                                -- a valid leaf is readable
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = { present = { ap_el0 = 1 } },
    X = { present = { pxn = 0, uxn = 1 }, absent = { pxn = 1, uxn = 1 },     -- kernel pages
          with = { U = { present = { pxn = 1, uxn = 0 }, absent = { pxn = 1, uxn = 1 } } } },  -- user pages
  },
  memory_types = {
    normal   = { attr_index = 0, sh = 3 },                 -- MAIR Attr0: Normal WB, inner shareable
    device   = { attr_index = 1, sh = 0, pxn = 1, uxn = 1, drops = { "X" },
                 why = "device memory is never executable" },   -- Attr1: Device-nGnRE
    uncached = { attr_index = 2, sh = 3 },                 -- Attr2: Normal non-cacheable
  },
  refuse = {},

  -- Arm ARM, "Using break-before-make when updating translation table entries": the same
  -- rule as at stage 2 (block size, output address, memory type and shareability).
  break_before_make = { "kind", "output_address", "memory_type" },
  caches_invalid_entries = false,
  -- Arm ARM D8, "The Access flag": with TCR_EL1.HA = 0, an access through a descriptor
  -- whose AF is 0 takes an Access flag fault; ptforge sets AF there.
  accessed = { how = "fault", field = "af" },

  root_register = {
    name = "TTBR0_EL1",
    address = { bits = { 47, 1 }, shift = 1 },
    vmid = { bits = { 63, 48 } },                          -- the ASID
  },
  registers = {
    TCR_EL1 = {
      T0SZ = { bits = { 5, 0 }, value = 16 },     -- 64 - 48
      IRGN0 = { bits = { 9, 8 }, value = 1 },     -- write-back write-allocate walks
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      TG0 = { bits = { 15, 14 }, value = 0 },     -- 4 KiB granule
      EPD1 = { bits = { 23, 23 }, value = 1 },    -- no TTBR1 walks: this file is the lower range
      IPS = { bits = { 34, 32 }, value = 5 },     -- 48-bit intermediate physical addresses
    },
    MAIR_EL1 = {
      Attr0 = { bits = { 7, 0 }, value = 0xff },  -- normal: Normal, inner and outer write-back
      Attr1 = { bits = { 15, 8 }, value = 0x04 }, -- device: Device-nGnRE
      Attr2 = { bits = { 23, 16 }, value = 0x44 },-- uncached: Normal, non-cacheable
    },
  },
}
