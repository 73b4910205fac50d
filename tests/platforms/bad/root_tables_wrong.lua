-- expect: tests/platforms/bad/root_tables_wrong.lua: root.tables: a 10-bit root index needs 2 table(s) of 512 entries, got 1
-- a 10-bit root index needs 2 concatenated tables, not 1
return {
  extends = "arm64_s2_4k_ipa40",
  name = "root_tables_wrong",
  root = { align = 8192, tables = 1 },
}
