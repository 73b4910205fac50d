-- expect: tests/platforms/bad/table_by_address_any.lua: table.test.any: cannot be given with by_address: the address field is what must be non-zero
-- by_address is itself the any-test (the address)
return {
  extends = "loongarch64_4level",
  name = "table_by_address_any",
  table = { set = {}, test = { v = 0, g_huge = 0, any = { "d" } }, by_address = true },
}
