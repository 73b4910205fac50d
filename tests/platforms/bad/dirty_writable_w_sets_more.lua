-- expect: tests/platforms/bad/dirty_writable_w_sets_more.lua: dirty.writable: permissions.W sets 'contiguous' too: a clean leaf (only 'dbm') would not tell W from its absence
-- a clean leaf must read as not writable: W sets only the dirty bit and DBM
return {
  extends = "arm64_s2_4k_ipa48",
  name = "dirty_writable_w_sets_more",
  permissions = {
    R = { present = { s2ap_r = 1 } },
    W = { present = { s2ap_w = 1, dbm = 1, contiguous = 1 } },
    X = { present = { xn = 0 }, absent = { xn = 2 } },
  },
  dirty = { how = "hardware", field = "s2ap_w", writable = "dbm" },
}
