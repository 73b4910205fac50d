-- expect: tests/platforms/bad/dirty_writable_unknown.lua: dirty.writable: 'dmb' is not a field
-- writable names a field
return {
  extends = "arm64_s2_4k_ipa48",
  name = "dirty_writable_unknown",
  dirty = { how = "hardware", field = "s2ap_w", writable = "dmb" },
}
