-- expect: tests/platforms/bad/level_field_overlaps_used_field.lua: levels[3].fields.pat: bits 7..7 overlap fields.ps (7..7), which leaves at this level use
-- PAT on bit 7 of a 2 MiB leaf, where it has PS
return {
  extends = "x86_64_4level",
  name = "level_field_overlaps_used_field",
  levels = {
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 7 } } },
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 } } },
  },
}
