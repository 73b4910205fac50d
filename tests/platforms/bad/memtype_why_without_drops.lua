-- expect: tests/platforms/bad/memtype_why_without_drops.lua: memory_types.uncached.why: given without drops: there is nothing to explain
-- a memory type explains drops it does not make
return {
  extends = "arm64_s2_4k_ipa48",
  name = "memtype_why_without_drops",
  memory_types = {
    device = {
      drops = { "X" },
      memattr = 1,
      sh = 0,
      why = "device memory is never executable",
      xn = 2,
    },
    normal = { memattr = 15, sh = 3 },
    uncached = { memattr = 5, sh = 3, why = "no reason" },
  },
}
