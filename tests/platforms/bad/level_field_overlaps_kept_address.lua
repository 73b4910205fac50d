-- expect: tests/platforms/bad/level_field_overlaps_kept_address.lua: levels[3].fields.pat: bits 21..21 overlap the output address a leaf here keeps (0xfffffffe00000)
-- PAT on bit 21, which a 2 MiB leaf keeps of its address
return {
  extends = "x86_64_4level",
  name = "level_field_overlaps_kept_address",
  levels = {
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 21 } } },
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 } } },
  },
}
