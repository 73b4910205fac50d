-- expect: tests/platforms/bad/registers_not_table.lua: registers: must be a table of NAME = {field = {bits, value}}
-- registers is a register name, not a table
return {
  extends = "arm64_s2_4k_ipa48",
  name = "registers_not_table",
  registers = "VTCR_EL2",
}
