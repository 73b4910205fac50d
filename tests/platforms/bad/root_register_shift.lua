-- expect: tests/platforms/bad/root_register_shift.lua: root_register.address.shift: drops address bits below 13, but the root is only 4096-byte aligned
-- EPTP address shift 13 would drop bit 12 of a 4 KiB-aligned root
return {
  extends = "x86_ept4",
  name = "root_register_shift",
  root_register = {
    address = { bits = { 51, 12 }, shift = 13 },
    fields = {
      memtype = { bits = { 2, 0 }, value = 6 },
      walk_length = { bits = { 5, 3 }, value = 3 },
    },
    name = "EPTP",
  },
}
