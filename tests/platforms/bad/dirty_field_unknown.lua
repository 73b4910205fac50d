-- expect: tests/platforms/bad/dirty_field_unknown.lua: dirty.field: 'dirt' is not a field
-- the dirty bit must be a field
return {
  extends = "x86_ept4",
  name = "dirty_field_unknown",
  dirty = { how = "hardware", field = "dirt" },
}
