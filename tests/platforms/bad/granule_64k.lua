-- expect: tests/platforms/bad/granule_64k.lua: granule_shift: 64 KiB granules (16) are not supported yet: the runtime manages 4 KiB frames only; use 12
-- a 64 KiB granule is a real granule, but the runtime manages 4 KiB frames only
return {
  extends = "x86_ept4",
  name = "granule_64k",
  granule_shift = 16,
}
