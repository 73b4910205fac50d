-- expect: tests/platforms/bad/accessed_field_missing.lua: accessed.field: missing: how = fault names the access flag
-- fault and hardware name their flag
return {
  extends = "arm64_s2_4k_ipa48",
  name = "accessed_field_missing",
  accessed = { how = "fault" },
}
