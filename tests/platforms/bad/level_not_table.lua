-- expect: tests/platforms/bad/level_not_table.lua: levels[3]: must be a table
-- the PD level is written as its name only
return {
  extends = "x86_ept4",
  name = "level_not_table",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    "PD",
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
