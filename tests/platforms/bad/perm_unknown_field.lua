-- expect: tests/platforms/bad/perm_unknown_field.lua: permissions.R.present.rd: no such field in fields
-- permission R names a field that does not exist
return {
  extends = "x86_ept4",
  name = "perm_unknown_field",
  permissions = {
    R = {
      present = { rd = 1 },
    },
    W = {
      present = { write = 1 },
    },
    X = {
      present = { exec = 1 },
    },
  },
}
