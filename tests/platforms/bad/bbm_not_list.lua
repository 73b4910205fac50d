-- expect: tests/platforms/bad/bbm_not_list.lua: break_before_make: must be a list, each a change kind (kind, output_address, memory_type)
-- break_before_make written as a yes/no instead of the list of changes that need a break
return {
  extends = "arm64_s2_4k_ipa48",
  name = "bbm_not_list",
  break_before_make = true,
}
