-- AArch64 stage-2, 4 KiB granule, 48-bit IPA: start level 0, 4 levels, 1 GiB and 2 MiB blocks.
-- Facts: Arm ARM D8 (VMSAv8-64 stage 2 descriptors, VTCR_EL2, VTTBR_EL2);
-- Linux arch/arm64/include/asm/kvm_pgtable.h, arch/arm64/kvm/hyp/pgtable.c.
return {
  name = "arm64_s2_4k_ipa48",
  description = "AArch64 stage-2, 4 KiB granule, 48-bit IPA, start level 0",
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
    memattr = { 5, 2 }, s2ap_r = { 6 }, s2ap_w = { 7 }, sh = { 9, 8 }, af = { 10 },
    fnxs = { 11 }, address = { 47, 12 }, dbm = { 51 }, contiguous = { 52 },
    xn = { 54, 53 }, software = { 58, 55 },
  },
  software_fields = { "software" },
  reserved_zero = { "fnxs" },
  address = { field = "address", shift = 12 },

  valid = { valid = 1 },
  table = { set = { valid = 1, table_or_page = 1 }, test = { table_or_page = 1 } },
  block = { set = { valid = 1, table_or_page = 0, af = 1 }, test = { table_or_page = 0 } },
  page  = { set = { valid = 1, table_or_page = 1, af = 1 }, test = { table_or_page = 1 } },

  permissions = {
    R = { present = { s2ap_r = 1 } },
    W = { present = { s2ap_w = 1 } },
    X = { present = { xn = 0 }, absent = { xn = 2 } },     -- XN[54:53] = 0b10: never executable
  },
  memory_types = {
    normal   = { memattr = 15, sh = 3 },                   -- Normal WB, inner shareable
    device   = { memattr = 1, sh = 0, xn = 2, drops = { "X" },
                 why = "device memory is never executable" },   -- Device-nGnRE
    uncached = { memattr = 5, sh = 3 },                    -- Normal non-cacheable
  },
  refuse = {
    { lacks = { "R", "W", "X" }, why = "a leaf with no access at all: unmap instead" },
  },

  -- Arm ARM, "Translation table entry updates / Using break-before-make when updating
  -- translation table entries": replacing a valid entry by another valid one that differs
  -- in block size (a block split into a table, or a table replaced by a block), in output
  -- address, or in memory type, cacheability or shareability (memattr, sh) needs: write
  -- invalid, DSB, TLBI, DSB, write the new entry. Permission and access-flag changes need
  -- no break. FEAT_BBM relaxes block-size changes only, and at level 2 TLB conflict aborts
  -- may still be reported, so ptforge breaks anyway.
  break_before_make = { "kind", "output_address", "memory_type" },
  -- The Arm ARM does not allow invalid entries to be cached in TLBs.
  caches_invalid_entries = false,
  -- Arm ARM D8, "The Access flag": with VTCR_EL2.HA = 0 (no hardware update), an access
  -- through a descriptor whose AF is 0 takes an Access flag fault; ptforge sets AF there.
  accessed = { how = "fault", field = "af" },
  -- VTCR_EL2.T0SZ may not program an input range wider than the CPU's physical range
  -- (ID_AA64MMFR0_EL1.PARange): every access then takes a level-0 translation fault
  -- (Arm ARM D8, "Stage 2 translation table walks", the IPA size); a HAL that tells its
  -- CPU's range (cpu_pa_bits) gets such an address space refused.
  input_within_cpu_pa_range = true,

  root_register = {
    name = "VTTBR_EL2",
    address = { bits = { 47, 1 }, shift = 1 },
    vmid = { bits = { 63, 48 } },
  },
  registers = {
    VTCR_EL2 = {
      T0SZ = { bits = { 5, 0 }, value = 16 },     -- 64 - 48
      SL0 = { bits = { 7, 6 }, value = 2 },       -- start at level 0
      IRGN0 = { bits = { 9, 8 }, value = 1 },
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      TG0 = { bits = { 15, 14 }, value = 0 },     -- 4 KiB granule
      PS = { bits = { 18, 16 }, value = 5 },      -- 48-bit output
      RES1 = { bits = { 31, 31 }, value = 1 },  -- RES1 (Arm ARM D13, VTCR_EL2)
    },
  },
}
