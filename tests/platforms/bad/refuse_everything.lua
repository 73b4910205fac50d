-- expect: tests/platforms/bad/refuse_everything.lua: refuse: no flag combination is left expressible
-- a second refuse rule refuses R, so together they refuse every combination
return {
  extends = "x86_ept4",
  name = "refuse_everything",
  refuse = {
    { has = { "R" }, why = "read-only for now" },
    {
      lacks = { "R" },
      why = "EPT entries without read are write-only (a misconfiguration) or execute-only (needs CPU support)",
    },
  },
}
