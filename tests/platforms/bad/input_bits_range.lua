-- expect: tests/platforms/bad/input_bits_range.lua: input_bits: 72 is outside 12..63
-- input_bits beyond 64
return {
  extends = "x86_ept4",
  name = "input_bits_range",
  input_bits = 72,
}
