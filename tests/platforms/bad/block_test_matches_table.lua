-- expect: tests/platforms/bad/block_test_matches_table.lua: block.test: also matches table entries; a table and a block must be told apart
-- block.test checks valid instead of table_or_page, so tables match it
return {
  extends = "arm64_s2_4k_ipa48",
  name = "block_test_matches_table",
  block = {
    set = { af = 1, table_or_page = 0, valid = 1 },
    test = { valid = 1 },
  },
}
