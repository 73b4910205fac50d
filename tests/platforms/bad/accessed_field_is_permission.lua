-- expect: tests/platforms/bad/accessed_field_is_permission.lua: accessed.field: 's2ap_w' is used by permissions.W
-- the access flag cannot be a permission bit
return {
  extends = "arm64_s2_4k_ipa48",
  name = "accessed_field_is_permission",
  accessed = { how = "hardware", field = "s2ap_w" },
}
