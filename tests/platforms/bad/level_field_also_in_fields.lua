-- expect: tests/platforms/bad/level_field_also_in_fields.lua: levels[4].fields.g: also in fields: a field has one position (fields) or one per level that holds leaves (levels[].fields)
-- G, a field of every entry, placed again by the PT level
return {
  extends = "x86_64_4level",
  name = "level_field_also_in_fields",
  levels = {
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { g = { 8 } } },
  },
}
