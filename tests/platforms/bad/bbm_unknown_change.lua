-- expect: tests/platforms/bad/bbm_unknown_change.lua: break_before_make[2]: 'size' is not a change kind (kind, output_address, memory_type)
-- a change of block size is "kind", not "size"
return {
  extends = "arm64_s2_4k_ipa48",
  name = "bbm_unknown_change",
  break_before_make = { "output_address", "size" },
}
