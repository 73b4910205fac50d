-- expect: tests/platforms/bad/root_index_short.lua: levels[1].index: root index tops out at bit 40, but input_bits = 39 needs bit 38
-- input_bits forgets the x4 (39, but the root index reaches bit 40)
return {
  extends = "riscv_sv39x4",
  name = "root_index_short",
  input_bits = 39,
}
