-- expect: tests/platforms/bad/reserved_empty_test.lua: reserved[1]: an empty test would make every entry reserved
-- the reserved test is empty, so it would match every entry
return {
  extends = "x86_ept4",
  name = "reserved_empty_test",
  reserved = {
    {},
  },
}
