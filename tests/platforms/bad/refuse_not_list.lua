-- expect: tests/platforms/bad/refuse_not_list.lua: refuse: must be a list of {has = {...}, lacks = {...}, why = "..."}
-- refuse holds one rule instead of a list of rules (outer braces missing)
return {
  extends = "x86_ept4",
  name = "refuse_not_list",
  refuse = {
    lacks = { "R" },
    why = "EPT entries without read are write-only (a misconfiguration) or execute-only (needs CPU support)",
  },
}
