-- expect: tests/platforms/bad/roundtrip_drops.lua: encoding: R|DEVICE at depth 1 decodes back as R|X|DEVICE (want R|DEVICE)
-- device sets xn = 0 (executable) while claiming to drop X
return {
  extends = "arm64_s2_4k_ipa48",
  name = "roundtrip_drops",
  memory_types = {
    device = {
      drops = { "X" },
      memattr = 1,
      sh = 0,
      why = "device memory is never executable",
      xn = 0,
    },
    normal = { memattr = 15, sh = 3 },
    uncached = { memattr = 5, sh = 3 },
  },
}
