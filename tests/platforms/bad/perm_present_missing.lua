-- expect: tests/platforms/bad/perm_present_missing.lua: permissions.X.present: missing (required)
-- permission X gives only absent, no present
return {
  extends = "arm64_s2_4k_ipa48",
  name = "perm_present_missing",
  permissions = {
    R = {
      present = { s2ap_r = 1 },
    },
    W = {
      present = { s2ap_w = 1 },
    },
    X = {
      absent = { xn = 2 },
    },
  },
}
