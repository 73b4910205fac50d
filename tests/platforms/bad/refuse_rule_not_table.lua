-- expect: tests/platforms/bad/refuse_rule_not_table.lua: refuse[1]: must be a table
-- a refuse rule is written as a flag name
return {
  extends = "arm64_s2_4k_ipa48",
  name = "refuse_rule_not_table",
  refuse = { "R" },
}
