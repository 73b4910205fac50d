-- expect: tests/platforms/bad/perm_implied_false.lua: permissions.R.implied: must be true (a permission with fields of its own gives present = {...})
-- implied = false says nothing: a permission is either implied or has fields
return {
  extends = "arm64_s2_4k_ipa48",
  name = "perm_implied_false",
  permissions = {
    R = { implied = false },
    W = { present = { s2ap_w = 1 } },
    X = { present = { xn = 0 }, absent = { xn = 2 } },
  },
}
