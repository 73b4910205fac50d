-- expect: tests/platforms/bad/perm_with_implied.lua: permissions.X.with.R: permissions.R is implied: no field of its own tells when it is granted
-- an implied permission sets no bit that could select the encoding
return {
  extends = "arm64_s1_4k_va48",
  name = "perm_with_implied",
  permissions = {
    R = { implied = true },
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = { present = { ap_el0 = 1 } },
    X = { present = { pxn = 0, uxn = 1 }, absent = { pxn = 1, uxn = 1 }, with = { R = { present = { pxn = 1, uxn = 0 } } } },
  },
}
