-- expect: tests/platforms/bad/field_named_any.lua: fields.any: field names must be identifiers other than 'any'
-- the user_exec field is renamed "any", a name entry tests reserve for their any-list
return {
  extends = "x86_ept4",
  name = "field_named_any",
  fields = {
    accessed = { 8 },
    address = { 51, 12 },
    any = { 10 },
    dirty = { 9 },
    exec = { 2 },
    ignore_pat = { 6 },
    memtype = { 5, 3 },
    page_size = { 7 },
    read = { 0 },
    suppress_ve = { 63 },
    write = { 1 },
  },
}
