-- expect: tests/platforms/bad/levels_empty.lua: levels: must be a non-empty list, root first
-- levels is an empty list
return {
  extends = "x86_ept4",
  name = "levels_empty",
  levels = {},
}
