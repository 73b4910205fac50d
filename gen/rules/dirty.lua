-- gen/rules/dirty.lua: hardware dirty bits, which ptf_aspace_dirty_log_get harvests
-- instead of taking write faults. Left out, dirty logging write-protects (the base
-- formats: their MMUs set no dirty bit until software turns that on, so a SoC file whose
-- CPU has it and whose hypervisor enables it sets this key). One of:
--   how = "hardware", field = F: the MMU sets the one-bit field F in a leaf it writes
--     through (x86 EPT's D with EPTP bit 6; RISC-V's D under Svadu with henvcfg.ADUE).
--     F belongs to no permission: a writable leaf stays writable, clean or dirty, and a
--     new leaf starts clean (F is not a constant of block.set or page.set).
--   how = "hardware", field = F, writable = M: F is the write permission itself, and the
--     MMU sets it on a write through a leaf that has M (Arm's S2AP[1] and DBM under
--     FEAT_HAFDBS with VTCR_EL2.HD). permissions.W sets both when present and neither
--     when absent, so a leaf that grants W is dirty, and a clean one (M without F) reads
--     as read-only until the MMU writes it.
local field_use = require("gen.field_use")

return { keys = { "dirty" }, check = function(P, input, out)
  local d = input.dirty
  if d == nil or P:any() or not (out.fields and out.kinds and out.permissions) then return end
  local F = out.fields
  if d.how ~= "hardware" then
    P:add("dirty.how", "'%s' is not hardware (leave dirty out to log writes by write protection)", tostring(d.how))
    return
  end
  if d.field == nil then P:add("dirty.field", "missing: names the bit the MMU sets on a write") return end
  local f = field_use.one_bit(P, "dirty.field", d.field, F)
  if not f then return end
  if d.writable == nil then
    local user = field_use.holder(d.field, out, true)
    if user then
      P:add("dirty.field", "'%s' is used by %s: the MMU sets it, so no encoding may (a writable leaf starts clean)",
        d.field, user)
      return
    end
    out.dirty = { field = f }
    return
  end
  local m = field_use.one_bit(P, "dirty.writable", d.writable, F)
  if not m then return end
  local owner = out.perm_field_owner or {}
  local W = out.permissions.W
  for _, n in ipairs({ d.field, d.writable }) do
    if owner[n] ~= "W" or W.present[n] ~= 1 or (W.absent[n] or 0) ~= 0 then
      P:add("dirty.writable", "permissions.W must set '%s' to 1 when present and 0 when absent: with writable, " ..
        "'%s' is the write permission the MMU sets and '%s' lets it", n, d.field, d.writable)
      return
    end
  end
  for n in pairs(W.present) do
    if n ~= d.field and n ~= d.writable then
      P:add("dirty.writable", "permissions.W sets '%s' too: a clean leaf (only '%s') would not tell W from its absence",
        n, d.writable)
      return
    end
  end
  out.dirty = { field = f, writable = m }
end }
