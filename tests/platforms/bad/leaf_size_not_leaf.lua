-- expect: tests/platforms/bad/leaf_size_not_leaf.lua: levels[1].leaf_size: given for a level that holds no leaf
-- leaf_size given for PML4, which holds no leaves
return {
  extends = "x86_ept4",
  name = "leaf_size_not_leaf",
  levels = {
    { index = { 47, 39 }, leaf_size = 549755813888, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 29, 21 }, leaf = true, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
