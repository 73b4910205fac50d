-- gen/field_use.lua: what the rules that claim a one-bit field of an entry (accessed,
-- dirty) ask of it: that it is one bit, and what else already holds it.
local field_use = {}

-- The field named name, if it is one bit wide (else nil, and the problem reported at path).
function field_use.one_bit(P, path, name, F)
  local f = F[name]
  if not f then P:add(path, "'%s' is not a field", name) return nil end
  if f.hi ~= f.lo then P:add(path, "'%s' is %d bits wide; it must be one bit", name, f.hi - f.lo + 1) return nil end
  return f
end

-- What else holds field name (a permission, a memory type, the address, the valid test;
-- with constants, also a leaf kind's constant bits and the access flag), or nil.
function field_use.holder(name, out, constants)
  if (out.perm_field_owner or {})[name] then return "permissions." .. out.perm_field_owner[name] end
  for mt, m in pairs(out.memory_types or {}) do
    if m.values and m.values[name] ~= nil then return "memory_types." .. mt end
  end
  if out.address and out.address.field == name then return "the address" end
  local v = out.valid
  if v and v.eq[name] ~= nil then return "valid" end
  for _, n in ipairs(v and v.any or {}) do if n == name then return "valid" end end
  if not constants then return nil end
  for _, kind in ipairs({ "block", "page" }) do
    local k = out.kinds[kind]
    if k and k.set[name] ~= nil then return kind .. ".set" end
  end
  local acc = out.accessed
  if acc and ((acc.field and acc.field.name == name) or (acc.mark and acc.mark.name == name)) then
    return "accessed"
  end
  return nil
end

return field_use
