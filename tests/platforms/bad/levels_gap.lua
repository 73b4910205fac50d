-- expect: tests/platforms/bad/levels_gap.lua: levels[3].index: bits 21..28 leave a gap below levels[2] (30..38)
-- PD index stops at bit 28: bit 29 belongs to no level
return {
  extends = "x86_ept4",
  name = "levels_gap",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 28, 21 }, leaf = true, name = "PD" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
