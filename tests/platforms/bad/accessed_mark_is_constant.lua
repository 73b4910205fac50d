-- expect: tests/platforms/bad/accessed_mark_is_constant.lua: accessed.mark: 'page_size' is a constant of block.set
-- the mark must not be a bit every block has
return {
  extends = "x86_ept4",
  name = "accessed_mark_is_constant",
  accessed = { how = "permissions", mark = "page_size" },
}
