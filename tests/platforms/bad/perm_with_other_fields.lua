-- expect: tests/platforms/bad/perm_with_other_fields.lua: permissions.X.with.U.present: does not set pxn: both encodings set the same fields
-- both encodings of X must set the same fields, so one mask decodes them
return {
  extends = "arm64_s1_4k_va48",
  name = "perm_with_other_fields",
  permissions = {
    R = { implied = true },
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = { present = { ap_el0 = 1 } },
    X = { present = { pxn = 0, uxn = 1 }, absent = { pxn = 1, uxn = 1 }, with = { U = { present = { uxn = 0 } } } },
  },
}
