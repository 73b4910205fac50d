-- expect: tests/platforms/bad/granule_16k.lua: granule_shift: 16 KiB granules (14) are not supported yet: the runtime manages 4 KiB frames only; use 12
-- a 16 KiB granule is a real granule, but the runtime manages 4 KiB frames only
return {
  extends = "x86_ept4",
  name = "granule_16k",
  granule_shift = 14,
}
