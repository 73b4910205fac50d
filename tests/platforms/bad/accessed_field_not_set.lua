-- expect: tests/platforms/bad/accessed_field_not_set.lua: accessed.field: 'dbm' is not set to 1 in block.set: a new leaf must start accessed
-- a new leaf must start with its access flag set
return {
  extends = "arm64_s2_4k_ipa48",
  name = "accessed_field_not_set",
  accessed = { how = "fault", field = "dbm" },
}
