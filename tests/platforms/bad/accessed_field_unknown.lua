-- expect: tests/platforms/bad/accessed_field_unknown.lua: accessed.field: 'access_flag' is not a field
-- the access flag named by a field the layout does not have
return {
  extends = "arm64_s2_4k_ipa48",
  name = "accessed_field_unknown",
  accessed = { how = "fault", field = "access_flag" },
}
