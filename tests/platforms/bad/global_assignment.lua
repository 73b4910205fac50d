-- expect: tests/platforms/bad/global_assignment.lua: line 3: assignment to global 'ipa_bits' (platform files are data only)
-- assigns a global (a helper without 'local'): platform files are data only
ipa_bits = 48
return {
  extends = "arm64_s2_4k_ipa48",
  name = "global_assignment",
}
