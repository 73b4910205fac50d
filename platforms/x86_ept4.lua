-- Intel EPT, 4-level: 48-bit guest-physical addresses, 2 MiB and 1 GiB leaves.
-- Facts: Intel SDM vol. 3C "VMX Support for Address Translation";
-- Linux arch/x86/include/asm/vmx.h (VMX_EPT_*). Choices: encoding-conventions.md.
return {
  name = "x86_ept4",
  description = "Intel EPT, 4 levels, 48-bit GPA, 2 MiB and 1 GiB leaves",
  input_bits = 48,
  output_bits = 52,
  granule_shift = 12,
  pte_bits = 64,

  levels = {                                       -- root first
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true },  -- 1 GiB
    { name = "PD",   index = { 29, 21 }, leaf = true },  -- 2 MiB
    { name = "PT",   index = { 20, 12 }, leaf = true },  -- 4 KiB
  },
  root = { tables = 1, align = 4096 },

  fields = {
    read = { 0 }, write = { 1 }, exec = { 2 },
    memtype = { 5, 3 }, ignore_pat = { 6 }, page_size = { 7 },
    accessed = { 8 }, dirty = { 9 }, user_exec = { 10 },
    aged = { 11 },         -- ignored by EPT: ptforge marks an aged leaf with it (accessed)
    address = { 51, 12 },
    suppress_ve = { 63 },
  },
  software_fields = {},
  reserved_zero = {},
  address = { field = "address", shift = 12 },

  -- An entry is present when any of bits 2:0 is set.
  valid = { any = { "read", "write", "exec" } },
  reserved = { { read = 0, write = 1 } },          -- write without read: a misconfiguration
  table = { set = { read = 1, write = 1, exec = 1 }, test = { page_size = 0 } },
  block = { set = { page_size = 1 }, test = { page_size = 1 } },
  page  = { set = {}, test = {} },

  permissions = {
    R = { present = { read = 1 } },
    W = { present = { write = 1 } },
    X = { present = { exec = 1 } },
  },
  memory_types = {
    normal   = { memtype = 6 },             -- WB
    device   = { memtype = 0 },             -- UC
    uncached = { same_as = "device" },      -- UC too: reads back as DEVICE
  },
  refuse = {
    { lacks = { "R" },
      why = "EPT entries without read are write-only (a misconfiguration) or execute-only (needs CPU support)" },
  },

  -- Intel SDM vol. 3, "Invalidation of cached information" (EPT): no break-before-make
  -- requirement; any change (a split, a new address or memory type) is one atomic store of
  -- the new entry, then INVEPT.
  break_before_make = {},
  -- The SDM's EPT TLB rules: a fault on a not-present entry invalidates the cached
  -- information for that address, so no stale invalid entry outlives the fault.
  caches_invalid_entries = false,
  -- The EPT accessed flag (bit 8) is set by the processor only when EPTP bit 6 enables
  -- accessed/dirty flags, which the base format leaves off: an aged leaf loses R, W and X
  -- (then not present to the MMU: the access is an EPT violation, and the fault gives
  -- them back) and keeps bit 11, which EPT ignores, so that ptforge still sees a mapping
  -- (Linux KVM's access tracking does the same with its own ignored bits).
  accessed = { how = "permissions", mark = "aged" },

  root_register = {
    name = "EPTP",
    address = { bits = { 51, 12 }, shift = 12 },
    fields = {
      memtype = { bits = { 2, 0 }, value = 6 },       -- paging structures are WB
      walk_length = { bits = { 5, 3 }, value = 3 },   -- levels - 1
    },
  },
}
