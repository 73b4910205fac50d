-- expect: tests/platforms/bad/accessed_permissions_not_present.lua: accessed.how: R at depth 1 aged (0x00000000400000b0) decodes as invalid (fails valid); a field the MMU ignores (accessed.mark) would keep it a leaf
-- EPT without the mark: a leaf without R, W and X is not present
return {
  extends = "x86_ept4",
  name = "accessed_permissions_not_present",
  accessed = { how = "permissions" },
}
