-- expect: tests/platforms/bad/accessed_mark_claimed.lua: accessed.mark: 'marker' holds the bit a fault claims a slot with
-- LoongArch marks a slot a fault is filling with the first software bit: it cannot be the mark too
return {
  extends = "loongarch64_4level",
  name = "accessed_mark_claimed",
  fields = {
    v = { 0 }, d = { 1 }, plv = { 3, 2 }, mat = { 5, 4 }, g_huge = { 6 },
    marker = { 7 }, software = { 11, 8 },
    address = { 47, 12 }, reserved = { 60, 48 }, nr = { 61 }, nx = { 62 }, rplv = { 63 },
  },
  software_fields = { "marker", "software" },
  accessed = { how = "permissions", mark = "marker" },
}
