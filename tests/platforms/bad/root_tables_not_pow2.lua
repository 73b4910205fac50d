-- expect: tests/platforms/bad/root_tables_not_pow2.lua: root.tables: 3 is not a power of two in 1..16
-- root.tables is not a power of two
return {
  extends = "riscv_sv39x4",
  name = "root_tables_not_pow2",
  root = { align = 16384, tables = 3 },
}
