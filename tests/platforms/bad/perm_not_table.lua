-- expect: tests/platforms/bad/perm_not_table.lua: permissions.R: must be {present = {...}, absent = {...}} or {implied = true}
-- permission R is given as a field name, not {present = ...}
return {
  extends = "x86_ept4",
  name = "perm_not_table",
  permissions = {
    R = "read",
    W = {
      present = { write = 1 },
    },
    X = {
      present = { exec = 1 },
    },
  },
}
