-- expect: tests/platforms/bad/address_shift_range.lua: address.shift: 13 must be in 0..granule_shift (12)
-- address.shift 13 is beyond granule_shift 12
return {
  extends = "x86_ept4",
  name = "address_shift_range",
  address = { field = "address", shift = 13 },
}
