-- gen/rules/levels.lua: the levels of the walk, root first: contiguous index ranges that
-- cover input_bits down to the granule, one granule of entries below the root, and leaves
-- at the last level and every level below one that holds leaves. (The fields a level
-- places, levels[].fields, are gen/rules/level_fields.lua's.)
local bits = require("gen.bits")

return { keys = { "levels" }, check = function(P, input, out)
  local levels, ok = {}, true
  -- the names of the level fields, so that an entry test naming one is told what it is
  local level_field_names = {}
  out.level_field_names = level_field_names
  for i, l in ipairs(input.levels) do
    local lo, hi = l.index.lo, l.index.hi
    levels[i] = { name = l.name or ("D" .. (i - 1)), lo = lo, hi = hi, bits = hi - lo + 1, leaf = l.leaf == true,
      fields = l.fields or {} }
    for name in pairs(levels[i].fields) do level_field_names[name] = true end
    if l.leaf_size ~= nil then
      local path = string.format("levels[%d].leaf_size", i)
      if not l.leaf then P:add(path, "given for a level that holds no leaf") ok = false
      elseif l.leaf_size ~= (1 << lo) then
        P:add(path, "%d does not follow from index bits %d..%d (leaves map %d bytes)", l.leaf_size, lo, hi, 1 << lo)
        ok = false
      end
    end
  end
  if not ok then return end
  for i = 2, #levels do
    local a, b = levels[i - 1], levels[i]
    local path = string.format("levels[%d].index", i)
    if b.hi >= a.lo then
      P:add(path, "bits %d..%d overlap levels[%d] (%d..%d)", b.lo, b.hi, i - 1, a.lo, a.hi) ok = false
    elseif b.hi + 1 ~= a.lo then
      P:add(path, "bits %d..%d leave a gap below levels[%d] (%d..%d)", b.lo, b.hi, i - 1, a.lo, a.hi) ok = false
    end
  end
  if not ok then return end
  if out.input_bits and levels[1].hi ~= out.input_bits - 1 then
    P:add("levels[1].index", "root index tops out at bit %d, but input_bits = %d needs bit %d", levels[1].hi, out.input_bits, out.input_bits - 1)
    ok = false
  end
  if out.granule_shift and levels[#levels].lo ~= out.granule_shift then
    P:add(string.format("levels[%d].index", #levels), "last level starts at bit %d, but granule_shift = %d", levels[#levels].lo, out.granule_shift)
    ok = false
  end
  if out.granule_shift and out.pte_bytes then
    local table_bits = out.granule_shift - bits.log2(out.pte_bytes)
    for i = 2, #levels do
      if levels[i].bits ~= table_bits then
        P:add(string.format("levels[%d].index", i), "%d index bits, but a %d-byte table of %d-byte entries has %d (%d bits)",
          levels[i].bits, 1 << out.granule_shift, out.pte_bytes, 1 << table_bits, table_bits)
        ok = false
      end
    end
  end
  if not levels[#levels].leaf then
    P:add(string.format("levels[%d].leaf", #levels), "the last level must hold pages (leaf = true)") ok = false
  end
  for i = 1, #levels - 1 do
    if levels[#levels].leaf and levels[i].leaf and not levels[i + 1].leaf then
      P:add(string.format("levels[%d].leaf", i), "leaves here need leaves at levels[%d] too (huge leaves split into the next level)", i + 1)
      ok = false
    end
  end
  if ok then out.levels = levels end
end }
