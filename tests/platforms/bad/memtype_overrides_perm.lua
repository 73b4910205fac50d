-- expect: tests/platforms/bad/memtype_overrides_perm.lua: memory_types.device.xn: field also set by permissions.X; list X in drops to say the memory type overrides it
-- device sets xn (permission X's field) without drops
return {
  extends = "arm64_s2_4k_ipa48",
  name = "memtype_overrides_perm",
  memory_types = {
    device = { memattr = 1, sh = 0, xn = 2 },
    normal = { memattr = 15, sh = 3 },
    uncached = { memattr = 5, sh = 3 },
  },
}
