-- expect: tests/platforms/bad/table_set_not_valid.lua: table.set: a table entry built from set fails the valid test (a table entry without a valid bit says table.by_address = true)
-- table.set forgets v = 1, so a table entry is not valid
return {
  extends = "riscv_sv39x4",
  name = "table_set_not_valid",
  table = {
    set = { g = 1 },
    test = { r = 0, w = 0, x = 0 },
  },
}
