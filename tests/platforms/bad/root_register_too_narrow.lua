-- expect: tests/platforms/bad/root_register_too_narrow.lua: root_register.address.bits: bits 12..39 hold root addresses up to bit 39, but output_bits = 52
-- EPTP root address field cut at bit 39 while host addresses reach bit 51
return {
  extends = "x86_ept4",
  name = "root_register_too_narrow",
  root_register = {
    address = { bits = { 39, 12 }, shift = 12 },
    fields = {
      memtype = { bits = { 2, 0 }, value = 6 },
      walk_length = { bits = { 5, 3 }, value = 3 },
    },
    name = "EPTP",
  },
}
