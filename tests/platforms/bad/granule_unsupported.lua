-- expect: tests/platforms/bad/granule_unsupported.lua: granule_shift: 13 is not a supported granule (12, 14 or 16)
-- granule_shift 13 is not a supported granule
return {
  extends = "x86_ept4",
  name = "granule_unsupported",
  granule_shift = 13,
}
