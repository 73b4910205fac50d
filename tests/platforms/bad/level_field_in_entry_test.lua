-- expect: tests/platforms/bad/level_field_in_entry_test.lua: block.test.pat: is a level field (levels[].fields), whose position depends on the level: only permissions and memory types set one
-- a block told by a level field
return {
  extends = "x86_64_4level",
  name = "level_field_in_entry_test",
  levels = {
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 12 } } },
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 } } },
  },
  block = { set = { p = 1, ps = 1, a = 1 }, test = { ps = 1, pat = 0 } },
}
