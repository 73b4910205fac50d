-- gen/rules/root.lua: the root: as many granule-sized tables as the root index needs,
-- aligned to the size of all of them.
local bits = require("gen.bits")

return { keys = { "root" }, check = function(P, input, out)
  local tables, align = input.root.tables, input.root.align
  if not bits.is_pow2(tables) or tables > 16 then P:add("root.tables", "%d is not a power of two in 1..16", tables) return end
  if not bits.is_pow2(align) then P:add("root.align", "%d is not a power of two", align) return end
  if not (out.levels and out.granule_shift and out.pte_bytes) then return end
  local table_bits = out.granule_shift - bits.log2(out.pte_bytes)
  local want = 1 << math.max(0, out.levels[1].bits - table_bits)
  if tables ~= want then
    P:add("root.tables", "a %d-bit root index needs %d table(s) of %d entries, got %d", out.levels[1].bits, want, 1 << table_bits, tables)
    return
  end
  local bytes = tables << out.granule_shift
  if align < bytes then
    P:add("root.align", "%d is below the root's size (%d bytes); a root is aligned to its size", align, bytes)
    return
  end
  out.root = { tables = tables, align = align, bytes = bytes }
end }
