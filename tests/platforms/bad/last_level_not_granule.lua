-- expect: tests/platforms/bad/last_level_not_granule.lua: levels[3].index: last level starts at bit 21, but granule_shift = 12
-- the PT level is missing: the last level (PD) does not start at granule_shift
return {
  extends = "x86_ept4",
  name = "last_level_not_granule",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 29, 21 }, leaf = true, name = "PD" },
  },
}
