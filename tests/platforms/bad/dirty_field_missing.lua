-- expect: tests/platforms/bad/dirty_field_missing.lua: dirty.field: missing: names the bit the MMU sets on a write
-- hardware dirty bits need the bit the MMU sets
return {
  extends = "x86_ept4",
  name = "dirty_field_missing",
  dirty = { how = "hardware" },
}
