-- expect: tests/platforms/bad/perm_implied_with_fields.lua: permissions.R.present: unknown field
-- an implied permission sets no field of its own
return {
  extends = "arm64_s2_4k_ipa48",
  name = "perm_implied_with_fields",
  permissions = {
    R = { implied = true, present = { s2ap_r = 1 } },
    W = { present = { s2ap_w = 1 } },
    X = { present = { xn = 0 }, absent = { xn = 2 } },
  },
}
