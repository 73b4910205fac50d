-- expect: tests/platforms/bad/refuse_without_why.lua: refuse[1].why: missing (required): say why the combination is refused
-- the refuse rule does not say why
return {
  extends = "x86_ept4",
  name = "refuse_without_why",
  refuse = {
    { lacks = { "R" } },
  },
}
