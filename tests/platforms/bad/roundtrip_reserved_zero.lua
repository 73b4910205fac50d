-- expect: tests/platforms/bad/roundtrip_reserved_zero.lua: encoding: R|UNCACHED at depth 0 sets reserved-zero bits 0x2000000000000000
-- uncached sets pbmt, which is listed reserved-zero
return {
  extends = "riscv_sv39x4",
  name = "roundtrip_reserved_zero",
  memory_types = {
    device = { same_as = "normal" },
    normal = {},
    uncached = { pbmt = 1 },
  },
}
