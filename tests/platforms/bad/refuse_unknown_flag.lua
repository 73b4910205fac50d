-- expect: tests/platforms/bad/refuse_unknown_flag.lua: refuse[1].lacks[1]: 'READ' is not a flag (R W X U DEVICE UNCACHED)
-- the refuse rule names READ, not the flag R
return {
  extends = "x86_ept4",
  name = "refuse_unknown_flag",
  refuse = {
    {
      lacks = { "READ" },
      why = "EPT entries without read are write-only (a misconfiguration) or execute-only (needs CPU support)",
    },
  },
}
