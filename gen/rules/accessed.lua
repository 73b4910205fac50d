-- gen/rules/accessed.lua: how ptforge learns that a leaf was used since it last looked
-- (ptf_aspace_age). One of:
--   how = "hardware", field = F: the MMU sets the one-bit field F when it uses the leaf
--     (x86 A); ptforge clears it to age the leaf.
--   how = "fault", field = F: an access through a leaf whose F is clear faults (Arm's
--     access flag, RISC-V A under Svade); ptforge clears F to age the leaf and sets it
--     again in the fault.
--   how = "permissions" (mark = M): no access flag. An aged leaf loses R, W and X (each
--     one's absent encoding), so that its next access faults and the fault gives them
--     back. Where a leaf without them is not present to the MMU (EPT), M names a field
--     the MMU ignores that ptforge sets in such a leaf, to keep it a mapping of its own.
-- F is set in block.set and page.set: a new leaf starts accessed. The key may be left
-- out: the format then has no access tracking (PTF_ENOTSUP).
local field_use = require("gen.field_use")

local HOWS = { hardware = true, fault = true, permissions = true }

return { keys = { "accessed" }, check = function(P, input, out)
  local a = input.accessed
  -- it builds on every leaf encoding: only a description sound so far is looked at
  if a == nil or P:any() or not (out.fields and out.kinds and out.permissions) then return end
  local F = out.fields
  if not HOWS[a.how] then
    P:add("accessed.how", "'%s' is not one of hardware, fault, permissions", tostring(a.how)) return
  end
  if a.how == "permissions" then
    if a.field ~= nil then
      P:add("accessed.field", "is for how = hardware or fault; how = permissions takes the permissions away instead")
      return
    end
    for _, p in ipairs({ "R", "W", "X" }) do
      local spec = out.permissions[p]
      if not spec then
        P:add("accessed.how", "'permissions' needs permissions.%s: a leaf is aged by taking R, W and X away", p) return
      elseif spec.implied or spec.with then
        P:add("accessed.how", "'permissions' cannot take %s away (permissions.%s is %s); declare an access flag", p, p,
          spec.implied and "implied" or "encoded with another permission")
        return
      end
    end
    local mark
    if a.mark ~= nil then
      mark = field_use.one_bit(P, "accessed.mark", a.mark, F)
      if not mark then return end
      local user = field_use.holder(a.mark, out)
      if user then P:add("accessed.mark", "'%s' is used by %s already", a.mark, user) return end
      for _, kind in ipairs({ "table", "block", "page" }) do
        local k = out.kinds[kind]
        if k and k.set[a.mark] ~= nil then P:add("accessed.mark", "'%s' is a constant of %s.set", a.mark, kind) return end
      end
      if out.claimed and (out.claimed & mark.mask) ~= 0 then
        P:add("accessed.mark", "'%s' holds the bit a fault claims a slot with", a.mark) return
      end
    end
    out.accessed = { how = "permissions", mark = mark }
    return
  end
  if a.mark ~= nil then P:add("accessed.mark", "is for how = permissions") return end
  if a.field == nil then P:add("accessed.field", "missing: how = %s names the access flag", a.how) return end
  local f = field_use.one_bit(P, "accessed.field", a.field, F)
  if not f then return end
  local user = field_use.holder(a.field, out)
  if user then P:add("accessed.field", "'%s' is used by %s", a.field, user) return end
  for _, kind in ipairs({ "block", "page" }) do
    local k = out.kinds[kind]
    if k and k.set[a.field] ~= 1 then
      P:add("accessed.field", "'%s' is not set to 1 in %s.set: a new leaf must start accessed", a.field, kind) return
    end
  end
  out.accessed = { how = a.how, field = f }
end }
