-- expect: tests/platforms/bad/unknown_top_field.lua: software_field: unknown field
-- typo in a top-level field name (software_field)
return {
  extends = "x86_ept4",
  name = "unknown_top_field",
  software_field = {},
}
