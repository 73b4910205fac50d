-- expect: tests/platforms/bad/index_width.lua: levels[2].index: 10 index bits, but a 4096-byte table of 8-byte entries has 512 (9 bits)
-- L2 has a 10-bit index (L1 one bit narrower): a 4 KiB table holds 9 bits
return {
  extends = "arm64_s2_4k_ipa40",
  name = "index_width",
  levels = {
    { index = { 39, 31 }, leaf = true, name = "L1" },
    { index = { 30, 21 }, leaf = true, name = "L2" },
    { index = { 20, 12 }, leaf = true, name = "L3" },
  },
}
