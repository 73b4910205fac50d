-- RISC-V G-stage Sv32x4 (RV32): 34-bit guest-physical addresses, 32-bit PTEs, 16 KiB root,
-- 4 MiB megapages. Facts: RISC-V Privileged Architecture, "Hypervisor Extension" and
-- "Supervisor-Level ISA" (Sv32); hgatp for RV32: MODE bit 31, VMID 28:22, PPN 21:0.
return {
  name = "riscv_sv32x4",
  description = "RISC-V G-stage Sv32x4, 34-bit GPA, 32-bit PTEs, 16 KiB root",
  input_bits = 34, output_bits = 34, granule_shift = 12, pte_bits = 32,
  levels = {
    { name = "L1", index = { 33, 22 }, leaf = true },   -- 4 MiB megapages; 12 bits: x4 root
    { name = "L0", index = { 21, 12 }, leaf = true },
  },
  root = { tables = 4, align = 16384 },
  fields = { v = { 0 }, r = { 1 }, w = { 2 }, x = { 3 }, u = { 4 }, g = { 5 }, a = { 6 }, d = { 7 },
             rsw = { 9, 8 }, ppn = { 31, 10 } },
  software_fields = { "rsw" },
  address = { field = "ppn", shift = 12 },
  valid = { v = 1 },
  reserved = { { r = 0, w = 1 } },
  table = { set = { v = 1 }, test = { r = 0, w = 0, x = 0 } },
  block = { set = { v = 1, u = 1, a = 1 }, test = { any = { "r", "w", "x" } } },
  page  = { set = { v = 1, u = 1, a = 1 }, test = { any = { "r", "w", "x" } } },
  permissions = { R = { present = { r = 1 } }, W = { present = { w = 1, d = 1 } }, X = { present = { x = 1 } } },
  memory_types = { normal = {}, device = { same_as = "normal" }, uncached = { same_as = "normal" } },
  refuse = {
    { has = { "W" }, lacks = { "R" }, why = "W without R is reserved" },
    { lacks = { "R", "W", "X" }, why = "R=W=X=0 marks a table pointer, not a leaf" },
  },
  -- Privileged spec, hypervisor extension, "Hypervisor Memory-Management Fence
  -- Instructions": no break-before-make rule (HFENCE.GVMA after the change), and without
  -- Svvptc a stale invalid entry may be cached: a fault on a mapped page must be fenced.
  break_before_make = {},
  caches_invalid_entries = true,
  -- Privileged spec, "Svade": an access through a leaf whose A is 0 raises a (guest-)page
  -- fault, and software sets A.
  accessed = { how = "fault", field = "a" },
  root_register = { name = "hgatp", address = { bits = { 21, 0 }, shift = 12 }, vmid = { bits = { 28, 22 } },
                    fields = { mode = { bits = { 31, 31 }, value = 1 } } },
}
