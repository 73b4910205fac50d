-- gen/rules/address.lua: the field that holds an entry's output address, and how far the
-- address is shifted into it: together they must reach output_bits.
return { keys = { "address" }, check = function(P, input, out)
  if not out.fields then return end
  local a = input.address
  local f = out.fields[a.field]
  if not f then P:add("address.field", "no such field '%s' in fields", a.field) return end
  if out.granule_shift and (a.shift < 0 or a.shift > out.granule_shift) then
    P:add("address.shift", "%d must be in 0..granule_shift (%d)", a.shift, out.granule_shift) return
  end
  if out.output_bits and (f.hi - f.lo + 1) + a.shift < out.output_bits then
    P:add("address.field", "fields.%s holds physical address bits up to %d, but output_bits = %d",
      a.field, f.hi - f.lo + a.shift, out.output_bits)
    return
  end
  out.address = { field = a.field, lo = f.lo, hi = f.hi, mask = f.mask, shift = a.shift }
end }
