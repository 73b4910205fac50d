-- expect: tests/platforms/bad/roundtrip_reserved_leaf.lua: encoding: the leaf for R at depth 1 (0x00000000000000b1) decodes as invalid (matches reserved[1])
-- the reserved test matches read-only leaves, so they decode as invalid
return {
  extends = "x86_ept4",
  name = "roundtrip_reserved_leaf",
  reserved = {
    { read = 1, write = 0 },
  },
}
