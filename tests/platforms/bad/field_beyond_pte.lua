-- expect: tests/platforms/bad/field_beyond_pte.lua: fields.suppress_ve: bits 64..64 do not fit a 64-bit entry
-- suppress_ve at bit 64 of a 64-bit entry
return {
  extends = "x86_ept4",
  name = "field_beyond_pte",
  fields = {
    accessed = { 8 },
    address = { 51, 12 },
    dirty = { 9 },
    exec = { 2 },
    ignore_pat = { 6 },
    memtype = { 5, 3 },
    page_size = { 7 },
    read = { 0 },
    suppress_ve = { 64 },
    user_exec = { 10 },
    write = { 1 },
  },
}
