-- expect: tests/platforms/bad/perm_with_two.lua: permissions.X.with: names 2 permissions; one at most
-- a second encoding depends on one other permission
return {
  extends = "arm64_s1_4k_va48",
  name = "perm_with_two",
  permissions = {
    R = { implied = true },
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = { present = { ap_el0 = 1 } },
    X = { present = { pxn = 0, uxn = 1 }, absent = { pxn = 1, uxn = 1 }, with = { U = { present = { pxn = 1, uxn = 0 } }, W = { present = { pxn = 1, uxn = 0 } } } },
  },
}
