-- gen/rules/granule.lua: the granule, the size of a table and of the smallest page. The
-- runtime takes each table and page as granule / 4 KiB contiguous HAL frames aligned to
-- the granule, so the three granules architectures define are accepted: 4 KiB (every
-- MMU), 16 KiB and 64 KiB (Arm VMSAv8-64, TG0/TG1).
local GRANULES = { [12] = "4 KiB", [14] = "16 KiB", [16] = "64 KiB" }

return { keys = { "granule_shift" }, check = function(P, input, out)
  local shift = input.granule_shift
  if not GRANULES[shift] then
    P:add("granule_shift", "%d is not a granule ptforge supports (12 is 4 KiB, 14 is 16 KiB, 16 is 64 KiB)", shift)
  else
    out.granule_shift = shift
  end
end }
