-- expect: tests/platforms/bad/index_not_integer.lua: levels[3].index: bit numbers must be integers
-- the PD index bits are written as strings
return {
  extends = "x86_ept4",
  name = "index_not_integer",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { "29", "21" }, leaf = true, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
