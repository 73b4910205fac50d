-- expect: tests/platforms/bad/memtype_value_too_big.lua: memory_types.normal.memtype: value 8 does not fit 3-bit field
-- memtype 8 does not fit the 3-bit memtype field
return {
  extends = "x86_ept4",
  name = "memtype_value_too_big",
  memory_types = {
    device = { memtype = 0 },
    normal = { memtype = 8 },
    uncached = { same_as = "device" },
  },
}
