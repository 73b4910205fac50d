-- expect: tests/platforms/bad/table_not_table.lua: table: must be a table {set = {...}, test = {...}}
-- table is given as true instead of {set, test}
return {
  extends = "x86_ept4",
  name = "table_not_table",
  table = true,
}
