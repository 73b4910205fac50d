-- expect: tests/platforms/bad/level_name_not_identifier.lua: levels[3].name: must be an identifier
-- a level name with a space is not an identifier
return {
  extends = "x86_ept4",
  name = "level_name_not_identifier",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 29, 21 }, leaf = true, name = "P D" },
    { index = { 20, 12 }, leaf = true, name = "PT" },
  },
}
