-- expect: tests/platforms/bad/leaf_above_table.lua: levels[2].leaf: leaves here need leaves at levels[3] too (huge leaves split into the next level)
-- PD holds no leaves although PDPT above it does
return {
  extends = "x86_ept4",
  name = "leaf_above_table",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 29, 21 }, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
