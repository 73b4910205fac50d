-- gen/bits.lua: the one copy of the generator's bit arithmetic: masks of bit ranges,
-- field values packed into an entry, and entry tests as (mask, value) pairs.
local bits = {}

-- Bits lo..hi (inclusive) set; hi may be 63.
function bits.mask(lo, hi) return (-1 >> (63 - hi)) & (-1 << lo) end

-- Whether value fits an unsigned field of width bits.
function bits.fits(width, value) return value >= 0 and value <= ((1 << width) - 1) end

function bits.is_pow2(n) return n > 0 and (n & (n - 1)) == 0 end

-- The smallest k with 2^k >= n.
function bits.log2(n)
  local k = 0
  while (1 << k) < n do k = k + 1 end
  return k
end

-- The entry bits of {field = value} pairs.
function bits.values_bits(values, fields)
  local e = 0
  for name, v in pairs(values) do e = e | (v << fields[name].lo) end
  return e
end

-- A checked entry test ({eq = {field = value}, any = {field, ...}}) as C-ready masks:
-- eq_mask/eq_value, and any_mask (0 = no any-part).
function bits.compile_test(test, fields)
  local eq_mask, any_mask = 0, 0
  for name in pairs(test.eq) do eq_mask = eq_mask | fields[name].mask end
  for _, name in ipairs(test.any) do any_mask = any_mask | fields[name].mask end
  return { eq_mask = eq_mask, eq_value = bits.values_bits(test.eq, fields), any_mask = any_mask }
end

-- Whether entry e passes a compiled test.
function bits.holds(t, e)
  return (e & t.eq_mask) == t.eq_value and (t.any_mask == 0 or (e & t.any_mask) ~= 0)
end

-- Whether entry e passes a checked (not yet compiled) test.
function bits.test_holds(test, fields, e) return bits.holds(bits.compile_test(test, fields), e) end

return bits
