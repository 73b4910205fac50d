-- expect: tests/platforms/bad/reserved_matches_table.lua: reserved[1]: matches table entries built from table.set
-- the reserved test matches the table entries' read = write = 1
return {
  extends = "x86_ept4",
  name = "reserved_matches_table",
  reserved = {
    { read = 1, write = 1 },
  },
}
