-- gen/rules/refuse.lua: flag combinations the format refuses to map (has all of `has`,
-- none of `lacks`), each with the reason a caller is told (the why it must give). A rule
-- must name some flag: an empty one would refuse everything.
return { keys = { "refuse" }, check = function(P, input, out)
  out.refuse = {}
  for i, r in ipairs(input.refuse or {}) do
    local path = string.format("refuse[%d]", i)
    local has, lacks = r.has or {}, r.lacks or {}
    if #has + #lacks == 0 then P:add(path, "needs has or lacks (it would refuse everything)")
    elseif type(r.why) ~= "string" or r.why == "" then P:add(path .. ".why", "missing (required): say why the combination is refused")
    else out.refuse[#out.refuse + 1] = { has = has, lacks = lacks, why = r.why } end
  end
end }
