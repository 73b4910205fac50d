-- expect: tests/platforms/bad/same_as_self.lua: memory_types.uncached.same_as: must name another memory type
-- uncached is declared the same as itself
return {
  extends = "x86_ept4",
  name = "same_as_self",
  memory_types = {
    device = { memtype = 0 },
    normal = { memtype = 6 },
    uncached = { same_as = "uncached" },
  },
}
