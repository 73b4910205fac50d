-- expect: tests/platforms/bad/same_as_alias.lua: memory_types.uncached.same_as: 'device' must be a memory type with its own encoding
-- uncached is the same as device, which is itself an alias
return {
  extends = "riscv_sv39x4",
  name = "same_as_alias",
  memory_types = {
    device = { same_as = "normal" },
    normal = {},
    uncached = { same_as = "device" },
  },
}
