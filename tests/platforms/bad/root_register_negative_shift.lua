-- expect: tests/platforms/bad/root_register_negative_shift.lua: root_register.address.shift: -4 is outside 0..63
-- EPTP address shift below zero
return {
  extends = "x86_ept4",
  name = "root_register_negative_shift",
  root_register = {
    address = { bits = { 51, 12 }, shift = -4 },
    fields = {
      memtype = { bits = { 2, 0 }, value = 6 },
      walk_length = { bits = { 5, 3 }, value = 3 },
    },
    name = "EPTP",
  },
}
