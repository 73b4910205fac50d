-- expect: tests/platforms/bad/level_field_overlaps_level_field.lua: levels[3].fields.pat2: bits 12..12 overlap levels[3].fields.pat (12..12)
-- two level fields on bit 12 of a 2 MiB leaf
return {
  extends = "x86_64_4level",
  name = "level_field_overlaps_level_field",
  levels = {
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 }, pat2 = { 13 } } },
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 12 }, pat2 = { 12 } } },
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 }, pat2 = { 9 } } },
  },
}
