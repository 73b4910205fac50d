-- RISC-V G-stage Sv39x4: 41-bit guest-physical addresses, 16 KiB root, 2 MiB and 1 GiB leaves.
-- Facts: RISC-V Privileged Architecture, "Hypervisor Extension" (two-stage translation) and
-- "Supervisor-Level ISA" (Sv39); Linux arch/riscv/include/asm/csr.h (HGATP_*).
-- No Svpbmt: DEVICE and UNCACHED map as normal memory (the PMAs decide the memory type).
return {
  name = "riscv_sv39x4",
  description = "RISC-V G-stage Sv39x4, 41-bit GPA, 16 KiB root, no Svpbmt",
  input_bits = 41,
  output_bits = 56,
  granule_shift = 12,
  pte_bits = 64,

  levels = {
    { name = "L2", index = { 40, 30 }, leaf = true },   -- 1 GiB; 11 bits: x4 root
    { name = "L1", index = { 29, 21 }, leaf = true },   -- 2 MiB
    { name = "L0", index = { 20, 12 }, leaf = true },   -- 4 KiB
  },
  root = { tables = 4, align = 16384 },

  fields = {
    v = { 0 }, r = { 1 }, w = { 2 }, x = { 3 }, u = { 4 }, g = { 5 }, a = { 6 }, d = { 7 },
    rsw = { 9, 8 }, ppn = { 53, 10 }, reserved = { 60, 54 }, pbmt = { 62, 61 }, n = { 63 },
  },
  software_fields = { "rsw" },
  reserved_zero = { "reserved", "pbmt", "n" },
  address = { field = "ppn", shift = 12 },

  valid = { v = 1 },
  reserved = { { r = 0, w = 1 } },                 -- W without R is reserved
  -- V=1 with R=W=X=0 points to the next table; any of R/W/X makes a leaf.
  table = { set = { v = 1 }, test = { r = 0, w = 0, x = 0 } },
  block = { set = { v = 1, u = 1, a = 1 }, test = { any = { "r", "w", "x" } } },
  page  = { set = { v = 1, u = 1, a = 1 }, test = { any = { "r", "w", "x" } } },

  permissions = {
    R = { present = { r = 1 } },
    W = { present = { w = 1, d = 1 } },   -- D set up front for writable pages
    X = { present = { x = 1 } },
  },
  memory_types = {
    normal   = {},
    device   = { same_as = "normal" },
    uncached = { same_as = "normal" },
  },
  refuse = {
    { has = { "W" }, lacks = { "R" }, why = "W without R is reserved" },
    { lacks = { "R", "W", "X" }, why = "R=W=X=0 marks a table pointer, not a leaf" },
  },

  -- Privileged spec, hypervisor extension, "Hypervisor Memory-Management Fence
  -- Instructions": no break-before-make rule; change the entry, then HFENCE.GVMA.
  break_before_make = {},
  -- The same section: without Svvptc an implementation may keep using a stale invalid
  -- entry after it became valid, so a guest-page fault on a mapped page must be fenced.
  caches_invalid_entries = true,
  -- Privileged spec, "Svade": an access through a leaf whose A is 0 raises a (guest-)page
  -- fault, and software sets A (Svadu, where a SoC turns it on, lets hardware set it).
  accessed = { how = "fault", field = "a" },

  root_register = {
    name = "hgatp",
    address = { bits = { 43, 0 }, shift = 12 },
    vmid = { bits = { 57, 44 } },
    fields = { mode = { bits = { 63, 60 }, value = 8 } },   -- Sv39x4
  },
}
