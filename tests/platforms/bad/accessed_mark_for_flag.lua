-- expect: tests/platforms/bad/accessed_mark_for_flag.lua: accessed.mark: is for how = permissions
-- a flag needs no mark
return {
  extends = "arm64_s2_4k_ipa48",
  name = "accessed_mark_for_flag",
  accessed = { how = "fault", field = "af", mark = "software" },
}
