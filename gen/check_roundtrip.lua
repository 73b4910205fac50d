-- gen/check_roundtrip.lua: the last check before emitting. Encodes every flag
-- combination the format accepts at every depth that holds leaves (and a table entry
-- at every other depth), decodes it the way the generated C will, and insists on
-- getting back what went in (after the documented aliases and drops).
local derive = require("gen.derive")

local check = {}

local function samples(D, size)
  -- the lowest and the highest page-aligned output addresses
  local top = (((1 << D.output_bits) - 1) // size) * size
  return { 0, size, top }
end

local RWX = 0x7

function check.parked_leaves(D, desc, P)
  for flags = 0, 63 do
    if not D.refusal[flags] then
      local want = derive.normalise(desc, flags) & ~RWX
      for _, L in ipairs(D.levels) do
        if L.leaf then
          local e = derive.leaf(D, L, L.size, D.attr[flags])
          local parked = (e & ~L.park_mask) | L.park_value
          local kind, got_pa, got = derive.decode(D, parked, L.depth)
          if kind ~= "leaf" or got_pa ~= L.size then
            P:add("accessed.how", "%s at depth %d aged (0x%016x) decodes as %s%s; a field the MMU ignores (accessed.mark) would keep it a leaf",
              derive.flag_names(flags), L.depth, parked, kind, kind == "leaf" and " of another address" or derive.why_invalid(D, parked, L.depth))
            return false
          elseif got ~= want then
            P:add("accessed.how", "%s at depth %d aged decodes as %s (want %s: no permission left)",
              derive.flag_names(flags), L.depth, derive.flag_names(got), derive.flag_names(want))
            return false
          end
        end
      end
    end
  end
  return true
end

function check.run(D, desc, P)
  local names = derive.flag_names
  for flags = 0, 63 do
    if not D.refusal[flags] then
      local want = derive.normalise(desc, flags)
      for _, L in ipairs(D.levels) do
        if L.leaf then
          for _, pa in ipairs(samples(D, L.size)) do
            local e = derive.leaf(D, L, pa, D.attr[flags])
            local kind, got_pa, got = derive.decode(D, e, L.depth)
            if kind ~= "leaf" then
              P:add("encoding", "the leaf for %s at depth %d (0x%016x) decodes as %s%s", names(flags), L.depth, e, kind,
                derive.why_invalid(D, e, L.depth))
              return false
            elseif got_pa ~= pa then
              P:add("encoding", "a leaf at depth %d for pa 0x%x decodes to pa 0x%x", L.depth, pa, got_pa)
              return false
            elseif got ~= want then
              P:add("encoding", "%s at depth %d decodes back as %s (want %s)", names(flags), L.depth, names(got), names(want))
              return false
            elseif e & D.reserved_zero_mask ~= 0 then
              P:add("encoding", "%s at depth %d sets reserved-zero bits 0x%x", names(flags), L.depth, e & D.reserved_zero_mask)
              return false
            end
          end
        end
      end
    end
  end
  for _, L in ipairs(D.levels) do
    if not L.last then
      for _, pa in ipairs(samples(D, 1 << D.granule_shift)) do
        local e = D.table.bits | derive.encode_addr(D, pa)
        local kind, got_pa = derive.decode(D, e, L.depth)
        -- a table told by its address cannot be at 0 (no HAL hands out frame 0)
        local possible = not (D.table.by_address and pa == 0)
        if possible and (kind ~= "table" or got_pa ~= pa) then
          P:add("encoding", "a table entry at depth %d for 0x%x decodes as %s 0x%x", L.depth, pa, kind, got_pa or 0)
          return false
        end
      end
    end
  end
  -- accessed = { how = "permissions" }: an aged leaf must stay a leaf of the same address
  -- to ptforge and grant nothing, so that any access faults and the fault restores it.
  if D.accessed_by == 3 and not check.parked_leaves(D, desc, P) then return false end
  if D.combos == 0 then
    P:add("refuse", "no flag combination is left expressible")
    return false
  end
  return true
end

return check
