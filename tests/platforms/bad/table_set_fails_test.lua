-- expect: tests/platforms/bad/table_set_fails_test.lua: table.set: a table entry built from set fails table.test
-- table.set forgets table_or_page = 1, so it fails table.test
return {
  extends = "arm64_s2_4k_ipa40",
  name = "table_set_fails_test",
  table = {
    set = { valid = 1 },
    test = { table_or_page = 1 },
  },
}
