-- gen/rules/granule.lua: the granule (page and table size). Only 4 KiB granules are
-- accepted until the runtime supports others: it manages 4 KiB frames, so a 16 or 64 KiB
-- format would have its tables corrupted at run time.
local LATER = { [14] = "16 KiB", [16] = "64 KiB" }

return { keys = { "granule_shift" }, check = function(P, input, out)
  local shift = input.granule_shift
  if LATER[shift] then
    P:add("granule_shift", "%s granules (%d) are not supported yet: the runtime manages 4 KiB frames only; use 12",
      LATER[shift], shift)
  elseif shift ~= 12 then
    P:add("granule_shift", "%d is not a granule shift (12 is 4 KiB, 14 is 16 KiB, 16 is 64 KiB); use 12", shift)
  else
    out.granule_shift = shift
  end
end }
