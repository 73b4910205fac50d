-- expect: tests/platforms/bad/memtype_not_table.lua: memory_types.device: must be a table of field = value
-- memory type device is given as a bare memtype value
return {
  extends = "x86_ept4",
  name = "memtype_not_table",
  memory_types = {
    device = 0,
    normal = { memtype = 6 },
    uncached = { same_as = "device" },
  },
}
