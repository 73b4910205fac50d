-- expect: tests/platforms/bad/address_field_unknown.lua: address.field: no such field 'addr' in fields
-- address.field names a field that does not exist
return {
  extends = "x86_ept4",
  name = "address_field_unknown",
  address = { field = "addr", shift = 12 },
}
