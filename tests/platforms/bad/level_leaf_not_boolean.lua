-- expect: tests/platforms/bad/level_leaf_not_boolean.lua: levels[3].leaf: must be true or false
-- leaf written as 1 instead of true
return {
  extends = "x86_ept4",
  name = "level_leaf_not_boolean",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 29, 21 }, leaf = 1, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
