-- expect: tests/platforms/bad/level_field_width_differs.lua: levels[3].fields.pat: 2 bits wide, but 1 at levels[2]
-- PAT two bits wide at the 2 MiB level
return {
  extends = "x86_64_4level",
  name = "level_field_width_differs",
  levels = {
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 13, 12 } } },
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 } } },
  },
}
