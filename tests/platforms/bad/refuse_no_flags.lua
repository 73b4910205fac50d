-- expect: tests/platforms/bad/refuse_no_flags.lua: refuse[1]: needs has or lacks (it would refuse everything)
-- a refuse rule names no flags at all
return {
  extends = "arm64_s2_4k_ipa48",
  name = "refuse_no_flags",
  refuse = {
    { why = "a leaf with no access at all: unmap instead" },
  },
}
