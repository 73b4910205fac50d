-- expect: tests/platforms/bad/test_value_not_integer.lua: page.set.af: value must be an integer, got boolean
-- page.set gives af as true instead of 1
return {
  extends = "arm64_s2_4k_ipa48",
  name = "test_value_not_integer",
  page = {
    set = { af = true, table_or_page = 1, valid = 1 },
    test = { table_or_page = 1 },
  },
}
