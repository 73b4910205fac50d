-- expect: tests/platforms/bad/index_reversed.lua: levels[4].index: bits 20..12: high bit below low bit
-- PT index written low bit first
return {
  extends = "x86_ept4",
  name = "index_reversed",
  levels = {
    { index = { 47, 39 }, name = "PML4" },
    { index = { 38, 30 }, leaf = true, name = "PDPT" },
    { index = { 29, 21 }, leaf = true, name = "PD" },
    { index = { 12, 20 }, leaf = true, name = "PT" },
  },
}
