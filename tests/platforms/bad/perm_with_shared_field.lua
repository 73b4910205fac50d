-- expect: tests/platforms/bad/perm_with_shared_field.lua: permissions.X.with.U.present.ap_el0: field already used by permissions.U
-- the encodings of X cannot use the field that tells U
return {
  extends = "arm64_s1_4k_va48",
  name = "perm_with_shared_field",
  permissions = {
    R = { implied = true },
    W = { present = { ap_ro = 0 }, absent = { ap_ro = 1 } },
    U = { present = { ap_el0 = 1 } },
    X = { present = { pxn = 0, uxn = 1, ap_el0 = 0 }, absent = { pxn = 1, uxn = 1, ap_el0 = 0 }, with = { U = { present = { pxn = 1, uxn = 0, ap_el0 = 1 } } } },
  },
}
