-- expect: tests/platforms/bad/register_value_missing.lua: registers.VTCR_EL2.SL0.value: missing (required)
-- a register field has bits but no value
return {
  extends = "arm64_s2_4k_ipa48",
  name = "register_value_missing",
  registers = {
    VTCR_EL2 = {
      IRGN0 = { bits = { 9, 8 }, value = 1 },
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      PS = { bits = { 18, 16 }, value = 5 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      SL0 = { bits = { 7, 6 } },
      T0SZ = { bits = { 5, 0 }, value = 16 },
      TG0 = { bits = { 15, 14 }, value = 0 },
    },
  },
}
