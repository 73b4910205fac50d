-- expect: tests/platforms/bad/register_fields_not_table.lua: root_register.fields: must be a table of name = {bits = {...}, value = N}
-- root_register.fields is a number
return {
  extends = "x86_ept4",
  name = "register_fields_not_table",
  root_register = {
    address = { bits = { 51, 12 }, shift = 12 },
    fields = 30,
    name = "EPTP",
  },
}
