-- expect: tests/platforms/bad/address_too_narrow.lua: address.field: fields.address holds physical address bits up to 47, but output_bits = 52
-- the address field stops at bit 47, but output_bits = 52
return {
  extends = "x86_ept4",
  name = "address_too_narrow",
  fields = {
    accessed = { 8 },
    address = { 47, 12 },
    dirty = { 9 },
    exec = { 2 },
    ignore_pat = { 6 },
    memtype = { 5, 3 },
    page_size = { 7 },
    read = { 0 },
    suppress_ve = { 63 },
    user_exec = { 10 },
    write = { 1 },
  },
}
