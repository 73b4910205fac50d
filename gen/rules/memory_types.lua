-- gen/rules/memory_types.lua: normal, device and uncached memory: each is its own field
-- values (which may set a permission's field only if it says it drops that permission,
-- and why) or the same as another type. Types with their own encodings must decode apart.
local tables = require("gen.tables")

local MEMTYPES = { "normal", "device", "uncached" }

-- { same_as = other }: the other type must have an encoding of its own.
local function alias(P, path, m, types)
  local other = types[m].same_as
  if other == m or not tables.set_of(MEMTYPES)[other] then
    P:add(path .. ".same_as", "must name another memory type") return nil
  end
  if types[other] == nil or types[other].same_as ~= nil then
    P:add(path .. ".same_as", "'%s' must be a memory type with its own encoding", other) return nil
  end
  return { same_as = other }
end

-- An encoding: its field values, the permissions it drops (and why), and the bits that
-- identify it (the fields no permission owns).
local function encoding(P, path, spec, out)
  local F, drops = out.attr_fields, {} -- the fields and the level fields
  if spec.drops ~= nil then
    if type(spec.why) ~= "string" then P:add(path .. ".why", "required with drops: say why the permission is dropped") return nil end
    drops = tables.set_of(spec.drops)
  elseif spec.why ~= nil then
    P:add(path .. ".why", "given without drops: there is nothing to explain") return nil
  end
  local values = spec.values
  if out.address and values[out.address.field] ~= nil then
    P:add(path .. "." .. out.address.field, "is the address field: a memory type cannot set it") return nil
  end
  local id_mask, id_bits = 0, 0
  for _, name in ipairs(tables.sorted_keys(values)) do
    local owner = out.perm_field_owner[name]
    if owner then
      if not drops[owner] then
        P:add(path .. "." .. name, "field also set by permissions.%s; list %s in drops to say the memory type overrides it", owner, owner)
        return nil
      end
    else
      id_mask = id_mask | F[name].mask
      id_bits = id_bits | (values[name] << F[name].lo)
    end
    for _, kind in ipairs({ "block", "page" }) do
      local k = (out.kinds or {})[kind]
      if k and k.set[name] ~= nil then P:add(path .. "." .. name, "field is also a constant of %s.set", kind) return nil end
    end
  end
  return { values = values, drops = drops, id_mask = id_mask, id_bits = id_bits, why = spec.why }
end

return { keys = { "memory_types" }, check = function(P, input, out)
  if not out.attr_fields or not out.permissions then return end
  local types = input.memory_types
  local mts, ok = {}, true
  for _, m in ipairs(MEMTYPES) do
    if types[m] ~= nil then
      local path = "memory_types." .. m
      if types[m].same_as ~= nil then mts[m] = alias(P, path, m, types)
      else mts[m] = encoding(P, path, types[m], out) end
      ok = ok and mts[m] ~= nil
    end
  end
  if not ok then return end
  -- Distinct encodings must be told apart when decoding, over the union of their fields.
  local own = {}
  for _, m in ipairs(MEMTYPES) do if mts[m] and not mts[m].same_as then own[#own + 1] = m end end
  local union = 0
  for _, m in ipairs(own) do union = union | mts[m].id_mask end
  for i = 1, #own do
    for j = i + 1, #own do
      local a, b = mts[own[i]], mts[own[j]]
      if a.id_bits & union == b.id_bits & union then
        P:add("memory_types." .. own[j], "encodes like memory_types.%s; use same_as = \"%s\" if that is meant", own[i], own[i])
        return
      end
    end
  end
  out.memory_types = mts
  out.memtype_mask = union
end }
