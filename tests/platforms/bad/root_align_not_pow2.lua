-- expect: tests/platforms/bad/root_align_not_pow2.lua: root.align: 12288 is not a power of two
-- root.align 12288 is not a power of two
return {
  extends = "riscv_sv39x4",
  name = "root_align_not_pow2",
  root = { align = 12288, tables = 4 },
}
