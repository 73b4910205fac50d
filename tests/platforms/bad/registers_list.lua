-- expect: tests/platforms/bad/registers_list.lua: registers.1: register names must be identifiers
-- registers is a list, so the register has no name
return {
  extends = "arm64_s2_4k_ipa48",
  name = "registers_list",
  registers = {
    {
      IRGN0 = { bits = { 9, 8 }, value = 1 },
      ORGN0 = { bits = { 11, 10 }, value = 1 },
      PS = { bits = { 18, 16 }, value = 5 },
      SH0 = { bits = { 13, 12 }, value = 3 },
      SL0 = { bits = { 7, 6 }, value = 2 },
      T0SZ = { bits = { 5, 0 }, value = 16 },
      TG0 = { bits = { 15, 14 }, value = 0 },
    },
  },
}
