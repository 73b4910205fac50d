-- expect: tests/platforms/bad/level_index_missing.lua: levels[3].index: missing (required)
-- the PD level has no index
return {
  extends = "x86_ept4",
  name = "level_index_missing",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { leaf = true, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
