-- expect: tests/platforms/bad/input_bits_float.lua: input_bits: must be an integer, got float 48.0
-- a float where an integer is needed
return {
  extends = "arm64_s2_4k_ipa48",
  name = "input_bits_float",
  input_bits = 48.0,
}
