-- expect: tests/platforms/bad/pte_bits_48.lua: pte_bits: 48 is not 32 or 64
-- pte_bits must be 32 or 64
return {
  extends = "x86_ept4",
  name = "pte_bits_48",
  pte_bits = 48,
}
