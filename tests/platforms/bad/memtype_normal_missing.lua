-- expect: tests/platforms/bad/memtype_normal_missing.lua: memory_types.normal: missing (required)
-- memory_types has device and uncached but no normal
return {
  extends = "x86_ept4",
  name = "memtype_normal_missing",
  memory_types = {
    device = { memtype = 0 },
    uncached = { same_as = "device" },
  },
}
