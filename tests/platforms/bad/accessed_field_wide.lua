-- expect: tests/platforms/bad/accessed_field_wide.lua: accessed.field: 'memattr' is 4 bits wide; it must be one bit
-- an access flag is one bit
return {
  extends = "arm64_s2_4k_ipa48",
  name = "accessed_field_wide",
  accessed = { how = "fault", field = "memattr" },
}
