-- expect: tests/platforms/bad/index_not_bit_range.lua: levels[3].index: must be {bit} or {high, low}
-- the PD index is written as a number, not a bit range
return {
  extends = "x86_ept4",
  name = "index_not_bit_range",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = 21, leaf = true, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
