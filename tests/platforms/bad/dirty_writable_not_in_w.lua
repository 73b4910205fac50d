-- expect: tests/platforms/bad/dirty_writable_not_in_w.lua: dirty.writable: permissions.W must set 'dbm' to 1 when present and 0 when absent: with writable, 's2ap_w' is the write permission the MMU sets and 'dbm' lets it
-- with DBM, W must set DBM too
return {
  extends = "arm64_s2_4k_ipa48",
  name = "dirty_writable_not_in_w",
  dirty = { how = "hardware", field = "s2ap_w", writable = "dbm" },
}
