-- expect: tests/platforms/bad/not_a_table.lua: must return a table, got nil
-- builds the table but never returns it
local format = {
  extends = "x86_ept4",
  name = "not_a_table",
}
