-- expect: tests/platforms/bad/field_negative_bit.lua: fields.fnxs: bit -1: bit numbers start at 0
-- a field at a negative bit
return {
  extends = "arm64_s2_4k_ipa48",
  name = "field_negative_bit",
  fields = {
    address = { 47, 12 },
    af = { 10 },
    contiguous = { 52 },
    dbm = { 51 },
    fnxs = { -1 },
    memattr = { 5, 2 },
    s2ap_r = { 6 },
    s2ap_w = { 7 },
    sh = { 9, 8 },
    software = { 58, 55 },
    table_or_page = { 1 },
    valid = { 0 },
    xn = { 54, 53 },
  },
}
