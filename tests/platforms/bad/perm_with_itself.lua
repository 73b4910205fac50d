-- expect: tests/platforms/bad/perm_with_itself.lua: permissions.X.with.X: a permission cannot depend on itself
-- X cannot be encoded by whether X is granted
return {
  extends = "arm64_s1_4k_va48",
  name = "perm_with_itself",
  permissions = {
    R = { implied = true },
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = { present = { ap_el0 = 1 } },
    X = { present = { pxn = 0, uxn = 1 }, absent = { pxn = 1, uxn = 1 }, with = { X = { present = { pxn = 1, uxn = 0 } } } },
  },
}
