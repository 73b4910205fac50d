-- expect: tests/platforms/bad/memtype_same_encoding.lua: memory_types.uncached: encodes like memory_types.device; use same_as = "device" if that is meant
-- uncached repeats device's encoding instead of same_as
return {
  extends = "x86_ept4",
  name = "memtype_same_encoding",
  memory_types = {
    device = { memtype = 0 },
    normal = { memtype = 6 },
    uncached = { memtype = 0 },
  },
}
