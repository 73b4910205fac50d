-- expect: tests/platforms/bad/output_bits_range.lua: output_bits: 64 is outside 12..63
-- output_bits 64: at most 63 address bits are supported
return {
  extends = "arm64_s2_4k_ipa48",
  name = "output_bits_range",
  output_bits = 64,
}
