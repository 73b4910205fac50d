-- expect: tests/platforms/bad/bbm_memory_type_without_field.lua: break_before_make[1]: 'memory_type': no memory type sets a field of its own (they all encode alike), so there is no memory-type field to change
-- memory_type listed for Sv39x4 without Svpbmt, whose memory types are all the same as normal
return {
  extends = "riscv_sv39x4",
  name = "bbm_memory_type_without_field",
  break_before_make = { "memory_type" },
}
