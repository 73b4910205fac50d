-- gen/tables.lua: small helpers for the plain Lua tables a platform file is made of.
local tables = {}

-- Keys in a fixed order (by their text), so that problems come out the same every run.
function tables.sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

function tables.set_of(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

-- A table whose keys are exactly 1..n.
function tables.is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n == #t
end

return tables
