-- expect: tests/platforms/bad/table_by_address_page_test.lua: page.test: also matches table entries, and tables are told by their address: a page must be told from a table
-- with no valid bit in tables, a page must test its own
return {
  extends = "loongarch64_4level",
  name = "table_by_address_page_test",
  page = { set = { v = 1 }, test = {} },
}
