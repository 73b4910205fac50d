-- expect: tests/platforms/bad/valid_holds_for_zero.lua: valid: an all-zero entry would be valid; zero must mean 'not mapped'
-- valid tests v = 0, so an all-zero entry would be valid
return {
  extends = "riscv_sv39x4",
  name = "valid_holds_for_zero",
  valid = { v = 0 },
}
