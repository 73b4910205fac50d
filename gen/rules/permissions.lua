-- gen/rules/permissions.lua: each permission (R, W, X, U) is the field values it sets when
-- present and when absent. They must differ (or decoding could not tell), and each field
-- belongs to one permission only, not to the address or to a leaf's constant bits. Or it
-- is implied: every valid leaf grants it (x86's P: a present page is readable), so it
-- sets no field, and flags without it cannot be expressed.
local tables = require("gen.tables")

local PERMS = { "R", "W", "X", "U" }

-- What is wrong with a field a permission sets when present, or nil.
local function field_problem(name, present, absent, owner, out)
  if present[name] == absent[name] then return "same value as when absent; the permission could not be decoded" end
  if owner[name] then return string.format("field already used by permissions.%s", owner[name]) end
  for _, kind in ipairs({ "block", "page" }) do
    local k = (out.kinds or {})[kind]
    if k and k.set[name] ~= nil then return string.format("field is also a constant of %s.set", kind) end
  end
  if out.address and name == out.address.field then return "is the address field" end
  return nil
end

return { keys = { "permissions" }, check = function(P, input, out)
  local F = out.fields
  if not F then return end
  local perms, owner = {}, {}
  for _, p in ipairs(PERMS) do
    local spec = input.permissions[p]
    if spec ~= nil and spec.implied ~= nil then
      if spec.implied ~= true then
        P:add("permissions." .. p .. ".implied", "must be true (a permission with fields of its own gives present = {...})")
      else
        perms[p] = { implied = true, present = {}, absent = {}, mask = 0 }
      end
    elseif spec ~= nil then
      local path = "permissions." .. p
      local present = spec.present.values
      local absent = spec.absent == nil and {} or spec.absent.values
      local mask = 0
      for name in pairs(present) do mask = mask | F[name].mask end
      for _, name in ipairs(tables.sorted_keys(absent)) do
        if present[name] == nil then P:add(path .. ".absent." .. name, "sets a field that present does not") goto continue end
      end
      for _, name in ipairs(tables.sorted_keys(present)) do
        if absent[name] == nil then absent[name] = 0 end
        local problem = field_problem(name, present, absent, owner, out)
        if problem then P:add(path .. ".present." .. name, "%s", problem) goto continue end
      end
      for name in pairs(present) do owner[name] = p end
      perms[p] = { present = present, absent = absent, mask = mask }
    end
    ::continue::
  end
  out.permissions = perms
  out.perm_field_owner = owner
end }
