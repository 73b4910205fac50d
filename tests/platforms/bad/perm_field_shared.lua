-- expect: tests/platforms/bad/perm_field_shared.lua: permissions.X.present.w: field already used by permissions.W
-- permission X uses the w field, already W's
return {
  extends = "riscv_sv39x4",
  name = "perm_field_shared",
  permissions = {
    R = {
      present = { r = 1 },
    },
    W = {
      present = { d = 1, w = 1 },
    },
    X = {
      present = { w = 1 },
    },
  },
}
