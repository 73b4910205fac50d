-- expect: tests/platforms/bad/perm_with_chain.lua: permissions.X.with.U: permissions.U depends on another permission itself
-- the permission that selects an encoding must decode on its own
return {
  extends = "arm64_s1_4k_va48",
  name = "perm_with_chain",
  permissions = {
    R = { implied = true },
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = { present = { ap_el0 = 1 }, with = { W = { present = { ap_el0 = 1 } } } },
    X = { present = { pxn = 0, uxn = 1 }, absent = { pxn = 1, uxn = 1 }, with = { U = { present = { pxn = 1, uxn = 0 } } } },
  },
}
