-- expect: tests/platforms/bad/reserved_zero_set.lua: block.set.page_size: sets a reserved-zero field
-- page_size is listed reserved-zero, but block.set sets it
return {
  extends = "x86_ept4",
  name = "reserved_zero_set",
  reserved_zero = { "page_size" },
}
