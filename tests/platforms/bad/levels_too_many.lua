-- expect: tests/platforms/bad/levels_too_many.lua: levels: 7 levels; at most 6 are supported
-- the PD and PT lines are pasted twice: 7 levels, more than the 6 supported
return {
  extends = "x86_ept5",
  name = "levels_too_many",
  levels = {
    { index = { 56, 48 }, name = "PML5" },
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 29, 21 }, leaf = true, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
    { index = { 29, 21 }, leaf = true, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
