-- expect: tests/platforms/bad/perm_field_is_constant.lua: permissions.U.present.u: field is also a constant of block.set
-- permission U uses u, which block.set and page.set already fix to 1
return {
  extends = "riscv_sv39x4",
  name = "perm_field_is_constant",
  permissions = {
    R = {
      present = { r = 1 },
    },
    U = {
      present = { u = 1 },
    },
    W = {
      present = { d = 1, w = 1 },
    },
    X = {
      present = { x = 1 },
    },
  },
}
