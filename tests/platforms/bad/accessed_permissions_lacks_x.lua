-- expect: tests/platforms/bad/accessed_permissions_lacks_x.lua: accessed.how: 'permissions' needs permissions.X: a leaf is aged by taking R, W and X away
-- a format without X cannot take it away
return {
  extends = "riscv_sv39x4",
  name = "accessed_permissions_lacks_x",
  permissions = { R = { present = { r = 1 } }, W = { present = { w = 1 } } },
  accessed = { how = "permissions" },
}
