-- expect: tests/platforms/bad/last_level_not_leaf.lua: levels[4].leaf: the last level must hold pages (leaf = true)
-- the last level (PT) lost its leaf = true
return {
  extends = "x86_ept4",
  name = "last_level_not_leaf",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 29, 21 }, leaf = true, name = "PD" },
    { index = { 20, 12 }, name = "PT" },
  },
}
