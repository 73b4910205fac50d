-- expect: tests/platforms/bad/memtype_field_is_constant.lua: memory_types.normal.af: field is also a constant of block.set
-- memory type normal sets af, a constant of block.set and page.set
return {
  extends = "arm64_s2_4k_ipa48",
  name = "memtype_field_is_constant",
  memory_types = {
    device = {
      drops = { "X" },
      memattr = 1,
      sh = 0,
      why = "device memory is never executable",
      xn = 2,
    },
    normal = { af = 1, memattr = 15, sh = 3 },
    uncached = { memattr = 5, sh = 3 },
  },
}
