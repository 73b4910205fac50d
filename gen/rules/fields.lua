-- gen/rules/fields.lua: the named bit fields of an entry (their bit ranges already fit
-- it) must not overlap.
local bits = require("gen.bits")
local tables = require("gen.tables")

return { keys = { "fields" }, check = function(P, input, out)
  local fields, list, ok = {}, {}, true
  for _, name in ipairs(tables.sorted_keys(input.fields)) do
    local range = input.fields[name]
    fields[name] = { name = name, lo = range.lo, hi = range.hi, mask = bits.mask(range.lo, range.hi) }
    list[#list + 1] = fields[name]
  end
  table.sort(list, function(a, b) return a.lo < b.lo end)
  for i = 2, #list do
    local a, b = list[i - 1], list[i]
    if b.lo <= a.hi then
      P:add("fields." .. b.name, "bits %d..%d overlap fields.%s (%d..%d)", b.lo, b.hi, a.name, a.lo, a.hi) ok = false
    end
  end
  if ok then out.fields = fields end
end }
