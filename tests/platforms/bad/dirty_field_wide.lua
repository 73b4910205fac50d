-- expect: tests/platforms/bad/dirty_field_wide.lua: dirty.field: 'memtype' is 3 bits wide; it must be one bit
-- the dirty bit is one bit
return {
  extends = "x86_ept4",
  name = "dirty_field_wide",
  dirty = { how = "hardware", field = "memtype" },
}
