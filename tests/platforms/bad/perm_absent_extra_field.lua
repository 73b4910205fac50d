-- expect: tests/platforms/bad/perm_absent_extra_field.lua: permissions.X.absent.s2ap_r: sets a field that present does not
-- permission X absent also sets s2ap_r, which its present does not
return {
  extends = "arm64_s2_4k_ipa48",
  name = "perm_absent_extra_field",
  permissions = {
    R = {
      present = { s2ap_r = 1 },
    },
    W = {
      present = { s2ap_w = 1 },
    },
    X = {
      absent = { s2ap_r = 0, xn = 2 },
      present = { xn = 0 },
    },
  },
}
