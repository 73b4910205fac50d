-- expect: tests/platforms/bad/perm_present_is_absent.lua: permissions.X.present.xn: same value as when absent; the permission could not be decoded
-- permission X has the same xn value present and absent
return {
  extends = "arm64_s2_4k_ipa40",
  name = "perm_present_is_absent",
  permissions = {
    R = {
      present = { s2ap_r = 1 },
    },
    W = {
      present = { s2ap_w = 1 },
    },
    X = {
      absent = { xn = 2 },
      present = { xn = 2 },
    },
  },
}
