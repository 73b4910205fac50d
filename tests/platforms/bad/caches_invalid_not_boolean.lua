-- expect: tests/platforms/bad/caches_invalid_not_boolean.lua: caches_invalid_entries: must be true or false
-- caches_invalid_entries written as a string
return {
  extends = "x86_ept4",
  name = "caches_invalid_not_boolean",
  caches_invalid_entries = "no",
}
