-- expect: tests/platforms/bad/perm_with_same_values.lua: permissions.X.with.U: present and absent are the same values; the permission could not be decoded
-- with U, present and absent must differ
return {
  extends = "arm64_s1_4k_va48",
  name = "perm_with_same_values",
  permissions = {
    R = { implied = true },
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = { present = { ap_el0 = 1 } },
    X = { present = { pxn = 0, uxn = 1 }, absent = { pxn = 1, uxn = 1 }, with = { U = { present = { pxn = 1, uxn = 1 }, absent = { pxn = 1, uxn = 1 } } } },
  },
}
