-- expect: tests/platforms/bad/leaf_size_wrong.lua: levels[2].leaf_size: 2097152 does not follow from index bits 30..38 (leaves map 1073741824 bytes)
-- PDPT leaf_size says 2 MiB, but its leaves map 1 GiB
return {
  extends = "x86_ept4",
  name = "leaf_size_wrong",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, leaf_size = 2097152, name = "PDPT" },
    { index = { 29, 21 }, leaf = true, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
