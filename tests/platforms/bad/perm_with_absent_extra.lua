-- expect: tests/platforms/bad/perm_with_absent_extra.lua: permissions.X.with.U.absent.ng: sets a field that present does not
-- absent sets only fields present sets
return {
  extends = "arm64_s1_4k_va48",
  name = "perm_with_absent_extra",
  permissions = {
    R = { implied = true },
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = { present = { ap_el0 = 1 } },
    X = { present = { pxn = 0, uxn = 1 }, absent = { pxn = 1, uxn = 1 }, with = { U = { present = { pxn = 1, uxn = 0 }, absent = { pxn = 1, uxn = 1, ng = 0 } } } },
  },
}
