-- expect: tests/platforms/bad/bbm_listed_twice.lua: break_before_make[3]: 'kind' is listed twice (first at break_before_make[1])
-- the same change kind listed twice
return {
  extends = "arm64_s2_4k_ipa48",
  name = "bbm_listed_twice",
  break_before_make = { "kind", "output_address", "kind" },
}
