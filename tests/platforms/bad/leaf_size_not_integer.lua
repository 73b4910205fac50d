-- expect: tests/platforms/bad/leaf_size_not_integer.lua: levels[3].leaf_size: must be an integer
-- leaf_size written as a string
return {
  extends = "x86_ept4",
  name = "leaf_size_not_integer",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 29, 21 }, leaf = true, leaf_size = "2M", name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
