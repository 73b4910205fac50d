-- expect: tests/platforms/bad/test_not_table.lua: block.test: must be a table {field = value, any = {...}}
-- block.test is written as a bare value, not a test table
return {
  extends = "x86_ept4",
  name = "test_not_table",
  block = {
    set = { page_size = 1 },
    test = 1,
  },
}
