-- expect: tests/platforms/bad/perm_present_not_table.lua: permissions.R.present: must be a table of field = value
-- permission R present is a bare value, not a field table
return {
  extends = "x86_ept4",
  name = "perm_present_not_table",
  permissions = {
    R = { present = 1 },
    W = {
      present = { write = 1 },
    },
    X = {
      present = { exec = 1 },
    },
  },
}
