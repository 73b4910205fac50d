-- x86-64 stage-1 paging, 5 levels (CR4.LA57 = 1): 57-bit canonical linear addresses
-- (bits 63:56 equal), both halves (PML5 entries 256-511 the upper one).
-- Facts: Intel SDM Vol. 3A, 4.5 "4-Level Paging and 5-Level Paging" (table 4-14, PML5E:
-- the same layout as a PML4E); the entries, permissions, memory types and CR3 are those
-- of x86_64_4level.
return {
  extends = "x86_64_4level",
  name = "x86_64_5level",
  description = "x86-64 stage-1 paging, 5 levels, 57-bit canonical linear addresses, 2 MiB and 1 GiB pages",
  input_bits = 57,
  levels = {                                       -- root first
    { name = "PML5", index = { 56, 48 } },          -- 256-511: the upper half
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 } } },  -- 1 GiB
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 12 } } },  -- 2 MiB
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 } } },   -- 4 KiB
  },
}
