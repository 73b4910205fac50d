-- expect: tests/platforms/bad/dirty_field_is_permission.lua: dirty.field: 'd' is used by permissions.W: the MMU sets it, so no encoding may (a writable leaf starts clean)
-- RISC-V base sets D with W (Svade): a Svadu format must not
return {
  extends = "riscv_sv39x4",
  name = "dirty_field_is_permission",
  dirty = { how = "hardware", field = "d" },
}
