-- expect: tests/platforms/bad/levels_overlap.lua: levels[3].index: bits 21..30 overlap levels[2] (30..38)
-- PD index starts at bit 30, which PDPT already uses
return {
  extends = "x86_ept4",
  name = "levels_overlap",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 30, 21 }, leaf = true, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
