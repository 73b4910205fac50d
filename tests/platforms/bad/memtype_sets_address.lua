-- expect: tests/platforms/bad/memtype_sets_address.lua: memory_types.uncached.address: is the address field: a memory type cannot set it
-- a memory type sets the address field
return {
  extends = "arm64_s2_4k_ipa48",
  name = "memtype_sets_address",
  memory_types = {
    device = {
      drops = { "X" },
      memattr = 1,
      sh = 0,
      why = "device memory is never executable",
      xn = 2,
    },
    normal = { memattr = 15, sh = 3 },
    uncached = { address = 1, memattr = 5, sh = 3 },
  },
}
