-- gen/rules/reserved_zero.lua: fields the hardware requires to be zero must not be set by
-- the constant bits of any kind of entry.
return { keys = {}, check = function(P, _, out)
  if not (out.reserved_zero and out.fields) then return end
  for _, name in ipairs(out.reserved_zero) do
    for _, kind in ipairs({ "table", "block", "page" }) do
      local k = (out.kinds or {})[kind]
      if k and k.set[name] and k.set[name] ~= 0 then P:add(kind .. ".set." .. name, "sets a reserved-zero field") end
    end
  end
end }
