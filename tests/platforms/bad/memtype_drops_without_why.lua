-- expect: tests/platforms/bad/memtype_drops_without_why.lua: memory_types.device.why: required with drops: say why the permission is dropped
-- device drops X but does not say why
return {
  extends = "arm64_s2_4k_ipa48",
  name = "memtype_drops_without_why",
  memory_types = {
    device = { drops = { "X" }, memattr = 1, sh = 0, xn = 2 },
    normal = { memattr = 15, sh = 3 },
    uncached = { memattr = 5, sh = 3 },
  },
}
