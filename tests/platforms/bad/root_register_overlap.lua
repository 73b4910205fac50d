-- expect: tests/platforms/bad/root_register_overlap.lua: root_register.fields.walk_length.bits: bits 11..13 overlap root_register.address (12..51)
-- EPTP walk_length moved onto the address bits
return {
  extends = "x86_ept4",
  name = "root_register_overlap",
  root_register = {
    address = { bits = { 51, 12 }, shift = 12 },
    fields = {
      memtype = { bits = { 2, 0 }, value = 6 },
      walk_length = { bits = { 13, 11 }, value = 3 },
    },
    name = "EPTP",
  },
}
