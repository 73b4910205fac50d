-- gen/rules/permissions.lua: each permission (R, W, X, U) is the field values it sets when
-- present and when absent. They must differ (or decoding could not tell), and each field
-- belongs to one permission only, not to the address or to a leaf's constant bits. Or it
-- is implied: every valid leaf grants it (x86's P: a present page is readable), so it
-- sets no field, and flags without it cannot be expressed.
-- A permission may be encoded otherwise when one other permission is granted too
-- (`with = { U = { present, absent } }`: AArch64 stage 1 executes a kernel page with
-- PXN = 0, a user page with UXN = 0). Both encodings set the same fields, so one mask
-- decodes them; the other permission has fields of its own, which tell the two apart.
local tables = require("gen.tables")

local PERMS = { "R", "W", "X", "U" }

-- What is wrong with a field a permission sets when present, or nil. With a second
-- encoding a field may keep its value in one of them (PXN is 1 for a user page whether
-- or not it is executable); present and absent must still differ as a whole.
local function field_problem(name, present, absent, owner, out, dependent)
  if not dependent and present[name] == absent[name] then
    return "same value as when absent; the permission could not be decoded"
  end
  if owner[name] then return string.format("field already used by permissions.%s", owner[name]) end
  for _, kind in ipairs({ "block", "page" }) do
    local k = (out.kinds or {})[kind]
    if k and k.set[name] ~= nil then return string.format("field is also a constant of %s.set", kind) end
  end
  if out.address and name == out.address.field then return "is the address field" end
  return nil
end

local function same_values(a, b)
  for k, v in pairs(a) do if b[k] ~= v then return false end end
  for k, v in pairs(b) do if a[k] ~= v then return false end end
  return true
end

-- absent may set only fields present sets: false (and the problem reported) otherwise
local function absent_within_present(P, path, present, absent)
  for _, name in ipairs(tables.sorted_keys(absent)) do
    if present[name] == nil then P:add(path .. ".absent." .. name, "sets a field that present does not") return false end
  end
  return true
end

-- absent as given, with 0 for every field present sets and absent does not
local function filled_absent(present, absent)
  local out = {}
  for name, v in pairs(absent) do out[name] = v end
  for name in pairs(present) do if out[name] == nil then out[name] = 0 end end
  return out
end

-- The second encoding of permission p (spec.with), checked: one other permission, given
-- with fields of its own, and the same fields as p's own encoding. nil after a problem.
local function second_encoding(P, p, spec, input)
  local path = "permissions." .. p .. ".with"
  local names = tables.sorted_keys(spec.with)
  if #names ~= 1 then P:add(path, "names %d permissions; one at most", #names) return nil end
  local q = names[1]
  path = path .. "." .. q
  local other = input.permissions[q]
  if q == p then P:add(path, "a permission cannot depend on itself") return nil end
  if other == nil then P:add(path, "permissions.%s is not given", q) return nil end
  if other.implied ~= nil then P:add(path, "permissions.%s is implied: no field of its own tells when it is granted", q) return nil end
  if other.with ~= nil then P:add(path, "permissions.%s depends on another permission itself", q) return nil end
  local w = spec.with[q]
  local present = w.present.values
  local absent = w.absent == nil and {} or w.absent.values
  if not absent_within_present(P, path, present, absent) then return nil end
  for _, name in ipairs(tables.sorted_keys(present)) do
    if spec.present.values[name] == nil then
      P:add(path .. ".present." .. name, "not a field of permissions.%s.present: both encodings set the same fields", p)
      return nil
    end
  end
  for _, name in ipairs(tables.sorted_keys(spec.present.values)) do
    if present[name] == nil then
      P:add(path .. ".present", "does not set %s: both encodings set the same fields", name) return nil
    end
  end
  absent = filled_absent(present, absent)
  if same_values(present, absent) then P:add(path, "present and absent are the same values; the permission could not be decoded") return nil end
  for name in pairs(present) do
    if other.present.values[name] ~= nil then
      P:add(path .. ".present." .. name, "field already used by permissions.%s", q) return nil
    end
  end
  return { flag = q, present = present, absent = absent }
end

return { keys = { "permissions" }, check = function(P, input, out)
  local F = out.attr_fields -- the fields and the level fields
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
      local with = nil
      if spec.with ~= nil then
        with = second_encoding(P, p, spec, input)
        if not with then goto continue end
      end
      local mask = 0
      for name in pairs(present) do mask = mask | F[name].mask end
      if not absent_within_present(P, path, present, absent) then goto continue end
      absent = filled_absent(present, absent)
      for _, name in ipairs(tables.sorted_keys(present)) do
        local problem = field_problem(name, present, absent, owner, out, with ~= nil)
        if problem then P:add(path .. ".present." .. name, "%s", problem) goto continue end
      end
      if with and same_values(present, absent) then
        P:add(path, "present and absent are the same values; the permission could not be decoded") goto continue
      end
      for name in pairs(present) do owner[name] = p end
      perms[p] = { present = present, absent = absent, mask = mask, with = with }
    end
    ::continue::
  end
  out.permissions = perms
  out.perm_field_owner = owner
end }
