-- expect: tests/platforms/bad/levels_keyed.lua: levels: must be a non-empty list, root first
-- levels written as a table keyed by level name instead of a list
return {
  extends = "x86_ept4",
  name = "levels_keyed",
  levels = {
    PD = { index = { 29, 21 }, leaf = true },
    PDPT = { index = { 38, 30 }, leaf = true },
    PML4 = { index = { 47, 39 } },
    PT = { index = { 20, 12 }, leaf = true },
  },
}
