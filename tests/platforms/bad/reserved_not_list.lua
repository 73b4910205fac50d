-- expect: tests/platforms/bad/reserved_not_list.lua: reserved: must be a list of entry tests
-- reserved holds one test instead of a list of tests
return {
  extends = "x86_ept4",
  name = "reserved_not_list",
  reserved = { read = 0, write = 1 },
}
