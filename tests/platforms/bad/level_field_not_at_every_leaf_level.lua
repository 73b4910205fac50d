-- expect: tests/platforms/bad/level_field_not_at_every_leaf_level.lua: levels[2].fields: does not place pat, which levels[3] places: every level that holds leaves must
-- the 1 GiB level does not place PAT
return {
  extends = "x86_64_4level",
  name = "level_field_not_at_every_leaf_level",
  levels = {
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = {  } },
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 } } },
  },
}
