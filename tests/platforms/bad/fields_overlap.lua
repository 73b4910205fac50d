-- expect: tests/platforms/bad/fields_overlap.lua: fields.ignore_pat: bits 6..6 overlap fields.memtype (3..6)
-- memtype widened to bit 6, which is ignore_pat
return {
  extends = "x86_ept4",
  name = "fields_overlap",
  fields = {
    accessed = { 8 },
    address = { 51, 12 },
    dirty = { 9 },
    exec = { 2 },
    ignore_pat = { 6 },
    memtype = { 6, 3 },
    page_size = { 7 },
    read = { 0 },
    suppress_ve = { 63 },
    user_exec = { 10 },
    write = { 1 },
  },
}
