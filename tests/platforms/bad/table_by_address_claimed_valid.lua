-- expect: tests/platforms/bad/table_by_address_claimed_valid.lua: valid: an entry holding only software field software's lowest bit (0x80) would be valid; ptforge marks a slot a fault is filling with it, so it must be invalid
-- the claimed value must be invalid
return {
  extends = "loongarch64_4level",
  name = "table_by_address_claimed_valid",
  valid = { any = { "v", "software" } },
}
