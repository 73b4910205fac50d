-- expect: tests/platforms/bad/level_field_where_no_leaves.lua: levels[1].fields: PML4 holds no leaves; a level field is a field of the leaves at a level
-- a level field at a level that holds no leaves
return {
  extends = "x86_64_4level",
  name = "level_field_where_no_leaves",
  levels = {
    { name = "PML4", index = { 47, 39 }, fields = { pat = { 7 } } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 } } },
  },
}
