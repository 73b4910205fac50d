-- expect: tests/platforms/bad/register_field_not_table.lua: registers.VTCR_EL2.T0SZ: must be {bits = {...}, value = N}
-- a register field is given as its value only
return {
  extends = "arm64_s2_4k_ipa48",
  name = "register_field_not_table",
  registers = {
    VTCR_EL2 = {
      IRGN0 = { bits = { 9, 8 }, value = 1 },
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      PS = { bits = { 18, 16 }, value = 5 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      SL0 = { bits = { 7, 6 }, value = 2 },
      T0SZ = 16,
      TG0 = { bits = { 15, 14 }, value = 0 },
    },
  },
}
