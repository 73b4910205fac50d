-- expect: tests/platforms/bad/input_bits_string.lua: input_bits: must be an integer, got string
-- input_bits written as a string
return {
  extends = "x86_ept4",
  name = "input_bits_string",
  input_bits = "48",
}
