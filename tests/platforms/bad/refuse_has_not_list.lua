-- expect: tests/platforms/bad/refuse_has_not_list.lua: refuse[1].has: must be a list, each a flag (R W X U DEVICE UNCACHED)
-- has is a single flag string instead of a list
return {
  extends = "riscv_sv39x4",
  name = "refuse_has_not_list",
  refuse = {
    { has = "W", lacks = { "R" }, why = "W without R is reserved" },
    { lacks = { "R", "W", "X" }, why = "R=W=X=0 marks a table pointer, not a leaf" },
  },
}
