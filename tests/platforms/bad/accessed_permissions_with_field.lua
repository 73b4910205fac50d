-- expect: tests/platforms/bad/accessed_permissions_with_field.lua: accessed.field: is for how = hardware or fault; how = permissions takes the permissions away instead
-- ageing by permissions has no flag to name
return {
  extends = "x86_ept4",
  name = "accessed_permissions_with_field",
  accessed = { how = "permissions", field = "accessed", mark = "aged" },
}
