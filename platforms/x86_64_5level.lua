-- x86-64 stage-1 paging, 5 levels (CR4.LA57 = 1): 57-bit linear addresses, lower half.
-- Facts: Intel SDM Vol. 3A, 4.5 "4-Level Paging and 5-Level Paging" (table 4-14, PML5E:
-- the same layout as a PML4E); the entries, permissions, memory types and CR3 are those
-- of x86_64_4level.
return {
  extends = "x86_64_4level",
  name = "x86_64_5level",
  description = "x86-64 stage-1 paging, 5 levels, 57-bit linear addresses (lower half), 2 MiB and 1 GiB pages",
  input_bits = 56,
  levels = {                                       -- root first
    { name = "PML5", index = { 55, 48 } },          -- the lower half's 256 entries
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 } } },  -- 1 GiB
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 12 } } },  -- 2 MiB
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 } } },   -- 4 KiB
  },
}
