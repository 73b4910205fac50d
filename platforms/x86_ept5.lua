-- Intel EPT, 5-level: 57-bit guest-physical addresses, 2 MiB and 1 GiB leaves.
-- Facts: Intel SDM vol. 3C "VMX Support for Address Translation" (a PML5 table above the
-- 4-level walk; PML5Es never map leaves); EPTP page-walk length 4. Everything else,
-- the rules for updating live entries included, is that of x86_ept4.
return {
  extends = "x86_ept4",
  name = "x86_ept5",
  description = "Intel EPT, 5 levels, 57-bit GPA, 2 MiB and 1 GiB leaves",
  input_bits = 57,
  levels = {                                       -- root first
    { name = "PML5", index = { 56, 48 } },
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true },  -- 1 GiB
    { name = "PD",   index = { 29, 21 }, leaf = true },  -- 2 MiB
    { name = "PT",   index = { 20, 12 }, leaf = true },  -- 4 KiB
  },
  root_register = {
    name = "EPTP",
    address = { bits = { 51, 12 }, shift = 12 },
    fields = {
      memtype = { bits = { 2, 0 }, value = 6 },       -- paging structures are WB
      walk_length = { bits = { 5, 3 }, value = 4 },   -- levels - 1
    },
  },
}
