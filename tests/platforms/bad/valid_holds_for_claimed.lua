-- expect: tests/platforms/bad/valid_holds_for_claimed.lua: valid: an entry holding only the address field's lowest bit (0x400) would be valid; ptforge marks a slot a fault is filling with it, so it must be invalid
-- valid is any of V or the address field, so an entry holding one address bit is valid
return {
  extends = "riscv_sv39x4",
  name = "valid_holds_for_claimed",
  valid = { any = { "v", "ppn" } },
}
