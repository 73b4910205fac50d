-- expect: tests/platforms/bad/accessed_how_unknown.lua: accessed.how: 'software' is not one of hardware, fault, permissions
-- how the flag works is one of three words
return {
  extends = "arm64_s2_4k_ipa48",
  name = "accessed_how_unknown",
  accessed = { how = "software", field = "af" },
}
