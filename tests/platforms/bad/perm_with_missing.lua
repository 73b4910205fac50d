-- expect: tests/platforms/bad/perm_with_missing.lua: permissions.X.with.U: permissions.U is not given
-- the permission a second encoding depends on must exist
return {
  extends = "arm64_s1_4k_va48",
  name = "perm_with_missing",
  permissions = {
    R = { implied = true },
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = nil,
    X = { present = { pxn = 0, uxn = 1 }, absent = { pxn = 1, uxn = 1 }, with = { U = { present = { pxn = 1, uxn = 0 } } } },
  },
}
