-- expect: tests/platforms/bad/test_any_empty.lua: valid.any: must name at least one field
-- valid uses an empty any list
return {
  extends = "arm64_s2_4k_ipa48",
  name = "test_any_empty",
  valid = { any = {} },
}
