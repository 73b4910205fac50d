-- expect: tests/platforms/bad/granule_unsupported.lua: granule_shift: 13 is not a granule ptforge supports (12 is 4 KiB, 14 is 16 KiB, 16 is 64 KiB)
-- granule_shift 13 is not a granule at all
return {
  extends = "x86_ept4",
  name = "granule_unsupported",
  granule_shift = 13,
}
